"""A note's text in a form: more than one line, as the session keeps it (a pasted paragraph keeps its lines; a one-line
Input kept the first and dropped the rest without a word, and showed a saved note's first line alone while typing went
on at the end of the hidden rest: walk6).

Enter saves the form, as in every other field (`Submitted`); Ctrl+J (the terminal's line feed) starts a new line. Line
ends are the session's: \\r\\n and \\r as \\n."""
from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from fazhi.core.toml_check import without_control
from fazhi.tui.held_keys import EndsWithEnter


class NoteArea(EndsWithEnter, TextArea):
    class Submitted(Message):
        """Enter: the form saves."""

        def __init__(self, note_area: NoteArea) -> None:
            super().__init__()
            self.note_area = note_area

        @property
        def control(self) -> NoteArea:
            return self.note_area

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, **kwargs)

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # a saved note is added to at its end, as a one-line field is

    def _recompute_cursor_offset(self) -> None:
        # Undoing a paste of many lines, Textual 8.2.8 places the cursor (a scroll bar gone) before it puts the cursor
        # back: at a line the note no longer has, a ValueError that ended the app (monkey54b B; Textualize/textual#6686,
        # whose fix clamps it so)
        self._cursor_offset = self.wrapped_document.location_to_offset(self.clamp_visitable(self.cursor_location))

    @property
    def value(self) -> str:
        """The note as typed, its line ends as the session's."""
        return session_lines(self.text)

    def submit(self) -> None:
        self.post_message(self.Submitted(self))

    async def _on_paste(self, event: events.Paste) -> None:
        # pasted without its control characters (its line ends as the session's): an escape sequence pasted reached
        # the terminal each time the note was drawn (as in one-line fields: tui.widgets.plain_input)
        event.prevent_default()  # (TextArea's own handler, which Textual would call next, is called here with it)
        if text := without_control(session_lines(event.text)):  # (nothing left: the selection stays)
            await super()._on_paste(events.Paste(text))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+j" and not self.submitted:
            event.stop()
            event.prevent_default()
            self.move_cursor(self.replace("\n", *self.selection).end_location)
            return
        await super()._on_key(event)  # Enter, and what comes after it: EndsWithEnter


def session_lines(text: str) -> str:
    """`text` with its line ends as the session's: \r\n and \r as \n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
