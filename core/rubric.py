"""Rubrics: the areas a report is scored on, the scale, and the report's required parts.

A rubric is a TOML file (the default ships in core/rubrics/default.toml). Loading validates the whole file
and reports every problem at once, in TOML words: file, dotted key, line where it can be found, and a
"did you mean" for misspelt keys. An invalid rubric stops the command (exit 2): scoring against a
rubric the reviewer did not mean is worse than not starting.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from importlib import resources
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fazhi.core.errors import FazhiError, toml_error

DEFAULT_RUBRIC = Path(str(resources.files("fazhi.core.rubrics") / "default.toml"))


@dataclass(frozen=True)
class Level:
    level: int
    label: str
    description: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    short: str
    description: str
    weight: float
    keywords: tuple[str, ...]

    @property
    def title_short(self) -> str:
        return self.short or self.title


@dataclass(frozen=True)
class Rule:
    """A term that counts for `area` only in a sentence that also says one of `context`."""

    term: str
    area: str
    context: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    title_en: str
    required: bool
    cues: tuple[str, ...]

    @property
    def optional(self) -> bool:
        return not self.required


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: str
    scale_min: int
    scale_max: int
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    parts: tuple[Part, ...]
    rules: tuple[Rule, ...] = ()
    path: str = ""
    #: Groups of terms reports use for the same thing (政务公开 ≈ 信息公开); alignment treats each group as one.
    synonyms: tuple[tuple[str, ...], ...] = ()

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def level(self, n: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == n), None)

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]


# ------------------------------------------------------------------------------------------- schema

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "rubric": {"id": str, "version": str, "title": str, "source": str},
    "scale": {"min": int, "max": int, "levels": list},
    "scale.levels": {"level": int, "label": str, "description": str, "description_en": str},
    "areas": {"id": str, "title": str, "short": str, "description": str, "weight": (int, float), "keywords": list},
    "rules": {"term": str, "area": str, "context": list},
    "parts": {"id": str, "title": str, "title_en": str, "required": bool, "cues": list},
    "synonyms": {"terms": list},
}
_REQUIRED = {
    "rubric": ["id", "version"], "scale": ["min", "max", "levels"], "scale.levels": ["level", "label"],
    "areas": ["id", "title", "weight", "keywords"], "rules": ["term", "area"], "parts": ["id", "title", "cues"],
    "synonyms": ["terms"],
}
_TOP = {"rubric": dict, "scale": dict, "areas": list, "rules": list, "parts": list, "synonyms": list}


class _Problems:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text, self.items = path, text, []

    def add(self, key: str, message: str) -> None:
        line = _line_of(self.text, key)
        where = f"{self.path}:{line}" if line else self.path
        self.items.append(f"{where}: [{key}] {message}")


def _line_of(text: str, dotted: str) -> int | None:
    """Best-effort line of a dotted key such as "areas[3].weight" or "scale.min" in the TOML text."""
    parts = re.findall(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?", dotted)
    lines = text.splitlines()
    pos = 0
    table = ""
    for i, (name, index) in enumerate(parts):
        table = f"{table}.{name}" if table else name
        last = i == len(parts) - 1
        if index:
            pattern = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
            hits = [n for n in range(pos, len(lines)) if pattern.match(lines[n])]
            if len(hits) <= int(index):
                return None
            pos = hits[int(index)]
        elif last:
            key = re.compile(rf"^\s*{re.escape(name)}\s*=")
            for n in range(pos, len(lines)):
                if key.match(lines[n]):
                    return n + 1
                if n > pos and lines[n].lstrip().startswith("[") and pos:
                    break
            return pos + 1 if pos else None
        else:
            header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
            pos = next((n for n in range(pos, len(lines)) if header.match(lines[n])), pos)
    return pos + 1 if pos else None


def _check_table(problems: _Problems, data: dict, schema_key: str, dotted: str) -> None:
    schema = _SCHEMA[schema_key]
    for key, value in data.items():
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(schema)})"
            problems.add(f"{dotted}.{key}", f"unknown key{hint}")
        elif not isinstance(value, schema[key]) or (schema[key] is int and isinstance(value, bool)) \
                or (schema[key] == (int, float) and isinstance(value, bool)):
            want = " or ".join(t.__name__ for t in (schema[key] if isinstance(schema[key], tuple) else (schema[key],)))
            want = {"int or float": "a number", "int": "an integer", "str": "a string", "list": "an array",
                    "bool": "true or false"}.get(want, want)
            problems.add(f"{dotted}.{key}", f"must be {want}, not {type(value).__name__} {value!r}")
    for key in _REQUIRED[schema_key]:
        if key not in data:
            problems.add(f"{dotted}.{key}", "missing")


def parse_rubric(text: str, path: str) -> Rubric:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise toml_error(path, e, exit_status=2) from None
    problems = _Problems(path, text)
    for key, value in data.items():
        if key not in _TOP:
            close = difflib.get_close_matches(key, list(_TOP), n=1)
            problems.add(key, "unknown table" + (f" (did you mean {close[0]!r}?)" if close else ""))
        elif not isinstance(value, _TOP[key]):
            problems.add(key, "must be a table" if _TOP[key] is dict else "must be an array of tables ([[" + key + "]])")
    for key in ("rubric", "scale", "areas", "parts"):
        if key not in data:
            problems.add(key, "missing")
    if problems.items:
        raise _invalid(path, problems)

    _check_table(problems, data["rubric"], "rubric", "rubric")
    scale = data["scale"]
    _check_table(problems, scale, "scale", "scale")
    lo, hi = scale.get("min"), scale.get("max")
    levels = scale.get("levels") if isinstance(scale.get("levels"), list) else []
    if isinstance(scale.get("levels"), list) and not levels:
        problems.add("scale.levels", "empty: a scale needs at least two levels")
    if isinstance(lo, int) and isinstance(hi, int) and lo >= hi:
        problems.add("scale.max", f"must be greater than scale.min ({lo})")
    seen_levels = set()
    for i, lv in enumerate(levels):
        if not isinstance(lv, dict):
            problems.add(f"scale.levels[{i}]", "must be a table")
            continue
        _check_table(problems, lv, "scale.levels", f"scale.levels[{i}]")
        n = lv.get("level")
        if isinstance(n, int) and isinstance(lo, int) and isinstance(hi, int) and not lo <= n <= hi:
            problems.add(f"scale.levels[{i}].level", f"level {n} is out of range {lo}..{hi}")
        if n in seen_levels:
            problems.add(f"scale.levels[{i}].level", f"duplicate level {n}")
        seen_levels.add(n)

    area_ids: set[str] = set()
    if not data["areas"]:
        problems.add("areas", "empty: a rubric needs at least one area")
    for i, area in enumerate(data["areas"]):
        if not isinstance(area, dict):
            problems.add(f"areas[{i}]", "must be a table")
            continue
        _check_table(problems, area, "areas", f"areas[{i}]")
        aid = area.get("id")
        if isinstance(aid, str):
            if aid in area_ids:
                problems.add(f"areas[{i}].id", f"duplicate area id {aid!r}")
            area_ids.add(aid)
        w = area.get("weight")
        if isinstance(w, (int, float)) and not isinstance(w, bool) and w < 0:
            problems.add(f"areas[{i}].weight", "must not be negative")
        if isinstance(area.get("keywords"), list) and not all(isinstance(k, str) and k for k in area["keywords"]):
            problems.add(f"areas[{i}].keywords", "must be an array of non-empty strings")
    for i, rule in enumerate(data.get("rules", [])):
        if isinstance(rule, dict):
            _check_table(problems, rule, "rules", f"rules[{i}]")
            if isinstance(rule.get("area"), str) and rule["area"] not in area_ids:
                close = difflib.get_close_matches(rule["area"], sorted(area_ids), n=1)
                problems.add(f"rules[{i}].area", f"no area {rule['area']!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    for i, group in enumerate(data.get("synonyms", [])):
        if isinstance(group, dict):
            _check_table(problems, group, "synonyms", f"synonyms[{i}]")
            if isinstance(group.get("terms"), list) and not all(isinstance(t, str) and t for t in group["terms"]):
                problems.add(f"synonyms[{i}].terms", "must be an array of non-empty strings")
    part_ids: set[str] = set()
    for i, part in enumerate(data["parts"]):
        if isinstance(part, dict):
            _check_table(problems, part, "parts", f"parts[{i}]")
            if part.get("id") in part_ids:
                problems.add(f"parts[{i}].id", f"duplicate part id {part['id']!r}")
            part_ids.add(part.get("id"))
    if problems.items:
        raise _invalid(path, problems)

    meta = data["rubric"]
    return Rubric(
        id=meta["id"], version=str(meta["version"]), title=meta.get("title", meta["id"]),
        scale_min=lo, scale_max=hi,
        levels=tuple(sorted((Level(lv["level"], lv["label"], lv.get("description", ""), lv.get("description_en", ""))
                             for lv in levels), key=lambda lv: lv.level)),
        areas=tuple(Area(a["id"], a["title"], a.get("short", ""), a.get("description", ""), float(a["weight"]),
                         tuple(a["keywords"])) for a in data["areas"]),
        parts=tuple(Part(p["id"], p["title"], p.get("title_en", p["id"]), p.get("required", True), tuple(p["cues"]))
                    for p in data["parts"]),
        rules=tuple(Rule(r["term"], r["area"], tuple(r.get("context", []))) for r in data.get("rules", [])),
        path=path,
        synonyms=tuple(tuple(g["terms"]) for g in data.get("synonyms", []) if len(g["terms"]) > 1),
    )


def _invalid(path: str, problems: _Problems) -> FazhiError:
    count = len(problems.items)
    listing = "\n  ".join(problems.items)
    return FazhiError(path, f"invalid rubric, {count} problem{'s' if count > 1 else ''}:\n  {listing}", exit_status=2)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> Rubric:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FazhiError(path, "no such rubric file", exit_status=2) from None
    except (OSError, UnicodeDecodeError) as e:
        raise FazhiError(path, f"cannot read rubric: {e}", exit_status=2) from None
    return parse_rubric(text, path)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The rubric at `path`, or the bundled default."""
    p = Path(path) if path else DEFAULT_RUBRIC
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load_cached(str(p) if path else str(DEFAULT_RUBRIC), mtime)
