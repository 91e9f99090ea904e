"""Where a paragraph broken by soft line breaks really ends its lines.

A Word paragraph holds text line breaks (Shift+Enter) and a web page's source holds newlines inside a block:
some end a line of the report, most are only where someone's editor wrapped the text. `resolve_breaks(segments)`
takes the pieces between the breaks and gives the report's lines: a break ends a line after a sentence end or a
colon, before a heading label (outline.match_marker) or a date line (a signature's), around an empty piece, and
between a heading or title without a sentence end and running text, unless the text is hard-wrapped (three
lines or more, all but the last of one length in characters or in width: pasted from a PDF or an e-mail).
Elsewhere the pieces join, Chinese as it is, Latin words with one space. Linear in the number of breaks.
Used by core.docx (w:br, w:cr) and core.html_page (newlines of the page's source).
"""
from __future__ import annotations

from fazhi.core.hanzi import BLANK, HEADING_END, SENTENCE_END
from fazhi.core.metadata import is_date, title_like
from fazhi.core.outline import match_marker


def resolve_breaks(segments: list[str], may_end: list[bool] | None = None) -> list[str]:
    """The lines of a paragraph whose `segments` were separated by soft breaks; `may_end[k]`: whether the break
    after segment k may end a line at all (a page break never does), every break by default."""
    may_end = may_end if may_end is not None else [True] * (len(segments) - 1)
    wrapped = _hard_wrapped([segments[0], *(seg for brk, seg in zip(may_end, segments[1:]) if brk)])
    lines = [_Line(segments[0])]
    for brk, segment in zip(may_end, segments[1:]):
        line = lines[-1]
        if brk and (not line.end or not segment.strip() or line.ends_before(segment, wrapped)):
            lines.append(_Line(segment))
        else:
            line.join(segment)
    return ["".join(line.pieces) for line in lines]


class _Line:
    """A line joined from pieces; what the break rules read is kept as it grows, so a paragraph of many breaks
    is read in linear time."""

    def __init__(self, piece: str) -> None:
        self.pieces: list[str] = []
        self.length, self.last, self.end, self.sentence_ended = 0, "", "", False
        self.join(piece)

    def join(self, piece: str) -> None:
        """Chinese joins as it is; Latin words keep one space between them."""
        if self.last.isascii() and self.last.strip() and piece[:1].isascii() and piece[:1].isalnum():
            self.pieces.append(" ")
        self.pieces.append(piece)
        self.length += len(piece)
        self.last = piece[-1:] or self.last
        self.end = piece.rstrip(BLANK + "”’\"')）")[-1:] or self.end  # the last character but closing quotes
        self.sentence_ended = self.sentence_ended or any(c in SENTENCE_END for c in piece)

    def head(self, size: int = 100) -> str:
        out, n = [], 0
        for piece in self.pieces:
            if n >= size:
                break
            out.append(piece)
            n += len(piece)
        return "".join(out)

    def ends_before(self, after: str, wrapped: bool) -> bool:
        """A text line break between this line and `after` ends the line: a sentence (or a colon) ends before
        it, a heading label or a date line (a signature's) follows it, or, unless the text is hard-wrapped, a
        heading or title without a sentence end stands before running text (Shift+Enter after a heading); a
        heading or title cut by the break reads on in the next piece."""
        if self.end and self.end in HEADING_END or match_marker(after) or is_date(after):
            return True
        if wrapped or self.sentence_ended or not any(c in SENTENCE_END for c in after):
            return False
        head = self.head()
        return bool(match_marker(head) or self.length <= 80 and title_like(head))  # a title is never longer


def _hard_wrapped(pieces: list[str]) -> bool:
    """Text broken at a fixed length (pasted from a PDF or an e-mail): three lines or more, all but the last of
    about one length, in characters (a wrap at N characters) or in width (a Chinese character is two ASCII
    characters wide: a PDF's line)."""
    full = [x.strip() for x in pieces[:-1]]
    return len(full) >= 2 and all(full) and (_even([len(x) for x in full])
                                             or _even([sum(1 if c.isascii() else 2 for c in x) for x in full]))


def _even(lengths: list[int]) -> bool:
    return max(lengths) - min(lengths) <= max(2, max(lengths) // 8)
