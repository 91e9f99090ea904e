"""End to end in headless Chromium: `fazhi serve A B` on a free localhost port, one reviewer in one tab.

Never skipped: without Chromium or a Chinese font the test fails and says how to install them.
"""
from __future__ import annotations

import time
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from fazhi.core.outline import parse
from fazhi.core.report import read
from fazhi.tui.i18n import Strings
from fazhi.tui.wrap import NO_START
from tests.conftest import sample
from tests.e2e.browser import (chromium, click_cell, first_heading, open_workbench, press, screen_cells, screen_text,
                               terminal_size, wait_for_text, wait_until)
from tests.e2e.served import served

REVIEWER = "浏览器审阅"
NOTE = "浏览器里写的批注"
PASTED = "粘贴\x1b[31m红\x1b]0;标题\x07字\x1b[0m\x1bA股"  # (a lone ESC goes alone: read55 #12)
#: A paste into xterm.js's textarea, as the browser makes it (a ClipboardEvent holding the text).
PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector(".xterm-helper-textarea").dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""
LISTED_PAIR = "1.3"  # a matched pair of this sample pair (1.3 on both sides), listed on the first screen's outline
#: (its text differs: ≈ in the list; its header in the compare view says = matched)
#: Characters on no screen of the test: written to the terminal at the end to see who measures their widths.
RARE = "鑫淼焱垚犇骉羴鱻ŊǅÐ"  # CJK, and Latin (as wide as W) above and below 256
#: Write RARE as if the app had sent it; count the widths xterm.js's DOM renderer measured itself while drawing
#: it, and read its width cache for each character beside a fresh measure of xterm.js's own (tui/page.py WIDTHS).
WRITE_RARE = """async (rare) => {
  const term = window.__fazhiTerminal, cache = term._core._renderService._renderer.value._widthCache;
  const own = cache._measure.bind(cache);
  let measured = 0;
  cache._measure = (text, style) => { measured++; return own(text, style); };
  await new Promise(done => term.write(rare, done));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  cache._measure = own;
  const cached = ch => ch.codePointAt(0) < 256 ? cache._flat[ch.codePointAt(0)] : cache._holey.get(ch) ?? null;
  return {measured, widths: [...rare].map(ch => [cached(ch), own(ch, 0)])};
}"""


def session_when(folder: Path, check, timeout: float = 15) -> dict:
    """The one session file in `folder`, parsed, once `check(session)` holds."""
    deadline = time.monotonic() + timeout
    while True:
        files = list(folder.glob("*.toml"))
        session = tomllib.loads(files[0].read_text(encoding="utf-8")) if len(files) == 1 else {}
        if session and check(session):
            return session
        if time.monotonic() > deadline:
            raise AssertionError(f"session in {folder} never satisfied the check; files {files}: {session}")
        time.sleep(0.05)

#: Where the rows holding adjacent full-width brackets ("》《") end on the page, and where the longest row ends (px).
BRACKET_ROW_ENDS = """() => {
  const rows = [...document.querySelectorAll('.xterm-rows > div')];
  const end = row => { const spans = row.querySelectorAll('span');
                       return spans.length ? spans[spans.length - 1].getBoundingClientRect().right : 0; };
  return {bracketed: rows.filter(row => row.textContent.includes('》《')).map(end), longest: Math.max(...rows.map(end))};
}"""


def row_of(page, needle: str) -> int:
    return next(y for y, line in enumerate(screen_text(page).split("\n")) if needle in line)


def separators(rows: list[list[str]]) -> list[int]:
    """Columns where most rows have a │: the borders between the panes."""
    counts = Counter(x for row in rows for x, cell in enumerate(row) if cell == "│")
    with_bars = sum(1 for row in rows if "│" in row)
    return sorted(x for x, n in counts.items() if n >= with_bars / 2)


def test_review_in_chromium(tmp_path):
    a, b = sample("qingxi_2024.txt"), sample("dongkeng_2017.txt")
    (id_a, heading_a), (_, heading_b) = first_heading(a), first_heading(b)
    with served(str(a), str(b), "--sessions-dir", str(tmp_path)) as server, chromium() as browser:
        page = open_workbench(browser, f"{server.url}?reviewer={quote(REVIEWER)}")
        wait_for_text(page, heading_a, heading_b)
        # The page opened its websocket before textual.js ran (tui/page.py), at the size xterm.js then measured,
        # and textual.js was handed that socket: one app for the tab, drawn once at its size.
        assert page.evaluate("() => window.__fazhiEarlySize") == list(terminal_size(page))
        assert len(server.apps()) == 1
        # Keys go to the workbench without a click first (a newcomer's first keys did nothing)
        assert page.evaluate("() => document.activeElement.classList.contains('xterm-helper-textarea')")

        # Wide characters: xterm gives every CJK character two cells, as Textual laid them out, so the pane
        # borders stand in the same columns on every row whatever its mix of Chinese and ASCII.
        rows = screen_cells(page)
        heading_row = rows[row_of(page, heading_a)]
        wide = [cell for char in heading_a[-4:] for cell in (char, "")]
        assert any(heading_row[x:x + len(wide)] == wide for x in range(len(heading_row))), heading_row
        borders = separators(rows)
        assert len(borders) >= 2, borders
        wavering = ["".join(row) for row in rows[3:-3] if any(row[x] != "│" for x in borders[-1:])]
        assert not wavering, f"the side panel's border wavers at {borders[-1]}: {wavering}"
        # 禁则 survives the trip: no line of either report's pane starts with closing punctuation.
        panes = [(left + 1, right) for left, right in zip(borders, borders[1:])]
        for row in rows[3:-3]:
            for left, right in panes:
                text = "".join(row[left:right]).strip()
                assert not text or text[0] not in NO_START, text

        # Move with j: the view follows (A's heading climbs towards the top), then score A 3, B 2.
        before = row_of(page, heading_a)
        for _ in range(4):  # the view scrolls once the focus passes the blocks above
            press(page, "j")
            deadline = time.monotonic() + 5
            while row_of(page, heading_a) >= before and time.monotonic() < deadline:
                time.sleep(0.05)
            if row_of(page, heading_a) < before:
                break
        assert row_of(page, heading_a) < before
        press(page, "3")
        # the area scored is the one the panel follows: the strongest area of the section being read
        # (a new review scores B first, the report under review)
        scored = session_when(tmp_path, lambda s: 3 in [v.get("level") for v in s.get("scores", {}).get("b", {}).values()])
        area = next(k for k, v in scored["scores"]["b"].items() if v["level"] == 3)
        press(page, "Tab", "2")
        # An annotation, typed in Chinese, lands on the pair j moved to (A's side after Tab).
        press(page, "a")
        wait_for_text(page, Strings("zh")("tag"))  # the annotation form is open
        page.keyboard.type(NOTE)
        # pasted from a coloured terminal: its escape sequences left out, the words in their order (serve54 #5: xterm.js
        # sent the ESC, and what followed it reached the app as key presses, ahead of the text before it)
        page.evaluate(PASTE, PASTED)
        press(page, "Enter")
        session_when(tmp_path, lambda s: bool(s.get("annotations")))

        # The palette opens and closes; a click in the outline list moves the view to that pair.
        press(page, "Control+p")
        placeholder = Strings("zh")("palette_placeholder")
        wait_for_text(page, placeholder)
        press(page, "Escape")
        wait_until(lambda: placeholder not in screen_text(page), 10, what="the palette to close")
        click_cell(page, 8, row_of(page, f"≈ {LISTED_PAIR} "))
        # that pair's header in the compare view: its label too (the outline's row has the heading alone)
        wait_for_text(page, f"≈ {LISTED_PAIR} {parse(read(a)).find(LISTED_PAIR).label}")

        # The page measured the widths of characters new to xterm.js before it drew them, as xterm.js would have.
        rare = page.evaluate(WRITE_RARE, RARE)
        assert rare["measured"] == 0, rare
        assert all(cached is not None and abs(cached - own) <= 1 / 32 for cached, own in rare["widths"]), rare

        # Adjacent full-width brackets keep their cells: Chrome trims their spacing by default, and the rows holding
        # "》《" ended a cell short, their panes' borders out of line (walk18 F7)
        ends = {"bracketed": []}
        for _ in range(60):
            ends = page.evaluate(BRACKET_ROW_ENDS)
            if ends["bracketed"]:
                break
            press(page, "PageDown")
            time.sleep(0.2)
        assert ends["bracketed"] and all(ends["longest"] - end < 4 for end in ends["bracketed"]), ends

        page.close()  # the tab closes mid-session: its app ends, and nothing is lost
        server.wait_for(lambda: not server.apps(), 15, "the app to end with its tab")

    session = session_when(tmp_path, lambda s: True)
    assert session["reviewer"] == REVIEWER
    assert session["scores"]["b"][area]["level"] == 3
    assert session["scores"]["a"][area]["level"] == 2
    [note] = session["annotations"]
    assert (note["side"], note["note"]) == ("a", NOTE + "粘贴红字A股") and note["quote"] and note["section"].split(".")[0] == id_a


def test_a_round_in_chromium(tmp_path):
    """`fazhi serve --round DIR`: the round screen in the tab; Enter opens the workbench on a review, q comes back."""
    from tests.fixtures.make_round import make_round

    folder = tmp_path / "round"
    make_round(folder)
    zh = Strings("zh")
    with served("--round", str(folder), "--sessions-dir", str(tmp_path / "sessions")) as server, \
            chromium() as browser:
        page = open_workbench(browser, f"{server.url}?reviewer={quote(REVIEWER)}")
        wait_for_text(page, zh("round_title"), "清溪镇")
        press(page, "Enter")
        wait_for_text(page, zh("back_to_round"))  # the workbench, opened from the round
        press(page, "q")
        wait_until(lambda: zh("back_to_round") not in screen_text(page), 15, what="the round screen again")
        wait_for_text(page, zh("round_title"), "清溪镇")
        page.close()
        server.wait_for(lambda: not server.apps(), 15, "the app to end with its tab")
