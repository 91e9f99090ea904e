"""The review workbench: two reports side by side, aligned section by section, scored area by area.

The App holds no domain logic: it calls `core` (read, outline, align, compare, areas, session) and keeps
only view state (which pair and area are focused, which side is being scored). Alignment and jieba run in
thread workers; the first screen shows both outlines at once and fills in the alignment when it lands.
Every change is saved at once through core.session (atomic, with a backup).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

# Imported here, before the event loop starts, on purpose: the alignment worker needs them, and a
# thread importing numpy while the UI paints takes ~4x longer (measured: 180 ms against 45 ms).
import numpy  # noqa: F401
import rapidfuzz.process  # noqa: F401
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from fazhi.core.align import Alignment, Pair, align_outlines
from fazhi.core.areas import AreaResult, map_areas
from fazhi.core.compare import Comparison
from fazhi.core.errors import FazhiError
from fazhi.core.outline import Outline, parse
from fazhi.core.report import read
from fazhi.core.rubric import Rubric, load_rubric
from fazhi.core.session import (ReportRef, Session, find_report, first_sentence, load_session, locate_passage,
                          make_annotation, reanchor_all, save_session)
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import ACTIONS, load_keymap
from fazhi.tui.render import STATUS_GLYPH
from fazhi.tui.wrap import wrap_text

STATUS_STYLE = {"matched": "green", "moved": "yellow", "removed": "red", "added": "cyan", "pending": "grey50"}
#: Up to this many characters (both reports) an alignment with cached tokens takes a few tens of ms:
#: cheaper done before the first paint than in a worker that competes with the paint.
INLINE_ALIGN_CHARS = 300_000


# -------------------------------------------------------------------------------------------- layout

@dataclass
class Block:
    """One aligned pair laid out: a header row, then body rows (both sides padded to one height)."""

    pair: Pair
    row: int  # first screen row
    left: list[tuple[int, int]]  # display lines as offsets into report A's text
    right: list[tuple[int, int]]

    @property
    def height(self) -> int:
        return 1 + max(len(self.left), len(self.right)) + 1  # header, body, spacer


def section_lines(outline: Outline, section_id: str | None, width: int) -> list[tuple[int, int]]:
    if section_id is None:
        return []
    s = outline.find(section_id)
    if s is None or not s.text:
        return []
    return wrap_text(outline.text[s.body_start:s.body_end], width, offset=s.body_start)


class CompareView(ScrollView, can_focus=True, inherit_bindings=False):
    """Both reports in one line-API view: each row is A's line │ B's line, so they always scroll together."""

    DEFAULT_CSS = """
    CompareView { background: $surface; scrollbar-gutter: stable; }
    """
    # Tab would move focus (a Screen binding); here it switches the side, so the view claims it first.
    BINDINGS = [Binding(next(a.keys for a in ACTIONS if a.id == "pane.switch"), "app.switch_side", show=False,
                        id="pane.switch")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.a: Outline | None = None
        self.b: Outline | None = None
        self.pairs: list[Pair] = []
        self.blocks: list[Block] = []
        self.starts: list[int] = []
        self.focused_index = 0
        self.side = "a"
        self.comparison: Comparison | None = None
        self.marks: dict[str, list[tuple[int, int]]] = {"a": [], "b": []}  # annotated spans
        self._layout_width = 0

    # layout ----------------------------------------------------------------------------------------
    def set_content(self, a: Outline, b: Outline, pairs: list[Pair]) -> None:
        self.a, self.b, self.pairs = a, b, pairs
        self.focused_index = min(self.focused_index, max(0, len(pairs) - 1))
        self._layout_width = 0
        self.relayout()

    @property
    def column_width(self) -> int:
        return max(10, (self.scrollable_content_region.width - 3) // 2)

    def relayout(self) -> None:
        if not self.a or not self.size.width:
            return
        width = self.column_width
        self._layout_width = width
        self.blocks, self.starts, row = [], [], 0
        for pair in self.pairs:
            block = Block(pair, row, section_lines(self.a, pair.a, width - 1), section_lines(self.b, pair.b, width - 1))
            self.blocks.append(block)
            self.starts.append(row)
            row += block.height
        self.virtual_size = Size(self.scrollable_content_region.width, row)
        self._line_cache: dict = {}
        self.refresh()

    def on_resize(self) -> None:
        if self.column_width != self._layout_width:
            self.relayout()

    def block_at(self, y: int) -> int:
        return max(0, bisect.bisect_right(self.starts, y) - 1)

    def invalidate(self) -> None:
        """Rendered rows are cached; anything that changes how they look calls this."""
        self._line_cache = {}
        self.refresh()

    def focus_pair(self, index: int, scroll: bool = True) -> None:
        if not self.blocks:
            return
        self.focused_index = max(0, min(index, len(self.blocks) - 1))
        if scroll:
            block = self.blocks[self.focused_index]
            self.scroll_to(y=max(0, block.row - 2), animate=False)
        self.invalidate()

    # rendering ----------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        width = self.scrollable_content_region.width
        if not self.blocks or row >= self.virtual_size.height:
            return Strip.blank(width, self.rich_style)
        key = (row, self.focused_index, self.side, width, id(self.comparison))
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        index = self.block_at(row)
        block = self.blocks[index]
        focused = index == self.focused_index
        col = self.column_width
        local = row - block.row
        if local == 0:
            segments = self._header(block, col, focused)
        elif local <= max(len(block.left), len(block.right)):
            segments = (self._body("a", block, local - 1, col, focused) + [Segment(" │ ", Style(dim=True))]
                        + self._body("b", block, local - 1, col, focused))
        else:
            segments = [Segment(" " * width)]
        strip = Strip(segments).crop_extend(0, width, self.rich_style)
        self._line_cache[key] = strip
        return strip

    def _header(self, block: Block, col: int, focused: bool) -> list[Segment]:
        pair = block.pair
        glyph = STATUS_GLYPH[pair.status]
        color = STATUS_STYLE[pair.status]
        base = Style(bold=True, bgcolor="grey23" if focused else None)

        def side(outline: Outline | None, sid: str | None, active: bool) -> Text:
            if sid is None:
                return Text(f"{glyph} ┄┄ {self.app.t('no_counterpart')} ┄┄", style=Style(color=color, dim=True))
            s = outline.find(sid)
            heading = (s.label + s.heading) if s and s.kind != "preamble" else self.app.t("preamble")
            t = Text(f"{glyph} {sid} ", style=Style(color=color, bold=True))
            t.append(heading, style=Style(underline=active and focused))
            return t

        score = f" {pair.score:.2f}" if pair.score is not None else ""
        left = side(self.a, pair.a, self.side == "a")
        right = side(self.b, pair.b, self.side == "b")
        right.append(score + (" 📌" if pair.pinned else ""), style=Style(dim=True))
        segs = list(left.render(self.app.console))
        out = _fit(segs, col) + [Segment(" │ ", Style(dim=True))] + _fit(list(right.render(self.app.console)), col)
        return [Segment(s.text, (s.style or Style()) + base) for s in out]

    def _body(self, side: str, block: Block, i: int, col: int, focused: bool) -> list[Segment]:
        lines = block.left if side == "a" else block.right
        outline = self.a if side == "a" else self.b
        sid = block.pair.a if side == "a" else block.pair.b
        if sid is None:
            return [Segment("╱" * col, Style(color="grey30"))]
        if i >= len(lines):
            return [Segment(" " * col)]
        start, end = lines[i]
        text = outline.text[start:end]
        styles = [Style()] * len(text)
        if focused and self.comparison is not None:
            self._apply_diff(side, start, end, styles)
        for a0, a1 in self.marks.get(side, []):
            for k in range(max(a0, start), min(a1, end)):
                styles[k - start] = styles[k - start] + Style(underline=True, color="magenta")
        return _fit(_runs(text, styles), col)

    def _apply_diff(self, side: str, start: int, end: int, styles: list[Style]) -> None:
        comp = self.comparison
        s = (self.a if side == "a" else self.b).find(self.blocks[self.focused_index].pair.a if side == "a"
                                                     else self.blocks[self.focused_index].pair.b)
        if s is None:
            return
        base = s.heading_start
        for op in comp.ops:
            if op.tag == "equal":
                continue
            lo, hi = (op.a_start, op.a_end) if side == "a" else (op.b_start, op.b_end)
            style = Style(bgcolor="dark_red" if side == "a" else "dark_green", bold=True)
            for k in range(max(base + lo, start), min(base + hi, end)):
                styles[k - start] = style
        for f in comp.figures:
            fig = f.a if side == "a" else f.b
            if fig is not None and f.status != "same":
                for k in range(max(base + fig.start, start), min(base + fig.end, end)):
                    styles[k - start] = Style(bgcolor="dark_orange3", color="black", bold=True)


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (full- or half-width), 、 or spaces."""
    return [t for t in re.split(r"[,\uff0c、\s]+", text) if t]


def _runs(text: str, styles: list[Style]) -> list[Segment]:
    """One segment per run of equally styled characters (not one per character: keys stay fast)."""
    segments, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] != styles[start]:
            segments.append(Segment(text[start:i], styles[start]))
            start = i
    return segments


def _fit(segments: list[Segment], width: int) -> list[Segment]:
    """Cut or pad segments to exactly `width` cells (CJK-aware)."""
    out, used = [], 0
    for seg in segments:
        if seg.text == "\n":
            continue
        w = cell_len(seg.text)
        if used + w > width:
            room = width - used
            text = ""
            for ch in seg.text:
                if cell_len(text + ch) > room:
                    break
                text += ch
            out.append(Segment(text, seg.style))
            used += cell_len(text)
            break
        out.append(seg)
        used += w
    if used < width:
        out.append(Segment(" " * (width - used)))
    return out


# ---------------------------------------------------------------------------------------------- panels

class TextPanel(Widget):
    """Text in a box whose size the layout fixes: new text repaints it without a layout pass
    (Static.update re-lays the whole screen, which made every keypress cost tens of ms)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text: Text = Text()

    def set_text(self, text: Text) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text


class AreaPanel(TextPanel):
    """Each rubric area: A and B scores, evidence counts; the focused area and scored side highlighted."""

    def show(self, rubric: Rubric, session: Session, focused: int, side: str,
             areas_a: AreaResult | None, areas_b: AreaResult | None, t) -> None:
        text = Text()
        text.append(f"{t('areas')}  ", style="bold")
        text.append(f"{t('scoring')}: {side.upper()}\n", style="bold reverse")
        text.append(" " * 14 + f"A {t('evidence_short')}  B {t('evidence_short')}\n", style="dim")
        for i, area in enumerate(rubric.areas):
            sa, sb = session.score("a", area.id), session.score("b", area.id)
            ev_a = len(areas_a.evidence.get(area.id, [])) if areas_a else 0
            ev_b = len(areas_b.evidence.get(area.id, [])) if areas_b else 0
            mark = "▶" if i == focused else " "
            style = "reverse" if i == focused else ""
            text.append(f"{mark}{_pad(area.title_short, 12)}", style=style)
            for s, ev, sd in ((sa, ev_a, "a"), (sb, ev_b, "b")):
                level = str(s.level) if s else "·"
                note = "✎" if s and s.note else " "
                text.append(f" {level}{note}", style="bold green" if s else "dim")
                text.append(f"{ev:>2}", style="dim" if sd != side else "")
            text.append("\n")
        lv = rubric.levels
        text.append("\n" + "  ".join(f"{x.level}={x.label}" for x in lv), style="dim")
        self.set_text(text)


def _pad_left(s: str, width: int) -> str:
    """The end of `s` that fits in `width` cells, right-aligned (a figure's phrase ends next to it)."""
    out = ""
    for ch in reversed(s):
        if cell_len(ch + out) > width:
            break
        out = ch + out
    return " " * (width - cell_len(out)) + out


def _pad(s: str, width: int) -> str:
    out = ""
    for ch in s:
        if cell_len(out + ch) > width:
            break
        out += ch
    return out + " " * (width - cell_len(out))


# ---------------------------------------------------------------------------------------------- modals

class Form(ModalScreen[dict[str, str] | None]):
    """A few labelled text fields (note, tag, passage …); Enter saves, Escape cancels, Tab moves on.
    Dismisses with {field: value}, {"delete": "1"} when deleting, or None."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical { width: 76; max-width: 100%; height: auto; border: thick $accent; background: $panel; padding: 1 2; }
    Form Label.field { color: $text-muted; }
    Form Input { margin-bottom: 1; }
    """

    def __init__(self, title: str, fields: list[tuple[str, str, str]], t, deletable: bool = False) -> None:
        super().__init__()
        self.title_text, self.fields, self.t, self.deletable = title, fields, t, deletable

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            for name, label, value in self.fields:
                yield Label(label, classes="field")
                yield Input(value, placeholder=label, id=name)
            with Horizontal():
                yield Button(self.t("save"), variant="primary", id="save")
                if self.deletable:
                    yield Button(self.t("delete"), variant="error", id="delete")
                yield Button(self.t("cancel"), id="cancel")

    def on_input_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        elif event.button.id == "delete":
            self.dismiss({"delete": "1"})
        else:
            self.dismiss(None)

    def _save(self) -> None:
        self.dismiss({name: self.query_one(f"#{name}", Input).value for name, _, _ in self.fields})

    def action_cancel(self) -> None:
        self.dismiss(None)


class Chooser(ModalScreen[str | None]):
    """Pick one item from a list (counterpart to pin, annotation to edit)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    Chooser { align: center middle; }
    Chooser > Vertical { width: 90; height: 80%; border: thick $accent; background: $panel; }
    """

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield OptionList(*[Option(label, id=key) for key, label in self.options])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Built from the live bindings, so a user's keymap shows as it really is."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss_help", show=False)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: auto; max-height: 90%;
                                  border: thick $accent; background: $panel; padding: 0 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows, self.title_text = rows, title

    def compose(self) -> ComposeResult:
        text = Text(self.title_text + "\n\n", style="bold")
        for keys, label, binding_id in self.rows:
            text.append(f"{_pad(keys, 22)}", style="bold cyan")
            text.append(f"{_pad(label, 18)}")
            text.append(f"{binding_id}\n", style="dim")
        with VerticalScroll():
            yield Static(text)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


class ReviewCommands(Provider):
    """Palette entries: go to section, go to area, set score."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for index, pair in enumerate(app.view.pairs):
            label = app.pair_label(pair)
            title = f"{app.t('report')}: {label}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), lambda i=index: app.goto_pair(i))
        for i, area in enumerate(app.rubric.areas):
            for level in (None, *range(app.rubric.scale_min, app.rubric.scale_max + 1)):
                title = f"{app.t('areas')}: {area.title_short}" + ("" if level is None else f" = {level}")
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, matcher.highlight(title),
                              (lambda i=i: app.goto_area(i)) if level is None else (lambda i=i, lv=level: app.set_area_score(i, lv)))


# ------------------------------------------------------------------------------------------------- app

class ReviewApp(App):
    TITLE = "fazhi"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    # Narrow terminals: the pair list goes (the palette and n/u still jump) and the area panel slims.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (140, "-wide")]
    BINDINGS = [Binding(a.keys, a.action, Strings("zh").binding(a.id), show=a.show, id=a.id) for a in ACTIONS]
    CSS = """
    #header { height: 2; background: $boost; padding: 0 1; }
    #main { height: 1fr; }
    #pairs { width: 34; border-right: solid $primary-background; }
    #view { width: 1fr; }
    #side { width: 34; border-left: solid $primary-background; }
    #areas { height: 18; padding: 0 1; }
    #figures { height: 1fr; padding: 0 1; border-top: solid $primary-background; }
    #status { height: 1; background: $boost; padding: 0 1; }
    .-narrow #pairs, .-medium #pairs { display: none; }
    .-narrow #side { width: 27; }
    .-narrow #areas { padding: 0; }
    """

    def __init__(self, a_path: str | None = None, b_path: str | None = None, reviewer: str | None = None,
                 rubric: Rubric | None = None, keymap: dict[str, str] | None = None, lang: str = "zh",
                 sessions_dir: str | Path = "sessions", session: Session | None = None) -> None:
        super().__init__()
        self.t = Strings(lang)
        self.rubric = rubric or load_rubric()
        self.keymap = keymap or {}
        self.sessions_dir = Path(sessions_dir)
        self.a, self.b = parse(read(a_path)), parse(read(b_path))
        refs = {side: ReportRef(o.sha256, o.source, o.title, o.government, o.year) for side, o in (("a", self.a), ("b", self.b))}
        self.session = session or Session(reviewer=reviewer or "reviewer", reports=refs, rubric_id=self.rubric.id,
                                          rubric_version=self.rubric.version)
        # A report whose text changed since the session was saved: the session now describes the new text
        # (its annotations are re-anchored below), so aggregation counts it as that report.
        self.changed_reports = [side for side in ("a", "b") if self.session.reports[side].sha256 != refs[side].sha256]
        for side in self.changed_reports:
            self.session.reports[side] = refs[side]
        self.alignment: Alignment | None = None
        self.areas_a: AreaResult | None = None
        self.areas_b: AreaResult | None = None
        self.focused_area = 0
        self._comparisons: dict[tuple[str, str], Comparison] = {}
        self.orphans = reanchor_all(self.session, {"a": self.a.text, "b": self.b.text}) if self.session.annotations else []

    # composition ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="header")
        with Horizontal(id="main"):
            yield OptionList(id="pairs")
            yield CompareView(id="view")
            with Vertical(id="side"):
                yield AreaPanel(id="areas")
                yield TextPanel(id="figures")
        yield TextPanel(id="status")
        yield Footer()

    def _header_text(self) -> Text:
        text = Text()
        for side, o in (("A", self.a), ("B", self.b)):
            text.append(f"{side} ", style="bold reverse")
            text.append(f" {o.government or '—'} {o.year or ''}  ", style="bold")
            text.append(f"{o.title or Path(o.source).name}\n")
        return text

    @property
    def view(self) -> CompareView:
        return self.query_one(CompareView)

    def _align(self) -> tuple[Alignment, AreaResult, AreaResult]:
        alignment = align_outlines(self.a, self.b, pins=self.session.pins, forbidden=self.session.forbidden,
                                   rubric=self.rubric)
        return alignment, map_areas(self.a, self.rubric), map_areas(self.b, self.rubric)

    def alignment_is_cheap(self) -> bool:
        """No jieba to load and reports of ordinary size: aligning takes tens of milliseconds."""
        from fazhi.core.tokens import is_cached

        return (len(self.a.text) + len(self.b.text) <= INLINE_ALIGN_CHARS
                and is_cached(self.a.text) and is_cached(self.b.text))

    def on_mount(self) -> None:
        self.query_one("#status", TextPanel).set_text(Text(self.t("loading")))
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.alignment_is_cheap():
            self._alignment_ready(*self._align())
            self.view.focus()
            return
        # Slow path (jieba to load, or large reports): show both outlines now, align in a worker that
        # starts once this first screen is painted (started earlier it only competes with the paint).
        self._show_provisional()
        self._refresh_side()
        self.view.focus()
        self.call_after_refresh(self.align_in_background)

    def _show_provisional(self) -> None:
        """Both outlines side by side in document order, marked pending, until the worker lands."""
        order_a, order_b = list(self.a.walk()), list(self.b.walk())
        provisional = [Pair(order_a[i].id if i < len(order_a) else None, order_b[i].id if i < len(order_b) else None,
                            None, "pending") for i in range(max(len(order_a), len(order_b)))]
        self.view.set_content(self.a, self.b, provisional)
        self._refresh_pair_list()

    @work(thread=True, exclusive=True, group="align")
    def align_in_background(self) -> None:
        self.call_from_thread(self._alignment_ready, *self._align())

    def _alignment_ready(self, alignment: Alignment, areas_a: AreaResult, areas_b: AreaResult) -> None:
        self.alignment, self.areas_a, self.areas_b = alignment, areas_a, areas_b
        keep = self.view.pairs[self.view.focused_index] if self.view.pairs else None
        self.view.set_content(self.a, self.b, alignment.pairs)
        if keep is not None:
            index = next((i for i, p in enumerate(alignment.pairs) if (p.a, p.b) == (keep.a, keep.b)
                          or (keep.a and p.a == keep.a)), 0)
            self.view.focus_pair(index, scroll=False)
        self._refresh_pair_list()
        self._focus_changed()
        counts = alignment.counts()
        status = "  ".join(f"{STATUS_GLYPH[k]} {self.t(k)} {v}" for k, v in counts.items())
        if self.changed_reports:
            status += f"   ⚠ {'/'.join(s.upper() for s in self.changed_reports)} {self.t('report_changed')}"
        if self.orphans:
            status += f"   ⚠ {len(self.orphans)} {self.t('orphans')}"
        self.query_one("#status", TextPanel).set_text(Text(f"{self.t('aligned')}: {status}"))

    # view refresh ------------------------------------------------------------------------------------
    def pair_label(self, pair: Pair) -> str:
        a = self.a.find(pair.a) if pair.a else None
        b = self.b.find(pair.b) if pair.b else None
        s = a or b
        name = (s.heading or self.t("preamble")) if s else ""
        return f"{STATUS_GLYPH[pair.status]} {(pair.a or '–')}/{(pair.b or '–')} {name}"

    def _refresh_pair_list(self) -> None:
        pairs_list = self.query_one("#pairs", OptionList)
        pairs_list.clear_options()
        pairs_list.add_options([Text(_pad(self.pair_label(p), 28).rstrip().replace(" ", "\u00a0"),
                                     style=STATUS_STYLE[p.status]) for p in self.view.pairs])
        if self.view.pairs:
            pairs_list.highlighted = self.view.focused_index

    def _refresh_side(self) -> None:
        self.query_one(AreaPanel).show(self.rubric, self.session, self.focused_area, self.view.side,
                                       self.areas_a, self.areas_b, self.t)
        self.query_one("#figures", TextPanel).set_text(self._figures_text())
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        self.view.marks = {side: [(an.start, an.end) for an in self.session.annotations if an.side == side and not an.orphan]
                           for side in ("a", "b")}
        self.view.invalidate()

    def _figures_text(self) -> Text:
        text = Text(self.t("figures") + "\n", style="bold")
        comp = self.view.comparison
        changed = [f for f in comp.figures if f.status == "changed"] if comp else []
        one_sided = [f for f in comp.figures if f.status in ("added", "removed")] if comp else []
        if not changed:
            text.append(self.t("no_figures") + "\n", style="dim")
        if one_sided:
            text.append(f"(+{sum(f.status == 'added' for f in one_sided)} / −{sum(f.status == 'removed' for f in one_sided)})\n", style="dim")
        for f in (changed + one_sided)[:30]:
            what = f.b.phrase if f.b else f.a.phrase
            arrow = f"{f.a.text if f.a else '—'} → {f.b.text if f.b else '—'}"
            style = {"changed": "yellow", "added": "cyan", "removed": "red"}[f.status]
            text.append(f"{_pad_left(what, 14)} ", style="dim")
            text.append(arrow + "\n", style=style)
        notes = [an for an in self.session.annotations if self._annotation_in_focus(an)]
        if notes:
            text.append(f"\n{self.t('annotations')}\n", style="bold")
            for an in notes:
                text.append(("⚠ " if an.orphan else "") + f"{an.side.upper()} «{an.quote[:12]}» {an.note}"
                            + (f" #{' #'.join(an.tags)}" if an.tags else "") + "\n", style="red" if an.orphan else "")
        return text

    def _annotation_in_focus(self, an) -> bool:
        pair = self.focused_pair
        return pair is not None and an.section == (pair.a if an.side == "a" else pair.b)

    @property
    def focused_pair(self) -> Pair | None:
        return self.view.pairs[self.view.focused_index] if self.view.pairs else None

    def _focus_changed(self) -> None:
        pair = self.focused_pair
        self.view.comparison = None
        if pair and pair.a and pair.b and self.alignment is not None:
            sa, sb = self.a.find(pair.a), self.b.find(pair.b)
            if sa and sb:
                self.view.comparison = self._compare(sa, sb)
        self.view.invalidate()
        pairs_list = self.query_one("#pairs", OptionList)
        if self.view.pairs and pairs_list.highlighted != self.view.focused_index:
            pairs_list.highlighted = self.view.focused_index
        self._refresh_side()

    def _compare(self, sa, sb) -> Comparison:
        """Word diff and figures of a pair, computed once per pair and kept (keys must stay instant)."""
        from fazhi.core.compare import compare_sections

        key = (sa.id, sb.id)
        if key not in self._comparisons:
            self._comparisons[key] = compare_sections(self.a, sa, self.b, sb)
        return self._comparisons[key]

    def goto_pair(self, index: int) -> None:
        self.view.focus_pair(index)
        self._focus_changed()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "pairs":
            self.goto_pair(event.option_index)
            self.view.focus()

    # actions -------------------------------------------------------------------------------------------
    def action_next_pair(self) -> None:
        self.goto_pair(self.view.focused_index + 1)

    def action_prev_pair(self) -> None:
        self.goto_pair(self.view.focused_index - 1)

    def _jump(self, step: int, wanted) -> None:
        pairs = self.view.pairs
        i = self.view.focused_index + step
        while 0 <= i < len(pairs):
            if wanted(pairs[i]):
                self.goto_pair(i)
                return
            i += step
        self.bell()

    def _is_change(self, pair: Pair) -> bool:
        return pair.status != "matched" or (pair.score is not None and pair.score < 0.999)

    def action_next_change(self) -> None:
        self._jump(1, self._is_change)

    def action_prev_change(self) -> None:
        self._jump(-1, self._is_change)

    def action_next_unmatched(self) -> None:
        self._jump(1, lambda p: p.a is None or p.b is None)

    def action_prev_unmatched(self) -> None:
        self._jump(-1, lambda p: p.a is None or p.b is None)

    def action_switch_side(self) -> None:
        self.view.side = "b" if self.view.side == "a" else "a"
        self.view.invalidate()
        self._refresh_side()

    def action_page(self, direction: int) -> None:
        self.view.scroll_to(y=self.view.scroll_y + direction * max(1, self.view.size.height - 2), animate=False)
        self.view.focused_index = self.view.block_at(int(self.view.scroll_y) + 2)
        self._focus_changed()

    def action_next_area(self) -> None:
        self.goto_area((self.focused_area + 1) % len(self.rubric.areas))

    def action_prev_area(self) -> None:
        self.goto_area((self.focused_area - 1) % len(self.rubric.areas))

    def goto_area(self, index: int) -> None:
        self.focused_area = index
        self._refresh_side()

    def action_area_evidence(self) -> None:
        """Next pair whose section (on either side) gives evidence for the focused area."""
        area = self.rubric.areas[self.focused_area].id
        ids_a = {sid for sid, _ in (self.areas_a.evidence.get(area, []) if self.areas_a else [])}
        ids_b = {sid for sid, _ in (self.areas_b.evidence.get(area, []) if self.areas_b else [])}
        if not ids_a and not ids_b:
            self.notify(self.t("no_evidence"), severity="warning")
            return
        n = len(self.view.pairs)
        for step in range(1, n + 1):
            i = (self.view.focused_index + step) % n
            p = self.view.pairs[i]
            if p.a in ids_a or p.b in ids_b:
                self.goto_pair(i)
                return

    def action_score(self, level: int) -> None:
        self.set_area_score(self.focused_area, None if level < 0 else level)

    def set_area_score(self, area_index: int, level: int | None) -> None:
        self.focused_area = area_index
        area = self.rubric.areas[area_index]
        self.session.set_score(self.view.side, area.id, level)
        self.autosave()
        self._refresh_side()

    def action_score_note(self) -> None:
        area = self.rubric.areas[self.focused_area]
        current = self.session.score(self.view.side, area.id)

        if current is None:
            self.notify(self.t("score_first"), severity="warning")
            return

        def done(result) -> None:
            if result is not None:
                self.session.set_score(self.view.side, area.id, current.level, result["note"])
                self.autosave()
                self._refresh_side()

        self.push_screen(Form(f"{self.t('score_note')}: {area.title_short} ({self.view.side.upper()})",
                              [("note", self.t("note"), current.note or "")], self.t), done)

    def action_annotate(self) -> None:
        pair = self.focused_pair
        side = self.view.side
        sid = pair.a if side == "a" else pair.b if pair else None
        if not pair or sid is None:
            self.bell()
            return
        outline = self.a if side == "a" else self.b
        section = outline.find(sid)
        default_start, default_end = first_sentence(outline, section)

        def done(result) -> None:
            if result is None:
                return
            passage = result["passage"].strip()
            where = locate_passage(outline.text, passage, section.start, section.end) if passage else None
            start, end = where or (default_start, default_end)
            if passage and where is None:
                self.notify(self.t("passage_not_found"), severity="warning")
            tags = split_tags(result["tag"])
            self.session.annotations.append(make_annotation(side, sid, outline.text, start, end, result["note"], tags))
            self.autosave()
            self._refresh_side()

        self.push_screen(Form(f"{self.t('annotate')} {side.upper()} {sid} {section.heading[:30]}",
                              [("note", self.t("note"), ""), ("tag", self.t("tag"), ""),
                               ("passage", self.t("passage"), outline.text[default_start:default_end])], self.t), done)

    def action_annotations(self) -> None:
        notes = [an for an in self.session.annotations if self._annotation_in_focus(an)]
        if not notes:
            self.notify(self.t("no_annotations"))
            return

        def chosen(an_id) -> None:
            an = next((x for x in self.session.annotations if x.id == an_id), None)
            if an is None:
                return

            def edited(result) -> None:
                if result is None:
                    return
                if "delete" in result:
                    self.session.annotations.remove(an)
                else:
                    an.note = result["note"]
                    an.tags = split_tags(result["tag"])
                self.autosave()
                self._refresh_side()

            self.push_screen(Form(f"{self.t('annotate')} «{an.quote[:20]}»",
                                  [("note", self.t("note"), an.note), ("tag", self.t("tag"), ", ".join(an.tags))],
                                  self.t, deletable=True), edited)

        self.push_screen(Chooser(self.t("annotations"), [(an.id, f"{an.side.upper()} «{an.quote[:20]}» {an.note}") for an in notes]), chosen)

    def action_pin(self) -> None:
        pair = self.focused_pair
        if pair is None or self.alignment is None:
            self.bell()
            return
        if pair.a and pair.b:
            if (pair.a, pair.b) in self.session.pins:
                self.session.pins.remove((pair.a, pair.b))
                self.notify(self.t("unpinned"))
            else:
                self.session.pins.append((pair.a, pair.b))
                self.notify(self.t("pinned"))
            self._realign()
            return
        side, other = ("a", self.b) if pair.a else ("b", self.a)
        mine = pair.a or pair.b
        taken = {p for pin in self.session.pins for p in (pin[1] if side == "a" else pin[0],)}
        options = [(s.id, f"{s.id} {s.label}{s.heading}") for s in other.walk() if s.kind != "preamble" and s.id not in taken]

        def chosen(other_id) -> None:
            if other_id is None:
                return
            pin = (mine, other_id) if side == "a" else (other_id, mine)
            self.session.pins = [p for p in self.session.pins if p[0] != pin[0] and p[1] != pin[1]] + [pin]
            self.notify(self.t("pinned"))
            self._realign()

        self.push_screen(Chooser(self.t("pick_counterpart"), options), chosen)

    def action_forbid(self) -> None:
        pair = self.focused_pair
        if not pair or not (pair.a and pair.b):
            self.bell()
            return
        self.session.pins = [p for p in self.session.pins if p != (pair.a, pair.b)]
        self.session.forbidden.append((pair.a, pair.b))
        self.notify(self.t("forbidden"))
        self._realign()

    def _realign(self) -> None:
        self.autosave()
        self.align_in_background()

    def action_help(self) -> None:
        rows = []
        for binding in ACTIONS:
            keys = ", ".join(self.get_key_display(Binding(k.strip(), ""))
                             for k in self.keymap.get(binding.id, binding.keys).split(","))
            if binding.id.startswith("score.") and binding.id[-1].isdigit() and rows and rows[-1][2].startswith("score."):
                rows[-1] = (f"{rows[-1][0]} {keys}", self.t("score_levels"), "score.0 … score.4")
            else:
                rows.append((keys, self.t.binding(binding.id), binding.id))
        rows.append(("ctrl+p", self.t("palette"), "command_palette"))
        self.push_screen(HelpScreen(rows, f"{self.t('help_title')} — {self.t('app_title')}"))

    # persistence -----------------------------------------------------------------------------------------
    def autosave(self) -> None:
        try:
            path = save_session(self.session, directory=self.sessions_dir)
        except (FazhiError, OSError) as e:
            self.notify(str(e), severity="error", timeout=8)
            return
        self.query_one("#status", TextPanel).set_text(Text(f"{self.t('saved')}: {path.name}"))

    async def action_quit(self) -> None:
        self.autosave()
        self.exit(0)


class ReviewAppEn(ReviewApp):
    BINDINGS = [Binding(a.keys, a.action, Strings("en").binding(a.id), show=a.show, id=a.id) for a in ACTIONS]


def create_app(lang: str = "zh", **kwargs) -> ReviewApp:
    """The workbench with its footer in the reviewer's language."""
    return (ReviewAppEn if lang == "en" else ReviewApp)(lang=lang, **kwargs)


# ------------------------------------------------------------------------------------------ entry points

def run_review(path_a: str | None = None, path_b: str | None = None, session_path: str | None = None,
               reviewer: str | None = None, rubric_path: str | None = None, keymap: str | None = None,
               lang: str = "zh", sessions_dir: str = "sessions", report_dirs: list[str] | None = None) -> int:
    """Validate everything that can be wrong before the screen opens, then run the app."""
    rubric = load_rubric(rubric_path)
    keys = load_keymap(keymap) if keymap else {}
    session = None
    if session_path:
        session = load_session(session_path)
        paths = []
        for side in ("a", "b"):
            ref = session.reports[side]
            found = find_report(ref, Path(session_path), report_dirs)
            if found is None:
                raise FazhiError(session_path, f"report {side.upper()} ({ref.path or ref.sha256[:12]}) not found: "
                                                f"pass --report-dir DIR where it now lives")
            paths.append(str(found))
        path_a, path_b = paths
        if reviewer and reviewer != session.reviewer:
            # Someone else's session, opened as me: continue in my own file, theirs stays as it is.
            session.reviewer, session.path = reviewer, None
        sessions_dir = str(Path(session_path).parent)
    app = create_app(lang, a_path=path_a, b_path=path_b, reviewer=reviewer or _default_reviewer(), rubric=rubric,
                     keymap=keys, sessions_dir=sessions_dir, session=session)
    app.run()
    return 0


def _default_reviewer() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "reviewer"


def run_aggregate_view(result, rubric: Rubric, lang: str = "zh") -> None:
    from fazhi.tui.aggregate_view import AggregateApp

    AggregateApp(result, rubric, lang).run()
