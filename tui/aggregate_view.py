"""The aggregate view: per report, a bar per area with the reviewers' spread; disagreements flagged."""
from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from fazhi.core.aggregate import Aggregate
from fazhi.core.rubric import Rubric
from fazhi.tui.i18n import Strings
from fazhi.tui.render import fit

BAR = 24


def spread_bar(row, lo: int, hi: int) -> Text:
    """█ up to the mean, ─ across the reviewers' min–max range, on the rubric's scale."""
    span = max(1, hi - lo)
    cell = lambda v: round((v - lo) / span * BAR)  # noqa: E731
    mean, low, high = cell(row.mean), cell(row.min), cell(row.max)
    text = Text()
    for i in range(BAR + 1):
        if i <= mean:
            text.append("█", style="red" if row.disagreement else "green")
        elif low <= i <= high:
            text.append("─", style="yellow")
        else:
            text.append("·", style="dim")
    return text


def aggregate_text(result: Aggregate, rubric: Rubric, t: Strings) -> Text:
    text = Text()
    reports: dict[str, list] = {}
    for row in result.rows:
        reports.setdefault(row.report_id, []).append(row)
    for report, rows in reports.items():
        first = rows[0]
        total = result.totals.get(report)
        text.append(f"{first.government or ''} {first.year or ''} {first.report_title or report[:12]}", style="bold")
        text.append(f"   {total if total is not None else '—'}%\n", style="bold cyan")
        for row in rows:
            text.append(fit(row.area_title or row.area, 16) + " ")
            text.append_text(spread_bar(row, rubric.scale_min, rubric.scale_max))
            text.append(f" {row.mean:.2f}  n={row.n_reviewers}  {row.min}–{row.max}")
            text.append("  ⚠ ≥2" if row.disagreement else "", style="bold red")
            text.append("\n")
        text.append("\n")
    text.append(f"{t('alpha')} (Krippendorff, ordinal)\n", style="bold")
    for area, a in result.agreement.items():
        alpha = "—" if a.alpha is None else f"{a.alpha:.3f}"
        text.append(f"  {fit(area, 28)} {alpha:>7}  n={a.n:<4} {a.reading}\n")
    return text


class AggregateApp(App):
    BINDINGS = [Binding("q,ctrl+q,escape", "quit", Strings("zh")("quit"), id="quit")]

    def __init__(self, result: Aggregate, rubric: Rubric, lang: str = "zh") -> None:
        super().__init__()
        self.result, self.rubric, self.t = result, rubric, Strings(lang)
        self.title = self.t("aggregate_title")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(aggregate_text(self.result, self.rubric, self.t), id="aggregate")
        yield Footer()
