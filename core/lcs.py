"""How the word diff aligns two sequences: a longest common subsequence, as opcodes.

`opcodes(a, b)` gives ("equal" | "delete" | "insert", i1, i2, j1, j2) tuples turning `a` into `b`, exactly
rapidfuzz's `Indel.opcodes(a, b)` (tests/test_lcs.py compares them on random sequences): Hyyrö's bit-parallel LCS
after the common prefix and suffix are set aside, read back from the end as rapidfuzz reads it, so a diff shows
the same whichever computed it.

Why a copy of what rapidfuzz does: importing rapidfuzz loads all its metrics, ~15 ms, a twentieth of opening the
workbench, only for the first pair's diff. Tables up to SMALL cells (the bit rows kept for reading back take
n·m/8 bytes) cost a millisecond or two here; larger ones go to rapidfuzz's C code, which also bounds memory.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

SMALL = 1_000_000  # len(a) × len(b) computed here; above, by rapidfuzz


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> Iterable[tuple[str, int, int, int, int]]:
    if len(a) * len(b) > SMALL:
        from rapidfuzz.distance import Indel

        return Indel.opcodes(a, b)
    return _as_opcodes(_editops(a, b), len(a), len(b))


def _editops(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[str, int, int]]:
    """(tag, position in a, position in b) of each deletion and insertion, in order."""
    shorter = min(len(a), len(b))
    prefix = 0
    while prefix < shorter and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shorter - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    s1, s2 = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]

    # Row r: bit k is 0 where the LCS of s1[:k+1] and s2[:r+1] grows at k (Hyyrö).
    masks: dict[Hashable, int] = {}
    for k, x in enumerate(s1):
        masks[x] = masks.get(x, 0) | (1 << k)
    full = (1 << len(s1)) - 1
    v, rows = full, []
    for y in s2:
        u = v & masks.get(y, 0)
        v = ((v + u) | (v - u)) & full
        rows.append(v)
    common = len(s1) - v.bit_count() if s2 else 0

    dist = len(s1) + len(s2) - 2 * common
    ops: list[tuple[str, int, int]] = [("", 0, 0)] * dist
    col, row = len(s1), len(s2)
    while row and col:
        if rows[row - 1] >> (col - 1) & 1:
            dist, col = dist - 1, col - 1
            ops[dist] = ("delete", col + prefix, row + prefix)
        else:
            row -= 1
            if row and not rows[row - 1] >> (col - 1) & 1:
                dist -= 1
                ops[dist] = ("insert", col + prefix, row + prefix)
            else:
                col -= 1
    while col:
        dist, col = dist - 1, col - 1
        ops[dist] = ("delete", col + prefix, row + prefix)
    while row:
        dist, row = dist - 1, row - 1
        ops[dist] = ("insert", col + prefix, row + prefix)
    return ops


def _as_opcodes(ops: list[tuple[str, int, int]], len_a: int, len_b: int) -> list[tuple[str, int, int, int, int]]:
    """Runs of one kind of edit as one opcode, with the equal stretches between them."""
    out: list[tuple[str, int, int, int, int]] = []
    i = pos_a = pos_b = 0
    while i < len(ops):
        tag, at_a, at_b = ops[i]
        if pos_a < at_a or pos_b < at_b:
            out.append(("equal", pos_a, at_a, pos_b, at_b))
            pos_a, pos_b = at_a, at_b
        start_a, start_b = pos_a, pos_b
        while i < len(ops) and ops[i] == (tag, pos_a, pos_b):
            if tag == "delete":
                pos_a += 1
            else:
                pos_b += 1
            i += 1
        out.append((tag, start_a, pos_a, start_b, pos_b))
    if pos_a < len_a or pos_b < len_b:
        out.append(("equal", pos_a, len_a, pos_b, len_b))
    return out
