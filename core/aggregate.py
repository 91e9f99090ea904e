"""Many reviewers' sessions → per-report, per-area scores, agreement, and files a department can use.

Agreement is Krippendorff's α at the ordinal level (rubric levels are ordered categories whose
distances are not equal), computed from the coincidence matrix so that missing scores cost nothing.
With no variation at all α is undefined: reported as such, never as a crash or a fake 1.0.
"""
from __future__ import annotations

import csv
import io
import json
import os
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from fazhi.core.errors import FazhiError
from fazhi.core.rubric import Rubric
from fazhi.core.session import Session, load_session

DISAGREEMENT_LEVELS = 2
COLUMNS = ["report_id", "report_title", "government", "year", "area", "n_reviewers", "mean", "median", "stdev",
           "min", "max", "area_title", "weight", "disagreement", "report_weighted_total", "reviewers"]


@dataclass
class Row:
    report_id: str
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


@dataclass
class Aggregate:
    rows: list[Row]
    agreement: dict[str, dict]
    totals: dict[str, float | None]
    sessions: int
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------- agreement

def krippendorff_alpha(units: list[list[int]], level: str = "ordinal") -> float | None:
    """α for units each holding the values different coders gave it; None when undefined."""
    values = sorted({v for unit in units if len(unit) >= 2 for v in unit})
    if len(values) < 2:
        return None
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        m = len(unit)
        if m < 2:
            continue
        counts = Counter(index[v] for v in unit)
        for c, nc in counts.items():
            for k, nk in counts.items():
                o[c, k] += nc * (nk - (c == k)) / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(len(values))
    elif level == "interval":
        v = np.array(values, dtype=float)
        delta = (v[:, None] - v[None, :]) ** 2
    elif level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, k = np.meshgrid(range(len(values)), range(len(values)), indexing="ij")
        lo, hi = np.minimum(i, k), np.maximum(i, k)
        delta = (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[k]) / 2) ** 2
    else:
        raise ValueError(f"unknown level of measurement {level!r}")
    expected = (n_c[:, None] * n_c[None, :] * delta).sum()
    if expected == 0:
        return None
    return float(1 - (n - 1) * (o * delta).sum() / expected)


def reading(alpha: float | None, units: int = 2) -> str:
    if units < 2:
        return "undefined (needs two or more reports each scored by two or more reviewers)"
    if alpha is None:
        return "undefined (no variation in the scores)"
    if alpha >= 0.8:
        return "reliable"
    if alpha >= 0.667:
        return "tentative"
    return "unreliable"


# ------------------------------------------------------------------------------------------ collect

def session_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files, problems = [], []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.toml") if f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(f"{raw}: no such file or folder")
    return files, problems


#: From this many files on, sessions are parsed in a process pool (TOML parsing is the whole cost).
PARALLEL_FROM = 400


class Scored(NamedTuple):
    """What pooling needs of one session, as plain tuples (cheap to pass between processes)."""

    updated: float  # POSIX time of the session's `updated` (its file's mtime when it has none)
    reviewer: str
    reports: tuple[tuple[str, str, str | None, str | None, int | None], ...]  # side, sha, title, government, year
    scores: tuple[tuple[str, str, int], ...]  # side, area, level

    @classmethod
    def of(cls, s: Session, updated: float) -> Scored:
        return cls(updated, s.reviewer,
                   tuple((side, r.sha256, r.title, r.government, r.year) for side, r in s.reports.items()),
                   tuple((side, area, sc.level) for side, areas in s.scores.items() for area, sc in areas.items()))


def _read_chunk(files: list[Path], scale: tuple[int, int]) -> list[Scored | str]:
    """Each file validated as `load_session` does, and its levels against the rubric's scale; a problem
    comes back as its message."""
    out: list[Scored | str] = []
    for f in files:
        try:
            s = load_session(f)
        except FazhiError as e:
            out.append(str(e))
            continue
        off_scale = [f"[scores.{side}.{area}.level] {sc.level} is outside the rubric's scale {scale[0]}..{scale[1]}"
                     for side, areas in s.scores.items() for area, sc in areas.items()
                     if not scale[0] <= sc.level <= scale[1]]
        if off_scale:
            out.append(f"{f}: invalid session: " + "; ".join(off_scale))
            continue
        out.append(Scored.of(s, _instant(s.updated) or f.stat().st_mtime))
    return out


def aggregate_paths(paths: list[str], rubric: Rubric, workers: int | None = None) -> Aggregate:
    files, problems = session_files(paths)
    scale = (rubric.scale_min, rubric.scale_max)
    workers = workers or os.cpu_count() or 1
    if len(files) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        size = max(50, len(files) // (workers * 4))
        chunks = [files[i:i + size] for i in range(0, len(files), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for chunk in pool.map(_read_chunk, chunks, [scale] * len(chunks)) for r in chunk]
    else:
        results = _read_chunk(files, scale)
    problems += [r for r in results if isinstance(r, str)]
    result = aggregate(sorted((r for r in results if not isinstance(r, str)), key=lambda r: r.updated), rubric)
    result.problems = problems
    return result


def _instant(updated: str | None) -> float | None:
    """An ISO time as an instant, whatever its offset (times without one are taken as UTC); None when absent
    or unreadable. Compared as strings, 10:00+08:00 would wrongly count as later than 03:00Z."""
    import datetime as dt

    if not updated:
        return None
    try:
        t = dt.datetime.fromisoformat(updated.strip())
    except ValueError:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)).timestamp()


def aggregate(sessions: list[Scored], rubric: Rubric) -> Aggregate:
    """Sessions in order of their `updated` time: a later session of the same reviewer wins."""
    latest: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # (report, area) → reviewer → level
    meta: dict[str, dict] = {}
    for s in sessions:
        sha_of = {}
        for side, sha, title, government, year in s.reports:
            sha_of[side] = sha
            m = meta.setdefault(sha, {"title": None, "government": None, "year": None})
            m["title"], m["government"], m["year"] = m["title"] or title, m["government"] or government, m["year"] or year
        for side, area, level in s.scores:
            if side in sha_of:
                latest[(sha_of[side], area)][s.reviewer] = level
    order = {a.id: i for i, a in enumerate(rubric.areas)}
    rows = []
    for (report, area), by_reviewer in sorted(latest.items(), key=lambda x: (x[0][0], order.get(x[0][1], 99), x[0][1])):
        levels = list(by_reviewer.values())
        area_def = rubric.area(area)
        rows.append(Row(
            report_id=report, report_title=meta[report]["title"], government=meta[report]["government"],
            year=meta[report]["year"], area=area, n_reviewers=len(levels),
            mean=round(statistics.fmean(levels), 4), median=float(statistics.median(levels)),
            stdev=round(statistics.stdev(levels), 4) if len(levels) > 1 else None,
            min=min(levels), max=max(levels), area_title=area_def.title_short if area_def else "",
            weight=area_def.weight if area_def else 0.0,
            disagreement=max(levels) - min(levels) >= DISAGREEMENT_LEVELS, reviewers=dict(sorted(by_reviewer.items()))))
    totals = weighted_totals(rows, rubric)
    for row in rows:
        row.report_weighted_total = totals.get(row.report_id)
    return Aggregate(rows, agreement(latest, rubric), totals, len(sessions))


def weighted_totals(rows: list[Row], rubric: Rubric) -> dict[str, float | None]:
    """Per report: Σ weight × mean/max over the areas scored, as a percentage of their weights."""
    span = rubric.scale_max - rubric.scale_min
    by_report: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_report[r.report_id].append(r)
    totals: dict[str, float | None] = {}
    for report, rs in by_report.items():
        weights = sum(r.weight for r in rs)
        totals[report] = round(100 * sum(r.weight * (r.mean - rubric.scale_min) / span for r in rs) / weights, 2) \
            if weights and span else None
    return totals


def agreement(latest: dict[tuple[str, str], dict[str, int]], rubric: Rubric) -> dict[str, dict]:
    per_area: dict[str, list[list[int]]] = defaultdict(list)
    for (report, area), by_reviewer in latest.items():
        per_area[area].append(list(by_reviewer.values()))
    def entry(units: list[list[int]]) -> dict:
        pairable = [u for u in units if len(u) > 1]
        # One unit alone makes α degenerate (never above 0 whatever the agreement): say so instead.
        alpha = krippendorff_alpha(pairable) if len(pairable) >= 2 else None
        return {"alpha": None if alpha is None else round(alpha, 4), "n": sum(len(u) for u in pairable),
                "units": len(units), "reading": reading(alpha, len(pairable))}

    order = [x.id for x in rubric.areas]
    out = {area: entry(per_area[area]) for area in sorted(per_area, key=lambda a: order.index(a) if a in order else 99)}
    out["overall"] = {**entry([u for units in per_area.values() for u in units]), "level": "ordinal"}
    return out


# -------------------------------------------------------------------------------------------- export

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def export(result: Aggregate, rubric: Rubric, fmt: str) -> bytes:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, dialect="excel")
        w.writerow(COLUMNS)
        for row in result.rows:
            d = asdict(row)
            w.writerow([_cell(d[c]) for c in COLUMNS])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel and WPS then read UTF-8
    if fmt == "json":
        data = {"rows": [asdict(r) for r in result.rows], "agreement": result.agreement, "totals": result.totals,
                "sessions": result.sessions, "rubric": {"id": rubric.id, "version": rubric.version}}
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "md":
        return markdown(result, rubric).encode("utf-8")
    if fmt == "xlsx":
        return xlsx(result)
    raise FazhiError(fmt, "unknown format: use csv, json, md or xlsx", exit_status=2)


def markdown(result: Aggregate, rubric: Rubric) -> str:
    lines = [f"# 评分汇总 Score summary ({rubric.id} {rubric.version}, {result.sessions} sessions)", ""]
    cols = ["report", "area", "n", "mean", "median", "stdev", "min", "max", "⚠"]
    lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in result.rows:
        report = f"{r.government or ''}{r.year or ''} {r.report_title or ''}".strip() or r.report_id[:8]
        lines.append("| " + " | ".join([report, r.area_title or r.area, str(r.n_reviewers), _cell(r.mean), _cell(r.median),
                                         _cell(r.stdev) or "—", str(r.min), str(r.max), "≥2" if r.disagreement else ""]) + " |")
    lines += ["", "## Agreement (Krippendorff's α, ordinal)", "", "| area | α | n | reading |", "|---|---|---|---|"]
    for area, a in result.agreement.items():
        lines.append(f"| {area} | {_cell(a['alpha']) or '—'} | {a['n']} | {a['reading']} |")
    lines += ["", "## Weighted totals", "", "| report | total % |", "|---|---|"]
    for report, total in result.totals.items():
        lines.append(f"| {report[:12]} | {_cell(total) or '—'} |")
    return "\n".join(lines) + "\n"


def xlsx(result: Aggregate) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "scores"
    ws.append(COLUMNS)
    for row in result.rows:
        d = asdict(row)
        ws.append([_cell(d[c]) if isinstance(d[c], (dict, bool)) or d[c] is None else d[c] for c in COLUMNS])
    ag = wb.create_sheet("agreement")
    ag.append(["area", "alpha", "n", "units", "reading"])
    for area, a in result.agreement.items():
        ag.append([area, a["alpha"], a["n"], a["units"], a["reading"]])
    tot = wb.create_sheet("totals")
    tot.append(["report_id", "weighted_total"])
    for report, total in result.totals.items():
        tot.append([report, total])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
