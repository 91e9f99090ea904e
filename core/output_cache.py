"""A command's whole output kept in the cache (`core.cache`), keyed by everything that makes it: its arguments, the
state of the files it reads, and the state of the package's code and data. A warm `fazhi align --json` of two
unchanged reports prints what it printed last time without importing the reading and aligning code, which was most
of its time (as Python keeps bytecode, and the round keeps its alignments).

Contract: `key` is None when caching is off or an input cannot be stat'ed (the command then runs and says why); the
caller stores an output only after a run that succeeded; a change to any argument, to an input file (size,
modification and change time, inode: `cache.file_stamp`), to any code or data file under core/ (the rubric included)
or to a code file the caller names (the command's own module), to Python's version or (for a PDF) to the PDF
library's module gives another key. `load` returns exactly what `store`
was given.
"""
from __future__ import annotations

import os
import sys
from importlib.util import find_spec

from fazhi.core import cache

#: Between what the command wrote to stderr and to stdout in a stored output (neither holds it: JSON escapes it).
_SEPARATOR = "\0"
#: Folders of core/ that no output depends on.
_NOT_CODE = frozenset({"__pycache__", "samples"})


def key(kind: str, arguments: list[str], inputs: list[str], code: list[str]) -> str | None:
    """The key of `kind`'s output for these `arguments` (as given), `inputs` (files read) and `code` (files beside
    core/ that shape the output)."""
    if cache.cache_dir() is None:
        return None
    parts = [kind, sys.version, *arguments]
    if any(str(path).lower().endswith(".pdf") for path in inputs):  # the library that reads a PDF's text
        spec = find_spec("pypdf")
        code = [*code, *([spec.origin] if spec and spec.origin else [])]
    try:
        for path in [*inputs, *code]:
            parts.append(f"{path}\t{cache.file_stamp(os.stat(path))}")
    except (OSError, ValueError):  # missing, unreadable, or a NUL in the name: the command says which
        return None
    _code_stamps(os.path.dirname(os.path.abspath(__file__)), parts)
    from fazhi.core.digest import sha256

    return sha256(_SEPARATOR.join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def load(kind: str, key: str) -> tuple[str, str] | None:
    """(stderr, stdout) as stored, or None."""
    raw = cache.load(kind, key)
    if raw is None:
        return None
    err, separator, out = raw.decode("utf-8", "surrogatepass").partition(_SEPARATOR)
    return (err, out) if separator else None


def store(kind: str, key: str, err: str, out: str) -> None:
    cache.store(kind, key, f"{err}{_SEPARATOR}{out}".encode("utf-8", "surrogatepass"))


def _code_stamps(folder: str, into: list[str]) -> None:
    """Every code and data file under `folder`, by name and stamp, in a fixed order."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in _NOT_CODE:
                _code_stamps(entry.path, into)
        elif entry.name.endswith((".py", ".toml")):
            into.append(f"{entry.path}\t{cache.file_stamp(entry.stat())}")
