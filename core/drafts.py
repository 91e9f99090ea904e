"""What a reviewer typed in a dialog and has not saved yet (a score's note, an annotation), kept beside their sessions
until the dialog is answered, so that a dropped SSH link, a closed terminal or a closed browser tab loses none of it:
the next opening of the pair offers it back in the same dialog.

Contract: one draft per reviewer and pair, `draft_path(sessions_dir, reviewer, sha256 A, sha256 B)`, in the sessions
folder's hidden `.drafts/` (never pooled, never counted as a round's progress: hidden folders are passed over), written
atomically (core.files). `keep` never raises (a draft that cannot be written costs only the draft); `load` gives None
for a file that is not a draft this code wrote, and such a file is left as it is (`keep` does not replace it, `drop`
does not remove it). A draft says what it is for (`kind`: one of KINDS),
where (`side`; `target`: the area's, the section's or the annotation's id; `start`, `end`: the passage annotated), the
fields as typed and when it was kept.
"""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

import tomli_w

from fazhi.core.errors import FazhiError
from fazhi.core.files import atomic_write
from fazhi.core.session import reviewer_prefix

FOLDER = ".drafts"
KINDS = ("score_note", "annotate", "annotation_edit")


@dataclass(frozen=True)
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


def draft_path(sessions_dir: str | Path, reviewer: str, sha_a: str, sha_b: str) -> Path:
    pair = sha256(f"{sha_a}:{sha_b}".encode()).hexdigest()[:16]
    return Path(sessions_dir) / FOLDER / f"{reviewer_prefix(reviewer)}__{pair}.toml"


def carry(sessions_dir: str | Path, reviewer: str, before: tuple[str, str], after: tuple[str, str]) -> None:
    """`reviewer`'s draft of the pair `before` (sha256 A, sha256 B) kept as the pair `after`'s: a report of it was
    revised, and its session goes on under the new text's (a draft there already, or a file that is no draft, stays)."""
    old, new = draft_path(sessions_dir, reviewer, *before), draft_path(sessions_dir, reviewer, *after)
    if old != new and load(old) is not None and not new.exists():
        try:
            os.replace(old, new)
        except OSError:  # (a folder that takes no change: the draft stays where it was, said nowhere, as before)
            pass


def kept_for(sessions_dir: str | Path, reviewer: str, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `pairs` (sha256 A, sha256 B) hold a draft of `reviewer`'s: a review with typing left unanswered,
    which a round marks before the reviewer opens it (the folder is listed once; a file no draft is not one)."""
    try:
        names = set(os.listdir(Path(sessions_dir) / FOLDER))
    except OSError:  # no draft ever kept here (or the folder unreadable: then none can be offered either)
        return set()
    return {pair for pair in pairs if (path := draft_path(sessions_dir, reviewer, *pair)).name in names
            and load(path) is not None}


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
