"""From a report's text to its outline: numbered headings, 一是 items, title, government, year, date.

The grammar is the one these reports share: 一、 / (一) / 1. / (1) / ① / 第一部分 markers (full- or half-width),
heading on its own line or written inline as the first sentence of its paragraph, 一是/二是 items inside
paragraphs. Levels are not fixed per marker: the first marker type met is level 1, a new type below it
is level 2, and so on, so a report that starts at (一) still gets a sane tree. Numbering guards against false
headings: a marker must continue its level (1. 2. under (一) may go on with 3. under (二)).

Text copied from a page or a PDF may hold the whole body on one line. Such a folded line is cut back into
lines where its inline heading labels continue the numbering (after a sentence end or a blank) and where a
blank follows a sentence end, a heading or a line of page matter, so it gives the outline of the line-broken text.

A heading broken over two lines in a text of a paragraph a line (a page's <br> in a long heading) reads on in
its second line where the evidence is clear (see `_mended`); its span then holds the line break, which its heading
text leaves out.

Every section keeps its exact span in the text so later stages (areas, annotations, the UI) can point back
into it. Reports in traditional characters are parsed on a simplified shadow with the same offsets
(hanzi.reading_shadow); headings and texts are cut from the text as published. What surrounds the body
(page matter, title, signature) and the metadata read from it are core.metadata's.

A page's or a Word document's headings that only their tag or style marks (no typed label: <h2>, Heading 2) come
with the text (`Document.headings`: rank, words and the words before it; Word's Title rank 0): a line without a
typed label that is one of them (each heading's words taken by one line, in reading order, the one following what
the heading follows where several hold them: `_heading_lines`) and reads as a heading (`_heading_by_form`) is read
as a heading of a kind of its own per rank ("styled2"…: label "", a higher rank closing a lower one; typed labels
nest under it, but stand beside it where they are set in its rank: `Numbering`) where a rank has two such lines or
the one has lower ones after it, where such lines are not most of the body's (a page setting all its text in
<h3>), in the head only where they end it, and in the tail only above its date (`_styled_markers`). Two lines set
in one rank alone in a row, the first a heading ending with no mark, whose words read on across the break as a text's
broken heading's do, are one heading broken in two (`_styled_end`).

A text of more lines or sections than any report has (MAX_LINES, MAX_SECTIONS) is refused with one line.

(Some 750 lines: the marker grammar, the numbering, the folded-line cutting and the headings by form share the
marker matcher and the numbering state, and are one concern.)
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from functools import cache
from operator import add
from typing import Iterator, NamedTuple

from fazhi.core import metadata as meta
from fazhi.core.errors import FazhiError
from fazhi.core.hanzi import (BLANK, CLOSE, CN_NUM, HAN, HEADING_END, OPEN, SENTENCE_END, cn_to_int,
                              reading_shadow, words_before)
from fazhi.core.metadata import Line, parse_date  # noqa: F401  (parse_date: part of this module's API)
from fazhi.core.patterns import lazy
from fazhi.core.record import field, fields, record
from fazhi.core.report import Document, text_sha256

__all__ = ["Section", "Outline", "parse", "parse_text", "match_marker", "split_heading", "unbroken", "cn_to_int",
           "parse_date"]


@record
class Section:
    """A numbered part of a report. Offsets are code points into the extracted text."""

    id: str
    level: int
    label: str  # the marker exactly as written: "一、", "(一)", "1.", "一是", "" for unlabelled
    heading: str
    start: int  # the whole section, children included
    end: int
    heading_start: int
    heading_end: int
    body_start: int  # the section's own body text, children excluded
    body_end: int
    kind: str = "heading"  # "heading" | "item" | "preamble"
    text: str = ""
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def topic_end(self) -> int:
        """Where the section's own topic ends: before its first sub-heading (its 一是 items belong to it)."""
        return next((c.start for c in self.children if c.kind != "item"), self.end)

    def to_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "label": self.label, "heading": self.heading,
                "text": self.text, "span": [self.start, self.end],
                "children": [c.to_dict() for c in self.children]}


@record
class Outline:
    """A parsed report. The section tree is not changed after parsing: `walk` and `find` are indexed once."""

    source: str
    text: str
    title: str | None
    government: str | None
    year: int | None
    date: str | None
    sections: list[Section]
    encoding: str = "utf-8"
    government_source: str | None = None  # the evidence: "title" | "signature" | "first_sentence" | "metadata" | "text" | "header"
    parent_area: str | None = None  # the area above the government when the text names it: "东莞市"
    notes: tuple[str, ...] = ()  # what reading its file left out (`Document.notes`: a PDF's pages without text)
    _order: tuple[Section, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _by_id: dict[str, Section] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def walk(self) -> tuple[Section, ...]:
        """Every section, depth first (computed once; a tuple, so no caller can change it for the others)."""
        if self._order is None:
            self._order = tuple(s for root in self.sections for s in root.walk())
        return self._order

    def find(self, section_id: str) -> Section | None:
        if self._by_id is None:
            self._by_id = {s.id: s for s in self.walk()}
        return self._by_id.get(section_id)

    def to_dict(self) -> dict:
        return {"source": self.source, "title": self.title, "government": self.government,
                "government_source": self.government_source, "parent_area": self.parent_area,
                "year": self.year, "date": self.date, "sha256": self.sha256,
                "sections": [s.to_dict() for s in self.sections]}


# ------------------------------------------------------------------------------------------ markers

_W = rf"[{BLANK}]*"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", lazy(rf"{_W}(第([{CN_NUM}]+)(?:部分|章))[{BLANK}、,\uff0c:\uff1a]*")),
    # "一)" is typed for "（一）" (the opening bracket left out). Not "一，" for "一、": a line broken in 统一，or 第一，
    # would open a part (reread12 R2)
    # "一　加强…", "一　2020年…": a blank for the 、, as a layout or a conversion leaves it (gen31 #6); the count
    # decides, as for all
    ("cn", lazy(rf"{_W}(([{CN_NUM}]+)(?:{_W}[、.\uff0e]|[{BLANK}]+(?=[\u4e00-\u9fff]|\d{{4}}{_W}年)))")),
    ("cn_paren", lazy(rf"{_W}([{OPEN}]?{_W}([{CN_NUM}]+){_W}[{CLOSE}][、.\uff0e]?)")),
    # "1.5万" is a figure, "1.12345热线…" a heading on the hotline: a decimal has one or two places
    ("num", lazy(rf"{_W}((\d{{1,2}}){_W}(?:[、\uff0e]|\.(?!\d{{1,2}}(?!\d))))")),
    ("num_paren", lazy(rf"{_W}([{OPEN}]{_W}(\d{{1,2}}){_W}[{CLOSE}][、.\uff0e]?)")),
    ("circled", lazy(rf"{_W}(([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))")),
]
_FIGURE = lazy(r"\s*[年月日%万亿千百个项件次名人]")
_TEXT_AFTER = lazy(r"\s*\S")
#: (a line break may follow the label: a page's <br> at any point, gen21 N3: "二是⏎执法队伍…" lost every item after it)
ITEM = lazy(rf"(?:^|(?<=[{SENTENCE_END}:\uff1a]))[{BLANK}]*(([{CN_NUM}]+)是)(?=\n?[\u4e00-\u9fff“\"《(\uff08,\uff0c:\uff1a])", re.M)


class Marker(NamedTuple):
    kind: str  # "cn", "cn_paren", "num", …
    label: str  # as written: "一、", "（一）"
    number: int
    start: int  # the label's offset in the line
    end: int  # where the heading text may begin (after the label and its separators)


#: What every marker opens with (after blanks): most lines of a report fail this one test, not six.
_MAY_OPEN_MARKER = lazy(rf"[{BLANK}]*[第{CN_NUM}{OPEN}\d①-⑳]")


def match_marker(line: str, pos: int = 0, alone: bool = False) -> Marker | None:
    """The heading marker at line[pos:], if any; `alone`: also one with no heading after it on the line."""
    if not _MAY_OPEN_MARKER.match(line, pos):
        return None
    for kind, pattern in MARKERS:
        m = pattern.match(line, pos)
        if not m:
            continue
        number = m.group(2)
        n = ord(number) - ord("①") + 1 if kind == "circled" else cn_to_int(number)
        if n is None or n == 0 or not (alone or _TEXT_AFTER.match(line, m.end())):  # (the line is not copied: it
            continue  # may be a whole folded report)
        if kind in ("num", "cn") and _FIGURE.match(line, m.end()):
            continue  # "1.5万", "2024、" are figures, not headings
        return Marker(kind, m.group(1), n, m.start(1), m.end())
    return None


def split_heading(rest: str) -> int:
    """Length of the heading in the text after a marker: the first sentence, or the whole line."""
    end = _HEADING_END_IN.search(rest)
    return end.start() if end else len(rest)


#: The kind of a heading marked by its style or tag alone, by rank: "styled1" … "styled9" (`Document.headings`).
STYLED = "styled"


#: Label kinds of one count written with and without brackets: a slip in one label of a list reads as the list's.
_TWIN = {"num": "num_paren", "num_paren": "num", "cn": "cn_paren", "cn_paren": "cn"}


class Numbering:
    """Which markers continue the numbering: the open marker types (outermost first) with their last number,
    and the last number of each type closed (1. 2. under (一) may continue with 3. under (二)). `ranks`: the rank
    of the form a file gives the lines of a typed kind ("(一)…" set in Heading 2: "cn_paren" → 2), which an untyped
    heading of that form stands beside (`_closes`)."""

    def __init__(self, ranks: dict[str, int] | None = None) -> None:
        self.open: list[tuple[str, int]] = []
        self.closed: dict[str, int] = {}
        self.ranks = ranks or {}
        self.beside: set[str] = set()  # typed kinds an untyped heading of their rank closed, as its siblings

    def _rank(self, kind: str) -> int | None:
        return int(kind[len(STYLED):]) if kind.startswith(STYLED) else self.ranks.get(kind)

    def _closes(self, marker: Marker, open_kind: str) -> bool:
        """Whether `marker` closes the open kind, not being of it: a styled heading closes those of a deeper rank
        (a higher number) and a typed kind set in its rank or a deeper one; a typed label closes an untyped heading
        of its rank or a deeper one only where an untyped heading closed its kind before and it continues its count
        ("(一)" "(二)" "特色亮点" "(三)" in Heading 2 are siblings: reread25 R6). Where its count starts under an
        untyped heading of its rank ("特色亮点" "(一)" "(二)", a page setting every heading in one tag), or goes on
        through untyped headings over its groups ("加强党的领导" "1." "2." "推进依法行政" "3."), it is their child
        (reread26 R2)."""
        rank, open_rank = self._rank(marker.kind), self._rank(open_kind)
        if rank is None or open_rank is None or open_rank < rank:
            return False
        return marker.kind.startswith(STYLED) or (open_kind.startswith(STYLED) and marker.number > 1
                                                  and marker.kind in self.beside)

    def fits(self, marker: Marker, strict: bool = False) -> bool:
        """Typos happen in real reports: a number repeated or one skipped still counts; a jump further does
        not. `strict` (an inline label in running text) accepts only the next number or a new level's 1."""
        number = marker.number
        last = next((n for k, n in reversed(self.open) if k == marker.kind), None)
        if last is not None:
            return number == last + 1 if strict else last <= number <= last + 2
        last = self.closed.get(marker.kind)
        if strict:
            return number == 1 or last is not None and number == last + 1
        return number <= 2 or last is not None and last < number <= last + 2

    def push(self, marker: Marker) -> int:
        """Open a marker that fits; its level (1 = top). One of an open kind closes the kinds opened below it; a
        styled heading also closes those of a lower rank ("styled2" the open "styled3"), and so on (`_closes`)."""
        at = next((i for i, (kind, _) in enumerate(self.open) if kind == marker.kind), None)
        if at is None:
            at = next((i for i, (kind, _) in enumerate(self.open) if self._closes(marker, kind)), None)
        if at is not None:
            while len(self.open) > at + 1:
                self.closed.update([self.open.pop()])
            kind, number = self.open.pop()
            if kind != marker.kind:
                self.closed[kind] = number
                if marker.kind.startswith(STYLED) and not kind.startswith(STYLED):
                    self.beside.add(kind)
        self.open.append((marker.kind, marker.number))
        return len(self.open)

    def take(self, marker: Marker | None, strict: bool = False) -> int | None:
        """Push the marker when it fits: its level, else None. One that fits nowhere but continues its twin's open
        numbering, the list being written (a "(3)" after "1." and "2.": a typing slip, gen21 N5), is read as the
        twin's."""
        if not marker:
            return None
        if self.fits(marker, strict):
            return self.push(marker)
        twin = _TWIN.get(marker.kind)
        if not strict and twin and self.open and self.open[-1] == (twin, marker.number - 1):
            return self.push(marker._replace(kind=twin))
        return None

    def copy(self) -> Numbering:
        other = Numbering(self.ranks)
        other.open, other.closed = list(self.open), dict(self.closed)
        other.beside = set(self.beside)
        return other


# ----------------------------------------------------------------------------------- folded lines

#: A folded line is at least this long (a paragraph with a blank in it is not a folded page).
FOLD_MIN = 120
#: Page matter (a title, a name, a date, debris) is short: longer pieces of a folded line are running text.
PIECE_MAX = 100
#: Where an inline label may begin: after a sentence end or after a run of blanks (a match starts at a run's
#: first blank only, so a long run is not rescanned from each of its positions).
_LABEL_SPOT = lazy(rf"[。!?\uff01\uff1f:\uff1a{BLANK}](?<=[。!?\uff01\uff1f:\uff1a]|(?<![{BLANK}]).)[{BLANK}]*+"
                  rf"(?=[{OPEN}]{_W}[{CN_NUM}\d]|第[{CN_NUM}]|[{CN_NUM}]+{_W}[、.\uff0e]|\d{{1,2}}{_W}[、.\uff0e]|[①-⑳])")
_BLANKS = lazy(rf"[{BLANK}]+")


def _unfold(ln: Line, numbering: Numbering) -> list[tuple[Line, Marker | None]]:
    """Cut a folded line into the lines it was made of (see the module docstring), advancing the numbering
    as the tree builder will. A line that is not folded comes back whole. A line is folded when a label after
    a blank, or two labels after sentence ends, continue the numbering: "…报告如下: 一、…推进 (一)深入…"."""
    s = ln.text
    if len(s) < FOLD_MIN or not _folded(s, numbering.copy()):
        marker = match_marker(s)
        numbering.take(marker)
        return [(ln, marker)]
    bounds = [0, *_fold_points(s, numbering), len(s)]
    pieces = []
    for a, b in zip(bounds, bounds[1:]):
        piece = s[a:b].strip(BLANK)
        if piece:
            begin = a + len(s[a:b]) - len(s[a:b].lstrip(BLANK))
            pieces.append((Line(ln.start + begin, ln.start + begin + len(piece), piece), match_marker(piece)))
    return pieces


def _folded(s: str, trial: Numbering) -> bool:
    after_sentence = 0
    for m in _LABEL_SPOT.finditer(s):
        if m.start() and trial.take(match_marker(s, m.end()), strict=True):  # (not the line's own indent)
            if m.group()[-1] in BLANK or after_sentence:
                return True
            after_sentence += 1
    return False


def _fold_points(s: str, numbering: Numbering) -> list[int]:
    """Offsets where a folded line breaks: before an inline heading that continues the numbering (strictly),
    and at a blank after a sentence end, a heading, or a piece of page matter (title, name, date, debris)."""
    cuts: list[int] = []
    start, heading = 0, numbering.take(match_marker(s)) is not None
    spots = sorted([(m.end(), 1) for m in _LABEL_SPOT.finditer(s)] + [(m.start(), 0) for m in _BLANKS.finditer(s)])
    for pos, is_label in spots:
        if pos <= start:
            continue
        if is_label:
            if numbering.take(match_marker(s, pos), strict=True):
                cuts.append(pos)
                start, heading = pos, True
            continue
        piece = s[start:pos].strip(BLANK) if pos - start <= PIECE_MAX else ""
        field = piece and meta.metadata_field(piece)
        if field and not piece[field[1]:]:
            continue  # "有 效 性:" waits for its value
        if s[pos - 1] in SENTENCE_END + ":\uff1a" or piece and _ends_unit(piece, heading):
            cuts.append(pos)
            start = pos
            heading = numbering.take(match_marker(s, pos)) is not None  # a line of its own now
    return cuts + _tail_points(s, start)


def _tail_points(s: str, start: int) -> list[int]:
    """The signature and date run on after the last sentence: "…建设。中共X镇委员会 X镇人民政府 2025年1月17日"
    (only page matter after it, within the last PIECE_MAX characters)."""
    k = max(s.rfind(ch, max(start, len(s) - PIECE_MAX)) for ch in SENTENCE_END) + 1
    rest = s[k:].strip(BLANK)
    if not k or not rest or not all(_ends_unit(piece, False) for piece in _BLANKS.split(rest)):
        return []
    return [k, *(m.start() for m in _BLANKS.finditer(s, k) if m.start() > k)]


def _ends_unit(piece: str, heading: bool) -> bool:
    """A piece that a blank after it ends: a heading (up to its first blank: "(一)聚焦体系建设 一是…") or
    page matter."""
    if heading:
        marker = match_marker(piece)
        return marker is not None and bool(piece[marker.end:].strip()) and not any(c in HEADING_END for c in piece)
    return (meta.is_debris(piece) or meta.is_date(piece) or not HAN.search(piece)
            or meta.title_like(piece) or meta.names_only(piece) or meta.metadata_field(piece) is not None)


# -------------------------------------------------------------------------------------- broken headings

#: A heading is at most this long (the longest of the samples' has 36 characters).
HEADING_MAX = 48
#: No text is hard-wrapped wider than this many characters (core.line_breaks reads widths up to it): a text whose
#: lines that end a sentence are mostly wider has a paragraph a line, and a short line in it is a line of its own.
WIDEST_WRAP = 100
UNWRAPPED_SHARE = 0.5
#: A text sets its headings apart by blank lines where at least this share of them, and SET_APART_MIN, stand before one.
SET_APART_SHARE = 2 / 3
SET_APART_MIN = 2
#: A heading line without a mark at its end that is this short (after its label) is whole: "存在问题" is not cut.
BROKEN_MIN = 6
#: A heading line with no mark at its end reads on only when the two characters about the break stand together this
#: often elsewhere in the text: broken inside a word ("…党对法" / "治政府建设的领导"), not a heading followed by a short
#: line of its own ("…第一责任人职责情况" / "强化组织领导": 况强 is no word of the report's).
WORD_ELSEWHERE = 3
#: Room for a label before a heading on its line (一、, （十二）, 1.2.3.).
LABEL_ROOM = 12
#: A heading's second line has at least this many characters: a lone "无" or "略" is a paragraph of its own.
PIECE_MIN = 2
_PHRASE_OPEN = ",\uff0c\u3001"  # a comma or an enumeration comma: what a line never ends at
_LINE_BREAK = lazy(rf"[{BLANK}]*\n[{BLANK}\n]*")
_HEADING_END_IN = lazy("[" + re.escape(HEADING_END) + "]")
_SENTENCE_END_IN = lazy("[" + re.escape(SENTENCE_END) + "]")
#: A list of short words ("张三、李四、王五"): names, not the end of a heading.
_WORD_LIST = lazy(r"[^、,\uff0c]{1,4}(?:[、,\uff0c][^、,\uff0c]{1,4}){2,}")


def unbroken(s: str) -> str:
    """The text of a span with its line breaks (and the blanks and blank lines about them) left out, stripped: a
    heading broken over two lines as one heading."""
    return _LINE_BREAK.sub("", s).strip()


def _mended(lines: list[Line], shadow: str, pairs: _PairCounts) -> list[Line]:
    """The text's non-blank lines with each heading broken over two lines (`_reads_on`) made one line again: a
    span holding the line break, which `unbroken` takes out of its heading."""
    unwrapped = cache(lambda: _unwrapped(lines))  # asked only of a heading line ending with no mark
    set_apart = cache(lambda: _set_apart(lines, shadow))
    out: list[Line] = []
    i = 0
    while i < len(lines):
        after = lines[i + 2] if i + 2 < len(lines) else None
        if i + 1 < len(lines) and _reads_on(lines[i], lines[i + 1], after, shadow, unwrapped, set_apart, pairs):
            start, end = lines[i].start, lines[i + 1].end
            out.append(Line(start, end, shadow[start:end]))
            i += 2
        else:
            out.append(lines[i])
            i += 1
    return out


def _unwrapped(lines: list[Line]) -> bool:
    """A paragraph a line: of the lines that end a sentence, UNWRAPPED_SHARE (and two) are wider than any wrap."""
    ended = [ln for ln in lines if _SENTENCE_END_IN.search(ln.text)]
    wide = sum(len(ln.text.strip(BLANK)) > WIDEST_WRAP for ln in ended)
    return wide >= max(2, UNWRAPPED_SHARE * len(ended))


def _set_apart(lines: list[Line], shadow: str) -> bool:
    """Headings set apart by blank lines: of the lines holding a heading alone (a label, no sentence end), SET_APART_MIN
    and SET_APART_SHARE stand before a blank line. Those followed by a short piece and then a blank line (what is
    asked: a heading broken, or a line of its own) are not counted."""
    apart = together = 0
    for k, line in enumerate(lines[:-1]):
        if match_marker(line.text) is None or _SENTENCE_END_IN.search(line.text):
            continue
        nxt = lines[k + 1]
        if meta.blank_lines(line, nxt, shadow) > 0:
            apart += 1
        elif not (k + 2 < len(lines) and meta.blank_lines(nxt, lines[k + 2], shadow) > 0
                  and len(nxt.text.strip(BLANK)) <= HEADING_MAX and not _HEADING_END_IN.search(nxt.text)):
            together += 1  # (a heading over its paragraph: the paragraphs alone are set apart, reread52 #1)
    return apart >= max(SET_APART_MIN, SET_APART_SHARE * (apart + together))


class _PairCounts:
    """How often each two characters stand together in a text: counted once, when first asked (most texts never
    are: no heading line in them ends with no mark before a short line)."""

    def __init__(self, text: str) -> None:
        self.text, self._counts = text, None

    def __getitem__(self, pair: str) -> int:
        if self._counts is None:
            self._counts = Counter(map(add, self.text, self.text[1:]))
        return self._counts[pair]


def _reads_on(line: Line, nxt: Line, after: Line | None, shadow: str, unwrapped: Callable[[], bool],
              set_apart: Callable[[], bool], pairs: _PairCounts) -> bool:
    """Whether a heading line's text reads on in the next line (prefer a missed join to a false one):
    - the line opens with a heading's label, its heading holds no heading end, and the next line is a piece of
      text that can end a heading: no label, date, name, field, note in brackets, list, blank inside (a table's
      row), not indented deeper, and no nearer to the line after it than to this one (blank lines between);
    - either the line ends with a comma ("…建设," / "全面压实…职责。…"; it ends nothing) and the heading ends
      within HEADING_MAX characters of the next line (its first sentence: a run-in heading's body follows);
    - or, in an unwrapped text, the line ends with no mark, its heading has BROKEN_MIN characters or more, and
      the next line is a short piece with no heading end, the whole heading within HEADING_MAX, before a
      paragraph or a heading (a line with a sentence end, a label, or longer than any heading), and the break
      falls inside a word of the report (WORD_ELSEWHERE: an unnumbered sub-heading on a line of its own is
      shaped the same) or, the two lines together, inside the heading's second clause (`_clause_cut`) or, in a text
      setting its headings apart by blank lines (`_set_apart`), the two lines stand together with a blank line after
      them (one paragraph broken by hand: gen31 #5, a break between words, "…加快建设一流" / "法治政府")."""
    # (cheapest tests first: this is asked of every line of every report; a paragraph fails the first)
    own = line.text.strip(BLANK)
    if own[-1:] not in _PHRASE_OPEN and (len(own) > HEADING_MAX + LABEL_ROOM or len(nxt.text.strip(BLANK)) > HEADING_MAX):
        return False
    marker = match_marker(line.text)
    head = line.text[marker.end:].strip(BLANK) if marker else ""
    if not head or _HEADING_END_IN.search(head):
        return False
    piece = nxt.text.strip(BLANK)
    comma = head[-1] in _PHRASE_OPEN
    if comma:
        fits = len(head) + split_heading(piece) <= HEADING_MAX
    else:
        fits = (len(head) >= BROKEN_MIN and len(head) + len(piece) <= HEADING_MAX and not _HEADING_END_IN.search(piece)
                and after is not None and _paragraph_or_heading(after.text))
    if not fits or not _tail_like(piece):
        return False
    if head[-1].isascii() and head[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
        return False  # two Latin words or numbers: a space between them or none, the lines cannot tell
    if _indent(nxt.text) > _indent(line.text) or after is not None and (
            meta.blank_lines(line, nxt, shadow) > meta.blank_lines(nxt, after, shadow)):
        return False
    if comma:
        return True
    if after is not None and meta.blank_lines(line, nxt, shadow) == 0 < meta.blank_lines(nxt, after, shadow) \
            and set_apart():
        return True
    return unwrapped() and (_inside_word(head, piece, pairs)
                            or _clause_cut(head, piece) and meta.blank_lines(line, nxt, shadow) == 0)


def _clause_cut(head: str, piece: str) -> bool:
    """A heading of two clauses broken inside its second: the line holds a comma, its last clause is less than half
    its first, and with the next line that clause is as long as the first, or near it ("…习近平法治思想，把牢" / "法治政
    府建设正确方向": a heading's clauses run about even; "…第一责任人职责情况" / "强化组织领导" holds no comma)."""
    clauses = re.split(f"[{_PHRASE_OPEN}]", head)
    if len(clauses) < 2:
        return False
    first, last = len(clauses[0]), len(clauses[-1])
    return 2 * last < first and first <= 2 * (last + len(piece)) and last + len(piece) <= 2 * first


def _inside_word(head: str, piece: str, pairs: _PairCounts) -> bool:
    """A line break falls inside a word: the characters about it stand together WORD_ELSEWHERE times in the report,
    or jieba cuts the words about it into a word across it ("…的主要举" / "措和成效", not "…建设工作" / "主要做法"; gen31
    #5: a report's opening, or a short one, holds a word once). jieba is loaded only here, for the few texts that get
    this far."""
    if pairs[head[-1] + piece[0]] >= WORD_ELSEWHERE:
        return True
    from fazhi.core.tokens import word_across

    return word_across(head, piece)


def _tail_like(piece: str) -> bool:
    """A line that can be the rest of a heading: no label or item, date, signature, field, debris, note in
    brackets, list of short words or blank inside (a table's row, names set apart)."""
    return (len(piece) >= PIECE_MIN and HAN.search(piece) is not None
            and match_marker(piece) is None and ITEM.match(piece) is None
            and not any(c in BLANK for c in piece) and not _matter(piece) and not _WORD_LIST.fullmatch(piece))


def _matter(words: str) -> bool:
    """What stands in a report's text but is no heading's: a note in brackets, a date, a signature, page matter, a
    metadata field."""
    return (words[0] in OPEN and words[-1] in CLOSE or meta.is_date(words) or meta.names_only(words)
            or meta.is_debris(words) or meta.metadata_field(words) is not None)


def _paragraph_or_heading(text: str) -> bool:
    piece = text.strip(BLANK)
    return (match_marker(piece) is not None or ITEM.match(piece) is not None or len(piece) > HEADING_MAX
            or any(c in HEADING_END for c in piece))


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(BLANK))



# ---------------------------------------------------------------------------------------------- parse

#: Far past any report (some hundred sections in a few thousand lines; the benchmarks' pathological inputs
#: reach 45,000 sections): a text beyond either is refused, as its outline alone would take gigabytes.
MAX_LINES = 1_000_000
MAX_SECTIONS = 100_000


class _SectionBudget:
    """The sections made so far: past MAX_SECTIONS the text is refused, before their memory is spent."""

    def __init__(self, source: str) -> None:
        self.source, self.left = source, MAX_SECTIONS

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise FazhiError(self.source, f"more than {MAX_SECTIONS:,} numbered sections and items: far more than "
                                          f"a report has (several reports in one file?)")


#: A text of this many characters or more is outlined once and its outline read back from the cache after (a
#: 1,000,000-character report takes ~130 ms to outline, ~20 ms to read back); a shorter one is outlined in a few
#: milliseconds, not worth a file each time one is opened (a round keeps them all: `parse`'s `keep`, where reading
#: back is some ten times faster over hundreds of reports, perf32).
CACHED_FROM = 200_000
_SECTION_FIELDS = tuple(f.name for f in fields(Section) if f.name != "children")
_OUTLINE_FIELDS = ("title", "government", "year", "date", "government_source", "parent_area")


def parse(doc: Document, keep: bool = False) -> Outline:
    """The outline of a read document (`core.report.read`): `parse_text` with its source, encoding, headings by
    form and reading notes, for a long text from core.cache when this code outlined the same text before. `keep`:
    through the cache whatever the text's length (a round's reports: outlined when its folder is read, and read back
    when its pairs are aligned, ten times faster than outlining a report of ordinary size again)."""
    outline = _outlined(doc, keep)
    outline.notes = doc.notes
    return outline


def _outlined(doc: Document, keep: bool = False) -> Outline:
    if len(doc.text) < CACHED_FROM and not keep:
        return parse_text(doc.text, source=doc.source, encoding=doc.encoding, styled=doc.headings)
    import marshal

    from fazhi.core import cache
    from fazhi.core.versions import READING_MODULES, code_version

    key = f"{doc.sha256}-{code_version(*READING_MODULES)}"
    if doc.headings:  # (the same text from a page marking headings by tag outlines otherwise)
        key += "-" + text_sha256(repr(doc.headings))[:16]
    if raw := cache.load("outline", key):
        try:
            return _outline_from(marshal.loads(raw), doc)
        except (ValueError, TypeError, EOFError):  # not what this code writes: outlined afresh
            pass
    outline = parse_text(doc.text, source=doc.source, encoding=doc.encoding, styled=doc.headings)
    cache.store("outline", key, marshal.dumps(_outline_row(outline)))
    return outline


def _outline_row(outline: Outline) -> tuple:
    """The outline as plain data (marshal writes it): its metadata, then each section's fields and children."""
    def row(s: Section) -> tuple:
        return (*[getattr(s, name) for name in _SECTION_FIELDS], [row(c) for c in s.children])

    return (*[getattr(outline, name) for name in _OUTLINE_FIELDS], [row(s) for s in outline.sections])


def _outline_from(data: tuple, doc: Document) -> Outline:
    """`_outline_row`'s data back as an outline of `doc`; ValueError when it is not shaped as that writes it."""
    def section(row: tuple) -> Section:
        if not (isinstance(row, tuple) and len(row) == len(_SECTION_FIELDS) + 1):
            raise ValueError("not a section's row")
        return Section(*row[:-1], children=[section(c) for c in row[-1]])

    if not (isinstance(data, tuple) and len(data) == len(_OUTLINE_FIELDS) + 1):
        raise ValueError("not an outline's row")
    *values, sections = data
    return Outline(doc.source, doc.text, sections=[section(r) for r in sections], encoding=doc.encoding,
                   **dict(zip(_OUTLINE_FIELDS, values, strict=True)))


def parse_text(text: str, source: str = "<text>", encoding: str = "utf-8",
               styled: tuple[tuple[int, str, str], ...] = ()) -> Outline:
    """The outline of a report's text (see the module docstring); `styled`: the headings its file marks by form
    (`Document.headings`). FazhiError past MAX_LINES or MAX_SECTIONS."""
    if text.count("\n") >= MAX_LINES:
        raise FazhiError(source, f"{text.count(chr(10)) + 1:,} lines: far more than a report has "
                                 f"(at most {MAX_LINES:,} are read)")
    shadow = reading_shadow(text)
    numbering = Numbering()
    lines: list[Line] = []
    markers: list[Marker | None] = []
    raw_lines, pos = [], 0
    for raw in shadow.split("\n"):
        if raw.strip():
            raw_lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    pairs = _PairCounts(shadow)  # (counted once, when first asked: by a broken heading's line or a styled one's)
    for raw_line in _mended(raw_lines, shadow, pairs):
        for line, marker in _unfold(raw_line, numbering):
            lines.append(line)
            markers.append(marker)

    head = meta.read_head(lines, markers, text)
    tail_start = meta.tail_start(lines, markers, head.end)
    found, typed_ranks, broken = (_styled_markers(text, lines, markers, head.end, tail_start, styled, pairs)
                                  if styled else ({}, {}, set()))
    for k, marker in found.items():
        markers[k] = marker
    for k in sorted(broken, reverse=True):  # (after the head: its end stays where it is)
        start, end = lines[k - 1].start, lines[k].end
        lines[k - 1:k + 1] = [Line(start, end, shadow[start:end])]
        del markers[k]
    if found and min(found) < head.end:  # a heading by form right under the title ends the head (sty24 F5)
        head = meta.read_head(lines, markers, text)
    if found or broken:
        tail_start = meta.tail_start(lines, markers, head.end)  # (a last one above a table's short lines: F6)
    tail = lines[tail_start:]
    sections = _build_tree(text, shadow, lines[head.end:tail_start], markers[head.end:tail_start],
                           _SectionBudget(source), Numbering(typed_ranks))
    _assign_ids(sections)

    title = meta.title_text(head.title, text, shadow)
    date = meta.tail_date(tail) or head.date
    preamble = next((s for s in sections if s.kind == "preamble"), None)
    after_head = lines[head.end].start if head.end < len(lines) else len(text)
    government = meta.find_government(text, shadow, head.title, meta.signature_lines(tail),
                                      (preamble.start, preamble.end) if preamble else None, head.publisher,
                                      head.issuer, body_start=after_head, above=head.above, source=head.source)
    headings = [shadow[s.heading_start:s.heading_end] for s in sections if s.kind != "preamble"]
    year = meta.find_year(meta.title_text(head.title, shadow), shadow[preamble.start:preamble.end] if preamble else "",
                          headings, date)
    return Outline(source=source, text=text, title=title, government=government and government.name,
                   year=year, date=date, sections=sections, encoding=encoding,
                   government_source=government and government.source,
                   parent_area=government and government.parent)


#: A line marked a heading by its form is read as one up to this many characters (a long one is a paragraph set
#: in a heading's style)…
STYLED_HEADING_MAX = 60
#: …and where the lines its file marks so are at most this share of the body's lines (a heading over each paragraph
#: is half of them; a page setting all its text in <h3> marks nothing by it).
STYLED_SHARE = 0.67


def _styled_markers(text: str, lines: list[Line], markers: list[Marker | None], head_end: int, tail_start: int,
                    styled: tuple[tuple[int, str, str], ...], pairs: _PairCounts
                    ) -> tuple[dict[int, Marker], dict[str, int], set[int]]:
    """Markers of their rank for the lines that carry no typed label and are one of the `styled` headings and read as
    headings (`_heading_by_form`), by line; none where such lines are most of the body. Those in the head only where
    they end it, under a title-like line, in ranks the body's headings have (the <h2> and <h3> under the title, where
    no lead paragraph comes between: sty24 F5; a page's title under its column's <h3>, or given twice, stays the
    title); those in the tail only above its date (a last heading over a table's short lines: F6; not 打印本页 after
    the signature); and a rank only where two of its lines are headings or the one has headings of a lower rank after
    it (a lone "正文" or lead-in over a typed report is none: F2), or it stands among typed headings set in its rank.
    With them, the rank each typed kind's headings are set in, where they are all set in one that no other typed kind
    shares (`Numbering.ranks`), and the lines that end the heading on the line before (`_styled_end`)."""
    line_ranks = _heading_lines(text, lines, styled)
    dated = max((k for k in range(tail_start, len(lines)) if meta.is_date(lines[k].text)), default=tail_start)
    body_ranks = {rank for k, rank in line_ranks.items() if head_end <= k < tail_start}

    def heading(k: int) -> bool:
        return markers[k] is None and _heading_by_form(lines[k].text.strip(BLANK))

    # in the head, only the headings that end it, of the body's ranks, under a title-like line
    first = head_end
    while first > 0 and line_ranks.get(first - 1) in body_ranks and heading(first - 1):
        first -= 1
    if (first < head_end and head_end - first < 2 and line_ranks[first] != min(body_ranks)
            or not any(meta.title_like(lines[k].text.strip(BLANK)) for k in range(first))):
        first = head_end  # (a part's heading, alone or over its first topic's, as F5's are: not a lone 文号 in <h4>)
    found = {k: Marker(f"{STYLED}{rank}", "", 1, lead, lead) for k, rank in line_ranks.items()
             if first <= k < dated and heading(k)
             for lead in [len(lines[k].text) - len(lines[k].text.lstrip(BLANK))]}
    styled_lines = sum(head_end <= k < tail_start for k in line_ranks)
    typed = [k for k in line_ranks if markers[k] is not None and head_end <= k < tail_start]
    kinds: dict[str, set[int]] = {}  # the ranks the typed headings of each kind are set in
    for k in typed:
        kinds.setdefault(markers[k].kind, set()).add(line_ranks[k])
    in_one = {kind: next(iter(ranks)) for kind, ranks in kinds.items() if len(ranks) == 1}  # (set in one rank)
    sharing = Counter(in_one.values())  # (a rank two typed kinds share, 一、 and (一) both in <h2>, is neither's)
    typed_ranks = {kind: rank for kind, rank in in_one.items() if sharing[rank] == 1}
    first_typed: dict[int, int] = {}  # a typed kind's rank → its first heading's line
    for k in typed:
        if markers[k].kind in typed_ranks:
            first_typed[line_ranks[k]] = min(k, first_typed.get(line_ranks[k], k))
    # a heading broken over two paragraphs of its style: the second is the first's end, not a heading of its own
    broken = {k for k in found if head_end < k < tail_start
              and _styled_end(lines, markers, line_ranks, found, k, pairs)}
    found = {k: marker for k, marker in found.items() if k not in broken}
    while True:  # (until no lone one is left: a lone one kept only by another lone one goes with it, reread25 R5)
        per_rank = Counter(line_ranks[k] for k in found)
        # a lone one among typed headings set in its rank stands beside them ("(一)" "特色亮点" "(二)": reread26 R4),
        # not one above them all (a lone "正文" over a report typed in its rank)
        kept = {k: marker for k, marker in found.items()
                if per_rank[line_ranks[k]] >= 2 or any(j > k and line_ranks[j] > line_ranks[k] for j in found)
                or first_typed.get(line_ranks[k], k) < k}
        if len(kept) == len(found):
            break
        found = kept
    if not found and not broken or styled_lines > STYLED_SHARE * (tail_start - head_end):
        return {}, {}, set()
    return found, typed_ranks if found else {}, broken


def _styled_end(lines: list[Line], markers: list[Marker | None], line_ranks: dict[int, int],
                found: dict[int, Marker], k: int, pairs: _PairCounts) -> bool:
    """Line k ends the heading on the line before: the two alone in a run of lines set in one rank (Word keeps a
    paragraph's style on both sides of an Enter pressed inside it: "（一）…，把牢" / "法治政府建设正确方向"), the first a
    heading (typed, or by form) ending with no mark, its words BROKEN_MIN or more and the whole heading within
    HEADING_MAX, the second a piece that can end a heading (`_tail_like`), no heading end but a closing 。, and the
    words read on across the break as a text's broken heading's do (`_reads_on`: after a comma, inside a word or
    inside the heading's second clause): two headings in one style, one over the other ("深化行政执法体制改革" /
    "严格规范公正文明执法", a part's heading and its first topic's, a table of contents' part and topic: read53 #2),
    are shaped the same. Lines set in one rank three or more in a row are a list, not a heading broken."""
    rank = line_ranks[k]
    if line_ranks.get(k - 1) != rank or line_ranks.get(k - 2) == rank or line_ranks.get(k + 1) == rank:
        return False
    line, marker = lines[k - 1].text, markers[k - 1]
    if marker is None and k - 1 not in found:
        return False
    head = line[marker.end:].strip(BLANK) if marker else line.strip(BLANK)
    piece = lines[k].text.strip(BLANK)
    return (len(head) >= BROKEN_MIN and len(head) + len(piece) <= HEADING_MAX and not _HEADING_END_IN.search(head)
            and not _HEADING_END_IN.search(piece.removesuffix("。")) and _tail_like(piece)
            and (head[-1] in _PHRASE_OPEN or _inside_word(head, piece, pairs) or _clause_cut(head, piece)))


def _heading_lines(text: str, lines: list[Line], styled: tuple[tuple[int, str, str], ...]) -> dict[int, int]:
    """The line each heading by form is (line → rank), found by its words in reading order. Where more lines hold a
    heading's words than headings do, each takes the first line left that follows the words it follows in its file
    (a lead paragraph listing the parts line by line before their headings: reread25 R4), and of several such, the
    first after the line of the heading before it (a table of contents listing a part and its sub-parts: each
    sub-part's line there follows the part's words too, reread27 R2); where none follows them, the first line left (a
    plain line with a heading's words after it is no heading: the split title "…2024年" / "法治政府建设年度报告" under
    the column's <h3> of that name)."""
    # each heading as (rank, its words, the words before it in its file: given by core.report's readers)
    headings = [(rank, _BLANKS.sub("", words), before[0] if before else "") for rank, words, *before in styled]
    count = Counter(words for _, words, _ in headings)
    holding: dict[str, list[int]] = {}  # a heading's words → the lines holding them
    for k, ln in enumerate(lines):
        if (words := _BLANKS.sub("", text[ln.start:ln.end])) in count:
            holding.setdefault(words, []).append(k)
    #: a heading's words → the words a line of them follows → those lines' places among the words' lines
    following: dict[str, dict[str, list[int]]] = {}
    for words, candidates in holding.items():
        if len(candidates) > count[words]:  # (else no choice to make: each takes the next)
            following[words] = {}
            for i, k in enumerate(candidates):
                following[words].setdefault(words_before(text, lines[k].start), []).append(i)
    found: dict[int, int] = {}
    taken = dict.fromkeys(holding, 0)  # a heading's words → how many of their lines are behind the last taken
    previous = -1  # the line of the heading before
    for rank, words, before in headings:
        candidates, at = holding.get(words, []), taken.get(words, 0)
        if at >= len(candidates):
            continue
        pick = at
        if words in following:
            # its words' lines that follow the same words (exactly: fewer than CONTEXT_CHARS only where the text
            # before holds fewer, its start or thousands of marks, as both readers and `words_before` count them)
            same = following[words].get(before, [])
            first = bisect_left(same, at)
            if first < len(same):
                after = bisect_left(same, previous + 1, first, key=candidates.__getitem__)
                pick = same[after] if after < len(same) else same[first]
        found[candidates[pick]] = rank
        taken[words] = pick + 1
        previous = candidates[pick]
    return found


#: Years ("2024年度"), numbers and marks: what a heading says without them is its words (`similarity.heading_key` too).
YEARS_AND_MARKS = lazy(r"(?:19|20)\d\d\s*年度?|[\W_\d]+")
#: A report's closing words ("特此报告。"), a line of their own under its last paragraph.
_CLOSING = lazy(r"(?:特此|专此|以上)(?:报告|汇报|说明)")


def _heading_by_form(words: str) -> bool:
    """A line set as a heading that reads as one: short, no sentence (but a heading's closing 。) or lead-in ("现将…
    报告如下:"), not the closing words ("特此报告。": sty24 F2/F3), no item ("一是…": F1), year alone ("2024年度"), note
    in brackets ("(此件公开发布)"), date, signature, page matter, field or 附件 line."""
    return (len(words) <= STYLED_HEADING_MAX and len(YEARS_AND_MARKS.sub("", words)) >= 2
            and not _HEADING_END_IN.search(words.removesuffix("。")) and not _CLOSING.match(words)
            and ITEM.match(words) is None and not _matter(words) and not meta.is_attachment(words))


def _build_tree(text: str, shadow: str, body: list[Line], markers: list[Marker | None],
                budget: _SectionBudget, numbering: Numbering) -> list[Section]:
    roots: list[Section] = []
    stack: list[Section] = []  # the open sections, outermost first (one per open marker type)
    preamble: Section | None = None

    def open_section(ln: Line, marker: Marker, level: int) -> Section:
        rest = ln.text[marker.end:]
        lead = len(rest) - len(rest.lstrip(BLANK))
        rest = rest.lstrip(BLANK)
        h_len = split_heading(rest)
        h_start = ln.start + marker.end + lead
        h_end = h_start + h_len
        label_start = ln.start + marker.start
        return Section(id="", level=level, label=text[label_start:label_start + len(marker.label)],
                       heading=unbroken(text[h_start:h_end]), start=label_start, end=ln.end,
                       heading_start=h_start, heading_end=h_end,
                       body_start=min(h_end + 1, ln.end) if h_len < len(rest) else ln.end, body_end=ln.end)

    current: Section | None = None
    for ln, marker in zip(body, markers):
        if level := numbering.take(marker):
            budget.take()
            del stack[level - 1:]
            section = open_section(ln, marker, level)
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
            for s in stack:
                s.end = ln.end
            current = section
            continue
        if current is None:
            if preamble is None:
                preamble = Section(id="0", level=1, label="", heading="", start=ln.start, end=ln.end,
                                   heading_start=ln.start, heading_end=ln.start,
                                   body_start=ln.start, body_end=ln.end, kind="preamble")
                roots.append(preamble)
            preamble.end = preamble.body_end = ln.end
            continue
        for s in stack:
            s.end = ln.end
        # A body line extends the deepest open section (the current one); items (一是…) are split off below.
        current.body_end = ln.end
    for section in [s for root in roots for s in root.walk()]:
        if section.kind == "heading":  # the untitled lead paragraph stays one piece
            _split_items(text, shadow, section, budget)
        section.text = text[section.body_start:section.body_end].strip()
    return roots


def _split_items(text: str, shadow: str, section: Section, budget: _SectionBudget) -> None:
    """一是…二是… inside the section's own body become its children, in order, each with its span."""
    body = shadow[section.body_start:section.body_end]
    hits, expected = [], 1
    for m in ITEM.finditer(body):
        n = cn_to_int(m.group(2))
        if n == expected or (n == 1 and hits):
            budget.take()
            hits.append(m)
            expected = n + 1
    if len(hits) < 2 and not (hits and body[: hits[0].start()].strip() == ""):
        return
    items = []
    for i, m in enumerate(hits):
        start = section.body_start + m.start(1)
        end = section.body_start + (hits[i + 1].start() if i + 1 < len(hits) else len(body.rstrip()))
        label_end = start + len(m.group(1))
        h_start = label_end + shadow.startswith("\n", label_end)  # (a label that ended its line: reread25 R14)
        h_len = split_heading(shadow[h_start:end])  # its first sentence, as a heading's (contracts.md)
        # a first sentence broken over two lines is one heading, as a section's is (`unbroken`)
        items.append(Section(id="", level=section.level + 1, label=text[start:label_end], heading=unbroken(text[h_start:h_start + h_len]),
                             start=start, end=end, heading_start=h_start, heading_end=h_start + h_len,
                             body_start=min(h_start + h_len + 1, end), body_end=end, kind="item"))
    for item in items:
        item.text = text[item.body_start:item.body_end].strip()
    section.body_end = section.body_start + hits[0].start()
    section.children = items + section.children


def _assign_ids(sections: list[Section], prefix: str = "", level: int = 1) -> None:
    position = 0
    for s in sections:
        if s.kind == "preamble":
            continue
        position += 1
        s.id = f"{prefix}{position}"
        s.level = level
        _assign_ids(s.children, f"{s.id}.", level + 1)
