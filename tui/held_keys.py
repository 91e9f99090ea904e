"""Keys typed while a dialog or a field opens are held for it.

A workbench dialog opens in a worker (`push_screen_wait`) and a field takes the focus after the key that showed it was
handled: keys that came in the same burst as that key ("o3分" pasted, a laggy link, keys typed while the app was busy)
were handled meanwhile as the workbench's own — the 3 scored, 分 was lost (walk14 F2). `HeldKeys`, a mixin of the
app, holds every key and paste from `hold_keys()` until a screen is pushed (and painted), the action that asked ends
without one (`asks`), or KEYS_HELD_AT_MOST passes (a hold may ask for longer: a review opening from the round); then
it sends them on, in the order typed, to whatever has the focus.
"""
from __future__ import annotations

import functools

from textual import events, work

#: Keys are held at most this long (s): a dialog that never comes must not leave the keyboard dead.
KEYS_HELD_AT_MOST = 0.5
#: …and for what takes longer to come: a review opening from the round (reading a pair's files; its worker sends the
#: keys on when it ends, either way: this only bounds a hang)…
KEYS_HELD_OPENING = 10
#: …and the pairs aligned again after the reviewer's change (a big pair's alignment takes seconds: past this the keys
#: move through the list as it is).
KEYS_HELD_REALIGNING = 2


class HeldKeys:
    """The app's side (see the module docstring): mixed into a `textual.app.App`."""

    _held: list[events.Key | events.Paste] | None = None  # None: nothing opening
    _holds = 0  # holds begun: which one is on (an older hold's timer or action does not end a newer one)

    def hold_keys(self, at_most: float | None = None) -> int:
        """Hold the keys from now, `at_most` seconds (KEYS_HELD_AT_MOST unless said); the number of this hold, for
        `release_keys`. Asked for a time while a hold is on, the new hold takes the keys held so far over: the action
        that began the first (a pin, `asks`) ends before what it started (the re-alignment) is up, and its release
        no longer sends them on."""
        if self._held is None or at_most is not None:
            if self._held is None:
                self._held = []
            self._holds += 1
            hold = self._holds
            self.set_timer(KEYS_HELD_AT_MOST if at_most is None else at_most, lambda: self.release_keys(hold))
        return self._holds

    @property
    def holding_keys(self) -> bool:
        """Keys are held now: one reaching a screen's own handler was typed after the key that opens what they are
        for, and goes on up to be held with them."""
        return self._held is not None

    def release_keys(self, hold: int | None = None) -> None:
        """Send the held keys on (only if `hold` is the one on, when given)."""
        if hold is not None and hold != self._holds:
            return
        held, self._held = self._held, None
        for event in held or []:  # new events, not yet forwarded: they go to the focus of now
            self.post_message(events.Paste(event.text) if isinstance(event, events.Paste)
                              else events.Key(event.key, event.character))

    def release_keys_when_painted(self) -> None:
        """What opened (a screen, a field given the focus) is up once the screen is refreshed."""
        if self._held is not None:
            self.call_after_refresh(self.release_keys, self._holds)

    async def on_event(self, event: events.Event) -> None:
        # every key and paste while held, whether it arrived from the terminal or came back up unhandled from the
        # workbench (to run a binding). One coming back was typed before the hold began, so before every one that
        # arrived since, though its way back through the widgets let some of those in first (reread10 R2).
        if self._held is not None and isinstance(event, (events.Key, events.Paste)):
            if event.is_forwarded:
                self._held.insert(sum(e.is_forwarded for e in self._held), event)
            else:
                self._held.append(event)
            return
        await super().on_event(event)

    def push_screen(self, *args, **kwargs):
        pushed = super().push_screen(*args, **kwargs)
        self.release_keys_when_painted()
        return pushed

    def pop_screen(self):
        popped = super().pop_screen()
        self.release_keys_when_painted()  # (a form answered: what was typed after its Enter is the screen's below)
        return popped


class EndsWithEnter:
    """Mixed into a form's field whose Enter answers the form (`submit`): the keys already queued behind the Enter,
    typed after it, go on to whatever has the focus once the form is answered (held by the app meanwhile), never into
    the field: "o乙⏎4jj" in one burst saved the note 乙4jj, and the 4 was not scored (walk15 F1). `reopen` after the form
    refused the answer and stays."""

    submitted = False

    def submit(self) -> None:
        raise NotImplementedError

    def reopen(self) -> None:
        self.submitted = False

    async def _on_key(self, event: events.Key) -> None:
        if self.submitted or event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.submitted:  # typed before any key the app has now: ordered so (`on_event`)
                again = events.Key(event.key, event.character)
                again._set_forwarded()
                self.app.post_message(again)
            else:
                self.submitted = True
                self.app.hold_keys()
                self.submit()
            return
        await super()._on_key(event)


def asks(action):
    """`textual.work` for an action of a screen that opens a dialog: the keys typed until it is up go into it."""
    @functools.wraps(action)
    async def releasing(self, hold: int, *args, **kwargs):
        try:
            return await action(self, *args, **kwargs)
        finally:
            self.app.release_keys(hold)

    in_worker = work(releasing)

    @functools.wraps(action)
    def holding(self, *args, **kwargs):
        return in_worker(self, self.app.hold_keys(), *args, **kwargs)

    return holding
