"""The fazhi applications: `ScreenApp` hosts one screen (the round screen of `fazhi round`, the aggregate view of
`fazhi aggregate --tui`) with the palette, Textual's system commands and its own messages in the reviewer's
language, the keymap applied, every colour from tui/app.tcss and a settled first frame (tui/first_frame.py); the
app ends when that screen is dismissed. `ReviewApp` is the one of `fazhi review`: a ScreenApp on the workbench
screen (tui/screens/review.py) of one review, whose `exit_report` says how the review ended (where the session is),
for the command line to print.
"""
from __future__ import annotations

import asyncio
import os
import signal
import threading

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from fazhi.core.review import Review
from fazhi.core.toml_check import without_control
from fazhi.tui.commands import LocalizedPalette, ReviewCommands
from fazhi.tui.first_frame import SettledFirstFrame
from fazhi.tui.held_keys import HeldKeys
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import BY_ID, key_display
from fazhi.tui.screens.review import ReviewScreen
from fazhi.tui.widgets.note_area import session_lines

#: Seconds an app told to end by a signal has to end as q does, before the process ends without it (see `_hang_up`).
HANG_UP_GRACE = 3.0


class ScreenApp(HeldKeys, SettledFirstFrame, App[int]):
    """Hosts `screen` (see the module docstring). The workbench a round screen pushes finds here all it needs:
    tui/app.tcss, the keymap applied, the palette's review commands, keys held for a dialog that opens
    (tui/held_keys.py)."""

    CSS_PATH = "app.tcss"
    TITLE = "fazhi"
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, screen: Screen, lang: str = "zh", keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.first, self.lang, self.t, self.keys = screen, lang, Strings(lang), keymap or {}

    def on_mount(self) -> None:
        if not self.is_headless:
            # a terminal closed (SIGHUP: tmux's window killed, an SSH link dropped) or the process told to stop ends the
            # app as q does, not at once: a change the workbench could not save goes to a copy as it closes (walk19 N1:
            # the terminal's half of walk18 F1 was lost so)
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._hang_up, signum)
        if self.keys:
            self.set_keymap(self.keys)
        # The screen's width class before it mounts: Textual adds it on the first resize, after every widget was
        # styled without it — a second styling of the whole screen before the first paint.
        self.first.add_class(*width_class(self.first, self.size.width), update=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # a paste enters without its control characters, whatever field takes it: Textual's own (the palette's)
            # kept an escape sequence and drew it raw (monkey53; fazhi's fields clean theirs: PlainInput, NoteArea)
            event.text = without_control(session_lines(event.text))  # (a terminal pastes its line ends as \r)
        await super().on_event(event)

    def on_ready(self) -> None:
        # Pushed once the app is ready, not while it mounts: Textual drops the paints of its mount and then paints
        # only what changed since, so a screen laid out then reached the terminal without its header and panels
        # for a frame (and a browser drew that incomplete frame first). In a browser, that frame is also the settled
        # screen (SettledFirstFrame).
        self.push_screen(self.first, self.dismissed)

    def dismissed(self, result) -> None:
        """The first screen is gone: the app ends."""
        self.exit(0)

    def _hang_up(self, signum: int) -> None:
        """The work of every open review kept at once (a terminal gone fails the app's next write), then the app ends:
        as q does, or, past HANG_UP_GRACE, the process without it. A terminal gone ends Textual's output thread at its
        first write, and the app's last writes as it shuts down then wait on that thread forever: the process stayed,
        orphaned, with nothing left to do (the work is kept by then)."""
        # the deadline first: whatever keeping the work meets, the process ends (monkey54 #1: a dialog's error left it
        # running, orphaned, for good)
        deadline = threading.Timer(HANG_UP_GRACE, os._exit, (128 + signum,))
        deadline.daemon = True  # an app that ends in time ends it too
        deadline.start()
        try:
            self._close_unasked()
        finally:
            self.exit()

    def on_exit_app(self) -> None:
        """The app ends, however it was told to (q; a browser tab closed or reloaded, the server stopping: textual-serve
        says so with a message that Textual makes ExitApp, no signal): what is typed in its dialogs is kept first,
        while they are there (serve54 #1: the last half second of typing, not yet kept, was lost). The reviews close
        as their screens go (on_unmount), when what they say of it reaches the terminal or the server's log."""
        self._close_unasked(dialogs_only=True)

    def _close_unasked(self, dialogs_only: bool = False) -> None:
        """Every open screen's `close_unasked`, the one in front first (a dialog's typing, then its review)."""
        for screen in reversed(self.screen_stack):
            close = getattr(screen, "close_unasked", None)
            if close and (isinstance(screen, ModalScreen) or not dialogs_only):
                close()

    def watch_app_focus(self, focus: bool) -> None:
        """A screen pushed while the app had no focus (a browser tab still loading: a draft's dialog opened again) got
        none: Textual focuses a screen's first field only while the app has focus, and on focus regained gives it back
        only to a widget of the screen that had it. The screen in front takes its first then (walk18 F3: typing into
        the reopened dialog went nowhere), at once (a page that sent its focus before the dialog came gives the app
        focus with its first key: that key goes there, walk19 N2), after Textual's own watcher has given back what it
        gives back (reread12 R4: every return to the window moved the focus to the first field)."""
        if focus and self.screen_stack:
            self._focus_first_if_none()

    def _focus_first_if_none(self) -> None:
        screen = self.screen
        if screen.focused is None:
            chosen = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else self.AUTO_FOCUS
            first = next((w for w in screen.query(chosen) if w.focusable), None) if chosen else None
            if first is not None:
                screen.set_focus(first)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not LocalizedPalette.is_open(self):
            self.push_screen(LocalizedPalette(self.t("no_matches"), placeholder=self.t("palette_placeholder"),
                                              id="--command-palette"))

    def get_key_display(self, binding: Binding) -> str:
        """Every key the app shows is written one way (`key_display`: ctrl+o, not Textual's ^o)."""
        return binding.key_display or key_display(binding.key)

    def get_system_commands(self, screen: Screen):
        """Help and quit of the screen in front (the round screen, the workbench or the aggregate view), the theme
        and a screenshot."""
        for name, action in (("help", "action_help"), ("quit", "action_quit")):
            if hasattr(screen, action):
                yield SystemCommand(self.t(name), self.t(f"{name}_help"), getattr(screen, action))
        yield SystemCommand(self.t("theme"), self.t("theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("screenshot"), self.t("screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))

    async def action_quit(self) -> None:
        """Ctrl+Q, Textual's own binding (met before any keymap): the quit of the screen in front, as q — the
        workbench closes its review (and goes back to the round), where Textual's quit would end the app past it.
        Over a dialog, which has no quit of its own, it says how to quit instead."""
        quit_screen = getattr(self.screen, "action_quit", None)
        if quit_screen is None:
            self.action_help_quit()
        else:
            quit_screen()

    def action_help_quit(self) -> None:
        """Ctrl+C: say which key quits, in the reviewer's language (Textual's own message is English)."""
        key = key_display(self.keys.get("quit", BY_ID["quit"].keys).split(",")[0])
        self.notify(self.t("quit_hint", key=key), title=self.t("quit_title"), markup=False)

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        """The screenshot's file, said in the reviewer's language and as data: Textual's own message is English and
        reads the path (the working folder's) as markup, with its control characters sent to the terminal."""
        if event.name == "screenshot" and event.path is not None:
            event.prevent_default()  # Textual's handler (App's, later in the MRO) is not run
            self.notify(self.t("screenshot_saved", path=event.path), title=self.t("screenshot"), markup=False)


class ReviewApp(ScreenApp):
    """`fazhi review`: the workbench on `review`."""

    def __init__(self, review: Review, lang: str = "zh", keymap: dict[str, str] | None = None,
                 inline_align: bool | None = None) -> None:
        super().__init__(ReviewScreen(review, lang, keymap or {}, inline_align), lang, keymap)
        self.review, self.workbench = review, self.first
        self.exit_report: dict = {}

    def dismissed(self, report: dict | None) -> None:
        self.exit_report = report or {}
        failed = "error" in self.exit_report
        self.exit(1 if failed else 0, return_code=1 if failed else 0)


def width_class(screen: Screen, width: int) -> list[str]:
    """The class a screen's HORIZONTAL_BREAKPOINTS give it at `width` (none below the first), as Textual picks it."""
    breakpoints = sorted(screen.HORIZONTAL_BREAKPOINTS or [], reverse=True)
    return next(([name] for at, name in breakpoints if width >= at), [])
