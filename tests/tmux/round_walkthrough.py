#!/usr/bin/env python3
"""A review round worked through in tmux as a person would, with the installed `fazhi` (160×45, Chinese):

1. a round of 12 report files generated from the samples (tests/fixtures/make_round.py) opened with `fazhi round`;
2. two pairs reviewed: filter by typing a town's name, Enter, score some areas of the later report (and a note),
   quit the workbench; back on the round screen, on the same row, with the status updated;
3. `g` pools the round: the ranking, Enter on a report, Enter on an area (each reviewer's level and note);
4. quit, then `fazhi aggregate ROUND --sessions-dir … --out round.csv`, read back with the csv module.

Every screen it waited for is printed; a step that does not show what it should stops the walk (exit status 1).

    python tests/tmux/round_walkthrough.py [--keep]     # --keep: leave the working folder (printed) in place
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fixtures.make_round import make_round  # noqa: E402

SESSION = f"rounds-walk-{os.getpid()}"
SOCKET = ["-L", SESSION]  # a tmux server of its own: the session gets this process's environment


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *SOCKET, *args], capture_output=True, text=True).stdout


def pane() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def keys(*names: str, text: str | None = None, pause: float = 0.4) -> None:
    """Press keys (tmux names: Enter, Escape, Tab, Down …), or type `text` literally."""
    if text is not None:
        tmux("send-keys", "-t", SESSION, "-l", text)
    for name in names:
        tmux("send-keys", "-t", SESSION, name)
        time.sleep(0.15)
    time.sleep(pause)


def wait_for(*needles: str, timeout: float = 60, step: str = "") -> str:
    """The screen once every needle is on it; the walk stops when they never appear."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        screen = pane()
        if all(n in screen for n in needles):
            show(step, screen, time.perf_counter() - start)
            return screen
        time.sleep(0.1)
    show(f"{step} — NOT SEEN: {needles}", pane(), timeout)
    raise SystemExit(1)


def show(step: str, screen: str, seconds: float) -> None:
    print(f"\n=== {step} ({seconds:.1f} s) " + "=" * max(0, 100 - len(step)))
    print("\n".join(line.rstrip() for line in screen.rstrip().splitlines()))


def line_with(screen: str, *words: str) -> str:
    return next((ln for ln in screen.splitlines() if all(w in ln for w in words)), "")


def review_pair(town: str, years: str, scores: list[str], note: str | None = None) -> None:
    """Filter to the town, open its pair, score the later report (B), maybe a note, quit back to the round."""
    keys(text=town)  # a Chinese character opens the filter
    keys("Enter")
    screen = wait_for(f"筛选“{town}”", step=f"filtered to {town}")
    rows = [ln for ln in screen.splitlines() if town in ln and ("→" in ln or "单独" in ln)]
    target = next(i for i, ln in enumerate(rows) if years in ln)
    keys(*["Down"] * target, "Enter")
    wait_for("已对齐", "评分 B", step=f"workbench on {town} {years}, scoring the later report (B)")
    for i, level in enumerate(scores):
        keys(level, *(["]"] if i < len(scores) - 1 else []))
    if note:
        keys("o")
        wait_for("评分备注", step="the score-note form")
        keys(text=note)
        keys("Enter", pause=0.8)
    wait_for(f"B {len(scores)}/10", step=f"{len(scores)} areas of B scored")
    keys("q")
    screen = wait_for("评审轮次", "已保存", step=f"back on the round screen after {town}")
    row = line_with(screen, town, years)
    if f"{len(scores)}/10 领域" not in row:
        print(f"SHORT: the row of {town} {years} does not show {len(scores)}/10: {row!r}")
        raise SystemExit(1)
    keys("Escape")  # the filter goes


def main() -> None:
    fazhi = shutil.which("fazhi")
    if not shutil.which("tmux") or not fazhi:
        sys.exit("needs tmux and an installed `fazhi` on PATH")
    work = Path(tempfile.mkdtemp(prefix="fazhi-round-walk-"))
    make_round(work / "round")
    files = [p for p in (work / "round").rglob("*") if p.is_file() and not p.name.startswith("~$")]
    print(f"working folder {work}: {len(files)} report files")
    env = f"FAZHI_CACHE_DIR={work / 'cache'}"
    command = (f"cd {work} && {env} {fazhi} round round --reviewer 王芳 --sessions-dir sessions; "
               f"echo FAZHI-EXITED $?; sleep 600")
    subprocess.run(["tmux", *SOCKET, "-u", "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "45", command],
                   check=True)
    try:
        wait_for("评审轮次", "章节对齐完成", step="the round screen, alignment summaries computed (cold cache)")
        keys("p")
        wait_for("重复报告", "缺少的年度", step="the problems tab")
        keys("p")
        review_pair("清溪", "2024→2025", ["3", "2", "4"], note="执法数据翔实")
        review_pair("静海", "2022→2024", ["2", "3"])
        keys("s")
        wait_for("排序:进度", step="sorted by status: what is under way first")
        keys("g")
        wait_for("多评审汇总", "排名", step="the aggregate view: the ranking")
        keys("Enter")
        wait_for("平均", "范围", step="a report's areas")
        keys("Enter")
        wait_for("王芳 ·", step="an area: each reviewer's level and note")
        keys("Escape", "Escape", "Escape")
        wait_for("评审轮次", step="back on the round screen")
        keys("q")
        wait_for("FAZHI-EXITED 0", step="quit: the summary line")
        out = work / "round.csv"
        done = subprocess.run([fazhi, "aggregate", str(work / "round"), "--sessions-dir", str(work / "sessions"),
                               "--out", str(out)], capture_output=True, text=True, env={**os.environ,
                                                                                         "FAZHI_CACHE_DIR": str(work / "cache")})
        print(f"\n=== fazhi aggregate round --out round.csv: exit {done.returncode} {done.stderr.strip()}")
        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
        for r in rows:
            print(f"  #{r['rank']} {r['report_name']} · {r['area_title']} mean {r['mean']} n {r['n_reviewers']} "
                  f"notes {r['notes'] or '—'} total {r['report_weighted_total']}")
        if done.returncode or len(rows) != 5 or not any(r["notes"] == "王芳=执法数据翔实" for r in rows):
            print("SHORT: the CSV is not the five scores with the note")
            raise SystemExit(1)
        print("\nOK: round walked through")
    finally:
        tmux("kill-server")
        if "--keep" not in sys.argv:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
