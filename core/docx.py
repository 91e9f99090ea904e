"""A Word .docx report's text as Word shows it: one line per paragraph, automatic numbers written out.

Read: the paragraphs of word/document.xml in document order (tables, text boxes and content controls
included; a paragraph inside another, as in a text box, is a line of its own), their runs' text and tabs, and
each numbered paragraph's label ("一、", "(二)", "3." …) with its suffix, counted as Word counts them from
word/numbering.xml and word/styles.xml (core.docx_numbering): a paragraph is numbered by its own w:numPr or
its style's. Strict Open XML reads like transitional.

Left out, as Word does not show it as the report: the w:del and w:moveFrom side of tracked changes (a
paragraph whose mark is deleted and whose text is all gone disappears, its number with it); the second and
later branches of mc:AlternateContent (a text box's mc:Fallback copy); a table of contents (a TOC field's
result, a content control of gallery "Table of Contents", paragraphs of the styles "toc 1"…"toc 9" and "TOC
Heading"); field codes; the empty paragraph a text box is anchored in; headers, footers, footnotes, comments.

Breaks: a page or column break never breaks a paragraph. A text line break (Shift+Enter: w:br, w:cr) breaks it
where a line would end: after a sentence end or a colon, before a heading label (outline.match_marker) or a date
line, around an empty line, and between a heading or title without a sentence end and running text unless the
paragraph is hard-wrapped (three lines or more, all but the last of one length in characters or in width).
Elsewhere (text pasted from a PDF or an e-mail) the pieces join, with one space between Latin words. A line
joined from many pieces is resolved in linear time.

Refused, each with one FazhiError naming the file: not a zip ("corrupt .docx: …"), a damaged member, no
word/document.xml, a part inflating past DOCX_PART_LIMIT (zip bombs), XML that is not well-formed or expands
entities past expat's limits. Parts are found by Word's own names (word/numbering.xml, word/styles.xml): a
package that renames them in its relationships is read without numbering.
"""
from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from fazhi.core.docx_numbering import BODY_LEVEL, Lists, Styles, namespace, num_pr, outline_level
from fazhi.core.errors import FazhiError
from fazhi.core.formats import OLE_MAGIC
from fazhi.core.hanzi import CONTEXT_CHARS, words_before
from fazhi.core.line_breaks import resolve_breaks
from fazhi.core.record import field, record

#: A part that inflates past this is refused (zip bombs); real reports are far below 5 MB.
DOCX_PART_LIMIT = 64 * 1024 * 1024
DOCUMENT, NUMBERING, STYLES = "word/document.xml", "word/numbering.xml", "word/styles.xml"
#: Elements nested deeper than this in any part are no document Word wrote (a table in a table goes a few levels):
#: refused, since every open element is held until it ends (1.6 million nested tables in 157 KB: 10 s and 1.5 GB,
#: fuzz4 F5; 5 million elements in an 80 KB styles.xml: 6.8 s, reread9 M2).
MAX_NESTING = 1_000


class _TooDeep(Exception):
    """document.xml nests elements past MAX_NESTING (`_too_deep` says it)."""


def _too_deep(source: str, name: str) -> FazhiError:
    return FazhiError(source, f"corrupt .docx: {name} nests elements more than {MAX_NESTING:,} deep")

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


#: A paragraph's start tag (w:p, whatever its prefix), found in the XML's bytes.
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def docx_text(path: Path, source: str) -> str:
    """The report text of a .docx: one line per paragraph (see the module docstring)."""
    return read_docx(path, source)[0]


def read_docx(path: Path, source: str) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    """The report text (`docx_text`) and its paragraphs with an outline level (a Heading style, w:outlineLvl) as
    (rank 1–9, words, the words before it: `hanzi.words_before`), and its Title as rank 0, in document order: for the
    outline to read headings that only their style marks."""
    from fazhi.core.outline import MAX_LINES

    parts = _read_parts(path, source)
    # a line a paragraph at least: past the outline's limit the text is refused, before its XML is walked (fuzz54 F5: a
    # 170 KB file of 1.5 million paragraphs took a minute and 740 MB to be refused)
    if (paragraphs := sum(1 for _ in _PARAGRAPH_TAG.finditer(parts[DOCUMENT]))) > MAX_LINES:
        raise FazhiError(source, f"{paragraphs:,} paragraphs: far more than a report has (at most {MAX_LINES:,} lines "
                                 f"are read)")
    styles = Styles(_xml(parts.get(STYLES), STYLES, source))
    lists = Lists(_xml(parts.get(NUMBERING), NUMBERING, source), styles)
    try:
        paragraphs = _paragraphs(ElementTree.iterparse(io.BytesIO(parts[DOCUMENT]), events=("start", "end")))
        headings: list[tuple[int, str, str]] = []
        text = "\n".join(_text(paragraphs, styles, lists, headings))
        return text, tuple(headings)
    except ElementTree.ParseError as e:
        raise FazhiError(source, f"corrupt .docx: {DOCUMENT} is not well-formed XML ({e})") from None
    except _TooDeep:
        raise _too_deep(source, DOCUMENT) from None


# ---------------------------------------------------------------------------------------------- the package

def _read_parts(p: Path, source: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
            if DOCUMENT not in names:
                raise FazhiError(source, f"not a Word document: {DOCUMENT} is missing")
            return {name: _as_unicode(_inflate(z, name, source), name, source)
                    for name in (DOCUMENT, NUMBERING, STYLES) if name in names}
    except zipfile.BadZipFile as e:  # also a bad CRC found while reading
        if _is_ole(p):  # (read55 #9: "corrupt .docx: not a valid zip archive" said nothing of it)
            raise FazhiError(source, "encrypted .docx, or a Word 97–2003 file: save it as an unprotected .docx "
                                     "first") from None
        raise FazhiError(source, f"corrupt .docx: {e}" if "CRC" in str(e) else "corrupt .docx: not a valid zip archive") from None
    except RuntimeError as e:  # a member encrypted (zipfile's words: "… is encrypted, password required …")
        if "encrypted" in str(e):
            raise FazhiError(source, "encrypted .docx: it needs a password; save an unprotected copy first") from None
        raise FazhiError(source, f"corrupt .docx: {type(e).__name__}: {e}") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
        # a truncated member, bad deflate/LZMA data, an unsupported compression method
        raise FazhiError(source, f"corrupt .docx: {type(e).__name__}: {e}") from None
    except OSError as e:  # bz2 reports bad data as OSError; the file itself was readable (stat, open) before
        raise FazhiError(source, f"corrupt .docx: {e}") from None


def _is_ole(p: Path) -> bool:
    """Whether the file is an OLE compound document: a password-protected .docx, or a Word 97–2003 file."""
    try:
        with open(p, "rb") as f:
            return f.read(len(OLE_MAGIC)) == OLE_MAGIC
    except OSError:
        return False


def _inflate(z: zipfile.ZipFile, name: str, source: str) -> bytes:
    info = z.getinfo(name)
    if info.file_size > DOCX_PART_LIMIT:
        raise FazhiError(source, f"{name} inflates to {info.file_size // 2**20} MB, past the {DOCX_PART_LIMIT // 2**20} MB limit")
    with z.open(info) as f:
        data = f.read(DOCX_PART_LIMIT + 1)  # the header's size can lie; count what really inflates
    if len(data) > DOCX_PART_LIMIT:
        raise FazhiError(source, f"{name} inflates past the {DOCX_PART_LIMIT // 2**20} MB limit")
    return data


def _as_unicode(data: bytes, name: str, source: str) -> bytes:
    """A part as the XML reader reads it: one in a legacy encoding (GB2312, written by some converters) decoded and
    given as UTF-8, its declaration saying so: the reader takes no multi-byte encoding (fuzz28 F4: "fazhi failed on
    this file"); any other part as it is."""
    declared = _DECLARED_ENCODING.match(data)
    if declared and not declared[1].lower().startswith((b"utf", b"us-ascii")):
        encoding = declared[1].decode("ascii")
        try:
            text = data.decode(encoding)
        except LookupError:
            raise FazhiError(source, f"corrupt .docx: {name} declares an unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise FazhiError(source, f"corrupt .docx: {name} is not in the encoding it declares ({encoding}): "
                                     f"byte {e.start}") from None
        # (the declaration is ASCII: its offsets are the same in the bytes and the text)
        data = (text[:declared.start(1)] + "UTF-8" + text[declared.end(1):]).encode("utf-8")
    return data


#: An XML part's declared encoding (`<?xml version="1.0" encoding="GB2312"?>`).
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _xml(data: bytes | None, name: str, source: str) -> ElementTree.Element | None:
    """A part read whole (styles, numbering), its nesting bounded as document.xml's is (MAX_NESTING)."""
    if data is None:
        return None
    depth, root = 0, None
    try:
        for event, node in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth > MAX_NESTING:
                    raise _too_deep(source, name)
                root = node if root is None else root
            else:
                depth -= 1
    except ElementTree.ParseError as e:
        raise FazhiError(source, f"corrupt .docx: {name} is not well-formed XML ({e})") from None
    return root


# ---------------------------------------------------------------------------------------------- document.xml

class _Break:
    """A break inside a paragraph: a text line break (maybe a paragraph end) or a page/column break (never)."""

    def __init__(self, line: bool) -> None:
        self.line = line


LINE_BREAK, PAGE_BREAK = _Break(True), _Break(False)


@record
class _Paragraph:
    pieces: list[str | _Break] = field(default_factory=list)
    style: str | None = None
    num_id: str | None = None
    level: int | None = None
    removed_mark: bool = False  # its paragraph mark is a tracked deletion (w:del / w:moveFrom in w:pPr/w:rPr)
    in_toc: bool = False  # part of it lay in a table of contents
    holds_box: bool = False  # paragraphs open inside it (a text box anchored here)
    #: its own w:outlineLvl (0 = top; BODY_LEVEL: body text, whatever its style says; None: as its style says)
    outline: int | None = None


@record
class _Field:
    """An open complex field (w:fldChar begin … separate … end)."""

    instruction: list[str] = field(default_factory=list)
    toc: bool = False  # a table of contents: its result is no report text


#: Tracked deletions and the old place of a move: gone once the changes are accepted.
_DELETED = ("del", "moveFrom")
_LOOKED_AT = ("p", "pPr", "r", "vanish", "t", "tab", "br", "cr", "fldChar", "fldSimple", "instrText", "sdt", "sdtContent",
              "docPartGallery", *_DELETED)
#: A w:vanish's values that show the run after all (its default, without w:val, hides it).
_SHOWN = ("0", "false", "off")
_ALTERNATES = ("AlternateContent", "Choice", "Fallback")  # markup compatibility (mc:)


def _paragraphs(events: Iterator[tuple[str, ElementTree.Element]]) -> list[_Paragraph]:
    """The paragraphs in the order they open, in one pass however deep the nesting (text boxes in tables …)."""
    walk = _Walk()
    for event, node in events:
        walk.start(node) if event == "start" else walk.end(node)
    return walk.paragraphs


class _Walk:
    """The state of one pass over document.xml's start and end events."""

    def __init__(self) -> None:
        self.paragraphs: list[_Paragraph] = []
        self.open: list[_Paragraph] = []  # the paragraphs being read, innermost last
        self.path: list[str] = []  # the tags from the root down to the current element
        self.skip_at = 0  # depth of the element whose content is left out; 0: none
        self.branch_taken: list[bool] = []  # per open mc:AlternateContent: whether a branch was read
        self.toc_sdt: list[bool] = []  # per open w:sdt: whether it is a table of contents
        self.fields: list[_Field] = []
        self.w = ""  # the WordprocessingML namespace, "{…}" (transitional or Strict), from the root element
        self.names: dict[str, str] = {}  # tag → local name, for the tags this walk looks at (most it does not)
        self.hidden_run = False  # the run being read is hidden text (w:vanish): Word does not show it (gen18 F6)

    def start(self, node: ElementTree.Element) -> None:
        self.path.append(node.tag)
        if len(self.path) > MAX_NESTING:
            raise _TooDeep
        if len(self.path) == 1:
            self.w = namespace(node.tag)
            self.names = {f"{self.w}{x}": x for x in _LOOKED_AT} | {f"{_MC}{x}": x for x in _ALTERNATES}
        if self.skip_at:
            return
        local = self.names.get(node.tag)
        if local == "r":
            self.hidden_run = False
        elif local == "p":
            if self.open:
                self.open[-1].holds_box = True
            self.paragraphs.append(_Paragraph())
            self.open.append(self.paragraphs[-1])
        elif local in _DELETED or local == "fldSimple" and _is_toc(node.get(f"{self.w}instr", "")):
            self.skip_at = len(self.path)
        elif local == "sdt":
            self.toc_sdt.append(False)
        elif local == "sdtContent" and self.toc_sdt and self.toc_sdt[-1]:
            self.skip_at = len(self.path)
        elif local == "AlternateContent":
            self.branch_taken.append(False)
        elif local in ("Choice", "Fallback") and self.branch_taken:
            if self.branch_taken[-1]:
                self.skip_at = len(self.path)  # a second copy of what the first branch held
            self.branch_taken[-1] = True

    def end(self, node: ElementTree.Element) -> None:
        depth, w = len(self.path), self.w
        self.path.pop()
        if self.skip_at:
            if depth == self.skip_at:
                self.skip_at = 0
                node.clear()
            return
        local = self.names.get(node.tag)
        if local is None:
            return
        para = self.open[-1] if self.open else None
        in_toc = any(f.toc for f in self.fields)
        if local == "p":
            para.in_toc |= in_toc
            self.open.pop()
            node.clear()  # its text is taken: a large document is not kept twice
        elif local == "vanish" and self.path[-2:] == [f"{w}r", f"{w}rPr"]:  # a run's, not a paragraph mark's
            self.hidden_run = node.get(f"{w}val") not in _SHOWN
        elif local in ("t", "tab", "br", "cr") and para is not None and not self.hidden_run:
            if in_toc:
                para.in_toc = True
            elif local == "t":
                if node.text:
                    para.pieces.append(node.text)
            elif local == "tab":
                para.pieces.append("\t")
            else:
                para.pieces.append(PAGE_BREAK if node.get(f"{w}type") in ("page", "column") else LINE_BREAK)
        elif local == "pPr" and para is not None and self.path[-1] == f"{w}p":  # not an old w:pPrChange/w:pPr
            style = node.find(f"{w}pStyle")
            para.style = None if style is None else style.get(f"{w}val")
            para.num_id, para.level = num_pr(node.find(f"{w}numPr"), w)
            para.removed_mark = any(node.find(f"{w}rPr/{w}{x}") is not None for x in _DELETED)
            para.outline = outline_level(node, w)
        elif local == "fldChar":
            kind = node.get(f"{w}fldCharType")
            if para is not None and in_toc:
                para.in_toc = True  # the paragraph closing a table of contents
            if kind == "begin":
                self.fields.append(_Field())
            elif kind == "separate" and self.fields:  # the instruction is complete
                self.fields[-1].toc = _is_toc("".join(self.fields[-1].instruction))
            elif kind == "end" and self.fields:
                self.fields.pop()
        elif local == "instrText" and self.fields and node.text:
            self.fields[-1].instruction.append(node.text)
        elif local == "docPartGallery" and self.toc_sdt and node.get(f"{w}val") == "Table of Contents":
            self.toc_sdt[-1] = True
        elif local == "sdt" and self.toc_sdt:
            self.toc_sdt.pop()
        elif local == "AlternateContent" and self.branch_taken:
            self.branch_taken.pop()


def _is_toc(instruction: str) -> bool:
    return instruction.split()[:1] == ["TOC"]


# ---------------------------------------------------------------------------------------------- lines

def _text(paragraphs: list[_Paragraph], styles: Styles, lists: Lists,
          headings: list[tuple[int, str, str]]) -> Iterator[str]:
    """Each kept paragraph's lines, the first behind its automatic label; counters advance in document order. A
    paragraph with an outline level goes into `headings` too."""
    before = ""  # the words the text so far ends with (`words_before`), paragraph by paragraph
    for p in paragraphs:
        blank = all(isinstance(x, _Break) or not x.strip() for x in p.pieces)
        if styles.is_toc(p.style) or blank and (p.in_toc or p.removed_mark or p.holds_box):
            continue  # a table-of-contents entry, a paragraph gone once changes are accepted, a text box's anchor
        lines = _lines(p.pieces)
        lines[0] = lists.paragraph_label(p.style, p.num_id, p.level) + lines[0]
        level = p.outline if p.outline is not None else styles.outline(p.style)
        level = None if level == BODY_LEVEL else level
        if styles.is_title(p.style):
            level = -1  # the title: rank 0, above every heading (core.outline)
        if level is not None and not blank:
            headings.append((level + 1, " ".join(" ".join(lines).split()), before))
        paragraph = "\n".join(lines)
        before = (before + words_before(paragraph, len(paragraph)))[-CONTEXT_CHARS:]
        yield from lines


def _lines(pieces: list[str | _Break]) -> list[str]:
    """A paragraph's text, broken only at the text line breaks a line would end at (core.line_breaks)."""
    breaks: list[_Break] = []
    parts: list[list[str]] = [[]]
    for x in pieces:
        if isinstance(x, _Break):
            breaks.append(x)
            parts.append([])
        else:
            parts[-1].append(x)
    return resolve_breaks(["".join(part) for part in parts], [brk.line for brk in breaks])
