"""The workbench's fixed panels: the header (both reports), the area panel (scores and evidence per rubric area),
the detail panel (the focused pair's changed figures and annotations), the status line and the key bar.

Each is a `Panel`: a widget of a size the layout fixes, whose content is a Rich Text built from data and styled
only through its COMPONENT_CLASSES (so tui/app.tcss and the theme decide every colour), repainted without a layout
pass. Text fitting uses Rich's cell helpers; data (titles, notes, quotes) is always appended as plain text, never
parsed as markup.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from fazhi.core.compare import FigureChange
from fazhi.core.rubric import Rubric
from fazhi.core.session import Annotation
from fazhi.tui.i18n import Strings
from fazhi.tui.render import QUOTE_CELLS, annotation_mark, clip, clip_line, fit, shorten_paths
from fazhi.tui.wrap import wrap
from fazhi.tui.widgets.rows import RowCache, styles_changed


class Panel(Widget):
    """Text in a box whose size the layout fixes: new text repaints it without a layout pass. Subclasses implement
    `draw(...) -> Text` for the current width; `show(...)` draws and keeps the arguments, so a resize redraws.

    Only the lines that changed are repainted: each line is rendered by Textual's own text pipeline alone and kept
    (by its content and row), so moving a marker in a long panel costs two lines, not the whole text."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text()
        self._shown: tuple | None = None
        self._styles: dict[str, Style] = {}
        self._rows: list[Strip] = []  # the text's display lines at the widget's size
        self._rows_size = Size(0, 0)
        self._lines: RowCache[tuple, list[Strip]] = RowCache(256)
        self._needed: int | None = None  # the rows the text takes (panels sized by their content)

    def show(self, *args, **kwargs) -> None:
        self._shown = (args, kwargs)
        text = self.draw(*args, **kwargs)
        if text != self._text:
            # A panel sized by its content (height: auto) is laid out again when the rows its text takes change (the
            # scale listed in a wide panel, a note wrapped to three rows): repainted at its old height, they were cut.
            needed = self._rows_needed(text) if self._sized_by_content() else None
            relayout, self._needed = needed != self._needed, needed
            self._text = text
            old = self._rows
            if relayout:
                self._rows_size = Size(0, 0)  # the rows are made again at the size the layout gives
                self.refresh(layout=True)
            elif self._rows_size != self.size or len(self._render_rows()) != len(old):
                self.refresh()
            else:
                # a row drawn anew the same as before (the whole text rendered at once) is not painted again
                self.refresh(*(Region(0, y, self.size.width, 1) for y, (was, now) in enumerate(zip(old, self._rows))
                               if was is not now and was != now))

    def draw(self, *args, **kwargs) -> Text:
        raise NotImplementedError

    def _sized_by_content(self) -> bool:
        height = self.styles.height
        return height is not None and height.is_auto

    def _rows_needed(self, text: Text) -> int:
        """The rows `text` takes at the panel's width, as Textual measures an auto height: one a line where every
        line fits (most do: measuring wraps the whole text, a millisecond a figure on a long section's list)."""
        width = self.content_size.width
        if not width:
            return -1
        lines = text.plain.split("\n")
        if _row_each(lines, width):
            return len(lines)
        return visualize(self, text).get_height(self.styles, width)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown[0], **self._shown[1])
            if self._sized_by_content():
                self.call_after_refresh(self._fit_height)

    def _fit_height(self) -> None:
        """A panel sized by its content laid out again where its rows are not its height: the layout of a resize
        measured the text drawn for the old size, and a layout asked for while the resize is laid out is lost
        (walk21 F3: 160×45 → 100×30 left the area panel four rows too tall until the app restarted)."""
        if self.is_attached and self._rows_needed(self._text) != self.content_size.height:
            self.refresh(layout=True)

    @property
    def width(self) -> int:
        return self.content_size.width

    @property
    def plain(self) -> str:
        return self._text.plain

    def render(self) -> Text:
        return self._text  # what Textual measures (auto height) and copies from a selection

    def render_line(self, y: int) -> Strip:
        if self.text_selection is not None:  # the selection is drawn across lines: Textual renders it all
            return super().render_line(y)
        if self._rows_size != self.size:
            self._render_rows()
        return self._rows[y] if y < len(self._rows) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def _render_rows(self) -> list[Strip]:
        """The display lines of the text, as Textual renders the whole text (`Visual.to_strips`), line by line."""
        width, height = self._rows_size = self.size
        style = self.visual_style
        lines = self._text.split("\n", allow_blank=True)[:height]
        keys = [(y, line.plain, tuple(line.spans), line.style, width, style) for y, line in enumerate(lines)]
        if sum(key not in self._lines for key in keys) > len(keys) // 2:  # mostly new: one render is cheaper
            shown = self._text[:sum(len(line) + 1 for line in lines)]  # what fits (a long panel is cut anyway)
            self._rows = Visual.to_strips(self, visualize(self, shown), width, height, style) if width else []
            # a row a line (every line within the width: one wider wraps, and the rows past it belong to no line, walk20
            # H1): kept by line too, else every later draw was all new
            if len(self._rows) == len(lines) and _row_each([line.plain for line in lines], width):
                for key, row in zip(keys, self._rows):
                    self._lines[key] = [row]
            return self._rows
        rows: list[Strip] = []
        for y, (line, key) in enumerate(zip(lines, keys)):
            strips = self._lines.get(key)
            if strips is None:
                strips = self._lines[key] = [_on_row(strip, y) for strip in Visual.to_strips(
                    self, visualize(self, line), width, None, style)]
            rows.extend(strips)
        self._rows = rows[:height]
        return self._rows

    def style_of(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:  # kept until the styles change: drawing asks for them a few hundred times
            style = self._styles[component] = self.get_component_rich_style(
                f"{self.__class__.__name__.lower()}--{component}", partial=True)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if styles_changed(self):
            self._styles.clear()
            self._lines.clear()
            self._rows_size = Size(0, 0)


def wrapped_rows(text: str, width: int, most: int, reserve: int = 0) -> str:
    """`text` as at most `most` rows of `width` cells, its own lines kept and each broken as Chinese is (tui.wrap),
    the last cut with … when more would follow; `reserve` cells left free after its end (a note's tags): rows of their
    own, so that the panel's height (its lines: the text is not wrapped again) is what it shows."""
    rows = [(para, a, b) for para in text.split("\n") for a, b in (wrap(para, max(1, width - 1)) if para else [(0, 0)])]
    lines = [para[a:b].rstrip() for para, a, b in rows[:most]]
    room = max(1, width - reserve)
    if lines and (len(rows) > most or cell_len(lines[-1]) > room):
        para, a, _ = rows[len(lines) - 1]
        rest = para[a:].rstrip()
        cut = clip(rest, room)
        if len(rows) > most and not cut.endswith("…"):  # the rest of its line fits: what follows is another line
            cut = clip(rest, room - 1).removesuffix("…") + "…"
        lines[-1] = cut
    return "\n".join(lines)


def level_line(level, t: Strings, lang: str) -> str:
    """A level of the scale and what it means on one line: "3 举措+量化成效：具体举措并附有…"; a description that
    names the level already stands alone ("2 有具体举措：点明制度…", not "2 具体举措：有具体举措：…")."""
    label, description = level.text(lang)
    if label.lower() in description.lower():
        return f"{level.level} {description}"
    return t("scale_level", level=level.level, label=label, description=description)


def whole_entries(lead: str, entries: list[str], width: int, most: int) -> str:
    """`lead` and `entries` (a scale's levels …) in at most `most` rows of `width` cells, broken between entries
    and never inside one (only an entry wider than a row is cut, with …). Where not all fit, the last entry (the top
    of the scale) still ends the last row, after "…" for those left out, as a scale's legend gives both its ends:
    "0 Not mentioned … 4 Cases + honest gaps" (cut after the first two, the reviewer never saw what 2–4 meant:
    walk20 H3)."""
    def rows_of(items: list[str]) -> list[list[str]]:
        rows: list[list[str]] = [[lead]]
        for item in items:
            if cell_len(" ".join(rows[-1] + [item])) > width:
                rows.append([])
            rows[-1].append(clip(item, width))
        return rows

    rows = rows_of(entries)
    for kept in range(len(entries) - 2, -1, -1) if len(rows) > most else ():  # the first levels, fewer at each turn
        rows = rows_of(entries[:kept] + ["…", entries[-1]])
        if len(rows) <= most:
            break
    return "\n".join(" ".join(row) for row in rows[:most])


def _row_each(lines: list[str], width: int) -> bool:
    """Whether each line takes one row at `width` (none wider; no tab, whose cells depend on where it stands)."""
    return all("\t" not in line and cell_len(line) <= width for line in lines)


def _on_row(strip: Strip, y: int) -> Strip:
    """A line rendered alone (as row 0) made row `y` of the whole text: text selection reads each character's
    (x, y) from its style's meta."""
    if y == 0:
        return strip
    segments = []
    for text, style, control in strip:
        offset = style.meta.get("offset") if style is not None and style._meta else None
        segments.append(Segment(text, style + Style.from_meta({"offset": (offset[0], y)}) if offset else style, control))
    return Strip(segments, strip.cell_length)


class HeaderBar(Panel):
    """Each report's government, year and title; a notice at the right for a moment."""

    COMPONENT_CLASSES = {"headerbar--side", "headerbar--name", "headerbar--notice"}

    TITLE_CELLS = 8  # of A's title at least beside a notice on its line

    def draw(self, reports: list[tuple[str, str, str]], notice: str = "") -> Text:
        """`reports`: (side letter, government and year, title) per report. The notice goes beside A's name and title;
        one too long for that takes the place of both titles, over both lines, the names kept (walk19 N3: the notice
        naming a rescued copy was cut at 100 columns; walk18 F8: at 80 one hid A's government and year), and only
        one longer still is cut, with … (the help lists every notice whole)."""
        text = Text(no_wrap=True, overflow="ellipsis")
        width = self.width or self.app.size.width  # (the whole width: not laid out yet as the screen mounts)
        heads = [Text.assemble((f" {side} ", self.style_of("side")), (f" {name}  ", self.style_of("name")))
                 for side, name, _ in reports]
        rows: list[str] = []
        if notice and cell_len(notice) + 1 > width - heads[0].cell_len - self.TITLE_CELLS:
            room = max(4, width - max(h.cell_len for h in heads) - 1)
            spans = wrap(notice, room - 1)  # (a closing sign may hang past the width wrap is given)
            rows = [notice[a:b] for a, b in spans[:len(reports)]]
            if len(spans) > len(reports):  # the last line cut, with …
                rows[-1] = clip(notice[spans[len(reports) - 1][0]:], room)
            rows += [""] * (len(reports) - len(rows))
        for i, ((side, name, title), head) in enumerate(zip(reports, heads)):
            line = head.copy()
            if rows:  # the notice over the titles, level after the longer name
                line.pad_right(width - room - 1 - line.cell_len)
                line.append(" " + rows[i], self.style_of("notice"))
            elif i == 0 and notice:
                line.append(title)
                line.truncate(max(0, width - cell_len(notice) - 2), overflow="ellipsis", pad=True)
                line.append(" " + notice, self.style_of("notice"))
            else:  # cut here, with …: a name wider than the line left the line blank but its side letter (fuzz2)
                line.append(title)
                line.truncate(width, overflow="ellipsis")
            text.append_text(line)
            text.append("\n")
        text.rstrip()
        return text


@dataclass
class AreaRow:
    name: str
    levels: tuple[int | None, int | None]  # A, B
    noted: tuple[bool, bool]
    evidence: tuple[int | None, int | None]  # None: still being counted (big reports, in a worker)


class AreaPanel(Panel):
    """Each rubric area: A's and B's score and evidence count (B's alone when B is reviewed alone); the focused
    area and the scored report marked, the meaning of the scale below. Clicking an area row posts `AreaClicked`."""

    COMPONENT_CLASSES = {"areapanel--title", "areapanel--focused", "areapanel--scored", "areapanel--unscored",
                         "areapanel--dim", "areapanel--flash", "areapanel--active-side", "areapanel--current-level"}
    FIRST_ROW = 3  # rows above the first area: title, scored-thing line, column heads
    names_cut = False  # the last draw cut an area's name to its column (the screen may give the panel room)
    _listed = range(0)  # the areas the last draw listed (a short panel lists those about the focused one)
    _meaning_rows: dict[tuple, int]  # by (width, lang, whole scale, rubric): the rows of the scale's meanings there

    class AreaClicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._meaning_rows = {}

    def draw(self, rows: list[AreaRow], focused: int, side: str, rubric: Rubric, t: Strings, flash: int | None = None,
             lang: str = "zh", held: bool = False, single: bool = False, note: str = "") -> Text:
        """`note`: the focused area's score note on the scored report, shown under the scale (✎ alone said there
        was one; `o` opened it for editing to read it)."""
        s = self.style_of
        width = max(20, self.width or 34)
        evidence = width >= 30  # narrow terminals: scores only (the help says what 依据 is)
        column = 8 if evidence else 4  # per report: level 2, note mark 1, [evidence 4,] space 1
        sides = "b" if single else "ab"
        name_width = max(6, width - 1 - len(sides) * column)
        self.names_cut = any(cell_len(row.name) > name_width for row in rows)
        text = Text(no_wrap=True)
        text.append(t("areas"), s("title"))
        area = rubric.areas[focused] if rubric.areas else None
        text.append("\n")
        held_mark = f" [{t('area_held_mark')}]" if held else ""  # the reviewer chose it: it does not follow
        # an area of weight 0 (optional in the rubric) is scored, but no total counts it: the reviewer should know
        unweighted = f" ({t('area_unweighted')})" if area and not area.weight else ""
        lead, marks = f"{t('scoring')} {side.upper()} · ", f"{held_mark}{unweighted}"
        name = area.name(lang) if area else ""
        # a long area name is cut to leave room for the marks after it, down to a few cells (what is scored comes
        # first: in a very narrow panel the marks are cut at the end instead)
        name = clip(name, max(min(cell_len(name), 6), width - cell_len(lead) - cell_len(marks)))
        text.append(fit(lead + name + marks, width), s("active-side"))  # cut with … (the marks' end went unsaid)
        head = t("evidence_col")
        heads = "".join(f"{letter:>2} " + (" " * max(0, 4 - cell_len(head)) + head + " " if evidence else "")
                        for letter in sides.upper())
        text.append("\n" + " " * (name_width + 1) + heads + "\n", s("dim"))
        allowed = self._rows_allowed()
        current = rows[focused].levels[0 if side == "a" else 1] if rows else None
        lv = rubric.level(current) if current is not None else None
        # the rows under the list that the scale's meaning takes (its short form: the whole scale is shown only where
        # every area is listed): a short panel lists fewer areas rather than cut the meaning off (at 60×20 it was)
        short_meaning = self._meaning(lv, rubric, t, lang, width, False, side)
        below = short_meaning.count("\n") + 1
        shown = self._window(len(rows), focused, None if allowed is None else allowed - below)
        self._listed = shown
        for i, row in ((i, rows[i]) for i in shown):
            line_style = s("focused") if i == focused else Style()
            if i == flash:
                line_style += s("flash")
            text.append(("▶" if i == focused else " ") + fit(row.name, name_width), line_style)  # … where cut
            for sd in sides:
                k = "ab".index(sd)
                level, noted, ev = row.levels[k], row.noted[k], row.evidence[k]
                cell = f"{'·' if level is None else level:>2}{'✎' if noted else ' '}"
                style = s("scored") if level is not None else s("unscored")
                if sd == side and i == focused:
                    style += s("active-side")
                text.append(cell, line_style + style)
                text.append(f"{'…' if ev is None else ev:>4} " if evidence else " ", line_style + s("dim"))
            text.append("\n")
        if len(shown) < len(rows):  # the focused area is always among those listed
            hidden = (shown.start, len(rows) - shown.stop)
            text.append(t("areas_not_listed", n=sum(hidden), above=hidden[0], below=hidden[1]) + "\n", s("dim"))
        # The scale's meaning while scoring: every level (the current one marked), or in a narrow panel, or a short one
        # (its rows would cut the meaning off: walk20 H2, at 100×30), the current level's label alone.
        used = text.plain.count("\n")
        whole_scale = evidence and (allowed is None or used + 1 + len(rubric.levels) + 2 <= allowed)
        if whole_scale:
            text.append("\n")
            for level in rubric.levels:
                mark = s("current-level") if level.level == current else s("dim")
                text.append(set_cell_size(f" {level.level} {level.text(lang)[0]}", width) + "\n", mark)
        text.append(self._meaning(lv, rubric, t, lang, width, True, side) if whole_scale else short_meaning,
                    s("current-level") if lv and not whole_scale else s("dim"))
        if note:
            text.append("\n" + wrapped_rows(f"✎ {note}", width, 3), s("dim"))  # its own lines kept
        text.rstrip()
        return text

    def _meaning(self, level, rubric: Rubric, t: Strings, lang: str, width: int, whole_scale: bool, side: str) -> str:
        """What the current level means (under the whole scale: its description; else the level and its meaning, or
        the scale in short where nothing is scored yet), in as many rows as the longest of them takes: the panel keeps
        its height whatever is scored (a new height is a new layout, and moving between areas scored and not laid
        the screen out twice at every key)."""
        def meaning(lv) -> str:
            return wrapped_rows(lv.text(lang)[1] if whole_scale else level_line(lv, t, lang), width, 2)

        gap = " " if lang == "en" else ""  # "0 Not mentioned", "0未提及"
        unscored = t("level_unscored", side=side.upper()) if whole_scale else whole_entries(
            f"{rubric.scale_text}:", [f"{lv.level}{gap}{lv.text(lang)[0]}" for lv in rubric.levels], width, 2)
        key = (width, lang, whole_scale, id(rubric))
        if key not in self._meaning_rows:  # (measured once a width: wrapping all levels at each key cost a millisecond)
            if len(self._meaning_rows) > 16:  # (widths a resize went through)
                self._meaning_rows.clear()
            self._meaning_rows[key] = max([meaning(lv).count("\n") + 1 for lv in rubric.levels] +
                                          [unscored.count("\n") + 1])
        shown = meaning(level) if level else unscored
        return "\n" * max(0, self._meaning_rows[key] - shown.count("\n") - 1) + shown  # blank rows above: text.rstrip()

    def _rows_allowed(self) -> int | None:
        """The rows the panel may take (its max-height, as the layout resolves it); None when it cannot tell yet."""
        cap, parent = self.styles.max_height, self.parent
        if cap is None or parent is None or not parent.size.height:
            return None
        return int(cap.resolve(parent.size, self.app.size))

    def _window(self, count: int, focused: int, allowed: int | None) -> range:
        """The areas listed: all where the panel's height allows (its max-height, as the layout resolves it), else as
        many as fit beside the line that counts the others, the focused one among them (at 60×20 the tenth area was
        cut off the panel, unsaid: walk9 #7). `allowed`: `_rows_allowed()` less the rows kept under the list."""
        if allowed is None:
            return range(count)
        room = allowed - self.FIRST_ROW - 1  # (the line that counts them)
        if count <= room + 1 or room < 1:
            return range(count)
        start = min(max(0, focused - room // 2), count - room)
        return range(start, start + room)

    def on_click(self, event) -> None:
        index = event.y - self.FIRST_ROW
        if 0 <= index < len(self._listed):
            self.post_message(self.AreaClicked(self._listed[index]))


class DetailPanel(Panel):
    """The focused pair: its changed figures (what they measure, then A → B) and its annotations.

    The annotations (a reviewer's own work) are always in view: the figures take the rows they leave, and those that
    do not fit are counted on one line ("… 5 more figures"); in a panel too short for that line too (80×24 leaves it
    four rows), they are counted on the title's ("数字变化 5 项") and the blank row above the annotations goes."""

    COMPONENT_CLASSES = {"detailpanel--title", "detailpanel--changed", "detailpanel--added", "detailpanel--removed",
                         "detailpanel--dim", "detailpanel--orphan"}
    MOST_FIGURES = 30  # listed at most, whatever the height (a section of hundreds of figures is no list)
    NOTE_ROWS = 4  # an annotation's note at most (then …; `m` shows it whole): a long one pushed the rest off

    def draw(self, figures: list[FigureChange], annotations: list[Annotation], t: Strings, single: bool = False) -> Text:
        """`figures` as `Review.figures` gives them; a report reviewed alone has no other side: its figures are
        listed as they stand."""
        s = self.style_of
        text = Text()
        text.append(t("own_figures" if single else "figures") + "\n", s("title"))
        if not figures:
            text.append(t("no_own_figures" if single else "no_figures") + "\n", s("dim"))
        notes = self._annotations(annotations, t)
        entries = [self._figure(f, single) for f in figures[:self.MOST_FIGURES]]
        height = self.content_size.height
        if height and self.width:  # laid out: the figures get what the annotations leave
            room = height - self._rows_of(text) - self._rows_of(notes)
            if notes and room < bool(figures):  # not even the row that counts them: the title does
                counted = Text(t("own_figures_count" if single else "figures_count", n=len(figures)) + "\n",
                               s("title"))
                return counted + self._annotations(annotations, t, gap=False)
            shown = _fitting([self._rows_of(entry) for entry in entries], room, len(figures))
        else:
            shown = len(entries)
        for entry in entries[:shown]:
            text.append_text(entry)
        if shown < len(figures):
            text.append(t("more_figures", n=len(figures) - shown) + "\n", s("dim"))
        text.append_text(notes)
        return text

    def _figure(self, f: FigureChange, single: bool) -> Text:
        """One figure's two lines: what it measures, then its value (A → B)."""
        s = self.style_of
        entry = Text((f.b or f.a).label + "\n", s("dim"))
        if single:
            entry.append(f"  {f.b.text}\n")
        else:
            entry.append(f"  {f.a.text if f.a else '—'} → {f.b.text if f.b else '—'}\n", s(f.status))
        return entry

    def _rows_of(self, text: Text) -> int:
        """The rows `text` (lines ending in "\n") takes at the panel's width, long lines wrapped as drawn."""
        return max(0, self._rows_needed(text) - 1) if text else 0

    def _annotations(self, annotations: list[Annotation], t: Strings, gap: bool = True) -> Text:
        """The pair's annotations after a blank row (`gap`): each quote on a line of its own, cut to the panel (a long
        one wrapped mid-quote), its note and tags below."""
        s = self.style_of
        text = Text()
        if not annotations:
            return text
        text.append("\n" * gap + t("annotations") + "\n", s("title"))
        for an in annotations:
            lead = annotation_mark(an) + f"{an.side.upper()} «"
            room = min(QUOTE_CELLS, max(8, (self.width or 34) - cell_len(lead) - 1))
            text.append(f"{lead}{clip_line(an.quote, room)}»\n",
                        s("orphan") if an.orphan else Style())
            if an.note or an.tags:
                width = (self.width or 34) - 2
                tags = clip(" #" + " #".join(an.tags), width) if an.tags else ""  # (tags that fill a row are cut too)
                note = wrapped_rows(an.note, width, self.NOTE_ROWS, reserve=cell_len(tags))
                line = Text("  " + note.replace("\n", "\n  "))  # each of its lines under the quote
                line.append(tags, s("dim"))
                text.append_text(line)
                text.append("\n")
        return text


def _fitting(rows: list[int], room: int, total: int) -> int:
    """How many entries of `rows` rows each to list in `room` rows, of `total`: when some are left out, a row is
    kept for the line that counts them."""
    shown, used = 0, 0
    while shown < len(rows) and used + rows[shown] <= room:
        used += rows[shown]
        shown += 1
    while shown and shown < total and used + 1 > room:  # the count of the rest needs its row
        shown -= 1
        used -= rows[shown]
    return shown


class StatusBar(Panel):
    """The last announcement at the left; progress and the session file's state at the right."""

    COMPONENT_CLASSES = {"statusbar--message", "statusbar--error", "statusbar--progress"}

    def draw(self, message: str, progress: str, error: bool = False) -> Text:
        width = self.width or 120
        right = Text(progress, self.style_of("progress"), no_wrap=True)
        room = max(0, width - right.cell_len - 2)
        shown = shorten_paths(message, room)
        if error and cell_len(shown) > room:  # a problem said whole matters more than the counts
            right, room = Text(), width - 2
            shown = shorten_paths(message, room)
        left = Text(shown, self.style_of("error" if error else "message"), no_wrap=True)
        left.truncate(room, overflow="ellipsis", pad=True)
        return left + Text("  ") + right


class KeyBar(Panel):
    """The key bar: the live key of each shown binding and what it does, in the interface's language. Items that
    do not fit are left out whole, never cut (the help lists everything). The last `KEPT` items (help and quit:
    where the rest is listed, and the way out) are kept at any width; of the others, the later ones give way
    first (the items are in order of priority)."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--label"}
    KEPT = 2

    def draw(self, items: list[tuple[str, str]]) -> Text:
        width = self.width or 80
        pieces = [cell_len(key) + cell_len(label) + 3 for key, label in items]
        kept, used = set(), 0
        first = max(0, len(items) - self.KEPT)
        for i in [*range(first, len(items)), *range(first)]:
            if used + pieces[i] > width:
                break  # in order of priority: a later item never takes the place of one that did not fit
            kept.add(i)
            used += pieces[i]
        text = Text(no_wrap=True)
        for i, (key, label) in enumerate(items):
            if i in kept:
                text.append(f" {key} ", self.style_of("key"))
                text.append(f"{label} ", self.style_of("label"))
        return text
