"""Pick one item from a list, typing to filter it (a counterpart to pin, an annotation to open): the list comes
ranked by the caller (best candidates first), typing keeps the items containing every typed word. Enter or a click
picks; Escape cancels. Typing an item's key exactly (a section id) puts it first. A label is a string, or a CutLine
(tui/widgets/cut_line.py) that cuts its middle to the list's width when drawn and is searched whole. A one-line
`hint` under the list says what Enter does there. Dismisses with the chosen item's key, or None.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from fazhi.tui.widgets.cut_line import CutLine
from fazhi.tui.widgets.plain_input import PlainInput


class Chooser(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False), Binding("down", "move(1)", show=False),
                Binding("up", "move(-1)", show=False)]

    def __init__(self, title: str, options: list[tuple[str, str | CutLine]], placeholder: str = "",
                 hint: str = "") -> None:
        super().__init__()
        self.title_text, self.options, self.placeholder, self.hint = title, options, placeholder, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog chooser"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield PlainInput(placeholder=self.placeholder, id="filter")
            yield OptionList(*self._matching(""), id="choices")
            if self.hint:
                yield Label(self.hint, markup=False, classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            choices.highlighted = 0

    def _matching(self, query: str) -> list[Option]:
        """The items containing every typed word; an item whose key is exactly what was typed first."""
        words, exact = query.lower().split(), query.strip()
        hits = [(key, label) for key, label in self.options if all(w in str(label).lower() for w in words)]
        hits.sort(key=lambda item: item[0] != exact)  # stable: the caller's ranking otherwise
        return [Option(Text(label) if isinstance(label, str) else label, id=key) for key, label in hits]

    def on_input_changed(self, event: Input.Changed) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options(self._matching(event.value))
        if choices.option_count:
            choices.highlighted = 0

    def on_input_submitted(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is not None and choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted).id)

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            choices.highlighted = max(0, min(choices.option_count - 1, (choices.highlighted or 0) + step))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
