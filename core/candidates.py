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
CANDIDATES_PER_UNIT = 12
SIGNATURE = 24  # the rarest terms of a section that look for partners
POSTINGS_CAP = 48  # a term used by more sections than this is too common to find anyone
PLACE_BAND = 3


def candidate_pairs(similarity: PairSimilarity, notes: list[str]) -> list[tuple[int, int]]:
    """(row, column) pairs to score, sorted; says in `notes` when not every pair is scored."""
    n, m = len(similarity.fa.units), len(similarity.fb.units)
    if n * m <= DENSE_PAIRS:
        return [(i, j) for i in range(n) for j in range(m)]
    notes.append(f"candidates: {n}×{m} sections, so each section is compared with the {CANDIDATES_PER_UNIT} "
                 f"sections sharing its rarest words and those at the same place, not with every section")
    df = similarity.body.df
    terms_a = [_terms(u.grams, u.concepts) for u in similarity.fa.units]
    terms_b = [_terms(u.grams, u.concepts) for u in similarity.fb.units]
    pairs: set[tuple[int, int]] = set()
    for found in _by_shared_terms(terms_a, terms_b, df):
        pairs.update(found)
    pairs.update((i, j) for j, i in (p for found in _by_shared_terms(terms_b, terms_a, df) for p in found))
    for i in range(n):
        centre = round(i * (m - 1) / max(1, n - 1))
        pairs.update((i, j) for j in range(max(0, centre - PLACE_BAND), min(m, centre + PLACE_BAND + 1)))
    return sorted(pairs)


def _terms(grams: set[str], concepts) -> list[str]:
    return [*grams, *(f"#{c}" for c in concepts)]


def _by_shared_terms(terms_a: list[list[str]], terms_b: list[list[str]], df: dict):
    """For each unit of A, the best units of B by the rare terms they share ([(i, j), …] per unit)."""
    def rarity(t: str) -> int:
        return df.get(t, 1) if not t.startswith("#") else concept_df.get(t, 1)

    concept_df: dict[str, int] = {}
    for terms in terms_a + terms_b:
        for t in terms:
            if t.startswith("#"):
                concept_df[t] = concept_df.get(t, 0) + 1
    index: dict[str, list[int]] = {}
    for j, terms in enumerate(terms_b):
        for t in terms:
            if rarity(t) <= POSTINGS_CAP:
                index.setdefault(t, []).append(j)
    total = len(terms_a) + len(terms_b)
    for i, terms in enumerate(terms_a):
        rare = sorted((rarity(t), t) for t in terms if t in index)[:SIGNATURE]
        score: dict[int, float] = {}
        for d, t in rare:
            weight = math.log(total / d)
            for j in index[t]:
                score[j] = score.get(j, 0.0) + weight
        best = heapq.nlargest(CANDIDATES_PER_UNIT, score.items(), key=lambda kv: (kv[1], -kv[0]))
        yield [(i, j) for j, _ in best]
