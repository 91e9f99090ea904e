"""Help that teaches: every key as the reviewer's keymap really has it (from the live bindings) and what it does,
grouped, then the legend of the screen's signs (= ↕ − +, the hatched filler, the similarity number, 依据, ✎, ⚠,
[固定]) and that Escape closes.

Binding ids (pair.next …) are not listed beside the keys: a reviewer read them as noise. One dim line at the end says
where a keymap writer finds them: keymaps/default.toml, every id a keymap can change (the round's round.next … too)
with its keys and description."""
from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fazhi.tui.i18n import Strings
from fazhi.tui.render import fit

KEY_CELLS = 22  # "shift+down, ctrl+down" fits
SIGN_CELLS = 8  # "[held]" and a gap
BULLET = "•"  # the key of a row that is a note, not a key (what the header said at opening)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", show=False)]
    COMPONENT_CLASSES = {"helpscreen--title", "helpscreen--group", "helpscreen--key", "helpscreen--dim"}

    def __init__(self, title: str, groups: list[tuple[str, list[tuple[str, ...]]]],
                 legend_title: str, legend: list[tuple[str, str]]) -> None:
        """`groups`: (group name, [(keys, what it does)]); a third item of a row (the binding id the workbench
        passes) is not shown. `legend`: (sign, meaning)."""
        super().__init__()
        self.title_text, self.groups, self.legend_title, self.legend = title, groups, legend_title, legend

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(id="help-text")

    def on_mount(self) -> None:
        style = lambda name: self.get_component_rich_style(f"helpscreen--{name}", partial=True)  # noqa: E731
        parts: list = [Text(self.title_text, style("title"))]
        for group, rows in self.groups:
            cells = 2 if all(keys == BULLET for keys, *_ in rows) else KEY_CELLS  # notes: no key column to fill
            parts += [Text(f"\n{group}", style("group")), _rows([(keys, label) for keys, label, *_ in rows],
                                                                  cells, style("key"))]
        parts += [Text(f"\n{self.legend_title}", style("group")), _rows(self.legend, SIGN_CELLS, style("key"))]
        # last, for whoever writes a keymap; in the app's language, as the caller's strings are ("zh" by default)
        parts.append(Text("\n" + Strings(getattr(self.app, "lang", "zh"))("keymap_hint"), style("dim")))
        self.query_one("#help-text", Static).update(Group(*parts))
        #: what the screen says, as plain lines (a row's key and meaning on one)
        self.shown = "\n".join(part.plain if isinstance(part, Text) else
                               "\n".join("".join(str(cell) for cell in row) for row in zip(*(c.cells for c in part.columns)))
                               for part in parts)

    def action_close(self) -> None:
        self.dismiss(None)


def _rows(rows: list[tuple[str, str]], cells: int, key_style) -> Table:
    """Keys (or signs) in a column `cells` wide, what they do beside them: a description that wraps stays in its
    column (walk14 F4: its next lines began under the keys, and a "≈:" there read as another sign)."""
    grid = Table.grid()
    grid.add_column(width=cells, no_wrap=True, style=key_style)
    grid.add_column(ratio=1, overflow="fold")  # a Chinese run has no blank to wrap at: folded, never cut with …
    for key, meaning in rows:
        grid.add_row(Text(fit(key, cells)), Text(meaning))  # as data: a key "[" is no markup
    return grid
