"""The list of aligned pairs at the left: one row per pair (status glyph, both ids, the heading), the focused pair
highlighted. A line-API widget: thousands of pairs cost nothing until they scroll into view, and moving the
highlight repaints two rows. Clicking a row posts `PairSelected`.
"""
from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fazhi.core.align import Pair
from fazhi.tui.render import STATUS_GLYPH
from fazhi.tui.widgets.rows import CachedRows


class PairList(CachedRows, ScrollView, can_focus=False):
    COMPONENT_CLASSES = {"pair-list--matched", "pair-list--moved", "pair-list--removed", "pair-list--added",
                         "pair-list--pending", "pair-list--highlight"}

    highlighted: reactive[int] = reactive(0, init=False, repaint=False)

    class PairSelected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels: list[tuple[str, str]] = []  # (status, text)

    def show(self, pairs: list[Pair], headings: list[str], highlighted: int, single: bool = False) -> None:
        """One row per pair; `headings[i]` names pair i (its A heading, else its B heading). `single`: B is
        reviewed alone, so a row is B's section: its id and heading."""
        self.labels = [(p.status, ("" if single else f"{STATUS_GLYPH[p.status]} ") + f"{pair_ids(p, single)} {h}")
                       for p, h in zip(pairs, headings)]
        self.forget_rows()
        self.virtual_size = Size(self.size.width, len(self.labels))
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
        self.virtual_size = Size(self.size.width, len(self.labels))
        self.scroll_to_highlight()  # shown before it had a size (a reopened review): the row it could not scroll to

    def row_key(self, y: int) -> Hashable:
        row = y + int(self.scroll_y)
        return (row, row == self.highlighted) if row < len(self.labels) else None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_y)
        if row >= len(self.labels):
            return Strip.blank(width, self.rich_style)
        status, text = self.labels[row]
        style = self.get_component_rich_style(f"pair-list--{status}", partial=True)
        if row == self.highlighted:
            style += self.get_component_rich_style("pair-list--highlight", partial=True)
        return Strip(Segment.adjust_line_length([Segment(text, style)], width,
                                                style if row == self.highlighted else Style()))

    def on_click(self, event) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self.labels):
            self.highlighted = row
            self.post_message(self.PairSelected(row))


def pair_ids(pair: Pair, single: bool = False) -> str:
    """How a pair is named in lists: "1.2/1.3", "–/1.4" for a section of B alone, "1.2" when both ids are the same
    (next year's report keeps most: the heading gets the columns); B's id when B is reviewed alone."""
    if single:
        return pair.b or "–"
    return pair.a if pair.a == pair.b else f"{pair.a or '–'}/{pair.b or '–'}"
