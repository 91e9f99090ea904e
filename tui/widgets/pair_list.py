"""The list of aligned pairs at the left: one row per pair (status glyph, both ids, the heading — both headings,
A's → B's, where they differ), the focused pair highlighted. A line-API widget: thousands of pairs cost nothing
until they scroll into view, and moving the highlight repaints two rows. Clicking a row posts `PairSelected`.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fazhi.core.align import Pair
from fazhi.tui.render import STATUS_GLYPH, clip
from fazhi.tui.widgets.rows import CachedRows
from fazhi.tui.widgets.thumb import ThumbFollows


@dataclass(frozen=True)
class PairRow:
    """What a row of the list says: the pair's shown status (a STATUS_GLYPH key), its glyph and ids, A's heading
    (else B's) and B's heading where it differs from A's."""

    status: str
    lead: str
    heading: str
    renamed: str | None = None

    def text(self, width: int | None = None) -> str:
        """The row in `width` cells (None: whole), cut with …; two headings too long share the room, each cut so
        (walk14 F8: one heading alone was cut without a mark: 坚持和发扬“枫桥)."""
        whole = self.lead + self.heading + (f" → {self.renamed}" if self.renamed is not None else "")
        if width is None or cell_len(whole) <= width:
            return whole
        room = width - cell_len(self.lead) - 3
        if self.renamed is None or room < 8:
            return clip(whole, width)
        first = clip(self.heading, max(room // 2, room - cell_len(self.renamed)))
        return f"{self.lead}{first} → {clip(self.renamed, room - cell_len(first))}"


class PairList(CachedRows, ThumbFollows, ScrollView, can_focus=False):
    ALLOW_SELECT = False  # a list of places, clicked: a drag here painted the side panels as a selection (walk20 H6)
    COMPONENT_CLASSES = {"pair-list--matched", "pair-list--edited", "pair-list--moved", "pair-list--moved_edited",
                         "pair-list--removed", "pair-list--added", "pair-list--pending", "pair-list--highlight"}

    highlighted: reactive[int] = reactive(0, init=False, repaint=False)

    class PairSelected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[PairRow] = []

    @property
    def labels(self) -> list[tuple[str, str]]:
        """(shown status, whole text) of each row."""
        return [(row.status, row.text()) for row in self.rows]

    def show(self, pairs: list[Pair], headings: list[tuple[str, str | None]], highlighted: int, single: bool = False,
             shown: Sequence[str] = ()) -> None:
        """One row per pair; `headings[i]` names pair i: its A heading (else its B heading), and B's heading where
        it differs. `shown[i]`: the status pair i is shown with (Review.shown_status; else its own). `single`: B is reviewed
        alone, so a row is B's section: its id and heading."""
        self.rows = []
        for i, (p, (heading, renamed)) in enumerate(zip(pairs, headings)):
            status = shown[i] if shown else p.status
            lead = ("" if single else f"{STATUS_GLYPH[status]} ") + f"{pair_ids(p, single)} "
            self.rows.append(PairRow(status, lead, heading, renamed))
        self.forget_rows()
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.set_reactive(PairList.highlighted, highlighted)
        self.scroll_to_highlight()
        self.refresh()

    def watch_highlighted(self, old: int, new: int) -> None:
        self.refresh_lines(old)
        self.refresh_lines(new)
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if height and not top <= self.highlighted < top + height:
            self.scroll_to(y=max(0, self.highlighted - height // 3), animate=False)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.scroll_to_highlight()  # shown before it had a size (a reopened review): the row it could not scroll to

    def row_key(self, y: int) -> Hashable:
        row = y + int(self.scroll_y)
        return (row, row == self.highlighted) if row < len(self.rows) else None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_y)
        if row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        shown = self.rows[row]
        text = shown.text(width)
        style = self.get_component_rich_style(f"pair-list--{shown.status}", partial=True)
        if row == self.highlighted:
            style += self.get_component_rich_style("pair-list--highlight", partial=True)
        return Strip(Segment.adjust_line_length([Segment(text, style)], width,
                                                style if row == self.highlighted else Style()))

    def on_click(self, event) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self.rows):
            self.highlighted = row
            self.post_message(self.PairSelected(row))


def pair_ids(pair: Pair, single: bool = False) -> str:
    """How a pair is named in lists: "1.2/1.3", "–/1.4" for a section of B alone, "1.2" when both ids are the same
    (next year's report keeps most: the heading gets the columns); B's id when B is reviewed alone."""
    if single:
        return pair.b or "–"
    return pair.a if pair.a == pair.b else f"{pair.a or '–'}/{pair.b or '–'}"
