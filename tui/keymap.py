"""Keymaps: the table of binding ids (one source of truth), loading user files, validating before applying.

A keymap file is TOML with a [keys] table of `binding.id = "key[,key…]"`. Problems (unknown ids with a
"did you mean", malformed key names, two ids on one key, keys terminals and tmux swallow) are all
reported at once, naming the file, and the app does not start on a keymap with errors.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from importlib import resources
from dataclasses import dataclass
from pathlib import Path

from fazhi.core.errors import FazhiError, toml_error

KEYMAP_DIR = Path(str(resources.files("fazhi.keymaps")))


@dataclass(frozen=True)
class Action:
    id: str
    action: str  # Textual action string
    keys: str  # default keys
    show: bool = True


ACTIONS: tuple[Action, ...] = (
    Action("pair.next", "next_pair", "down,j"),
    Action("pair.prev", "prev_pair", "up,k"),
    Action("change.next", "next_change", "n"),
    Action("change.prev", "prev_change", "N", show=False),
    Action("unmatched.next", "next_unmatched", "u"),
    Action("unmatched.prev", "prev_unmatched", "U", show=False),
    Action("pane.switch", "switch_side", "tab,left,right"),
    Action("scroll.down", "page(1)", "pagedown,space", show=False),
    Action("scroll.up", "page(-1)", "pageup", show=False),
    Action("area.next", "next_area", "right_square_bracket", show=False),
    Action("area.prev", "prev_area", "left_square_bracket", show=False),
    Action("area.evidence", "area_evidence", "e"),
    Action("annotate", "annotate", "a"),
    Action("annotations", "annotations", "m"),
    Action("score.0", "score(0)", "0", show=False),
    Action("score.1", "score(1)", "1", show=False),
    Action("score.2", "score(2)", "2", show=False),
    Action("score.3", "score(3)", "3", show=False),
    Action("score.4", "score(4)", "4", show=False),
    Action("score.clear", "score(-1)", "x", show=False),
    Action("score.note", "score_note", "o", show=False),
    Action("side.toggle", "switch_side", "s"),  # the side in focus is the report being scored
    Action("pin.toggle", "pin", "p"),
    Action("pin.forbid", "forbid", "P", show=False),
    Action("help", "help", "question_mark,f1"),
    Action("quit", "quit", "q,ctrl+q"),
)
IDS = [a.id for a in ACTIONS]
SWALLOWED = {"ctrl+s": "XON/XOFF flow control", "ctrl+b": "the tmux prefix", "ctrl+j": "newline in many terminals",
             "ctrl+a": "the screen prefix", "ctrl+z": "job control", "ctrl+c": "interrupt"}
_NAMED = {"up", "down", "left", "right", "home", "end", "pageup", "pagedown", "tab", "escape", "enter", "space",
          "backspace", "delete", "insert", "question_mark", "left_square_bracket", "right_square_bracket",
          "comma", "full_stop", "slash", "minus", "plus", "equals_sign", "semicolon", "colon", "apostrophe",
          "number_sign", "exclamation_mark", "asterisk", "underscore", "backslash", "grave_accent", "tilde",
          "left_curly_bracket", "right_curly_bracket", "less_than_sign", "greater_than_sign", "vertical_line"}
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*(?:[a-zA-Z0-9]|f(?:[1-9]|1[0-9]|2[0-4])|" + "|".join(sorted(_NAMED)) + r")$")


def keymap_path(name: str | None) -> Path | None:
    if not name or name == "default":
        return KEYMAP_DIR / "default.toml"
    if (KEYMAP_DIR / f"{name}.toml").exists():
        return KEYMAP_DIR / f"{name}.toml"
    return Path(name)


def load_keymap(name: str | None) -> dict[str, str]:
    """binding id → keys for the named or given keymap file, validated; FazhiError (exit 2) otherwise."""
    path = keymap_path(name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in KEYMAP_DIR.glob("*.toml")))
        raise FazhiError(str(path), f"no such keymap (bundled: {known})", exit_status=2) from None
    except tomllib.TOMLDecodeError as e:
        raise toml_error(str(path), e, exit_status=2) from None
    problems = validate_keymap(data, str(path))
    if problems:
        raise FazhiError(str(path), f"invalid keymap, {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n  "
                         + "\n  ".join(problems), exit_status=2)
    return dict(data.get("keys", {}))


def validate_keymap(data: dict, path: str) -> list[str]:
    problems = []
    for key in data:
        if key != "keys":
            problems.append(f"[{key}] unknown table (a keymap has only [keys])")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return problems + ["[keys] must be a table of binding.id = \"key,key\""]
    effective = {a.id: a.keys for a in ACTIONS}
    for binding_id, value in keys.items():
        if binding_id not in IDS:
            close = difflib.get_close_matches(binding_id, IDS, n=1)
            problems.append(f"[keys.{binding_id}] unknown binding id" + (f" (did you mean {close[0]!r}?)" if close else ""))
            continue
        if not isinstance(value, str):
            problems.append(f"[keys.{binding_id}] must be a string such as \"j,down\"")
            continue
        for k in (x.strip() for x in value.split(",")):
            if not _KEY.match(k):
                problems.append(f"[keys.{binding_id}] malformed key name {k!r} (write e.g. ctrl+n, f5, question_mark)")
            elif k.lower() in SWALLOWED:
                problems.append(f"[keys.{binding_id}] {k} is swallowed by {SWALLOWED[k.lower()]}: choose another key")
        effective[binding_id] = value
    owner: dict[str, str] = {}
    for binding_id, value in effective.items():
        for k in (x.strip() for x in value.split(",") if x.strip()):
            if k in owner and owner[k] != binding_id:
                problems.append(f"[keys.{binding_id}] key {k!r} is also bound to {owner[k]!r}")
            owner.setdefault(k, binding_id)
    return problems


def default_keymap_toml() -> str:
    """The shipped default.toml, generated from ACTIONS so the file and the code never drift apart."""
    from fazhi.tui.i18n import BINDING_LABELS

    lines = ["# fazhi keymap: binding id = \"key[,key…]\". Copy this file, change keys, and run",
             "# `fazhi review A B --keymap my.toml` (or --keymap vim). Key names as Textual writes them:",
             "# ctrl+n, shift+tab, f5, question_mark, left_square_bracket …", "", "[keys]"]
    for a in ACTIONS:
        label = BINDING_LABELS.get(a.id, {})
        lines.append(f'"{a.id}" = "{a.keys}"  # {label.get("en", "")} / {label.get("zh", "")}')
    return "\n".join(lines) + "\n"
