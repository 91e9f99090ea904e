"""Exports as files people open: data never runs as a formula or breaks a table, and `--out` never replaces what it
must not (a folder, a symlink, a device) nor writes anything when aggregation failed."""
from __future__ import annotations

import csv
import io
import json
import os

import pytest

from fazhi.core.export import HEADERS
from fazhi.tui.cli import main

NASTY = "=HYPERLINK(\"http://x\") | 第二行\n+1 @me -2"


def write(folder, name, reviewer, note=None, level=3, sha="b" * 64):
    lines = ['schema = "fazhi.session/1"', f'reviewer = "{reviewer}"', "[reports.a]", f'sha256 = "{"a" * 64}"',
             "[reports.b]", f'sha256 = "{sha}"', 'government = "清溪镇"', "year = 2024", 'title = "报告 | 标题"',
             "[scores.b.law_enforcement]", f"level = {level}"]
    if note is not None:
        lines.append(f"note = {json.dumps(note, ensure_ascii=False)}")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def sessions(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", NASTY)
    write(folder, "2.toml", "乙", level=1)
    return folder


def test_csv_cells_never_become_formulas(sessions, capsys):
    assert main(["aggregate", str(sessions), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    (row,) = rows
    assert row["notes"].startswith("甲=") and "HYPERLINK" in row["notes"]
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values() if v)


def test_a_formula_behind_blanks_or_in_full_width_is_kept_as_text():
    """Found by fuzzing: a note of "\t=1+1" (tabs are allowed in notes), " =1", "\n=1" or "＝1" went out as it was;
    importers that strip leading blanks would then read a formula (OWASP's CSV-injection list)."""
    from fazhi.core.export import _cell

    for text in ("\t=1+1", " =1", "\r\n=1", "\u3000+1", "＝1", "=1"):
        assert _cell(text).startswith("'"), text
    assert _cell("备注 = 1") == "备注 = 1" and _cell(-3) == "-3"


def test_markdown_cells_keep_the_table_shape(sessions, capsys):
    assert main(["aggregate", str(sessions), "--format", "md"]) == 0
    out = capsys.readouterr().out
    note_line = next(line for line in out.splitlines() if "HYPERLINK" in line)
    assert note_line.count(" | ") == 4 and "\\|" in note_line  # five cells: the note's | is escaped, its newline <br>


def test_xlsx_keeps_text_as_text(sessions, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "x.xlsx"
    assert main(["aggregate", str(sessions), "--format", "xlsx", "--out", str(out)]) == 0
    notes = load_workbook(out)["评分备注"]
    cell = next(c for row in notes.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_json_carries_notes_and_is_control_free(sessions, capsys):
    assert main(["aggregate", str(sessions), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["notes"]["甲"] == NASTY and data["ranking"][0]["report_name"] == "清溪镇 2024 报告 | 标题"


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "xlsx"])
def test_skip_bad_goes_on_in_every_format_and_without_it_out_is_not_written(sessions, tmp_path, fmt, capsys):
    (sessions / "broken.toml").write_text("schema = \"fazhi.session/1\"\nreviewer = [", encoding="utf-8")
    (sessions / "deep.toml").write_text("schema = \"fazhi.session/1\"\nx = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous export")
    assert main(["aggregate", str(sessions), "--format", fmt, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert out.read_bytes() == b"previous export" and "broken.toml" in err and "deep.toml" in err
    assert "Traceback" not in err
    assert main(["aggregate", str(sessions), "--format", fmt, "--out", str(out), "--skip-bad"]) == 0
    assert out.read_bytes() != b"previous export" and out.stat().st_size > 100


def test_out_to_a_folder_or_below_a_file_is_one_message(sessions, tmp_path, capsys):
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(tmp_path)]) == 1
    assert "是文件夹" in capsys.readouterr().err  # said in the interface's language (--lang zh)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(blocker / "out.csv")]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and err.count("\n") == 1 and "Traceback" not in err


def test_out_into_a_folder_that_does_not_exist_is_refused_and_makes_no_folder(sessions, tmp_path, capsys):
    out = tmp_path / "typo" / "deeper" / "out.csv"
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"文件夹 {out.parent} 不存在" in err and str(out) in err and err.count("\n") == 1
    assert not (tmp_path / "typo").exists()


def test_a_folder_without_session_files_says_so_and_writes_nothing(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out.csv"
    assert main(["aggregate", str(empty), "--format", "csv"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "中没有会话文件" in captured.err and str(empty) in captured.err
    assert main(["aggregate", str(empty), "--format", "csv", "--out", str(out)]) == 1 and not out.exists()


def test_exports_and_sessions_are_made_with_the_umasks_permissions_and_keep_their_own(sessions, tmp_path):
    """mkstemp makes 0600 files: a new export or session would be unreadable to a colleague pooling a shared
    folder. A new file gets 0666 less the umask; a replaced one (and its .bak) keeps its own mode."""
    from fazhi.core.files import atomic_write

    old = os.umask(0o022)
    try:
        out = tmp_path / "out.csv"
        assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        os.chmod(out, 0o640)
        atomic_write(out, b"new", backup=True)
        assert out.stat().st_mode & 0o777 == 0o640 and (tmp_path / "out.csv.bak").stat().st_mode & 0o777 == 0o640
        os.umask(0o077)
        atomic_write(tmp_path / "private.toml", b"x")
        assert (tmp_path / "private.toml").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_a_save_that_fails_on_a_full_disk_leaves_no_empty_copies_behind(tmp_path, monkeypatch):
    """Found by fuzzing on a 64 KB tmpfs: a failed save left 0-byte `.x.toml.<pid>.<rand>.bak.tmp` files, which no
    later save removed (the process that made them was still alive). The file itself is as it was."""
    import errno

    from fazhi.core import files
    from fazhi.core.errors import FazhiError

    target = tmp_path / "x.toml"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    calls = []

    def fdopen(fd, mode):  # the save's own temp file is written; the copy kept as .bak finds the disk full
        calls.append(fd)
        return Full(real_fdopen(fd, mode)) if len(calls) > 1 else real_fdopen(fd, mode)

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(FazhiError, match="No space"):
        files.atomic_write(target, b"new", backup=True)
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["x.toml"]


def test_out_through_a_symlink_writes_its_target_and_keeps_the_link(sessions, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8-sig").startswith("report_id")


def test_out_named_csv_linking_to_a_session_or_a_read_only_file_is_not_replaced(sessions, tmp_path, capsys):
    """Found by fuzzing: `--out out.csv` where out.csv links to a session wrote the CSV into the session (the check
    read the link's name); a file its owner made read-only was replaced all the same. Both refused, one line."""
    session = sorted(sessions.iterdir())[0]
    before = session.read_bytes()
    link = tmp_path / "out.csv"
    link.symlink_to(session)
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(link)]) == 1
    assert session.read_bytes() == before and "不是 .csv 文件" in capsys.readouterr().err
    locked = tmp_path / "locked.csv"
    locked.write_text("mine")
    os.chmod(locked, 0o444)
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(locked)]) == 1
    err = capsys.readouterr().err
    assert locked.read_text() == "mine" and "是只读文件" in err and len(err.strip().splitlines()) == 1


def test_out_to_a_device_is_written_not_replaced(sessions):
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", os.devnull]) == 0
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_xlsx_is_never_written_into_a_terminal(sessions, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["aggregate", str(sessions), "--format", "xlsx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--out" in captured.err and len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("lang,words,foreign", [("zh", ("报告", "领域", "解读", "无法计算", "| 全部领域 |"),
                                                      ("| report", "undefined", "| overall |")),
                                               ("en", ("Report", "Area", "Reading", "undefined", "| All areas |"),
                                                      ("| 报告 |", "解读", "无法计算", "| overall |"))])
def test_markdown_and_the_agreement_sheet_speak_one_language(sessions, tmp_path, capsys, lang, words, foreign):
    from openpyxl import load_workbook

    assert main(["aggregate", str(sessions), "--format", "md", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words) and not any(f in out for f in foreign)
    xlsx = tmp_path / "x.xlsx"
    assert main(["aggregate", str(sessions), "--format", "xlsx", "--lang", lang, "--out", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    for each in book.worksheets:  # walk8 #4: the English scores sheet had two columns called "Reviewers"
        names = [c.value for c in each[1]]
        assert len(names) == len(set(names)), (each.title, names)
    sheet = book["一致性" if lang == "zh" else "Agreement"]
    column = [c.value for c in sheet[1]].index("解读" if lang == "zh" else "Reading")
    assert ("评分单元数(报告×领域)" if lang == "zh" else "Units scored (report × area)") in [c.value for c in sheet[1]]
    readings = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert readings and all((r.startswith("无法计算") or r in ("可靠", "不可靠", "仅可作初步结论")) == (lang == "zh")
                            for r in readings)


@pytest.mark.parametrize("lang, header, reason", [("zh", "可配对评分数", "每份报告仅一名评审员评分"),
                                                 ("en", "Pairable ratings", "each report scored by one reviewer only")])
def test_agreement_names_what_n_counts_and_says_why_it_is_0(tmp_path, capsys, lang, header, reason):
    """n beside α counts pairable ratings (levels of reports scored by two reviewers or more): "评分数 0" beside an
    area with scores was read as "nobody scored". Markdown says why beside the 0; XLSX and the CSV table keep n a
    number and say why in a column added last; JSON keeps its keys."""
    from openpyxl import load_workbook

    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", sha="b" * 64)
    write(folder, "2.toml", "甲", sha="c" * 64)  # one reviewer on each of two reports: scores, none pairable
    assert main(["aggregate", str(folder), "--format", "md", "--lang", lang]) == 0
    out = capsys.readouterr().out
    zero = f"0 ({reason})" if lang == "en" else f"0({reason})"
    assert f"| {HEADERS['alpha'][lang == 'en']} | {header} |" in out and out.count(f"| — | {zero} |") == 2  # the area and all areas
    xlsx = tmp_path / "x.xlsx"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--lang", lang, "--out", str(xlsx)]) == 0
    sheet = load_workbook(xlsx)["一致性" if lang == "zh" else "Agreement"]
    named = [dict(zip([c.value for c in sheet[1]], [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert [(r[header], r[HEADERS["n_note"][lang == "en"]]) for r in named] == [(0, reason)] * 2
    assert main(["aggregate", str(folder), "--table", "agreement", "--lang", lang]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [(r["n"], r["units"], r["n_note"]) for r in table] == [("0", "2", reason)] * 2
    assert main(["aggregate", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["agreement"]["overall"] | {"level": None} == {
        "alpha": None, "n": 0, "units": 2, "reading": "undefined (needs two or more reports each scored by two or more "
                                                      "reviewers)", "level": None}
    # where ratings pair, the count alone
    write(folder, "3.toml", "乙", sha="b" * 64)
    assert main(["aggregate", str(folder), "--format", "md", "--lang", lang]) == 0
    assert "| — | 2 |" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_out_dash_is_stdout_and_writes_no_file_named_dash(sessions, tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.chdir(tmp_path)
    assert main(["aggregate", str(sessions), "--format", fmt]) == 0
    expected = capsys.readouterr().out
    assert main(["aggregate", str(sessions), "--format", fmt, "--out", "-"]) == 0
    assert capsys.readouterr().out == expected and "甲" in expected
    assert not (tmp_path / "-").exists()


def test_xlsx_out_dash_is_refused_on_a_terminal_and_written_to_a_pipe(sessions, tmp_path, monkeypatch,
                                                                       capsysbinary):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["aggregate", str(sessions), "--format", "xlsx", "--out", "-"]) == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b"" and len(captured.err.splitlines()) == 1 and b"--out" in captured.err
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert main(["aggregate", str(sessions), "--format", "xlsx", "--out", "-"]) == 0
    assert load_workbook(io.BytesIO(capsysbinary.readouterr().out))["评分"].max_row > 1
    assert not (tmp_path / "-").exists()


def test_aggregate_help_says_what_out_dash_means(capsys):
    with pytest.raises(SystemExit):
        main(["aggregate", "--help"])
    assert "- is stdout" in capsys.readouterr().out


def test_xlsx_with_out_is_written_from_a_terminal_too(sessions, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    out = tmp_path / "x.xlsx"
    assert main(["aggregate", str(sessions), "--format", "xlsx", "--out", str(out)]) == 0
    assert load_workbook(out)["评分"].max_row > 1


def test_annotations_are_named_by_their_report_even_unscored_and_kept_from_sessions_without_scores(tmp_path, capsys):
    """An annotation on report A, which nobody scored, is named by A's government, year and title (never a hash) in
    every export; a session with annotations and no score still gives its annotations (its scores count nowhere)."""
    from openpyxl import load_workbook

    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲")
    a_named = ('[reports.a]\nsha256 = "' + "a" * 64 + '"\ngovernment = "清溪镇"\nyear = 2023\ntitle = "去年的报告"\n')
    note = '[[annotations]]\nside = "a"\nquote = "一段原文"\nstart = 5\nnote = "{}"\n'
    base = (folder / "1.toml").read_text(encoding="utf-8")
    for name, reviewer, scored in (("1.toml", "甲", True), ("2.toml", "乙", False)):
        text = base.replace('reviewer = "甲"', f'reviewer = "{reviewer}"')
        text = text.replace('[reports.a]\nsha256 = "' + "a" * 64 + '"\n', a_named)
        if not scored:
            text = text.split("[scores.b.law_enforcement]")[0]
        (folder / name).write_text(text + note.format(f"{reviewer}的批注"), encoding="utf-8")
    assert main(["aggregate", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 1 and data["untouched_sessions"] == 1
    assert sorted((an["reviewer"], an["report_name"]) for an in data["annotations"]) == [
        ("乙", "清溪镇 2023 去年的报告"), ("甲", "清溪镇 2023 去年的报告")]
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.count("| 清溪镇 2023 去年的报告 |") == 2 and "aaaaaaaaaaaa" not in md
    assert main(["aggregate", str(folder), "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["批注"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["清溪镇 2023 去年的报告"] * 2


def test_out_never_replaces_a_file_of_another_kind_and_keeps_the_export_it_replaces(sessions, tmp_path, capsys):
    """`--out sessions/*.toml`: the shell makes the first session the output; it must not be overwritten by the
    workbook (refused for its suffix: exit 2, one line, the file unchanged); nor is any other file of another kind (a
    report; a link named .csv to a session: exit 1). An export of the same format is replaced, its last version kept."""
    session = sessions / "1.toml"
    before = session.read_bytes()
    for fmt in ("xlsx", "csv"):
        assert main(["aggregate", *map(str, sorted(sessions.iterdir())), "--format", fmt, "--out", str(session)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(session) in err and "会话文件的后缀" in err
    assert session.read_bytes() == before
    report = tmp_path / "report.txt"
    report.write_text("一份报告", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(session)
    for target in (report, link):
        assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(target)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(target) in err and "不会被" in err
    assert report.read_text(encoding="utf-8") == "一份报告" and session.read_bytes() == before
    out = tmp_path / "scores.csv"
    out.write_text("last round's export", encoding="utf-8")
    assert main(["aggregate", str(sessions), "--format", "csv", "--out", str(out)]) == 0
    assert out.read_bytes().startswith("\ufeff".encode()) and (tmp_path / "scores.csv.bak").read_text() == "last round's export"


def test_bidi_controls_in_a_note_never_reach_an_export(tmp_path, capsys):
    """U+202E in a note reversed how the rest of the line showed, in a terminal and in a spreadsheet's cell."""
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", "执法\u202e数据\u2066翔实\u2069")
    for fmt in ("csv", "json", "md"):
        assert main(["aggregate", str(folder), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "执法数据翔实" in out and not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_csv_gives_any_one_table_and_every_format_carries_the_annotations_side_and_tags(sessions, capsys):
    """A CSV file holds one table: the pooled rows by default, or with --table the annotations (side and tags
    included, as in xlsx and json; markdown lists them too), the score notes, the ranking …; a formula stays text."""
    note = ('[[annotations]]\nside = "a"\nsection = "1.2"\nquote = "=SUM(A1)一段原文"\nstart = 5\nnote = "数据不足"\n'
            'tags = ["执法", "数据"]\n')
    (sessions / "1.toml").write_text((sessions / "1.toml").read_text(encoding="utf-8") + note, encoding="utf-8")

    def table(name):
        assert main(["aggregate", str(sessions), "--table", name]) == 0
        return list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))

    (an,) = table("annotations")
    assert (an["reviewer"], an["side"], an["section"], an["note"], an["tags"]) == ("甲", "A", "1.2", "数据不足", "执法, 数据")
    assert an["quote"] == "'=SUM(A1)一段原文"
    assert [r["reviewer"] for r in table("notes")] == ["甲"] and table("ranking")[0]["rank"] == "1"
    assert main(["aggregate", str(sessions), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "| 甲 | A | 1.2 |" in md and "| 执法, 数据 |" in md
    for bad in (["--table", "nope"], ["--format", "json", "--table", "notes"], ["--tui", "--table", "notes"]):
        assert main(["aggregate", str(sessions), *bad]) == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_the_help_names_every_csv_table(capsys):
    from fazhi.core.export import TABLES

    with pytest.raises(SystemExit):
        main(["aggregate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert all(name in text for name in TABLES)


def test_markdown_escapes_what_markdown_needs_and_no_spreadsheet_guard(tmp_path, capsys):
    """A tag or note starting with - got the spreadsheet guard in Markdown ('-a, b): the guard is CSV's and XLSX's;
    Markdown escapes | and writes line breaks <br>, and leaves the rest as the reviewer wrote it."""
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", "-a, b | c\n=d")
    with (folder / "1.toml").open("a", encoding="utf-8") as f:
        f.write('[[annotations]]\nid = "x1"\nside = "b"\nsection = "1"\nstart = 0\nquote = "@q"\n'
                'note = "+n"\ntags = ["-a", "b"]\n')
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "| -a, b \\| c<br>=d |" in out  # the note: its | escaped, its line break kept as <br>, nothing prefixed
    assert "| @q | +n | -a, b |" in out  # the annotation's quote, note and tags as written
    assert "'" not in out
    assert main(["aggregate", str(folder), "--format", "csv", "--table", "annotations"]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert all(v[:1] not in "=+-@" for v in row.values() if v)  # CSV keeps its guard


def test_exported_annotations_follow_the_ranking_then_the_reviewer_then_the_text(tmp_path, capsys):
    """Annotations are listed as a reader of the export goes: by the ranking's reports, each reviewer's together, and
    each one's in the order of the text (as M lists them in the workbench), not in the order they were made."""
    folder = tmp_path / "s"
    folder.mkdir()

    def session(name: str, reviewer: str, sha_b: str, government: str, level: int, starts: list[int]) -> None:
        notes = "".join(f'[[annotations]]\nside = "b"\nquote = "原文{start}"\nstart = {start}\nnote = "{reviewer}{start}"\n'
                        for start in starts)
        (folder / name).write_text(
            f'schema = "fazhi.session/1"\nreviewer = "{reviewer}"\n[reports.a]\nsha256 = "{"a" * 64}"\n'
            f'[reports.b]\nsha256 = "{sha_b}"\ngovernment = "{government}"\nyear = 2024\n'
            f"[scores.b.law_enforcement]\nlevel = {level}\n{notes}", encoding="utf-8")

    # 乙's session on the low report is the newest file; notes were made from the end of the text backwards
    session("1.toml", "甲", "c" * 64, "高分镇", 4, [90, 10])
    session("2.toml", "乙", "c" * 64, "高分镇", 4, [50])
    session("3.toml", "乙", "d" * 64, "低分镇", 1, [70, 20, 40])
    assert main(["aggregate", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [an["note"] for an in data["annotations"]] == ["乙50", "甲10", "甲90", "乙20", "乙40", "乙70"]


def test_markdown_writes_html_in_reviewer_and_report_text_as_entities(tmp_path, capsys):
    """Found by fuzzing: a note's `<script>` or `<img onerror=…>` went into the Markdown export as it was, and a
    Markdown viewer renders HTML. Every cell holding a reviewer's or a report's text writes <, > and an & that would
    begin an entity as entities (shown as typed); a bare & is literal Markdown and stays as typed (walk29)."""
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "<i>甲</i>", "<script>alert(1)</script> & <img src=x onerror=alert(1)>")
    text = (folder / "1.toml").read_text(encoding="utf-8").replace("报告 | 标题", "<b>报告</b>")
    text = text.replace('government = "清溪镇"', 'government = "清溪<u>镇</u>"')
    (folder / "1.toml").write_text(text + '[[annotations]]\nid = "x1"\nside = "b"\nsection = "1"\nstart = 0\n'
                                   'quote = "<a href=x>q</a>"\nnote = "&amp; <br>"\ntags = ["<t>"]\n', encoding="utf-8")
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "<" not in out and ">" not in out  # the export's own text holds neither
    assert "&lt;script&gt;alert(1)&lt;/script&gt; & &lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;i&gt;甲&lt;/i&gt;" in out and "&lt;b&gt;报告&lt;/b&gt;" in out and "清溪&lt;u&gt;镇&lt;/u&gt;" in out
    assert "| &lt;a href=x&gt;q&lt;/a&gt; | &amp;amp; &lt;br&gt; | &lt;t&gt; |" in out


def test_markdown_writes_inline_markup_in_reviewer_text_to_show_as_typed(tmp_path, capsys):
    """Found by the second reading: `![t](url)` in a note loaded a remote image in a Markdown viewer, `[x](url)` became
    a link, `**b**` bold. The characters of inline markup are backslash-escaped (the backslash first)."""
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", "![t](http://e.example/p.png) [点此](http://e.example) **粗体** `c` ~d~ a\\b")
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert ("\\!\\[t\\](http\\://e.example/p.png) \\[点此\\](http\\://e.example) \\*\\*粗体\\*\\* \\`c\\` "
            "\\~d\\~ a\\\\b") in out  # and a scheme's colon: GitHub links a bare address (with a stray \\ in it)
    from markdown_it import MarkdownIt  # (rich's Markdown parser: a CommonMark renderer reads the file as typed)

    page = MarkdownIt("commonmark").enable("table").render(out)
    assert "<img" not in page and "<a " not in page and "<strong>" not in page and "<code>" not in page
    assert "![t](http://e.example/p.png) [点此](http://e.example)" in page
    # in English the notes table names the area in English, and one session is one
    assert main(["aggregate", str(folder), "--format", "md", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 session)" in out and "| Law enforcement | 甲 |" in out



def test_markdown_keeps_a_bare_ampersand_and_escapes_one_that_begins_an_entity():
    """walk29: the English export wrote the area "Rules & documents" as "Rules &amp; documents" in the file; a bare &
    is literal Markdown, only one a renderer would read as an entity is written as one."""
    from fazhi.core.export import _md

    assert _md("Rules & documents") == "Rules & documents" and _md("A&B") == "A&B"
    assert [_md(t) for t in ("&amp;", "&#60;", "&#x3C;", "&lt")] == ["&amp;amp;", "&amp;#60;", "&amp;#x3C;", "&lt"]


@pytest.mark.parametrize("lang, unit, basis", [("zh", "百分点", "两年都评的领域"),
                                               ("en", "points", "areas scored in both years")])
def test_the_ranking_s_change_column_names_its_unit_and_basis(sessions, capsys, lang, unit, basis):
    """+25.00 beside 86.4% and 50.0% (36.4 apart) read as a wrong sum: the change is in percentage points, over the
    areas scored in both years only. The ranking's heading says so; the per-area change keeps its own heading."""
    assert main(["aggregate", str(sessions), "--format", "md", "--lang", lang]) == 0
    heading = next(line for line in capsys.readouterr().out.splitlines()
                   if line.startswith(f"| {HEADERS['rank'][lang == 'en']} |"))
    change = heading.split(" | ")[3]
    assert unit in change and basis in change


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_disagreement_is_spelled_one_way_for_people_and_one_way_for_programs(sessions, tmp_path, capsys, lang):
    """walk4: one ≥2-level disagreement was `yes` in CSV, `✓` in XLSX and `≥2` in Markdown. Files people read (XLSX,
    Markdown) give the aggregate view's sign; every CSV file keeps `yes` and JSON `true`; a row without one is empty."""
    from openpyxl import load_workbook

    from fazhi.core.export import FLAG_FOR_PEOPLE, SHEETS

    write(sessions, "3.toml", "甲", level=3, sha="c" * 64)  # a second report, its two levels one apart
    write(sessions, "4.toml", "乙", level=2, sha="c" * 64)
    k = lang == "en"

    def run(*args: str) -> str:
        assert main(["aggregate", str(sessions), "--lang", lang, *args]) == 0
        return capsys.readouterr().out

    def flags(rows, key: str, report: str = "report_id") -> dict[str, str]:
        return {row[report][:1]: row[key] or "" for row in rows}

    contract = list(csv.DictReader(io.StringIO(run("--format", "csv").lstrip("\ufeff"))))
    scores = list(csv.DictReader(io.StringIO(run("--format", "csv", "--table", "scores").lstrip("\ufeff"))))
    assert flags(contract, "disagreement") == flags(scores, "disagreement") == {"b": "yes", "c": ""}
    assert {row["report_id"][:1]: row["disagreement"] for row in json.loads(run("--format", "json"))["rows"]} == {
        "b": True, "c": False}
    out = tmp_path / "x.xlsx"
    run("--format", "xlsx", "--out", str(out))
    header, *values = load_workbook(out)[SHEETS["scores"][k]].values
    xlsx = [dict(zip(header, row)) for row in values]
    assert flags(xlsx, HEADERS["disagreement"][k], HEADERS["report_id"][k]) == {"b": FLAG_FOR_PEOPLE, "c": ""}
    lines = run("--format", "md").splitlines()
    heading = next(i for i, line in enumerate(lines) if f" {HEADERS['disagreement'][k]} |" in line)
    at = lines[heading].split(" | ").index(HEADERS["disagreement"][k])
    assert sorted(line.split(" | ")[at] for line in lines[heading + 2:heading + 4]) == ["", FLAG_FOR_PEOPLE]
    assert not lines[heading + 4].startswith("|")  # those two rows are the whole table


def test_notes_keep_their_lines_in_markdown_and_xlsx_and_counts_stay_numbers(tmp_path, capsys):
    """walk6 #7: Markdown joined a note's lines with spaces (its structure lost): each line break is <br> inside the
    cell, the text around it still escaped; XLSX kept the line breaks but showed them as one line (no wrap): the cells
    of notes and annotations (quote, note) wrap; the agreement sheet's counts are numbers, not text."""
    from openpyxl import load_workbook

    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲", "第一行 <b>\n第二行|竖线\n第三行")
    with (folder / "1.toml").open("a", encoding="utf-8") as f:
        f.write('[[annotations]]\nside = "b"\nsection = "1"\nstart = 0\nquote = "原文\\n下一行"\nnote = "批注\\n第二行"\n')
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "| 第一行 &lt;b&gt;<br>第二行\\|竖线<br>第三行 |" in out
    assert "| 原文<br>下一行 | 批注<br>第二行 |" in out
    assert out.count("<br>") == 4  # the only markup: the text's own < and > are entities
    from fazhi.core.export import _md

    assert _md("a\r\nb\rc") == "a<br>b<br>c"  # a line break of any system is one <br> (a quote from a report's text)
    xlsx = tmp_path / "x.xlsx"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--out", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    (note,) = [row for row in book["评分备注"].iter_rows(min_row=2) if row[0].value]
    assert note[4].value == "第一行 <b>\n第二行|竖线\n第三行" and note[4].alignment.wrap_text
    assert not note[0].alignment.wrap_text  # names and figures are not wrapped
    (an,) = list(book["批注"].iter_rows(min_row=2))
    assert [c.value for c in an[4:6]] == ["原文\n下一行", "批注\n第二行"] and all(c.alignment.wrap_text for c in an[4:6])
    agreement = list(book["一致性"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(row[2], int) and isinstance(row[3], int) for row in agreement)


@pytest.mark.parametrize("lang, said", [("zh", "共 40003 字"), ("en", "40003 in all")])
def test_a_note_longer_than_a_spreadsheet_cell_is_cut_with_a_mark_saying_where_it_is_whole(tmp_path, lang, said):
    """audit1: openpyxl cut a 40,003-character note to Excel's 32,767 without a mark (its end lost, unsaid); CSV, JSON
    and Markdown keep it whole."""
    from openpyxl import load_workbook

    from fazhi.core.export import XLSX_CELL_CHARS

    folder = tmp_path / "s"
    folder.mkdir()
    long_note = "长" * 40_000 + "END"
    write(folder, "1.toml", "甲", long_note)
    xlsx = tmp_path / "x.xlsx"
    assert main(["aggregate", str(folder), "--format", "xlsx", "--out", str(xlsx), "--lang", lang]) == 0
    book = load_workbook(xlsx)
    (note,) = [row[4].value for row in list(book.worksheets[2].iter_rows(min_row=2)) if row[0].value]
    assert len(note) == XLSX_CELL_CHARS and note.startswith("长" * 30_000) and said in note and "END" not in note
    whole = tmp_path / "x.json"
    assert main(["aggregate", str(folder), "--format", "json", "--out", str(whole)]) == 0
    assert long_note in whole.read_text(encoding="utf-8")


def test_an_annotation_on_revised_words_is_exported_with_the_words_annotated(tmp_path, capsys):
    """walk10 F2: the exports showed the revision's words as what the reviewer annotated."""
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "1.toml", "甲")
    with (folder / "1.toml").open("a", encoding="utf-8") as f:
        f.write('[[annotations]]\nside = "b"\nsection = "1.1"\nstart = 0\nquote = "现在的文字"\n'
                'quote_annotated = "批注时的文字"\nnote = "措辞"\n')
    assert main(["aggregate", str(folder), "--format", "json"]) == 0
    (an,) = json.loads(capsys.readouterr().out)["annotations"]
    assert (an["quote"], an["quote_annotated"]) == ("现在的文字", "批注时的文字")
    assert main(["aggregate", str(folder), "--table", "annotations", "--lang", "en"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    assert (row["quote"], row["quote_annotated"]) == ("现在的文字", "批注时的文字")
    assert main(["aggregate", str(folder), "--format", "md"]) == 0
    assert "| 现在的文字<br>(批注时原文(报告已修订): 批注时的文字) |" in capsys.readouterr().out


def test_people_read_alpha_at_the_three_places_it_is_read_at(sessions):
    """reread11 R18: the Markdown and the workbook showed α at four places: 0.66649 showed 0.6665 beside 不可靠, which a
    reader rounds to .667, tentative. Programs (JSON, CSV) keep four."""
    from openpyxl import load_workbook

    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.agreement import Agreement, reading
    from fazhi.core.export import export
    from fazhi.core.rubric import load_rubric

    result = aggregate_paths([str(sessions)], load_rubric())
    result.agreement["overall"] = Agreement(0.66649, 6, 3, reading(0.66649, 3))
    markdown = export(result, load_rubric(), "md").decode("utf-8")
    assert "| 0.666 | " in markdown and "0.6665" not in markdown
    book = load_workbook(io.BytesIO(export(result, load_rubric(), "xlsx")))
    assert [row[1] for row in book["一致性"].iter_rows(min_row=2, values_only=True)][-1] == 0.666
    assert json.loads(export(result, load_rubric(), "json"))["agreement"]["overall"]["alpha"] == 0.6665
    # the agreement table as CSV is the workbook's sheet (people's); the contract's CSV keeps four (reread12 R6)
    table = list(csv.reader(io.StringIO(export(result, load_rubric(), "csv", table="agreement").decode("utf-8-sig"))))
    assert table[-1][1] == "0.666"
    result.agreement[result.rows[0].area] = result.agreement["overall"]
    assert next(csv.DictReader(io.StringIO(export(result, load_rubric(), "csv").decode("utf-8-sig"))))["area_alpha"] == "0.6665"
    # the scores sheet and its --table CSV too (walk32 #5: 0.6665 there beside 0.666 on the agreement sheet)
    scores = next(csv.DictReader(io.StringIO(export(result, load_rubric(), "csv", table="scores").decode("utf-8-sig"))))
    assert scores["area_alpha"] == "0.666"
    book = load_workbook(io.BytesIO(export(result, load_rubric(), "xlsx")))
    assert next(book["评分"].iter_rows(min_row=2, values_only=True))[11] == 0.666
    # the area's α over all reports, repeated on each report's row: its heading says so (hwalk52 #10, it read as the
    # report's own agreement)
    assert book["评分"].cell(1, 12).value == "该领域一致性α(全部报告)"
