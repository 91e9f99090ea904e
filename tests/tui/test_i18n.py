"""The interface strings: each key written once, both languages asking for the same values."""
from __future__ import annotations

import ast
import string
from pathlib import Path

from fazhi.tui import i18n


def test_every_string_key_is_written_once():
    """A dict literal keeps the last of two equal keys: a second "round_progress" silently replaced the round
    screen's (and its worker then failed on the missing values)."""
    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_both_languages_ask_for_the_same_values():
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    assert [key for key, (zh, en) in i18n.STRINGS.items() if fields(zh) != fields(en)] == []


def test_a_parameter_s_control_characters_are_written_out_not_sent():
    """A message naming a file (reloaded, saved …) shows an escape or bell in the name as \\x1b, \\x07: a name is data."""
    from pathlib import Path

    from fazhi.tui.i18n import Strings

    said = Strings("zh")("reloaded", path=Path("s\x1b]0;PWNED\x07.toml"))
    assert "\x1b" not in said and "\x07" not in said and "s\\x1b]0;PWNED\\x07.toml" in said


def test_a_list_of_files_is_said_as_a_few_names_then_how_many_more():
    """A note on sessions names them (the reviewer can tell which): the first few, then how many more, each language
    its own way; their control characters written out as any parameter's."""
    from fazhi.tui.i18n import FEW_NAMES, Strings

    files = [f"s{i}.toml" for i in range(FEW_NAMES + 2)]
    assert Strings("en")("agg_future", n=len(files), files=files).endswith(
        ": " + ", ".join(files[:FEW_NAMES]) + " and 2 more")
    assert Strings("zh")("agg_future", n=len(files), files=files).endswith(
        ":" + "、".join(files[:FEW_NAMES]) + " 及另外 2 个")
    assert Strings("en")("agg_outside", n=1, files=["a\x1b.toml"]).endswith(": a\\x1b.toml")
