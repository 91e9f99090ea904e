"""Which core modules make each cached result, and a digest of their code: cached outlines, a round's file list
and its alignments die with the code that made them (core.cache stores them; their keys carry `code_version`).

tests/test_round.py checks that the lists name every core module reading, outlining and aligning import.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fazhi.core.digest import sha256

#: The modules whose code makes a report's text, metadata and outline.
READING_MODULES = ("report", "formats", "html_page", "pdf", "docx", "docx_numbering", "line_breaks", "hanzi", "metadata",
                   "outline", "patterns", "record", "tokens")  # (tokens: jieba's words tell a heading broken inside one)
#: The modules whose code aligns two outlines (with READING_MODULES).
ALIGNING_MODULES = ("rubric", "toml_check", "areas", "similarity", "candidates", "assignment", "align", "round_names")


@lru_cache(maxsize=8)
def code_version(*modules: str) -> str:
    """A digest of the named core modules' source (once a process: the code does not change under it). The files
    are read, not imported (the PDF reader's module would load pypdf)."""
    from importlib.util import find_spec

    digest = sha256()
    for name in modules:
        digest.update(Path(find_spec(f"fazhi.core.{name}").origin).read_bytes())
    return digest.hexdigest()[:12]
