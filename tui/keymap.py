"""Keymaps: the table of binding ids (one source of truth), loading user files, validating before applying.

A keymap file is TOML with a [keys] table of `binding.id = "key[,key…]"`, checked by the same schema checker as
rubrics and sessions (core.toml_check). Keys are read as Textual names them (`textual_key`): modifiers and key names
in any case (SHIFT+tab is shift+tab), `shift+<letter>` as the capital letter. Problems (unknown ids with a "did you
mean", malformed key names, two ids on one key, keys terminals and tmux swallow) are all reported at once (the first
few listed, then how many more), naming the file and each key as the file writes it, and the app does not start on
a keymap with errors.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fazhi.core.errors import FazhiError
from fazhi.core.toml_check import Problems, Str, Table, check, did_you_mean, read_toml

KEYMAP_DIR = Path(str(resources.files("fazhi.keymaps")))


@dataclass(frozen=True)
class Action:
    id: str
    action: str  # Textual action string
    keys: str  # default keys
    show: bool = False  # in the key bar at the bottom
    group: str = "move"  # where the help lists it: move | score | annotate | align | find | other


ACTIONS: tuple[Action, ...] = (
    Action("pair.next", "next_pair", "down,j", show=True),
    Action("pair.prev", "prev_pair", "up,k"),
    Action("pair.first", "first_pair", "home"),
    Action("pair.last", "last_pair", "end"),
    Action("change.next", "next_change", "n", show=True),
    Action("change.prev", "prev_change", "N"),
    Action("unmatched.next", "next_unmatched", "u"),
    Action("unmatched.prev", "prev_unmatched", "U"),
    Action("pane.switch", "switch_side", "tab", show=True),
    Action("side.a", "set_side('a')", "left"),
    Action("side.b", "set_side('b')", "right"),
    Action("scroll.down", "page(1)", "pagedown,space"),
    Action("scroll.up", "page(-1)", "pageup"),
    Action("area.next", "next_area", "right_square_bracket", group="score"),
    Action("area.prev", "prev_area", "left_square_bracket", group="score"),
    Action("area.evidence", "area_evidence", "e", show=True, group="score"),
    *(Action(f"score.{n}", f"score({n})", str(n), group="score") for n in range(10)),
    Action("score.type", "score_typed", "equals_sign", group="score"),
    Action("score.clear", "clear_score", "x", group="score"),
    Action("score.note", "score_note", "o", group="score"),
    Action("annotate", "annotate", "a", show=True, group="annotate"),
    Action("annotations", "annotations", "m", group="annotate"),
    Action("annotations.all", "all_annotations", "M", group="annotate"),
    # shift+] and shift+[ beside the areas' ] and [: bound on no screen and in no bundled keymap (vim's {/} are free)
    Action("annotation.next", "next_annotation", "right_curly_bracket", group="annotate"),
    Action("annotation.prev", "prev_annotation", "left_curly_bracket", group="annotate"),
    Action("visual", "visual", "v", group="annotate"),
    Action("select.phrase_next", "select_phrase(1)", "shift+right", group="annotate"),
    Action("select.phrase_prev", "select_phrase(-1)", "shift+left", group="annotate"),
    Action("find", "find", "slash", show=True, group="find"),
    Action("jump.back", "jump_back", "ctrl+o", group="find"),
    Action("pin.toggle", "pin", "p", group="align"),
    Action("pin.forbid", "split", "P", group="align"),
    Action("pair.why", "why", "w", group="align"),
    Action("undo", "undo", "ctrl+z", group="other"),
    Action("redo", "redo", "ctrl+y", group="other"),
    Action("cancel", "cancel", "escape", group="other"),
    Action("help", "help", "question_mark,f1", show=True, group="other"),
    Action("quit", "quit", "q,ctrl+q", show=True, group="other"),
)
#: The round screen's own keys (tui/screens/round.py). It moves its table with the workbench's pair keys and shares
#: find, cancel, help and quit (ROUND_SHARED): a key must be one binding's there too (`validate_keys`).
ROUND_ACTIONS: tuple[Action, ...] = (
    Action("round.next", "next_unfinished", "n", group="round"),
    Action("round.sort", "sort", "s", group="round"),
    Action("round.problems", "problems", "p", group="round"),
    Action("round.aggregate", "aggregate", "g", group="round"),
    Action("round.refresh", "refresh", "r", group="round"),
)
#: The workbench's ids the round binds too, each to its own action (`screen_bindings`).
ROUND_SHARED = (("find", "filter"), ("cancel", "clear_filter"), ("help", "help"), ("quit", "quit"))
#: The aggregate view's own key (tui/screens/aggregate.py), and the workbench's ids it binds too.
AGGREGATE_ACTIONS: tuple[Action, ...] = (Action("aggregate.up", "up", "escape,backspace", group="aggregate"),)
AGGREGATE_SHARED = (("help", "help"), ("quit", "quit"))
#: The pair keys a table of rows moves with (tui/widgets/row_table.py: the round's and the aggregate view's).
TABLE_MOVES = ("pair.next", "pair.prev", "pair.first", "pair.last")
#: Each screen's binding ids: within one, no key may be bound twice (across them it may: n is the next change in the
#: workbench and the next unfinished review in the round).
def _table_screen(own: tuple[Action, ...], shared: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return (*(a.id for a in own), *TABLE_MOVES, *(binding_id for binding_id, _ in shared))


SCOPES = {"workbench": tuple(a.id for a in ACTIONS), "round": _table_screen(ROUND_ACTIONS, ROUND_SHARED),
          "aggregate": _table_screen(AGGREGATE_ACTIONS, AGGREGATE_SHARED)}
#: How a clash is placed (the workbench's needs no words).
SCREEN_NAMES = {"workbench": "", "round": " on the round screen", "aggregate": " on the aggregate view"}
IDS = [a.id for a in (*ACTIONS, *ROUND_ACTIONS, *AGGREGATE_ACTIONS)]
WORKBENCH_IDS = {a.id for a in ACTIONS}
BY_ID = {a.id: a for a in (*ACTIONS, *ROUND_ACTIONS, *AGGREGATE_ACTIONS)}


def screen_bindings(own: tuple[Action, ...], shared: tuple[tuple[str, str], ...]) -> list:
    """A screen's bindings: its own actions, and the workbench's ids it shares, each run as the screen's own action
    (`shared`: (id, action)), all with their default keys (the reviewer's keymap moves them by id: App.set_keymap)."""
    from textual.binding import Binding

    return [*(Binding(a.keys, a.action, id=a.id) for a in own),
            *(Binding(BY_ID[binding_id].keys, action, id=binding_id) for binding_id, action in shared)]


#: Keys a screen takes before its bindings see them: a binding to one would be listed and never fire (fuzz2). The
#: palette takes ctrl+p on every screen; the round's and the aggregate view's tables take Enter from those screens' own
#: ids (a pair.* id they share keeps Enter on the workbench; there the table's arrows move it all the same).
PALETTE_KEY = "ctrl+p"  # Textual's: App.COMMAND_PALETTE_BINDING
TAKEN = {PALETTE_KEY: "the command palette"}
TAKEN_FROM_OWN = {"round": {"enter": "the table's Enter (it opens the row)"},
                  "aggregate": {"enter": "the table's Enter (it opens the row)"}}
#: Named keys a terminal sends as the character shift types with them (shift+question_mark is "?"), as it does digits.
_SIGNS = {"question_mark", "left_square_bracket", "right_square_bracket", "comma", "full_stop", "slash", "minus", "plus",
          "equals_sign", "semicolon", "colon", "apostrophe", "number_sign", "exclamation_mark", "asterisk", "underscore",
          "backslash", "grave_accent", "tilde", "left_curly_bracket", "right_curly_bracket", "less_than_sign",
          "greater_than_sign", "vertical_line"}
SWALLOWED = {"ctrl+s": "XON/XOFF flow control", "ctrl+b": "the tmux prefix", "ctrl+j": "newline in many terminals",
             "ctrl+a": "the screen prefix", "ctrl+c": "interrupt", "ctrl+m": "Enter in every terminal",
             "ctrl+i": "Tab in every terminal", "ctrl+h": "Backspace in many terminals"}
_NAMED = {"up", "down", "left", "right", "home", "end", "pageup", "pagedown", "tab", "escape", "enter", "space",
          "backspace", "delete", "insert", "question_mark", "left_square_bracket", "right_square_bracket",
          "comma", "full_stop", "slash", "minus", "plus", "equals_sign", "semicolon", "colon", "apostrophe",
          "number_sign", "exclamation_mark", "asterisk", "underscore", "backslash", "grave_accent", "tilde",
          "left_curly_bracket", "right_curly_bracket", "less_than_sign", "greater_than_sign", "vertical_line"}
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*(?:[a-zA-Z0-9]|f(?:[1-9]|1[0-9]|2[0-4])|"
                  + "|".join(sorted(_NAMED)) + r")$")
SCHEMA = Table({"keys": Table(values=Str(nonempty=True, multiline=False))})
PROBLEMS_SHOWN = 5  # then "… and N more": a generated keymap of 50,000 unknown ids printed 50,000 lines


def key_display(key: str) -> str:
    """A key as the app writes it everywhere it shows one (the help, the key bar, messages, dialogs): Textual's names
    (↓, esc, ⏎, pgdn, shift+→), but a ctrl key as the keymap file and the palette's ctrl+p write it, ctrl+o (Textual
    writes ^o: the help listed ^o beside ctrl+p, walk7). `key`: one key as Textual names it."""
    from textual.keys import format_key

    *modifiers, last = key.split("+")
    return "+".join([*modifiers, format_key(last)])


def keymap_path(name: str | None) -> Path:
    if not name or name == "default":
        return KEYMAP_DIR / "default.toml"
    # (os.path.exists: a name too long for a file is no keymap, where Path.exists raised and named ours: walkthrough)
    if re.fullmatch(r"[\w-]+", name) and os.path.exists(KEYMAP_DIR / f"{name}.toml"):
        return KEYMAP_DIR / f"{name}.toml"
    return Path(name)


def load_keymap(name: str | None) -> dict[str, str]:
    """binding id → keys for the named or given keymap file, validated; FazhiError (exit 2) otherwise."""
    path = keymap_path(name)
    if not os.path.exists(path):
        known = ", ".join(sorted(p.stem for p in KEYMAP_DIR.glob("*.toml")))
        raise FazhiError(str(path), f"no such keymap (bundled: {known})", exit_status=2)
    problems = Problems(str(path))
    written = check(read_toml(path, "keymap", exit_status=2), SCHEMA, problems).get("keys", {})
    validate_keys(written, problems)
    problems.raise_if_any("keymap", exit_status=2, multiline=True, shown=PROBLEMS_SHOWN)
    return {binding_id: ",".join(textual_key(k) for k in _keys_of(value)) for binding_id, value in written.items()}


def textual_key(key: str) -> str:
    """The key as Textual names it when pressed: modifiers and key names in lower case (SHIFT+tab, Ctrl+N: ctrl+n),
    the modifiers in alphabetical order (ctrl+alt+x: alt+ctrl+x);
    shift+j is "J" (a terminal sends the capital letter, and Textual names it so: a binding to "shift+j" never
    fired). A single character alone keeps its case: j and J are two keys."""
    modifiers, plus, last = key.rpartition("+")
    # in Textual's order, alphabetical (ctrl+alt+x arrives as alt+ctrl+x: bound so, it never fired: fuzz5 F5)
    modifiers = "+".join(sorted(modifiers.lower().split("+"))) if modifiers else ""
    if modifiers == "shift" and len(last) == 1 and last.isascii() and last.isalpha():
        return last.upper()
    # with ctrl or alt a letter has no case (a terminal sends ctrl+n for Ctrl+N: a binding "ctrl+N" never fired)
    last = last if len(last) == 1 and not modifiers else last.lower()
    return f"{modifiers}{plus}{last}"


def _keys_of(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def validate_keys(keys: dict[str, str], problems: Problems) -> None:
    """Ids known, key names well formed and not swallowed, and no key bound to two ids on one screen (SCOPES, after
    the overrides). `keys`: binding id → keys as the file writes them; each problem names the key so, and a clash
    names the binding the key already has (in the file, or by default) and the screen, if not the workbench."""
    for binding_id, value in keys.items():
        if binding_id not in BY_ID:
            problems.add(f"keys.{binding_id}", "unknown binding id" + did_you_mean(binding_id, IDS))
            continue
        if not _keys_of(value):  # ",,," names no key: it would unbind the action unsaid, as "" is refused for
            problems.add(f"keys.{binding_id}", f"names no key ({value!r}): write one, e.g. {BY_ID[binding_id].keys!r}")
        for written in _keys_of(value):
            k = textual_key(written)
            *modifiers, last = k.split("+")
            if not _KEY.match(k) or len(set(modifiers)) != len(modifiers):
                problems.add(f"keys.{binding_id}", f"malformed key name {written!r} (write e.g. ctrl+n, f5, question_mark)")
            elif k.lower() in SWALLOWED:
                problems.add(f"keys.{binding_id}", f"{written} is swallowed by {SWALLOWED[k.lower()]}: choose another key")
            elif "shift" in modifiers and (last.isdigit() or last in _SIGNS):  # (shift+enter, shift+up arrive as such)
                problems.add(f"keys.{binding_id}", f"{written} never arrives: a terminal sends the character shift types "
                                                   f"(write that one, e.g. exclamation_mark for shift+1)")
    for binding_id, value in keys.items():
        for written in _keys_of(value) if binding_id in BY_ID else ():
            where = [("", TAKEN)] + [(SCREEN_NAMES[screen], taken) for screen, taken in TAKEN_FROM_OWN.items()
                                     if binding_id in SCOPES[screen] and binding_id not in WORKBENCH_IDS]
            for screen_name, taken in where:
                if (what := taken.get(textual_key(written))) is not None:
                    problems.add(f"keys.{binding_id}", f"{written} is taken by {what}{screen_name}: choose another key")
    for screen, scope in SCOPES.items():
        owner: dict[str, tuple[str, str]] = {}  # Textual's key → (binding id, where it is bound)
        for binding_id in scope:  # the defaults the file leaves alone
            if binding_id not in keys:
                for k in _keys_of(BY_ID[binding_id].keys):
                    owner.setdefault(k, (binding_id, "by default"))
        for binding_id, value in keys.items():
            if binding_id not in scope:
                continue
            for written in _keys_of(value):
                k = textual_key(written)
                if owner.get(k, (binding_id,))[0] != binding_id:
                    other, where = owner[k]
                    problems.add(f"keys.{binding_id}", f"key {written!r} is also bound to {other!r}{SCREEN_NAMES[screen]} "
                                                       f"({where}" + (f": {BY_ID[other].keys})" if where == "by default" else ")"))
                owner.setdefault(k, (binding_id, "in this file"))


def default_keymap_toml() -> str:
    """The shipped default.toml, generated from ACTIONS and ROUND_ACTIONS so the file and the code never drift apart."""
    from fazhi.tui.i18n import BINDING_LABELS

    lines = ["# fazhi keymap: binding id = \"key[,key…]\". Copy this file, change keys, and run",
             "# `fazhi review A B --keymap my.toml` (or --keymap vim). Key names as Textual writes them:",
             "# ctrl+n, shift+tab, f5, question_mark, left_square_bracket …; shift+n is N.", "", "[keys]"]
    for a in (*ACTIONS, *ROUND_ACTIONS, *AGGREGATE_ACTIONS):
        if a is ROUND_ACTIONS[0]:
            lines.append("# the round screen (fazhi round): its own keys; its table moves with pair.*, and find, cancel, "
                         "help, quit are the same there")
        if a is AGGREGATE_ACTIONS[0]:
            lines.append("# the aggregate view: up a level; its table moves with pair.*, help and quit are the same")
        label = BINDING_LABELS.get(a.id, {})
        lines.append(f'"{a.id}" = "{a.keys}"  # {label.get("en", "")} / {label.get("zh", "")}')
    return "\n".join(lines) + "\n"
