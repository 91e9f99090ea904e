"""Line breaking for Chinese: Rich and Textual wrap only at spaces and know no 禁则 (kinsoku).

Breaks may fall between any two ideographs; a line never starts with closing punctuation
(,。、;:?!)」』》”’ full or half width) and never ends with an opening one ((「『《“‘); numbers and
Latin words ("2024年", "12345", "99.34%") are never split, nor parted from the character that counts them (126宗),
unless wider than the whole line. Where no break on a line keeps the rules, the line overhangs instead, a closing mark
hanging at its end (ぶら下げ). Widths are terminal cells (rich.cells).

Linear: a whole report is wrapped before its first screen, so a paragraph's cumulative widths are computed once
(at C speed) and each line's greedy end is found by bisection, then moved back over the rules.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from rich.cells import cell_len

NO_START = set(",。、;:?!)」』》”’,.;:?!)]}%‰\uff0c\uff1b\uff1a\uff1f\uff01\uff09\uff05·…—")
NO_END = set("(「『《“‘([{\uff08")
#: A number or a Latin word, with a bracketed part it runs into ("edit(s)": walk22 F5 broke it after "edit"; a closing
#: bracket without its opening one stays out, as before: "(2021-2025)" may still break before "(", reread22 F6)
_WORD = r"[0-9A-Za-z](?:[0-9A-Za-z.%,:/+\-_]*[0-9A-Za-z%])?"
_UNBREAKABLE = re.compile(rf"{_WORD}(?:\([0-9A-Za-z.%,:/+\-_]*\)(?:{_WORD})?)*")


class _Cells(dict):
    """Character → its width in cells, learnt on first sight."""

    def __missing__(self, char: str) -> int:
        width = self[char] = cell_len(char)
        return width


_CELLS = _Cells()


class _Units:
    """A paragraph as units that stay on one line (a number or Latin word, else one character): where breaks may
    fall, and the width in cells before each offset."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.cells_before = list(accumulate(map(_CELLS.__getitem__, text), initial=0))
        runs = [m.span() for m in _UNBREAKABLE.finditer(text)]
        runs = [(a, b) for a, b in runs if self.cells_before[b] - self.cells_before[a] <= width]  # else by character
        self.starts = [a for a, _ in runs]
        self.ends = [b for _, b in runs]

    def after(self, pos: int) -> int:
        """The break after the unit starting at `pos`."""
        i = bisect_left(self.starts, pos)
        return self.ends[i] if i < len(self.starts) and self.starts[i] == pos else pos + 1

    def before(self, pos: int) -> int:
        """The break before the unit ending at `pos`."""
        i = bisect_left(self.ends, pos)
        return self.starts[i] if i < len(self.ends) and self.ends[i] == pos else pos - 1

    def greedy(self, start: int, width: int) -> int:
        """The furthest break with start..break within `width` cells (the first unit even if wider)."""
        end = bisect_right(self.cells_before, self.cells_before[start] + width) - 1
        i = bisect_right(self.starts, end) - 1
        if i >= 0 and self.starts[i] < end < self.ends[i]:  # inside a number: break before it
            end = self.starts[i]
        return max(end, self.after(start))

    def breaks_rule(self, pos: int) -> bool:
        # …nor parts a number from the character that counts it: "126" at a line's end and "宗" at the next one's
        # start read as two things
        before, after = self.text[pos - 1], self.text[pos]
        return after in NO_START or before in NO_END or ("0" <= before <= "9" and "\u4e00" <= after <= "\u9fff")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each display line of one paragraph (no newlines inside)."""
    width = max(width, 4)
    if not text:
        return [(0, 0)]
    units, end = _Units(text, width), len(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < end:
        natural = units.greedy(start, width)
        brk, first = natural, units.after(start)
        while natural < end and brk > first and units.breaks_rule(brk):
            brk = units.before(brk)
        if natural < end and brk == first and units.breaks_rule(brk):  # no good break: overhang
            brk = units.after(natural) if text[natural] in NO_START else natural
        lines.append((start, brk))
        start = brk
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
