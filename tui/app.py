"""The review workbench: wiring only. A `core.review.Review` holds the review and its rules; the widgets show it
(tui/widgets), the modal screens ask (tui/screens), the palette searches it (tui/commands), tui/app.tcss styles it.

This module binds keys to actions (ids from tui/keymap.ACTIONS), turns widget messages into calls on the review,
saves after every change (core.store: atomic, with a backup; a failed or conflicting save keeps the app open and
asks), and runs the slow things in workers: the alignment (and re-alignment after a pin or a split) in a thread.
The first screen shows both reports at once; the alignment fills in when it lands (before the first paint when it
is cheap: tokens cached and reports of ordinary size).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from fazhi.core.align import Pair
from fazhi.core.errors import FazhiError
from fazhi.core.review import AlignmentResult, Refused, Review
from fazhi.core.session import ViewState
from fazhi.core.store import SessionConflict
from fazhi.tui.commands import LocalizedPalette, ReviewCommands, call
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import ACTIONS, BY_ID
from fazhi.tui.render import STATUS_GLYPH
from fazhi.tui.screens.chooser import Chooser
from fazhi.tui.screens.form import Form
from fazhi.tui.screens.help import HelpScreen
from fazhi.tui.screens.question import Question
from fazhi.tui.widgets.compare_view import CompareView
from fazhi.tui.widgets.pair_list import PairList
from fazhi.tui.widgets.panels import AreaPanel, AreaRow, DetailPanel, HeaderBar, KeyBar, StatusBar

#: Up to this many characters (both reports) an alignment with cached tokens takes a few tens of ms: cheaper done
#: before the first paint than in a worker that competes with the paint.
INLINE_ALIGN_CHARS = 300_000
NOTICE_SECONDS = 6


@dataclass
class Hits:
    """Search or evidence hits: (pair index, side, start, end, label), in reading order, and the current one."""

    items: list[tuple[int, str, int, int, str]]
    current: int = -1
    query: str = ""


class ReviewApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "fazhi"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    # Below 110 columns the pair list goes (n, u, the palette and / still jump); the side panel slims below 90.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-medium"), (110, "-wide"), (150, "-extra-wide")]
    BINDINGS = [Binding(a.keys, a.action, a.id, show=False, id=a.id) for a in ACTIONS]

    def __init__(self, review: Review, lang: str = "zh", keymap: dict[str, str] | None = None,
                 inline_align: bool | None = None) -> None:
        super().__init__()
        self.review = review
        self.lang = lang
        self.t = Strings(lang)
        self.keys = keymap or {}
        self.inline_align = inline_align
        self.focused_area = _area_index(review, review.session.view.area)
        self.found: Hits | None = None  # search hits
        self.evidence: Hits | None = None  # evidence keywords of the focused area
        self.flash: int | None = None
        self.message, self.error = "", False
        self.exit_report: dict = {}

    # composition -------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="main"):
            yield PairList(id="pairs")
            yield CompareView(id="view")
            with Vertical(id="side"):
                yield AreaPanel(id="areas")
                yield DetailPanel(id="detail")
        yield Input(placeholder=self.t("find_prompt"), id="find")
        yield StatusBar(id="status")
        yield KeyBar(id="keys")

    @property
    def view(self) -> CompareView:
        return self.query_one(CompareView)

    def on_mount(self) -> None:
        if self.keys:
            self.set_keymap(self.keys)
        self.query_one("#find", Input).display = False
        notices = [self.t(n.key, **_params(n.params)) for n in self.review.notices]
        self._show_header(notices[0] if notices else "")
        if notices:
            self.set_timer(NOTICE_SECONDS, self._end_notice)
        self._opening_message = " · ".join(notices) or self.t("loading")
        self.say(self._opening_message)
        self._show_pairs(self._restored_focus())
        self.view.side = self.review.session.view.side
        self.view.focus()
        if self.review.pending:
            self.ask_fork()
        if self.inline_align if self.inline_align is not None else self._alignment_is_cheap():
            self.alignment_ready(self.review.compute_alignment())
        else:  # started once this first screen is painted (earlier it only competes with the paint)
            self.call_after_refresh(self.align_in_background)

    def on_resize(self) -> None:
        self._show_header("")
        self.refresh_panels()

    def _alignment_is_cheap(self) -> bool:
        from fazhi.core.tokens import is_cached

        a, b = self.review.a.text, self.review.b.text
        return len(a) + len(b) <= INLINE_ALIGN_CHARS and is_cached(a) and is_cached(b)

    @work(thread=True, exclusive=True, group="align")
    def align_in_background(self) -> None:
        result = self.review.compute_alignment()
        self.call_from_thread(self.alignment_ready, result)

    def alignment_ready(self, result: AlignmentResult) -> None:
        keep = self.view.focused_pair
        self.review.apply(result)
        self._show_pairs(self._index_of(keep) if keep else self._restored_focus())
        counts = self.review.counts()
        if self.message in ("", self._opening_message):  # never over what the reviewer just did
            self.say(f"{self.t('aligned')}: " + "  ".join(f"{STATUS_GLYPH[k]} {self.t(k)} {counts.get(k, 0)}"
                                                          for k in ("matched", "moved", "removed", "added")))

    def _show_pairs(self, focus: int) -> None:
        pairs = self.review.pairs
        pinned = {tuple(p) for p in self.review.session.pins}
        self.view.show(self.review.a, self.review.b, pairs, (self.t("no_counterpart"), self.t("preamble")), pinned, focus)
        self.query_one(PairList).show(pairs, [self._heading(p) for p in pairs], self.view.focused_index)
        self._pair_changed()

    def _index_of(self, pair: Pair) -> int:
        pairs = self.review.pairs
        for test in (lambda p: (p.a, p.b) == (pair.a, pair.b), lambda p: pair.a and p.a == pair.a,
                     lambda p: pair.b and p.b == pair.b):
            index = next((i for i, p in enumerate(pairs) if test(p)), None)
            if index is not None:
                return index
        return 0

    def _restored_focus(self) -> int:
        view = self.review.session.view
        return self._index_of(Pair(view.a, view.b, None, "")) if (view.a or view.b) else 0

    def _heading(self, pair: Pair) -> str:
        s = self.review.section("a", pair.a) or self.review.section("b", pair.b)
        return (s.heading or self.t("preamble")) if s else ""

    # what the panels show --------------------------------------------------------------------------------
    def _show_header(self, notice: str) -> None:
        reports = []
        for side, o in (("A", self.review.a), ("B", self.review.b)):
            name = f"{o.government or '—'} {o.year or ''}".strip()
            reports.append((side, name, o.title or Path(o.source).name))
        self.query_one(HeaderBar).show(reports, notice)

    def say(self, message: str, error: bool = False) -> None:
        self.message, self.error = message, error
        self._show_status()

    def _show_status(self) -> None:
        p = self.review.progress()
        progress = self.t("progress", a=p["a"], b=p["b"], n=p["areas"], notes=p["notes"], annotations=p["annotations"])
        state = self.t("not_saved") if self.review.unsaved else (self.t("saved") if self.review.session.path else "")
        self.query_one(StatusBar).show(self.message, f"{progress}  {state}".strip(), self.error)

    def refresh_panels(self) -> None:
        review, side = self.review, self.view.side
        rows = []
        for area in review.rubric.areas:
            scores = [review.session.score(s, area.id) for s in "ab"]
            rows.append(AreaRow(area.name(self.lang), tuple(sc.level if sc else None for sc in scores),
                                tuple(bool(sc and sc.note) for sc in scores),
                                tuple(len(review.evidence(s, area.id)) for s in "ab")))
        self.query_one(AreaPanel).show(rows, self.focused_area, side, review.rubric, self.t, self.flash, self.lang)
        pair = self.view.focused_pair
        self.query_one(DetailPanel).show(review.comparison(pair) if pair else None,
                                         review.annotations_of(pair) if pair else [], self.t)
        self._show_status()
        self.query_one(KeyBar).show([(self._key_of(a.id), self.t.binding(a.id)) for a in ACTIONS if a.show])

    def _key_of(self, binding_id: str) -> str:
        keys = self.keys.get(binding_id, BY_ID[binding_id].keys)
        return self.get_key_display(Binding(keys.split(",")[0].strip(), ""))

    def _pair_changed(self) -> None:
        """The focused pair changed (or its content): its diff and figures, its annotations, the area it is about."""
        pair = self.view.focused_pair
        if pair is None:
            return
        self.query_one(PairList).highlighted = self.view.focused_index
        comparison = self.review.comparison(pair)
        spans = self.review.highlights(pair, comparison) if comparison else {}
        self.view.set_layer("diff", spans.get("diff", {}))
        self.view.set_layer("figure", spans.get("figure", {}))
        self._show_marks()
        self._follow_area(pair)
        self.refresh_panels()

    def _follow_area(self, pair: Pair | None) -> None:
        """The area panel follows the section being read: its strongest area (the reviewer can still move)."""
        strongest = self.review.strongest_area(self.view.side, pair) if pair else None
        if strongest is not None:
            self.focused_area = _area_index(self.review, strongest)

    def _show_marks(self) -> None:
        marks = {s: [(an.start, an.end) for an in self.review.session.annotations if an.side == s and not an.orphan]
                 for s in "ab"}
        self.view.set_layer("mark", marks)

    # messages from widgets ----------------------------------------------------------------------------------
    def on_compare_view_pair_focused(self, event: CompareView.PairFocused) -> None:
        if self.view.selection and not self._visual_in(event.index):
            self.view.clear_selection()
        self._pair_changed()

    def _visual_in(self, index: int) -> bool:
        return index == self.view.focused_index

    def on_pair_list_pair_selected(self, event: PairList.PairSelected) -> None:
        self.view.focus_pair(event.index)
        self.view.focus()

    def on_area_panel_area_clicked(self, event: AreaPanel.AreaClicked) -> None:
        self.goto_area(event.index)

    def on_compare_view_selected(self, event: CompareView.Selected) -> None:
        self.say(self.t("visual_on"))

    def on_compare_view_clicked(self, event: CompareView.Clicked) -> None:
        self.refresh_panels()

    # moving -------------------------------------------------------------------------------------------------
    def goto_pair(self, index: int) -> None:
        self.view.focus_pair(index)

    def _step(self, step: int) -> None:
        if self.view.caret:
            self.view.move_caret(lines=step)
            return
        target = self.view.focused_index + step
        if not 0 <= target < len(self.review.pairs):
            self.bell()
            self.say(self.t("first_pair" if step < 0 else "last_pair"))
            return
        self.goto_pair(target)

    def action_next_pair(self) -> None:
        self._step(1)

    def action_prev_pair(self) -> None:
        self._step(-1)

    def action_first_pair(self) -> None:
        self.goto_pair(0)

    def action_last_pair(self) -> None:
        self.goto_pair(len(self.review.pairs) - 1)

    def _jump(self, step: int, wanted, none_left: str) -> None:
        pairs = self.review.pairs
        i = self.view.focused_index + step
        while 0 <= i < len(pairs):
            if wanted(pairs[i]):
                self.goto_pair(i)
                return
            i += step
        self.bell()
        self.say(self.t(none_left))

    def action_next_change(self) -> None:
        if self.found:
            return self._next_hit(self.found, 1, "find_hits")
        self._jump(1, Review.is_change, "no_more_changes")

    def action_prev_change(self) -> None:
        if self.found:
            return self._next_hit(self.found, -1, "find_hits")
        self._jump(-1, Review.is_change, "no_more_changes")

    def action_next_unmatched(self) -> None:
        self._jump(1, Review.is_unmatched, "no_more_unmatched")

    def action_prev_unmatched(self) -> None:
        self._jump(-1, Review.is_unmatched, "no_more_unmatched")

    def action_switch_side(self) -> None:
        self.set_side("b" if self.view.side == "a" else "a")

    def action_set_side(self, side: str) -> None:
        if self.view.caret:
            self.view.move_caret(chars=-1 if side == "a" else 1)
            return
        self.set_side(side)

    def set_side(self, side: str) -> None:
        self.view.side = side  # the area stays: scoring one area for A then B is the common path
        self.refresh_panels()

    def action_page(self, direction: int) -> None:
        view = self.view
        view.scroll_to(y=view.scroll_y + direction * max(1, view.scrollable_content_region.height - 2), animate=False)
        index = view.block_at(int(view.scroll_y) + 2)
        if index != view.focused_index:
            view.focused_index = index

    # areas and scores -------------------------------------------------------------------------------------
    def action_next_area(self) -> None:
        self.goto_area((self.focused_area + 1) % len(self.review.rubric.areas))

    def action_prev_area(self) -> None:
        self.goto_area((self.focused_area - 1) % len(self.review.rubric.areas))

    def goto_area(self, index: int) -> None:
        self.focused_area = index
        self.evidence = None
        self.view.set_layer("evidence", {})
        self.refresh_panels()

    @property
    def area(self):
        return self.review.rubric.areas[self.focused_area]

    def action_area_evidence(self) -> None:
        """Next keyword of the focused area in either report, the area's keywords highlighted."""
        area = self.area
        if self.evidence is None or self.evidence.query != area.id:
            items = []
            for side in "ab":
                for start, end, phrase in self.review.evidence(side, area.id):
                    index = self.review.pair_index_at(side, start)
                    if index is not None:
                        items.append((index, side, start, end, phrase))
            items.sort(key=lambda h: (h[0], h[1], h[2]))
            self.evidence = Hits(items, -1, area.id)
            self.view.set_layer("evidence", {s: [(h[2], h[3]) for h in items if h[1] == s] for s in "ab"})
        if not self.evidence.items:
            self.bell()
            self.say(self.t("no_evidence"))
            return
        self._next_hit(self.evidence, 1, "evidence_hit")

    def _next_hit(self, hits: Hits, step: int, message: str) -> None:
        here = (self.view.focused_index, self.view.side)
        if hits.current < 0:  # the first hit at or after the focused pair
            hits.current = next((i for i, h in enumerate(hits.items) if (h[0], h[1]) >= here), 0) - (step > 0)
        hits.current = (hits.current + step) % len(hits.items)
        index, side, start, end, label = hits.items[hits.current]
        self.view.focus_pair(index)
        self.view.side = side
        self.view.scroll_to_region_of(side, start)
        if hits is self.found:
            self.view.set_layer("search-current", {side: [(start, end)]})
        self.say(self.t(message, n=hits.current + 1, total=len(hits.items), phrase=label, query=hits.query))

    def action_score(self, level: int) -> None:
        self.set_score(self.focused_area, level)

    def set_score(self, area_index: int, level: int | None, side: str | None = None) -> None:
        """Score (or clear, level None) an area of the report being read; the scale is checked by the review."""
        side = side or self.view.side
        area = self.review.rubric.areas[area_index]
        self.focused_area = area_index
        try:
            self.review.set_score(side, area.id, level)
        except Refused:
            self.bell()
            self.say(self.t("off_scale", level=level, scale=self.review.rubric.scale_text), error=True)
            return
        self.persist()
        name = area.name(self.lang)
        if level is None:
            self.say(self.t("cleared", side=side.upper(), area=name))
        else:
            label = self.review.rubric.level(level)
            self.say(self.t("scored", side=side.upper(), area=name, level=level,
                            label=label.text(self.lang)[0] if label else ""))
        self.flash = area_index
        self.refresh_panels()
        self.set_timer(0.6, self._end_flash)

    def _end_flash(self) -> None:
        self.flash = None
        if self.screen_stack and self.query(AreaPanel):  # the app may be closing when the timer fires
            self.refresh_panels()

    def _end_notice(self) -> None:
        if self.screen_stack and self.query(HeaderBar):
            self._show_header("")

    def action_clear_score(self) -> None:
        self.set_score(self.focused_area, None)

    @work
    async def action_score_typed(self) -> None:
        scale = self.review.rubric.scale_text
        answer = await self.push_screen_wait(self._form(self.t("score_type", scale=scale) + f" · {self.area.name(self.lang)}",
                                                        [("level", self.t("score_type", scale=scale), "")]))
        if answer is None:
            return
        try:
            level = int(answer["level"].strip())
        except ValueError:
            self.bell()
            self.say(self.t("off_scale", level=answer["level"].strip() or "''", scale=scale), error=True)
            return
        self.set_score(self.focused_area, level)

    @work
    async def action_score_note(self) -> None:
        side, area = self.view.side, self.area
        current = self.review.session.score(side, area.id)
        if current is None:
            self.bell()
            self.say(self.t("score_first"), error=True)
            return
        answer = await self.push_screen_wait(self._form(f"{self.t('score_note')}: {side.upper()} · {area.name(self.lang)}",
                                                        [("note", self.t("note"), current.note or "")]))
        if answer is not None:
            self._apply(lambda: self.review.set_note(side, area.id, answer["note"]))

    # annotations ------------------------------------------------------------------------------------------
    def _form(self, title: str, fields: list[tuple[str, str, str]], deletable: bool = False) -> Form:
        return Form(title, fields, (self.t("save"), self.t("cancel"), self.t("delete")), deletable)

    @work
    async def action_annotate(self) -> None:
        pair, side = self.view.focused_pair, self.view.side
        sid = (pair.a if side == "a" else pair.b) if pair else None
        selection = self.view.selection
        if selection is not None:
            side, start, end = selection
            sid = pair.a if side == "a" else pair.b
        if sid is None:
            self.bell()
            self.say(self.t("nothing_here"), error=True)
            return
        outline = self.review.outline(side)
        section = self.review.section(side, sid)
        if selection is None:
            start, end = self.review.default_passage(side, sid)
        fields = [("note", self.t("note"), ""), ("tag", self.t("tag"), "")]
        if selection is None:
            fields.append(("passage", self.t("passage"), outline.text[start:end]))
        answer = await self.push_screen_wait(self._form(
            f"{self.t('annotate')} {side.upper()} {sid} «{outline.text[start:end][:30]}»", fields))
        if answer is None:
            return
        if selection is None and answer["passage"].strip() != outline.text[start:end]:
            where = self.review.locate(side, sid, answer["passage"].strip())
            if where is None:
                self.say(self.t("passage_not_found"), error=True)
            else:
                start, end = where
        self.view.clear_selection()
        self._apply(lambda: self.review.annotate(side, section.id, start, end, answer["note"], _tags(answer["tag"])))

    @work
    async def action_annotations(self) -> None:
        pair = self.view.focused_pair
        notes = self.review.annotations_of(pair) if pair else []
        if not notes:
            self.say(self.t("no_annotations"))
            return
        chosen = await self.push_screen_wait(Chooser(self.t("annotations"), [(an.id, _describe(an)) for an in notes]))
        if chosen is not None:
            await self._edit_annotation(chosen)

    @work
    async def action_all_annotations(self) -> None:
        notes = self.review.session.annotations
        if not notes:
            self.say(self.t("no_annotations_at_all"))
            return
        chosen = await self.push_screen_wait(Chooser(self.t("all_annotations"),
                                                     [(an.id, f"{an.section} {_describe(an)}") for an in notes]))
        if chosen is None:
            return
        an = self.review.annotation(chosen)
        index = self.review.pair_index_at(an.side, an.start)
        if index is not None:
            self.view.focus_pair(index)
            self.view.side = an.side
            self.view.scroll_to_region_of(an.side, an.start)

    async def _edit_annotation(self, annotation_id: str) -> None:
        an = self.review.annotation(annotation_id)
        answer = await self.push_screen_wait(self._form(
            f"{self.t('annotate')} «{an.quote[:20]}»",
            [("note", self.t("note"), an.note), ("tag", self.t("tag"), ", ".join(an.tags))], deletable=True))
        if answer is None:
            return
        if "delete" in answer:
            self._apply(lambda: self.review.delete_annotation(annotation_id))
        else:
            self._apply(lambda: self.review.edit_annotation(annotation_id, answer["note"], _tags(answer["tag"])))

    def action_visual(self) -> None:
        if self.view.caret:
            self.view.clear_selection()
            self.say("")
            return
        pair, side = self.view.focused_pair, self.view.side
        sid = (pair.a if side == "a" else pair.b) if pair else None
        if sid is None:
            self.bell()
            return
        start, _ = self.review.default_passage(side, sid)
        self.view.start_selection(side, start)
        self.say(self.t("visual_on"))

    # find ---------------------------------------------------------------------------------------------------
    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "find":
            return
        query = event.value.strip()
        event.input.display = False
        self.view.focus()
        if not query:
            return self.action_cancel()
        items = [(i, side, start, end, "") for side, start, end, i in self.review.find(query)]
        self.found = Hits(items, -1, query)
        self.view.set_layer("search", {s: [(h[2], h[3]) for h in items if h[1] == s] for s in "ab"})
        if not items:
            self.bell()
            self.say(self.t("find_none", query=query), error=True)
            self.found = None
            return
        self._next_hit(self.found, 1, "find_hits")

    def action_cancel(self) -> None:
        """Escape: end the selection, then the search, then the evidence highlight."""
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.view.focus()
        elif self.view.caret:
            self.view.clear_selection()
        elif self.found:
            self.found = None
            self.view.set_layer("search", {})
            self.view.set_layer("search-current", {})
        elif self.evidence:
            self.evidence = None
            self.view.set_layer("evidence", {})
        self.say("")

    # pins ---------------------------------------------------------------------------------------------------
    @work
    async def action_pin(self) -> None:
        pair = self.view.focused_pair
        if pair is None or self.review.alignment is None:
            self.bell()
            self.say(self.t("pending_align"), error=True)
            return
        if pair.a and pair.b:
            pinned = self.review.is_pinned(pair)
            if self._apply(lambda: (self.review.unpin if pinned else self.review.pin)(pair.a, pair.b), realign=True):
                self.say(self.t("unpinned" if pinned else "pinned"))
            return
        side, mine = ("a", pair.a) if pair.a else ("b", pair.b)
        other = "b" if side == "a" else "a"
        options = [(s.id, f"{s.id} {s.label}{s.heading}") for s in self.review.pin_candidates(other, side, mine)]
        chosen = await self.push_screen_wait(Chooser(self.t("pick_counterpart"), options))
        if chosen is not None:
            a_id, b_id = (mine, chosen) if side == "a" else (chosen, mine)
            if self._apply(lambda: self.review.pin(a_id, b_id), realign=True):
                self.say(self.t("pinned"))

    def action_split(self) -> None:
        pair = self.view.focused_pair
        if pair is None or not (pair.a and pair.b) or self.review.alignment is None:
            self.bell()
            return
        if self._apply(lambda: self.review.split(pair.a, pair.b), realign=True):
            self.say(self.t("split"))

    @work
    async def action_why(self) -> None:
        pair = self.view.focused_pair
        if pair is None:
            return
        await self.push_screen_wait(Question(self.t("why_title"), self.review.explain(pair, self.lang),
                                             [("ok", "OK")]))

    # undo ---------------------------------------------------------------------------------------------------
    def action_undo(self) -> None:
        self._history(self.review.undo, "undone", "nothing_to_undo")

    def action_redo(self) -> None:
        self._history(self.review.redo, "redone", "nothing_to_redo")

    def _history(self, step, done: str, nothing: str) -> None:
        snap = step()
        if snap is None:
            self.bell()
            self.say(self.t(nothing))
            return
        self.persist()
        if snap.realign:
            self.align_in_background()
        self._show_marks()
        self.refresh_panels()
        self.say(self.t(done, what=self.t.undo_label(snap.label)))

    # saving -------------------------------------------------------------------------------------------------
    def _apply(self, change, realign: bool = False) -> bool:
        """Run one review operation, save, and show it; a refusal is said, never raised."""
        try:
            change()
        except Refused as e:
            self.bell()
            self.say(str(e), error=True)
            return False
        self.persist()
        if realign:
            self.align_in_background()
        self._show_marks()
        self.refresh_panels()
        return True

    def persist(self) -> bool:
        """Save now; a conflict or a failure keeps the changes in memory and asks what to do."""
        try:
            path = self.review.save()
        except SessionConflict as e:
            self.resolve_conflict(e)
            return False
        except FazhiError as e:
            self.save_failed(str(e))
            return False
        self.say_saved(path)
        return True

    def say_saved(self, path: Path) -> None:
        if not self.error:
            self._show_status()

    @work(exclusive=True, group="ask")
    async def resolve_conflict(self, error: SessionConflict) -> None:
        answer = await self.push_screen_wait(Question(self.t("conflict_title"), self.t("conflict_body", path=error.path),
                                                      [("copy", self.t("save_copy")), ("reload", self.t("reload"))]))
        if answer == "reload":
            self.review.reload()
            self._show_pairs(self.view.focused_index)
            self.align_in_background()
        elif answer == "copy":
            try:
                self.say(f"{self.t('saved')}: {self.review.save_copy()}")
            except FazhiError as e:
                self.save_failed(str(e))
        self.refresh_panels()

    @work(exclusive=True, group="ask")
    async def save_failed(self, error: str) -> None:
        self.say(error, error=True)
        answer = await self.push_screen_wait(Question(self.t("save_failed_title"), self.t("save_failed_body", error=error),
                                                      [("retry", self.t("retry")), ("elsewhere", self.t("save_elsewhere")),
                                                       ("stay", self.t("stay"))]))
        if answer == "retry":
            self.persist()
        elif answer == "elsewhere":
            folder = await self.push_screen_wait(self._form(self.t("save_elsewhere"), [("folder", self.t("folder"), "")]))
            if folder and folder["folder"].strip():
                try:
                    self.say(f"{self.t('saved')}: {self.review.save_copy(folder['folder'].strip())}")
                except FazhiError as e:
                    self.save_failed(str(e))
        self.refresh_panels()

    # help, palette, quit ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for action in ACTIONS:
            keys = ", ".join(self.get_key_display(Binding(k.strip(), ""))
                             for k in self.keys.get(action.id, action.keys).split(","))
            groups.setdefault(self.t.group(action.group), []).append((keys, self.t.binding(action.id), action.id))
        groups[self.t.group("other")].append(("ctrl+p", self.t("palette"), "command_palette"))
        self.push_screen(HelpScreen(f"{self.t('help_title')} — {self.t('app_title')}", list(groups.items()),
                                    self.t("help_title"), self.t.legend()))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not LocalizedPalette.is_open(self):
            self.push_screen(LocalizedPalette(self.t("no_matches"), placeholder=self.t("palette_placeholder"),
                                              id="--command-palette"))

    def get_system_commands(self, screen):
        yield SystemCommand(self.t("help"), self.t("help_help"), self.action_help)
        yield SystemCommand(self.t("theme"), self.t("theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("screenshot"), self.t("screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand(self.t("quit"), self.t("quit"), self.action_quit)

    def action_help_quit(self) -> None:
        self.notify(self.t("quit_hint", key=self._key_of("quit")), title=self.t("quit_title"), markup=False)

    def palette_entries(self, discover: bool) -> list[tuple[str, str, object]]:
        """(title, help, callback) for the palette: progress, sections, areas, area = level."""
        t, review = self.t, self.review
        p = review.progress()
        entries = [(t("progress", a=p["a"], b=p["b"], n=p["areas"], notes=p["notes"], annotations=p["annotations"]),
                    "", self.action_all_annotations)]
        entries.append((t("all_annotations"), "", self.action_all_annotations))
        if discover:
            return entries
        for index, pair in enumerate(review.pairs):
            entries.append((f"{t('section')}: {pair.a or '–'}/{pair.b or '–'} {self._heading(pair)}", "",
                            call(self.goto_pair, index)))
        for i, area in enumerate(review.rubric.areas):
            name = area.name(self.lang)
            entries.append((f"{t('areas')}: {name}", area.about(self.lang), call(self.goto_area, i)))
            for level in range(review.rubric.scale_min, review.rubric.scale_max + 1):
                entries.append((f"{t('areas')}: {name} = {level}", "", call(self.set_score, i, level)))
        return entries

    def action_quit(self) -> None:
        self.quit_review()

    @work(exclusive=True, group="ask")
    async def quit_review(self) -> None:
        pair = self.view.focused_pair
        self.review.remember_view(ViewState(pair.a if pair else None, pair.b if pair else None, self.view.side,
                                            self.area.id if self.review.rubric.areas else None))
        try:
            path = self.review.close()
        except (FazhiError, OSError) as e:
            answer = await self.push_screen_wait(Question(self.t("quit_unsaved_title"),
                                                          f"{e}\n{self.t('quit_unsaved_body')}",
                                                          [("stay", self.t("stay")), ("quit", self.t("quit_anyway"))]))
            if answer == "quit":
                self.exit_report = {"error": str(e)}
                self.exit(1, return_code=1)
            return
        self.exit_report = {"path": path}
        self.exit(0)

    @work(exclusive=True, group="ask")
    async def ask_fork(self) -> None:
        fork = self.review.pending
        answer = await self.push_screen_wait(Question(self.t("fork_title"), self.t("fork_body", theirs=fork.theirs.reviewer),
                                                      [("mine", self.t("keep_mine")), ("theirs", self.t("replace_mine"))]))
        self.review.resolve_fork(keep_mine=answer != "theirs")
        if answer == "theirs":
            self.persist()
            self.align_in_background()
        self._show_marks()
        self.refresh_panels()


def _area_index(review: Review, area_id: str | None) -> int:
    return next((i for i, a in enumerate(review.rubric.areas) if a.id == area_id), 0)


def _params(params: dict) -> dict:
    return {k: ("/".join(s.upper() for s in v) if isinstance(v, tuple) else v) for k, v in params.items()}


def _tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (full- or half-width), 、 or spaces."""
    import re

    return [t for t in re.split(r"[,\uff0c、\s]+", text) if t]


def _describe(an) -> str:
    return ("⚠ " if an.orphan else "") + f"{an.side.upper()} «{an.quote[:20]}» {an.note}"
