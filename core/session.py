"""A reviewer's work on one report pair, as a TOML file that survives crashes and months.

Schema "fazhi.session/1" is documented in docs/session-format.md. Saving is atomic (temp file in the
same folder, fsync, os.replace, fsync the folder) and keeps the previous version as `<file>.bak`.
Loading validates everything and names the file and dotted key of each problem; a newer major
schema is refused, never half-read. Annotations carry their quote with 32 characters of context, so
when a report's text changes they are re-anchored (exact, then fuzzy with rapidfuzz) or kept as
orphans: never dropped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from fazhi.core import __version__
from fazhi.core.errors import FazhiError, toml_error

SCHEMA = "fazhi.session/1"
SCHEMA_MAJOR = 1
CONTEXT = 32
SIDES = ("a", "b")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class ReportRef:
    sha256: str
    path: str | None = None
    title: str | None = None
    government: str | None = None
    year: int | None = None


@dataclass
class Annotation:
    side: str
    section: str
    quote: str
    start: int  # code points into the report's extracted text
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = field(default_factory=now)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    orphan: bool = False  # could not be placed in the current text; kept, shown, never dropped

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


@dataclass
class Score:
    level: int
    note: str | None = None
    updated: str | None = None


@dataclass
class Session:
    reviewer: str
    reports: dict[str, ReportRef]
    rubric_id: str | None = None
    rubric_version: str | None = None
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)
    app_version: str = __version__
    pins: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    scores: dict[str, dict[str, Score]] = field(default_factory=lambda: {"a": {}, "b": {}})
    path: Path | None = None

    def set_score(self, side: str, area: str, level: int | None, note: str | None = None) -> None:
        """level None clears the score; a note alone keeps the level."""
        side_scores = self.scores.setdefault(side, {})
        if level is None:
            side_scores.pop(area, None)
        else:
            old = side_scores.get(area)
            side_scores[area] = Score(level, note if note is not None else (old.note if old else None), now())

    def score(self, side: str, area: str) -> Score | None:
        return self.scores.get(side, {}).get(area)


# ---------------------------------------------------------------------------------------- to / from

def to_toml(session: Session) -> str:
    data: dict = {"schema": SCHEMA, "app_version": session.app_version, "reviewer": session.reviewer,
                  "created": session.created, "updated": session.updated, "reports": {}}
    for side in SIDES:
        ref = session.reports[side]
        data["reports"][side] = {k: v for k, v in (("sha256", ref.sha256), ("path", ref.path), ("title", ref.title),
                                                  ("government", ref.government), ("year", ref.year)) if v is not None}
    if session.rubric_id:
        data["rubric"] = {"id": session.rubric_id, **({"version": session.rubric_version} if session.rubric_version else {})}
    if session.pins:
        data["pins"] = [{"a": a, "b": b} for a, b in session.pins]
    if session.forbidden:
        data["forbidden"] = [{"a": a, "b": b} for a, b in session.forbidden]
    if session.annotations:
        data["annotations"] = [
            {k: v for k, v in (("id", an.id), ("side", an.side), ("section", an.section), ("quote", an.quote),
                               ("prefix", an.prefix), ("suffix", an.suffix), ("start", an.start), ("note", an.note),
                               ("tags", an.tags), ("created", an.created)) if v not in (None, "", [])}
            for an in session.annotations]
    scores = {side: {area: {k: v for k, v in (("level", s.level), ("note", s.note), ("updated", s.updated)) if v is not None}
                     for area, s in session.scores.get(side, {}).items()} for side in SIDES}
    scores = {side: areas for side, areas in scores.items() if areas}
    if scores:
        data["scores"] = scores
    return tomli_w.dumps(data)


class _Check:
    """Collects problems as "file: [dotted.key] message"."""

    def __init__(self, path: str) -> None:
        self.path, self.problems = path, []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"[{key}] {message}")

    def get(self, table: dict, key: str, kind, dotted: str, required: bool = False):
        if key not in table:
            if required:
                self.fail(dotted, "missing")
            return None
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = {str: "a string", int: "an integer", list: "an array", dict: "a table"}
            self.fail(dotted, f"must be {names.get(kind, kind.__name__)}, not {type(value).__name__} {value!r}"[:160])
            return None
        return value

    def raise_if_any(self) -> None:
        if self.problems:
            if len(self.problems) == 1:
                raise FazhiError(self.path, f"invalid session: {self.problems[0]}")
            raise FazhiError(self.path, f"invalid session, {len(self.problems)} problems: " + "; ".join(self.problems))


def check_schema(value, path: str) -> None:
    if not isinstance(value, str) or not (m := re.fullmatch(r"fazhi\.session/(\d+)(?:\.\d+)*", value)):
        raise FazhiError(path, f"invalid session: [schema] expected {SCHEMA!r}, got {value!r}", key=None)
    if int(m.group(1)) > SCHEMA_MAJOR:
        raise FazhiError(path, f"session schema {value} is newer than this fazhi ({__version__}) can read "
                               f"({SCHEMA}); upgrade fazhi to open it")


def parse_toml_file(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FazhiError(str(path), "no such session file") from None
    except OSError as e:
        raise FazhiError(str(path), f"cannot read: {e.strerror or e}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FazhiError(str(path), "not UTF-8 text: not a session file") from None
    except tomllib.TOMLDecodeError as e:
        raise toml_error(str(path), e) from None


def from_dict(data: dict, path: str) -> Session:
    """A Session from parsed TOML; every problem named by dotted key."""
    check_schema(data.get("schema"), path)
    c = _Check(path)
    reviewer = c.get(data, "reviewer", str, "reviewer", required=True)
    reports_table = c.get(data, "reports", dict, "reports", required=True) or {}
    reports = {}
    for side in SIDES:
        t = c.get(reports_table, side, dict, f"reports.{side}", required="reports" in data)
        if t is None:
            continue
        sha = c.get(t, "sha256", str, f"reports.{side}.sha256", required=True)
        reports[side] = ReportRef(sha or "", c.get(t, "path", str, f"reports.{side}.path"),
                                  c.get(t, "title", str, f"reports.{side}.title"),
                                  c.get(t, "government", str, f"reports.{side}.government"),
                                  c.get(t, "year", int, f"reports.{side}.year"))
    rubric = c.get(data, "rubric", dict, "rubric") or {}
    session = Session(reviewer=reviewer or "", reports=reports,
                      rubric_id=c.get(rubric, "id", str, "rubric.id"),
                      rubric_version=str(rubric["version"]) if "version" in rubric else None,
                      created=str(data.get("created", "")) or now(), updated=str(data.get("updated", "")) or "",
                      app_version=str(data.get("app_version", "")))
    for key, target in (("pins", session.pins), ("forbidden", session.forbidden)):
        for i, pin in enumerate(c.get(data, key, list, key) or []):
            if isinstance(pin, dict) and isinstance(pin.get("a"), str) and isinstance(pin.get("b"), str):
                target.append((pin["a"], pin["b"]))
            else:
                c.fail(f"{key}[{i}]", "must be a table with string keys a and b")
    for i, an in enumerate(c.get(data, "annotations", list, "annotations") or []):
        key = f"annotations[{i}]"
        if not isinstance(an, dict):
            c.fail(key, "must be a table")
            continue
        side = c.get(an, "side", str, f"{key}.side", required=True)
        if side is not None and side not in SIDES:
            c.fail(f"{key}.side", f"must be 'a' or 'b', not {side!r}")
        quote = c.get(an, "quote", str, f"{key}.quote", required=True)
        start = c.get(an, "start", int, f"{key}.start", required=True)
        tags = c.get(an, "tags", list, f"{key}.tags") or []
        if side in SIDES and quote is not None and start is not None:
            session.annotations.append(Annotation(
                side=side, section=str(an.get("section", "")), quote=quote, start=start,
                prefix=c.get(an, "prefix", str, f"{key}.prefix") or "", suffix=c.get(an, "suffix", str, f"{key}.suffix") or "",
                note=c.get(an, "note", str, f"{key}.note") or "", tags=[str(t) for t in tags],
                created=str(an.get("created", "")), id=str(an.get("id") or uuid.uuid4().hex[:12])))
    scores_table = c.get(data, "scores", dict, "scores") or {}
    for side, areas in scores_table.items():
        if side not in SIDES:
            c.fail(f"scores.{side}", "unknown side: use scores.a or scores.b")
            continue
        if not isinstance(areas, dict):
            c.fail(f"scores.{side}", "must be a table of areas")
            continue
        for area, s in areas.items():
            key = f"scores.{side}.{area}"
            if not isinstance(s, dict):
                c.fail(key, "must be a table with level = <integer>")
                continue
            level = c.get(s, "level", int, f"{key}.level", required=True)
            if level is not None:
                session.scores.setdefault(side, {})[area] = Score(level, c.get(s, "note", str, f"{key}.note"),
                                                                   str(s["updated"]) if "updated" in s else None)
    c.raise_if_any()
    session.path = Path(path)
    return session


def load_session(path: str | Path) -> Session:
    p = Path(path)
    if p.is_dir():
        raise FazhiError(str(p), "is a folder, not a session file")
    return from_dict(parse_toml_file(p), str(p))


# -------------------------------------------------------------------------------------------- save

def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text).strip("_")[:40] or "x"


def session_filename(session: Session) -> str:
    """reviewer + a hash of the exact name (two reviewers never collide) + both reports."""
    who = f"{_slug(session.reviewer)}-{hashlib.sha256(session.reviewer.encode()).hexdigest()[:6]}"
    a, b = session.reports["a"], session.reports["b"]
    label = "__".join(_slug(f"{r.government or ''}{r.year or ''}") for r in (a, b))
    return f"{who}__{label}__{a.sha256[:8]}-{b.sha256[:8]}.toml"


def atomic_write_bytes(path: Path, payload: bytes, backup: bool = False) -> None:
    """Write via a temp file in the same folder, fsync, rename; the old file becomes path.bak."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        if backup and path.exists():
            fd2, tmp_bak = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".bak.tmp", dir=folder)
            os.close(fd2)
            shutil.copy2(path, tmp_bak)
            os.replace(tmp_bak, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def save_session(session: Session, path: Path | None = None, directory: Path | str = "sessions") -> Path:
    """Save atomically; refuses to overwrite a file that is not a readable session of ours."""
    target = Path(path) if path else (session.path or Path(directory) / session_filename(session))
    if target.exists() and target != session.path:
        try:
            load_session(target)
        except FazhiError as e:
            raise FazhiError(str(target), f"will not overwrite a file that is not a valid session ({e.message})") from None
    session.updated = now()
    atomic_write_bytes(target, to_toml(session).encode("utf-8"), backup=True)
    session.path = target
    return target


# -------------------------------------------------------------------------------------- annotations

def make_annotation(side: str, section: str, text: str, start: int, end: int, note: str = "",
                    tags: list[str] | None = None) -> Annotation:
    return Annotation(side=side, section=section, quote=text[start:end], start=start,
                      prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT],
                      note=note, tags=list(tags or []))


def first_sentence(outline, section) -> tuple[int, int]:
    """The default passage to annotate: the heading, or the first sentence of an untitled section."""
    if section.heading_end > section.heading_start:
        return section.heading_start, section.heading_end
    body = outline.text[section.body_start:section.body_end]
    stop = re.search(r"[。;!?\uff1b\uff01\uff1f\n]", body)
    return section.body_start, section.body_start + (stop.end() if stop else len(body))


def locate_passage(text: str, passage: str, start: int, end: int, min_score: float = 85.0) -> tuple[int, int] | None:
    """Where a passage stands in text[start:end]: exactly, else the best fuzzy alignment scoring at
    least `min_score` (rapidfuzz); None when there is none."""
    from rapidfuzz import fuzz

    pos = text.find(passage, start, end)
    if pos >= 0:
        return pos, pos + len(passage)
    hit = fuzz.partial_ratio_alignment(passage, text[start:end], score_cutoff=min_score)
    return (start + hit.dest_start, start + hit.dest_end) if hit else None


def reanchor(annotation: Annotation, text: str, min_score: float = 75.0) -> tuple[int, int] | None:
    """Where the annotated passage is in `text` now (Hypothesis' order: position, exact quote with
    context, then fuzzy); None when it cannot be placed with confidence."""
    from rapidfuzz import fuzz  # only re-anchoring needs it; keep session loading light

    quote = annotation.quote
    if not quote:
        return None
    if text[annotation.start:annotation.start + len(quote)] == quote:
        return annotation.start, annotation.start + len(quote)
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if hits:
        def context_score(pos: int) -> float:
            before = text[max(0, pos - len(annotation.prefix)):pos]
            after = text[pos + len(quote):pos + len(quote) + len(annotation.suffix)]
            closeness = 1 - abs(pos - annotation.start) / max(1, len(text))
            return 20 * fuzz.ratio(before, annotation.prefix) + 20 * fuzz.ratio(after, annotation.suffix) + 2 * closeness
        best = max(hits, key=context_score)
        return best, best + len(quote)
    # Fuzzy: find the region that looks like prefix+quote+suffix, then the quote inside it.
    probe = annotation.prefix + quote + annotation.suffix
    region = fuzz.partial_ratio_alignment(probe, text)
    lo = max(0, (region.dest_start if region else 0) - len(quote))
    hi = min(len(text), (region.dest_end if region else len(text)) + len(quote))
    return locate_passage(text, quote, lo, hi, min_score) or locate_passage(text, quote, 0, len(text), min_score)


def reanchor_all(session: Session, texts: dict[str, str]) -> list[Annotation]:
    """Place every annotation in the current texts; returns the orphans (kept in the session)."""
    orphans = []
    for an in session.annotations:
        text = texts.get(an.side)
        if text is None:
            continue
        where = reanchor(an, text)
        if where is None:
            an.orphan = True
            orphans.append(an)
        else:
            start, end = where
            an.orphan = False
            an.start, an.quote = start, text[start:end]
            an.prefix, an.suffix = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    return orphans


def find_report(ref: ReportRef, session_path: Path | None, extra_dirs: list[str] | None = None) -> Path | None:
    """The report file for a session side: at its path, or found by its text's sha256 next to the
    session or in folders the user names (a report that moved)."""
    from fazhi.core.report import SUFFIXES, read

    candidates: list[Path] = []
    if ref.path:
        candidates.append(Path(ref.path))
        if session_path and not Path(ref.path).is_absolute():
            candidates.append(session_path.parent / ref.path)
    for p in candidates:
        if p.is_file():
            try:
                if read(p).sha256 == ref.sha256:
                    return p
            except FazhiError:
                pass
    folders = [Path(d) for d in extra_dirs or []] + ([session_path.parent] if session_path else [])
    for folder in folders:
        for p in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if p.suffix.lower() in SUFFIXES and p.is_file():
                try:
                    if read(p).sha256 == ref.sha256:
                        return p
                except FazhiError:
                    continue
    # Same name, changed text: the caller re-anchors annotations against it.
    return next((p for p in candidates if p.is_file()), None)
