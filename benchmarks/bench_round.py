"""`round`: a generated round of 500 reports (100 governments × 2021–2025, one government's reports ~2.5 MB each)
scanned and paired with a cold cache, then aligned, against reading and outlining the same files alone (same run);
reopening it warm, in-process and as `fazhi round DIR --json`; the round screen opened on it warm with 1,000
session files (in tmux, as a person sees it, against a bare Textual app's first paint); peak memory of this process
and of the workers"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import best_of, fazhi_cmd, say


class TreeMemory:
    """Peak resident memory of this process and all its descendants (the workers are the fork server's
    children, so getrusage cannot see them): sampled from /proc every 100 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(0.1):
            parent, rss = {}, {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        stat = Path(f"/proc/{entry}/stat").read_text()
                        rss[int(entry)] = int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * page
                    except (OSError, ValueError, IndexError):
                        continue
                    parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            mine, total = {os.getpid()}, 0
            for pid in sorted(rss):  # a child's pid is usually larger, but walk up to be sure
                p = pid
                while p in parent and p not in mine and p > 1:
                    p = parent[p]
                if p in mine:
                    mine.add(pid)
                    total += rss[pid]
            self.peak = max(self.peak, total)


def _timed(fn):
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


def _sessions(plan, folder: Path, reviewers=("王芳", "李明")) -> None:
    """A round under way: each reviewer's session on every review (contract-only files), 0–10 areas scored."""
    from fazhi.core.rubric import load_rubric

    areas = load_rubric().area_ids
    folder.mkdir()
    for i, review in enumerate(plan.reviews):
        for who in reviewers:
            lines = ['schema = "fazhi.session/1"', f'reviewer = "{who}"', "[reports.a]",
                     f'sha256 = "{(review.a or review.b).sha256}"', "[reports.b]", f'sha256 = "{review.b.sha256}"']
            for area in areas[:i % (len(areas) + 1)]:
                lines += [f"[scores.b.{area}]", f"level = {i % 5}"]
            (folder / f"{who}-{i}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _screen(folder: Path, plan, tmp: Path) -> None:
    """`fazhi round DIR` in tmux on the warm round: first paint, then the alignment summaries from the cache and the
    statuses read from the session files, each the median of 3 launches, beside a bare Textual app's first paint
    (bench_tui's terminal and floor app)."""
    import shlex
    import shutil

    from benchmarks.bench_tui import Bench, Terminal

    if not (shutil.which("tmux") and shutil.which("script")):
        say("- tmux or script not installed: the round screen's opening not measured")
        return
    sessions = tmp / "sessions"
    _sessions(plan, sessions)
    bench = Bench(tmp)
    cmd = (f"FAZHI_CACHE_DIR={shlex.quote(os.environ['FAZHI_CACHE_DIR'])} "
           + shlex.join([*fazhi_cmd(), "round", str(folder), "--reviewer", "王芳", "--sessions-dir", str(sessions)]))
    needles = ("评审轮次", "=≈", "已完成")  # the header; a pair's summary in the table; the statuses' tally
    runs: dict[str, list[float]] = {needle: [] for needle in needles}
    for _ in range(3):
        term = Terminal(cmd, bench.folder())
        for needle in needles:  # each from the launch
            seen = term.wait_for(needle)
            if seen:
                runs[needle].append(seen)
        term.close("q")
    bare = [t for t in (bench.launch(bench.floor, "FLOOR-READY")[0] for _ in range(3)) if t]
    first, aligned, statuses = (statistics.median(runs[k]) if runs[k] else None for k in needles)
    if first and aligned and statuses and bare:
        ready = max(aligned, statuses)
        say(f"- the round screen on it, warm, {len(list(sessions.iterdir()))} session files (tmux, median of 3): table "
            f"painted {first:.2f} s, alignment summaries {aligned:.2f} s, statuses {statuses:.2f} s: ready in "
            f"{ready:.2f} s (target ≤ 1 s); a bare Textual app's first paint {statistics.median(bare):.2f} s")
    else:
        say(f"- the round screen on it: not seen in tmux ({runs}, bare {bare})")


def run() -> None:
    from fazhi.core import round as rounds
    from fazhi.core.outline import parse_text
    from fazhi.core.report import read
    from tests.fixtures.make_round import make_large_round

    say("## round")
    saved = os.environ.get("FAZHI_CACHE_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "round"
        files = make_large_round(folder, governments=100, years=5, large=1)
        size = sum(f.stat().st_size for f in files)
        large = sorted(f.stat().st_size for f in files)[-5:]
        say(f"- {len(files)} reports, {size / 2**20:.1f} MB; the 5 largest {large[0] / 2**20:.1f}–"
            f"{large[-1] / 2**20:.1f} MB")
        # outlined every time: parse() would read the longest texts' outlines back from the cache
        t_base = best_of(lambda: [parse_text(read(f).text) and None for f in files], 3)
        say(f"- baseline, reading + outlining every file in one process: {t_base:.2f} s (median of 3)")
        try:
            for workers in (1, 2):
                runs = []
                for k in range(3):  # the median of three, each with an empty cache
                    os.environ["FAZHI_CACHE_DIR"] = str(Path(tmp) / f"cache{workers}-{k}")
                    plan, t = _timed(lambda: rounds.scan(folder, workers=workers))
                    runs.append(t)
                t_scan = statistics.median(runs)
                say(f"- cold scan + pairing, {workers} process{'es' if workers > 1 else ''}: {t_scan:.2f} s "
                    f"= {t_scan / t_base:.2f}× the baseline (target ≤ 2×); {len(plan.reviews)} reviews, "
                    f"{sum(r.kind == 'pair' for r in plan.reviews)} pairs, {len(plan.unreadable)} unreadable")
            scan_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            with TreeMemory() as memory:
                _, t_align = _timed(lambda: rounds.align_reviews(plan, workers=2))
            pairs = sum(r.kind == "pair" for r in plan.reviews)
            say(f"- cold alignment of the {pairs} pairs (cold cache; alignment loads no jieba), 2 processes: {t_align:.1f} s "
                f"({t_align / pairs * 1000:.0f} ms a pair); scan + pair + align {t_scan + t_align:.1f} s = "
                f"{(t_scan + t_align) / t_base:.1f}× the baseline (target ≤ 2×)")
            t_warm = best_of(lambda: rounds.scan(folder, align=True), 3)
            say(f"- warm reopen in-process, alignments included: {t_warm:.3f} s (target ≤ 1 s)")
            cmd = fazhi_cmd() + ["round", str(folder), "--json", "--align"]
            t_cli = best_of(lambda: subprocess.run(cmd, capture_output=True, check=True), 3)
            say(f"- warm `fazhi round DIR --json --align` as a command (Python start-up included): {t_cli:.3f} s")
            _screen(folder, plan, Path(tmp))
        finally:
            if saved is None:
                os.environ.pop("FAZHI_CACHE_DIR", None)
            else:
                os.environ["FAZHI_CACHE_DIR"] = saved
    say(f"- peak resident memory: this process through the baseline and the scans {scan_rss:.0f} MB; aligning, "
        f"this process and its workers together {memory.peak / 2**20:.0f} MB (target ≤ 500 MB)")
    say()
