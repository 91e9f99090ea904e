"""Where a paragraph broken by soft line breaks really ends its lines.

A Word paragraph holds text line breaks (Shift+Enter) and a web page's source holds newlines inside a block:
some end a line of the report, most are only where someone's editor wrapped the text. `resolve_breaks(segments)`
takes the pieces between the breaks and gives the report's lines: a break ends a line after a sentence end or a
colon, before a heading label (outline.match_marker) or a date line (a signature's), around an empty piece, on either
side of a page's furniture or a metadata field (来源:…, • 成文日期:…), and between a heading or title without a
sentence end and running text or a line ending in a colon (an addressee), unless the text is hard-wrapped (three
lines or more, all but the last of one length in characters or in width: pasted from a PDF or an e-mail).
Elsewhere the pieces join, Chinese as it is, Latin words with one space. Linear in the number of breaks.
Used by core.docx (w:br, w:cr) and core.html_page (newlines of the page's source).

A whole text can be hard-wrapped too: copied out of a PDF viewer or an e-mail, every line of a paragraph but its
last is cut at one width (official documents: 28 characters), so a long heading reads on in the next line
("一、……持续优化法治化" / "营商环境"). `unwrap(text)` tells such a text by its lines (WRAP_SHARE of them at
one width, hardly any wider, few of those ending a sentence) and joins its lines back into paragraphs: a line
at the width reads on (so does one whose next line opens with a word that would not have fit), one short of it
ends its paragraph, and a blank, indented, date or tabular line, or an item's or a heading's label after a
sentence end, starts one; a heading that filled its line ends there unless it ends within HEADING_MAX
characters. Copied out of a PDF viewer, paragraphs lose their first-line indent (a position in the PDF): where the
text shows it (no line indented, many lines LOST_INDENT characters short ending no sentence), such a line was cut
all the same and opens its paragraph. A page's number inside a paragraph ("3", "— 3 —", "第3页 共9页", with the blank lines about it: a PDF
copy's page foot) is dropped, as core.pdf drops it, and so is a running header or footer after its first place (a line
repeated on every page); a number the width cut ("12" / "345") joins without a space.
Linear in the text. Any other text comes back unchanged (the same string), so its sha256 does not
move. What the lines cannot tell: a paragraph that ends at the width (within a character) reads on into the
next (the outline is the same), and a heading that filled its line before a body whose first sentence is short
reads as a run-in heading.

A heading's label can stand alone on its line, its heading on the next ("一、" / "2024年工作情况": a number in a text
run or a page block of its own). `join_bare_labels(text)` joins the two (core.report reads every text through it),
unless the next line opens a line itself (a label, an item, a date) or the two lines after the label are a table row's
cells ("1." / "行政复议案件" / "35件"). Linear; any other text comes back unchanged.

A paragraph a line (a PDF converted to Word or to text) keeps its pages' feet, one where a page broke a paragraph:
`join_page_breaks(text)` drops them and joins the two halves; `close_letter_spacing(text)` closes up a line set
letter by letter (a spaced title: "法 治 政 府 建 设 情 况 报 告"). Linear; any other text comes back unchanged.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from fazhi.core.hanzi import BLANK, HAN, HEADING_END, SENTENCE_END, reading_shadow
from fazhi.core.metadata import furniture_label, is_date, metadata_field, names_only, parse_date, title_like
from fazhi.core.outline import HEADING_MAX, ITEM, WIDEST_WRAP, Marker, match_marker
from fazhi.core.patterns import lazy
from fazhi.core.record import record


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
    return [line.text() for line in lines]


#: Latin marks a space follows in running text; after the others ("1+6+", "2021-", "(") a word reads on without one
#: (gen21: "1+6+ N" from a text cut at 28 characters).
_SPACED_AFTER = frozenset(",.;:!?)]%\"")


class _Line:
    """A line joined from pieces; what the break rules read is kept as it grows, so a paragraph of many breaks
    is read in linear time."""

    def __init__(self, piece: str, numbers_cut: bool = False) -> None:
        self.pieces: list[str] = []
        self.length, self.last, self.end, self.sentence_ended = 0, "", "", False
        self.numbers_cut = numbers_cut
        self.join(piece)

    def join(self, piece: str) -> None:
        """Chinese joins as it is; Latin words and numbers keep one space between them, after a letter, a digit or a
        mark running text spaces after (_SPACED_AFTER: not "1+6+" / "N"), but for `numbers_cut` (a text wrapped at a
        width in characters, which cuts "12" / "345热线" and "83." / "33%" as it cuts Chinese) a number reads on without
        one, but after a Latin word."""
        first, last = piece[:1], self.last
        between_latin = (last.isascii() and (last.isalnum() or last in _SPACED_AFTER)
                         and first.isascii() and first.isalnum())
        number_reads_on = self.numbers_cut and first.isdigit() and not (last.isascii() and last.isalpha())
        if between_latin and not number_reads_on:
            self.pieces.append(" ")
        self.pieces.append(piece)
        self.length += len(piece)
        self.last = piece[-1:] or self.last
        self.end = piece.rstrip(BLANK + _CLOSING)[-1:] or self.end  # the last character but closing quotes
        self.sentence_ended = self.sentence_ended or any(c in SENTENCE_END for c in piece)

    def text(self) -> str:
        return "".join(self.pieces)

    def head(self, size: int = 100) -> str:
        """The line's first `size` characters (no more: a heading's tests read them for every line that follows)."""
        out, n = [], 0
        for piece in self.pieces:
            if n >= size:
                break
            out.append(piece)
            n += len(piece)
        return "".join(out)[:size]

    def heading_like(self) -> bool:
        """The line so far is a heading or a title without a sentence end (read as the outline reads it: in
        simplified characters)."""
        head = self.head()
        return not self.sentence_ended and bool(match_marker(head) or self.length <= 80 and title_like(reading_shadow(head)))

    def ends_before(self, after: str, wrapped: bool) -> bool:
        """A text line break between this line and `after` ends the line: a sentence (or a colon) ends before
        it, a heading label or a date line (a signature's) follows it, a page's furniture or a metadata field
        (来源:…, • 成文日期:…) stands on either side, or, unless the text is hard-wrapped, a heading or title without
        a sentence end stands before running text or a line ending in a colon (an addressee, "…报告如下:"):
        Shift+Enter after a heading; a heading or title cut by the break, after a comma or inside a word, reads on in
        the next piece."""
        if self.end and self.end in HEADING_END or match_marker(after) or is_date(after):
            return True
        if _furniture(after) or self.length <= FURNITURE_MAX and _furniture(self.text()):
            return True
        if wrapped or not (any(c in SENTENCE_END for c in after) or after.rstrip()[-1:] in _COLONS):
            return False
        if not self.heading_like():
            return False
        from fazhi.core.tokens import word_across  # (jieba: loaded only for a heading's line broken before a sentence)

        return not word_across(self.text(), after)  # "…习近平法治思" / "想。" is an editor's wrap (gen31 #12)


#: A text is hard-wrapped when at least this share of its lines (and WRAP_MIN_LINES of them) are at one width
#: within WRAP_WIDTHS characters (twice that in columns) … (a text of one paragraph a line has at most 0.13 of
#: its lines within a character of one width; a wrapped report's short paragraphs leave 0.35 of them at it)
WRAP_SHARE = 0.25
WRAP_MIN_LINES = 6
WRAP_WIDTHS = (10, WIDEST_WRAP)
#: … and at most this share (or two lines) are wider than it (a title or a signature may stand out) …
WRAP_WIDER = 0.03
#: … and at most this share of the lines at the width end a sentence: a wrapped line reads on (of the samples
#: wrapped at 20–80, at most 0.06; a list of sentences of one length, or a text of a sentence a line, nearly all).
WRAP_ENDED = 0.34
_ENDS = set(HEADING_END + "….")
#: A paragraph's first-line indent, in characters, that a copy out of a PDF viewer may lose; read as lost where at
#: most this share of the lines is indented (a metadata line or two may be), and the lines that many characters
#: short ending no sentence are at least this share of the paragraphs' last lines (measured: 0.87–3 where the
#: indent was lost; at most 0.5 for the samples wrapped at 20–80 without indents, mostly under 0.2).
LOST_INDENT = 2
LOST_INDENT_SHARE = 0.02
LOST_INDENT_FIRSTS = 0.7
#: A title or a body's name found this many times or more in a hard-wrapped text is a PDF copy's running header or
#: footer.
RUNNING_PAGES = 3
#: A line that is only a page's number, as a PDF's page foot gives it ("3", "— 3 —", "第3页 共9页", "3/9").
PAGE_NUMBER = lazy(r"[-—–－_\s]*(?:第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?"
                   r"|page\s*\d+(?:\s*of\s*\d+)?)[-—–－_\s]*", re.I)
#: A piece this short that reads as a page's furniture (a breadcrumb, 来源/发布时间, 打印 关闭) or a metadata field is a
#: line of its own: a page's plain text inside one block, or a Word paragraph of Shift+Enter lines, ran the title
#: into them (and lost it).
FURNITURE_MAX = 120
_COLONS = ":\uff1a"
_CLAUSE_MARKS = lazy(r"[,\uff0c。;\uff1b!?\uff01\uff1f]")


def _furniture(piece: str) -> bool:
    """A metadata field, or furniture standing as a label without the marks of a clause (running text says "资金来源:"
    and "提供技术支持的单位" too: reread7 #4)."""
    return len(piece) <= FURNITURE_MAX and (metadata_field(piece) is not None
                                            or furniture_label(piece) and not _CLAUSE_MARKS.search(piece))


#: Closing quotes and brackets: what a line's last character is read past.
_CLOSING = "”’\"')）"


#: A label alone on its line ("一、", "（一）", "第一部分"), its heading on the next: a label this long at most.
BARE_LABEL_MAX = 8
#: Blank lines a bare label's heading may come after (a page copied with a blank line between its blocks).
BARE_LABEL_BLANKS = 2
#: Two lines this short after a bare label, ending no sentence and heading nothing, are a table row's next cells: the
#: label was the row's number ("1." / "行政复议案件" / "35件", each cell a line of a page or a Word table: reread12 R5).
CELL_MAX = 12


def join_bare_labels(text: str) -> str:
    """The text with each heading label that stands alone on its line ("一、" / "2024年工作情况": a PDF or a Word
    file's number in a text run of its own, a page's number in a block of its own) joined to the heading on the line
    after it (a part's name after one blank, "第一部分 工作情况", as one line writes it); `text` itself when there is
    none. Not joined: a next line that is a label, an item (一是…) or a date itself (`_opens_line`), or a table row's
    next cells (`_table_row`, CELL_MAX)."""
    if not any(_bare_label(m.group(0)) for m in _SHORT_LINE.finditer(text)):
        return text
    lines = text.split("\n")
    out: list[str] = []
    skip = -1
    for i, line in enumerate(lines):
        if i <= skip:
            continue
        marker = _bare_label(line)  # (however many blanks about it, as the check above finds it)
        heading = _next_filled(lines, i) if marker else None
        if heading is not None and not _opens_line(lines[heading]) and not _table_row(lines, heading):
            out.append(line.rstrip() + (" " if marker.kind == "part" else "") + lines[heading].lstrip())
            skip = heading
            continue
        out.append(line)
    return "\n".join(out) if skip >= 0 else text


def close_letter_spacing(text: str) -> str:
    """The text with each line set letter by letter closed up ("东 坑 镇 2017 年 法 治 政 府 建 设 情 况 报 告": a PDF's
    or a page's spaced title, signature or short heading, whose words no reading found); `text` itself when there is
    none. Such a line's words are single Chinese characters (LETTER_SPACED_MIN or more) or digits, LETTER_SPACED_SHARE
    of them; the others (a year, a label with its first character) short. Its indent stays."""
    if not (_SPACED_LETTER.search(text) or _WIDE_SPACED_LETTER.search(text)):  # (a literal first: ~1 ms a MB)
        return text
    pieces: list[str] = []
    done = 0  # the text up to here is in `pieces`
    for found in _SPACED_LETTERS.finditer(text):  # only the lines that may be spaced are read (a 2.5 MB report: 9 ms)
        start = found.start()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        words = line.split()
        letters = sum(len(w) == 1 and HAN.match(w) is not None for w in words)
        singles = letters + sum(len(w) == 1 and w.isdigit() for w in words)  # a spaced year: "2 0 2 4 年"
        if letters >= LETTER_SPACED_MIN and singles >= LETTER_SPACED_SHARE * len(words) \
                and max(map(len, words)) <= LETTER_SPACED_WORD:
            pieces += [text[done:start], line[:len(line) - len(line.lstrip())], "".join(words)]
            done = end
    return "".join(pieces) + text[done:] if pieces else text


#: A line set letter by letter: at least this many single Chinese characters between blanks, this share of its words,
#: and no word longer than LETTER_SPACED_WORD ("2024", "一、工").
LETTER_SPACED_MIN = 3
LETTER_SPACED_SHARE = 0.75
LETTER_SPACED_WORD = 4
#: A Chinese character between blanks, the quick tests before `close_letter_spacing` reads the lines that open with
#: three short words between blanks (a pattern that opens with a character class took 19 ms on a 2.5 MB report)
_SPACED_LETTER = lazy(" [\u4e00-\u9fff] ")
_WIDE_SPACED_LETTER = lazy("\u3000[\u4e00-\u9fff]\u3000")
_SPACED_LETTERS = lazy(r"(?m)^[^\S\n]*\S{1,4}[ \u3000]{1,3}\S{1,4}[ \u3000]{1,3}\S")


def join_page_breaks(text: str) -> str:
    """The text without its pages' feet, each paragraph one cut in two ("…推进法治政府" / "— 3 —" / "建设各项工作…", as
    a PDF converted to Word or to text a paragraph a line gives it) joined again; `text` itself when there is none. A
    foot is a line that is a page's number in a page's dress ("— 3 —", "第3页 共9页", "3/9": a bare "3" may be a
    table's cell): never the report's text, even where it cut no paragraph (after a paragraph's end or a heading, which
    read it as its own end: "…推动法治政府建设第1页"). The halves about it (up to BARE_LABEL_BLANKS blank lines away)
    join where the first ends no sentence and is no heading or title (a heading at a page's foot keeps its own line),
    the second opens no line of its own (a label, an item, a date), and neither is set out with blanks."""
    if not _FOOT_LINE.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i, dropped = 0, False
    while i < len(lines):
        line = lines[i]
        if _dressed_foot(line):
            dropped = True
            if out and (joined := _across_foot(out, lines, i)) is not None:
                out[joined[0]:] = [joined[1]]
                i = joined[2]
            else:
                i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out) if dropped else text


def _across_foot(out: list[str], lines: list[str], foot: int) -> tuple[int, str, int] | None:
    """(where in `out` the paragraph's first half is, the paragraph joined, the line after its second half) when the
    foot at line `foot` cut a paragraph; else None."""
    before = next((k for k in range(len(out) - 1, max(-1, len(out) - 2 - BARE_LABEL_BLANKS), -1) if out[k].strip()),
                  None)
    after = _next_filled(lines, foot)
    if before is None or after is None:
        return None
    first, second = out[before].rstrip(), lines[after].strip()
    paragraph = _Line(first)
    if _ends_sentence(first) or first[-1:] in _COLONS or paragraph.heading_like() or _opens_line(second) \
            or _dressed_foot(second) or _layout(first.strip()) or _layout(second):
        return None  # (a line set out with blanks is no running text: a page's date, a table's row)
    paragraph.join(second)
    return before, paragraph.text(), after + 1


def _dressed_foot(line: str) -> bool:
    piece = line.strip()
    return bool(piece) and not piece.isdigit() and PAGE_NUMBER.fullmatch(piece) is not None


#: A line that is a page's number: the quick test before `join_page_breaks` reads a text's lines (PAGE_NUMBER itself,
#: anchored at lines: the test and the rule it guards cannot drift apart).
_FOOT_LINE = lazy(rf"(?m)^(?:{PAGE_NUMBER.pattern})$", re.I)


_SHORT_LINE = lazy(rf"(?m)^[{BLANK}]*\S.{{0,{BARE_LABEL_MAX - 1}}}$")


def _bare_label(line: str) -> Marker | None:
    """The line's label when it is all the line holds."""
    marker = match_marker(line, alone=True) if len(line.strip()) <= BARE_LABEL_MAX else None
    return marker if marker is not None and not line[marker.end:].strip() else None


def _next_filled(lines: list[str], i: int) -> int | None:
    """The next line with text after line i, past BARE_LABEL_BLANKS blank lines at most."""
    return next((k for k in range(i + 1, min(i + 2 + BARE_LABEL_BLANKS, len(lines))) if lines[k].strip()), None)


def _opens_line(line: str) -> bool:
    """A line that is a heading, an item or a date of its own: nothing's continuation."""
    return match_marker(line) is not None or ITEM.match(line) is not None or is_date(line.strip())


def _table_row(lines: list[str], heading: int) -> bool:
    """Whether the line after a bare label and the one after it are a table row's next cells: both short, neither
    ending a sentence nor heading anything (a heading's own line is followed by its text or the next heading)."""
    after = _next_filled(lines, heading)
    return after is not None and all(len(s) <= CELL_MAX and not _opens_line(s) and _bare_label(s) is None
                                     and not _ends_sentence(s) for s in (lines[heading].strip(), lines[after].strip()))


def unwrap(text: str) -> str:
    """The text with hard-wrapped paragraphs joined back into lines (see the module docstring); `text` itself
    when it is not hard-wrapped."""
    lines = text.split("\n")
    wrap = _wrap_of(lines)
    return text if wrap is None else "\n".join(_Unwrapped(lines, wrap).lines())


class _Unwrapped:
    """A hard-wrapped text's lines joined into paragraphs; linear (a heading looks HEADING_MAX characters ahead)."""

    def __init__(self, raw: list[str], wrap: _Wrap) -> None:
        self.raw, self.wrap = raw, wrap
        #: the indent of the lines a paragraph reads on in; more starts a paragraph
        self.indent = Counter(_indent(line) for line in raw if wrap.reached(line)).most_common(1)[0][0]
        #: Copied out of a PDF viewer, a paragraph's first line loses its indent (a position, not characters): it
        #: stops that much short of the width, yet the wrap cut it. Read so where (almost) no line is indented and
        #: such lines, ending no sentence, are about as many as the paragraphs' last lines (that end one).
        filled = [line.rstrip() for line in raw if line.strip()]
        short = LOST_INDENT * wrap.char
        firsts = sum(wrap.short_by(line, short) and not _ends_sentence(line) for line in filled)
        lasts = sum(not wrap.reached(line, short) and _ends_sentence(line) for line in filled)
        indented = sum(_indent(line) > 0 for line in filled)
        lost = indented <= LOST_INDENT_SHARE * len(filled) and firsts >= max(2, LOST_INDENT_FIRSTS * lasts)
        self.lost_indent = short if lost else 0
        #: A PDF copy's running header or footer (the report's title, its author) repeats on every page, inside
        #: paragraphs: a title or a body's name found RUNNING_PAGES times or more. Its first place above the running
        #: text (the first sentence's end) is kept (the title); its other places are no text (`repeated`).
        pieces = Counter(line.strip() for line in raw)
        self.running = {piece for piece, n in pieces.items() if n >= RUNNING_PAGES and piece and _heads_pages(piece)}
        self.not_text: set[int] = set()
        if self.running:
            text_start = next((k for k, line in enumerate(raw) if _ends_sentence(line)), len(raw))
            places = [k for k, line in enumerate(raw) if line.strip() in self.running]
            kept = {raw[k].strip(): k for k in reversed(places) if k <= text_start}  # each one's first place above it
            self.not_text = set(places) - set(kept.values())

    def cut(self, i: int, first: bool = False) -> bool:
        """Line i was cut by the wrap: its paragraph reads on in the next line. `first`: the line opens its
        paragraph (which may have lost its indent: then a line as much short of the width that ends no sentence)."""
        return first and self.lost_first(i) or self.wrap.cut(self.raw[i], self.after(i))

    def after(self, i: int) -> str:
        """The line after line i, past a page's foot or header (a word the wrap moved went to the next page)."""
        k = self.page_foot_end(i + 1) or i + 1
        return self.raw[k] if k < len(self.raw) else ""

    def lines(self) -> list[str]:
        out: list[str] = []
        paragraph: _Line | None = None
        skip_to = opened = 0
        for i, line in enumerate(self.raw):
            if i < skip_to or self.repeated(i):
                continue
            if paragraph is not None and (end := self.page_foot_end(i)):
                skip_to = end  # a page's number (and the blank lines about it) inside a paragraph is no text
                continue
            piece = line.strip()
            if paragraph is not None and (self.opens(i) or self.breaks_before(paragraph, i)):
                out.append(paragraph.text())
                paragraph = None
            if not piece:
                out.append(line)
            elif paragraph is None:
                paragraph, opened = _Line(line.rstrip(), numbers_cut=True), i
            else:
                paragraph.join(piece)
            if paragraph is not None and (not self.cut(i, first=opened == i) or _layout(piece)):
                out.append(paragraph.text())  # a paragraph's last line stops short of the width
                paragraph = None
        if paragraph is not None:
            out.append(paragraph.text())
        return out

    def page_foot_end(self, i: int) -> int | None:
        """Where the lines from i on stop being a page's foot or header (its number, "— 2 —", "第2页 共9页", a running
        header, and the blank lines about them) when line i begins one; else None."""
        k, found = i, False
        while k < len(self.raw) and (not (piece := self.raw[k].strip()) or PAGE_NUMBER.fullmatch(piece)
                                     or piece in self.running):
            found = found or bool(piece)
            k += 1
        return k if found and k < len(self.raw) else None

    def repeated(self, i: int) -> bool:
        """Line i is a running header's or footer's place but its first above the running text (no text)."""
        return i in self.not_text

    def opens(self, i: int) -> bool:
        """Line i begins a paragraph whatever stands before it: it is blank, indented, a date or set out with
        blanks, or a first line that lost its indent. A date in full (parse_date): a lone "2024年" is the rest of a
        title cut by the wrap."""
        line = self.raw[i]
        piece = line.strip()
        return (not piece or _indent(line) > self.indent or _layout(piece) or parse_date(piece) is not None
                or self.lost_first(i))

    def lost_first(self, i: int) -> bool:
        """Line i is a paragraph's first line that lost its indent: as much short of the width, ending no sentence,
        and not for the number or word that opens the next line (the wrap moved it down whole)."""
        line = self.raw[i]
        return (bool(self.lost_indent) and self.wrap.short_by(line, self.lost_indent) and not _ends_sentence(line)
                and not self.wrap.word_moved(line, self.after(i)))

    def breaks_before(self, paragraph: _Line, i: int) -> bool:
        """Whether the paragraph, whose last line reached the width, ends before line i all the same: the line
        starts with a heading's or an item's label and the paragraph is a heading or ended a sentence (else a word
        was cut: "统" / "一、权威高效的…", "之" / "一是…"); or the paragraph is a heading or a title without a
        sentence end that would not end (by a sentence end, a run-in heading's "。", or its paragraph's end)
        within HEADING_MAX characters if it read on: running text under a heading that filled its own line."""
        heading = paragraph.heading_like()
        if _label(self.raw[i].strip()):
            return heading or paragraph.end in HEADING_END
        return heading and not self.heading_ends_within(paragraph.length, i)

    def heading_ends_within(self, length: int, i: int) -> bool:
        for k in range(i, len(self.raw)):  # (HEADING_MAX characters ahead at most: the loop breaks past them)
            piece = self.raw[k].strip()
            if k > i and (self.opens(k) or _label(piece)):
                break
            end = next((n for n, c in enumerate(piece) if c in HEADING_END), None)
            length += len(piece) if end is None else end
            if end is not None or not self.cut(k) or length > HEADING_MAX:
                break
        return length <= HEADING_MAX


def _heads_pages(piece: str) -> bool:
    """What a running header or footer says: a title, or only bodies' names ("清远市清城区人民政府"), as an official
    document's masthead too ("东坑镇人民政府文件")."""
    shadow = reading_shadow(piece)
    return title_like(shadow) or names_only(shadow.removesuffix("文件"))


def _ends_sentence(line: str) -> bool:
    return line.rstrip().rstrip(_CLOSING)[-1:] in _ENDS


def _label(piece: str) -> bool:
    """The line starts with a heading's label (一、) or an item's (一是)."""
    return match_marker(piece) is not None or ITEM.match(piece) is not None


def _layout(piece: str) -> bool:
    """A line set out with runs of blanks (a page's date and source, a table's row) is not running text."""
    return "  " in piece or "\t" in piece or "\u3000" in piece


@record(frozen=True)
class _Wrap:
    """The width a text is wrapped at, in characters or in columns (`measure`), and one character's size in it."""

    measure: Callable[[str], int]
    width: int
    char: int

    def reached(self, line: str, short: int = 0) -> bool:
        """The line is at the width (or a character short: the next character may not have fit), or `short` more."""
        return self.measure(line.rstrip()) >= self.width - self.char - short

    def short_by(self, line: str, short: int) -> bool:
        """The line stops short of the width by up to `short` more than `reached` allows (an indent's worth)."""
        return self.reached(line, short) and not self.reached(line)

    def cut(self, line: str, after: str) -> bool:
        """The wrap cut the line: it is at the width, or `word_moved`."""
        return self.reached(line) or self.word_moved(line, after)

    def word_moved(self, line: str, after: str) -> bool:
        """The Latin word or number that opens the next line would not have fit on the line (a wrap breaks between
        words, leaving a ragged edge)."""
        word = _OPENING_WORD.match(after.lstrip())
        return bool(word) and self.measure(line.rstrip()) + self.measure(word[0]) > self.width


_OPENING_WORD = lazy(r"[A-Za-z0-9][A-Za-z0-9.%+/-]*")


def _wrap_of(lines: list[str]) -> _Wrap | None:
    """How the text is wrapped (in characters, in characters with a blank indent counted by its room, or in display
    width: a Chinese character is two ASCII characters wide), or None when it is not hard-wrapped."""
    filled = [line.rstrip() for line in lines if line.strip()]
    for measure, char in ((len, 1), (_indent_as_room, 1), (_display_width, 2)):
        sizes = Counter(map(measure, filled))
        least, most = (char * w for w in WRAP_WIDTHS)
        # the width: the most lines within a character below it
        width, count = max(((w, sum(sizes[w - k] for k in range(char + 1))) for w in sizes if least <= w <= most),
                           key=lambda wc: (wc[1], wc[0]), default=(0, 0))
        wider = sum(n for w, n in sizes.items() if w > width)
        if count >= max(WRAP_MIN_LINES, WRAP_SHARE * len(filled)) and wider <= max(2, WRAP_WIDER * len(filled)):
            wrap = _Wrap(measure, width, char)
            at_width = [line for line in filled if wrap.reached(line)]
            # the lines at the width read on: few of them end a sentence (a list of sentences of one length does)
            if sum(map(_ends_sentence, at_width)) <= WRAP_ENDED * len(at_width):
                return wrap
    return None


def _indent_as_room(s: str) -> int:
    """Characters, a blank indent counted by the room it takes in Chinese characters ("    " and "　　" two, "  " one):
    a PDF's lines are cut at one width, so a paragraph's indented first line holds fewer characters, while its
    punctuation, written half-width in the copy, takes a character's place (neither measure above fits such a text:
    by characters its first lines stand out, by width its lines at the width differ by their commas)."""
    body = s.lstrip(BLANK)
    return len(body) + (_display_width(s[:len(s) - len(body)]) + 1) // 2


def _display_width(s: str) -> int:
    """Columns: two for every character but ASCII (counted in C: reading every .txt measures every line)."""
    return 2 * len(s) - len(s.encode("ascii", "ignore"))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(BLANK))


def _hard_wrapped(pieces: list[str]) -> bool:
    """A paragraph's pieces broken at a fixed length (pasted from a PDF or an e-mail): three lines or more, all
    but the last of about one length, in characters (a wrap at N characters) or in width (a Chinese character is
    two ASCII characters wide: a PDF's line). A whole text, whose paragraphs each end short, is judged by
    `_wrap_of`."""
    full = [x.strip() for x in pieces[:-1]]
    return len(full) >= 2 and all(full) and (_even(list(map(len, full))) or _even(list(map(_display_width, full))))


def _even(lengths: list[int]) -> bool:
    return max(lengths) - min(lengths) <= max(2, max(lengths) // 8)
