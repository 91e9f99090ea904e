"""How far reviewers agree: Krippendorff's α over rubric levels, per area and overall.

α is computed from the coincidence matrix (Krippendorff 2011), so missing scores cost nothing and any number of
reviewers per report works. Rubric levels are ordered categories whose distances are not equal, so the level of
measurement is ordinal (nominal and interval are there for checks against the reference package). With no
variation, or fewer than two reports scored by two or more reviewers, α is undefined: reported with its reason,
never as a crash, a fake 1.0 or a misleading 0. Plain Python: a scale has a handful of levels, and importing numpy
would cost more than the whole computation.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from fazhi.core.record import asdict, record
from fazhi.core.rounding import half_up

RELIABLE = 0.8  # Krippendorff 2004: α ≥ .800 reliable, .667 ≤ α < .800 tentative conclusions only
TENTATIVE = 0.667
#: α is read as Krippendorff states his bounds and the views show it, at three places rounded half up: an α of 2/3
#: is .667, tentative (walk16 F2: shown "0.667 不可靠" beside a legend saying .667 begins the tentative band)
_HALF_PLACE = 0.0005
#: Each reading, by `reading_key`: its `Agreement.reading` (the JSON export carries it) and its words for people
#: (中文, English), the workbench's and the exports' one source.
READINGS = {
    "reliable": ("reliable", "可靠", "reliable"),
    "tentative": ("tentative", "仅可作初步结论", "tentative conclusions only"),
    "unreliable": ("unreliable", "不可靠", "unreliable"),
    "no_variation": ("undefined (no variation in the scores)",
                     "无法计算:评分没有差异", "undefined: no variation in the scores"),
    "too_few": ("undefined (needs two or more reports each scored by two or more reviewers)",
                "无法计算:需至少两份报告各有两名以上评审员", "undefined: needs two reports each scored by two reviewers"),
}
_READING_KEY = {reading: key for key, (reading, _, _) in READINGS.items()}


@record(frozen=True)
class Agreement:
    """α over some units (a unit = one report on one area, holding its reviewers' levels)."""

    alpha: float | None  # None when undefined
    n: int  # pairable values: levels in units with two or more reviewers
    units: int  # units, pairable or not
    reading: str  # reliable | tentative | unreliable | undefined (why)

    def to_dict(self) -> dict:
        """As files write it: α to ALPHA_PLACES (kept whole here, so what shows it to 3 places is not rounding twice)."""
        return {**asdict(self), "alpha": rounded_alpha(self.alpha)}


#: α in a file for programs (JSON, the contract's CSV): to this many places.
ALPHA_PLACES = 4
#: α where people read it (the views, the Markdown, the XLSX workbook and its tables as CSV): at the three places it is
#: read at (`reading`); at four, 0.66649 showed 0.6665 beside 不可靠, which a reader rounds to .667, tentative
#: (reread11 R18).
READ_PLACES = 3


def rounded_alpha(alpha: float | None) -> float | None:
    return None if alpha is None else half_up(alpha, ALPHA_PLACES)


def shown_alpha(alpha: float | None) -> float | None:
    """α as people read it: READ_PLACES, rounded as `"{:.3f}"` shows it (the same number, not rounded twice)."""
    return None if alpha is None else half_up(alpha, READ_PLACES)


def krippendorff_alpha(units: list[list[int]], level: str = "ordinal") -> float | None:
    """α for units each holding the values different coders gave it; None when undefined (no variation)."""
    pairable = [u for u in units if len(u) >= 2]
    values = sorted({v for unit in pairable for v in unit})
    if len(values) < 2:
        return None
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    o = [[0.0] * k for _ in range(k)]  # coincidences
    for unit in pairable:
        m = len(unit)
        counts = Counter(index[v] for v in unit)
        for c, nc in counts.items():
            for d, nd in counts.items():
                o[c][d] += nc * (nd - (c == d)) / (m - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)
    delta = _distance(level, values, n_c)
    observed = sum(o[c][d] * delta[c][d] for c in range(k) for d in range(k))
    expected = sum(n_c[c] * n_c[d] * delta[c][d] for c in range(k) for d in range(k))
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def _distance(level: str, values: list[int], n_c: list[float]) -> list[list[float]]:
    k = len(values)
    if level == "nominal":
        return [[float(c != d) for d in range(k)] for c in range(k)]
    if level == "interval":
        return [[float((values[c] - values[d]) ** 2) for d in range(k)] for c in range(k)]
    if level == "ordinal":
        cum = [0.0]
        for x in n_c:
            cum.append(cum[-1] + x)
        return [[(cum[max(c, d) + 1] - cum[min(c, d)] - (n_c[c] + n_c[d]) / 2) ** 2 for d in range(k)] for c in range(k)]
    raise ValueError(f"unknown level of measurement {level!r}")


def reading(alpha: float | None, pairable_units: int) -> str:
    key = ("too_few" if pairable_units < 2 else "no_variation" if alpha is None
           else "reliable" if alpha >= RELIABLE - _HALF_PLACE
           else "tentative" if alpha >= TENTATIVE - _HALF_PLACE else "unreliable")
    return READINGS[key][0]


def reading_key(reading: str) -> str:
    """The READINGS key of an `Agreement.reading` (a KeyError for any other text)."""
    return _READING_KEY[reading]


def reading_words(reading: str, lang: str = "zh") -> str:
    """An `Agreement.reading` as people read it, in `lang`."""
    return READINGS[reading_key(reading)][2 if lang == "en" else 1]


#: `overall_caution`'s words (中文, English), beside READINGS'.
OVERALL_CAUTION = ("“全部领域”的 α 把各领域合在一起计算,领域之间的差异也算作一致:{areas} 个领域中有 {lower} 个本身的一致性更低"
                   "(见各领域的 α)",
                   "α over all areas pools them, so the differences between areas count as agreement: {lower} of "
                   "{areas} areas read lower on their own (see each area's α)")
#: The readings that say how far reviewers agree, from the least.
_RANKED = ("unreliable", "tentative", "reliable")


def overall_caution(agreement: dict[str, Agreement], lang: str = "zh") -> str | None:
    """What to say beside α over all areas when areas read lower on their own (None otherwise): pooled, the
    differences between areas (one scored 4 by all, another 0–1) count as agreement, so it reads higher than most
    areas' own (walk16 F3: 0.81 可靠 over 8 areas of 10 unreliable)."""
    overall = agreement.get("overall")
    if overall is None or reading_key(overall.reading) not in _RANKED:
        return None
    areas = [a for area, a in agreement.items() if area != "overall" and reading_key(a.reading) in _RANKED]
    lower = sum(_RANKED.index(reading_key(a.reading)) < _RANKED.index(reading_key(overall.reading)) for a in areas)
    return OVERALL_CAUTION[lang == "en"].format(lower=lower, areas=len(areas)) if lower else None


def agreement_of(units: list[list[int]], reports: list[str] | None = None) -> Agreement:
    """α over `units`; `reports`: the report of each unit, where several units may be one report's (α over every
    area), else each unit is a report of its own."""
    pairable = [i for i, u in enumerate(units) if len(u) > 1]
    # One unit alone makes α degenerate (never above 0 whatever the agreement): say so instead. Nor is α over one
    # report's areas a reading of how far the reviewers agree on reports (walk29: "1.000 可靠" over one report's
    # two areas, while every area said it needs two reports)
    judged = len({reports[i] for i in pairable}) if reports is not None else len(pairable)
    alpha = krippendorff_alpha([units[i] for i in pairable]) if judged >= 2 else None
    return Agreement(alpha, sum(len(units[i]) for i in pairable), len(units), reading(alpha, judged))


def agreement(levels: dict[tuple[str, str], dict[str, int]], area_order: list[str]) -> dict[str, Agreement]:
    """(report, area) → reviewer → level  ⇒  area → Agreement, plus "overall" over every unit (of two reports or
    more, as each area's)."""
    per_area: dict[str, list[list[int]]] = defaultdict(list)
    for (_, area), by_reviewer in levels.items():
        per_area[area].append(list(by_reviewer.values()))
    order = {a: i for i, a in enumerate(area_order)}
    out = {area: agreement_of(per_area[area]) for area in sorted(per_area, key=lambda a: (order.get(a, len(order)), a))}
    out["overall"] = agreement_of([list(by_reviewer.values()) for by_reviewer in levels.values()],
                                  [report for report, _ in levels])
    return out
