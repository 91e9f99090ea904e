"""Pooling many sessions in worker processes: the same result as reading them here, whichever way the workers
start; workers send back only the latest value per reviewer × report × area; a folder of sessions is not a round
and is not listed to find that out."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import fazhi.core.aggregate as aggregate
from fazhi.core import round_scan
from fazhi.core.aggregate import _read_chunk, aggregate_paths
from fazhi.core.round_scan import round_folder
from fazhi.core.rubric import load_rubric
from tests.test_aggregate import write_session

AREAS = ("law_enforcement", "power_oversight", "decision_making")


@pytest.fixture
def sessions(tmp_path):
    """Many sessions of few reviewers on few reports, each rescored over time; a bad one and an untouched one."""
    for i in range(90):
        write_session(tmp_path, f"s{i:03d}.toml", f"评审{i % 5}", f"{i % 3:064x}",
                      {area: (i + k) % 5 for k, area in enumerate(AREAS)} if i % 17 else {},
                      updated=f"2026-01-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00")
    (tmp_path / "bad.toml").write_text("schema = 3", encoding="utf-8")
    return tmp_path


def _same(a, b) -> None:
    assert a.rows == b.rows and a.agreement == b.agreement and a.totals == b.totals and a.ranking == b.ranking
    assert (a.sessions, a.untouched, a.problems, a.annotations) == (b.sessions, b.untouched, b.problems, b.annotations)


def test_pool_matches_serial_with_fork_and_from_a_thread(sessions, monkeypatch):
    """From the main thread the workers are forked; from a second thread (the workbench's screens) they come from
    a fork server: both give exactly what reading in this process gives."""
    import multiprocessing

    rubric = load_rubric()
    serial = aggregate_paths([str(sessions)], rubric, workers=1)
    monkeypatch.setattr(aggregate, "PARALLEL_FROM", 10)
    methods: list[str] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: methods.append(method) or real(method))
    forked = aggregate_paths([str(sessions)], rubric, workers=2)
    threaded: list = []
    worker = threading.Thread(target=lambda: threaded.append(aggregate_paths([str(sessions)], rubric, workers=2)))
    worker.start()
    worker.join()
    assert methods == ["fork", "forkserver"]
    _same(forked, serial)
    _same(threaded[0], serial)
    assert serial.untouched == 6 and len(serial.problems) == 1


def test_a_worker_returns_one_value_per_reviewer_report_and_area(sessions):
    """90 files of 5 reviewers on 3 reports and 3 areas reduce to at most 5 × 3 × 3 values before crossing back."""
    part = _read_chunk(sorted(str(p) for p in sessions.glob("s*.toml")), load_rubric())
    assert len(part.levels) == 5 * 3 * 3
    assert part.sessions + part.untouched == 90


def test_chunks_come_back_in_file_order(sessions, monkeypatch):
    """Problems are reported in the order of the files, as when reading here."""
    for name in ("a_bad.toml", "m_bad.toml", "z_bad.toml"):
        (sessions / name).write_text("not toml", encoding="utf-8")
    monkeypatch.setattr(aggregate, "PARALLEL_FROM", 10)
    problems = aggregate_paths([str(sessions)], load_rubric(), workers=2).problems
    assert [Path(p.split(":")[0]).name for p in problems] == ["a_bad.toml", "bad.toml", "m_bad.toml", "z_bad.toml"]


def test_a_sessions_folder_is_not_a_round_and_the_first_report_decides(tmp_path, monkeypatch):
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    for i in range(30):
        (tmp_path / f"s{i}.toml").write_text("", encoding="utf-8")
    assert round_folder(tmp_path) is None
    (sub / "report.TXT").write_text("报告", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_text("", encoding="utf-8")
    assert round_folder(tmp_path) == tmp_path and round_scan.find_reports(tmp_path) == [sub / "report.TXT"]


def test_aggregate_of_a_few_sessions_imports_nothing_heavy(tmp_path):
    """No numpy, no openpyxl, no process pool, no Textual for a few sessions as CSV; nor the round's planner, the
    HTML reader, statistics (fractions, decimal) or OpenSSL (no session is fingerprinted: pooling never saves); nor
    the government-name rules (one year: no previous year to compare with)."""
    write_session(tmp_path, "s.toml", "甲", "r1", {"law_enforcement": 3})
    code = ("import sys; from fazhi.tui.cli import main\n"
            f"main(['aggregate', {str(tmp_path)!r}, '--format', 'csv'])\n"
            "heavy = ('numpy', 'openpyxl', 'concurrent.futures', 'multiprocessing', 'textual', 'fazhi.core.round',\n"
            "         'html.parser', 'statistics', 'hashlib', 'uuid', 'difflib', 'fazhi.core.round_names',\n"
            "         'fazhi.core.metadata')\n"
            "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"


def test_a_government_reviewed_in_two_years_under_one_name_needs_no_name_rules(tmp_path):
    """Its year-over-year change is found by the name itself; the rules that tell 清溪镇 from 东莞市清溪镇人民政府 load
    only where two names differ (and then find that change as well)."""
    def session(name: str, sha: str, government: str, year: int, level: int) -> None:
        (tmp_path / name).write_text("\n".join([
            'schema = "fazhi.session/1"', 'reviewer = "甲"', "[reports.a]", f'sha256 = "{"a" * 64}"', "[reports.b]",
            f'sha256 = "{sha * 64}"', f'government = "{government}"', f"year = {year}",
            "[scores.b.law_enforcement]", f"level = {level}"]) + "\n", encoding="utf-8")

    code = ("import sys; from fazhi.tui.cli import main\n"
            f"main(['aggregate', {str(tmp_path)!r}, '--format', 'csv', '--table', 'year_over_year'])\n"
            "print('fazhi.core.round_names' in sys.modules, file=sys.stderr)")
    session("s1.toml", "1", "清溪镇", 2023, 2)
    session("s2.toml", "2", "清溪镇", 2024, 3)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "False" and "清溪镇" in out.stdout and "2023" in out.stdout
    session("s2.toml", "2", "东莞市清溪镇人民政府", 2024, 3)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "True" and "清溪镇" in out.stdout and "2023" in out.stdout


def test_session_files_come_in_the_order_of_their_paths_parts(tmp_path):
    """read56 #2: held as strings, 王芳-2/… sorted before 王芳/… ("-" before "/"), and the order decides which session's
    title names a report when two disagree: the order is the Paths' (part by part), as before."""
    for name in ("王芳/a.toml", "王芳-2/b.toml", "王芳 3/c.toml", "4/4.toml", "4-4.toml", "4.5.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    files, problems = aggregate.session_files([str(tmp_path)])
    assert not problems and files == [str(p) for p in sorted(Path(f) for f in files)]
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files][:2] == ["4/4.toml", "4-4.toml"]
