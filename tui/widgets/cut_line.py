"""A one-line Rich renderable cut to the width it is drawn at (a chooser's option whose list narrows with the
terminal): its middle gives way, its start and end stay."""
from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from fazhi.tui.render import clip


class CutLine:
    """`head`, `middle` and `tail` on one line at any width: the middle cut at its end (…) to the cells the head and
    the tail leave it; where they leave it no room for a character and …, the whole line cut at its end. `str()` is
    the whole line (what a chooser's filter searches). Shown as text, never read as markup."""

    def __init__(self, head: str, middle: str, tail: str = "") -> None:
        self.head, self.middle, self.tail = head, middle, tail

    def __str__(self) -> str:
        return self.head + self.middle + self.tail

    def fitted(self, width: int) -> str:
        """The line in `width` cells at most."""
        room = width - cell_len(self.head) - cell_len(self.tail)
        if cell_len(self.middle) <= room or room >= 2:
            return self.head + clip(self.middle, room) + self.tail
        return clip(str(self), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.fitted(options.max_width), no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(cell_len(self.head + self.tail) + 2, options.max_width), cell_len(str(self)))
