"""Reading a report file into plain text: the one place that knows about encodings and file formats.

.txt (UTF-8, UTF-8 with BOM, GB18030), .html/.htm/.shtml, .docx and text PDFs (core.pdf). Whatever the format, a heading's
label alone on its line is joined to the heading after it (core.line_breaks.join_bare_labels), and a text
hard-wrapped at one width (a PDF's text in a .txt, pasted into a page, converted to Word) has its paragraphs joined
back (core.line_breaks.unwrap; a PDF's lines are joined by where they stand), as is a paragraph a page's foot cut in
two (core.line_breaks.join_page_breaks), and a line set letter by letter closes up (close_letter_spacing: a spaced
title). Word 97–2003 and WPS files
are refused with the command that converts them; one of those names holding a .docx, a PDF or a web page is read as
what it is, and said so in the document's notes. Every failure is one FazhiError naming the file.

Everything downstream works on the extracted text (and on code-point offsets into it), so the text's
sha256 identifies a report across sessions whatever file format it came in.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from fazhi.core.digest import sha256
from fazhi.core.errors import NOT_A_FILE, FazhiError, failed_on
from fazhi.core.formats import (CONVERT_FIRST, DOCX_SUFFIXES, HTML_SUFFIXES, OLE_MAGIC, PDF_SUFFIXES, SNIFFED, SUFFIXES,
                                 WEB_ARCHIVE)
from fazhi.core.hanzi import RADICAL, radicals_as_ideographs
from fazhi.core.patterns import lazy
from fazhi.core.record import record

#: Text files larger than this are refused outright rather than read into memory.
TEXT_FILE_LIMIT = 256 * 1024 * 1024


@record(frozen=True)
class Document:
    """A report's extracted text and where it came from."""

    source: str  # the path as the user gave it
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "html/utf-8", "docx" …
    #: what was in the file but not read, for the reviewer to know ("pages 12–15 have no text layer …": a PDF's
    #: scanned pages after a typed report); core's English, as FazhiError's messages
    notes: tuple[str, ...] = ()
    #: the headings the file marks by form, not by a typed label: a page's <h1>…<h6>, a Word paragraph's Heading
    #: style or outline level, as (rank, words, the words it follows: `hanzi.words_before`) in reading order; the
    #: outline reads those of its body lines that carry no typed label as headings of that rank (core.outline)
    headings: tuple[tuple[int, str, str], ...] = ()

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def text_sha256(text: str) -> str:
    return sha256(text.encode("utf-8")).hexdigest()


def _dangling(link: Path) -> bool:
    """A symbolic link whose target is missing or a loop of links (exists() says False for both)."""
    try:
        link.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    return False


def read(path: str | os.PathLike) -> Document:
    """Read a .txt (UTF-8, UTF-8 with BOM, GB18030), .html/.htm/.shtml, .docx or .pdf report."""
    source = str(path)
    p = Path(path)
    try:
        if not p.exists():
            raise FazhiError(source, "a symbolic link to nothing (its target is missing, or links back to it)"
                             if p.is_symlink() and _dangling(p) else "no such file")
        st = p.stat()
    except OSError as e:  # a name too long, a folder that cannot be searched …
        raise FazhiError(source, f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise FazhiError(source, "is a folder, not a report file")
    if not stat.S_ISREG(st.st_mode):
        raise FazhiError(source, NOT_A_FILE)
    size = st.st_size
    suffix = p.suffix.lower()
    notes: tuple[str, ...] = ()
    headings: tuple[tuple[int, str, str], ...] = ()
    if suffix in CONVERT_FIRST:
        named, suffix = suffix, _format_of(p, suffix, source)
        notes = (f"named {named}, the file is a {suffix} file: read as one",)
    if suffix not in SUFFIXES:
        raise FazhiError(source, f"unknown file type {suffix or '(no extension)'!r}: expected .txt, .html, .htm, .shtml, .docx or .pdf")
    if size == 0:
        raise FazhiError(source, "empty file")
    if size > TEXT_FILE_LIMIT:
        raise FazhiError(source, f"file is {size // 2**20} MB, larger than the {TEXT_FILE_LIMIT // 2**20} MB limit")
    try:
        if suffix in DOCX_SUFFIXES:
            from fazhi.core.docx import read_docx  # .docx only: zipfile and ElementTree are imported when one is read

            (text, headings), encoding = read_docx(p, source), "docx"
        elif suffix in PDF_SUFFIXES:
            from fazhi.core.pdf import pdf_text  # PDF only: pypdf is imported when a PDF is read

            (text, pdf_notes), encoding = pdf_text(p, source), "pdf"
            notes += pdf_notes
        else:
            raw = p.read_bytes()
            if suffix in HTML_SUFFIXES:
                from fazhi.core.html_page import declared_charset, read_page  # pages only

                text, encoding = decode(raw, source, declared_charset(raw), markup=True)
                (text, headings), encoding = read_page(text, source), f"html/{encoding}"
            else:
                text, encoding = decode(raw, source)
    except OSError as e:
        raise FazhiError(source, f"cannot read: {e.strerror or e}") from None
    except FazhiError:
        raise
    except MemoryError:
        raise FazhiError(source, "too large to read: the text it holds does not fit in memory") from None
    except Exception as e:  # a reader's bug meeting an odd file: one line naming the file, not a traceback (fuzz4 F1)
        raise FazhiError(source, failed_on(e)) from None
    text = normalize_text(text)
    from fazhi.core.line_breaks import close_letter_spacing, join_bare_labels, join_page_breaks, unwrap  # (its labels)
    from fazhi.core.outline import MAX_LINES

    if text.count("\n") < MAX_LINES:  # past it the outline refuses the text: unwrapping it first costs GBs
        text = join_bare_labels(close_letter_spacing(text))
        if suffix not in PDF_SUFFIXES:  # (a PDF's lines are joined by where they stand on the page: core.pdf)
            # a text copied out of a PDF viewer is cut at one width, and so is one pasted from it into a web page's
            # editor (a <p> or <br> per line) or converted to Word (a paragraph per line: gen18 F2)
            text = join_page_breaks(unwrap(text))  # (a paragraph a line: a page's foot in the middle of one)
    if not text.strip():
        raise FazhiError(source, "no report text in the file")
    return Document(source=source, text=text, encoding=encoding, notes=notes,
                    # (the words before a heading are letters and ideographs only, radicals read: nothing to normalise)
                    headings=tuple((rank, normalize_text(words), before) for rank, words, before in headings))


#: How a file's first bytes say what it is, for a suffix fazhi cannot read (SNIFFED): a zip (a .docx), a PDF, a web page.
_SNIFF_BYTES = 2048
#: Markup first, after a byte order mark and blanks: a page, a CMS's fragment of one ("<p>…"), one that opens with a
#: <style> or a comment longer than the bytes sniffed (fuzz6 F4: read as text, tags and all). A report's text never
#: opens with "<" (its titles' brackets are 《》).
_PAGE_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<[!?a-z]")
#: Word 2003's XML document (WordprocessingML in one file) and Word's flat XML package.
_WORD_XML = re.compile(rb"<w:worddocument\b|<pkg:package\b|progid=\"word\.document\"")
#: Word's, a browser's and a CMS's "single file web page" (MHT): a MIME message whose parts are encoded
#: (quoted-printable, base64), told by its header, whatever lines come before it in the header block (Chrome's and
#: Edge's begin "From: <Saved by Blink>", fuzz6 F4).
_WEB_ARCHIVE = re.compile(rb"\s*(?:(?:[a-z][a-z0-9-]*:|[ \t])[^\n]*\n)*(?:mime-version:|content-type:\s*multipart/related)")


def _format_of(path: Path, suffix: str, source: str) -> str:
    """The suffix fazhi reads a file named `suffix` (CONVERT_FIRST) as, when its bytes say it is one (portals serve a
    "Word 版" that is a .docx or a web page named .doc: walk16 F9): a zip holding word/document.xml, a PDF, a page
    that starts as one, plain text (no NUL: what text reading accepts). Else the file is refused with what to convert
    it to, as what it is (an RTF file, a web archive: its text is encoded, reread11 R14; a zip of another kind,
    R15 and walk17 F3; an empty file is said empty)."""
    what, how = CONVERT_FIRST[suffix]
    if suffix in SNIFFED:
        import zipfile  # (only for a file named as one fazhi cannot read)

        try:
            with open(path, "rb") as f:
                head = f.read(_SNIFF_BYTES)
            if head.startswith(b"PK\x03\x04"):
                with zipfile.ZipFile(path) as archive:
                    if "word/document.xml" in archive.namelist():
                        return ".docx"
        except zipfile.BadZipFile:
            pass  # refused below, as what it is named
        except OSError as e:
            raise FazhiError(source, f"cannot read: {e.strerror or e}") from None
        if head.startswith(b"%PDF-"):
            return ".pdf"
        if not head:
            raise FazhiError(source, "empty file")
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        # (a UTF-16 file's first characters as bytes, to be told as the others are: reread12 R11)
        lowered = (head.decode("utf-16", "ignore").encode("utf-8") if utf16 else head).lower()
        if _WEB_ARCHIVE.match(lowered):
            what, how = "a web archive (MHT)", WEB_ARCHIVE
        elif _WORD_XML.search(lowered):
            what = "a Word 2003 XML document"  # (markup, but no page: its text runs together, reread12 R10)
        elif _PAGE_START.match(lowered):
            return ".html"
        elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
            what = "an RTF file"
        elif head.startswith(b"PK\x03\x04"):
            what = "a zip archive, not a Word document (an OpenDocument file?)"
        elif not head.startswith(OLE_MAGIC) and (b"\0" not in head or utf16):
            return ".txt"  # plain text named so (a portal's "Word 版" of the text alone, UTF-16 with its mark too): read,
            # its encoding checked
    raise FazhiError(source, f"{what} ({suffix}) cannot be read: {how.format(name=path.name)}")


# ---------------------------------------------------------------------------------------------- text

def _utf16_without_mark(head: bytes) -> bool:
    """Whether bytes with NULs read as UTF-16 text in either byte order: Chinese, ASCII and line ends, no NUL (refused
    all the same, since which order is meant is a guess, but with what to do about it)."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head[: len(head) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and "\x00" not in text and sum("\u4e00" <= c <= "\u9fff" or c.isascii() for c in text) > 0.9 * len(text):
            return True
    return False


def decode(raw: bytes, source: str, declared: str | None = None, markup: bool = False) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or GB18030; refuse rather than guess wrong. `declared`: the
    encoding the file says it is in (a page's <meta charset>), taken when the bytes decode in it; `markup`: the
    text is a page, whose tags, scripts and styles do not count when judging whether it reads as Chinese."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", source), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", source), "utf-16"
    if b"\x00" in raw[:8192]:
        if _utf16_without_mark(raw[:8192]):
            raise FazhiError(source, "looks like UTF-16 without a byte-order mark: save it as UTF-8 (or UTF-16 with one)")
        raise FazhiError(source, "binary file (contains NUL bytes), not a text report")
    if declared:
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong (pages copied between systems): the bytes decide
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as e:  # the line where the decoding that got further failed: the file's encoding
        # (UTF-8 fails on a GB18030 report's first Chinese, GB18030 early in a UTF-8 one: fuzz5 F8)
        at, encoding = max((utf8_error.start, "utf-8"), (e.start, "gb18030"))
        raise FazhiError(source, "undecodable bytes: neither UTF-8 nor GB18030",
                         line=_line_at(raw, at, encoding)) from None
    if not _plausible_chinese(_MARKUP.sub(" ", text) if markup else text):
        raise FazhiError(source, "cannot tell the encoding: not valid UTF-8, and as GB18030 it is not readable Chinese",
                         line=_line_at(raw, utf8_error.start, "utf-8"))
    return text, "gb18030"


#: What of a page is not its text: scripts, styles, comments and tags. One left open runs to the page's end (as a
#: browser reads it), and a tag stops at the next "<": searched again from every unclosed one, each scanned to the end
#: (quadratic: 40,000 "<!--" took 30 s: fuzz5 F1).
_MARKUP = lazy(r"(?is)<script.*?(?:</script>|\Z)|<style.*?(?:</style>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>")


def _strict(raw: bytes, encoding: str, source: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise FazhiError(source, f"undecodable bytes for {encoding}", line=_line_at(raw, e.start, encoding)) from None


def _line_at(raw: bytes, at: int, encoding: str) -> int:
    """The line of byte `at`, counted in the text before it (UTF-16's 上 holds a 0x0A byte: fuzz5 F8)."""
    return raw[:at].decode(encoding, errors="replace").count("\n") + 1


_COMMON = lazy(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\s\x20-\x7e“”‘’…—·]")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte soup; real Chinese text is nearly all common CJK and ASCII."""
    sample = text[:20000]
    if not sample:
        return False
    common = len(_COMMON.findall(sample))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", sample))
    return common / len(sample) >= 0.97 and cjk >= 0.2 * len(sample.strip() or "x")


#: C0 controls but tab and newline (ESC included), DEL, C1 controls (U+0080–U+009F), zero-width characters and
#: bidirectional overrides: none is report text, and escape sequences must never reach a terminal.
_CONTROL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
#: A terminal's escape sequence whole (CSI "ESC[31m", its 8-bit form, OSC "ESC]…BEL"): text copied from a terminal
#: holds them, and removing the ESC alone left "[31m" in a title (walk31).
_ESCAPE_SEQUENCE = lazy(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
#: Lone UTF-16 surrogates: a PDF's broken Unicode map yields them, and no UTF-8 output (a hash, JSON, the
#: terminal) can encode them.
_SURROGATE = lazy(r"[\ud800-\udfff]")


#: The typographic spaces (en, em, thin … narrow no-break, medium mathematical).
_SPACES = lazy(r"[\u2000-\u200a\u202f\u205f]")


def normalize_text(text: str) -> str:
    """One newline convention, no control characters (a terminal's escape sequences removed whole), every lone
    surrogate shown as U+FFFD (unreadable), the typographic spaces as plain ones, radicals as the ideographs they stand
    for (`hanzi.radicals_as_ideographs`); everything else stays exactly as written (one character for one)."""
    for old, new in (("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n"), ("\xa0", " ")):
        if old in text:  # a 20 MB report is copied only when something really changes
            text = text.replace(old, new)
    if _SPACES.search(text):  # &emsp; &ensp; indents of web pages: blanks like any other, one for one
        text = _SPACES.sub(" ", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if RADICAL.search(text):  # ⼯作 from a PDF is 工作
        text = radicals_as_ideographs(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
