"""`fazhi align` on two samples vs the naive yardstick (../shared/tools/naive_align.py), warm token cache;
and a synthetic 400×400-section pair in-process"""
from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.common import SAMPLES, SHARED, best_of, fazhi_cmd, say


def run() -> None:
    a, b = SAMPLES / "qingxi_2024.txt", SAMPLES / "dongkeng_2017.txt"
    ours = fazhi_cmd() + ["align", str(a), str(b), "--json"]
    subprocess.run(ours, capture_output=True, check=True)  # warm the token cache
    t_ours = best_of(lambda: subprocess.run(ours, capture_output=True, check=True))
    say("## align")
    naive = SHARED / "tools" / "naive_align.py"
    if naive.exists():
        cmd = [sys.executable, str(naive), "align", str(a), str(b)]
        t_naive = best_of(lambda: subprocess.run(cmd, capture_output=True, check=True))
        say(f"- `fazhi align` two samples, warm cache: {t_ours:.3f} s wall (target ≤ 0.35 s); naive difflib matcher "
            f"{t_naive:.3f} s; ratio {t_ours / t_naive:.2f}× (target ≤ 2.5×)")
    else:
        say(f"- `fazhi align` two samples, warm cache: {t_ours:.3f} s wall (naive baseline not found at {naive})")
    from benchmarks.synthetic import report
    from fazhi.core.align import align_outlines
    from fazhi.core.outline import parse_text

    sa, sb = parse_text(report(400, 1), "a"), parse_text(report(400, 2, shuffle=0.3), "b")
    t0 = time.perf_counter()
    align_outlines(sa, sb)
    cold = time.perf_counter() - t0
    warm = best_of(lambda: align_outlines(sa, sb), 3)
    small_a, small_b = parse_text(report(40, 1), "a"), parse_text(report(40, 2, shuffle=0.3), "b")
    align_outlines(small_a, small_b)
    small = best_of(lambda: align_outlines(small_a, small_b), 3)
    n = len([s for s in sa.walk()])
    say(f"- synthetic {n}×{n} sections: {warm:.3f} s warm (target ≤ 2 s), {cold:.3f} s with jieba cold; "
        f"40×40 {small:.3f} s → ×{warm / small:.1f} for 10× the sections")
    say()
