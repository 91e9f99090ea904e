"""Debian's Chromium, driven by playwright against the system binary (no browser is ever downloaded), and
the workbench's screen read back from the page.

textual-serve draws with xterm.js on a canvas, so the text is not in the DOM. An init script catches the
xterm `Terminal` object when textual-serve's page creates it (`this.terminal = new Terminal(…)`), and
`screen_text()` and `screen_cells()` read its buffer through xterm's public API.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
INSTALL = "apt-get install -y chromium fonts-noto-cjk  (Debian; .ci/run does this on a fresh machine)"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}

#: Keeps the first object assigned to a `terminal` property that has an xterm buffer.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {configurable: true, set(value) {
  Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
  if (value && value.buffer && !window.__fazhiTerminal) window.__fazhiTerminal = value;
}});
"""
#: The visible rows as text (cheap enough to poll).
READ_TEXT = """() => {
  const term = window.__fazhiTerminal;
  if (!term) return "";
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  return rows.join("\\n");
}"""
#: The visible rows cell by cell: a wide (CJK) character fills its cell and leaves "" in the next one.
READ_CELLS = """() => {
  const term = window.__fazhiTerminal, buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y), cells = [];
    for (let x = 0; x < term.cols; x++) {
      const cell = line.getCell(x);
      cells.push(cell.getWidth() === 0 ? "" : (cell.getChars() || " "));
    }
    rows.push(cells);
  }
  return rows;
}"""


def first_heading(path) -> tuple[str, str]:
    """(id, heading) of a report's first titled section: what the workbench's first screen shows of it."""
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    section = next(s for s in parse(read(path)).sections if s.heading)
    return section.id, section.heading


def missing() -> str | None:
    """Why the browser test cannot run here, with the fix; None when it can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM}: {INSTALL}"
    fc_list = shutil.which("fc-list")
    if fc_list and not subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        return f"no Chinese font for Chromium: {INSTALL}"
    return None


@contextmanager
def chromium(*extra_flags: str) -> Iterator[object]:
    """A headless Chromium (a fresh profile each time); raises with the install line when it is missing."""
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS + list(extra_flags))
        try:
            yield browser
        finally:
            browser.close()


def open_workbench(browser, url: str, viewport: dict[str, int] = VIEWPORT, *scripts: str):
    """A new tab on `url`, with the terminal catcher (and `scripts`) installed before the page's scripts run.
    `browser` is a Browser (the tab gets a fresh profile of its own) or a BrowserContext (the tab shares its
    cache and its viewport)."""
    page = browser.new_page(viewport=viewport) if hasattr(browser, "new_context") else browser.new_page()
    for script in (CATCH_TERMINAL, *scripts):
        page.add_init_script(script)
    page.goto(url)
    return page


def screen_text(page) -> str:
    """The terminal's visible rows, one line each ("" before the terminal exists)."""
    return page.evaluate(READ_TEXT)


def screen_cells(page) -> list[list[str]]:
    """The visible rows cell by cell (terminal columns), for checking widths and alignment."""
    return page.evaluate(READ_CELLS)


def wait_until(check, timeout: float = 30, poll: float = 0.02, what: str = "") -> float:
    """Seconds until check() is true; AssertionError naming `what` after `timeout`."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)
    return time.perf_counter() - start


def wait_for_text(page, *needles: str, timeout: float = 30, poll: float = 0.02) -> float:
    """Seconds until every needle is on the screen at once."""
    try:
        return wait_until(lambda: all(n in screen_text(page) for n in needles), timeout, poll)
    except AssertionError:
        raise AssertionError(f"not on screen after {timeout:.0f} s: {needles}\n{screen_text(page)}") from None


def press(page, *keys: str) -> None:
    """Keys to the terminal (its hidden textarea has the focus, as after a click)."""
    page.focus(".xterm-helper-textarea")
    for key in keys:
        page.keyboard.press(key)


def terminal_size(page) -> tuple[int, int]:
    """(columns, rows) of the page's terminal."""
    return tuple(page.evaluate("() => [window.__fazhiTerminal.cols, window.__fazhiTerminal.rows]"))


def click_cell(page, x: int, y: int) -> None:
    """A mouse click in the middle of terminal cell (x, y)."""
    box = page.locator(".xterm-screen").bounding_box()
    cols, rows = terminal_size(page)
    width, height = box["width"] / cols, box["height"] / rows
    page.mouse.click(box["x"] + (x + 0.5) * width, box["y"] + (y + 0.5) * height)


def screenshot(path: str) -> None:
    """docs/browser.png: the demo pair served, opened in Chromium, area 1 of report A scored 3."""
    import tempfile
    from pathlib import Path

    from fazhi.core.samples import __file__ as samples_init
    from fazhi.tui.cli import SAMPLE_PAIR
    from fazhi.tui.i18n import Strings
    from tests.e2e.served import served

    headings = [first_heading(Path(samples_init).parent / name)[1] for name in SAMPLE_PAIR]
    with served("--reviewer", "screenshot", "--sessions-dir", tempfile.mkdtemp()) as server, chromium() as browser:
        page = open_workbench(browser, server.url, {"width": 1440, "height": 900})
        wait_for_text(page, Strings("zh")("aligned"), *headings)
        press(page, "3")
        wait_for_text(page, Strings("zh")("saved"))
        page.screenshot(path=path)
        page.close()


if __name__ == "__main__":  # python -m tests.e2e.browser docs/browser.png
    import sys

    screenshot(sys.argv[1])
