"""The sessions folder: finding a reviewer's session for a pair of reports, and saving without ever silently
replacing anyone's work.

- `find_session(folder, reviewer, a, b)`: the reviewer's session for these two texts (same sha256s) or, failing
  that, for the same two files whose text has changed since (the caller then re-anchors) while naming the same
  government and year (`same_report`: another report copied over a file is not a revision); the latest when several
  match. A session file of theirs that cannot be read is an error, never silently passed over (a new session would
  otherwise be started beside it and the reviewer's work would seem lost) — unless its own report tables show it
  cannot be this pair's: then it is passed over and said (`reviewer_work`'s `pass_over`).
- `save_session(session, …)`: atomic with a backup (core.files) when the reviewer's work changed (a save of only
  where they were keeps the backup of their last work: after "replace with theirs" it holds their own session),
  under a lock so two processes never interleave;
  refuses with `SessionConflict` when the file changed since this session read or wrote it (another window saved
  it), and refuses to replace a file that is not a valid session. `save_copy` writes the session to a new file.
- `find_report(ref, session_path, dirs)`: a session's report file, found by its text's sha256 if it moved.
- `ReportIndex.find(ref, session_path)`: which of a round's reports a session's side names: the same text, or, where
  the text changed (a newer fazhi reads some texts differently, or the file was revised), the report now in the file
  it names, found by its path or, the round moved, by its path within the round, naming the same government and
  year (`same_report`, the rule `find_session` carries a pair's session by): a session saved before still counts.
- `latest_session(folder, reviewer)`: the reviewer's session saved last (`fazhi resume` without a file).
- `latest_scores(work, sha256)`: the reviewer's latest score of a report per area across their sessions (one report
  is scored in several reviews: as this year's B, as next year's A, alone), or the time they cleared it where that
  came last, decided as pooling decides (`session.last_word`).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from fazhi.core.errors import FazhiError
from fazhi.core.files import Fingerprint, atomic_write, unused_name
from fazhi.core.record import record
from fazhi.core.round_names import government_key
from fazhi.core.session import (ReportRef, Score, Session, keep_latest, last_word, later_than, latest_true, load_session,
                                now, reviewer_prefix, session_filename, to_toml, words)
from fazhi.core.toml_check import read_bytes

if TYPE_CHECKING:
    from fazhi.core.rubric import Rubric


class SessionConflict(FazhiError):
    """The session file changed on disk since this session was read or written (another process saved it)."""


@record
class Found:
    """A reviewer's session for a pair: `exact` when both texts are the ones it was made on; otherwise the same
    files' texts changed since (`changed` names the sides)."""

    session: Session
    exact: bool
    changed: tuple[str, ...] = ()
    #: the reviewer's other session files of the same two texts (a second window's copy): not opened, said
    others: tuple[Path, ...] = ()


def reviewer_sessions(folder: Path, reviewer: str) -> Iterator[Path]:
    """The files in `folder` named as `reviewer`'s sessions (other reviewers' files are never read). A folder that is
    there but cannot be listed is a FazhiError: taken for an empty one, a new session was begun beside the reviewer's
    own, unseen (fuzz54 F4)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):  # none yet (a file there is refused as the sessions folder)
        return
    except OSError as e:
        raise FazhiError(str(folder), f"cannot read this folder: {e.strerror or e}") from None
    prefix = f"{reviewer_prefix(reviewer)}__"
    yield from sorted(folder / name for name in names if name.startswith(prefix) and name.endswith(".toml"))


def latest_session(folder: str | Path, reviewer: str) -> Path | None:
    """The reviewer's session file in `folder` saved last (by the file's time: no file is parsed), if any."""
    return max((p for p in reviewer_sessions(Path(folder), reviewer) if p.is_file()),  # (not a pipe: walk15 F5)
               key=lambda p: (p.stat().st_mtime_ns, p.name), default=None)


def reviewer_work(folder: str | Path, reviewer: str, rubric: Rubric | None = None,
                  pass_over: tuple[ReportRef, ReportRef, list[FazhiError]] | None = None) -> list[tuple[Path, Session]]:
    """Every session of `reviewer` in `folder`, read. A broken file of theirs is an error the reviewer must see: with
    `rubric`, the levels it refuses named beside the file's own mistakes (the others' levels are not checked here: a
    level off the scale in another pair's session does not stop this one). `pass_over` (reports A and B, and a list):
    a broken file whose own lines name another pair (`_names_another_pair`), or that is no file at all (a pipe, a
    device, a folder), cannot be this pair's session: it is passed over, its error appended to the list (never touched:
    a new session of this pair goes to a file of its own)."""
    work = []
    for path in reviewer_sessions(Path(folder), reviewer):
        try:
            session = load_session(path)
        except FazhiError as e:  # …with why it stops a review of other reports too
            # (a pipe, a device or a folder holds no session at all: walk15 F5)
            if pass_over is not None and (not path.is_file() or _names_another_pair(path, pass_over[0], pass_over[1])):
                pass_over[2].append(e)
                continue
            if rubric is not None:
                try:
                    load_session(path, rubric=rubric)
                except FazhiError as with_levels:
                    e = with_levels
            raise FazhiError(e.path, f"{e.message} — one of your sessions, which could be this pair's: fix or move it "
                                     f"(no new session is started beside one that cannot be read)", e.line, e.key,
                             exit_status=e.exit_status) from None
        if session.reviewer == reviewer:
            work.append((path, session))
    return work


#: A report table of a session file, `[reports.a]` or `[reports.b]`, and its lines up to the next table.
_REPORT_TABLE = re.compile(r'^[ \t]*\[[ \t]*reports[ \t]*\.[ \t]*"?([ab])"?[ \t]*\][^\n]*((?:\n(?![ \t]*\[).*)*)', re.M)


def _names_another_pair(path: Path, a: ReportRef, b: ReportRef) -> bool:
    """Whether a session file that cannot be read says, in its one report table of a side that reads as TOML on its
    own, that this side is neither the text of this pair's report on that side nor that report's file: then
    `find_session` could never take it for this pair (both sides must be the same text or the same file). A file too
    broken to say, one that writes a side twice (a pasted table: which is it?), and one too large to be a session (read
    through the session reader's guard) could be any pair's. (A line
    "[reports.a]" inside a multi-line note is read as a table: such a file is passed over only if that "table" parses
    and names another report.)"""
    try:
        text = read_bytes(path, "session file").decode("utf-8", errors="replace")
    except FazhiError:
        return False
    tables: dict[str, list[dict]] = {"a": [], "b": []}
    for match in _REPORT_TABLE.finditer(text):
        try:
            tables[match.group(1)].append(tomllib.loads(match.group(2)))
        except (ValueError, RecursionError):  # (a TOMLDecodeError, or a number longer than Python reads: fuzz54 F8)
            tables[match.group(1)].append({})  # written, unreadable: the side is not known
    if any(len(found) > 1 for found in tables.values()):
        return False
    for side, ref in (("a", a), ("b", b)):
        for table in tables[side]:
            sha, stored = table.get("sha256"), table.get("path")
            if isinstance(sha, str) and sha.lower() != ref.sha256 \
                    and not (isinstance(stored, str) and _same_file(stored, ref.path, path)):
                return True
    return False


def find_session(folder: str | Path, reviewer: str, a: ReportRef, b: ReportRef,
                 work: list[tuple[Path, Session]] | None = None) -> Found | None:
    """`reviewer`'s session for reports `a` and `b` (see the module docstring); None when there is none. `work`:
    `reviewer_work(folder, reviewer)` when the caller has read it already."""
    exact: list[tuple[Path, Session]] = []
    moved: list[Found] = []
    for path, session in reviewer_work(folder, reviewer) if work is None else work:
        if session.pair_key == (a.sha256, b.sha256):
            exact.append((path, session))
            continue
        changed = tuple(side for side, ref in (("a", a), ("b", b)) if session.reports[side].sha256 != ref.sha256)
        # each side the same text, or a revision at the file the session names (a side unchanged needs no file: the
        # empty A of a report reviewed alone has none, and its revised B opened a new session: walk13 F2)
        if (all(session.reports[side].sha256 == ref.sha256 or _same_file(session.reports[side].path, ref.path, path)
                for side, ref in (("a", a), ("b", b)))
                and all(same_report(session.reports[side], ref) for side, ref in (("a", a), ("b", b)))):
            moved.append(Found(session, False, changed))
    if exact:
        chosen = max(exact, key=lambda found: recency(found[1]))
        # the others latest written first: the notice names the first (walk19 N3: the oldest copy was named, not the
        # one a closing window had just saved its change to, whose session keeps the time of its last save)
        others = sorted((path for path, _ in exact if path != chosen[0]), key=_written, reverse=True)
        return Found(chosen[1], True, others=tuple(others))
    return max(moved, key=lambda f: recency(f.session)) if moved else None


def latest_scores(work: list[tuple[Path, Session]], sha256: str, rubric: Rubric
                  ) -> dict[str, tuple[tuple, Score | dt.datetime, Session]]:
    """Area → (its order, score, session): the reviewer's word on the report with this text that counts, whichever of
    their sessions under `rubric` gave it and on whichever side (a report scored as last year's A in one review and
    alone in another): what pooling counts (`session.word_order`, `session.last_word`; a session scored under another
    rubric is left out, as pooling leaves it out). The word is a Score, or the time it was cleared (`Session.cleared`)
    where clearing it was the latest."""
    from fazhi.core.rubric import same_rubric

    best: dict[str, list] = {}  # area → [latest with its own time, latest without]
    limit = latest_true()
    for _, session in work:
        if not same_rubric(rubric, session.rubric_id):
            continue
        for side, ref in session.reports.items():
            if ref.sha256 != sha256:
                continue
            for area, timed, order, word in words(session, side, limit):
                keep_latest(best, area, timed, (order, word, session))
    return {area: last_word(*slot) for area, slot in best.items()}


def same_report(stored: ReportRef, given: ReportRef) -> bool:
    """Whether `given` may be the report `stored` names, revised: the same text, or one that names the same government
    and year wherever both say one. Another report copied over the file (清溪镇 2024 where 静海镇 2023 was) is not a
    revision: a session carried onto it would file the reviewer's scores under a report they never read."""
    if stored.sha256 == given.sha256:
        return True
    if stored.year and given.year and stored.year != given.year:
        return False
    return not (stored.government and given.government) or government_key(stored.government) == government_key(given.government)


def _written(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def recency(session: Session) -> dt.datetime:
    """When the session was last saved (created, if never): the latest of several counts."""
    return session.updated or session.created


def written_since(path: str | None, saved: dt.datetime) -> bool:
    """Whether the file at `path` was written after `saved` (a time without an offset read as UTC, as sessions do):
    a report revised since a session of it was saved, not one a newer fazhi reads differently."""
    if saved.tzinfo is None:
        saved = saved.replace(tzinfo=dt.timezone.utc)
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.timezone.utc) > saved if path else False
    except (OSError, ValueError, OverflowError):
        return False


def _same_file(stored: str | None, given: str | None, session_path: Path) -> bool:
    if not given:
        return False
    try:
        target = Path(given).resolve()
        return target in files_named(stored, session_path)
    except (OSError, ValueError):  # (ValueError: a NUL, which no path holds)
        return False


def files_named(stored: str | None, session_path: Path) -> list[Path]:
    """The files a session's stored report path can mean, resolved: as written (from where fazhi runs) and, when
    relative, from the session's folder."""
    if not stored:
        return []
    candidates = [Path(stored)] + ([session_path.parent / stored] if not Path(stored).is_absolute() else [])
    try:
        return [c.resolve() for c in candidates]
    except (OSError, ValueError):  # (ValueError: a NUL in a hand-edited path)
        return []


@record(frozen=True)
class ReportIndex:
    """A round's reports by their text's sha256, by their file (resolved) and by their path within the round (its
    parts): which one a session's side names."""

    by_sha: dict[str, ReportRef]
    by_file: dict[Path, str]
    by_place: dict[tuple[str, ...], str]

    @classmethod
    def of(cls, reports: list[tuple[ReportRef, str]]) -> ReportIndex:
        """From (report, its path within the round, "/" separated)."""
        by_file = {}
        for ref, _ in reports:
            try:
                by_file[Path(ref.path).resolve()] = ref.sha256
            except (OSError, TypeError, ValueError):
                pass
        return cls({ref.sha256: ref for ref, _ in reports}, by_file,
                   {tuple(place.split("/")): ref.sha256 for ref, place in reports})

    def find(self, ref: ReportRef, session_path: Path) -> str | None:
        """The sha256 of the report `ref` (a side of the session at `session_path`) names: its own when it is one of
        these; else that of the report now at the file it names (the round where it was, or moved: the longest end
        of the stored path that is a path within the round), when that names the same government and year
        (`same_report`). None: none of these."""
        if ref.sha256 in self.by_sha:
            return ref.sha256
        # only for a text no report has now: rare, so not cached
        places = [self.by_file.get(path) for path in files_named(ref.path, session_path)]
        parts = PurePath(ref.path).parts if ref.path else ()
        places += [self.by_place.get(parts[-k:]) for k in range(len(parts), 0, -1)]
        return next((sha for sha in places if sha is not None and same_report(ref, self.by_sha[sha])), None)


# ----------------------------------------------------------------------------------------------------- saving

@contextmanager
def _locked(target: Path):
    """An exclusive lock on the sessions folder (flock on the folder itself: no lock file is left behind, and the
    session file, which is replaced by rename, is never what is locked). Saves take milliseconds: one folder-wide
    lock costs nothing and makes "check, then replace" one step for every process."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target.parent, os.O_RDONLY)
    except OSError as e:
        raise FazhiError(str(target), f"cannot write: {e.strerror or e}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def save_session(session: Session, path: str | Path | None = None, directory: str | Path = "sessions",
                 touch: bool = True, backup: bool | None = None, backup_name: str | None = None) -> Path:
    """Write the session (see the module docstring). `touch` stamps `updated` and keeps the file's last version as a
    backup (a change of the reviewer's work); saving only where the reviewer was leaves both alone. `backup`: keep
    the backup all the same (levels carried in from the reviewer's other sessions, written without a change here).
    `backup_name`: the backup's own name beside the file, which later saves do not replace. Returns the file
    written."""
    target = Path(path) if path else (session.path or Path(directory) / session_filename(session))
    with _locked(target):
        current = Fingerprint.of(target)
        ours = (session.path is not None and session.fingerprint is not None and _same_path(session.path, target)
                and session.fingerprint.same_content(current))
        if current is not None and not ours:
            try:
                load_session(target)
            except FazhiError as e:
                raise FazhiError(str(target), f"will not overwrite a file that is not a valid session ({e.message})") from None
            raise SessionConflict(str(target), "changed on disk since this session was opened (saved from another "
                                               "window or process): merge it with yours, reload it, or save yours as "
                                               "a copy")
        if touch:
            session.updated = now()
        payload = to_toml(session).encode("utf-8")
        written = atomic_write(target, payload, backup=touch if backup is None else backup, backup_name=backup_name)
    session.path = target
    session.fingerprint = Fingerprint.of_bytes(written, payload)
    return target


def save_copy(session: Session, directory: str | Path | None = None, inherited: list[str] = ()) -> Path:
    """Save the session under a new file name beside its file (or in `directory`: ~ is the home folder, as a shell
    reads it), leaving the old file as it is; `inherited`: the ids of its annotations as its file held them
    (`Session.inherited`). What the system refuses is a FazhiError naming the folder (a folder
    that could not be searched raised the system's own error, which the dialogs did not expect: reread7 #2)."""
    folder = Path(directory).expanduser() if directory else (session.path.parent if session.path else Path("sessions"))
    stem = Path(session_filename(session)).stem
    stamp = now().strftime("%Y%m%dT%H%M%S")
    try:
        target = folder / unused_name(folder, f"{stem}__copy-{stamp}", ".toml")
    except OSError as e:
        raise FazhiError(str(folder), f"cannot write: {e.strerror or e}") from None
    # Unwritten, the session stays on its own file: a failed copy left it on none, and its next save called that file
    # "changed by another window" (walk9 #1). (`updated` is left as it was: stamped, a copy of a second window hid the
    # first window's later work from pooling and reopening: reread4.) The copy is a session begun apart (`created`, a
    # second later at least), branched from this one: pooling lists its own annotations as its own, and those it holds
    # as the file did as the file's session's, whose later file says what became of them. (As copies of one session,
    # only the one saved last gave its annotations, and with the time of its window's last save before the conflict,
    # the copy's own were listed nowhere: read54 #1.)
    kept = (session.path, session.fingerprint, session.created, session.branched_from, session.branched_at,
            session.inherited)
    session.path, session.fingerprint = None, None
    session.branched_from, session.branched_at = session.created, session.updated or session.created
    session.inherited = list(inherited)
    session.created = later_than(session.created)
    try:
        return save_session(session, path=target, touch=False)
    except BaseException:
        (session.path, session.fingerprint, session.created, session.branched_from, session.branched_at,
         session.inherited) = kept
        raise


def copy_folder(session: Session, sessions_dir: str | Path) -> str:
    """Where a copy of the session could go when its own folder takes no file, for the dialog to offer: the folder
    the reviewer started in, else the home folder (as "~"), if either takes a file and is not the session's own; ""
    where none does (the reviewer names one)."""
    own = session.path.parent if session.path else Path(sessions_dir)
    try:
        started = [(Path.cwd(), None)]
    except OSError:  # the folder started in is gone (a USB stick pulled): not offered (read33 #2)
        started = []
    for folder, shown in (*started, (Path.home(), "~")):
        if os.access(folder, os.W_OK | os.X_OK) and not _same_path(folder, own):
            return shown or str(folder)
    return ""


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


# ----------------------------------------------------------------------------------------------------- reports

def find_report(ref: ReportRef, session_path: Path | None, extra_dirs: list[str] | None = None) -> Path | None:
    """The report file for a session side: at its path, or found by its text's sha256 next to the session or in
    folders the user names (a report that moved). Unreadable files met on the way are skipped. When only a file of
    the same name with a different text is found, that file (the caller re-anchors against it)."""
    from fazhi.core.formats import SUFFIXES
    from fazhi.core.report import read

    def matches(p: Path) -> bool:
        try:
            return p.is_file() and read(p).sha256 == ref.sha256
        except (FazhiError, OSError):  # unreadable, or a path the system refuses (too long …): not it
            return False

    def is_file(p: Path) -> bool:
        try:
            return p.is_file()
        except OSError:
            return False

    candidates: list[Path] = []
    if ref.path:
        candidates.append(Path(ref.path))
        if session_path and not Path(ref.path).is_absolute():
            candidates.append(session_path.parent / ref.path)
    for p in candidates:
        if matches(p):
            return p
    # the folder the stored path names too: a file name that is not UTF-8 is stored with U+FFFD for its bytes
    # (files.unicode_path), so it is found there by its text (reread9 M4: the `fazhi resume` printed failed)
    named = [Path(ref.path).parent] if ref.path and "\ufffd" in Path(ref.path).name else []
    folders = named + [Path(d) for d in extra_dirs or []] + ([session_path.parent] if session_path else [])
    for folder in folders:
        for p in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if p.suffix.lower() in SUFFIXES and matches(p):
                return p
    return next((p for p in candidates if is_file(p)), None)
