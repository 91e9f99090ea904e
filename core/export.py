"""Pooled scores as files a department can use: CSV (Excel/WPS read it: UTF-8 with BOM), XLSX, JSON, Markdown.

CSV and JSON carry the contract's column names (contracts.md) plus the reviewers' words: score notes per row, and in
JSON the annotations, agreement, ranking and year-over-year changes; a CSV file may instead hold any one of the
tables people read (`tables`, `--table`). XLSX is for people: one sheet per table (ranking, scores, notes,
annotations, agreement, year-over-year), headers in the interface's language, header row frozen, filtered and
sized, the reviewers' words (notes, quotes) wrapped so their lines show. Markdown is a readable summary.

Data is never interpreted: control characters are removed from every cell, text that a spreadsheet would run as a
formula (=, +, -, @ at the start) is kept as text in CSV and XLSX, and Markdown table cells are escaped (<, > and
the & of an entity as entities: a renderer would read them as HTML; |: it would break the table) and their line
breaks written <br> (a line break ends a table row; <br> keeps a note's lines inside its cell).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata

from fazhi.core.aggregate import Aggregate, Row, latest_year_first
from fazhi.core.agreement import Agreement, overall_caution, reading_words, rounded_alpha, shown_alpha
from fazhi.core.errors import FazhiError
from fazhi.core.record import asdict
from fazhi.core.rubric import Rubric

FORMATS = ("csv", "json", "md", "xlsx")
COLUMNS = ["report_id", "report_title", "government", "year", "area", "n_reviewers", "mean", "median", "stdev",
           "min", "max", "area_title", "weight", "disagreement", "report_weighted_total", "area_alpha", "reviewers",
           "notes", "report_name", "rank", "year_rank"]
#: Control characters, and the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9), which reorder how a
#: cell or a terminal line shows the text around them (no word is lost without them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HEADERS = {  # column → (中文, English), for the sheets people read
    "rank": ("名次", "Rank"), "year_rank": ("年度内名次", "Rank in its year"), "report_name": ("报告", "Report"),
    "government": ("单位", "Government"),
    "year": ("年度", "Year"), "total": ("加权得分(%)", "Weighted total (%)"), "areas_scored": ("已评领域", "Areas scored"),
    "reviewers": ("评审员", "Reviewers"), "area_title": ("领域", "Area"), "n_reviewers": ("评审人数", "Number of reviewers"),
    "mean": ("平均", "Mean"), "median": ("中位数", "Median"), "stdev": ("标准差", "Std dev"), "min": ("最低", "Min"),
    "max": ("最高", "Max"), "disagreement": ("分歧≥2级", "Disagreement ≥2"), "area_alpha": ("该领域一致性α(全部报告)", "Area's α (all reports)"),
    "reviewer": ("评审员", "Reviewer"), "level": ("评分", "Level"), "note": ("备注", "Note"), "side": ("报告侧", "Side"),
    "section": ("章节", "Section"), "quote": ("原文", "Passage"),
    "quote_annotated": ("批注时原文(报告已修订)", "Passage as annotated (report revised since)"),
    "orphan": ("原文已找不到", "Passage not found"), "tags": ("标签", "Tags"), "alpha": ("α", "Alpha"),
    "n": ("可配对评分数", "Pairable ratings"), "reading": ("解读", "Reading"),
    "units": ("评分单元数(报告×领域)", "Units scored (report × area)"),  # walk4: a bare 单元数 said nothing
    "previous_year": ("上年", "Previous year"), "previous_mean": ("上年平均", "Previous mean"),
    "change": ("变化", "Change"),
    "reviewers_differ": ("两年评审员不同", "Reviewers differ"),
    "same_reviewers_change": ("同一评审员的变化", "Change by the same reviewers"),
    # the ranking's: a weighted total's change, in points, over the areas both years scored (not the totals' difference)
    "total_change": ("比上年(百分点,按两年都评的领域)", "Change (points, over the areas scored in both years)"),
    "report_id": ("报告编号(sha256)", "Report id (sha256)"),
    "n_note": ("可配对评分数为 0 的原因", "Why no ratings are pairable"),
}
#: Why an area's pairable ratings (`Agreement.n`: the levels of reports scored by two reviewers or more, all α can
#: compare) are 0 (中文, English), the exports' and the aggregate view's one source: a bare 0 beside α was read as
#: "nobody scored".
NO_PAIRABLE = {"one_reviewer": ("每份报告仅一名评审员评分", "each report scored by one reviewer only"),
               "no_scores": ("没有评分", "no scores")}
#: A true flag (reviewers' levels ≥2 apart), one spelling per kind of reader (walk4: `yes`, `✓` and `≥2` for one
#: flag). People (XLSX, Markdown, the aggregate view) see the workbench's ⚠, explained in its legend: ✓ in a
#: disagreement column reads as "checked, fine" and ≥2 repeats the heading. Programs (every CSV file, with its
#: column ids) get "yes", the word the contract's CSV has always written (scripts match it: extend, never break);
#: JSON gets true.
FLAG_FOR_PEOPLE = "⚠"
FLAG_IN_CSV = "yes"
#: The Markdown ranking's heading over the reports whose year is not known (a ranking of several years).
YEAR_UNKNOWN = ("年度不详", "Year unknown")
#: How the ranking orders reports, said where some are scored in every area and some in a few only.
RANKED_BY = ("评完全部领域的报告排在前面,只评了部分领域的报告排在其后,各按加权得分排列(一两个领域的得分不与全部领域的相比)。",
             "Reports scored in every area come first, then those scored in some, each by weighted total (a total over "
             "one or two areas is no rival for one over all).")
#: Said under a Markdown table whose change is flagged FLAG_FOR_PEOPLE where the two years' reviewers differ (walk29:
#: ⚠ also marks a disagreement, and the file had no legend).
REVIEWERS_DIFFER_NOTE = (f"“两年评审员不同”标 {FLAG_FOR_PEOPLE}:两年的评分(或其中某些领域的)出自不同的评审员,"
                         "变化中可能有评审员宽严的差别;“同一评审员的变化”只按两年都评过该领域的评审员计算(— 为没有这样的评审员)。",
                         f"{FLAG_FOR_PEOPLE} under “Reviewers differ”: the two years (or some of their areas) were "
                         "scored by different reviewers, so part of the change may be theirs; “Change by the same "
                         "reviewers” counts only those who scored the area in both years (— where none did).")
SHEETS = {"ranking": ("排名", "Ranking"), "scores": ("评分", "Scores"), "notes": ("评分备注", "Score notes"),
          "annotations": ("批注", "Annotations"), "agreement": ("一致性", "Agreement"),
          "year_over_year": ("同比变化", "Year over year")}


def export(result: Aggregate, rubric: Rubric, fmt: str, lang: str = "zh", table: str | None = None,
           said: list[str] = ()) -> bytes:
    """The pooled result as the bytes of a file in `fmt` (csv, json, md, xlsx). A CSV file holds one table: the
    contract's rows, or `table` (one of TABLES, an XLSX sheet's columns under their ids). `said`: what is said beside
    the result (`Aggregate.notes`) in the reader's language, for the Markdown (JSON carries them by id)."""
    check_table(fmt, table)
    if fmt == "csv":
        return _csv(result) if table is None else _table_csv(*tables(result, rubric, lang)[table])
    if fmt == "json":
        import json  # here: one format of four

        return (json.dumps(as_json(result, rubric), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "md":
        return markdown(result, rubric, lang, said).encode("utf-8")
    if fmt == "xlsx":
        return xlsx(result, rubric, lang)
    raise FazhiError(fmt, f"unknown format: use {', '.join(FORMATS)}", exit_status=2)


def check_table(fmt: str, table: str | None) -> None:
    """FazhiError (usage) unless `table` is None or one of TABLES for csv."""
    if table is not None and (fmt != "csv" or table not in TABLES):
        raise FazhiError("--table", f"picks one table for csv ({fmt} holds every table)" if fmt != "csv" else
                                    f"no table {table!r}: use one of {', '.join(TABLES)}", exit_status=2)


def clean(text: str) -> str:
    """Text from data made safe for a cell: no control characters nor bidi controls (tab and newlines kept)."""
    return _CONTROL.sub("", text)


def _text(value) -> str:
    """A value as a cell shows it: numbers trimmed, a reviewer → value map joined, control characters removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return FLAG_IN_CSV if value else ""
    if isinstance(value, float):
        # as many places as the figures are kept to (4): 3 rounded them twice (a SD of 0.816497, kept as 0.8165, showed
        # 0.817: audit1)
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, dict):  # reviewer → level or note: text from data, made safe as any
        return clean("; ".join(f"{k}={v}" for k, v in value.items()))
    if isinstance(value, int):
        return str(value)
    return clean(str(value))


#: What starts a formula in a spreadsheet cell, in ASCII and full-width forms.
_FORMULA_SIGNS = frozenset("=+-@＝＋－＠")


def _cell(value) -> str:
    """A CSV cell: `_text`, and text a spreadsheet would run as a formula kept as text (a number is never one)."""
    text = _text(value)
    # what an importer may strip before it reads a formula (blanks, tab, line ends: OWASP's list) is looked past; a
    # full-width sign is kept as text too, in case an importer folds it to ASCII
    formula = not isinstance(value, (int, float)) and text.lstrip(" \t\r\n\u3000")[:1] in _FORMULA_SIGNS
    return "'" + text if formula else text  # never a formula in Excel/WPS


def _row_values(row: Row, result: Aggregate) -> dict:
    d = asdict(row)
    d["area_alpha"] = rounded_alpha(_area_alpha(row, result))
    return d


def _area_alpha(row: Row, result: Aggregate) -> float | None:
    """The α of the row's area over every report pooled (None: none computed)."""
    agreement = result.agreement.get(row.area)
    return agreement.alpha if agreement else None


def _csv(result: Aggregate) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, dialect="excel")
    w.writerow(COLUMNS)
    for row in result.rows:
        d = _row_values(row, result)
        w.writerow([_cell(d[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM: Excel and WPS then read UTF-8


def _table_csv(columns: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, dialect="excel")
    w.writerow(columns)
    w.writerows([_cell(v) for v in values] for values in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def as_json(result: Aggregate, rubric: Rubric) -> dict:
    def scrub(value):
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, dict):
            return {scrub(k): scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    agreement = {area: a.to_dict() for area, a in result.agreement.items()}
    agreement["overall"]["level"] = "ordinal"
    return scrub({
        "rows": [_row_values(r, result) for r in result.rows],
        "agreement": agreement,
        # α over all areas pools them: said (in English, as the JSON's other words) when areas read lower on their own
        "agreement_caution": overall_caution(result.agreement, "en"),
        "totals": result.totals,
        "ranking": [asdict(r) for r in result.ranking],
        "year_over_year": [asdict(c) for c in result.year_over_year],
        "annotations": [asdict(a) for a in result.annotations],
        "sessions": result.sessions,
        "untouched_sessions": result.untouched,
        "annotated_sessions": result.annotated,  # of the untouched: with annotations only (listed, not scored)
        "unscored_reports": [u.name for u in result.unscored],
        # the same reports with their ids, government and year (names alone could not be joined to the rows: audit1)
        "unscored": [asdict(u) for u in result.unscored],
        "rubric": {"id": rubric.id, "version": rubric.version},
        # what is said beside the result (texts pooled apart that may be one report, sessions carried to a round's
        # report…), by id and values: walk15 F6, only stderr said them
        "notes": [{"note": key, **values} for key, values in result.notes],
    })


#: What a Markdown renderer would read as markup in a table cell, written so it shows as typed: HTML (a tag, an
#: entity) as entities; the characters of inline markup (emphasis, code, links, images: ![x](url) loads a remote
#: image) and the table's | backslash-escaped, the backslash first. Not ( and ): with its brackets escaped, no link
#: or image begins, and a note's every "(2024年)" read "\(2024年\)" in the file (walk53).
_MARKDOWN = str.maketrans({"<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]!~|"}})
#: An & that begins what a renderer reads as an entity (&amp; &lt; &#60;); any other & shows as typed, and stays
#: as typed in the file ("Rules & documents" read "Rules &amp; documents", walk29).
_ENTITY_START = re.compile(r"&(?=(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")


def _md(value) -> str:
    """A Markdown table cell: `_text` with what a renderer would read as markup written to show as typed (a note's
    `<script>`, `<img onerror=…>` or `![x](url)` acted in a viewer, and GitHub's renderer links a bare http:// or www.
    address: its : or . is escaped), and each line break (CR LF, LF or CR) written <br>, the only markup the cell gets:
    a line break ends a table row, and joining the lines with spaces lost a note's structure (walk6 #7). No spreadsheet
    guard: Markdown runs no formula, and '-a read as if the reviewer had written the quote mark."""
    escaped = _ENTITY_START.sub("&amp;", _text(value)).translate(_MARKDOWN)
    cell = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], escaped)
    return _LINE_BREAK.sub(MD_LINE_BREAK, cell)  # after the escaping: this <br> is ours, the text's are entities


#: A line break in a cell's text, and how a Markdown table cell writes one.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
MD_LINE_BREAK = "<br>"


#: Where GitHub's Markdown starts a link of its own: a scheme's "://" (the colon escaped) or "www." (the dot).
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)\:|\bwww\.")


def _area_names(rubric: Rubric, lang: str) -> dict[str, str]:
    """Area id → its name in `lang`, "overall" (agreement over all areas) included."""
    return {a.id: a.name(lang) for a in rubric.areas} | {"overall": ("All areas" if lang == "en" else "全部领域")}


def no_pairable_reason(agreement: Agreement, lang: str = "zh") -> str:
    """Why `agreement.n` is 0, in `lang`; "" when it is not."""
    if agreement.n:
        return ""
    return NO_PAIRABLE["one_reviewer" if agreement.units else "no_scores"][1 if lang == "en" else 0]


def pairable_text(agreement: Agreement, lang: str = "zh") -> str:
    """`agreement.n` as people read it: the count, with the reason beside a 0 ("0(每份报告仅一名评审员评分)")."""
    reason = no_pairable_reason(agreement, lang)
    if not reason:
        return str(agreement.n)
    return f"{agreement.n} ({reason})" if lang == "en" else f"{agreement.n}({reason})"


def markdown(result: Aggregate, rubric: Rubric, lang: str = "zh", said: list[str] = ()) -> str:
    en = lang == "en"
    title = "Score summary" if en else "评分汇总"
    sessions = _sessions_said(result, en)
    lines = [f"# {title} ({_md(rubric.id)} {_md(rubric.version)}, {sessions})", ""]
    k = 1 if en else 0
    area_name = _area_names(rubric, lang)

    def header(*columns: str) -> list[str]:
        return ["| " + " | ".join(HEADERS[c][k] if c in HEADERS else c for c in columns) + " |",
                "|" + "---|" * len(columns)]

    lines += [f"## {SHEETS['ranking'][k]}", ""]
    if {r.complete for r in result.ranking} == {True, False}:  # (walk14 F6: 47.5 ranked above 78.38, unexplained)
        lines += [RANKED_BY[k], ""]
    # reports of two years and more (a round scores each report's year before too): one list a year, the latest first,
    # each ranked within its year (walk31 #8: 2023's reports were ranked among 2024's)
    years = sorted({r.year for r in result.ranking} | {u.year for u in result.unscored}, key=latest_year_first)
    by_year = len(years) > 1
    for year in years if by_year else [None]:
        if by_year:
            lines += [f"### {year}" if year is not None else f"### {YEAR_UNKNOWN[k]}", ""]
        lines += header("rank", "report_name", "total", "total_change", "areas_scored", "reviewers", "reviewers_differ")
        for r in result.ranking:
            if by_year and r.year != year:
                continue
            change = f"{r.change:+.2f} ({r.previous_year})" if r.change is not None else "—"
            lines.append(f"| {r.year_rank if by_year else r.rank} | {_md(r.report_name)} "
                         f"| {_md(r.total) or '—'} | {change} | {r.areas_scored} | {r.reviewers} "
                         f"| {_flag_for_people(r.reviewers_differ)} |")
        lines += [f"| — | {_md(u.name)} | — | — | 0 | 0 | |"  # a round's, not scored yet
                  for u in result.unscored if not by_year or u.year == year]
        if by_year:
            lines.append("")
    if by_year:
        lines.pop()
    if any(r.reviewers_differ for r in result.ranking):
        lines += ["", REVIEWERS_DIFFER_NOTE[k]]
    lines += ["", f"## {SHEETS['scores'][k]}", "", *header("report_name", "area_title", "n_reviewers", "mean", "median",
                                                            "stdev", "min", "max", "disagreement", "reviewers")]
    for r in result.rows:  # each reviewer's level, as CSV and XLSX give it (walk4: only the notes said who gave which)
        lines.append("| " + " | ".join([_md(r.report_name), _md(area_name.get(r.area, r.area)), str(r.n_reviewers),
                                         _md(r.mean), _md(r.median), _md(r.stdev) or "—", str(r.min), str(r.max),
                                         _flag_for_people(r.disagreement), _md(r.reviewers)]) + " |")
    notes = [(r, who, note) for r in result.rows for who, note in r.notes.items()]
    if notes:
        lines += ["", f"## {SHEETS['notes'][k]}", "", *header("report_name", "area_title", "reviewer", "level", "note")]
        for r, who, note in notes:
            lines.append(f"| {_md(r.report_name)} | {_md(area_name.get(r.area, r.area))} | {_md(who)} | {r.reviewers[who]} "
                         f"| {_md(note)} |")
    if result.annotations:
        lines += ["", f"## {SHEETS['annotations'][k]}", "", *header("report_name", "reviewer", "side", "section", "quote",
                                                                      "note", "tags")]
        for an in result.annotations:
            lines.append(f"| {_md(an.report_name)} | {_md(an.reviewer)} | {an.side.upper()} | {_md(an.section)} "
                         f"| {FLAG_FOR_PEOPLE + ' ' if an.orphan else ''}{_md(an.quote)}"
                         f"{_md_annotated_as(an.quote_annotated, lang)} | {_md(an.note)} "
                         f"| {_md(', '.join(an.tags))} |")
    lines += ["", f"## {SHEETS['agreement'][k]} (Krippendorff α{', ordinal' if en else ',序数'})", "",
              *header("area_title", "alpha", "n", "reading")]
    for area, a in result.agreement.items():
        lines.append(f"| {_md(area_name.get(area, area))} | {_md(shown_alpha(a.alpha)) or '—'} | {pairable_text(a, lang)} "
                     f"| {reading_words(a.reading, lang)} |")
    if caution := overall_caution(result.agreement, lang):
        lines += ["", _md(caution)]
    if result.year_over_year:
        lines += ["", f"## {SHEETS['year_over_year'][k]}", "", *header("government", "year", "area_title", "mean",
                                                                         "change", "reviewers_differ",
                                                                         "same_reviewers_change")]
        for c in result.year_over_year:
            same = f"{c.same_reviewers_change:+.2f}" if c.same_reviewers_change is not None else "—"
            lines.append(f"| {_md(c.government)} | {c.previous_year}→{c.year} | {_md(area_name.get(c.area, c.area))} "
                         f"| {_md(c.previous_mean)}→{_md(c.mean)} | {c.change:+.2f} "
                         f"| {_flag_for_people(c.reviewers_differ)} | {same} |")
        if any(c.reviewers_differ for c in result.year_over_year):
            lines += ["", REVIEWERS_DIFFER_NOTE[k]]
    if said:  # what is said beside the result (walk15 F6: only stderr said it)
        lines += ["", "## Notes" if en else "## 说明", "", *(f"- {_md(line)}" for line in said)]
    return "\n".join(lines) + "\n"


def _md_annotated_as(words: str, lang: str) -> str:
    """After a quote the report was revised under: the words annotated ("" when none)."""
    return f"<br>({HEADERS['quote_annotated'][lang == 'en']}: {_md(words)})" if words else ""


def _sessions_said(result: Aggregate, en: bool) -> str:
    """How many sessions the summary comes from: those with a score, and those holding annotations only (their
    annotations are listed: "0 sessions" above them read as if they came from nowhere), said apart when there are."""
    n, scored = result.counted, result.sessions
    if en:
        said = f"{n} session" + ("" if n == 1 else "s")
        return said + (f", {scored} with scores" if result.annotated else "")
    return f"{n} 份会话" + (f",{scored} 份含评分" if result.annotated else "")


def tables(result: Aggregate, rubric: Rubric, lang: str = "zh") -> dict[str, tuple[list[str], list[list]]]:
    """The tables people read (XLSX's sheets, one CSV with --table): name → (column ids, rows); area titles in
    `lang`, the reviewers' notes and annotations in full."""
    area_name = _area_names(rubric, lang)
    return {
        # (year_rank last: the columns before it keep their places, as files made before it read them)
        "ranking": (["rank", "report_name", "government", "year", "total", "previous_year", "change", "areas_scored",
                     "reviewers", "report_id", "reviewers_differ", "year_rank"],
                    [[r.rank, r.report_name, r.government, r.year, r.total, r.previous_year, r.change, r.areas_scored,
                      r.reviewers, r.report_id, r.reviewers_differ, r.year_rank] for r in result.ranking]
                    # a round's reports nobody has scored yet, last and unranked: a bureau's summary names them too
                    + [[None, u.name, u.government, u.year, None, None, None, 0, 0, u.report_id, None, None]
                       for u in result.unscored]),
        "scores": (["report_name", "government", "year", "area_title", "n_reviewers", "mean", "median", "stdev", "min",
                    "max", "disagreement", "area_alpha", "reviewers", "report_id"],
                   [[r.report_name, r.government, r.year, area_name.get(r.area, r.area), r.n_reviewers, r.mean, r.median,
                     r.stdev, r.min, r.max, r.disagreement,  # α as read, as the agreement sheet has it (walk32 #5)
                     shown_alpha(_area_alpha(r, result)),
                     _text(r.reviewers), r.report_id] for r in result.rows]),
        "notes": (["report_name", "area_title", "reviewer", "level", "note"],
                  [[r.report_name, area_name.get(r.area, r.area), who, r.reviewers[who], note]
                   for r in result.rows for who, note in r.notes.items()]),
        "annotations": (["report_name", "reviewer", "side", "section", "quote", "note", "tags", "quote_annotated",
                         "orphan"],
                        [[an.report_name, an.reviewer, an.side.upper(), an.section, an.quote, an.note,
                          ", ".join(an.tags), an.quote_annotated, an.orphan] for an in result.annotations]),
        # n stays a number a spreadsheet can sort; why it is 0 in a column of its own (added last: extend only)
        "agreement": (["area_title", "alpha", "n", "units", "reading", "n_note"],
                      [[area_name.get(area, area), shown_alpha(a.alpha), a.n, a.units, reading_words(a.reading, lang),
                        no_pairable_reason(a, lang)] for area, a in result.agreement.items()]),
        "year_over_year": (["government", "year", "previous_year", "area_title", "mean", "previous_mean", "change",
                            "reviewers_differ", "same_reviewers_change"],
                           [[c.government, c.year, c.previous_year, area_name.get(c.area, c.area), c.mean, c.previous_mean,
                             c.change, c.reviewers_differ, c.same_reviewers_change] for c in result.year_over_year]),
    }


TABLES = tuple(SHEETS)
#: A column whose heading for people differs on one sheet: the ranking's change is in points, over the areas scored in
#: both years (the Markdown ranking says the same; the column's id, which --table CSV files carry, stays "change").
_SHEET_HEADER = {("ranking", "change"): "total_change"}


#: The columns holding the reviewers' own words, any length and any number of lines: wrapped in XLSX, so Excel and WPS
#: show every line (without it a note's lines showed as one, cut at the column's edge: walk6 #7).
WRAPPED = frozenset({"note", "quote", "quote_annotated"})


def xlsx(result: Aggregate, rubric: Rubric, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    k = 1 if lang == "en" else 0
    wb = Workbook()
    wb.remove(wb.active)
    for name, (columns, rows) in tables(result, rubric, lang).items():
        ws = wb.create_sheet(SHEETS[name][k])
        ws.append([HEADERS[_SHEET_HEADER.get((name, c), c)][k] for c in columns])
        for values in rows:
            ws.append([_xlsx_value(v, lang) for v in values])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for i, column in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 500)), 1):
            width = max((display_width(str(c.value)) for c in column if c.value is not None), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
        wrapped = {i for i, c in enumerate(columns) if c in WRAPPED}
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=2):
            for i, cell in enumerate(row):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
                if i in wrapped:
                    cell.alignment = wrap
        if name == "agreement" and (caution := overall_caution(result.agreement, lang)):
            ws.append([])  # under the table (outside its filter), as the Markdown and the view say it (walk17 F6)
            ws.append([caution])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _flag_for_people(value: bool) -> str:
    """A flag in a file people read (XLSX, Markdown): FLAG_FOR_PEOPLE when true, an empty cell when not."""
    return FLAG_FOR_PEOPLE if value else ""


#: What a spreadsheet cell holds at most (Excel's limit; openpyxl cut longer text there without a mark: audit1).
XLSX_CELL_CHARS = 32_767
#: The end of a text cut to XLSX_CELL_CHARS, in (zh, en): where the rest is.
_XLSX_CUT = ("…(超出电子表格单元格的 {limit} 字上限,共 {n} 字;全文见 JSON 或 --table 导出的 CSV)",
             "… (over a spreadsheet cell's {limit} characters, {n} in all: whole in the JSON or a --table CSV)")


def _xlsx_value(value, lang: str = "zh"):
    if isinstance(value, bool):
        return _flag_for_people(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        text = ILLEGAL_CHARACTERS_RE.sub("", clean(value))
        if len(text) > XLSX_CELL_CHARS:
            mark = _XLSX_CUT[lang == "en"].format(limit=XLSX_CELL_CHARS, n=len(text))
            text = text[:XLSX_CELL_CHARS - len(mark)] + mark
        return text
    return value
