"""Rubric validation: every problem at once, in TOML words, exit 2."""
from __future__ import annotations


import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.record import asdict
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


def test_unknown_key_with_suggestion():
    text = DEFAULT_TEXT.replace('short = "政府职能"', 'shrot = "政府职能"', 1)
    assert "my.toml: invalid rubric: [areas#2(id='gov_functions').shrot] unknown key (did you mean 'short'?)" in problems(text)


def test_duplicate_area_id():
    text = DEFAULT_TEXT.replace('id = "gov_functions"', 'id = "party_leadership"', 1)
    assert "[areas#2(id='party_leadership').id] duplicate area id 'party_leadership'" in problems(text)


def test_weight_not_a_number():
    text = DEFAULT_TEXT.replace("weight = 15", 'weight = "fifteen"', 1)
    assert "[areas#5(id='law_enforcement').weight] must be a number, not string 'fifteen'" in problems(text)


def test_empty_scale():
    head, rest = DEFAULT_TEXT.split("[[scale.levels]]", 1)
    after = rest[rest.index("[[areas]]"):]
    text = head.replace("max = 4", "max = 4\nlevels = []") + after
    assert "[scale.levels] must not be empty" in problems(text)


def test_level_out_of_range():
    text = DEFAULT_TEXT.replace("level = 4", "level = 7", 1)
    assert "[scale.levels#5.level] level 7 is out of range 0..4" in problems(text)  # the fifth level, counted as people do


def test_all_problems_reported_at_once():
    text = DEFAULT_TEXT.replace("weight = 15", 'weight = "x"', 1).replace('id = "gov_functions"', 'id = "party_leadership"', 1)
    msg = problems(text)
    assert "3 problems" in msg and "weight" in msg and "duplicate" in msg and "[rules#6(term='12345').area] no area 'gov_functions'" in msg


def test_a_phrase_holding_a_sentence_end_is_refused():
    # phrases are read within one sentence (a rule decides by the sentence holding its term; PhraseMatcher.counts
    # counts sentence by sentence): a keyword, rule term, context or synonym holding a sentence end is refused
    keyword = DEFAULT_TEXT.replace('    "合法性审查",', '    "合法性。审查",', 1)
    assert keyword != DEFAULT_TEXT
    assert "keywords#" in problems(keyword) and "holds '。': a phrase is read within one sentence" in problems(keyword)
    term = DEFAULT_TEXT.replace('term = "12345"', 'term = "123;45"', 1)
    assert "[rules#6(term='123;45').term] holds ';': a phrase is read within one sentence" in problems(term)
    context = DEFAULT_TEXT.replace('context = [\n    "决策",', 'context = [\n    "决策。",', 1)
    assert context != DEFAULT_TEXT and ".context#" in problems(context) and "holds '。'" in problems(context)
    synonym = DEFAULT_TEXT.replace('terms = ["合法性审查", "合法性审核"]', 'terms = ["合法性审查", "合法性;审核"]', 1)
    assert synonym != DEFAULT_TEXT and "[synonyms#" in problems(synonym)


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


MINIMAL = """
[rubric]
id = "mini"
version = "1"
[scale]
min = 1
max = 5
[[scale.levels]]
level = 1
label = "差"
[[areas]]
id = "law_enforcement"
title = "执法"
weight = 1
keywords = ["执法"]
[[parts]]
id = "measures_results"
title = "举措"
cues = ["举措"]
"""


def test_minimal_rubric_with_a_1_to_5_scale_loads():
    r = parse_rubric(MINIMAL, "mini.toml")
    assert (r.scale_min, r.scale_max) == (1, 5) and r.on_scale(5) and not r.on_scale(0)


@pytest.mark.parametrize("edit, words", [
    (("level = 1", "level = [4]"), "[scale.levels#1.level] must be an integer, not array [4]"),
    (("weight = 1", "weight = nan"), "[areas#1(id='law_enforcement').weight] must be a finite number, not nan"),
    (("weight = 1", "weight = inf"), "[areas#1(id='law_enforcement').weight] must be a finite number, not inf"),
    (("max = 5", "max = 100000"),  # (the palette lists every level: seconds and a GB a keystroke: fuzz5 F12)
     "[scale.max] must be at most 100 levels above scale.min (1)"),
    (("weight = 1", "weight = 1e307"),  # (totals overflowed to inf, exports to tracebacks and JSON's NaN: fuzz5 F4)
     "[areas#1(id='law_enforcement').weight] must be at most 1000000, not 1e+307"),
    (("weight = 1", "weight = -1"), "[areas#1(id='law_enforcement').weight] must be at least 0, not -1"),
    (("keywords = [\"执法\"]", "keywords = [\"执法\", 3]"), "[areas#1(id='law_enforcement').keywords#2] must be a string, not integer 3"),
    (("[[parts]]\nid = \"measures_results\"\ntitle = \"举措\"\ncues = [\"举措\"]", ""),
     "[parts#1] must be a table, not integer 1"),
    (("[[parts]]", "[[parts]]"), "[rules#1] must be a table, not string 'a'"),
    (('id = "mini"', 'id = "a\\u001b]52;c;aGk=\\u0007"'), "[rubric.id] contains control characters"),
    (("max = 5", "max = 99999999999999999999"), "[scale.max] is too large for a TOML integer"),
])
def test_wrong_types_inside_tables_and_lists(edit, words):
    text = MINIMAL.replace(*edit, 1)
    if "parts#1]" in words:
        text = "parts = [1, 2]\n" + text  # top-level keys go before the first table
    elif "rules#1]" in words:
        text = 'rules = ["a"]\n' + text
    assert text != MINIMAL
    assert words in problems(text)


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8 \x80", None])
def test_unreadable_rubric_files_exit_2(tmp_path, capsys, content):
    from tests.conftest import sample

    path = tmp_path / "r.toml"
    if content is None:
        path.mkdir()  # a folder where a file was expected
    else:
        path.write_bytes(content)
    assert main(["areas", str(sample("qingxi_2024.txt")), "--rubric", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and err.count("\n") == 1 and "Traceback" not in err


def _load_in_fresh_process(path, cache_dir) -> list:
    import json
    import subprocess
    import sys

    code = ("import json, sys; from fazhi.core.record import asdict; from fazhi.core.rubric import load_rubric\n"
            "try:\n    r = load_rubric(sys.argv[1])\nexcept Exception as e:\n    print(json.dumps(['error', str(e)])); sys.exit()\n"
            "print(json.dumps([repr(asdict(r)), 'fazhi.core.toml_check' in sys.modules]))")
    env = {**__import__("os").environ, "FAZHI_CACHE_DIR": str(cache_dir)}
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def test_a_checked_rubric_is_read_back_from_the_cache_and_a_changed_one_checked_again(tmp_path):
    """Checking a rubric (and importing the TOML reader) cost every command ~20 ms: a rubric this code checked is
    read back, the same Rubric; a rubric whose text changed is checked again, and an invalid one is never cached."""
    path, cache_dir = tmp_path / "mine.toml", tmp_path / "cache"
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    first, checked = _load_in_fresh_process(path, cache_dir)
    again, checked_again = _load_in_fresh_process(path, cache_dir)
    assert checked and not checked_again and again == first == repr(asdict(load_rubric(path)))
    path.write_text(DEFAULT_TEXT.replace('short = "政府职能"', 'short = "职能"', 1), encoding="utf-8")
    changed, checked = _load_in_fresh_process(path, cache_dir)
    assert checked and changed != first and "'职能'" in changed and "'职能'" not in first
    path.write_text(DEFAULT_TEXT.replace('short = "政府职能"', 'shrot = "政府职能"', 1), encoding="utf-8")
    for _ in range(2):
        assert _load_in_fresh_process(path, cache_dir)[0] == "error"
    # the same size, the modification time put back (cp -p, rsync -t, unzip): read again all the same (reread4)
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert _load_in_fresh_process(path, cache_dir)[0] == first
    path.write_text(DEFAULT_TEXT.replace('short = "政府职能"', 'short = "政府职责"', 1), encoding="utf-8")
    __import__("os").utime(path, ns=(stamp, stamp))
    assert "'政府职责'" in _load_in_fresh_process(path, cache_dir)[0]
