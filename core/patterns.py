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

`compile(pattern, flags)` is `re.compile` with the compiled program kept on disk (core.cache, kind "regex"), as
Python keeps a module's bytecode in __pycache__: the ~100 patterns `fazhi align` or the workbench use took 60–130 ms
to compile at every start, a third of a short command; read back, they take under a millisecond. The program is
what `re` hands its C engine (`_sre.compile`, a private but long-stable call); a program is only ever stored after
checking that it makes a pattern equal to `re.compile`'s, the file is keyed by the interpreter's exact version and
the engine's MAGIC, the C engine validates a program before using it, and anything unexpected falls back to
`re.compile`. Lazy patterns compile through it.
"""
from __future__ import annotations

import atexit
import marshal
import re
import sys
from collections.abc import Iterable
from typing import cast

try:
    import _sre
except ImportError:  # another Python than CPython: re.compile always
    _sre = None

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """A `re.Pattern` compiled on the first use of one of its methods."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str):
        # Reached only for names not yet on the object: once compiled, the methods are found directly.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = compile(self.pattern, self.flags)
        self.compiled = compiled
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return compiled if name == "compiled" else getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (typed as the pattern it stands for)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))


#: Programs (what `_sre.compile` takes after the pattern) by (pattern, flags); None until the file is read.
_programs: dict[tuple[str, int], tuple] | None = None
_unsaved = False  # a program was made in this process: the file is rewritten at exit
_used: set = set()  # the keys this process asked for: what is kept when the file holds more than _KEEP
_KEEP = 2_000  # at most this many programs are kept (query patterns of `lookup` are not cached; rubrics may vary)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, its program read from the cache where this interpreter made it before."""
    global _unsaved
    if _sre is None:
        return re.compile(pattern, flags)
    programs = _load_programs()
    key = (pattern, int(flags))
    _used.add(key)
    if key in programs:
        try:
            return _sre.compile(pattern, *programs[key])
        except Exception:  # not a program this engine takes: made afresh
            del programs[key]
    compiled = re.compile(pattern, flags)
    try:
        program = _program(pattern, int(flags))
        if _sre.compile(pattern, *program) == compiled:  # the same flags, pattern and code as re's own
            programs[key] = program
            _unsaved = True
    except Exception:  # re's internals differ in this Python: nothing is cached
        pass
    return compiled


def _program(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile passes to `_sre.compile` after the pattern, as plain data (marshal writes it)."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _cache_key() -> str:
    from fazhi.core.digest import sha256

    return f"{sys.implementation.cache_tag}-{sha256(f'{sys.version} {_sre.MAGIC}'.encode()).hexdigest()[:16]}"


def _load_programs() -> dict[tuple[str, int], tuple]:
    global _programs
    if _programs is None:
        _programs = {}
        from fazhi.core import cache

        try:
            raw = cache.load("regex", _cache_key())
            stored = marshal.loads(raw) if raw else {}
            if isinstance(stored, dict):
                _programs = stored
        except Exception:  # written by something else: rebuilt
            pass
        atexit.register(_save_programs)
    return _programs


def _save_programs() -> None:
    if not _unsaved or not _programs:
        return
    from fazhi.core import cache

    key = _cache_key()
    try:  # another process may have saved programs meanwhile: theirs are kept too
        raw = cache.load("regex", key)
        stored = marshal.loads(raw) if raw else {}
        merged = {**stored, **_programs} if isinstance(stored, dict) else dict(_programs)
        if len(merged) > _KEEP:  # (what this process used alone: the file grew without end past the bound, read56 #4)
            merged = {k: v for k, v in merged.items() if k in _used}
        cache.store("regex", key, marshal.dumps(merged))
    except Exception:  # a cache that cannot be written only costs speed
        pass


def any_of(words: Iterable[str]) -> str:
    """A pattern source matching what `"|".join(words, longest first)` matches: at each place the longest of the
    words that starts there (each word literally; empty words ignored; never matches when there are none). Kept
    with the compiled programs (the rubric's phrases took 3 ms to write as a trie at every start)."""
    global _unsaved
    words = [w for w in words if w]  # (read twice: the trie, and the plain alternation past MAX_NESTING)
    if _sre is None:
        return _any_of(words)
    from fazhi.core.versions import code_version

    programs = _load_programs()
    # this module's code in the key: another fazhi sharing the cache, or an upgrade, writes its own (read56 #3); (a
    # program's key is its pattern and its flags: never three items)
    key = (_ANY_OF, code_version("patterns"), tuple(words))
    _used.add(key)
    if isinstance(made := programs.get(key), str):
        return made
    made = programs[key] = _any_of(words)
    _unsaved = True
    return made


_ANY_OF = "any_of"


def _any_of(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    if not trie:
        return "(?!)"
    pattern, nesting = _branches(trie)
    if nesting > MAX_NESTING:  # (re's parser recurses once a group: 500 nested broke it, reread10 R5) the same matches
        return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
    return pattern


#: Groups nested deeper than this (words each a prefix of the next: 法, 法法, 法法法 …) are written as a plain alternation.
MAX_NESTING = 100


def _branches(root: dict) -> tuple[str, int]:
    """The trie as a pattern, and how deep its groups nest. The children first (greedy: a longer word wins), and at
    most one of them matches the next character; where a word also ends here, the rest is optional. Built from the
    leaves up with a stack of its own, a run of single characters at once: a recursion a character deep broke on a
    rubric's 500-character keyword (fuzz5 F3)."""
    made: dict[int, str] = {}  # id(node) → its pattern
    nested: dict[int, int] = {}  # id(node) → how deep the groups of its pattern nest
    runs: dict[int, list[tuple[str, dict]]] = {}  # id(node) → its children, each as its run of characters and its end
    stack: list[dict] = [root]
    while stack:
        node = stack.pop()
        if id(node) not in runs:  # first its children
            runs[id(node)] = [(ch + run, end) for ch, child in sorted(node.items()) if ch for run, end in [_run(child)]]
            stack.append(node)
            stack.extend(end for _, end in runs[id(node)])
            continue
        branches, depth = [], 0
        for chars, end in runs[id(node)]:
            branches.append(re.escape(chars) + made[id(end)])
            depth = max(depth, nested[id(end)])
        if not branches:
            made[id(node)] = ""
        elif len(branches) == 1 and "" not in node:
            made[id(node)] = branches[0]
        else:
            made[id(node)] = "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")
            depth += 1
        nested[id(node)] = depth
    return made[id(root)], nested[id(root)]


def _run(node: dict) -> tuple[str, dict]:
    """The characters of the single path down from `node` while no word ends and nothing branches, and where it ends."""
    chars = []
    while len(node) == 1 and "" not in node:
        (ch, node), = node.items()
        chars.append(ch)
    return "".join(chars), node
