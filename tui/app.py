"""The `fazhi review` application: the workbench screen (tui/screens/review.py) on one review, with the palette,
Textual's system commands and its own messages in the reviewer's language, the keymap applied, and every colour
from tui/app.tcss. `exit_report` says how the review ended (where the session is), for the command line to print.
"""
from __future__ import annotations

from textual.app import App, SystemCommand
from textual.screen import Screen

from fazhi.core.review import Review
from fazhi.tui.commands import LocalizedPalette, ReviewCommands
from fazhi.tui.first_frame import SettledFirstFrame
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import BY_ID
from fazhi.tui.screens.review import ReviewScreen


class ReviewApp(SettledFirstFrame, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "fazhi"
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, review: Review, lang: str = "zh", keymap: dict[str, str] | None = None,
                 inline_align: bool | None = None) -> None:
        super().__init__()
        self.review, self.lang, self.t, self.keys = review, lang, Strings(lang), keymap or {}
        self.workbench = ReviewScreen(review, lang, self.keys, inline_align)
        self.exit_report: dict = {}

    def on_mount(self) -> None:
        if self.keys:
            self.set_keymap(self.keys)
        # The workbench's width class before it mounts: Textual adds it on the first resize, after every widget was
        # styled without it — a second styling of the whole screen before the first paint.
        self.workbench.add_class(*width_class(self.workbench, self.size.width), update=False)

    def on_ready(self) -> None:
        # Pushed once the app is ready, not while it mounts: Textual drops the paints of its mount and then paints
        # only what changed since, so a workbench laid out then reached the terminal without its header and panels
        # for a frame (and a browser drew that incomplete frame first). Now the first frame is whole.
        self.push_screen(self.workbench, self._ended)
        self.hold_first_frame()  # and that frame is the settled workbench, not its first layout (tui/first_frame.py)

    def _ended(self, report: dict | None) -> None:
        self.exit_report = report or {}
        failed = "error" in self.exit_report
        self.exit(1 if failed else 0, return_code=1 if failed else 0)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not LocalizedPalette.is_open(self):
            self.push_screen(LocalizedPalette(self.t("no_matches"), placeholder=self.t("palette_placeholder"),
                                              id="--command-palette"))

    def get_system_commands(self, screen):
        yield SystemCommand(self.t("help"), self.t("help_help"), self.workbench.action_help)
        yield SystemCommand(self.t("theme"), self.t("theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("screenshot"), self.t("screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand(self.t("quit"), self.t("quit"), self.workbench.action_quit)

    def action_help_quit(self) -> None:
        key = self.keys.get("quit", BY_ID["quit"].keys).split(",")[0]
        self.notify(self.t("quit_hint", key=key), title=self.t("quit_title"), markup=False)


def width_class(screen: Screen, width: int) -> list[str]:
    """The class a screen's HORIZONTAL_BREAKPOINTS give it at `width` (none below the first), as Textual picks it."""
    breakpoints = sorted(screen.HORIZONTAL_BREAKPOINTS or [], reverse=True)
    return next(([name] for at, name in breakpoints if width >= at), [])
