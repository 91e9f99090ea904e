"""The app processes of `fazhi serve`, each started before the browser tab that will use it asks for it.

Python, Textual and fazhi take longer to load than the page does, so the server (tui/serve.py) keeps one app
process waiting, loaded: `Spare`. Both sides of it live here.

- The server's side: `Spare` holds at most one waiting process, started with textual-serve's environment
  (`app_environment`). `WorkbenchApp` (textual-serve's AppService) takes it when a connection opens, or starts one
  when none is waiting (two tabs at once), and writes it one line of JSON: {"argv": [...], "columns": W, "rows": H},
  the connection's `fazhi` arguments (its reviewer among them: data, no shell ever sees a name) and terminal
  size. So every connection still has a process of its own, never reused. The next spare starts REFILL_DELAY
  seconds after a take.
- The process's side (`main`, run as `python -m fazhi.tui.spare ARGV…`, the workbench's arguments without a
  reviewer): load PRELOAD, draw the pair the server serves (the bundled demo pair for a session or a round) once
  in a headless app that is thrown away (`warm_up`: what Textual and fazhi do the first time they draw, the
  second app of a process does faster), keep that pair's alignment for the connection (core.align.prepare:
  ~20 ms of the samples' first screen, more under a loaded browser), wait for that line, then be
  `python -m fazhi.tui.cli ARGV` in a terminal of that size; its stdin then carries textual-serve's packets. End
  of input first (the server stopping, or gone) exits 0 having done nothing, and so does Ctrl+C.

A process's name (`ps`, /proc/PID/comm on Linux) says where it is: `fazhi-loading`, `fazhi-waiting`, then `fazhi`
once a connection has taken it; the tests and the benchmark tell the spare from the apps of open tabs by it.
This reaches into textual-serve's AppService (`_open_app_process`, `_build_environment`, `_process`, `_stdin`):
pyproject.toml pins the version it was written against.
"""
from __future__ import annotations

import asyncio
import importlib
import json
import os
import shlex
import sys
from asyncio.subprocess import PIPE, Process
from types import SimpleNamespace

from textual_serve.app_service import AppService

#: Every app process of the server: this module, run.
APP_PROGRAM = (sys.executable, "-m", "fazhi.tui.spare")
#: Seconds from a connection taking the spare to starting the next one: the tab's app draws its first screen
#: without another Python start-up competing for the processor.
REFILL_DELAY = 2.0
#: What `fazhi review` loads before its first screen; anything not listed loads when used, as in a terminal.
PRELOAD = ("fazhi.tui.cli", "fazhi.tui.app", "fazhi.core.tokens", "fazhi.core.cache", "rapidfuzz.process",
           "textual.drivers.web_driver", "textual.scrollbar", "textual.layouts.horizontal")
MAX_REQUEST = 1 << 16  # bytes: the server writes a few hundred


# ------------------------------------------------------------------------------------ the server's side

def app_environment(debug: bool = False) -> dict[str, str]:
    """textual-serve's environment for an app process (its web driver, colours, frame rate). The size in it is
    a placeholder: each connection sends its own."""
    return AppService._build_environment(SimpleNamespace(debug=debug))  # it reads nothing but .debug


class Spare:
    """At most one app process started ahead of the next connection: loaded, waiting for its arguments."""

    def __init__(self, environment: dict[str, str], workbench: list[str]) -> None:
        self.environment = environment
        self.workbench = workbench  # `fazhi`'s arguments of what the server serves, for the warm-up
        self.process: Process | None = None
        self._refill: asyncio.Task | None = None
        self._closed = False

    async def _start(self) -> Process:
        return await asyncio.create_subprocess_exec(*APP_PROGRAM, *self.workbench, stdin=PIPE, stdout=PIPE,
                                                    stderr=PIPE, env=self.environment)

    def fill(self, delay: float = 0.0) -> None:
        """Start the spare after `delay` seconds, unless one is waiting or on its way."""
        if not self._closed and (self._refill is None or self._refill.done()):
            self._refill = asyncio.create_task(self._fill_after(delay))

    async def _fill_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if self.process is None or self.process.returncode is not None:
            self.process = await self._start()

    async def take(self) -> Process:
        """The waiting process, or a new one; a new spare follows REFILL_DELAY seconds later."""
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            process = await self._start()
        self.fill(REFILL_DELAY)
        return process

    async def close(self, grace: float) -> None:
        """No more spares; the one there is ends now (SIGTERM; killed after `grace` s). It holds no reviewer's
        work, and one still loading would read the end of its input only once loaded: seconds on a busy machine,
        which the server's stop would wait for."""
        self._closed = True
        if self._refill is not None:
            self._refill.cancel()
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.stdin.close()
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), grace)
        except asyncio.TimeoutError:
            process.kill()


class WorkbenchApp(AppService):
    """textual-serve's app service, its process taken from the spare and told the connection's arguments."""

    def __init__(self, arguments: list[str], spare: Spare, **options) -> None:
        super().__init__(shlex.join(["fazhi", *arguments]), **options)
        self.arguments, self.spare = arguments, spare

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = await self.spare.take()
        request = {"argv": self.arguments, "columns": width, "rows": height}
        process.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        await process.stdin.drain()
        self._process, self._stdin = process, process.stdin
        return process


# ----------------------------------------------------------------------------------- the process's side

def name_process(name: str) -> None:
    """The name `ps` shows (15 characters at most); nothing where the system has no /proc."""
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(name)
    except OSError:
        pass


def read_request() -> dict | None:
    """The connection's line, or None at end of input. One byte at a time, unbuffered: every byte after the
    line belongs to the app, whose driver reads file descriptor 0 itself."""
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte or len(line) > MAX_REQUEST:
            return None
        line += byte
    return json.loads(line)


def warm_up(workbench: list[str]) -> None:
    """Draw the pair of `workbench` (`fazhi`'s arguments; the bundled demo pair where they name no two reports, or
    those or the rubric cannot be read) once at the usual size in a headless workbench, then throw it away, keeping
    the pair's alignment for the connection when that is the pair it will show (core.align.prepare). No session is
    written (nothing is changed, and its folder is a temporary one), nothing reaches stdout (the server's)."""
    import contextlib
    import tempfile

    from fazhi.core.align import prepare
    from fazhi.core.errors import FazhiError
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.app import ReviewApp
    from fazhi.tui.cli import SAMPLE_PAIR, build_parser, sample_path

    async def first_screen_then_quit(pilot) -> None:
        await pilot.pause()
        pilot.app.exit()

    with tempfile.TemporaryDirectory() as sessions, contextlib.redirect_stdout(sys.stderr):
        demo = tuple(str(sample_path(name)) for name in SAMPLE_PAIR)
        args = build_parser(workbench[0] if workbench else None).parse_args(workbench or ["demo"])
        served = (args.a, args.b) if args.command == "review" and args.a and args.b else None
        shown = served or (demo if args.command == "demo" else None)  # the pair its tab will show, if known
        try:
            review = Review.open(*(served or demo), "warm-up", load_rubric(getattr(args, "rubric", None)), sessions)
        except (FazhiError, OSError):  # the connection will say what is wrong (a report, the rubric) on its screen
            review, shown = Review.open(*demo, "warm-up", load_rubric(None), sessions), None
        review.apply(review.compute_alignment())
        ReviewApp(review).run(headless=True, size=(160, 45), auto_pilot=first_screen_then_quit)
        if shown:
            prepare(review.aligner)


def hang_up_with_the_server() -> None:
    """Be sent SIGHUP when the server ends, however it ends (Linux: PR_SET_PDEATHSIG): the app keeps its work and
    ends as when its terminal goes. A server killed outright (SIGKILL, the OOM killer) left each tab's app alive,
    orphaned and idle, whose end much later wrote back a dialog's draft answered since (serve54 #2). Elsewhere
    nothing is done."""
    import ctypes
    import signal

    server = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGHUP)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != server:  # gone before it was asked
        os.kill(os.getpid(), signal.SIGHUP)


def main() -> int:
    name_process("fazhi-loading")
    hang_up_with_the_server()
    try:
        for module in PRELOAD:
            importlib.import_module(module)
        warm_up(sys.argv[1:])
        name_process("fazhi-waiting")
        request = read_request()
    except KeyboardInterrupt:  # Ctrl+C to the server's process group before a tab took this process
        return 0
    if request is None:
        return 0
    name_process("fazhi")
    os.environ["COLUMNS"], os.environ["ROWS"] = str(request["columns"]), str(request["rows"])
    from fazhi.tui.cli import main as fazhi

    return fazhi(request["argv"])


if __name__ == "__main__":
    sys.exit(main())
