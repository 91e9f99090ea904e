"""One review as data: two reports, the rubric, the reviewer's session, the alignment and area evidence, and every
operation a reviewer performs on them. Front ends (the workbench, a browser, tests) call this; none of them holds a
review rule of its own.

Opening (`Review.open`, `Review.open_single` for a report read alone, `Review.resume`) never starts an empty
session over the reviewer's work: it continues their session for the pair (the same texts, or the same files whose
text changed — annotations re-anchored), starts theirs from another reviewer's session when they have none (and says
so), and asks (`pending`) when they have one.
A session whose levels are off the rubric's scale does not open (what the workbench accepts, aggregate accepts).
Pins and forbidden pairs that name sections which no longer exist, or a section twice, are reported
(`orphan_pins`) and left out of the alignment, never raised.

Operations change the session in memory and can be undone and redone (scores, notes, annotations, pins, splits);
`save()` writes it (core.store: atomic, backup, refuses to replace a file another process changed). Nothing is
written until the reviewer changes something: opening and closing untouched writes nothing; closing after moving
through the reports writes where they were (`close(moved=True)`), a session with no score that aggregate ignores.

Alignment: `compute_alignment()` is pure (safe in a worker thread); `apply(result)` installs it. Until then `pairs`
are the provisional ones (both outlines in document order, status "pending").

(Some 500 lines: opening a session and every operation with its undo share one state and its invariants; the
queries on a review are core.lookup's, the files core.store's.)
"""
from __future__ import annotations

import copy
import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path

from fazhi.core.align import Aligner, Alignment, Pair, aligner_for, same_government
from fazhi.core.anchors import make_annotation, reanchor_all
from fazhi.core.areas import AreaResult, map_areas
from fazhi.core.lookup import Lookup
from fazhi.core.merge import Merged, Work, merge_work, nothing_new
from fazhi.core.compare import (Comparison, FigureChange, compare_figures, compare_sections, own_text_changed,
                                 section_body, shown_status, year_shift)
from fazhi.core import drafts
from fazhi.core.drafts import Draft
from fazhi.core.errors import FazhiError, shown_name
from fazhi.core.files import unicode_path, unused_name
from fazhi.core.outline import Outline, Section, parse
from fazhi.core.record import field, record, replace
from fazhi.core.report import read
from fazhi.core.rubric import Rubric, level_problems
from fazhi.core.session import (EMPTY_SHA256, SIDES, Annotation, ReportRef, Score, Session, ViewState, later_than,
                                load_session, now)
from fazhi.core.store import (SessionConflict, copy_folder, find_report, find_session, latest_scores, recency,
                              reviewer_work, same_report, save_copy, save_session, written_since)
from fazhi.core.toml_check import Problems, without_control


class Refused(ValueError):
    """An operation the review's rules do not allow (a level off the scale, a note on no score …). `reason` names
    the rule (front ends say it in the reviewer's language), `params` fill it in; str() is the English sentence."""

    SENTENCES = {
        "no_area": "no area {area!r} in the rubric",
        "single_side": "this report is reviewed alone: score it as B",
        "off_scale": "level {level} is outside the scale {scale}",
        "not_scored": "{side} has no score on {area} to clear",
        "note_needs_score": "score the area before adding a note",
        "nothing_to_annotate": "nothing to annotate there",
        "no_annotation": "no such annotation",
        "pin_needs_sections": "both sections must exist to pin them",
        "not_pinned": "that pair is not pinned",
        "no_file": "this session has no file yet",
    }

    def __init__(self, reason: str, **params) -> None:
        self.reason, self.params = reason, params
        super().__init__(self.SENTENCES[reason].format(**params))


@record(frozen=True)
class Notice:
    """Something the reviewer should be told on opening; `key` names the message (front ends translate it)."""

    #: continued | started_from | report_note | report_changed | report_read_anew | orphans | quotes_revised |
    #: orphan_pins | scores_carried | scores_cleared | other_sessions | other_pair_unreadable | not_a_session_file |
    #: swapped
    key: str
    params: dict = field(default_factory=dict)


@record(frozen=True)
class OrphanPin:
    """A pin or forbidden pair left out of the alignment, and why."""

    kind: str  # "pin" | "forbidden"
    a: str
    b: str
    reason: str


@record
class Fork:
    """The reviewer opened another reviewer's session while having their own for the pair: which to work on?"""

    mine: Session
    theirs: Session


@record(frozen=True)
class AlignmentResult:
    alignment: Alignment
    areas: dict[str, AreaResult]


@record
class _Snapshot:
    """The reviewer's work before a change (what undo restores)."""

    label: str
    scores: dict
    annotations: list
    pins: list
    forbidden: list
    cleared: dict
    realign: bool = False  # set when undoing/redoing it changed pins or splits
    #: what the change was about, for saying what undo undid: ("area", side, area id), ("section", side, section id),
    #: ("pair", A id, B id), or () when it was the whole session
    subject: tuple = ()


def empty_outline() -> Outline:
    """Report A of a report reviewed alone: no text, no sections (so every section of B is "added")."""
    return Outline(source="", text="", title=None, government=None, year=None, date=None, sections=[])


#: Per side ("a", "b"): the government and year given for a report (None: as its outline reads them).
Names = dict[str, tuple[str | None, int | None]]


def _named(outline: Outline, government: str | None, year: int | None) -> Outline:
    """The outline as someone named its report (round.toml, or the session that did): their government and year
    where they gave one, its own reading elsewhere."""
    return replace(outline, government=government or outline.government, year=year or outline.year)


def _as_named(outline: Outline, stored: ReportRef) -> Outline:
    """The outline named as a session names its text (a round's override may have named it: the outline had read no
    name, or a wrong one); a revised text is named by its outline."""
    return _named(outline, stored.government, stored.year) if stored.sha256 == outline.sha256 else outline


def ref_of(outline: Outline) -> ReportRef:
    """How a session names a report. Its path absolute: `fazhi resume` from another folder found no report at a path
    relative to where the review was opened."""
    path = os.path.abspath(outline.source) if outline.source else outline.source
    return ReportRef(outline.sha256, path, outline.title, outline.government, outline.year)


def _describe_reports(session: Session, refs: dict[str, ReportRef], changed: tuple[str, ...],
                      sessions_dir: str | Path) -> None:
    """The session's reports as they are now: a revised text's side takes its new reference (re-anchored on
    construction), and the same text found elsewhere (a round's file moved to a folder, --report-dir) its new path:
    the session kept the old one, so the `fazhi resume` printed at quitting failed (walk10 F4). A dialog's draft goes
    with a revised session, to be offered again or said unplaced (monkey53: kept under the earlier texts' name, it was
    never found)."""
    before = (session.reports["a"].sha256, session.reports["b"].sha256)
    for side, ref in refs.items():
        kept = session.reports[side]
        if side in changed:
            session.reports[side] = ref
        elif ref.path and kept.sha256 == ref.sha256 and kept.path != ref.path:
            session.reports[side] = replace(kept, path=ref.path)
    if changed:
        drafts.carry(sessions_dir, session.reviewer, before, (session.reports["a"].sha256, session.reports["b"].sha256))


def _stale(on_disk: Session, session: Session) -> bool:
    """Whether the file misses where the reviewer was, where the reports are now (`_describe_reports`: paths as a file
    holds them, `files.unicode_path`) or which annotations could not be placed this time (pooling marks them). A
    report's text revised since is none of these (`_texts_as_saved`)."""
    def stored(reports: dict[str, ReportRef]) -> dict[str, str | None]:
        return {side: unicode_path(ref.path) for side, ref in reports.items()}

    return (on_disk.view != session.view or stored(on_disk.reports) != stored(session.reports)
            or [an.orphan for an in on_disk.annotations] != [an.orphan for an in session.annotations])


def _read_for(session_path: str | Path, side: str, path: str) -> Outline:
    """The outline of the report a session names, what cannot be read of it said as that session's (fuzz54 F6: the one
    line named a file the reviewer never typed, and not the session it came from)."""
    try:
        return parse(read(path))
    except FazhiError as e:
        raise FazhiError(str(session_path), f"report {side.upper()} at {shown_name(path)}: {e.message}") from None


def _words(session: Session) -> tuple[dict, dict]:
    """The session's levels and clears, by side (a side with none as no side)."""
    return ({side: areas for side, areas in session.scores.items() if areas},
            {side: areas for side, areas in session.cleared.items() if areas})


def _texts_as_saved(session: Session, on_disk: Session | None) -> Session:
    """The session as a save that records no change writes it. Where a report's text was revised since the file was
    saved, the file as it is with only where the reviewer was and where the reports are now: its levels, annotations,
    pins and splits were given on the earlier text, and stay with it (its identity, its quotes and offsets) until the
    reviewer changes something on the revised one (walk22 F4: opening and quitting moved them onto it, unsaid;
    reread22 F3: the annotations placed again on the revised text were written under the earlier one's identity)."""
    if on_disk is None or all(on_disk.reports[side].sha256 == ref.sha256
                              for side, ref in session.reports.items() if side in on_disk.reports):
        return session
    # which annotations the revised text no longer holds is said all the same: pooling marks them (walk10 F2)
    orphan = {an.id: an.orphan for an in session.annotations}
    return replace(on_disk, view=session.view, fingerprint=session.fingerprint,  # (what this window last saw)
                   reports={side: replace(ref, path=session.reports[side].path) if side in session.reports else ref
                            for side, ref in on_disk.reports.items()},
                   annotations=[replace(an, orphan=orphan.get(an.id, an.orphan)) for an in on_disk.annotations])


def _check_scores(session: Session, rubric: Rubric) -> None:
    """The levels `rubric` refuses in a session read without it, said as a session file's problems are."""
    problems = Problems(str(session.path or session.reviewer))
    levels = {side: {area: s.level for area, s in areas.items()} for side, areas in session.scores.items()}
    for key, message in level_problems(levels, rubric, session.rubric_id, session.rubric_version):
        problems.add(key, message)
    problems.raise_if_any("session")


class Review:
    """See the module docstring. Attributes a front end reads: `a`, `b` (outlines), `rubric`, `session`, `pairs`,
    `alignment` (None while pending), `areas` (side → AreaResult once aligned), `notices`, `pending`,
    `orphan_pins`, `orphans` (annotations that could not be placed), `changed` (sides whose text changed)."""

    def __init__(self, a: Outline, b: Outline, rubric: Rubric, session: Session, sessions_dir: str | Path = "sessions",
                 changed: tuple[str, ...] = (), notices: list[Notice] | None = None, pending: Fork | None = None,
                 base: Work | None = None, saved: dt.datetime | None = None) -> None:
        self.a, self.b, self.rubric, self.session = a, b, rubric, session
        # the work as its file holds it (`base`: before scores carried in at opening), before the pins are found
        # again below: what another window's save is merged against (core.merge)
        self._base = base if base is not None else Work.of(session)
        self.sessions_dir = Path(sessions_dir)
        self.changed = changed
        self.notices = list(notices or [])
        self.pending = pending
        #: the name the next save keeps the file's last version under, where the reviewer replaced their session with
        #: another's (`resolve_fork`): a .bak of its own, which the saves after it do not replace (read54 #2); and the
        #: file that save kept, to be said (beside the file itself, a link's target: read55 #11)
        self.keep_replaced_as: str | None = None
        self.replaced_kept: Path | None = None
        self.alignment: Alignment | None = None
        self.aligner: Aligner | None = None
        self.areas: dict[str, AreaResult] = {}
        self.unsaved = False
        self._undo: list[_Snapshot] = []
        self._redo: list[_Snapshot] = []
        self._comparisons: dict[tuple[str, str], Comparison] = {}
        self._own_figures: dict[tuple[str, str], list[FigureChange]] = {}  # (side, section id) → its figures
        self._edited: dict[tuple[str, str], bool] = {}  # pairs: whether their own text differs (`text_changed`)
        self._provisional = self._provisional_pairs()
        self.lookup = Lookup(self)
        revised_before = {an.id for an in session.annotations if an.quote_annotated}
        self.orphans = reanchor_all(session, {"a": a, "b": b}) if session.annotations else []
        # annotations whose words the revision changed, at this opening (≈ in the lists: walk11, said nowhere else)
        revised = [an for an in session.annotations if an.quote_annotated and an.id not in revised_before]
        if session.pin_headings:  # every opening: a pin left out once is never applied later to another section
            _refind_pins(session, {"a": a, "b": b})
        self.orphan_pins = self._orphan_pins()
        # what reading left out of a report (a PDF's scanned pages): a reviewer scoring it must know
        self.notices += [Notice("report_note", {"sides": (side,), "note": note})
                         for side, outline in (("a", a), ("b", b)) for note in outline.notes]
        # said first: their levels were given on the earlier text (walk22 F4: said second, it went unseen); a file not
        # written since the session was saved is read differently by this version, not revised (reread22 F11).
        # `saved`: when the text the session names was saved, where not the session's own time (a copy of another
        # reviewer's, made now: walk28 said such a revised file unchanged)
        written = tuple(side for side in changed
                        if written_since(self.outline(side).source, saved or recency(session)))
        read_anew = tuple(side for side in changed if side not in written)
        self.notices[:0] = [Notice(key, {"sides": sides}) for key, sides in (("report_changed", written),
                                                                             ("report_read_anew", read_anew)) if sides]
        if self.orphans:
            self.notices.append(Notice("orphans", {"count": len(self.orphans)}))
        if revised:
            self.notices.append(Notice("quotes_revised", {"count": len(revised)}))
        if self.orphan_pins:
            self.notices.append(Notice("orphan_pins", {"count": len(self.orphan_pins)}))

    # opening ------------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path_a: str, path_b: str, reviewer: str, rubric: Rubric, sessions_dir: str | Path = "sessions",
             start_side: str = "b", names: Names | None = None) -> Review:
        """The review of two report files by `reviewer`: their session for the pair continued, or a new one that
        starts scoring `start_side`: B, the report under review (A the earlier year's or a peer's), however the pair
        was opened (walk31 #1: typed on the command line it began on A, from the round on B, and a second reviewer's
        ten levels went to the wrong year). Two files with the same text are refused: read against itself a report
        shows no change at all. `names`: per side, the government and year someone gave for a report (round.toml's
        overrides), over what its outline read."""
        a, b = parse(read(path_a)), parse(read(path_b))
        if a.text == b.text:
            raise FazhiError(path_b, f"the same text as report A ({path_a}): review it against another report, "
                                     f"or alone (one file)")
        return cls._open(a, b, reviewer, rubric, sessions_dir, start_side, names)

    @classmethod
    def open_single(cls, path_b: str, reviewer: str, rubric: Rubric, sessions_dir: str | Path = "sessions",
                    names: Names | None = None) -> Review:
        """The review of one report alone (a government's first report in a round: nothing earlier to read it
        against). Side A is `empty_outline()`, so every section of B shows as "added"; a new session starts on
        side B, and side A refuses scores (`is_single`). The session is an ordinary one whose report A is the
        empty text (EMPTY_SHA256): opening again continues it, and aggregation pools B's scores."""
        return cls._open(empty_outline(), parse(read(path_b)), reviewer, rubric, sessions_dir, "b", names)

    @classmethod
    def _open(cls, a: Outline, b: Outline, reviewer: str, rubric: Rubric, sessions_dir: str | Path,
              start_side: str, names: Names | None = None) -> Review:
        """`open` once the reports are read: the reviewer's session for the two texts, or a new one."""
        given = names or {}
        a, b = (_named(o, *given[side]) if side in given else o for side, o in (("a", a), ("b", b)))
        refs = {"a": ref_of(a), "b": ref_of(b)}
        work, unread = _pair_work(sessions_dir, reviewer, rubric, refs)
        found = find_session(sessions_dir, reviewer, refs["a"], refs["b"], work)
        if found is None:
            view = ViewState(side=start_side)
            session = Session(reviewer=reviewer, reports=refs, rubric_id=rubric.id, rubric_version=rubric.version,
                              view=view)
            # the same two reports the other way round: a session apart, its annotations and pins not here (walk28:
            # the reviewer thought them lost)
            swapped = [path for path, other in work if other.pair_key == (refs["b"].sha256, refs["a"].sha256)]
            return cls(a, b, rubric, session, sessions_dir, base=Work.of(session),  # (no file: no work in it)
                       notices=unread + [Notice("swapped", {"file": path.name}) for path in swapped[:1]]
                       + _carry_scores(session, work, rubric))
        session = found.session
        # a text headed as the session names it (a round's override named a report whose own text says no
        # government), as resume heads it (walk14 F8: "—" here, 营仔镇 2024 there)
        a, b = (o if side in given else _as_named(o, session.reports[side]) for side, o in (("a", a), ("b", b)))
        refs = {"a": ref_of(a), "b": ref_of(b)}
        _check_scores(session, rubric)
        loaded = Work.of(session)  # as the file holds it: what a merge compares with (a carried score is a change)
        carried = _carry_scores(session, work, rubric)
        notices = [_continued(session)]  # (what it holds now, carried levels in: walk29 counted them before)
        if found.others:  # a second window's copy: its work is pooled too, but not shown here (walk9 #2)
            notices.append(Notice("other_sessions", {"count": len(found.others), "file": found.others[0].name}))
        _describe_reports(session, refs, found.changed, sessions_dir)
        for side in given:  # and the names given for it
            session.reports[side] = replace(session.reports[side], government=refs[side].government,
                                            year=refs[side].year)
        return cls(a, b, rubric, session, sessions_dir, found.changed, notices + unread + carried, base=loaded)

    @classmethod
    def resume(cls, session_path: str | Path, rubric: Rubric, reviewer: str | None = None,
               sessions_dir: str | Path | None = None, report_dirs: list[str] | None = None) -> Review:
        """Reopen a session file. As another reviewer (`reviewer` differs): their work is never changed; mine is
        started from it when I have none for the pair, and when I have one the choice is left `pending`."""
        theirs = load_session(session_path, rubric=rubric)
        paths: list[str | None] = []
        for side in SIDES:
            ref = theirs.reports[side]
            if ref.sha256 == EMPTY_SHA256:  # report A of a single review: nothing to find
                paths.append(None)
                continue
            found = find_report(ref, Path(session_path), report_dirs)
            if found is None:  # (the path as a name: a line break in it broke the message's one line, fuzz54 F3)
                raise FazhiError(str(session_path), f"report {side.upper()} ({shown_name(ref.path or ref.sha256[:12])})"
                                                    f" not found: pass --report-dir DIR where it now lives")
            paths.append(str(found))
        a, b = (_read_for(session_path, side, path) if path else empty_outline() for side, path in zip(SIDES, paths))
        a, b = (_as_named(o, ref) for o, ref in ((a, theirs.reports["a"]), (b, theirs.reports["b"])))
        refs = {"a": ref_of(a), "b": ref_of(b)}
        for side, path in zip(SIDES, paths):
            if not same_report(theirs.reports[side], refs[side]):
                raise FazhiError(str(session_path), f"report {side.upper()} at {shown_name(path)} is now "
                                                    f"{refs[side].name}, not {theirs.reports[side].name}: pass "
                                                    f"--report-dir DIR where it lives")
        folder = Path(sessions_dir) if sessions_dir else Path(session_path).parent
        changed = tuple(side for side in SIDES if theirs.reports[side].sha256 != refs[side].sha256)
        if reviewer is None or reviewer == theirs.reviewer:
            _describe_reports(theirs, refs, changed, folder)
            loaded = Work.of(theirs)
            work, unread = _pair_work(folder, theirs.reviewer, None, refs)
            carried = _carry_scores(theirs, work, rubric)
            return cls(a, b, rubric, theirs, folder, changed, [_continued(theirs), *unread, *carried], base=loaded)
        work, unread = _pair_work(folder, reviewer, None, refs)
        mine = find_session(folder, reviewer, refs["a"], refs["b"], work)
        if mine is None:
            session = _copy_as(theirs, reviewer, refs)
            # my own latest levels of these reports where theirs has none (walk29: my level hidden until reopened)
            carried = _carry_scores(session, work, rubric)
            return cls(a, b, rubric, session, folder, changed,
                       [Notice("started_from", {"reviewer": theirs.reviewer}), *unread, *carried],
                       saved=recency(theirs))
        _check_scores(mine.session, rubric)
        _describe_reports(mine.session, refs, mine.changed, folder)
        return cls(a, b, rubric, mine.session, folder, mine.changed, [_continued(mine.session), *unread],
                   pending=Fork(mine.session, theirs))

    def resolve_fork(self, keep_mine: bool) -> None:
        """The reviewer's answer to `pending`: keep their own session, or replace it (undoably; the old file is kept
        beside it when saved, as `keep_replaced_as`) with a copy of the other reviewer's."""
        fork, self.pending = self.pending, None
        if fork is None or keep_mine:
            return
        if self.session.path is not None:
            self.keep_replaced_as = f"{self.session.path.name}.replaced-{now().strftime('%Y%m%dT%H%M%S')}.bak"
        with self._change("replace_with_theirs"):
            theirs = _copy_as(fork.theirs, self.session.reviewer, self.session.reports)
            # later than every word of mine it replaces (one that is later would count again); theirs were said on
            # their clock, which mine do not follow (read55 #4: a time without an offset, read as UTC, is hours ahead)
            seen = [score.updated for areas in self.session.scores.values() for score in areas.values()]
            when = later_than(*seen, *(t for areas in self.session.cleared.values() for t in areas.values()))
            for side in SIDES:  # their levels are my word now; mine they lack are cleared (copies elsewhere older)
                mine, kept = self.session.scores.get(side, {}), theirs.scores.get(side, {})
                for score in kept.values():
                    score.updated = when
                cleared = self.session.cleared.setdefault(side, {})
                cleared.update((area, when) for area in mine if area not in kept)
                for area in kept:
                    cleared.pop(area, None)
            self.session.scores, self.session.annotations = theirs.scores, theirs.annotations
            self.session.pins, self.session.forbidden = theirs.pins, theirs.forbidden
        self.orphans = reanchor_all(self.session, {"a": self.a, "b": self.b})
        self.orphan_pins = self._orphan_pins()

    # alignment ----------------------------------------------------------------------------------------------
    def compute_alignment(self) -> AlignmentResult:
        """Align the two reports under the session's valid pins and forbidden pairs, and map both to the rubric's
        areas. Safe to run in a worker thread while the reviewer reads: it changes nothing but `aligner`, made
        once (or taken from `core.align.prepare`, an atomic pop)."""
        return AlignmentResult(self.solve(), {"a": map_areas(self.a, self.rubric), "b": map_areas(self.b, self.rubric)})

    def solve(self) -> Alignment:
        """The alignment under the session's valid pins and forbidden pairs (without the areas: a round's table
        counts its sections)."""
        pins, forbidden = self.valid_pins()
        if self.aligner is None:  # the similarities once; each pin or split only re-solves
            self.aligner = aligner_for(self.a, self.b, self.rubric)
        # A report past the aligner's bound aligns its top levels only: pins below them wait, never raise.
        aligned = (self.aligner.fa.by_id, self.aligner.fb.by_id)
        pins = [p for p in pins if p[0] in aligned[0] and p[1] in aligned[1]]
        forbidden = [p for p in forbidden if p[0] in aligned[0] and p[1] in aligned[1]]
        return self.aligner.solve(pins, forbidden)

    def apply(self, result: AlignmentResult) -> None:
        self.alignment, self.areas = result.alignment, result.areas
        self._own_figures.clear()  # (a one-sided section's own figures leave out its items paired now)

    @property
    def pairs(self) -> list[Pair]:
        return self.alignment.pairs if self.alignment else self._provisional

    def _provisional_pairs(self) -> list[Pair]:
        order_a, order_b = [s.id for s in self.a.walk()], [s.id for s in self.b.walk()]
        return [Pair(order_a[i] if i < len(order_a) else None, order_b[i] if i < len(order_b) else None, None, "pending")
                for i in range(max(len(order_a), len(order_b)))]

    def valid_pins(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The pins and forbidden pairs the alignment honours (the others are `orphan_pins`)."""
        bad = {(o.kind, o.a, o.b) for o in self.orphan_pins}
        return ([p for p in self.session.pins if ("pin", *p) not in bad],
                [p for p in self.session.forbidden if ("forbidden", *p) not in bad])

    def _orphan_pins(self) -> list[OrphanPin]:
        out = []
        seen: dict[str, set[str]] = {"a": set(), "b": set()}
        for kind, pairs in (("pin", self.session.pins), ("forbidden", self.session.forbidden)):
            for a_id, b_id in pairs:
                missing = [f"{side.upper()} has no section {sid}" for side, sid in (("a", a_id), ("b", b_id))
                           if self.section(side, sid) is None]
                saved = self.session.pin_headings.get((a_id, b_id))
                other = [f"{side.upper()}'s section {sid} is no longer «{saved[k]}»"
                         for k, (side, sid) in enumerate((("a", a_id), ("b", b_id)))
                         if saved and (s := self.section(side, sid)) and s.heading != saved[k]]
                if missing or other:
                    out.append(OrphanPin(kind, a_id, b_id, "; ".join(missing + other)))
                elif kind == "pin" and (a_id in seen["a"] or b_id in seen["b"]):
                    out.append(OrphanPin(kind, a_id, b_id, "a section pinned twice"))
                elif kind == "forbidden" and (a_id, b_id) in self.session.pins:  # a hand edit: the pin stands
                    out.append(OrphanPin(kind, a_id, b_id, "also pinned"))
                elif kind == "pin":
                    seen["a"].add(a_id)
                    seen["b"].add(b_id)
        return out

    @property
    def edits_applied(self) -> int:
        """How many of the reviewer's pins and splits the alignment honours (the others are `orphan_pins`)."""
        return len(self.session.alignment_edits) - len(self.orphan_pins)

    def orphan_pins_at(self, pair: Pair) -> list[OrphanPin]:
        """The reviewer's pins and splits left out of the alignment that name either section of `pair`."""
        return [o for o in self.orphan_pins if (pair.a and o.a == pair.a) or (pair.b and o.b == pair.b)]

    def section(self, side: str, section_id: str | None) -> Section | None:
        if section_id is None:
            return None
        return (self.a if side == "a" else self.b).find(section_id)

    def outline(self, side: str) -> Outline:
        return self.a if side == "a" else self.b

    def shown_status(self, pair: Pair) -> str:
        """The pair's status as the reviewer is shown it (`compare.shown_status`, by `text_changed`)."""
        return shown_status(pair.status, pair.status in ("matched", "moved") and self.text_changed(pair))

    @property
    def compares_years(self) -> bool:
        """Whether A and B are one government's reports (its years): what only one of them has was removed or added.
        Between two governments' reports (a peer), or where a government is not known, it is only in A or only in B."""
        return same_government(self.a, self.b)

    def status_term(self, status: str) -> str:
        """What a status (as `shown_status` gives it) is called here: "removed" and "added" between one government's
        years, "only_in_a" and "only_in_b" otherwise (nothing was removed from a peer's report)."""
        if status in ("removed", "added") and not self.compares_years:
            return "only_in_a" if status == "removed" else "only_in_b"
        return status

    @staticmethod
    def is_unmatched(pair: Pair) -> bool:
        return pair.a is None or pair.b is None

    def is_change(self, pair: Pair) -> bool:
        """What `n`/`N` stop at: a pair not matched in place (moved, added, removed, or not aligned yet), or a
        matched pair whose own text (its heading and body up to its first child, 一是 items included: each is a pair
        of its own) differs beyond spacing and the year shift between the two reports (`same_but_years`). The
        similarity is not asked: a parent whose children changed scores below 1 with its own text untouched, and a
        figure edited in a long section leaves it at 1 (figures are not among the alignment's features)."""
        return pair.status != "matched" or self.text_changed(pair)

    def text_changed(self, pair: Pair) -> bool:
        """Whether a pair's own text (its heading and body up to its first child) differs beyond spacing and the
        year shift between the two reports (`same_but_years`), whatever its status; False where a side is missing.
        Kept per pair: the first call compares."""
        key = (pair.a, pair.b)
        if key not in self._edited:
            sa, sb = self.section("a", pair.a), self.section("b", pair.b)
            self._edited[key] = sa is not None and sb is not None and own_text_changed(self.a, sa, self.b, sb)
        return self._edited[key]

    @property
    def year_shift(self) -> int:
        """How many years report B is after report A (0 when either year is unknown)."""
        return year_shift(self.a, self.b)

    def comparison(self, pair: Pair) -> Comparison | None:
        """Word diff and figures of a matched pair, computed once and kept (moving between pairs stays instant)."""
        if self.alignment is None or pair.a is None or pair.b is None:
            return None
        key = (pair.a, pair.b)
        if key not in self._comparisons:
            sa, sb = self.section("a", pair.a), self.section("b", pair.b)
            if sa is None or sb is None:
                return None
            self._comparisons[key] = compare_sections(self.a, sa, self.b, sb)
        return self._comparisons[key]

    def figures(self, pair: Pair) -> list[FigureChange]:
        """The figures a reviewer looks at in a pair: in a matched pair those that changed, appeared or went; in a
        section on one side only, all of its own (they came with it, or went with it), as added or removed, but
        those of its 一是 items paired with the other report's (walk32 #2: a split-off (一) listed every figure of its
        still-paired items as gone, "2次 → —")."""
        if pair.a is not None and pair.b is not None:
            comparison = self.comparison(pair)
            return [f for f in comparison.figures if f.status != "same"] if comparison else []
        side, sid = ("a", pair.a) if pair.a is not None else ("b", pair.b)
        section = self.section(side, sid) if sid is not None and self.alignment is not None else None
        if section is None:
            return []
        if (side, sid) not in self._own_figures:
            start, end = section_body(section)
            whole = self.outline(side).text
            text, at = [], start
            for item in section.children:
                paired = self.alignment.partner(side, item.id)
                if item.kind == "item" and item.end <= end and paired is not None and paired.a and paired.b:
                    text.append(whole[at:item.start])
                    at = item.end
            text = "".join(text) + whole[at:end]
            self._own_figures[side, sid] = compare_figures(text, "") if side == "a" else compare_figures("", text)
        return self._own_figures[side, sid]

    # scores -------------------------------------------------------------------------------------------------
    @property
    def is_single(self) -> bool:
        """A report reviewed alone (`open_single`): side A is empty and takes no scores."""
        return self.session.alone

    def set_score(self, side: str, area_id: str, level: int | None, note: str | None = None,
                  amend: bool = False) -> None:
        """Score report `side` on an area (None clears it); a level off the rubric's scale is refused. `note`: the
        score's note too, in the same change (a level given with the reason for it). `amend`: the level finishes the
        last change when that scored this very area (a level typed in two digits, 1 then 0, is one change: undo
        goes back to what was before the 1)."""
        area = self.rubric.area(area_id)
        if area is None:
            raise Refused("no_area", area=area_id)
        if side == "a" and self.is_single:
            raise Refused("single_side")
        if level is not None and not self.rubric.on_scale(level):
            raise Refused("off_scale", level=level, scale=self.rubric.scale_text)
        current = self.session.score(side, area_id)
        if current is None and level is None:
            raise Refused("not_scored", side=side.upper(), area=area_id)  # nothing cleared, nothing to write
        note = None if note is None else without_control(note)
        if (current.level if current else None) == level and (note is None or (current.note or "") == note):
            return
        subject = ("area", side, area_id)
        amending = amend and bool(self._undo) and self._undo[-1].label == "score" and self._undo[-1].subject == subject
        with self._change("score", subject):
            self.session.set_score(side, area_id, level, note)
        if amending:  # one change with the one before it: undo restores what was before that one
            self._undo.pop()

    def set_note(self, side: str, area_id: str, note: str) -> None:
        note = without_control(note)
        current = self.session.score(side, area_id)
        if current is None:
            raise Refused("note_needs_score")
        if (current.note or "") == note:
            return
        with self._change("note", ("area", side, area_id)):
            self.session.set_score(side, area_id, current.level, note)

    # annotations --------------------------------------------------------------------------------------------
    def annotate(self, side: str, section_id: str, start: int, end: int, note: str = "",
                 tags: list[str] | None = None) -> Annotation:
        """Annotate text[start:end] of report `side` (document offsets): `passage`."""
        outline = self.outline(side)
        if self.section(side, section_id) is None or not 0 <= start < end <= len(outline.text):
            raise Refused("nothing_to_annotate")
        start, end = self.passage(side, start, end)
        if not outline.text[start:end].strip():
            raise Refused("nothing_to_annotate")  # blanks alone are no passage
        with self._change("annotate", ("section", side, section_id)):
            an = make_annotation(side, section_id, outline.text, start, end, without_control(note), _tags(tags or []))
            self.session.annotations.append(an)
        return an

    def passage(self, side: str, start: int, end: int) -> tuple[int, int]:
        """The passage a selection of text[start:end] quotes: without a separator it ended on (a phrase step stops
        after 、 or ,), as the annotation form shows it and the annotation keeps it."""
        text = self.outline(side).text
        start, end = max(0, start), min(end, len(text))  # (offsets past the text: within it, not an IndexError)
        while end - 1 > start and text[end - 1] in _QUOTE_TRIMMED:
            end -= 1
        return start, end

    def edit_annotation(self, annotation_id: str, note: str, tags: list[str]) -> None:
        note, tags = without_control(note), _tags(tags)
        an = self.annotation(annotation_id)
        if (an.note, an.tags) == (note, tags):
            return
        with self._change("annotation_edit", ("section", an.side, an.section)):
            an = self.annotation(annotation_id)
            an.note, an.tags = note, list(tags)
            if annotation_id in self.session.inherited:  # (a copy's: no longer as the session it was saved from has it)
                self.session.inherited.remove(annotation_id)

    def delete_annotation(self, annotation_id: str) -> None:
        an = self.annotation(annotation_id)
        with self._change("annotation_delete", ("section", an.side, an.section)):
            self.session.annotations = [x for x in self.session.annotations if x.id != annotation_id]

    def annotation(self, annotation_id: str) -> Annotation:
        an = next((x for x in self.session.annotations if x.id == annotation_id), None)
        if an is None:
            raise Refused("no_annotation")
        return an

    def annotations_of(self, pair: Pair) -> list[Annotation]:
        return [an for an in self.session.annotations if an.section == (pair.a if an.side == "a" else pair.b)]

    # pins ---------------------------------------------------------------------------------------------------
    def pin(self, a_id: str, b_id: str) -> None:
        """Force A's section `a_id` to pair with B's `b_id` (one pin per section: older pins of either go)."""
        if self.section("a", a_id) is None or self.section("b", b_id) is None:
            raise Refused("pin_needs_sections")
        with self._change("pin", ("pair", a_id, b_id)):
            self.session.pins = [p for p in self.session.pins if p[0] != a_id and p[1] != b_id] + [(a_id, b_id)]
            self.session.forbidden = [p for p in self.session.forbidden if p != (a_id, b_id)]
        self.orphan_pins = self._orphan_pins()

    def unpin(self, a_id: str, b_id: str) -> None:
        if (a_id, b_id) not in self.session.pins:
            raise Refused("not_pinned")
        with self._change("unpin", ("pair", a_id, b_id)):
            self.session.pins = [p for p in self.session.pins if p != (a_id, b_id)]
        self.orphan_pins = self._orphan_pins()

    def split(self, a_id: str, b_id: str) -> None:
        """Never pair these two again (and drop their pin)."""
        with self._change("split", ("pair", a_id, b_id)):
            self.session.pins = [p for p in self.session.pins if p != (a_id, b_id)]
            if (a_id, b_id) not in self.session.forbidden:
                self.session.forbidden.append((a_id, b_id))
        self.orphan_pins = self._orphan_pins()

    def unsplit(self, a_id: str, b_id: str) -> None:
        """Let these two pair again: the split undone, the alignment deciding as before it (walk32 #1: once the
        window closed, undo could not reach a split, and nothing else undid it)."""
        if (a_id, b_id) not in self.session.forbidden:
            raise Refused("not_split")
        with self._change("unsplit", ("pair", a_id, b_id)):
            self.session.forbidden = [p for p in self.session.forbidden if p != (a_id, b_id)]
        self.orphan_pins = self._orphan_pins()

    def split_of(self, side: str, section_id: str) -> tuple[str, str] | None:
        """The split the section `section_id` of report `side` is a half of (the latest made), as (A id, B id)."""
        index = 0 if side == "a" else 1
        return next((p for p in reversed(self.session.forbidden) if p[index] == section_id), None)

    def is_pinned(self, pair: Pair) -> bool:
        return (pair.a, pair.b) in self.session.pins

    # undo ---------------------------------------------------------------------------------------------------
    @contextmanager
    def _change(self, label: str, subject: tuple = ()):
        """Around one change of the reviewer's work: remembered for undo (with what it was about), marked unsaved."""
        before = self._snapshot(label, subject)
        yield
        self._undo.append(before)
        self._redo.clear()
        self.unsaved = True

    def _snapshot(self, label: str, subject: tuple = ()) -> _Snapshot:
        return _Snapshot(label, *Work.of(self.session), subject=subject)

    def _restore(self, snap: _Snapshot) -> None:
        s = self.session
        s.scores, s.annotations, s.pins, s.forbidden, s.cleared = (snap.scores, snap.annotations, snap.pins,
                                                                   snap.forbidden, snap.cleared)
        self.orphan_pins = self._orphan_pins()
        self.unsaved = True

    def undo(self) -> _Snapshot | None:
        """Undo the last change; returns what was undone (its `label`), or None when there is nothing to undo."""
        return self._step(self._undo, self._redo)

    def redo(self) -> _Snapshot | None:
        return self._step(self._redo, self._undo)

    def _step(self, source: list[_Snapshot], target: list[_Snapshot]) -> _Snapshot | None:
        if not source:
            return None
        snap = source.pop()
        target.append(self._snapshot(snap.label, snap.subject))
        before = (list(self.session.pins), list(self.session.forbidden))
        self._restore(snap)
        snap.realign = before != (self.session.pins, self.session.forbidden)
        return snap

    # drafts -------------------------------------------------------------------------------------------------
    def keep_draft(self, draft: Draft | None) -> None:
        """Keep what the reviewer typed in an open dialog (core.drafts); None: nothing typed there (no draft)."""
        if draft is None:
            self.drop_draft()
        else:  # (with the text its passage's offsets count in: the session's reference to it, not hashed again)
            drafts.keep(self.draft_path, replace(draft, text=self.session.reports[draft.side].sha256))

    def draft(self) -> Draft | None:
        """What this window keeps of a dialog's typing (its own draft), if anything."""
        return drafts.load(self.draft_path)

    def take_draft(self) -> Draft | None:
        """A dialog's typing left unanswered when the pair was last open (the terminal or the tab closed on it), to
        offer: this window's own draft, else one a window gone left, made this window's (core.drafts.take)."""
        reports = self.session.reports
        return drafts.take(self.sessions_dir, self.session.reviewer, (reports["a"].sha256, reports["b"].sha256))

    def in_this_text(self, draft: Draft) -> bool:
        """Whether a draft's passage counts in the text of its report as it is now (a draft carried to a revised report
        does not: its offsets are the earlier text's; one that does not say, as fazhi wrote them before, is taken to)."""
        return draft.text in ("", self.session.reports[draft.side].sha256)

    def drop_draft(self) -> None:
        drafts.drop(self.draft_path)

    @property
    def draft_path(self) -> Path:
        reports = self.session.reports
        return drafts.draft_path(self.sessions_dir, self.session.reviewer, reports["a"].sha256, reports["b"].sha256)

    # saving -------------------------------------------------------------------------------------------------
    def save(self) -> Path:
        """Write the session now (core.store.save_session; raises FazhiError or SessionConflict, the changes stay
        unsaved in memory)."""
        self._note_pin_headings()
        kept = None  # (where the replaced session goes: beside the file itself, a link's target; a name of its own)
        if self.keep_replaced_as and self.session.path is not None:
            folder = Path(os.path.realpath(self.session.path)).parent
            kept = folder / unused_name(folder, self.keep_replaced_as.removesuffix(".bak"), ".bak")  # (monkey54 #5)
        backup_name = kept.name if kept else None
        try:
            path = save_session(self.session, directory=self.sessions_dir, backup_name=backup_name)
        except SessionConflict as conflict:
            if not self._only_moved_there(conflict.path):
                raise
            path = save_session(self.session, directory=self.sessions_dir, backup_name=backup_name)
        if kept:
            self.replaced_kept = kept if kept.exists() else None
        self.keep_replaced_as = None
        self.unsaved = False
        self._base = Work.of(self.session)
        return path

    def _only_moved_there(self, path: str | Path) -> bool:
        """Whether the session file at `path`, changed since this window read or wrote it (or made by another window
        for this pair), holds no work this window does not (core.merge.nothing_new): another window only saved where
        its reviewer was (a view written as it closed, with the levels it carried in at opening, as this window did).
        Its place gives way to this window's save, which takes the file as its own; no conflict is asked (serve54 #6:
        a tab closed after moving about made the other tab's next level ask "changed by another window")."""
        try:
            there = self._own_session(path)
        except (FazhiError, Refused):
            return False
        if not nothing_new(self._base, Work.of(self.session), Work.of(there)):
            return False
        self.session.path, self.session.fingerprint = Path(path), there.fingerprint
        return True

    def _note_pin_headings(self) -> None:
        """The headings of the pairs pinned and split, kept with them (`_refind_pins`); an orphan keeps those it was
        saved with (its ids may name other sections now)."""
        left_out = {(o.a, o.b) for o in self._orphan_pins()}
        kept = {}
        for key in (*self.session.pins, *self.session.forbidden):
            sa, sb = self.section("a", key[0]), self.section("b", key[1])
            if key not in left_out and sa and sb:
                kept[key] = (sa.heading, sb.heading)
            elif key in self.session.pin_headings:
                kept[key] = self.session.pin_headings[key]
        self.session.pin_headings = kept

    def save_copy(self, directory: str | Path | None = None) -> Path:
        """Save this window's session as a copy (core.store.save_copy), its annotations as the file held them named."""
        self._note_pin_headings()
        as_read = {an.id: an for an in self._base.annotations}
        inherited = [an.id for an in self.session.annotations if as_read.get(an.id) == an]
        path = save_copy(self.session, directory or self.sessions_dir, inherited)
        self.unsaved = False
        self._base = Work.of(self.session)
        return path

    def copy_folder(self) -> str:
        """A folder to offer for a copy when the session's own takes no file (core.store.copy_folder)."""
        return copy_folder(self.session, self.sessions_dir)

    def reload(self, path: str | Path | None = None) -> None:
        """Replace the in-memory session with what its file holds now (after another process saved it), or with the
        session file at `path`: the one another window created for this pair while this session had none yet (the
        conflict names it)."""
        self._take(self._own_session(path))
        self.unsaved = False

    def merge(self, path: str | Path | None = None) -> Merged:
        """Put this window's changes since it last read or wrote the session over what its file (or the file at
        `path`, which another window created for this pair) holds now: core.merge's rules. Unsaved until saved; undo
        starts afresh (a step back would take the other window's work with it)."""
        theirs = self._own_session(path)
        # placed and found as this window's were at its opening: words moved or ids renumbered are no change
        reanchor_all(theirs, {"a": self.a, "b": self.b})
        if theirs.pin_headings:
            _refind_pins(theirs, {"a": self.a, "b": self.b})
        base = Work.of(theirs)  # what the file holds: the next merge's starting point
        merged = merge_work(self._base, self.session, theirs)
        theirs.reports, theirs.view = self.session.reports, self.session.view  # where this window found the reports and is
        self._take(theirs, base)
        self.unsaved = True
        return merged

    def _own_session(self, path: str | Path | None) -> Session:
        """The session file at `path` (else this session's own file) as it is now, where it is this review's: this
        reviewer's, of these reports. What another reviewer's or another pair's session put there is not taken up
        (monkey53: reloaded, the next level was saved under the other reviewer's name): FazhiError, nothing changed."""
        path = path or self.session.path
        if path is None:
            raise Refused("no_file")
        theirs = load_session(path, rubric=self.rubric)
        if theirs.reviewer != self.session.reviewer or not all(
                same_report(theirs.reports[side], self.session.reports[side]) for side in SIDES):
            raise FazhiError(str(path), "is not this review's session (another reviewer's, or another pair of "
                                        "reports): left as it is")
        return theirs

    def _take(self, session: Session, base: Work | None = None) -> None:
        """Work on `session` from now on: its annotations placed, its pins checked, no undo; `base`, the work its file
        holds (`session` itself when it is the file's)."""
        self.session = session
        self.orphans = reanchor_all(session, {"a": self.a, "b": self.b})
        self.orphan_pins = self._orphan_pins()
        self._undo.clear()
        self._redo.clear()
        self._base = base if base is not None else Work.of(session)

    def remember_view(self, view: ViewState) -> None:
        self.session.view = view

    def close(self, moved: bool = False) -> Path | None:
        """Save what is unsaved, and where the reviewer was (`remember_view`) and where the reports are now when they
        `moved` through the reports since opening or a session file exists: so `resume` opens there. Such a view-only
        session holds no score: aggregate does not count it, and `updated` is left alone. Opening and closing without
        a change or a move writes nothing; nor does a move in a session started from another reviewer's (its scores
        are theirs until this reviewer changes something: written then, as theirs to build on). Where the reviewer was is not written
        over a file another window saved since (their work stands). Returns the session file, or None."""
        if self.unsaved:
            return self.save()
        exists = self.session.path is not None and self.session.path.exists()
        s = self.session
        if not exists and (any(s.scores.values()) or s.annotations or s.pins or s.forbidden):
            if s.path is None:
                return None  # work held but never saved: another reviewer's, copied
            # saved, and the file gone since (deleted, or its folder moved by hand): the work is written again rather
            # than dropped with "no changes" (monkey33 F2); unsaved until it is, so that a folder that takes no file
            # leads to the dialogs that offer a copy (read34 #1)
            s.fingerprint, self.unsaved = None, True
            return self.save()
        on_disk = load_session(self.session.path) if exists else None
        written = _texts_as_saved(self.session, on_disk)
        if (moved or exists) and (on_disk is None or _stale(on_disk, written)):
            # levels carried in from the reviewer's other sessions replace the file's: its last version is kept
            # (read54 #3: a level was removed with no copy left, by a clear whose computer's clock ran ahead)
            carried = on_disk is not None and _words(on_disk) != _words(written)
            try:
                path = save_session(written, directory=self.sessions_dir, touch=False, backup=carried)
                self.session.path, self.session.fingerprint = written.path, written.fingerprint  # (a copy written)
                return path
            except SessionConflict:  # another window saved since: its work stands; only where this one was is lost
                return self.session.path
        return self.session.path if exists else None

    # progress -----------------------------------------------------------------------------------------------
    def progress(self) -> dict[str, int]:
        """How far the reviewer is: areas scored per side, score notes, annotations."""
        scored = {side: len(self.rubric.area_ids) - len(self.unscored(side)) for side in SIDES}
        notes = sum(1 for areas in self.session.scores.values() for s in areas.values() if s.note)
        return {"a": scored["a"], "b": scored["b"], "areas": len(self.rubric.areas), "notes": notes,
                "annotations": len(self.session.annotations)}

    def unscored(self, side: str) -> list[str]:
        """The rubric's areas (ids, in its order) that report `side` has no score on yet."""
        return [area for area in self.rubric.area_ids if not self.session.score(side, area)]


def _refind_pins(session: Session, outlines: dict[str, Outline]) -> None:
    """Pins and splits on a revised report follow their sections: an id that now names a section of another heading
    moves to the one section holding the heading saved with it (a section inserted before it shifted the ids); where
    there is none, or two, the pair stays as it was and `Review._orphan_pins` leaves it out, saying why (at every
    opening: the session took the revised report's text at the first, and a pin left out then was applied at the next
    to whatever section held its id: reread7)."""
    by_heading = {side: _unique_headings(outlines[side]) for side in SIDES}
    for pairs in (session.pins, session.forbidden):
        for k, (a_id, b_id) in enumerate(pairs):
            saved = session.pin_headings.get((a_id, b_id))
            if not saved:
                continue  # saved before headings were kept: as it was
            ids = [a_id, b_id]
            for i, side in enumerate(SIDES):
                section = outlines[side].find(ids[i])
                if (section is None or section.heading != saved[i]) and saved[i] in by_heading[side]:
                    ids[i] = by_heading[side][saved[i]]
            if (ids[0], ids[1]) != (a_id, b_id):
                pairs[k] = (ids[0], ids[1])
                session.pin_headings[pairs[k]] = session.pin_headings.pop((a_id, b_id))


def _unique_headings(outline: Outline) -> dict[str, str]:
    """Heading → the id of the one section holding it (headings two sections share are left out)."""
    seen: dict[str, str | None] = {}
    for section in outline.walk():
        if section.heading:
            seen[section.heading] = None if section.heading in seen else section.id
    return {heading: sid for heading, sid in seen.items() if sid is not None}


def _tags(tags: list[str]) -> list[str]:
    """Tags as a session file keeps them: trimmed, without control characters, blank ones dropped (a blank tag
    would not load again)."""
    return [t for t in (without_control(t).strip() for t in tags) if t]


#: What a quote does not end with: the separators between phrases (and blanks).
_QUOTE_TRIMMED = "、,，;；:： \t\u3000"


def _pair_work(folder: str | Path, reviewer: str, rubric: Rubric | None,
               refs: dict[str, ReportRef]) -> tuple[list[tuple[Path, Session]], list[Notice]]:
    """The reviewer's sessions read for the pair `refs` (`store.reviewer_work`), and a notice for each broken file of
    theirs passed over because it names another pair."""
    skipped: list[FazhiError] = []
    work = reviewer_work(folder, reviewer, rubric, (refs["a"], refs["b"], skipped))
    return work, [Notice("other_pair_unreadable" if Path(e.path).is_file() else "not_a_session_file",
                         {"file": Path(e.path).name + (f":{e.line}" if e.line else ""),
                          "note": f"[{e.key}] {e.message}" if e.key else e.message})
                  for e in skipped]


def _carry_scores(session: Session, work: list[tuple[Path, Session]], rubric: Rubric) -> list[Notice]:
    """The reviewer's scores of these reports from their other sessions where those are what pooling counts (the
    latest) and this session says otherwise or nothing: last year's report scored as A in one review shows its scores
    when reviewed alone, and the reverse; a reviewer never holds two levels for one report and area while seeing one.
    In memory: written with the session's next save. A notice says how many."""
    here = os.path.realpath(session.path) if session.path else None

    def is_this(other: Session) -> bool:  # (a session reopened from its file is read again into `work`)
        return other is session or (here is not None and other.path is not None
                                    and os.path.realpath(other.path) == here)

    listed = any(is_this(s) for _, s in work)  # saved before: `latest_scores` weighed its own levels too
    # (weighed too when not: its own clears stand against older copies elsewhere, as pooling weighs them)
    weighed = work if listed else [*work, (session.path, session)]
    carried: list[tuple[str, str]] = []
    cleared: list[tuple[str, str]] = []
    for side, ref in session.reports.items():
        if ref.sha256 == EMPTY_SHA256:
            continue
        for area, (_, word, source) in latest_scores(weighed, ref.sha256, rubric).items():
            mine = session.scores.setdefault(side, {}).get(area)
            if is_this(source) or (mine is not None and not listed):  # a new session's own level is the latest
                continue
            if isinstance(word, Score):
                if not rubric.accepts(area, word.level):
                    continue
                if mine is not None and (mine.level, mine.note) == (word.level, word.note):
                    # the same word, said since elsewhere: its time is known here, unsaid (a level set next is later
                    # than it: read55 #1, a computer whose clock ran ahead had said it again)
                    if word.updated is not None and (mine.updated is None or word.updated > mine.updated):
                        session.scores[side][area] = replace(mine, updated=word.updated)
                    continue
                session.scores[side][area] = replace(word)
                session.cleared.get(side, {}).pop(area, None)
                carried.append((side, area))
            elif mine is not None:  # cleared in another review since: this copy of the level goes too
                del session.scores[side][area]
                session.cleared.setdefault(side, {})[area] = word
                cleared.append((side, area))
            else:  # cleared elsewhere and no level here: known, so that a level set here next is later (`later_than`)
                known = session.cleared.setdefault(side, {})
                known[area] = max(word, known.get(area, word))
    # which report's which area (walk29: "1 项评分" named neither)
    return [Notice(key, {"n": len(areas), "areas": tuple(areas)})
            for key, areas in (("scores_carried", carried), ("scores_cleared", cleared)) if areas]


def _continued(session: Session) -> Notice:
    when = session.updated or session.created
    try:
        shown = when.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError):  # a hand-edited date at the edge of time (year 1 or 9999) has no local time
        shown = when.strftime("%Y-%m-%d %H:%M %z")
    # everything the session carries, not the scores alone (walk6: pins, a split and 3 annotations went unsaid)
    notes = sum(bool(sc.note) for areas in session.scores.values() for sc in areas.values())
    said = {"date": shown, "scores": session.score_count, "notes": notes, "annotations": len(session.annotations),
            # the area held when they left, where keys score now (walk53 #3: levels typed from habit went to it)
            "held": ((session.view.side, session.view.area),) if session.view.held and session.view.area else ()}
    if session.alone:  # one report: no alignment to edit, so no "0 alignment edits" (walkthrough)
        return Notice("continued_single", said)
    return Notice("continued", {**said, "edits": len(session.alignment_edits)})


def _copy_as(theirs: Session, reviewer: str, refs: dict[str, ReportRef]) -> Session:
    """Another reviewer's work as the start of mine: their scores, notes, annotations and pins, my name, no file (and
    not their clears: a clear of theirs would outdate my levels of those reports in my other sessions)."""
    return replace(copy.deepcopy(theirs), reviewer=reviewer, reports=dict(refs), created=now(), updated=None,
                   path=None, fingerprint=None, cleared={side: {} for side in SIDES})
