"""The aggregate view: pooled scores (core.aggregate) read from the top down. The ranking by weighted total (with the
change from the government's previous reviewed year and the number of areas where reviewers disagree); Enter on a
report shows its areas (a bar of the mean with the reviewers' range, mean, n, spread, the disagreement flag, the
area's α and the change from the previous year); Enter on an area shows each reviewer's level, note and
annotations. Escape goes back up a level (and leaves the view from the ranking). Agreement α per area, with its
reading, is under the ranking. The ranking names a report by its government and year (aligned, so the column is read
down at a glance), then its title, dimmed and cut at the end to the width the other columns leave (a round's file
note, which tells two duplicates apart, kept: `cut_title`); a report whose government or year is unknown by
core.session.report_name. A label never passes its column. The drill-down's header names it whole.

Annotations belong to sections, not areas: when the report's file is found (`report_paths`, a round's; else where its
sessions say it is) with the text that was reviewed, its sections are mapped to the rubric's areas in a worker
(core.areas) and an area shows the annotations on its sections; otherwise it shows all of the reviewer's annotations
on the report and says so. The screen is pushed by the round
screen (`back`: q goes back to the round, as it does from the workbench, and the key bar says so) and by `fazhi
aggregate --tui` (ScreenApp, tui/app.py: the only screen, q quits); dismissed with None.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from fazhi.core.aggregate import Aggregate, PooledAnnotation, Row, YearChange, latest_year_first
from fazhi.core.agreement import Agreement, overall_caution, reading_key, reading_words
from fazhi.core.errors import FazhiError
from fazhi.core.export import FLAG_FOR_PEOPLE, pairable_text
from fazhi.core.rounding import half_up
from fazhi.core.rubric import Rubric
from fazhi.core.session import FILE_NOTED  # the rule that finds a round's file note, not a copy
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import AGGREGATE_ACTIONS, AGGREGATE_SHARED, screen_bindings
from fazhi.tui.render import annotation_mark, clip, clip_start, fit
from fazhi.tui.screens.help import HelpScreen
from fazhi.tui.widgets.panels import KeyBar
from fazhi.tui.widgets.row_table import ROW_LABELS, RowTable

BAR = 12  # cells of a spread bar
UNSCORED_SHOWN = 20  # a large round's unscored reports: the first ones, then how many more
NOTE_CELLS = 40  # a note's first line in the reviewers' table
READING_CELLS = 10  # of α's reading, kept in the header beside its value ("unreliable"; a longer one is cut)
LEVELS = ("ranking", "report", "area")
#: After a change from the previous year scored by other reviewers (the help's legend says it).
REVIEWERS_DIFFER = " ≠"
COLUMNS = {"ranking": ("rank", "total", "change", "disagreements", "report_name", "areas", "reviewers"),
           "report": ("area", "spread", "mean", "n", "range", "sd", "flag", "alpha", "change"),
           "area": ("reviewer", "level", "note", "annotations")}
#: Narrower than its governments and years need, the ranking drops these columns, in this order, before it cuts a
#: report's government (the drill-down shows each): at 60 columns every report read "… 2024" (polish4).
RANKING_DROPS = ("areas", "reviewers", "disagreements")


class AggregateScreen(Screen[None]):
    """See the module docstring. `report_paths`: sha256 → report file, for mapping annotations to areas; `back`:
    opened from a round, q goes back to it."""

    # its own key and those it shares with the workbench: a keymap moves both (tui/keymap.py SCOPES)
    BINDINGS = screen_bindings(AGGREGATE_ACTIONS, AGGREGATE_SHARED)
    SHOWN = ("aggregate.open", "aggregate.up", "help", "quit")
    COMPONENT_CLASSES = {"aggregatescreen--title", "aggregatescreen--dim", "aggregatescreen--bar",
                         "aggregatescreen--bar-disagreement", "aggregatescreen--spread", "aggregatescreen--disagreement",
                         "aggregatescreen--up", "aggregatescreen--down", "aggregatescreen--reliable",
                         "aggregatescreen--tentative", "aggregatescreen--unreliable", "aggregatescreen--undefined",
                         "aggregatescreen--report-title", "aggregatescreen--reviewers-differ"}

    def __init__(self, result: Aggregate, rubric: Rubric, lang: str = "zh", keymap: dict[str, str] | None = None,
                 report_paths: dict[str, str] | None = None, back: bool = False) -> None:
        super().__init__()
        self.back = back
        self.result, self.rubric, self.lang, self.t, self.keys = result, rubric, lang, Strings(lang), keymap or {}
        self.report_paths = report_paths or {}
        self.level = "ranking"
        self.report_id: str | None = None
        self.area_id: str | None = None
        self.cursor = {level: 0 for level in LEVELS}  # the row each level was left on
        self.rows_of: dict[str, list[Row]] = defaultdict(list)
        for row in result.rows:
            self.rows_of[row.report_id].append(row)
        self.changes: dict[tuple[str, str], YearChange] = {(c.report_id, c.area): c for c in result.year_over_year}
        # texts that would be named alike, told apart by their id's first digits as core names them (reread10 R4)
        alike = {shown for _, ids in result.alike for shown in ids}
        self.told_apart = {rid: f" ({rid[:8]})" for rid in self.rows_of if rid[:8] in alike}
        self.section_areas: dict[str, dict[str, list[str]] | None] = {}  # report → section id → areas (None: unknown)
        self._fitted_to = 0  # the room the ranking's labels were cut to
        # a ranking of several years (a round pools each report's year before) read a year at a time, the latest first,
        # each report's rank that in its year, as the Markdown export lists it (walk31 #8)
        self.by_year = len({r.year for r in result.ranking}) > 1
        self.ranked = sorted(result.ranking, key=lambda r: latest_year_first(r.year)) if self.by_year else result.ranking

    def compose(self) -> ComposeResult:
        yield Static(id="agg-header")
        yield RowTable(id="agg-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="agg-detail-box"):
            yield Static(id="agg-detail")
        yield KeyBar(id="keys")

    @property
    def table(self) -> RowTable:
        return self.query_one("#agg-table", RowTable)

    def on_mount(self) -> None:
        self.show_level()
        self.table.focus()

    def on_resize(self) -> None:
        if self.level == "ranking" and table_room(self.table, len(self.result.ranking), self) != self._fitted_to:
            self.cursor["ranking"] = self.table.cursor_row  # the labels are cut again to the new width
            self.show_level()
        else:
            self.show_header()  # fitted to the width: α's value kept whole
            self.show_keys()

    def show_keys(self) -> None:
        self.query_one(KeyBar).show([(self._key_of(i), self._label(i)) for i in self.SHOWN])

    def _label(self, binding_id: str) -> str:
        """What a key does here, for the key bar and the help: q goes back to the round when opened from one."""
        if binding_id in ROW_LABELS:
            return self.t(ROW_LABELS[binding_id])
        return self.t("back_to_round") if binding_id == "quit" and self.back else self.t.binding(binding_id)

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(f"aggregatescreen--{name}", partial=True)

    def _key_of(self, binding_id: str, every: bool = False) -> str:
        return key_of(self, binding_id, self.keys, tuple(RowTable.BINDINGS), every)

    # levels -------------------------------------------------------------------------------------------------
    def show_level(self) -> None:
        """Fill the table for the current level, on the row that level was left on."""
        table = self.table
        table.clear(columns=True)
        for column in COLUMNS[self.level]:
            table.add_column(self.t(f"agg_col_{column}"), key=column)
        fill_table(table, getattr(self, f"_{self.level}_rows")())
        table.move_cursor(row=min(self.cursor[self.level], max(0, table.row_count - 1)))
        self.show_header()
        self.show_detail()
        self.show_keys()

    def rank_text(self, r) -> Text:
        """A report's rank; in a ranking of several years, its rank in its year after the year (a year at a time, the
        latest first: the ranks 1, 2, 3, 1, 1 read as one list with the years only in the names, hwalk52 #4)."""
        if not self.by_year:
            return Text(str(r.rank))
        return Text.assemble((f"{r.year or '—'} ", self.style_of("dim")), str(r.year_rank))

    def _ranking_rows(self) -> list[tuple[str, list[Text]]]:
        """The ranking's rows, each report's label cut to the width the other columns leave it."""
        rows = []
        # two places where one would show two different totals alike (ranks 3 and 4 both 50.8%: audit1)
        totals = {r.total for r in self.result.ranking if r.total is not None}
        shown = "{:.1f}%" if len({_number(t, "{:.1f}%") for t in totals}) == len(totals) else "{:.2f}%"
        for r in self.ranked:
            disagreements = sum(row.disagreement for row in self.rows_of[r.report_id])
            rows.append((r.report_id, [self.rank_text(r), Text(_number(r.total, shown)),
                                       self.change_text(r.change, r.year, r.previous_year, r.reviewers_differ),
                                       Text(f"{FLAG_FOR_PEOPLE} {disagreements}" if disagreements else "", self.style_of("disagreement")),
                                       Text(), Text(str(r.areas_scored)), Text(str(r.reviewers))]))
        table = self.table
        room = self._fitted_to = table_room(table, len(rows), self)
        named = [r.government for r in self.result.ranking if r.government and r.year]
        wanted = max(map(cell_len, named), default=0) + 5  # the longest government and a year, whole
        for column in (None, *RANKING_DROPS):
            if column is not None:
                at = column_keys(table).index(column)
                table.remove_column(column)
                for _, cells in rows:
                    del cells[at]
            label = column_keys(table).index("report_name")
            width = label_width(table, [cells for _, cells in rows], label, room)
            if width >= wanted:
                break
        government = min(max(map(cell_len, named), default=0), max(2, width - 5))  # the governments line up
        for (_, cells), r in zip(rows, self.ranked):
            title = self.rows_of[r.report_id][0].report_title if self.rows_of.get(r.report_id) else None
            cells[label] = self.report_label(title, r.government, r.year, r.report_name, government, width,
                                             self.told_apart.get(r.report_id, ""))
        return rows

    def report_label(self, title: str | None, government: str | None, year: int | None, name: str,
                     government_cells: int, width: int | None = None, tag: str = "") -> Text:
        """A report as the ranking names it in `width` cells at most (whole: None): its government padded to
        `government_cells` and year (and `tag`, what tells its text from another named alike), then its title dimmed
        (report-title) and cut (`cut_title`); `name` (core.session.report_name) cut where the government or the year is
        unknown. Narrower than the padded government and the year: government and year cut at the end (the label
        never passes its column)."""
        if not (government and year):
            return Text(name if width is None else cut_title(name, width))
        if width is not None and government_cells + 5 + cell_len(tag) > width:  # 5: a space and the year
            return Text(clip(f"{government} {year}{tag}", width))
        text = Text(f"{fit(government, government_cells)} {year}{tag}")
        left = cell_len(title or "") + 2 if width is None else width - text.cell_len - 2
        if title and left >= 2:  # room for a character and …, at least
            text.append("  ")
            text.append(cut_title(title, left), self.style_of("report-title"))
        return text

    def _report_rows(self):
        for row in self.rows_of[self.report_id]:
            agreement = self.result.agreement.get(row.area)
            change = self.changes.get((row.report_id, row.area))
            yield row.area, [Text(self.area_name(row.area)), self.spread_bar(row), Text(_number(row.mean, "{:.2f}")),
                             Text(str(row.n_reviewers)), Text(f"{row.min}–{row.max}"), Text(_number(row.stdev, "{:.2f}")),
                             Text(FLAG_FOR_PEOPLE if row.disagreement else "", self.style_of("disagreement")),
                             self.alpha_text(agreement, short=True),
                             self.change_text(change.change, change.year, change.previous_year, change.reviewers_differ)
                             if change else Text("")]

    def _area_rows(self):
        row = self.row
        for reviewer, level in row.reviewers.items():
            note = row.notes.get(reviewer, "")
            annotations, _ = self.annotations_for(reviewer)
            odd = row.disagreement and level in (row.min, row.max)
            lines = note.strip().splitlines()
            # (a note of several lines says so: its first alone read as the whole note, hwalk52 #6)
            first_line = Text(lines[0] + ("…" if len(lines) > 1 else "") if lines else "")
            first_line.truncate(NOTE_CELLS, overflow="ellipsis")  # the whole note is in the panel below
            yield reviewer, [Text(reviewer), Text(self.level_text(level), self.style_of("disagreement") if odd else Style()),
                             first_line, Text(str(len(annotations)) if annotations else "")]

    @property
    def row(self) -> Row | None:
        return next((r for r in self.rows_of.get(self.report_id, []) if r.area == self.area_id), None)

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row, event.row_key.value)  # (a click: Enter is taken in on_key)

    def on_key(self, event) -> None:
        """Enter opens the row at the cursor once the keys typed before it have moved it (they run their bindings when
        they come back up to the app, after this: the opening is queued behind them), and the keys typed after it are
        held for the level it opens: "⏎j" in one burst moved the table it left (and the row it went back up to) and
        not the one it opened, as the round screen's did (walk15 F2)."""
        if event.key == "enter" and self.focused is self.table and self.level != "area" and not self.app.holding_keys:
            event.stop()
            self.app.call_later(self._open_at_cursor)

    def _open_at_cursor(self) -> None:
        if self.current_key is not None:
            self._open(self.table.cursor_row, self.current_key, hold=True)

    def _open(self, row: int, key: str, hold: bool = False) -> None:
        """Down one level, to the row `row` of the table (whose key is `key`): a report's areas, an area's reviewers."""
        if self.level == "area":
            return
        if hold:
            self.app.hold_keys()
        self.cursor[self.level] = row
        if self.level == "ranking":
            self.level, self.report_id = "report", key
            self.cursor["report"] = 0
            self.map_sections(self.report_id)
        else:
            self.level, self.area_id = "area", key
            self.cursor["area"] = 0
        self.show_level()
        if hold:
            self.app.release_keys_when_painted()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def action_up(self) -> None:
        if self.level == "ranking":
            self.dismiss(None)
            return
        self.level = LEVELS[LEVELS.index(self.level) - 1]
        self.show_level()

    def action_quit(self) -> None:
        """Back to the round (`back`); else the app ends with its only screen."""
        self.dismiss(None)

    # header and detail --------------------------------------------------------------------------------------
    def show_header(self) -> None:
        """The title, what was pooled and α over all areas on the first line; where the reviewer is on the second."""
        t, s, result = self.t, self.style_of, self.result
        header = self.query_one("#agg-header", Static)
        width = header.content_size.width or self.size.width - 2
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(t("aggregate_title"), s("title"))
        summary = " · " + t("agg_summary_annotated" if result.annotated else "agg_summary", reports=len(result.ranking),
                            sessions=result.counted, scored=result.sessions)
        alpha, kept = Text(), 0  # α's words and value, and the cells kept for them and its reading's start
        if overall := result.agreement.get("overall"):
            # α's value is kept whole (walk7: "一致性 α(全部领域) -0.…" at 60 columns): its words shortened, then
            # what was pooled cut, then left out; a reading longer than a word ("cannot be computed: …") is cut last
            reading = self.alpha_text(overall)
            for words in (t("alpha_all"), t("alpha_all_short")):
                alpha = Text(f" · {words} {_number(overall.alpha, '{:.3f}')} ") + reading
                kept = alpha.cell_len - reading.cell_len + min(reading.cell_len, READING_CELLS)
                if text.cell_len + cell_len(summary) + kept <= width:
                    break
        room = width - text.cell_len - kept
        text.append(summary if cell_len(summary) <= room else clip(summary, room) if room > 4 else "")
        text.append_text(alpha)
        crumbs = [t("agg_ranking")]
        if self.level != "ranking":
            crumbs.append(self.report_name(self.report_id))
        if self.level == "area":
            crumbs.append(self.area_name(self.area_id))
        text.append("\n" + " › ".join(crumbs), s("dim"))
        self.query_one("#agg-header", Static).update(text)

    def show_detail(self) -> None:
        key = self.current_key
        text = getattr(self, f"_{self.level}_detail")(key)
        self.query_one("#agg-detail", Static).update(text)

    def _ranking_detail(self, key: str | None) -> Text:
        """Agreement per area with its reading; the round's reports nobody scored; sessions left out."""
        t, s, result = self.t, self.style_of, self.result
        text = Text()
        if not result.ranking:
            text.append(t("no_scores") + "\n\n", s("title"))
        ranked = next((r for r in result.ranking if r.report_id == key), None)
        if ranked and ranked.change is not None:  # how the highlighted report's change is counted (walk12 F5)
            text.append(t("ranking_change", change=_number(ranked.change, "{:+.2f}"), year=ranked.previous_year) + "\n",
                        s("dim"))
            if ranked.reviewers_differ:
                text.append(t("ranking_reviewers_differ") + "\n", s("reviewers-differ"))
            text.append("\n")
        text.append(t("alpha_title") + "\n", s("title"))
        width = self.query_one("#agg-detail").content_size.width or self.size.width - 2
        for area, agreement in result.agreement.items():
            name = t("overall") if area == "overall" else self.area_name(area)
            pairable = t("agg_pairable", n=pairable_text(agreement, self.lang))
            pad = " " * max(0, cell_len(t("agg_pairable", n="0000")) - cell_len(pairable))  # counts line up
            head = f"  {fit(name, 16)} {_number(agreement.alpha, '{:.3f}'):>6}  "
            reading = self.alpha_text(agreement)
            if cell_len(head + pairable + pad) + 1 + reading.cell_len <= width:
                text.append(f"{head}{pairable}{pad} ")
            elif cell_len(head + pairable) <= width:  # the reading under it, indented (wrapped, it began at the edge)
                text.append(f"{head}{pairable}\n    ")
            else:  # (a narrow view: the count and the reading under the area, each indented)
                text.append(f"{head.rstrip()}\n    {pairable}\n    ")
            text.append_text(reading)
            text.append("\n")
        if caution := overall_caution(result.agreement, self.lang):
            text.append(caution + "\n", s("dim"))
        if result.unscored:
            text.append("\n" + t("unscored_title", n=len(result.unscored)) + "\n", s("title"))
            shown = result.unscored[:UNSCORED_SHOWN]
            government = max((cell_len(u.government) for u in shown if u.government and u.year), default=0)
            for report in shown:  # named as the ranking names them, whole
                text.append("  ")
                text.append_text(self.report_label(report.title, report.government, report.year, report.name, government,
                                                   tag=self.told_apart.get(report.report_id, "")))
                text.append("\n")
            if len(result.unscored) > UNSCORED_SHOWN:
                text.append("  " + t("and_more", n=len(result.unscored) - UNSCORED_SHOWN) + "\n", s("dim"))
        if result.problems:
            text.append("\n" + t("agg_problems_title", n=len(result.problems)) + "\n", s("title"))
            for problem in result.problems:
                text.append(f"  {t.core(problem)}\n", s("dim"))
        for key, values in result.notes:
            text.append("\n" + t(key, **values) + "\n", s("dim"))
        return text

    def _report_detail(self, area: str | None) -> Text:
        """The highlighted area: its full name, figures, agreement, change; the report's annotation count."""
        t, s = self.t, self.style_of
        row = next((r for r in self.rows_of.get(self.report_id, []) if r.area == area), None)
        text = Text()
        if row is None:
            return text
        text.append(self.area_name(row.area) + "\n", s("title"))
        text.append(t("agg_figures", mean=_number(row.mean, "{:.2f}"), median=f"{row.median:g}", n=row.n_reviewers,
                      lo=row.min, hi=row.max, sd=_number(row.stdev, "{:.2f}")) + "\n")
        if row.disagreement:
            text.append(t("disagreement_flag") + "\n", s("disagreement"))
        agreement = self.result.agreement.get(row.area)
        if agreement:
            text.append(f"{t('alpha')} {_number(agreement.alpha, '{:.3f}')} ")
            text.append_text(self.alpha_text(agreement))
            text.append("\n")
        change = self.changes.get((row.report_id, row.area))
        if change:
            text.append(t("year_change", year=change.previous_year, before=_number(change.previous_mean, "{:.2f}"),
                          now=_number(change.mean, "{:.2f}")) + " ")
            text.append_text(self.change_text(change.change))
            text.append("\n")
            if change.reviewers_differ:
                same = change.same_reviewers_change
                text.append((t("year_change_same_reviewers", change=_number(same, "{:+.2f}")) if same is not None
                             else t("year_change_no_same_reviewers")) + "\n", s("reviewers-differ"))
                # who gave the earlier year's levels, beside this year's below: the change checkable (walk29 #4)
                before = next((r for r in self.rows_of[change.previous_report_id] if r.area == row.area), None)
                if before is not None:
                    text.append(f"{t('levels_line_year', year=change.previous_year)} {_levels(before)}\n", s("dim"))
        text.append(f"{t('levels_line')} {_levels(row)}\n", s("dim"))
        return text

    def _area_detail(self, reviewer: str | None) -> Text:
        """The highlighted reviewer: level with its meaning, the whole note, their annotations on this area."""
        t, s, row = self.t, self.style_of, self.row
        text = Text()
        if row is None or reviewer not in row.reviewers:
            return text
        text.append(f"{reviewer} · {self.area_name(row.area)} = {self.level_text(row.reviewers[reviewer])}\n", s("title"))
        note = row.notes.get(reviewer)
        if note:
            text.append(f"{t('note')}: ")
            text.append(note + "\n")
        annotations, mapped = self.annotations_for(reviewer)
        text.append("\n" + t("agg_annotations_area" if mapped else "agg_annotations_all") + "\n", s("title"))
        if not annotations:
            text.append(t("no_annotations_at_all") + "\n", s("dim"))
        for an in annotations:  # marked as the workbench marks them (render.annotation_mark)
            text.append(f"  {annotation_mark(an)}[{an.section}] «{an.quote}» ", s("dim"))
            text.append(an.note)
            if an.tags:
                text.append(" #" + " #".join(an.tags), s("dim"))
            text.append("\n")
        return text

    # pieces -------------------------------------------------------------------------------------------------
    def report_name(self, report_id: str | None) -> str:
        return next((r.report_name for r in self.result.ranking if r.report_id == report_id), "")

    def area_name(self, area_id: str | None) -> str:
        area = self.rubric.area(area_id) if area_id else None
        return area.name(self.lang) if area else (area_id or "")

    def level_text(self, level: int) -> str:
        label = self.rubric.level(level)
        return f"{level} {label.text(self.lang)[0]}" if label else str(level)

    def change_text(self, change: float | None, year: int | None = None, previous: int | None = None,
                    reviewers_differ: bool = False) -> Text:
        """The change, with the year it is from when that is not the year before (a year nobody reviewed between), and
        REVIEWERS_DIFFER where the two years were scored by different reviewers."""
        if change is None:
            return Text("")
        since = f" ({previous})" if previous and year and previous != year - 1 else ""
        direction = "up" if change > 0 else "down" if change < 0 else "dim"
        text = Text(_number(change, "{:+.2f}") + since, self.style_of(direction))
        if reviewers_differ:
            text.append(REVIEWERS_DIFFER, self.style_of("reviewers-differ"))
        return text

    def alpha_text(self, agreement: Agreement | None, short: bool = False) -> Text:
        """α's reading in words (or the value alone, `short`: at the three places it is read at), coloured by how far it
        can be trusted."""
        if agreement is None:
            return Text("")
        key = reading_key(agreement.reading)
        style = self.style_of(key if key in ("reliable", "tentative", "unreliable") else "undefined")
        if short:
            return Text(_number(agreement.alpha, "{:.3f}"), style)
        return Text(reading_words(agreement.reading, self.lang), style)

    def spread_bar(self, row: Row) -> Text:
        """The rubric's scale in BAR cells: █ filled in proportion to the mean (none at the scale's bottom, all at
        its top), ─ over the cells the reviewers' range covers beyond it, · the rest."""
        lo, span = self.rubric.scale_min, max(1, self.rubric.scale_max - self.rubric.scale_min)
        at = lambda v: (v - lo) / span * BAR  # noqa: E731  (a place on the bar, in cells)
        filled, low, high = round(at(row.mean)), at(row.min), at(row.max)
        text = Text()
        for i in range(BAR):
            if i < filled:
                text.append("█", self.style_of("bar-disagreement" if row.disagreement else "bar"))
            elif low < i + 1 and i < high:
                text.append("─", self.style_of("spread"))
            else:
                text.append("·", self.style_of("dim"))
        return text

    # annotations by area ------------------------------------------------------------------------------------
    def annotations_for(self, reviewer: str) -> tuple[list[PooledAnnotation], bool]:
        """The reviewer's annotations on the current report and area, and whether they were narrowed to the area
        (False: the report's sections are not mapped, so all of them)."""
        mine = [an for an in self.result.annotations if an.report_id == self.report_id and an.reviewer == reviewer]
        mapped = self.section_areas.get(self.report_id)
        if mapped is None:
            return mine, False
        return [an for an in mine if self.area_id in mapped.get(an.section, ())], True

    @work(thread=True, group="areas")
    def map_sections(self, report_id: str) -> None:
        """The report's sections by area, read from its file: the round's, else where its sessions say it is (outside a
        round annotations were never narrowed to the area: walk16 F7). A file changed since it was scored would map
        other sections: only the text that was reviewed counts."""
        if report_id in self.section_areas:
            return
        from fazhi.core.areas import map_areas
        from fazhi.core.outline import parse
        from fazhi.core.report import read
        from fazhi.core.store import files_named

        given = self.report_paths.get(report_id)  # the round's file; its text may have changed since: then theirs
        candidates = [*([given] if given else []), *(file for stored, session in self.result.report_files.get(report_id, ())
                                                     for file in files_named(stored, Path(session)))]
        mapping = None
        for candidate in dict.fromkeys(candidates):
            try:
                outline = parse(read(candidate))
            except FazhiError:
                continue
            if outline.sha256 == report_id:
                mapping = map_areas(outline, self.rubric).section_areas
                break
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._mapped, report_id, mapping)

    def _mapped(self, report_id: str, mapping: dict[str, list[str]] | None) -> None:
        self.section_areas[report_id] = mapping
        if self.level == "area" and self.report_id == report_id:
            self.cursor["area"] = self.table.cursor_row
            self.show_level()

    def action_help(self) -> None:
        rows = [(self._key_of(i, every=True), self._label(i))
                for i in ("aggregate.open", *(b.id for b in RowTable.BINDINGS), *(b.id for b in self.BINDINGS))]
        # Tab is Textual's focus key here: it moves to the details below the table, to scroll them (walk18 F5: unsaid,
        # it left Enter and j/k doing nothing)
        rows.append((self.app.get_key_display(Binding("tab", "")), self.t("agg_tab_details")))
        legend = [("█", self.t("legend_bar")), ("─", self.t("legend_spread")), (FLAG_FOR_PEOPLE, self.t("disagreement_flag")),
                  ("α", self.t("legend_alpha")), ("%", self.t("legend_total")), ("+/−", self.t("legend_change")),
                  (REVIEWERS_DIFFER.strip(), self.t("legend_reviewers_differ"))]
        self.app.push_screen(HelpScreen(f"{self.t('help_title')} — {self.t('aggregate_title')}",
                                        [(self.t("aggregate_title"), rows)], self.t("legend_title"), legend))


def key_of(screen: Screen, binding_id: str, keymap: dict[str, str], widget_bindings: tuple = (),
           every: bool = False) -> str:
    """The key a screen's binding (or one of `widget_bindings`, a widget's on it) has now (the keymap's, else its
    own) as the key bar shows it: the first, or `every` one of them (the help: "↓, j"; it listed ↓ alone, j working
    unsaid: walk9 #8); an id ending in ".open" is the table's Enter."""
    if binding_id.endswith(".open"):
        return screen.app.get_key_display(Binding("enter", ""))
    default = next(b.key for b in (*screen.BINDINGS, *widget_bindings) if b.id == binding_id)
    keys = [k.strip() for k in keymap.get(binding_id, default).split(",") if k.strip()]
    return ", ".join(screen.app.get_key_display(Binding(k, "")) for k in (keys if every else keys[:1]))


def column_keys(table: DataTable) -> list[str]:
    """The keys of the columns `table` shows, in order."""
    return [column.key.value for column in table.ordered_columns]


def fill_table(table: DataTable, rows) -> None:
    """Replace the table's rows by `rows` ((key, cells) pairs), each column as wide as its widest cell. The widths
    are set before the rows go in: DataTable (textual 8.2.8) measures new rows only when idle and keeps the cells it
    drew before that at the narrower width."""
    rows = list(rows)
    table.clear()
    size_columns(table, [cells for _, cells in rows])
    for key, cells in rows:
        table.add_row(*cells, key=key)


def table_room(table: DataTable, rows: int, screen: Screen) -> int:
    """The cells the columns of `table` (on `screen`, filling its width) may take with `rows` rows: its width (the
    screen's, the app's before it is laid out), less a vertical scrollbar's where the rows pass its height."""
    width = table.size.width or screen.size.width or screen.app.size.width
    if rows >= (table.size.height or screen.size.height) - 1:  # the heading takes a line
        width -= table.styles.scrollbar_size_vertical
    return width


def label_width(table: DataTable, rows: list[list[Text]], column: int, room: int) -> int:
    """The cells column `column` of `table` has in `room` once the other columns have their heading's or widest
    cell's width (`size_columns`) and every column its padding; never less than its heading."""
    headings = [c.label.cell_len for c in table.ordered_columns]
    others = sum(max([headings[i], *(cells[i].cell_len for cells in rows)])
                 for i in range(len(headings)) if i != column)
    return max(headings[column], room - others - 2 * table.cell_padding * len(headings))


def size_columns(table: DataTable, rows: list[list]) -> None:
    """Each column of `table` as wide as its heading or its widest cell in `rows`, fixed (not measured again)."""
    for i, column in enumerate(table.ordered_columns):
        column.auto_width = False
        column.width = max([column.label.cell_len, *(cells[i].cell_len for cells in rows)])


def cut_title(title: str, width: int) -> str:
    """`title` in `width` cells at most: cut at the end, except a round's file note at its end (core.round names an
    undecided duplicate "title (乡镇/file.txt)"; core.session's rule finds the note), which alone tells two such
    reports apart: it stays whole and the title before it is cut (to … alone, if need be); with no room for that, the
    note is cut at its start, the file's name being at its end."""
    if cell_len(title) <= width:
        return title
    noted = FILE_NOTED.search(title)
    if noted is None:
        return clip(title, width)
    head, note = title[:noted.start()], title[noted.start():]  # the note with the space before it
    if head and width - cell_len(note) >= 2:  # a character of the title and …, at least
        return clip(head, width - cell_len(note)) + note
    note = note.lstrip()
    return "…" + note if head and cell_len(note) < width else clip_start(note, width)  # … : a title was there


def _levels(row: Row) -> str:
    """Each reviewer's level of a report's area, on one line."""
    return "  ".join(f"{who} {level}" for who, level in row.reviewers.items())


def _number(value: float | None, fmt: str) -> str:
    """`value` in `fmt` ("{:.1f}%"), rounded half up from the figure as written ("—" for None): 77.55, as the exports
    write it, is 77.6 here (the float's 77.549… showed 77.5: walk14 F8)."""
    if value is None:
        return "—"
    return fmt.format(half_up(value, int(_PLACES.search(fmt).group(1))))


_PLACES = re.compile(r"\.(\d+)f")
