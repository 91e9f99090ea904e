"""Word's automatic numbering: the label ("一、", "(二)", "3.", "①") Word shows in front of a numbered paragraph.

`Styles(styles_root)` reads word/styles.xml (each paragraph style's numbering through w:basedOn, the default
paragraph style, the table-of-contents styles); `Lists(numbering_root, styles)` reads word/numbering.xml and
keeps the running counters: `Lists.label(num_id, level)` gives the next paragraph's label and counts it, so it
is called once per numbered paragraph, in document order. How Word counts:

- counters belong to the list definition (w:abstractNum, through w:numStyleLink), so every w:num sharing one
  continues the same count; the first paragraph of a w:num with a w:startOverride restarts that level at the
  override (Word's behaviour; LibreOffice's reader counts per w:num instead). Using a level restarts the deeper
  ones unless their w:lvlRestart says otherwise (0 = never; a value past the level is ignored); w:start is the
  first value (0 when absent, as the standard says);
- the label is w:lvlText with %1…%9 replaced by those levels' values, each in its own w:numFmt (all decimal
  under w:isLgl): 一二三 (十一, 二十, 一百零五) for the Chinese counting formats, 壹贰叁 (chineseLegalSimplified),
  甲乙丙 (ideographTraditional: the heavenly stems, as the standard and LibreOffice have it), 子丑寅, 1 2 3,
  ①…⑳ ⑴ ⒈ ㈠ (past their range: decimal), full-width digits, 01, A…Z AA, a, I i; a format not known here
  ("custom" without a standard fallback, ordinalText …) counts in decimal; then w:suff (a tab unless "space"
  or "nothing"). A bullet level (numFmt bullet) or one without w:lvlText gives no label.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element

from fazhi.core.hanzi import int_to_cn
from fazhi.core.record import record


def namespace(tag: str) -> str:
    """'{ns}' of a tag: the transitional or the Strict WordprocessingML namespace, whichever the part uses."""
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def to_int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------- styles

@record(frozen=True)
class _Style:
    based_on: str | None
    num_id: str | None
    level: int | None
    toc: bool  # a table-of-contents style ("toc 1" … "toc 9", "TOC Heading")
    title: bool  # Word's Title style ("Title"; "标题" in Chinese Word)
    #: the outline level it gives (w:outlineLvl 0–8 or BODY_LEVEL; a built-in "heading N" N−1); None: it gives none
    outline: int | None


_TOC_NAME = re.compile(r"toc ?(?:[1-9]|heading)", re.I)
#: Word's built-in heading styles, by name ("heading 1"; a styles.xml may leave out their w:outlineLvl).
_HEADING_NAME = re.compile(r"(?:heading|标题) ?([1-9])", re.I)
#: Word's Title style, by name.
_TITLE_NAMES = {"title", "标题"}
#: w:outlineLvl's value for body text.
BODY_LEVEL = 9


def outline_level(p_pr: Element | None, w: str, default: int | None = None) -> int | None:
    """A w:pPr's outline level: 0–8, or BODY_LEVEL where it says body text; `default` where it gives none or one
    Word does not know ("abc", "10": reread25 R7)."""
    node = None if p_pr is None else p_pr.find(f"{w}outlineLvl")
    level = None if node is None else to_int(node.get(f"{w}val"))
    return level if level is not None and 0 <= level <= BODY_LEVEL else default


class Styles:
    """word/styles.xml: the list and level each style numbers, which styles are a table of contents."""

    def __init__(self, root: Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None  # the paragraph style of paragraphs that name none
        if root is None:
            return
        w = namespace(root.tag)
        for s in root.iter(f"{w}style"):
            sid = s.get(f"{w}styleId")
            if sid is None:
                continue
            name, based = s.find(f"{w}name"), s.find(f"{w}basedOn")
            num_id, level = num_pr(s.find(f"{w}pPr/{w}numPr"), w)
            style_name = name.get(f"{w}val", "") if name is not None else sid
            heading = _HEADING_NAME.fullmatch(style_name)
            self.by_id[sid] = _Style(None if based is None else based.get(f"{w}val"), num_id, level,
                                     bool(_TOC_NAME.fullmatch(style_name)), style_name.lower() in _TITLE_NAMES,
                                     outline_level(s.find(f"{w}pPr"), w,
                                                   int(heading.group(1)) - 1 if heading else None))
            if s.get(f"{w}type") == "paragraph" and s.get(f"{w}default") in ("1", "true", "on"):
                self.default = sid

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """The style and those it is based on, nearest first (a loop is cut)."""
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            yield self.by_id[style_id]
            style_id = self.by_id[style_id].based_on

    def outline(self, style_id: str | None) -> int | None:
        """The outline level (0 = top) a paragraph of this style has (its own or, where it says none, its base
        style's: a style based on Heading 2 that says body text is body text, sty24 F7), None: body text. A style
        the file does not define is a heading by its id ("Heading2", as Word names its own)."""
        if style_id and style_id not in self.by_id and (heading := _HEADING_NAME.fullmatch(style_id)):
            return int(heading.group(1)) - 1
        level = next((s.outline for s in self.chain(style_id or self.default) if s.outline is not None), None)
        return level if level != BODY_LEVEL else None

    def is_title(self, style_id: str | None) -> bool:
        return any(s.title for s in self.chain(style_id)) if style_id in self.by_id else (style_id or "") == "Title"

    def is_toc(self, style_id: str | None) -> bool:
        style = self.by_id.get(style_id) if style_id else None
        return style.toc if style else bool(style_id and _TOC_NAME.fullmatch(style_id))


def num_pr(num_pr: Element | None, w: str) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a w:numPr; None for what it leaves out."""
    if num_pr is None:
        return None, None
    num_id, level = num_pr.find(f"{w}numId"), num_pr.find(f"{w}ilvl")
    return (None if num_id is None else num_id.get(f"{w}val"),
            None if level is None else to_int(level.get(f"{w}val")))


# ---------------------------------------------------------------------------------------------- numbering

@record(frozen=True)
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None: no label
    restart: int | None = None  # w:lvlRestart
    legal: bool = False  # w:isLgl: every number in decimal
    suffix: str = "\t"
    style: str | None = None  # w:pStyle: the paragraph style that takes this level


@record(frozen=True)
class _Num:
    abstract: str
    starts: dict[int, int]  # w:lvlOverride/w:startOverride
    levels: dict[int, _Level]  # w:lvlOverride/w:lvl


LEVELS = 9
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}


class Lists:
    """word/numbering.xml and the running counters."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum → the numbering style it stands for (w:numStyleLink)
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}  # per abstractNum: the current value of each level
        self.entered: set[str] = set()  # the w:num ids already used
        if root is None:
            return
        w = namespace(root.tag)
        for a in root.iter(f"{w}abstractNum"):
            aid = a.get(f"{w}abstractNumId")
            self.abstracts[aid] = _levels(a, w)
            if (link := a.find(f"{w}numStyleLink")) is not None:
                self.style_links[aid] = link.get(f"{w}val")
        for n in root.iter(f"{w}num"):
            ref = n.find(f"{w}abstractNumId")
            starts: dict[int, int] = {}
            for o in n.iter(f"{w}lvlOverride"):
                start, level = o.find(f"{w}startOverride"), to_int(o.get(f"{w}ilvl"), 0)
                if start is not None and 0 <= level < LEVELS:
                    starts[level] = to_int(start.get(f"{w}val"), 0)
            if ref is not None:
                self.nums[n.get(f"{w}numId")] = _Num(ref.get(f"{w}val"), starts, _levels(n, w, f"{w}lvlOverride/{w}lvl"))

    def _abstract(self, num: _Num) -> str:
        """The list definition counted: a w:numStyleLink leads to the numbering style's own list."""
        link = self.style_links.get(num.abstract)
        style = self.styles.by_id.get(link) if link else None
        target = self.nums.get(style.num_id) if style and style.num_id else None
        return target.abstract if target else num.abstract

    def paragraph_label(self, style_id: str | None, num_id: str | None, level: int | None) -> str:
        """The label of a paragraph of style `style_id` with its own w:numPr (`num_id`, `level`, each None when
        not given), completed by its style's (through w:basedOn); "" when it is not numbered."""
        style_id = style_id or self.styles.default
        for style in self.styles.chain(style_id):
            num_id = num_id if num_id is not None else style.num_id
            level = level if level is not None else style.level
        if num_id is None or to_int(num_id, 0) == 0:  # numId 0 switches a style's numbering off
            return ""
        return self.label(num_id, level if level is not None else self._level_of_style(num_id, style_id))

    def _level_of_style(self, num_id: str, style_id: str | None) -> int:
        """The level whose w:pStyle names the paragraph's style, else the first."""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(self._abstract(num), {}) if num else {}
        return next((i for i, lvl in levels.items() if style_id and lvl.style == style_id), 0)

    def label(self, num_id: str, level: int) -> str:
        """The label Word shows for the next paragraph of list `num_id` at `level`, with its suffix; counts it."""
        num = self.nums.get(num_id)
        if num is None or not 0 <= level < LEVELS:
            return ""
        abstract = self._abstract(num)
        levels = {**self.abstracts.get(abstract, {}), **num.levels}
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [None] * LEVELS)
        if num_id not in self.entered:  # a w:num that overrides a start restarts those levels where it begins
            self.entered.add(num_id)
            for i in num.starts:
                counters[i] = None

        def start(i: int) -> int:
            return num.starts.get(i, levels[i].start if i in levels else 0)

        counters[level] = start(level) if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, LEVELS):
            lvl = levels.get(deeper)
            restart = deeper if lvl is None or lvl.restart is None or lvl.restart > deeper else lvl.restart
            if level < restart:
                counters[deeper] = None
        lvl = levels[level]
        if lvl.text is None or lvl.fmt == "bullet":
            return ""

        counts = [counters[i] if counters[i] is not None else start(i) for i in range(LEVELS)]
        # a count the label writes of more digits than a label holds: none (never written out, fuzz5 F2); one of a
        # level it does not write takes nothing from it (reread10 R9)
        if any(abs(counts[int(d) - 1]) >= _TOO_LONG for d in _LEVEL_REF.findall(lvl.text)):
            return ""

        def value(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            return str(counts[i]) if lvl.legal else number_text(counts[i], levels[i].fmt if i in levels else "decimal")
        text = _LEVEL_REF.sub(value, lvl.text)
        return text + lvl.suffix if len(text) <= MAX_LABEL_TEXT else ""


def _levels(parent: Element, w: str, path: str | None = None) -> dict[int, _Level]:
    levels = {}
    for lvl in parent.iterfind(path or f"{w}lvl"):
        i = to_int(lvl.get(f"{w}ilvl"), -1)
        if not 0 <= i < LEVELS:
            continue

        def val(tag: str) -> str | None:
            node = lvl.find(f"{w}{tag}")
            return None if node is None else node.get(f"{w}val")
        # Word 2010+ puts a "custom" format in an mc:Choice before the standard one in its mc:Fallback
        formats = [f.get(f"{w}val") for f in lvl.iter(f"{w}numFmt")]
        legal = lvl.find(f"{w}isLgl")
        levels[i] = _Level(start=to_int(val("start"), 0), fmt=next((f for f in formats if f and f != "custom"), "decimal"),
                           text=text if (text := val("lvlText")) is None or len(text) <= MAX_LABEL_TEXT else None,
                           restart=to_int(val("lvlRestart")),
                           legal=legal is not None and legal.get(f"{w}val", "1") not in ("0", "false", "off"),
                           suffix=_SUFFIX.get(val("suff") or "tab", "\t"), style=val("pStyle"))
    return levels


# ---------------------------------------------------------------------------------------------- number formats

_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _cycle(chars: str) -> Callable[[int], str]:
    return lambda n: chars[(n - 1) % len(chars)] if n > 0 else str(n)


def _enclosed(first: str, count: int = 20) -> Callable[[int], str]:
    return lambda n: chr(ord(first) + n - 1) if 0 < n <= count else str(n)


#: Word writes letter counts as A…Z, AA…ZZ, AAA… up to 780 (30 letters: its labels hold at most 31 characters)
LETTERS_UP_TO = 26 * 30


def _letter(base: str) -> Callable[[int], str]:
    # past LETTERS_UP_TO decimal (a label as long as the count: fuzz4 F2)
    return lambda n: chr(ord(base) + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= LETTERS_UP_TO else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


_FORMATS = {
    "chineseCounting": int_to_cn, "chineseCountingThousand": int_to_cn, "taiwaneseCounting": int_to_cn,
    "taiwaneseCountingThousand": int_to_cn, "japaneseCounting": int_to_cn,
    "chineseLegalSimplified": lambda n: int_to_cn(n, _CN_LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: int_to_cn(n, _CN_LEGAL_TRADITIONAL, "拾佰仟"),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": _cycle(_STEMS), "ideographZodiac": _cycle(_BRANCHES),
    "decimalEnclosedCircle": _enclosed("①"), "decimalEnclosedCircleChinese": _enclosed("①"),
    "ideographEnclosedCircle": _enclosed("㈠", 10), "decimalEnclosedParen": _enclosed("⑴"),
    "decimalEnclosedFullstop": _enclosed("⒈"),
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH), "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalZero": lambda n: f"{n:02d}", "upperLetter": _letter("A"), "lowerLetter": _letter("a"),
    "upperRoman": _roman, "lowerRoman": lambda n: _roman(n).lower(), "none": lambda n: "",
}


#: Counts past this (or below 0) are written in decimal whatever the format: no report numbers so many items, and a
#: w:start of -1 or 10^11 in a file of a few hundred bytes crashed the reading or built a label of gigabytes (fuzz4).
MAX_COUNTED = 99_999
#: A w:lvlText, or the label it makes, longer than this is no label Word shows in front of a paragraph (Word's own
#: limit is 31 characters): it gives none (one of two million characters was copied into every numbered paragraph:
#: fuzz4 F2; a count of 4,299 digits written 32 times made labels of 137,568: fuzz5 F2).
MAX_LABEL_TEXT = 64
_TOO_LONG = 10 ** MAX_LABEL_TEXT
#: A level's count in a w:lvlText: %1 … %9.
_LEVEL_REF = re.compile(r"%([1-9])")


def number_text(n: int, fmt: str) -> str:
    """`n` written in the w:numFmt `fmt` (decimal for a format not known here, and outside 0…MAX_COUNTED)."""
    return _FORMATS.get(fmt, str)(n) if 0 <= n <= MAX_COUNTED else str(n)


