"""What the workbench shows, read from a captured screen as a reviewer reads it: the status line (the last
announcement, the progress, whether the session is saved), the area panel (each area's A and B level and note mark,
the focused area, the report being scored), the pair list (wide terminals only), an open dialog's lines.

Messages are the app's own (fazhi.tui.i18n) turned into patterns, so rewording a message does not break a reading;
the rubric gives the areas' names. Only the Chinese interface is read (the default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.core.rubric import Rubric
from fazhi.tui.i18n import STRINGS, Strings

T = Strings("zh")


def _whole_area_name(shown: str) -> str:
    """An area's name as the panel shows it, whole: a long one is cut with … to leave room for the marks after it."""
    if not shown.endswith("…"):
        return shown
    from fazhi.core.rubric import load_rubric

    whole = [a.name("zh") for a in load_rubric().areas if a.name("zh").startswith(shown[:-1])]
    return whole[0] if len(whole) == 1 else shown
ELLIPSIS = "…"
# An area row: marker, name, A's level and note mark, [A's evidence,] B's level and note mark[, B's evidence].
AREA_ROW = re.compile(r"^\s*(▶?)(\S+)\s+(\d+|·)(✎?)\s+(?:\d+\s+)?(\d+|·)(✎?)(?:\s+\d+)?\s*$")
PAIR_ROW = re.compile(r"^(↕≈|[=≈↕−+·]) (\S+?)/(\S+?) ")  # ↕≈: moved, its text rewritten
DIALOG_EDGE = re.compile(r"[▊▎█▌▐▔▁▄▀]")


def pattern(key: str, **fixed: str) -> re.Pattern:
    """The message `key` as a regex: each {param} a named group (digits for counts), `fixed` params literal."""
    template, out, seen = STRINGS[key][0], "", set()
    for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", template):
        out += re.escape(literal)
        if not name:
            continue
        if name in fixed:
            out += re.escape(str(fixed[name]))
        elif name in seen:
            out += f"(?P={name})"
        else:
            seen.add(name)
            numeric = name in ("a", "b", "n", "notes", "annotations", "total", "count", "scores", "level")
            out += f"(?P<{name}>\\d+)" if numeric else f"(?P<{name}>.+?)"
    return re.compile(out)


PROGRESS = (pattern("progress"), pattern("progress_short"))  # the short one below 110 columns


@dataclass(frozen=True)
class Marks:
    """One area row of the panel: level and note mark per report."""

    a: int | None
    b: int | None
    noted_a: bool
    noted_b: bool

    def level(self, side: str) -> int | None:
        return self.a if side == "a" else self.b

    def noted(self, side: str) -> bool:
        return self.noted_a if side == "a" else self.noted_b


class Screen:
    """One captured screen of the workbench."""

    def __init__(self, text: str, rubric: Rubric) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.rubric = rubric
        self.names = [area.name("zh") for area in rubric.areas]

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.text

    @property
    def aligned(self) -> bool:
        """The workbench is up and the alignment has landed: a status line, and pair headers with a status glyph
        (= ≈ ↕ ↕≈ − +) where the provisional ones had "·"."""
        starts = [line[:2] for line in self.lines]
        return (self.progress is not None and any(s in ("= ", "≈ ", "↕ ", "↕≈", "− ", "+ ") for s in starts)
                and "· " not in starts)

    # the status line ----------------------------------------------------------------------------------------
    def _status(self) -> tuple[str, re.Match] | None:
        for line in reversed(self.lines):
            for form in PROGRESS:
                if m := form.search(line):
                    return line, m
        return None

    @property
    def progress(self) -> dict[str, int] | None:
        found = self._status()
        return {k: int(v) for k, v in found[1].groupdict().items()} if found else None

    @property
    def message(self) -> str | None:
        """The announcement at the left of the status line ('' when none); None when there is no status line."""
        found = self._status()
        return found[0][:found[1].start()].strip() if found else None

    @property
    def saved(self) -> bool:
        found = self._status()
        return bool(found) and T("saved") in found[0][found[1].end():]

    def announces(self, expected: str) -> bool:
        """The status line says `expected` (or as much of it as fits, cut with an ellipsis)."""
        shown = self.message
        if shown is None:
            return False
        if shown == expected:
            return True
        cut = shown.rstrip(ELLIPSIS).rstrip()
        return shown.endswith(ELLIPSIS) and len(cut) >= 4 and expected.startswith(cut)

    def matches(self, regex: re.Pattern) -> re.Match | None:
        """The status message, when it matches `regex`."""
        return regex.fullmatch(self.message or "")

    # the area panel -----------------------------------------------------------------------------------------
    @staticmethod
    def _side_panel(line: str) -> str:
        return line.rsplit("│", 1)[1] if "│" in line else ""

    @property
    def areas(self) -> dict[str, Marks]:
        """Area name → its row's marks, for every area row on screen."""
        rows = {}
        for line in self.lines:
            m = AREA_ROW.match(self._side_panel(line))
            if m and m.group(2) in self.names and m.group(2) not in rows:
                level = lambda s: None if s == "·" else int(s)  # noqa: E731
                rows[m.group(2)] = Marks(level(m.group(3)), level(m.group(5)), bool(m.group(4)), bool(m.group(6)))
        return rows

    @property
    def focused_area(self) -> str | None:
        for line in self.lines:
            m = AREA_ROW.match(self._side_panel(line))
            if m and m.group(1) and m.group(2) in self.names:
                return m.group(2)
        return None

    @property
    def scoring(self) -> tuple[str, str] | None:
        """(side letter, area name) of the panel's "评分 A · 党的领导" line."""
        head = re.compile(rf"^\s*{re.escape(T('scoring'))} ([AB]) · (\S+)")
        for line in self.lines:
            m = head.match(self._side_panel(line))
            if m:
                return m.group(1), _whole_area_name(m.group(2))
        return None

    # the pair list and dialogs ------------------------------------------------------------------------------
    @property
    def pair_rows(self) -> list[tuple[str, str | None, str | None]]:
        """(glyph, A id, B id) of the pair list's visible rows (wide terminals only)."""
        rows = []
        for line in self.lines:
            m = PAIR_ROW.match(line)
            if m:
                rows.append((m.group(1), None if m.group(2) == "–" else m.group(2),
                             None if m.group(3) == "–" else m.group(3)))
        return rows

    def dialog_lines(self) -> list[str]:
        """The text inside a dialog's frame, line by line (the frame and the screen behind it cut away)."""
        out = []
        for line in self.lines:
            parts = DIALOG_EDGE.split(line)
            if len(parts) >= 3:
                inner = max(parts[1:-1], key=len).strip()
                if inner:
                    out.append(inner)
        return out

    def find(self, regex: re.Pattern) -> re.Match | None:
        """The first match of `regex` anywhere on screen."""
        return regex.search(self.text)
