"""`fazhi serve`: opening a tab → both reports' headings on the aligned screen, in headless Chromium, against
the terminal launch → A's heading in the compare view in tmux (bench_tui's measure; B's heading stands on the
same row of the same widget), in the same run. Target: the tab within 2× the terminal.

The browser figure is what a reviewer waits for with the server running and the browser open: the page and
textual.js load, the websocket opens, a new app process starts (the start-up the terminal pays too), and
xterm.js draws its first frames. Measured twice: with the test's flags, where headless Chromium runs WebGL in
software (SwiftShader) and xterm.js's WebGL renderer dominates on a machine without a GPU, and with
--disable-webgl, where xterm.js draws with its canvas renderer, as it does in a browser without WebGL.
"""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time

from benchmarks.bench_tui import _tmux_ready
from benchmarks.common import SAMPLES, fazhi_cmd, say
from fazhi.tui.cli import SAMPLE_PAIR
from fazhi.tui.i18n import Strings

RUNS = 5
#: About tmux's 160×45 cells (the terminal measure's size) at xterm.js's 16 px font.
VIEWPORT = {"width": 1445, "height": 820}


def _tab_times(served, extra_flags: tuple[str, ...], needles: list[str], work: str) -> tuple[list[float], str]:
    """Seconds from opening a tab to every needle on screen, RUNS times after one warm-up; the terminal size."""
    from tests.e2e.browser import chromium, open_workbench, terminal_size, wait_for_text

    times, size = [], ""
    with served("--reviewer", "bench", "--sessions-dir", work) as server, chromium(*extra_flags) as browser:
        for attempt in range(RUNS + 1):  # the first one warms the server and the browser's cache
            start = time.perf_counter()
            page = open_workbench(browser, server.url, VIEWPORT)
            wait_for_text(page, *needles, poll=0.01)
            if attempt:
                times.append(time.perf_counter() - start)
            size = "×".join(map(str, terminal_size(page)))
            page.close()
            server.wait_for(lambda: not server.apps(), 15, "the tab's app to end")
    return times, size


def run() -> None:
    say("## serve")
    from tests.e2e.browser import first_heading, missing
    from tests.e2e.served import served

    problem = missing() or (None if shutil.which("tmux") else "tmux not installed")
    if problem:
        say(f"- not measured: {problem}")
        say()
        return
    headings = [first_heading(SAMPLES / name)[1] for name in SAMPLE_PAIR]
    needles = [Strings("zh")("aligned"), *headings]
    work = tempfile.mkdtemp()
    demo = " ".join(fazhi_cmd()) + " demo --reviewer bench --sessions-dir " + work
    _tmux_ready(demo, headings[0])  # warm caches
    terminal = [x for x in (_tmux_ready(demo, headings[0]) for _ in range(RUNS)) if x]
    webgl, size = _tab_times(served, (), needles, work)
    canvas, _ = _tab_times(served, ("--disable-webgl",), needles, work)
    terminal += [x for x in (_tmux_ready(demo, headings[0]) for _ in range(RUNS)) if x]  # before and after
    if not terminal:
        say("- tmux never showed the first screen: not measured")
        say()
        return
    term = statistics.median(terminal)
    say(f"- terminal launch → both headings on the aligned screen (tmux 160×45): median {term:.2f} s "
        f"({len(terminal)} runs, half before and half after the browser's)")
    for label, times in (("WebGL in software, the test's flags", webgl), ("--disable-webgl: canvas renderer", canvas)):
        tab = statistics.median(times)
        say(f"- open a tab → the same screen (Chromium {size} cells, {label}): median {tab:.2f} s over {RUNS}; "
            f"ratio {tab / term:.2f}× the terminal (target ≤ 2×)")
    say()
