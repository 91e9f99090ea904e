"""A terminal closed on the workbench (tmux's session killed: SIGHUP, as a dropped SSH link sends) while a change it
could not save waits on the question "changed by another window": the change goes to a copy beside the session, as
when a browser tab closes (walk19 N1: the terminal's half of walk18 F1 was lost, the process ended at once).

The process then ends: Textual's output thread dies on the first write to the gone terminal, and the app's last writes
as it shuts down waited on it forever (the process stayed, orphaned, found after a suite run).

Without tmux the test is skipped (.ci/run installs it)."""
from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from fazhi.core.review import Review
from fazhi.core.rubric import load_rubric
from fazhi.core.session import load_session
from tests.conftest import sample
from tests.tmux.driver import Terminal, close_server


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")
def test_a_terminal_closed_on_a_change_it_could_not_save_keeps_the_change_in_a_copy(tmp_path):
    a, b = str(sample("jinghai_2024.txt")), str(sample("yingzai_2025.txt"))
    sessions = tmp_path / "sessions"
    terminal = Terminal(160, 45, prefix="hangup")
    try:
        _open_workbench(terminal, a, b, "挂断", tmp_path)
        terminal.key("3")
        deadline = time.monotonic() + 10
        while not list(sessions.glob("*.toml")) and time.monotonic() < deadline:
            time.sleep(0.1)
        other = Review.open(a, b, "挂断", load_rubric(), sessions)  # another window saves behind its back
        area = other.rubric.area_ids[1]
        other.set_score("b", area, 1)
        path = other.save()
        terminal.key("4")
        _, asked = terminal.wait_for(lambda screen: "另一" in screen, 10)
        assert asked, terminal.screen()
        terminal.close()  # the terminal goes, the question unanswered
        deadline = time.monotonic() + 20
        while not list(sessions.glob("*__copy-*.toml")) and time.monotonic() < deadline:
            time.sleep(0.1)
        deadline = time.monotonic() + 20
        while _running(sessions) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _running(sessions)
    finally:
        terminal.close()
        close_server("hangup")
        for pid in _running(sessions):  # (one that hung is not left behind)
            os.kill(pid, signal.SIGKILL)
    assert not left, f"the workbench outlived its terminal: {left}"
    copies = list(sessions.glob("*__copy-*.toml"))
    assert len(copies) == 1, sorted(p.name for p in sessions.iterdir())
    kept = load_session(copies[0])
    assert 4 in [score.level for areas in kept.scores.values() for score in areas.values()]
    assert load_session(path).score("b", area).level == 1  # the other window's file as it saved it


def _open_workbench(terminal: Terminal, a: str, b: str, reviewer: str, tmp_path) -> None:
    """`fazhi review A B` in the terminal, sessions in tmp_path/sessions, waited for until B's name is on the screen."""
    terminal.start([sys.executable, "-m", "fazhi.tui.cli", "review", a, b, "--reviewer", reviewer,
                    "--sessions-dir", str(tmp_path / "sessions")], str(tmp_path), "ENDED")
    _, ready = terminal.wait_for(lambda screen: "营仔镇" in screen, 30)
    assert ready, terminal.screen()


def _running(sessions) -> list[int]:
    """The processes whose command line names this test's sessions folder (the workbench's, and nothing else's), read
    from /proc (procps may not be installed)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(sessions).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:  # ended meanwhile
            continue
    return found


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")
def test_what_was_typed_in_a_dialog_just_before_the_terminal_closed_is_kept_as_a_draft(tmp_path):
    """walk21 F1: a dialog keeps what is typed as a draft half a second after typing stops (KEEP_AFTER); a terminal
    closed within that half second lost the typing. The hang-up keeps it at once."""
    a, b = str(sample("jinghai_2024.txt")), str(sample("yingzai_2025.txt"))
    sessions = tmp_path / "sessions"
    terminal = Terminal(160, 45, prefix="hangdraft")
    try:
        _open_workbench(terminal, a, b, "草稿", tmp_path)
        terminal.key("3")  # a score, and its note's dialog
        terminal.key("o")
        _, asked = terminal.wait_for(lambda screen: "备注" in screen.split("\n", 3)[-1], 10)
        assert asked, terminal.screen()
        terminal.type("最后半秒")
        terminal.close()  # at once: within the half second
        deadline = time.monotonic() + 20
        while _running(sessions) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        terminal.close()
        close_server("hangdraft")
        for pid in _running(sessions):
            os.kill(pid, signal.SIGKILL)
    kept = Review.open(a, b, "草稿", load_rubric(), sessions).take_draft()  # (as the next opening offers it)
    assert kept is not None and "最后半秒" in "".join(kept.fields.values()), kept
