"""What changed between two aligned sections: a word-level diff and the figures that moved.

The diff runs on jieba words (each word one symbol: the LCS opcodes of core.lcs work on words), then
refines short replaced runs by character, so "99.34%" → "98.50%" highlights the digits that changed.
difflib is never used: its autojunk heuristic treats 的, , and 。 as junk on long Chinese texts. The diff's
cost is the product of the two lengths: past DIFF_PAIRS_LIMIT (huge sections) whole sentences are its units,
and past it again the two texts are one replacement.
Figures are numbers with their unit and the phrase they measure (调解成功率 99.34%), paired across
the two sections by that phrase, so a reviewer sees 受理案件 2.16万件 → 1.9万件 as one change. How a figure counts
(a running total, a change, or plainly) is part of what it measures: 总数达55台 is never 新增35台's next value.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import accumulate

from fazhi.core.assignment import max_weight_matching
from fazhi.core.outline import Outline, Section
from fazhi.core.patterns import lazy
from fazhi.core.record import record
from fazhi.core.similarity import indel_ratio

REFINE_LIMIT = 24  # replaced runs up to this many characters per side are refined by character
#: Units (words, else sentences) of one side times those of the other: about a third of a second of Indel's
#: bit-parallel work; reports' sections stay far below (some hundred words a side).
DIFF_PAIRS_LIMIT = 1_000_000_000
_SENTENCE = lazy(r"[^。!?;\uff01\uff1f\uff1b\n]+[。!?;\uff01\uff1f\uff1b\n]*|[。!?;\uff01\uff1f\uff1b\n]+")


@record(frozen=True)
class Op:
    """One diff opcode in character offsets of the two texts (difflib's tags)."""

    tag: str  # equal | replace | delete | insert
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@record(frozen=True)
class Figure:
    """A number a report gives (2.16万件, 99.5%), what it measures, and its value in base units."""

    phrase: str  # what the number measures, e.g. 调解成功率
    text: str  # as written, e.g. 2.16万件
    value: float  # in base units (2.16万件 → 21600)
    unit: str  # base unit, e.g. 件, %, 元
    start: int  # offset in its section's text
    end: int
    cut: bool = False  # the phrase is the end of longer words (shown after "…": it may begin inside a word)
    kind: str = ""  # total (累计, 总数), change (新增, 同比增长) or "" (`_kind`)

    @property
    def label(self) -> str:
        """The phrase as a reader sees it."""
        return "…" + self.phrase if self.cut else self.phrase


@record(frozen=True)
class FigureChange:
    """One figure across a pair of sections: matched by what it measures (changed or same), or on one side only."""

    a: Figure | None
    b: Figure | None
    status: str  # changed | same | removed | added

    @property
    def change(self) -> float | None:
        if self.a and self.b:
            return round(self.b.value - self.a.value, 6)
        return None

    def to_dict(self) -> dict:
        return {
            "what": (self.b or self.a).phrase, "status": self.status,
            "a": self.a.text if self.a else None, "b": self.b.text if self.b else None,
            "a_value": self.a.value if self.a else None, "b_value": self.b.value if self.b else None,
            "unit": (self.b or self.a).unit, "change": self.change,
        }


@record
class Comparison:
    """Two sections compared (`compare_sections`): their texts, the word diff as opcodes over them, and their
    figures paired by what they measure."""

    a_text: str
    b_text: str
    ops: list[Op]
    figures: list[FigureChange]


# --------------------------------------------------------------------------------------------- diff

def word_diff(a: str, b: str, words_a: list[str] | None = None, words_b: list[str] | None = None,
              vocabulary: Sequence[str] = ()) -> list[Op]:
    """Opcodes over words (jieba, `vocabulary` added to its dictionary), refined by character inside short
    replacements."""
    from fazhi.core.lcs import opcodes
    from fazhi.core.tokens import as_symbols, cut

    words_a = words_a if words_a is not None else cut(a, vocabulary)
    words_b = words_b if words_b is not None else cut(b, vocabulary)
    if len(words_a) * len(words_b) > DIFF_PAIRS_LIMIT:  # huge sections: sentence by sentence, or as a whole
        words_a, words_b = _SENTENCE.findall(a), _SENTENCE.findall(b)
        if len(words_a) * len(words_b) > DIFF_PAIRS_LIMIT:
            return [Op("equal" if a == b else "replace", 0, len(a), 0, len(b))]

    ends_a = list(accumulate((len(w) for w in words_a), initial=0))
    ends_b = list(accumulate((len(w) for w in words_b), initial=0))
    enc_a, enc_b = as_symbols(words_a, words_b)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in opcodes(enc_a, enc_b):
        a0, a1, b0, b1 = int(ends_a[i1]), int(ends_a[i2]), int(ends_b[j1]), int(ends_b[j2])
        if tag == "replace" and a1 - a0 <= REFINE_LIMIT and b1 - b0 <= REFINE_LIMIT:
            for t, x1, x2, y1, y2 in opcodes(a[a0:a1], b[b0:b1]):
                ops.append(Op(t, a0 + x1, a0 + x2, b0 + y1, b0 + y2))
        else:
            ops.append(Op(tag, a0, a1, b0, b1))
    return _merge(ops)


def _merge(ops: list[Op]) -> list[Op]:
    """Indel gives delete+insert pairs; show them as one replace, and join neighbours of a kind."""
    out: list[Op] = []
    for op in ops:
        if out and out[-1].tag == op.tag and out[-1].a_end == op.a_start and out[-1].b_end == op.b_start:
            prev = out.pop()
            op = Op(op.tag, prev.a_start, op.a_end, prev.b_start, op.b_end)
        elif out and {out[-1].tag, op.tag} <= {"delete", "insert", "replace"} \
                and out[-1].a_end == op.a_start and out[-1].b_end == op.b_start:
            prev = out.pop()
            op = Op("replace", prev.a_start, op.a_end, prev.b_start, op.b_end)
        out.append(op)
    return out


# ------------------------------------------------------------------------------------------ figures

_SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_UNIT_LIST = ("个工作日 个百分点 平方米 万元 亿元 元 人次 家次 户次 场次 宗次 % ‰ 件 次 场 个 人 名 家 户 篇 条 项 份 宗 起 天 "
              "小时 期 批 所 支 套 台 本 册").split()
_UNITS = "|".join(sorted(_UNIT_LIST, key=len, reverse=True))  # longest first: 36场次 is not 36场 + 次
#: A number is read from the first digit of its run and its blanks are never given back (possessive): a run of
#: 300,000 digits or blanks is one pass, not one per digit (quadratic) or per way to split the blanks.
FIGURE = lazy(rf"(?<!\d)(\d++(?:\.\d+)?)\s*+(余|多)?\s*+([万亿千]?)\s*+(余|多)?\s*+({_UNITS})")
_CLAUSE_BREAK = lazy(r"[,。;:、!?\uff0c\uff1b\uff1a\uff01\uff1f()\uff08\uff09\n]")
#: Quotation marks are no clause break: a name in quotes is often what is counted (创建区级“法治示范村”1家: the figure
#: was measured by nothing, walk16 F6); they are left out of the words.
_QUOTES = lazy(r"[“”‘’「」『』\"]")
#: A name in quotes. Where a clause holds several ("开展“送法进万家”“法治宣传月”等活动12场"), the last, the nearest the
#: figure, begins what it measures: all of them ran past PHRASE_LENGTH and the phrase began mid-name (法进万家法治…).
_QUOTED_NAME = lazy(r"[“‘「『\"][^“”‘’「」『』\"]*[”’」』\"]")
_PHRASE_NOISE = lazy(r"^(共|累计|全年|今年|全镇|全区|全县|全市|其中|达到?|为|约|超过?|同比|比|完成|开展|办理|组织|实现)+|(共|累计|达到?|为|约|超过?)+$")
#: "2024年全镇12345热线受理案件" → 热线受理案件; with the time it names: "2025年底前实现…率" → 实现…率 (then noise)
_YEAR_LEAD = lazy(r"^.*?(?:19|20)\d\d\s*年(?:度|底前?|末|初|内|中|以来)?")
_EARLIER_FIGURE = lazy(rf"^.*\d+\s*[万亿千]?(?:{_UNITS})?")
_ENDS_IN_WORDS = lazy(r"[\u4e00-\u9fff]{2}$")
#: Words that say how a figure counts, not what: a running total or stock (执法记录仪总数达55台) is not the year's
#: additions (新增35台) nor a change on last year (同比增长12%). The one nearest the number decides ("累计新增" adds);
#: 增长/下降 followed by 到/至 give a level (纠错率下降至10%), not a change. 共 and 全年 are left out: "全年共办理"
#: is the year's count, as "全年办理" is.
_TOTAL_WORDS = "总数|总量|总额|总计|合计|共计|累计|累积|截至|历年|现有|共有"
_CHANGE_WORDS = "新增|新建|新设|净增|同比|环比|较上年|比上年|(?:增加|增长|减少|下降)(?![到至])"
_KIND_WORD = lazy(rf"(?P<total>{_TOTAL_WORDS})|(?P<change>{_CHANGE_WORDS})")
#: Words right after a figure's unit, before any figure or clause break: what it counts when the words before
#: it are a bare verb (新增20台执法记录仪, 开展19场培训).
#: Past their first two characters they end before a verb that starts what the counted did (1400名国家工作人员参加培训:
#: 国家工作人员), not at 12 characters in the middle of a word (国家工作人员参加习近平法); the first two are kept
#: whatever they are (2000名受益群众, 12次通过式检查). The verbs are a few common ones: others still run on.
_WORDS_AFTER = lazy(r"[\u4e00-\u9fff]{1,2}(?:(?!参加|参与|接受|开展|进行|完成|覆盖|投入|受益|获得|通过|实现)[\u4e00-\u9fff]){0,10}")
_SENTENCE_BREAK = lazy(r"[。;!?\uff1b\uff01\uff1f\n]")
#: A phrase of at most this many characters besides its kind words (新增, 设立, 开展 once noise is gone) says too
#: little of what is counted: the words after the unit, else the figure before it in the sentence, complete it.
BARE_PHRASE = 2
#: What a figure measures: at most this many characters of words before it.
PHRASE_LENGTH = 12
#: Phrases pair when they are this similar (Indel ratio), within one unit.
PHRASE_MATCH = 0.6
#: What the same kind (`Figure.kind`) adds to a pair's phrase similarity: it decides between equal phrases, never
#: against a clearly better one.
KIND_MATCH = 0.05
#: Above this many candidate pairs in one unit group, only figures with the same phrase, or near the same
#: place in their lists, are compared: a long body full of 件 must not cost a quadratic pass.
FIGURE_PAIR_LIMIT = 20_000
_BAND = 2


def figures(text: str) -> list[Figure]:
    """Every number with a unit in `text`, in order, with what it measures: the words right before it in its
    clause (`_phrase_before`); a bare verb there (新增20台执法记录仪) is completed by the words after the unit, and
    a phrase of kind words only (其中新增20台) by the subject of the figure before it in the same sentence
    (执法记录仪总数达55台), since a part or a change of a figure measures what that figure measures."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        number, _, scale, _, unit = m.groups()
        value = float(number) * _SCALE.get(scale, 1)
        base = unit
        if unit in ("万元", "亿元"):
            value *= _SCALE[unit[0]]
            base = "元"
        if not math.isfinite(value):  # hundreds of digits: no figure (and no Infinity in the JSON)
            continue
        clause = _clause_before(text, m.start())
        words = _PHRASE_NOISE.sub("", clause.strip())
        if len(_subject(words)) <= BARE_PHRASE:
            # (a quoted name may begin them: 办理1773宗“一件事”主题业务)
            after = _WORDS_AFTER.match(_QUOTES.sub("", text[m.end():m.end() + 2 * PHRASE_LENGTH]))
            previous = out[-1] if out and not _SENTENCE_BREAK.search(text, out[-1].end, m.start()) else None
            if after:
                words += after.group(0)
            elif not _subject(words) and previous is not None and previous.phrase != "—":
                words = _subject(previous.phrase) + words
        phrase = words[-PHRASE_LENGTH:]
        out.append(Figure(phrase or "—", m.group(0), value, base, m.start(), m.end(), len(words) > PHRASE_LENGTH,
                          _kind(clause)))
    return out


def _clause_before(text: str, start: int) -> str:
    """The words before offset `start` in their clause: after its last break, a leading year ("2024年全镇…") and,
    where the clause goes on in words, an earlier figure ("1400名党员干部开设19场": 党员干部开设)."""
    clause = _CLAUSE_BREAK.split(text[max(0, start - 40):start])[-1]
    names = list(_QUOTED_NAME.finditer(clause))
    if len(names) > 1:
        clause = clause[names[-1].start():]
    clause = _QUOTES.sub("", clause)
    clause = _YEAR_LEAD.sub("", clause)
    return _EARLIER_FIGURE.sub("", clause) if _ENDS_IN_WORDS.search(clause) else clause


def _kind(clause: str) -> str:
    """How a figure counts, from the kind word nearest it in its clause: "total" (a running total or stock),
    "change" (the period's additions or a change on the last), or "" (said plainly)."""
    last = None
    for last in _KIND_WORD.finditer(clause):
        pass
    return last.lastgroup if last else ""


def _subject(phrase: str) -> str:
    """A phrase without its kind words: what is counted (执法记录仪总数 → 执法记录仪)."""
    return _KIND_WORD.sub("", phrase)


def match_figures(a: list[Figure], b: list[Figure]) -> list[FigureChange]:
    """Pair figures of the same unit by what they measure (best phrase match first, then position).
    Only figures of one unit (and both with or both without a phrase) are ever compared; a total never pairs
    with a change (执法记录仪总数55台 is not 新增35台), and of equally good phrases one of the same kind wins
    (累计受理1500件 pairs with 累计受理1200件, not with 受理320件)."""
    groups: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}
    for i, x in enumerate(a):
        groups.setdefault((x.unit, x.phrase == "—"), ([], []))[0].append(i)
    for j, y in enumerate(b):
        if (y.unit, y.phrase == "—") in groups:
            groups[(y.unit, y.phrase == "—")][1].append(j)
    edges = []
    for rows, cols in groups.values():
        for r, c in _figure_candidates(a, b, rows, cols):
            x, y = a[rows[r]], b[cols[c]]
            if {x.kind, y.kind} == {"total", "change"}:
                continue
            sim = 1.0 if x.phrase == y.phrase else indel_ratio(x.phrase, y.phrase)
            if sim >= PHRASE_MATCH:  # the same kind, then position, break ties between equally good phrases
                edges.append((rows[r], cols[c], sim + KIND_MATCH * (x.kind == y.kind)
                              + 1e-3 * (1 - abs(r / len(rows) - c / len(cols)))))
    pairs = max_weight_matching(edges).pairs
    used_a, used_b = {i for i, _ in pairs}, {j for _, j in pairs}
    changes = [FigureChange(a[i], b[j], "same" if a[i].value == b[j].value else "changed") for i, j in pairs]
    changes += [FigureChange(x, None, "removed") for i, x in enumerate(a) if i not in used_a]
    changes += [FigureChange(None, y, "added") for j, y in enumerate(b) if j not in used_b]
    return sorted(changes, key=lambda c: (c.b.start if c.b else 10**9, c.a.start if c.a else 0))


def _figure_candidates(a: list[Figure], b: list[Figure], rows: list[int], cols: list[int]):
    """Positions (in rows, in cols) worth comparing: all of them in an ordinary group; in a huge one, the
    same phrase or a nearby place."""
    if len(rows) * len(cols) <= FIGURE_PAIR_LIMIT:
        return ((r, c) for r in range(len(rows)) for c in range(len(cols)))
    by_phrase: dict[str, list[int]] = {}
    for c, j in enumerate(cols):
        by_phrase.setdefault(b[j].phrase, []).append(c)
    out = set()
    for r, i in enumerate(rows):
        out.update((r, c) for c in by_phrase.get(a[i].phrase, ())[:_BAND + 1])
        centre = r * len(cols) // len(rows)
        out.update((r, c) for c in range(max(0, centre - _BAND), min(len(cols), centre + _BAND + 1)))
    return sorted(out)


# ---------------------------------------------------------------------------------------- sections

def section_body(section: Section) -> tuple[int, int]:
    """The text a section is compared on: heading, own body and 一是 items, not sub-headings."""
    return section.heading_start, section.topic_end


def pair_spans(sa: Section, sb: Section) -> tuple[tuple[int, int], tuple[int, int]]:
    """The text two aligned sections are compared on (word diff, figures): each one's `section_body`; but where one
    goes on in 一是 items and the other in numbered sub-sections (two governments number a level differently), each
    one's own text only, its heading and body before its first child: the items pair with the sub-sections row by
    row, and A's topic took its items' figures while B's left its sub-sections' out ("3次 → —" for every figure of
    A beside a B that had them: walk16 F5)."""
    def goes_on_in(s: Section) -> str | None:
        return "sections" if any(c.kind != "item" for c in s.children) else "items" if s.children else None

    if {goes_on_in(sa), goes_on_in(sb)} == {"items", "sections"}:
        return (sa.heading_start, sa.children[0].start), (sb.heading_start, sb.children[0].start)
    return section_body(sa), section_body(sb)


def compare_sections(a: Outline, sa: Section, b: Outline, sb: Section, vocabulary: Sequence[str] = ()) -> Comparison:
    """Word diff and figures of two aligned sections; `vocabulary` (e.g. `areas.domain_words(rubric)`) is
    added to jieba's dictionary."""
    from fazhi.core.tokens import doc_tokens  # jieba and its cache: only for the word diff

    (a0, a1), (b0, b1) = pair_spans(sa, sb)
    text_a, text_b = a.text[a0:a1], b.text[b0:b1]
    words_a = doc_tokens(a.text, vocabulary).words(a0, a1)
    words_b = doc_tokens(b.text, vocabulary).words(b0, b1)
    return Comparison(text_a, text_b, word_diff(text_a, text_b, words_a, words_b),
                      compare_figures(text_a, text_b))


def section_figures(a: Outline, sa: Section, b: Outline, sb: Section) -> list[FigureChange]:
    """The figures of two aligned sections, matched (no word diff, so no jieba)."""
    (a0, a1), (b0, b1) = pair_spans(sa, sb)
    return compare_figures(a.text[a0:a1], b.text[b0:b1])


def compare_figures(text_a: str, text_b: str) -> list[FigureChange]:
    return match_figures(figures(text_a), figures(text_b))


def compare_texts(text_a: str, text_b: str, vocabulary: Sequence[str] = ()) -> Comparison:
    return Comparison(text_a, text_b, word_diff(text_a, text_b, vocabulary=vocabulary), compare_figures(text_a, text_b))


#: A year as reports write one: 2017年, 2016-2020年, 2018-01-02, 2018.1.2, 〔2017〕 (a figure such as 2017件 or
#: 2023.5万元 is no year).
_YEAR = lazy(r"(?<![\d.])((?:19|20)\d\d)(?=年|[-—–~/至到]\d|\.\d{1,2}\.\d|[〕\]])")


def same_but_years(a: str, b: str, shift: int) -> bool:
    """Whether two texts are the same but for blanks and years moved on by `shift` (2017年 → 2018年 between the
    reports of consecutive years); a year left as it was is the same too (a plan keeps its name: 2016-2020年)."""
    parts_a, parts_b = _YEAR.split("".join(a.split())), _YEAR.split("".join(b.split()))
    return len(parts_a) == len(parts_b) and all(
        x == y if k % 2 == 0 else int(y) - int(x) in (0, shift) for k, (x, y) in enumerate(zip(parts_a, parts_b)))


def year_shift(a: Outline, b: Outline) -> int:
    """How many years report B is after report A (0 when either year is unknown)."""
    return b.year - a.year if a.year and b.year else 0


def shown_status(status: str, text_changed: bool) -> str:
    """A pair's status as a reviewer is shown it: "edited" for a matched pair whose own text changed
    (`own_text_changed`: ≈), "moved_edited" for a moved one whose own text changed (↕≈: a reviewer looking for
    rewritten text finds it there too), else the alignment's. The workbench's and `fazhi align`'s table."""
    if text_changed and status in ("matched", "moved"):
        return "edited" if status == "matched" else "moved_edited"
    return status


def own_text_changed(a: Outline, section_a: Section, b: Outline, section_b: Section) -> bool:
    """Whether two sections' own text (heading and body up to the first child) differs beyond spacing and the year
    shift between their reports (`same_but_years`): the workbench's ≈ against =, and `fazhi align`'s."""
    return not same_but_years(a.text[section_a.heading_start:section_a.body_end],
                              b.text[section_b.heading_start:section_b.body_end], year_shift(a, b))
