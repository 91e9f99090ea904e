"""Rubrics: the areas a report is scored on, the scale, and the report's required parts.

A rubric is a TOML file (the default ships in core/rubrics/default.toml). Loading validates the whole file
against one declared schema (core.toml_check) and reports every problem at once, in TOML words: file, dotted key,
and a "did you mean" for misspelt keys. An invalid rubric stops the command (exit 2): scoring against a
rubric the reviewer did not mean is worse than not starting.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.core.record import record

if TYPE_CHECKING:  # types only
    from fazhi.core.toml_check import Problems

#: Package data, found as every data file is (importlib.resources; its import costs a command ~8 ms of start-up).
DEFAULT_RUBRIC = Path(str(resources.files("fazhi.core.rubrics") / "default.toml"))
#: The bundled rubric's id: what a session without [rubric] was scored under (docs/session-format.md).
DEFAULT_RUBRIC_ID = "fazhi-default"


@record(frozen=True)
class Level:
    """One point of the scale, with what it means (Chinese, and English where the rubric gives it)."""

    level: int
    label: str
    description: str = ""
    description_en: str = ""
    label_en: str = ""

    def text(self, lang: str = "zh") -> tuple[str, str]:
        """(label, description) in `lang`, falling back to Chinese."""
        if lang == "en":
            return self.label_en or self.label, self.description_en or self.description
        return self.label, self.description


@record(frozen=True)
class Area:
    """One scored area: its title (full and short), description, weight and the keywords that evidence it."""

    id: str
    title: str
    short: str
    description: str
    weight: float
    keywords: tuple[str, ...]
    title_en: str = ""
    short_en: str = ""
    description_en: str = ""

    @property
    def title_short(self) -> str:
        return self.short or self.title

    def name(self, lang: str = "zh") -> str:
        """The short title in `lang` (English when the rubric gives one), for panels and exports."""
        if lang == "en":
            return self.short_en or self.title_en or self.title_short
        return self.title_short

    def about(self, lang: str = "zh") -> str:
        return (self.description_en or self.description) if lang == "en" else self.description


@record(frozen=True)
class Rule:
    """A term that counts for `area` only in a sentence that also says one of `context`."""

    term: str
    area: str
    context: tuple[str, ...]


@record(frozen=True)
class Part:
    """A part every annual report must have (督察工作规定): its id, titles, whether required, and the heading cues
    that announce it."""

    id: str
    title: str
    title_en: str
    required: bool
    cues: tuple[str, ...]

    @property
    def optional(self) -> bool:
        return not self.required


@record(frozen=True)
class Rubric:
    """A whole rubric: identity, the scale (min..max with the meaning of its levels), the areas, the required
    report parts and the context rules for ambiguous terms. Built only by `parse_rubric`, so always valid."""

    id: str
    version: str
    title: str
    title_en: str
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

    def on_scale(self, level: int) -> bool:
        return self.scale_min <= level <= self.scale_max

    def accepts(self, area: str, level: int) -> bool:
        """Whether a score of `level` for `area` is one this rubric has, for a session scored under it (`same_rubric`):
        what the workbench opens, pooling counts and a round's status counts (`level_problems` names the others)."""
        return area in self.area_ids and self.on_scale(level)

    @property
    def scale_text(self) -> str:
        return f"{self.scale_min}–{self.scale_max}"


# ------------------------------------------------------------------------------------------- schema

#: An area's weight is relative to the others'; past this the weighted totals overflowed to infinity (fuzz5 F4).
MAX_WEIGHT = 1_000_000
#: A scale of 0–100 is the widest a reviewer scores on (percentages); one of 0–100,000 made each keystroke in the
#: palette, which lists every level, take seconds and a gigabyte (fuzz5 F12).
MAX_SCALE_SPAN = 100


@lru_cache(maxsize=1)
def schema():
    """The rubric file's schema (core.toml_check: imported only when a rubric is checked, not read back)."""
    from fazhi.core.hanzi import SENTENCE_END
    from fazhi.core.toml_check import Bool, Int, List, Number, Str, Table

    name = Str(nonempty=True, multiline=False)
    # phrases (keywords, rule terms and contexts, synonyms) are read within one sentence: a rule decides by the
    # sentence holding its term, and hits are counted sentence by sentence (core.areas: PhraseMatcher.counts)
    phrase = Str(nonempty=True, multiline=False, refused=(SENTENCE_END, "a phrase is read within one sentence"))
    level = Table({"level": Int(), "label": name, "label_en": Str(), "description": Str(), "description_en": Str()},
                  required=("level", "label"))
    area = Table({"id": name, "title": name, "title_en": Str(), "short": Str(), "short_en": Str(),
                  "description": Str(), "description_en": Str(), "weight": Number(min=0, max=MAX_WEIGHT),
                  "keywords": List(phrase)}, required=("id", "title", "weight", "keywords"))
    rule = Table({"term": phrase, "area": name, "context": List(phrase)}, required=("term", "area"))
    part = Table({"id": name, "title": name, "title_en": Str(), "required": Bool(), "cues": List(Str(nonempty=True))},
                 required=("id", "title", "cues"))
    return Table({
        "rubric": Table({"id": name, "version": name, "title": Str(), "title_en": Str(), "source": Str()},
                        required=("id", "version")),
        "scale": Table({"min": Int(), "max": Int(), "levels": List(level, nonempty=True)},
                       required=("min", "max", "levels")),
        "areas": List(area, nonempty=True, label="id"),
        "rules": List(rule, label="term"),
        "parts": List(part, label="id"),
        "synonyms": List(Table({"terms": List(phrase)}, required=("terms",))),
    }, required=("rubric", "scale", "areas", "parts"))


def parse_rubric(text: str, path: str) -> Rubric:
    """A rubric from TOML text, checked whole: every problem (schema, duplicates, levels off the scale, rules naming
    no area) in one FazhiError with exit status 2."""
    return _rubric_of(_checked(text, path), path)


def _checked(text: str, path: str) -> dict:
    """The rubric's TOML as checked data (plain values: what `_rubric_of` builds from), or one FazhiError."""
    from fazhi.core.toml_check import Problems, check, did_you_mean, item_key, parse_toml

    problems = Problems(path)
    data = check(parse_toml(text, path, "rubric", exit_status=2), schema(), problems)
    scale = data.get("scale", {})
    lo, hi = scale.get("min"), scale.get("max")
    if lo is not None and hi is not None and lo >= hi:
        problems.add("scale.max", f"must be greater than scale.min ({lo})")
    elif lo is not None and hi is not None and hi - lo > MAX_SCALE_SPAN:
        problems.add("scale.max", f"must be at most {MAX_SCALE_SPAN} levels above scale.min ({lo})")
    if lo is None or hi is None or not lo < hi <= lo + MAX_SCALE_SPAN:
        lo = hi = None
    seen: set[int] = set()
    for i, lv in enumerate(scale.get("levels", [])):
        n = lv.get("level")
        if n is not None and lo is not None and not lo <= n <= hi:
            problems.add(item_key("scale.levels", i) + ".level", f"level {n} is out of range {lo}..{hi}")
        elif n in seen:
            problems.add(item_key("scale.levels", i) + ".level", f"duplicate level {n}")
        seen.add(n)
    area_ids = _unique(problems, data.get("areas", []), "areas", "area")
    _unique(problems, data.get("parts", []), "parts", "part")
    for i, rule in enumerate(data.get("rules", [])):
        if rule.get("area") and rule["area"] not in area_ids:
            problems.add(item_key("rules", i, rule, "term") + ".area", f"no area {rule['area']!r}" + did_you_mean(rule["area"], sorted(area_ids)))
    problems.raise_if_any("rubric", exit_status=2, multiline=True)
    return data


def _rubric_of(data: dict, path: str) -> Rubric:
    meta, scale = data["rubric"], data["scale"]
    return Rubric(
        id=meta["id"], version=meta["version"], title=meta.get("title", meta["id"]), title_en=meta.get("title_en", ""),
        scale_min=scale["min"], scale_max=scale["max"],
        levels=tuple(sorted((Level(lv["level"], lv["label"], lv.get("description", ""), lv.get("description_en", ""),
                                   lv.get("label_en", "")) for lv in scale["levels"]), key=lambda lv: lv.level)),
        areas=tuple(Area(a["id"], a["title"], a.get("short", ""), a.get("description", ""), float(a["weight"]),
                         tuple(a["keywords"]), a.get("title_en", ""), a.get("short_en", ""), a.get("description_en", ""))
                    for a in data["areas"]),
        parts=tuple(Part(p["id"], p["title"], p.get("title_en", p["id"]), p.get("required", True), tuple(p["cues"]))
                    for p in data["parts"]),
        rules=tuple(Rule(r["term"], r["area"], tuple(r.get("context", []))) for r in data.get("rules", [])),
        path=path,
        synonyms=tuple(tuple(g["terms"]) for g in data.get("synonyms", []) if len(g["terms"]) > 1),
    )


def _unique(problems: Problems, tables: list[dict], key: str, what: str) -> set[str]:
    """The ids of `tables`; a repeated one is a problem."""
    from fazhi.core.toml_check import item_key

    ids: set[str] = set()
    for i, table in enumerate(tables):
        if table.get("id") in ids:
            problems.add(item_key(key, i, table, "id") + ".id", f"duplicate {what} id {table['id']!r}")
        ids.add(table.get("id"))
    ids.discard(None)
    return ids


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> Rubric:
    """The rubric at `path`, its checked data read back from core.cache where this code checked the file before
    (checking takes ~13 ms and the TOML reader's import ~9 ms of every command's start). Kept as Python keeps
    bytecode, by the stamps of the file and of the code that checks it (`cache.file_stamp`: hashing would import
    OpenSSL into commands that need none); the entry names its file, read back for that file only."""
    import marshal
    import os

    from fazhi.core import cache

    try:
        key = "-".join(cache.file_stamp(os.stat(f))
                       for f in (path, __file__, os.path.join(os.path.dirname(__file__), "toml_check.py")))
    except OSError:
        key = None  # said below, where the file is read
    if key and (raw := cache.load("rubric", key)):
        try:
            stored_path, data = marshal.loads(raw)
            if stored_path == os.path.realpath(path):
                return _rubric_of(data, path)
        except (ValueError, TypeError, EOFError, KeyError):  # not what this code writes: checked afresh
            pass
    from fazhi.core.toml_check import read_text

    data = _checked(read_text(path, "rubric file", exit_status=2), path)
    rubric = _rubric_of(data, path)
    if key:
        try:
            cache.store("rubric", key, marshal.dumps((os.path.realpath(path), data)))
        except ValueError:  # a value marshal cannot write: checked again next time
            pass
    return rubric


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The rubric at `path`, or the bundled default; an invalid one is a FazhiError with exit status 2."""
    p = Path(path) if path else DEFAULT_RUBRIC
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load_cached(str(p), mtime)


def same_rubric(rubric: Rubric, rubric_id: str | None) -> bool:
    """Whether levels scored under rubric `rubric_id` (None: the default rubric, as a session without [rubric] says)
    are `rubric`'s to take (any version of it): the one rule of the workbench, pooling, carrying a level into another
    review and a round's statuses (reread8: carrying took a 1–5 rubric's level as the default's)."""
    return (rubric_id or DEFAULT_RUBRIC_ID) == rubric.id


def level_problems(levels: Mapping[str, Mapping[str, int]], rubric: Rubric, rubric_id: str | None = None,
                   rubric_version: str | None = None) -> list[tuple[str, str]]:
    """(dotted key, what is wrong) for levels (side → area → level) scored under rubric `rubric_id` `rubric_version`
    (None: the default rubric, as a session without [rubric] says) that this rubric cannot take: levels scored under
    another rubric (its scale and its levels' meanings are its own: a 1 of a 1–5 scale read as a 1 of 0–4 was pooled
    as if the same: audit1), every level of an area this rubric does not have (a misspelt id would be kept but never
    shown), and every level off its scale: what the workbench refuses to open and pooling refuses to count. Another
    version of the same rubric is taken where its areas and levels fit."""
    from fazhi.core.toml_check import did_you_mean

    if not same_rubric(rubric, rubric_id) and any(levels.values()):
        scored_under = f"{rubric_id or DEFAULT_RUBRIC_ID} {rubric_version or ''}".strip()
        return [("rubric.id", f"scored under rubric {scored_under}, not {rubric.id} (scale {rubric.scale_text}): another "
                              f"rubric's levels are not this one's; open or pool it with that rubric (--rubric FILE)")]
    ids = rubric.area_ids
    return [(f"scores.{side}.{area}", f"no area {area!r} in rubric {rubric.id}{did_you_mean(area, ids)}")
            if area not in ids
            else (f"scores.{side}.{area}.level", f"{level} is outside the rubric's scale {rubric.scale_text}")
            for side, areas in levels.items() for area, level in areas.items()
            if not rubric.accepts(area, level)]
