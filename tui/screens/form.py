"""A few labelled text fields (note, tags, passage …) in a modal: Enter saves, Escape cancels, Tab moves on. The fields
named in `lines` take more than one line (tui/widgets/note_area.py: Ctrl+J starts a new one). A `quote` (the passage
an annotation is about) is shown above the fields, wrapped to the form's width in QUOTE_ROWS rows at most, cut with …
(a title cut it to a line: walk6, walk7).

Dismisses with {field: value}, {"delete": ""} when the reviewer deletes, or None. What the reviewer typed is not
lost to one Escape (nor to the Cancel button): with a field changed, the first says so in the form and only a
second one cancels. A
`check` may refuse the values: its sentence is shown in the form, which stays open with the text as typed. Labels
and values are data: shown as text, never as markup. On a short terminal the fields scroll between the title and
the buttons, which stay on the screen; below COMPACT_BELOW rows its buttons go without borders (Textual's compact
style) and its fields without the blank rows between them, so that an annotation's passage, its note and their labels
fit a 24-row terminal (they scrolled off it: walk9 #7). The fields keep their borders: compact, a field was a row of
barely darker background, and a newcomer at 80×24 could not tell where to type.
"""
from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from fazhi.tui.held_keys import EndsWithEnter
from fazhi.tui.widgets.cut_line import FewRows
from fazhi.tui.widgets.note_area import NoteArea
from fazhi.tui.widgets.plain_input import PlainInput

class FieldInput(EndsWithEnter, PlainInput):
    """A form's one-line field: Enter answers the form, and what is typed after it is not the field's."""

    def submit(self) -> None:
        self.post_message(self.Submitted(self, self.value))


QUOTE_ROWS = 3
#: What is typed is kept (`kept`) this long (s) after the last change, at most once in that time.
KEEP_AFTER = 0.5
#: A terminal of fewer rows gets the compact form: buttons without borders, fields without gaps (the module docstring).
COMPACT_BELOW = 32


class Form(ModalScreen[dict[str, str] | None]):
    # Tab as a priority binding: taken when it arrives, so what is typed after it goes to the next field (handled by
    # the field, it moved on only once the field's own queue reached it: a tag typed ahead over SSH went into the
    # note, walk10 F6)
    BINDINGS = [Binding("escape", "cancel", show=False),
                Binding("tab", "next_field", show=False, priority=True),
                Binding("shift+tab", "previous_field", show=False, priority=True)]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], buttons: tuple[str, str, str],
                 deletable: bool = False, discard: str = "", check: Callable[[dict[str, str]], str | None] | None = None,
                 lines: tuple[str, ...] = (), quote: str = "", quote_before: str = "",
                 kept: Callable[[dict[str, str]], None] | None = None, unchanged: dict[str, str] | None = None) -> None:
        """`fields`: (name, label, initial value); `buttons`: the words for save, cancel and delete; `discard`: what
        the first Escape says when a field was changed (without it, Escape cancels at once); `check`: the values →
        why they cannot be saved, or None; `lines`: the fields of more than one line; `quote`: a passage shown
        between «» above the fields; `quote_before`: under it, in rows of its own, what the passage said when it was
        annotated (a lead-in, then the words, closed by »); `kept`: called with the values a moment after typing
        stops, None when they are back to `unchanged`, so that what is typed outlives a closed terminal (core.drafts);
        `unchanged`: the values that change nothing, where the fields open with others (a draft's: walk18 F2, one
        Escape threw a reopened draft away unwarned)."""
        super().__init__()
        self.title_text, self.fields, self.buttons, self.deletable = title, fields, buttons, deletable
        self.quote, self.quote_before = quote, quote_before
        self.discard, self.check, self.lines = discard, check, lines
        self._warned = False
        self.discarded = False  # dismissed with what was typed thrown away (the caller says so)
        self.kept, self._keeping = kept, False
        self.unchanged = unchanged if unchanged is not None else {name: value for name, _, value in fields}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            with VerticalScroll(classes="fields", can_focus=False):  # Tab goes from field to field
                if self.quote:
                    yield Label(FewRows(f"«{self.quote}", QUOTE_ROWS, "»"), classes="dialog-quote")
                if self.quote_before:
                    yield Label(FewRows(self.quote_before, QUOTE_ROWS, "»"), classes="dialog-quote")
                for name, label, value in self.fields:
                    yield Label(label, markup=False, classes="field")
                    # the label above says what it is: no placeholder repeating it
                    yield NoteArea(value, id=name) if name in self.lines else FieldInput(value, id=name)
            yield Label("", markup=False, id="form-problem")
            with Horizontal(classes="buttons"):
                yield Button(self.buttons[0], variant="primary", id="save")
                if self.deletable:
                    yield Button(self.buttons[2], variant="error", id="delete")
                yield Button(self.buttons[1], id="cancel")

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def on_input_submitted(self) -> None:
        self._save()

    def on_note_area_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        elif event.button.id == "delete":
            self.dismiss({"delete": ""})
        else:  # Tab past the fields reaches Cancel, and Enter presses it: it warns as Escape does
            self.action_cancel()

    def on_mount(self) -> None:
        self.query_one("#form-problem", Label).display = False
        self._fit_rows(self.app.size.height)

    def on_resize(self, event) -> None:
        self._fit_rows(event.size.height)

    def _fit_rows(self, rows: int) -> None:
        short = rows < COMPACT_BELOW
        self.query_one(".dialog").set_class(short, "-short")
        for button in self.query(Button):
            button.compact = short

    def on_input_changed(self) -> None:
        self._warned = False  # typing on: the next Escape warns again
        self._keep_soon()

    def on_text_area_changed(self) -> None:
        self._warned = False
        self._keep_soon()

    def _keep_soon(self) -> None:
        if self.kept is not None and not self._keeping:
            self._keeping = True
            self.set_timer(KEEP_AFTER, self._keep)

    def close_unasked(self) -> None:
        """The app ends without an answer (its terminal or tab gone: ScreenApp's hang-up): what is typed is kept now,
        not after KEEP_AFTER (walk21 F1: typing in the last half second before the terminal closed was lost)."""
        self._keep()

    def _keep(self) -> None:
        self._keeping = False
        if self.kept is None:  # a form that keeps no draft (a level typed, a folder: monkey54 #1 ended the app on it)
            return
        if self.is_attached and self.app.screen is self:  # (not once answered: its draft is gone then)
            values = self.values
            self.kept(values if self._changed(values) else None)

    def _changed(self, values: dict[str, str]) -> list[str]:
        """The fields whose `values` differ from the unchanged ones."""
        return [name for name, value in values.items() if value != self.unchanged.get(name, "")]

    @property
    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", (Input, NoteArea)).value for name, _, _ in self.fields}

    def _save(self) -> None:
        problem = self.check(self.values) if self.check else None
        if problem:
            self.app.bell()
            self._show(problem)
            return
        self.dismiss(self.values)

    def action_cancel(self) -> None:
        changed = self._changed(self.values)
        if changed and self.discard and not self._warned:
            self._warned = True
            self._show(self.discard)
            if not isinstance(self.focused, (Input, NoteArea)):  # from Cancel: back in the text, where Enter saves
                self.query_one(f"#{changed[0]}").focus()
            return
        self.discarded = bool(changed)
        self.dismiss(None)

    def _show(self, sentence: str) -> None:
        problem = self.query_one("#form-problem", Label)
        problem.update(sentence)
        problem.display = True
        for field in self.query("FieldInput, NoteArea"):  # the form stays: its fields take keys again, and those
            field.reopen()  # typed after the Enter it refused come to them now
        self.app.release_keys()
