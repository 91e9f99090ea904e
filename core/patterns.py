"""Regular expressions compiled when first used instead of when their module is imported.

Python compiles a pattern with Python code (`re._parser`, `re._compiler`); the readers' patterns of Chinese
words, names and character classes take ~1 ms each and ~20 ms in all, paid at import by every command that
imports their module, though `aggregate` uses two of metadata's nineteen and `align` none of some modules'.

`lazy(pattern, flags)` stands where `re.compile(pattern, flags)` stood: the first use of a method compiles it,
after which the compiled pattern's own bound methods sit on the object, so later calls cost what they did before.
`.pattern` and `.flags` are the source and flags without compiling. Methods only: pass `.compiled`, never the
object itself, to a function of `re` (which accepts strings and compiled patterns only).
"""
from __future__ import annotations

import re
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
