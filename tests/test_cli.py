"""The command line: contracts, import hygiene, and refusals that name the file."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, sample
from fazhi.tui.cli import main


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip()


def test_core_never_imports_textual_or_rich():
    """Every core module imported (and the exports run): neither Textual nor Rich is loaded."""
    from fazhi.core import __path__ as core_path
    import pkgutil

    modules = sorted(m.name for m in pkgutil.iter_modules(core_path))
    code = ("import sys, importlib\n"
            f"for m in {modules!r}: importlib.import_module('fazhi.core.' + m)\n"
            "from fazhi.core.aggregate import pooled, _Pool; from fazhi.core.rubric import load_rubric\n"
            "from fazhi.core.export import export\n"
            "[export(pooled(_Pool(), load_rubric()), load_rubric(), f) for f in ('csv', 'json', 'md', 'xlsx')]\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    assert len(modules) > 20 and _run(code) == "[]"


def test_outline_command_does_not_start_the_tui():
    code = (f"import sys, io, contextlib; from fazhi.tui.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): main(['outline', {str(sample('jinghai_2024.txt'))!r}])\n"
            f"print('textual' in sys.modules)")
    assert _run(code) == "False"


def test_outline_json_contract(capsys):
    assert main(["outline", str(sample("qingxi_2024.txt")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"source", "title", "government", "year", "date", "sections"} <= set(data)
    assert (data["government"], data["year"], data["date"], data["title"]) == ("清溪镇", 2024, "2025-01-17", None)
    first = next(s for s in data["sections"] if s["id"] == "1")
    assert {"id", "level", "label", "heading", "text", "children"} <= set(first)
    assert (first["label"], first["heading"], first["level"]) == ("一、", "2024年度主要工作举措及成效", 1)
    child = first["children"][0]
    assert child["id"] == "1.1" and child["label"] == "(一)" and child["children"][0]["label"] == "一是"


def test_outline_tree_is_readable(capsys):
    assert main(["outline", str(sample("qingcheng_2024.txt"))]) == 0
    out = capsys.readouterr().out
    assert "清远市清城区人民政府2024年法治政府建设年度报告" in out
    assert "    (一)强化思想政治引领,推动法治政府建设  [2.1]" in out


def test_resume_missing_session_names_it(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    assert main(["resume", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err


def test_resume_without_a_file_reopens_my_session_saved_last(tmp_path, monkeypatch, capsys):
    """`fazhi resume` alone: the reviewer's session saved last in --sessions-dir (the full, hashed file name was
    needed); none is one line, exit 2."""
    import os

    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui import app as tui_app, cli

    sessions = tmp_path / "s"
    assert main(["resume", "--sessions-dir", str(sessions), "--reviewer", "王芳"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no session of 王芳" in err and str(sessions) in err
    saved = []
    for a, b in (("qingxi_2024.txt", "dongkeng_2017.txt"), ("jinghai_2024.txt", "yingzai_2025.txt")):
        review = Review.open(str(sample(a)), str(sample(b)), "王芳", load_rubric(), sessions)
        review.set_score("b", "law_enforcement", 2)
        saved.append(review.save())
    os.utime(saved[0], ns=(saved[0].stat().st_atime_ns, saved[1].stat().st_mtime_ns + 10**9))  # saved last
    opened = []
    monkeypatch.setattr(tui_app.ReviewApp, "run", lambda self: opened.append(self.review) or 0)
    monkeypatch.setattr(cli, "_without_terminal", lambda *_: None)
    assert main(["resume", "--sessions-dir", str(sessions), "--reviewer", "王芳"]) == 0
    assert opened[0].session.path == saved[0]
    assert main(["resume", "--sessions-dir", str(sessions), "--reviewer", "李明"]) == 2  # nobody else's


def test_resume_with_reports_gone_says_where_to_look(tmp_path, capsys):
    session = tmp_path / "s.toml"
    session.write_text('schema = "fazhi.session/1"\nreviewer = "x"\n[reports.a]\nsha256 = "aa"\npath = "/gone/a.txt"\n'
                       '[reports.b]\nsha256 = "bb"\n', encoding="utf-8")
    assert main(["resume", str(session)]) == 1
    err = capsys.readouterr().err
    assert str(session) in err and "--report-dir" in err


def test_review_of_one_report_opens_it_alone_and_the_same_report_twice_is_refused(tmp_path, monkeypatch, capsys):
    """`fazhi review FILE` reviews the report alone (as a round does a government's first report); the same
    text as both A and B is refused with one line naming it, before any screen or session."""
    from fazhi.tui import app as tui_app, cli

    opened = []

    def run(self):  # the screen itself is tested elsewhere: here, which review the command opens
        opened.append(self.review)
        return 0

    monkeypatch.setattr(tui_app.ReviewApp, "run", run)
    monkeypatch.setattr(cli, "_without_terminal", lambda *_: None)
    one, sessions = str(sample("qingxi_2024.txt")), tmp_path / "s"
    assert main(["review", one, "--sessions-dir", str(sessions)]) == 0
    (review,) = opened
    assert review.is_single and review.b.government == "清溪镇" and review.session.view.side == "b"
    assert main(["review", one, one, "--sessions-dir", str(sessions)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "与报告 A(" in err and "文本相同" in err and one in err
    assert len(opened) == 1 and not sessions.exists()
    assert main(["review", "--sessions-dir", str(sessions)]) == 2


def test_the_workbench_without_a_terminal_says_so_instead_of_waiting(tmp_path):
    """stdin not a terminal (a script, a pipe): Textual would wait for keys that never come. One line, exit 2."""
    a, b = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))
    session = tmp_path / "one.toml"
    session.write_text('schema = "fazhi.session/1"\nreviewer = "x"\n[reports.a]\nsha256 = "a"\n[reports.b]\n'
                       'sha256 = "b"\n[scores.b.law_enforcement]\nlevel = 3\n', encoding="utf-8")
    # in the interface's language, with the command's own plain form (fuzz2 #5: aggregate --tui was sent to round)
    for argv, plain in ((["review", a, b], "fazhi align A B"), (["review", b], "fazhi align A B"),
                        (["demo"], "fazhi align A B"), (["aggregate", str(session), "--tui"], "不加 --tui")):
        done = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", *argv, "--sessions-dir", str(tmp_path / "s")],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert done.returncode == 2, argv
        assert done.stderr.count("\n") == 1 and "工作台需要终端" in done.stderr and plain in done.stderr, done.stderr
        assert "round DIR" not in done.stderr and "Traceback" not in done.stderr
        assert "标准输入和标准错误都不是终端" in done.stderr
    assert not (tmp_path / "s").exists()


def test_the_workbench_names_the_stream_that_is_not_a_terminal(tmp_path):
    """`fazhi demo 2>err.txt` in a terminal said "stdin and stderr are not one": only stderr was redirected."""
    import pty

    keys, _ = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", "demo", "--lang", "en", "--sessions-dir",
                               str(tmp_path / "s")], stdin=keys, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    finally:
        os.close(keys)
    assert done.returncode == 2 and "(stderr is not one)" in done.stderr, done.stderr
    assert not (tmp_path / "s").exists()


def test_plain_commands_import_only_what_they_need(tmp_path):
    """outline, align and aggregate start without Textual, numpy or jieba (start-up is most of their time)."""
    session = tmp_path / "s.toml"
    session.write_text('schema = "fazhi.session/1"\nreviewer = "x"\n[reports.a]\nsha256 = "a"\n[reports.b]\n'
                       'sha256 = "b"\n[scores.b.law_enforcement]\nlevel = 3\n', encoding="utf-8")
    a, b = sample("qingxi_2024.txt"), sample("dongkeng_2017.txt")
    for argv in (["outline", str(a)], ["align", str(a), str(b), "--json"], ["aggregate", str(session), "--format", "csv"]):
        code = ("import sys, io, contextlib; from fazhi.tui.cli import main\n"
                "out = io.TextIOWrapper(io.BytesIO())\n"
                f"with contextlib.redirect_stdout(out): main({argv!r})\n"
                "print(sorted(m for m in ('textual', 'numpy', 'jieba', 'openpyxl') if m in sys.modules))")
        assert _run(code) == "[]", argv


def test_the_parser_of_one_command_parses_as_the_whole_one_and_an_unknown_command_lists_them_all(capsys):
    import pytest

    from fazhi.tui.cli import COMMANDS, build_parser, main

    argv = ["aggregate", "s.toml", "--format", "json", "--skip-bad"]
    one, whole = vars(build_parser("aggregate").parse_args(argv)), vars(build_parser().parse_args(argv))
    assert one.pop("command_parser").prog == whole.pop("command_parser").prog == "fazhi aggregate" and one == whole
    with pytest.raises(SystemExit) as exit_:
        main(["nope"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and all(repr(c) in err for c in COMMANDS)


def test_a_reviewer_name_a_session_could_not_keep_is_refused(tmp_path, capsys):
    """An escape sequence or control character in --reviewer would make every session saved under it unreadable:
    refused before anything opens (exit 2, one line naming the option), for every command that takes a name."""
    import pytest

    a, b = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))
    for argv in (["review", a, b], ["demo"], ["round", str(tmp_path), "--json"], ["serve"]):
        for name in ("王\x1b[31m芳", "a\x00b", " ", "x" * 65):
            with pytest.raises(SystemExit) as refused:
                main([*argv, "--reviewer", name, "--sessions-dir", str(tmp_path / "s")])
            assert refused.value.code == 2
            err = capsys.readouterr().err
            assert "argument --reviewer: a reviewer name is 1–64 printable characters" in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_a_name_the_system_refuses_is_one_line(tmp_path, capsys):
    """A file name of 300 bytes (File name too long) and --out on a loop of links gave tracebacks."""
    long_name = str(tmp_path / ("报" * 100 + ".toml"))
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    session = tmp_path / "s.toml"
    session.write_text('schema = "fazhi.session/1"\nreviewer = "x"\n[reports.a]\nsha256 = "a"\n[reports.b]\n'
                       'sha256 = "b"\n[scores.b.law_enforcement]\nlevel = 3\n', encoding="utf-8")
    for argv in (["aggregate", long_name], ["round", long_name, "--json"], ["aggregate", str(session), "--out", str(loop)],
                 ["aggregate", str(session), "--out", long_name.replace(".toml", ".csv")]):
        assert main(argv) in (1, 2), argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, (argv, err)


def test_a_name_the_system_refuses_is_said_in_the_interface_s_language(tmp_path, monkeypatch, capsys):
    """walkthrough: `fazhi resume` of a name longer than PATH_MAX answered "File name too long" in English where the
    commands with --lang say a file's problems in Chinese by default: what the system refused no check foresaw fell
    to main's last resort, which passed the system's English on. One line, exit 1, as a file's other problems."""
    monkeypatch.chdir(tmp_path)
    long_name = "x" * 5000
    for argv in (["resume", "--sessions-dir", long_name], ["round", long_name, "--plain"], ["aggregate", long_name],
                 ["aggregate", long_name, "--lang", "en"], ["resume", long_name]):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        english = "--lang" in argv
        assert err.count("\n") == 1 and "Traceback" not in err and err.startswith(f"fazhi: {long_name}: "), argv
        assert ("File name too long" in err) == english and ("文件名过长" in err) != english, (argv, err[-60:])
    # a keymap named so is no keymap (the name was looked for among the bundled ones, and that path said)
    assert main(["resume", long_name, "--keymap", long_name]) == 2
    assert capsys.readouterr().err == f"fazhi: {long_name}: 没有这个键位表(自带的有:default, vim)\n"


def test_an_empty_file_or_folder_name_is_refused_naming_the_option(tmp_path, monkeypatch, capsys):
    """"" is the current folder to the system: `fazhi round ""` scanned it and `--sessions-dir ""` saved there."""
    import pytest

    monkeypatch.chdir(tmp_path)
    a = str(sample("qingxi_2024.txt"))
    cases = [(["round", ""], "DIR"), (["round", a, "--json", "--sessions-dir", ""], "--sessions-dir"),
             (["review", "", a], "a"), (["review", a, "--sessions-dir", ""], "--sessions-dir"),
             (["resume", ""], "FILE"), (["outline", ""], "path"), (["align", a, ""], "b"),
             (["areas", a, "--rubric", ""], "--rubric"), (["aggregate", ""], "PATH"),
             (["aggregate", a, "--out", ""], "--out"), (["round", a, "--keymap", ""], "--keymap"),
             (["review", a, "--report-dir", ""], "--report-dir"), (["serve", "--round", ""], "--round")]
    for argv, option in cases:
        with pytest.raises(SystemExit) as refused:
            main(argv)
        assert refused.value.code == 2, argv
        err = capsys.readouterr().err
        assert err.splitlines()[-1].endswith(f"error: argument {option}: an empty name is not a file or folder"), err
    assert list(tmp_path.iterdir()) == []  # nothing scanned into a round.toml, no session saved


def test_a_file_given_as_the_sessions_folder_is_refused_before_anything_runs(tmp_path, capsys):
    """aggregate read it as a session; the workbench failed at its first save (or saved beside it)."""
    import pytest

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine\n", encoding="utf-8")
    a, samples = str(sample("qingxi_2024.txt")), str(sample("qingxi_2024.txt").parent)
    for argv in (["aggregate", samples], ["round", samples, "--json", "--reviewer", "x"], ["review", a], ["demo"],
                 ["resume", str(tmp_path / "s.toml")], ["serve"]):
        with pytest.raises(SystemExit) as refused:
            main([*argv, "--sessions-dir", str(not_a_folder)])
        assert refused.value.code == 2, argv
        err = capsys.readouterr().err
        assert err.splitlines()[-1].endswith(f"argument --sessions-dir: {str(not_a_folder)!r} exists and is not a "
                                             f"folder"), err
    assert not_a_folder.read_text(encoding="utf-8") == "mine\n" and sorted(tmp_path.iterdir()) == [not_a_folder]
    assert main(["round", samples, "--json", "--reviewer", "x", "--sessions-dir", str(tmp_path)]) == 0  # a folder is taken


@pytest.mark.parametrize("lang,words", [("zh", ("会话文件", "继续评审:")), ("en", ("Session file", "Resume with:"))])
def test_the_lines_after_the_workbench_speak_its_language(lang, words, tmp_path, monkeypatch, capsys):
    """Where the session went and how to resume, in the screen's language (they were English after a Chinese
    screen), the resume command keeping --lang en."""
    import fazhi.tui.app
    import fazhi.tui.cli as cli

    class Finished:  # the workbench, run and quit after a save
        def __init__(self, review, lang, keymap):
            self.exit_report, self.return_code = {"path": tmp_path / "s.toml"}, 0

        def run(self):
            return 0

    monkeypatch.setattr(fazhi.tui.app, "ReviewApp", Finished)
    monkeypatch.setattr(cli, "_without_terminal", lambda *_: None)
    assert main(["review", str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "--lang", lang,
                 "--sessions-dir", str(tmp_path)]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == f"fazhi: {words[0]}: {tmp_path / 's.toml'}"
    assert second.startswith(f"fazhi: {words[1]} fazhi resume ") and second.endswith(" --lang en") == (lang == "en")
    # and the keymap it was opened with (walk18 F10: dropped)
    assert main(["review", str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "--lang", lang,
                 "--keymap", "vim", "--sessions-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(f"{' --lang en' if lang == 'en' else ''} --keymap vim")


@pytest.mark.parametrize("command", ["review", "demo", "resume"])
def test_reviewer_says_what_it_is_and_its_default(command, capsys):
    """--reviewer had no help: whose session it names, and that it is the login name unless given, went unsaid."""
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--reviewer NAME whose session" in out and "default your login name" in out


def test_an_argument_too_many_is_said_with_the_command_s_usage(capsys):
    """Found by fuzzing: `fazhi outline a b` printed `usage: fazhi [-h] [--version] COMMAND`, which tells nothing of
    what `outline` takes."""
    with pytest.raises(SystemExit) as e:
        main(["outline", "a.txt", "b.txt"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.startswith("usage: fazhi outline") and "unrecognized arguments: b.txt" in err


def test_a_pair_pinned_and_forbidden_at_once_is_refused(capsys):
    """Found by fuzzing: `align --pin 1=1 --forbid 1=1` was accepted without a word (the pin won)."""
    a, b = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))
    assert main(["align", a, b, "--pin", "1=1", "--forbid", "1=1"]) == 2
    assert "1=1 is both pinned and forbidden" in capsys.readouterr().err


def test_the_readme_and_help_name_the_defaults_a_first_reviewer_meets(capsys):
    """A newcomer's walk: `aggregate PATH… --format csv|json|md|xlsx` read as if --format were required (it prints
    CSV without it) and nothing named that default; nothing said --reviewer is the login name (a shared machine's
    sessions were all `root-…`), nor that the resume command printed on quitting is relative to where fazhi ran."""
    from fazhi.tui.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # no --format: the --out file's suffix names it (fuzz2 #10), else csv: the README and the help say both
    assert build_parser("aggregate").parse_args(["aggregate", "s"]).format is None
    default = "csv"
    row = next(line for line in readme.splitlines() if line.startswith("| `fazhi aggregate"))
    assert "[--format csv" in row and "CSV unless `--format`, or else the `--out` file's suffix" in row
    assert "`--reviewer NAME` defaults to your login name" in readme
    assert "relative to the folder you ran `fazhi` in" in readme
    with pytest.raises(SystemExit):
        main(["aggregate", "--help"])
    assert f"default: --out's suffix (.csv, .json, .md, .xlsx), else {default}" in " ".join(capsys.readouterr().out.split())


def test_align_s_table_marks_edited_pairs_as_the_workbench_does(tmp_path, capsys):
    """walk8 #6: the table marked every matched pair "=", where the workbench's = means the same text and ≈ edited;
    the preamble's row read "0" and nothing (the workbench: 导语)."""
    text = sample("dongkeng_2017.txt").read_text(encoding="utf-8")
    heading = "(一)依法全面履行政府职能"
    assert heading in text
    edited = tmp_path / "b.txt"
    edited.write_text(text.replace(heading, "(一)全面依法履行政府职能", 1), encoding="utf-8")
    assert main(["align", str(sample("dongkeng_2017.txt")), str(edited)]) == 0
    rows = capsys.readouterr().out.splitlines()
    marks = {row.split()[1]: row.split()[0] for row in rows[2:-2] if row.strip()}
    assert marks["1.1"] == "≈" and marks["1"] == "=" and list(marks.values()).count("≈") == 1
    assert any(row.split()[1:3] == ["0", "导语"] for row in rows[2:-2] if row.strip())
    assert rows[-1].startswith("= matched 45 (≈ edited 1)")


def test_every_argument_of_every_command_says_what_it_is():
    """walk8 #7: positional arguments and several options had no description; demo's were review's."""
    from fazhi.tui.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, command in commands.items():
        for action in command._actions:
            if action.dest not in ("help", "command_parser"):
                assert action.help, (name, action.dest)
    assert "--report-dir" not in commands["demo"].format_help()  # the demo's reports are bundled


@pytest.mark.parametrize("login,said", [("root", True), ("王芳", False)])
def test_a_shared_login_as_the_reviewer_is_said_on_the_screen(login, said, tmp_path, monkeypatch):
    """walk8 #11: on a shared account every reviewer's session was root's, pooled as one reviewer's, and only the
    README said so; the workbench says it when no --reviewer was given."""
    import fazhi.tui.app
    import fazhi.tui.cli as cli

    seen = []

    class Opened:  # the workbench: what it would show
        def __init__(self, review, lang, keymap):
            seen.extend(n.key for n in review.notices)
            self.exit_report, self.return_code = {}, 0

        def run(self):
            return 0

    monkeypatch.setattr(fazhi.tui.app, "ReviewApp", Opened)
    monkeypatch.setattr(cli, "_without_terminal", lambda *_: None)
    monkeypatch.setattr(cli, "default_reviewer", lambda: login)
    main(["review", str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "--sessions-dir", str(tmp_path)])
    assert ("shared_login" in seen) == said
    seen.clear()
    main(["review", str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "--sessions-dir", str(tmp_path),
          "--reviewer", login])
    assert "shared_login" not in seen  # named on purpose


@pytest.mark.parametrize("command", ["resume", "review", "serve"])
def test_a_report_dir_that_is_no_folder_is_said(command, tmp_path, capsys):
    """fuzz6 F7: a misspelt --report-dir (or a file) was passed over, and the reviewer told to give --report-dir."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    for given, said in ((tmp_path / "movd", "no such folder"), (tmp_path / "a.txt", "exists and is not a folder")):
        with pytest.raises(SystemExit) as refused:
            main([command, *(["x.toml"] if command == "resume" else [str(sample("qingxi_2024.txt"))]
                             if command == "review" else []), "--report-dir", str(given)])
        assert refused.value.code == 2
        last = capsys.readouterr().err.splitlines()[-1]
        assert "error: argument --report-dir: " in last and repr(str(given)) in last and last.endswith(said)


def test_the_demo_says_first_that_the_reviewer_s_work_was_found(tmp_path, monkeypatch):
    """walk18 F9: the demo's notice came first and "继续 … 的评审" only after it, some 6 s later: a returning reviewer
    saw no word of their work meanwhile."""
    import fazhi.tui.app
    import fazhi.tui.cli as cli
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    opened = []

    class Finished:
        def __init__(self, review, lang, keymap):
            opened.append(review)
            self.exit_report, self.return_code = {}, 0

        def run(self):
            return 0

    monkeypatch.setattr(fazhi.tui.app, "ReviewApp", Finished)
    monkeypatch.setattr(cli, "_without_terminal", lambda *_: None)
    earlier = Review.open(*(str(cli.sample_path(n)) for n in cli.SAMPLE_PAIR), "甲", load_rubric(), tmp_path)
    earlier.set_score("a", "law_enforcement", 3)
    earlier.save()
    assert main(["demo", "--reviewer", "甲", "--sessions-dir", str(tmp_path)]) == 0
    assert [n.key for n in opened[0].notices][:2] == ["continued", "demo"]


@pytest.mark.parametrize("reports", [["a.txt"], ["a.txt", "b.txt"]])
def test_reports_and_a_session_given_to_review_at_once_are_refused(reports, tmp_path, capsys):
    """fuzz28 F3: `review A B --session FILE` opened the session's own pair, the reports given passed over unsaid
    (`serve` refused the same as usage)."""
    assert main(["review", *reports, "--session", str(tmp_path / "s.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not both" in err


def test_the_command_leaves_without_teardown_yet_with_its_output_status_and_exit_handlers(tmp_path):
    """`run` (the `fazhi` command) skips the interpreter's teardown: the whole output still arrives, the exit status
    is the command's, the atexit handlers ran (the regex programs' cache was written), and a thread left running is
    waited for as ever."""
    env = {**os.environ, "FAZHI_CACHE_DIR": str(tmp_path / "cache")}
    a, b = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))
    done = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", "align", a, b, "--json"], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert done.returncode == 0 and json.loads(done.stdout)["pairs"]
    assert list((tmp_path / "cache" / "regex").iterdir())  # written by patterns' atexit handler
    missing = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", "outline", str(tmp_path / "none.txt")],
                             capture_output=True, text=True, env=env, cwd=ROOT)
    assert missing.returncode == 1 and "none.txt" in missing.stderr
    code = ("import sys, threading, time; from fazhi.tui import cli\n"
            "def late(): time.sleep(0.3); open(sys.argv[1], 'w').write('saved')\n"
            "cli.main = lambda: threading.Thread(target=late).start() or 3\n"
            "cli.run()")
    waited = subprocess.run([sys.executable, "-c", code, str(tmp_path / "late.txt")], env=env, cwd=ROOT)
    assert waited.returncode == 3 and (tmp_path / "late.txt").read_text() == "saved"
    # started with a stream closed (`>&-`): printing fails as on a closed descriptor, one line, exit 1 (it was a
    # traceback, reread52 #2; then nothing and exit 0, hwalk52 #2); a command printing nothing is not hurt
    cli = f"{sys.executable} -m fazhi.tui.cli"
    closed = subprocess.run(["sh", "-c", f"{cli} outline {a} >&-"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert closed.returncode == 1 and closed.stderr == "fazhi: stdout: Bad file descriptor\n"
    session = tmp_path / "s.toml"
    session.write_text('schema = "fazhi.session/1"\nreviewer = "甲"\n[reports.a]\nsha256 = "' + "a" * 64
                       + '"\n[reports.b]\nsha256 = "' + "b" * 64 + '"\n[scores.b.law_enforcement]\nlevel = 3\n',
                       encoding="utf-8")
    closed = subprocess.run(["sh", "-c", f"{cli} aggregate {session} --out {tmp_path / 'o.csv'} >&-"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert closed.returncode == 0 and (tmp_path / "o.csv").exists()
    closed = subprocess.run(["sh", "-c", f"{cli} outline {tmp_path / 'none.txt'} 2>&-"], capture_output=True, env=env,
                            cwd=ROOT)
    assert closed.returncode == 1
