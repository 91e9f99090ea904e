"""The workbench screen: both reports side by side, the pair list, the area and detail panels, the status line and
the key bar, wired to one `core.review.Review`.

This module is wiring: it composes the widgets (tui/widgets), turns their messages into calls on the review, keeps
only view state (the focused area, the search and evidence hits, the last announcement), moves the focus, finds,
and runs the alignment in a worker thread (before the first paint instead when it is cheap). What changes the
reviewer's work — scores, notes, annotations, pins, undo, saving and quitting — is in tui/screens/review_edits.py.

Fast at any size: what a key changes is drawn in the same frame; what big reports need (the alignment, the evidence
counts, the words of both documents, the word diff of the pairs a key may go to next) is computed in worker threads
while the first screen and the reviewer's reading go on. Over 400 lines as the one place that wires the widgets to
the review.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.message import Message
from textual.widgets import Input

from fazhi.core.align import Pair
from fazhi.core.compare import same_but_years
from fazhi.core.errors import FazhiError, printable, shown_name
from fazhi.core.lookup import FIND_LIMIT
from fazhi.core.review import AlignmentResult, Review
from fazhi.tui import memory
from fazhi.tui.commands import call
from fazhi.tui.held_keys import KEYS_HELD_REALIGNING
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import ACTIONS, BY_ID, PALETTE_KEY
from fazhi.tui.render import STATUS_GLYPH, clip_line, clip_middle
from fazhi.tui.screens.help import BULLET, HelpScreen
from fazhi.tui.screens.review_edits import Edits, area_index
from fazhi.tui.widgets.compare_view import CompareView
from fazhi.tui.widgets.pair_list import PairList, pair_ids
from fazhi.tui.widgets.panels import AreaPanel, AreaRow, DetailPanel, HeaderBar, KeyBar, StatusBar
from fazhi.tui.widgets.plain_input import PlainInput

#: Up to this many characters (both reports) an alignment takes a few tens of ms: cheaper done before the first
#: paint than in a worker that competes with the paint.
INLINE_ALIGN_CHARS = 300_000
NOTICE_SECONDS = 6
NOTICE_FILE_CELLS = 36  # of a file's name in an opening notice
JUMPS_KEPT = 50  # places a jump left that jump.back can return to
WALK_QUOTE_CELLS = 16  # of an annotation's quote, in the status line that says which one a walk went to


@dataclass
class Hits:
    """Search or evidence hits: (pair index, side, start, end, label), in reading order, and the current one."""

    items: list[tuple[int, str, int, int, str]]
    current: int = -1
    query: str = ""
    side: str | None = None  # evidence: the one report walked
    capped: bool = False  # a search that stopped at its limit: there may be more

    @property
    def total(self) -> str:
        return f"{len(self.items)}+" if self.capped else str(len(self.items))


class StyleAhead(Message):
    """From the prepare worker: the rows focusing pair `target` would show can be styled (the screen was at pair
    `index` of `pairs`; where it has moved since, nothing is done)."""

    def __init__(self, index: int, pairs: list[Pair], target: int, layers: dict) -> None:
        super().__init__()
        self.index, self.pairs, self.target, self.layers = index, pairs, target, layers


class ReviewScreen(Edits, Screen[dict]):
    """The workbench on one review. Dismissed with a report of how it ended: {"path": the session file or None}
    or {"error": why the session could not be saved} (the reviewer chose to quit anyway)."""

    # Below 110 columns the pair list goes (n, u, the palette and / still jump); the side panel slims below 90, and
    # from 120 on widens when an area's name did not fit (-long-names).
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (56, "-narrow"), (90, "-medium"), (110, "-wide"), (120, "-extra-wide")]
    BINDINGS = [Binding(a.keys, a.action, a.id, show=False, id=a.id) for a in ACTIONS]

    def __init__(self, review: Review, lang: str = "zh", keymap: dict[str, str] | None = None,
                 inline_align: bool | None = None, back: bool = False) -> None:
        """`back`: the screen was opened from a list (a round's), so quitting goes back to it."""
        super().__init__()
        self.back = back
        self.review = review
        self.lang = lang
        self.t = Strings(lang)
        self.keys = keymap or {}
        self.inline_align = inline_align
        self.focused_area = area_index(review, review.session.view.area)
        # Why the area panel does not follow the section being read: "restored" (where the reviewer was, until
        # they move) or "picked" (they chose an area: ], [, a click, e, the palette; until Esc).
        view = review.session.view
        self.area_hold: str | None = "picked" if view.held and view.area else "restored" if view.area else None
        self.moved = False  # the reviewer moved through the reports: quitting remembers where
        self.notice = ""  # the header's passing notice (continuing a session, a changed report …)
        self._notices: list[str] = []  # the opening notices still to show after it
        self.opening_notices: list[str] = []  # all of them, as the help lists them
        self._wrong_file = ""  # A and B are one government's one year: said on opening (`_same_government_and_year`)
        self.found: Hits | None = None  # search hits
        #: (pair index, side, start) of the hit Escape put away: the next `v` in that pair selects from it (walk53 #7)
        self.put_away: tuple[int, str, int] | None = None
        #: a split's or a pin's message and the sections it moved, until the alignment lands (`say_where_they_went`)
        self.realign_said: tuple[str, list[tuple[str, str]]] | None = None
        self._draft_offered = False  # a dialog's draft (core.drafts) is offered once, when the alignment first lands
        #: the places a jump left (a search's or the evidence's first hit, an annotation, the palette, the pair list,
        #: first/last), newest last, as (A id, B id, side): jump.back returns to them (walk6: after `e` the place in
        #: the reading was lost)
        self.jumps: list[tuple[str | None, str | None, str, str | None, int]] = []  # (+ the area's hold, the area)
        self.evidence: Hits | None = None  # evidence keywords of the focused area
        self.noted: Hits | None = None  # the annotations of the report being read, walked with annotation.next/prev
        self.flash: int | None = None
        self.message, self.error = "", False
        self._panels_for: tuple[int, Pair | None] = (-1, None)  # the focused pair the panels were drawn for
        self._evidence_counted = self._small  # else counted in a worker (count_evidence)
        self._compare = CompareView(id="view")
        self._realigning: int | None = None  # the hold of the keys typed since a change began re-aligning (`realign`)
        self.closed = False  # the review was closed (`close_review`): quitting, or the app ending without q

    # composition -------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="main"):
            yield PairList(id="pairs")
            yield self._compare
            with Vertical(id="side"):
                yield AreaPanel(id="areas")
                yield DetailPanel(id="detail")
        yield PlainInput(placeholder=self.t("find_prompt"), id="find")
        yield StatusBar(id="status")
        yield KeyBar(id="keys")

    @property
    def view(self) -> CompareView:
        return self._compare  # held, not queried: `on_unmount` reads it after it has left the DOM

    def on_mount(self) -> None:
        memory.interactive()
        self.query_one("#find", Input).display = False
        self._wrong_file = self._same_government_and_year()
        def said(notice, short: bool) -> str:
            return self.t(notice.key, **_params(notice.params, self.t, short, self._area_names))

        notices, shown = ([self._wrong_file] * bool(self._wrong_file) + [said(n, short) for n in self.review.notices]
                          for short in (False, True))
        # each notice in the header in turn, for NOTICE_SECONDS: the status line's copy of them all is cut at the width
        # and replaced by the alignment's summary within a second (a changed report went unseen: walk8 #3)
        self._notices = shown[1:]
        self.opening_notices = notices  # kept for the help, whole: the header shows each for a few seconds (walk10 F3)
        self._show_header(shown[0] if shown else "")
        if notices:
            self.set_timer(NOTICE_SECONDS, self._end_notice)
        self._opening_message = " · ".join(notices) or self.t("loading_single" if self.review.is_single else "loading")
        self.say(self._opening_message)
        self.view.side = self.review.session.view.side
        inline = self.inline_align if self.inline_align is not None else self._alignment_is_cheap()
        if not inline:  # both outlines as they are until the alignment lands
            self._show_pairs(self._restored_focus())
        self.view.focus()
        if self.review.pending:
            self.ask_fork()
        if inline:
            self.alignment_ready(self.review.compute_alignment())
        else:  # started once this first screen is painted (earlier it only competes with the paint)
            self.call_after_refresh(self.align_in_background)
        if not self._evidence_counted:
            self.count_evidence()

    def _same_government_and_year(self) -> str:
        """The notice that A and B are one government's reports of one year ("" if not): two years of a government,
        or two governments, are what a review compares; this is most likely a file picked by mistake."""
        a, b = self.review.a, self.review.b
        if self.review.is_single or not a.year or a.year != b.year or not self.review.compares_years:
            return ""
        return self.t("same_government_and_year", name=f"{b.government} {b.year}")

    def first_frame_ready(self) -> bool:
        """For SettledFirstFrame: the pairs are on the view, laid out for its width."""
        return self.view.laid_out

    def on_unmount(self) -> None:
        memory.release()  # what the alignment froze belongs to this review: let it go with the screen
        self.close_unasked()

    def close_unasked(self) -> None:
        """Close the review as the app ends without q (its browser tab closed, the server stopping, its terminal gone:
        ScreenApp's hang-up does it first, before a terminal's end can fail the app): the place kept, a change that
        cannot be saved kept in a copy. Once."""
        if not self.closed:
            try:
                self.close_review()
            except (FazhiError, OSError) as e:  # no screen left to ask on: said where the server or shell shows it
                reason = self.t.core(printable(str(e), newlines=True))
                self.closed = True  # (kept in a copy, or said lost: not again as the screen goes)
                print(f"fazhi: {self._unsaved_kept(reason) if self.review.unsaved else reason}", file=sys.stderr)

    def _unsaved_kept(self, reason: str) -> str:
        """The change the window could not save, kept in a copy beside the session (walk18 F1: a tab closed on the
        question "changed by another window" lost it): the next opening of the pair names the copy, and pooling
        counts it; what is said of it."""
        try:
            return self.t("unsaved_copied", reason=reason, path=printable(str(self.review.save_copy())))
        except (FazhiError, OSError):  # (a folder that takes no file: the copy cannot go there either)
            return self.t("unsaved_lost", reason=reason)

    def _area_names(self, areas: tuple[tuple[str, str], ...]) -> str:
        """(side, area id)s as the reviewer reads them: "A·行政执法、B·权力监督"; a side's every area as "A·全部 10 个领域"
        (walk53 #5: ten names pushed the reports' titles off the header)."""
        rubric, names = self.review.rubric, []
        every = {side for side in {side for side, _ in areas}
                 if {area_id for s, area_id in areas if s == side} >= set(rubric.area_ids)}
        for side, area_id in areas:
            if side not in every:
                names.append(f"{side.upper()}·{area.name(self.lang) if (area := rubric.area(area_id)) else area_id}")
            elif (whole := f"{side.upper()}·{self.t('all_areas', n=len(rubric.area_ids))}") not in names:
                names.append(whole)
        return self.t("list_sep").join(names)

    def _end_notice(self) -> None:
        """The next opening notice in the header, or none once all were shown."""
        if self.is_attached:
            self._show_header(self._notices.pop(0) if self._notices else "")
            if self.notice:
                self.set_timer(NOTICE_SECONDS, self._end_notice)

    def on_resize(self) -> None:
        self._show_header(self.notice)
        self.refresh_panels()

    def _alignment_is_cheap(self) -> bool:
        from fazhi.core.tokens import is_cached

        a, b = self.review.a.text, self.review.b.text
        return self._small and is_cached(a) and is_cached(b)

    @property
    def _small(self) -> bool:
        """Reports small enough that what they need takes a few tens of ms: done before the first paint."""
        return len(self.review.a.text) + len(self.review.b.text) <= INLINE_ALIGN_CHARS

    @work(thread=True, exclusive=True, group="align")
    def align_in_background(self) -> None:
        from fazhi.core.tokens import doc_tokens

        result = self.review.compute_alignment()
        # the word diff of the focused pair needs both documents' words: cut here (seconds with a cold cache), not
        # on the UI thread; a report reviewed alone is compared with nothing (5 MB alone waited 7 s for its words)
        for outline in () if self.review.is_single else (self.review.a, self.review.b):
            doc_tokens(outline.text)
        for pair in result.alignment.pairs:  # the list's ≈ and ↕≈: each pair's own text compared here (kept), too
            self.review.text_changed(pair)
        if get_current_worker().is_cancelled:  # a newer alignment is coming: this one would release its keys (R22)
            return
        self.app.call_from_thread(self.alignment_ready, result)

    def realign(self) -> None:
        """The pairs aligned again after the reviewer's change (a split, undo, a pin): the keys typed meanwhile are held
        until the new list is shown, and move through it (walk15 F3: "Pjjj" in one burst moved through the list the
        split replaced, one row off). A pin asks (held_keys.asks): this hold takes the keys of the action's over."""
        self._realigning = self.app.hold_keys(KEYS_HELD_REALIGNING)
        self.align_in_background()

    @work(thread=True, group="evidence")
    def count_evidence(self) -> None:
        """Every area's keywords in both reports (seconds in big reports), while the first screen shows them as
        being counted."""
        for side in "ab":
            self.review.lookup.evidence(side, "")  # the first query finds every area's keywords in the report
        self.app.call_from_thread(self._evidence_counted_now)

    def _evidence_counted_now(self) -> None:
        self._evidence_counted = True
        if self.is_attached:
            self.refresh_panels()

    def alignment_ready(self, result: AlignmentResult) -> None:
        keep = self.view.focused_pair
        self.review.apply(result)
        for hits in (self.found, self.evidence):  # the pairs changed: each hit to the pair that now holds it
            if hits:
                hits.items, hits.current = self._placed(h[1:] for h in hits.items), -1
        self.put_away = None
        self._show_pairs(self._index_of(keep) if keep else self._restored_focus())
        memory.settle()
        if self.realign_said is not None:
            self.say_where_they_went()
        elif not self.review.pairs:  # a title alone (or a text the reader found nothing in): an empty pane says why
            self.say(self.t("no_sections"), error=True)
        elif self.message not in ("", self._opening_message):  # never over what the reviewer just did
            self._show_status()  # (the aligning mark goes all the same)
        else:
            # counted as the list shows them: a matched pair whose text changed is ≈ there, so it is ≈ here too; ↕
            # counts every moved pair, as the round's summary does (the line stays as long at 80 columns); the list,
            # the headers and `w` mark the rewritten ones ↕≈
            counts = Counter(map(self.review.shown_status, self.review.pairs))
            counts["moved"] += counts.pop("moved_edited", 0)
            term = lambda k: self.t(self.review.status_term(k))  # noqa: E731 (a peer has nothing removed or added)
            wrong_file = f"{self._wrong_file} · " if self._wrong_file else ""  # stays until the reviewer acts
            # the reviewer's pins and splits are in it: said (walk6, walk7: nothing said they were applied)
            orphaned, edits = len(self.review.orphan_pins), self.review.edits_applied
            applied = f" · {self.t('edits_applied', n=edits)}" if edits else ""
            if orphaned:
                applied += f" · {self.t('edits_orphaned', n=orphaned, why=self._key_of('pair.why'))}"
            self.say(self.t("single_sections", n=len(self.review.pairs)) if self.review.is_single else
                     f"{wrong_file}{self.t('aligned')}: " + "  ".join(f"{STATUS_GLYPH[k]} {term(k)} {counts[k]}"
                                                         for k in ("matched", "edited", "moved", "removed", "added")
                                                         if counts[k]) + applied)  # none: unsaid
        if self._realigning is not None:  # the new list is up once painted: the keys held for it go on
            self.app.call_after_refresh(self.app.release_keys, self._realigning)
            self._realigning = None
        if not self._draft_offered:  # once the sections are placed: a dialog a closed terminal left, open again
            self._draft_offered = True
            if not self.review.pending and self.review.take_draft() is not None:
                self.resume_draft()

    def _show_pairs(self, focus: int) -> None:
        pairs = self.review.pairs
        pinned = {tuple(p) for p in self.review.session.pins}
        single = self.review.is_single
        shown = [self.review.shown_status(p) for p in pairs]  # ≈ for a pair edited in place, in the list and headers
        self.view.show(self.review.a, self.review.b, pairs, (self.t("no_counterpart"), self.t("preamble")), pinned, focus,
                       single, shown)
        self.query_one(PairList).show(pairs, [self._headings(p) for p in pairs], self.view.focused_index, single, shown)
        self._pair_changed()

    def _placed(self, spans) -> list[tuple[int, str, int, int, str]]:
        """Hits as `Hits` keeps them: each (side, start, end, label) with the pair holding it, in reading order."""
        lookup = self.review.lookup
        return sorted(((i, side, start, end, label) for side, start, end, label in spans
                       if (i := lookup.pair_index_at(side, start)) is not None), key=lambda h: h[:3])

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

    def _headings(self, pair: Pair) -> tuple[str, str | None]:
        """How the pair list names a pair: A's heading (else B's), and B's where it says more than A's with the
        year moved on (a renamed section)."""
        a, b = self.review.section("a", pair.a), self.review.section("b", pair.b)
        s = a or b
        heading = (s.heading or self.t("preamble")) if s else ""
        renamed = a and b and not same_but_years(a.heading, b.heading, self.review.year_shift)
        return heading, b.heading if renamed else None

    # what the panels show --------------------------------------------------------------------------------
    def _show_header(self, notice: str) -> None:
        self.notice = notice
        reports = []
        for side, o in (("A", self.review.a), ("B", self.review.b)):
            name = f"{o.government or '—'} {o.year or ''}".strip()
            reports.append((side, name, o.title or shown_name(Path(o.source).name)))  # a file name is data
        if self.review.is_single:
            reports[0] = ("A", "—", self.t("single_no_a"))
        self.query_one(HeaderBar).show(reports, notice)

    def say(self, message: str, error: bool = False) -> None:
        self.message, self.error = message, error
        self._show_status()

    def _progress(self, compact: bool = False) -> str:
        """Areas scored per report (B alone in a single review), notes and annotations."""
        p = self.review.progress()
        key = ("progress_single" if self.review.is_single else "progress") + ("_short" if compact else "")
        return self.t(key, a=p["a"], b=p["b"], n=p["areas"], notes=p["notes"], annotations=p["annotations"])

    def _show_status(self) -> None:
        progress = self._progress(compact=self.size.width < 110)  # the message keeps its room on narrow terminals
        state = self.t("not_saved") if self.review.unsaved else (self.t("saved") if self.review.session.path else "")
        # the alignment still running is said here too: the message that said so gives way to what the reviewer does
        aligning = self.t("aligning_mark") if self.review.alignment is None and not self.review.is_single else ""
        self.query_one(StatusBar).show(self.message, f"{aligning}  {progress}  {state}".strip(), self.error)

    def refresh_panels(self) -> None:
        review, side = self.review, self.view.side
        rows = []
        for area in review.rubric.areas:
            scores = [review.session.score(s, area.id) for s in "ab"]
            rows.append(AreaRow(area.name(self.lang), tuple(sc.level if sc else None for sc in scores),
                                tuple(bool(sc and sc.note) for sc in scores),
                                tuple(len(review.lookup.evidence(s, area.id)) if self._evidence_counted else None
                                      for s in "ab")))
        score = review.session.score(side, self.area.id) if review.rubric.areas else None
        areas = self.query_one(AreaPanel)
        areas.show(rows, self.focused_area, side, review.rubric, self.t, self.flash, self.lang,
                   self.area_hold == "picked", review.is_single, note=score.note if score else "")
        if areas.names_cut and areas.width and self.has_class("-extra-wide"):
            self.add_class("-long-names")  # the side panel widens (app.tcss): "Government func…" named no area
        pair = self.view.focused_pair
        self.query_one(DetailPanel).show(review.figures(pair) if pair else [],
                                         review.annotations_of(pair) if pair else [], self.t, review.is_single)
        self._show_status()
        self._show_keys()

    def _show_keys(self) -> None:
        # one report: nothing to switch to, no change to go to
        hidden = ({"pane.switch"} | ({"change.next"} if not self.found else set())) if self.review.is_single else set()
        self.query_one(KeyBar).show([(self._key_of(a.id), self._label_of(a.id)) for a in ACTIONS
                                     if a.show and a.id not in hidden])

    def _label_of(self, binding_id: str) -> str:
        """A key's label as it acts now: n goes to the next hit while searching, q back to the round."""
        if binding_id == "change.next" and self.found:
            return self.t("next_hit")
        if binding_id == "quit" and self.back:
            return self.t("back_to_round")
        return self.t.binding(binding_id)

    def _key_of(self, binding_id: str) -> str:
        keys = self.keys.get(binding_id, BY_ID[binding_id].keys)
        return self.app.get_key_display(Binding(keys.split(",")[0].strip(), ""))

    def _pair_changed(self) -> None:
        """The focused pair changed (or its content): its diff and figures, its annotations, the area it is about."""
        pair = self.view.focused_pair
        if pair is None:
            return
        self._panels_for = (self.view.focused_index, pair)
        if self.put_away and self.put_away[0] != self.view.focused_index:  # (a hit put away is this pair's only)
            self.put_away = None
        self.query_one(PairList).highlighted = self.view.focused_index
        for name, spans in self._focused_layers(pair).items():
            self.view.set_layer(name, spans)
        self._show_marks()
        self._follow_area(pair)
        self.refresh_panels()
        if self.review.alignment is not None:  # once this frame is painted: it competes with nothing then
            self.call_after_refresh(self.prepare_comparisons, self.view.focused_index)

    @work(thread=True, exclusive=True, group="prepare")
    def prepare_comparisons(self, index: int) -> None:
        """The word diff and figures of the pairs the next key may go to (j, k, n, N), computed while the reviewer
        reads, and the rows that key will show styled on the UI thread, a screenful at a time: a big pair's took
        several ms, now not spent after the key."""
        worker, pairs = get_current_worker(), self.review.pairs
        if index >= len(pairs):
            return
        after = next((i for i in range(index + 1, len(pairs)) if self.review.is_change(pairs[i])), None)
        before = next((i for i in range(index - 1, -1, -1) if self.review.is_change(pairs[i])), None)
        for i in dict.fromkeys((index + 1, index - 1, after, before)):
            if worker.is_cancelled:
                return
            if i is not None and 0 <= i < len(pairs):
                # (post_message: thread-safe, and waits for nothing)
                self.post_message(StyleAhead(index, pairs, i, self._focused_layers(pairs[i])))

    def _focused_layers(self, pair: Pair) -> dict[str, dict[str, list[tuple[int, int]]]]:
        """The highlights shown on `pair` while it is focused: its word diff and changed figures (computed once, kept
        by the review)."""
        comparison = self.review.comparison(pair)
        spans = self.review.lookup.highlights(pair, comparison) if comparison else {}
        return {name: spans.get(name, {}) for name in ("diff", "figure")}

    def on_style_ahead(self, message: StyleAhead) -> None:
        if self.view.focused_index == message.index and self.review.pairs is message.pairs:  # (still where it was)
            self.view.style_ahead_of(message.target, message.layers)

    def _follow_area(self, pair: Pair | None) -> None:
        """The area panel follows the section being read: its strongest area, unless the reviewer holds one."""
        if self.area_hold:
            return
        strongest = self.review.lookup.strongest_area(self.view.side, pair) if pair else None
        if strongest is not None:
            self.focused_area = area_index(self.review, strongest)

    def _show_marks(self) -> None:
        marks = {s: [(an.start, an.end) for an in self.review.session.annotations if an.side == s and not an.orphan]
                 for s in "ab"}
        self.view.set_layer("mark", marks)

    # messages from widgets ----------------------------------------------------------------------------------
    def on_compare_view_pair_focused(self, event: CompareView.PairFocused) -> None:
        if self.view.selection and not self._visual_in(event.index):
            self.view.clear_selection()
        if self._panels_for != (event.index, event.pair):  # not already shown by goto_pair: the mouse moved it
            self._reviewer_moved()
            self._pair_changed()

    def _visual_in(self, index: int) -> bool:
        return index == self.view.focused_index

    def on_pair_list_pair_selected(self, event: PairList.PairSelected) -> None:
        self.jump_to_pair(event.index)
        self.view.focus()

    def on_area_panel_area_clicked(self, event: AreaPanel.AreaClicked) -> None:
        self.goto_area(event.index)

    def on_compare_view_selected(self, event: CompareView.Selected) -> None:
        self.say(self.visual_hint())

    def on_compare_view_clicked(self, event: CompareView.Clicked) -> None:
        self.moved = True
        self.refresh_panels()

    # moving -------------------------------------------------------------------------------------------------
    def goto_pair(self, index: int) -> bool:
        """Move to a pair as the reviewer asked: what was said about the last place goes. True when it was another
        pair (the panels were drawn for it)."""
        self._reviewer_moved()
        self.message, self.error = "", False
        self.view.focus_pair(index)
        if self._focus_moved():
            return True
        self._show_status()  # the same pair: only the cleared message to show
        return False

    def goto_place(self, index: int, side: str, offset: int) -> None:
        """Move to a place in one report (a hit, an annotation): its pair, that report, the offset in view."""
        switched = side != self.view.side
        self.view.side = side
        if not self.goto_pair(index) and switched:
            self.refresh_panels()  # the other report of the same pair: the panel says which one a digit scores
        self.view.scroll_to_region_of(side, offset)

    def _reviewer_moved(self) -> None:
        self.moved = True
        if self.area_hold == "restored":
            self.area_hold = None

    def _focus_moved(self) -> bool:
        """The panels follow the focused pair now, not when the view's PairFocused arrives: the view and the panels
        change in one frame (two frames cost two full compositor passes and the second waits for the frame clock).
        True when they were drawn again."""
        if self._panels_for == (self.view.focused_index, self.view.focused_pair):
            return False
        self._pair_changed()
        return self.view.focused_pair is not None

    def _step(self, step: int) -> None:
        if self.view.caret:
            self.view.move_caret(lines=step)
            return
        target = self.view.focused_index + step
        if not 0 <= target < len(self.review.pairs):
            self.app.bell()
            self.say(self.t("first_pair" if step < 0 else "last_pair"))
            return
        self.goto_pair(target)

    def action_next_pair(self) -> None:
        self._step(1)

    def action_prev_pair(self) -> None:
        self._step(-1)

    def action_first_pair(self) -> None:
        self.jump_to_pair(0)

    def action_last_pair(self) -> None:
        self.jump_to_pair(len(self.review.pairs) - 1)

    # jumps --------------------------------------------------------------------------------------------------
    def remember_place(self) -> None:
        """Keep the place being read before a jump, with the area as it was held (JUMPS_KEPT of them; the same place
        twice in a row once)."""
        pair = self.view.focused_pair
        if pair is not None and (not self.jumps or self.jumps[-1][:3] != (pair.a, pair.b, self.view.side)):
            self.jumps.append((pair.a, pair.b, self.view.side, self.area_hold, self.focused_area))
            del self.jumps[:-JUMPS_KEPT]

    def jump_to_pair(self, index: int) -> None:
        self.remember_place()
        self.goto_pair(index)

    def action_jump_back(self) -> None:
        """Back to the last place a jump left, as it was: the report scored (said when it changes) and the area, held
        or following the reading (walk7: the evidence's hold stayed); a search or evidence walk goes on from there."""
        here = self.view.focused_pair
        while self.jumps:
            a, b, side, hold, area = self.jumps.pop()
            if here is not None and (a, b, side) == (here.a, here.b, self.view.side):
                continue  # the place itself: the one before it
            switched = side != self.view.side
            self.view.side = side
            self.goto_pair(self._index_of(Pair(a, b, None, "")))
            self.area_hold, self.focused_area = hold, area
            for hits in (self.found, self.evidence, self.noted):
                if hits:
                    hits.current = -1  # n goes on from here (and ctrl+o comes back here again)
            self.refresh_panels()
            self._say_moved([self.t("jumped_back", where=pair_ids(self.view.focused_pair, self.review.is_single))],
                            switched, side)
            return
        self.app.bell()
        self.say(self.t("no_jump_back"))

    def _jump(self, step: int, wanted, none_left: str) -> None:
        if not self._compared():
            return
        pairs = self.review.pairs
        i = self.view.focused_index + step
        while 0 <= i < len(pairs):
            if wanted(pairs[i]):
                self.goto_pair(i)
                return
            i += step
        self.app.bell()
        self.say(self.t(none_left))

    def action_next_change(self) -> None:
        if self.found:
            return self._next_hit(self.found, 1, "find_hits")
        self._jump(1, self.review.is_change, "no_more_changes")

    def action_prev_change(self) -> None:
        if self.found:
            return self._next_hit(self.found, -1, "find_hits")
        self._jump(-1, self.review.is_change, "no_earlier_changes")

    def action_next_unmatched(self) -> None:
        self._jump(1, Review.is_unmatched, "no_more_unmatched")

    def action_prev_unmatched(self) -> None:
        self._jump(-1, Review.is_unmatched, "no_earlier_unmatched")

    def _compared(self, refused: str = "single_no_changes") -> bool:
        """Whether there is another report to find changes against (or pairs to change); said when not (one report
        reviewed alone: the key bar hides those keys, but they still act)."""
        if self.review.is_single:
            self.app.bell()
            self.say(self.t(refused))
        return not self.review.is_single

    def action_switch_side(self) -> None:
        self.set_side("b" if self.view.side == "a" else "a")

    def action_set_side(self, side: str) -> None:
        if self.view.caret:
            self.view.move_caret(chars=-1 if side == "a" else 1)
            return
        self.set_side(side)

    def set_side(self, side: str) -> None:
        if side == "a" and self.review.is_single:
            self.say(self.t("refused_single_side"), error=True)
            return
        self.moved = True
        self.view.side = side  # the area stays: scoring one area for A then B is the common path
        self.refresh_panels()

    def action_page(self, direction: int) -> None:
        view = self.view
        view.scroll_to(y=view.scroll_y + direction * max(1, view.scrollable_content_region.height - 2), animate=False)
        index = view.block_at(int(view.scroll_y) + 2)
        if index != view.focused_index:
            self._reviewer_moved()
            view.focused_index = index
            self._focus_moved()

    # areas and scores -------------------------------------------------------------------------------------
    def action_next_area(self) -> None:
        self.goto_area((self.focused_area + 1) % len(self.review.rubric.areas))

    def action_prev_area(self) -> None:
        self.goto_area((self.focused_area - 1) % len(self.review.rubric.areas))

    def action_next_unscored(self) -> None:
        """The first area the report being read has no score on, picked; which others are left is said."""
        side = self.view.side
        left = self.review.unscored(side)
        if not left:
            self.say(self.t("all_scored", side=side.upper()))
            return
        self.goto_area(self.review.rubric.area_ids.index(left[0]))
        names = self.t("list_sep").join(self.review.rubric.area(a).name(self.lang) for a in left)
        self.say(self.t("unscored_left", side=side.upper(), n=len(left), areas=names))

    def goto_area(self, index: int) -> None:
        """The reviewer picks an area: it holds (the panel stops following the section) until Esc."""
        self.moved = True
        was_held = self.area_hold == "picked"
        self.focused_area, self.area_hold = index, "picked"
        self.evidence = None
        self.view.set_layer("evidence", {})
        self.say("" if was_held else self.t("area_held", area=self.area.name(self.lang), cancel=self._key_of("cancel")))
        self.refresh_panels()

    @property
    def area(self):
        return self.review.rubric.areas[self.focused_area]

    def action_area_evidence(self) -> None:
        """Next keyword of the focused area in the report being scored (the walk never changes which report a
        digit scores: Tab walks the other), the area's keywords highlighted in both."""
        area, side = self.area, self.view.side
        fresh = self.evidence is None or (self.evidence.query, self.evidence.side) != (area.id, side)
        if fresh or self.evidence.current < 0:
            self.remember_place()  # with the area as it was, before the walk holds it
        held = self.area_hold
        self.area_hold = "picked"  # the hits lead through other sections: the area stays the one asked about
        if held != self.area_hold:  # its [held] mark (a hit in the pair already focused redrew no panel: walk20 H4)
            self.refresh_panels()
        if fresh:
            found = {s: self.review.lookup.evidence(s, area.id) for s in "ab"}
            self.evidence = Hits(self._placed((side, *hit) for hit in found[side]), -1, area.id, side)
            self.view.set_layer("evidence", {s: [(start, end) for start, end, _ in found[s]] for s in "ab"})
        if not self.evidence.items:
            self.app.bell()
            self.say(self.t("no_evidence_single") if self.review.is_single else self.t("no_evidence", side=side.upper(), switch=self._key_of("pane.switch")))
            return
        self._next_hit(self.evidence, 1, "evidence_hit")

    def action_next_annotation(self) -> None:
        self._walk_annotations(1)

    def action_prev_annotation(self) -> None:
        self._walk_annotations(-1)

    def _walk_annotations(self, step: int) -> None:
        """The next (`step` 1) or previous annotation on the report being read, in the pair list's order (as n, N and e
        go), said as a search's hit is: which of how many, a wrap (walk6: only M and Enter went to one). The report
        being read only, as the evidence walk: the next digit still scores the report the reviewer reads and
        annotates (a walk across both switched it under them, as a search's n did: walk6 #1); Tab walks the other's.
        jump.back returns to where the walk began."""
        side = self.view.side
        notes = self._annotations_walked(side)
        if not notes.items:
            self.app.bell()
            elsewhere = sum(an.side != side and not an.orphan for an in self.review.session.annotations)
            self.say(self.t("no_annotations_side", side=side.upper(), n=elsewhere, switch=self._key_of("pane.switch"))
                     if elsewhere else self.t("no_annotations_at_all"))
            return
        self._next_hit(notes, step, "annotation_hit")

    def _annotations_walked(self, side: str) -> Hits:
        """The annotations of `side` placed in their pairs (orphans have no place), as `Hits`. The walk goes on from
        the annotation it went to while the reviewer is still there (an annotation made or deleted meanwhile counted
        in); once they have moved away it starts again from where they read, as a search begun there would."""
        items = self._placed((an.side, an.start, an.end, f"{an.section} «{clip_line(an.quote, WALK_QUOTE_CELLS)}»")
                             for an in self.review.session.annotations if an.side == side and not an.orphan)
        old, current = self.noted, -1
        if old is not None and old.side == side and old.current >= 0:
            index, was_side, start, end, _ = old.items[old.current]
            if (index, was_side) == (self.view.focused_index, side):
                current = next((i for i, h in enumerate(items) if h[1:4] == (was_side, start, end)), -1)
        self.noted = Hits(items, current, "", side)
        return self.noted

    def _next_hit(self, hits: Hits, step: int, message: str) -> None:
        """Go to the next (`step` 1) or previous hit and say where it is: which report, which of how many, a wrap
        past the last or the first, and (a search's hit in the other report) that the digits now score that one."""
        if hits.current < 0:  # the first hit at or after the focused pair; jump.back returns to where this began
            self.remember_place()
            here = (self.view.focused_index, self.view.side)
            first = next((i for i, h in enumerate(hits.items) if (h[0], h[1]) >= here), len(hits.items))
            target = first if step > 0 else first - 1
        else:
            target = hits.current + step
        wrapped = not 0 <= target < len(hits.items)  # (none after the focused pair: from the first, said so)
        hits.current = target % len(hits.items)
        index, side, start, end, label = hits.items[hits.current]
        switched = side != self.view.side
        self.goto_place(index, side, start)
        if hits is self.found:
            self.view.set_layer("search-current", {side: [(start, end)]})
            if not self.review.is_single:
                message = "find_hits_pair"
        sides = Counter(h[1] for h in hits.items)
        said = [self.t(message, n=hits.current + 1, total=hits.total, phrase=label, query=hits.query,
                       side=side.upper(), a=sides["a"], b=sides["b"])]
        if wrapped:
            said.append(self.t("hits_wrapped" if step > 0 else "hits_wrapped_back"))
        self._say_moved(said, switched, side)

    def _say_moved(self, said: list[str], switched: bool, side: str) -> None:
        """A move's message; when it changed the report scored (the report read is the report scored), that first, so a
        narrow status line never cuts it."""
        if switched and not self.review.is_single:
            said = [self.t("now_scoring", side=side.upper()), *said]
        self.say(" · ".join(said))

    def action_score(self, digit: int) -> None:
        self.score_digit(digit)

    def action_find(self) -> None:
        self.app.hold_keys()  # the query typed with / goes into the field (tui/held_keys.py)
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()
        self.app.release_keys_when_painted()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "find":
            return
        query = event.value.strip()
        event.input.display = False
        self.view.focus()
        if not query:
            return self.action_cancel()
        items = [(i, side, start, end, "") for side, start, end, i in self.review.lookup.find(query, FIND_LIMIT)]
        self.found = Hits(items, -1, query, capped=len(items) >= FIND_LIMIT)
        self._show_keys()
        self.view.set_layer("search", {s: [(h[2], h[3]) for h in items if h[1] == s] for s in "ab"})
        if not items:
            self.app.bell()
            self.say(self.t("find_none_single" if self.review.is_single else "find_none", query=query), error=True)
            self.found = None
            self._show_keys()
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
            self._put_hit_away(self.found)
            self.found = None
            self._show_keys()
            self.view.set_layer("search", {})
            self.view.set_layer("search-current", {})
        elif self.evidence:
            self._put_hit_away(self.evidence)
            self.evidence = None
            self.view.set_layer("evidence", {})
        elif self.area_hold:
            self.area_hold = None
            self._follow_area(self.view.focused_pair)
            self.say(self.t("area_follows"))
            self.refresh_panels()
            return
        self.say("")

    def _put_hit_away(self, hits: Hits) -> None:
        self.put_away = hits.items[hits.current][:3] if 0 <= hits.current < len(hits.items) else None

    def action_help(self) -> None:
        """Every binding with its live keys, grouped; the ten score digits as one row (with the rubric's scale)."""
        groups: dict[str, list[tuple[str, str, str]]] = {}
        if self.opening_notices:  # what the header said in turn at opening (a revised report, annotations not placed)
            groups[self.t("opening_notices")] = [(BULLET, notice, "") for notice in self.opening_notices]
        scale = self.review.rubric
        for action in ACTIONS:
            keys = ", ".join(self.app.get_key_display(Binding(k.strip(), ""))
                             for k in self.keys.get(action.id, action.keys).split(","))
            rows = groups.setdefault(self.t.group(action.group), [])
            if action.id.startswith("score.") and action.id[-1].isdigit():
                if action.id != "score.0":
                    rows[-1] = (f"{rows[-1][0]} {keys}", rows[-1][1], "score.0 … score.9")
                    continue
                label = self.t("score_digits_two" if scale.scale_max >= 10 else "score_digits", lo=scale.scale_min,
                               hi=scale.scale_max)
                rows.append((keys, label, action.id))
                continue
            rows.append((keys, self.t.binding(action.id), action.id))
        groups[self.t.group("other")].append((self.app.get_key_display(Binding(PALETTE_KEY, "")), self.t("palette"),
                                              "command_palette"))
        self.app.push_screen(HelpScreen(f"{self.t('help_title')} — {self.t('app_title')}", list(groups.items()),
                                    self.t("legend_title"), self.t.legend(self._legend_keys(), self.review.compares_years)))

    def _legend_keys(self) -> dict[str, str]:
        """The keys the legend names, as the keymap has them."""
        key = self._key_of
        return {"change": f"{key('change.next')}/{key('change.prev')}", "pin": key("pin.toggle"),
                "note": key("score.note"), "evidence": key("area.evidence"), "cancel": key("cancel")}

    def palette_entries(self, discover: bool) -> list[tuple[str, str, object]]:
        """(title, help, callback) for the palette: progress, sections, areas, area = level."""
        t, review = self.t, self.review
        entries = [(self._progress(), t("progress_help"), self.action_next_unscored)]
        entries.append((t("all_annotations"), "", self.action_all_annotations))
        for binding_id, help_key, walk in (("annotation.next", "annotation_walk_help", self.action_next_annotation),
                                           ("annotation.prev", "annotation_walk_back_help", self.action_prev_annotation)):
            entries.append((t.binding(binding_id), f"{t(help_key)} ({self._key_of(binding_id)})", walk))
        if discover:
            return entries
        for index, pair in enumerate(review.pairs):
            headings = " → ".join(h for h in self._headings(pair) if h is not None)  # found by either name
            entries.append((f"{t('section')}: {pair_ids(pair, review.is_single)} {headings}", "",
                            call(self.jump_to_pair, index)))
        for i, area in enumerate(review.rubric.areas):
            name = area.name(self.lang)
            entries.append((f"{t('areas')}: {name}", area.about(self.lang), call(self.goto_area, i)))
            for side in ("b",) if review.is_single else ("a", "b"):
                for level in range(review.rubric.scale_min, review.rubric.scale_max + 1):
                    entries.append((f"{side.upper()} · {name} = {level}", "", call(self.set_score, i, level, side)))
                if review.session.score(side, area.id):  # (walk29: "清除" found nothing; only x cleared)
                    entries.append((f"{side.upper()} · {name}: {t.binding('score.clear')}",
                                    f"({self._key_of('score.clear')})", call(self.set_score, i, None, side)))
        return entries



def _params(params: dict, t, short: bool = False, area_names=None) -> dict:
    """A notice's parameters as shown: sides as "A/B", (side, area id)s as "A·行政执法" (`area_names`), what core says
    in the interface's language; `short`: a long file name cut in its middle (its start and its copy's stamp stay),
    for the header (walk20 H5: the notice naming a rescued copy was cut at 100 columns; the help lists it whole)."""
    return {k: area_names(v) if k == "areas" else t("continued_held", areas=area_names(v)) * bool(v) if k == "held"
            else "/".join(s.upper() for s in v) if isinstance(v, tuple)
            else t.core(v) if k == "note"
            else clip_middle(v, NOTICE_FILE_CELLS, end=NOTICE_FILE_CELLS * 2 // 3) if k == "file" and short else v
            for k, v in params.items()}
