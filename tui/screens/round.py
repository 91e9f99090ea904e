"""The round screen: a round's reviews as a table (government, years, pair or alone, my status, the alignment
summary, assignments), filtered by typing a government's name and sorted by government, status or year, the
reviewer's own queue first. Enter opens the workbench (tui/screens/review.py) on a review; leaving it comes back to
the same row with the status refreshed. One key opens the next unfinished review, one shows the round's problems
(a second tab), one pools the round's scores (tui/screens/aggregate.py).

Wiring only: the plan, statuses, queue order and pooling are core's (core.round, core.aggregate). What is slow runs
in workers and never blocks the table: the alignment summaries (core.round.align_reviews, from the round's cache or
in worker processes; stopped when the screen goes), reading the session files for the statuses (those the
cache knows are in the first paint), opening a review, pooling. Dismissed with None when the reviewer quits.

(A little over 400 lines: the table, its two workers, the filter and the problems tab are one screen's wiring, and
each piece reads the others' state.)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.cells import cell_len
from rich.console import Group
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from fazhi.core.errors import FazhiError, printable, shown_name
from fazhi.core.name_order import name_order
from fazhi.core.round import Review, Round, RoundStatus, align_reviews, my_alignment, review_status
from fazhi.core.rubric import Rubric
from fazhi.tui.held_keys import KEYS_HELD_OPENING
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import ROUND_ACTIONS, ROUND_SHARED, screen_bindings
from fazhi.tui.render import (REVISED_MARK, ROUND_SIGNS, STATUS_GLYPH, clip, clip_apart, review_warnings, review_years,
                              round_file_waiting, round_problems, status_label, summary_parts)
from fazhi.tui.screens.aggregate import AggregateScreen, fill_table, key_of, size_columns, table_room
from fazhi.tui.screens.help import HelpScreen
from fazhi.tui.widgets.panels import KeyBar, StatusBar
from fazhi.tui.widgets.plain_input import PlainInput
from fazhi.tui.widgets.row_table import ROW_LABELS, RowTable

SORTS = ("government", "status", "year")
_STATE_ORDER = {"in progress": 0, "not started": 1, "done": 2}  # sorting by status: what is under way first
COLUMNS = ("government", "years", "kind", "status", "alignment", "note", "reviewers", "report")
REPORT_CELLS = 9  # the report column's least width: "营…订.txt", the end of a file name that tells it apart
#: When the columns are wider than the table (80 columns, English), these are cut, in this order, each down to its
#: least width (or its heading's), until the table fits: no sideways scrolling, where the edge hid what was cut. The
#: report file first (its name's end kept; the status line shows the highlighted row's whole path), then the
#: assignments, the notes (the problems tab says them whole), then the kind column goes (0: its years say it, 2024→2025
#: is a pair, 2025 alone; English with assignments needed 87 columns); narrower still (below 80), the report file and
#: the notes go before the government's name is cut (at 60 columns every name read 安…: walk5), and that last.
CUT_TO = (("report", REPORT_CELLS), ("reviewers", 6), ("note", 6), ("kind", 0), ("report", 0), ("note", 0),
          ("government", 6))
#: Marks a pair's counts as those of the reviewer's own alignment (their pins and splits).
OWN_ALIGNMENT = "✎"


class _Stopped(Exception):
    """Raised from the alignment's progress callback when the screen is gone: the worker pool drops the rest."""


class RoundScreen(Screen[None]):
    """See the module docstring. `keymap`: binding id → keys, as for the workbench (ids shared with it — find,
    cancel, help, quit — follow the reviewer's keymap here too)."""

    # the round's own keys, and those it shares with the workbench (its own actions): a keymap moves both
    BINDINGS = screen_bindings(ROUND_ACTIONS, ROUND_SHARED)
    #: The key bar, in this order, which is also what gives way first on a narrow terminal (the last first, but help
    #: and quit): pooling, the round's end, stays before finding and sorting (at 60 columns it went, the key with it:
    #: fuzz2); the problems' key is said in the header too (Enter is the table's own key).
    SHOWN = ("round.open", "round.next", "round.aggregate", "find", "round.sort", "round.problems", "help", "quit")
    #: what the problems tab says, as plain lines (`show_problems`)
    problems_shown = ""
    COMPONENT_CLASSES = {"roundscreen--title", "roundscreen--dim", "roundscreen--mine", "roundscreen--done",
                         "roundscreen--in-progress", "roundscreen--not-started", "roundscreen--warning",
                         "roundscreen--matched", "roundscreen--moved", "roundscreen--removed", "roundscreen--added",
                         "roundscreen--edits"}

    def __init__(self, round_: Round, reviewer: str, rubric: Rubric, sessions_dir: str | Path = "sessions",
                 lang: str = "zh", keymap: dict[str, str] | None = None, workers: int = 2) -> None:
        super().__init__()
        self.round, self.reviewer, self.rubric = round_, reviewer, rubric
        self.sessions_dir = Path(sessions_dir)
        self.lang, self.t, self.keys, self.processes = lang, Strings(lang), keymap or {}, workers
        self.status: RoundStatus | None = None  # until the session files are read
        #: why the last `r` could not read the round file (the round shown is as read before), said whole on the
        #: problems tab: the status line cut it before the problem (fuzz2)
        self.round_file_error: str | None = None
        #: review id → (the reviewer's pins and splits, the counts of the alignment they make; None where none of them
        #: applies): the table shows the alignment the reviewer works with, not the automatic one, once they changed it
        self.own_alignment: dict[str, tuple[tuple, dict[str, int] | None]] = {}
        self.sort_key = "government"
        self.filter_text = ""
        self._opening = False  # an Enter is waiting for the keys typed before it (`on_key`)
        self.message, self.error = "", False
        self.highlighted: str | None = None  # the review whose row the cursor is on
        self.wanted: list[str] = []  # the columns there are, once mounted
        self.columns: list[str] = []  # those the table shows (`_fit_columns`)
        self._fitted_to = -1  # the width the rows' cells were fitted to
        self._left: str | None = None  # the review the workbench was last left from
        self._placed = False  # the cursor was put where the reviewer stopped (RoundStatus.last), or need not be

    # composition -------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="round-header")
        with TabbedContent(id="round-tabs"):
            with TabPane(self.t("tab_reviews", n=len(self.round.reviews)), id="tab-reviews"):
                yield RowTable(id="reviews", cursor_type="row", zebra_stripes=True)
            with TabPane(self.t("tab_problems", n=self._problem_count()), id="tab-problems"):
                with VerticalScroll():
                    yield Static(id="problems")
        yield PlainInput(placeholder=self.t("filter_prompt", esc=self._key_of("cancel")), id="find",
                         select_on_focus=False)
        yield StatusBar(id="status")
        yield KeyBar(id="keys")

    @property
    def table(self) -> RowTable:
        return self.query_one("#reviews", RowTable)

    def on_mount(self) -> None:
        self.query_one("#find", Input).display = False
        assigned = any(r.reviewers for r in self.round.reviews)
        self.wanted = [c for c in COLUMNS if c != "reviewers" or assigned]  # no assignments: no empty column
        # What the caches have is in the first paint: the alignment summaries, and the statuses when every session
        # file of the reviewer's is known (a worker reading them would wait on the first paint for the interpreter).
        if any(r.a and r.alignment is None for r in self.round.reviews):
            align_reviews(self.round, rubric_path=self.rubric.path, cached_only=True)
        self.status = review_status(self.round, self.sessions_dir, self.reviewer, self.rubric.path, cached_only=True)
        self.fill()
        self.show_problems()
        self.table.focus()
        then_align = any(r.a and r.alignment is None for r in self.round.reviews)
        if self.status is None:
            self.load_statuses(then_align)
        else:
            self._statuses_known(self.status, then_align)

    def on_resize(self) -> None:
        # the report column takes the width there is (and the bars are redrawn); the first resize after mounting
        # usually gives the width the rows were just fitted to: 500 rows are not built again for nothing
        if self.columns and table_room(self.table, self.table.row_count, self) != self._fitted_to:
            self.fill()

    # the table ---------------------------------------------------------------------------------------------
    def ordered(self) -> list[Review]:
        """Every review in the table's order: the reviewer's own first, then by the chosen key."""
        def status_key(r: Review) -> tuple:
            # (a review r has just found has no status until its session files are read again: walk30 #1)
            s = self.status.statuses.get(r.id) if self.status else None
            return (_STATE_ORDER[s.state], -s.scored) if s else (1, 0)

        keys = {"government": lambda r: (name_order(r.government), r.b.year),  # by pinyin, as a Chinese reader looks
                "status": lambda r: (*status_key(r), name_order(r.government), r.b.year),
                "year": lambda r: (r.b.year, name_order(r.government))}
        by = keys[self.sort_key]
        return sorted(self.round.reviews, key=lambda r: (self.reviewer not in r.reviewers, *by(r)))

    def visible(self) -> list[Review]:
        query = self.filter_text.strip().lower()
        return [r for r in self.ordered() if not query or query in r.government.lower() or query in r.b.shown.lower()]

    @property
    def current_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def fill(self, keep: str | None = None) -> None:
        """(Re)build the rows in order; the cursor stays on review `keep` (else, filtered out, on the first row)."""
        table = self.table
        keep = keep or self.current_id
        visible = self.visible()
        rows = [(review.id, self.cells(review)) for review in visible]
        columns = self._fit_columns([cells for _, cells in rows])
        if columns != self.columns:
            self.columns = columns
            table.clear(columns=True)
            for column in columns:
                table.add_column(self.t(f"col_{column}"), key=column)
        fill_table(table, rows)
        ids = [review.id for review in visible]
        table.move_cursor(row=ids.index(keep) if keep in ids else 0)
        self.show_bars()

    def refresh_cells(self) -> None:
        """New statuses or alignment summaries: where the rows keep their order, the cells that changed are replaced
        in place (building 500 rows again and DataTable measuring them all took a fifth of a second each time);
        otherwise, as when a status reorders the rows, the table is filled again."""
        table = self.table
        visible = self.visible()
        if [key.value for key in table.rows] != [review.id for review in visible]:
            self.fill()
            return
        rows = [self.cells(review) for review in visible]
        if self._fit_columns(rows) != self.columns:  # a column comes or goes: the table is built again
            self.fill()
            return
        size_columns(table, rows)
        for review, cells in zip(visible, rows):
            for column, cell in zip(self.columns, cells):
                shown = table.get_cell(review.id, column)
                if shown != cell or shown.style != cell.style:  # (Text's == compares the characters and spans)
                    table.update_cell(review.id, column, cell)
        table.refresh()
        self.show_bars()

    def cells(self, review: Review) -> list[Text]:
        s, t = self.style_of, self.t
        mine = self.reviewer in review.reviewers
        warnings = review_warnings(review, t)
        note = Text(" ".join(warnings), s("warning"))
        if review.peer and review.note:  # round.toml's, the person's words (data): no warning
            note.append((" " if warnings else "") + printable(review.note), s("dim"))
        cells = {"government": Text(("★ " if mine else "  ") + review.government, s("mine") if mine else Style()),
                 "years": Text(review_years(review)),
                 "kind": Text(t("kind_peer", government=review.a.government) if review.peer
                              else t("kind_pair" if review.a else "kind_single"), s("dim")),
                 "status": self.status_cell(review), "alignment": self.alignment_cell(review),
                 "note": note,
                 "reviewers": Text(", ".join(review.reviewers), s("dim")), "report": Text(review.b.shown)}
        return [cells[c] for c in self.wanted]

    def _fit_columns(self, rows: list[list[Text]]) -> list[str]:
        """The columns to show, and the cells of `rows` (one per wanted column) cut (CUT_TO) so that they fit the
        table's width, their headings whole; a column cut to 0 goes, its cells taken out of `rows`."""
        table = self.table
        width = self._fitted_to = table_room(self.table, len(rows), self)
        columns = list(self.wanted)
        headings = [cell_len(self.t(f"col_{column}")) for column in columns]
        widest = lambda i: max([headings[i], *(row[i].cell_len for row in rows)])  # noqa: E731 (the column's width)
        over = sum(map(widest, range(len(columns)))) + 2 * table.cell_padding * len(columns) - width
        # a column no row says anything in goes first (its heading alone kept the report's file to qi…024.txt: walk9)
        empty = [column for i, column in enumerate(columns) if not any(row[i].plain for row in rows)]
        for column, least in [(column, 0) for column in empty] + list(CUT_TO):
            if over <= 0:
                break
            if column not in columns:
                continue
            i = columns.index(column)
            before = widest(i)
            if least == 0:
                over -= before + 2 * table.cell_padding
                del columns[i], headings[i]
                for row in rows:
                    del row[i]
                continue
            room = max(least, headings[i], before - over)
            if room >= before:
                continue
            if column == "report":
                self._cut_reports(rows, i, room)
            else:
                _cut_ends(rows, i, room)
            over -= before - widest(i)
        return columns

    def _cut_reports(self, rows: list[list[Text]], column: int, room: int) -> None:
        """The report column in `room` cells: the files' names (their paths when a name is in two folders) cut in the
        middle keeping the end, where two reports of one government and year differ, or what else tells the round's
        files apart (render.clip_apart)."""
        names = Counter(shown.rsplit("/", 1)[-1] for shown in {r.b.shown for r in self.round.reviews})
        told = lambda rel: rel if names[rel.rsplit("/", 1)[-1]] > 1 else rel.rsplit("/", 1)[-1]  # noqa: E731
        cut = clip_apart({told(r.b.shown) for r in self.round.reviews}, room)
        for row in rows:
            row[column] = Text(cut[told(row[column].plain)], row[column].style)

    def status_cell(self, review: Review) -> Text:
        status = self.status.statuses.get(review.id) if self.status else None
        if status is None:
            return Text(self.t("state_loading"), self.style_of("dim"))
        return Text(status_label(status, self.t), self.style_of(status.state.replace(" ", "-")))

    def own_counts(self, review: Review) -> dict[str, int] | None:
        """The counts of the alignment the reviewer made with pins and splits, when they have one and it is known."""
        status = self.status.statuses.get(review.id) if self.status else None
        own = self.own_alignment.get(review.id)
        return own[1] if status and status.edits and own and own[0] == status.edits else None

    def alignment_cell(self, review: Review) -> Text:
        if review.a is None:
            return Text("—", self.style_of("dim"))
        counts = self.own_counts(review) or review.alignment
        if counts is None:
            return Text(STATUS_GLYPH["pending"], self.style_of("dim"))
        text = Text()
        if counts is not review.alignment:
            text.append(OWN_ALIGNMENT + " ", self.style_of("edits"))
        for kind, part in summary_parts(counts):
            text.append(f"{part} ", self.style_of(kind))
        text.rstrip()
        return text

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(f"roundscreen--{name}", partial=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """A new row: its report's title and files in the status line (a refill on the same row keeps the
        message, e.g. how the workbench was left)."""
        if event.cursor_row != self.table.cursor_row:  # passed over while the rows were rebuilt
            return
        review = self.round.review(event.row_key.value) if event.row_key else None
        if review is not None and review.id != self.highlighted:
            self.highlighted = review.id
            if review.id != self._left:  # the reviewer chose another row: n goes from it (reread8)
                self._left = None
            # a pair's two files, A → B; a report reviewed alone has no sides to tell apart (walk7: "B file")
            files = f"A {review.a.shown} → B {review.b.shown}" if review.a else review.b.shown
            own = self.t("own_alignment_hint", n=len(self.status.statuses[review.id].edits)) \
                if self.own_counts(review) else ""  # (own_counts: a status known)
            # round.toml's note on the report (walk10: written there, shown nowhere)
            note = f"({printable(review.b.note)})" if review.b.note else ""
            self.say(f"{review.b.title or ''}  {files}  {note}  {own}".strip())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_review(event.row_key.value)

    # header, status, key bar, problems -----------------------------------------------------------------------
    def show_bars(self) -> None:
        t, s = self.t, self.style_of
        kinds = Counter(r.kind for r in self.round.reviews)
        # `fazhi round .` is named by the folder it means, not by "."
        name = self.round.round_file.name or shown_name(Path(self.round.folder).resolve().name or self.round.folder)
        title = Text(f"{t('round_title')} · {name}", s("title"))
        title.append(" · " + t("round_header_peers" if kinds["peer"] else "round_header", reviewer=self.reviewer,
                               reviews=len(self.round.reviews), pairs=kinds["pair"], peers=kinds["peer"],
                               singles=kinds["single"]))
        # where the statuses come from: a round opened from another folder reads another ./sessions; the problems
        # first, so a narrow terminal keeps their key (walk7: at 60 columns the title wrapped over this line)
        problems = self._problem_count()
        line = [t("problems_hint", n=problems, button=self._key_of("round.problems"))] if problems else []
        if self.filter_text:
            line.append(t("filtered", query=self.filter_text, n=self.table.row_count, total=len(self.round.reviews)))
        line += [t("sessions_in", folder=shown_name(_home_relative(self.sessions_dir))),
                 t("sort_by", by=t(f"sort_{self.sort_key}"))]
        header = self.query_one("#round-header", Static)
        width = header.content_size.width or self.size.width or 80
        for text in (title, info := Text(" · ".join(line), s("dim"))):
            text.truncate(width, overflow="ellipsis")  # each line cut with …, never wrapped over the next
        header.update(Text("\n").join([title, info]))
        tabs = self.query_one(TabbedContent)  # the tabs count as the header does (walk7: stale after r)
        tabs.get_tab("tab-reviews").label = t("tab_reviews", n=len(self.round.reviews))
        tabs.get_tab("tab-problems").label = t("tab_problems", n=problems)
        self._show_status()
        self.query_one(KeyBar).show([(self._key_of(i), self._label(i)) for i in self.SHOWN])

    def _show_status(self) -> None:
        progress = ""
        if self.status:
            states = [s.state for s in self.status.statuses.values()]
            progress = self.t("round_progress", done=states.count("done"), total=len(states),
                              started=states.count("in progress"))
        self.query_one(StatusBar).show(self.message, progress, self.error)

    def say(self, message: str, error: bool = False) -> None:
        self.message, self.error = message, error
        if self.is_mounted:
            self._show_status()

    def _key_of(self, binding_id: str, every: bool = False) -> str:
        return key_of(self, binding_id, self.keys, tuple(RowTable.BINDINGS), every)

    def _label(self, binding_id: str) -> str:
        if binding_id in ROW_LABELS:
            return self.t(ROW_LABELS[binding_id])
        return self.t("filter") if binding_id == "find" else self.t.binding(binding_id)  # "find" filters here

    def _problem_count(self) -> int:
        """The problems on the problems tab (skipped files are a choice made, not a problem; the sessions about reports
        the round does not have are one)."""
        r = self.round
        return (len(r.duplicates) + len(r.unreadable_to_fix) + len(r.missing_years) + len(r.warnings)
                + bool(self.round_file_error)
                + bool(r.without_latest_year()[1])
                + (len(self.status.problems) + bool(self.status.outside) if self.status else 0))

    def show_problems(self) -> None:
        """The second tab: duplicates, unreadable files with the reason, skipped files, round.toml warnings, and
        where to fix them (round.toml); missing years and governments without the latest year, and what makes them up
        (a report file in the folder); session files that could not be read."""
        t, s, r = self.t, self.style_of, self.round
        parts: list[Text | Padding] = []
        plain: list[str] = []  # the same, as text (`problems_shown`)

        def say(line: str, style: Style | None = None, indent: int = 0) -> None:
            # an item that wraps stays in its indent (walk14 F4: its next lines began at the left edge)
            parts.append(Padding(Text(line), (0, 0, 0, indent)) if indent else Text(line, style or ""))
            plain.append(" " * indent + line)

        def section(title: str, lines: list[str]) -> None:
            if lines:
                say(title, s("title"))
                for line in lines:
                    say(line, indent=2)
                say("")

        key = self._key_of("round.refresh")
        if self.round_file_error:
            section(t(self._reread_failed("round_file_error_title")), self.round_file_error.splitlines())
        fixable, missing = round_problems(r, t)
        for title, lines in fixable:
            section(title, lines)
        if parts:  # what round.toml fixes, above; a missing year it cannot (only a report file makes it up)
            say(t("round_file_hint", path=str(r.round_file.path), key=key), s("dim"))
            say("")
        for title, lines in missing:
            section(title, lines)
        if missing:
            say(t("add_report_hint", folder=r.folder, key=key), s("dim"))
            say("")
        section(t("session_problems_title"), [t.core(p) for p in self.status.problems] if self.status else [])
        section(t("sessions_outside_title"), self.status.outside if self.status else [])
        if not parts:
            say(t("problems_none"), s("dim"))
        while plain[-1] == "":
            parts.pop()
            plain.pop()
        self.query_one("#problems", Static).update(Group(*parts))
        self.problems_shown = "\n".join(plain)
        self.show_bars()  # the counts in the header and the tabs follow

    # statuses and alignment, in workers -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="status")
    def load_statuses(self, then_align: bool = False) -> None:
        """The reviewer's statuses from the session files; then (`then_align`) the alignment summaries: one after
        the other, the statuses first, since threads share one interpreter and the statuses matter more."""
        worker = get_current_worker()
        status = review_status(self.round, self.sessions_dir, self.reviewer, self.rubric.path)
        self._deliver(worker, self.statuses_loaded, status, then_align)

    def statuses_loaded(self, status: RoundStatus, then_align: bool = False) -> None:
        self.status = status
        self.refresh_cells()
        self.show_problems()
        self._statuses_known(status, then_align)

    def _statuses_known(self, status: RoundStatus, then_align: bool) -> None:
        if not self._placed:  # opened where the reviewer stopped, once (walk10 F7: on row 1 each time)
            self._placed = True
            if status.last and self.table.cursor_row == 0 and status.last in self.table.rows:
                self.table.move_cursor(row=self.table.get_row_index(status.last))
        if then_align:
            self.align_in_background()
        stale = [r for r in self.round.reviews if (s := status.statuses.get(r.id)) is not None  # (read before an r)
                 and s.edits and self.own_alignment.get(r.id, (None,))[0] != s.edits]
        if stale:
            self.align_own(stale, status)

    @work(thread=True, exclusive=True, group="own")
    def align_own(self, reviews: list[Review], status: RoundStatus) -> None:
        """The alignments the reviewer changed (pins, splits), as their sessions make them."""
        worker = get_current_worker()
        for review in reviews:
            try:
                counts = my_alignment(review, self.reviewer, self.rubric, self.sessions_dir)
            except (FazhiError, OSError):  # a report gone since the scan: the round's counts stay
                continue
            if worker.is_cancelled:
                return
            self.own_alignment[review.id] = (status.statuses[review.id].edits, counts)
        self.app.call_from_thread(self.refresh_cells)

    @work(thread=True, exclusive=True, group="align")
    def align_in_background(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self.app.call_from_thread(self.say, self.t("aligning", done=done, total=total))

        try:
            align_reviews(self.round, progress=progress, workers=self.processes, rubric_path=self.rubric.path)
        except _Stopped:
            return
        except (FazhiError, OSError) as e:  # a report that changed or went since the scan: say so, keep the table
            self.app.call_from_thread(self.say, self.t.core(str(e)), True)
            return
        self.app.call_from_thread(self.aligned)

    def aligned(self) -> None:
        self.refresh_cells()
        self.say(self.t("aligned_all"))

    # opening a review and coming back ---------------------------------------------------------------------
    def open_review(self, review_id: str) -> None:
        review = self.round.review(review_id)
        if review is None:
            return
        if any(w.group == "open" and w.is_running for w in self.workers):
            # a second Enter while one opens (slow to read): one workbench on a session, never two (reread11 R20)
            self.say(self.t("still_opening"))
            return
        self.say(self.t("opening", name=f"{review.government} {review.b.year}"))
        # what is typed meanwhile is for the workbench (walk15 F2: "⏎jjj" moved this table behind it); its push
        # sends the keys on once painted, a failure here at once
        self._open_in_worker(review, self.app.hold_keys(KEYS_HELD_OPENING))

    @work(thread=True, exclusive=True, group="open")
    def _open_in_worker(self, review: Review, hold: int) -> None:
        try:
            opened = review.open(self.reviewer, self.rubric, self.sessions_dir)
        except (FazhiError, OSError) as e:
            # a file gone or changed since the scan, a sessions folder that cannot be read: said, with what reads the
            # round again, and the app goes on (reread11 R21: an OSError ended it)
            message = self.t.core(str(e)) if isinstance(e, FazhiError) else f"{e.strerror or e}"
            said = f"{message} · {self.t('reread_key', key=self._key_of('round.refresh'))}"
            self.app.call_from_thread(self.say, said, True)
            self.app.call_from_thread(self.app.release_keys, hold)
            return
        if get_current_worker().is_cancelled:
            self.app.call_from_thread(self.app.release_keys, hold)
            return
        self.app.call_from_thread(self._push_workbench, review.id, opened)

    def _push_workbench(self, review_id: str, opened) -> None:
        from fazhi.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(opened, self.lang, self.keys, back=True),
                             partial(self.returned, review_id, opened))

    def returned(self, review_id: str, opened, report: dict | None) -> None:
        """The workbench was left: say how, refresh the statuses, stay on the review's row (with the counts of the
        alignment as the reviewer left it, when they changed it)."""
        self._left = review_id
        # (edits all left out, their sections renamed or gone, make no alignment of the reviewer's own: no ✎, walk10 F1)
        if opened.alignment is not None and opened.session.alignment_edits:
            self.own_alignment[review_id] = (opened.session.alignment_edits,
                                             opened.alignment.counts() if opened.edits_applied else None)
        report = report or {}
        if "error" in report:
            self.say(self.t.core(report["error"]), error=True)
        elif report.get("path") and not _inside(Path(report["path"]), Path(self.sessions_dir)):
            # saved elsewhere after a failed save: this round reads its sessions folder only
            self.say(self.t("returned_saved_elsewhere", path=report["path"], folder=self.sessions_dir), error=True)
        elif report.get("said"):  # a merge on quitting: what both windows changed
            self.say(report["said"])
        else:
            self.say(self.t("returned_saved", path=report["path"]) if report.get("path") else self.t("returned_nothing"))
        self.fill(keep=review_id)
        self.load_statuses()

    def action_next_unfinished(self) -> None:
        """The next review not done after this row, in the table's order (past the filter when need be); opened."""
        if self.status is None:
            self.say(self.t("reading_sessions"))
            return
        # from this row on, unless it is the review just left (n then goes on past it: walk10 F7 — at opening, the
        # row the cursor is on was passed over)
        here = self.current_id
        target = (self.status.next_unfinished(self.round, after=here, order=self.ordered()) if here == self._left
                  else self.status.next_unfinished(self.round, at=here, order=self.ordered()))
        if target is None:
            self.app.bell()
            self.say(self.t("all_done"))
            return
        if target not in self.visible():
            self.filter_text = ""
            self.query_one("#find", Input).value = ""
        self.fill(keep=target.id)
        self.open_review(target.id)

    # filter, sort, tabs -------------------------------------------------------------------------------------
    def action_filter(self, start: str = "") -> None:
        """Show the filter; `start`: the first characters typed (a new filter; while the filter is opening, keys
        that reach the table before the focus moves are added to it)."""
        self.app.hold_keys()  # the query typed with / goes into the field (tui/held_keys.py; reread10 R8)
        box = self.query_one("#find", Input)
        self.query_one(TabbedContent).active = "tab-reviews"
        opening = box.display
        box.display = True
        box.value = (box.value if opening else "") + start if start else self.filter_text
        box.focus()
        box.cursor_position = len(box.value)
        self.app.release_keys_when_painted()

    def on_key(self, event) -> None:
        """Typing a name filters at once: a character no key is bound to (Chinese) opens the filter with it. The
        filter's own key is taken here too, before it comes back up to the app's bindings: a name typed with it in one
        burst ("/清溪") reached here first and went into the filter before the key that opened it (reread10 R8). So is
        Enter, the table's: its row's review opens with the keys behind it held (the table's RowSelected came after
        them: walk15 F2), once the keys typed before it have moved the cursor (they run their bindings when they come
        back up to the app, after this: `_open_at_cursor` is queued behind them). Keys reaching here meanwhile, or
        while keys are held ("⏎/清" in one burst), are left to the app to hold."""
        char = event.character
        box = self.query_one("#find", Input)
        if self.focused is box and char and char.isprintable():
            # typed for the filter, still on its way up from the table when the focus moved to the field (the field
            # takes what is typed to it itself): "清溪" typed at once filtered by 清 alone now and then
            event.stop()
            box.insert_text_at_cursor(char)
            return
        if self.focused is not self.table or self.app.holding_keys or self._opening:
            return
        if event.key == "enter":
            event.stop()
            self._opening = True
            self.app.call_later(self._open_at_cursor)
        elif event.key in self._filter_keys:
            event.stop()
            self.action_filter()
        elif char and char.isprintable() and not char.isascii():
            event.stop()
            self.action_filter(char)

    def _open_at_cursor(self) -> None:
        self._opening = False
        if self.current_id is not None:
            self.open_review(self.current_id)

    @property
    def _filter_keys(self) -> set[str]:
        default = next(b.key for b in self.BINDINGS if b.id == "find")
        return {k.strip() for k in self.keys.get("find", default).split(",") if k.strip()}

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "find":
            self.filter_text = event.value
            self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "find":
            event.input.display = False
            self.table.focus()

    def action_clear_filter(self) -> None:
        """Escape: the filter goes (and the problems tab, back to the reviews)."""
        box = self.query_one("#find", Input)
        box.display = False
        self.query_one(TabbedContent).active = "tab-reviews"
        if self.filter_text:
            self.filter_text = ""
            box.value = ""
            self.fill()
        self.table.focus()

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.fill()

    def action_problems(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-problems" if tabs.active == "tab-reviews" else "tab-reviews"
        if tabs.active == "tab-reviews":
            self.table.focus()

    def action_refresh(self) -> None:
        """The folder and round.toml read again (an override or a skip just written), then the statuses."""
        self.say(self.t("rereading_round"))
        self._rescan()

    @work(thread=True, exclusive=True, group="rescan")
    def _rescan(self) -> None:
        """The folder read again; only the latest r's reading is shown (a slower earlier one finishing last would
        put the older round back). Its own group: a statuses read started meanwhile (back from the workbench) must
        not cancel it; the statuses it starts itself supersede those of the round it replaces."""
        from fazhi.core.round import scan, write_template

        worker = get_current_worker()
        try:  # unchanged files come from the cache: a fraction of a second
            fresh = scan(self.round.folder, self.round.round_file.path, rubric_path=self.rubric.path)
        except (FazhiError, OSError) as e:  # round.toml broken by the edit: said, and the round as it was stays
            self._deliver(worker, self._rescan_failed, self.t.core(str(e)))
            return
        try:  # a report found now that needs an override gets the file the problems tab points to, as at opening
            written = write_template(fresh, self.t.core)
        except (FazhiError, OSError):  # a read-only folder: the problems tab says what to write, as at opening
            written = None
        self._deliver(worker, self._rescanned, fresh, written)

    def _deliver(self, worker: Worker, callback: Callable[..., None], *args) -> None:
        """From a worker's thread: `callback(*args)` on the app's thread, unless `worker` was cancelled (a newer
        request in its exclusive group). Checked in the thread, as Textual's docs do, and again on the app's thread,
        where a request made while the result was on its way has cancelled it."""
        if not worker.is_cancelled:
            self.app.call_from_thread(lambda: None if worker.is_cancelled else callback(*args))

    def _rescan_failed(self, why: str) -> None:
        self.round_file_error = why
        self.show_problems()
        self.say(self.t(self._reread_failed("round_file_broken"), key=self._key_of("round.problems")), error=True)

    def _reread_failed(self, key: str) -> str:
        """The words for a reading of the round that failed: the round file's, or the folder's, gone since it was read
        (monkey33 F4: a folder renamed was said to be round.toml's fault)."""
        try:
            there = Path(self.round.folder).is_dir()
        except OSError:  # (an unreadable parent, a drive pulled: Python 3.11 says so rather than False; read34 #3)
            there = False
        return key if there else key.replace("round_file", "round_folder")

    def _rescanned(self, fresh: Round, written: tuple[int, int] | None = None) -> None:
        self.round_file_error = None
        for review in fresh.reviews:  # the summaries already known stay (the same pair: the same id)
            known = self.round.review(review.id)
            review.alignment = known.alignment if known else None
        self.round = fresh
        self.fill()
        self.show_problems()
        self.say(self.t("round_file_written_screen", path=fresh.round_file.path, what=round_file_waiting(written, self.t),
                        key=self._key_of("round.refresh")) if written else self.t("round_reread", n=self._problem_count()))
        self.load_statuses(then_align=any(r.a and r.alignment is None for r in fresh.reviews))

    # pooling, help, quit ------------------------------------------------------------------------------------
    def action_aggregate(self) -> None:
        self.say(self.t("pooling"))
        # what is typed meanwhile is for the pooled view, as for a review opening (its push sends the keys on)
        self._pool(self.app.hold_keys(KEYS_HELD_OPENING))

    @work(thread=True, exclusive=True, group="pool")
    def _pool(self, hold: int) -> None:
        from fazhi.core.aggregate import aggregate_paths

        try:
            # One process: forking worker processes from a threaded app is not safe, and a round's sessions are few.
            result = aggregate_paths([str(self.sessions_dir)], self.rubric, workers=1,
                                     reports=self.round.report_names(), index=self.round.report_index())
        except BaseException:
            self.app.call_from_thread(self.app.release_keys, hold)
            raise
        self.app.call_from_thread(self._push_aggregate, result)

    def _push_aggregate(self, result) -> None:
        paths = {r.b.sha256: r.b.path for r in self.round.reviews}
        self.app.push_screen(AggregateScreen(result, self.rubric, self.lang, self.keys, report_paths=paths,
                                            back=True))
        self.say("")

    def action_help(self) -> None:
        ids = ("round.open", *(b.id for b in RowTable.BINDINGS), *(b.id for b in self.BINDINGS))
        rows = [(self._key_of(i, every=True), self._label(i)) for i in ids]
        t = self.t
        legend = [(ROUND_SIGNS["matched"], t("legend_matched", same=f"{STATUS_GLYPH['matched']} {t('matched')}",
                                       edited=f"{STATUS_GLYPH['edited']} {t('edited')}"))]
        legend += [(ROUND_SIGNS[k], t(f"legend_{k}")) for k in ("moved", "removed", "added")]
        legend += [(OWN_ALIGNMENT, self.t("legend_own_alignment")), ("★", self.t("legend_mine")),
                   (REVISED_MARK, self.t("legend_revised")), (self.t("state_draft"), self.t("legend_draft")),
                   (self.t("state_broken"), self.t("legend_broken")),
                   (STATUS_GLYPH["pending"], self.t("legend_pending"))]
        self.app.push_screen(HelpScreen(f"{self.t('help_title')} — {self.t('round_title')}",
                                        [(self.t("round_title"), rows)], self.t("legend_title"), legend))

    def action_quit(self) -> None:
        self.dismiss(None)


def _cut_ends(rows: list[list[Text]], column: int, room: int) -> None:
    """The cells of `column` in `room` cells, each its start and "…" when longer (`clip`)."""
    for row in rows:
        if row[column].cell_len > room:
            row[column] = Text(clip(row[column].plain, room), row[column].style)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _home_relative(folder: Path) -> str:
    """The folder's full path, `~` for the home folder: where it is, whichever folder the round was opened from."""
    full, home = folder.resolve(), Path.home().resolve()
    return "~/" + str(full.relative_to(home)) if full.is_relative_to(home) and full != home else str(full)
