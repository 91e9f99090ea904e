"""The sparse max-weight matching against brute force, its work limit, and order."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.assignment import longest_increasing, max_weight_matching


def best_total(n: int, m: int, weights: dict[tuple[int, int], float]) -> float:
    """The largest total weight of a matching, by trying every choice (small n and m only)."""
    best = 0.0

    def choose(row: int, used: frozenset, total: float) -> None:
        nonlocal best
        if row == n:
            best = max(best, total)
            return
        choose(row + 1, used, total)
        for col in range(m):
            if col not in used and weights.get((row, col), 0) > 0:
                choose(row + 1, used | {col}, total + weights[(row, col)])

    choose(0, frozenset(), 0.0)
    return best


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.data())
def test_matching_is_optimal_and_one_to_one(n, m, data):
    weights = {(i, j): data.draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, 0.3333, 0.7]))
               for i in range(n) for j in range(m)}
    result = max_weight_matching([(i, j, w) for (i, j), w in weights.items()])
    assert result.exact
    assert len({i for i, _ in result.pairs}) == len({j for _, j in result.pairs}) == len(result.pairs)
    assert all(weights[p] > 0 for p in result.pairs)
    assert abs(sum(weights[p] for p in result.pairs) - best_total(n, m, weights)) < 1e-9


def test_rows_stay_unpaired_or_give_way_as_the_total_requires():
    assert max_weight_matching([(0, 0, 0.9), (1, 0, 0.6)]).pairs == [(0, 0)]  # row 1 has nothing else
    # row 0's best column goes to row 1, for whom it is the only one: 0.8 + 0.85 beats 0.9
    assert max_weight_matching([(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85)]).pairs == [(0, 1), (1, 0)]
    # row 1 stays unpaired: moving it to column 1 would take column 1 from row 2, worth more
    assert max_weight_matching([(0, 0, 0.9), (1, 0, 0.6), (1, 1, 0.5), (2, 1, 0.55)]).pairs == [(0, 0), (2, 1)]


def test_equal_weights_are_decided_by_order_not_by_chance():
    edges = [(i, j, 1.0) for i in range(4) for j in range(4)]
    first = max_weight_matching(edges).pairs
    assert first == max_weight_matching(list(reversed(edges))).pairs
    assert len(first) == 4


def test_work_limit_pairs_the_rest_greedily_and_says_so():
    rng = random.Random(3)
    edges = [(i, j, rng.random()) for i in range(60) for j in range(60)]
    limited = max_weight_matching(edges, work_limit=10)
    assert not limited.exact
    assert len({j for _, j in limited.pairs}) == len(limited.pairs) == 60  # still one to one, complete
    assert max_weight_matching(edges).exact


def test_longest_increasing():
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    keep = longest_increasing(values)
    chosen = [values[i] for i in sorted(keep)]
    assert len(chosen) == 4 and chosen == sorted(chosen) and len(set(chosen)) == 4
    assert longest_increasing([]) == set()
