"""Optimal pairing and order: the two small algorithms alignment and figure matching share.

`max_weight_matching` pairs rows with columns so that the total weight is largest, on a sparse list of
candidate edges (rows and columns may stay unpaired). It is the Hungarian method in its shortest-augmenting-
path form: each row in turn is added along a shortest path (Dijkstra with potentials) in the residual graph,
where every row also owns a private "unpaired" column of weight 0. Cost grows with the edges a search
touches, not with rows × columns, and pure Python keeps `fazhi align` free of numpy's import time.
Deterministic: equal weights are decided by row and column order, never by hash order.
"""
from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable

from fazhi.core.record import record


@record
class Matching:
    pairs: list[tuple[int, int]]  # (row, column), sorted
    exact: bool = True  # False when the work limit was reached and the last rows were paired greedily


def max_weight_matching(edges: Iterable[tuple[int, int, float]], work_limit: int | None = None) -> Matching:
    """The pairs of largest total weight among `edges` (row, column, weight); edges of weight <= 0 are
    never used. `work_limit` bounds the heap pops of all searches together; past it the remaining rows are
    paired greedily (best free column first) and the result says it is not exact."""
    adjacency: dict[int, list[tuple[int, float]]] = {}
    for r, c, w in edges:
        if w > 0:
            adjacency.setdefault(r, []).append((c, -w))
    rows = sorted(adjacency)
    # Potentials: the reduced cost of r→c, cost + p_row[r] - p_col[c], stays >= 0. Free columns keep
    # potential 0 and paired ones go below it, so no path through a column that is freed can be shorter;
    # a row's unpaired column (cost 0) always has potential 0.
    p_row = {r: -min(cost for _, cost in adjacency[r]) for r in rows}
    p_col: dict[int, float] = {}
    for r in rows:
        adjacency[r].sort()
    row_to: dict[int, int | None] = {}  # row → its real column, or None when it is unpaired (on its dummy)
    col_to: dict[int, int] = {}
    work = 0
    for k, source in enumerate(rows):
        if work_limit is not None and work > work_limit:
            _greedy(rows[k:], adjacency, row_to, col_to)
            return Matching(sorted((r, c) for r, c in row_to.items() if c is not None), exact=False)
        work += _augment(source, adjacency, p_row, p_col, row_to, col_to)
    return Matching(sorted((r, c) for r, c in row_to.items() if c is not None))


def _augment(source, adjacency, p_row, p_col, row_to, col_to) -> int:
    """Add `source` along a shortest augmenting path; returns the number of heap pops it took."""
    inf = float("inf")
    dist_row = {source: 0.0}
    dist_col: dict[int, float] = {}
    dist_dummy: dict[int, float] = {}
    via_col: dict[int, int] = {}  # column → the row it was reached from
    settled_rows: list[int] = []
    settled_cols: list[int] = []
    # heap entries: (distance, kind, index) with kind 0 = row, 1 = real column, 2 = a row's unpaired column
    heap = [(0.0, 0, source)]
    pops = 0
    while True:
        d, kind, x = heapq.heappop(heap)
        pops += 1
        if kind == 0:
            if d > dist_row.get(x, inf):
                continue
            settled_rows.append(x)
            base = d + p_row[x]
            for c, cost in adjacency[x]:
                nd = base + cost - p_col.get(c, 0.0)
                nd = d if nd < d else nd  # rounding must not make a reduced cost negative
                if nd < dist_col.get(c, inf):
                    dist_col[c] = nd
                    via_col[c] = x
                    heapq.heappush(heap, (nd, 1, c))
            # x may also stay unpaired: its own dummy column, free (the source is unpaired so far; any
            # other row was reached through the real column it holds)
            nd = base
            if nd < dist_dummy.get(x, inf):
                dist_dummy[x] = nd
                heapq.heappush(heap, (nd, 2, x))
        elif kind == 1:
            if d > dist_col.get(x, inf):
                continue
            owner = col_to.get(x)
            if owner is None:
                end, total = (1, x), d
                break
            settled_cols.append(x)
            if d < dist_row.get(owner, inf):  # the matched edge back to its row is tight (reduced cost 0)
                dist_row[owner] = d
                heapq.heappush(heap, (d, 0, owner))
        else:
            if d > dist_dummy.get(x, inf):
                continue
            end, total = (2, x), d  # a dummy column is always free for its own row
            break
    # New potentials keep every reduced cost non-negative and make the path tight.
    for r in settled_rows:
        p_row[r] += dist_row[r] - total
    for c in settled_cols:
        p_col[c] = p_col.get(c, 0.0) + dist_col[c] - total
    kind, x = end
    row, column = (x, None) if kind == 2 else (via_col[x], x)
    while True:  # flip the path back to the source
        previous = row_to.get(row)
        row_to[row] = column
        if column is not None:
            col_to[column] = row
        if row == source:
            break
        column = previous
        row = via_col[column]
    return pops


def _greedy(rows: list[int], adjacency, row_to, col_to) -> None:
    candidates = sorted((cost, r, c) for r in rows for c, cost in adjacency[r])
    for cost, r, c in candidates:
        if r not in row_to and c not in col_to:
            row_to[r], col_to[c] = c, r
    for r in rows:
        row_to.setdefault(r, None)


def longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_pos: list[int] = []
    back = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k] = v
            tail_pos[k] = i
        back[i] = tail_pos[k - 1] if k else -1
    keep, i = set(), tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep
