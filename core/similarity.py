"""How alike two sections of two reports are, from features that cost one pass over each text (no jieba).

Per report, once (`report_features`): for every section, the character bigrams of its text and of its
heading, read after the rubric's synonyms (信息公开 → 政务公开, 复议应诉 → 行政应诉); the rubric's phrases it
uses ("concepts", the heading's counting triple) and the area profile they make; its parent and part.
Per pair of reports (`PairSimilarity`): an IDF over the sections of both and four measures for any pair:

- heading: IDF²-weighted cosine of the heading bigrams (years, numbers and punctuation left out);
- body: IDF²-weighted cosine of the bigrams of the whole section (sub-sections included);
- concepts: cosine of the rubric phrases (synonyms as one), IDF-weighted;
- areas: cosine of the area profiles, trusted in proportion to how much evidence both sides have.

`score` combines them with WEIGHTS (measured with tests/measure_align.py on the golds and the generated
cases) and applies what the report's structure settles outright: parts never pair across (shortcomings ↔
plan), a part heading pairs only with the same part, preambles only with preambles. Characters instead of
jieba words: the alignment never loads a tokenizer, so a cold cache costs nothing (jieba takes ~0.4 s to
load and cuts ~1 MB/s); the golds are met without words (tests/measure_align.py).
"""
from __future__ import annotations

import math
import unicodedata
from collections import Counter, deque
from collections.abc import Callable
from functools import cached_property
from itertools import chain, count, filterfalse, repeat
from operator import add, mul
from sys import intern

from fazhi.core.areas import HEADING_WEIGHT, part_of_heading, per_rubric, phrase_matcher, section_parts, strengths
from fazhi.core.outline import YEARS_AND_MARKS, Outline, Section
from fazhi.core.patterns import any_of, compile, lazy
from fazhi.core.record import record
from fazhi.core.rubric import Rubric

#: Weights of the four measures (sum 1).
WEIGHTS = {"heading": 0.35, "body": 0.35, "concepts": 0.18, "areas": 0.12}
#: Weighted rubric-phrase count at which a section's area profile is trusted fully.
AREA_EVIDENCE_FULL = 12.0
#: Two headings announcing the same required part score at least this.
PART_FLOOR = 0.5
#: Two sections whose bodies are this alike (the body measure), each with at least SAME_TEXT_GRAMS bigrams, say the
#: same: the required parts' rules do not keep them apart.
SAME_TEXT = 0.9
SAME_TEXT_GRAMS = 20
#: Each level apart costs this share of the score (a topic may still pair with a part of the other report).
LEVEL_PENALTY = 0.04
#: Bounds for huge sections (never reached by ordinary reports, whose largest section has some 1,400
#: characters and 3,000 bigrams): a section's own text is read for bigrams up to OWN_TEXT_LIMIT characters,
#: and a container's bigrams stop growing past SUBTREE_LIMIT (its first sub-sections already say what it is).
OWN_TEXT_LIMIT = 8_000
SUBTREE_LIMIT = 12_000
#: Above this many bytes of bit sets (sections × terms), cosines sum the weights of intersections.
BIT_BUDGET = 16_000_000
#: A term's byte in `_WeightedSets`, by its weight: as many one-bits.
_ONES = [(1 << w) - 1 for w in range(9)]
#: The duty of the first responsible is often reported inside last year's measures: one group for pairing.
_PART_GROUP = {"first_responsible": "measures_results"}

_WORD_RUN = lazy(r"[\u4e00-\u9fffA-Za-z]{2,}")


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


def bigrams(text: str) -> frozenset[str]:
    """Pairs of adjacent Chinese characters or letters (digits and punctuation break a run). Interned and
    frozen (a frozenset's table is sized to its content), so a large report holds them compactly."""
    out: set[str] = set()
    for run in _WORD_RUN.findall(text):
        out.update(map(add, run, run[1:]))
    return frozenset(map(intern, out))  # (each distinct one interned: every one was twice the whole time)


@per_rubric
def synonym_rewriter(rubric: Rubric) -> Callable[[str], str]:
    """A function writing every synonym of the rubric as its group's first term."""
    canonical = {t: group[0] for group in rubric.synonyms for t in group if t != group[0]}
    if not canonical:
        return lambda text: text
    pattern = compile(any_of(canonical))
    return lambda text: pattern.sub(lambda m: canonical[m.group(0)], text)


def heading_key(heading: str) -> str:
    """Headings compared without years, numbers and punctuation: 2024年工作计划 ~ 2025年工作计划."""
    return YEARS_AND_MARKS.sub("", unicodedata.normalize("NFKC", heading))


# ------------------------------------------------------------------------------------ per report

@record
class Unit:
    """One section as alignment sees it. `index` is its place in document order in its report. Text
    features cover the whole section, its sub-sections included (a topic is compared by all it covers)."""

    section: Section
    index: int
    parent: int  # index of the parent unit, -1 at the top
    head_grams: frozenset[str]
    grams: frozenset[str]
    concepts: Counter  # canonical rubric phrase → weight (a heading's phrases count triple)
    areas: Counter  # area → weight of its phrases
    part: str | None  # the required part it belongs to
    own_part: str | None  # the part its own heading announces, if any
    evidence: float = 0.0  # how much rubric evidence it has at all (weighted phrase count)
    profile: tuple[float, ...] = ()  # its area strengths as a unit vector over the rubric's areas (`_profile`)
    #: `grams` as its parts, when it is exactly their union: the bigrams of its own text and the indexes of its
    #: sub-sections' units (None when the union was bounded: SUBTREE_LIMIT). Pairs encode each term once.
    parts: tuple[frozenset[str], list[int]] | None = None

    def __post_init__(self) -> None:
        s = self.section
        self.level = s.level
        self.is_preamble = s.kind == "preamble"
        self.is_part_heading = s.level == 1 and self.own_part is not None
        #: for the rule that parts never pair across (the duty is often reported inside the measures)
        self.part_group = _PART_GROUP.get(self.part, self.part)


@record
class ReportFeatures:
    outline: Outline
    units: list[Unit]
    by_id: dict[str, int]
    capped: int = 0  # sections whose bigrams were bounded (OWN_TEXT_LIMIT, SUBTREE_LIMIT)
    left_out: int = 0  # sections past the limit of units: deeper levels (or the last top-level sections)
    levels: int = 0  # the deepest level made into units

    # In how many units a term occurs: counted once per report, not once per pair it is in (a round aligns most
    # reports with the year before and the year after); a pair's counts are the two reports' added.
    @cached_property
    def grams_df(self) -> Counter:
        return Counter(chain.from_iterable(u.grams for u in self.units))

    @cached_property
    def head_df(self) -> Counter:
        return Counter(chain.from_iterable(u.head_grams for u in self.units))


def report_features(outline: Outline, rubric: Rubric, limit: int | None = None) -> ReportFeatures:
    """Every section's features: one pass over the text (each character is in one section's own text),
    then each subtree folded into its parent. At most `limit` units: the shallowest levels that fit whole
    (a unit whose sub-sections are left out is read with their text), else the first `limit` top-level
    sections."""
    parts = section_parts(outline, rubric)
    matcher = phrase_matcher(rubric)
    canonical = synonym_rewriter(rubric)
    units: list[Unit] = []
    text = outline.text
    total, deepest = _levels_within(outline, limit)

    def visit(nodes: list[Section], up: int) -> None:
        for s in nodes[: limit - len(units)] if limit is not None else nodes:
            index = len(units)
            head = canonical(text[s.heading_start:s.heading_end])
            # heading and own text read as one piece (the newline ends the heading's sentence)
            spans = _own_spans(s) if s.level < deepest else [(s.heading_end, s.end)]
            piece = canonical("\n".join([text[s.heading_start:s.heading_end]] + [text[a:b] for a, b in spans]))
            concepts: Counter = Counter()
            areas: Counter = Counter()
            # (no phrase holds a newline: the heading's hits and the body's are those of the whole piece)
            for part, factor in ((head, HEADING_WEIGHT), (piece[len(head):], 1.0)):
                for (phrase, area), n in matcher.counts(part).items():
                    weight = matcher.weight[phrase] * factor * n
                    concepts[phrase] += weight
                    areas[area] += weight
            preamble = s.kind == "preamble"
            own_part = None if preamble else part_of_heading(s.heading, rubric)
            units.append(Unit(s, index, up, bigrams(heading_key(head)), bigrams(piece[:OWN_TEXT_LIMIT]), concepts,
                              areas, parts.get(s.id), own_part))
            if s.level < deepest:
                visit(s.children, index)

    visit(outline.sections, -1)
    # (`visit` refers to itself, through its closure: a reference cycle holding `units`, which kept every report's
    # features alive after its pairs, until the cyclic garbage collector came round to them)
    visit = None  # noqa: F841
    capped = {u.index for u in units if u.section.topic_end - u.section.heading_start > OWN_TEXT_LIMIT}
    growing: dict[int, set[str]] = {}  # containers' bigrams while their sub-sections are folded in
    subs: dict[int, list[int]] = {}
    bounded: set[int] = set()  # containers whose bigrams stopped growing (SUBTREE_LIMIT)
    for u in reversed(units):  # children come after their parent
        own = u.grams
        if u.index in growing:
            u.grams = frozenset(growing.pop(u.index))
        u.parts = None if u.index in bounded else (own, subs.pop(u.index, []))
        if u.parent >= 0:
            up = units[u.parent]
            grams = growing.get(u.parent)
            if grams is None:  # (a copy of the parent's own bigrams: made once, not once per child)
                grams = growing[u.parent] = set(up.grams)
            if len(grams) < SUBTREE_LIMIT:
                grams |= u.grams
                subs.setdefault(u.parent, []).append(u.index)
            else:
                bounded.add(up.index)
            for into, more in ((up.concepts, u.concepts), (up.areas, u.areas)):
                for key, weight in more.items():
                    into[key] += weight
    capped |= bounded
    for u in units:
        u.evidence = sum(u.areas.values())
        u.profile = _profile(u, rubric.area_ids)
    return ReportFeatures(outline, units, {u.section.id: u.index for u in units}, len(capped),
                          left_out=total - len(units), levels=deepest)


def _levels_within(outline: Outline, limit: int | None) -> tuple[int, int]:
    """(number of sections, the deepest level whose sections fit in `limit` with all shallower ones; at least 1)."""
    per_level = Counter(s.level for s in outline.walk())
    total = sum(per_level.values())
    deepest, used = 1, 0
    for level in sorted(per_level):
        used += per_level[level]
        if limit is not None and used > limit:
            break
        deepest = level
    return total, deepest


def _own_spans(s: Section) -> list[tuple[int, int]]:
    """The section's text outside its heading and its children (the heading is read separately)."""
    spans, pos = [], s.heading_end
    for child in s.children:
        spans.append((pos, child.start))
        pos = child.end
    spans.append((pos, s.end))
    return [(a, b) for a, b in spans if b > a]


# --------------------------------------------------------------------------------- per pair of reports

@record(frozen=True)
class Evidence:
    """Why two sections are alike: each measure in [0, 1], the shared area, and the combined score."""

    heading: float
    body: float
    concepts: float
    areas: float
    area: str | None  # the area both are strongest in together, if any
    total: float


class _WeightedSets:
    """Sets of terms (one per section of A, one per section of B) and their IDF²-weighted cosines. Each term
    weighs 1…8 (by IDF²). For reports of ordinary size every term owns one byte of a big integer holding as many
    one-bits as its weight (the terms both reports use first), so a pair costs one AND of the shared part and one
    popcount, and a set's squared norm is its whole integer's popcount; where those integers would take more than
    BIT_BUDGET bytes, the weights of the sets' intersection are summed. `df_a`/`df_b`: in how many sets of each
    report a term occurs (`ReportFeatures.grams_df`).
    `parts_a`/`parts_b` (optional, per set: its own terms and the indexes of later sets whose union it also is, or
    None) let a section's integer be its own terms' ORed with its sub-sections' integers: a term is encoded once,
    not once for every section above it."""

    def __init__(self, sets_a: list[frozenset[str]], sets_b: list[frozenset[str]], df_a: Counter, df_b: Counter,
                 parts_a: list[tuple[frozenset[str], list[int]] | None] | None = None,
                 parts_b: list[tuple[frozenset[str], list[int]] | None] | None = None):
        #: In how many sections of either report a term occurs (A's terms first, then B's others; summed in C:
        #: Counter.update's loop in Python was a tenth of a round's pairs)
        self.df = dict(df_a)
        self.df.update(zip(df_b.keys(), map(add, df_b.values(), map(df_a.get, df_b.keys(), repeat(0)))))
        n = len(sets_a) + len(sets_b)
        top = (math.log(n + 1) + 1) ** 2
        level = {c: max(1, min(8, round(8 * (math.log((n + 1) / (c + 1)) + 1) ** 2 / top))) for c in set(self.df.values())}
        self.bits = n * len(self.df) <= BIT_BUDGET
        if self.bits:
            # the terms both reports use take the low bytes: a pair's AND is over them alone (two governments share
            # a fifth of their terms or less), while a section's whole integer gives its norm
            shared = df_a.keys() & df_b.keys()
            # any positions will do (popcounts are read), but with the shared terms in the order A's sections first use
            # them, a later section's integer tends to end sooner, and an AND is as long as the shorter integer (a fifth
            # off the body cosines of a round's pairs)
            order = [*filter(shared.__contains__, df_a), *filterfalse(shared.__contains__, self.df)]
            self.byte = dict(zip(order, count()))
            # every term's byte holding its weight's ones: a set's integer is this ANDed with the bytes of its terms
            # all ones (one look-up a term, not two: a quarter off the encoding of a round's pairs)
            ones = {c: _ONES[w] for c, w in level.items()}
            weights = int.from_bytes(bytes(map(ones.__getitem__, map(self.df.__getitem__, order))), "little")
            shared_weights = weights & (1 << 8 * len(shared)) - 1
            whole_a, whole_b = self._encode_all(sets_a, parts_a), self._encode_all(sets_b, parts_b)
            self.norm_a = [math.sqrt((code & weights).bit_count()) for code in whole_a]
            self.norm_b = [math.sqrt((code & weights).bit_count()) for code in whole_b]
            self.a, self.b = [code & shared_weights for code in whole_a], [code & shared_weights for code in whole_b]
        else:
            self.weight = dict(zip(self.df.keys(), map(level.__getitem__, self.df.values())))
            self.a, self.b = sets_a, sets_b
            self.norm_a = [math.sqrt(sum(map(self.weight.__getitem__, s))) for s in sets_a]
            self.norm_b = [math.sqrt(sum(map(self.weight.__getitem__, s))) for s in sets_b]

    def _encode_all(self, sets: list[frozenset[str]], parts) -> list[int]:
        """Each set as the bytes of its terms all ones (`_encode`), a section's ORed with its sub-sections'."""
        codes = [0] * len(sets)
        for k in reversed(range(len(sets))):  # sub-sections come after their section
            part = parts[k] if parts else None
            if part is None:
                codes[k] = self._encode(sets[k])
            else:
                own, subs = part
                code = self._encode(own)
                for sub in subs:
                    code |= codes[sub]
                codes[k] = code
        return codes

    def _encode(self, terms: frozenset[str]) -> int:
        buf = bytearray(len(self.byte))
        # each term's byte set, in C (a Python loop here was a third of a small alignment)
        deque(map(buf.__setitem__, map(self.byte.__getitem__, terms), repeat(255)), maxlen=0)
        return int.from_bytes(buf, "little")

    def cosine(self, i: int, j: int) -> float:
        if self.bits:
            overlap = (self.a[i] & self.b[j]).bit_count()
        else:
            overlap = sum(map(self.weight.__getitem__, self.a[i] & self.b[j]))
        return overlap / (self.norm_a[i] * self.norm_b[j]) if overlap else 0.0


class PairSimilarity:
    """The similarity of any section of report A to any section of report B: `score(i, j)` for the
    solver, `evidence(i, j)` for a reviewer."""

    def __init__(self, fa: ReportFeatures, fb: ReportFeatures, rubric: Rubric):
        self.fa, self.fb = fa, fb
        ua, ub = fa.units, fb.units
        self.body = _WeightedSets([u.grams for u in ua], [u.grams for u in ub], fa.grams_df, fb.grams_df,
                                  [u.parts for u in ua], [u.parts for u in ub])
        self.head = _WeightedSets([u.head_grams for u in ua], [u.head_grams for u in ub], fa.head_df, fb.head_df)
        df = Counter(t for u in ua + ub for t in u.concepts)
        n = len(ua) + len(ub)
        idf = {t: math.log((n + 1) / (c + 1)) + 1 for t, c in df.items()}
        self.concepts_a = [_unit_vector({t: v * idf[t] for t, v in u.concepts.items()}) for u in ua]
        self.concepts_b = [_unit_vector({t: v * idf[t] for t, v in u.concepts.items()}) for u in ub]
        self.area_ids = rubric.area_ids
        self.areas_a = [u.profile for u in ua]
        self.areas_b = [u.profile for u in ub]

    def same_text(self, i: int, j: int) -> bool:
        """Whether two sections say the same at length (SAME_TEXT): the parts' rules, read from headings and places,
        never keep them apart (a part renamed in words no cue knows, "二、有关情况", kept its unchanged items out)."""
        if min(len(self.fa.units[i].grams), len(self.fb.units[j].grams)) < SAME_TEXT_GRAMS:
            return False
        na, nb = self.body.norm_a[i], self.body.norm_b[j]
        # a cosine is at most the ratio of the two norms (the overlap weighs no more than the lighter set): most
        # pairs the parts keep apart are told so without their cosine (it cost the round an eighth of its pairs' time)
        return min(na, nb) >= SAME_TEXT * max(na, nb) and self.body.cosine(i, j) >= SAME_TEXT

    def measures(self, i: int, j: int) -> tuple[float, float, float, float]:
        """heading, body, concepts, areas."""
        ca, cb = self.concepts_a[i], self.concepts_b[j]
        return self.head.cosine(i, j), self.body.cosine(i, j), _dot(ca, cb) if ca and cb else 0.0, self.area_agreement(i, j)

    def area_agreement(self, i: int, j: int) -> float:
        """The areas measure alone: how alike the two sections' area profiles are."""
        pa, pb = self.areas_a[i], self.areas_b[j]
        return sum(map(mul, pa, pb)) if pa and pb else 0.0

    def score(self, i: int, j: int) -> float:
        x, y = self.fa.units[i], self.fb.units[j]
        # What the report's required structure settles outright.
        if x.is_preamble or y.is_preamble:
            if not (x.is_preamble and y.is_preamble):
                return 0.0  # the untitled lead paragraphs correspond to each other only
        elif x.part_group and y.part_group and x.part_group != y.part_group:
            if not self.same_text(i, j):
                return 0.0  # the shortcomings never pair with the plan, nor the plan with last year's work
        part_heading = x.is_part_heading or y.is_part_heading
        if part_heading and not (x.own_part and x.own_part == y.own_part):
            # A part heading pairs with the same part only: one that announces it, or (on its merits, without
            # the floor) a top-level section that says no part but sits where that part is reported (the duty
            # of the first responsible among the measures: _PART_GROUP).
            heading, other = (x, y) if x.is_part_heading else (y, x)
            if (other.own_part or other.level != 1 or other.part_group != _PART_GROUP.get(heading.own_part, heading.own_part)) \
                    and not self.same_text(i, j):
                return 0.0
            part_heading = False
        heading, body, concepts, areas = self.measures(i, j)
        w = WEIGHTS
        # A measure counts where at least one side has something for it (two preambles have no headings,
        # two short items may use no rubric phrase): the others share its weight.
        wh = w["heading"] if self.head.norm_a[i] or self.head.norm_b[j] else 0.0
        wb = w["body"] if self.body.norm_a[i] or self.body.norm_b[j] else 0.0
        wc = w["concepts"] if self.concepts_a[i] or self.concepts_b[j] else 0.0
        lexical = (wh * heading + wb * body) / (wh + wb) if wh + wb else 0.0
        # Area evidence from a few phrases is weak (a short item shares an area with many others):
        # where it is thin, the lexical measures stand in for it.
        trust = min(1.0, x.evidence / AREA_EVIDENCE_FULL, y.evidence / AREA_EVIDENCE_FULL)
        wa = w["areas"]
        total = (wh * heading + wb * body + wc * concepts + wa * (trust * areas + (1 - trust) * lexical)) / (wh + wb + wc + wa)
        if part_heading:
            total = PART_FLOOR + (1 - PART_FLOOR) * total
        total *= 1 - LEVEL_PENALTY * abs(x.level - y.level)
        return 0.0 if total < 0 else (1.0 if total > 1 else total)

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


def _unit_vector(v: dict) -> dict:
    """`v` scaled to length 1, its keys in order (`_dot` walks them so)."""
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: v[k] / norm for k in sorted(v)} if norm else {}


def _dot(p: dict, q: dict) -> float:
    """Σ p[k]·q[k] over the keys both have, in key order (the same sum whatever the hash seed): both are
    `_unit_vector`s, so walking the smaller in its order is that order (sorting the common keys was a tenth of a
    round's pair stage)."""
    if len(q) < len(p):
        p, q = q, p
    return sum(p[k] * q[k] for k in p if k in q)
