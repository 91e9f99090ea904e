"""A web page's report text: what a browser shows of the page, without scripts, navigation, menus, share bars
and other page furniture (by tag and by class/id words), one line per block element.

`html_to_text(html, source)` returns that text, or raises FazhiError naming `source` when the page is malformed
beyond what a browser forgives, holds no text, or holds no report but an embedded viewer or an attachment link
(the message names what to open instead); `read_page` returns it with the page's <h1>…<h6> headings as
(rank, text, the words before it), for the outline to read headings that only their tag marks (no typed 一、: core.outline). Lenient as a
browser: an unclosed construct runs to the end of the page; a '<' that opens no tag is text. Used by `core.report.read` for .html/.htm files (the page's debris lines that
survive, such as 索引号 blocks, are the outline's to recognise: core.metadata); `declared_charset(raw)` is the
encoding a page declares in its <meta>, which reading honours.

Newlines of the page's source: a browser folds them, and editors wrap long lines anywhere ("…工作开展情\n况");
a report pasted as plain text into a <div> has its own lines there. Within one block they are resolved as a Word
paragraph's line breaks are (core.line_breaks): a line ends where a sentence, a colon or a heading does, else the
pieces join. A <header> is page furniture, except inside an <article> or <main> (the article's own title) or
named after the article ("article-header").
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from fazhi.core.errors import FazhiError
from fazhi.core.hanzi import CONTEXT_CHARS, HAN, int_to_cn, reading_shadow, words_before
from fazhi.core.patterns import lazy

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
              "select", "option", "iframe", "svg", "template", "head", "menu"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "hr", "title", "center"}
_DEBRIS_CLASS = lazy(r"(^|[\s_-])((?:top|main|sub)?nav(?:bar|igation)?|menu(?:bar)?|footer"
                     r"|(?<!article[-_])(?<!content[-_])(?<!detail[-_])(?<!news[-_])(?<!post[-_])header|share|breadcrumb"
                     r"|crumb|sidebar|toolbar|copyright|bdshare|print|fontsize|related)([\s_-]|$)", re.I)
#: The pieces of text before a heading read for the words it follows (a piece is a tag's text or a break), at first.
_CONTEXT_PARTS = 64
#: Inside these, a <header> is the article's own (its title), not the site's.
_ARTICLE_TAGS = {"article", "main"}
#: Where a page's report may really be: an embedded viewer, or a file linked as an attachment.
_EMBED_TAGS = {"iframe", "embed", "object", "frame"}  # (a <frameset>'s frames: the page is their frame)
_ATTACHMENT = lazy(r"\.(?:pdf|docx?|wps|ofd|zip|rar)(?:[?#]|$)", re.I)
#: A link whose script works the page (print it, close it, go back, bookmark or share it, change its font size): its
#: words (打印本页, 关闭窗口, 【大 中 小】) are the page's controls. Other script links (a heading opening its section) keep theirs.
_PAGE_CONTROL = lazy(r"^\s*javascript:\s*(?:void\s*\(\s*0\s*\)\s*;?\s*)?(?:(?:window|self|top|document)\.)*"
                     r"(?:print|close|history\.|add_?favou?rite|addbookmark|bookmark|share|do_?zoom|set_?font|font_?size)", re.I)
#: A page with less report text than this (CJK characters) beside a viewer or an attachment holds no report.
MIN_REPORT_CHARS = 200
_SOURCE_NEWLINE = "\r"  # a newline of the page's source, told apart from the line ends of block elements
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TextExtractor(HTMLParser):
    """Collects the visible text of a page, leaving out scripts, navigation and other page furniture; notes the
    embedded viewers and attachment links it passes."""

    def __init__(self, show_hidden: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.show_hidden = show_hidden  # what the page hides read too (a page hidden until its script shows it)
        self.hidden_skipped = False  # an element was left out as hidden
        self.parts: list[str] = []
        self.skip_stack: list[str] = []
        self.skipping: Counter[str] = Counter()  # the skip stack's tags: a stray end tag is not a scan of it
        self.article = 0  # how many <article>/<main> are open
        self.pre = 0  # how many <pre> are open: their newlines are lines
        self.elsewhere: list[str] = []  # src of embedded viewers, href of attachments
        #: what the page's <head> names it: its meta ArticleTitle (or og:title), then its <title>
        self.named: dict[str, str] = {}
        self._in_title = False
        #: the open lists, innermost last: [how an <ol>'s items are numbered ("cjk", "decimal"; None: not at all, a
        #: <ul>), the next item's number]
        self.lists: list[list] = []
        #: an item's number waiting for the item's first words: (where it goes in `parts`, the number as written)
        self.item_label: tuple[int, str] | None = None
        self.links = 0  # how many <a> are open
        self.headings: list[tuple[int, str, str]] = []  # the <h1>…<h6> read: (rank, text, `words_before` it)
        #: the open <h1>…<h6>: (its rank, where its text begins in `parts`). One at a time, as a browser reads them: a
        #: heading holds no block, so a heading's or a block's start, or any heading's end, closes it (reread25 R2)
        self._heading: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or values.get("property") or "").lower() in _TITLE_META:
            self.named.setdefault("meta", (values.get("content") or "").strip())
        self._in_title = tag == "title" and "title" not in self.named and (self.skipping["head"] > 0 or not self.parts)
        if self.skip_stack:
            pass  # a viewer or a link in the page's furniture is not where its report is
        elif tag in _EMBED_TAGS and (values.get("src") or values.get("data")):
            self.elsewhere.append(values.get("src") or values.get("data") or "")
        elif tag == "a" and _ATTACHMENT.search(values.get("href") or ""):
            self.elsewhere.append(values.get("href") or "")
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_stack:  # (a <br> inside a heading wraps one heading: sty24 F4)
                self.parts.append(_SOURCE_NEWLINE if tag == "br" and self._heading else "\n")
            return
        attr = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        furniture = tag in _SKIP_TAGS and not (tag == "header" and self.article)
        hidden = not self.show_hidden and tag not in _END_OMITTED and _hidden(values)
        self.hidden_skipped |= hidden and not self.skip_stack
        control = tag == "a" and _PAGE_CONTROL.search(values.get("href") or "") is not None
        if self.skip_stack or furniture or hidden or control or _DEBRIS_CLASS.search(attr):
            self.skip_stack.append(tag)
            self.skipping[tag] += 1
            return
        self.article += tag in _ARTICLE_TAGS
        self.pre += tag == "pre"
        if tag in _BLOCK_TAGS:
            self._close_heading()
            self.parts.append("\n")
        if tag in _HEADING_TAGS:
            self._heading = (int(tag[1]), len(self.parts))
        self.links += tag == "a"
        if tag in ("ol", "ul"):
            self.lists.append([_numbering(tag, values), _count(values.get("start"), 1)])
        elif tag == "li" and self.lists and self.lists[-1][0]:
            self.item_label = (len(self.parts), _item_label(self.lists[-1], values))
            self.parts.append("")  # the number's place: written once the item's first words are seen

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if self.skipping[tag]:
                while self.skip_stack:
                    popped = self.skip_stack.pop()
                    self.skipping[popped] -= 1
                    if popped == tag:
                        break
            return
        if tag in _ARTICLE_TAGS and self.article:
            self.article -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag == "a" and self.links:
            self.links -= 1
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _HEADING_TAGS:
            self._close_heading()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _close_heading(self) -> None:
        if self._heading:
            (rank, at), self._heading = self._heading, None
            if words := " ".join("".join(self.parts[at:]).split()):
                self.headings.append((rank, words, self._words_before(at)))

    def _words_before(self, at: int) -> str:
        """`words_before` the piece `at`, read back over as few pieces as hold them (spacers, <p><br></p>, are
        pieces too; not the whole page again for each heading)."""
        pieces = _CONTEXT_PARTS
        while True:
            before = "".join(self.parts[max(0, at - pieces):at])
            found = words_before(before, len(before))
            if len(found) >= CONTEXT_CHARS or pieces >= at or pieces >= _CONTEXT_PARTS ** 3:
                return found
            pieces *= _CONTEXT_PARTS

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.named["title"] = " ".join(data.split())
            self._in_title = False
        if not self.skip_stack:
            if self.item_label is not None and data.strip():
                self._number_item(data.lstrip())
            newline = "\n" if self.pre else _SOURCE_NEWLINE
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline))

    def _number_item(self, words: str) -> None:
        """The waiting item's number written before its first `words`, unless they hold one already (the site's
        style shows the editor's typed labels alone) or are a link's (a list of links is a table of contents, or
        navigation): reread12 R1."""
        at, label = self.item_label
        self.item_label = None
        from fazhi.core.outline import ITEM, match_marker  # (reading a page only)

        if not self.links and match_marker(words) is None and ITEM.match(words) is None:
            self.parts[at] = label


#: The numbers a browser writes before an <ol>'s items, by the list-style-type (or type) the list gives, as a report
#: types them: 一、 for the Chinese styles, 1. for decimal (gen18 F4: a CMS editor's numbered headings were read
#: unnumbered, no section at all). Other styles (letters, Roman numerals) are left unwritten.
_LIST_STYLE = lazy(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.I)
_CJK_STYLES = {"cjk-ideographic", "simp-chinese-informal", "trad-chinese-informal", "cjk-decimal"}


def _numbering(tag: str, values: dict[str, str | None]) -> str | None:
    if tag != "ol":
        return None
    # only where the page says how (a bare <ol> is most often styled away: reset style sheets set list-style none)
    m = _LIST_STYLE.search(values.get("style") or "")
    style = m.group(1).lower() if m else "decimal" if values.get("type") == "1" else ""
    return "cjk" if style in _CJK_STYLES else "decimal" if style == "decimal" else None


def _count(given: str | None, default: int) -> int:
    """An item's number as an attribute gives it (start, value), within what a report numbers."""
    given = (given or "").strip()
    return int(given) if given.isdigit() and len(given) <= 3 else default


def _item_label(numbered: list, values: dict[str, str | None]) -> str:
    """The label of the next item of the list `numbered` ([numbering, next number]), which moves on past it."""
    n = _count(values.get("value"), numbered[1])
    numbered[1] = n + 1
    return f"{int_to_cn(n)}、" if numbered[0] == "cjk" else f"{n}."


#: An element a browser does not show (gen18 F6: a hidden block's "一、…" read as a heading of the report).
_HIDDEN_STYLE = lazy(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)


#: Elements whose end tag may be left out: hidden, their end would never be met, and the rest of the page was hidden
#: with them (reread12 R3). Read, as before.
_END_OMITTED = {"p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
                "caption", "rb", "rt", "rp", "body", "html"}


def _hidden(values: dict[str, str | None]) -> bool:
    return "hidden" in values or _HIDDEN_STYLE.search(values.get("style") or "") is not None


#: A '<' that opens no tag, comment or declaration is text: escaped, it is read with the text around it
#: instead of one character at a time.
_STRAY_LT = lazy(r"<(?![a-zA-Z/!?])")
#: An inline element with nothing in it, not even a blank (Word's exported pages hold them by the hundred thousand:
#: <span lang=EN-US></span>, <o:p></o:p>): it shows nothing, and the parser's callbacks on it cost seconds (13 MB of
#: them took 9 s). Taken out before parsing; nested ones go in a few rounds. Links keep theirs (an attachment's href).
_EMPTY_INLINE = lazy(r"<(span|font|o:p|b|i|u|s|em|strong|small|big|sub|sup|strike|ins|del|mark)(?:\s[^<>]*)?></\1\s*>",
                     re.I)


def html_to_text(html: str, source: str) -> str:
    return read_page(html, source)[0]


def read_page(html: str, source: str) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    """The page's report text (`html_to_text`) and its headings by tag: (rank 1–6, words, the words before it:
    `hanzi.words_before`), in page order."""
    for _ in range(4):  # <b><span></span></b>: the inner first
        html, n = _EMPTY_INLINE.subn("", html)
        if not n:
            break
    html = _STRAY_LT.sub("&lt;", html)
    parser = _parsed(html, source)
    text = _page_text(parser)
    if parser.hidden_skipped and len(HAN.findall(text)) < MIN_REPORT_CHARS:
        # the report is what the page hides until its script shows it (<div id="zoom" style="display:none">, a body
        # hidden against a flash of unstyled text): read with it (reread12 R7: such pages were refused)
        parser = _parsed(html, source, show_hidden=True)
        text = _page_text(parser)
    if parser.elsewhere and len(HAN.findall(text)) < MIN_REPORT_CHARS:
        shown = ", ".join(map(repr, dict.fromkeys(parser.elsewhere[:3])))  # (a frameset's first frame is its menu)
        raise FazhiError(source, f"no report text in the page: it shows the report from {shown} "
                                 "(an embedded viewer or an attachment); open that file instead")
    if not text.strip():
        raise FazhiError(source, "no report text found in the page")  # well formed, perhaps: only <br>s
    return _headed_by_title(text, parser.named), tuple(parser.headings)


#: The meta tags that name an article (a CMS's ArticleTitle, Open Graph's og:title).
_TITLE_META = {"articletitle", "og:title"}


def _headed_by_title(text: str, named: dict[str, str]) -> str:
    """The page's text headed by the title its <head> gives (ArticleTitle, else <title>, without its site's and
    column's names: core.metadata.title_proper), where the body does not show it: a print view or a template
    showing only the column's name had no title (gen18 F3). A head naming the site alone, or any title the body
    shows, adds nothing."""
    from fazhi.core.metadata import title_like, title_span  # (reading a page only)

    for given in (named.get("meta", ""), named.get("title", "")):
        shadow = reading_shadow(given)  # (read as the outline reads: 建設情況的報告 is a title, gen31 #11)
        start, end = title_span(shadow)
        if title_like(shadow[start:end]):
            # (the title proper: a site's breadcrumb, "X > 政务公开 > T", would read as the page's furniture)
            proper = given[start:end].strip()
            shown = _BLANKS.sub("", text[:_TITLE_SEEN])  # (broken by a <br>, spaced out: still shown, reread12 R8)
            return text if _BLANKS.sub("", proper) in shown else f"{proper}\n\n{text}"  # (a line apart: a whole title)
    return text


#: Where in the page's text a title it shows is looked for.
_TITLE_SEEN = 4000
_BLANKS = lazy(r"\s+")


def _parsed(html: str, source: str, show_hidden: bool = False) -> _TextExtractor:
    parser = _TextExtractor(show_hidden)
    try:
        parser.feed(html)
        # What feed() leaves is a construct that never closes (a comment, tag or declaration): it runs to the end
        # of the page, as in a browser. close() would instead rescan to the end from every '<' after it (quadratic
        # before Python 3.11.13, gh-135462); text left for a character reference is still read.
        if not parser.rawdata.startswith("<"):
            parser.close()
    except Exception as e:  # HTMLParser is lenient; anything it still rejects is bad input
        raise FazhiError(source, f"malformed HTML: {e}") from None
    return parser


def _page_text(parser: _TextExtractor) -> str:
    """The parsed page's lines: each block's source newlines resolved, blank lines and edge blanks left out."""
    text = "\n".join(_block_lines(block) for block in "".join(parser.parts).split("\n"))
    lines = [ln.rstrip(" \t\u3000").strip(" \t") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _block_lines(block: str) -> str:
    """One block's text with its source newlines resolved (core.line_breaks): the report's own lines kept, an
    editor's wrapping joined."""
    pieces = [p.strip(" \t") for p in block.split(_SOURCE_NEWLINE)]
    kept = [k for k, piece in enumerate(pieces) if piece]
    pieces = pieces[kept[0]:kept[-1] + 1] if kept else []  # without the blank source lines around the text
    if len(pieces) < 2:
        return pieces[0] if pieces else ""
    from fazhi.core.line_breaks import resolve_breaks  # (imports the outline's labels, which reading needs anyway)

    return "\n".join(resolve_breaks(pieces))


_CHARSET = lazy(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


#: Declarations worth believing: the encodings Chinese pages are written in. A single-byte one (a template's
#: iso-8859-1 left over) decodes any bytes into nonsense, and WHATWG ignores a declared UTF-16 as well.
_TRUSTED = {"utf-8", "gb18030", "big5", "big5hkscs"}


def declared_charset(raw: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB (<meta charset=…>, or http-equiv Content-Type), as Python
    names it (gb2312 and gbk read as their superset gb18030); None when it declares none, or one not in _TRUSTED."""
    import codecs

    m = _CHARSET.search(raw[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    name = "gb18030" if name in ("gb2312", "gbk") else name
    return name if name in _TRUSTED else None
