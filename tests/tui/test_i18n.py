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
