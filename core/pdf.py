"""A text PDF's report text: page headers, footers and page numbers removed, lines joined back into paragraphs.

pypdf extracts the text (see pyproject.toml for why pypdf): every text chunk comes with its position (one outside
the page's box, never shown, is left out), so lines are rebuilt by their baseline, and a line starts a new paragraph
when it is indented (the two-character indent of official documents), when its type size differs (a title over the
addressee), when the line before it is set apart (centred or to the right: a signature, a date), when the line
before it stops short of the right margin, or when it starts with a heading marker after a sentence end; the centred
rest of a heading or title too long for its line goes on with it. A page set in two columns (a gazette's) is read
column by column between the lines across both (a title over the columns, the running header). Lines that repeat at
the top or bottom of the pages (the running header, "— 3 —", "第3页 共9页") are page furniture. The result reads like
the .txt of the same report: one paragraph a line. A page the page tree lists more than once is read once, its text
given at each listing.

A PDF without a text layer (a scan) is refused with "no text layer; OCR it first"; so is one whose text layer
is not readable (fonts without a Unicode map). Corrupt and password-protected files are refused in one line.
"""
from __future__ import annotations

import io
import logging
import math
import os
import re
import statistics
import warnings
from collections import Counter
from pathlib import Path

from fazhi.core import cache
from fazhi.core.errors import FazhiError
from fazhi.core.hanzi import HAN, HEADING_END, RADICAL, SENTENCE_END, radicals_as_ideographs
from fazhi.core.line_breaks import PAGE_NUMBER
from fazhi.core.metadata import is_date, names_only
from fazhi.core.outline import match_marker
from fazhi.core.record import record, replace

#: A PDF of more pages than this is no report (the longest run to a few hundred): refused before any is read.
MAX_PAGES = 3_000
#: On average fewer readable characters than this per page: the pages are images.
MIN_CHARS_PER_PAGE = 10
#: More than this share of unreadable characters (private-use code points, U+FFFD): the fonts have no Unicode map.
MAX_UNREADABLE = 0.3
_LATIN = re.compile(r"[A-Za-z]")
_READABLE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
#: What a font without a Unicode map gives instead of Chinese: private-use code points, U+FFFD, control characters,
#: letters of alphabets a Chinese report does not use (accented Latin, Cyrillic, Armenian, Hebrew: a font's own codes
#: read as Latin-1 or Unicode), and glyph names (/g5/g2, a Type3 font's). The symbols a report does use (·, ×, °)
#: are not among them (pdf2 F3: such mojibake was read as an untitled report).
_UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
                         r"\u0400-\u05ff]|(?:/[A-Za-z]+\d+){2,}")
# pypdf logs the damage it recovers from; with a handler of its own that never reaches stderr, where bad
# input gets exactly one line (ours).
logging.getLogger("pypdf").addHandler(logging.NullHandler())


#: (baseline y, x, font size, text, font name without its subset's tag or "") of one text operation
_Chunk = tuple[float, float, float, str, str]


@record
class _Line:
    x0: float  # where the line starts
    x1: float  # where it ends (estimated from the characters' widths)
    y: float  # baseline, from the bottom of the page
    size: float  # font size in points
    text: str
    column: int = 0  # 1: the right column of a page in two (`_reading_order`)
    fonts: frozenset[str] = frozenset()  # the fonts its characters are drawn in (those a file names)


def pdf_text(path: Path, source: str) -> tuple[str, tuple[str, ...]]:
    """The report text of a text PDF, one paragraph a line, and what the reviewer should know was not read (pages
    without a text layer: a scanned 附件 or signed page after a typed report). Kept in the cache by the file's bytes,
    this module and the PDF library (pypdf takes seconds over a long report whose characters are placed one by one,
    and the workbench read it again at every opening: pdf2 F7); a PDF refused is read again."""
    raw = path.read_bytes()
    key = _cache_key(raw)
    if key is not None and (kept := cache.load("pdf-text", key)) is not None:
        notes, _, text = kept.partition(b"\0")  # (the notes are code's words: no NUL in them)
        return text.decode("utf-8", "surrogatepass"), tuple(notes.decode().splitlines())
    text, notes = _text_of(raw, source)
    if key is not None:
        cache.store("pdf-text", key, "\n".join(notes).encode() + b"\0" + text.encode("utf-8", "surrogatepass"))
    return text, notes


def text_kept(path: str | Path) -> bool:
    """Whether this PDF's text is in the cache (reading it is then quick; else it may take seconds: say so first)."""
    try:
        key = _cache_key(Path(path).read_bytes())
    except OSError:
        return False
    return key is not None and cache.exists("pdf-text", key)


def _cache_key(raw: bytes) -> str | None:
    if cache.cache_dir() is None:
        return None
    from importlib.util import find_spec

    from fazhi.core.digest import sha256
    from fazhi.core.versions import READING_MODULES, code_version

    library = find_spec("pypdf")
    try:
        stamp = cache.file_stamp(os.stat(library.origin)) if library and library.origin else ""
    except OSError:
        stamp = ""
    return f"{sha256(raw).hexdigest()[:32]}-{code_version(*READING_MODULES)}-" \
           f"{sha256(stamp.encode()).hexdigest()[:12]}"


def _text_of(raw: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    pages = _ideographs(_page_lines(io.BytesIO(raw), source))
    if not pages:
        raise FazhiError(source, "the PDF has no pages")
    readable = sum(len(_READABLE.findall(ln.text)) for page in pages for ln in page)
    unreadable = sum(sum(len(m) for m in _UNREADABLE.findall(ln.text)) for page in pages for ln in page)
    # (fonts first: their codes are text, which the image check below took for a scan's few characters)
    if unreadable > MAX_UNREADABLE * (readable + unreadable):
        raise FazhiError(source, "text layer is not readable (fonts without a Unicode map); OCR it first")
    # counted without the pages' furniture: a portal's stamp on every page of a scan is no text (pdf2 F5)
    body = _drop_furniture(pages)
    per_page = [sum(len(_READABLE.findall(ln.text)) for ln in page) for page in body]
    if sum(per_page) < MIN_CHARS_PER_PAGE * len(pages):
        raise FazhiError(source, "no text layer; OCR it first (the pages are images)")
    images = [n for n, (count, page) in enumerate(zip(per_page, body), 1)
              if count < MIN_CHARS_PER_PAGE and not _signed_off(page)]
    # a typed cover (a page or two) over a scanned body read as a report without sections (pdf2 F5); a typed report
    # with scanned 附件 after it (stamped tables, a signed letter) is read: its text is whole (reread8)
    if 2 * len(images) > len(pages) and len(pages) - len(images) <= TYPED_COVER_PAGES:
        raise FazhiError(source, f"{len(images)} of its {len(pages)} pages have no text layer (pages "
                                 f"{_page_ranges(images)}: images); OCR it first")
    notes = (f"{_pages(images)} no text layer (images): not read; OCR the PDF to read them",) if images else ()
    return _paragraphs(body).translate(_GLYPHS_AS_WRITTEN), notes


#: What a font's Unicode map gives for a glyph where the text had other characters: Noto CJK, as a browser sets it
#: ("Save as PDF"), joins two em dashes in one glyph that maps to the two-em dash, maps a lone em dash (between
#: figures: "2023—2025年") to the horizontal bar (pdf23 P7), and its angle brackets to the technical ones, canonically
#: the same (gen22 F2). A report has no other use for the bar.
_GLYPHS_AS_WRITTEN = str.maketrans({"\u2e3a": "——", "\u2e3b": "———", "\u2015": "—", "\u2329": "\u3008",
                                    "\u232a": "\u3009"})


def _ideographs(pages: list[list[_Line]]) -> list[list[_Line]]:
    """The lines with radicals read as the ideographs they stand for (`hanzi.radicals_as_ideographs`, decided over the
    whole text), before paragraphs are told apart: "(⼀)运用…" after "…主要表现在:" opens a heading (walk22 F1)."""
    lines = [ln.text for page in pages for ln in page]
    if not RADICAL.search("".join(lines)):
        return pages
    texts = iter(radicals_as_ideographs("\n".join(lines)).split("\n"))  # (a line holds no line break: `_line`)
    return [[replace(ln, text=next(texts)) for ln in page] for page in pages]


def _signed_off(page: list[_Line]) -> bool:
    """A page holding only a date or a body's name: a report's last page, its signature and date (gen22 F4: said to
    be an image whose text was not read)."""
    return bool(page) and all(is_date(ln.text) or names_only(ln.text) for ln in page)


def _pages(numbers: list[int]) -> str:
    """"page 7 has" / "pages 12–15 have": the subject of a note."""
    return f"page {numbers[0]} has" if len(numbers) == 1 else f"pages {_page_ranges(numbers)} have"


#: At most this many pages with text over scanned ones are a typed cover, not a report.
TYPED_COVER_PAGES = 2


def _page_ranges(numbers: list[int]) -> str:
    """1, 3–8: page numbers as ranges."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def _page_lines(path: Path | io.BytesIO, source: str) -> list[list[_Line]]:
    """Every page's lines, in reading order (`_reading_order`). A page drawn as one before it (`_drawn_by`: the page
    tree lists one page object again, or pages share their content and resources) is read once: its lines are given
    again, each time it is listed, so that the work follows what the file holds, not how often it is listed (a 20 KB
    file listing one dense page 2,999 times was read page by page for minutes: fuzz6 F2)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    pages: list[list[list[_Chunk]]] = []  # each page's baselines (one list for the pages drawn alike)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise FazhiError(source, "encrypted PDF: it needs a password; save an unprotected copy first")
            if (count := len(reader.pages)) > MAX_PAGES:  # (a 4.7 KB tree of one page 89,401 times took 35 s: fuzz5 F7)
                raise FazhiError(source, f"{count:,} pages: far more than a report has (at most {MAX_PAGES:,} are read)")
            read: dict[tuple, list[list[_Chunk]]] = {}
            for page in reader.pages:
                if (key := _drawn_by(page)) not in read:
                    read[key] = _baselines(_chunks(page))
                pages.append(read[key])
    except FazhiError:
        raise
    except (FileNotDecryptedError, DependencyError) as e:
        raise FazhiError(source, f"encrypted PDF: cannot decrypt it ({e}); save an unprotected copy first") from None
    except Exception as e:  # pypdf raises many kinds of error on damaged files; each is bad input here
        if (what := _not_pdf(path)) is not None:  # (pdf32: a web page saved as .pdf was "corrupt")
            raise FazhiError(source, f"not a PDF: {what}") from None
        raise FazhiError(source, f"corrupt PDF, cannot be read ({e})" if str(e) else "corrupt PDF, cannot be read") from None
    gutters = _once_each(_gutter, pages)
    # a report most of whose pages are in two columns: a page that cannot tell by itself (the last one's right column
    # holds a few lines) is set as the others, if no more of its lines cross their gap than of theirs (one page of a
    # table in a report of one column sets no other page so)
    found = Counter(g for g in gutters if g)
    usual = found.most_common(1)[0][0] if found and 2 * sum(found.values()) >= len(pages) else None

    def ordered(groups: list[list[_Chunk]], gutter: tuple[float, float] | None) -> list[_Line]:
        return _reading_order(groups, gutter or (usual if usual and _gap_holds(groups, usual) else None))

    return _once_each(ordered, pages, gutters)


def _not_pdf(path: Path | io.BytesIO) -> str | None:
    """What a file pypdf could not read is, where its first kilobyte has no PDF header (None: it has one)."""
    if isinstance(path, io.BytesIO):
        head = path.getvalue()[:1024]
    else:
        with open(path, "rb") as f:
            head = f.read(1024)
    if b"%PDF-" in head:
        return None
    if re.search(rb"<(?:!doctype\s+html|html|head|body)\b", head, re.I):
        return "a web page (open it as .html)"
    return "no %PDF header in its first bytes"


def _chunks(page) -> list[_Chunk]:
    """A page's text operations, where pypdf places them; those that start outside the part of the page that is shown
    (`_shown`) left out: a character past the page's edge, never seen, set a page of two columns in one (fuzz6 F5).
    A box that holds none of the page's text is wrong, not the text: all of it is kept."""
    chunks: list[_Chunk] = []
    blank: tuple[float, float] | None = None  # (y, x) of a blank drawn by itself after the last chunk, if any

    def visit(text, cm, tm, font, size):
        nonlocal blank
        if not text:
            return
        c = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (size or 1) * (math.hypot(*c) or 1)
        if not math.isfinite(x + y + scale):  # a damaged matrix puts text nowhere: it is left out
            return
        if not text.strip():
            if text.strip("\r\n"):  # (pypdf's line ends between operations are no mark drawn)
                blank = (y, x) if chunks and _drawn_after(chunks[-1], y, x) else None
            return
        if blank and abs(y - blank[0]) <= scale / 3 and x - blank[1] >= BLANK_ROOM * scale:
            # a blank drawn by itself (a producer placing each glyph: pdf32 #6), taking room before the text after it,
            # is one the text has, not pypdf's guess: kept as DRAWN_BLANK on the text before it ("如下：" | " " | "一、"
            # read on into the heading). One with no text before it on its line (an indent drawn as blanks) is where
            # the line's first character is not; one the next text is drawn over is none ("2023" | " " | "年": lo33)
            chunks[-1] = _with_drawn_blank(chunks[-1])
        blank = None
        chunks.append((y, x, scale, text, _font_name(font)))

    page.extract_text(visitor_text=visit)
    if (box := _shown(page)) is None:
        return chunks
    x0, y0, x1, y1 = box
    return [c for c in chunks if x0 <= c[1] <= x1 and y0 <= c[0] <= y1] or chunks


#: How a blank drawn by itself is held until the line is read (`_joined` makes it a blank): a space that pypdf never
#: guesses, so that the rules for its guessed blanks leave it alone.
DRAWN_BLANK = "\u2002"
#: A blank drawn by itself is one where the text after it starts at least this many ems further.
BLANK_ROOM = 0.15


def _with_drawn_blank(chunk: _Chunk) -> _Chunk:
    """The chunk with a blank drawn after it (DRAWN_BLANK) at the end of its text."""
    y, x, size, text, font = chunk
    return y, x, size, text + DRAWN_BLANK, font


def _font_name(font) -> str:
    """A font's name without the tag of its subset ("ABCDEF+SimSun" → "SimSun"); "" where the file names none."""
    try:
        name = str(font["/BaseFont"]).lstrip("/") if font is not None and "/BaseFont" in font else ""
    except Exception:  # (a damaged font dictionary: no name)
        return ""
    # (a producer that embeds a subset of the font per page: one font all the same; read33 #1)
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _drawn_after(chunk: _Chunk, y: float, x: float) -> bool:
    """Whether a mark at (x, y) is drawn on the line of `chunk`, at or after its glyphs' end (a quarter em short)."""
    return abs(y - chunk[0]) <= chunk[2] / 3 and x >= _end(chunk) - chunk[2] / 4


def _shown(page) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) of the part of a page that is shown: its CropBox within its MediaBox; None when the
    page has no box of some size (missing or damaged: its text is then taken wherever it is)."""
    try:
        boxes = [[float(box[k]) for k in range(4)] for box in (page.mediabox, page.cropbox)]
    except Exception:  # (pypdf raises ValueError, TypeError, … on a box missing or not of four numbers)
        return None
    xs, ys = [sorted(box[0::2]) for box in boxes], [sorted(box[1::2]) for box in boxes]  # (corners either way round)
    left, right = max(x[0] for x in xs), min(x[1] for x in xs)
    bottom, top = max(y[0] for y in ys), min(y[1] for y in ys)
    shown = left, bottom, right, top
    return shown if all(map(math.isfinite, shown)) and left < right and bottom < top else None


def _drawn_by(page) -> tuple:
    """What a page's text is read from: its content streams and its resources (the fonts, the forms it draws), each
    named by its object number (one set inside the page by identity: the reader keeps it while it reads), and the part
    of it shown (`_chunks`). Two pages alike in these have the same text."""
    from pypdf.generic import ArrayObject, IndirectObject

    def named(value) -> object:
        return (value.idnum, value.generation) if isinstance(value, IndirectObject) else id(value)

    # (the page's own entries, not looked up: pypdf's page tree has copied the inherited ones into it)
    contents, resources = (page.raw_get(key) if key in page else None for key in ("/Contents", "/Resources"))
    streams = tuple(map(named, contents)) if isinstance(contents, ArrayObject) else named(contents)
    return streams, named(resources), _shown(page)


def _once_each(work, *per_page: list) -> list:
    """work(*arguments) for each page's arguments, done once for pages that share them all (the same objects: pages
    drawn alike, `_page_lines`), its result given to each (one object: read, never changed)."""
    done: dict[tuple, object] = {}
    results = []
    for arguments in zip(*per_page):
        key = tuple(map(id, arguments))
        if key not in done:
            done[key] = work(*arguments)
        results.append(done[key])
    return results


def _width(text: str, size: float, blank: float = 0.5) -> float:
    # CJK and its punctuation are square; the others half an em (a blank in 宋体 and 仿宋 too: `blank`, a fraction of
    # an em, for a font that may set it narrower)
    return size * sum(1.0 if ord(ch) >= 0x2000 else blank if ch == " " else 0.5 for ch in text)


#: Chunks of one line further apart than this many ems are two words or two cells: joined with a blank (joined as
#: they were, 1203 | 987 in a table's row read 1203987, a figure that is not there: pdf2 F4). Justified text, whose
#: characters are placed one by one a little apart, stays whole; so does a line whose pieces pypdf places a glyph
#: behind where they are (it gives each piece of an operation the operation's start: "全" and "会" both at 271, "精"
#: at 295 looks an em past 会's end; walk22 F1, gen22 F6 read "全会 精神"). Never beside a mark that clings to its
#: neighbour (_CLINGS_BACK, _CLINGS_ON), however far.
WORD_GAP_EMS = 1.25


def _joined(chunks: list[_Chunk]) -> str:
    """The text of one line's chunks, left to right (see WORD_GAP_EMS and _GUESSED_GAP)."""
    out: list[str] = []
    end = start = None
    spread = len(chunks) >= SPREAD_CHUNKS and 2 * sum(c[3].startswith(" ") for c in chunks) > len(chunks)
    for _, x, size, text, *_ in chunks:
        if end is not None and out:
            apart = x - end > WORD_GAP_EMS * size and not (text.lstrip(" ").startswith(_CLINGS_BACK)
                                                           or out[-1].rstrip(" ").endswith(_CLINGS_ON))
            if apart and not out[-1].endswith((" ", "\u3000")) and not text.startswith((" ", "\u3000")):
                out.append(" ")
            elif not apart and not (_word(out[-1].rstrip(" ")[-1:]) and _word(text.lstrip(" ")[:1])):
                # pypdf's guess, before this piece or at the end of the one before it ("持 " | "续": pdf23 P1); or a
                # blank typed before a heading's label, drawn in the piece ("如下: " | "一、…"): held until the line is
                # read, to be kept there (lo33: a report's inline headings read on into one another)
                guessed = text.startswith(" ") or out[-1].endswith(" ")
                text, out[-1] = text.lstrip(" "), out[-1].rstrip(" ") or out[-1]
                if guessed and out[-1].strip():
                    out[-1] += _MAYBE_BLANK
        if spread or _spread(text):  # its blanks inside are guesses too (the one added above, a column apart, stays)
            lead = text[:len(text) - len(text.lstrip(" "))]
            text = lead + _GUESSED_GAP.sub("", text[len(lead):])
        out.append(text)
        # a piece given the start of the one before it is its operation's next piece (pypdf gives each the operation's
        # start): it ends that much further ("⺠", "调", "解" at one x: a blank guessed before the "员" after them)
        end = (end if x == start else x) + _width(text, size)
        start = x
    line = _DRAWN_BLANKS.sub(" ", "".join(out))
    return _MAYBE_BLANKS.sub(lambda m: " " if match_marker(line, m.end()) else "", line)


#: pypdf puts a blank before a piece of text it finds a little apart from the one before it, and between two glyphs of
#: one piece likewise: a line a browser's "Save as PDF" spread to justify it (each glyph placed on its own) reads
#: "全 会 精 神 , 全 面", one LibreOffice stretched (its glyphs a fraction of an em apart in one operation) "“ 终 点 ",
#: a title on the 公文 document grid "静 海 镇". Such a blank is kept only between two Latin letters or digits (a word's
#: gap); elsewhere Chinese has none. A line whose pieces mostly begin with one (at least SPREAD_CHUNKS pieces), and a
#: piece whose blanks part single characters (`_spread`), are spread: all their blanks are read so; elsewhere only the
#: blanks where two pieces meet no further than WORD_GAP_EMS apart. A blank between words in one piece (a title's two
#: bodies) or between pieces a column apart (a table's cells) stays.
SPREAD_CHUNKS = 4
#: Marks that cling to the text before them (a gap before one is no word's or cell's, but a stretched run's end
#: estimated short: "社会宣传 ,2024", pdf23 P2)…
_CLINGS_BACK = tuple("，,。、；;：:）)》」』”’！!？?%")
#: …and marks that cling to the text after them.
_CLINGS_ON = tuple("（(《「『“‘")
_GUESSED_GAP = re.compile(r"(?<![A-Za-z0-9]) +| +(?![A-Za-z0-9])")
_DRAWN_BLANKS = re.compile(f"[ {DRAWN_BLANK}]*{DRAWN_BLANK}[ {DRAWN_BLANK}]*")
#: Where `_joined` took a blank for pypdf's guess: a noncharacter, in no text (kept as a blank before a heading's
#: label).
_MAYBE_BLANK = "\ufdd0"
_MAYBE_BLANKS = re.compile(f"{_MAYBE_BLANK}+")


def _spread(text: str) -> bool:
    """A piece whose blanks part single characters: "“ 终 点 ", "法 治", "站式 ” 解 纷 平 台" (pdf23 P1, P3)."""
    pieces = [p for p in text.split(" ") if p]
    singles = sum(len(p) == 1 for p in pieces)
    return len(pieces) >= 2 and (singles == len(pieces) or len(pieces) >= 3 and 2 * singles >= len(pieces))


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _baselines(chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Chunks on one baseline (within a third of the font size), top to bottom, each left to right."""
    groups: list[list[_Chunk]] = []
    for chunk in sorted(chunks, key=lambda c: (-c[0], c[1])):
        if groups and abs(chunk[0] - groups[-1][0][0]) <= groups[-1][0][2] / 3:
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    for group in groups:
        group.sort(key=lambda c: c[1])
    return groups


def _line(group: list[_Chunk], column: int = 0) -> _Line | None:
    """One baseline's chunks as a line, read left to right. It starts where its first character is drawn: after the
    blanks typed before it (a first-line indent typed as "　　", as many a Word or WPS user types it, read as no indent:
    a heading ran on into its paragraph, pdf32 #1)."""
    group = _once_each_place(group)
    seen = _joined(group).replace("\n", "")
    text = seen.strip()
    if not text:
        return None
    size = max(c[2] for c in group)
    x0 = group[0][1] + _width(seen[:len(seen) - len(seen.lstrip())], size)
    # pypdf gives where each text operation starts, not where its glyphs end: the end estimated from the last one (a
    # line spread to justify it, its glyphs placed one by one, ends past its characters' widths)
    return _Line(x0, max(x0 + _width(text, size), _end(group[-1])), group[0][0], size, text, column,
                 frozenset(c[4] for c in group if c[4]))


#: A chunk drawn again within this share of an em of where the same text was drawn is the same text (pdf32 #5: a bold
#: face a font lacks, set by drawing the text two or three times a fraction of a point apart, read thrice).
OVERPRINT_EMS = 0.2


def _once_each_place(group: list[_Chunk]) -> list[_Chunk]:
    """One baseline's chunks (left to right) without the copies drawn over them (OVERPRINT_EMS), a little apart: at
    the very same place, pieces of one operation are pypdf's, each given the operation's start (two 理 of 管理…机制理)."""
    kept: list[_Chunk] = []
    for chunk in group:
        text = chunk[3].rstrip(DRAWN_BLANK)  # (a blank drawn after the copies is held by the last one: read33 #3)
        copy = next((n for n in range(max(0, len(kept) - 4), len(kept)) if kept[n][3].rstrip(DRAWN_BLANK) == text
                     and abs(kept[n][1] - chunk[1]) <= OVERPRINT_EMS * chunk[2] and kept[n][:2] != chunk[:2]), None)
        if copy is None:
            kept.append(chunk)
        elif chunk[3] != text and not kept[copy][3].endswith(DRAWN_BLANK):
            kept[copy] = _with_drawn_blank(kept[copy])
    return kept


#: Two type sizes this share apart are two sizes (a title's, a note's, the body's); closer, one size set unevenly.
SIZE_APART = 0.15

#: A page is set in two columns when a gap at least GUTTER_EMS wide runs down the middle of the page (between MIDDLE's
#: shares of its width), crossed by few lines (`_crossings_allowed`: a title, the running header, the page number),
#: with text on either side of it on at least COLUMN_LINES lines whose parts run to COLUMN_CHARS characters or more
#: and end, most of them (FULL_LINES), at their column's right edge, as justified text does, one at least indented (a
#: paragraph's first line, a heading): a table's cells, a form's rows of fields, are short, ragged, few or none
#: indented. A page that cannot tell by itself is set as most of its report's pages are (`_page_lines`). A side that is
#: itself in two columns (a page in three) is read across, as before: its order cannot be told so.
GUTTER_EMS = 1.0
MIDDLE = (0.3, 0.7)
COLUMN_CROSSINGS = 0.15
COLUMN_LINES = 10
COLUMN_CHARS = 10
FULL_LINES = 0.5


def _crossings_allowed(groups: list[list[_Chunk]]) -> float:
    return max(2, COLUMN_CROSSINGS * len(groups))


def _gutter(groups: list[list[_Chunk]]) -> tuple[float, float] | None:
    """(left, right) of the gap between a page's two columns, or None for a page in one column."""
    chunks = [c for group in groups for c in group]
    if len(groups) < COLUMN_LINES:
        return None
    size = statistics.median(c[2] for c in chunks)
    start, ends = min(c[1] for c in chunks), [_end(c) for c in chunks]
    if not (math.isfinite(start) and math.isfinite(max(ends))) or max(ends) - start > 10_000:
        return None
    start = math.floor(start)
    width = math.ceil(max(ends)) - start
    if width <= 0:
        return None
    covered = [0] * (width + 2)  # how many lines cover each point across the page (differences, then summed)
    for group in groups:
        spans = sorted((c[1] - start, _end(c) - start) for c in group)
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:
            covered[max(0, math.floor(a))] += 1
            covered[min(width + 1, math.ceil(b))] -= 1
    allowed = _crossings_allowed(groups)
    best, run, total = None, None, 0
    for x in range(width + 1):
        total += covered[x]
        if MIDDLE[0] * width <= x <= MIDDLE[1] * width and total <= allowed:
            run = (run[0], x + 1) if run else (x, x + 1)
            if best is None or run[1] - run[0] > best[1] - best[0]:
                best = run
        else:
            run = None
    if best is None or best[1] - best[0] < GUTTER_EMS * size:
        return None
    gutter = best[0] + start, best[1] + start
    sides = _sides(groups, gutter)
    if sides is None:
        return None
    # the right column's edge is where its full lines end, not its furthest part's end: one mark in the margin put that
    # past every line of the column, none full then, and the page was read across (fuzz6 F5)
    for parts, edge in zip(sides, (gutter[0], _full_end([end for _, _, end in sides[1]]))):
        margin = min((x for _, x, _ in parts), default=0.0)
        full = sum(end >= edge - 1.5 * size for _, _, end in parts)
        if len(parts) < COLUMN_LINES or statistics.median(n for n, _, _ in parts) < COLUMN_CHARS \
                or full < FULL_LINES * len(parts) or not any(x >= margin + 1.5 * size for _, x, _ in parts):
            return None
    for half in zip(*(_halves(group, gutter) for group in groups)):
        if _gutter([part for part in half if part]) is not None:
            return None  # three columns
    return gutter


def _sides(groups: list[list[_Chunk]], gutter: tuple[float, float]) -> tuple[list, list] | None:
    """The lines' parts left and right of the gap (the lines across it left out), each as (characters, where it
    starts, where it ends); None when more lines cross it than a title, the running header and the page number do."""
    sides: tuple[list, list] = ([], [])
    crossing = 0
    for group in groups:
        if _across(group, gutter):
            crossing += 1
            continue
        for side, part in enumerate(_halves(group, gutter)):
            if part:
                sides[side].append((len(_joined(part).strip()), part[0][1], max(_end(c) for c in part)))
    return sides if crossing <= _crossings_allowed(groups) else None


def _halves(group: list[_Chunk], gutter: tuple[float, float]) -> tuple[list[_Chunk], list[_Chunk]]:
    """A line's chunks left and right of the gap's middle."""
    middle = sum(gutter) / 2
    return [c for c in group if c[1] < middle], [c for c in group if c[1] >= middle]


def _gap_holds(groups: list[list[_Chunk]], gutter: tuple[float, float]) -> bool:
    """Whether a page is set in the columns of `gutter`: few lines over its gap, and text on both sides."""
    sides = _sides(groups, gutter)
    return sides is not None and all(sides)


def _end(chunk: _Chunk) -> float:
    """Where a chunk's glyphs end at the least (estimated: pypdf gives where a text operation starts): a blank taken
    a quarter em, as the narrowest fonts set it, so that a column's line of blanks never seems to run into the gap."""
    return chunk[1] + _width(chunk[3].strip(), chunk[2], blank=0.25)


def _across(group: list[_Chunk], gutter: tuple[float, float]) -> bool:
    """Whether a line spans the gap between two columns (a title over both, the running header): a run of its text
    (chunks less than half an em apart: a title set character by character is one run) starts left of the gap and
    ends right of it. A column's line whose estimated end runs into the gap does not: the gap's edges are where the
    columns' lines start and end, and the other column's lines start a gap's width further."""
    start = end = None
    for c in group:  # left to right
        if end is None or c[1] - end > c[2] / 2:
            start, end = c[1], _end(c)
        else:
            end = max(end, _end(c))
        if start < gutter[0] and end > gutter[1]:
            return True
    return False


def _reading_order(groups: list[list[_Chunk]], gutter: tuple[float, float] | None) -> list[_Line]:
    """A page's lines in reading order: one column top to bottom; two columns (`_gutter`) the left one, then the
    right one, between the lines across both (`_across`: a title, the running header; or text on both sides in
    another type size than the body's: a title spaced wide, reread11 R4)."""
    if gutter is None:
        return [ln for group in groups if (ln := _line(group))]
    middle = sum(gutter) / 2
    body = statistics.median(c[2] for group in groups for c in group)
    lines: list[_Line] = []
    columns: tuple[list[_Line], list[_Line]] = ([], [])
    for group in groups:
        both = group[0][1] < middle <= group[-1][1]  # (left to right)
        if _across(group, gutter) or both and abs(max(c[2] for c in group) - body) > SIZE_APART * body:
            for column in columns:
                lines.extend(column)
                column.clear()
            if ln := _line(group):
                lines.append(ln)
            continue
        left, right = _halves(group, gutter)
        if ln := _line(left):
            columns[0].append(ln)
        if ln := _line(right, column=1):
            columns[1].append(ln)
    return lines + columns[0] + columns[1]


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without the page numbers and the lines repeated at the top or bottom of the pages (at the same
    height: a title under a running header of the same words stays)."""
    def key(ln: _Line) -> tuple[str, int]:  # the same words at the same height, whatever the page number
        return re.sub(r"\d+", "#", re.sub(r"\s", "", ln.text)), round(ln.y / 4)

    def at_edges(page: list[_Line]) -> list[_Line]:  # the two highest and two lowest lines (in reading order, a
        by_height = sorted(page, key=lambda ln: -ln.y)    # page number under the left column is in the middle: R3)
        return list({id(ln): ln for ln in by_height[:2] + by_height[-2:]}.values())

    edges: dict[tuple[str, int], int] = {}
    for page in pages:
        for ln in at_edges(page):
            edges[key(ln)] = edges.get(key(ln), 0) + 1
    repeated = {k for k, n in edges.items() if n >= 2 and n >= len(pages) / 2}
    # the title set again at the top of a later page is its running header, even on one page only (Word's "different
    # first page" in a two-page report: it stayed in the body, splitting a paragraph: pdf2 F6)
    title = {_words(ln) for ln in pages[0][:3] if len(_words(ln)) >= TITLE_HEADER_CHARS} if pages else set()
    kept = []
    for n, page in enumerate(pages):
        edge = {id(ln) for ln in at_edges(page)}
        top = {id(ln) for ln in page[:1]} if n else set()
        kept.append([ln for ln in page if not (id(ln) in edge and (key(ln) in repeated or PAGE_NUMBER.fullmatch(ln.text))
                                               or id(ln) in top and _words(ln) in title)])
    return kept


#: A line this long (without blanks) at the top of the first page that a later page starts with is the title
#: repeated as a running header.
TITLE_HEADER_CHARS = 8


def _words(ln: _Line) -> str:
    return re.sub(r"\s", "", ln.text)


def _paragraphs(pages: list[list[_Line]]) -> str:
    lines = [ln for page in pages for ln in page]
    if not lines:
        return ""
    size = statistics.median(ln.size for ln in lines)
    # a right column's lines measured from its own margin, so that indents and short lines mean there what they mean
    # on the left (its margin read over all its pages: a last page's column may hold only an indented signature)
    right_column, left_column = [ln for ln in lines if ln.column], [ln for ln in lines if not ln.column]
    if right_column and left_column:
        shift = _margin(right_column) - _margin(left_column)
        lines = [replace(ln, x0=ln.x0 - shift, x1=ln.x1 - shift, column=0) if ln.column else ln for ln in lines]
    left = _margin(lines)
    # where the body's full lines end, without the lines set apart to the right (starting past the middle: a signature,
    # a date): in a report broken by hand at punctuation, whose lines end short each at its own place, a signature set
    # flush right ends further than they do, and moved the measure (gen18 F7)
    middle = (left + _full_end([ln.x1 for ln in lines])) / 2
    right = _full_end([ln.x1 for ln in lines if ln.x0 <= middle])
    indent = _indent(lines, left, size)
    full = _full_count(lines, left, right, size)
    pitch = _pitch(pages, size)
    turns = {id(page[0]) for page in pages if page}  # (a page's first line is no space below the last one's)
    paragraphs: list[str] = []
    prev: _Line | None = None
    for ln in lines:
        if (prev is None or id(ln) not in turns and _spaced(prev, ln, pitch)
                or _starts_paragraph(prev, ln, left, right, size, indent, full)):
            paragraphs.append(ln.text)
        else:  # a word of Latin letters was broken at a space; characters and figures at any point
            paragraphs[-1] += " " * bool(_LATIN.match(prev.text[-1]) and _LATIN.match(ln.text[0])) + ln.text
        prev = ln
    return "\n".join(paragraphs)


#: Lines of one type further apart than this many times the body's line pitch are two paragraphs: the space a text
#: without first-line indents sets between them (web text pasted into Word, pdf32 #2: a heading nearly filling its
#: line ran on into the paragraph under it).
PARAGRAPH_SPACE = 1.3


def _pitch(pages: list[list[_Line]], size: float) -> float | None:
    """The body's line pitch in ems: the median distance between the baselines of two lines in its type that follow
    each other in a column of a page; None where no two do."""
    steps = [(prev.y - ln.y) / ln.size for page in pages for prev, ln in zip(page, page[1:])
             if prev.column == ln.column and prev.size == ln.size and _body_type(ln, size) and prev.y > ln.y]
    return statistics.median(steps) if steps else None


def _spaced(prev: _Line, ln: _Line, pitch: float | None) -> bool:
    """Two lines of one type and column, one under the other, set further apart than the body's lines are
    (PARAGRAPH_SPACE)."""
    return (pitch is not None and prev.column == ln.column and prev.size == ln.size
            and 0 < prev.y - ln.y and (prev.y - ln.y) / ln.size > PARAGRAPH_SPACE * pitch)


def _full_end(ends: list[float]) -> float:
    """Where full lines end, given where lines end: the median of the longer half (most lines of a report are full;
    a mark past them, a line number or a stamp's word in the margin, moves it little). 0 for no lines."""
    ends = sorted(ends)
    return statistics.median(ends[len(ends) // 2:]) if ends else 0.0


def _margin(lines: list[_Line]) -> float:
    """Where the body's lines start: the leftmost start shared by a tenth of them (lines that all start at different
    places, a staircase: the leftmost)."""
    counts: dict[int, int] = {}
    for ln in lines:
        counts[round(ln.x0)] = counts.get(round(ln.x0), 0) + 1
    return min((x for x, n in counts.items() if n >= 0.1 * len(lines)), default=min(counts))


def _indent(lines: list[_Line], left: float, size: float) -> float | None:
    """Where the body's paragraphs start (the first lines' indent): the start shared by most lines in the body's type
    right of the margin (the leftmost of starts shared alike); None when no two share one."""
    counts = Counter(round(ln.x0) for ln in lines if ln.x0 > left + 0.8 * size and _body_type(ln, size))
    start, n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]), default=(None, 0))
    return start if n >= 2 else None


def _body_type(ln: _Line, size: float) -> bool:
    """Whether a line is set in the body's type size (`size`), not a title's or a note's."""
    return abs(ln.size - size) <= SIZE_APART * size


def _starts_paragraph(prev: _Line, ln: _Line, left: float, right: float, size: float, indent: float | None,
                      full: int | None = None) -> bool:
    """Indented (the first line of a paragraph, a centred title, a signature; not the centred rest of a heading
    that filled its line), in another type size, after a centred or right-aligned line, after a line that stops well
    short of the margin (widths are estimated, so a line one or two characters short only ends a paragraph
    when it ends a sentence), or a heading marker after a sentence end. A line at the paragraphs' indent after one
    that does not fill its line from the margin is a first line, however centred it looks (`indent`)."""
    def centred(line: _Line) -> bool:  # set apart from both margins, about the middle
        return (line.x0 > left + 0.8 * size and line.x1 < right - 0.8 * size
                and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 1.5 * size)

    # in a report broken by hand at punctuation, a heading and the first line of the paragraph under it, both short of
    # the margin, looked like a centred heading and its rest: one heading (gen18 F7)
    opens = (indent is not None and abs(ln.x0 - indent) < 0.5 * size and _body_type(ln, size)
             and (prev.x0 > left + 0.8 * size or prev.x1 < right - 1.5 * size))
    if (centred(ln) and ln.size == prev.size and (centred(prev) or prev.x0 < left + 0.8 * size)
            and prev.x1 - prev.x0 > 0.6 * (right - left) and prev.text[-1] not in SENTENCE_END + ":\uff1a"
            and match_marker(ln.text) is None and not opens):
        return False  # a centred heading or title too long for one line: the rest goes on centred under it
    if (_heading_goes_on(prev, ln, left, right, size, indent)
            # (asked only after a line stopping short: one reaching the margin reads on as it is, and it is most)
            or prev.x1 < right - 1.5 * size and _broken_by_hand(prev, ln, left, size, indent, full)):
        return False
    if ln.x0 > left + 0.8 * size or prev.x1 < right - 4 * size:
        return True
    if prev.fonts and ln.fonts and prev.fonts.isdisjoint(ln.fonts) and all(HAN.search(x.text) for x in (prev, ln)):
        # drawn in none of the fonts of the line before: a bold title filling its line over the addressee (two lines of
        # Chinese: a line of Latin alone, a web address, is often in a font of its own within its paragraph)
        return True
    if abs(ln.size - prev.size) > SIZE_APART * min(ln.size, prev.size):
        return True  # another type size: a title over the addressee, a heading over its text
    if prev.x0 > (left + right) / 2 or centred(prev) and prev.x1 < right - 2 * size:
        return True  # after a line set apart, to the right (a date) or centred: never a first line, however indented
    ends_sentence = prev.text[-1] in _PARAGRAPH_ENDS
    if match_marker(ln.text) is not None and prev.x1 < right - HEADING_SHORT * size:
        return True  # a heading's label after a line stopping short (a heading a few characters short of the margin)
    return ends_sentence and (prev.x1 < right - 1.5 * size or match_marker(ln.text) is not None)


def _heading_goes_on(prev: _Line, ln: _Line, left: float, right: float, size: float, indent: float | None) -> bool:
    """A heading broken by hand (Shift+Enter) mid-phrase goes on in the next line, at the margin or under its words
    after its label (a hanging indent): where the paragraphs' first lines are indented, a line there that opens no
    label, ends no sentence and stops short is no paragraph's first line (pdf32 #4: "一、2024年法治政府建" /
    "设主要工作开展情况", the rest read as the text under the heading)."""
    marker = match_marker(prev.text)
    if (indent is None or marker is None or ln.size != prev.size or match_marker(ln.text) is not None
            or prev.text[-1] in SENTENCE_END + _CLAUSE_ENDS or ln.text[-1] in HEADING_END
            or ln.x1 > right - HEADING_SHORT * size or abs(ln.x0 - indent) < 0.5 * size):
        return False  # (at the paragraphs' indent a line is a first line: "一、主要做法" / "全县…工作：", read32)
    under_words = prev.x0 + _width(prev.text[:marker.end], prev.size)
    return min(abs(ln.x0 - left), abs(ln.x0 - under_words)) < 0.5 * size


def _broken_by_hand(prev: _Line, ln: _Line, left: float, size: float, indent: float | None, full: int | None) -> bool:
    """Where the paragraphs' first lines are indented, a line at the margin after a line of text that ends no
    sentence and holds as many characters as a full line (`full`) goes on with it, however short that stops: a text
    cut at a number of characters (a plain text wrapped so, pasted into Word with its breaks), whose lines of narrow
    figures stop short ("…参与群众8." / "1万人次。", walk53 #1). Not a shorter line (a page's metadata, a table's row, a
    contact block, a heading: read53 #1), nor after a heading that has not ended on its line (`_heading_goes_on`),
    before a heading's label, between fonts or sizes, or by a line with blanks between its words (a table's cells)."""
    return (indent is not None and full is not None and _count(prev, left, size) >= full
            and abs(ln.x0 - left) < 0.5 * size and left - 0.5 * size < prev.x0 < indent + 0.5 * size
            and ln.size == prev.size and _body_type(ln, size) and prev.text[-1] not in _LAST_LINE_ENDS
            and not (prev.fonts and ln.fonts and prev.fonts.isdisjoint(ln.fonts))
            and match_marker(ln.text) is None and _body_runs(prev.text)
            and all(sum(c.isspace() for c in line.text) < 2 for line in (prev, ln)))


def _count(ln: _Line, left: float, size: float) -> int:
    """The characters a line holds, its indent counted in ems (an indent typed as "　　" or set: two)."""
    return len(ln.text) + round((ln.x0 - left) / size)


def _full_count(lines: list[_Line], left: float, right: float, size: float) -> int | None:
    """How many characters a full line of the body holds (`_count`): the most of those that end at the right margin
    (None where none do)."""
    counts = Counter(_count(ln, left, size) for ln in lines if ln.x1 >= right - 0.5 * size and _body_type(ln, size))
    return counts.most_common(1)[0][0] if counts else None


def _body_runs(text: str) -> bool:
    """A line of a paragraph's text: no heading's label, or a run-in heading ended on it ("2.抓实…贯彻。紧扣…立")."""
    marker = match_marker(text)
    return marker is None or any(c in HEADING_END for c in text[marker.end:])


#: What a paragraph's last line ends on: a sentence's end, a colon (a list follows), a closing quote or bracket…
_PARAGRAPH_ENDS = SENTENCE_END + ":\uff1a”」』)\uff09"
#: …where its lines do not tell by their indents; where they do, a semicolon ends a clause, not a paragraph.
_LAST_LINE_ENDS = "".join(c for c in _PARAGRAPH_ENDS if c not in ";\uff1b")
#: What a heading's line ends on when it is whole (a comma leaves it open: "一、深入学习…思想，" / "把牢…方向").
_CLAUSE_ENDS = "；;：:)\uff09”"


#: A line this many ems short of the margin, before a line opening with a heading's label, ends its paragraph: a
#: heading ending without a mark a few characters short of a full line, above a flush first line (walk22 F1; 2.5 took
#: a heading two characters short for a wrapped line, pdf32 #3: text wrapped by a word processor stops at most one
#: glyph short, and a glyph moved down by 避头尾 opens the next line, which then opens with no label).
HEADING_SHORT = 1.5
