"""Aggregation: hand-computed figures, α against the krippendorff package, exports, contract-only files."""
from __future__ import annotations

import csv
import io
import json

import krippendorff
import numpy as np
import pytest

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
    write_session(tmp_path, "s1.toml", "甲", "r1", {"law_enforcement": 3, "power_oversight": 1})
    write_session(tmp_path, "s2.toml", "乙", "r1", {"law_enforcement": 4, "power_oversight": 3})
    write_session(tmp_path, "s3.toml", "丙", "r1", {"law_enforcement": 2})
    # 甲 scored r1 again later: this one counts
    write_session(tmp_path, "s1b.toml", "甲", "r1", {"law_enforcement": 4}, updated="2099-01-01T00:00:00+00:00")
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
    assert "| 清溪镇 2024 清溪镇报告 |" in md and "Krippendorff" in md
    x = tmp_path / "out.xlsx"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--out", str(x)]) == 0
    from openpyxl import load_workbook

    wb = load_workbook(x)
    assert wb.sheetnames == ["排名", "评分", "评分备注", "批注", "一致性", "同比变化"]
    ws = wb["评分"]
    assert ws.cell(1, 1).value == "报告" and ws.max_row == 3 and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(2, 1).value == "清溪镇 2024 清溪镇报告" and ws.cell(2, 4).value == "行政执法"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--lang", "en", "--out", str(x)]) == 0
    assert load_workbook(x)["Scores"].cell(2, 4).value == "Law enforcement"


def test_bad_session_is_reported_and_skipped(folder, capsys):
    (folder / "broken.toml").write_text("reviewer = [", encoding="utf-8")
    assert main(["aggregate", str(folder), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "broken.toml" in captured.err and json.loads(captured.out)["rows"]
    assert main(["aggregate", str(folder), "--format", "json", "--skip-bad"]) == 0


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
    assert "odd.toml" in err and "[scores.b.law_enforcement.level] 7 is outside the rubric's scale 0..4" in err
