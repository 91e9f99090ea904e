"""Plain-text renderings for the command line: an outline tree, an alignment table, an areas report, a round's plan.

Colour only when printing to a terminal; glyphs always carry the meaning on their own. Everything that comes
from a file (names, titles, headings, a rubric's words) is shown as text through `shown`: a control character
in it is printed as an escape (\\x1b, \\x9b …), never sent to the terminal.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size

from fazhi.core.errors import printable as shown, shown_name

#: A pair's status as a sign; "pending" (not aligned yet) and "edited" (matched, its own text changed:
#: `Review.text_changed`) are the workbench's, never a Pair.status.
STATUS_GLYPH = {"matched": "=", "edited": "≈", "moved": "↕", "removed": "−", "added": "+", "pending": "·"}
#: "moved_edited", the workbench's too: a moved pair whose own text changed says both signs, so a reviewer looking
#: for ≈ (rewritten text) does not pass over a section that was rewritten where it moved.
STATUS_GLYPH["moved_edited"] = STATUS_GLYPH["moved"] + STATUS_GLYPH["edited"]
#: A round's alignment summary: its "matched" count holds the workbench's = and ≈ both (`Alignment.counts`).
ROUND_SIGNS = {**STATUS_GLYPH, "matched": STATUS_GLYPH["matched"] + STATUS_GLYPH["edited"]}
_COLORS = {"matched": "32", "moved": "33", "removed": "31", "added": "36", "dim": "2", "bold": "1"}


def _c(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if color else text


#: An annotation's quote where it is named in a line (panel, lists, forms) is cut to this many cells.
QUOTE_CELLS = 32


def annotation_mark(annotation) -> str:
    """What an annotation is marked with in a line: ⚠ could not be placed in the report as it is now; ≈ placed on words
    the report's revision changed (the words annotated are kept: `Annotation.quote_annotated`)."""
    return "⚠ " if annotation.orphan else f"{STATUS_GLYPH['edited']} " if annotation.quote_annotated else ""


def clip(text: str, width: int) -> str:
    """Cut to a display width with … where cut, without padding (a quote inside a sentence)."""
    return text if cell_len(text) <= width else fit(text, width).rstrip(" ")


def clip_line(text: str, width: int) -> str:
    """`clip` on one row: a quote's line breaks read as blanks (a break drew the rest of a one-row line off it)."""
    return clip(text.replace("\n", " "), width)


def clip_start(text: str, width: int) -> str:
    """Cut at its start to a display width, with … where cut, without padding: for text whose end tells it apart
    (a file's name). Never wider than `width` (below one cell: "")."""
    if cell_len(text) <= width:
        return text
    return "…" + _end(text, width - 1) if width >= 1 else ""


#: A file's path in a message: folders joined by /, no blank or colon (a message's own ": " ends it), nor a Chinese
#: sentence's marks (walk21 F2: "查找、依据、批注列表与上/下一批注、命令面板…" was cut as a path, "…/下一批注…").
_PATH = re.compile(r"[^\s:\uff1a()\uff08\uff09、，。；！？]*/[^\s:\uff1a()\uff08\uff09、，。；！？]+")


#: A path shorter than this is shown as it is (a round's "乡镇/静海镇2022.txt": its folder tells something).
LONG_PATH = 30


def shorten_paths(text: str, width: int) -> str:
    """`text` in `width` cells where its long file paths can give the room: each, longest first, loses its folders
    ("…/"), then the middle of its name (its start and end, which tell a copy's stamp apart, stay). What a message says
    after a path (a save's reason) is then not the part cut at the end (walk9 #6). The text as it is when it fits."""
    over = cell_len(text) - width
    shorter: dict[int, tuple[int, str]] = {}  # where a path starts → (where it ends, what stands for it)
    for found in sorted(_PATH.finditer(text), key=lambda m: -len(m.group())):
        path = found.group()
        if over <= 0 or cell_len(path) < LONG_PATH:
            break
        name = path.rsplit("/", 1)[1]
        short = "…/" + name
        if cell_len(path) - cell_len(short) < over:  # the name too, cut in its middle
            keep = max(8, cell_len(name) - (over - (cell_len(path) - cell_len(short))) - 1)
            short = "…/" + clip_middle(name, keep)
        shorter[found.start()] = (found.end(), short)
        over -= cell_len(path) - cell_len(short)
    for start in sorted(shorter, reverse=True):  # from the end: the earlier places stay where they were found
        end, short = shorter[start]
        text = text[:start] + short + text[end:]
    return text


def clip_middle(text: str, width: int, end: int | None = None) -> str:
    """Cut in its middle to a display width with …: its start and its end stay, the end in `end` cells (half the
    room unless said). Characters are kept whole, so a cut may be a cell short of `width`."""
    if cell_len(text) <= width:
        return text
    if width < 2:
        return set_cell_size(text, width)
    end = max(0, min(width - 1, (width - 1) // 2 if end is None else end))
    tail = _end(text, end)
    return _start(text, width - 1 - cell_len(tail)) + "…" + tail


def clip_apart(texts: Iterable[str], width: int) -> dict[str, str]:
    """Each of `texts` cut in its middle to `width` cells, three quarters of the room for its end (where file names
    differ: 营仔镇2025.txt and 营仔镇2025修订.txt in 12 cells, 营…2025.txt and 营…5修订.txt), unless another share tells
    more of them apart: qingcheng_2024.txt and qingxi_2024.txt in 9 cells are qi…024.txt both, qingc…txt and
    qingx…txt with a longer start. Texts that fit are as they are."""
    texts = set(texts)
    usual = (width - 1) - (width - 1) // 4

    def cut(end: int) -> dict[str, str]:
        return {text: clip_middle(text, width, end) for text in texts}

    best = cut(usual)
    told_apart = len(set(best.values()))
    if told_apart < len(texts) and width >= 2:
        for end in sorted(range(width), key=lambda e: abs(e - usual)):  # the nearest the usual share that does best
            other = cut(end)
            if len(set(other.values())) > told_apart:
                best, told_apart = other, len(set(other.values()))
    return best


def _start(text: str, cells: int) -> str:
    """The longest start of `text` within `cells` cells."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > cells:
            return text[:i]
    return text


def _end(text: str, cells: int) -> str:
    """The longest end of `text` within `cells` cells."""
    return _start(text[::-1], cells)[::-1]


def fit(text: str, width: int) -> str:
    """Cut to a display width (CJK = 2 cells, … where cut) and pad, so columns line up in a terminal: always exactly
    `width` cells (below two, no room for …: the text's first cells)."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    if width < 2:
        return set_cell_size(text, width)
    start = _start(text, width - 1)
    return start + "…" + " " * (width - 1 - cell_len(start))


def outline_tree(outline, color: bool = False) -> str:
    lines = [
        _c(shown(outline.title or "(无标题 untitled)"), "bold", color),
        f"  government {shown(outline.government or '—')}   year {outline.year or '—'}   date {shown(outline.date or '—')}",
        "",
    ]
    for section in outline.walk():
        if section.kind == "preamble":
            lines.append(_c(f"  [0] (导语 preamble, {len(section.text)} chars)", "dim", color))
            continue
        indent = "  " * section.level
        label = _c(shown(section.label), "dim", color) if section.kind == "item" else shown(section.label)
        lines.append(f"{indent}{label}{shown(section.heading)}  {_c(f'[{section.id}]', 'dim', color)}")
    return "\n".join(lines) + "\n"


#: What the table calls an untitled lead paragraph (the workbench's 导语).
_PREAMBLE = {"preamble": "导语"}


def similarity_text(score: float) -> str:
    """A pair's similarity as shown, two decimals: 1.00 only for a score of 1 (walk29: an edited pair read "≈ 1.00"
    beside a same-text pair's "= 0.99", a rounded 0.996 looking like identity)."""
    return "0.99" if 0.99 < score < 1 else f"{score:.2f}"


def alignment_table(alignment, a, b, color: bool = False, width: int = 44) -> str:
    """The alignment as the workbench marks it: = the same own text (but for spacing and years), ≈ edited, ↕ moved
    (↕≈ moved and edited), − only in A, + only in B; the counts below (matched = and ≈ together, as JSON counts)."""
    from fazhi.core.compare import own_text_changed, shown_status

    head = f"   {'A: ' + _title_or_name(a):<{width}}  score  B: {_title_or_name(b)}"
    lines = [head, "─" * (width * 2 + 16)]
    edited = 0
    for pair in alignment.pairs:
        sa = a.find(pair.a) if pair.a else None
        sb = b.find(pair.b) if pair.b else None
        left, right = (shown(f"{x.id} {x.label}{x.heading or _PREAMBLE.get(x.kind, '')}") if x else "" for x in (sa, sb))
        shape = shown_status(pair.status, sa is not None and sb is not None and own_text_changed(a, sa, b, sb))
        edited += shape == "edited"
        glyph = _c(f"{STATUS_GLYPH[shape]:<2}", pair.status, color)
        score = similarity_text(pair.score) if pair.score is not None else "  — "
        lines.append(f" {glyph} {fit(left, width)}  {score}  {right}")
    counts = alignment.counts()
    lines.append("")
    said = [f"= matched {counts['matched']} (≈ edited {edited})"]
    lines.append("  ".join(said + [f"{STATUS_GLYPH[k]} {k} {v}" for k, v in counts.items() if k != "matched"]))
    return "\n".join(lines) + "\n"


def _title_or_name(outline) -> str:
    return shown(outline.title) if outline.title else shown_name(outline.source)


def bar(value: float, width: int = 12) -> str:
    full = int(round(max(0.0, min(1.0, value)) * width))
    return "█" * full + "·" * (width - full)


def areas_report(result, outline, rubric, color: bool = False) -> str:
    lines = [_c(_title_or_name(outline), "bold", color),
             f"rubric {shown(rubric.id)} {shown(rubric.version)}", ""]
    for area in rubric.areas:
        evidence = result.evidence.get(area.id, [])
        strength = evidence[0][1] if evidence else 0.0
        lines.append(f"{fit(shown(area.title_short), 18)} {bar(strength)} {len(evidence):>2} section{'' if len(evidence) == 1 else 's'}")
        for section_id, score in evidence[:4]:
            s = outline.find(section_id)
            lines.append(_c(f"      {score:.2f}  [{section_id}] {fit(shown(s.heading) if s else '', 50)}", "dim", color))
    lines.append("")
    lines.append("required parts / 报告必备内容:")
    for part in rubric.parts:
        ids = result.parts.get(part.id, [])
        mark = "✓" if ids else ("·" if part.optional else "✗")
        found = ", ".join(ids) if ids else ("—" if part.optional else "— missing 缺失")
        lines.append(f"  {mark} {fit(shown(part.id), 20)} {fit(shown(part.title), 44)} {found}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------ rounds

#: Before a review's status in a round: a report of it was revised since the reviewer saved their session of it (not
#: ≈, which the round's alignment summary counts with =).
REVISED_MARK = "↻"


def status_label(status, t) -> str:
    """A review's status for the reviewer (core.round.ReviewStatus), in the interface's language `t`; REVISED_MARK
    before it where a report of it was revised since they saved (`ReviewStatus.revised`), "· 草稿" after it where a
    dialog's typing is kept unsaved (`ReviewStatus.draft`), "· 会话有误" where a session file of it is not counted
    (`ReviewStatus.broken`: the problems tab says why), "· 他处评分" where its levels were given in another pair only
    (`ReviewStatus.elsewhere`)."""
    return (f"{REVISED_MARK} " if status.revised else "") + {
        "not started": t("state_not_started"), "done": t("state_done")}.get(
        status.state, t("state_in_progress", k=status.scored, n=status.total)) + \
        (f" · {t('state_elsewhere')}" if status.elsewhere else "") + \
        (f" · {t('state_draft')}" if status.draft else "") + (f" · {t('state_broken')}" if status.broken else "")


def summary_parts(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(kind, "=≈34") for a pair's section counts, as the round shows them: what is not there is not said."""
    return [(kind, f"{ROUND_SIGNS[kind]}{counts.get(kind, 0)}") for kind in ("matched", "moved", "removed", "added")
            if counts.get(kind, 0) or kind == "matched"]


def review_years(review) -> str:
    """A round's review's years as the round shows them: 2024→2025 against the year before, 2024⇄2024 against a
    peer's report (core.round.Review.peer: its government is said beside), 2024 alone."""
    if review.a is None:
        return str(review.b.year)
    return f"{review.a.year}{'⇄' if review.peer else '→'}{review.b.year}"


def review_warnings(review, t) -> list[str]:
    """What a round's review waits on, as the round lists it: years missing before it, a choice among its year's
    duplicates, or among the year before's (walk31 #7: the next year read "duplicate" as if it were one)."""
    warnings = [t("gap", years=t("list_sep").join(map(str, review.gap)))] if review.gap else []
    if review.duplicate:
        warnings.append(t("undecided"))
    elif review.after_duplicates:
        warnings.append(t("undecided_before"))
    return warnings


def round_file_waiting(waiting: tuple[int, int], t) -> str:
    """What a round file fazhi just wrote waits for (`core.round.write_template`'s counts), as said after writing it."""
    return t("list_sep").join(t(key, n=n) for key, n in zip(("round_file_unreadable", "round_file_undecided"), waiting)
                              if n)


def round_plan(round_, status, t) -> str:
    """The plan as plain text in the interface's language `t` (`fazhi round DIR --plain`, or any output that is not
    a terminal): the reviews with their years, files, summary and status, then what needs the reviewer."""
    kinds = Counter(r.kind for r in round_.reviews)
    out = [t("plan_summary_peers" if kinds["peer"] else "plan_summary", reports=len(round_.reports),
             reviews=len(round_.reviews), pairs=kinds["pair"], peers=kinds["peer"], singles=kinds["single"])]
    for r in round_.reviews:
        years = review_years(r) + (f" {t('kind_peer', government=r.a.government)}" if r.peer else "")
        line = f"  {r.government:<10} {years:<10} {r.a.shown if r.a else t('plan_alone')}  ⟶  {r.b.shown}"
        if r.alignment:
            line += "  [" + " ".join(text for _, text in summary_parts(r.alignment)) + "]"
        if status:
            line += f"  · {status_label(status.statuses[r.id], t)}"
        if r.reviewers:
            line += f"  · {', '.join(r.reviewers)}"
        notes = review_warnings(r, t) + ([shown(r.note)] if r.peer and r.note else [])
        out.append(line + (f"  · {' '.join(notes)}" if notes else ""))

    fixable, missing = round_problems(round_, t)
    if status:  # the reviewer's sessions the statuses could not count, as the round screen's problems tab lists them
        missing += [(title, lines) for title, lines in ((t("session_problems_title"), [t.core(p) for p in status.problems]),
                                                        (t("sessions_outside_title"), status.outside)) if lines]
    for title, lines in fixable + missing:
        out += [title, *(f"  {line}" for line in lines)]
    return "\n".join(out) + "\n"


Sections = list[tuple[str, list[str]]]


def round_problems(round_, t) -> tuple[Sections, Sections]:
    """What needs the reviewer in a round, as (title, lines) sections with lines: what round.toml fixes (duplicates,
    unreadable files, skipped files, its own warnings), and the years missing (only a report file makes them up)."""
    sep = t("list_sep")
    fixable = [
        (t("duplicates_title"), [f"{g.government} {g.year}: " + ", ".join(x.shown for x in g.reports) + " — "
                                 + (t("duplicate_uses", file=g.uses.shown) if g.uses else t("duplicate_choose"))
                                 for g in round_.duplicates]),
        (t("unreadable_title"), [f"{x.shown}: {_unreadable_reason(x, t)}" for x in round_.unreadable_to_fix]),
        (t("skipped_title"), [x.shown for x in round_.skipped]),
        (t("warnings_title"), [t.core(w) for w in round_.warnings])]
    latest, behind = round_.without_latest_year()
    missing = [(t("missing_title"), [f"{g}: {sep.join(map(str, ys))}" for g, ys in round_.missing_years.items()]),
               (t("latest_title", year=latest), [sep.join(t("latest_item", government=g, year=y)
                                                          for g, y in behind.items())] if behind else [])]
    return [s for s in fixable if s[1]], [s for s in missing if s[1]]


def _unreadable_reason(report, t) -> str:
    """Why a report is not in the round, in the interface's language: what could not be read from it, or the reading
    error core gave."""
    if not report.missing:
        return t.core(report.reason)
    return t("reason_missing", what=t("what_both" if len(report.missing) == 2 else f"what_{report.missing[0]}"))
