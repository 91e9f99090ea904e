"""A table of rows (the round's reviews, the pooled reports) moved with the workbench's keys too: j/k, Home/End for
the first and last row. The reviewer's keymap applies, as the ids are the workbench's; the help names them as rows."""
from __future__ import annotations

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
