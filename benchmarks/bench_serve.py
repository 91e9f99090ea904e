"""`fazhi serve`: opening a tab → the aligned screen with both reports' first headings, in headless Chromium, beside
launching `fazhi review` → the same screen in a terminal (bench_tui's Terminal: tmux 160×45), in the same run and
interleaved, so both meet the same load. Target: the tab within 2× the terminal.

The tab's figure is what a reviewer waits for with the server running and the browser open: a new tab loads the
page and textual.js and opens the websocket; the server hands the connection the app process it started ahead of
it (tui/spare.py: Python, Textual and fazhi loaded, which the terminal launch pays for); the app reads the
reports and draws, and xterm.js draws its frames. Every tab and every terminal launch is a new reviewer, so both
open a new session. Before each tab the benchmark waits for the server's spare to be ready (it starts
spare.REFILL_DELAY seconds after a tab took the last one), as it is when tabs open minutes apart.

Three ways, the page sized to 160×45 cells like the terminal: a browser without WebGL (--disable-webgl: xterm.js
draws with its DOM renderer), with the browser's cache kept between tabs as a browser keeps it; the same with an
empty cache for every tab (a first visit: textual.js fetched and compiled again); and the test's flags, where
Chromium draws WebGL in software (SwiftShader; the page then refuses WebGL to xterm.js, tui/page.py,
so this one measures that too). For the first, where the time goes, from the page's own clock
(Performance API, medians): page loaded (its load event), websocket open, first frame of the app received,
whole screen on the terminal. The first tab of each browser (not counted) warms the server and the cache.

Resolution: the tab's screen is checked in the page each time xterm.js has parsed output (no polling from here,
which took a processor's share from the app and the page on a 2-core machine: ~0.25 s more per tab); the
terminal's is bench_tui's (`tmux capture-pane` every 10 ms, ~15 ms).
"""
from __future__ import annotations

import itertools
import json
import math
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_tui import SIZE, Bench
from benchmarks.common import SAMPLES, say
from fazhi.tui.cli import SAMPLE_PAIR
from fazhi.tui.i18n import Strings

RUNS = 5
#: The characters of each report's first heading looked for on the screen (the rest may wrap onto another row).
HEADING_SHOWN = 8
FIRST_GUESS = {"width": 1445, "height": 820}  # the viewport tried first, then corrected to SIZE cells
#: The page's clock (ms since the tab's navigation began) at each step; `screen`: the first time xterm.js has
#: parsed output after which every needle is in its buffer (checked in the page on each parse, not polled);
#: `drawn`: xterm.js's next render after that, which puts those rows on the page.
STEPS = """
window.__steps = {};
const OpenSocket = window.WebSocket, readText = READ_TEXT;
let terminal;
Object.defineProperty(window, '__fazhiTerminal', {configurable: true, get: () => terminal, set(value) {
  terminal = value;
  window.__steps.terminal = performance.now();
  const parsed = terminal.onWriteParsed(() => {
    const text = readText();
    if (NEEDLES.every(needle => text.includes(needle))) {
      window.__steps.screen = performance.now();
      parsed.dispose();
    }
  });
  const drawn = terminal.onRender(() => {  // rows drawn (into the page) after the screen was parsed
    if (window.__steps.screen) {
      window.__steps.drawn = performance.now();
      drawn.dispose();
    }
  });
}});
window.WebSocket = function (url, protocols) {
  const socket = new OpenSocket(url, protocols);
  socket.addEventListener('open', () => window.__steps.websocket ??= performance.now());
  socket.addEventListener('message', event => {
    if (typeof event.data !== 'string' && event.data.byteLength > 1000 && !window.__steps.frame)
      window.__steps.frame = performance.now();
  });
  return socket;
};
window.WebSocket.prototype = OpenSocket.prototype;
window.addEventListener('load', () => window.__steps.load = performance.now());
"""


def _viewport(browser, url: str, needles: list[str]) -> dict[str, int]:
    """The viewport whose terminal is SIZE cells: one tab at FIRST_GUESS, corrected by its cell size."""
    from tests.e2e.browser import open_workbench, terminal_size, wait_for_text

    page = open_workbench(browser, url, FIRST_GUESS)
    wait_for_text(page, *needles)
    cols, rows = terminal_size(page)
    box = page.locator(".xterm-screen").bounding_box()
    page.close()
    width, height = box["width"] / cols, box["height"] / rows
    return {"width": FIRST_GUESS["width"] + math.ceil((SIZE[0] - cols) * width) + 1,
            "height": FIRST_GUESS["height"] + math.ceil((SIZE[1] - rows) * height) + 1}


def _tab(target, server, url: str, needles: list[str], viewport: dict[str, int]) -> tuple[dict, tuple, bool]:
    """One tab opened once the server's spare is ready: the page's steps in seconds from opening it (`screen`:
    every needle on the screen), the terminal's size, and whether the size the page opened its websocket with
    (tui/page.py) was that size; the tab is closed and its app has ended on return."""
    from tests.e2e.browser import READ_TEXT, open_workbench, terminal_size, wait_for_text

    server.wait_for(lambda: server.spare() is not None, 30, "the server's spare")
    start = time.time()
    page = open_workbench(target, url, viewport,
                          STEPS.replace("READ_TEXT", READ_TEXT).replace("NEEDLES", json.dumps(needles)))
    page.wait_for_function("() => window.__steps.drawn", polling=50, timeout=30_000)
    clock = page.evaluate("() => [performance.timeOrigin, window.__steps]")
    early = page.evaluate("() => window.__fazhiEarlySize")
    steps = {name: clock[0] / 1000 + ms / 1000 - start for name, ms in clock[1].items()}
    wait_for_text(page, *needles)  # the same screen, read as the tests read it
    size = terminal_size(page)
    page.close()
    server.wait_for(lambda: not server.apps(), 15, "the tab's app to end")
    return steps, size, early == list(size)


def run() -> None:
    say("## serve")
    from tests.e2e.browser import chromium, first_heading, missing
    from tests.e2e.served import served

    problem = missing() or next((f"{tool} not installed" for tool in ("tmux", "script") if not shutil.which(tool)),
                                None)
    if problem:
        say(f"- not measured: {problem}")
        say()
        return
    a, b = (SAMPLES / name for name in SAMPLE_PAIR)
    # each heading's first words: at 160 columns a heading may wrap in its column (the B side's "一、2024年度…及成" / "效")
    needles = [Strings("zh")("aligned"), first_heading(a)[1][:HEADING_SHOWN], first_heading(b)[1][:HEADING_SHOWN]]
    on_screen = lambda screen: all(needle in screen for needle in needles)  # noqa: E731
    root = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    bench = Bench(root)
    modes = (("no WebGL (--disable-webgl), the browser's cache kept", ("--disable-webgl",), True),
             ("no WebGL, empty cache every tab (a first visit)", ("--disable-webgl",), False),
             ("the test's flags: WebGL in software, refused by the page", (), True))
    terminal, tabs, steps, sizes, reviewers, guessed = [], {}, [], set(), itertools.count(), []
    try:
        with bench.cached(), served("--sessions-dir", str(root / "sessions")) as server:
            bench.launch(bench.fazhi(a, b), on_screen)  # warms the token cache, as the server's first tab does
            for label, flags, keep_cache in modes:
                with chromium(*flags) as browser:
                    viewport = _viewport(browser, server.url, needles)
                    target = browser.new_context(viewport=viewport) if keep_cache else browser
                    tabs[label] = []
                    for attempt in range(RUNS + 1):
                        url = f"{server.url}?reviewer=bench-{next(reviewers)}"  # a new session, as in the terminal
                        page_steps, size, guessed_size = _tab(target, server, url, needles, viewport)
                        if not attempt:
                            continue
                        tabs[label].append((page_steps["screen"], page_steps["drawn"]))
                        sizes.add(size)
                        guessed.append(guessed_size)
                        if label == modes[0][0]:
                            steps.append(page_steps)
                        terminal.append(bench.launch(bench.fazhi(a, b), on_screen)[0])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    terminal = [x for x in terminal if x]
    if not terminal:
        say("- the terminal never showed the screen: not measured")
        say()
        return
    term = statistics.median(terminal)
    say(f"- terminal launch → aligned screen with both headings (tmux {SIZE[0]}×{SIZE[1]}): median {term:.2f} s "
        f"({len(terminal)} runs, one after each tab)")
    cells = ", ".join(f"{c}×{r}" for c, r in sorted(sizes))
    for label, times in tabs.items():
        tab, drawn = (statistics.median(t[i] for t in times) for i in (0, 1))
        say(f"- open a tab → the same screen (Chromium, {cells} cells, {label}): median {tab:.2f} s over {RUNS}; "
            f"ratio {tab / term:.2f}× the terminal (target ≤ 2×); drawn on the page {drawn:.2f} s "
            f"({drawn / term:.2f}×)")
    middle = {name: statistics.median(s[name] for s in steps if name in s) for name in steps[0]}
    say(f"- where a tab's time goes (the first way, medians, s from opening the tab): websocket open "
        f"{middle['websocket']:.2f}, first frame received {middle['frame']:.2f}, terminal made (textual.js run) "
        f"{middle['terminal']:.2f}, page loaded {middle['load']:.2f}, screen complete {middle['screen']:.2f}, "
        f"drawn {middle['drawn']:.2f}; the page opened its websocket at the terminal's size in "
        f"{sum(guessed)} of {len(guessed)} tabs")
    say()
