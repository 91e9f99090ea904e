"""areas of a 25 KB report once tokens exist, and every keyword hit of it per area (the workbench's evidence)"""
from __future__ import annotations

from benchmarks.common import SAMPLES, best_of, say


def run() -> None:
    from fazhi.core.areas import keyword_hits_by_area, map_areas
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    outline = parse(read(SAMPLES / "dongkeng_2017.txt"))  # 25 KB
    map_areas(outline, rubric)
    t = best_of(lambda: map_areas(outline, rubric), 7)
    hits = best_of(lambda: keyword_hits_by_area(outline, rubric), 7)
    base = best_of(lambda: parse(read(SAMPLES / "dongkeng_2017.txt")), 7)
    count = sum(len(v) for v in keyword_hits_by_area(outline, rubric).values())
    say("## areas")
    say(f"- areas of a {len(outline.text.encode()) // 1000} KB report: {t * 1000:.1f} ms (target ≤ 50 ms); "
        f"reading+outlining the same report {base * 1000:.1f} ms (ratio {t / base:.1f}×)")
    say(f"- every keyword hit of it per area ({count} hits, offsets and sections): {hits * 1000:.1f} ms "
        f"(ratio {hits / base:.1f}× reading+outlining)")
    say()
