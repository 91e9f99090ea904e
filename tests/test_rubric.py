"""Rubric validation: every problem at once, in TOML words, exit 2."""
from __future__ import annotations


import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.rubric import DEFAULT_RUBRIC, load_rubric, parse_rubric
from fazhi.tui.cli import main

DEFAULT_TEXT = DEFAULT_RUBRIC.read_text(encoding="utf-8")


def problems(text: str) -> str:
    with pytest.raises(FazhiError) as e:
        parse_rubric(text, "my.toml")
    assert e.value.exit_status == 2
    return str(e.value)


def test_default_rubric_loads():
    r = load_rubric()
    assert r.id == "fazhi-default" and r.version and r.scale_min == 0 and r.scale_max == 4


def test_unknown_key_with_suggestion_and_line():
    text = DEFAULT_TEXT.replace('short = "政府职能"', 'shrot = "政府职能"', 1)
    msg = problems(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("shrot"))
    assert f"my.toml:{line}: [areas[1].shrot] unknown key (did you mean 'short'?)" in msg


def test_duplicate_area_id():
    text = DEFAULT_TEXT.replace('id = "gov_functions"', 'id = "party_leadership"', 1)
    assert "[areas[1].id] duplicate area id 'party_leadership'" in problems(text)


def test_weight_not_a_number():
    text = DEFAULT_TEXT.replace("weight = 15", 'weight = "fifteen"', 1)
    assert "[areas[4].weight] must be a number, not str 'fifteen'" in problems(text)


def test_empty_scale():
    head, rest = DEFAULT_TEXT.split("[[scale.levels]]", 1)
    after = rest[rest.index("[[areas]]"):]
    text = head.replace("max = 4", "max = 4\nlevels = []") + after
    assert "[scale.levels] empty" in problems(text)


def test_level_out_of_range():
    text = DEFAULT_TEXT.replace("level = 4", "level = 7", 1)
    assert "[scale.levels[4].level] level 7 is out of range 0..4" in problems(text)


def test_all_problems_reported_at_once():
    text = DEFAULT_TEXT.replace("weight = 15", 'weight = "x"', 1).replace('id = "gov_functions"', 'id = "party_leadership"', 1)
    msg = problems(text)
    assert "3 problems" in msg and "weight" in msg and "duplicate" in msg and "[rules[5].area] no area 'gov_functions'" in msg


def test_invalid_toml_names_the_line():
    with pytest.raises(FazhiError) as e:
        parse_rubric("[rubric]\nid = \n", "bad.toml")
    assert e.value.line == 2 and e.value.exit_status == 2


def test_cli_refuses_invalid_rubric_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(DEFAULT_TEXT.replace("weight = 15", "weight = true", 1), encoding="utf-8")
    from tests.conftest import sample

    assert main(["areas", str(sample("qingxi_2024.txt")), "--rubric", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "weight" in err


def test_custom_rubric_is_used(tmp_path, capsys):
    custom = tmp_path / "mine.toml"
    custom.write_text(DEFAULT_TEXT.replace('id = "fazhi-default"', 'id = "my-bureau"'), encoding="utf-8")
    from tests.conftest import sample
    import json

    assert main(["areas", str(sample("qingxi_2024.txt")), "--rubric", str(custom), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rubric"]["id"] == "my-bureau"
