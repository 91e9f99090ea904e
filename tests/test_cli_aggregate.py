"""`fazhi aggregate` on the command line: --out's suffix and --format (fuzz2 #10), and paths that are not there or are
not files, said in the reviewer's language (fuzz2 #5)."""
from __future__ import annotations

import json

import pytest

from fazhi.tui.cli import main


@pytest.fixture
def sessions(tmp_path):
    folder = tmp_path / "n2"
    folder.mkdir()
    (folder / "1.toml").write_text('schema = "fazhi.session/1"\nreviewer = "甲"\n[reports.a]\nsha256 = "a"\n'
                                   '[reports.b]\nsha256 = "b"\n[scores.b.law_enforcement]\nlevel = 3\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("name,check", [
    ("x.json", lambda data: json.loads(data)["rows"][0]["mean"] == 3),
    ("X.MD", lambda data: data.decode().startswith("# 评分汇总")),
    ("x.xlsx", lambda data: data.startswith(b"PK")),
    ("x.csv", lambda data: data.startswith("\ufeffreport_id,".encode())),
    ("x.txt", lambda data: data.startswith("\ufeffreport_id,".encode())),  # no format's suffix: CSV, as before
])
def test_out_without_format_takes_the_format_its_suffix_names(sessions, tmp_path, name, check):
    """fuzz2 #10: `--out x.json` without --format wrote CSV into x.json."""
    out = tmp_path / name
    assert main(["aggregate", str(sessions), "--out", str(out)]) == 0
    assert check(out.read_bytes())


@pytest.mark.parametrize("args,said", [
    (["--out", "{folder}/summary.toml"], ".toml 是会话文件的后缀"),
    (["--out", "{folder}/summary.TOML", "--format", "csv"], ".toml 是会话文件的后缀"),
    (["--out", "{tmp}/x.csv", "--format", "json"], "后缀 .csv 与 --format json 不符"),
    (["--out", "{tmp}/x.json", "--format", "xlsx"], "后缀 .json 与 --format xlsx 不符"),
])
def test_out_named_as_a_session_or_against_format_is_refused(sessions, tmp_path, capsys, args, said):
    """`--out sessions/summary.toml` wrote CSV into the sessions folder: the next aggregate of it failed. Refused with
    one line naming the file (exit 2), nothing written."""
    args = [a.format(folder=sessions, tmp=tmp_path) for a in args]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["aggregate", str(sessions), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err and args[1] in err and "未写入任何内容" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert main(["aggregate", str(sessions), "--format", "json"]) == 0  # the folder still pools


def test_the_help_says_how_the_format_is_chosen(capsys):
    with pytest.raises(SystemExit):
        main(["aggregate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: --out's suffix (.csv, .json, .md, .xlsx), else csv" in text and ".toml" in text


def test_paths_that_are_not_there_or_not_files_are_said_in_the_reviewers_language(tmp_path, capsys, monkeypatch):
    """fuzz2 #5: `aggregate /nonexistent` and a round without ./sessions were English under --lang zh, and /dev/null
    was "no such file or folder": it is there, a device."""
    from tests.fixtures.make_round import make_round

    for argv, said in ((["/nonexistent"], "/nonexistent:文件或文件夹不存在;未写入任何内容"),
                       (["/nonexistent", "--lang", "en"], "/nonexistent: no such file or folder; nothing written"),
                       (["/dev/null"], "/dev/null:是设备、管道或套接字,不是会话文件或文件夹"),
                       (["/dev/null", "--lang", "en"], "/dev/null: a device, a pipe or a socket")):
        assert main(["aggregate", *argv, "--out", str(tmp_path / "x.csv")]) == 1
        out, err = capsys.readouterr()
        assert err == f"fazhi: {said}" + err.split(said, 1)[1] and err.count("\n") == 1, err
        assert not (tmp_path / "x.csv").exists()
    make_round(tmp_path / "round")
    monkeypatch.chdir(tmp_path)  # no ./sessions here
    assert main(["aggregate", str(tmp_path / "round"), "--format", "md"]) == 1
    assert "sessions:文件夹不存在:请用 --sessions-dir DIR 指定" in capsys.readouterr().err.splitlines()[-1]


def test_nothing_pooled_writes_nothing_to_stdout(tmp_path, capsys):
    """walk12 F6: `fazhi aggregate REPORT.txt > x.csv` said the file is a report and exited 1, with a CSV header on
    stdout that looked like an empty result."""
    from tests.conftest import sample

    assert main(["aggregate", str(sample("qingxi_2024.txt"))]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "这是报告,不是会话文件" in err


def test_pooling_names_a_device_as_one(tmp_path):
    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.core_messages import say_core

    (problem,) = aggregate_paths(["/dev/null"], load_rubric()).problems
    assert problem == "/dev/null: is a device or a pipe, not a file"
    assert say_core(problem, "zh") == "/dev/null: 是设备或管道,不是文件"


def test_keymap_is_the_aggregate_view_s_and_checked_before_pooling(tmp_path, capsys):
    """walk14 F5: the aggregate view's help says to rebind keys with --keymap, which aggregate did not take."""
    bad = tmp_path / "keys.toml"
    bad.write_text("[keys\n", encoding="utf-8")
    assert main(["aggregate", str(tmp_path), "--keymap", "vim"]) == 2
    assert "--keymap is for the aggregate view (--tui)" in capsys.readouterr().err
    assert main(["aggregate", str(tmp_path), "--tui", "--keymap", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "不是有效的 TOML" in err and err.count("\n") == 1


def test_out_is_never_one_of_the_files_pooled(sessions, capsys):
    """fuzz5: a session named wang.csv, pooled with `--out wang.csv`, was replaced by its own export."""
    session = sessions / "wang.csv"
    session.write_bytes((sessions / "1.toml").read_bytes())
    before = session.read_bytes()
    assert main(["aggregate", str(session), "--out", str(session)]) == 1
    assert "是被汇总的文件之一" in capsys.readouterr().err and session.read_bytes() == before
    assert not session.with_name("wang.csv.bak").exists()
