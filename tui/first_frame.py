"""An app whose first frame in a browser is its settled first screen.

Textual paints a screen as soon as it has a layout, and again as its widgets learn their sizes: a view lays out its
rows for its width, scrollbars appear and take a column, each another layout. The workbench sent five more frames
in the ~100 ms after its first (~125 KB where the settled screen is ~25 KB). A terminal draws those in no time, and
shows the reports a frame or two sooner than the settled screen would (~40 ms): there nothing is held. A browser's
xterm.js draws every one of them (its DOM renderer, on the same two cores as the app), which put ~0.3 s between the
first frame reaching the page and the screen being complete.

Served to a browser (`App.is_web`), `SettledFirstFrame` holds the app's output from its start until its screen
says it is laid out (`first_frame_ready()`, when the screen has one) and the screen is then idle twice, so the
scrollbars that layout brings are in (a screen without `first_frame_ready` is held for those two only); then it
paints the whole screen once. HOLD_LIMIT bounds the wait: whatever the screen says, the reviewer sees it by then.
The hold covers the start only: once released, every paint goes out as Textual makes it. Textual's `batch_update`
cannot do this: it stops layout as well as paint, so the screen never settles under it. This overrides
`App._display` (Textual's one place that writes a frame): pyproject.toml pins Textual's version.
"""
from __future__ import annotations

from textual.app import App

#: Seconds from the app being ready (its first screen pushed) after which that screen is painted, settled or not.
HOLD_LIMIT = 0.5


class SettledFirstFrame(App):
    """Mix in before App: `class ScreenApp(SettledFirstFrame, App[int])`. Holds from the start; its own `on_ready`
    (Textual runs the handlers of every class of the app, the app's own first) starts the watch and the limit."""

    _holding_first_frame = True

    def on_ready(self) -> None:
        if not self.is_web:  # a terminal: nothing was held, nothing will be
            self._holding_first_frame = False
            return
        self.set_timer(HOLD_LIMIT, self.release_first_frame)
        self.call_after_refresh(self._when_laid_out)

    def _when_laid_out(self) -> None:
        if not self._holding_first_frame:
            return
        ready = getattr(self.screen, "first_frame_ready", None)
        if ready is not None and not ready():
            # Again a frame's time later: an idle screen runs a call_after_refresh at once, which would spin.
            self.set_timer(1 / 60, self._when_laid_out)
            return
        # Laid out: what that layout brings (scrollbars, a second layout) is in after two more idle moments.
        self.call_after_refresh(self.call_after_refresh, self.release_first_frame)

    def release_first_frame(self) -> None:
        if self._holding_first_frame:
            self._holding_first_frame = False
            self.screen.refresh()  # the frames held back were never drawn: the whole screen, once

    def _display(self, screen, renderable) -> None:
        if not (self._holding_first_frame and self.is_web):
            super()._display(screen, renderable)
