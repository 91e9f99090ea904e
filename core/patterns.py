"""Regular expressions compiled when first used instead of when their module is imported.

Python compiles a pattern with Python code (`re._parser`, `re._compiler`); the readers' patterns of Chinese
words, names and character classes take ~1 ms each and ~20 ms in all, paid at import by every command that
imports their module, though `aggregate` uses two of metadata's nineteen and `align` none of some modules'.

`lazy(pattern, flags)` stands where `re.compile(pattern, flags)` stood: the first use of a method compiles it,
after which the compiled pattern's own bound methods sit on the object, so later calls cost what they did before.
`.pattern` and `.flags` are the source and flags without compiling. Methods only: pass `.compiled`, never the
object itself, to a function of `re` (which accepts strings and compiled patterns only).

`any_of(words)` is the source of a pattern matching any of many words, the longest where several start at one
place, written as a trie: sre tries an alternation's branches one after another wherever one could start, so the
rubric's ~300 phrases, many sharing their first characters (法治…, 行政…), are scanned twice as fast when they share
those tests.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """A `re.Pattern` compiled on the first use of one of its methods."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str):
        # Reached only for names not yet on the object: once compiled, the methods are found directly.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        self.compiled = compiled
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return compiled if name == "compiled" else getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (typed as the pattern it stands for)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))


def any_of(words: Iterable[str]) -> str:
    """A pattern source matching what `"|".join(words, longest first)` matches: at each place the longest of the
    words that starts there (each word literally; empty words ignored; never matches when there are none)."""
    trie: dict = {}
    for word in words:
        if word:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}  # a word ends here
    return _branches(trie) if trie else "(?!)"


def _branches(node: dict) -> str:
    # The children first (greedy: a longer word wins), and at most one of them matches the next character; where a
    # word also ends here, the rest is optional.
    branches = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")
