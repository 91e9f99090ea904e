"""areas of a 25 KB report once tokens exist"""
from __future__ import annotations

from benchmarks.common import SAMPLES, best_of, say


def run() -> None:
    from fazhi.core.areas import map_areas
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.core.rubric import load_rubric
    from fazhi.core.tokens import doc_tokens

    rubric = load_rubric()
    outline = parse(read(SAMPLES / "dongkeng_2017.txt"))  # 25 KB
    doc_tokens(outline.text)
    t = best_of(lambda: map_areas(outline, rubric), 7)
    base = best_of(lambda: parse(read(SAMPLES / "dongkeng_2017.txt")), 7)
    say("## areas")
    say(f"- areas of a {len(outline.text.encode()) // 1000} KB report: {t * 1000:.1f} ms (target ≤ 50 ms); "
        f"reading+outlining the same report {base * 1000:.1f} ms (ratio {t / base:.1f}×)")
    say()
