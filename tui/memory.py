"""Python's cyclic garbage collector, kept out of the reviewer's way.

A full collection walks every container object alive: with a big pair open (outlines, alignment, layout, the rows
Textual painted) that takes tens of ms — a stalled key — and by default one comes every few keys, because each key
leaves cached rows behind. So what stays for the session is frozen once it is built (`settle`: the collector no
longer walks it), and full collections come ten times less often (`interactive`). The young generations, where the
per-key garbage dies, are collected as before; memory freed only by a full collection waits a little longer.

Most of what a key left for the collector was one reference cycle of Textual's: `Strip.divide` caches its result in
the strip, and a line painted uncut is divided into `[self]` — so every painted line (a strip, its eight caches and
its segments: ~14 objects) outlived its last use until a full collection, ~1,000 objects a key, and a full
collection after a resize of a big pair walked 100,000 of them (150–450 ms on a loaded machine). `interactive`
makes that one case return a fresh `[self]` uncached (the same value, nothing to cache: no cut was made), so those
lines are freed when the last reference goes. This replaces a method of Textual's (pinned in pyproject.toml at the
version it was written against); tests/tui/test_layout_perf.py fails if the cycle comes back or the patch misfits.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence

from textual.strip import Strip

FULL_EVERY = 100  # second-generation collections between two full ones (CPython's default: 10)

_divide = Strip.divide


def _divide_uncycled(strip: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """`Strip.divide`, with no cycle when the only cut is the strip's end (the whole line, as it is)."""
    cuts = [cut for cut in cuts if cut <= strip.cell_length]  # as Textual filters them
    if cuts == [strip.cell_length]:
        return [strip]
    return _divide(strip, cuts)


def interactive() -> None:
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)
    Strip.divide = _divide_uncycled


def settle() -> None:
    """Call once long-lived structures are built (an alignment landed)."""
    gc.freeze()


def release() -> None:
    """Call when what `settle` froze may go (a review screen closed: a round opens the next one in the same
    process); frozen objects are otherwise never collected."""
    gc.unfreeze()
