"""A question with a few answers as buttons (keep mine / replace mine; reload / save a copy; quit anyway …).
Dismisses with the chosen answer's key, or None on Escape. The question is data: shown as text, never as markup.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from fazhi.tui.widgets.cut_line import FewRows

#: A question's rows at most (they are a few sentences: the limit only bounds a file name gone wild)
QUESTION_ROWS = 40


class Question(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, body: str, answers: list[tuple[str, str]]) -> None:
        """`answers`: (key, button label), the first one the default."""
        super().__init__()
        self.title_text, self.body, self.answers = title, body, answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            # broken as Chinese is (tui.wrap), not at its one blank: "打开的是 王五" stood alone on a row (walk21 F5)
            yield Label(FewRows(self.body, QUESTION_ROWS), classes="dialog-body")
            with Horizontal(classes="buttons"):
                for i, (key, label) in enumerate(self.answers):
                    yield Button(label, id=f"answer-{key}", variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("answer-"))

    def action_cancel(self) -> None:
        self.dismiss(None)
