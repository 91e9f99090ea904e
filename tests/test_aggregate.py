"""Aggregation: hand-computed figures, α against the krippendorff package, exports, contract-only files."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import krippendorff
import numpy as np

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.agreement import krippendorff_alpha
from fazhi.core.aggregate import aggregate_paths
from fazhi.core.export import export
from fazhi.core.rubric import load_rubric
from fazhi.tui.cli import main


def write_session(folder, name, reviewer, sha_b, scores, updated=None, sha_a="a" * 64):
    lines = ['schema = "fazhi.session/1"', f'reviewer = "{reviewer}"']
    if updated:
        lines.append(f'updated = "{updated}"')
    lines += ["[reports.a]", f'sha256 = "{sha_a}"', "[reports.b]", f'sha256 = "{sha_b}"', 'title = "清溪镇报告"',
              'government = "清溪镇"', "year = 2024"]
    for area, level in scores.items():
        lines += [f"[scores.b.{area}]", f"level = {level}"]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    import datetime as dt
    import os
    import time

    earlier = time.time() - 86400  # the files without `updated` count from their modification time
    for name, reviewer, scores in (("s1.toml", "甲", {"law_enforcement": 3, "power_oversight": 1}),
                                   ("s2.toml", "乙", {"law_enforcement": 4, "power_oversight": 3}),
                                   ("s3.toml", "丙", {"law_enforcement": 2})):
        os.utime(write_session(tmp_path, name, reviewer, "r1", scores), (earlier, earlier))
    # 甲 scored r1 again later: this one counts
    write_session(tmp_path, "s1b.toml", "甲", "r1", {"law_enforcement": 4},
                  updated=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    return tmp_path


def test_hand_computed_figures(folder):
    result = aggregate_paths([str(folder)], load_rubric())
    rows = {(r.report_id, r.area): r for r in result.rows}
    le = rows[("r1", "law_enforcement")]
    assert le.n_reviewers == 3 and le.reviewers == {"甲": 4, "乙": 4, "丙": 2}
    assert le.mean == pytest.approx(10 / 3, abs=1e-3) and le.median == 4 and le.min == 2 and le.max == 4
    assert le.stdev == pytest.approx(1.1547, abs=1e-3)
    assert le.disagreement
    po = rows[("r1", "power_oversight")]
    assert (po.n_reviewers, po.mean, po.stdev) == (2, 2.0, pytest.approx(1.4142, abs=1e-3))
    # weighted total: (15·(10/3)/4 + 13·2/4) / (15 + 13) · 100
    assert result.totals["r1"] == pytest.approx(100 * (15 * (10 / 3) / 4 + 13 * 2 / 4) / 28, abs=0.01)


def test_alpha_matches_krippendorff_package_on_its_documented_example():
    # krippendorff's README example: 3 coders × 15 units, np.nan = missing
    data = [[np.nan, np.nan, np.nan, np.nan, np.nan, 3, 4, 1, 2, 1, 1, 3, 3, np.nan, 3],
            [1, np.nan, 2, 1, 3, 3, 4, 3, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
            [np.nan, np.nan, 2, 1, 3, 4, 4, np.nan, 2, 1, 1, 3, 3, np.nan, 4]]
    units = [[int(v) for v in col if not np.isnan(v)] for col in zip(*data)]
    for level in ("nominal", "ordinal", "interval"):
        want = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(units, level) == pytest.approx(want, abs=1e-9)


def test_alpha_matches_package_on_random_data():
    rng = np.random.default_rng(5)
    data = rng.integers(0, 5, size=(6, 40)).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    units = [[int(v) for v in col if not np.isnan(v)] for col in data.T]
    want = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    assert krippendorff_alpha(units) == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize("scores,reason", [
    ({("甲", "r1"): 3, ("乙", "r1"): 3, ("甲", "r2"): 3, ("乙", "r2"): 3}, "no variation"),
    ({("甲", "r1"): 4, ("乙", "r1"): 1}, "two or more reports"),  # one unit: α would be ≤ 0 whatever
])
def test_alpha_undefined_is_said_with_its_reason(tmp_path, scores, reason):
    for i, ((who, report), level) in enumerate(scores.items()):
        write_session(tmp_path, f"{i}.toml", who, report, {"law_enforcement": level})
    agreement = aggregate_paths([str(tmp_path)], load_rubric()).agreement["law_enforcement"]
    assert agreement.alpha is None and reason in agreement.reading


def test_csv_has_bom_and_contract_columns(folder, capsys):
    assert main(["aggregate", str(folder), "--format", "csv"]) == 0
    raw = capsys.readouterr().out
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert set(rows[0]) >= {"report_id", "report_title", "government", "year", "area", "n_reviewers", "mean",
                            "median", "stdev", "min", "max"}
    assert rows[0]["government"] == "清溪镇"


def test_json_md_xlsx_exports(folder, tmp_path):
    out = tmp_path / "out.json"
    assert main(["aggregate", str(folder), "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"rows", "agreement", "ranking", "annotations"} <= set(data) and "overall" in data["agreement"]
    md = export(aggregate_paths([str(folder)], load_rubric()), load_rubric(), "md").decode()
    assert "| 2024 清溪镇报告 |" in md and "Krippendorff" in md
    assert "| 丙=2; 乙=4; 甲=4 |" in md  # who gave which level, as CSV and XLSX say (walk4: only notes said who)
    x = tmp_path / "out.xlsx"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--out", str(x)]) == 0
    from openpyxl import load_workbook

    wb = load_workbook(x)
    assert wb.sheetnames == ["排名", "评分", "评分备注", "批注", "一致性", "同比变化"]
    ws = wb["评分"]
    assert ws.cell(1, 1).value == "报告" and ws.max_row == 3 and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(2, 1).value == "2024 清溪镇报告" and ws.cell(2, 4).value == "行政执法"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--lang", "en", "--out", str(x)]) == 0
    assert load_workbook(x)["Scores"].cell(2, 4).value == "Law enforcement"


def test_bad_session_is_reported_and_skipped(folder, capsys):
    (folder / "broken.toml").write_text("reviewer = [", encoding="utf-8")
    assert main(["aggregate", str(folder), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "broken.toml" in captured.err and json.loads(captured.out)["rows"]
    assert main(["aggregate", str(folder), "--format", "json", "--skip-bad"]) == 0


def test_a_bad_session_left_out_of_what_is_written_is_said_skipped(folder, tmp_path, capsys):
    """To stdout the rest is written (exit 1): the line named the file and why, not that the output leaves it out,
    and `… > out.csv` gave a complete-looking file. With --out and no --skip-bad nothing is written: not "skipped"."""
    (folder / "broken.toml").write_text("reviewer = [", encoding="utf-8")
    assert main(["aggregate", str(folder), "--format", "csv"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"fazhi: {folder / 'broken.toml'}:") and line.endswith("(已跳过:不计入结果)")  # in the interface's language
    assert main(["aggregate", str(folder), "--format", "csv", "--out", str(tmp_path / "o.csv"), "--skip-bad"]) == 0
    assert capsys.readouterr().err.rstrip().endswith("(已跳过:不计入结果)")
    assert main(["aggregate", str(folder), "--format", "csv", "--out", str(tmp_path / "n.csv")]) == 1
    assert "已跳过" not in capsys.readouterr().err and not (tmp_path / "n.csv").exists()
    out = tmp_path / "n\x1b[31m.csv"  # the name given is data in the "not written" line too
    assert main(["aggregate", str(folder), "--format", "csv", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31m.csv 未写入" in err


def test_a_path_that_is_not_there_writes_nothing_whatever_skip_bad_says(folder, tmp_path, capsys, monkeypatch):
    """A mistyped folder printed an empty ranking (exit 1), and with --out and --skip-bad wrote one and exited 0; a
    round's default ./sessions that is not there said only 'sessions: no such file or folder'."""
    missing = tmp_path / "no-such"
    assert main(["aggregate", str(missing), "--format", "md"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and str(missing) in err and "未写入任何内容" in err and len(err.strip().splitlines()) == 1
    target = tmp_path / "out.md"
    assert main(["aggregate", str(folder), str(missing), "--format", "md", "--out", str(target), "--skip-bad"]) == 1
    assert not target.exists()
    from tests.fixtures.make_round import make_round

    make_round(tmp_path / "round")
    monkeypatch.chdir(tmp_path)  # no ./sessions here
    assert main(["aggregate", str(tmp_path / "round"), "--format", "md"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--sessions-dir" in err.splitlines()[-1]
    # a mistyped sessions folder beside a round is said before the round is scanned (which can take a while)
    scanned = []
    monkeypatch.setattr("fazhi.tui.cli._scan_round", lambda *a: scanned.append(a))
    assert main(["aggregate", str(tmp_path / "round"), str(missing), "--format", "md"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and not scanned and str(missing) in err and len(err.strip().splitlines()) == 1


def test_process_pool_gives_the_same_result_as_serial(tmp_path, monkeypatch):
    import fazhi.core.aggregate

    for i in range(60):
        write_session(tmp_path, f"s{i}.toml", f"评审{i % 7}", f"r{i % 4}",
                      {"law_enforcement": i % 5, "power_oversight": (i * 3) % 5}, updated=f"2026-01-{1 + i % 28:02d}T00:00:00+00:00")
    (tmp_path / "bad.toml").write_text("schema = 3", encoding="utf-8")
    rubric = load_rubric()
    serial = aggregate_paths([str(tmp_path)], rubric, workers=1)
    monkeypatch.setattr(fazhi.core.aggregate, "PARALLEL_FROM", 10)
    pooled = aggregate_paths([str(tmp_path)], rubric, workers=2)
    assert pooled.rows == serial.rows and pooled.agreement == serial.agreement and pooled.totals == serial.totals
    assert len(pooled.problems) == len(serial.problems) == 1 and "bad.toml" in pooled.problems[0]


def test_latest_session_is_decided_by_instant_not_by_string(tmp_path):
    """09:00+08:00 is 01:00 UTC, earlier than 03:00Z although its string sorts later; and a TOML datetime
    value (not a string) is read the same way."""
    write_session(tmp_path, "early.toml", "甲", "r1", {"law_enforcement": 1}, updated="2026-01-02T09:00:00+08:00")
    write_session(tmp_path, "late.toml", "甲", "r1", {"law_enforcement": 4}, updated="2026-01-02T03:00:00Z")
    (tmp_path / "native.toml").write_text(
        'schema = "fazhi.session/1"\nreviewer = "乙"\nupdated = 2026-01-02T05:00:00Z\n[reports.a]\nsha256 = "x"\n'
        '[reports.b]\nsha256 = "r1"\n[scores.b.law_enforcement]\nlevel = 2\n', encoding="utf-8")
    rows = {r.area: r for r in aggregate_paths([str(tmp_path)], load_rubric()).rows}
    assert rows["law_enforcement"].reviewers == {"甲": 4, "乙": 2}


def test_level_outside_the_scale_is_reported_by_file_and_key(folder, capsys):
    write_session(folder, "odd.toml", "丁", "r1", {"law_enforcement": 7})
    assert main(["aggregate", str(folder), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "odd.toml" in err and "[scores.b.law_enforcement.level] 7 超出评分细则的分级 0–4" in err


@pytest.mark.parametrize("command", ["aggregate", "resume"])
def test_a_hand_edited_session_names_every_mistake_of_both_kinds(folder, capsys, command):
    """A level written as a string (the file's own shape) and an area the rubric does not have (the rubric's): both in
    one line, so the reviewer fixes the file once (walk4: the second was only said after the first was fixed)."""
    path = write_session(folder, "typo2.toml", "丁", "r1", {"party_leadership": '"4"', "gov_function": 3})
    args = [command, str(path)] + (["--format", "json"] if command == "aggregate" else []) + ["--lang", "en"]
    assert main(args) == 1
    err = capsys.readouterr().err
    line, = [line for line in err.splitlines() if "typo2.toml" in line]
    assert "invalid session, 2 problems" in line and "[scores.b.party_leadership.level] must be" in line
    assert "[scores.b.gov_function] no area 'gov_function'" in line and "did you mean 'gov_functions'" in line


def test_unscored_reports_are_listed_by_government_and_year_not_by_their_titles_start():
    from fazhi.core.aggregate import Unscored

    listed = [Unscored("1", "清远市清城区人民政府2024年报告", "清城区", 2024), Unscored("2", "东莞市东坑镇2025年报告", "东坑镇", 2025),
              Unscored("3", "清远市安顺区人民政府2025年报告", "安顺区", 2025), Unscored("4", "安顺区2024", "安顺区", 2024)]
    assert [u.report_id for u in sorted(listed, key=lambda u: u.order)] == ["4", "3", "2", "1"]


# ------------------------------------------------------------------------------------------ a round

@pytest.fixture
def round_with_sessions(tmp_path, monkeypatch):
    """The generated round, an override naming a report's government, and sessions on its reports and on one
    report outside it (the demo's)."""
    from fazhi.core import round as rounds
    from fazhi.core.review import Review
    from tests.conftest import sample
    from tests.fixtures.make_round import make_round, sample_text, shift_years

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    folder, sessions = tmp_path / "round", tmp_path / "sessions"
    expected = make_round(folder)
    (folder / "round.toml").write_text(f'[[override]]\nfile = "{expected["needs_override"]}"\n'
                                       f'government = "東坑鎮人民政府"\n', encoding="utf-8")
    plan = rounds.scan(folder)
    rubric = load_rubric()

    def review(government, kind, reviewer, levels, note=None):
        r = next(r for r in plan.reviews if r.government == government and r.kind == kind)
        opened = r.open(reviewer, rubric, sessions)
        for area, level in levels.items():
            opened.set_score("b", area, level)
            if note:
                opened.set_note("b", area, note)
        opened.save()

    review("清溪镇", "single", "王芳", {"law_enforcement": 2, "power_oversight": 2})
    review("清溪镇", "pair", "王芳", {"law_enforcement": 4, "power_oversight": 3}, note="进步明显")
    review("清溪镇", "pair", "李明", {"law_enforcement": 3})
    review("东坑镇", "pair", "李明", {"law_enforcement": 1})  # 2018: the report named by the override
    elsewhere = tmp_path / "营仔镇2028.txt"  # a report that is not in the round
    elsewhere.write_text(shift_years(sample_text("yingzai_2025.txt"), 3), encoding="utf-8")
    outside = Review.open(str(sample("yingzai_2025.txt")), str(elsewhere), "王芳", rubric, sessions)
    outside.set_score("b", "party_leadership", 1)
    outside.save()
    return folder, sessions, plan


def test_a_round_pools_only_its_reports_named_as_the_round_names_them(round_with_sessions):
    folder, sessions, plan = round_with_sessions
    result = aggregate_paths([str(sessions)], load_rubric(), reports=plan.report_names())
    names = [r.report_name for r in result.ranking]
    assert names == ["清溪镇2025年度法治政府建设工作报告", "清溪镇 2024", "东坑镇 2018"]
    assert {r.report_id for r in result.rows} <= set(plan.report_names())
    assert "party_leadership" not in {r.area for r in result.rows}  # scored on a report outside the round
    assert "营仔镇 2028" in {r.report_name for r in aggregate_paths([str(sessions)], load_rubric()).ranking}
    # The change of a total from the government's previous reviewed year.
    first = result.ranking[0]
    assert (first.previous_year, first.change) == (2024, round(first.total - result.ranking[1].total, 2))
    assert [r.rank for r in result.rows] == sorted(r.rank for r in result.rows)
    assert len(result.unscored) == len(plan.reviews) - 3
    # by pinyin (dōng, jìng, qīng, yíng), not by code point (静 last)
    assert [u.government for u in result.unscored] == ["东坑镇", "静海镇", "静海镇", "清城区", "清城区", "营仔镇", "营仔镇"]
    dongkeng = next(u for u in result.unscored if u.name == "东坑镇2017年法治政府建设情况报告")
    assert (dongkeng.government, dongkeng.year) == ("东坑镇", 2017) and dongkeng.report_id in plan.report_names()
    change = next(c for c in result.year_over_year if c.area == "law_enforcement")
    assert (change.government, change.previous_year, change.year, change.change) == ("清溪镇", 2024, 2025, 1.5)


def test_cli_aggregates_a_round_from_its_folder(round_with_sessions, tmp_path, capsys):
    folder, sessions, plan = round_with_sessions
    out = tmp_path / "round.csv"
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["report_name"], r["area"], r["rank"]) for r in rows][:2] == [
        ("清溪镇2025年度法治政府建设工作报告", "law_enforcement", "1"),
        ("清溪镇2025年度法治政府建设工作报告", "power_oversight", "1")]
    assert rows[0]["notes"] == "王芳=进步明显" and rows[0]["n_reviewers"] == "2" and rows[0]["stdev"]
    assert {r["government"] for r in rows} == {"清溪镇", "东坑镇"}
    assert main(["aggregate", str(folder / "round.toml"), str(sessions), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["unscored_reports"]) == len(plan.reviews) - 3 and data["ranking"][0]["change"] is not None
    # audit1: with their ids, which the rows carry (names alone could not be joined to them)
    assert [u["name"] for u in data["unscored"]] == data["unscored_reports"]
    assert {u["report_id"] for u in data["unscored"]} <= set(plan.report_names())
    x = tmp_path / "round.xlsx"
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--format", "xlsx", "--out", str(x)]) == 0
    from openpyxl import load_workbook

    ranking = load_workbook(x)["排名"]
    assert [c.value for c in ranking[1]][:7] == ["名次", "报告", "单位", "年度", "加权得分(%)", "上年",
                                                 "比上年(百分点,按两年都评的领域)"]  # points, as the Markdown says
    assert ranking.cell(2, 6).value == 2024 and ranking.cell(2, 7).value == data["ranking"][0]["change"]
    assert ranking.cell(1, ranking.max_column).value == "年度内名次"  # (added last: the others keep their places)
    # the round's reports nobody scored are listed too, after the ranked ones, without a rank (XLSX, CSV, Markdown)
    names = [c.value for c in ranking["B"]][1:]
    assert names[3:] == data["unscored_reports"] and ranking.cell(5, 1).value is None
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--table", "ranking"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    row = next(r for r in table if r[1] == "东坑镇2017年法治政府建设情况报告")
    report_id = row[table[0].index("report_id")]
    assert row[0] == "" and row[2:4] == ["东坑镇", "2017"] and len(report_id) == 64  # named, filterable, joinable
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--format", "md"]) == 0
    assert "| — | 东坑镇2017年法治政府建设情况报告 | — | — | 0 | 0 | |" in capsys.readouterr().out


def test_cli_refuses_two_rounds_at_once(round_with_sessions, tmp_path, capsys):
    folder, sessions, _ = round_with_sessions
    assert main(["aggregate", str(folder), str(folder / "乡镇")]) == 2
    assert "one round at a time" in capsys.readouterr().err


def test_mean_median_and_spread_are_those_of_the_statistics_module():
    import random
    import statistics

    from fazhi.core.aggregate import _mean, _median, _stdev

    rng = random.Random(7)
    for _ in range(5000):
        values = [rng.randint(0, 10) for _ in range(rng.randint(2, 9))]
        assert round(_mean(values), 4) == round(statistics.fmean(values), 4)
        assert _median(values) == float(statistics.median(values))
        assert round(_stdev(values), 4) == round(statistics.stdev(values), 4)


def test_reports_scored_in_every_area_rank_before_partly_scored_ones_and_a_change_compares_like_with_like(tmp_path):
    """A report scored in one area (75 %) does not outrank one scored in all ten (60 %); the change from a
    government's previous year is taken over the areas scored in both years, not a 1-area total against a 5-area one."""
    rubric = load_rubric()
    areas = rubric.area_ids
    write_session(tmp_path, "full.toml", "甲", "f" * 64, {a: 2 for a in areas})
    write_session(tmp_path, "part.toml", "甲", "p" * 64, {areas[0]: 4})
    text = (tmp_path / "part.toml").read_text(encoding="utf-8")
    (tmp_path / "part.toml").write_text(text.replace("清溪镇", "东坑镇"), encoding="utf-8")
    # 东坑镇 2023: five areas, the first at 3 (that year's total over all five is higher than over the first alone)
    write_session(tmp_path, "before.toml", "甲", "e" * 64, {a: (3 if a == areas[0] else 4) for a in areas[:5]})
    text = (tmp_path / "before.toml").read_text(encoding="utf-8")
    (tmp_path / "before.toml").write_text(text.replace("清溪镇", "东坑镇").replace("year = 2024", "year = 2023"),
                                          encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], rubric)
    ranked = {r.report_id[0]: r for r in result.ranking}
    assert result.totals["p" * 64] > result.totals["f" * 64]  # the partial total alone would lead ...
    assert ranked["f"].rank == 1 and ranked["p"].rank > ranked["f"].rank  # ... complete reports come first
    span = rubric.scale_max - rubric.scale_min
    assert ranked["p"].previous_year == 2023 and ranked["p"].change == round(100 * (4 - 3) / span, 2)
    from fazhi.core.export import RANKED_BY  # and the Markdown says why (walk14 F6: the order read as unsorted)

    assert RANKED_BY[0] in export(result, rubric, "md", "zh").decode("utf-8")
    assert RANKED_BY[1] in export(result, rubric, "md", "en").decode("utf-8")
    write_session(tmp_path, "part.toml", "甲", "p" * 64, {a: 4 for a in areas})  # all complete: nothing to explain
    (tmp_path / "before.toml").unlink()
    full = aggregate_paths([str(tmp_path)], rubric)
    assert RANKED_BY[0] not in export(full, rubric, "md", "zh").decode("utf-8")


def test_a_session_the_workbench_refuses_is_not_pooled_either(tmp_path, capsys):
    """An area the rubric does not have: the workbench refuses the session; pooling counted it (weight 0)."""
    write_session(tmp_path, "ok.toml", "甲", "r" * 64, {"law_enforcement": 3})
    write_session(tmp_path, "typo.toml", "乙", "r" * 64, {"law_enforcment": 3})
    assert main(["aggregate", str(tmp_path), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "typo.toml" in err and "law_enforcment" in err and "是否想写 'law_enforcement'" in err
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert [r.area for r in result.rows] == ["law_enforcement"] and result.sessions == 1


def test_a_session_named_twice_counts_once(folder):
    """`aggregate S S`, or a file and its folder: one session, not two (n and α would count it twice)."""
    once = aggregate_paths([str(folder)], load_rubric())
    twice = aggregate_paths([str(folder), str(folder / "s1.toml"), str(folder / "s1.toml")], load_rubric())
    assert twice.sessions == once.sessions == 4
    assert [(r.report_id, r.area, r.n_reviewers) for r in twice.rows] == [(r.report_id, r.area, r.n_reviewers)
                                                                          for r in once.rows]


def test_a_year_with_two_different_reports_gives_no_change_and_the_next_is_measured_past_it(tmp_path):
    """A round's duplicate not yet chosen between is pooled apart: the ranking and the year-over-year table measure
    neither of its reports, and measure the next year against the year before them, as the round pairs it (they
    took whichever report came last, each a different one)."""
    def session(name: str, sha: str, year: int, level: int) -> None:
        (tmp_path / name).write_text("\n".join([
            'schema = "fazhi.session/1"', 'reviewer = "甲"', "[reports.a]", f'sha256 = "{"a" * 64}"', "[reports.b]",
            f'sha256 = "{sha * 64}"', 'government = "清溪镇"', f"year = {year}",
            "[scores.b.law_enforcement]", f"level = {level}"]) + "\n", encoding="utf-8")

    session("s1.toml", "1", 2023, 1)
    session("s2.toml", "2", 2024, 2)
    session("s3.toml", "3", 2024, 4)
    session("s4.toml", "4", 2025, 3)
    result = aggregate_paths([str(tmp_path)], load_rubric())
    changes = {r.report_id[0]: (r.previous_year, r.change) for r in result.ranking}
    assert changes["2"] == changes["3"] == (None, None) and changes["4"][0] == 2023
    assert [(c.previous_year, c.year, c.change) for c in result.year_over_year] == [(2023, 2025, 2.0)]
    # named apart and said (walk14 F9: one report revised between two sessions, pooled outside its round, was ranked
    # twice under one name, unsaid)
    assert {r.report_name for r in result.ranking} == {"清溪镇 2023", "清溪镇 2024 (22222222)", "清溪镇 2024 (33333333)",
                                                       "清溪镇 2025"}
    assert result.alike == [("清溪镇 2024", ["22222222", "33333333"])]
    assert ("agg_alike", {"n": 2, "report": "清溪镇 2024", "ids": "22222222, 33333333"}) in result.notes
    # …in the exports too, not only on stderr (walk15 F6): the JSON by id, the Markdown as the CLI says it
    assert {"note": "agg_alike", "n": 2, "report": "清溪镇 2024", "ids": "22222222, 33333333"} in \
        json.loads(export(result, load_rubric(), "json"))["notes"]
    assert main(["aggregate", str(tmp_path), "--format", "md", "--out", str(tmp_path / "out.md")]) == 0
    assert "## 说明\n\n- 清溪镇 2024 有 2 份不同的文字" in (tmp_path / "out.md").read_text(encoding="utf-8")
    # a revision that changed the title too: named apart by their titles, said all the same (reread10 R10)
    text = (tmp_path / "s3.toml").read_text(encoding="utf-8").replace('government = "清溪镇"',
                                                                       'government = "清溪镇"\ntitle = "修订稿"')
    (tmp_path / "s3.toml").write_text(text, encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert {r.report_name for r in result.ranking} == {"清溪镇 2023", "清溪镇 2024", "清溪镇 2024 修订稿", "清溪镇 2025"}
    assert result.alike == [("清溪镇 2024", ["22222222", "33333333"])]


def test_sessions_of_another_version_of_the_rubric_are_pooled_and_said(tmp_path, capsys):
    """Found by fuzzing: a session scored under another version of the rubric whose areas and levels fit was pooled
    without a word. It still counts, and stderr says so."""
    path = write_session(tmp_path, "s1.toml", "甲", "r1", {"law_enforcement": 3})
    rubric = load_rubric()
    path.write_text(path.read_text(encoding="utf-8") + f'[rubric]\nid = "{rubric.id}"\nversion = "1999.9"\n', encoding="utf-8")
    write_session(tmp_path, "s2.toml", "乙", "r1", {"law_enforcement": 4})
    assert main(["aggregate", str(tmp_path), "--format", "csv", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"1 session(s) scored under rubric {rubric.id} 1999.9, pooled under {rubric.id} {rubric.version}" in err
    assert main(["aggregate", str(tmp_path), "--format", "csv"]) == 0  # in the interface's language, as the view
    assert f"1 个会话按评分细则 {rubric.id} 1999.9 评分,按 {rubric.id}" in capsys.readouterr().err
    result = aggregate_paths([str(tmp_path)], rubric)
    assert result.other_rubrics == {(rubric.id, "1999.9"): 1} and result.sessions == 2


def test_sessions_of_another_rubric_are_not_pooled_with_this_one_s_levels(tmp_path, capsys):
    """audit1: a session scored under a 1–5 rubric was pooled under the 0–4 default wherever its levels fell in 0–4
    (its 1, "not mentioned" there, averaged with a 1 of the default, "a slogan"), said as "areas and scale fit"; and
    sessions without [rubric] (the default rubric's) were pooled under --rubric of a 1–5 rubric without a word."""
    rubric = load_rubric()
    theirs = write_session(tmp_path, "s1.toml", "甲", "r1", {"law_enforcement": 1})
    theirs.write_text(theirs.read_text(encoding="utf-8") + '[rubric]\nid = "scale15"\nversion = "1"\n', encoding="utf-8")
    write_session(tmp_path, "s2.toml", "乙", "r1", {"law_enforcement": 1})
    assert main(["aggregate", str(tmp_path), "--format", "csv", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"s1.toml: invalid session: [rubric.id] scored under rubric scale15 1, not {rubric.id} (scale 0–4)" in err
    assert "--rubric FILE" in err and "s2.toml" not in err
    result = aggregate_paths([str(tmp_path)], rubric)
    assert result.sessions == 1 and [row.n_reviewers for row in result.rows] == [1]
    # the other way round: the default rubric's sessions under another rubric's file
    other = tmp_path.parent / "scale15.toml"
    other.write_text(rubric.path and Path(rubric.path).read_text(encoding="utf-8").replace(
        f'id = "{rubric.id}"', 'id = "scale15"').replace('version = "2025.1"', 'version = "1"'), encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric(other))
    assert result.sessions == 1 and len(result.problems) == 1 and "s2.toml" in result.problems[0]
    assert f"scored under rubric {rubric.id}, not scale15" in result.problems[0]


@pytest.mark.parametrize("government, year, title, name", [
    ("清溪镇", 2025, "清溪镇2025年度法治政府建设工作报告", "清溪镇2025年度法治政府建设工作报告"),  # said once
    ("清溪镇", 2025, "2025年度法治政府建设工作报告", "清溪镇 2025年度法治政府建设工作报告"),
    ("清溪镇", 2025, "清溪镇法治政府建设工作报告", "2025 清溪镇法治政府建设工作报告"),
    ("清溪镇", 2025, "关于2024年法治政府建设情况的报告", "清溪镇 2025 关于2024年法治政府建设情况的报告"),
    ("清溪镇", 2024, "关于2023年工作情况和2024年工作安排的报告", "清溪镇 2024 关于2023年工作情况和2024年工作安排的报告"),
    ("清溪镇", 2024, "(乡镇/清溪镇2024 (1).txt)", "清溪镇 2024 (乡镇/清溪镇2024 (1).txt)"),  # a duplicate's file
    ("清溪镇", 2025, None, "清溪镇 2025"),
    (None, None, None, "0123456789ab"),
])
def test_a_report_is_named_without_repeating_what_its_title_says(government, year, title, name):
    from fazhi.core.aggregate import report_name

    assert report_name(government, year, title, "0123456789abcdef") == name


def test_a_duplicates_file_noted_after_its_title_does_not_count_as_the_title_saying_government_and_year():
    from fazhi.core.aggregate import report_name

    assert report_name("营仔镇", 2025, "(乡镇/营仔镇2025修订.txt)", "0" * 64) == "营仔镇 2025 (乡镇/营仔镇2025修订.txt)"


def test_a_session_dated_in_the_future_is_ordered_by_its_files_time_and_said(tmp_path, capsys):
    """Found by fuzzing: `updated = 9999-…` made a session its reviewer's latest for ever, over every later one. It is
    pooled, ordered by its file's time (a reader whose own clock is wrong must not lose every session made elsewhere),
    and said on stderr."""
    import os
    import time

    far = write_session(tmp_path, "far.toml", "甲", "r1", {"law_enforcement": 4}, updated="9999-12-31T23:59:00+00:00")
    os.utime(far, (time.time() - 3600, time.time() - 3600))
    write_session(tmp_path, "real.toml", "甲", "r1", {"law_enforcement": 2},
                  updated=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()))
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert [r.reviewers for r in result.rows if r.area == "law_enforcement"] == [{"甲": 2}]
    assert not result.problems and result.future_dated == [str(far)]
    assert main(["aggregate", str(tmp_path), "--format", "csv", "--lang", "en"]) == 0
    assert "1 session(s) dated later than now" in capsys.readouterr().err


def test_a_report_id_that_is_no_sha256_is_pooled_as_written(tmp_path):
    """The contract's minimal session names its reports by any id another tool gives them (`sha256 = "…"`): it
    loads and pools under that id unchanged (decided when fuzzing asked whether non-hex ids should be refused)."""
    write_session(tmp_path, "s.toml", "甲", "Report-7", {"law_enforcement": 3}, sha_a="abc")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert not result.problems and [(r.report_id, r.n_reviewers) for r in result.rows] == [("Report-7", 1)]


def test_annotations_of_reports_nobody_scored_follow_pinyin_order(tmp_path):
    """Annotations of reports with no score come after the ranked ones by report name: they were in code point
    order (上海镇 before 北京镇), where every other list in pooling is by pinyin (core.name_order)."""
    for name, government, sha in (("s.toml", "上海镇", "s" * 64), ("b.toml", "北京镇", "b" * 64)):
        path = write_session(tmp_path, name, "甲", sha, {})
        text = path.read_text(encoding="utf-8").replace('government = "清溪镇"', f'government = "{government}"')
        path.write_text(text + '[[annotations]]\nid = "x1"\nside = "b"\nsection = "1"\nstart = 0\nquote = "q"\n',
                        encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert not result.rows and [an.report_name for an in result.annotations] == ["北京镇 2024 清溪镇报告",
                                                                                  "上海镇 2024 清溪镇报告"]


def test_figures_made_from_figures_are_rounded_once(tmp_path):
    """audit1: the year-over-year change was the difference of means already rounded (2.6667 → 3.3333 gave 0.6666,
    not 0.6667), the ranking's change that of totals rounded to 2 places (16.66 for 16.67), and CSV cells rounded the
    4 places kept to 3 again (a SD of 0.816497, kept as 0.8165, showed 0.817)."""
    for reviewer, before, now in (("r1", 2, 3), ("r2", 3, 3), ("r3", 3, 4)):
        write_session(tmp_path, f"{reviewer}_2023.toml", reviewer, "b" * 64, {"law_enforcement": before})
        path = write_session(tmp_path, f"{reviewer}_2024.toml", reviewer, "c" * 64, {"law_enforcement": now})
        path.write_text(path.read_text(encoding="utf-8").replace("year = 2024", "year = 2025"), encoding="utf-8")
    (tmp_path / "sd").mkdir()
    for reviewer, level in (("r4", 2), ("r5", 3), ("r6", 4), ("r7", 3)):
        write_session(tmp_path / "sd", f"{reviewer}.toml", reviewer, "d" * 64, {"law_enforcement": level})
    result = aggregate_paths([str(p) for p in tmp_path.glob("r*.toml")], load_rubric())
    assert [c.change for c in result.year_over_year] == [0.6667]
    assert [(r.total, r.change) for r in result.ranking] == [(83.33, 16.67), (66.67, None)]
    pooled_sd = aggregate_paths([str(tmp_path / "sd")], load_rubric())
    csv_rows = list(csv.DictReader(io.StringIO(export(pooled_sd, load_rubric(), "csv").decode("utf-8-sig"))))
    assert [row["stdev"] for row in csv_rows] == ["0.8165"] and pooled_sd.rows[0].stdev == 0.8165


def test_a_folder_is_searched_for_sessions_as_a_round_is_for_reports(tmp_path, capsys):
    """audit1 #4: a session in a hidden folder (.trash, .git) was pooled as a reviewer's, the opposite of what a round
    does with reports, and a link to a session that is not there was dropped without a word."""
    write_session(tmp_path, "s1.toml", "甲", "r1", {"law_enforcement": 3})
    (tmp_path / ".trash").mkdir()
    write_session(tmp_path / ".trash", "old.toml", "废弃", "r1", {"law_enforcement": 0})
    write_session(tmp_path, ".#s1.toml", "锁", "r1", {"law_enforcement": 0})  # an editor's lock or copy: hidden
    (tmp_path / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert result.sessions == 1 and result.rows[0].reviewers == {"甲": 3}
    assert result.problems == [f"{tmp_path / 'gone.toml'}: a symbolic link to nothing (its target is missing, or links "
                               f"back to it)"]
    assert main(["aggregate", str(tmp_path)]) == 1
    assert "gone.toml: 符号链接指向的文件不存在" in capsys.readouterr().err


def test_a_reviewer_s_name_written_with_blanks_around_it_is_the_same_reviewer(tmp_path):
    """audit1 #5: " Zhang Wei " (a session written by another tool) was pooled as a second reviewer beside Zhang Wei,
    and read the same in XLSX and Markdown; the workbench trims a name typed."""
    write_session(tmp_path, "s1.toml", " Zhang Wei ", "r1", {"law_enforcement": 3}, updated="2026-01-02T00:00:00Z")
    write_session(tmp_path, "s2.toml", "Zhang Wei", "r1", {"law_enforcement": 1}, updated="2026-01-01T00:00:00Z")
    write_session(tmp_path, "s3.toml", "zhang wei", "r1", {"law_enforcement": 2})  # told apart by design
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert result.rows[0].reviewers == {"Zhang Wei": 3, "zhang wei": 2}


def test_a_session_scoring_only_reports_outside_the_round_is_not_counted_as_one_of_its_sessions(round_with_sessions):
    """audit1 #7: a round's header said "5 sessions" with one of them scoring only a report the round does not have
    (not pooled, and named in a note)."""
    folder, sessions, plan = round_with_sessions
    result = aggregate_paths([str(sessions)], load_rubric(), reports=plan.report_names(), index=plan.report_index())
    assert result.sessions == 4 and len(result.outside) == 1
    assert aggregate_paths([str(sessions)], load_rubric()).sessions == 5  # (not pooled as a round: all count)


def test_the_previous_reviewed_year_is_named_even_where_no_area_was_scored_in_both(tmp_path):
    """walk10: the ranking's previous year was blank where the two years had no area in common, read as "no previous
    year" (the change stays blank: there is nothing to compare)."""
    write_session(tmp_path, "y1.toml", "甲", "b" * 64, {"law_enforcement": 3})
    later = write_session(tmp_path, "y2.toml", "甲", "c" * 64, {"power_oversight": 2})
    later.write_text(later.read_text(encoding="utf-8").replace("year = 2024", "year = 2025"), encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert {(r.year, r.previous_year, r.change) for r in result.ranking} == {(2025, 2024, None), (2024, None, None)}


def test_another_rubric_s_levels_are_neither_carried_into_a_review_nor_counted_as_a_round_s_progress(tmp_path):
    """reread8: a level of a 1–5 rubric's session was carried into the reviewer's next review of the report (saved there
    under the default rubric and pooled), and the round counted it as progress, where the workbench and pooling
    refuse that session."""
    from fazhi.core import round as rounds
    from fazhi.core.review import Review
    from tests.conftest import sample

    folder, sessions = tmp_path / "round", tmp_path / "sessions"
    folder.mkdir()
    (folder / "qingxi_2024.txt").write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    rubric = load_rubric()
    plan = rounds.scan(folder)
    (review,) = plan.reviews
    theirs = review.open("王芳", rubric, sessions)
    theirs.set_score("b", "law_enforcement", 1)
    path = theirs.save()
    path.write_text(path.read_text(encoding="utf-8").replace(f'id = "{rubric.id}"', 'id = "scale15"'), encoding="utf-8")
    status = rounds.review_status(plan, sessions, "王芳")
    assert status.statuses[review.id].scored == 0 and "scored under rubric scale15" in status.problems[0]
    other = tmp_path / "dongkeng_2017.txt"
    other.write_text(sample("dongkeng_2017.txt").read_text(encoding="utf-8"), encoding="utf-8")
    mine = Review.open(str(other), str(folder / "qingxi_2024.txt"), "王芳", rubric, sessions)
    assert mine.session.score("b", "law_enforcement") is None


def test_a_session_in_a_hidden_folder_is_neither_pooled_nor_a_round_s_progress(tmp_path):
    """reread8: the round's statuses read sessions with rglob (a copy in .trash made the row done) while aggregate
    passed hidden folders over: one rule now finds sessions for both."""
    from fazhi.core import round as rounds
    from tests.conftest import sample

    folder, sessions = tmp_path / "round", tmp_path / "sessions"
    folder.mkdir()
    (folder / "qingxi_2024.txt").write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    plan = rounds.scan(folder)
    (review,) = plan.reviews
    opened = review.open("王芳", load_rubric(), sessions)
    opened.set_score("b", "law_enforcement", 3)
    path = opened.save()
    (sessions / ".trash").mkdir()
    path.rename(sessions / ".trash" / path.name)
    assert rounds.review_status(plan, sessions, "王芳").statuses[review.id].scored == 0
    assert aggregate_paths([str(sessions)], load_rubric()).sessions == 0


def test_annotations_of_two_sessions_of_one_review_begun_apart_are_both_listed_and_a_copy_s_removals_hold(tmp_path):
    """walk16 F10: one review in two sessions folders (two sessions begun apart) pooled together lost the older
    session's annotations without a word. Copies of one session (a second window's: the same `created`) still give
    the latest copy's: an annotation removed there is not listed from the earlier copy."""
    def session(name, created, updated, quotes):
        path = write_session(tmp_path, name, "甲", "b" * 64, {"law_enforcement": 3}, updated=updated)
        text = path.read_text(encoding="utf-8").replace('reviewer = "甲"', f'reviewer = "甲"\ncreated = {created}')
        for quote in quotes:
            text += (f'[[annotations]]\nid = "{quote}"\nside = "b"\nsection = "1"\nstart = 0\nquote = "{quote}"\n'
                     f'note = "{quote}的批注"\n')
        path.write_text(text, encoding="utf-8")

    session("first.toml", "2026-01-01T09:00:00+08:00", "2026-01-01T10:00:00+08:00", ["执法", "普法"])
    session("second.toml", "2026-01-02T09:00:00+08:00", "2026-01-02T10:00:00+08:00", ["复议", "普法"])
    session("second-copy.toml", "2026-01-02T09:00:00+08:00", "2026-01-02T11:00:00+08:00", ["复议"])  # 普法 removed
    listed = [an.quote for an in aggregate_paths([tmp_path], load_rubric()).annotations]
    assert listed == ["执法", "普法", "复议"]
    # the same words annotated at two places of one session are two annotations (reread11 R9: listed once)
    session("first.toml", "2026-01-01T09:00:00+08:00", "2026-01-01T10:00:00+08:00", ["执法", "普法", "执法2"])
    text = (tmp_path / "first.toml").read_text(encoding="utf-8").replace('"执法2"', '"执法"').replace("执法2的", "执法的")
    (tmp_path / "first.toml").write_text(text, encoding="utf-8")
    listed = [an.quote for an in aggregate_paths([tmp_path], load_rubric()).annotations]
    assert listed == ["执法", "普法", "执法", "复议"]


def test_a_later_copy_holding_no_annotation_outdates_the_earlier_copy_s_and_sessions_without_any_keep_nothing(tmp_path):
    """A copy of a session (the same `created`) saved later with every annotation removed lists none of the earlier
    copy's, whichever is read first and in whichever process (pooled in chunks past PARALLEL_FROM files, merged);
    sessions holding no annotation keep nothing per side (100,000 such sessions, each begun at its own time, held an
    entry a side until the end: 1.2 GB)."""
    from fazhi.core import aggregate as pooling

    def session(name, updated, quotes):
        path = write_session(tmp_path, name, "甲", "b" * 64, {"law_enforcement": 3}, updated=updated)
        text = path.read_text(encoding="utf-8").replace('reviewer = "甲"', 'reviewer = "甲"\ncreated = 2026-01-02T09:00:00+08:00')
        text += "".join(f'[[annotations]]\nid = "{q}"\nside = "b"\nsection = "1"\nstart = 0\nquote = "{q}"\n' for q in quotes)
        path.write_text(text, encoding="utf-8")

    session("a-early.toml", "2026-01-02T10:00:00+08:00", ["复议", "普法"])
    session("z-later.toml", "2026-01-02T11:00:00+08:00", [])
    assert aggregate_paths([tmp_path], load_rubric()).annotations == []
    session("a-early.toml", "2026-01-02T11:00:00+08:00", ["复议", "普法"])  # now the later one: its annotations hold
    session("z-later.toml", "2026-01-02T10:00:00+08:00", [])
    assert [an.quote for an in aggregate_paths([tmp_path], load_rubric()).annotations] == ["复议", "普法"]
    # read apart and merged, the other way round
    rubric = load_rubric()
    early = pooling._read_chunk([str(tmp_path / "z-later.toml")], rubric)
    early.merge(pooling._read_chunk([str(tmp_path / "a-early.toml")], rubric))
    later = pooling._read_chunk([str(tmp_path / "a-early.toml")], rubric)
    session("z-later.toml", "2026-01-02T12:00:00+08:00", [])
    later.merge(pooling._read_chunk([str(tmp_path / "z-later.toml")], rubric))
    assert [an.quote for an in pooling.pooled(early, rubric).annotations] == ["复议", "普法"]
    assert pooling.pooled(later, rubric).annotations == []
    assert len(later.annotations) == 1 and len(pooling._read_chunk([str(tmp_path / "z-later.toml")], rubric).annotations) == 0
    # one instant, written with another offset: one session (reread52 #3)
    text = (tmp_path / "z-later.toml").read_text(encoding="utf-8")
    (tmp_path / "z-later.toml").write_text(text.replace("2026-01-02T09:00:00+08:00", "2026-01-02T01:00:00Z"), encoding="utf-8")
    assert aggregate_paths([tmp_path], load_rubric()).annotations == []


def test_copies_of_a_session_that_does_not_say_when_it_was_begun_are_pooled_alike_every_time(tmp_path):
    """reread11 R10: a session without `created` (the contract's minimal file) was given the time it was read: two
    copies were one session or two by the clock. Each is a session of its own: both copies' annotations, every time."""
    for name, quotes in (("a.toml", ["执法", "普法"]), ("b.toml", ["复议"])):
        path = write_session(tmp_path, name, "甲", "b" * 64, {"law_enforcement": 3})
        path.write_text(path.read_text(encoding="utf-8") + "".join(
            f'[[annotations]]\nid = "{q}"\nside = "b"\nsection = "1"\nstart = 0\nquote = "{q}"\n' for q in quotes),
            encoding="utf-8")
    runs = {tuple(sorted(an.quote for an in aggregate_paths([tmp_path], load_rubric()).annotations)) for _ in range(3)}
    assert runs == {("复议", "执法", "普法")}


@pytest.mark.parametrize("alpha, said", [(2 / 3, "tentative conclusions only"), (0.6664, "unreliable"),
                                         (0.79951, "reliable"), (0.7994, "tentative conclusions only")])
def test_alpha_is_read_as_it_is_shown_at_three_places(alpha, said):
    """walk16 F2: an α of 2/3, shown 0.667, was read unreliable beside a legend saying .667 begins the tentative band
    (Krippendorff states his bounds at three places)."""
    from fazhi.core.agreement import READINGS, reading, reading_key

    assert READINGS[reading_key(reading(alpha, 5))][2] == said


def test_alpha_over_all_areas_is_said_to_pool_them_when_areas_read_lower_on_their_own(tmp_path, capsys):
    """walk16 F3: α over all areas read 0.81 可靠 while 8 areas of 10 were unreliable: pooled, the differences between
    areas (one scored 3–4 by all, another 0–1) count as agreement. The Markdown says so under the table."""
    levels = {"甲": ({"law_enforcement": 4, "power_oversight": 0}, {"law_enforcement": 4, "power_oversight": 1}),
              "乙": ({"law_enforcement": 4, "power_oversight": 1}, {"law_enforcement": 3, "power_oversight": 0}),
              "丙": ({"law_enforcement": 3, "power_oversight": 0}, {"law_enforcement": 4, "power_oversight": 0})}
    for reviewer, (first, second) in levels.items():
        write_session(tmp_path, f"{reviewer}1.toml", reviewer, "1" * 64, first)
        write_session(tmp_path, f"{reviewer}2.toml", reviewer, "2" * 64, second)
    result = aggregate_paths([tmp_path], load_rubric())
    readings = {area: a.reading for area, a in result.agreement.items()}
    assert readings["overall"] == "tentative" and readings["law_enforcement"] == readings["power_oversight"] == "unreliable"
    markdown = export(result, load_rubric(), "md").decode("utf-8")
    assert "领域之间的差异也算作一致:2 个领域中有 2 个本身的一致性更低" in markdown
    # the spreadsheet and the JSON too (walk17 F6)
    assert "2 of 2 areas read lower" in json.loads(export(result, load_rubric(), "json"))["agreement_caution"]
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(export(result, load_rubric(), "xlsx")))["一致性"]
    assert "2 个领域中有 2 个" in sheet.cell(sheet.max_row, 1).value
    # agreeing areas: nothing to say
    from fazhi.core.agreement import Agreement, overall_caution
    same = Agreement(0.9, 6, 2, "reliable")
    assert overall_caution({"overall": same, "law_enforcement": same}) is None


def test_annotations_of_two_sessions_of_one_review_are_listed_in_the_text_s_order(tmp_path):
    """reread11 R12: one reviewer's annotations of a review from two sessions begun apart were listed session by
    session; the reader reads them in the text's order, whichever session holds them."""
    for name, created, quote, start in (("a.toml", "2026-01-01T09:00:00+08:00", "后面", 50),
                                        ("b.toml", "2026-01-02T09:00:00+08:00", "前面", 10)):
        path = write_session(tmp_path, name, "甲", "b" * 64, {"law_enforcement": 3})
        text = path.read_text(encoding="utf-8").replace('reviewer = "甲"', f'reviewer = "甲"\ncreated = {created}')
        path.write_text(text + f'[[annotations]]\nid = "{quote}"\nside = "b"\nsection = "1"\nstart = {start}\n'
                               f'quote = "{quote}"\n', encoding="utf-8")
    assert [an.quote for an in aggregate_paths([tmp_path], load_rubric()).annotations] == ["前面", "后面"]


def test_the_latest_sessions_say_where_a_report_file_is(tmp_path):
    """reread11 R13: the places of the first three sessions read were kept: where those named a folder since renamed,
    the later sessions' right place was never tried (the view listed every annotation under every area)."""
    for k, (folder, day) in enumerate([("旧", 1), ("旧", 2), ("旧", 3), ("新", 9), ("旧", 4)]):
        path = write_session(tmp_path, f"s{k}.toml", f"评审{k}", "b" * 64, {"law_enforcement": 3},
                             updated=f"2025-01-0{day}T10:00:00+00:00")
        path.write_text(path.read_text(encoding="utf-8").replace(
            'title = "清溪镇报告"', f'title = "清溪镇报告"\npath = "{folder}/清溪镇2024.txt"'), encoding="utf-8")
    places = aggregate_paths([str(tmp_path)], load_rubric()).report_files["b" * 64]
    # (sessions of one folder storing one path name one place: kept once, its latest session's; reread12 S4)
    assert [(stored, Path(session).name) for stored, session in places] == [
        ("新/清溪镇2024.txt", "s3.toml"), ("旧/清溪镇2024.txt", "s4.toml")]


def test_a_level_cleared_later_is_not_pooled_even_from_a_session_holding_nothing_else(tmp_path):
    """walk28 #1: a clear is the reviewer's dated word (`[cleared.<side>]`): the level another of their sessions holds
    of that report and area (a copy carried there) is older and not pooled, though the clearing session scores nothing
    else; a level set after the clear counts again; another reviewer's level is theirs."""
    rubric = load_rubric()
    sha = "b" * 64
    write_session(tmp_path, "carried.toml", "王芳", sha, {"law_enforcement": 3, "power_oversight": 2},
                  updated="2026-11-20T09:00:00+00:00", sha_a="c" * 64)
    write_session(tmp_path, "other.toml", "李明", sha, {"law_enforcement": 4})
    clearing = write_session(tmp_path, "cleared.toml", "王芳", sha, {}, updated="2026-11-21T09:00:00+00:00")
    clearing.write_text(clearing.read_text(encoding="utf-8")
                        + "[cleared.b]\nlaw_enforcement = 2026-11-21T09:00:00+00:00\n", encoding="utf-8")
    result = aggregate_paths([tmp_path], rubric)
    rows = {r.area: r.reviewers for r in result.rows}
    assert rows == {"law_enforcement": {"李明": 4}, "power_oversight": {"王芳": 2}} and not result.problems
    clearing.write_text(clearing.read_text(encoding="utf-8").replace("2026-11-21T09", "2026-11-19T09"),
                        encoding="utf-8")  # cleared before the level was set: the level is the latest word
    rows = {r.area: r.reviewers for r in aggregate_paths([tmp_path], rubric).rows}
    assert rows["law_enforcement"] == {"王芳": 3, "李明": 4}


def test_a_change_between_years_scored_by_different_reviewers_is_flagged_with_the_same_reviewers_change(tmp_path):
    """walk28: the year-over-year change compared one panel's mean with another's unflagged: a lenient reviewer last
    year and a strict one this year read as the report getting worse. The change says when the reviewers differ and
    gives the change of those who scored both years; the ranking's change and every export carry the flag."""
    rubric = load_rubric()
    for reviewer, before, now in (("甲", 2, 3), ("乙", 4, None), ("丙", None, 1)):
        if before is not None:
            write_session(tmp_path, f"{reviewer}_2024.toml", reviewer, "b" * 64, {"law_enforcement": before})
        if now is not None:
            path = write_session(tmp_path, f"{reviewer}_2025.toml", reviewer, "c" * 64, {"law_enforcement": now})
            path.write_text(path.read_text(encoding="utf-8").replace("year = 2024", "year = 2025"), encoding="utf-8")
    result = aggregate_paths([tmp_path], rubric)
    (change,) = result.year_over_year
    assert (change.change, change.reviewers_differ, change.same_reviewers_change) == (-1.0, True, 1.0)
    assert [(r.year, r.reviewers_differ) for r in result.ranking] == [(2024, False), (2025, True)]
    def table(name: str) -> list[dict]:
        return list(csv.DictReader(io.StringIO(export(result, rubric, "csv", table=name).decode("utf-8-sig"))))

    rows = table("year_over_year")
    assert (rows[0]["reviewers_differ"], rows[0]["same_reviewers_change"]) == ("yes", "1")
    assert [r["reviewers_differ"] for r in table("ranking")] == ["", "yes"]
    assert json.loads(export(result, rubric, "json"))["year_over_year"][0]["same_reviewers_change"] == 1.0
    markdown = export(result, rubric, "md").decode()
    assert "| ⚠ | +1.00 |" in markdown and "“两年评审员不同”标 ⚠" in markdown
    for reviewer in ("乙", "丙"):  # the same reviewers both years: no flag
        for path in tmp_path.glob(f"{reviewer}_*.toml"):
            path.unlink()
    (change,) = aggregate_paths([tmp_path], rubric).year_over_year
    assert (change.change, change.reviewers_differ) == (1.0, False)


def test_the_ranking_s_change_is_flagged_where_an_area_s_reviewers_differ_though_the_report_s_do_not(tmp_path):
    """walk53 #2: both reviewers scored the two years, but one of them only two areas of this year: the other areas'
    change compares one reviewer with two, and the table of areas said so while the ranking, comparing who scored
    each report at all, did not."""
    rubric = load_rubric()
    before = {"law_enforcement": 3, "power_oversight": 2, "decision_making": 3}

    def scored(reviewer: str, now: dict[str, int]) -> None:
        write_session(tmp_path, f"{reviewer}_2024.toml", reviewer, "b" * 64, before)
        path = write_session(tmp_path, f"{reviewer}_2025.toml", reviewer, "c" * 64, now)
        path.write_text(path.read_text(encoding="utf-8").replace("year = 2024", "year = 2025"), encoding="utf-8")

    scored("甲", {"law_enforcement": 4, "power_oversight": 3})
    scored("乙", {**before, "decision_making": 4})
    result = aggregate_paths([tmp_path], rubric)
    assert {c.area: c.reviewers_differ for c in result.year_over_year} == {
        "law_enforcement": False, "power_oversight": False, "decision_making": True}
    assert {r.year: (r.reviewers, r.reviewers_differ) for r in result.ranking} == {2025: (2, True), 2024: (2, False)}
    scored("甲", {"law_enforcement": 4, "power_oversight": 3, "decision_making": 3})  # every area by both: no flag
    assert {r.year: r.reviewers_differ for r in aggregate_paths([tmp_path], rubric).ranking} == {2025: False, 2024: False}


def test_alpha_over_every_area_of_one_report_is_not_read_as_agreement_on_reports():
    """walk29: two reviewers agreeing on one report's two areas read "1.000 可靠" over all areas, while each area said
    α needs two reports scored by two reviewers: the overall α asks the same."""
    from fazhi.core.agreement import agreement

    one = {("r1", "x"): {"甲": 3, "乙": 3}, ("r1", "y"): {"甲": 1, "乙": 1}}
    overall = agreement(one, ["x", "y"])["overall"]
    assert (overall.alpha, overall.reading.startswith("undefined"), overall.n) == (None, True, 4)
    two = {**one, ("r2", "x"): {"甲": 2, "乙": 3}}
    overall = agreement(two, ["x", "y"])["overall"]
    assert overall.alpha is not None and overall.n == 6


def test_every_figure_is_rounded_half_up_as_people_round_by_hand(tmp_path):
    """walk31 #3: a weighted total of 42.125 was written 42.12 (Python's round halves to even), and an α of −0.5125
    read −0.513 in the view beside −0.512 in the files: one rule, half up from the figure as written, everywhere."""
    from fazhi.core.rounding import half_up

    assert [half_up(v, p) for v, p in ((42.125, 2), (-0.5125, 3), (2.675, 2), (0.0005, 3), (1.0, 2))] == \
        [42.13, -0.513, 2.68, 0.001, 1.0]
    rubric = load_rubric()
    first, second = [a.id for a in rubric.areas if a.weight == 10][:2]
    # four reviewers: means 1.25 and 2, a total of 100 × (10 × 1.25 + 10 × 2) / 4 / 20 = 40.625
    for reviewer, level in (("r1", 1), ("r2", 1), ("r3", 1), ("r4", 2)):
        write_session(tmp_path, f"{reviewer}.toml", reviewer, "b" * 64, {first: level, second: 2})
    result = aggregate_paths([str(tmp_path)], rubric)
    assert [r.total for r in result.ranking] == [40.63]
    assert [r["total"] for r in json.loads(export(result, rubric, "json"))["ranking"]] == [40.63]


@settings(max_examples=2000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.integers(0, 5))
def test_rounding_half_up_on_the_written_digits_is_decimal_s(value, places):
    """core.rounding works on the repr's digits (no `decimal` at start-up); it gives what Decimal's ROUND_HALF_UP
    gives from the same repr."""
    from decimal import ROUND_HALF_UP, Decimal

    from fazhi.core.rounding import half_up

    assert half_up(value, places) == float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def test_a_ranking_of_several_years_ranks_each_report_within_its_year_too(round_with_sessions, capsys):
    """walk31 #8: a round pools each report's year before as well, and the one ranking set 2024's reports among 2025's.
    Each report has its rank in its year too (JSON, CSV and the sheets); the Markdown lists a year at a time, the
    latest first, each ranked from 1."""
    folder, sessions, _ = round_with_sessions
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ranking = data["ranking"]
    assert len({r["year"] for r in ranking}) >= 2
    for year in {r["year"] for r in ranking}:
        of_year = [r for r in ranking if r["year"] == year]  # (in the ranking's order)
        assert [r["year_rank"] for r in of_year] == sorted(r["year_rank"] for r in of_year)
        assert of_year[0]["year_rank"] == 1 and all(r["year_rank"] <= r["rank"] for r in of_year)
    assert [r["rank"] for r in ranking] != [r["year_rank"] for r in ranking]  # (years interleave in this round)
    assert main(["aggregate", str(folder), "--sessions-dir", str(sessions), "--format", "md"]) == 0
    md = capsys.readouterr().out
    part = md.split("## 评分\n")[0]
    headings = [int(ln[4:]) for ln in part.splitlines() if ln.startswith("### ")]
    assert headings == sorted({r["year"] for r in ranking + data["unscored"]}, reverse=True)  # (unscored ones too)
    for year, block in zip(headings, part.split("### ")[1:]):
        ranks = [ln.split("|")[1].strip() for ln in block.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
        scored = [str(r["year_rank"]) for r in ranking if r["year"] == year]
        assert ranks[:len(scored)] == scored and set(ranks[len(scored):]) <= {"—"}


def test_reports_of_no_known_year_are_ranked_among_themselves():
    """read33: under the Markdown's "年度不详" the ranks were counted across all years (3, 5) while each year's
    counted from 1: reports of no known year have their rank among themselves too."""
    from fazhi.core.aggregate import Aggregate, Row, ranking, weighted_totals
    from fazhi.core.export import markdown

    rubric = load_rubric()
    rows = [Row(report_id=name, report_title=name, government=name[:2], year=year, area=a.id, n_reviewers=1, mean=level,
                median=level, stdev=None, min=level, max=level, report_name=name, weight=a.weight,
                reviewers={"王芳": level})
            for name, year, level in (("甲镇", 2024, 3), ("乙镇", 2024, 2), ("丙镇", None, 4), ("丁镇", None, 1))
            for a in rubric.areas]
    totals = weighted_totals(rows, rubric)
    ranked = ranking(rows, totals, rubric)
    assert [(r.report_name, r.rank, r.year_rank) for r in ranked] == [
        ("丙镇", 1, 1), ("甲镇", 2, 1), ("乙镇", 3, 2), ("丁镇", 4, 2)]
    md = markdown(Aggregate(rows=rows, agreement={}, totals=totals, sessions=1, ranking=ranked), rubric)
    unknown = md.split("### 年度不详")[1].split("## ")[0]
    ranks = [ln.split("|")[1].strip() for ln in unknown.splitlines() if ln.startswith("| ") and "名次" not in ln]
    assert ranks == ["1", "2"]
