"""A one-line field that holds text only.

Textual's Input takes what is pasted as it comes: an escape sequence or a bell pasted into the find field reached the
terminal when the field was drawn, and moved its cursor (monkey33 F3: "abc\\e]2;x\\adef" showed as "^]2;xdefabc").
Notes are cleaned when written (core.toml_check.without_control); a field's value is cleaned as it is entered.
"""
from __future__ import annotations

from textual.widgets import Input

from fazhi.core.toml_check import without_control


class PlainInput(Input):
    """Textual's Input, whatever is typed or pasted into it entered without its control characters."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_control(text), start, end)
