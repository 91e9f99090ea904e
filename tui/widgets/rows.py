"""Rows cached as Textual paints them, for the line-API widgets (compare view, pair list).

Textual styles every row a widget renders (background, padding, the line filters that turn theme colours into
true colours) and keeps the result by screen row: a scroll shifts every row, so each is styled again — at ~60 µs a
row, the larger part of a keypress that scrolls. `CachedRows.render_lines` keeps the styled rows by what they show
(`row_key`), so a row that only moved on screen costs a dictionary lookup, and the compositor's own per-row caches
(which hold on to the strip object) hit as well.

The caches are `RowCache`s, not Textual's LRUCache: that one links its entries in a ring, so each time it is cleared
(a new layout, new styles) its few hundred rows — some thousands of objects — become garbage that only a full
collection of the cycle collector frees, and that collection, walking all of it, stalls a key by 100 ms or more.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

# The styling render_lines gives every row (Textual's own, private: textual is pinned in pyproject.toml, and
# tests/tui/test_layout_perf.py checks that rows styled ahead are the rows painted)
from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.strip import Strip

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class RowCache(Generic[K, V]):
    """At most `size` items, the least recently used dropped first; no reference cycles (an OrderedDict), so what
    it drops is freed at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, default: V | None = None) -> V | None:
        try:
            self._items.move_to_end(key)
        except KeyError:
            return default
        return self._items[key]

    def __setitem__(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


class CachedRows:
    """Mixin for a line-API Widget, listed before the Widget base (a mixin, not a Widget: Textual takes the default
    CSS from the first DOMNode base). Styled rows are cached by `row_key(y)`; call `forget_rows()` when what a key
    stands for changes (a new layout, new labels); a style update that changes what is painted forgets them too."""

    ROWS_CACHED = 400  # ten screens: enough to go back and forth; each row holds Textual strips the collector walks

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._styled: RowCache[Hashable, Strip] = RowCache(self.ROWS_CACHED)
        self._painted_span: tuple[int, int] | None = None  # (x, width) of the last rows painted

    def row_key(self, y: int) -> Hashable:
        """What row `y` of the widget shows: equal keys, equal rows at the same width (a row must not depend on the
        widget's height: no bottom border or padding)."""
        raise NotImplementedError

    def forget_rows(self) -> None:
        self._styled.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if styles_changed(self):
            self.restyled()

    def restyled(self) -> None:
        """The styles changed: nothing painted before holds."""
        self.forget_rows()

    def _styling(self, x: int, width: int) -> tuple:
        return x, width, self.size.width, self.background_colors, tuple(self.get_line_filters())

    def style_ahead(self, rows: list[tuple[Hashable, Callable[[], Strip]]]) -> None:
        """Style rows before they are on screen, as `render_lines` would, and keep them: `rows` are (row_key, a function
        giving the row's content line). A key that scrolls to rows never painted then only looks them up (styling a
        screenful of new rows was a third of such a key's time)."""
        if self._painted_span is None or not rows:
            return
        x, width = self._painted_span
        styling = self._styling(x, width)
        todo = [(key, content) for key, content in rows[:self.size.height]
                if key is not None and (key, styling) not in self._styled]
        if not todo:
            return
        lines = [content() for _, content in todo]
        base_background, background = self.background_colors
        styled = StylesCache().render(self.styles, self.region.size, base_background, background, lines.__getitem__,
                                      self.get_line_filters(), None, None, content_size=self.content_region.size,
                                      padding=self.styles.padding, crop=Region(x, 0, width, len(lines)),
                                      opacity=self.opacity, ansi_theme=self.app.ansi_theme,
                                      native_ansi=self.app.native_ansi_color)
        for (key, _), strip in zip(todo, styled):
            self._styled[(key, styling)] = strip

    def render_lines(self, crop: Region) -> list[Strip]:
        x, width = self._painted_span = crop.x, crop.width
        styling = self._styling(x, width)
        keys = [(self.row_key(y), styling) for y in crop.line_range]
        rows = [self._styled.get(key) for key in keys]
        y = 0
        while y < len(rows):  # each run of missing rows styled by Textual in one call
            if rows[y] is not None:
                y += 1
                continue
            end = y + 1
            while end < len(rows) and rows[end] is None:
                end += 1
            rows[y:end] = super().render_lines(Region(x, crop.y + y, width, end - y))
            for k in range(y, end):
                self._styled[keys[k]] = rows[k]
            y = end
        return rows


def styles_changed(widget) -> bool:
    """Whether the styles a widget paints with (its own, its COMPONENT_CLASSES') changed since last asked. Textual
    notifies a style update on every focus or hover change, which mostly changes nothing painted: caches stay."""
    try:
        signature = (widget.rich_style, widget.background_colors, tuple(
            widget.get_component_rich_style(name, partial=True) for name in sorted(widget.COMPONENT_CLASSES)))
    except KeyError:  # component styles not resolved yet (mounting): nothing was painted with them
        signature = None
    changed = signature != getattr(widget, "_painted_with", None)
    widget._painted_with = signature
    return changed
