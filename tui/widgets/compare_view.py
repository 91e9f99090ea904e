"""Both reports in one line-API view: each row is A's line │ B's line, so aligned pairs stay level and scroll together
with no synchronisation code.

Each aligned pair is a block: its header (both headings, wrapped, with status glyph, id and similarity), then both
bodies wrapped by our CJK line breaker (tui.wrap) and padded to one height, a hatched filler where a side has no
counterpart, and a spacer row. The layout is a pure function of the pairs and the column width (`layout`, wrapped
bodies cached per section for the last two widths). For big reports it is computed in an asyncio worker, in slices
of a few ms with the event loop served between them, so a resize never stalls the screen (the old layout stays until
the new one is ready; a thread would hold the GIL against the UI thread in slices of the switch interval, ~5 ms each
time the UI thread waits on I/O); new pairs show their first screenful at once.

A report reviewed alone (`show(..., single=True)`, a government's first report in a round) has no A column: B
takes the whole width.

State: `focused_index` (the pair the reviewer acts on) and `side` (the report being read and scored) are
reactives; a change posts `PairFocused` and repaints only the rows of the blocks concerned. Rows are cached as
Textual paints them (tui/widgets/rows.py), keyed by what they show: block, row, the highlights on it, and whether
the block is focused — so a scroll, a search or a new annotation repaints only rows that look different.
Highlights are layers of document-offset spans per side (`set_layer`): word diff and changed figures of the focused
pair, annotations, search hits, evidence keywords, the visual selection. Every colour comes from COMPONENT_CLASSES,
so the theme and tui/app.tcss restyle everything.

Over 400 lines because it is one widget whose parts (installing layouts, rows, highlights, the caret and the mouse
selection) all work on the same blocks and scroll position; the layout itself is in tui/widgets/layout.py.
"""
from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fazhi.core.align import Pair
from fazhi.core.hanzi import phrase_step
from fazhi.core.outline import Outline
from fazhi.tui.keymap import BY_ID
from fazhi.tui.widgets.layout import Block, Layer, layout
from fazhi.tui.widgets.rows import CachedRows, RowCache
from fazhi.tui.widgets.thumb import ThumbFollows

DIVIDER = " │ "
#: Reports up to this many characters (both) are laid out at once; bigger ones by the layout worker, after the
#: first screenful (at most this many blocks) is laid out on the UI thread.
INLINE_LAYOUT_CHARS = 400_000
FIRST_SCREEN_BLOCKS = 200
#: The layout worker's slices: this long laying out, then this long left to the event loop (keys, repaints).
LAYOUT_SLICE = 0.004
LAYOUT_PAUSE = 0.001
#: Rows of the block before a focused pair's left in view above it.
FOCUS_ROWS_ABOVE = 2
#: Layers shown only in the focused block (the others everywhere).
FOCUSED_LAYERS = ("diff", "figure", "selection")
LAYER_ORDER = ("evidence", "mark", "diff", "figure", "search", "search-current", "selection")


class Row(NamedTuple):
    """What a row of the view shows (its cache key): block, row in the block, whether the block is focused (and
    the report being read, if so), and the highlights on each side's line: (start, end, component name)."""

    index: int
    local: int
    focused: bool
    side: str | None
    marks: tuple


_NO_LAYER = {side: Layer([]) for side in ("a", "b")}


class CompareView(CachedRows, ThumbFollows, ScrollView, can_focus=True, inherit_bindings=False):
    """See the module docstring."""

    # A drag here makes the view's own selection (of one report's text); Textual's screen selection, started here too,
    # painted the panels beside it as selected (walk19 N4)
    ALLOW_SELECT = False
    # Tab would move the focus (a Screen binding, met before the App's): here it switches the report, so the view
    # claims it first, under the same id (a keymap moves both).
    BINDINGS = [Binding(BY_ID["pane.switch"].keys, "app.switch_side", show=False, id="pane.switch")]

    COMPONENT_CLASSES = {
        "compare-view--matched", "compare-view--edited", "compare-view--moved", "compare-view--moved_edited",
        "compare-view--removed", "compare-view--added",
        "compare-view--pending", "compare-view--header", "compare-view--header-focused", "compare-view--active",
        "compare-view--filler", "compare-view--divider", "compare-view--id", "compare-view--score",
        "compare-view--diff-a", "compare-view--diff-b", "compare-view--figure", "compare-view--mark", "compare-view--search",
        "compare-view--search-current", "compare-view--evidence", "compare-view--selection", "compare-view--caret",
    }

    focused_index: reactive[int] = reactive(0, init=False, repaint=False)
    side: reactive[str] = reactive("a", init=False, repaint=False)

    class PairFocused(Message):
        """The reviewer moved to another pair (by key, page, click, search or palette)."""

        def __init__(self, index: int, pair: Pair) -> None:
            super().__init__()
            self.index, self.pair = index, pair

    class Clicked(Message):
        """A click on a report's text: which side and document offset."""

        def __init__(self, side: str, offset: int) -> None:
            super().__init__()
            self.side, self.offset = side, offset

    class Selected(Message):
        """A passage was selected with the mouse (side, document offsets)."""

        def __init__(self, side: str, start: int, end: int) -> None:
            super().__init__()
            self.side, self.start, self.end = side, start, end

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.outlines: dict[str, Outline] = {}
        self.pairs: list[Pair] = []
        self.blocks: list[Block] = []
        self._starts: list[int] = []
        self._words = ("", "")
        self._pinned: set = set()
        self._shown: Sequence[str] = ()  # the status each pair is shown with (Review.shown_status)
        self._wraps: dict[int, dict] = {}  # body width → section → wrapped lines, for the last two widths
        self._laid_out: list[Pair] | None = None  # the pairs `blocks` shows (some of them while a worker lays out)
        self._layout_width = 0
        self._layers: dict[str, dict[str, Layer]] = {}
        self._row_keys: RowCache[tuple, Row] = RowCache(2 * self.ROWS_CACHED)  # view state → row_key
        self._version = 0  # bumped when a layer shown in every block changes
        self._focus_version = 0  # bumped when a layer shown in the focused block changes
        self._styles: dict[str, Style] = {}
        self.caret: tuple[str, int] | None = None  # visual mode: side and document offset
        self.anchor: int | None = None
        self.single = False  # B alone, across the whole width

    # content -----------------------------------------------------------------------------------------------
    def show(self, a: Outline, b: Outline, pairs: list[Pair], words: tuple[str, str],
             pinned: set[tuple[str | None, str | None]], focus: int = 0, single: bool = False,
             shown: Sequence[str] = ()) -> None:
        """New pairs (the alignment landed, or was re-solved): lay them out and focus pair `focus`. `single`: B is
        reviewed alone and shown alone; `shown`: the status each pair is shown with (≈ for one edited in place)."""
        self.outlines, self.pairs, self._words, self._pinned = {"a": a, "b": b}, pairs, words, pinned
        self._shown = shown
        self.single = single
        self.set_reactive(CompareView.focused_index, max(0, min(focus, len(pairs) - 1)))
        self._layout_width = 0
        self.relayout()

    @property
    def laid_out(self) -> bool:
        """The rows of the pairs shown are laid out for the view's width (the first screenful of a big pair at least)."""
        return bool(self.size.width) and self._laid_out is self.pairs and self._layout_width == self.column_width

    @property
    def column_width(self) -> int:
        return _column_width(self.scrollable_content_region.width, self.single)

    def relayout(self) -> None:
        if not self.outlines or not self.size.width:
            return
        width = self.column_width
        if width == self._layout_width:
            return
        self._layout_width = width
        a, b = self.outlines["a"], self.outlines["b"]
        blocks = layout(self.pairs, a, b, width - 1, self._words, self._pinned, self._wraps_for(width - 1), self._shown,
                        self.single)
        if len(a.text) + len(b.text) <= INLINE_LAYOUT_CHARS:
            self._install(list(blocks), width, self.pairs)
            return
        pairs = self.pairs
        first = self._first_screen(blocks) if self._laid_out is not pairs else []
        if first:  # nothing of these pairs was on screen: the first screenful now, the rest in the worker
            self._install(first, width, pairs)
        # what is on screen (an older layout, or the first screenful) stays until the worker is done
        self.run_worker(self._lay_out_rest(first, blocks, width, pairs), exclusive=True, group="layout")

    async def _lay_out_rest(self, first: list[Block], blocks: Iterator[Block], width: int, pairs: list[Pair]) -> None:
        """The rest of a layout, LAYOUT_SLICE at a time on the event loop: a key waits one slice at most."""
        out = list(first)
        end = time.perf_counter() + LAYOUT_SLICE
        for block in blocks:
            out.append(block)
            if time.perf_counter() >= end:
                await asyncio.sleep(LAYOUT_PAUSE)  # the loop runs whatever is ready (a key, a repaint) meanwhile
                end = time.perf_counter() + LAYOUT_SLICE
        self._install(out, width, pairs)

    def _wraps_for(self, width: int) -> dict:
        """The wrapped bodies at `width`, kept with those of the last other width (a resize back and forth)."""
        wraps = self._wraps.pop(width, {})
        self._wraps = {**dict(list(self._wraps.items())[-1:]), width: wraps}
        return wraps

    def _first_screen(self, blocks: Iterator[Block]) -> list[Block]:
        """The first blocks, up to a screen past the focused one (at most FIRST_SCREEN_BLOCKS); `blocks` goes on
        from there."""
        height, out = self.scrollable_content_region.height, []
        for block in blocks:
            out.append(block)
            if len(out) >= FIRST_SCREEN_BLOCKS or (
                    len(out) > self.focused_index and block.row >= out[self.focused_index].row + height):
                break
        return out

    def _install(self, blocks: list[Block], width: int, pairs: list[Pair]) -> None:
        if width != self._layout_width or pairs is not self.pairs:
            return  # a newer layout is on its way
        # the same pairs at another width (a resize): the reader's place stays, not the focused block's top (walk22
        # F3: a resize went back to the top of the long section being read)
        place = self._reading_place() if self._laid_out is pairs and len(self.blocks) == len(blocks) else None
        self.blocks, self._laid_out = blocks, pairs
        self._starts = [blk.row for blk in blocks]
        height = blocks[-1].row + blocks[-1].height if blocks else 0
        self.virtual_size = Size(self.scrollable_content_region.width, height)
        self.forget_rows()
        self._row_keys.clear()
        top = None if place is None else blocks[place[0]].row + int(place[1] * blocks[place[0]].height)
        focused = blocks[self.focused_index] if self.focused_index < len(blocks) else None
        height = self.scrollable_content_region.height
        if top is None or focused is None or not (top - focused.height < focused.row < top + height):
            self.scroll_to_focus()  # (the focused pair is never left out of view: reread22 F9)
        else:
            self.scroll_to(y=top, animate=False, force=True)
        self.refresh()

    def _reading_place(self) -> tuple[int, float] | None:
        """The block at the top of the view and how far into it the view starts (a share of its rows)."""
        if not self.blocks:
            return None
        row = int(self.scroll_y)
        index = self.block_at(row)
        block = self.blocks[index]
        return index, (row - block.row) / max(1, block.height)

    def on_resize(self) -> None:
        self._styles = {}
        self.relayout()

    def restyled(self) -> None:
        super().restyled()
        self._styles = {}

    def block_at(self, row: int) -> int:
        return max(0, bisect.bisect_right(self._starts, row) - 1)

    @property
    def focused_pair(self) -> Pair | None:
        return self.pairs[self.focused_index] if self.pairs else None

    def focus_pair(self, index: int) -> None:
        """Focus pair `index` (clamped) and bring its block into view."""
        if not self.pairs:
            return
        self.focused_index = max(0, min(index, len(self.pairs) - 1))
        self.scroll_to_focus()

    def scroll_to_focus(self, row_in_block: int = 0) -> None:
        if not self.blocks or self.focused_index >= len(self.blocks):
            return
        block = self.blocks[self.focused_index]
        target = block.row + row_in_block
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if row_in_block == 0 or not top <= target < top + height:
            # force: a layout just installed has no scrollbar yet (it comes a layout later), and without one
            # Textual ignores the scroll (a reopened review showed its first pair, not the reviewer's)
            self.scroll_to(y=self._top_for(target) if row_in_block == 0 else max(0, target - height // 3), animate=False,
                           force=True)

    def _top_for(self, row: int) -> int:
        """The scroll position that shows `row` FOCUS_ROWS_ABOVE rows below the top, as focusing a pair puts its block."""
        return max(0, row - FOCUS_ROWS_ABOVE)

    def watch_focused_index(self, old: int, new: int) -> None:
        self._refresh_block(old)
        self._refresh_block(new)
        if self.pairs:
            self.post_message(self.PairFocused(new, self.pairs[new]))

    def watch_side(self) -> None:
        self._refresh_block(self.focused_index)

    def _refresh_block(self, index: int) -> None:
        if 0 <= index < len(self.blocks):
            block = self.blocks[index]
            self.refresh_lines(block.row, block.height)

    # highlights --------------------------------------------------------------------------------------------
    def set_layer(self, name: str, spans: dict[str, list[tuple[int, int]]]) -> None:
        """Replace highlight layer `name` (see LAYER_ORDER) with these document spans per side."""
        layer = {side: Layer(spans.get(side, [])) for side in ("a", "b")}
        if layer == self._layers.get(name, _NO_LAYER):
            return  # the same highlight (the annotations of every pair, say): nothing to repaint
        self._layers[name] = layer
        if name in FOCUSED_LAYERS:
            self._focus_version += 1
            self._refresh_block(self.focused_index)
        else:
            self._version += 1
            self.refresh()

    def _style(self, name: str) -> Style:
        """A component's style ("" the view's own), kept until the styles or the size change."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (self.get_component_rich_style(f"compare-view--{name}", partial=True)
                                          if name else self.rich_style)
        return style

    # rendering ---------------------------------------------------------------------------------------------
    def row_key(self, y: int) -> Row | None:
        row = y + int(self.scroll_y)
        if not self.blocks or row >= self.virtual_size.height:
            return None
        index = self.block_at(row)
        block, focused = self.blocks[index], index == self.focused_index
        state = (index, row - block.row, self._version, (self.side, self._focus_version, self.caret) if focused else None)
        key = self._row_keys.get(state)
        if key is None:
            key = self._row_keys[state] = self._content_key(index, row - block.row, focused)
        return key

    def _content_key(self, index: int, local: int, focused: bool, layers: dict | None = None) -> Row:
        """What a row shows: a highlight that changed elsewhere (a search, the annotations) leaves it as it was.
        `layers`: the highlights to read (the view's own by default)."""
        block = self.blocks[index]
        marks: tuple = ((), ())
        if block.head_height <= local < block.height - 1:
            i = local - block.head_height
            marks = (tuple(self._marks(block, "a", i, focused, layers)), tuple(self._marks(block, "b", i, focused, layers)))
        return Row(index, local, focused, self.side if focused else None, marks)

    def style_ahead_of(self, index: int, focused_layers: dict[str, dict[str, list[tuple[int, int]]]]) -> None:
        """Style the rows that focusing pair `index` would show (its block near the top, where `focus_pair` puts it),
        with `focused_layers` (that pair's diff and figures) in its block: the key that goes there finds them styled
        (`CachedRows.style_ahead`). Nothing while a selection is being made (a move ends it)."""
        if not 0 <= index < len(self.blocks) or self.caret is not None or not self.laid_out:
            return
        layers = {**self._layers, **{name: {side: Layer(spans.get(side, [])) for side in "ab"}
                                     for name, spans in focused_layers.items()}}
        layers.pop("selection", None)
        top = min(self._top_for(self.blocks[index].row), self.max_scroll_y)
        rows, width = [], self.scrollable_content_region.width
        for row in range(top, min(top + self.size.height, self.virtual_size.height)):
            i = self.block_at(row)
            key = self._content_key(i, row - self.blocks[i].row, i == index, layers)
            rows.append((key, lambda key=key: self._render_row(self.blocks[key.index], key, width)))
        self.style_ahead(rows)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.row_key(y)
        if row is None:
            return Strip.blank(width, self._style(""))
        return self._render_row(self.blocks[row.index], row, width)

    def _render_row(self, block: Block, row: Row, width: int) -> Strip:
        local, focused = row.local, row.focused
        col = _column_width(width, self.single)
        divider = [Segment(DIVIDER, self._style("divider"))]
        if local < block.head_height:
            base = self._style("header-focused" if focused else "header")
            segments = self._header(block, "b", local, col, focused)
            if not self.single:
                segments = self._header(block, "a", local, col, focused) + divider + segments
            segments = [Segment(s.text, base + s.style if s.style else base) for s in segments]
        elif local < block.height - 1:
            i = local - block.head_height
            segments = self._body(block, "b", i, col, row.marks[1])
            if not self.single:
                segments = self._body(block, "a", i, col, row.marks[0]) + divider + segments
        else:  # the spacer between blocks keeps the divider, so the two columns read as columns
            segments = [] if self.single else [Segment(" " * col)] + divider
        return Strip(Segment.adjust_line_length(segments, width, self._style("")), width)

    def _header(self, block: Block, side: str, line: int, col: int, focused: bool) -> list[Segment]:
        lines, title = block.head[side], block.titles[side]
        if line >= len(lines):
            return [Segment(" " * col)]
        start, end = lines[line]
        sid = block.pair.a if side == "a" else block.pair.b
        status = self._style(block.sign)
        if sid is None:
            return Segment.adjust_line_length([Segment(title[start:end], status + self._style("filler"))], col)
        heading = self._style("active") if focused and side == self.side else Style()
        id_end, marks_end = block.leads[side]  # "= 1.2", " 0.83 📌"
        segs = []
        for a, b, style in ((0, id_end, status + self._style("id")), (id_end, marks_end, self._style("score")),
                            (marks_end, len(title), heading)):
            if max(start, a) < min(end, b):
                segs.append(Segment(title[max(start, a):min(end, b)], style))
        return Segment.adjust_line_length(segs, col)

    def _body(self, block: Block, side: str, i: int, col: int, marks: tuple) -> list[Segment]:
        lines = block.body[side]
        if (block.pair.a if side == "a" else block.pair.b) is None:
            return [Segment("╱" * col, self._style("filler"))]
        if i >= len(lines):
            return [Segment(" " * col)]
        start, end = lines[i]
        styled = [(s, e, self._style(name)) for s, e, name in marks]
        return Segment.adjust_line_length(_runs(self.outlines[side].text, start, end, styled), col)

    def _marks(self, block: Block, side: str, i: int, focused: bool, layers: dict | None = None) -> list[tuple[int, int, str]]:
        """The highlights on body line `i` of one side: (start, end, component name), in painting order."""
        lines = block.body[side]
        if i >= len(lines):
            return []
        start, end = lines[i]
        marks = []
        for name in LAYER_ORDER:
            layer = (self._layers if layers is None else layers).get(name)
            if layer is None or (name in FOCUSED_LAYERS and not focused):
                continue
            style = f"diff-{side}" if name == "diff" else name  # removed words in A, added in B
            marks += [(s, e, style) for s, e in layer[side].within(start, end)]
        if focused and self.caret and self.caret[0] == side and start <= self.caret[1] < max(end, start + 1):
            marks.append((self.caret[1], self.caret[1] + 1, "caret"))
        return marks

    # positions ---------------------------------------------------------------------------------------------
    def offset_at(self, x: int, y: int) -> tuple[int, str, int] | None:
        """(pair index, side, document offset) under screen cell (x, y) of the view, in a body line."""
        if not self.blocks:
            return None
        row = y + int(self.scroll_y)
        index = self.block_at(row)
        block = self.blocks[index]
        i = row - block.row - block.head_height
        col = self.column_width
        side = "a" if x < col and not self.single else "b"
        lines = block.body[side]
        if not 0 <= i < len(lines):
            return None
        x -= 0 if side == "a" or self.single else col + len(DIVIDER)
        start, end = lines[i]
        text, used = self.outlines[side].text, 0
        for k in range(start, end):
            used += cell_len(text[k])
            if used > x:
                return index, side, k
        return index, side, max(start, end - 1)

    def row_of(self, index: int, side: str, offset: int) -> int:
        """The row (in the virtual space) of a document offset inside pair `index`'s block."""
        block = self.blocks[index]
        return block.row + block.head_height + self._line_index(block.body[side], offset)

    @staticmethod
    def _line_index(lines: list[tuple[int, int]], offset: int) -> int:
        ends = [e for _, e in lines]
        return min(bisect.bisect_right(ends, offset), max(0, len(lines) - 1))

    # selection (visual mode and mouse) ---------------------------------------------------------------------
    @property
    def selection(self) -> tuple[str, int, int] | None:
        """(side, start, end) of the selected passage, document offsets, end exclusive."""
        if self.caret is None or self.anchor is None:
            return None
        side, caret = self.caret
        return side, min(self.anchor, caret), max(self.anchor, caret) + 1

    def has_text(self, side: str) -> bool:
        """Whether the focused pair shows text of its own on `side` (a section may hold a heading alone)."""
        return self.focused_index < len(self.blocks) and bool(self.blocks[self.focused_index].body[side])

    def start_selection(self, side: str, offset: int) -> None:
        """Select from `offset` in the focused pair's side, or from its first character shown there: a heading is
        the block's header row, where no selection is drawn, so none starts in it."""
        body = self.blocks[self.focused_index].body[side] if self.focused_index < len(self.blocks) else []
        if body:
            offset = max(body[0][0], min(body[-1][1] - 1, offset))
        self.side = side
        self.caret, self.anchor = (side, offset), offset
        self._show_selection()

    def clear_selection(self) -> None:
        self.caret = self.anchor = None
        self.set_layer("selection", {})

    def move_caret(self, chars: int = 0, lines: int = 0, phrases: int = 0) -> None:
        """Move the caret by characters (across lines), by display lines or by phrases (to a comma or sentence end:
        `hanzi.phrase_step`), within the focused pair's side."""
        if self.caret is None or not self.blocks:
            return
        side, offset = self.caret
        body = self.blocks[self.focused_index].body[side]
        if not body:
            return
        if phrases:
            offset = phrase_step(self.outlines[side].text, offset, body[0][0], body[-1][1], phrases)
        elif lines:
            i = self._line_index(body, offset)
            j = max(0, min(len(body) - 1, i + lines))
            column = offset - body[i][0]
            offset = min(body[j][0] + column, max(body[j][0], body[j][1] - 1))
        else:
            offset = max(body[0][0], min(body[-1][1] - 1, offset + chars))
        self.caret = (side, offset)
        self.scroll_to_region_of(side, offset)
        self._show_selection()

    def scroll_to_region_of(self, side: str, offset: int) -> None:
        row = self.row_of(self.focused_index, side, offset)
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if not top <= row < top + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False)

    def _show_selection(self) -> None:
        sel = self.selection
        self.set_layer("selection", {sel[0]: [(sel[1], sel[2])]} if sel else {})

    def on_mouse_down(self, event) -> None:
        hit = self.offset_at(event.x, event.y)
        if hit is None:
            if self.blocks:
                self.focused_index = self.block_at(event.y + int(self.scroll_y))
            return
        index, side, offset = hit
        self.focused_index = index
        self.start_selection(side, offset)
        self.capture_mouse()

    def on_mouse_move(self, event) -> None:
        if not event.button or self.caret is None:
            return
        hit = self.offset_at(event.x, event.y)
        if hit is not None and hit[0] == self.focused_index and hit[1] == self.caret[0]:
            self.caret = (hit[1], hit[2])
            self._show_selection()

    def on_mouse_up(self, event) -> None:
        self.release_mouse()
        sel = self.selection
        if sel is not None and sel[2] - sel[1] <= 1:  # a plain click: focus, no selection
            self.clear_selection()
            self.post_message(self.Clicked(sel[0], sel[1]))
        elif sel is not None:
            self.post_message(self.Selected(*sel))


def _column_width(width: int, single: bool) -> int:
    """Each report's column in a view `width` cells wide: half of it beside the divider, or all of it for B alone."""
    return max(10, width if single else (width - len(DIVIDER)) // 2)


def _runs(text: str, start: int, end: int, marks: list[tuple[int, int, Style]]) -> list[Segment]:
    """text[start:end] as segments, each span styled by every mark covering it (later marks on top)."""
    if not marks:
        return [Segment(text[start:end])]
    cuts = sorted({start, end, *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        if lo >= hi or lo < start or hi > end:
            continue
        style = Style()
        for s, e, st in marks:
            if s <= lo and hi <= e:
                style += st
        out.append(Segment(text[lo:hi], style))
    return out
