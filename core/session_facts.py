"""What a round's statuses read of a folder of session files, cached so that reopening a round parses only the
files saved since.

`read_facts(folder, reviewer)` gives, for each of `reviewer`'s session files under `folder` (recursively, in path
order), the facts a status needs: the reports of each side, the areas scored on each (and when, and those cleared),
when it was saved, the reviewer's alignment edits, how many passages it annotates; and one line per file of theirs
that could not be read. It returns what parsing every file with `load_session` would give: a file's facts are kept
(core.cache, one entry per folder and code version) with its stamp (`cache.file_stamp`: size, modification and change
times, inode), and a file whose stamp differs is parsed again. Files that are not the reviewer's are never parsed
(`_may_be_by`), and a file that could not be read is tried again on every call, so its problem is always said as it
stands.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from fazhi.core import cache
from fazhi.core.digest import sha256
from fazhi.core.errors import FazhiError
from fazhi.core.files import visible_files
from fazhi.core.record import asdict, field, record
from fazhi.core.session import SIDES, ReportRef, Session, file_time, load_session
from fazhi.core.toml_check import read_bytes
from fazhi.core.store import recency
from fazhi.core.versions import code_version


@record(frozen=True)
class SessionFacts:
    reviewer: str
    reports: dict[str, ReportRef]  # by side
    scored: dict[str, dict[str, int]]  # side → area id → level (a status counts those on the rubric's scale)
    saved: dt.datetime  # store.recency
    edits: tuple[tuple[str, str, str], ...]  # Session.alignment_edits
    rubric_id: str | None = None  # Session.rubric_id: another rubric's levels are no progress here (rubric.same_rubric)
    annotations: int = 0  # how many passages it annotates (work on a pair before any score: walk21 F6)
    #: side → area → (its own time or None, level or None for a clear, note): a reviewer's every word on the areas,
    #: with `updated` and `file_written` (POSIX seconds) ordered as pooling orders them (`session.word_order`)
    words: dict[str, dict[str, tuple[float | None, int | None, str | None]]] = field(default_factory=dict)
    updated: float | None = None
    file_written: float = 0.0

    @classmethod
    def of(cls, session: Session) -> SessionFacts:
        scored = {side: {area: s.level for area, s in session.scores.get(side, {}).items()} for side in SIDES}
        words = {side: {**{area: (cleared_at.timestamp(), None, None)
                           for area, cleared_at in session.cleared.get(side, {}).items()},
                        **{area: (s.updated.timestamp() if s.updated else None, s.level, s.note)
                           for area, s in session.scores.get(side, {}).items()}} for side in SIDES}
        return cls(session.reviewer, dict(session.reports), scored, recency(session), session.alignment_edits,
                   session.rubric_id, len(session.annotations), words,
                   session.updated.timestamp() if session.updated else None, file_time(session.path))

    def to_json(self) -> dict:
        return {"reviewer": self.reviewer, "reports": {side: asdict(ref) for side, ref in self.reports.items()},
                "scored": self.scored, "saved": self.saved.isoformat(), "edits": self.edits, "rubric_id": self.rubric_id,
                "annotations": self.annotations, "words": self.words, "updated": self.updated,
                "file_written": self.file_written}

    @classmethod
    def from_json(cls, d: dict) -> SessionFacts:
        return cls(d["reviewer"], {side: ReportRef(**ref) for side, ref in d["reports"].items()},
                   {side: dict(levels) for side, levels in d["scored"].items()}, dt.datetime.fromisoformat(d["saved"]),
                   tuple(tuple(edit) for edit in d["edits"]), d.get("rubric_id"), d.get("annotations", 0),
                   {side: {area: tuple(word) for area, word in areas.items()} for side, areas in d["words"].items()},
                   d["updated"], d["file_written"])


def read_facts(folder: str | Path, reviewer: str,
               cached_only: bool = False) -> tuple[list[tuple[Path, SessionFacts]], list[tuple[Path, str]]] | None:
    """(path, facts) of `reviewer`'s session files under `folder`, and (path, problem) of those that could not be read.
    `cached_only`: None instead where a file of theirs would have to be parsed (a screen's first paint waits for
    the cache, never for parsing)."""
    folder = Path(folder)
    if not os.path.lexists(folder):
        return [], []
    version = code_version("session", "session_facts", "store", "toml_check")
    # (realpath, not resolve: a loop of links raises nothing here, and is said below as a folder that cannot be read)
    key = sha256(f"{os.path.realpath(folder)}\0{version}".encode()).hexdigest()[:40]
    raw = cache.load("session-facts", key)
    known: dict[str, list] = json.loads(raw) if raw else {}  # relative path → [cache.file_stamp, facts]
    found, problems, seen = [], [], set()
    changed = False
    def unreadable(e: OSError) -> None:  # (a folder that cannot be listed is none the less not empty: fuzz54 F4)
        problems.append((Path(e.filename or folder), f"{e.filename or folder}: cannot read this folder "
                                                     f"({e.strerror or e}): its sessions are not counted"))

    for path in visible_files(folder, (".toml",), unreadable):  # as aggregate finds them (.trash, .git passed over)
        rel = path.relative_to(folder).as_posix()
        seen.add(rel)
        try:
            stamp = cache.file_stamp(path.stat())
        except OSError:
            stamp = None
        entry = known.get(rel)
        if stamp is not None and entry and entry[0] == stamp:
            facts = SessionFacts.from_json(entry[1])
        else:
            if not _may_be_by(path, reviewer):
                continue
            if cached_only:
                return None
            try:
                facts = SessionFacts.of(load_session(path))
            except FazhiError as e:
                problems.append((path, str(e)))
                continue
            if stamp is not None:
                known[rel] = [stamp, facts.to_json()]
                changed = True
        if facts.reviewer.strip() == reviewer.strip():
            found.append((path, facts))
    if changed or known.keys() - seen:  # files gone since are forgotten
        known = {rel: entry for rel, entry in known.items() if rel in seen}
        cache.store("session-facts", key, json.dumps(known, ensure_ascii=False).encode())
    return found, problems


def _may_be_by(path: Path, reviewer: str) -> bool:
    """Whether a session file can be `reviewer`'s, without parsing it (a round's folder holds every reviewer's
    sessions; reading bytes costs a fraction of parsing TOML). With no backslash in the file every string is written
    as it is, so the name must be there; a file with escapes, one that cannot be read, and one that names no
    reviewer at all (empty, cut short, not a session: nobody else's either) are parsed, so their problem is listed."""
    try:  # through the session reader's guard (read here, a pipe never ended: `fazhi round` hung, walk15 F4)
        raw = read_bytes(path, "session file")
    except FazhiError:
        return True
    return reviewer.strip().encode("utf-8") in raw or b"\\" in raw or b"reviewer" not in raw
