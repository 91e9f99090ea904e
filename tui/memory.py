"""Python's cyclic garbage collector, kept out of the reviewer's way.

A full collection walks every container object alive: with a big pair open (outlines, alignment, layout, the rows
Textual painted) that takes tens of ms — a stalled key — and by default one comes every few keys, because each key
leaves cached rows behind. So what stays for the session is frozen once it is built (`settle`: the collector no
longer walks it), and full collections come ten times less often (`interactive`). The young generations, where the
per-key garbage dies, are collected as before; memory freed only by a full collection waits a little longer.
"""
from __future__ import annotations

import gc

FULL_EVERY = 100  # second-generation collections between two full ones (CPython's default: 10)


def interactive() -> None:
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)


def settle() -> None:
    """Call once long-lived structures are built (an alignment landed)."""
    gc.freeze()
