"""Which section of report A corresponds to which section of report B.

Similarity of two sections = what they say (TF-IDF cosine over jieba terms, IDF from both reports), what
they are called (rapidfuzz over the headings, by character and by word), and which 纲要 areas they give
evidence for (the rubric's keyword profile: two reports' topics match by area even when worded apart).
The report's required parts come first: a section of the shortcomings part never pairs with one of the
plan. Pairs are chosen by optimal assignment (not greedily); pairs out of order are `moved` (everything
off the longest increasing run); weak pairs stay unmatched. Pins force or forbid pairs exactly and the rest
is aligned around them. Sections of any level compete, so a level-2 topic can match a level-1 part.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fazhi.core.assignment import longest_increasing, max_weight_assignment
from fazhi.core.areas import area_totals, part_of_heading, section_hits, section_parts, strengths
from fazhi.core.errors import FazhiError
from fazhi.core.outline import Outline, Section
from fazhi.core.rubric import Rubric, load_rubric
from fazhi.core.tokens import DocTokens, as_symbols, doc_tokens, terms

if TYPE_CHECKING:
    import numpy as np

# numpy and rapidfuzz are imported where they are used: the workbench imports this module for its
# first screen, and they cost a tenth of a second that only the alignment worker should pay.

#: Below this a candidate pair is not a correspondence but a coincidence.
MATCH_THRESHOLD = 0.25
ITEM_THRESHOLD = 0.34
#: Weight of relative position in the assignment (not in the match threshold).
POSITION_TIE_BREAK = 0.02
#: Two headings announcing the same required part score at least this (above MATCH_THRESHOLD).
PART_FLOOR = 0.5
#: Weighted rubric-phrase count at which a section's area profile is trusted fully.
AREA_EVIDENCE_FULL = 20.0
WEIGHTS = {"content": 0.45, "heading": 0.25, "areas": 0.30}


@dataclass
class Pair:
    a: str | None
    b: str | None
    score: float | None
    status: str  # matched | moved | removed | added
    pinned: bool = False


@dataclass
class Alignment:
    pairs: list[Pair]
    pins: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(p.status for p in self.pairs)
        return {k: c.get(k, 0) for k in ("matched", "moved", "removed", "added")}

    def partner(self, side: str, section_id: str) -> Pair | None:
        return next((p for p in self.pairs if getattr(p, side) == section_id), None)

    def to_dict(self, a: Outline, b: Outline) -> dict:
        def meta(o: Outline) -> dict:
            return {"source": o.source, "title": o.title, "government": o.government, "year": o.year,
                    "sha256": o.sha256}

        def heading(o: Outline, sid: str | None) -> str | None:
            s = o.find(sid) if sid is not None else None
            return s.heading if s else None

        return {"a": meta(a), "b": meta(b), "pairs": [
            {"a": p.a, "b": p.b, "a_heading": heading(a, p.a), "b_heading": heading(b, p.b),
             "score": None if p.score is None else round(p.score, 3), "status": p.status,
             **({"pinned": True} if p.pinned else {})} for p in self.pairs]}


def parse_pin(text: str, option: str = "pin") -> tuple[str, str]:
    m = re.fullmatch(r"\s*([\d.]+)\s*[=:]\s*([\d.]+)\s*", text)
    if not m:
        raise FazhiError(option, f"expected A_ID=B_ID such as 1.2=1.3, got {text!r}", exit_status=2)
    return m.group(1), m.group(2)


# --------------------------------------------------------------------------------------- features

_HEAD_NOISE = re.compile(r"(?:19|20)\d\d\s*年度?|[\W_\d]+")


def heading_key(heading: str) -> str:
    """Headings compared without years, numbers and punctuation: 2024年工作计划 ~ 2025年工作计划."""
    return _HEAD_NOISE.sub("", unicodedata.normalize("NFKC", heading))


@dataclass
class _Unit:
    section: Section
    side: str
    index: int  # document order
    terms: Counter
    head_terms: list[str]
    head_key: str
    profile: dict[str, float]  # area → strength
    phrases: Counter  # (area, rubric phrase) → weighted count
    part: str | None  # the required part it belongs to (inherited from its top-level section)
    own_part: str | None  # the part its own heading announces (存在的不足…, 下一步…), if any

    @property
    def is_part_heading(self) -> bool:
        """A top-level section that is one of the report's required parts, not a topic."""
        return self.section.level == 1 and self.own_part is not None


@dataclass
class _Report:
    """What every unit of one report needs, computed once per alignment (not once per matched pair)."""

    outline: Outline
    side: str
    tokens: DocTokens
    parts: dict[str, str | None]
    order: dict[str, int]

    @classmethod
    def of(cls, outline: Outline, side: str, rubric: Rubric) -> _Report:
        return cls(outline, side, doc_tokens(outline.text), section_parts(outline, rubric),
                   {s.id: i for i, s in enumerate(outline.walk())})


def _units(report: _Report, sections: list[Section], rubric: Rubric) -> list[_Unit]:
    units = []
    for s in sections:
        words = report.tokens.words(s.start, s.end)
        head_words = report.tokens.words(s.heading_start, s.heading_end)
        # The whole section (sub-topics included): a topic container is compared by all it covers.
        hits = section_hits(report.outline, s, rubric, whole=True) if s.kind != "preamble" else Counter()
        units.append(_Unit(s, report.side, report.order[s.id], Counter(terms(words)), terms(head_words),
                           heading_key(s.heading), strengths(area_totals(hits)), hits, report.parts.get(s.id),
                           part_of_heading(s.heading, rubric) if s.kind != "preamble" else None))
    return units


def _tfidf(units_a: list[_Unit], units_b: list[_Unit]) -> np.ndarray:
    """Cosine of sublinear TF-IDF vectors; IDF over the sections of both reports."""
    import numpy as np

    everything = units_a + units_b
    df = Counter(t for u in everything for t in u.terms)
    vocab = {t: i for i, t in enumerate(df)}
    n = len(everything)
    idf = np.array([math.log((n + 1) / (df[t] + 1)) + 1 for t in vocab])
    m = np.zeros((n, len(vocab)))
    for row, u in enumerate(everything):
        for t, c in u.terms.items():
            m[row, vocab[t]] = 1 + math.log(c)
    m *= idf
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m /= np.where(norms == 0, 1, norms)
    return m[: len(units_a)] @ m[len(units_a):].T


def similarity(units_a: list[_Unit], units_b: list[_Unit]) -> np.ndarray:
    import numpy as np
    from rapidfuzz import fuzz, process

    if not units_a or not units_b:
        return np.zeros((len(units_a), len(units_b)))
    content = _tfidf(units_a, units_b)
    chars = process.cdist([u.head_key for u in units_a], [u.head_key for u in units_b],
                          scorer=fuzz.ratio, dtype=np.float64) / 100
    symbols = as_symbols(*[u.head_terms for u in units_a + units_b])
    wa, wb = symbols[:len(units_a)], symbols[len(units_a):]
    words = process.cdist(wa, wb, scorer=fuzz.ratio, dtype=np.float64) / 100
    heading = np.maximum(chars, words)
    profile_sim, has_profile = _cosine([u.profile for u in units_a], [u.profile for u in units_b])
    phrase_sim, _ = _cosine([u.phrases for u in units_a], [u.phrases for u in units_b])
    # Area evidence from a few phrases is weak (a short plan item shares an area with many others):
    # where it is thin, the lexical evidence stands in for it.
    evidence_a = np.array([sum(u.phrases.values()) for u in units_a])[:, None]
    evidence_b = np.array([sum(u.phrases.values()) for u in units_b])[None, :]
    reliability = np.clip(np.minimum(evidence_a, evidence_b) / AREA_EVIDENCE_FULL, 0.0, 1.0) * has_profile
    w = WEIGHTS
    lexical = (w["content"] * content + w["heading"] * heading) / (w["content"] + w["heading"])
    area_sim = reliability * (0.5 * profile_sim + 0.5 * phrase_sim) + (1 - reliability) * lexical
    score = w["content"] * content + w["heading"] * heading + w["areas"] * area_sim
    # The required parts correspond to each other first: never pair across two different parts.
    part_a = np.array([u.part or "" for u in units_a], dtype=object)[:, None]
    part_b = np.array([u.part or "" for u in units_b], dtype=object)[None, :]
    clash = (part_a != "") & (part_b != "") & (part_a != part_b)
    score = np.where(clash, 0.0, score)
    # A part heading pairs with the same part (first, whatever the wording), never with a mere topic.
    own_a = np.array([u.own_part or "" for u in units_a], dtype=object)[:, None]
    own_b = np.array([u.own_part or "" for u in units_b], dtype=object)[None, :]
    part_heading = np.array([u.is_part_heading for u in units_a])[:, None] | np.array([u.is_part_heading for u in units_b])[None, :]
    same_part = (own_a != "") & (own_a == own_b) & ~clash
    score = np.where(part_heading & same_part, PART_FLOOR + (1 - PART_FLOOR) * score,
                     np.where(part_heading, 0.0, score))
    levels = np.abs(np.array([u.section.level for u in units_a])[:, None] - np.array([u.section.level for u in units_b])[None, :])
    return np.clip(score * (1 - 0.08 * levels), 0.0, 1.0)


def _cosine(rows_a: list[dict], rows_b: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of sparse vectors given as dicts, and where both sides are non-empty."""
    import numpy as np

    keys = {k: i for i, k in enumerate({k for r in rows_a + rows_b for k in r})}

    def dense(rows):
        m = np.zeros((len(rows), max(1, len(keys))))
        for i, r in enumerate(rows):
            for k, v in r.items():
                m[i, keys[k]] = v
        n = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(n == 0, 1, n), n > 0

    ma, ha = dense(rows_a)
    mb, hb = dense(rows_b)
    return ma @ mb.T, ha & hb.T


# --------------------------------------------------------------------------------------- assignment

def _assign(units_a: list[_Unit], units_b: list[_Unit], sim: np.ndarray, threshold: float,
            pins: list[tuple[str, str]], forbidden: list[tuple[str, str]]) -> list[tuple[int, int, bool]]:
    """(row, column, pinned) of the chosen pairs."""
    import numpy as np

    row = {u.section.id: i for i, u in enumerate(units_a)}
    col = {u.section.id: j for j, u in enumerate(units_b)}
    # Which pairs may match is decided by similarity alone; among those, the assignment prefers pairs
    # at the same relative place in their reports (a tie-breaker: it can never create a match).
    place_a = np.array([u.index for u in units_a], dtype=float) / max(1, max((u.index for u in units_a), default=1))
    place_b = np.array([u.index for u in units_b], dtype=float) / max(1, max((u.index for u in units_b), default=1))
    closeness = 1 - np.abs(place_a[:, None] - place_b[None, :])
    weights = np.where(sim >= threshold, sim + POSITION_TIE_BREAK * closeness, 0.0)
    for a_id, b_id in forbidden:
        if a_id in row and b_id in col:
            weights[row[a_id], col[b_id]] = 0.0
    pinned = [(row[a], col[b]) for a, b in pins if a in row and b in col]
    keep_rows = np.ones(len(units_a), dtype=bool)
    keep_cols = np.ones(len(units_b), dtype=bool)
    for r, c in pinned:
        keep_rows[r] = keep_cols[c] = False
    rows, cols = np.nonzero(keep_rows)[0], np.nonzero(keep_cols)[0]
    chosen = [(int(rows[r]), int(cols[c]), False) for r, c in max_weight_assignment(weights[np.ix_(rows, cols)])]
    return sorted(chosen + [(r, c, True) for r, c in pinned])


# -------------------------------------------------------------------------------------------- align

def align_outlines(a: Outline, b: Outline, pins: list[tuple[str, str]] | None = None,
                   forbidden: list[tuple[str, str]] | None = None, rubric: Rubric | None = None) -> Alignment:
    pins, forbidden = list(pins or []), list(forbidden or [])
    rubric = rubric or load_rubric()
    _check_pins(a, b, pins, forbidden)
    pinned_ids_a = {x for x, _ in pins}
    pinned_ids_b = {y for _, y in pins}
    heads_a = [s for s in a.walk() if s.kind != "item" or s.id in pinned_ids_a]
    heads_b = [s for s in b.walk() if s.kind != "item" or s.id in pinned_ids_b]
    report_a, report_b = _Report.of(a, "a", rubric), _Report.of(b, "b", rubric)
    ua, ub = _units(report_a, heads_a, rubric), _units(report_b, heads_b, rubric)
    sim = similarity(ua, ub)
    # The untitled lead paragraphs correspond to each other and to nothing else.
    for i, x in enumerate(ua):
        for j, y in enumerate(ub):
            if (x.section.kind == "preamble") != (y.section.kind == "preamble"):
                sim[i, j] = 0.0
            elif x.section.kind == "preamble":
                sim[i, j] = max(sim[i, j], MATCH_THRESHOLD)
    chosen = _assign(ua, ub, sim, MATCH_THRESHOLD, pins, forbidden)
    matches = [(ua[r].section, ub[c].section, float(sim[r, c]), p) for r, c, p in chosen]

    # Items (一是…) are aligned inside each matched pair of their parents.
    for sa, sb, _, _ in list(matches):
        items_a = [c for c in sa.children if c.kind == "item" and c.id not in pinned_ids_a]
        items_b = [c for c in sb.children if c.kind == "item" and c.id not in pinned_ids_b]
        if items_a and items_b:
            ia, ib = _units(report_a, items_a, rubric), _units(report_b, items_b, rubric)
            isim = similarity(ia, ib)
            for r, c, p in _assign(ia, ib, isim, ITEM_THRESHOLD, pins, forbidden):
                matches.append((ia[r].section, ib[c].section, float(isim[r, c]), p))
    return _assemble(a, b, matches, pins, forbidden)


def _check_pins(a: Outline, b: Outline, pins, forbidden) -> None:
    ids_a = {s.id for s in a.walk()}
    ids_b = {s.id for s in b.walk()}
    for option, pairs in (("--pin", pins), ("--forbid", forbidden)):
        for x, y in pairs:
            if x not in ids_a:
                raise FazhiError(a.source, f"{option} {x}={y}: report A has no section {x}")
            if y not in ids_b:
                raise FazhiError(b.source, f"{option} {x}={y}: report B has no section {y}")
    for side in (0, 1):
        seen = Counter(p[side] for p in pins)
        twice = [k for k, n in seen.items() if n > 1]
        if twice:
            raise FazhiError("--pin", f"section {twice[0]} of report {'AB'[side]} is pinned twice", exit_status=2)


def _assemble(a: Outline, b: Outline, matches, pins, forbidden) -> Alignment:
    order_a = {s.id: i for i, s in enumerate(a.walk())}
    order_b = {s.id: i for i, s in enumerate(b.walk())}
    matches.sort(key=lambda m: order_a[m[0].id])
    in_order = longest_increasing([order_b[m[1].id] for m in matches])
    rows: list[tuple[tuple, Pair]] = []
    partner_b: dict[str, int] = {}
    for k, (sa, sb, score, pinned) in enumerate(matches):
        status = "matched" if k in in_order else "moved"
        rows.append(((order_b[sb.id], 0, order_a[sa.id]), Pair(sa.id, sb.id, score, status, pinned)))
        partner_b[sa.id] = order_b[sb.id]
    matched_a = {m[0].id for m in matches}
    matched_b = {m[1].id for m in matches}
    last_anchor = -1
    for s in a.walk():  # a removed section sits after the pair of the A section before it
        if s.id in partner_b:
            last_anchor = partner_b[s.id]
        elif s.id not in matched_a:
            rows.append(((last_anchor, 1, order_a[s.id]), Pair(s.id, None, None, "removed")))
    for s in b.walk():
        if s.id not in matched_b:
            rows.append(((order_b[s.id], 0, -1), Pair(None, s.id, None, "added")))
    rows.sort(key=lambda r: r[0])
    return Alignment([p for _, p in rows], pins=list(pins), forbidden=list(forbidden))
