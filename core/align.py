"""Which section of report A corresponds to which section of report B, at every level.

One alignment over all units (parts, topics, sub-topics, 一是 items): any unit may pair with a unit of
another level or under another parent, one to one. What two units say decides (`similarity`: heading,
body, the rubric's concepts and areas); the structure is evidence, never a wall: once a first solution is
known, a pair whose parents are paired gets STRUCTURE_SUPPORT, more when it also keeps its place among the
siblings, and the whole is solved again (twice at most, until nothing changes). Pairs are chosen by
optimal assignment (`assignment.max_weight_matching`), never greedily, over the candidate pairs (all of
them for reports of ordinary size; for large ones those that share rare words or concepts, or stand at
the same relative place: see `candidates`). A pair must reach the threshold of its level (THRESHOLDS).
No two pairs turn the outline upside down (a parent with the child of its own child's partner): of such a
couple the weaker is dropped and the rest solved again. Then the sections left alone on both sides pair
among themselves at a lower bar when they treat the same rubric area (LEFTOVER_THRESHOLD, LEFTOVER_AREAS):
two governments write the same topic in other words, and the area is the evidence that survives the
rewording. Solved apart, this second pass never displaces a pair of the first (in one solve, two weak
pairs could outweigh one strong one). A section paired one level off (an item of A with a topic of B) while
the counterparts at its own level stay alone gives way to the two pairs at their levels (the topics, and the
item with an item of that topic) when both reach LEFTOVER_THRESHOLD and together outweigh it: an item often says
its topic's words more plainly than the topic's own heading. Last, the children left alone under two paired
sections pair among themselves: from SAME_GOVERNMENT_FLOOR for two reports of one government, from the higher
OTHER_GOVERNMENT_FLOOR and on the same area only (OTHER_GOVERNMENT_AREAS) between two. Pins force pairs and
forbidden pairs are never made, exactly, and every re-solve is global, so forbidding one pair never costs a
good neighbouring pair. Pairs out of order are `moved` (off the longest increasing run), but for sections that
moved with their parent and keep their place under it: one topic moved is one move.

A report of more than MAX_UNITS sections (never a real one) is aligned on its shallowest levels only, the
deeper sections left unpaired, and the alignment says so in its notes: the cost stays bounded.

`Aligner` keeps both reports' features and the similarity of every candidate pair, so a re-solve after a
pin or split costs the assignment only; `align_outlines` aligns once. An Aligner can be made ahead of need
(`prepare`: a served app's process aligns the pair it will show before its connection comes) and is then
taken by the next `aligner_for` of the same two texts.
Ties are broken by document order and ids, never by hash order: the same inputs give the same pairs.

(Some 450 lines: the solve and its passes share the candidate scores, the partner maps and the rule against
upside-down pairs; apart, they would hand all of these around.)
"""
from __future__ import annotations

import re
from collections import Counter

from fazhi.core.assignment import longest_increasing, max_weight_matching
from fazhi.core.candidates import candidate_pairs
from fazhi.core.errors import FazhiError
from fazhi.core.outline import Outline
from fazhi.core.record import field, record
from fazhi.core.round_names import government_key
from fazhi.core.rubric import Rubric, load_rubric
from fazhi.core.similarity import PairSimilarity, ReportFeatures, Unit, report_features

#: The least score of a pair, by the level of its units (see `level_class`).
THRESHOLDS = {"part": 0.25, "topic": 0.32, "item": 0.26}
#: A pair whose parents are paired gets this share of its own score on top, and up to ORDER_SUPPORT more
#: when it keeps its place among the siblings: in proportion, so that structure never makes a pair of
#: two sections that say nothing alike.
STRUCTURE_SUPPORT = 0.5
ORDER_SUPPORT = 0.125
#: Sections the first solution leaves alone on both sides pair at this lower bar, when their area profiles
#: agree at least this much (the areas measure: the same rubric area). Measured with tests/measure_align.py:
#: every gold keeps its figures or gains across 0.17–0.21 and 0.8–0.9; these are the middle.
LEFTOVER_THRESHOLD = 0.19
LEFTOVER_AREAS = 0.85
#: A government's report beside its own report of another year keeps its structure: under two paired sections,
#: the children left alone on both sides pair from this score (a rewritten paragraph on the same duty shares few
#: words)…
SAME_GOVERNMENT_FLOOR = 0.08
#: …and between two governments, whose children under one heading often report other work, from this score and
#: on the same rubric area only (the areas measure). Chosen on the golds but the held-out ones (tests/measure_align.py):
#: none loses across 0.135–0.145 and 0.7–0.85; at 0.08 the demo pair would lose six pairs.
OTHER_GOVERNMENT_FLOOR = 0.14
OTHER_GOVERNMENT_AREAS = 0.75
#: A government's shortcomings are written anew each year: two of them left alone under its paired shortcomings parts
#: are one shortcoming only where their headings share words at least this much (the heading measure) or their areas
#: agree as two governments' must (items33: "视野不够宽广" paired with "普法宣传的匹配度有待提升" at 0.08).
SHORTCOMING_HEADINGS = 0.1
#: The part a report's shortcomings are reported in (the default rubric's id).
SHORTCOMINGS = "shortcomings_causes"
#: A child is scored against this many children on either side of its own relative place (all of them up to 13).
CHILDREN_WINDOW = 6
#: Weight of the relative place in the report: breaks ties, can never make a pair on its own.
POSITION_TIE_BREAK = 0.01
ROUNDS = 3
#: At most this many sections of a report are aligned (reports have a few hundred; the benchmarks' synthetic
#: and pathological ones go to 10,000): past it, the shallowest levels that fit, the deeper sections left
#: unpaired, with a note. Bounds time and memory: two 20 MB texts of 27,000 sections each align in about
#: 10 s and 500 MB (20,000 would take twice that), 100,000 一是 items in one paragraph in a few seconds.
MAX_UNITS = 10_000


def level_class(x: Unit, y: Unit) -> str:
    """item (either is a 一是 item), topic (either is below the top level), or part."""
    if x.section.kind == "item" or y.section.kind == "item":
        return "item"
    return "topic" if max(x.section.level, y.section.level) > 1 else "part"


@record
class Pair:
    """One row of an alignment: a section id of A and of B (None on the side with no counterpart), their similarity
    in [0, 1] (None when unpaired), the status — matched (in order), moved (out of order or under another parent),
    removed (A only), added (B only) — and whether the reviewer pinned it."""

    a: str | None
    b: str | None
    score: float | None
    status: str  # matched | moved | removed | added
    pinned: bool = False
    #: Why the pair was made (matched and moved pairs): heading, body, concepts, areas in [0, 1], the shared
    #: area, the structural support it got and the paired parents it got it from.
    evidence: dict | None = None

    @property
    def lone(self) -> tuple[str, str]:
        """(side, id) of a pair with one side only: the section that has no counterpart."""
        return ("a", self.a) if self.a else ("b", self.b)


@record
class Alignment:
    """Two outlines aligned (`align_outlines`, `Aligner`): every section of both in exactly one pair, in B's document
    order (a removed section after the pair of the A section before it), one-to-one; the pins and forbidden pairs it
    honoured; what was simplified to stay within bounds. Deterministic: ties are broken by position and id."""

    pairs: list[Pair]
    pins: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    #: What was simplified to stay within bounds (empty for reports of ordinary size).
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by = {"a": {p.a: p for p in self.pairs if p.a}, "b": {p.b: p for p in self.pairs if p.b}}

    def counts(self) -> dict[str, int]:
        c = Counter(p.status for p in self.pairs)
        return {k: c.get(k, 0) for k in ("matched", "moved", "removed", "added")}

    def partner(self, side: str, section_id: str) -> Pair | None:
        return self._by[side].get(section_id)

    def to_dict(self, a: Outline, b: Outline) -> dict:
        def meta(o: Outline) -> dict:
            return {"source": o.source, "title": o.title, "government": o.government, "year": o.year,
                    "sha256": o.sha256}

        heading_a = {s.id: s.heading for s in a.walk()}
        heading_b = {s.id: s.heading for s in b.walk()}
        rows = []
        for p in self.pairs:
            row = {"a": p.a, "b": p.b, "a_heading": heading_a.get(p.a), "b_heading": heading_b.get(p.b),
                   "score": None if p.score is None else round(p.score, 3), "status": p.status}
            if p.pinned:
                row["pinned"] = True
            if p.evidence is not None:
                row["evidence"] = p.evidence
            rows.append(row)
        out = {"a": meta(a), "b": meta(b), "pairs": rows}
        if self.notes:
            out["notes"] = list(self.notes)
            out["degraded"] = True
        return out


def parse_pin(text: str, option: str = "pin") -> tuple[str, str]:
    m = re.fullmatch(r"\s*([\d.]+)\s*[=:]\s*([\d.]+)\s*", text)
    if not m:
        raise FazhiError(option, f"expected A_ID=B_ID such as 1.2=1.3, got {text!r}", exit_status=2)
    return m.group(1), m.group(2)


# -------------------------------------------------------------------------------------------- aligner

class Aligner:
    """Two reports ready to be aligned again and again: features and candidate similarities are computed
    once here; `solve(pins, forbidden)` runs the assignment only (milliseconds on ordinary reports)."""

    def __init__(self, a: Outline, b: Outline, rubric: Rubric | None = None,
                 features: tuple[ReportFeatures, ReportFeatures] | None = None):
        """`features`: both reports' `report_features(…, rubric, MAX_UNITS)` when the caller has them already
        (a round aligns each report with the year before and the year after)."""
        self.a, self.b = a, b
        self.rubric = rubric or load_rubric()
        self.same_government = same_government(a, b)
        self.fa, self.fb = features or (report_features(a, self.rubric, MAX_UNITS),
                                        report_features(b, self.rubric, MAX_UNITS))
        self.similarity = PairSimilarity(self.fa, self.fb, self.rubric)
        self.notes: list[str] = []
        for side, f in (("A", self.fa), ("B", self.fb)):
            if f.left_out:
                which = (f"only its first {len(f.units)} top-level sections are" if len(f.outline.sections) > len(f.units)
                         else "only its top level is" if f.levels == 1 else f"only its top {f.levels} levels are")
                self.notes.append(f"sections: report {side} has {len(f.units) + f.left_out} sections, more than the "
                                  f"{MAX_UNITS} aligned: {which} aligned, the other {f.left_out} are left unpaired")
        capped = self.fa.capped + self.fb.capped
        if capped:
            self.notes.append(f"features: {capped} very long sections are compared on their first characters and "
                              f"first sub-sections only")
        self.candidates = candidate_pairs(self.similarity, self.notes)
        self.sibling_a, self.sibling_b = _sibling_places(self.fa.units), _sibling_places(self.fb.units)
        self.rescore()

    def rescore(self) -> None:
        """Score the candidate pairs (again, after the weights changed: tests/measure_align.py)."""
        ua, ub = self.fa.units, self.fb.units
        place_a, place_b = _places(ua), _places(ub)
        # pairs that cannot reach any threshold, even with structural support, are dropped here
        least = min(min(THRESHOLDS.values()) / (1 + STRUCTURE_SUPPORT + ORDER_SUPPORT), LEFTOVER_THRESHOLD)
        self.scores: dict[tuple[int, int], float] = {}
        for i, j in self.candidates:
            s = self.similarity.score(i, j)
            if s >= least or (ua[i].is_preamble and ub[j].is_preamble):
                self.scores[(i, j)] = s
        self.tie = {(i, j): POSITION_TIE_BREAK * (1 - abs(place_a[i] - place_b[j])) for i, j in self.scores}

    # ------------------------------------------------------------------------------------------ solve
    def solve(self, pins: list[tuple[str, str]] | None = None,
              forbidden: list[tuple[str, str]] | None = None, with_evidence: bool = True) -> Alignment:
        """The alignment with these pins and forbidden pairs. `with_evidence=False`: its pairs without their scores and
        evidence (None), the same pairs and statuses: what `Alignment.counts` needs (a round's summary of a pair), and
        the evidence was a tenth of a round's pair stage."""
        pins, forbidden = list(pins or []), list(forbidden or [])
        self._check_pins(pins, forbidden)
        ia, ib = self.fa.by_id, self.fb.by_id
        pinned = {(ia[x], ib[y]) for x, y in pins}
        busy_a = {i for i, _ in pinned}
        busy_b = {j for _, j in pinned}
        banned = {(ia[x], ib[y]) for x, y in forbidden}
        free = {k: s for k, s in self.scores.items() if k not in banned and k[0] not in busy_a and k[1] not in busy_b}
        notes = list(self.notes)
        chosen: dict[tuple[int, int], float] = {}
        support: dict[tuple[int, int], float] = {}
        for _ in range(ROUNDS):
            paired = set(chosen) | pinned
            support = self._support(free, paired) if chosen else {}
            again = self._match(free, support, notes)
            if again.keys() == chosen.keys():
                break
            chosen = again
        # A parent paired with the child of its own child's partner turns the outline upside down: the weaker
        # pair of such a couple is dropped and the rest solved again (each time one pair fewer: it ends).
        while weaker := self._weaker_of_inverted(chosen, support, fixed=pinned):
            free = {k: s for k, s in free.items() if k not in weaker}
            chosen = self._match(free, support, notes)
        chosen.update(self._pair_leftovers(free, chosen, pinned, banned, notes))
        chosen, regrouped = self._pair_levels(chosen, pinned, banned)
        floor = (SAME_GOVERNMENT_FLOOR, 0.0) if self.same_government else (OTHER_GOVERNMENT_FLOOR, OTHER_GOVERNMENT_AREAS)
        placed = self._pair_children(chosen, pinned, banned, notes, *floor)
        return self._assemble(chosen | placed, support, pinned, pins, forbidden, notes, placed.keys() | regrouped,
                              with_evidence)

    def _match(self, free: dict, support: dict, notes: list[str]) -> dict[tuple[int, int], float]:
        """The assignment of largest total over the pairs that reach their level's threshold with their support."""
        edges = []
        for (i, j), s in free.items():
            w = s + support.get((i, j), 0.0)
            if w >= self._threshold(i, j):
                edges.append((i, j, w + self.tie[(i, j)]))
        return {(i, j): free[(i, j)] for i, j in _solve(edges, notes)}

    def _pairs_inverted_by(self, i: int, j: int, partner_a: dict[int, int], partner_b: dict[int, int]) -> list[tuple[int, int]]:
        """The pairs that A `i` = B `j` would turn upside down: an ancestor of one side paired with a
        descendant of the other."""
        ua, ub = self.fa.units, self.fb.units
        return ([(up, partner_a[up]) for up in _ancestors(ua, i) if up in partner_a and j in _ancestors(ub, partner_a[up])]
                + [(partner_b[up], up) for up in _ancestors(ub, j) if up in partner_b and i in _ancestors(ua, partner_b[up])])

    def _weaker_of_inverted(self, made: dict, support: dict, fixed: set) -> set[tuple[int, int]]:
        """Of each couple of pairs that invert each other (one of them in `made`), the weaker; never one of
        `fixed` (pins, and the pairs of an earlier pass)."""
        partner_a, partner_b = _partners([*made, *fixed])

        def strength(k: tuple[int, int]) -> tuple[float, int, int]:
            return (float("inf"), 0, 0) if k in fixed else (made[k] + support.get(k, 0.0), -k[0], -k[1])

        return {min((i, j), other, key=strength)
                for i, j in made for other in self._pairs_inverted_by(i, j, partner_a, partner_b)}

    def _pair_leftovers(self, free: dict, chosen: dict, pinned: set, banned: set,
                        notes: list[str]) -> dict[tuple[int, int], float]:
        """The second pass: pairs of sections left alone on both sides (`free` holds no pinned side), at
        LEFTOVER_THRESHOLD when they treat the same area (LEFTOVER_AREAS), turning no pair upside down (neither
        one of the first pass nor one another). A section whose pair the reviewer split is left alone on purpose:
        none here (`_split`)."""
        ua, ub = self.fa.units, self.fb.units
        partner_a, partner_b = _partners([*chosen, *pinned])
        split_a, split_b = _split(banned)
        edges = [(i, j, s + self.tie[(i, j)]) for (i, j), s in free.items()
                 if s >= LEFTOVER_THRESHOLD and i not in partner_a and j not in partner_b
                 and i not in split_a and j not in split_b
                 and not (ua[i].is_preamble or ub[j].is_preamble)
                 and self.similarity.area_agreement(i, j) >= LEFTOVER_AREAS
                 and not self._pairs_inverted_by(i, j, partner_a, partner_b)]
        fixed = set(chosen) | pinned
        while True:
            made = {(i, j): free[(i, j)] for i, j in _solve(edges, notes)}
            weaker = self._weaker_of_inverted(made, {}, fixed)
            if not weaker:
                return made
            edges = [e for e in edges if (e[0], e[1]) not in weaker]

    def _pair_levels(self, chosen: dict, pinned: set, banned: set) -> tuple[dict[tuple[int, int], float], set]:
        """A section paired one level off (a child of A with a parent of B, or the reverse) while the counterpart at
        its own level is alone: the two parents pair, and the child with a child of the other, when both reach
        LEFTOVER_THRESHOLD and together outweigh the pair they replace (turning no pair upside down). Returns the
        pairs, and the children's pairs so made (their evidence names the parents)."""
        ua, ub = self.fa.units, self.fb.units
        children_a, children_b = _children(ua), _children(ub)
        partner_a, partner_b = _partners([*chosen, *pinned])
        score = self.similarity.score
        out, made = dict(chosen), set()
        for (x, y), s in sorted(chosen.items()):
            p, q = ua[x].parent, ub[y].parent
            options = []
            if p >= 0 and p not in partner_a:  # x's parent is alone: x's partner may be among y's children
                options += [((p, y), (x, j)) for j in children_b.get(y, ()) if j not in partner_b]
            if q >= 0 and q not in partner_b:  # and the reverse
                options += [((x, q), (i, y)) for i in children_a.get(x, ()) if i not in partner_a]
            best = None
            for up, down in options:
                if up in banned or down in banned:
                    continue
                su, sd = score(*up), score(*down)
                if su >= LEFTOVER_THRESHOLD and sd >= LEFTOVER_THRESHOLD and su + sd > s and (not best or su + sd > best[0]):
                    best = (su + sd, up, down, su, sd)
            if not best:
                continue
            _, up, down, su, sd = best
            del partner_a[x], partner_b[y]
            if not self._pairs_inverted_by(*up, partner_a, partner_b):
                partner_a[up[0]], partner_b[up[1]] = up[1], up[0]
                if not self._pairs_inverted_by(*down, partner_a, partner_b):
                    partner_a[down[0]], partner_b[down[1]] = down[1], down[0]
                    del out[(x, y)]
                    out[up], out[down] = su, sd
                    made.add(down)
                    continue
                del partner_a[up[0]], partner_b[up[1]]
            partner_a[x], partner_b[y] = y, x
        return out, made

    def _pair_children(self, chosen: dict, pinned: set, banned: set, notes: list[str], floor: float,
                       areas: float) -> dict[tuple[int, int], float]:
        """The last pass: under each couple of paired sections, parents first, the children left alone on both
        sides pair from `floor` where their area profiles agree at least `areas` (optimal assignment among them);
        a couple made here is a parent couple further down. A child is scored against the CHILDREN_WINDOW children
        on either side of its own relative place only, so a parent of thousands of children costs a linear
        amount. A section whose pair the reviewer split takes no partner here (`_split`)."""
        ua, ub = self.fa.units, self.fb.units
        partner_a, partner_b = _partners([*chosen, *pinned])
        split_a, split_b = _split(banned)
        children_a, children_b = _children(ua), _children(ub)
        made: dict[tuple[int, int], float] = {}
        for parent in range(len(ua)):  # children come after their parent: couples made here are visited too
            if parent not in partner_a:
                continue
            alone_a = [i for i in children_a.get(parent, ()) if i not in partner_a and i not in split_a]
            alone_b = [j for j in children_b.get(partner_a[parent], ()) if j not in partner_b and j not in split_b]
            rewritten = self.same_government and ua[parent].part_group == SHORTCOMINGS
            scored = {}
            for k, i in enumerate(alone_a):
                middle = round(k * (len(alone_b) - 1) / max(1, len(alone_a) - 1))
                for j in alone_b[max(0, middle - CHILDREN_WINDOW):middle + CHILDREN_WINDOW + 1]:
                    s = self.similarity.score(i, j)
                    agree = self.similarity.area_agreement(i, j)
                    if rewritten and agree < OTHER_GOVERNMENT_AREAS \
                            and self.similarity.head.cosine(i, j) < SHORTCOMING_HEADINGS:
                        continue
                    if s >= floor and agree >= areas and not self._pairs_inverted_by(i, j, partner_a, partner_b):
                        scored[(i, j)] = s
            edges = [(i, j, s + POSITION_TIE_BREAK * (1 - abs(self.sibling_a[i] - self.sibling_b[j])))
                     for (i, j), s in scored.items()]
            for i, j in _solve(edges, notes):
                made[(i, j)] = scored[(i, j)]
                partner_a[i], partner_b[j] = j, i
        return made

    def _threshold(self, i: int, j: int) -> float:
        x, y = self.fa.units[i], self.fb.units[j]
        if x.is_preamble and y.is_preamble:
            return 0.0  # the untitled lead paragraphs correspond to each other (and to nothing else)
        return THRESHOLDS[level_class(x, y)]

    def _support(self, free: dict, paired: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """Structural support of each candidate pair given the pairs of the last round: its parents are
        paired (STRUCTURE_SUPPORT), and it keeps its place among their children (up to ORDER_SUPPORT)."""
        ua, ub = self.fa.units, self.fb.units
        out = {}
        for (i, j), s in free.items():
            pi, pj = ua[i].parent, ub[j].parent
            if pi >= 0 and pj >= 0 and (pi, pj) in paired:
                out[(i, j)] = s * (STRUCTURE_SUPPORT + ORDER_SUPPORT * (1 - abs(self.sibling_a[i] - self.sibling_b[j])))
        return out

    def _check_pins(self, pins, forbidden) -> None:
        for option, pairs in (("--pin", pins), ("--forbid", forbidden)):
            for x, y in pairs:
                for side, report, features, sid in (("A", self.a, self.fa, x), ("B", self.b, self.fb, y)):
                    if sid not in features.by_id:
                        why = (f"its section {sid} is not aligned (more than {MAX_UNITS} sections)" if report.find(sid)
                               else f"has no section {sid}")
                        raise FazhiError(report.source, f"{option} {x}={y}: report {side} {why}")
        for side in (0, 1):
            seen = Counter(p[side] for p in pins)
            twice = [k for k, n in seen.items() if n > 1]
            if twice:
                raise FazhiError("--pin", f"section {twice[0]} of report {'AB'[side]} is pinned twice", exit_status=2)
        forbidden_pairs = {tuple(f) for f in forbidden}
        both = [p for p in pins if tuple(p) in forbidden_pairs]
        if both:
            raise FazhiError("--pin", f"{both[0][0]}={both[0][1]} is both pinned and forbidden", exit_status=2)

    def _assemble(self, chosen, support, pinned, pins, forbidden, notes, placed=(), with_evidence=True) -> Alignment:
        """Every section of A and B in one pair, in B's order, a removed section after the pair of the A section
        before it (sections left out of the units are removed or added too). `placed`: pairs made for their paired
        parents (the children pass): their evidence names those parents."""
        ua, ub = self.fa.units, self.fb.units
        place_b = {s.id: k for k, s in enumerate(self.b.walk())}  # document order, units or not
        matches = sorted([(i, j, False) for i, j in chosen] + [(i, j, True) for i, j in pinned])
        in_order = _in_order(matches, ua, ub)
        rows: list[tuple[tuple, Pair]] = []
        partner_of_a: dict[str, int] = {}
        for k, (i, j, is_pin) in enumerate(matches):
            status = "matched" if k in in_order else "moved"
            b_place = place_b[ub[j].section.id]
            partner_of_a[ua[i].section.id] = b_place
            if not with_evidence:
                rows.append(((b_place, 0, i), Pair(ua[i].section.id, ub[j].section.id, None, status, is_pin)))
                continue
            ev = self.similarity.evidence(i, j)
            given = support.get((i, j), 0.0) if not is_pin else 0.0
            evidence = {"heading": round(ev.heading, 3), "body": round(ev.body, 3), "concepts": round(ev.concepts, 3),
                        "areas": round(ev.areas, 3), "area": ev.area, "structure": round(given, 3),
                        "parents": (f"{ua[ua[i].parent].section.id}={ub[ub[j].parent].section.id}"
                                    if given or (i, j) in placed else None)}
            rows.append(((b_place, 0, i), Pair(ua[i].section.id, ub[j].section.id, ev.total, status, is_pin, evidence)))
        anchor = -1
        for k, s in enumerate(self.a.walk()):
            if s.id in partner_of_a:
                anchor = partner_of_a[s.id]
            else:
                rows.append(((anchor, 1, k), Pair(s.id, None, None, "removed")))
        matched_b = set(partner_of_a.values())
        rows += [((k, 0, -1), Pair(None, sid, None, "added")) for sid, k in place_b.items() if k not in matched_b]
        rows.sort(key=lambda r: r[0])
        return Alignment([p for _, p in rows], pins=list(pins), forbidden=list(forbidden), notes=notes)

    # ----------------------------------------------------------------------------------------- picker
    def ranked_partners(self, side: str, section_id: str, limit: int = 50) -> list[tuple[str, float]]:
        """The other report's sections ranked by similarity to one section (for the pin picker)."""
        if section_id not in (self.fa if side == "a" else self.fb).by_id:
            return []  # a section left out of the alignment (too many sections) has no ranked partners
        if side == "a":
            i = self.fa.by_id[section_id]
            scored = [(self.similarity.score(i, j), -j, u.section.id) for j, u in enumerate(self.fb.units)]
        else:
            j = self.fb.by_id[section_id]
            scored = [(self.similarity.score(i, j), -i, u.section.id) for i, u in enumerate(self.fa.units)]
        scored.sort(reverse=True)
        return [(sid, score) for score, _, sid in scored[:limit]]


def _places(units: list[Unit]) -> list[float]:
    """Relative place in the report, 0 … 1."""
    last = max(1, len(units) - 1)
    return [u.index / last for u in units]


def same_government(a: Outline, b: Outline) -> bool:
    """Both reports name one government (as a round compares names), in the same parent area where both name one
    (北京市朝阳区 is not 长春市朝阳区)."""
    if not (a.government and b.government) or government_key(a.government) != government_key(b.government):
        return False
    return not (a.parent_area and b.parent_area) or government_key(a.parent_area) == government_key(b.parent_area)


def _solve(edges: list[tuple[int, int, float]], notes: list[str]) -> list[tuple[int, int]]:
    """max_weight_matching with the alignment's work limit; says so in `notes` (once) when the limit was reached."""
    if not edges:
        return []
    result = max_weight_matching(edges, work_limit=200 * len(edges) + 10_000)
    if not result.exact and "assignment" not in " ".join(notes):
        notes.append("assignment: search limit reached; the last rows were paired greedily")
    return result.pairs


def _in_order(matches: list[tuple[int, int, bool]], ua: list[Unit], ub: list[Unit]) -> set[int]:
    """The indexes of `matches` (sorted by A's order) that are not moves: on the longest run in order in B, except
    under a parent pair off that run (moved, or carried along by its own parent), where the sections are judged
    among their siblings only (those on one longest run in order of them are in order). One topic moved is one move,
    not one per sub-section; a swap of two sub-sections under it is still a move, though one of them may sit on the
    report's run by chance."""
    run = longest_increasing([j for _, j, _ in matches])
    pair_of = {(i, j): k for k, (i, j, _) in enumerate(matches)}
    under: dict[int, list[int]] = {}  # a parent pair off the run (moved, or carried along) → its children's pairs
    for k, (i, j, _) in enumerate(matches):
        parent = pair_of.get((ua[i].parent, ub[j].parent))
        if parent is not None and parent not in run:
            under.setdefault(parent, []).append(k)
    in_order = set(run)
    for children in under.values():
        in_order -= set(children)
        in_order |= {children[n] for n in longest_increasing([matches[k][1] for k in children])}
    return in_order


def _split(banned: set[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """The sections of A and of B whose pair the reviewer split: left alone on purpose, they pair again only at the
    ordinary thresholds (with a pin, or the first pass's), never by the lower bars of the passes for what is left
    over (walk31: B's 执法 part, split from A's, went to A's 队伍建设 at 0.11)."""
    return {i for i, _ in banned}, {j for _, j in banned}


def _partners(pairs) -> tuple[dict[int, int], dict[int, int]]:
    """A unit → B unit, and B unit → A unit, of the pairs (i, j) given."""
    partner_a = {i: j for i, j in pairs}
    return partner_a, {j: i for i, j in partner_a.items()}


def _children(units: list[Unit]) -> dict[int, list[int]]:
    """parent index → its children's indexes, in order (-1: the top-level units)."""
    out: dict[int, list[int]] = {}
    for u in units:
        out.setdefault(u.parent, []).append(u.index)
    return out


def _ancestors(units: list[Unit], index: int) -> list[int]:
    """The indexes of a unit's parent, its parent's parent, … up to the top."""
    out, up = [], units[index].parent
    while up >= 0:
        out.append(up)
        up = units[up].parent
    return out


def _sibling_places(units: list[Unit]) -> list[float]:
    """Relative place among the parent's children (top-level units among each other), 0 … 1."""
    out = [0.0] * len(units)
    for kids in _children(units).values():
        for k, i in enumerate(kids):
            out[i] = k / max(1, len(kids) - 1)
    return out


# --------------------------------------------------------------------------------------------- entry

_prepared: list[Aligner] = []  # at most one, made ahead of need


def prepare(aligner: Aligner) -> None:
    """Keep `aligner` for the next `aligner_for` (one is kept, and used once)."""
    _prepared[:] = [aligner]


def aligner_for(a: Outline, b: Outline, rubric: Rubric) -> Aligner:
    """An Aligner of `a` and `b`: the prepared one if it is of the same sources and texts under an equal rubric
    (what its similarities depend on; its outlines are then equal to these, parsed from the same text), else a
    new one."""
    kept = _prepared.pop() if _prepared else None
    same = kept is not None and all(x.source == y.source and x.text == y.text for x, y in ((kept.a, a), (kept.b, b)))
    return kept if same and kept.rubric == rubric else Aligner(a, b, rubric)


def align_outlines(a: Outline, b: Outline, pins: list[tuple[str, str]] | None = None,
                   forbidden: list[tuple[str, str]] | None = None, rubric: Rubric | None = None) -> Alignment:
    """Align two outlines once (see the module docstring): every section of A and of B in exactly one pair, pins
    and forbidden pairs honoured exactly. To re-solve after pins without computing the similarities again, keep
    an `Aligner` (the workbench's review does)."""
    return Aligner(a, b, rubric or load_rubric()).solve(pins, forbidden)
