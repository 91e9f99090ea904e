"""Where things are in a review, for a reader: which pair holds a passage, every hit of a search, the keywords that
evidence an area, the word diff of a pair as document spans, the section most like another (to pin it), why a pair
was made. Queries only: nothing here changes the review. Each review has one `Lookup` (`Review.lookup`), which keeps
what it computed until the pairs change.
"""
from __future__ import annotations

import re

from fazhi.core.align import Pair
from fazhi.core.anchors import first_sentence, locate_passage
from fazhi.core.areas import keyword_hits_by_area, section_locator
from fazhi.core.compare import Comparison
from fazhi.core.outline import Section
from fazhi.core.record import record
from fazhi.core.session import SIDES


#: A search stops at this many hits (a word in every sentence of a 5 MB report): the count is then said as "at least".
FIND_LIMIT = 10_000


class Lookup:
    """The queries of one review (see the module docstring)."""

    def __init__(self, review) -> None:
        self.review = review
        self._index_of: dict[tuple[str, str], int] | None = None
        self._index_for: list[Pair] | None = None
        self._locators: dict[str, object] = {}
        self._evidence: dict[str, dict[str, list[tuple[int, int, str]]]] = {}

    def pair_index(self, side: str, section_id: str) -> int | None:
        """Which pair holds a section (every section is in exactly one pair)."""
        if self._index_of is None or self._index_for is not self.review.pairs:
            self._index_for = self.review.pairs
            self._index_of = {(sd, sid): i for i, p in enumerate(self.review.pairs) for sd, sid in (("a", p.a), ("b", p.b))
                              if sid is not None}
        return self._index_of.get((side, section_id))

    def section_at(self, side: str, offset: int) -> Section | None:
        """The innermost section holding a document offset (None in head or tail matter)."""
        locate = self._locators.get(side)
        if locate is None:
            locate = self._locators[side] = section_locator(self.review.outline(side))
        return self.review.section(side, locate(offset))

    def pair_index_at(self, side: str, offset: int) -> int | None:
        section = self.section_at(side, offset)
        return self.pair_index(side, section.id) if section else None

    def highlights(self, pair: Pair, comparison: Comparison) -> dict[str, dict[str, list[tuple[int, int]]]]:
        """The word diff ("diff") and changed figures ("figure") of a compared pair as document spans per side."""
        base = {"a": self.review.section("a", pair.a).heading_start, "b": self.review.section("b", pair.b).heading_start}
        diff: dict[str, list[tuple[int, int]]] = {"a": [], "b": []}
        for op in comparison.ops:
            if op.tag != "equal":
                diff["a"].append((base["a"] + op.a_start, base["a"] + op.a_end))
                diff["b"].append((base["b"] + op.b_start, base["b"] + op.b_end))
        figure: dict[str, list[tuple[int, int]]] = {"a": [], "b": []}
        for change in comparison.figures:
            if change.status != "same":
                for side, fig in (("a", change.a), ("b", change.b)):
                    if fig is not None:
                        figure[side].append((base[side] + fig.start, base[side] + fig.end))
        return {"diff": diff, "figure": figure}

    def strongest_area(self, side: str, pair: Pair) -> str | None:
        """The rubric area the pair's section on `side` (else on the other side) gives most evidence for."""
        for sd in (side, "b" if side == "a" else "a"):
            sid = pair.a if sd == "a" else pair.b
            scores = self.review.areas.get(sd).section_scores.get(sid, {}) if sd in self.review.areas and sid else {}
            best = max(scores.items(), key=lambda kv: kv[1], default=(None, 0.0))
            if best[1] > 0:
                return best[0]
        return None

    def evidence(self, side: str, area_id: str) -> list[tuple[int, int, str]]:
        """Every keyword of an area in the sections of report `side`: (start, end, phrase), document order. Not in
        the lines before the first section or after the last (title, signature, contact): the walk could not show
        them, and the count the panel gives is the number of steps of the walk."""
        if side not in self._evidence:
            outline = self.review.outline(side)
            first, last = (outline.sections[0].start, outline.sections[-1].end) if outline.sections else (0, 0)
            self._evidence[side] = {area: [(h.start, h.end, h.phrase) for h in hits if first <= h.start < last]
                                    for area, hits in keyword_hits_by_area(outline, self.review.rubric).items()}
        return self._evidence[side].get(area_id, [])

    def default_passage(self, side: str, section_id: str) -> tuple[int, int]:
        """What `annotate` offers by default: the heading, or the first sentence of an untitled section."""
        return first_sentence(self.review.outline(side), self.review.section(side, section_id))

    def locate(self, side: str, section_id: str, passage: str) -> tuple[int, int] | None:
        """Where a passage the reviewer typed stands in a section (exactly, else fuzzily); None if not there."""
        sec = self.review.section(side, section_id)
        return locate_passage(self.review.outline(side).text, passage, sec.start, sec.end) if sec and passage else None

    def find(self, query: str, limit: int = FIND_LIMIT) -> list[tuple[str, int, int, int]]:
        """(side, start, end, pair index) of every occurrence of `query` in both reports' text, in reading order;
        case and full/half width do not matter. At most `limit` (A's first): as many means there may be more."""
        pattern = re.compile("".join(_either_width(c) for c in query), re.IGNORECASE)
        hits = []
        for side in SIDES:
            for m in pattern.finditer(self.review.outline(side).text):
                if len(hits) >= limit:
                    break
                index = self.pair_index_at(side, m.start())
                if index is not None:
                    hits.append((side, m.start(), m.end(), index))
        return sorted(hits, key=lambda h: (h[3], h[0], h[1]))

    def pin_candidates(self, side: str, for_side: str, section_id: str) -> list[PinCandidate]:
        """Sections of report `side` that the section `section_id` of the other report may be pinned to (not pinned
        already), the most similar first (the aligner's own similarity), then the rest in document order; at a
        similarity equal as shown (two decimals), the sections paired with nothing before those paired now (the
        natural counterpart of an unmatched section is often unmatched too); one the reviewer split from it last.
        Each says its similarity and what it is paired with now (pinning it to this section undoes that pair)."""
        taken = {p[0] if side == "a" else p[1] for p in self.review.session.pins}
        free = [sec for sec in self.review.outline(side).walk() if sec.kind != "preamble" and sec.id not in taken]
        aligner, alignment = self.review.aligner, self.review.alignment
        ranked = aligner.ranked_partners(for_side, section_id, limit=len(free) + 1) if aligner is not None else []
        rank = {sid: k for k, (sid, _) in enumerate(ranked)}
        similarity = dict(ranked)
        split = {p[1] if side == "b" else p[0] for p in self.review.session.forbidden
                 if (p[0] if side == "b" else p[1]) == section_id}

        def partner(sid: str) -> str | None:
            pair = alignment.partner(side, sid) if alignment is not None else None
            return (pair.b if side == "a" else pair.a) if pair is not None else None

        candidates = [PinCandidate(sec, similarity.get(sec.id), partner(sec.id), sec.id in split) for sec in free]
        def shown(c: PinCandidate) -> float:
            return -1.0 if c.similarity is None else round(c.similarity, 2)

        return sorted(candidates, key=lambda c: (c.split, -shown(c), c.partner is not None,
                                                 rank.get(c.section.id, len(rank))))

    def explain(self, pair: Pair) -> "Explanation":
        """Why a pair was made, as data a front end words in its language (see `Explanation`)."""
        heads = {}
        for side in SIDES:
            sec = self.review.section(side, pair.a if side == "a" else pair.b)
            heads[side] = f"{sec.id} {sec.label}{sec.heading}" if sec else None
        return Explanation(heads, pair.status, pair.score, self.review.is_pinned(pair),
                           dict(getattr(pair, "evidence", None) or {}))


@record(frozen=True)
class PinCandidate:
    """A section the focused one may be pinned to: its similarity to it (None before the alignment), the section of
    the other report it is paired with now (None: none), and whether the reviewer split the two apart."""

    section: Section
    similarity: float | None
    partner: str | None
    split: bool


@record(frozen=True)
class Explanation:
    """Why two sections were paired: each side's section ("id label heading", None for no counterpart), the pair's
    status and similarity, whether the reviewer pinned it, and the alignment's evidence (`Pair.evidence`: heading,
    body, concepts and areas similarities in [0, 1], the shared `area` id, the `structure` support its matched
    `parents` gave)."""

    sections: dict[str, str | None]
    status: str
    score: float | None
    pinned: bool
    evidence: dict


def _either_width(char: str) -> str:
    """A regex matching `char` in its full- or half-width form (（ and ( alike)."""
    code = ord(char)
    if 0x21 <= code <= 0x7E:
        return f"[{re.escape(char)}{re.escape(chr(code + 0xFEE0))}]"
    if 0xFF01 <= code <= 0xFF5E:
        return f"[{re.escape(char)}{re.escape(chr(code - 0xFEE0))}]"
    return re.escape(char)
