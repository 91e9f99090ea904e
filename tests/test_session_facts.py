"""core.session_facts: what a round's statuses read of a sessions folder, parsed once and cached by each file's size
and time: the same facts as parsing every file, a file saved since parsed again, a broken one said every time."""
import os

import pytest

import fazhi.core.session_facts as facts_module
from fazhi.core.session import ReportRef, Session
from fazhi.core.session_facts import SessionFacts, read_facts
from fazhi.core.store import save_session

A, B = ReportRef("a" * 64, "a.txt", "甲镇2023年报告", "甲镇", 2023), ReportRef("b" * 64, "b.txt", None, "甲镇", 2024)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    sessions = tmp_path / "sessions"
    mine = Session(reviewer="王芳", reports={"a": A, "b": B}, pins=[("1", "1")])
    mine.set_score("b", "rules", 3)
    mine.set_score("a", "duties", 2)
    save_session(mine, directory=sessions)
    save_session(Session(reviewer="李明", reports={"a": A, "b": B}), directory=sessions)
    return sessions


def _parses(monkeypatch) -> list:
    calls = []
    real = facts_module.load_session
    monkeypatch.setattr(facts_module, "load_session", lambda path: calls.append(path) or real(path))
    return calls


def test_the_facts_are_the_sessions_and_a_second_read_parses_nothing(folder, monkeypatch):
    calls = _parses(monkeypatch)
    first, problems = read_facts(folder, "王芳")
    assert problems == [] and len(first) == 1 and len(calls) == 1  # 李明's file is never parsed
    (path, facts), = first
    assert facts.reports == {"a": A, "b": B} and facts.scored == {"a": {"duties": 2}, "b": {"rules": 3}}
    assert facts.edits == (("pin", "1", "1"),) and facts == SessionFacts.from_json(facts.to_json())
    assert read_facts(folder, "王芳") == (first, []) and len(calls) == 1  # from the cache


def test_cached_only_gives_the_facts_the_cache_has_or_none_without_parsing(folder, monkeypatch):
    calls = _parses(monkeypatch)
    assert read_facts(folder, "王芳", cached_only=True) is None and calls == []  # never read: nothing known
    full = read_facts(folder, "王芳")
    assert read_facts(folder, "王芳", cached_only=True) == full and len(calls) == 1
    (folder / "broken.toml").write_text('reviewer = "王芳"\nschema = 3\n', encoding="utf-8")
    assert read_facts(folder, "王芳", cached_only=True) is None and len(calls) == 1  # its problem is said by parsing


def test_a_file_saved_since_is_read_again(folder, monkeypatch):
    read_facts(folder, "王芳")
    (path, _), = read_facts(folder, "王芳")[0]
    text, stat = path.read_text(encoding="utf-8"), path.stat()
    assert "[scores.b.rules]" in text
    path.write_text(text.replace("[scores.b.rules]", "[scores.b.rulez]"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # the same size: the time tells
    calls = _parses(monkeypatch)
    (_, facts), = read_facts(folder, "王芳")[0]
    assert facts.scored["b"] == {"rulez": 3} and len(calls) == 1


def test_a_broken_file_is_said_every_time_and_a_removed_one_is_gone(folder):
    broken = folder / "broken.toml"
    broken.write_text('reviewer = "王芳"\nschema = 3\n', encoding="utf-8")
    for _ in range(2):
        found, problems = read_facts(folder, "王芳")
        assert len(found) == 1 and len(problems) == 1 and problems[0][0].name == "broken.toml" and "broken.toml" in problems[0][1]
    found[0][0].unlink()
    broken.unlink()
    assert read_facts(folder, "王芳") == ([], [])


def test_a_pipe_named_like_a_session_is_said_not_read(folder):
    """walk15 F4: a FIFO in the sessions folder was read to see whose it is: `fazhi round` hung for every reviewer."""
    import threading

    pipe = folder / "王芳-pipe.toml"
    os.mkfifo(pipe)  # (nobody writes to it)
    result = []
    reading = threading.Thread(target=lambda: result.append(read_facts(folder, "王芳")), daemon=True)
    reading.start()
    reading.join(30)
    if reading.is_alive():  # it hangs on the pipe: unblock it, then fail
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read_facts hung on a pipe")
    found, problems = result[0]
    assert len(found) == 1 and len(problems) == 1 and "pipe" in problems[0][1]


def test_a_same_size_edit_that_keeps_the_modification_time_is_read_again(folder, monkeypatch):
    """reread4: keyed by size and mtime only, an edit that kept both (cp -p, rsync -t, unzip; or one clock tick) was
    served stale; the change time and inode are in the key now (utime cannot set the change time)."""
    (path, _), = read_facts(folder, "王芳")[0]
    text, stat = path.read_text(encoding="utf-8"), path.stat()
    path.write_text(text.replace("[scores.b.rules]", "[scores.b.rulez]"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old modification time, to the nanosecond
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    (_, facts), = read_facts(folder, "王芳")[0]
    assert facts.scored["b"] == {"rulez": 3}
