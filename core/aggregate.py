"""Many reviewers' sessions → per-report, per-area scores with their spread, agreement, a ranking, the reviewers'
notes and annotations, and the change from a government's previous year.

Pooling rule (contracts.md): for each reviewer, report and area the level from the session with the latest
`updated` counts (the file's modification time when it has none); a level the workbench set
carries its own `updated`, and is ordered by that time (core.session.word_order, which the scores carried into a
review follow too): of two sessions of one reviewer for one pair (a copy saved from a second window), the level set
last counts, not the one in the file saved last. Sessions without per-score times (contracts.md's) pool exactly by the
first rule among themselves; beside a workbench level, their session's time is compared with the time that level was
set. Two levels set at the same time (two windows, a copied session) are decided by what they say (the higher level,
then the note: core.session.word_order), never by the files' names, and when their levels differ the result says so
(`same_time`: how many files, three of them named). A level the reviewer cleared (`[cleared]`, with the time) is
their word too: where it is the latest, that reviewer has no level of that report and area (the copy carried into
another of their reviews does not count). A session that cannot be
read, or that the workbench would refuse (scored under another rubric, a level off the rubric's scale, an area the
rubric does not have: core.rubric.level_problems), is a problem named by file and key and left out. A session with
no score is not counted (opening a review and leaving it untouched is not a review), unless it holds annotations:
those are listed, and it is counted apart (`annotated`). Annotations come from each reviewer's latest session of each
review, listed review by review, A's before B's, in the order of the text (`_review_order`); latest among the copies
of one session (files sharing its `created`: copied by hand, or synced), whose later copy may have removed some: two
sessions begun apart (one review in two sessions folders; the copy the workbench saves after a conflict, begun anew:
core.store.save_copy) are both listed, an annotation they both hold once (walk16 F10: the older one's were dropped
without a word).

Sessions are read in chunks, each reduced at once to the latest value per reviewer × report × area (in a process
pool past PARALLEL_FROM files), so memory follows the number of distinct scores, not the number of files.
Statistics are in `Row`, agreement in core.agreement, files in core.export.

A round (core.round) restricts and names what is pooled: `aggregate_paths(…, reports=round.report_names(),
index=round.report_index())` keeps only the round's reports, named by the round's government (normalised, overrides
applied), year and title, and lists the round's reports nobody has scored yet (`unscored`). A session naming a
report by its file whose text a newer fazhi reads differently counts for it (`carried`); sessions with scores on a
report the round does not have are listed (`outside`), for the reviewer to be told which. Rows come in the ranking's
order; a ranked report carries the change of its weighted total from its government's previous reviewed year.
Governments are compared as a round compares them (core.round_names.government_key).
"""
from __future__ import annotations

import datetime as dt
import os
from array import array
from collections import Counter, defaultdict
from itertools import groupby
from math import fsum, sqrt
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.core.agreement import Agreement, agreement
from fazhi.core.errors import FazhiError
from fazhi.core.files import visible_files
from fazhi.core.name_order import name_order
from fazhi.core.record import field, record
from fazhi.core.rubric import Rubric, same_rubric
from fazhi.core.rounding import half_up
from fazhi.core.session import latest_true as _latest_true
from fazhi.core.session import (Score, keep_latest, last_word, load_session, reading_order, report_name, saved_at,
                                words)

if TYPE_CHECKING:  # only a round passes one: pooling a few sessions imports no name rules
    from fazhi.core.store import ReportIndex

#: sha256 of a report's text → (title, government, year): how a round names its reports.
ReportNames = dict[str, tuple[str | None, str | None, int | None]]

DISAGREEMENT_LEVELS = 2
#: From this many files on, sessions are parsed in a process pool (parsing TOML is nearly the whole cost).
PARALLEL_FROM = 400


@record
class Row:
    """One report on one area: the reviewers' levels and notes, and their statistics."""

    report_id: str  # the report's sha256
    report_title: str | None
    government: str | None
    year: int | None
    area: str
    n_reviewers: int
    mean: float
    median: float
    stdev: float | None  # sample standard deviation; None with one reviewer
    min: int
    max: int
    area_title: str = ""
    weight: float = 0.0
    disagreement: bool = False  # reviewers differ by DISAGREEMENT_LEVELS or more
    report_weighted_total: float | None = None
    reviewers: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # reviewer → the note on their score
    report_name: str = ""  # how people are shown it (session.report_name)
    rank: int | None = None  # the report's place in the ranking
    year_rank: int | None = None  # its place among the reports of its year (`Ranked.year_rank`)


@record
class PooledAnnotation:
    reviewer: str
    report_id: str
    side: str
    section: str
    quote: str
    note: str
    tags: list[str] = field(default_factory=list)
    report_name: str = ""  # how people are shown it (session.report_name; the report may have no score)
    #: the words annotated, where the report was revised under them since (Annotation.quote_annotated; "" if not)
    quote_annotated: str = ""
    orphan: bool = False  # not found in the report's text when its session was last opened (Annotation.orphan)
    start: int = 0  # where in the report's text it is (Annotation.start): its place in the reading order


@record
class Ranked:
    rank: int
    report_id: str
    report_name: str
    government: str | None
    year: int | None
    total: float | None  # weighted total, % of the weights of the areas scored
    areas_scored: int
    reviewers: int
    previous_year: int | None = None  # the government's nearest earlier year with a total
    change: float | None = None  # total − that year's total
    #: scored in every area of the rubric: ranked before the reports scored in some (`ranking`)
    complete: bool = True
    #: `change` compares years an area of which was scored by different reviewers (part of it may be who scored: walk28)
    reviewers_differ: bool = False
    #: the rank among the reports of its year, by the same rules (those of no known year among themselves): a round
    #: pools two years and more (each report's year before is scored too), and one list set 2023's among 2024's
    year_rank: int | None = None


@record
class YearChange:
    """The change of one area's mean from a government's previous reviewed year."""

    government: str
    year: int
    previous_year: int
    area: str
    mean: float
    previous_mean: float
    change: float
    report_id: str
    previous_report_id: str
    #: the two years were not scored by the same reviewers: part of `change` may be who scored, not the report (walk28)
    reviewers_differ: bool = False
    #: the mean of each reviewer's own change, over those who scored the area in both years (None: nobody did)
    same_reviewers_change: float | None = None


@record(frozen=True)
class Unscored:
    """A report of the round that nobody has scored yet, as the round names it."""

    report_id: str
    name: str
    government: str | None
    year: int | None
    title: str | None = None

    @property
    def order(self) -> tuple:
        """Listed as the views name it: by government (pinyin), then year, then name; a title's own start (a city's
        name before the government's) does not decide (walk5: every 区 came after every 镇)."""
        return name_order(self.government or self.name), self.year or 0, name_order(self.name)


@record
class Aggregate:
    """Sessions pooled (`aggregate_paths`): one row per report × area (n, mean, median, spread of the latest level of
    each reviewer), α per area and overall, rubric-weighted totals and the ranking, year-over-year changes, the
    reviewers' annotations; how many sessions counted, how many had no score (`untouched`), the files that could not
    be read (`problems`), and a round's reports nobody scored."""

    rows: list[Row]
    agreement: dict[str, Agreement]
    totals: dict[str, float | None]
    sessions: int  # sessions with at least one score
    ranking: list[Ranked] = field(default_factory=list)
    year_over_year: list[YearChange] = field(default_factory=list)
    annotations: list[PooledAnnotation] = field(default_factory=list)
    untouched: int = 0  # sessions without a score (not counted among `sessions`)
    #: of those, the sessions that hold annotations: a review all the same (its annotations are listed), so counted
    #: beside `sessions` where sessions are counted (`counted`): a header of "0 sessions" above its annotations read
    #: as if they came from nowhere (walk6 #6)
    annotated: int = 0
    problems: list[str] = field(default_factory=list)
    unscored: list[Unscored] = field(default_factory=list)  # a round's reports without any score, by name
    #: sessions counted that were scored under another version of the rubric pooled under, how many: pooled all the
    #: same where its areas and levels fit (`level_problems` refuses those that do not, and another rubric's)
    other_rubrics: dict[tuple[str, str], int] = field(default_factory=dict)
    #: pooling a round: the session files counted for a round's report they name by its file, not its text (a newer
    #: fazhi reads that file's text differently; `store.ReportIndex`), and those with scores on a report not in it
    carried: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    #: session files whose `updated` is later than now (CLOCK_SLACK allowed): ordered by their file's time instead
    future_dated: list[str] = field(default_factory=list)
    pooled_under: str = ""  # the rubric's id and version
    #: one reviewer's sessions of one report that set different levels at the same time: (reviewer, the report's name,
    #: the files, the file(s) whose levels count), decided by what they say (core.session.word_order), said beside the result
    same_time: list[tuple[str, str, list[str], list[str], int]] = field(default_factory=list)  # (…, how many files)
    #: several texts of the reports pooled that would be named alike (one report revised between two sessions, pooled
    #: outside its round): (the name they share, the first digits of each sha256 that now tells them apart)
    alike: list[tuple[str, list[str]]] = field(default_factory=list)
    #: where the sessions say each report's file is: sha256 → [(the path a session stored, that session's file)], the
    #: latest sessions' first, for a view to read its sections from (`store.files_named`; the file's text is checked
    #: against the sha256 there)
    report_files: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        """The sessions that are a review: with a score (`sessions`) or with annotations only (`annotated`)."""
        return self.sessions + self.annotated

    @property
    def notes(self) -> list[tuple[str, dict]]:
        """What the reviewer is told beside the result, none of it a failure: (a message id, its values), for the
        interface to say in its language (the id is tui/i18n's). A note on some sessions names their files
        (`files`, a list: the reviewer can tell which of their sessions it means)."""
        theirs = self.other_rubrics.items()
        out = [("agg_other_rubric", {"n": n, "rubric": f"{rubric_id} {version}".strip(), "ours": self.pooled_under})
               for (rubric_id, version), n in theirs]
        named = (("agg_carried", self.carried), ("agg_outside", self.outside), ("agg_future", self.future_dated))
        out += [(key, {"n": len(files), "files": files}) for key, files in named if files]
        # (where every file counts somewhere, one area's level from one and another's from the other, they are named once)
        out += [("agg_same_time" if set(chosen) != set(files) else "agg_same_time_each",
                 {"n": n, "reviewer": reviewer, "report": report, "files": files, "chosen": chosen})
                for reviewer, report, files, chosen, n in self.same_time[:SAME_TIME_SAID]]
        if len(self.same_time) > SAME_TIME_SAID:  # (generated sessions tie by the hundred: one line says the rest)
            out.append(("agg_same_time_more", {"n": len(self.same_time) - SAME_TIME_SAID}))
        out += [("agg_alike", {"n": len(ids), "report": name, "ids": ", ".join(ids)}) for name, ids in self.alike]
        return out


#: Reviewers' reports whose same-time sessions are named one by one beside the result; the others are counted.
SAME_TIME_SAID = 5
#: Places a report's file is named in, kept per report (`Aggregate.report_files`): those of its latest sessions (the
#: places of the first sessions read were kept, and where they named a folder since renamed the later sessions'
#: right places were never tried: reread11 R13).
FILES_KEPT = 3


# ---------------------------------------------------------------------------------------------- reading

class _Copies:
    """When each copy of each session was saved, by reviewer and review: a later copy holding no annotation on a side
    outdates an earlier copy's annotations there. Two floats a session in an array (when it was begun, when this copy
    was saved), read into a table only for a review whose annotations ask (an entry a side for every session made
    100,000 sessions take 1.2 GB; a table of floats, 9 MB more than the memory target allowed)."""

    def __init__(self) -> None:
        self._saved: dict[tuple[str, tuple], array] = {}
        self._latest: dict[tuple[str, tuple], dict[float, float]] = {}

    def add(self, review: tuple[str, tuple], begun: float, saved: float) -> None:
        self._saved.setdefault(review, array("d")).extend((begun, saved))
        self._latest.pop(review, None)

    def merge(self, other: _Copies) -> None:
        for review, saved in other._saved.items():
            self._saved.setdefault(review, array("d")).extend(saved)
            self._latest.pop(review, None)

    def latest(self, review: tuple[str, tuple], begun: float | str, default: float) -> float:
        """When the latest copy of the session begun at `begun` was saved (`default` for one not added)."""
        if review not in self._latest:
            table: dict[float, float] = {}
            saved = self._saved.get(review, array("d"))
            for lineage, when in zip(saved[::2], saved[1::2]):
                if table.get(lineage, when) <= when:
                    table[lineage] = when
            self._latest[review] = table
        return self._latest[review].get(begun, default)

    def __getstate__(self):  # (sent back from a pool's worker: the arrays only)
        return self._saved

    def __setstate__(self, saved) -> None:
        self._saved, self._latest = saved, {}


@record
class _Pool:
    """What pooling keeps of any number of sessions: only the latest value per key."""

    levels: dict[tuple[str, str, str], list] = field(default_factory=dict)
    # (reviewer, report, area) → [latest level with its own time, latest without], each (word_order's order, level
    # (None: cleared), note, session file, the files that set other levels at that time or None: `keep_level`) or None
    meta: dict[str, tuple[str | None, str | None, int | None]] = field(default_factory=dict)
    annotations: dict[tuple[str, tuple, str, str, float | str], tuple[tuple[float, list], list[PooledAnnotation]]] = \
        field(default_factory=dict)
    # (reviewer, review: (report A, report B), side, its report, its session's lineage: when it was begun, or its file
    # where it does not say) → ((instant, what they say), the annotations of that side in the latest copy holding some)
    copies: _Copies = field(default_factory=_Copies)  # when each copy of each session was saved
    sessions: int = 0
    untouched: int = 0
    annotated: int = 0  # of the untouched, those with annotations
    problems: list[str] = field(default_factory=list)
    rubrics: dict[tuple[str, str], int] = field(default_factory=dict)  # (id, version) → sessions counted
    index: ReportIndex | None = None  # a round's reports: sessions' sides are counted as the one they name
    carried: list[str] = field(default_factory=list)  # session files, as `Aggregate`'s
    outside: list[str] = field(default_factory=list)
    future_dated: list[str] = field(default_factory=list)
    latest_true: dt.datetime = field(default_factory=_latest_true)
    named_by_round: bool = False  # `restrict`ed to a round's reports, named as the round names them
    #: as `Aggregate.report_files`, each place with the time of the latest session naming it: latest first
    files: dict[str, list[tuple[float, tuple[str, str]]]] = field(default_factory=dict)

    def add_file(self, path: Path, rubric: Rubric) -> None:
        try:
            # with the levels the workbench refuses to open, which pooling refuses to count
            s = load_session(path, to_save=False, rubric=rubric)
        except FazhiError as e:
            self.problems.append(str(e))
            return
        shas = {side: ref.sha256 for side, ref in s.reports.items()}
        scored, carried = bool(s.score_count), False
        if self.index is not None:
            found = {side: self.index.find(ref, path) for side, ref in s.reports.items()}
            carried = any(sha not in (None, shas[side]) for side, sha in found.items())
            # scores on a report the round does not have (another round's, or one it cannot find): not pooled, said,
            # and not counted among the round's sessions (audit1)
            if any(s.scores.get(side) and sha is None for side, sha in found.items()):
                self.outside.append(str(path))
                scored = any(s.scores.get(side) and sha for side, sha in found.items())
            shas.update((side, sha) for side, sha in found.items() if sha)
        if not scored:  # nothing scored here (or at all): its annotations alone, if any, are listed
            self.untouched += 1
            if not s.annotations and not any(s.cleared.values()):  # (a clear here outdates a copy elsewhere)
                return
            self.annotated += bool(s.annotations)
        else:
            self.sessions += 1
            if s.rubric_id:
                scored_under = (s.rubric_id, s.rubric_version or "")
                self.rubrics[scored_under] = self.rubrics.get(scored_under, 0) + 1
        if carried:  # (said of the sessions pooled: one passed over above is not "pooled with it", reread8)
            self.carried.append(str(path))
        # A time later than now cannot be true (a clock set wrong, a hand edit): a session dated 9999 would be its
        # reviewer's latest for ever. It is ordered by its file's time, as one without a time, and counted for a note.
        if s.updated is not None and s.updated > self.latest_true:
            self.future_dated.append(str(path))
        when = saved_at(s, self.latest_true)
        review = (shas.get("a"), shas.get("b"))
        # a session's copies share the time it was begun (the instant, however its offset is written: a hand edit or
        # another tool may write it in local time); one that does not say it is a lineage of its own
        lineage = s.created.timestamp() if s.created_said else f"file {path}"
        # a copy saved after a conflict holds some annotations as the session it was saved from held them
        # (`Session.inherited`): pooled as that session's, at the time the copy took them (its later file, pooled too,
        # says what became of them: read55 #3, monkey54b A), the others as the copy's own
        branched = s.branched_from.timestamp() if s.created_said and s.branched_from is not None else None
        inherited = set(s.inherited) if branched is not None else set()
        # (what it holds of that session is of that session's time then, however often the copy is saved since)
        as_taken = min(when, s.branched_at.timestamp()) if s.branched_at is not None else when
        if s.created_said:
            self.copies.add((s.reviewer, review), lineage, when)
            if branched is not None:
                self.copies.add((s.reviewer, review), branched, as_taken)
        for side, ref in s.reports.items():
            sha = shas[side]
            title, government, year = self.meta.get(sha, (None, None, None))
            self.meta[sha] = (title or ref.title, government or ref.government, year or ref.year)
            if ref.path:
                self._keep_file(sha, when, (ref.path, str(path)))
            # (a session of another rubric holding levels was refused above: one here holds clears at most, which
            # are no word on this rubric's levels)
            for area, timed, order, word in (words(s, side, self.latest_true, when)
                                             if same_rubric(rubric, s.rubric_id) else ()):
                level, note = (word.level, word.note) if isinstance(word, Score) else (None, None)  # None: cleared
                self.keep_level((s.reviewer, sha, area), timed, (order, level, note, str(path), None))
            for of, held, at in ((lineage, False, when), (branched, True, as_taken)):
                notes = [PooledAnnotation(s.reviewer, sha, side, an.section, an.quote, an.note, list(an.tags),
                                          quote_annotated=an.quote_annotated, orphan=an.orphan, start=an.start)
                         for an in reading_order(s.annotations) if an.side == side and (an.id in inherited) == held]
                # kept per review: a report annotated in two reviews (as B of one, as A of the next) keeps both
                # the latest session's; two saved at the same time, by what they say, as levels are (word_order),
                # a session's own before what a copy holds of it
                said = [(an.section, an.quote, an.note, tuple(an.tags)) for an in notes]
                if notes:
                    self._keep(self.annotations, (s.reviewer, review, side, sha, of), ((at, (not held, said)), notes))

    def _keep_file(self, sha: str, when: float, where: tuple[str, str]) -> None:
        """Keep `where` (the stored path, the session naming it) if it is among the FILES_KEPT latest places (a few:
        100,000 sessions name one report's file). Sessions in one folder storing one path name one place (a stored path
        is read from its session's folder): the slots held it three times over (reread12 S4)."""
        places = self.files.setdefault(sha, [])
        same = (where[0], os.path.dirname(where[1]))
        for k, (then, place) in enumerate(places):
            if (place[0], os.path.dirname(place[1])) == same:
                if then >= when:
                    return
                del places[k]
                break
        if len(places) < FILES_KEPT or (when, where) > places[-1]:
            places.append((when, where))
            places.sort(reverse=True)
            del places[FILES_KEPT:]

    def outdated(self, key: tuple[str, tuple, str, str, float | str], when: float) -> bool:
        """Whether a later copy of the session that holds these annotations holds none on their side (one holding some
        would have taken their place)."""
        return when < self.copies.latest(key[:2], key[4], when)

    @staticmethod
    def _keep(table: dict, key, value) -> None:
        old = table.get(key)
        if old is None or value[0] > old[0]:  # the value's first item orders it
            table[key] = value

    def restrict(self, reports: ReportNames) -> None:
        """Keep only these reports, named as given (a round's names win over what the sessions say)."""
        self.levels = {k: v for k, v in self.levels.items() if k[1] in reports}
        self.annotations = {k: v for k, v in self.annotations.items() if k[3] in reports}
        self.files = {k: v for k, v in self.files.items() if k in reports}
        self.meta = {sha: tuple(mine or theirs for mine, theirs in zip(reports[sha], self.meta.get(sha, (None,) * 3)))
                     for sha in reports}
        self.named_by_round = True

    def keep_level(self, key, timed: bool, entry: tuple) -> None:
        """`session.keep_latest` (the rule the scores carried into a review follow too: two levels set at the same time
        are decided by what they say); where the two levels differ, both files join the set of files tied at that
        time, which the kept entry carries (a later level replaces it, and its ties with it) for the result to say.
        The set is added to in place: rebuilt (and sorted) at each tie, it made 100,000 generated sessions 1.4× slower."""
        slot = self.levels.get(key)
        i = 0 if timed else 1
        old = slot[i] if slot else None
        keep_latest(self.levels, key, timed, entry)
        if old is not None and old[0][:2] == entry[0][:2]:  # the same time: what they say decided
            tied = old[4] if old[4] is not None else entry[4]
            if tied is None and old[1] != entry[1]:
                tied = [0, set()]  # [how many files, the first TIED_NAMED of them]
            if tied is not None:
                if entry[4] is not None and entry[4] is not tied:  # (two pools' ties on one key: their files differ)
                    tied[0] += entry[4][0]
                    _name_some(tied[1], entry[4][1])
                if old[1] != entry[1]:
                    # each side's own file, unless the ties it carries count it already
                    new = [e[3] for e in (old, entry) if e[4] is None]
                    tied[0] += len(new)
                    _name_some(tied[1], new)
                kept = self.levels[key][i]
                self.levels[key][i] = (*kept[:4], tied)

    def merge(self, other: _Pool) -> None:
        for key, (timed, untimed) in other.levels.items():
            for flag, value in ((True, timed), (False, untimed)):
                if value is not None:
                    self.keep_level(key, flag, value)
        for key, value in other.annotations.items():
            self._keep(self.annotations, key, value)
        self.copies.merge(other.copies)
        for sha, (t, g, y) in other.meta.items():
            title, government, year = self.meta.get(sha, (None, None, None))
            self.meta[sha] = (title or t, government or g, year or y)
        for sha, places in other.files.items():
            for when, where in places:
                self._keep_file(sha, when, where)
        self.sessions += other.sessions
        self.untouched += other.untouched
        self.annotated += other.annotated
        self.problems += other.problems
        self.carried += other.carried
        self.outside += other.outside
        self.future_dated += other.future_dated
        for key, n in other.rubrics.items():
            self.rubrics[key] = self.rubrics.get(key, 0) + n


#: Files of a same-time tie named (the note names three and counts the rest): generated sessions tie by the dozen on
#: every key, and all their names held made 100,000 of them take 216 MB (target 200; 168 without).
TIED_NAMED = 3


def _name_some(named: set[str], files) -> None:
    for f in files:
        if len(named) >= TIED_NAMED:
            return
        named.add(f)


def _read_chunk(files: list[str], rubric: Rubric, index: ReportIndex | None = None) -> _Pool:
    pool = _Pool(index=index)
    for f in files:
        pool.add_file(Path(f), rubric)
    pool.index = None  # the caller has it: not sent back
    return pool


def _read_in_processes(files: list[str], rubric: Rubric, workers: int, index: ReportIndex | None):
    """Each worker reads a few large chunks of files (paths as strings: small to send) and returns them reduced
    (`_Pool`: the latest value per reviewer × report × area, small to send back); yields them in file order."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork: a worker starts in a millisecond with every module this process has imported (nothing is imported
    # again) and shares its memory pages. Forking is unsafe only while another thread runs (a lock it holds
    # stays held in the child forever): then forkserver, which forks from a clean process started once.
    methods = multiprocessing.get_all_start_methods()
    single = threading.active_count() == 1
    method = "fork" if single and "fork" in methods else "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["fazhi.core.aggregate"])
    size = max(50, -(-len(files) // (workers * 4)))  # four chunks per worker: even finish, few round trips
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        yield from executor.map(_read_chunk, chunks, [rubric] * len(chunks), [index] * len(chunks))


def session_files(paths: list[str]) -> tuple[list[str], list[str]]:
    """The session files named by `paths` (folders searched recursively for *.toml, as a round searches for reports:
    hidden files and folders passed over, .git, .trash, an editor's lock .#x.toml), each once however often it is
    named (`aggregate S S`, a file and its folder), and the paths not found or neither a file nor a folder (a link
    to a file that is not there too: it was dropped unsaid, audit1). Paths as strings: 100,000 Path objects held
    37 MB through the whole pooling, their strings a third of that."""
    files: list[str] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found, broken = _session_files_in(p)
            files.extend(found)
            problems.extend(broken)
        elif p.is_file():
            files.append(raw)
        elif p.exists():  # /dev/null, a pipe: there, but not "no such file"
            problems.append(f"{raw}: is a device or a pipe, not a file")
        else:
            problems.append(f"{raw}: no such file or folder")
    once, seen = [], set()
    for f in files:  # the first naming of each file, in order (resolved once: 100,000 sessions pass here)
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            once.append(f)
    return once, problems


def _session_files_in(folder: Path) -> tuple[list[str], list[str]]:
    found, problems = [], []

    def unreadable(e: OSError) -> None:
        problems.append(f"{e.filename}: cannot read this folder ({e.strerror or e}): its sessions are not pooled")

    for path in visible_files(folder, (".toml",), unreadable):
        if path.is_file():
            found.append(str(path))
        elif not path.exists():
            problems.append(f"{path}: a symbolic link to nothing (its target is missing, or links back to it)")
    # in the order Paths sorted them, part by part (王芳/… before 王芳-2/…: "/" sorts after "-" in a string, read56 #2)
    return sorted(found, key=lambda path: path.replace(os.sep, "\0")), problems


def aggregate_paths(paths: list[str], rubric: Rubric, workers: int | None = None,
                    reports: ReportNames | None = None, index: ReportIndex | None = None) -> Aggregate:
    """Pool every session file under `paths` (files or folders) against `rubric`; problems are collected in the
    result (`problems`), never raised. `reports`: only these reports, so named (a round's; module docstring);
    `index`: the round's reports as sessions name them (a session naming one by its file counts for it)."""
    files, problems = session_files(paths)
    workers = workers or os.cpu_count() or 1
    pool = _Pool(problems=problems, index=index)
    if len(files) >= PARALLEL_FROM and workers > 1:
        for part in _read_in_processes(files, rubric, workers, index):
            pool.merge(part)
    else:
        for f in files:
            pool.add_file(Path(f), rubric)
    if reports is not None:
        pool.restrict(reports)
    result = pooled(pool, rubric)
    result.future_dated, result.carried, result.outside = pool.future_dated, pool.carried, pool.outside
    if reports is None:
        return result
    scored = set(result.totals)
    result.unscored = sorted((Unscored(sha, report_name(g, y, t, sha), g, y, t) for sha, (t, g, y) in reports.items()
                              if sha not in scored), key=lambda u: u.order)
    return result


# ---------------------------------------------------------------------------------------------- pooling

def _tied_across(timed: tuple | None, untimed: tuple | None) -> list | None:
    """The files tied where a reviewer's latest level with its own time and latest without come from sessions saved at
    one time and differ: `last_word` decided by what they say, and the result says so as for two of one kind
    ([how many files, some of them named]: each side's own ties, or its own file)."""
    if timed is None or untimed is None or timed[0][1] != untimed[0][1] or timed[1] == untimed[1]:
        return None
    count, named = 0, set()
    for entry in (timed, untimed):
        n, files = entry[4] if entry[4] is not None else (1, [entry[3]])
        count += n
        _name_some(named, files)
    return [count, named]


def pooled(pool: _Pool, rubric: Rubric) -> Aggregate:
    levels: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # (report, area) → reviewer → level
    notes: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    ties: dict[tuple[str, str], tuple[list, set[str], set[str]]] = {}  # (reviewer, report) → ([n], files, counted)
    for (reviewer, report, area), slot in sorted(pool.levels.items(), key=lambda item: item[0]):
        _, level, note, path, tied = last_word(*slot)
        if level is None:  # the reviewer cleared it last
            continue
        tied = _tied_across(*slot) or tied
        levels[(report, area)][reviewer] = level
        if note:
            notes[(report, area)][reviewer] = note
        if tied:
            count, files, chosen = ties.setdefault((reviewer, report), ([0], set(), set()))
            count[0] = max(count[0], tied[0])  # (the areas of one report tie among the same files)
            files.update(tied[1])
            chosen.add(path)
    order = {a.id: i for i, a in enumerate(rubric.areas)}
    names, alike = _report_names(pool)
    rows = []
    for (report, area), by_reviewer in sorted(levels.items(), key=lambda x: (x[0][0], order.get(x[0][1], 99), x[0][1])):
        values = list(by_reviewer.values())
        title, government, year = pool.meta.get(report, (None, None, None))
        area_def = rubric.area(area)
        rows.append(Row(
            report_id=report, report_title=title, government=government, year=year, area=area,
            n_reviewers=len(values), mean=half_up(_mean(values), 4), median=_median(values),
            stdev=half_up(_stdev(values), 4) if len(values) > 1 else None, min=min(values), max=max(values),
            area_title=area_def.title_short if area_def else area, weight=area_def.weight if area_def else 0.0,
            disagreement=max(values) - min(values) >= DISAGREEMENT_LEVELS, reviewers=dict(sorted(by_reviewer.items())),
            notes=dict(sorted(notes.get((report, area), {}).items())),
            report_name=names[report]))
    totals = weighted_totals(rows, rubric)
    ranked = ranking(rows, totals, rubric)
    place = {r.report_id: (i, r.rank, r.year_rank) for i, r in enumerate(ranked)}
    for row in rows:
        row.report_weighted_total = totals.get(row.report_id)
        row.rank, row.year_rank = place[row.report_id][1:]
    rows.sort(key=lambda r: place[r.report_id][0])  # stable: the rubric's order of areas within a report
    for _, notes_of_report in pool.annotations.values():
        for an in notes_of_report:
            an.report_name = names[an.report_id]
    # an annotation two sessions of a review both hold once; one that a session holds twice (the same words annotated
    # at two places) twice: as many times as the session holding it most does
    annotations, listed = [], Counter()
    ordered = sorted(((key, value) for key, value in pool.annotations.items() if not pool.outdated(key, value[0][0])),
                     key=_review_order(names, place))
    for _, sessions in groupby(ordered, key=lambda item: item[0][:4]):  # one reviewer's side of a review
        kept = []
        for key, ((when, _), notes_of_side) in sessions:
            here: Counter = Counter()
            for an in notes_of_side:
                said = (key[:4], an.section, an.quote, an.note, tuple(an.tags))
                here[said] += 1
                if here[said] > listed[said]:
                    kept.append(an)
            listed |= here
        annotations += sorted(kept, key=attrgetter("start"))  # in the text's order, whichever session holds it (R12)
    other_rubrics = {k: n for k, n in sorted(pool.rubrics.items()) if k != (rubric.id, rubric.version)}
    same_time = [(reviewer, names[report], sorted(files), sorted(chosen), count[0])
                 for (reviewer, report), (count, files, chosen) in sorted(ties.items())]
    return Aggregate(rows, agreement(levels, rubric.area_ids), totals, pool.sessions, ranked,
                     year_over_year(rows), annotations, pool.untouched, pool.annotated, pool.problems,
                     other_rubrics=other_rubrics, pooled_under=f"{rubric.id} {rubric.version}", same_time=same_time,
                     alike=alike,
                     report_files={sha: [where for _, where in places] for sha, places in pool.files.items()})


class _Names(dict):
    """sha256 → a report's name; one pooling has no meta of (an annotation's other side) is named by `report_name`."""

    def __missing__(self, sha: str) -> str:
        return report_name(None, None, None, sha)


def _report_names(pool: _Pool) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Each report's name (`report_name` of its government, year and title as pooling knows them), where several texts
    share one told apart by the first digits of each sha256; and the texts that may be one report: those that share a
    name and, outside a round (which names and pairs its reports), those of one government and year (a revision that
    changed the title too: reread10 R10). One report revised between two sessions, pooled outside its round, was
    ranked twice under one name, its change blank, unsaid (walk14 F9)."""
    names = {sha: report_name(government, year, title, sha) for sha, (title, government, year) in pool.meta.items()}
    texts: dict[str, list[str]] = defaultdict(list)
    for sha, name in sorted(names.items()):
        texts[name].append(sha)
    told_apart = {sha: f"{name} ({sha[:8]})" for name, shas in texts.items() if len(shas) > 1 for sha in shas}
    alike = {name: shas for name, shas in texts.items() if len(shas) > 1}
    if not pool.named_by_round:
        years: dict[str, list[str]] = defaultdict(list)
        for sha, (_, government, year) in sorted(pool.meta.items()):
            if government and year:
                years[f"{government} {year}"].append(sha)
        alike |= {said: shas for said, shas in years.items()
                  if len(shas) > 1 and not any(set(shas) <= set(named) for named in alike.values())}
    return _Names({**names, **told_apart}), sorted((said, [sha[:8] for sha in shas]) for said, shas in alike.items())


def _review_order(names: dict[str, str], place: dict[str, tuple[int, int | None]]):
    """The order pooled annotations are listed in: as a reviewer reads them in the workbench (its `M`: by report, by
    place in the text), review by review: the reviews as the ranking reads their later report B (then A; a review with
    annotations and no score after the ranked ones, by name: by pinyin, as pooling lists names everywhere), within one
    each reviewer's, report A's before B's, each in reading order. By report alone, B's came before A's whenever its
    name sorted first (walk6 #6: 东坑镇 2017 before 清溪镇 2024). Takes the items of `_Pool.annotations`."""
    def name(sha: str | None) -> str:
        return names[sha] if sha else ""

    def order(item: tuple[tuple[str, tuple, str, str, str], tuple]) -> tuple:
        (reviewer, (sha_a, sha_b), side, _, _), ((when, said), _) = item
        ranked = tuple(place.get(sha, (len(place), 0))[0] for sha in (sha_b, sha_a))
        # a review's sessions begun apart: the one saved first first (what they say if at one time)
        return ranked, name_order(name(sha_b)), name_order(name(sha_a)), reviewer, side, when, said
    return order


# A few levels each: plain arithmetic (the statistics module loads fractions and decimal, ~2 ms of start-up).
def _mean(values: list[int]) -> float:
    return fsum(values) / len(values)


def _median(values: list[int]) -> float:
    ordered, mid = sorted(values), len(values) // 2
    return float(ordered[mid]) if len(values) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _stdev(values: list[int]) -> float:
    """The sample standard deviation (n − 1), of two values or more."""
    mean = _mean(values)
    return sqrt(fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def weighted_totals(rows: list[Row], rubric: Rubric, exact: bool = False) -> dict[str, float | None]:
    """Per report: Σ weight × (mean − min) / (max − min) of the scale over the areas scored, as a percentage of their
    weights; to 2 places unless `exact` (from the levels themselves, not the rows' rounded means: a figure derived
    from rounded ones was a last digit off, 16.66 for 16.67: audit1)."""
    span = rubric.scale_max - rubric.scale_min
    by_report: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_report[r.report_id].append(r)
    totals: dict[str, float | None] = {}
    for report, rs in by_report.items():
        weights = sum(r.weight for r in rs)
        total = 100 * sum(r.weight * (_exact_mean(r) - rubric.scale_min) / span for r in rs) / weights \
            if weights and span else None
        totals[report] = total if exact or total is None else half_up(total, 2)
    return totals


def _exact_mean(row: Row) -> float:
    """The row's mean unrounded (`Row.mean` is to 4 places), for the figures made from it."""
    return _mean(list(row.reviewers.values())) if row.reviewers else row.mean


def ranking(rows: list[Row], totals: dict[str, float | None], rubric: Rubric) -> list[Ranked]:
    """Reports by weighted total, best first; the reports scored in every area of the rubric before those scored in
    some (a total of one area is no rival for one of ten), unscorable totals last; equal totals share a rank. The
    change from a government's previous year compares the two years' totals over the areas scored in both."""
    by_report: dict[str, list[Row]] = defaultdict(list)
    reviewers: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_report[r.report_id].append(r)
        reviewers[r.report_id] |= set(r.reviewers)
    every = set(rubric.area_ids)
    partial = {rid: not every <= {r.area for r in rs} for rid, rs in by_report.items()}
    order = sorted(by_report, key=lambda rid: (totals.get(rid) is None, partial[rid], -(totals.get(rid) or 0),
                                               name_order(by_report[rid][0].report_name)))
    key_of = _government_keys([rs[0] for rs in by_report.values()])
    by_government = _reports_by_year([rs[0] for rid, rs in by_report.items() if totals.get(rid) is not None], key_of)
    out: list[Ranked] = []
    last_of_year: dict[int | None, tuple[Ranked, int]] = {}  # year → its last report ranked, and how many so far

    def tied(before: Ranked, rid: str) -> bool:
        return before.total == totals.get(rid) and partial[before.report_id] == partial[rid]

    for i, rid in enumerate(order):
        r = by_report[rid][0]
        rank = out[-1].rank if out and tied(out[-1], rid) else i + 1
        before, n = last_of_year.get(r.year, (None, 0))
        year_rank = before.year_rank if before and tied(before, rid) else n + 1
        years = by_government.get(key_of[r.government], {}) if r.government in key_of and r.year else {}
        previous = max((y for y, other in years.items() if y < r.year and other), default=None)
        mine = years.get(r.year, rid) == rid  # not one of two reports of its year
        change = _change(by_report[rid], by_report[years[previous]], rubric) if previous and mine else None
        # the previous reviewed year even where no area was scored in both (no change then): a blank read as "no
        # previous year" (walk10)
        out.append(Ranked(rank, rid, r.report_name, r.government, r.year, totals.get(rid), len(by_report[rid]),
                          len(reviewers[rid]), previous if previous and mine else None, change, not partial[rid],
                          change is not None and _reviewers_differ(by_report[rid], by_report[years[previous]]),
                          year_rank))
        last_of_year[r.year] = (out[-1], n + 1)
    return out


def latest_year_first(year: int | None) -> tuple[bool, int]:
    """How a ranking of several years is read, a year at a time: the latest first, reports of no known year last."""
    return year is None, -(year or 0)


def _government_keys(rows: list[Row]) -> dict[str, str]:
    """The rows' government names → each as a round compares names (`round_names.government_key`); {} when the rows
    with a government hold fewer than two years: no previous year to find. The name rules, which compile many regexes
    (~18 ms), are loaded only where two different names may be one government: one name is itself (pooling a
    government's sessions, or a round of one year, starts faster)."""
    if len({r.year for r in rows if r.government and r.year}) < 2:
        return {}
    names = {r.government for r in rows if r.government}
    if len(names) == 1:
        return {name: name for name in names}
    from fazhi.core.round_names import government_key

    return {name: government_key(name) for name in names}


def _reviewers_differ(now: list[Row], before: list[Row]) -> bool:
    """Whether an area scored in both years was scored by other reviewers in one (the year-over-year table's flag,
    for the total's change): a reviewer who scored four areas this year and all ten the year before is not a panel that
    scored both (walk53 #2, where the reports' reviewers alone were compared)."""
    scored_before = {r.area: r.reviewers.keys() for r in before}
    return any(r.area in scored_before and r.reviewers.keys() != scored_before[r.area] for r in now)


def _change(now: list[Row], before: list[Row], rubric: Rubric) -> float | None:
    """The weighted total of `now` less that of `before`, both over the areas scored in both, rounded once (from the
    exact totals, audit1: 83.33 − 66.67 is a change of 16.67, 16.666… rounded); None if there are none."""
    common = {r.area for r in now} & {r.area for r in before}
    totals = weighted_totals([r for r in now + before if r.area in common], rubric, exact=True)
    if not common or None in totals.values():
        return None
    return half_up(totals[now[0].report_id] - totals[before[0].report_id], 2)


def _reports_by_year(rows: list[Row], key_of: dict[str, str]) -> dict[str, dict[int, str | None]]:
    """Each government's years (governments as `key_of` names them) → its report there, or None where the year has
    two different reports (a round's duplicate not yet chosen between): no change is measured against or for either,
    rather than against whichever came last."""
    reports: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        if r.government in key_of and r.year:
            reports[key_of[r.government]][r.year].add(r.report_id)
    return {gov: {year: next(iter(ids)) if len(ids) == 1 else None for year, ids in years.items()}
            for gov, years in reports.items()}


def year_over_year(rows: list[Row]) -> list[YearChange]:
    """For every government reviewed in two or more years: each area's mean against the nearest earlier year; where
    the two years' reviewers differ, flagged, with the change of those who scored both (one reviewer's severity is
    no change of the report)."""
    key_of = _government_keys(rows)
    report_of = _reports_by_year(rows, key_of)
    by_gov: dict[str, dict[int, dict[str, Row]]] = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        if r.government in key_of and r.year and report_of[key_of[r.government]].get(r.year) == r.report_id:
            by_gov[key_of[r.government]][r.year][r.area] = r
    out = []
    for government, years in sorted(by_gov.items()):
        ordered = sorted(years)
        for previous, year in zip(ordered, ordered[1:]):
            for area, row in years[year].items():
                before = years[previous].get(area)
                if before is not None:
                    both = row.reviewers.keys() & before.reviewers.keys()
                    own = [row.reviewers[who] - before.reviewers[who] for who in both]
                    out.append(YearChange(government, year, previous, area, row.mean, before.mean,
                                          half_up(_exact_mean(row) - _exact_mean(before), 4), row.report_id,
                                          before.report_id, row.reviewers.keys() != before.reviewers.keys(),
                                          half_up(sum(own) / len(own), 4) if own else None))
    return out
