"""`fazhi aggregate` against a plain tomllib loop over the same files, measured the same way in the same run:
one session as a command (start-up is what a person waits for), and 10,000 / 100,000 sessions as commands with
their peak memory (every process of the command: the pool's workers included).

Commands run as a user runs them: with Python's bytecode cache (PYTHONDONTWRITEBYTECODE is dropped for the
subprocesses, as in bench_align, else every run would compile the project's modules from source), after one
untimed run of each that writes it."""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import best_of, fazhi_cmd, say

AREAS = ["party_leadership", "gov_functions", "rulemaking_normative_docs", "decision_making", "law_enforcement",
         "emergency_response", "dispute_resolution", "power_oversight", "digital_rule_of_law"]
#: The floor: read and parse every file, nothing else (what any aggregator must do at least).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LOOP = """import sys, tomllib, pathlib
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.toml")):
    tomllib.loads(p.read_text(encoding="utf-8"))
"""


def write_sessions(folder: Path, count: int) -> None:
    rng = random.Random(count)
    for i in range(count):
        # each begun at its own time, as the workbench writes sessions (`created`: what tells copies of one apart)
        lines = ['schema = "fazhi.session/1"', f'reviewer = "评审员{i % 40}"',
                 f'created = 2025-{1 + i // 86400 % 12:02d}-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}+00:00',
                 f'updated = 2026-01-{1 + i % 28:02d}T08:00:00+00:00',
                 "[reports.a]", f'sha256 = "{i % 50:064x}"', 'government = "清溪镇"', "year = 2023",
                 "[reports.b]", f'sha256 = "{1000 + i % 50:064x}"', 'government = "清溪镇"', "year = 2024"]
        for side in ("a", "b"):
            for area in AREAS:
                lines += [f"[scores.{side}.{area}]", f"level = {rng.randint(0, 4)}",
                          f'note = "第{i}份评审的备注:该领域举措具体,数据翔实,但原因分析不足。"']
        (folder / f"s{i:06d}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run() -> None:
    say("## aggregate")
    say("| sessions | `fazhi aggregate --format csv` | plain tomllib loop | ratio |")
    say("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        loop = Path(tmp) / "loop.py"
        loop.write_text(LOOP, encoding="utf-8")
        for count, repeat in ((1, 21), (10_000, 1), (100_000, 1)):
            folder = Path(tmp) / str(count)
            folder.mkdir()
            write_sessions(folder, count)
            ours_cmd = fazhi_cmd() + ["aggregate", str(folder), "--format", "csv"]
            base_cmd = [sys.executable, str(loop), str(folder)]
            if count == 1:  # the untimed runs that write the bytecode cache
                _run(ours_cmd), _run(base_cmd)
            ours = best_of(lambda: _run(ours_cmd), repeat)
            base = best_of(lambda: _run(base_cmd), repeat)
            say(f"| {count:,} | {ours:.2f} s | {base:.2f} s | {ours / base:.2f}× |")
        peak = peak_rss(fazhi_cmd() + ["aggregate", str(Path(tmp) / "100000"), "--format", "csv"])
        say(f"\n- peak memory of `fazhi aggregate` over 100,000 sessions (parent and pool workers, PSS summed): "
            f"{peak:.0f} MB (target ≤ 200 MB)")
    say("(targets: 1 session ≤ 2× the loop; 100,000 sessions ≤ 1× the loop — parsing runs in a process pool and each "
        "worker returns only the latest score per reviewer × report × area)")
    say()


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=ENV)


SAMPLER = """import subprocess, sys, time
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
def tree(pid):
    try:
        kids = open(f"/proc/{pid}/task/{pid}/children").read().split()
    except OSError:
        return [pid]
    return [pid] + [k for c in kids for k in tree(int(c))]
while proc.poll() is None:
    total = 0
    for pid in tree(proc.pid):
        try:
            total += next(int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup") if l.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    peak = max(peak, total)
    time.sleep(0.05)
print(peak / 1024)
"""


def peak_rss(cmd: list[str]) -> float:
    """The highest sum of proportional set sizes (PSS: a page shared by the pool's forked workers counts once in
    all) over a command's process tree, sampled every 50 ms."""
    out = subprocess.run([sys.executable, "-c", SAMPLER, *cmd], capture_output=True, text=True, check=True, env=ENV)
    return float(out.stdout.strip())
