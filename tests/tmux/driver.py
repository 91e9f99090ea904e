"""Driving a terminal program in tmux as a person does, and recording what was checked.

`Terminal` runs one command in a detached tmux session on a private tmux server (its own socket, so no one's
tmux is touched and everything started here is ended by `close()`). Keys go one at a time with a short pause,
because tmux turns a burst of keys into a paste; `wait_for` polls capture-pane until the screen satisfies a
predicate. `Checks` collects named checks: a failed check fails the session, a failed `known_bug` check is
reported as XFAIL (an app bug the session knows about), and a `known_bug` check that passes as XPASS (the bug is
fixed: drop the mark).
"""
from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

KEY_PAUSE = 0.06  # seconds between keys: a burst would reach the app as one read, like a paste
POLL = 0.05


def socket_name(prefix: str = "walk") -> str:
    """This process's private tmux server: every session started here lives on it, and nothing else does."""
    return f"{prefix}-{os.getpid()}"


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess:
    """tmux on a private server, without the user's configuration. The server passes its environment on to the
    program: a UTF-8 locale (CJK characters are two cells only in one), and no COLUMNS or LINES, which would
    override the pane's size (shutil.get_terminal_size reads them first; under pytest a C library exports
    COLUMNS=80 LINES=24 to child processes)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return subprocess.run(["tmux", "-u", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True,
                          env=env)


def close_server(prefix: str = "walk") -> None:
    """End this process's private tmux server (and any session of it still running)."""
    tmux(socket_name(prefix), "kill-server")


class Terminal:
    """One command in a tmux session of `width`×`height`; the session ends with `close()`."""

    _count = 0

    def __init__(self, width: int, height: int, prefix: str = "walk") -> None:
        Terminal._count += 1
        self.socket = socket_name(prefix)
        self.name = f"{prefix}-{os.getpid()}-{Terminal._count}"
        self.width, self.height = width, height
        self.started = False

    def tmux(self, *args: str) -> subprocess.CompletedProcess:
        return tmux(self.socket, *args)

    def start(self, command: list[str], cwd: str, marker: str) -> None:
        """Run `command` in `cwd`; when it ends, `marker` and its exit status are printed and the pane stays."""
        line = f"cd {shlex.quote(cwd)} && {shlex.join(command)}; echo {marker} $?; sleep 600"
        done = self.tmux("new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height), line)
        if done.returncode != 0:
            raise RuntimeError(f"tmux new-session failed: {done.stderr.strip()}")
        self.started = True

    def screen(self) -> str:
        """The visible screen, wrapped lines joined (a long path printed after the app exits stays whole)."""
        return self.tmux("capture-pane", "-p", "-J", "-t", self.name).stdout

    def key(self, *keys: str) -> None:
        """Press keys one at a time (tmux key names: Enter, Escape, Tab, Left, C-p, ']' …)."""
        for k in keys:
            self.tmux("send-keys", "-t", self.name, k)
            time.sleep(KEY_PAUSE)

    def type(self, text: str) -> None:
        """Type text one character at a time (literally: no key-name lookup)."""
        for ch in text:
            self.tmux("send-keys", "-t", self.name, "-l", ch)
            time.sleep(KEY_PAUSE)

    def wait_for(self, ready: Callable[[str], object], timeout: float = 5.0) -> tuple[str, bool]:
        """Poll the screen until `ready(screen)` is true: (the last screen, whether it became ready)."""
        end = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen, True
            if time.monotonic() > end:
                return screen, False
            time.sleep(POLL)

    def settle(self, quiet: float = 0.25, timeout: float = 3.0) -> str:
        """The screen once it has stopped changing for `quiet` seconds (after a key whose effect has no text)."""
        end = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < end:
            time.sleep(POLL)
            now = self.screen()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last

    def close(self) -> None:
        if self.started:
            self.tmux("kill-session", "-t", self.name)
            self.started = False



@dataclass
class Check:
    step: str
    name: str
    ok: bool
    detail: str = ""
    bug: str = ""  # a known app bug: the check is expected to fail until it is fixed


@dataclass
class Checks:
    """Named checks per step, printed as they are made."""

    results: list[Check] = field(default_factory=list)
    step: str = ""
    scope: str = ""  # e.g. the terminal size the steps run in, before each step's name
    verbose: bool = True

    def begin(self, step: str) -> None:
        self.step = f"{self.scope} · {step}" if self.scope else step
        if self.verbose:
            print(f"\n== {self.step}", flush=True)

    def check(self, name: str, ok: object, detail: object = "", bug: str = "") -> bool:
        result = Check(self.step, name, bool(ok), "" if ok else _one_line(detail), bug)
        self.results.append(result)
        if self.verbose or not result.ok:
            print(f"  {self.verdict(result):5} {name}" + (f"  — {result.detail}" if result.detail else "")
                  + (f"\n        xfail(reason={bug!r})" if bug and not ok else ""), flush=True)
        return result.ok

    def known_bug(self, name: str, ok: object, reason: str, detail: object = "") -> bool:
        """A check that an app bug makes fail: XFAIL while it fails, XPASS once fixed."""
        return self.check(name, ok, detail, bug=reason)

    @staticmethod
    def verdict(c: Check) -> str:
        if c.bug:
            return "XPASS" if c.ok else "XFAIL"
        return "ok" if c.ok else "FAIL"

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.results if self.verdict(c) == verdict)

    def summary(self) -> str:
        failed = [c for c in self.results if self.verdict(c) == "FAIL"]
        head = (f"{'FAIL' if failed else 'OK'} {self.count('ok')} passed, {len(failed)} failed, "
                f"{self.count('XFAIL')} xfail (known app bugs), {self.count('XPASS')} xpass")
        lines = [head]
        lines += [f"  FAIL [{c.step}] {c.name}: {c.detail}" for c in failed]
        lines += [f"  XFAIL [{c.step}] {c.name}: {c.bug}" for c in self.results if self.verdict(c) == "XFAIL"]
        lines += [f"  XPASS [{c.step}] {c.name}: fixed? drop the known_bug mark ({c.bug})"
                  for c in self.results if self.verdict(c) == "XPASS"]
        return "\n".join(lines)

    @property
    def failed(self) -> bool:
        return self.count("FAIL") > 0


def _one_line(detail: object, limit: int = 300) -> str:
    text = " ⏎ ".join(line.rstrip() for line in str(detail).strip().splitlines() if line.strip())
    return text if len(text) <= limit else text[:limit] + " …"
