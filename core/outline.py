"""From a report's text to its outline: numbered headings, 一是 items, title, government, year, date.

The grammar is the one these reports share: 一、 / (一) / 1. / (1) / ① markers (full- or half-width),
heading on its own line or written inline as the first sentence of its paragraph, 一是/二是 items inside
paragraphs. Levels are not fixed per marker: the first marker type met is level 1, a new type below it
is level 2, and so on, so a report that starts at (一) still gets a sane tree. Every section keeps its
exact span in the text so later stages (areas, annotations, the UI) can point back into it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from fazhi.core.report import Document, text_sha256

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十百"
SENTENCE_END = "。!?;\uff01\uff1f\uff1b"
HEADING_END = SENTENCE_END + ":\uff1a"
OPEN = "(\uff08"
CLOSE = ")\uff09"


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; None when it is not a numeral."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass
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

    def full_text(self, document_text: str) -> str:
        """Heading, body and children's text: what this section says as a whole."""
        return document_text[self.start:self.end]

    def to_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "label": self.label, "heading": self.heading,
                "text": self.text, "span": [self.start, self.end],
                "children": [c.to_dict() for c in self.children]}


@dataclass
class Outline:
    source: str
    text: str
    title: str | None
    government: str | None
    year: int | None
    date: str | None
    sections: list[Section]
    encoding: str = "utf-8"

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def find(self, section_id: str) -> Section | None:
        return next((s for s in self.walk() if s.id == section_id), None)

    def to_dict(self) -> dict:
        return {"source": self.source, "title": self.title, "government": self.government,
                "year": self.year, "date": self.date, "sha256": self.sha256,
                "sections": [s.to_dict() for s in self.sections]}


# ------------------------------------------------------------------------------------------ markers

_W = r"[ \t\u3000]*"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^{_W}(第([{CN_NUM}]+)(?:部分|章))[ \t\u3000、,\uff0c:\uff1a]*")),
    ("cn", re.compile(rf"^{_W}(([{CN_NUM}]+){_W}[、.\uff0e])")),
    ("cn_paren", re.compile(rf"^{_W}([{OPEN}]{_W}([{CN_NUM}]+){_W}[{CLOSE}][、.\uff0e]?)")),
    ("num", re.compile(rf"^{_W}((\d{{1,2}}){_W}(?:[、\uff0e]|\.(?!\d)))")),
    ("num_paren", re.compile(rf"^{_W}([{OPEN}]{_W}(\d{{1,2}}){_W}[{CLOSE}][、.\uff0e]?)")),
    ("circled", re.compile(rf"^{_W}(([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))")),
]
ITEM = re.compile(rf"(?:^|(?<=[{SENTENCE_END}]))[ \t\u3000]*(([{CN_NUM}]+)是)(?=[\u4e00-\u9fff“\"《(\uff08,\uff0c:\uff1a])", re.M)
#: An item's heading is its lead phrase; past this length the first clause stands for it.
ITEM_HEADING_MAX = 30


def match_marker(line: str) -> tuple[str, str, int, int] | None:
    """(marker type, label as written, number, end offset of the marker) for a heading line."""
    for kind, pattern in MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        number = m.group(2)
        n = ord(number) - ord("①") + 1 if kind == "circled" else cn_to_int(number)
        rest = line[m.end():]
        if n is None or n == 0 or not rest.strip():
            continue
        if kind in ("num", "cn") and re.match(r"\s*[年月日%万亿千百个项件次名人]", rest):
            continue  # "1.5万", "2024、" are figures, not headings
        return kind, m.group(1).strip(), n, m.end()
    return None


def split_heading(rest: str) -> int:
    """Length of the heading in the text after a marker: the first sentence, or the whole line."""
    for i, ch in enumerate(rest):
        if ch in HEADING_END:
            return i
    return len(rest)


# ---------------------------------------------------------------------------------------- line kinds

_DEBRIS = re.compile(
    r"^(头部|尾部|ico|icon|首页|当前位置|您当前的位置|【?字体[:\uff1a]?|[【\[]?\s*(大|中|小)\s*[】\]]|打印(本页)?|关闭(窗口)?"
    r"|分享到[:\uff1a]?|扫一扫.*|相关(附件|新闻|链接|文章)|附件[:\uff1a]?|媒体报道|音频视频|部门解读|图解类|新闻发布会|访谈|文章关键词[:\uff1a]?"
    r"|上一篇.*|下一篇.*|返回顶部|网站地图|联系我们|收藏|责任编辑.*|编辑[:\uff1a].*|浏览次数.*|阅读次数.*)$"
    r"|备案号|ICP备|公网安备|主办单位|承办单位?[:\uff1a]|技术支持|网站标识码|版权所有|您访问的链接即将离开|发布时间[:\uff1a]|来源[:\uff1a]|信息来源",
    re.I,
)
_ADDRESSEE = re.compile(r"^[^。;\uff1b,\uff0c]{2,40}[:\uff1a]$")
_DATE = re.compile(r"^[(\uff08]?\s*((?:19|20)\d\d|[〇零○O一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[)\uff09]?$")
_DATE_LIKE = re.compile(r"^[(\uff08]?\s*(?:19|20)\d\d\s*年[\d\s年月日.-]*[)\uff09]?$")
_SIGNATURE = re.compile(r"(人民政府|委员会|政府|办公室|办公厅|司法局|局|街道办事处|管委会|管理委员会)$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_ADMIN_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:特别行政区|自治州|自治县|自治旗|街道|省|市|区|县|镇|乡|旗)")
_TITLE_HINT = re.compile(r"报告|情况|工作总结")


def _is_debris(line: str) -> bool:
    return bool(_DEBRIS.search(line.strip()))


def _is_paragraph(line: str) -> bool:
    """A line of running text (as opposed to page furniture, titles and signatures)."""
    s = line.strip()
    return len(s) >= 40 or (len(s) >= 2 and (s[-1] in SENTENCE_END + "”\"" or any(c in s[:-1] for c in SENTENCE_END)))


def _is_date(line: str) -> bool:
    s = line.strip()
    return bool(_DATE.match(s) or _DATE_LIKE.match(s))


def parse_date(line: str) -> str | None:
    """ISO date of a date line; None when malformed ("2017年1220") or impossible."""
    m = _DATE.match(line.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    year = int(y) if y.isdigit() else int("".join(str(CN_DIGITS.get(c, 0)) for c in y))
    try:
        return dt.date(year, cn_to_int(mo) or 0, cn_to_int(d) or 0).isoformat()
    except ValueError:
        return None


def innermost_unit(name: str) -> str | None:
    """清远市清城区 → 清城区; 天津市静海区静海镇 → 静海镇."""
    units = _ADMIN_UNIT.findall(name)
    return units[-1] if units else None


# ---------------------------------------------------------------------------------------------- parse

@dataclass
class _Line:
    start: int
    end: int
    text: str  # without the newline


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def parse(doc: Document) -> Outline:
    return parse_text(doc.text, source=doc.source, encoding=doc.encoding)


def parse_text(text: str, source: str = "<text>", encoding: str = "utf-8") -> Outline:
    lines = [ln for ln in _lines(text) if ln.text.strip()]
    markers = [match_marker(ln.text) for ln in lines]

    # Head: page furniture, title, addressee and date lines before the first heading or paragraph.
    title_lines: list[_Line] = []
    head_end = 0
    head_date = None
    for i, ln in enumerate(lines):
        s = ln.text.strip()
        if markers[i] or _is_paragraph(s) and not _is_debris(s):
            break
        head_end = i + 1
        if _is_debris(s):
            continue
        if _is_date(s):
            head_date = head_date or parse_date(s)
        elif not title_lines and _TITLE_HINT.search(s) and len(s) <= 60:
            title_lines = [ln]
            prev = lines[i - 1] if i else None
            # A title over two lines: "XX区人民政府2024年" / "法治政府建设年度报告" — the second line
            # lacks the year and the first ends where a title breaks (a year or a government name).
            if prev and not _YEAR.search(s) and len(prev.text.strip()) <= 30 and not _is_debris(prev.text) \
                    and not _ADDRESSEE.match(prev.text.strip()) and not _is_date(prev.text) \
                    and re.search(r"(?:19|20)\d\d\s*年度?$|人民政府$|委员会$|[省市区县镇乡]$", prev.text.strip()):
                title_lines.insert(0, prev)
    if head_end == len(lines):  # nothing but short lines: everything after the title is the text
        head_end = lines.index(title_lines[-1]) + 1 if title_lines else 0
    # Tail: signature, date and the site furniture below them; an attachment list ("附件：1.…") with it.
    tail_start = len(lines)
    for i in range(len(lines) - 1, head_end - 1, -1):
        if re.match(r"^\s*附件", lines[i].text):
            if all(len(ln.text.strip()) < 60 for ln in lines[i:]):
                tail_start = i
            break
    for i in range(tail_start - 1, head_end - 1, -1):
        s = lines[i].text.strip()
        if markers[i] or _is_paragraph(s) and not _is_debris(s):
            break
        tail_start = i
    if tail_start == head_end:  # no running text at all: keep the lines as the text rather than lose them
        tail_start = len(lines)
    tail = lines[tail_start:]
    body = lines[head_end:tail_start]
    body_markers = markers[head_end:tail_start]

    sections = _build_tree(text, body, body_markers)
    _assign_ids(sections)

    title = "".join(ln.text.strip() for ln in title_lines) or None
    signature = [ln.text.strip() for ln in tail if not _is_date(ln.text) and not _is_debris(ln.text)
                 and _SIGNATURE.search(ln.text.strip())]
    date = head_date
    for ln in tail:
        if _is_date(ln.text):
            date = parse_date(ln.text)
            break
    preamble = next((s.text for s in sections if s.kind == "preamble"), "")
    return Outline(source=source, text=text, title=title,
                   government=_government(title, signature, preamble, text),
                   year=_year(title, preamble, sections, date), date=date,
                   sections=sections, encoding=encoding)


def _build_tree(text: str, body: list[_Line], markers: list) -> list[Section]:
    roots: list[Section] = []
    stack: list[tuple[str, int, Section]] = []  # (marker type, number, section)
    preamble: Section | None = None

    def open_section(ln: _Line, marker) -> Section:
        kind, label, number, marker_end = marker
        rest = ln.text[marker_end:]
        lead = len(rest) - len(rest.lstrip(" \t\u3000"))
        rest = rest.lstrip(" \t\u3000")
        h_len = split_heading(rest)
        h_start = ln.start + marker_end + lead
        h_end = h_start + h_len
        heading = rest[:h_len].strip()
        body_start = min(h_end + 1, ln.end) if h_len < len(rest) else ln.end
        return Section(id="", level=0, label=label, heading=heading, start=ln.start + ln.text.find(label[0]),
                       end=ln.end, heading_start=h_start, heading_end=h_end,
                       body_start=body_start, body_end=ln.end)

    current: Section | None = None
    for ln, marker in zip(body, markers):
        if marker and _fits(marker, stack):
            kind, _, number, _ = marker
            while stack and kind in [k for k, _, _ in stack] and stack[-1][0] != kind:
                stack.pop()
            if stack and stack[-1][0] == kind:
                stack.pop()
            section = open_section(ln, marker)
            section.level = len(stack) + 1
            (stack[-1][2].children if stack else roots).append(section)
            stack.append((kind, number, section))
            for _, _, s in stack:
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
        for _, _, s in stack:
            s.end = ln.end
        # A body line extends the deepest open section (the current one); items (一是…) are split off below.
        current.body_end = ln.end
    for section in [s for root in roots for s in root.walk()]:
        if section.kind == "heading":  # the untitled lead paragraph stays one piece
            _split_items(text, section)
        section.text = text[section.body_start:section.body_end].strip()
    return roots


def _fits(marker, stack: list[tuple[str, int, Section]]) -> bool:
    """Accept a marker only where its number continues its level (or starts a new one at 1). Typos
    happen in real reports: a number repeated or one skipped still counts; a jump further does not."""
    kind, _, number, _ = marker
    for k, n, _ in reversed(stack):
        if k == kind:
            return n <= number <= n + 2
    return number <= 2


def _split_items(text: str, section: Section) -> None:
    """一是…二是… inside the section's own body become its children, in order, each with its span."""
    body = text[section.body_start:section.body_end]
    hits, expected = [], 1
    for m in ITEM.finditer(body):
        n = cn_to_int(m.group(2))
        if n == expected or (n == 1 and hits):
            hits.append(m)
            expected = n + 1
    if len(hits) < 2 and not (hits and body[: hits[0].start()].strip() == ""):
        return
    items = []
    for i, m in enumerate(hits):
        start = section.body_start + m.start(1)
        end = section.body_start + (hits[i + 1].start() if i + 1 < len(hits) else len(body.rstrip()))
        rest = text[start + len(m.group(1)):end]
        h_len = split_heading(rest)
        if h_len > ITEM_HEADING_MAX and (comma := re.search(r"[,\uff0c]", rest[:h_len])):
            h_len = comma.start()
        h_start = start + len(m.group(1))
        items.append(Section(id="", level=section.level + 1, label=m.group(1), heading=rest[:h_len].strip(),
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


def _government(title: str | None, signature: list[str], preamble: str, text: str) -> str | None:
    for line in signature:
        for token in reversed(line.split()):
            m = re.search(r"(.+?)(人民政府|政府)$", token)
            if m and (unit := innermost_unit(m.group(1))):
                return unit
    if title:
        prefix = re.split(r"(?:19|20)\d\d|人民政府|法治|关于|依法", title)[0]
        if unit := innermost_unit(prefix):
            return unit
    for m in re.finditer(r"([\u4e00-\u9fff]{2,12}?)(?:人民政府|党委|在|坚持|深入|认真|积极|紧紧|始终|全面|以)", preamble[:400]):
        unit = innermost_unit(m.group(1))
        if unit and len(unit) >= 3 and text.count(unit) >= 2:
            return unit
    return None


def _year(title: str | None, preamble: str, sections: list[Section], date: str | None) -> int | None:
    for source in (title or "", preamble[:200]):
        if m := _YEAR.search(source):
            return int(m.group(1))
    years = [int(m.group(1)) for s in sections if s.kind != "preamble" for m in [_YEAR.search(s.heading)] if m]
    if years:
        return min(years)
    if date:
        y, mo = int(date[:4]), int(date[5:7])
        return y - 1 if mo <= 6 else y
    return None
