"""The aggregate view (tui/screens/aggregate.py) on a round's pooled sessions, written by core.review.Review for three
reviewers: the ranking named by government, year and title with the change from the previous year, drilling down
report → area → each reviewer's level, note and annotations, disagreements flagged, α with its reading, back up with
Escape; English; SVG snapshots (80×24 and 160×45)."""
from __future__ import annotations

import os

import pytest
from rich.cells import cell_len

from fazhi.core import round as rounds
from fazhi.core.aggregate import aggregate_paths
from fazhi.core.agreement import agreement_of
from fazhi.core.areas import map_areas
from fazhi.core.record import replace
from fazhi.core.rubric import load_rubric
from fazhi.tui.app import ScreenApp
from fazhi.tui.i18n import Strings
from fazhi.tui.screens.aggregate import (COLUMNS, RANKING_DROPS, AggregateScreen, column_keys, cut_title, label_width,
                                        table_room)
from tests.fixtures.make_round import make_round

SIZE = (160, 45)
LE, PO = "law_enforcement", "power_oversight"


def _review(plan, government: str, kind: str, reviewer: str, sessions, levels: dict, notes: dict | None = None,
            annotate: str | None = None) -> None:
    """A reviewer's session on the review's later report (B): levels, notes, and an annotation on a section of
    the area `annotate`."""
    review = next(r for r in plan.reviews if r.government == government and r.kind == kind)
    opened = review.open(reviewer, load_rubric(), sessions)
    for area, level in levels.items():
        opened.set_score("b", area, level)
    for area, note in (notes or {}).items():
        opened.set_note("b", area, note)
    if annotate:
        areas = map_areas(opened.b, opened.rubric).section_areas
        section = next(opened.b.find(sid) for sid, ids in areas.items() if annotate in ids and opened.b.find(sid).heading)
        opened.annotate("b", section.id, section.heading_start, section.heading_end, "执法案例具体", ["亮点"])
    opened.save()


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    """(the round, the pooled result, the reports' files): three reviewers on three governments, one of them
    reviewed in two years."""
    base = tmp_path_factory.mktemp("pooled")
    saved = os.environ.get("FAZHI_CACHE_DIR")
    os.environ["FAZHI_CACHE_DIR"] = str(base / "cache")
    make_round(base / "round")
    plan = rounds.scan(base / "round")
    sessions = base / "sessions"
    _review(plan, "清溪镇", "pair", "王芳", sessions, {LE: 4, PO: 2}, {LE: "执法数据翔实"}, annotate=LE)
    _review(plan, "清溪镇", "pair", "李明", sessions, {LE: 1, PO: 3}, {LE: "缺少典型案例"})
    _review(plan, "清溪镇", "pair", "张伟", sessions, {LE: 3, PO: 2})
    _review(plan, "静海镇", "pair", "王芳", sessions, {LE: 2, PO: 1})
    _review(plan, "静海镇", "pair", "李明", sessions, {LE: 2, PO: 1})
    _review(plan, "清溪镇", "single", "王芳", sessions, {LE: 2, PO: 2})
    result = aggregate_paths([str(sessions)], load_rubric(), reports=plan.report_names())
    yield plan, result, {r.b.sha256: r.b.path for r in plan.reviews}
    if saved is None:
        os.environ.pop("FAZHI_CACHE_DIR", None)
    else:
        os.environ["FAZHI_CACHE_DIR"] = saved


def view_app(pooled, lang="zh", paths=True) -> ScreenApp:
    _, result, report_paths = pooled
    return ScreenApp(AggregateScreen(result, load_rubric(), lang, report_paths=report_paths if paths else None), lang)


def shown(widget) -> list[str]:
    """The lines a widget shows on the screen, as text."""
    return ["".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)]


def rows(view: AggregateScreen) -> list[dict[str, str]]:
    table = view.table
    keys = [str(c.key.value) for c in table.columns.values()]
    return [dict(zip(keys, map(str, table.get_row_at(i)))) for i in range(table.row_count)]


async def settled(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_ranking_names_reports_and_shows_change_and_disagreement(pooled):
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        ranking = rows(view)
        names = [r["report_name"] for r in ranking]
        assert names == ["清溪镇 2025  清溪镇2025年度法治政府建设工作报告", "清溪镇 2024",  # that sample has no title line
                         "静海镇 2024  静海镇2024年度法治政府建设工作报告"]
        # two years: a year at a time, the latest first, each report's rank in its year (walk31 #8)
        assert [r["rank"] for r in ranking] == ["2025 1", "2024 1", "2024 2"]
        totals = [float(r["total"].rstrip("%")) for r in ranking]
        assert totals == sorted(totals, reverse=True)
        # 清溪镇 2025 against its 2024 total; 2024 has no earlier year scored; 静海镇 2022 was not scored.
        # (2024 scored by 王芳 alone, 2025 by three: the change is marked ≠, walk28)
        assert ranking[0]["change"] == f"{totals[0] - totals[1]:+.2f} ≠" and ranking[1]["change"] == ranking[2]["change"] == ""
        assert ranking[0]["disagreements"] == "⚠ 1" and ranking[2]["disagreements"] == ""
        # a change from a year before the last (nobody reviewed the year between) says which year it is from
        assert [view.change_text(1.5, 2024, before).plain for before in (2023, 2022)] == ["+1.50", "+1.50 (2022)"]
        detail = view.query_one("#agg-detail").render().plain
        assert "评审一致性 α(Krippendorff,序数)" in detail and "行政执法" in detail and "全部领域" in detail
        assert "本轮尚未评分的报告(6)" in detail and "清城区人民政府2025年" in detail  # 营仔镇 2025 twice: two reports, none chosen
        assert "营仔镇 2025  (乡镇/营仔镇2025修订.txt)" in detail  # named as the ranking names reports
        # walk12 F5: the highlighted report's change is said with what it is counted over
        assert detail.startswith(f"比 2024 年 {totals[0] - totals[1]:+.2f} 个百分点\n只按两年都评过的领域计算")
        assert "两年(或其中某些领域)的评审员不同:变化中可能有评审员宽严的差别" in detail
        assert "多评审汇总 · 3 份报告 · 6 个会话" in view.query_one("#agg-header").render().plain


async def test_sessions_holding_annotations_alone_are_counted_in_the_header(pooled):
    """walk6 #6: "0 个会话" above a session's annotations (it had no score); counted, and said apart, as the exports do."""

    base, result, paths = pooled
    app = view_app((base, replace(result, annotated=1), paths))
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(app, pilot)
        header = app.screen.query_one("#agg-header").render().plain
        assert f"{result.sessions + 1} 个会话({result.sessions} 个含评分)" in header


async def test_a_note_of_several_lines_says_so_in_the_reviewers_table(pooled):
    """hwalk52 #6: a note's first line alone read as the whole note (a long one is cut with …, one of several lines was
    not); its whole text is in the panel below."""
    import copy

    base, result, paths = pooled
    result = copy.deepcopy(result)
    row = next(r for r in result.rows if r.area == LE and r.notes.get("李明") == "缺少典型案例")
    row.notes["李明"] = "缺少典型案例\n数据来源未注明"
    app = view_app((base, result, paths))
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        for _ in range(2):  # the first report (清溪镇 2025), its first area scored (行政执法), as a reviewer goes
            await pilot.press("enter")
            await settled(app, pilot)
        assert (view.level, view.report_id, view.area_id) == ("area", row.report_id, LE)
        notes = {r["reviewer"]: r["note"] for r in rows(view)}
        assert notes["李明"] == "缺少典型案例…" and notes["王芳"] == "执法数据翔实"


async def test_drill_down_report_area_reviewer_and_back_up(pooled):
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        await pilot.press("enter")  # the first report: 清溪镇 2025
        await settled(app, pilot)
        assert view.level == "report"
        areas = {r["area"]: r for r in rows(view)}
        le = areas["行政执法"]
        assert (le["mean"], le["n"], le["range"], le["flag"]) == ("2.67", "3", "1–4", "⚠")
        assert le["change"] == "+0.67 ≠" and le["spread"] == "█" * 8 + "─" * 4  # 2.67 of 0–4 in 12 cells; up to 4
        assert le["alpha"] == f"{view.result.agreement[LE].alpha:.3f}"  # at the places it is read at (walk17 F5)
        assert "清溪镇2025年度" in view.query_one("#agg-header").render().plain
        detail = view.query_one("#agg-detail").render().plain
        assert "评审员评分相差 2 级以上" in detail and "比 2024 年:2.00 → 2.67" in detail
        assert "两年评审员不同;两年都评过的评审员:+2.00" in detail  # 王芳: 2 → 4
        # walk29 #4: who scored each year, so the change can be checked
        assert "2024 年各评审员: 王芳 2\n各评审员: " in detail and "王芳 4" in detail.rsplit("各评审员: ", 1)[1]
        await pilot.press("enter")  # 行政执法, the first area scored
        await settled(app, pilot)
        assert view.level == "area"
        reviewers = {r["reviewer"]: r for r in rows(view)}
        assert reviewers["王芳"]["level"].startswith("4 ") and reviewers["王芳"]["note"] == "执法数据翔实"
        assert reviewers["李明"]["note"] == "缺少典型案例" and reviewers["王芳"]["annotations"] == "1"
        assert [r["reviewer"] for r in rows(view)] == ["张伟", "李明", "王芳"]
        await pilot.press("down")
        assert "缺少典型案例" in view.query_one("#agg-detail").render().plain
        await pilot.press("down")
        detail = view.query_one("#agg-detail").render().plain
        assert "王芳 · 行政执法 = 4" in detail and "该领域章节上的批注" in detail and "执法案例具体 #亮点" in detail
        await pilot.press("escape")
        assert view.level == "report" and rows(view)[view.table.cursor_row]["area"] == "行政执法"
        await pilot.press("escape")
        assert view.level == "ranking" and view.table.cursor_row == 0
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


def test_the_spread_bar_fills_in_proportion_to_the_mean():
    """walk30 #8: a mean of 2 on 0–4 drew 7 of 12 cells and a 0 drew one (the mean's cell was filled too)."""
    from types import SimpleNamespace

    from fazhi.tui.screens.aggregate import AggregateScreen

    view = SimpleNamespace(rubric=SimpleNamespace(scale_min=0, scale_max=4), style_of=lambda key: "")

    def bar(mean, low, high):
        return AggregateScreen.spread_bar(view, SimpleNamespace(mean=mean, min=low, max=high, disagreement=False)).plain

    assert bar(0, 0, 0) == "·" * 12 and bar(4, 4, 4) == "█" * 12
    assert bar(2, 2, 2) == "█" * 6 + "·" * 6
    assert bar(2, 1, 3) == "█" * 6 + "─" * 3 + "·" * 3  # the range beyond the mean
    assert bar(0.5, 0, 1) == "█" * 2 + "─" + "·" * 9


async def test_the_workbench_s_moves_work_here_and_the_help_lists_them(pooled):
    """j/k moved nowhere in the aggregate view (j then Enter opened the first report, not the second), and its help
    listed no moves; the round screen and the workbench take them."""
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        second = rows(view)[1]
        await pilot.press("j")
        assert view.table.cursor_row == 1
        await pilot.press("k", "end")
        assert view.table.cursor_row == view.table.row_count - 1
        await pilot.press("home", "j", "enter")
        await settled(app, pilot)
        assert view.level == "report" and second["report_name"].strip()[:6] in view.query_one("#agg-header").render().plain
        await pilot.press("question_mark")
        assert "下一行" in app.screen.shown


@pytest.mark.parametrize("lang, words", [("zh", ("加权得分", "百分点", "两年都评过的领域")),
                                         ("en", ("Weighted", "percentage points", "areas scored in both years"))])
async def test_the_help_says_what_the_total_and_its_change_are(pooled, lang, words):
    """比上年 +25.00 beside 86.4% and 50.0% (36.4 apart), with no unit or basis anywhere: the legend explained only
    █ ─ ⚠ α. It names the weighted total and the change's unit and the areas it is computed over."""
    app = view_app(pooled, lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("question_mark")
        help_text = app.screen.shown
        assert all(w in help_text for w in words)


@pytest.mark.parametrize("files", ["sessions", "none", "round_changed"])
async def test_without_a_round_file_of_the_text_the_sessions_name_the_report_files_else_all_annotations(pooled, files,
                                                                                              tmp_path):
    """Pooled outside a round (no round's report files), the files the sessions name are read for the report's
    sections (walk16 F7: every annotation was listed under every area, said as sections not mapped); where no file
    with the reviewed text is found, all of the reviewer's annotations on the report are listed, and that is said.
    A round's file whose text changed since is passed over for the sessions' (reread11 R13)."""
    base, result, paths = pooled
    if files == "none":
        result = replace(result, report_files={})
    changed = None
    if files == "round_changed":
        (tmp_path / "改过.txt").write_text("一、另一份报告\n内容已改。\n", encoding="utf-8")
        changed = {report: str(tmp_path / "改过.txt") for report in paths}
    app = view_app((base, result, changed), paths=changed is not None)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        await pilot.press("enter")
        await pilot.press("down")  # 权力监督: 王芳's annotation is on a 行政执法 section
        await pilot.press("enter", "down", "down")  # 王芳
        await settled(app, pilot)
        detail = view.query_one("#agg-detail").render().plain
        assert view.area_id == PO and "王芳 · 权力监督" in detail
        if files == "none":
            assert "未找到评审时的报告文件" in detail and "执法案例具体" in detail
        else:
            assert "未找到评审时的报告文件" not in detail and "执法案例具体" not in detail


async def test_mapped_annotations_stay_on_their_area(pooled):
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        await pilot.press("enter", "down", "enter", "down", "down")  # 权力监督, 王芳
        await settled(app, pilot)
        detail = view.query_one("#agg-detail").render().plain
        assert view.area_id == PO and "王芳 · 权力监督" in detail
        assert "执法案例具体" not in detail and "还没有批注" in detail


async def test_english_view(pooled):
    app = view_app(pooled, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        assert str(view.table.columns["total"].label) == "Weighted"
        assert "Reviewers' scores pooled · 3 reports · 6 sessions" in view.query_one("#agg-header").render().plain
        assert "Agreement α (Krippendorff, ordinal)" in view.query_one("#agg-detail").render().plain
        await pilot.press("enter")
        assert "Law enforcement" in {r["area"] for r in rows(view)}
        assert "Up a level" in view.query_one("#keys").plain


async def test_alone_q_quits_as_the_key_bar_says(pooled):
    """`fazhi aggregate --tui`: the view is the only screen, and q ends the app, as "q 退出" says (from a round, q
    goes back to it: tests/tui/test_round_screen.py)."""
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert "q 退出" in app.screen.query_one("#keys").plain
        await pilot.press("enter", "q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_80_columns_the_ranking_shows_every_heading_and_its_caption(pooled, lang):
    """A newcomer at 80×24: the ranking lost its last two headings (已评领域, 评审人数) past the edge, their values
    sat at the right edge, and a long α reading folded the header onto its second line, hiding 排名. The columns
    fit, each heading whole above its values; the header's lines are cut, not folded."""
    plan, result, paths = pooled
    too_few = agreement_of([[2, 3]])  # one report with two reviewers: undefined, the longest reading
    result = replace(result, agreement={**result.agreement, "overall": too_few})
    t = Strings(lang)
    app = ScreenApp(AggregateScreen(result, load_rubric(), lang, report_paths=paths), lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        view, table = app.screen, app.screen.table
        header = shown(view.query_one("#agg-header"))
        assert header[1].strip() == t("agg_ranking") and header[0].rstrip().endswith("…")
        assert table.virtual_size.width <= table.scrollable_content_region.width and not table.show_horizontal_scrollbar
        lines = shown(table)
        headings = [t(f"agg_col_{column}") for column in COLUMNS["ranking"]]
        assert [h for h in headings if h not in lines[0]] == []
        # the last two columns' values under their headings, the row ending where the heading line ends
        at = cell_len(lines[0][:lines[0].index(headings[-1])])
        for line, ranked in zip(lines[1:], result.ranking):
            assert line.rstrip().endswith(str(ranked.reviewers)) and cell_len(line.rstrip()) == at + 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_ranking_names_reports_by_government_and_year_then_the_title_cut_to_the_room(pooled, lang):
    """The ranking mixed `清溪镇 2024` with whole titles (`清远市清城区人民政府2025年法治政府建设年度报告`), so the column was
    hard to read down and a long title pushed the government and year out of sight. Government and year come first,
    lined up; the title follows, dimmed, cut at the end to what the other columns leave (cells, not characters);
    the drill-down's header names the report whole."""
    app = view_app(pooled, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        view, table = app.screen, app.screen.table
        ranking = view.result.ranking
        labels = [table.get_row_at(i)[COLUMNS["ranking"].index("report_name")] for i in range(table.row_count)]
        width = table.columns["report_name"].width
        assert all(label.plain.startswith(f"{r.government} {r.year}") for label, r in zip(labels, ranking))
        assert len({cell_len(label.plain[:label.plain.index(str(r.year))]) for label, r in zip(labels, ranking)}) == 1
        assert all(label.cell_len <= width for label in labels)
        cut = [label for label in labels if label.plain.endswith("…")]
        assert cut, "the titles (36 cells) do not fit 80 columns beside the government and year"
        dim = view.style_of("report-title")
        for label in cut:
            title_at = label.plain.index("  ") + 2
            assert [span.style for span in label.spans if span.start == title_at] == [dim]
        await pilot.press("enter")
        await settled(app, pilot)
        assert "清溪镇2025年度法治政府建设工作报告" in view.query_one("#agg-header").render().plain
        await pilot.press("escape")
        await pilot.resize_terminal(160, 45)
        await settled(app, pilot)
        whole = [table.get_row_at(i)[COLUMNS["ranking"].index("report_name")].plain for i in range(table.row_count)]
        assert whole[0] == "清溪镇 2025  清溪镇2025年度法治政府建设工作报告"
        # where the government or the year is unknown: the name core gives
        assert view.report_label("标题", None, 2025, "某报告", 6, 30).plain == "某报告"
        assert view.report_label(None, None, 2025, "长" * 40, 6, 30).plain == "长" * 14 + "…"
        assert view.report_label("营仔镇报告", "营", 2025, "", 6, 30).plain == "营     2025  营仔镇报告"
        assert view.report_label("营仔镇报告" * 9, "营", 2025, "", 6).plain.endswith("营仔镇报告")  # whole


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_aggregate_view_snapshot(snap_compare, pooled, size):
    assert snap_compare(view_app(pooled), terminal_size=size)


def test_aggregate_view_area_level_snapshot(snap_compare, pooled):
    async def run_before(pilot):
        await pilot.press("enter", "enter")
        await settled(pilot.app, pilot)

    assert snap_compare(view_app(pooled), terminal_size=(160, 45), run_before=run_before)


@pytest.mark.parametrize("lang, counted, none", [
    ("zh", "可配对评分 10", "可配对评分 0(每份报告仅一名评审员评分)"),
    ("en", "pairable ratings 10", "pairable ratings 0 (each report scored by one reviewer only)")])
async def test_agreement_names_what_n_counts_and_why_it_is_0(pooled, tmp_path, lang, counted, none):
    """n beside α counts the pairable ratings (reports scored by two reviewers or more): "n=0" beside areas that have
    scores was read as "nobody scored"."""
    app = view_app(pooled, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        detail = app.screen.query_one("#agg-detail").render().plain
        assert counted in detail and "n=" not in detail
    for i in (1, 2):  # one reviewer on each of two reports
        (tmp_path / f"{i}.toml").write_text(
            f'schema = "fazhi.session/1"\nreviewer = "甲"\n[reports.a]\nsha256 = "{"a" * 64}"\n[reports.b]\n'
            f'sha256 = "{str(i) * 64}"\n[scores.b.{LE}]\nlevel = {i}\n', encoding="utf-8")
    alone = aggregate_paths([str(tmp_path)], load_rubric())
    app = ScreenApp(AggregateScreen(alone, load_rubric(), lang), lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.screen.query_one("#agg-detail").render().plain.count(none) == 2  # the area and all areas


async def test_sessions_counted_by_their_file_and_those_of_no_report_of_the_round_are_said(pooled):
    """core.aggregate's `carried` and `outside` sessions reach the ranking's detail (the CLI prints them on stderr)."""

    plan, result, report_paths = pooled
    noted = replace(result, carried=["s1.toml", "s2.toml"], outside=["s3.toml"])
    app = ScreenApp(AggregateScreen(noted, load_rubric(), "en", report_paths=report_paths), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        detail = app.screen.query_one("#agg-detail").render().plain
        assert "2 session(s) name a report of the round by its file" in detail
        assert "1 session(s) score a report this round does not have" in detail and "s3.toml" in detail


async def test_the_reports_nobody_scored_are_named_as_the_ranking_names_them(pooled):
    """polish3 left the unscored list on the older naming (the title alone where it says government and year)."""
    _, result, _ = pooled
    named = [u for u in result.unscored if u.government and u.year and u.title]
    assert named, "the round has unscored reports with a government, a year and a title"
    app = view_app(pooled)
    async with app.run_test(size=(160, 45)) as pilot:
        await settled(app, pilot)
        view = app.screen
        lines = view._ranking_detail(None).plain.splitlines()
        for u in named[:5]:
            assert any(line.startswith(f"  {u.government}") and f"{u.year}  {u.title}" in line for line in lines), u


def _session(folder, number: int, reviewer: str, level: int, government: str, year: int, title: str) -> None:
    """A session in the contract's form: `reviewer` scored report `number` (of `government` and `year`) on LE."""
    (folder / f"{number}-{reviewer}.toml").write_text("\n".join([
        'schema = "fazhi.session/1"', f'reviewer = "{reviewer}"', "[reports.a]", f'sha256 = "{"a" * 64}"',
        "[reports.b]", f'sha256 = "{number:064x}"', f'government = "{government}"', f"year = {year}",
        f'title = "{title}"', f"[scores.b.{LE}]", f"level = {level}"]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def many_years(tmp_path_factory):
    """15 reports of 8 governments (2 to 6 cells), two reviewers each: a government's years far apart make the
    change column wide ("+87.50 (2020)"), which leaves the report column little room at 60 columns."""
    folder = tmp_path_factory.mktemp("many")
    governments = ["清溪镇", "静海镇", "清远市清城区", "营仔镇", "东坑镇", "新区", "某某县", "大埔镇"]
    for i in range(15):
        government, year = governments[i % len(governments)], 2020 + i
        for reviewer, level in (("甲", i % 5), ("乙", i * 3 % 5)):
            _session(folder, i + 1, reviewer, level, government, year, f"{government}{year}年度法治政府建设工作报告")
    return aggregate_paths([str(folder)], load_rubric())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [60, 70, 80, 100])
async def test_no_ranking_label_passes_its_column_at_any_width(many_years, lang, columns):
    """reread4: a label was at least a padded government and the year (7 cells) while its column could have less
    (its heading's width, 6 for "Report"), so below 80 columns the ranking ran past the screen, by a cell or more.
    The label is cut to its column, the table scrolls no sideways, each row ends under the last heading. polish4:
    at 60 columns every label was "… 2024": the columns the drill-down also shows go first (RANKING_DROPS), so each
    government and year is whole."""
    app = ScreenApp(AggregateScreen(many_years, load_rubric(), lang), lang)
    async with app.run_test(size=(columns, 24)) as pilot:
        await settled(app, pilot)
        view, table = app.screen, app.screen.table
        keys = column_keys(table)
        column = keys.index("report_name")
        cells = [list(table.get_row_at(i)) for i in range(table.row_count)]
        room = label_width(table, cells, column, table_room(table, table.row_count, view))
        assert all(cells[column].cell_len <= room for cells in cells)
        assert all(cells[column].plain.split()[:2] == [r.government, str(r.year)] for cells, r in zip(cells, view.ranked))
        dropped = [c for c in COLUMNS["ranking"] if c not in keys]
        assert set(dropped) == set(RANKING_DROPS[:len(dropped)]) and bool(dropped) == (columns == 60) or columns in (70, 80)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert not table.show_horizontal_scrollbar
        lines = shown(table)
        last = Strings(lang)(f"agg_col_{keys[-1]}")
        end = cell_len(lines[0][:lines[0].index(last)]) + table.columns[keys[-1]].width  # the last column's end
        for line, ranked, row in zip(lines[1:], view.ranked[:table.size.height - 1], cells):
            assert line.rstrip().endswith(row[-1].plain.rstrip()) and cell_len(line.rstrip()) <= end


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_report_label_is_never_wider_than_its_width(pooled, lang):
    """Whatever the width (down to nothing), the government's padding and the title: never past `width` cells."""
    app = view_app(pooled, lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        for width in range(0, 50):
            for government, cells in (("清远市清城区", 12), ("清溪镇", 6), ("Xinqu", 6), ("新区", 6)):
                for title in (None, "清溪镇2025年度法治政府建设工作报告", "报告 (乡镇/清溪镇2025修订.txt)"):
                    padded = min(cells, max(2, width - 5))  # as the ranking pads them
                    label = view.report_label(title, government, 2025, "", padded, width)
                    assert label.cell_len <= width, (width, government, title, label.plain)
                    if width >= padded + 5:  # the government (or its …) and the year whole
                        assert label.plain.startswith((government[:1], "…")) and "2025" in label.plain


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory):
    """A round whose 营仔镇 2025 is two different files with one title, both scored before either was chosen: the
    round names each by its title and its file ("营仔镇2025年度法治政府建设工作报告 (乡镇/营仔镇2025修订.txt)")."""
    from tests.fixtures.make_round import titled

    base = tmp_path_factory.mktemp("copies")
    saved = os.environ.get("FAZHI_CACHE_DIR")
    os.environ["FAZHI_CACHE_DIR"] = str(base / "cache")
    make_round(base / "round")
    for name in ("营仔镇2025.txt", "营仔镇2025修订.txt"):
        path = base / "round" / "乡镇" / name
        path.write_text(titled(path.read_text(encoding="utf-8"), "营仔镇", 2025), encoding="utf-8")
    plan = rounds.scan(base / "round")
    copies = [r for r in plan.reviews if r.government == "营仔镇"]
    assert len(copies) == 2 and all(r.duplicate for r in copies)
    for review, level in zip(copies, (3, 1)):
        opened = review.open("王芳", load_rubric(), base / "sessions")
        opened.set_score("b", LE, level)
        opened.save()
    _review(plan, "清溪镇", "pair", "王芳", base / "sessions", {LE: 2})  # a government 3 cells wide beside 营仔镇
    yield aggregate_paths([str(base / "sessions")], load_rubric(), reports=plan.report_names())
    if saved is None:
        os.environ.pop("FAZHI_CACHE_DIR", None)
    else:
        os.environ["FAZHI_CACHE_DIR"] = saved


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [80, 90, 100])
async def test_two_copies_of_a_report_keep_the_file_that_tells_them_apart(two_copies, lang, columns):
    """polish3 left: the ranking cut a title at its end, so the file note a round adds to an undecided copy's title
    ("… (乡镇/营仔镇2025修订.txt)") was cut away at 80 columns and two copies read the same. The note stays whole
    and the title before it is cut (120 columns); with no room for both, the note is cut at its start, keeping the
    file's name (80)."""
    app = ScreenApp(AggregateScreen(two_copies, load_rubric(), lang), lang)
    async with app.run_test(size=(columns, 24)) as pilot:
        await settled(app, pilot)
        table = app.screen.table
        column = COLUMNS["ranking"].index("report_name")
        labels = [table.get_row_at(i)[column] for i in range(table.row_count)]
        copies = {label.plain for label in labels if label.plain.startswith("营仔镇 2025")}
        assert len(copies) == 2, labels
        assert {label.rpartition("/")[2] for label in copies} == {"营仔镇2025.txt)", "营仔镇2025修订.txt)"}
        assert all(label.cell_len <= table.columns["report_name"].width for label in labels)
        if columns == 100:  # room for the note whole, and the title's start before it
            assert all("  营仔镇2025年度" in label and "… (乡镇/营仔镇2025" in label for label in copies), copies
        screen = "\n".join(shown(table))
        assert all(label in screen for label in copies)  # as drawn, not only as held


def test_a_title_s_file_note_is_kept_whole_or_cut_at_its_start():
    note = " (乡镇/营仔镇2025修订.txt)"
    assert cut_title("营仔镇2025年度法治政府建设工作报告" + note, 40) == "营仔镇2025年…" + note
    assert cut_title("营仔镇2025年度法治政府建设工作报告" + note, 20) == "…营仔镇2025修订.txt)"
    assert cut_title(note.strip(), 12) == "…25修订.txt)"
    assert cut_title("营仔镇2025年度法治政府建设工作报告", 12) == "营仔镇2025…"  # no note: cut at the end
    for width in range(0, 60):
        assert cell_len(cut_title("营仔镇2025年度报告" + note, width)) <= width


def test_two_copies_snapshot(snap_compare, two_copies):
    """80×24: each copy of 营仔镇 2025 ends with its own file."""
    assert snap_compare(ScreenApp(AggregateScreen(two_copies, load_rubric(), "zh"), "zh"), terminal_size=(80, 24))


def test_narrow_ranking_snapshot(snap_compare, many_years):
    """60×24 in English: every label within its column, no sideways scrolling."""
    assert snap_compare(ScreenApp(AggregateScreen(many_years, load_rubric(), "en"), "en"), terminal_size=(60, 24))


async def test_agreement_lines_fit_a_narrow_view_each_part_indented(two_copies):
    """walk5, walk7: at 60 columns a reading, and with one reviewer per report the pairable count's reason, wrapped to
    the view's edge under every area; each part that does not fit goes under its area, indented."""
    app = ScreenApp(AggregateScreen(two_copies, load_rubric(), "zh"), "zh")
    async with app.run_test(size=(60, 30)) as pilot:
        await settled(app, pilot)
        detail = app.screen.query_one("#agg-detail")
        lines = detail.render().plain.split("\n")
        at = lines.index("评审一致性 α(Krippendorff,序数)")
        block = lines[at + 1:lines.index("", at)]
        assert len(block) > len(two_copies.agreement)  # the test means something: parts went under their area
        assert all(cell_len(line) <= detail.content_size.width and line.startswith("  ") for line in block)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_header_keeps_alpha_s_value_whole_at_any_width(pooled, lang):
    """walk7: at 60 columns the header cut α over all areas to "一致性 α(全部领域) -0.…": its words give way (shortened,
    then what was pooled is cut), never its value or reading."""
    from fazhi.core.agreement import reading_words

    overall = pooled[1].agreement["overall"]
    whole = f"{overall.alpha:.3f} {reading_words(overall.reading, lang)}"
    app = view_app(pooled, lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        header = app.screen.query_one("#agg-header")
        wide = shown(header)[0]
        assert wide.rstrip().endswith(whole) and Strings(lang)("alpha_all") in wide
        for columns in (100, 80, 60):  # a resize fits it again
            await pilot.resize_terminal(columns, 24)
            await pilot.pause()
            line = shown(header)[0].rstrip()
            assert line.endswith(whole) and line.startswith(Strings(lang)("aggregate_title")), (columns, line)
        assert Strings(lang)("alpha_all") not in line  # the test means something: the words gave way at 60


async def test_totals_alike_to_one_place_are_shown_to_two(pooled):
    """audit1: ranks 3 and 4 both showed 50.8% (50.81 and 50.79)."""

    plan, result, paths = pooled
    alike = replace(result, ranking=[replace(r, total=t)
                                                 for r, t in zip(result.ranking, (50.81, 50.79, 12.0))])
    app = view_app((plan, alike, paths))
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert [r["total"] for r in rows(app.screen)] == ["50.81%", "50.79%", "12.00%"]
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert all(r["total"].count(".") == 1 and len(r["total"].split(".")[1]) == 2 for r in rows(app.screen))


def test_a_figure_is_rounded_half_up_from_what_the_exports_write():
    """walk14 F8: the view showed 77.5% where the Markdown said 77.55 (the float 77.549… rounded down)."""
    from fazhi.tui.screens.aggregate import _number

    assert [_number(x, "{:.1f}%") for x in (77.55, 77.45, 0.05, None)] == ["77.6%", "77.5%", "0.1%", "—"]


async def test_two_texts_named_alike_are_told_apart_and_totals_one_place_apart_are_shown_apart(tmp_path):
    """reread10 R4: the view named two texts of 清溪镇 2024 alike, while its note said their ids told them apart;
    R3: totals 77.55 and 77.6 both showed 77.6% (the choice of one place still rounded the old way)."""
    def session(name: str, sha: str, level: int) -> None:
        (tmp_path / name).write_text("\n".join([
            'schema = "fazhi.session/1"', 'reviewer = "甲"', "[reports.a]", f'sha256 = "{"a" * 64}"', "[reports.b]",
            f'sha256 = "{sha * 64}"', 'government = "清溪镇"', "year = 2024", 'title = "法治政府建设工作报告"',
            "[scores.b.law_enforcement]", f"level = {level}"]) + "\n", encoding="utf-8")

    session("s2.toml", "2", 4)
    session("s3.toml", "3", 2)
    result = aggregate_paths([str(tmp_path)], load_rubric())
    app = ScreenApp(AggregateScreen(result, load_rubric(), "zh"), "zh")
    async with app.run_test(size=(160, 45)) as pilot:
        await settled(app, pilot)
        labels = [row["report_name"] for row in rows(app.screen)]
        assert labels[0].startswith("清溪镇 2024 (22222222)") and labels[1].startswith("清溪镇 2024 (33333333)")
        view = app.screen
        view.result.ranking[0].total, view.result.ranking[1].total = 77.55, 77.6
        assert [cells[1].plain for _, cells in view._ranking_rows()] == ["77.55%", "77.60%"]


async def test_alpha_over_all_areas_is_said_to_pool_them_under_the_table(pooled):
    """walk16 F3: α over all areas read 可靠 while most areas were unreliable on their own: said under the α table."""
    from fazhi.core.agreement import Agreement

    base, result, paths = pooled
    agreement = {"overall": Agreement(0.81, 12, 6, "reliable"), LE: Agreement(0.4, 6, 3, "unreliable"),
                 PO: Agreement(0.9, 6, 3, "reliable")}
    app = view_app((base, replace(result, agreement=agreement), paths))
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        detail = app.screen.query_one("#agg-detail").render().plain
        assert "领域之间的差异也算作一致:2 个领域中有 1 个本身的一致性更低(见各领域的 α)" in detail


async def test_keys_typed_with_enter_go_to_the_level_it_opens(pooled):
    """"⏎j" in one burst moved the ranking (and the row it went back up to) instead of the areas it opened; "jj⏎"
    opens the row the j's moved to."""
    from textual import events

    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        for key in ("j", "enter", "j"):
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await settled(app, pilot)
        assert view.level == "report" and view.report_id == view.result.ranking[1].report_id
        assert view.table.cursor_row == 1
        await pilot.press("escape")
        await settled(app, pilot)
        assert view.level == "ranking" and view.table.cursor_row == 1


async def test_tab_to_the_details_is_said_in_the_help_and_shown(pooled):
    """walk18 F5: Tab moved the keys to the details pane, shown only by a darker row in the table and said nowhere:
    Enter and j/k then did nothing. The help names it; the pane shows it has the keys."""
    app = view_app(pooled)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        view = app.screen
        box = view.query_one("#agg-detail-box")
        before = box.styles.border_top
        await pilot.press("tab")
        assert view.focused is box and box.styles.border_top != before
        await pilot.press("shift+tab")
        assert view.focused is view.table
        await pilot.press("question_mark")
        assert "在表格与下方详情之间切换" in app.screen.shown
