"""Line breaking for Chinese: Rich and Textual wrap only at spaces and know no 禁则 (kinsoku).

Breaks may fall between any two ideographs; a line never starts with closing punctuation
(,。、;:?!)」』》”’ full or half width) and never ends with an opening one ((「『《“‘); numbers and
Latin words ("2024年", "12345", "99.34%") are never split. Widths are terminal cells (rich.cells).
"""
from __future__ import annotations

import re

from rich.cells import cell_len

NO_START = set(",。、;:?!)」』》”’,.;:?!)]}%‰\uff0c\uff1b\uff1a\uff1f\uff01\uff09\uff05·…—")
NO_END = set("(「『《“‘([{\uff08")
_UNBREAKABLE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.%,:/+\-_]*[0-9A-Za-z%]|[0-9A-Za-z]")


def _atoms(text: str) -> list[tuple[int, int]]:
    """Spans that must stay on one line: a number or Latin word, else a single character."""
    atoms, pos = [], 0
    for m in _UNBREAKABLE.finditer(text):
        atoms.extend((i, i + 1) for i in range(pos, m.start()))
        atoms.append((m.start(), m.end()))
        pos = m.end()
    atoms.extend((i, i + 1) for i in range(pos, len(text)))
    return atoms


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each display line of one paragraph (no newlines inside)."""
    if width < 4:
        width = 4
    if not text:
        return [(0, 0)]
    # A number wider than the whole line cannot stay whole: fold it by character.
    atoms = [piece for a, b in _atoms(text)
             for piece in ([(a, b)] if cell_len(text[a:b]) <= width else [(i, i + 1) for i in range(a, b)])]
    lines: list[tuple[int, int]] = []
    line_start_atom = 0
    used = 0
    i = 0
    while i < len(atoms):
        a, b = atoms[i]
        w = cell_len(text[a:b])
        if used + w <= width or i == line_start_atom:
            used += w
            i += 1
            continue
        # Break before atom i; move the break back while it would violate a rule.
        brk = i
        while brk > line_start_atom + 1 and (text[atoms[brk][0]] in NO_START or text[atoms[brk - 1][1] - 1] in NO_END):
            brk -= 1
        if brk == line_start_atom + 1 and (text[atoms[brk][0]] in NO_START or text[atoms[brk - 1][1] - 1] in NO_END):
            brk = i  # nothing better on this line: allow the overhang rather than loop
            if text[atoms[brk][0]] in NO_START:  # hang the punctuation at the line end (ぶら下げ)
                brk = i + 1
                i += 1
        lines.append((atoms[line_start_atom][0], atoms[brk - 1][1]))
        line_start_atom = brk
        used = sum(cell_len(text[x:y]) for x, y in atoms[brk:i])
    lines.append((atoms[line_start_atom][0], atoms[-1][1]))
    return lines


def wrap_text(text: str, width: int, offset: int = 0) -> list[tuple[int, int]]:
    """Display lines of a multi-paragraph text, as offsets (plus `offset`) into it."""
    out = []
    pos = 0
    for para in text.split("\n"):
        if para.strip():
            out.extend((offset + pos + a, offset + pos + b) for a, b in wrap(para, width))
        pos += len(para) + 1
    return out
