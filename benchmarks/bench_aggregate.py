"""`aggregate` over 2,500 / 5,000 / 10,000 sessions vs a plain tomllib loop over the same files"""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchmarks.common import best_of, say


def _write_sessions(folder: Path, count: int) -> None:
    areas = ["party_leadership", "gov_functions", "rulemaking_normative_docs", "decision_making", "law_enforcement",
             "emergency_response", "dispute_resolution", "power_oversight", "digital_rule_of_law"]
    rng = random.Random(count)
    for i in range(count):
        lines = ['schema = "fazhi.session/1"', f'reviewer = "评审员{i % 40}"',
                 f'updated = "2026-01-{1 + i % 28:02d}T08:00:00+00:00"',
                 "[reports.a]", f'sha256 = "{i % 50:064x}"', 'government = "清溪镇"', "year = 2023",
                 "[reports.b]", f'sha256 = "{1000 + i % 50:064x}"', 'government = "清溪镇"', "year = 2024"]
        for side in ("a", "b"):
            for area in areas:
                lines += [f"[scores.{side}.{area}]", f"level = {rng.randint(0, 4)}",
                          f'note = "第{i}份评审的备注:该领域举措具体,数据翔实,但原因分析不足。"']
        (folder / f"s{i:05d}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run() -> None:
    import tomllib

    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    say("## aggregate")
    say("| sessions | aggregate | plain tomllib loop | ratio |")
    say("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (2500, 5000, 10000):
            folder = Path(tmp) / str(count)
            folder.mkdir()
            _write_sessions(folder, count)
            files = sorted(folder.glob("*.toml"))
            base = best_of(lambda: [tomllib.loads(f.read_text(encoding="utf-8")) for f in files], 1)
            t = best_of(lambda: aggregate_paths([str(folder)], rubric), 1)
            say(f"| {count} | {t:.2f} s | {base:.2f} s | {t / base:.2f}× |")
    say("(target: 10,000 sessions ≤ 3 s wall)")
    say()
