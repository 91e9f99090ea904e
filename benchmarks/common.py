"""What every benchmark shares: the output collector, a median timer, paths, the `fazhi` command."""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "core" / "samples"
SHARED = ROOT.parent / "shared"
LINES: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    LINES.append(line)


@contextmanager
def cache_in(folder: str | Path):
    """FAZHI_CACHE_DIR set to `folder` ("": caching off) for the block, then as it was."""
    kept = os.environ.get("FAZHI_CACHE_DIR")
    os.environ["FAZHI_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if kept is None:
            del os.environ["FAZHI_CACHE_DIR"]
        else:
            os.environ["FAZHI_CACHE_DIR"] = kept


def best_of(fn, repeat: int = 5) -> float:
    """Median wall time of `repeat` calls (the median, not the minimum: these machines are noisy)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def fazhi_cmd() -> list[str]:
    """`fazhi` as pip installed it beside this interpreter (the baselines' interpreter), else the one on PATH. Not
    a version manager's shim on PATH first: pyenv's is a shell script that costs ~5 ms per start, which no
    baseline pays and a virtualenv's `fazhi` does not have."""
    beside = Path(sys.executable).with_name("fazhi")
    exe = str(beside) if os.access(beside, os.X_OK) else shutil.which("fazhi")
    return [exe] if exe else [sys.executable, "-m", "fazhi.tui.cli"]
