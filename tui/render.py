"""Plain-text renderings for the command line: an outline tree, an alignment table, an areas report.

Colour only when printing to a terminal; glyphs always carry the meaning on their own. Everything that comes
from a file (names, titles, headings, a rubric's words) is shown as text through `shown`: a control character
in it is printed as an escape (\\x1b, \\x9b …), never sent to the terminal.
"""
from __future__ import annotations

from rich.cells import cell_len

from fazhi.core.errors import printable as shown

#: A pair's status as a sign; "pending" (not aligned yet) and "edited" (matched, its own text changed:
#: `Review.is_change`) are the workbench's, never a Pair.status.
STATUS_GLYPH = {"matched": "=", "edited": "≈", "moved": "↕", "removed": "−", "added": "+", "pending": "·"}
_COLORS = {"matched": "32", "moved": "33", "removed": "31", "added": "36", "dim": "2", "bold": "1"}


def _c(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if color else text


#: An annotation's quote where it is named in a line (panel, lists, forms) is cut to this many cells.
QUOTE_CELLS = 32


def clip(text: str, width: int) -> str:
    """Cut to a display width with … where cut, without padding (a quote inside a sentence)."""
    return text if cell_len(text) <= width else fit(text, width).rstrip(" ")


def fit(text: str, width: int) -> str:
    """Cut to a display width (CJK = 2 cells, … where cut) and pad, so columns line up in a terminal."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for ch in text:
        if used + cell_len(ch) > width - 1:
            break
        out.append(ch)
        used += cell_len(ch)
    return "".join(out) + "…" + " " * (width - 1 - used)


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


def alignment_table(alignment, a, b, color: bool = False, width: int = 44) -> str:
    head = f"   {'A: ' + shown(a.title or a.source):<{width}}  score  B: {shown(b.title or b.source)}"
    lines = [head, "─" * (width * 2 + 16)]
    for pair in alignment.pairs:
        sa = a.find(pair.a) if pair.a else None
        sb = b.find(pair.b) if pair.b else None
        left = shown(f"{sa.id} {sa.label}{sa.heading}") if sa else ""
        right = shown(f"{sb.id} {sb.label}{sb.heading}") if sb else ""
        glyph = _c(STATUS_GLYPH[pair.status], pair.status, color)
        score = f"{pair.score:.2f}" if pair.score is not None else "  — "
        lines.append(f" {glyph} {fit(left, width)}  {score}  {right}")
    counts = alignment.counts()
    lines.append("")
    lines.append("  ".join(f"{STATUS_GLYPH[k]} {k} {v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"


def bar(value: float, width: int = 12) -> str:
    full = int(round(max(0.0, min(1.0, value)) * width))
    return "█" * full + "·" * (width - full)


def areas_report(result, outline, rubric, color: bool = False) -> str:
    lines = [_c(shown(outline.title or outline.source), "bold", color),
             f"rubric {shown(rubric.id)} {shown(rubric.version)}", ""]
    for area in rubric.areas:
        evidence = result.evidence.get(area.id, [])
        strength = evidence[0][1] if evidence else 0.0
        lines.append(f"{fit(shown(area.title_short), 18)} {bar(strength)} {len(evidence):>2} sections")
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
