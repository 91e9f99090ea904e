"""What a reviewer typed in a dialog and has not saved yet (a score's note, an annotation), kept beside their sessions
until the dialog is answered, so that a dropped SSH link, a closed terminal or a closed browser tab loses none of it:
the next opening of the pair offers it back in the same dialog.

Contract: one draft per reviewer, pair and window (a process: a terminal's workbench, a browser tab's app),
`draft_path(sessions_dir, reviewer, sha256 A, sha256 B)` for this one, in the sessions folder's hidden `.drafts/` (never
pooled, never counted as a round's progress: hidden folders are passed over), written atomically (core.files). Two
windows on one pair keep their typing apart (serve54 #3: the second's draft replaced the first's, and answering a dialog
in one removed the other's). `take` gives the draft a window opening the pair offers: its own, else one a window that is
gone left (any but a running process of this computer), taken over (renamed to its own: one window takes it, however
many open at once: serve54 #4, a browser restoring two tabs offered it in both). `keep` never raises (a draft that
cannot be written costs only the draft); `load` gives None for a file that is not a draft this code wrote, and such a
file is left as it is (`keep` does not replace it, `drop` does not remove it, `take` does not take it). A draft says
what it is for (`kind`: one of KINDS), where (`side`; `target`: the area's, the section's or the annotation's id;
`start`, `end`: the passage annotated), the fields as typed and when it was kept.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import socket
import tomllib
from collections.abc import Iterable
from pathlib import Path

import tomli_w

from fazhi.core.digest import sha256
from fazhi.core.errors import FazhiError
from fazhi.core.files import atomic_write, process_alive, process_started, sweep_interrupted
from fazhi.core.record import field, record
from fazhi.core.session import reviewer_prefix

FOLDER = ".drafts"
KINDS = ("score_note", "annotate", "annotation_edit")
#: This window: its computer (a short hash of its name: a sessions folder may be shared), its process and when that
#: started (a draft left by a process whose number a running one has since taken was never offered: read55 #6).
_HOST = sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
WINDOW = "-".join(filter(None, (_HOST, str(os.getpid()), process_started(os.getpid()))))


@record(frozen=True)
class Draft:
    kind: str  # one of KINDS
    side: str  # "a" | "b"
    target: str  # the area's id (score_note), the section's (annotate) or the annotation's (annotation_edit)
    fields: dict[str, str]
    start: int = 0  # the passage annotated (annotate)
    end: int = 0
    #: the sha256 of the text `start` and `end` count in ("": not said, as a draft of an earlier version): a draft
    #: carried to a revised report is not placed by offsets into another text (read53 #3)
    text: str = ""
    kept: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


def draft_path(sessions_dir: str | Path, reviewer: str, sha_a: str, sha_b: str, window: str | None = None) -> Path:
    """The draft file of `reviewer`'s pair in `window` (this one by default)."""
    return Path(sessions_dir) / FOLDER / f"{_pair_stem(reviewer, sha_a, sha_b)}__{window or WINDOW}.toml"


def _pair_stem(reviewer: str, sha_a: str, sha_b: str) -> str:
    return f"{reviewer_prefix(reviewer)}__{sha256(f'{sha_a}:{sha_b}'.encode()).hexdigest()[:16]}"


_WINDOW_NAME = re.compile(r"[0-9a-f]{8}-[0-9]+(?:-[0-9]+)?")


def _drafts_here(sessions_dir: str | Path) -> dict[str, list[tuple[Path, str]]]:
    """The draft files in the folder by their pair's stem, each as (file, window); a draft kept before drafts were
    kept per window (no window in its name) is of a window gone ("")."""
    try:
        names = os.listdir(Path(sessions_dir) / FOLDER)
    except OSError:  # no draft ever kept here (or the folder unreadable: then none can be offered either)
        return {}
    found: dict[str, list[tuple[Path, str]]] = {}
    for name in names:
        if not name.endswith(".toml"):
            continue
        stem, _, window = name[:-len(".toml")].rpartition("__")
        if not _WINDOW_NAME.fullmatch(window):
            stem, window = name[:-len(".toml")], ""
        found.setdefault(stem, []).append((Path(sessions_dir) / FOLDER / name, window))
    return found


def _pair_drafts(sessions_dir: str | Path, reviewer: str, pair: tuple[str, str]) -> list[tuple[Path, str]]:
    """(file, window) of every draft file of `reviewer`'s pair in the folder."""
    return _drafts_here(sessions_dir).get(_pair_stem(reviewer, *pair), [])


def _gone(window: str) -> bool:
    """Whether a window is to be taken for closed: all but a running process of this computer. One of another computer
    sharing the folder, or of this one under another name (a laptop named by its network, a container by its start),
    may be open, but could never be told so: its draft, never offered, was lost (verify54)."""
    host, pid, started = (window.split("-") + ["", ""])[:3]
    return not (host == _HOST and pid.isdigit() and process_alive(int(pid))
                and started in ("", process_started(int(pid))))


def take(sessions_dir: str | Path, reviewer: str, pair: tuple[str, str]) -> Draft | None:
    """The draft this window offers on opening the pair (sha256 A, sha256 B): its own, else the latest that a window
    gone left, which becomes its own (renamed: of windows opening the pair at once, one takes it)."""
    own = draft_path(sessions_dir, reviewer, *pair)
    if (draft := load(own)) is not None:
        return draft
    try:  # (what a window killed while keeping its draft left: no later save of its name comes to sweep it)
        sweep_interrupted(own, any_file=True)
    except OSError:
        pass
    left = [(draft, path) for path, window in _pair_drafts(sessions_dir, reviewer, pair)
            if window != WINDOW and _gone(window) and (draft := load(path)) is not None]
    for draft, path in sorted(left, key=lambda found: found[0].kept, reverse=True):
        try:
            os.replace(path, own)  # (gone by now: another window took it)
        except OSError:
            continue
        return draft
    return None


def carry(sessions_dir: str | Path, reviewer: str, before: tuple[str, str], after: tuple[str, str]) -> None:
    """`reviewer`'s drafts of the pair `before` (sha256 A, sha256 B) kept as the pair `after`'s, each its window's: a
    report of it was revised, and its session goes on under the new text's (a draft there already, or a file that is
    no draft, stays). A window still open keeps its draft where it is: moved, its answer removed none, and the draft
    was offered again once it closed (read55 #7)."""
    if before == after:
        return
    for old, window in _pair_drafts(sessions_dir, reviewer, before):
        if window != WINDOW and not _gone(window):
            continue
        new = draft_path(sessions_dir, reviewer, *after, window=window)
        if load(old) is not None and not new.exists():
            try:
                os.replace(old, new)
            except OSError:  # (a folder that takes no change: the draft stays where it was, said nowhere, as before)
                pass


def kept_for(sessions_dir: str | Path, reviewer: str, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `pairs` (sha256 A, sha256 B) hold a draft of `reviewer`'s that opening them here offers (this window's,
    or one a window gone left; not a window's still typing: monkey54 #6): a review with typing left unanswered, which a
    round marks before the reviewer opens it (the folder is listed once; a file no draft is not one)."""
    here = _drafts_here(sessions_dir)
    return {pair for pair in pairs
            if any((window == WINDOW or _gone(window)) and load(path) is not None
                   for path, window in here.get(_pair_stem(reviewer, *pair), ()))}


def keep(path: Path, draft: Draft) -> None:
    """Write `draft` at `path` (atomically), unless a file that is no draft is there."""
    try:
        if path.exists() and load(path) is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"kind": draft.kind, "side": draft.side, "target": draft.target, "start": draft.start,
                "end": draft.end, "text": draft.text, "kept": draft.kept, "fields": dict(draft.fields)}
        atomic_write(path, tomli_w.dumps(data).encode("utf-8"))
    except (OSError, ValueError, FazhiError):  # (a full disk, a read-only folder: only the draft is lost; atomic_write
        pass  # says what the system refused as a FazhiError, which ended the app in the dialog's timer: monkey33 F1)


def load(path: Path) -> Draft | None:
    """The draft at `path`, or None (none there, or a file this code did not write)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        fields = data["fields"]
        draft = Draft(data["kind"], data["side"], data["target"], {str(k): str(v) for k, v in fields.items()},
                      int(data["start"]), int(data["end"]), kept=data["kept"], text=str(data.get("text", "")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None
    ok = draft.kind in KINDS and draft.side in ("a", "b") and isinstance(draft.target, str) and \
        isinstance(draft.kept, dt.datetime) and 0 <= draft.start <= draft.end
    return draft if ok else None


def drop(path: Path) -> None:
    """Remove the draft at `path` (the dialog was answered); a file that is no draft is left."""
    if load(path) is not None:
        try:
            os.remove(path)
        except OSError:
            pass
