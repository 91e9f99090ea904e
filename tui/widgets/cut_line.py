"""Rich renderables cut to the width they are drawn at (a chooser's option, whose list narrows with the terminal; a
dialog's quote): `CutLine`, one line whose middle gives way, its start and end staying; `FewRows`, a text wrapped in a
few rows, the last cut with … (tui.widgets.panels.wrapped_rows, as the side panel cuts a note)."""
from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from fazhi.tui.render import clip
from fazhi.tui.widgets.panels import wrapped_rows


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


class FewRows:
    """`text` wrapped to the width it is drawn at, in `most` rows at most (its own lines kept), the last cut with …
    when more would follow; `tail` (an annotation's tags) kept whole after its end, cut only when wider than a row
    (walk7: a long note filled 8 rows of the annotations list). `str()` is the whole text (what a chooser's filter
    searches). Shown as text, never as markup."""

    def __init__(self, text: str, most: int, tail: str = "") -> None:
        self.text, self.most, self.tail = text, most, tail

    def __str__(self) -> str:
        return self.text + self.tail

    def fitted(self, width: int) -> str:
        """The rows at `width` cells, joined by newlines."""
        tail = clip(self.tail, width)
        return wrapped_rows(self.text, width, self.most, reserve=cell_len(tail)) + tail

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.fitted(options.max_width), no_wrap=True)  # broken already: as Chinese is, not at spaces

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max(cell_len(line) for line in str(self).split("\n"))
        return Measurement(min(8, options.max_width), min(widest + 1, options.max_width))
