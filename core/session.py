"""A reviewer's work on one report pair, and its TOML form (schema "fazhi.session/1", docs/session-format.md).

The model: who reviewed, the two reports (by the sha256 of their extracted text), the rubric, scores with notes per
side and area, annotations, pins and forbidden pairs, and where the reviewer was (to reopen there). `to_toml` and
`load_session` are exact inverses for everything the model holds; datetimes are TOML datetimes (older files with
ISO strings load too). Loading checks the whole file against one declared schema (core.toml_check) and names the
file and dotted key of every problem; a newer major schema is refused, never half-read.

Where sessions live and how they are saved without replacing anyone's work: core.store. Placing annotations in a
revised text: core.anchors. Writing files atomically: core.files.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w

from fazhi.core import __version__
from fazhi.core.digest import sha256
from fazhi.core.errors import FazhiError
from fazhi.core.files import Fingerprint, unicode_path
from fazhi.core.record import field, record
from fazhi.core.toml_check import Bool, DateTime, Int, List, Problems, Str, Table, check, parse_toml, read_bytes

if TYPE_CHECKING:
    from fazhi.core.rubric import Rubric

SCHEMA = "fazhi.session/1"
SCHEMA_MAJOR = 1
CONTEXT = 32  # characters of context kept on each side of an annotated passage
SIDES = ("a", "b")
MAX_REVIEWER_CHARS = 64
#: What `valid_reviewer` asks of a name, as refusals say it.
REVIEWER_RULE = f"a reviewer name is 1–{MAX_REVIEWER_CHARS} printable characters"


def valid_reviewer(name: str) -> str | None:
    """A reviewer's name as a session keeps it (typed in a terminal or a browser): trimmed, 1–64 characters, no
    control or format characters (a session holding one would not load again); None if not."""
    name = name.strip()
    if not name or len(name) > MAX_REVIEWER_CHARS or any(unicodedata.category(c)[0] == "C" for c in name):
        return None
    return name


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def later_than(*words: dt.datetime | None) -> dt.datetime:
    """The time of a word that replaces `words` (a level, a clear): now, or a microsecond after the latest of them
    where that is not before now. A word the reviewer saw and changed is earlier than their change whatever the clocks
    say: a level carried in from another review keeps the time its own computer gave it, which may be minutes ahead of
    this one's (read54 #3: the older level won), and a clear in the same second as the level it clears is later than
    it. The step is a microsecond, not a second: changes of one area in one second ran a second ahead each (monkey54
    #3: forty digits typed put a level half a minute past another window's later one). A time past CLOCK_SLACK (one
    that cannot be true) is not followed."""
    current, believed = now(), latest_true()
    seen = [w for w in words if w is not None and w <= believed]
    latest = max(seen, default=None)
    return current if latest is None or latest < current else latest + dt.timedelta(microseconds=1)


#: How far past now a time in a session may be: clocks of two computers disagree, and a time written without an
#: offset is read as UTC (up to 14 hours off). Beyond it the time cannot be true.
CLOCK_SLACK = dt.timedelta(days=1)


def latest_true() -> dt.datetime:
    """The latest time a session may truly hold (now, with CLOCK_SLACK)."""
    return dt.datetime.now(dt.timezone.utc) + CLOCK_SLACK


def saved_at(session: Session, latest: dt.datetime) -> float:
    """When a session counts as saved (POSIX seconds): its `updated` unless later than `latest` (a clock set wrong, a
    hand edit: it would count as the latest for ever), else its file's modification time (0 without a file)."""
    return believed_saved(session.updated.timestamp() if session.updated else None, file_time(session.path),
                          latest.timestamp())


def believed_saved(updated: float | None, file_written: float, latest: float) -> float:
    """`saved_at` from plain times (POSIX seconds): what a session's facts keep (core.session_facts)."""
    return updated if updated is not None and updated <= latest else file_written


def file_time(path: Path | None) -> float:
    """A session file's modification time (0 without a file, or where it cannot be read)."""
    try:
        return os.stat(path).st_mtime if path else 0.0
    except OSError:
        return 0.0


def word_order(when: float | None, level: int | None, note: str | None, saved: float,
               latest: float) -> tuple[bool, tuple[float, float, tuple]]:
    """Where a reviewer's word on a report's area stands among their words on it across their sessions: (whether it
    carries its own time, its order); POSIX seconds. A word is a level, or a clear (`level` None: `Session.cleared`,
    below every level said at the same time). A level the workbench set, and every clear, carries its own time (one
    later than `latest` is not believed) and is ordered by it, then by its session's time (`saved`, as `saved_at`
    gives it); a level without one (sessions as contracts.md gives them) by its session's time. Two said at the same
    time (two windows, a copied session) are decided by what they say (the higher level, then the note): never by the
    files' names (renaming a file changed a pooled score: fuzz2 #9) nor by anything else in them (a view saved on quit
    changed it: reread6). `last_word` says which counts: the one rule of pooling, of the scores carried into a review
    and of a round's statuses."""
    own = when if when is not None and when <= latest else None
    said = (level, note or "") if level is not None else (-math.inf, "")
    return own is not None, (own if own is not None else saved, saved, said)


def words(session: Session, side: str, latest: dt.datetime, saved: float | None = None
          ) -> Iterator[tuple[str, bool, tuple[float, float, tuple], Score | dt.datetime]]:
    """(area, whether it carries its own time, its `word_order` order, the word) for each area of report `side` that
    the session says something of: its level (a Score) or when it was cleared. `saved`: its `saved_at`, where the
    caller has it (the file's time is read once a session, not once an area)."""
    saved = saved_at(session, latest) if saved is None else saved
    limit = latest.timestamp()
    for area, score in session.scores.get(side, {}).items():
        yield area, *word_order(score.updated.timestamp() if score.updated else None, score.level, score.note, saved,
                                limit), score
    for area, when in session.cleared.get(side, {}).items():
        yield area, *word_order(when.timestamp(), None, None, saved, limit), when


def keep_latest(slots: dict, key, timed: bool, entry: tuple) -> None:
    """Keep `entry` (its `word_order` order first) in `slots[key]`, [latest with its own time, latest without], where
    it is the latest of its kind: what `last_word` then decides between."""
    slot = slots.setdefault(key, [None, None])
    i = 0 if timed else 1
    if slot[i] is None or entry[0] > slot[i][0]:
        slot[i] = entry


def last_word(timed: tuple | None, untimed: tuple | None) -> tuple | None:
    """The level that counts, of a reviewer's latest level with its own time and latest without (each a tuple whose
    first item is its `word_order` order, or None). Among levels with their own time, the one set last: a copy saved
    from a second window, holding what that window showed, never hides a later level of the same area. Among those
    without, the one whose session was saved last, as contracts.md says; and between the two, the same: the session
    saved last. Pooling (core.aggregate) and the scores carried into a review (core.store.latest_scores) both decide
    so."""
    if timed is None or untimed is None:
        return timed or untimed
    return timed if timed[0][1:] > untimed[0][1:] else untimed


def new_id() -> str:
    """An annotation's id: 12 random hex digits (48 bits, as the first 12 of a uuid4, without importing uuid)."""
    return os.urandom(6).hex()


@record
class ReportRef:
    """One side's report: the sha256 of its extracted text identifies it; the rest is for people and for finding it."""

    sha256: str
    path: str | None = None
    title: str | None = None
    government: str | None = None
    year: int | None = None

    @property
    def name(self) -> str:
        """How people call it (`report_name`), its file's name standing in for a title it lacks."""
        return report_name(self.government, self.year, self.title or (Path(self.path).name if self.path else ""),
                           self.sha256)


def report_name(government: str | None, year: int | None, title: str | None, sha: str) -> str:
    """How people are shown a report: its government and year, then its title, each of the two left out where the
    title says it already ("清溪镇2025年度法治政府建设工作报告", not "清溪镇 2025 清溪镇2025年度…"); the first 12
    digits of its sha256 only when nothing else is known."""
    title = title or ""
    said = FILE_NOTED.sub("", title)  # a round notes a duplicate's file after its title: that is not the title
    # the year is said when the title names it as its only year (关于2023年工作和2024年计划 names two)
    year_said = year is not None and set(_YEAR_NAMED.findall(said)) == {str(year)}
    label = " ".join(str(x) for x, known in ((government, government and government in said), (year, year_said))
                     if x and not known)
    return " ".join(x for x in (label, title) if x) or sha[:12]


#: How core.round's `report_names` tells two reports of one government and year apart: " (their file)" at the end
#: (from its first parenthesis: the file's own name may hold some, as 清溪镇2024 (1).txt).
FILE_NOTED = re.compile(r"\s*\(.*\)$")
_YEAR_NAMED = re.compile(r"((?:19|20)\d\d)\s*年")


@record
class Annotation:
    """A passage of one report with the reviewer's note. `start` is a code-point offset into the extracted text."""

    side: str
    section: str
    quote: str
    start: int
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: dt.datetime = field(default_factory=now)
    id: str = field(default_factory=new_id)
    #: could not be placed in the report's text when last opened; kept, shown, never dropped. Saved so that pooling can
    #: say it (exported as placed, a colleague looked for it in vain: walk10 F2); placed again at every opening
    orphan: bool = False
    #: the words as the reviewer annotated them, where the report was revised under them since ("" while the text at
    #: the annotation is still those words): `quote` is what stands there now (walk10 F2: the words annotated were
    #: replaced by the revision's, in the session and then in its backup, unsaid)
    quote_annotated: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


def reading_order(annotations: list[Annotation]) -> list[Annotation]:
    """The annotations as the reports read: report A's from its start to its end, then report B's. Every list of
    them a reviewer reads (the workbench's, the exports') is in this order, not the order they were made in."""
    return sorted(annotations, key=lambda an: (an.side, an.start))


@record
class Score:
    level: int
    note: str | None = None
    updated: dt.datetime | None = None


@record
class ViewState:
    """Where the reviewer was: the focused pair (its two section ids), the side being scored, the focused area, and
    whether they held that area (picked it: it stays while they read on)."""

    a: str | None = None
    b: str | None = None
    side: str = "a"
    area: str | None = None
    held: bool = False


@record
class Session:
    """One reviewer's work on one pair of reports (see the module docstring). `path` and `fingerprint` say which
    file it was read from or last written to, and what that file held then (core.store refuses to replace a file
    that changed since)."""

    reviewer: str
    reports: dict[str, ReportRef]
    rubric_id: str | None = None
    rubric_version: str | None = None
    created: dt.datetime = field(default_factory=now)
    updated: dt.datetime | None = None
    app_version: str = __version__
    pins: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    #: The headings of each pinned or split pair's sections (A's, B's) as last saved: in a revised report, whose ids
    #: may name other sections, the pair follows its sections by them (core.review).
    pin_headings: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    scores: dict[str, dict[str, Score]] = field(default_factory=lambda: {"a": {}, "b": {}})
    view: ViewState = field(default_factory=ViewState)
    path: Path | None = None
    fingerprint: Fingerprint | None = None
    #: whether the file read said when the session was begun (the contract's minimal file does not: `created` is then
    #: the time it was read, which tells no two copies of a session apart)
    created_said: bool = True
    #: side → area → when the reviewer cleared its level (and set none since). A dated fact, as a level is: the
    #: level another of their sessions holds of the same report (carried there when it was opened) is older, and
    #: neither the workbench nor pooling brings it back (walk28 #1: a clear recorded nothing, the copy counted again)
    cleared: dict[str, dict[str, dt.datetime]] = field(default_factory=lambda: {"a": {}, "b": {}})
    #: A copy saved after a conflict (core.store.save_copy): the `created` of the session it was saved from, when that
    #: session was as the copy took it (its `updated` then), and the ids of the annotations the copy holds as it held
    #: them. Pooling lists those as that session's of that time, whose later file says what became of them (read55 #3:
    #: a copy listed again what the other window deleted since; monkey54b A: at the copy's own later time, it hid what
    #: the other window added).
    branched_from: dt.datetime | None = None
    branched_at: dt.datetime | None = None
    inherited: list[str] = field(default_factory=list)

    def set_score(self, side: str, area: str, level: int | None, note: str | None = None) -> None:
        """level None clears the score (and says when: `cleared`); a note of None keeps the existing note."""
        side_scores = self.scores.setdefault(side, {})
        side_cleared = self.cleared.setdefault(side, {})
        old = side_scores.get(area)
        when = later_than(old.updated if old else None, side_cleared.get(area))
        if level is None:
            if side_scores.pop(area, None) is not None:
                side_cleared[area] = when
        else:
            side_scores[area] = Score(level, note if note is not None else (old.note if old else None), when)
            side_cleared.pop(area, None)

    def score(self, side: str, area: str) -> Score | None:
        return self.scores.get(side, {}).get(area)

    @property
    def score_count(self) -> int:
        return sum(len(areas) for areas in self.scores.values())

    @property
    def pair_key(self) -> tuple[str, str]:
        return self.reports["a"].sha256, self.reports["b"].sha256

    @property
    def alone(self) -> bool:
        """A report reviewed alone: side A is the empty text (EMPTY_SHA256), with nothing to align B with."""
        return self.reports["a"].sha256 == EMPTY_SHA256

    @property
    def alignment_edits(self) -> tuple[tuple[str, str, str], ...]:
        """The reviewer's changes to the automatic alignment: ("pin" | "forbidden", A's section id, B's)."""
        return (*(("pin", a, b) for a, b in self.pins), *(("forbidden", a, b) for a, b in self.forbidden))


# ------------------------------------------------------------------------------------------------ to TOML

def _pair_entry(a: str, b: str, headings: tuple[str, str] | None) -> dict:
    return {"a": a, "b": b} if headings is None else {"a": a, "b": b, "a_heading": headings[0], "b_heading": headings[1]}


def to_toml(session: Session) -> str:
    """The session as TOML text (the exact inverse of `load_session`, but for a report's path that is not Unicode:
    `files.unicode_path`): absent values are absent keys, datetimes are TOML datetimes, Unicode literal; the reviewer's view only
    when it is not the default."""
    data: dict = {"schema": SCHEMA, "app_version": session.app_version, "reviewer": session.reviewer,
                  "created": session.created}
    if session.updated:
        data["updated"] = session.updated
    if session.branched_from is not None:
        data["branched"] = _without_none({"from": session.branched_from, "at": session.branched_at,
                                          "inherited": list(session.inherited)})
    data["reports"] = {side: _without_none({"sha256": ref.sha256, "path": unicode_path(ref.path), "title": ref.title,
                                            "government": ref.government, "year": ref.year})
                       for side, ref in session.reports.items()}
    if session.rubric_id:
        data["rubric"] = _without_none({"id": session.rubric_id, "version": session.rubric_version})
    view = _without_none({"a": session.view.a, "b": session.view.b, "side": session.view.side,
                          "area": session.view.area, "held": session.view.held or None})
    if view.keys() - {"side"} or view.get("side") != "a":
        data["view"] = view
    for key, pairs in (("pins", session.pins), ("forbidden", session.forbidden)):
        if pairs:
            data[key] = [_pair_entry(a, b, session.pin_headings.get((a, b))) for a, b in pairs]
    if session.annotations:
        data["annotations"] = [
            {k: v for k, v in (("id", an.id), ("side", an.side), ("section", an.section), ("quote", an.quote),
                               ("quote_annotated", an.quote_annotated), ("prefix", an.prefix), ("suffix", an.suffix),
                               ("start", an.start), ("note", an.note), ("tags", an.tags), ("created", an.created),
                               ("orphan", an.orphan))
             if v is not False and v not in (None, "", [])}  # (is: a start of 0 is kept, only orphan = false goes)
            for an in session.annotations]
    scores = {side: {area: _without_none({"level": s.level, "note": s.note, "updated": s.updated})
                     for area, s in session.scores.get(side, {}).items()} for side in SIDES}
    if any(scores.values()):
        data["scores"] = {side: areas for side, areas in scores.items() if areas}
    if any(session.cleared.values()):
        data["cleared"] = {side: dict(areas) for side, areas in session.cleared.items() if areas}
    return tomli_w.dumps(data)


def _without_none(table: dict) -> dict:
    return {k: v for k, v in table.items() if v is not None}


# ---------------------------------------------------------------------------------------------- from TOML

_ID = Str(nonempty=True, multiline=False)
_PAIR = Table({"a": _ID, "b": _ID, "a_heading": Str(), "b_heading": Str()}, required=("a", "b"))
_SIDE = Str(choices=SIDES)
SCHEMA_SPEC = Table({
    "schema": Str(),
    "app_version": Str(multiline=False),
    "reviewer": Str(nonempty=True),
    "created": DateTime(),
    "updated": DateTime(),
    "reports": Table({side: Table({"sha256": _ID, "path": Str(path=True), "title": Str(),
                                   "government": Str(), "year": Int(min=1900, max=2200)}, required=("sha256",))
                      for side in SIDES}, required=SIDES),
    "rubric": Table({"id": _ID, "version": _ID}),
    "view": Table({"a": _ID, "b": _ID, "side": _SIDE, "area": _ID, "held": Bool()}),
    "branched": Table({"from": DateTime(), "at": DateTime(), "inherited": List(_ID)}, required=("from",)),
    "pins": List(_PAIR),
    "forbidden": List(_PAIR),
    "annotations": List(Table({"id": _ID, "side": _SIDE, "section": Str(multiline=False), "quote": Str(nonempty=True, blank=True),
                               "quote_annotated": Str(), "prefix": Str(), "suffix": Str(), "start": Int(min=0),
                               "note": Str(), "orphan": Bool(),
                               "tags": List(Str(nonempty=True)), "created": DateTime()},
                              required=("side", "quote", "start"))),
    "scores": Table({side: Table(values=Table({"level": Int(), "note": Str(), "updated": DateTime()},
                                              required=("level",)))
                     for side in SIDES}),
    "cleared": Table({side: Table(values=DateTime()) for side in SIDES}),
}, required=("schema", "reviewer", "reports"))


def check_schema(value, path: str) -> None:
    """Refuse a session whose schema this code does not read: major version 1 is read, whatever its minor (the
    contract refuses a later major version only: a minor one adds nothing a /1 reader must understand, and a key it
    does not know is named as unknown). A later major (/2) is refused with "upgrade"; an earlier or unknown one (/0:
    no fazhi wrote it) as unknown: read as /1 it would be half understood, and pooled as if it were understood."""
    # (a version is a few digits: thousands of them would pass Python's limit on converting digits to an int)
    # (ASCII digits, no leading zero: int() reads "01", "１" and "١" as 1 too)
    if not isinstance(value, str) or not (m := re.fullmatch(r"fazhi\.session/((?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,9})*)",
                                                             value)):
        found = "missing" if value is None else f"is {value!r}"
        raise FazhiError(path, f"invalid session: [schema] {found}: a session file starts with schema = {SCHEMA!r}")
    major = int(m.group(1).split(".")[0])
    if major > SCHEMA_MAJOR:
        raise FazhiError(path, f"invalid session: [schema] {value!r} is newer than this fazhi ({__version__}) can "
                               f"read ({SCHEMA}); upgrade fazhi to open it")
    if major < SCHEMA_MAJOR:
        raise FazhiError(path, f"invalid session: [schema] {value!r} is not a version fazhi wrote: this fazhi reads "
                               f"schema = {SCHEMA!r}")


def from_dict(data: dict, path: str, rubric: Rubric | None = None) -> Session:
    """A Session from parsed TOML; every problem named by its dotted key in one FazhiError: with a `rubric`, its
    problems too (`rubric.level_problems`: a hand-edited file is fixed in one go, not one kind of mistake a time)."""
    check_schema(data.get("schema"), path)
    problems = Problems(path)
    d = check(data, SCHEMA_SPEC, problems)
    if rubric is not None:
        from fazhi.core.rubric import level_problems

        levels = {side: {area: score["level"] for area, score in areas.items() if "level" in score}
                  for side, areas in d.get("scores", {}).items()}
        scored_under = d.get("rubric", {})
        for key, message in level_problems(levels, rubric, scored_under.get("id"), scored_under.get("version")):
            problems.add(key, message)
    problems.raise_if_any("session")
    session = Session(
        # trimmed as the workbench trims a name typed (valid_reviewer): " 王芳 " written by another tool is 王芳, not a
        # second reviewer beside her (audit1 #5)
        reviewer=d["reviewer"].strip() or d["reviewer"],
        reports={side: ReportRef(**d["reports"][side]) for side in SIDES},
        rubric_id=d.get("rubric", {}).get("id"), rubric_version=d.get("rubric", {}).get("version"),
        created=d.get("created") or now(), created_said="created" in d, updated=d.get("updated"),
        app_version=d.get("app_version", ""),
        pins=[(p["a"], p["b"]) for p in d.get("pins", [])],
        forbidden=[(p["a"], p["b"]) for p in d.get("forbidden", [])],
        pin_headings={(p["a"], p["b"]): (p["a_heading"], p["b_heading"])
                      for p in (*d.get("pins", []), *d.get("forbidden", [])) if "a_heading" in p and "b_heading" in p},
        view=ViewState(**d.get("view", {})),
        branched_from=d.get("branched", {}).get("from"), branched_at=d.get("branched", {}).get("at"),
        inherited=list(d.get("branched", {}).get("inherited", [])))
    seen: set[str] = set()
    for i, an in enumerate(d.get("annotations", [])):
        an_id = an.get("id")
        if not an_id or an_id in seen:  # none (the contract's minimal file), or two of one id (files merged by hand):
            # one of its own, the same at every reading (two windows' merge matches annotations by id: reread9 L3)
            an_id = sha256(f"{i}\0{an['side']}\0{an['start']}\0{an['quote']}".encode("utf-8", "surrogatepass")
                           ).hexdigest()[:12]
        seen.add(an_id)
        session.annotations.append(Annotation(
            side=an["side"], section=an.get("section", ""), quote=an["quote"], start=an["start"],
            prefix=an.get("prefix", ""), suffix=an.get("suffix", ""), note=an.get("note", ""),
            tags=an.get("tags", []), created=an.get("created") or now(), id=an_id,
            quote_annotated=an.get("quote_annotated", ""), orphan=an.get("orphan", False)))
    for side, areas in d.get("scores", {}).items():
        for area, s in areas.items():
            session.scores[side][area] = Score(s["level"], s.get("note"), s.get("updated"))
    for side, areas in d.get("cleared", {}).items():
        for area, when in areas.items():
            level = session.scores[side].get(area)
            # a level and a clear of one area (a hand edit, another tool): the later stands, as it would in pooling
            if level is None or (level.updated is not None and level.updated < when):
                session.scores[side].pop(area, None)
                session.cleared[side][area] = when
    return session


def load_session(path: str | Path, to_save: bool = True, rubric: Rubric | None = None) -> Session:
    """The session in a file (any file a reviewer or tool wrote that meets the contract), or one FazhiError naming
    the file and every problem (with a `rubric`, the levels it refuses too: `from_dict`). The result remembers the
    file (`path`) and, unless it is only read (`to_save` false: pooling), what it held (`fingerprint`: a save
    refuses to overwrite a file that changed since)."""
    p = Path(path)
    raw = read_bytes(p, "session file")
    try:
        data = parse_toml(raw, str(p), "session file")
    except FazhiError:
        from fazhi.core.formats import REPORT_SUFFIXES

        if p.suffix.lower() in REPORT_SUFFIXES:  # `fazhi resume report.txt`: "line 2: not valid TOML" named no cause
            raise FazhiError(str(p), "a report, not a session file: open reports with `fazhi review A B`") from None
        raise
    session = from_dict(data, str(p), rubric)
    session.path = p
    if to_save:
        session.fingerprint = Fingerprint.of_bytes(p, raw)
    return session


#: Side A of a report reviewed alone (core.review.Review.open_single) is the empty text: its sha256, written out
#: (hashing at import would load hashlib for every command that reads sessions).
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def session_filename(session: Session) -> str:
    """reviewer + a hash of the exact name (two reviewers never collide) + both reports ("alone" for a report
    reviewed alone). Sessions are found by what they hold, never by name: the name is for people."""
    a, b = session.reports["a"], session.reports["b"]
    prefix = reviewer_prefix(session.reviewer)
    if session.alone:
        return f"{prefix}__{_label(b)}__alone__{b.sha256[:8]}.toml"
    return f"{prefix}__{_label(a)}__{_label(b)}__{a.sha256[:8]}-{b.sha256[:8]}.toml"


#: The reports' hashes at the end of a session file's name (`session_filename`).
_NAMED_PAIR = re.compile(r"__(?:([0-9a-f]{8})-|alone__)([0-9a-f]{8})(?:__copy-[\w-]+)?\.toml$")


def pair_named(path: str | Path) -> tuple[str, str] | None:
    """The starts (8 hex digits) of the hashes of reports A and B as a session file's name gives them (A: "" for a
    report reviewed alone); None for a name `session_filename` did not make. For a file that cannot be read: its name
    is all that says which review it is (a file renamed by hand says nothing)."""
    m = _NAMED_PAIR.search(Path(path).name)
    return (m.group(1) or "", m.group(2)) if m else None


def _label(report: ReportRef) -> str:
    return _slug(f"{report.government or ''}{report.year or ''}")


def reviewer_prefix(reviewer: str) -> str:
    """The start of every session file name of one reviewer (so their sessions are found without parsing others)."""
    return f"{_slug(reviewer)}-{sha256(reviewer.encode()).hexdigest()[:6]}"


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text).strip("_")[:40] or "x"
