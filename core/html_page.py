"""A web page's report text: what a browser shows of the page, without scripts, navigation, menus, share bars
and other page furniture (by tag and by class/id words), one line per block element.

`html_to_text(html, source)` returns that text, or raises FazhiError naming `source` when the page is malformed
beyond what a browser forgives or holds no text. Lenient as a browser: an unclosed construct runs to the end of
the page; a '<' that opens no tag is text. Used by `core.report.read` for .html/.htm files (the page's debris
lines that survive, such as 索引号 blocks, are the outline's to recognise: core.metadata).
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from fazhi.core.errors import FazhiError
from fazhi.core.patterns import lazy

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
              "select", "option", "iframe", "svg", "template", "head", "menu"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "hr", "title", "center"}
_DEBRIS_CLASS = lazy(r"(^|[\s_-])(nav|menu|footer|header|share|breadcrumb|crumb|sidebar|toolbar|copyright|bdshare|print|fontsize|related)([\s_-]|$)", re.I)
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TextExtractor(HTMLParser):
    """Collects the visible text of a page, leaving out scripts, navigation and other page furniture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []
        self.skipping: Counter[str] = Counter()  # the skip stack's tags: a stray end tag is not a scan of it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_stack:
                self.parts.append("\n")
            return
        attr = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if self.skip_stack or tag in _SKIP_TAGS or _DEBRIS_CLASS.search(attr):
            self.skip_stack.append(tag)
            self.skipping[tag] += 1
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if self.skipping[tag]:
                while self.skip_stack:
                    popped = self.skip_stack.pop()
                    self.skipping[popped] -= 1
                    if popped == tag:
                        break
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_stack:
            self.parts.append(data)


#: A '<' that opens no tag, comment or declaration is text: escaped, it is read with the text around it
#: instead of one character at a time.
_STRAY_LT = lazy(r"<(?![a-zA-Z/!?])")


def html_to_text(html: str, source: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(_STRAY_LT.sub("&lt;", html))
        # What feed() leaves is a construct that never closes (a comment, tag or declaration): it runs to the end
        # of the page, as in a browser. close() would instead rescan to the end from every '<' after it (quadratic
        # before Python 3.11.13, gh-135462); text left for a character reference is still read.
        if not parser.rawdata.startswith("<"):
            parser.close()
    except Exception as e:  # HTMLParser is lenient; anything it still rejects is bad input
        raise FazhiError(source, f"malformed HTML: {e}") from None
    lines = [ln.rstrip(" \t\u3000").strip(" \t") for ln in "".join(parser.parts).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    if not text.strip():
        raise FazhiError(source, "malformed HTML: no report text found in the page")
    return text
