"""What changes the reviewer's work, as the workbench screen's actions: scores (the scale checked by the review),
score notes, annotations (by form, by visual or mouse selection), pins and splits (re-aligned in a worker), undo and
redo, saving after every change (a conflict or a failure keeps the change and asks), and quitting.

`Edits` is a mixin of `ReviewScreen` (tui/screens/review.py): it uses the screen's `review`, `view`, `say` and
`refresh_panels`. Dialogs run in workers (`push_screen_wait`), so each action reads top to bottom; an action that opens one is
`asks`'s, so the keys typed with its key go into the dialog (tui/held_keys.py).
"""
from __future__ import annotations

import re
from pathlib import Path
from time import monotonic

from textual import work

from fazhi.core.drafts import Draft
from fazhi.core.errors import FazhiError, printable
from fazhi.core.review import Refused, Review
from fazhi.core.session import ViewState, reading_order
from fazhi.core.store import SessionConflict
from fazhi.tui.held_keys import asks
from fazhi.tui.render import QUOTE_CELLS, annotation_mark, clip, similarity_text
from fazhi.tui.screens.chooser import Chooser
from fazhi.tui.screens.form import Form
from fazhi.tui.screens.question import Question
from fazhi.tui.widgets.cut_line import CutLine, FewRows

LISTED_ROWS = 3  # an annotation in the annotations lists: a long note is cut to these rows
#: On a scale past 9, a digit typed this soon after one that could begin a level is that level's second digit.
TWO_DIGIT_SECONDS = 1.0


class Edits:
    """The reviewer's changes (see the module docstring)."""

    _save_error = ""  # the last failed save's message, cleared from the status by the next save that succeeds
    #: the digit just typed that could begin a two-digit level: (when, area index, side, digit, whether it changed
    #: the level: only then is the second digit one change with it)
    _first_digit: tuple[float, int, str, int, bool] | None = None

    def score_digit(self, digit: int) -> None:
        """A digit key: the focused area scored. On a scale past 9, a digit typed within TWO_DIGIT_SECONDS of one
        that could begin a level makes that level with it, as one change (walk30: on a 0–10 scale, 1 then 0 scored
        0); a first digit that is no level alone (a 5–15 scale's 1) waits for the second."""
        scale, now, first = self.review.rubric, monotonic(), self._first_digit
        place = (self.focused_area, self.view.side)
        self._first_digit = None
        if first and now - first[0] <= TWO_DIGIT_SECONDS and first[1:3] == place and scale.on_scale(10 * first[3] + digit):
            self.set_score(self.focused_area, 10 * first[3] + digit, amend=first[4])
            return
        leads = 0 < digit and 10 * digit <= scale.scale_max
        before = self.review.session.score(self.view.side, self.area.id)
        if leads and not scale.on_scale(digit):
            self.say(self.t("score_second_digit", digit=digit, scale=scale.scale_text))
        else:
            self.set_score(self.focused_area, digit)
        if leads:
            after = self.review.session.score(self.view.side, self.area.id)
            self._first_digit = (now, *place, digit, (before and before.level) != (after and after.level))

    def set_score(self, area_index: int, level: int | None, side: str | None = None, note: str | None = None,
                  amend: bool = False) -> None:
        """Score (or clear, level None) an area of the report being read, with `note` when given; the scale is
        checked by the review. `amend`: one change with the score just given to the same area (Review.set_score)."""
        side = side or self.view.side
        area = self.review.rubric.areas[area_index]
        if area_index != self.focused_area:  # scored from the palette: that area is the one being worked on
            self.focused_area, self.area_hold = area_index, "picked"
        if side != self.view.side:  # …and that report: the next digit scores what was just scored
            self.set_side(side)
        current = self.review.session.score(side, area.id)
        had_note = level is None and bool(current and current.note)
        name = area.name(self.lang)
        try:
            self.review.set_score(side, area.id, level, note, amend=amend)
        except Refused as e:
            self.app.bell()
            self.say(self.t.refused(e, area=name), error=True)
            return
        self.persist_change()
        if level is None:  # a note belongs to its score: it goes too, and the reviewer is told how to get it back
            self.say(self.t("cleared_with_note" if had_note else "cleared", side=side.upper(), area=name,
                            undo=self._key_of("undo")))
        else:
            label = self.review.rubric.level(level)
            self.say(self.t("scored", side=side.upper(), area=name, level=level,
                            label=label.text(self.lang)[0] if label else ""))
        self.flash = area_index
        self.refresh_panels()
        self.set_timer(0.6, self._end_flash)

    def _end_flash(self) -> None:
        self.flash = None
        if self.is_attached:  # the screen may be closing when the timer fires
            self.refresh_panels()

    def action_clear_score(self) -> None:
        self.set_score(self.focused_area, None)

    @asks
    async def action_score_typed(self) -> None:
        scale = self.review.rubric.scale_text
        title = self.t("score_type_title", side=self.view.side.upper(), area=self.area.name(self.lang))
        # Escape closes at once: a level is one number, and the warning offered Enter to save a refused one (walk21 F7)
        answer = await self._ask(self._form(title, [("level", self.t("score_type", scale=scale), "")],
                                            check=self._level_problem, warn_discard=False))
        if answer is not None:
            self.set_score(self.focused_area, int(answer["level"].strip()))

    def _level_problem(self, values: dict[str, str]) -> str | None:
        """Why a typed level cannot be given (said in the form, which stays open), or None."""
        typed, scale = values["level"].strip(), self.review.rubric.scale_text
        if not typed:
            return self.t("level_missing", scale=scale)
        if not re.fullmatch(r"[+-]?\d{1,9}", typed):  # (thousands of digits are no level, and int() refuses them)
            # words, not a number of some kind ("2.5", "三"), are a note typed in the level's field
            words = "note" in values and not re.fullmatch(r"[\d\s.+\-零〇一二两三四五六七八九十]*", typed)
            return self.t("refused_note_as_level" if words else "refused_not_whole", level=typed, scale=scale)
        return None if self.review.rubric.on_scale(int(typed)) else self.t("refused_off_scale", level=typed, scale=scale)

    @asks
    async def action_score_note(self) -> None:
        await self._score_note(self.view.side, self.area)

    async def _score_note(self, side: str, area, typed: dict[str, str] | None = None) -> None:
        """The note of `side`'s score of `area`, in a form (holding `typed`: a draft's fields, else the note)."""
        current, typed = self.review.session.score(side, area.id), typed or {}
        kept = lambda values: self.review.keep_draft(values and Draft("score_note", side, area.id, values))  # noqa: E731
        # a note belongs to a score: both asked for (walk22 F2: refused in the status line, the note typed after it ran
        # as keys: levels, a split); so is a draft of both, though the area was scored meanwhile (reread22 F12)
        if current is None or "level" in typed:
            answer = await self._ask(self._form(
                f"{self.t('score_with_note')}: {side.upper()} · {area.name(self.lang)}",
                [("level", self.t("score_type", scale=self.review.rubric.scale_text), typed.get("level", "")),
                 ("note", self.t("note_field"), typed.get("note", ""))], check=self._level_problem, kept=kept,
                # what changes nothing is empty fields, not a draft's (monkey54 #2: a draft opened again was dropped
                # half a second later, and one Escape threw it away unwarned)
                unchanged={"level": "", "note": ""}))
            if answer is not None:
                self.set_score(self.review.rubric.areas.index(area), int(answer["level"].strip()), side, answer["note"])
            return
        note = current.note or ""
        answer = await self._ask(self._form(
            f"{self.t('score_note')}: {side.upper()} · {area.name(self.lang)}",
            [("note", self.t("note_field"), typed.get("note", note))], unchanged={"note": note}, kept=kept))
        if answer is not None and self._apply(lambda: self.review.set_note(side, area.id, answer["note"])):
            self.say(self.t("note_saved" if answer["note"].strip() else "note_cleared", side=side.upper(),
                            area=area.name(self.lang)))

    # annotations ------------------------------------------------------------------------------------------
    async def _ask(self, form: Form) -> dict[str, str] | None:
        """The form's answer; typing thrown away with a second Escape is said (walk7: nothing was). Answered, its
        draft goes (not when the app ends on it: the worker is cancelled, the draft stays for the next opening)."""
        answer = await self.app.push_screen_wait(form)
        if form.kept is not None:
            self.review.drop_draft()
        if form.discarded:
            self.say(self.t("form_discarded"))
        return answer

    def _form(self, title: str, fields: list[tuple[str, str, str]], deletable: bool = False, check=None,
              quote: str = "", quote_before: str = "", kept=None, unchanged: dict[str, str] | None = None,
              warn_discard: bool = True) -> Form:
        return Form(title, fields, (self.t("save"), self.t("cancel"), self.t("delete")), deletable,
                    discard=self.t("form_discard") if warn_discard else "", check=check, lines=("note",), quote=quote,
                    quote_before=quote_before, kept=kept, unchanged=unchanged)

    @asks
    async def action_annotate(self) -> None:
        pair, side = self.view.focused_pair, self.view.side
        sid = (pair.a if side == "a" else pair.b) if pair else None
        selection = self.view.selection
        if selection is not None:
            side, start, end = selection
            start, end = self.review.passage(side, start, end)  # shown as it will be kept (walk12: 、 shown, not kept)
            sid = pair.a if side == "a" else pair.b
        if sid is None:
            self._nothing_here(side)
            return
        if selection is None:
            start, end = self.review.lookup.default_passage(side, sid)
        await self._annotate(side, sid, start, end, selected=selection is not None)

    async def _annotate(self, side: str, sid: str, start: int, end: int, selected: bool,
                        typed: dict[str, str] | None = None) -> None:
        """A new annotation on `start`…`end` of section `sid`, in a form: the passage `selected` above the fields, else
        in a field of its own to edit; `typed`: a draft's fields."""
        outline = self.review.outline(side)
        section = self.review.section(side, sid)
        fields = [("note", self.t("note_field"), ""), ("tag", self.t("tag"), "")]
        if not selected:
            fields.append(("passage", self.t("passage"), outline.text[start:end]))
        opened = {name: value for name, _, value in fields}
        fields = [(name, label, (typed or {}).get(name, value)) for name, label, value in fields]

        def where(values: dict[str, str]) -> tuple[int, int] | None:
            """The passage the reviewer's words are in the section (theirs unchanged: the one offered)."""
            passage = values.get("passage", "").strip()
            return (start, end) if selected or passage == outline.text[start:end] \
                else self.review.lookup.locate(side, sid, passage)

        # the passage above the fields, whole in a few rows (its field, without a selection, holds it to edit); words
        # the section does not hold are said in the form, which stays (walk17 F1: the heading was annotated instead,
        # and the notice saying so was replaced by "已批注" at once)
        answer = await self._ask(self._form(
            f"{self.t('annotate')} {side.upper()} {sid}", fields, quote=outline.text[start:end] if selected else "",
            check=lambda values: None if where(values) else self.t("passage_not_in_section"), unchanged=opened,
            kept=lambda values: self.review.keep_draft(values and Draft("annotate", side, sid, values, start, end))))
        if answer is None:
            return
        start, end = where(answer)
        self.view.clear_selection()
        if self._apply(lambda: self.review.annotate(side, section.id, start, end, answer["note"], _tags(answer["tag"]))):
            self.say(self.t("annotated", side=side.upper(), section=section.id, n=len(self.review.session.annotations)))

    @asks
    async def resume_draft(self) -> None:
        """Open again, as they were typed, the dialog a closed terminal or tab left unanswered (core.drafts), once
        its place is still there: the area scored, the section in the report."""
        draft = self.review.draft()
        if draft is None:
            return
        area = next((a for a in self.review.rubric.areas if a.id == draft.target), None)
        if draft.kind == "score_note" and area is not None and (
                self.review.session.score(draft.side, area.id) or "level" in draft.fields):  # (a level with it)
            self.say(self.t("draft_reopened"))
            await self._score_note(draft.side, area, draft.fields)
        elif draft.kind == "annotate" and self.review.section(draft.side, draft.target) is not None \
                and draft.end <= len(self.review.outline(draft.side).text) \
                and self.review.in_this_text(draft):
            self.say(self.t("draft_reopened"))
            await self._annotate(draft.side, draft.target, draft.start, draft.end, "passage" not in draft.fields,
                                 draft.fields)
        elif draft.kind == "annotation_edit" and any(an.id == draft.target for an in self.review.session.annotations):
            self.say(self.t("draft_reopened"))
            await self._edit_annotation(draft.target, draft.fields)
        else:  # its place is gone (a report revised, a score cleared elsewhere): the file is left for the reviewer
            self.say(self.t("draft_unplaced", path=self.review.draft_path), error=True)

    @asks
    async def action_annotations(self) -> None:
        pair = self.view.focused_pair
        notes = self.review.annotations_of(pair) if pair else []
        if not notes:
            self.say(self.t("no_annotations"))
            return
        chosen = await self.app.push_screen_wait(Chooser(self.t("annotations"), [(an.id, _describe(an)) for an in notes],
                                                         hint=self.t("annotations_hint")))
        if chosen is not None:
            await self._edit_annotation(chosen)

    @asks
    async def action_all_annotations(self) -> None:
        notes = reading_order(self.review.session.annotations)
        if not notes:
            self.say(self.t("no_annotations_at_all"))
            return
        chosen = await self.app.push_screen_wait(Chooser(self.t("all_annotations"),
                                                     [(an.id, _describe(an, section=True)) for an in notes],
                                                     hint=self.t("all_annotations_hint")))
        if chosen is None:
            return
        an = self.review.annotation(chosen)
        index = self.review.lookup.pair_index_at(an.side, an.start)
        if index is not None:
            self.remember_place()
            self.goto_place(index, an.side, an.start)

    async def _edit_annotation(self, annotation_id: str, typed: dict[str, str] | None = None) -> None:
        """An annotation's note and tags in a form (holding `typed`: a draft's fields, else its own)."""
        an = self.review.annotation(annotation_id)
        opened = {"note": an.note, "tag": ", ".join(an.tags)}
        answer = await self._ask(self._form(
            f"{self.t('annotate')} {an.side.upper()} {an.section}",  # as a new one's
            [(name, self.t("note_field" if name == "note" else "tag"), (typed or opened).get(name, value))
             for name, value in opened.items()], deletable=True,
            # the words annotated too, where the report was revised under them, in rows of their own (walk10 F2, reread8)
            quote=an.quote, quote_before=self.t("quote_annotated_as", words=an.quote_annotated) if an.quote_annotated else "",
            unchanged=opened,
            kept=lambda values: self.review.keep_draft(values and Draft("annotation_edit", an.side, annotation_id, values))))
        if answer is None:
            return
        where = {"side": an.side.upper(), "section": an.section}
        if "delete" in answer:
            if self._apply(lambda: self.review.delete_annotation(annotation_id)):
                self.say(self.t("annotation_deleted", undo=self._key_of("undo"), **where))
        elif (answer["note"], _tags(answer["tag"])) == (an.note, list(an.tags)):  # Enter on it as it was: no save
            self.say(self.t("annotation_unchanged", **where))
        elif self._apply(lambda: self.review.edit_annotation(annotation_id, answer["note"], _tags(answer["tag"]))):
            self.say(self.t("annotation_saved", **where))

    def action_visual(self) -> None:
        if self.view.caret:
            self.view.clear_selection()
            self.say("")
            return
        pair, side = self.view.focused_pair, self.view.side
        sid = (pair.a if side == "a" else pair.b) if pair else None
        if sid is None:
            self._nothing_here(side)
            return
        if not self.view.has_text(side):  # a heading alone: a caret in it could neither move nor show
            # its heading is what there is to annotate: asked at once, the keys typed after `v` going into the dialog
            # (walk32 #6: "v → a", typed in one motion, switched to the other report and annotated its heading)
            self.say(self.t("no_text_to_select", side=side.upper(), section=sid))
            self.action_annotate()
            return
        start = self._hit_here(side)
        if start is None:
            start, _ = self.review.lookup.default_passage(side, sid)
        self.view.start_selection(side, start)
        self.say(self.visual_hint())

    def _hit_here(self, side: str) -> int | None:
        """Where the search's (else the evidence's) current hit begins, when it is in the focused pair's report `side`:
        `v` selects from what was just found (walk31: it began at the section's first phrase, two sentences before),
        also after Escape put the search away (walk53 #7)."""
        places = [hits.items[hits.current][:3] for hits in (self.found, self.evidence)
                  if hits is not None and 0 <= hits.current < len(hits.items)]
        put_away, self.put_away = self.put_away, None  # (taken once: a later `v` selects as ever)
        for index, hit_side, start in places + [put_away] * bool(put_away):
            if (index, hit_side) == (self.view.focused_index, side):
                return start
        return None

    def visual_hint(self) -> str:
        """What selecting is done with, by the keys of this keymap (walk4: a remapped annotate key was still `a`)."""
        back, on = self._key_of("select.phrase_prev"), self._key_of("select.phrase_next")
        held = back.rpartition("+")[0]  # one modifier held for both keys is said once: shift+←→
        phrase = back + on.removeprefix(held + "+") if held and on.startswith(held + "+") else f"{back}/{on}"
        return self.t("visual_on", phrase=phrase, annotate=self._key_of("annotate"), cancel=self._key_of("cancel"))

    def action_select_phrase(self, step: int) -> None:
        """Grow (or shrink) the selection by a phrase, to the next comma or sentence end; without one, select from
        the section's text as `v` does, then by the phrase."""
        if not self.view.caret:
            self.action_visual()
            if not self.view.caret:
                return
        self.view.move_caret(phrases=step)

    def _nothing_here(self, side: str) -> None:
        self.app.bell()
        self.say(self.t("nothing_here_single") if self.review.is_single else
                 self.t("nothing_here", side=side.upper(), switch=self._key_of("pane.switch")), error=True)

    # pins ---------------------------------------------------------------------------------------------------
    @asks
    async def action_pin(self) -> None:
        pair = self._pair_to_change()
        if pair is None:
            return
        if pair.a and pair.b:
            pinned = self.review.is_pinned(pair)
            if self._apply(lambda: (self.review.unpin if pinned else self.review.pin)(pair.a, pair.b), realign=True):
                self.say(self.t("unpinned" if pinned else "pinned", pair=f"{pair.a} ↔ {pair.b}"))
                if pinned:  # an unpinned pair may part: where each went is said when the alignment lands
                    self.realign_said = (self.message, [("a", pair.a), ("b", pair.b)])
            return
        side, mine = pair.lone
        other = "b" if side == "a" else "a"
        options = [self._pin_option(c, side) for c in self.review.lookup.pin_candidates(other, side, mine)]
        section = self.review.section(side, mine)
        title = self.t("pin_for", side=side.upper(), section=f"{mine} {section.label}{section.heading}".strip())
        chosen = await self.app.push_screen_wait(Chooser(title, options))
        if chosen is not None:
            a_id, b_id = (mine, chosen) if side == "a" else (chosen, mine)
            displaced = self.review.alignment.partner(other, chosen)  # the section the pin takes its counterpart from
            left = getattr(displaced, side) if displaced else None
            if self._apply(lambda: self.review.pin(a_id, b_id), realign=True):
                self.say(self.t("pinned", pair=f"{a_id} ↔ {b_id}"))
                if left:  # walk7: A 1.1.2 lost its counterpart to the pin, unsaid
                    self.realign_said = (self.message, [(side, left)])

    def _pin_option(self, candidate, side: str) -> tuple[str, CutLine]:
        """A counterpart as the pin picker lists it, on one line at the list's width, whatever the terminal's: id and
        heading, then its similarity and what pinning would undo, kept whole. A heading too long for the line (an
        untitled 一是 item's is its whole sentence) is cut at its end; typing still finds it by any of its words."""
        s, t = candidate.section, self.t
        marks = [similarity_text(candidate.similarity)] if candidate.similarity is not None else []
        if candidate.partner:
            marks.append(t("pin_option_paired", side=side.upper(), id=candidate.partner))
        if candidate.split:
            marks.append(t("pin_option_split"))
        return s.id, CutLine(f"{s.id} {s.label}", s.heading, f"  · {' · '.join(marks)}" if marks else "")

    def _pair_to_change(self):
        """The focused pair, where the alignment may be changed (pinned, split) now; else None, the reason said."""
        pair = self.view.focused_pair
        if not self._compared("single_no_pairs"):
            return None
        if pair is None or self.review.alignment is None:
            self.app.bell()
            self.say(self.t("pending_align"), error=True)
            return None
        return pair

    def action_split(self) -> None:
        pair = self._pair_to_change()
        if pair is None:
            return
        if not (pair.a and pair.b):
            side, mine = pair.lone
            split = self.review.split_of(side, mine)
            if split is not None:  # one half of a split: the key undoes it (walk32 #1)
                if self._apply(lambda: self.review.unsplit(*split), realign=True):
                    self.say(self.t("unsplit", pair=f"{split[0]} ↔ {split[1]}"))
                    self.realign_said = (self.message, [("a", split[0]), ("b", split[1])])
                return
            self.app.bell()  # (walk14 F3: the key did nothing, unsaid)
            self.say(self.t("split_needs_pair", pin=self._key_of("pin.toggle")), error=True)
            return
        if self._apply(lambda: self.review.split(pair.a, pair.b), realign=True):
            self.say(self.t("split", pair=f"{pair.a} ↔ {pair.b}"))
            self.realign_said = (self.message, [("a", pair.a), ("b", pair.b)])  # where the two went: once aligned

    def say_where_they_went(self) -> None:
        """Once the re-alignment after a split, a pin or an unpin landed: its message, then where each section it moved
        is now (another section, an item of the other report, or none; walk6: A 1.7 went to an item of B, unsaid),
        unless the reviewer has done something since."""
        said, self.realign_said = self.realign_said, None
        if said is None or said[0] != self.message or self.review.alignment is None:
            self._show_status()  # (the aligning mark goes all the same)
            return
        message, moved = said
        if len(moved) == 2 and (together := self.review.alignment.partner("a", moved[0][1])) and together.b == moved[1][1]:
            self._show_status()  # an unpinned pair the alignment keeps together: nothing moved
            return
        where = []
        for side, sid in moved:
            pair, other = self.review.alignment.partner(side, sid), "b" if side == "a" else "a"
            partner = getattr(pair, other) if pair else None
            where.append(self.t("now_paired", side=side.upper(), id=sid, other=f"{other.upper()} {partner}") if partner
                         else self.t("now_alone", side=side.upper(), id=sid))
        self.say(self.t("moved_sections", done=message, where=self.t("list_sep").join(where)))

    @asks
    async def action_why(self) -> None:
        pair = self.view.focused_pair
        if pair is None or not self._compared("single_no_pairs"):
            return
        await self.app.push_screen_wait(Question(self.t("why_title"), self._why(pair), [("ok", self.t("ok"))]))

    def _why(self, pair) -> str:
        """The alignment's evidence for a pair (`Lookup.explain`) in the reviewer's language."""
        why, t = self.review.lookup.explain(pair), self.t
        lines = [t("why_sections", side=side.upper(), section=why.sections[side] or t("no_counterpart")) for side in "ab"]
        status = t("why_status", status=t(self.review.status_term(self.review.shown_status(pair))))  # as the list: ≈ 改写
        if why.score is not None:
            status += " · " + t("why_similarity", score=similarity_text(why.score))
        if why.pinned:
            status += " · " + t("why_pinned")
        lines.append(status)
        if not (pair.a and pair.b):
            lines.append(t("why_unmatched", pin=self._key_of("pin.toggle")))
        for orphan in self.review.orphan_pins_at(pair):  # the reviewer's own edit, left out: why (walk10 F1)
            reason = "; ".join(t.core(part) for part in orphan.reason.split("; "))
            lines.append(t("why_orphan_pin", kind=t(f"kind_{orphan.kind}"), a=orphan.a, b=orphan.b, reason=reason,
                           pin=self._key_of("pin.toggle")))
        evidence = {k: v for k, v in why.evidence.items() if v is not None}
        if evidence:
            lines.append(t("why_evidence"))
        for name, value in evidence.items():
            if name == "area":
                value = next((a.name(self.lang) for a in self.review.rubric.areas if a.id == value), value)
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            lines.append(f"  {t('why_' + name) if t.has('why_' + name) else name}: {shown}")
        return "\n".join(lines)

    # undo ---------------------------------------------------------------------------------------------------
    def action_undo(self) -> None:
        self._history(self.review.undo, "undone", "nothing_to_undo")

    def action_redo(self) -> None:
        self._history(self.review.redo, "redone", "nothing_to_redo")

    def _history(self, step, done: str, nothing: str) -> None:
        snap = step()
        if snap is None:
            self.app.bell()
            self.say(self.t(nothing))
            return
        self.persist()
        if snap.realign:
            self.realign()
        self._show_marks()
        self.refresh_panels()
        what = " ".join(filter(None, [self.t.undo_label(snap.label), self._subject(snap.subject)]))
        self.say(self.t(done, what=what))

    def _subject(self, subject: tuple) -> str:
        """What an undone change was about, as the screen names it: "B · 行政执法", "A 1.4", "1.3 ↔ 1.2"."""
        kind, *ids = subject or ("",)
        if kind == "area":
            area = self.review.rubric.area(ids[1])
            return f"{ids[0].upper()} · {area.name(self.lang) if area else ids[1]}"
        if kind == "section":
            return f"{ids[0].upper()} {ids[1]}"
        return f"{ids[0] or '–'} ↔ {ids[1] or '–'}" if kind == "pair" else ""

    # saving -------------------------------------------------------------------------------------------------
    def _apply(self, change, realign: bool = False) -> bool:
        """Run one review operation, save, and show it; a refusal is said, never raised."""
        try:
            change()
        except Refused as e:
            self.app.bell()
            self.say(self.t.refused(e), error=True)
            return False
        self.persist_change()
        if realign:
            self.realign()
        self._show_marks()
        self.refresh_panels()
        return True

    def persist_change(self) -> None:
        """Save after an operation: one that changed nothing (the level the area has) writes nothing (walk32 #4: in a
        read-only folder, its failure said "your changes are not written" beside 已保存)."""
        if self.review.unsaved:
            self.persist()

    def persist(self) -> bool:
        """Save now, with where the reviewer is (a window that dies reopens at the last change, not the last quit:
        walk6); a conflict or a failure keeps the changes in memory and asks what to do."""
        self.remember_view()
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
        if self.error and self.message == self._save_error:  # the failure it replaces is over
            self.say(self.t("saved_to", path=path))
        elif not self.error:
            self._show_status()

    @work(exclusive=True, group="ask")
    async def resolve_conflict(self, error: SessionConflict) -> None:
        answer = await self.app.push_screen_wait(Question(self.t("conflict_title"), self.t("conflict_body", path=error.path),
                                                      [("merge", self.t("merge")), ("copy", self.t("save_copy")),
                                                       ("reload", self.t("reload"))]))
        if answer == "merge":
            said = self._merged(error.path)
            if said:  # what both windows changed is said whatever the save meets next (reread9 H3), and the merged
                self._show_pairs(self.view.focused_index)  # session's pins and marks drawn (M3)
                self.align_in_background()
                if self.persist():
                    self.say(said)
                else:
                    self.notify(said, timeout=30, markup=False)  # (report text: fuzz5 F10)
        elif answer == "reload":
            try:  # the file the conflict is about: this window may have had none yet (another window created it)
                self.review.reload(error.path)
            except FazhiError as e:  # it became unreadable meanwhile, or another review's: nothing is replaced
                self.say(self.t.core(str(e)), error=True)
                return
            self._show_pairs(self.view.focused_index)
            self.align_in_background()
            # what was said of the change is no longer true: it was dropped for the file's version
            self.say(self.t("reloaded", path=error.path))
        elif answer == "copy":
            try:
                self.say(self.t("saved_copy", path=self.review.save_copy()))
            except FazhiError as e:
                self.save_failed(str(e))
        self.refresh_panels()

    def _merged(self, path: str) -> str | None:
        """This window's changes merged over the session file another window saved (core.merge): what it did, to
        say; None, said, when the file cannot be merged now (nothing changes)."""
        try:
            return self._merge_said(self.review.merge(path))
        except (FazhiError, Refused) as e:
            self.say(self.t.core(str(e)) if isinstance(e, FazhiError) else self.t.refused(e), error=True)
            return None

    def _merge_said(self, merged) -> str:
        """What a merge did, as the reviewer is told it: how many changes of each window it kept, what both changed,
        what this window removed that the other changed."""
        # none of the other window's kept: not said as "its 0 changes" where it changed what this one did (walk19)
        said = [self.t("merged", taken=merged.taken, applied=merged.applied) if merged.taken
                else self.t("merged_mine", applied=merged.applied)]
        said += [self.t(key, items="、".join(map(self._merge_item, items)))
                 for key, items in (("merged_both", merged.both), ("merged_restored", merged.restored),
                                    ("merged_later", merged.later)) if items]
        return self.t("clause_sep").join(said)

    def _merge_item(self, item: tuple) -> str:
        """One thing both windows changed, as the reviewer knows it: "B 行政执法", "A 「依法行政…」", "pin 1.2=1.1"."""
        kind, *about = item
        if kind == "score":
            area = self.review.rubric.area(about[1])
            return f"{about[0].upper()} {area.name(self.lang) if area else about[1]}"  # (the long title was cut: walk18 F4)
        if kind == "annotation":
            return f"{about[0].upper()} 「{clip(about[1], QUOTE_CELLS)}」"
        return f"{kind} {about[0]}={about[1]}"

    @work(exclusive=True, group="ask")
    async def save_failed(self, error: str) -> None:
        error = self.t.core(error)
        self._save_error = error
        self.say(error, error=True)
        answer = await self.app.push_screen_wait(Question(self.t("save_failed_title"), self.t("save_failed_body", error=error),
                                                      [("retry", self.t("retry")), ("elsewhere", self.t("save_elsewhere")),
                                                       ("stay", self.t("stay"))]))
        if answer == "retry":
            self.persist()
        elif answer == "elsewhere":
            folder = await self._ask_folder()
            if folder:
                try:
                    self.say(self.t("saved_copy", path=self.review.save_copy(folder)))
                except FazhiError as e:
                    self.save_failed(str(e))
            elif folder == "":  # Enter on an empty field: asked again, saying why nothing was saved
                self.save_failed(self.t("no_folder_given"))
        self.refresh_panels()

    async def _ask_folder(self) -> str | None:
        """The folder the reviewer names for a copy ("" for none), or None when they step back (Esc)."""
        offered = self.review.copy_folder()  # a folder that takes a file, to take or change
        given = await self._ask(self._form(self.t("save_elsewhere"), [("folder", self.t("folder"), offered)]))
        return None if given is None else given["folder"].strip()

    # help, palette, quit ------------------------------------------------------------------------------------
    def action_quit(self) -> None:
        self.quit_review()

    def remember_view(self) -> bool:
        """Where the reviewer is, into the session (saved with it). Before the alignment lands the pairs are
        provisional: the place saved before is kept (False)."""
        if self.review.alignment is None:
            return False
        pair = self.view.focused_pair
        self.review.remember_view(ViewState(pair.a if pair else None, pair.b if pair else None, self.view.side,
                                            self.area.id if self.review.rubric.areas else None,
                                            held=self.area_hold == "picked"))
        return True

    def close_review(self) -> Path | None:
        """Remember where the reviewer is and close the review (core.review.Review.close): the session file."""
        aligned = self.remember_view()
        path = self.review.close(moved=self.moved and aligned)
        self.closed = True
        return path

    @work(exclusive=True, group="ask")
    async def quit_review(self) -> None:
        try:
            path = self.close_review()
        except (FazhiError, OSError) as e:
            # a save another window's file refused (or a folder that took no file): the change can still go to a
            # copy, beside the file or in a folder the reviewer names, as the conflict and failure dialogs offer (walk4:
            # quitting offered only to drop it; walk9 #4: a copy into the same read-only folder was all it offered)
            reason = self.t.core(str(e))
            while True:
                keep = [("copy", self.t("save_copy_and_quit")),
                        ("elsewhere", self.t("save_elsewhere_and_quit"))] if self.review.unsaved else []  # work only
                if keep and isinstance(e, SessionConflict):
                    keep.insert(0, ("merge", self.t("merge_and_quit")))
                answer = await self.app.push_screen_wait(Question(self.t("quit_unsaved_title"),
                                                              f"{reason}\n{self.t('quit_unsaved_body')}",
                                                              [*keep, ("stay", self.t("stay")), ("quit", self.t("quit_anyway"))]))
                if answer == "merge":
                    try:
                        said = self._merge_said(self.review.merge(e.path))
                        path = self.review.save()
                    except FazhiError as failed:  # unreadable now, or saved yet again meanwhile: asked again
                        reason = self.t.core(str(failed))
                        e = failed
                        continue
                    self.closed = True
                    self.dismiss({"path": path, "said": said})  # said after the screen: what both changed (H3)
                    return
                if answer not in ("copy", "elsewhere"):
                    break
                folder = await self._ask_folder() if answer == "elsewhere" else None
                if answer == "elsewhere" and not folder:
                    reason = self.t("no_folder_given") if folder == "" else reason
                    continue
                try:
                    path = self.review.save_copy(folder)
                except FazhiError as failed:  # asked again, with what the copy met (it was a cut status line)
                    reason = self.t.core(str(failed))
                    continue
                self.closed = True
                self.dismiss({"path": path})
                return
            if answer == "quit":
                self.closed = True  # leaving without the save: not tried again as the screen goes
                self.dismiss({"error": str(e)})
            return
        self.dismiss({"path": path})

    @work(exclusive=True, group="ask")
    async def ask_fork(self) -> None:
        fork = self.review.pending
        answer = await self.app.push_screen_wait(Question(self.t("fork_title"), self.t("fork_body", theirs=fork.theirs.reviewer),
                                                      [("mine", self.t("keep_mine")), ("theirs", self.t("replace_mine"))]))
        self.review.resolve_fork(keep_mine=answer != "theirs")
        if answer == "theirs":
            if self.persist() and self.review.replaced_kept:
                self.say(self.t("replaced_kept", path=printable(str(self.review.replaced_kept))))
            self.align_in_background()
        self._show_marks()
        self.refresh_panels()




def area_index(review: Review, area_id: str | None) -> int:
    return next((i for i, a in enumerate(review.rubric.areas) if a.id == area_id), 0)


def _tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (full- or half-width), 、 or spaces."""
    return [t for t in re.split(r"[,\uff0c、\s]+", text) if t]


def _describe(an, section: bool = False) -> FewRows:
    """An annotation as the annotations lists (`m`, `M`, with its `section`) show it: its report, quote, note and tags,
    in LISTED_ROWS rows at most (Enter opens it whole)."""
    tags = "".join(f" #{tag}" for tag in an.tags)
    place = f"{an.section} " if section else ""
    return FewRows(annotation_mark(an) + f"{place}{an.side.upper()} «{clip(an.quote, QUOTE_CELLS)}» {an.note}",
                   LISTED_ROWS, tags)
