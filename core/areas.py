"""Which rubric areas each section gives evidence for, and which sections make up the required parts.

Evidence is keyword evidence: the rubric's phrases found in a section (longest phrase wins where two
overlap, so 行政执法监督 counts for oversight, not for enforcement), weighted by how specific the phrase is
and tripled in the heading; the rubric's context rules settle the ambiguous terms sentence by sentence
(合法性审核 of a 文件 is rule-making, of a 决策 is decision-making). Parts come from heading cues, with
the order every report follows (measures → shortcomings → duty → plan) filling in the unlabelled ones.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator

from fazhi.core.hanzi import SENTENCE_END
from fazhi.core.outline import Outline, Section
from fazhi.core.patterns import any_of, compile, lazy
from fazhi.core.record import field, record
from fazhi.core.rubric import Rubric

HEADING_WEIGHT = 3.0
_SENTENCE = lazy(f"[^{SENTENCE_END}\n]+")
_SENTENCE_ENDS = lazy(f"[{SENTENCE_END}]")


def per_rubric(fn):
    """Cache `fn(rubric)` by the rubric object itself: a frozen Rubric hashes all its phrases on every
    lookup, which an lru_cache would pay on every call."""
    cache: dict[int, tuple] = {}

    def cached(rubric):
        hit = cache.get(id(rubric))
        if hit is None or hit[0] is not rubric:
            if len(cache) >= 8:
                cache.clear()
            hit = cache[id(rubric)] = (rubric, fn(rubric))
        return hit[1]

    cached.__doc__ = fn.__doc__
    return cached


@record
class AreaResult:
    """Which rubric areas a report's sections are about (`map_areas`): each section's strength per area in [0, 1]
    and its areas strongest first, each area's sections strongest first (the evidence a reviewer reads), the
    report's parts (measures / shortcomings / duty / plan) with their sections, and the required parts it lacks."""

    rubric_id: str
    rubric_version: str
    source: str
    section_scores: dict[str, dict[str, float]]  # section id → area → strength in [0, 1]
    section_areas: dict[str, list[str]]  # section id → its areas, strongest first
    evidence: dict[str, list[tuple[str, float]]]  # area → [(section id, strength)], strongest first
    parts: dict[str, list[str]]  # part id → section ids
    missing_parts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "parts": self.parts,
            "missing_parts": self.missing_parts,
            "sections": [{"id": sid, "areas": self.section_areas[sid],
                          "scores": {a: round(s, 3) for a, s in self.section_scores[sid].items() if s > 0}}
                         for sid in self.section_scores],
            "evidence": {a: [{"id": sid, "strength": round(s, 3)} for sid, s in ev] for a, ev in self.evidence.items()},
        }


@record(frozen=True)
class PhraseMatcher:
    """The rubric's phrases as one pattern, with each phrase's area, weight and context rules."""

    pattern: re.Pattern[str]
    owner: dict[str, str]  # phrase → area
    weight: dict[str, float]
    rules: dict[str, list[tuple[str, tuple[str, ...]]]]  # phrase → [(area, context)]
    ruled: re.Pattern[str]  # the phrases that have rules, found anywhere (inside a longer phrase too)

    def scan(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, phrase, area) of every rubric phrase in text[start:end], in order: the longest
        phrase wins where two overlap, and the context rules decide the area sentence by sentence. (No
        phrase holds a sentence end, so one pass over the text finds what a pass per sentence would.)
        Linear however long a sentence is: the sentences are walked once, alongside the hits, and a rule is
        decided once per sentence and phrase."""
        end = len(text) if end is None else end
        sentences = _SENTENCE.finditer(text, start, end)
        sentence = next(sentences, None)
        decided: dict[str, str] = {}  # phrase → area, in the current sentence
        for hit in self.pattern.finditer(text, start, end):
            phrase = hit.group(0)
            area = self.owner[phrase]
            rules = self.rules.get(phrase)
            if rules:
                # the sentence holding the hit
                while sentence is not None and sentence.end() <= hit.start():
                    sentence, decided = next(sentences, None), {}
                if phrase not in decided:
                    decided[phrase] = _rule_area(rules, sentence.group(0) if sentence else "", area)
                area = decided[phrase]
            yield hit.start(), hit.end(), phrase, area

    def counts(self, text: str) -> dict[tuple[str, str], int]:
        """(phrase, area) → how many of `scan`'s hits in text: the same hits, counted by the regex engine rather than
        a Python step per hit; only the sentences that hold a phrase with context rules (alone or inside a longer
        phrase) are read one by one, each rule decided once per sentence. No phrase holds a sentence end (the rubric
        refuses one), so a sentence's hits are those found in it alone."""
        hits = self.pattern.findall(text)
        if not hits:  # (most headings and many short items: no counting at all)
            return {}
        found = Counter(hits)
        out = {(p, self.owner[p]): n for p, n in found.items() if p not in self.rules}
        if not any(p in self.rules for p in found):
            return out
        ends = _SENTENCE_ENDS.sub("\n", text)  # every sentence end a newline: a sentence's bounds are two finds
        read = 0  # the text before this offset is counted (each sentence is read once: linear)
        for hit in self.ruled.finditer(text):
            at = hit.start()
            if at < read:
                continue
            start = max(read, ends.rfind("\n", read, at) + 1)
            stop = ends.find("\n", at)
            read = stop if stop >= 0 else len(text)
            sentence = text[start:read]
            for phrase, n in Counter(self.pattern.findall(sentence)).items():
                if phrase in self.rules:  # (decided once per sentence and phrase: linear however long the sentence)
                    key = (phrase, _rule_area(self.rules[phrase], sentence, self.owner[phrase]))
                    out[key] = out.get(key, 0) + n
        return out


def _rule_area(rules: list[tuple[str, tuple[str, ...]]], sentence: str, default: str) -> str:
    """The area of the first rule whose context the sentence holds (a rule without context always holds)."""
    for rule_area, context in rules:
        if not context or any(c in sentence for c in context):
            return rule_area
    return default


@per_rubric
def phrase_matcher(rubric: Rubric) -> PhraseMatcher:
    owner: dict[str, str] = {}
    for area in rubric.areas:
        for kw in area.keywords:
            owner.setdefault(kw, area.id)
    rules: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for rule in rubric.rules:
        rules.setdefault(rule.term, []).append((rule.area, rule.context))
        owner.setdefault(rule.term, rule.area)
    phrases = sorted(owner, key=len, reverse=True)
    pattern = compile(any_of(phrases))
    weight = {p: min(len(p), 6) / 2 for p in phrases}
    return PhraseMatcher(pattern, owner, weight, rules, compile(any_of(rules)))


def keyword_hits(text: str, rubric: Rubric, factor: float = 1.0, into: Counter | None = None) -> Counter:
    """(area, phrase) → weighted count of the rubric's phrases in a piece of text."""
    matcher = phrase_matcher(rubric)
    hits = into if into is not None else Counter()
    for (phrase, area), n in matcher.counts(text).items():
        hits[(area, phrase)] += matcher.weight[phrase] * factor * n
    return hits


@record(frozen=True)
class Hit:
    """One rubric phrase found in a report: document offsets, and the innermost section holding it
    (None in head or tail matter)."""

    start: int
    end: int
    phrase: str
    section_id: str | None


def keyword_hits_by_area(outline: Outline, rubric: Rubric) -> dict[str, list[Hit]]:
    """Every rubric phrase of a report, per area, in document order (every area of the rubric is a key):
    the evidence a reviewer jumps to, whatever the section's dominant areas. One pass over the text."""
    out: dict[str, list[Hit]] = {a.id: [] for a in rubric.areas}
    locate = section_locator(outline)
    for start, end, phrase, area in phrase_matcher(rubric).scan(outline.text):
        out.setdefault(area, []).append(Hit(start, end, phrase, locate(start)))
    return out


def section_locator(outline: Outline) -> Callable[[int], str | None]:
    """A function from a text offset to the id of the innermost section holding it (bisect, not a walk)."""
    sections: list[Section] = []
    parent: list[int] = []

    def visit(nodes: list[Section], up: int) -> None:
        for s in nodes:
            sections.append(s)
            parent.append(up)
            visit(s.children, len(sections) - 1)

    visit(outline.sections, -1)
    starts = [s.start for s in sections]  # document order: starts never decrease

    def locate(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        while i >= 0 and sections[i].end <= offset:
            i = parent[i]
        return sections[i].id if i >= 0 else None

    return locate


def domain_words(rubric: Rubric) -> tuple[str, ...]:
    """The rubric's phrases and synonyms that a word tokenizer should keep whole (重大行政决策)."""
    words = {k for a in rubric.areas for k in a.keywords} | {c for p in rubric.parts for c in p.cues}
    words |= {t for group in rubric.synonyms for t in group}
    return tuple(sorted(w for w in words if 2 <= len(w) <= 12 and not re.search(r"[\s、+]", w)))


def section_hits(outline: Outline, section: Section, rubric: Rubric, whole: bool = False) -> Counter:
    """The rubric phrases a section uses about its own topic (or, `whole`, with its sub-topics too),
    the heading counting triple."""
    hits = keyword_hits(section.heading, rubric, HEADING_WEIGHT)
    body = outline.text[section.heading_end:section.end] if whole else unit_text(outline, section)
    return keyword_hits(body, rubric, 1.0, into=hits)


def area_totals(hits: Counter) -> dict[str, float]:
    raw: dict[str, float] = {}
    for (area, _), v in hits.items():
        raw[area] = raw.get(area, 0.0) + v
    return raw


def unit_text(outline: Outline, section: Section) -> str:
    """What a section says about its own topic: its body and its 一是 items, not its sub-headings."""
    return outline.text[section.heading_end:section.topic_end]


def strengths(raw: dict[str, float]) -> dict[str, float]:
    """Raw evidence → [0, 1]: share of the strongest area, times how much evidence there is at all."""
    if not raw:
        return {}
    top = max(raw.values())
    saturation = 1 - math.exp(-top / 6)
    return {a: (v / top) * saturation for a, v in raw.items()}


def section_profile(outline: Outline, section: Section, rubric: Rubric) -> dict[str, float]:
    return strengths(area_totals(section_hits(outline, section, rubric)))


def map_areas(outline: Outline, rubric: Rubric) -> AreaResult:
    """Every section of `outline` (the preamble aside) scored against every area of `rubric` by its keywords and
    concepts, heading and body (`section_profile`), and the report's parts located; deterministic, linear in the
    text. Never raises on any outline."""
    section_scores: dict[str, dict[str, float]] = {}
    section_areas: dict[str, list[str]] = {}
    evidence: dict[str, list[tuple[str, float]]] = {a.id: [] for a in rubric.areas}
    for section in outline.walk():
        if section.kind == "preamble":
            continue
        scores = section_profile(outline, section, rubric)
        section_scores[section.id] = {a: scores.get(a, 0.0) for a in rubric.area_ids}
        ranked = sorted(((a, s) for a, s in scores.items() if s >= 0.25), key=lambda x: (-x[1], x[0]))
        section_areas[section.id] = [a for a, s in ranked if s >= 0.5 * ranked[0][1]] if ranked else []
        for a in section_areas[section.id]:
            evidence[a].append((section.id, scores[a]))
    for a in evidence:
        evidence[a].sort(key=lambda x: (-x[1], _order_key(x[0])))
    parts = find_parts(outline, rubric)
    missing = [p.id for p in rubric.parts if p.required and not parts.get(p.id)]
    return AreaResult(rubric.id, rubric.version, outline.source, section_scores, section_areas, evidence, parts, missing)


def _order_key(section_id: str) -> tuple[int, ...]:
    return tuple(int(x) for x in section_id.split("."))


# -------------------------------------------------------------------------------------------- parts

def part_of_heading(heading: str, rubric: Rubric) -> str | None:
    """The required part a heading announces, by its cues; the duty part first, since its
    headings also say 情况, and the plan before measures since plans also say 工作."""
    for part_id, cues in _part_cues(rubric):
        if cues.search(heading):
            return part_id
    return None


@per_rubric
def _part_cues(rubric: Rubric) -> list[tuple[str, re.Pattern[str]]]:
    """Each part's cues as one pattern (one search a heading, not one test a cue), in the order parts are tried."""
    order = sorted(rubric.parts, key=lambda p: {"first_responsible": 0, "shortcomings_causes": 1,
                                                 "next_year_plan": 2, "other": 3}.get(p.id, 4))
    return [(p.id, compile(any_of(p.cues))) for p in order]


def find_parts(outline: Outline, rubric: Rubric) -> dict[str, list[str]]:
    """Section ids per part. Top-level headings decide; unlabelled top-level topics before the
    shortcomings part are measures; the duty part may also be a sub-topic or an item elsewhere."""
    parts: dict[str, list[str]] = {p.id: [] for p in rubric.parts}
    tops = [s for s in outline.sections if s.kind != "preamble"]
    labels = [part_of_heading(s.heading, rubric) for s in tops]
    first_later = next((i for i, p in enumerate(labels) if p in ("shortcomings_causes", "next_year_plan")), len(tops))
    for i, (section, part) in enumerate(zip(tops, labels)):
        if part is None and i < first_later and "measures_results" in parts:
            part = "measures_results"
        if part in parts:
            parts[part].append(section.id)
    if "first_responsible" in parts and not parts["first_responsible"]:
        # The duty reported inside last year's work (清溪镇: 三是 under its first topic) — not a plan item
        # that promises it for next year.
        elsewhere = {sid for p in ("shortcomings_causes", "next_year_plan") for sid in parts.get(p, [])}
        inside = [s for top in tops if top.id not in elsewhere for s in top.walk() if s.level > 1]
        cues = next(p.cues for p in rubric.parts if p.id == "first_responsible")
        parts["first_responsible"] = [s.id for s in inside if any(c in s.heading for c in cues)]
        if not parts["first_responsible"]:
            # Last resort: a topic whose own text reports on the duty (营仔镇 writes it into 一、(一)).
            parts["first_responsible"] = [s.id for s in inside if s.kind == "heading"
                                          and "第一责任人" in unit_text(outline, s)][:3]
    return parts


def section_parts(outline: Outline, rubric: Rubric) -> dict[str, str | None]:
    """Each section's part, inherited from its top-level section unless it announces its own."""
    parts = find_parts(outline, rubric)
    top_part = {sid: p for p, ids in parts.items() for sid in ids if "." not in sid}
    out: dict[str, str | None] = {}
    for section in outline.walk():
        if section.kind == "preamble":
            out[section.id] = None
            continue
        inherited = top_part.get(section.id.split(".")[0])
        own = part_of_heading(section.heading, rubric) if section.level > 1 else None
        # The duty part often sits inside the measures part; inside a plan it is still a plan.
        out[section.id] = own if own == "first_responsible" and inherited in (None, "measures_results") else inherited
    return out

