"""Help that teaches: every key as the reviewer's keymap really has it (from the live bindings), grouped, then the
legend of the screen's signs (= ↕ − +, the hatched filler, the similarity number, 依据, ✎, ⚠, [固定]) and that Escape
closes."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fazhi.tui.render import fit

KEY_CELLS = 22  # "shift+down, ctrl+down" fits
LABEL_CELLS = 44  # a longer label is cut with …
SIGN_CELLS = 8  # "[held]" and a gap


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", show=False)]
    COMPONENT_CLASSES = {"helpscreen--title", "helpscreen--group", "helpscreen--key", "helpscreen--dim"}

    def __init__(self, title: str, groups: list[tuple[str, list[tuple[str, str, str]]]],
                 legend_title: str, legend: list[tuple[str, str]]) -> None:
        """`groups`: (group name, [(keys, what it does, binding id)]); `legend`: (sign, meaning)."""
        super().__init__()
        self.title_text, self.groups, self.legend_title, self.legend = title, groups, legend_title, legend

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(id="help-text")

    def on_mount(self) -> None:
        style = lambda name: self.get_component_rich_style(f"helpscreen--{name}", partial=True)  # noqa: E731
        text = Text()
        text.append(self.title_text + "\n", style("title"))
        # the labels' column as wide as the longest (English ones are longer), a gap before the binding's id
        labels = min(LABEL_CELLS, max((cell_len(label) for _, rows in self.groups for _, label, _ in rows), default=0))
        for group, rows in self.groups:
            text.append(f"\n{group}\n", style("group"))
            for keys, label, binding_id in rows:
                text.append(fit(keys, KEY_CELLS), style("key"))
                text.append(fit(label, labels) + "  ")
                text.append(binding_id + "\n", style("dim"))
        text.append(f"\n{self.legend_title}\n", style("group"))
        for sign, meaning in self.legend:
            text.append(fit(sign, SIGN_CELLS), style("key"))
            text.append(meaning + "\n")
        self.query_one("#help-text", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)
