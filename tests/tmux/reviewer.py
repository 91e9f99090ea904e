"""A reviewer at the workbench in tmux: the hands (start `fazhi`, press keys, type, quit), the eyes (the screen read
by tests/tmux/workbench.py, the session file read with tomllib), and the memory of what the session should hold
now (scores, notes, annotations, pins, splits), against which `verify` checks both the screen and the file.

The walk itself, step by step, is tests/tmux/review_session.py.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from driver import Checks, Terminal
from workbench import T, Screen

from fazhi.core.rubric import load_rubric

EXITED = "FAZHI-EXITED"  # printed with the exit status when `fazhi` ends; the pane stays for reading
READY_SECONDS = 20  # a generous bound for opening and aligning (the first run also builds the word cache)
PAIR_LIST_COLUMNS = 110  # the pair list shows from this width (ReviewScreen.HORIZONTAL_BREAKPOINTS)


class Reviewer:
    """One reviewer's hands, eyes and memory in one terminal size (see the module docstring)."""

    def __init__(self, checks: Checks, cli: list[str], work: Path, size: tuple[int, int], name: str) -> None:
        self.checks, self.cli, self.work, self.name = checks, cli, work, name
        self.width, self.height = size
        self.sessions = work / f"sessions-{self.width}x{self.height}"
        self.rubric = load_rubric()
        self.areas = self.rubric.areas
        self.names = [area.name("zh") for area in self.areas]
        self.scores: dict[str, dict[str, int]] = {"a": {}, "b": {}}  # side → area id → level
        self.notes: dict[tuple[str, str], str] = {}  # (side, area id) → note
        self.annotations = 0
        self.pins: list[tuple[str, str]] = []
        self.forbidden: list[tuple[str, str]] = []
        self.terminal: Terminal | None = None

    @property
    def wide(self) -> bool:
        return self.width >= PAIR_LIST_COLUMNS

    # hands ----------------------------------------------------------------------------------------------------
    def start(self, *args: str, reviewer: str | None = None) -> Screen:
        """Run `fazhi ARGS [--reviewer NAME]` in a fresh terminal and wait for the aligned workbench."""
        self.close()
        self.terminal = Terminal(self.width, self.height)
        self.terminal.start([*self.cli, *args, *(["--reviewer", reviewer] if reviewer else [])], str(self.work), EXITED)
        screen, ok = self.wait(lambda s: s.aligned or EXITED in s, READY_SECONDS)
        self.checks.check(f"the workbench opens aligned at {self.width}×{self.height}", ok and EXITED not in screen,
                          screen.text[-400:])
        return screen

    def close(self) -> None:
        if self.terminal:
            self.terminal.close()
            self.terminal = None

    def key(self, *keys: str) -> None:
        self.terminal.key(*keys)

    def type(self, text: str) -> None:
        self.terminal.type(text)

    def quit(self, names_file: bool = True) -> None:
        """q: `fazhi` ends with status 0 and (`names_file`) says which file to resume."""
        self.key("q")
        text, _ = self.terminal.wait_for(lambda t: EXITED in t, 10)
        self.checks.check("q quits with status 0", f"{EXITED} 0" in text, text.strip().splitlines()[-3:])
        if names_file:
            m = re.search(r"fazhi resume (\S+)", text)
            path = self.session_file()
            self.checks.check("the exit message names the session file to resume",
                              m and path and Path(m.group(1).strip("'")) == path, m and m.group(1))
        self.close()

    # eyes -----------------------------------------------------------------------------------------------------
    def screen(self) -> Screen:
        return Screen(self.terminal.screen(), self.rubric)

    def wait(self, ready, timeout: float = 5.0) -> tuple[Screen, bool]:
        """The screen once `ready(screen)` holds (or after `timeout`), and whether it did."""
        text, ok = self.terminal.wait_for(lambda t: ready(Screen(t, self.rubric)), timeout)
        return Screen(text, self.rubric), ok

    def settle(self) -> Screen:
        """The screen once it stopped changing: the status is said before the panels follow a moved focus."""
        return Screen(self.terminal.settle(), self.rubric)

    def session_file(self, reviewer: str | None = None) -> Path | None:
        who = reviewer or self.name
        for path in sorted(self.sessions.glob("*.toml")):
            with open(path, "rb") as f:
                if tomllib.load(f).get("reviewer") == who:
                    return path
        return None

    def session(self, reviewer: str | None = None) -> dict:
        path = self.session_file(reviewer)
        if path is None:
            return {}
        with open(path, "rb") as f:
            return tomllib.load(f)

    # moving ---------------------------------------------------------------------------------------------------
    def choose_side(self, side: str, key: str) -> Screen:
        """Press `key` (Left, Right or Tab) to read and score report `side`."""
        self.key(key)
        screen, ok = self.wait(lambda s: s.scoring and s.scoring[0] == side.upper())
        self.checks.check(f"{key} chooses report {side.upper()}", ok, screen.scoring)
        return screen

    def goto_area(self, index: int) -> Screen:
        """]/[ (the shorter way round) until the panel's focused area is `index`; each press moves one area."""
        screen, n = self.screen(), len(self.areas)
        for _ in range(n):
            here = self.names.index(screen.scoring[1]) if screen.scoring else None
            if here is None or here == index:
                break
            forward = (index - here) % n <= n // 2
            key, step = ("]", self.names[(here + 1) % n]) if forward else ("[", self.names[(here - 1) % n])
            self.key(key)
            screen, ok = self.wait(lambda s: s.scoring and s.scoring[1] == step and s.focused_area == step)
            if not self.checks.check(f"{key} moves to {step}", ok, screen.scoring):
                break
        return screen

    def why(self) -> tuple[str | None, str | None]:
        """The focused pair's section ids, read from the `w` dialog ("A:1.2 …", "B:(无对应章节)"), closed with Escape."""
        self.key("w")
        screen, ok = self.wait(lambda s: T("why_title") in s)
        ids: dict[str, str | None] = {}
        for line in screen.dialog_lines():
            m = re.match(r"([AB])[:：]\s*(\S+)", line)
            if m and m.group(1) not in ids:
                ids[m.group(1)] = None if m.group(2) == T("no_counterpart") else m.group(2)
        self.key("Escape")
        self.wait(lambda s: T("why_title") not in s)
        self.checks.check("w shows the focused pair", ok and ids, screen.dialog_lines()[:4])
        return ids.get("A"), ids.get("B")

    def palette_to(self, pair: tuple[str | None, str | None]) -> None:
        """Go to a pair through the palette: ctrl+p, its ids typed ("1.7.3/1.1.1"), Enter."""
        ids = f"{pair[0] or '–'}/{pair[1] or '–'}"
        self.key("C-p")
        self.wait(lambda s: T("palette_placeholder") in s)
        self.type(ids)
        entry = f"{T('section')}: {ids} "
        _, ok = self.wait(lambda s: entry in s)
        self.checks.check(f"the palette offers “{entry.strip()} …”", ok)
        self.key("Enter")
        self.wait(lambda s: T("palette_placeholder") not in s)
        self.settle()

    # memory, checked against the screen and the file --------------------------------------------------------
    def expected_progress(self) -> dict[str, int]:
        return {"a": len(self.scores["a"]), "b": len(self.scores["b"]), "n": len(self.areas),
                "notes": len(self.notes), "annotations": self.annotations}

    def verify(self, screen: Screen, file: bool = True) -> None:
        """The progress and every area's marks on screen, and (`file`) the session file, against the memory."""
        c = self.checks
        c.check("progress on the status line", screen.progress == self.expected_progress(),
                f"shown {screen.progress}, expected {self.expected_progress()}")
        rows, wrong = screen.areas, []
        for area, name in zip(self.areas, self.names):
            marks = rows.get(name)
            for side in "ab":
                want = (self.scores[side].get(area.id), (side, area.id) in self.notes)
                got = (marks.level(side), marks.noted(side)) if marks else "missing"
                if got != want:
                    wrong.append(f"{name} {side.upper()}: shown {got}, expected {want}")
        c.check("area panel: every area's A and B level and note mark", not wrong, "; ".join(wrong))
        if file:
            self.verify_file()

    def verify_file(self) -> None:
        held, want = work_of(self.session()), self.expected_work()
        self.checks.check("session file: scores, notes, annotations, pins, splits", held == want,
                          f"file {held}, expected {want}")

    def expected_work(self) -> dict:
        return {"scores": self.scores, "notes": self.notes, "annotations": self.annotations, "pins": self.pins,
                "forbidden": self.forbidden}


def work_of(data: dict) -> dict:
    """A session file's work in the reviewer's memory's shape (time stamps and the view left out)."""
    scores = data.get("scores", {})
    return {"scores": {side: {area: s.get("level") for area, s in scores.get(side, {}).items()} for side in "ab"},
            "notes": {(side, area): s["note"] for side in "ab" for area, s in scores.get(side, {}).items()
                      if s.get("note")},
            "annotations": len(data.get("annotations", [])),
            "pins": [(p["a"], p["b"]) for p in data.get("pins", [])],
            "forbidden": [(p["a"], p["b"]) for p in data.get("forbidden", [])]}
