"""Which pairs of sections are worth scoring: every pair for reports of ordinary size, a bounded few per
section for large ones, so that alignment grows about linearly with the number of sections.

For large reports a section's candidates are (1) the sections of the other report that share its rarest
terms (character bigrams and rubric concepts used by few sections: an inverted index, each term's list
capped), the best CANDIDATES_PER_UNIT of them, from both sides; and (2) the sections at the same relative
place (a band of PLACE_BAND), so that two versions of one report always see their counterparts.
"""
from __future__ import annotations

import heapq
import math

from fazhi.core.similarity import PairSimilarity

#: Up to this many pairs (rows × columns) every pair is scored.
DENSE_PAIRS = 40_000
CANDIDATES_PER_UNIT = 8
SIGNATURE = 24  # the rarest terms of a section that look for partners
POSTINGS_CAP = 48  # a term used by more sections than this is too common to find anyone
PLACE_BAND = 2


def candidate_pairs(similarity: PairSimilarity, notes: list[str]) -> list[tuple[int, int]]:
    """(row, column) pairs to score, sorted; says in `notes` when not every pair is scored."""
    n, m = len(similarity.fa.units), len(similarity.fb.units)
    if n * m <= DENSE_PAIRS:
        return [(i, j) for i in range(n) for j in range(m)]
    notes.append(f"candidates: {n}×{m} sections, so each section is compared with the {CANDIDATES_PER_UNIT} "
                 f"sections sharing its rarest words and those at the same place, not with every section")
    sides = (similarity.fa.units, similarity.fb.units)
    pairs: set[tuple[int, int]] = set()
    for df, terms_of in ((similarity.body.df, lambda u: u.grams), (_concept_df(sides), lambda u: u.concepts.keys())):
        rare = {t for t, c in df.items() if c <= POSTINGS_CAP}
        terms_a = [rare.intersection(terms_of(u)) for u in sides[0]]
        terms_b = [rare.intersection(terms_of(u)) for u in sides[1]]
        total = len(sides[0]) + len(sides[1])
        for found in _by_shared_terms(terms_a, terms_b, df, total):
            pairs.update(found)
        for found in _by_shared_terms(terms_b, terms_a, df, total):
            pairs.update((i, j) for j, i in found)
    for i in range(n):
        centre = round(i * (m - 1) / max(1, n - 1))
        pairs.update((i, j) for j in range(max(0, centre - PLACE_BAND), min(m, centre + PLACE_BAND + 1)))
    return sorted(pairs)


def _concept_df(sides) -> dict[str, int]:
    df: dict[str, int] = {}
    for units in sides:
        for u in units:
            for c in u.concepts:
                df[c] = df.get(c, 0) + 1
    return df


def _by_shared_terms(terms_a: list[set[str]], terms_b: list[set[str]], df: dict, total: int):
    """For each unit of A, the best units of B by the rare terms they share ([(i, j), …] per unit)."""
    index: dict[str, list[int]] = {}
    for j, terms in enumerate(terms_b):
        for t in terms:
            index.setdefault(t, []).append(j)
    for i, terms in enumerate(terms_a):
        signature = sorted((df[t], t) for t in terms if t in index)[:SIGNATURE]
        score: dict[int, float] = {}
        for d, t in signature:
            weight = math.log(total / d)
            for j in index[t]:
                score[j] = score.get(j, 0.0) + weight
        best = heapq.nlargest(CANDIDATES_PER_UNIT, score.items(), key=lambda kv: (kv[1], -kv[0]))
        yield [(i, j) for j, _ in best]
