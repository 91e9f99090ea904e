"""tui.core_messages: core's English messages about a file, said in Chinese where the interface is Chinese; every
message core raises about a file's content has a template (read from core's sources), so none goes untranslated."""
from __future__ import annotations

import ast
import datetime as dt
import errno
import os
import re
from pathlib import Path

import pytest

from fazhi.core.toml_check import Int, Problems, Str
from fazhi.tui.core_messages import TEMPLATES, say_core

ROOT = Path(__file__).resolve().parent.parent.parent
#: Messages whose values are words, not data: said with the words they take.
WORDED = {
    "invalid session: [schema] {}: a session file starts with schema = {}":
        ["invalid session: [schema] missing: a session file starts with schema = 'fazhi.session/1'",
         "invalid session: [schema] is 3: a session file starts with schema = 'fazhi.session/1'"],
    "unknown key{}": ["unknown key (did you mean 'reviewer'?)", "unknown key (known keys: a, b)"],
    "{} ({}) cannot be read: {}": [
        "a Word 97-2003 file (.doc) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx x.doc` "
        "(LibreOffice), then open the .docx",
        "a WPS file (.wps) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx x.wps` "
        "(LibreOffice), then open the .docx",
        "an OFD file (.ofd) cannot be read: export it as PDF first (an OFD reader's 'export'/'print to PDF'), then open "
        "the .pdf",
        "an RTF file (.doc) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx x.doc` "
        "(LibreOffice), then open the .docx",
        "a web archive (MHT) (.doc) cannot be read: open it in a browser or in Word and save it as a web page (.html) "
        "or a .docx, then open that",
        "a zip archive, not a Word document (an OpenDocument file?) (.doc) cannot be read: convert it first, e.g. "
        "`soffice --headless --convert-to docx x.doc` (LibreOffice), then open the .docx"],
    "{} {}={}: report {} {}": ["--pin 1=2: report A has no section 1",
                                "--forbid 1=2: report B its section 2 is not aligned (more than 10000 sections)"],
    "must be {}, not {} {}": ["must be an integer, not string '4'", "must be true or false, not array [1]"],
    "is larger than {} MB: not a {}": ["is larger than 16 MB: not a session file"],
    "unknown binding id{}": ["unknown binding id", "unknown binding id (did you mean 'pair.next'?)"],
    "{} is swallowed by {}: choose another key": ["ctrl+s is swallowed by XON/XOFF flow control: choose another key",
                                                  "ctrl+b is swallowed by the tmux prefix: choose another key"],
    "key {} is also bound to {}{} ({}": ["key 'g' is also bound to 'round.aggregate' on the round screen (by default: g)",
                                         "key 'n' is also bound to 'change.next' (in this file)"],
}


def _shapes(node: ast.expr) -> list[str]:
    """Every shape a message expression can take, "{}" for each value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _shapes(node.body) + _shapes(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _shapes(node.left) for b in _shapes(node.right)]
    return ["{}"]


def _messages() -> list[tuple[str, str]]:
    """(where, shape) of every message core says about bad input (FazhiError, a TOML file's problems), but the
    command line's usage errors (exit status 2: English, as argparse's own are)."""
    found = []
    for path in sorted((ROOT / "core").glob("*.py")) + [ROOT / "tui" / "cli.py", ROOT / "tui" / "keymap.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            is_problem = name == "add" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "problems"
            if name not in ("FazhiError", "SessionConflict") and not is_problem:  # (a conflict is one: walk9 #5)
                continue
            status = next((k.value for k in node.keywords if k.arg == "exit_status"), None)
            if isinstance(status, ast.Constant) and status.value == 2:
                continue
            for shape in _shapes(node.args[1]):
                shape = re.sub(r"(\{\})+", "{}", shape)
                if shape != "{}":  # a message passed on (e.message, a list made elsewhere)
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", shape))
    return found


def test_core_messages_are_found():
    shapes = {shape for _, shape in _messages()}
    assert "empty file" in shapes and "cannot read: {}" in shapes and "missing" in shapes and len(shapes) > 50


@pytest.mark.parametrize("where,shape", _messages())
def test_every_message_core_says_about_a_file_is_said_in_chinese(where, shape):
    # its values as data ("x") or as the word a file's kind is ("session file": what a TOML file should have been)
    tries = WORDED.get(shape) or [shape.replace("{}", "x"), shape.replace("{}", "session file")]
    said = {message: say_core(f"报告.txt: {message}", "zh") for message in tries}
    whole = [out for message, out in said.items() if out.startswith("报告.txt: ") and not _english_left(out)]
    assert whole if shape not in WORDED else len(whole) == len(tries), (where, said)


def _english_left(said: str) -> bool:
    """Whether three English words in a row are left (a command in backticks aside): a message said in part only."""
    return bool(re.search(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}", re.sub(r"`[^`]*`", "", said)))


def test_every_kind_a_value_must_be_is_said_in_chinese():
    """walk12 F7: "[created] must be an ISO 8601 date and time, not string 'yesterday'" stayed English in a Chinese
    line: the kinds Spec.wrong is given (toml_check) are nouns too."""
    import inspect

    from fazhi.core import toml_check

    kinds = set(re.findall(r'self\.wrong\([^)]*"([^"]+)"\)', inspect.getsource(toml_check)))
    kinds |= {spec.kind for spec in vars(toml_check).values() if isinstance(spec, type) and "kind" in vars(spec)}
    assert "an ISO 8601 date and time" in kinds
    for kind in kinds:
        said = say_core(f"s.toml: invalid session: [created] must be {kind}, not string 'x'", "zh")
        assert said.startswith("s.toml: 会话无效:[created] 应为") and not _english_left(said), said


def test_the_values_stay_as_they_were_and_each_problem_of_a_list_is_said():
    line = ("s: 1.toml: invalid session, 2 problems: [scores.b.x.level] must be an integer, not string '4'; "
            "[scores.b.y] no area 'y' in rubric fazhi-2021 (did you mean 'gov'?)")
    assert say_core(line, "zh") == ("s: 1.toml: 会话无效,共 2 处问题:[scores.b.x.level] 应为整数,而不是字符串 '4'; "
                                    "[scores.b.y] 评分细则 fazhi-2021 中没有领域 'y'(是否想写 'gov'?)")
    multiline = "k.toml: invalid keymap, 2 problems:\n  [keys.a] missing\n  [keys.b] must not be empty"
    assert say_core(multiline, "zh") == "k.toml: 键位表无效,共 2 处问题:\n  [keys.a] 缺失\n  [keys.b] 不能为空"


def test_keys_holding_brackets_dates_and_a_rubric_beside_a_clause_are_said_whole():
    """fuzz2: a key holding "]" (a quoted value, a keymap's id) ended at that "]" and its message stayed English; a
    date was "date datetime.date(2024, 1, 1)", English and Python's; "in rubric {rubric}{other}" took the rubric's id
    as the clause (评分细则  中没有领域 'x'fazhi-default)."""
    assert say_core("r.toml: invalid round file: [assign#1(reviewer='王]芳').reviewer] contains control characters",
                    "zh") == "r.toml: 轮次文件无效:[assign#1(reviewer='王]芳').reviewer] 含有控制字符"
    assert say_core("k.toml: invalid keymap: [keys.[b]x[/]] unknown binding id", "zh") == \
        "k.toml: 键位表无效:[keys.[b]x[/]] 未知的绑定名称"
    assert say_core("s.toml: invalid session file: [scores.b.x] no area 'x' in rubric fazhi-default", "zh") == \
        "s.toml: 会话文件无效:[scores.b.x] 评分细则 fazhi-default 中没有领域 'x'"
    problems = Problems("r.toml")
    Int().convert(dt.date(2024, 1, 1), "override#1.year", problems)
    Str().convert(dt.datetime(2024, 1, 1, 8, 30), "reviewer", problems)
    said = say_core(str(problems.error("round file")), "zh")
    assert "应为整数,而不是日期 2024-01-01" in said and "应为字符串,而不是日期时间 2024-01-01T08:30:00" in said, said
    assert "datetime" not in said


def test_a_file_name_that_looks_like_a_message_is_not_said():
    assert say_core("empty file: cannot read: Permission denied", "zh") == "empty file: 无法读取:没有权限"
    assert say_core("a: b.docx: word/document.xml inflates past the 9 MB limit", "zh") == \
        "a: b.docx: word/document.xml 解压后超过 9 MB 的上限"


def test_what_no_template_knows_and_english_are_left_as_they_are():
    assert say_core("x.txt: something new went wrong", "zh") == "x.txt: something new went wrong"
    assert say_core("x.txt: empty file", "en") == "x.txt: empty file"


def test_every_template_has_a_chinese_text_with_the_same_values():
    for english, chinese in TEMPLATES.items():
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", chinese)), english
        assert re.search(r"[\u4e00-\u9fff]", chinese), english


@pytest.mark.parametrize("code, chinese", [(errno.EACCES, "没有权限"), (errno.ENOENT, "文件或文件夹不存在"),
                                           (errno.EROFS, "文件系统是只读的"), (errno.ENOSPC, "磁盘空间已满"),
                                           (errno.EISDIR, "是文件夹")])
def test_the_system_s_common_reasons_are_said_in_chinese_and_left_as_they_are_in_english(code, chinese):
    """walk7: "无法写入轮次文件模板(无法写入:Read-only file system)": what the system said stayed English under --lang zh.
    core passes the OSError's strerror on (this system's own text for the errno): it is said where core's message
    puts it, and alone (the CLI's round-template line passes it bare)."""
    english = os.strerror(code)
    for line, said in ((f"s.toml: cannot write: {english}", f"s.toml: 无法写入:{chinese}"),
                       (f"a.txt: cannot read: {english}", f"a.txt: 无法读取:{chinese}"),
                       (english, chinese),
                       (f"乡镇: cannot read this folder ({english}): its reports are not in the round",
                        f"乡镇: 无法读取此文件夹({chinese}):其中的报告不在本轮中")):
        assert say_core(line, "zh") == said
        assert say_core(line, "en") == line


def test_a_real_failure_of_the_system_is_said_in_chinese(tmp_path):
    """The whole way: core's own message about a write the system refused (no space on /dev/full; a folder under a
    file), as the workbench and the CLI say it."""
    from fazhi.core.errors import FazhiError
    from fazhi.core.files import atomic_write

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    for path, code, chinese in (("/dev/full", errno.ENOSPC, "磁盘空间已满"),
                                (blocker / "sessions" / "s.toml", errno.ENOTDIR, "路径中有一级不是文件夹")):
        with pytest.raises(FazhiError) as caught:
            atomic_write(path, b"x")
        assert str(caught.value).endswith(os.strerror(code))  # the test means something: the system's own words
        assert say_core(str(caught.value), "zh") == f"{path}: 无法写入:{chinese}"


def test_every_template_says_a_message_made_from_it():
    """fuzz5 F6: a template whose parameter bore a name with a meaning of its own ({other}: a bracketed clause) never
    matched the message it was written for. Each template, filled with plain values, is said in Chinese."""
    from fazhi.tui.core_messages import _NOUN_PARAMS, NOUNS

    noun = next(iter(NOUNS))

    def value(m: re.Match[str]) -> str:
        return noun if m.group(1) in _NOUN_PARAMS else "" if m.group(1) == "other" else "'x1'"

    for english in TEMPLATES:
        message = re.sub(r"\{(\w+)\}", value, english)
        assert say_core(message, "zh") != message, english
