"""How alike two sections of two reports are, from features that cost one pass over each text (no jieba).

Per report, once (`report_features`): for every section, the character bigrams of its own text and of its
heading, read after the rubric's synonyms (信息公开 → 政务公开, 复议应诉 → 行政应诉); the rubric's phrases it
uses ("concepts", the heading's counting triple) and the area profile they make; its parent, part and place.
Per pair of reports (`PairSimilarity`): an IDF over the sections of both, bigram sets as bit sets per IDF
tier (an intersection is one AND and one popcount), and four measures for any pair of sections:

- heading: IDF-weighted cosine of the heading bigrams (years, numbers and punctuation left out);
- body: IDF-weighted cosine of the bigrams of the whole section (sub-sections included);
- concepts: cosine of the rubric phrases (synonyms as one), IDF-weighted;
- areas: cosine of the area profiles, trusted in proportion to how much evidence both sides have.

`Evidence.total` combines them with WEIGHTS (measured on the golds and the generated cases: see
tests/test_align_cases.py) and applies the report's structure that is not a matter of degree: parts
never pair across (shortcomings ↔ plan), a part heading pairs only with the same part, preambles only
with preambles. Character bigrams instead of words: as good on these texts and a hundred times cheaper
than cutting words, so a cold round of reports costs no tokenizer.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import add, mul

from fazhi.core.areas import HEADING_WEIGHT, _scan, section_parts, strengths, part_of_heading, _matcher
from fazhi.core.outline import Outline, Section
from fazhi.core.rubric import Rubric

#: Weights of the four measures (sum 1).
WEIGHTS = {"heading": 0.35, "body": 0.35, "concepts": 0.18, "areas": 0.12}
#: Weighted rubric-phrase count at which a section's area profile is trusted fully.
AREA_EVIDENCE_FULL = 12.0
#: Two headings announcing the same required part score at least this.
PART_FLOOR = 0.5
#: Each level apart costs this share of the score (a topic may still pair with a part of the other report).
LEVEL_PENALTY = 0.04
#: The duty of the first responsible is often reported inside last year's measures: one group for pairing.
_PART_GROUP = {"first_responsible": "measures_results"}

_WORD_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,}")
_HEAD_NOISE = re.compile(r"(?:19|20)\d\d\s*年度?|[\W_\d]+")


def indel_ratio(a: str, b: str) -> float:
    """2·LCS / (len a + len b), as rapidfuzz's fuzz.ratio / 100; bit-parallel LCS (Hyyrö)."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return 2 * (len(a) - v.bit_count()) / (len(a) + len(b))


def bigrams(text: str) -> set[str]:
    """Pairs of adjacent Chinese characters or letters (digits and punctuation break a run)."""
    out: set[str] = set()
    for run in _WORD_RUN.findall(text):
        out.update(map(add, run, run[1:]))
    return out


@lru_cache(maxsize=8)
def _synonym_pattern(rubric: Rubric) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    canonical = {t: group[0] for group in rubric.synonyms for t in group if t != group[0]}
    if not canonical:
        return None, canonical
    return re.compile("|".join(re.escape(t) for t in sorted(canonical, key=len, reverse=True))), canonical


def canonical_text(text: str, rubric: Rubric) -> str:
    """The text with every synonym written as its group's first term."""
    pattern, canonical = _synonym_pattern(rubric)
    return text if pattern is None else pattern.sub(lambda m: canonical[m.group(0)], text)


def heading_key(heading: str) -> str:
    """Headings compared without years, numbers and punctuation: 2024年工作计划 ~ 2025年工作计划."""
    return _HEAD_NOISE.sub("", unicodedata.normalize("NFKC", heading))


# ------------------------------------------------------------------------------------ per report

@dataclass
class Unit:
    """One section as alignment sees it. `index` is its place in document order (preorder) in its
    report; its sub-sections are units index+1 … last. Text features cover the whole section, its
    sub-sections included (a topic is compared by all it covers)."""

    section: Section
    index: int
    parent: int  # index of the parent unit, -1 at the top
    last: int  # index of the last unit of its subtree
    head_key: str
    head_grams: set[str]
    grams: set[str]
    concepts: Counter  # canonical rubric phrase → weight (a heading's phrases count triple)
    areas: Counter  # area → weight of its phrases
    part: str | None  # the required part it belongs to
    own_part: str | None  # the part its own heading announces, if any

    @property
    def is_part_heading(self) -> bool:
        return self.section.level == 1 and self.own_part is not None

    @property
    def is_preamble(self) -> bool:
        return self.section.kind == "preamble"

    @property
    def evidence(self) -> float:
        """How much rubric evidence the section has at all (weighted phrase count)."""
        return sum(self.areas.values())


@dataclass
class ReportFeatures:
    outline: Outline
    units: list[Unit]
    by_id: dict[str, int]


def report_features(outline: Outline, rubric: Rubric) -> ReportFeatures:
    """Every section's features: one pass over the text (each character is in one section's own text),
    then each subtree folded into its parent."""
    parts = section_parts(outline, rubric)
    weight = _matcher(rubric).weight
    units: list[Unit] = []
    text = outline.text

    def visit(nodes: list[Section], up: int) -> None:
        for s in nodes:
            index = len(units)
            canon_head = canonical_text(text[s.heading_start:s.heading_end], rubric)
            own = canonical_text("\n".join(text[a:b] for a, b in _own_spans(s)), rubric)
            concepts: Counter = Counter()
            areas: Counter = Counter()
            for piece, factor in ((canon_head, HEADING_WEIGHT), (own, 1.0)):
                for _, _, phrase, area in _scan(piece, rubric):
                    concepts[phrase] += weight[phrase] * factor
                    areas[area] += weight[phrase] * factor
            key = heading_key(canon_head)
            preamble = s.kind == "preamble"
            units.append(Unit(s, index, up, index, key, bigrams(key), bigrams(canon_head) | bigrams(own), concepts,
                              areas, parts.get(s.id), None if preamble else part_of_heading(s.heading, rubric)))
            visit(s.children, index)
            units[index].last = len(units) - 1

    visit(outline.sections, -1)
    for u in reversed(units):  # children come after their parent
        if u.parent >= 0:
            up = units[u.parent]
            up.grams |= u.grams
            up.concepts.update(u.concepts)
            up.areas.update(u.areas)
    return ReportFeatures(outline, units, {u.section.id: u.index for u in units})


def _own_spans(s: Section) -> list[tuple[int, int]]:
    """The section's text outside its heading and its children (the heading is read separately)."""
    spans, pos = [], s.heading_end
    for child in s.children:
        spans.append((pos, child.start))
        pos = child.end
    spans.append((pos, s.end))
    return [(a, b) for a, b in spans if b > a]


# --------------------------------------------------------------------------------- per pair of reports

@dataclass(frozen=True)
class Evidence:
    """Why two sections are alike: each measure in [0, 1], the shared area, and the combined score."""

    heading: float
    body: float
    concepts: float
    areas: float
    area: str | None  # the area both are strongest in together, if any
    total: float


class _WeightedSets:
    """Sets of terms (one per section of A, one per section of B) for IDF²-weighted cosines that cost one
    AND and one popcount a pair: every term both reports use owns one byte of a big integer, holding as
    many one-bits as its weight (1…8, by IDF²), so the popcount of an AND is the weighted overlap."""

    def __init__(self, sets_a: list[set[str]], sets_b: list[set[str]]):
        df_a = Counter(t for s in sets_a for t in s)
        df_b = Counter(t for s in sets_b for t in s)
        #: In how many sections of either report a term occurs.
        self.df = df_a + df_b
        n = len(sets_a) + len(sets_b)
        top = (math.log(n + 1) + 1) ** 2
        self.weight = {t: max(1, min(8, round(8 * (math.log((n + 1) / (c + df_b.get(t, 0) + 1)) + 1) ** 2 / top)))
                       for t, c in df_a.items()}
        self.weight.update((t, max(1, min(8, round(8 * (math.log((n + 1) / (c + 1)) + 1) ** 2 / top))))
                           for t, c in df_b.items() if t not in df_a)
        # insertion order: the same byte positions whatever the hash seed
        self.byte = {t: k for k, t in enumerate(t for t in df_a if t in df_b)}
        self.a = [self._encode(s) for s in sets_a]
        self.b = [self._encode(s) for s in sets_b]
        self.norm_a = [math.sqrt(sum(map(self.weight.__getitem__, s))) for s in sets_a]
        self.norm_b = [math.sqrt(sum(map(self.weight.__getitem__, s))) for s in sets_b]

    def _encode(self, terms: set[str]) -> int:
        at = [(self.byte[t], self.weight[t]) for t in terms if t in self.byte]
        if not at:
            return 0
        buf = bytearray(max(k for k, _ in at) + 1)
        for k, w in at:
            buf[k] = (1 << w) - 1
        return int.from_bytes(buf, "little")

    def cosine(self, i: int, j: int) -> float:
        overlap = (self.a[i] & self.b[j]).bit_count()
        return overlap / (self.norm_a[i] * self.norm_b[j]) if overlap else 0.0


class PairSimilarity:
    """The similarity of any section of report A to any section of report B: `score(i, j)` for the
    solver, `evidence(i, j)` for a reviewer."""

    def __init__(self, fa: ReportFeatures, fb: ReportFeatures, rubric: Rubric):
        self.fa, self.fb = fa, fb
        ua, ub = fa.units, fb.units
        self.body = _WeightedSets([u.grams for u in ua], [u.grams for u in ub])
        self.head = _WeightedSets([u.head_grams for u in ua], [u.head_grams for u in ub])
        df = Counter(t for u in ua + ub for t in u.concepts)
        n = len(ua) + len(ub)
        idf = {t: math.log((n + 1) / (c + 1)) + 1 for t, c in df.items()}
        self.concepts_a = [_unit_vector({t: v * idf[t] for t, v in u.concepts.items()}) for u in ua]
        self.concepts_b = [_unit_vector({t: v * idf[t] for t, v in u.concepts.items()}) for u in ub]
        self.area_ids = rubric.area_ids
        self.areas_a = [_profile(u, self.area_ids) for u in ua]
        self.areas_b = [_profile(u, self.area_ids) for u in ub]

    def measures(self, i: int, j: int) -> tuple[float, float, float, float]:
        """heading, body, concepts, areas."""
        ca, cb = self.concepts_a[i], self.concepts_b[j]
        pa, pb = self.areas_a[i], self.areas_b[j]
        return (self.head.cosine(i, j), self.body.cosine(i, j), _dot(ca, cb) if ca and cb else 0.0,
                sum(map(mul, pa, pb)) if pa and pb else 0.0)

    def score(self, i: int, j: int) -> float:
        x, y = self.fa.units[i], self.fb.units[j]
        heading, body, concepts, areas = self.measures(i, j)
        w = WEIGHTS
        # A measure counts where at least one side has something for it (two preambles have no headings;
        # two short items may use no rubric phrase): the others share its weight.
        parts = [(w["heading"], heading, self.head.norm_a[i] or self.head.norm_b[j]),
                 (w["body"], body, self.body.norm_a[i] or self.body.norm_b[j]),
                 (w["concepts"], concepts, self.concepts_a[i] or self.concepts_b[j])]
        lexical = _mean([(wt, v) for wt, v, say in parts[:2] if say])
        # Area evidence from a few phrases is weak (a short item shares an area with many others):
        # where it is thin, the lexical measures stand in for it.
        trust = min(1.0, x.evidence / AREA_EVIDENCE_FULL, y.evidence / AREA_EVIDENCE_FULL)
        total = _mean([(wt, v) for wt, v, say in parts if say] + [(w["areas"], trust * areas + (1 - trust) * lexical)])
        total = _structure_rules(x, y, total) * (1 - LEVEL_PENALTY * abs(x.section.level - y.section.level))
        return max(0.0, min(1.0, total))

    def evidence(self, i: int, j: int) -> Evidence:
        heading, body, concepts, areas = self.measures(i, j)
        pa, pb = self.areas_a[i], self.areas_b[j]
        both = [(p * q, k) for k, (p, q) in enumerate(zip(pa, pb)) if p * q > 0]
        area = self.area_ids[max(both)[1]] if both else None
        return Evidence(heading, body, concepts, areas, area, self.score(i, j))


def _profile(unit: Unit, area_ids: list[str]) -> tuple[float, ...]:
    """The unit's area strengths as a unit vector over the rubric's areas; () when it has none."""
    s = strengths(dict(unit.areas))
    v = [s.get(a, 0.0) for a in area_ids]
    norm = math.sqrt(sum(x * x for x in v))
    return tuple(x / norm for x in v) if norm else ()


def _structure_rules(x: Unit, y: Unit, score: float) -> float:
    """What the report's required structure settles outright."""
    if x.is_preamble or y.is_preamble:
        return score if x.is_preamble and y.is_preamble else 0.0
    if _PART_GROUP.get(x.part, x.part) != _PART_GROUP.get(y.part, y.part) and x.part and y.part:
        return 0.0  # the shortcomings never pair with the plan, nor the plan with last year's work
    if x.is_part_heading or y.is_part_heading:
        return PART_FLOOR + (1 - PART_FLOOR) * score if x.own_part and x.own_part == y.own_part else 0.0
    return score


def _mean(weighted: list[tuple[float, float]]) -> float:
    total = sum(w for w, _ in weighted)
    return sum(w * v for w, v in weighted) / total if total else 0.0


def _unit_vector(v: dict) -> dict:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def _dot(p: dict, q: dict) -> float:
    if len(p) > len(q):
        p, q = q, p
    return sum(v * q.get(k, 0.0) for k, v in p.items())
