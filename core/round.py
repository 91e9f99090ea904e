"""A review round: a folder of reports, each paired with the same government's report of the year before.

Contract:
- `scan(folder, round_file=None, progress=None, align=False)` finds every report under `folder` (any suffix in
  `formats.REPORT_SUFFIXES`: the readable ones, and .doc/.wps/.ofd, which are listed as unreadable with what to do;
  names starting with "." or "~$" — hidden files, Word's lock files — are not reports), reads
  government and year from its outline, applies the round file's overrides (an override whose file is not in the
  folder applies to the one report of that file name, said in `warnings`, when it corrects a government or year that
  report did not read otherwise: a report moved into another folder keeps its correction; a skip is not carried)
  and returns the `Round`. No report
  can crash it: a file that cannot be read (any FazhiError) is listed in `unreadable` with the reason.
- Reading is cached (`core.round_scan`: by the sha256 of each file's bytes and the code version, with a
  path + size + mtime fast path), so reopening an unchanged folder opens no report; alignment summaries are
  cached by the two texts' sha256s.
- Pairing (`plan`): governments are compared by `round_names.government_key`. Each report is paired with the
  government's nearest earlier year (the consecutive one when it exists; the years in between are the review's
  `gap` and the government's `missing_years`); the earliest is `single`. Two or more reports for one government
  and year are a duplicate group: when their texts are identical the round uses the first by path, otherwise
  the reviewer chooses (`skip = true` on the others in round.toml); until then each of them is a review of its own
  (`duplicate`, with a note; in the JSON under `pending_reviews`, not `reviews`: work done on one is never hidden)
  and the next year pairs past them, with a note saying so. round.toml's `[[pair]]`s add reviews of a report beside
  a peer's (another government's report: kind `peer`), besides its year-on-year review; one naming a file the round
  cannot use is said in `warnings`.
- `review_status(round, sessions_dir, reviewer)` says how far a reviewer is with each review, from the session
  files (`core.session`): the areas of the rubric scored for the review's report, in any session and on either
  side, less those the reviewer cleared after (`Session.cleared`, ordered as pooling orders them): what aggregation
  would pool for it (a session naming the report's file, whose text a newer fazhi reads differently, counts:
  `store.ReportIndex`). Files that cannot hold the reviewer's name are not parsed; `problems` names the others that
  could not be read.

(A little over 400 lines: the plan and the statuses share the model above; reading and caching the files is
core.round_scan's, the round file core.round_file's, the plan as text tui.render's `round_plan`.)
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from fazhi.core import round_scan
from fazhi.core.errors import FazhiError, printable, shown_name
from fazhi.core.name_order import name_order
from fazhi.core.record import field, record, replace
from fazhi.core.round_file import Override, RoundFile, create_round_file, default_path, load_round_file
from fazhi.core.round_names import government_key
from fazhi.core.session import EMPTY_SHA256, ReportRef
from fazhi.core.store import ReportIndex, written_since


@record
class RoundReport:
    """One file of the round and what it says about itself (after the round file's overrides)."""

    path: str  # as found under the folder given (the folder joined with `rel`)
    rel: str  # relative to the round's folder, "/" separated: what round.toml names
    sha256: str | None = None  # of the extracted text: identifies the report in sessions
    title: str | None = None
    government: str | None = None  # the normalised name (government_key)
    year: int | None = None
    reason: str | None = None  # why the report cannot be in the round
    missing: tuple[str, ...] = ()  # "government", "year": what could not be read from it (the reason, as data)
    overridden: bool = False
    skipped: bool = False
    note: str | None = None  # the note of its [[override]] in round.toml, for people (shown with the report)
    #: a digest of the outline's sections (levels, headings, texts): the same report saved as a page and as text (their
    #: texts differ by the page's menus and footer) has the same sections
    sections_digest: str | None = None
    #: why the file is no annual report (round_scan.not_a_report), unless round.toml names its government or year
    not_report: str | None = None

    @property
    def usable(self) -> bool:
        return not (self.reason or self.skipped)

    @property
    def shown(self) -> str:
        """`rel` as people are shown it (`errors.shown_name`: a name that is not UTF-8 read as GB18030)."""
        return shown_name(self.rel)


@record
class Review:
    """One report to review (b), against the government's previous report (a) when there is one."""

    b: RoundReport
    a: RoundReport | None
    gap: list[int] = field(default_factory=list)  # years missing between a and b
    note: str | None = None
    reviewers: list[str] = field(default_factory=list)
    alignment: dict[str, int] | None = None  # matched/moved/added/removed, when computed
    #: one of several different reports for its government and year, none chosen in round.toml yet
    duplicate: bool = False
    #: the government's report of a year before this one's is such a duplicate: A is the year before that (or none)
    after_duplicates: bool = False
    #: B read beside another government's report (round.toml's [[pair]]), not beside its own earlier year
    peer: bool = False

    @property
    def kind(self) -> str:
        return "peer" if self.peer else "pair" if self.a else "single"

    @property
    def government(self) -> str:
        return self.b.government or ""

    @property
    def id(self) -> str:
        """Stable across scans while the texts stay the same."""
        return f"{self.a.sha256[:12] if self.a else 'single'}-{self.b.sha256[:12]}"

    def open(self, reviewer: str, rubric, sessions_dir: str | Path):
        """The workbench's model of this review (core.review.Review): the pair, or B alone for a single."""
        from fazhi.core.review import Review as Workbench

        # what round.toml says a report is goes into the workbench's header and the session (its file name too)
        names = {side: (r.government, r.year) for side, r in (("a", self.a), ("b", self.b)) if r and r.overridden}
        if self.a is None:
            opened = Workbench.open_single(self.b.path, reviewer, rubric, sessions_dir, names)
        else:  # B is the report this review is about (this year's); A, last year's, is read beside it
            opened = Workbench.open(self.a.path, self.b.path, reviewer, rubric, sessions_dir, names=names)
        # a file replaced since the scan would open as another report under this review's row (fuzz2: 营仔镇 2025
        # under 清溪镇 2024), scored and counted as that one
        for planned, read in ((self.a, opened.a), (self.b, opened.b)):
            if planned is not None and read.sha256 != planned.sha256:
                raise FazhiError(planned.path, "changed since the round was read: read the round again")
        return opened

    def to_dict(self) -> dict:
        a, b = self.a, self.b
        return {"a": a.path if a else None, "b": b.path, "government": self.government,
                "year_a": a.year if a else None, "year_b": b.year, "kind": self.kind, "id": self.id,
                "sha256_a": a.sha256 if a else None, "sha256_b": b.sha256,
                "title_a": a.title if a else None, "title_b": b.title, "gap": self.gap,
                **({"government_a": a.government} if self.peer else {}),
                **({"note": self.note} if self.note else {}), "reviewers": self.reviewers,
                **({"alignment": self.alignment} if self.alignment is not None else {})}


@record
class DuplicateGroup:
    government: str
    year: int
    reports: list[RoundReport]
    uses: RoundReport | None  # None: the reviewer must choose in round.toml


@record
class Round:
    folder: str  # as given
    round_file: RoundFile
    reports: list[RoundReport]
    reviews: list[Review]
    duplicates: list[DuplicateGroup]
    missing_years: dict[str, list[int]]
    warnings: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> list[RoundReport]:
        return [r for r in self.reports if r.reason]

    @property
    def skipped(self) -> list[RoundReport]:
        """The reports round.toml leaves out (skip = true)."""
        return [r for r in self.reports if r.skipped]

    @property
    def unreadable_to_fix(self) -> list[RoundReport]:
        """The unreadable reports round.toml does not skip: a skipped one is a choice made, no longer a problem."""
        return [r for r in self.unreadable if not r.skipped]

    def waiting(self) -> tuple[int, int]:
        """What waits for the reviewer in round.toml: (reports whose government or year could not be read, not
        skipped; governments and years with different reports and none chosen)."""
        return len(self.unreadable_to_fix), sum(g.uses is None for g in self.duplicates)

    def review(self, review_id: str) -> Review | None:
        return next((r for r in self.reviews if r.id == review_id), None)

    def report_names(self) -> dict[str, tuple[str | None, str | None, int | None]]:
        """sha256 → (title, government, year) of every report the round reviews: how pooling names them
        (core.aggregate: overrides applied, governments normalised; a duplicate not yet chosen between is named
        with its file too)."""
        undecided = {r.b.sha256 for r in self.reviews if r.duplicate}

        def title(r: RoundReport) -> str | None:
            return " ".join(filter(None, (r.title, f"({r.shown})"))) if r.sha256 in undecided else r.title

        return {r.b.sha256: (title(r.b), r.b.government, r.b.year) for r in self.reviews}

    def report_index(self) -> ReportIndex:
        """The round's reports as sessions find them (`store.ReportIndex`: by text, or by file read anew)."""
        return ReportIndex.of([(ReportRef(r.sha256, r.path, r.title, r.government, r.year), r.rel)
                               for r in self.reports if r.usable and r.sha256])

    def without_latest_year(self) -> tuple[int | None, dict[str, int]]:
        """The round's latest year, and the governments whose last report is older (→ that report's year)."""
        latest = max((r.year for r in self.reports if r.usable), default=None)
        last_year: dict[str, int] = {}
        for r in self.reports:
            if r.usable:
                last_year[r.government] = max(last_year.get(r.government, 0), r.year)
        return latest, {g: last_year[g] for g in sorted(last_year, key=name_order) if latest and last_year[g] < latest}

    def undecided(self) -> list[tuple[str, int, int, list[str]]]:
        """Each government and year with several different reports and none chosen yet (each is reviewed and pooled
        apart, named by its file, until round.toml skips all but one): (government, year, how many different texts,
        the files as shown), for the caller to say in its language."""
        return [(g.government, g.year, len({r.sha256 for r in g.reports}), [r.shown for r in g.reports])
                for g in self.duplicates if g.uses is None]

    def queue(self, reviewer: str | None) -> list[Review]:
        """The reviews in the order a reviewer works through them: their own share first, then the rest."""
        return sorted(self.reviews, key=lambda r: reviewer not in r.reviewers) if reviewer else list(self.reviews)

    def to_dict(self) -> dict:
        """`fazhi round DIR --json` (its contract's fields, docs/round-format.md), plus ids, sha256s, titles, gaps,
        notes, assignments."""
        latest, behind = self.without_latest_year()
        return {
            "folder": self.folder,
            "round_file": str(self.round_file.path) if self.round_file.exists else None,
            "reviews": [r.to_dict() for r in self.reviews if not r.duplicate],
            # each of several different reports for one government and year, reviewed until one is chosen
            "pending_reviews": [r.to_dict() for r in self.reviews if r.duplicate],
            "duplicates": [[r.path for r in g.reports] for g in self.duplicates],
            "duplicate_groups": [{"government": g.government, "year": g.year, "files": [r.path for r in g.reports],
                                  "uses": g.uses.path if g.uses else None,
                                  "reason": "identical texts" if g.uses else "different texts: choose in round.toml"}
                                 for g in self.duplicates],
            "unreadable": [{"path": r.path, "reason": r.reason} for r in self.unreadable],
            "missing_years": self.missing_years,
            "skipped": [r.path for r in self.skipped],
            "latest_year": latest,
            "without_latest_year": behind,
            "warnings": self.warnings,
        }


@record
class Progress:
    """Counts for a progress line: files found and read (fresh or from the cache), alignments."""

    files: int = 0
    read: int = 0
    cached: int = 0
    pairs: int = 0
    aligned: int = 0


ProgressFn = Callable[[Progress], None]


# ---------------------------------------------------------------------------------------------- scan

def scan(folder: str | Path, round_file: str | Path | None = None, progress: ProgressFn | None = None,
         align: bool = False, workers: int | None = None, rubric_path: str | None = None) -> Round:
    """The round of the reports under `folder` (every supported format, recursively): each read for government
    and year (cached by sha256, `workers` processes), `round.toml`'s overrides applied, paired with the same
    government's previous year (`plan`), and with `align` each pair aligned. `progress` is called as files are
    read and pairs aligned. FazhiError for a folder that is not one or a bad round file; an unreadable report is
    a problem of the round, never raised."""
    root = Path(folder)
    if not root.is_dir():
        raise FazhiError(str(folder), "no such folder" if not root.exists() else "not a folder")
    config = load_round_file(Path(round_file) if round_file else default_path(root))
    workers = workers or min(2, os.cpu_count() or 1)
    closed: list[OSError] = []  # sub-folders that could not be listed: their reports are missing from the round
    files = round_scan.find_reports(root, closed)
    count = Progress(files=len(files))
    report = progress or (lambda _: None)
    report(count)

    def files_read(read: int, cached: int) -> None:
        count.read, count.cached = read, cached
        report(count)

    metas = round_scan.read_folder(root, files, workers, files_read)
    reports = [_report(path, root, str(folder), meta) for path, meta in zip(files, metas)]
    result = plan(str(folder), reports, config)
    result.warnings += [f"{printable(Path(e.filename).relative_to(root).as_posix())}: cannot read this folder ({e.strerror or e}): "
                        f"its reports are not in the round" for e in closed]
    if align:
        def aligned(done_pairs: int, pairs: int) -> None:
            count.aligned, count.pairs = done_pairs, pairs
            report(count)

        align_reviews(result, progress=aligned, workers=workers, rubric_path=rubric_path)
    return result


def _report(path: Path, root: Path, folder: str, meta: dict) -> RoundReport:
    rel = path.relative_to(root).as_posix()
    shown = os.path.join(folder, *rel.split("/"))
    if "error" in meta:
        return RoundReport(shown, rel, reason=meta["error"])
    return RoundReport(shown, rel, meta["sha256"], meta["title"], meta["government"], meta["year"],
                       sections_digest=meta.get("sections"), not_report=meta.get("not_report"))


# ---------------------------------------------------------------------------------------------- plan

def plan(folder: str, reports: list[RoundReport], config: RoundFile) -> Round:
    """Overrides, then duplicates, pairs, gaps and assignments (the rules in the module docstring)."""
    warnings = []
    by_rel = {r.rel: r for r in reports}
    by_name: dict[str, list[RoundReport]] = defaultdict(list)
    for r in reports:
        if r.rel not in config.overrides:
            by_name[posixpath.basename(r.rel)].append(r)
    lost = Counter(posixpath.basename(file) for file in config.overrides if file not in by_rel)
    for file, o in config.overrides.items():
        r = by_rel.get(file)
        moved = by_name.get(posixpath.basename(file), []) if r is None and lost[posixpath.basename(file)] == 1 else []
        if r is None and len(moved) == 1 and _follows(o, moved[0]):
            # a report put in another folder keeps its correction (else its review is dropped: walk10), and is said
            r = moved[0]
            warnings.append(f"{config.path}: [[override]] file {o.file!r} is not in the round's folder: applied to "
                            f"{r.rel!r}, the one report of that name (moved?): write its new path in round.toml")
            o = replace(o, skip=False)  # (a choice among duplicates is made again: it may have been the one deleted)
        elif r is None:
            warnings.append(f"{config.path}: [[override]] file {o.file!r} is not a report of this round")
            continue
        r.overridden = True
        r.skipped = o.skip
        r.note = o.note
        r.government = o.government or r.government
        r.year = o.year or r.year
        if o.government or o.year:  # named: a report after all (a note alone does not make one: reread22 F10)
            r.not_report = None
    for r in reports:
        if r.reason:
            continue
        if r.not_report:  # (a notice or a page of links in the folder: gen22 F3)
            r.reason = f"not a report ({r.not_report}): if it is one, give its government and year in round.toml " \
                       "([[override]])"
            continue
        if r.government:
            r.government = government_key(r.government)
        if not (r.government and r.year):
            r.missing = tuple(w for w, v in (("government", r.government), ("year", r.year)) if not v)
            r.reason = f"no {' and '.join(r.missing)} found in the report: give it in round.toml ([[override]])"

    by_year: dict[str, dict[int, list[RoundReport]]] = defaultdict(lambda: defaultdict(list))
    for r in reports:
        if r.usable:
            by_year[r.government][r.year].append(r)
    duplicates = []
    chosen: dict[str, dict[int, RoundReport | None]] = {}
    for gov in sorted(by_year, key=name_order):  # as a reader looks for them: by pinyin
        chosen[gov] = {}
        for year, group in sorted(by_year[gov].items()):
            if len(group) == 1:
                chosen[gov][year] = group[0]
                continue
            # copies of one file, or one report in two formats (the same sections): the first is the report
            same = len({r.sha256 for r in group}) == 1 or (all(r.sections_digest for r in group)
                                                            and len({r.sections_digest for r in group}) == 1)
            uses = min(group, key=_original_first) if same else None
            duplicates.append(DuplicateGroup(gov, year, group, uses))
            chosen[gov][year] = uses

    reviews, missing_years = [], {}
    for gov, years in chosen.items():
        all_years = sorted(years)
        gaps = sorted(set(range(all_years[0], all_years[-1] + 1)) - set(all_years))
        if gaps:
            missing_years[gov] = gaps
        previous: RoundReport | None = None
        undecided: list[int] = []
        for year in all_years:
            b = years[year]
            gap = [y for y in gaps if previous and previous.year < y < year]
            if b is None:
                # every one of them is reviewed until the reviewer chooses: work done on one is never hidden
                first: dict[str, RoundReport] = {}  # the first file of each text: a copy is no second report
                for r in sorted(by_year[gov][year], key=_original_first):
                    first.setdefault(r.sha256, r)
                texts = list(first.values())
                note = (f"{gov} {year}: {len(texts)} different reports, none chosen yet: set skip = true on "
                        f"all but one in round.toml")
                reviews += [Review(r, previous, gap, note, duplicate=True) for r in texts]
                undecided.append(year)
                continue
            note = None
            if undecided:
                note = (f"{', '.join(map(str, undecided))}: several different reports, none chosen in round.toml; "
                        f"{'paired with ' + str(previous.year) if previous else 'scored alone'} until then")
            reviews.append(Review(b, previous, gap, note, after_duplicates=bool(undecided)))
            previous, undecided = b, []
    reviews += _peer_reviews(config, by_rel, warnings, {r.id for r in reviews})
    warnings += _assign(reviews, config)
    return Round(folder, config, reports, reviews, duplicates, missing_years, warnings)


def _peer_reviews(config: RoundFile, by_rel: dict[str, RoundReport], warnings: list[str], planned: set[str]) -> list[Review]:
    """round.toml's [[pair]]s: B reviewed beside a peer's report A. One naming a file the round cannot use, or two
    texts already a review of the round (`planned`, the ids: B's year before, or an earlier pair with a copy of A), is
    said: a review is listed once (fuzz6 F1: two rows of one id ended the round screen)."""
    reviews = []
    planned = set(planned)
    for peer in config.peers:
        a, b = by_rel.get(peer.a), by_rel.get(peer.b)
        unusable = [(file, r) for file, r in ((peer.a, a), (peer.b, b)) if r is None or not r.usable]
        for file, r in unusable:
            if r is None:
                close = difflib.get_close_matches(file, list(by_rel), n=1, cutoff=0.6)
                why = "is not a report of this round" + (f" (did you mean {close[0]!r}?)" if close else "")
            else:
                why = "is skipped" if r.skipped else f"cannot be read: {r.reason}"
            warnings.append(f"{config.path}: [[pair]] file {file!r} {why}")
        if unusable:
            continue
        if a.sha256 == b.sha256:
            warnings.append(f"{config.path}: [[pair]] files {peer.a!r} and {peer.b!r} hold one text: not a pair")
            continue
        review = Review(b, a, note=peer.note, peer=True)
        if review.id in planned:
            warnings.append(f"{config.path}: [[pair]] {peer.a!r} → {peer.b!r}: the round reviews these two texts "
                            "already (a year and the year before, or a copy of a file paired before): listed once")
            continue
        planned.add(review.id)
        reviews.append(review)
    return reviews


def _follows(o: Override, r: RoundReport) -> bool:
    """Whether an override whose file is gone follows `r`, the one report of its file name: when it corrects a
    government or year that `r` did not read otherwise (per-government folders of "2024年报告.txt" name many reports
    alike: another government's was skipped or renamed by one: reread9 H2). A skip alone follows nothing."""
    return bool(o.government or o.year) \
        and (not o.government or not r.government or government_key(r.government) == government_key(o.government)) \
        and (not o.year or not r.year or r.year == o.year)


#: A file name that says it is a copy: Windows' "X - 副本" / "X - Copy" / "复件 X", a browser's or Finder's "X (1)", "X copy".
_COPY_NAME = re.compile(r"副本|复件|\bcopy\b|[(（]\d+[)）]\s*$", re.I)


def _original_first(r: RoundReport) -> tuple[bool, str]:
    """Of reports with one text, the original before its copies ("清溪镇2024 - 副本.txt" sorts before
    "清溪镇2024.txt": walk10), then by path."""
    return bool(_COPY_NAME.search(posixpath.splitext(posixpath.basename(r.rel))[0])), r.rel


def _assign(reviews: list[Review], config: RoundFile) -> list[str]:
    """A reviewer's share: reviews whose later report is in `files`, or whose government is in `governments`. The
    warnings: each file or government named that is no review's (a misspelt name would assign nothing unsaid)."""
    warnings = []
    for assignment in config.assignments:
        files = {f.replace(os.sep, "/").removeprefix("./"): f for f in assignment.files}
        governments = {government_key(g): g for g in assignment.governments}
        for review in reviews:
            if (review.b.rel in files or review.government in governments) \
                    and assignment.reviewer not in review.reviewers:
                review.reviewers.append(assignment.reviewer)
        from fazhi.core.toml_check import did_you_mean  # (only with assignments: the schema's module)

        named = {r.b.rel for r in reviews}, {r.government for r in reviews}
        warnings += [f"{config.path}: [[assign]] for {assignment.reviewer}: {what} {given!r} is no review's "
                     f"(the later report of a review, or its government){did_you_mean(key, have)}"
                     for what, wanted, have in (("file", files, named[0]), ("government", governments, named[1]))
                     for key, given in wanted.items() if key not in have]
    return warnings


# ----------------------------------------------------------------------------------------- alignment

def align_reviews(round_: Round, progress: Callable[[int, int], None] | None = None, workers: int = 2,
                  rubric_path: str | None = None, cached_only: bool = False) -> None:
    """Fill each pair's `alignment` (section counts by status), from the cache or computed in worker processes;
    `cached_only`: from the cache alone (milliseconds), the others left as they are."""
    pairs = [r for r in round_.reviews if r.a]
    counts = round_scan.alignment_counts([(r.a.sha256, r.a.path, r.b.sha256, r.b.path) for r in pairs],
                                         workers, rubric_path, progress, cached_only)
    for review, c in zip(pairs, counts):
        review.alignment = c or review.alignment


def my_alignment(review: Review, reviewer: str, rubric, sessions_dir: str | Path) -> dict[str, int] | None:
    """The section counts of the alignment `reviewer` works with on the pair: their session's pins and splits
    applied, as the workbench shows it (the round's own counts are the automatic alignment's); None where none of
    them applies (their sections renamed or gone: the alignment is the automatic one, reread8)."""
    opened = review.open(reviewer, rubric, sessions_dir)
    return opened.solve().counts() if opened.edits_applied else None


# -------------------------------------------------------------------------------------------- status

@record(frozen=True)
class ReviewStatus:
    scored: int  # areas of the rubric scored for the review's report
    total: int  # areas in the rubric
    sessions: tuple[str, ...] = ()  # this reviewer's session files about the review's report
    #: the pins and splits of this reviewer's session for this very pair, as ("pin" | "forbidden", A id, B id): the
    #: alignment they work with is not the round's automatic one (`my_alignment`)
    edits: tuple[tuple[str, str, str], ...] = ()
    #: a report of the review was revised since the reviewer's session of it was saved (the session names it by its
    #: file, whose text is another now): their levels and notes were given on the earlier text, until they open it
    #: (walk10 F3: only the workbench said so, once, for a few seconds)
    revised: bool = False
    #: the reviewer's latest session of this very pair annotates this many passages
    annotations: int = 0
    #: a session of the reviewer's for this very pair holds work (a score on either side, an annotation, a pin or a
    #: split) though B has no score yet: begun, not "not started" (walk21 F6: it read as if the work was lost)
    begun: bool = False
    #: what the reviewer was typing in a dialog of this review (a note, an annotation) when the workbench closed on
    #: it is kept unsaved (core.drafts): the review opens with it (walkthrough: nothing said so before)
    draft: bool = False
    #: a session file of this review's could not be read, or holds a level the rubric refuses: its work is not
    #: counted until it is fixed (walk31 #4: the row read "not started" on a finished pair, as if the work were gone)
    broken: bool = False
    #: the levels counted come from sessions of other pairs only (the report scored as A of its next year's pair): the
    #: reviewer never opened this one (walk31 #5: "done" read as if this comparison had been made)
    elsewhere: bool = False

    @property
    def state(self) -> str:
        if self.scored >= self.total:
            return "done"
        return "in progress" if self.scored or self.begun else "not started"


@record
class RoundStatus:
    reviewer: str
    statuses: dict[str, ReviewStatus]  # by review id
    problems: list[str]  # session files that could not be read (skipped)
    #: the review of the reviewer's session saved last, if it is one of the round's: where they stopped (walk10 F7)
    last: str | None = None
    #: the reviewer's session files with scores on a report the round does not have (now: deleted, replaced, or
    #: another round's): not counted here nor pooled with the round, said (walk10 F5: the work left without a word)
    outside: list[str] = field(default_factory=list)

    def next_unfinished(self, round_: Round, after: str | None = None, order: list[Review] | None = None,
                        at: str | None = None) -> Review | None:
        """The first review not done in the reviewer's queue (or in `order`, e.g. as a screen sorts it) after the
        one with id `after`, or from the one with id `at` on (wrapping round). A review these statuses do not know (the
        round read again since: a report added or revised) is not done."""
        queue = order if order is not None else round_.queue(self.reviewer)
        start = next((i + (at is None) for i, r in enumerate(queue) if r.id == (after if at is None else at)), 0)
        return next((r for r in queue[start:] + queue[:start]
                     if (s := self.statuses.get(r.id)) is None or s.state != "done"), None)


def review_status(round_: Round, sessions_dir: str | Path, reviewer: str, rubric_path: str | None = None,
                  cached_only: bool = False) -> RoundStatus | None:
    """Each review's status for `reviewer`, from every session file under `sessions_dir` (searched recursively).
    `cached_only`: None where a session file would have to be parsed (`session_facts.read_facts`)."""
    from fazhi.core import drafts
    from fazhi.core.rubric import level_problems, load_rubric, same_rubric
    from fazhi.core.session import SIDES, believed_saved, keep_latest, last_word, latest_true, pair_named, word_order
    from fazhi.core.session_facts import read_facts

    rubric = load_rubric(rubric_path)
    index = round_.report_index()
    scored: dict[str, set[str]] = defaultdict(set)
    latest_word: dict[tuple[str, str], list] = {}  # (report, area) → `session.keep_latest`'s slot of (order, level)
    limit = latest_true().timestamp()
    files: dict[str, list[str]] = defaultdict(list)
    # (sha256 A, sha256 B) → (when saved, pins and splits, annotations) of the latest session
    latest: dict[tuple, tuple[dt.datetime, tuple, int]] = {}
    begun: set[tuple] = set()  # (sha256 A, sha256 B) of the pairs a session holds work on
    # (sha256 A, sha256 B) → the pairs its sessions name (a revised report's session names the earlier text, and so
    # does the draft kept with it: Review.draft_path)
    named: dict[tuple, set[tuple]] = defaultdict(set)
    read = read_facts(sessions_dir, reviewer, cached_only)
    if read is None:
        return None
    sessions, unreadable = read
    problems = [problem for _, problem in unreadable]
    broken = {pair_named(path) for path, _ in unreadable} - {None}  # (by its name: all that says which review)
    outside = []
    revised: set[tuple] = set()  # (sha256 A, sha256 B) of reviews a session of names by files since revised
    for path, session in sessions:
        short = _short_pair(session.reports["a"].sha256, session.reports["b"].sha256)  # as its file is named
        if refused := level_problems(session.scored, rubric, session.rubric_id):
            # another rubric's levels, or a level off the scale: the file is refused whole, as the workbench and pooling
            # refuse it, said as they say it (walk32 #3: "9/10 · 会话有误" counted the nine levels pooling left out)
            problems += [f"{path}: invalid session: [{key}] {message}" for key, message in refused]
            broken.add(short)
            continue
        # the report each side names: by its text, or by its file where a newer fazhi reads that text differently
        found = {side: index.find(ref, path) for side, ref in session.reports.items()}
        if any(session.scored.get(side) and sha is None for side, sha in found.items()):
            outside.append(str(path))
        shas = {side: found[side] or ref.sha256 for side, ref in session.reports.items()}
        # (every level left is one the rubric takes: a session holding another is refused whole above)
        accepted = {side: set(session.scored.get(side, {})) for side in SIDES if side in shas}
        saved = believed_saved(session.updated, session.file_written, limit)
        clears_count = same_rubric(rubric, session.rubric_id)  # (another rubric's clears are no word on this one's)
        for side, areas in accepted.items():
            files[shas[side]].append(str(path))
            for area, (when, level, note) in session.words.get(side, {}).items():
                if area in areas or (level is None and clears_count):  # the latest word counts, as pooling decides
                    timed, order = word_order(when, level, note, saved, limit)
                    keep_latest(latest_word, (shas[side], area), timed, (order, level))
        pair = (shas.get("a"), shas.get("b"))
        # the text read is another, and the file was written after the session: revised (a newer fazhi reading the
        # same file otherwise reads "another text" too, and no report was revised: reread8)
        if any(sha not in (None, session.reports[side].sha256) and written_since(index.by_sha[sha].path, session.saved)
               for side, sha in found.items()):
            revised.add(pair)
        named[pair].add((session.reports["a"].sha256, session.reports["b"].sha256))
        if pair not in latest or session.saved >= latest[pair][0]:  # the latest session's, as the workbench opens it
            latest[pair] = (session.saved, session.edits, session.annotations)
        if session.annotations or session.edits or any(accepted.values()):  # (reread22 F13)
            begun.add(pair)
    for (sha, area), slot in latest_word.items():
        if last_word(*slot)[1] is not None:
            scored[sha].add(area)
    pair_of = {r.id: (r.a.sha256 if r.a else EMPTY_SHA256, r.b.sha256) for r in round_.reviews}
    drafted = drafts.kept_for(sessions_dir, reviewer, {*pair_of.values(), *(p for ps in named.values() for p in ps)})
    statuses = {}
    for r in round_.reviews:
        pair = pair_of[r.id]
        _, edits, annotations = latest.get(pair, (None, (), 0))
        statuses[r.id] = ReviewStatus(len(scored[r.b.sha256]), len(rubric.areas), tuple(files[r.b.sha256]),
                                      edits if r.a else (), revised=pair in revised, annotations=annotations,
                                      begun=pair in begun, draft=bool({pair, *named[pair]} & drafted),
                                      broken=_short_pair(*pair) in broken,
                                      elsewhere=len(scored[r.b.sha256]) > 0 and pair not in latest)
    by_pair = {pair: review_id for review_id, pair in pair_of.items()}
    last = sorted(((saved, pair) for pair, (saved, *_) in latest.items() if pair in by_pair), key=lambda x: x[0])
    return RoundStatus(reviewer, statuses, problems, by_pair[last[-1][1]] if last else None, sorted(outside))


def _short_pair(sha_a: str, sha_b: str) -> tuple[str, str]:
    """A pair as a session file's name writes it (`session.pair_named`): A "" for a report reviewed alone."""
    return ("" if sha_a == EMPTY_SHA256 else sha_a[:8]), sha_b[:8]


# ------------------------------------------------------------------------------------------ round file

def write_template(round_: Round, say: Callable[[str], str] = str) -> tuple[int, int] | None:
    """Create the round file (when absent, and only when something needs the reviewer: a reports folder is not
    written into unasked) with stubs for what needs them; when written, how many stubs it holds of each kind: (reports
    whose government or year could not be read, governments and years with several reports to choose among). `say`:
    its words in the reader's language (`create_round_file`)."""
    todo = []
    for r in round_.unreadable_to_fix:
        fixable = r.sha256 is not None  # read, but government or year missing: an override fixes it
        todo.append((f"{r.rel}: {r.reason}", {"file": r.rel, **({"government": r.government or "",
                                                                 "year": r.year or 0} if fixable else {"skip": True})}))
    for g in round_.duplicates:
        if g.uses is None:
            todo += [(f"{g.government} {g.year} has {len(g.reports)} different reports: skip all but one",
                      {"file": r.rel, "skip": True}) for r in g.reports]
    return round_.waiting() if todo and create_round_file(round_.round_file.path, todo, say) else None
