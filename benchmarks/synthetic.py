"""Synthetic reports for benchmarks: any number of sections, built from the samples' real sentences.

Ten parts (一、…十、); under each, topics ((一)…); above 500 sections each topic also has nine numbered
sub-topics (1.…9.), so no level needs more than 99 numbers. Two reports made with the same `sections`
share their headings and sentences (the same topics, next year); `shuffle` replaces that share of the
sentences, so the later report is a reworded version of the earlier one.
"""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

from fazhi.core.hanzi import int_to_cn

SAMPLES = Path(__file__).resolve().parent.parent / "core" / "samples"
SUBTOPICS = 9


def sentences() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    return [s + "。" for s in re.split(r"[。\n]", text) if 15 <= len(s) <= 120 and not re.match(r"^[((一二三四五六七八九十\d]", s)]


def report(sections: int, seed: int, body_sentences: int = 3, shuffle: float = 0.0) -> str:
    """A report of about `sections` sections (see the module docstring)."""
    rng = random.Random(seed)
    pool = sentences()
    rng_base = random.Random(0)  # the same topics in both versions

    def body() -> str:
        base = [rng_base.choice(pool) for _ in range(body_sentences)]
        return "".join(rng.choice(pool) if rng.random() < shuffle else s for s in base)

    nested = sections > 500
    topics = max(1, math.ceil(sections / (10 * (SUBTOPICS + 1)))) if nested else max(1, sections // 10)
    lines = ["某镇2024年法治政府建设年度报告"]
    for part in range(1, 11):
        lines.append(f"{int_to_cn(part)}、第{part}部分工作情况")
        for k in range(1, topics + 1):
            lines.append(f"({int_to_cn(k)}){rng_base.choice(pool)[:18]}。" + body())
            for sub in range(1, SUBTOPICS + 1 if nested else 1):
                lines.append(f"{sub}.{rng_base.choice(pool)[:16]}。" + body())
    return "\n".join(lines) + "\n"
