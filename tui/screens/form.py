"""A few labelled text fields (note, tags, passage …) in a modal: Enter saves, Escape cancels, Tab moves on.

Dismisses with {field: value}, {"delete": ""} when the reviewer deletes, or None. Labels and values are data:
shown as text, never as markup. On a short terminal the fields scroll between the title and the buttons, which
stay on the screen.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class Form(ModalScreen[dict[str, str] | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], buttons: tuple[str, str, str],
                 deletable: bool = False) -> None:
        """`fields`: (name, label, initial value); `buttons`: the words for save, cancel and delete."""
        super().__init__()
        self.title_text, self.fields, self.buttons, self.deletable = title, fields, buttons, deletable

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            with VerticalScroll(classes="fields", can_focus=False):  # Tab goes from field to field
                for name, label, value in self.fields:
                    yield Label(label, markup=False, classes="field")
                    yield Input(value, id=name)  # the label above says what it is: no placeholder repeating it
            with Horizontal(classes="buttons"):
                yield Button(self.buttons[0], variant="primary", id="save")
                if self.deletable:
                    yield Button(self.buttons[2], variant="error", id="delete")
                yield Button(self.buttons[1], id="cancel")

    def on_input_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        elif event.button.id == "delete":
            self.dismiss({"delete": ""})
        else:
            self.dismiss(None)

    def _save(self) -> None:
        self.dismiss({name: self.query_one(f"#{name}", Input).value for name, _, _ in self.fields})

    def action_cancel(self) -> None:
        self.dismiss(None)
