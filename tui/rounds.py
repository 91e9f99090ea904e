"""The application of `fazhi round DIR` (the round screen, from which the workbench and the aggregate view are
pushed) and of `fazhi aggregate … --tui` (the aggregate view alone): one screen hosted with the workbench's CSS,
keymap and palette in the reviewer's language; the app ends when that screen is dismissed.
"""
from __future__ import annotations

from textual.app import App, SystemCommand
from textual.screen import Screen

from fazhi.tui.commands import LocalizedPalette, ReviewCommands
from fazhi.tui.first_frame import SettledFirstFrame
from fazhi.tui.i18n import Strings
from fazhi.tui.keymap import BY_ID


class ScreenApp(SettledFirstFrame, App[int]):
    """Hosts `screen` (see the module docstring). The workbench pushed from a round screen finds here what it
    finds in ReviewApp: tui/app.tcss, the keymap applied, the palette's review commands."""

    CSS_PATH = "app.tcss"
    TITLE = "fazhi"
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, screen: Screen, lang: str = "zh", keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.first, self.t, self.keys = screen, Strings(lang), keymap or {}

    def on_mount(self) -> None:
        if self.keys:
            self.set_keymap(self.keys)

    def on_ready(self) -> None:  # not while mounting: see ReviewApp.on_ready (the first frame whole)
        self.push_screen(self.first, lambda _: self.exit(0))
        self.hold_first_frame()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not LocalizedPalette.is_open(self):
            self.push_screen(LocalizedPalette(self.t("no_matches"), placeholder=self.t("palette_placeholder"),
                                              id="--command-palette"))

    def get_system_commands(self, screen: Screen):
        """Help and quit of the screen in front (the round screen, the workbench or the aggregate view)."""
        for name, action in (("help", "action_help"), ("quit", "action_quit")):
            if hasattr(screen, action):
                yield SystemCommand(self.t(name), self.t(f"{name}_help" if name == "help" else name),
                                    getattr(screen, action))
        yield SystemCommand(self.t("theme"), self.t("theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("screenshot"), self.t("screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))

    def action_help_quit(self) -> None:
        """Ctrl+C: say which key quits, in the reviewer's language (Textual's own message is English)."""
        key = self.keys.get("quit", BY_ID["quit"].keys).split(",")[0]
        self.notify(self.t("quit_hint", key=key), title=self.t("quit_title"), markup=False)
