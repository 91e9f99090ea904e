"""`fazhi align` against the naive yardstick (../shared/tools/naive_align.py) on two sample pairs; the synthetic
growth series 100 → 5,000 sections (time, peak memory, fitted exponent); 400×400; a re-solve after a pin;
pathological inputs (among them the shapes fuzzing found slow: a 5 MB line without punctuation, thousands of
identical headings, a sentence full of context-rule terms, more sections than alignment takes); cold and warm
token cache; a round of 500 reports against reading + outlining them.

Commands run as a user runs them: with Python's bytecode cache (PYTHONDONTWRITEBYTECODE is dropped for the
subprocesses, else every run would compile every module of the project from source)."""
from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, SAMPLES, SHARED, best_of, fazhi_cmd, say

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
GROWTH = (100, 200, 400, 1000, 2000, 5000)


def run() -> None:
    say("## align")
    _cli_against_naive()
    _growth()
    _resolve()
    _pathological()
    _cold_and_round()
    say()


def _child(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter (its own peak memory); it prints one JSON object."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env=ENV, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command."""
    code = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
            "print(json.dumps([time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    wall, rss = _child(code, *cmd)
    return wall, rss


def _cli_against_naive() -> None:
    """Both ways a warm `fazhi align --json` runs: printed again from the output cache (the same files, options and
    code: core.output_cache), and computed with the outlines cached (the stored output removed before each run);
    alternated with the yardstick, the median of 9 of each."""
    naive = SHARED / "tools" / "naive_align.py"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**ENV, "FAZHI_CACHE_DIR": tmp}
        stored = Path(tmp, "align-json")

        def computed(cmd):
            shutil.rmtree(stored, ignore_errors=True)
            subprocess.run(cmd, capture_output=True, check=True, env=env)

        for a, b in (("qingxi_2024", "dongkeng_2017"), ("jinghai_2024", "qingcheng_2024")):
            pa, pb = str(SAMPLES / f"{a}.txt"), str(SAMPLES / f"{b}.txt")
            ours = fazhi_cmd() + ["align", pa, pb, "--json"]
            runs = {"again": lambda: subprocess.run(ours, capture_output=True, check=True, env=env),
                    "computed": lambda: computed(ours)}
            if naive.exists():
                yardstick = [sys.executable, str(naive), "align", pa, pb]
                runs["naive"] = lambda: subprocess.run(yardstick, capture_output=True, check=True, env=ENV)
            t = _alternated(runs, 9)
            line = (f"- `fazhi align {a} {b} --json`, warm: printed again from the output cache {t['again'] * 1000:.0f} ms, "
                    f"computed (outlines cached) {t['computed'] * 1000:.0f} ms")
            if "naive" in t:
                line += (f"; naive yardstick {t['naive'] * 1000:.0f} ms; ratio {t['again'] / t['naive']:.2f}× printed "
                         f"again, {t['computed'] / t['naive']:.2f}× computed (target ≤ 1.5×)")
            say(line)
    bare = [sys.executable, "-c", "import fazhi.tui.cli"]
    say(f"  - for scale: `python -c 'import fazhi.tui.cli'` alone {best_of(lambda: subprocess.run(bare, env=ENV), 9) * 1000:.0f} ms, "
        f"`python -c pass` {best_of(lambda: subprocess.run([sys.executable, '-c', 'pass'], env=ENV), 9) * 1000:.0f} ms")


def _alternated(runs: dict, repeat: int) -> dict[str, float]:
    """The median wall time of each of `runs`, run in turn (noise falls on all alike), after one warm-up run each."""
    import statistics
    import time

    times: dict[str, list[float]] = {name: [] for name in runs}
    for k in range(repeat + 1):
        for name, fn in runs.items():
            t = time.perf_counter()
            fn()
            if k:
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(values) for name, values in times.items()}


_GROWTH_CODE = """
import json, sys, time
from benchmarks.synthetic import report
from fazhi.core.align import align_outlines
from fazhi.core.outline import parse_text
n = int(sys.argv[1])
a, b = parse_text(report(n, 1), "a"), parse_text(report(n, 2, shuffle=0.3), "b")
t = time.perf_counter()
al = align_outlines(a, b)
took = time.perf_counter() - t
units = sum(1 for _ in a.walk())
right = sum(1 for p in al.pairs if p.a and p.a == p.b)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (this benchmark, large after bench_outline)
peak = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")))
print(json.dumps({"units": units, "seconds": took, "rss": peak / 1024, "right": right}))
"""


def _growth() -> None:
    say("- synthetic growth (two versions of one report, 30% of sentences replaced; alignment in-process, "
        "a fresh interpreter per size):")
    say("  | sections | align | peak RSS | same-id pairs | `fazhi align --json` end to end |")
    say("  |---|---|---|---|---|")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in GROWTH:
            r = _child(_GROWTH_CODE, str(n))
            from benchmarks.synthetic import report

            pa, pb = Path(tmp, f"a{n}.txt"), Path(tmp, f"b{n}.txt")
            pa.write_text(report(n, 1), encoding="utf-8")
            pb.write_text(report(n, 2, shuffle=0.3), encoding="utf-8")
            wall, rss = _timed(fazhi_cmd() + ["align", str(pa), str(pb), "--json"])
            rows.append((r["units"], r["seconds"]))
            say(f"  | {r['units']} | {r['seconds']:.2f} s | {r['rss']:.0f} MB | {r['right']}/{r['units']} | "
                f"{wall:.2f} s, {rss:.0f} MB |")
    xs, ys = [math.log(u) for u, _ in rows], [math.log(s) for _, s in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    say(f"  - fitted exponent of the alignment time over {rows[0][0]} → {rows[-1][0]} sections: {slope:.2f} "
        f"(target ≤ 1.3; 5,000 sections ≤ 5 s and ≤ 300 MB end to end)")
    four = next(s for u, s in rows if 300 <= u <= 500)
    say(f"  - 400×400: {four:.2f} s (target ≤ 2 s)")


def _resolve() -> None:
    from fazhi.core.align import Aligner, align_outlines
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    for a_name, b_name, pin in (("qingxi_2024", "dongkeng_2017", ("1.5", "1.6")),
                                ("jinghai_2024", "yingzai_2025", ("1.2.4", "6"))):
        a, b = parse(read(SAMPLES / f"{a_name}.txt")), parse(read(SAMPLES / f"{b_name}.txt"))
        first = best_of(lambda: Aligner(a, b).solve(), 5)
        align_outlines(a, b)
        again = best_of(lambda: align_outlines(a, b, pins=[pin], forbidden=[("1.1", "1.1")]), 9)
        say(f"- re-solve after a pin and a split, {a_name} × {b_name}: {again * 1000:.1f} ms "
            f"(target ≤ 100 ms); a first alignment {first * 1000:.0f} ms")


def _pathological() -> None:
    from benchmarks.synthetic import sentences
    from fazhi.core.hanzi import int_to_cn
    from fazhi.core.outline import parse_text

    pool = sentences()
    say("- pathological inputs: `fazhi align --json` of two versions, beside `fazhi outline --json` of both (reading "
        "and outlining, which alignment does first) as the baseline; target ≤ 10 s and ≤ 1 GB each:")
    say("  | input | size each | sections | align | peak RSS | outline ×2 | ratio |")
    say("  |---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in PATHOLOGICAL:
            paths = []
            for seed in (0, 1):
                path = Path(tmp, f"{make.__name__}{seed}.txt")
                path.write_text(make(random.Random(seed), pool, int_to_cn), encoding="utf-8")
                paths.append(str(path))
            sections = len(parse_text(Path(paths[0]).read_text(encoding="utf-8")).walk())
            wall, rss = _timed(fazhi_cmd() + ["align", *paths, "--json"])
            base = sum(_timed(fazhi_cmd() + ["outline", p, "--json"])[0] for p in paths)
            size = sum(os.path.getsize(p) for p in paths) / 2 / 1e6
            say(f"  | {name} | {size:.1f} MB | {sections} | {wall:.2f} s | {rss:.0f} MB | {base:.2f} s | "
                f"{wall / base:.1f}× |")


def _headings(rng, pool, cn) -> str:
    lines = ["某镇报告"]
    for part in range(1, 100):
        lines.append(f"{cn(part)}、{rng.choice(pool)[:14]}")
        lines += [f"({cn(k)}){rng.choice(pool)[:14]}" for k in range(1, 100)]
    return "\n".join(lines) + "\n"


def _long_line(rng, pool, cn) -> str:
    line = "".join(rng.choice(pool) for _ in range(70_000))[:1_750_000]  # ≈ 5 MB of UTF-8
    return f"某镇2024年法治政府建设年度报告\n一、工作情况\n{line}\n二、存在问题\n问题。\n"


def _items(rng, pool, cn) -> str:
    body = "".join(f"{cn(k % 99 + 1)}是{rng.choice(pool)[:12]}。{rng.choice(pool)}" for k in range(2000))
    return f"某镇报告\n一、工作情况\n(一)各项工作。{body}\n"


def _no_punctuation(rng, pool, cn) -> str:
    """The characters of the samples' sentences, punctuation and figures left out: one 5 MB sentence."""
    words = [re.sub(r"[^\u4e00-\u9fff]", "", s) for s in pool]
    line = "".join(rng.choice(words) for _ in range(80_000))[:1_700_000]
    return f"某镇2024年法治政府建设年度报告\n一、工作情况\n{line}\n二、存在问题\n问题。\n"


def _same_headings(rng, pool, cn) -> str:
    """10,000 sections under the same heading (a repeated number still counts), a sentence each."""
    return "某镇报告\n" + "".join(f"一、工作情况\n{rng.choice(pool)}\n" for _ in range(10_000))


def _rule_terms(rng, pool, cn) -> str:
    """One sentence of 1 MB in which the rubric's context-rule terms come back every few characters."""
    from fazhi.core.rubric import load_rubric

    terms = sorted({r.term for r in load_rubric().rules})
    line = "".join(rng.choice(terms) + rng.choice(pool)[:6].rstrip("。") for _ in range(40_000))
    return f"某镇报告\n一、工作情况\n{re.sub(r'[。!?;！？；]', ',', line)}\n"


def _many_items(rng, pool, cn) -> str:
    """60,000 一是 items in one paragraph: past the 10,000 sections alignment takes (core.align.MAX_UNITS)."""
    from fazhi.core.metadata import is_debris

    words = [s[:10] for s in pool if not is_debris(s) and re.match(r"[\u4e00-\u9fff]", s)]  # a footer line ends a body
    return "某镇报告\n一、工作情况\n" + "".join(f"{cn(k % 99 + 1)}是{rng.choice(words)}。" for k in range(60_000)) + "\n"


PATHOLOGICAL = (("10,000 headings in a row", _headings), ("a 5 MB line", _long_line),
                ("2,000 numbered items", _items), ("a 5 MB line without punctuation", _no_punctuation),
                ("10,000 identical headings", _same_headings), ("a 1 MB sentence of context-rule terms", _rule_terms),
                ("60,000 一是 items (past the sections aligned)", _many_items))


_ROUND_CODE = """
import json, os, sys, time
from pathlib import Path
folder = Path(sys.argv[1]); align = sys.argv[2] == "align"
t = time.perf_counter()
from fazhi.core.outline import parse
from fazhi.core.report import read
outlines = [parse(read(p)) for p in sorted(folder.glob("*.txt"))]
if align:
    from fazhi.core.align import align_outlines
    for a, b in zip(outlines[::2], outlines[1::2]):
        align_outlines(a, b)
print(json.dumps(time.perf_counter() - t))
"""


def _cold_and_round() -> None:
    pa, pb = str(SAMPLES / "qingxi_2024.txt"), str(SAMPLES / "dongkeng_2017.txt")
    with tempfile.TemporaryDirectory() as tmp:
        def cold():
            env = {**ENV, "FAZHI_CACHE_DIR": tempfile.mkdtemp(dir=tmp)}
            subprocess.run(fazhi_cmd() + ["align", pa, pb, "--json"], capture_output=True, check=True, env=env)

        warm_env = {**ENV, "FAZHI_CACHE_DIR": str(Path(tmp, "warm"))}

        def warm():  # the outlines cached, the output computed (not printed again from the output cache)
            shutil.rmtree(Path(tmp, "warm", "align-json"), ignore_errors=True)
            subprocess.run(fazhi_cmd() + ["align", pa, pb, "--json"], capture_output=True, check=True, env=warm_env)

        warm()
        say(f"- cache cold vs warm (`fazhi align` needs no word tokens; warm: outlines cached, output computed): cold "
            f"{best_of(cold, 7) * 1000:.0f} ms, warm {best_of(warm, 7) * 1000:.0f} ms")
        # A round: 500 reports (the five samples, each in 100 versions that differ in a sentence), 250 pairs.
        folder = Path(tmp, "round")
        folder.mkdir()
        texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
        for k in range(500):
            text = texts[k // 100]
            folder.joinpath(f"r{k:03d}.txt").write_text(text.replace("。", f"。本年度第{k}号说明。", 1), encoding="utf-8")
        env = {**ENV, "FAZHI_CACHE_DIR": str(Path(tmp, "cold-round"))}
        outline_only = _median(lambda: float(subprocess.run([sys.executable, "-c", _ROUND_CODE, str(folder), "outline"],
                                                            capture_output=True, text=True, check=True, env=env,
                                                            cwd=ROOT).stdout))
        with_align = _median(lambda: float(subprocess.run([sys.executable, "-c", _ROUND_CODE, str(folder), "align"],
                                                          capture_output=True, text=True, check=True, env=env,
                                                          cwd=ROOT).stdout))
        say(f"- a round of 500 reports, cold token cache: read + outline {outline_only:.2f} s; read + outline + align "
            f"250 pairs {with_align:.2f} s; ratio {with_align / outline_only:.1f}× (target ≤ 2×)")


def _median(fn, repeat: int = 3) -> float:
    values = sorted(fn() for _ in range(repeat))
    return values[len(values) // 2]
