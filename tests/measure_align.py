"""Alignment quality on everything with a known answer: precision and recall per source.

    python tests/measure_align.py            # the figures for the current weights and thresholds

Sources: the item-level gold of the demo pair (tests/fixtures/gold/items_*.json, a copy of the public
../shared/gold/items_*.json, so that a clean clone measures it too; judged as
../shared/tools/score_items.py judges it: firm pairs for recall; for precision the tool's pairs whose A side
the gold judges, lean pairs left out), the topic-level golds (tests/fixtures/gold/align_*.json), the
generated next-year cases (tests/cases.py, exact answers), and golds of other pairs of the five samples,
all from different governments, each made by hand before its maker looked at fazhi's output: two item-level
ones by one reader (tests/fixtures/gold/own_items_*.json) and four pairs at both levels by a second
(other_align_*.json, other_items_*.json; each file's note says what was judged and how); and three
same-government pairs: a sample beside its next year's report written by hand from it, as an office rewrites
(tests/fixtures/nextyear/*_2025r.txt: every sentence in new words, topics merged, split, moved, dropped and
added), with the gold that follows from the edits (nextyear_align_*.json, nextyear_items_*.json).

The weights and thresholds in core/similarity.py and core/align.py were chosen with the first three
(coordinate search, then the middle of the plateau where all stay at their best). The other pairs showed
that this left recall across governments at 0.55–0.65; the second pass of core/align.py
(LEFTOVER_THRESHOLD, LEFTOVER_AREAS) was chosen on all of them together, again in the middle of the plateau
where none loses; so were OTHER_GOVERNMENT_FLOOR and OTHER_GOVERNMENT_AREAS (the children pass between two
governments), on all but the held-out golds. tests/test_align_quality.py keeps each at least where it is.

Held out (heldout_*.json): made by a third reader, blind to fazhi's output, after the constants above were
chosen but OTHER_GOVERNMENT_*, which were chosen afterwards on the other golds only; to see whether the rules
generalise: two more next-year reports written by hand (dongkeng_2018r,
yingzai_2026r, with their section and item golds) and two more pairs of governments at item level. They are
measured, never tuned on: a rule is chosen on the other sources and then read against these. A second batch,
by a fourth reader, blind likewise (qingxi_2024 × jinghai_2024, yingzai_2025 × dongkeng_2017, at both levels), was
written before the regrouping of sections paired one level off (core/align.py `_pair_levels`) was chosen, on
the sources above but these; it left them unchanged.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cases import all_cases, score  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "gold"
NEXT_YEAR = ROOT / "tests" / "fixtures" / "nextyear"
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"^[((]?[一二三四五六七八九十\d]+[))、..]?(是)?", "", s.strip())
    return _PUNCT.sub("", s)


def same(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (long_.startswith(short) and len(short) >= 0.6 * len(long_) and len(short) >= 4)


def _report(name: str) -> Path:
    """A sample, or a hand-written next-year report (tests/fixtures/nextyear)."""
    sample = ROOT / "core" / "samples" / name
    return sample if sample.exists() else NEXT_YEAR / name


def _heading_pairs(a_name: str, b_name: str, align) -> list[tuple[str, str]]:
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    a, b = (parse(read(_report(n))) for n in (a_name, b_name))
    heads_a = {s.id: s.heading for s in a.walk()}
    heads_b = {s.id: s.heading for s in b.walk()}
    return [(heads_a[p.a], heads_b[p.b]) for p in align(a, b).pairs if p.a and p.b and heads_a[p.a] and heads_b[p.b]]


def items_gold(align, paths: list[Path]) -> tuple[int, int, int, int]:
    """(found, firm, correct, judged) on item-level golds."""
    found = firm_n = correct = judged = 0
    for path in paths:
        g = json.loads(path.read_text(encoding="utf-8"))
        tool = _heading_pairs(g["a"], g["b"], align)
        firm = [(x["a"], x["b"]) for x in g["pairs"] if x.get("confidence") == "firm"]
        lean = [(x["a"], x["b"]) for x in g["pairs"] if x.get("confidence") != "firm"]
        found += sum(any(same(t[0], a) and same(t[1], b) for t in tool) for a, b in firm)
        firm_n += len(firm)
        for ta, tb in tool:
            if any(same(ta, a) or same(tb, b) for a, b in lean):
                continue
            if any(same(ta, a) for a, _ in firm) or any(same(ta, a) for a in g.get("a_only", [])):
                judged += 1
                correct += any(same(ta, a) and same(tb, b) for a, b in firm)
    return found, firm_n, correct, judged


def topics_gold(align, paths: list[Path]) -> tuple[int, int, int, int]:
    """(found, pairs, correct, judged) on topic-level golds, as ../shared/tools/score.py align judges them."""
    found = total = correct = judged = 0
    for path in paths:
        g = json.loads(path.read_text(encoding="utf-8"))
        tool = _heading_pairs(g["a"], g["b"], align)
        for ga, gb in g["pairs"]:
            wants = [gb] if isinstance(gb, str) else gb
            total += 1
            found += any(same(x, ga) and any(same(y, w) for w in wants) for x, y in tool)
        known_a = [a for a, _ in g["pairs"]] + g.get("a_only", [])
        for x, y in tool:
            if any(same(x, k) for k in known_a):
                judged += 1
                correct += any(same(x, a) and any(same(y, w) for w in ([b] if isinstance(b, str) else b))
                               for a, b in g["pairs"])
    return found, total, correct, judged


def cases(align) -> tuple[int, int, int]:
    total = [0, 0, 0]
    for case in all_cases():
        pairs = [(p.a, p.b) for p in align(case.a, case.b).pairs if p.a and p.b]
        total = [x + y for x, y in zip(total, score(case, pairs))]
    return tuple(total)


def measure(align=None) -> dict[str, tuple[float, float]]:
    """{source: (precision, recall)}."""
    if align is None:
        from fazhi.core.align import Aligner

        def align(a, b):
            return Aligner(a, b).solve()
    f, n, c, j = items_gold(align, sorted(GOLD.glob("items_*.json")))
    of, on, oc, oj = items_gold(align, sorted(GOLD.glob("own_items_*.json")))
    tf, tn, tc, tj = topics_gold(align, sorted(GOLD.glob("align_*.json")))
    xf, xn, xc, xj = topics_gold(align, sorted(GOLD.glob("other_align_*.json")))
    yf, yn, yc, yj = items_gold(align, sorted(GOLD.glob("other_items_*.json")))
    nf, nn, nc, nj = topics_gold(align, sorted(GOLD.glob("nextyear_align_*.json")))
    mf, mn, mc, mj = items_gold(align, sorted(GOLD.glob("nextyear_items_*.json")))
    hf, hn, hc, hj = topics_gold(align, sorted(GOLD.glob("heldout_nextyear_align_*.json")))
    gf, gn, gc, gj = items_gold(align, sorted(GOLD.glob("heldout_nextyear_items_*.json")))
    kf, kn, kc, kj = items_gold(align, sorted(GOLD.glob("heldout_other_items_*.json")))
    lf, ln, lc, lj = topics_gold(align, sorted(GOLD.glob("heldout_other_align_*.json")))
    cc, cm, ce = cases(align)
    return {"items gold": (c / j if j else 0.0, f / n if n else 0.0),
            "own items golds": (oc / oj if oj else 0.0, of / on if on else 0.0),
            "topics gold": (tc / tj if tj else 0.0, tf / tn if tn else 0.0),
            "other topics": (xc / xj if xj else 0.0, xf / xn if xn else 0.0),
            "other items": (yc / yj if yj else 0.0, yf / yn if yn else 0.0),
            "next-year topics": (nc / nj if nj else 0.0, nf / nn if nn else 0.0),
            "next-year items": (mc / mj if mj else 0.0, mf / mn if mn else 0.0),
            "generated cases": (cc / cm if cm else 0.0, cc / ce if ce else 0.0),
            "held-out next-year topics": (hc / hj if hj else 0.0, hf / hn if hn else 0.0),
            "held-out next-year items": (gc / gj if gj else 0.0, gf / gn if gn else 0.0),
            "held-out other items": (kc / kj if kj else 0.0, kf / kn if kn else 0.0),
            "held-out other topics": (lc / lj if lj else 0.0, lf / ln if ln else 0.0)}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    for source, (p, r) in measure().items():
        print(f"{source:26} precision {p:.3f} recall {r:.3f} F1 {f1(p, r):.3f}")
