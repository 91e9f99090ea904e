"""The reviewer's session in tmux (tests/tmux/review_session.py) under pytest: the whole walk, at 160×45 and at
80×24, must pass; checks marked as known app bugs are listed in the output (XFAIL) and do not fail it.

Runs in about a minute. Without tmux the test is skipped (.ci/run installs it)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("review_session.py")
BOUND_SECONDS = 240  # the walk takes about 50 s; a hung app must not hang the suite


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")
def test_a_reviewers_session_in_tmux():
    walk = subprocess.Popen([sys.executable, str(SCRIPT), "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        out, _ = walk.communicate(timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        walk.kill()
        out, _ = walk.communicate()
        pytest.fail(f"the walk did not end within {BOUND_SECONDS}s:\n{out[-4000:]}")
    finally:  # the walk's private tmux server (named after its pid), whatever became of the walk
        subprocess.run(["tmux", "-L", f"walk-{walk.pid}", "kill-server"], capture_output=True)
    print(out)
    summary = next((line for line in reversed(out.splitlines()) if line.startswith(("OK ", "FAIL "))), "")
    assert walk.returncode == 0 and summary.startswith("OK "), out[-6000:]
