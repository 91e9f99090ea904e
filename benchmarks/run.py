#!/usr/bin/env python3
"""fazhi benchmarks: every figure next to a baseline measured in the same run (these machines are noisy:
read the ratios). Not tests: nothing here fails a build.

    python benchmarks/run.py                 # all
    python benchmarks/run.py outline align   # some
    python benchmarks/run.py --write         # also update those sections of benchmarks/RESULTS.md

Each `benchmarks/bench_<name>.py` is one topic with a `run()` that prints its `## <name>` section through
`common.say`; its docstring says what it measures. `--write` replaces only the sections that ran, so a
topic can be re-measured without re-running the rest.
"""
from __future__ import annotations

import importlib
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def topics() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in RESULTS.parent.glob("bench_*.py"))


def sections(markdown: str) -> dict[str, str]:
    """`## name` → its text, in order; the part before the first section under ""."""
    out: dict[str, str] = {}
    name = ""
    for line in markdown.splitlines(keepends=True):
        m = re.match(r"## (\S+)", line)
        if m:
            name = m.group(1)
        out[name] = out.get(name, "") + line
    return out


def main() -> None:
    wanted = [a for a in sys.argv[1:] if not a.startswith("--")] or topics()
    unknown = [w for w in wanted if w not in topics()]
    if unknown:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(topics())}")
    machine = (f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}")
    common.say(f"# fazhi benchmarks — {machine}")
    common.say()
    fresh: dict[str, str] = {}
    for name in wanted:
        start = len(common.LINES)
        importlib.import_module(f"benchmarks.bench_{name}").run()
        body = "\n".join(common.LINES[start:]).rstrip("\n")
        fresh[name] = f"{body}\n_(measured {machine})_\n\n"
    if "--write" in sys.argv:
        old = sections(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        merged = {"": "# fazhi benchmarks\n\nEach section was measured in one run; its last line says when and where.\n\n"}
        for name, text in old.items():
            if name:
                merged[name] = fresh.pop(name, text)
        merged.update(fresh)
        RESULTS.write_text("".join(merged.values()), encoding="utf-8")


if __name__ == "__main__":
    main()
