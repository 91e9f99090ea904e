"""The compare view's layout, pure (safe in a worker thread): each aligned pair as a block of rows — both headers
wrapped, both bodies wrapped by our CJK line breaker (tui.wrap) as document offsets, padded to one height — and the
highlight layers as merged document spans found by bisection.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fazhi.core.align import Pair
from fazhi.core.outline import Outline
from fazhi.tui.render import STATUS_GLYPH, similarity_text
from fazhi.tui.wrap import wrap, wrap_text


@dataclass
class Block:
    """One aligned pair laid out from screen row `row`: header lines, body lines (document offsets), a spacer."""

    pair: Pair
    row: int
    head: dict[str, list[tuple[int, int]]]  # side → wrapped header lines as offsets into `titles[side]`
    titles: dict[str, str]  # side → the header text ("= 1.2 0.83 (一)标题")
    leads: dict[str, tuple[int, int]]  # side → where its id and where its score and pin mark end in the title
    body: dict[str, list[tuple[int, int]]]  # side → display lines as offsets into the report's text
    sign: str = ""  # the status shown (STATUS_GLYPH's key): the pair's, or "edited" / "moved_edited" for one with edits

    @property
    def head_height(self) -> int:
        return max(len(self.head["a"]), len(self.head["b"]), 1)

    @property
    def height(self) -> int:
        return self.head_height + max(len(self.body["a"]), len(self.body["b"])) + 1


def header_text(pair: Pair, side: str, outline: Outline, no_counterpart: str, preamble: str,
                pinned: bool, sign: str | None = None, single: bool = False, width: int = 0) -> tuple[str, int, int]:
    """The plain header of one side: glyph and id, then on B's side the pair's score and pin mark, then label and
    heading; with where the id and where the marks end. The marks lead: at the end of a long heading they could
    wrap onto a line of their own, a bare "0.64" once the heading above it scrolled off. A report reviewed alone
    (`single`) has no glyph: nothing was compared, and "+" would call every section new. A side with no section says
    so between dashes where they fit in `width` (walk21 F8: in English at 80 columns the last "┄" took a row)."""
    glyph = STATUS_GLYPH[sign or pair.status]
    sid = pair.a if side == "a" else pair.b
    if sid is None:
        filler = f"{glyph} ┄┄ {no_counterpart} ┄┄"
        return (filler if not width or len(wrap(filler, width)) == 1 else f"{glyph} {no_counterpart}"), 0, 0
    s = outline.find(sid)
    heading = (s.label + s.heading) if s is not None and s.kind != "preamble" else preamble
    lead = sid if single else f"{glyph} {sid}"
    marks = ""
    if side == "b":
        marks = (f" {similarity_text(pair.score)}" if pair.score is not None else "") + (" 📌" if pinned else "")
    return f"{lead}{marks} {heading}", len(lead), len(lead) + len(marks)


def layout(pairs: list[Pair], a: Outline, b: Outline, width: int, words: tuple[str, str],
           pinned: set[tuple[str | None, str | None]], wraps: dict | None = None,
           shown: Sequence[str] = (), single: bool = False) -> Iterator[Block]:
    """Blocks for `pairs` at a column width of `width` cells, in order (take as many as needed). Pure (safe in a
    worker thread); `wraps` keeps each section's wrapped body, so a re-layout only wraps what it has not seen;
    `shown`: the status each pair is shown with (Review.shown_status, as the pair list shows them; else its own)."""
    wraps = {} if wraps is None else wraps
    outlines = {"a": a, "b": b}
    row = 0
    for index, pair in enumerate(pairs):
        titles, leads, head, body = {}, {}, {}, {}
        sign = shown[index] if shown else pair.status
        for side in ("a", "b"):
            outline = outlines[side]
            titles[side], *ends = header_text(pair, side, outline, words[0], words[1], (pair.a, pair.b) in pinned,
                                              sign, single, width)
            leads[side] = tuple(ends)
            head[side] = wrap(titles[side], width)
            sid = pair.a if side == "a" else pair.b
            key = (side, sid)
            if key not in wraps:
                s = outline.find(sid) if sid is not None else None
                wraps[key] = (wrap_text(outline.text[s.body_start:s.body_end], width, offset=s.body_start)
                              if s is not None and s.text else [])
            body[side] = wraps[key]
        block = Block(pair, row, head, titles, leads, body, sign)
        yield block
        row += block.height


class Layer:
    """Merged, sorted document spans of one highlight on one side, found by bisect."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Layer) and (self.starts, self.ends) == (other.starts, other.ends)

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        out = []
        i = bisect.bisect_right(self.ends, start)
        while i < len(self.starts) and self.starts[i] < end:
            out.append((max(self.starts[i], start), min(self.ends[i], end)))
            i += 1
        return out
