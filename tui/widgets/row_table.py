"""A table of rows (the round's reviews, the pooled reports) moved with the workbench's keys too: j/k, Home/End for
the first and last row. The reviewer's keymap applies, as the ids are the workbench's; the help names them as rows.
`cut_middle` fits a cell whose end tells rows apart (a file name) to a column's width (one whose start says what it is
is cut by tui.render's `fit`)."""
from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    BINDINGS = [
        Binding("down,j", "cursor_down", show=False, id="pair.next"),
        Binding("up,k", "cursor_up", show=False, id="pair.prev"),
        Binding("home", "scroll_top", show=False, id="pair.first"),
        Binding("end", "scroll_bottom", show=False, id="pair.last"),
    ]


#: The table's moves as a help names them (rows, not pairs): binding id → string key.
ROW_LABELS = {"pair.next": "row_next", "pair.prev": "row_prev", "pair.first": "row_first", "pair.last": "row_last"}


def cut_middle(text: str, width: int) -> str:
    """`text` in exactly `width` cells (CJK characters are two): whole when it fits (padded), else its start and its
    end around "…", three quarters of the room for the end, where file names differ (营仔镇2025.txt and
    营仔镇2025修订.txt in 12 cells: 营…2025.txt, 营…5修订.txt). Characters are kept whole; a cell a wide one leaves
    is padded after."""
    if cell_len(text) <= width or width < 2:
        return set_cell_size(text, width)
    tail = _end(text, (width - 1) - (width - 1) // 4)
    head = _start(text, width - 1 - cell_len(tail))
    return set_cell_size(head + "…" + tail, width)


def _start(text: str, cells: int) -> str:
    """The longest start of `text` within `cells` cells."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > cells:
            return text[:i]
    return text


def _end(text: str, cells: int) -> str:
    """The longest end of `text` within `cells` cells."""
    return _start(text[::-1], cells)[::-1]
