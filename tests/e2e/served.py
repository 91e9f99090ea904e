"""A real `fazhi serve` process for tests and benchmarks, and what it left behind.

`served(...)` starts `python -m fazhi.tui.cli serve … --port <free port>` in its own process group (as a
terminal would: the server and every app it starts share the group), waits for the address it prints,
and on exit presses Ctrl+C the way a terminal does (SIGINT to the whole group), then checks that the server
exited 0 and that no app process outlived it.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

#: Ctrl+C must stop the server and its apps before aiohttp's own shutdown timeout (15 s) would end the
#: connections anyway: a server that needs that long has not told its apps to quit. (Unloaded it takes about a
#: second; 8 s was passed on a 2-core machine running two other test suites.)
STOP_TIMEOUT = 14.0
#: The names of `fazhi serve`'s spare app process before a tab takes it (tui/spare.py).
SPARE = ("fazhi-loading", "fazhi-waiting")
#: The name of an app process once a tab took it.
APP = "fazhi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen
    url: str  # as printed, token included
    port: int
    output: list[str] = field(default_factory=list)  # everything the server printed so far

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT, whatever address the server was bound to."""
        return f"http://127.0.0.1:{self.port}"

    def group(self) -> dict[int, str]:
        """Live processes in the server's process group (the server, its apps, the spare): pid → name."""
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    name, fields = (entry / "stat").read_text().split(" (", 1)[1].rsplit(")", 1)
                except (OSError, ValueError):
                    continue
                fields = fields.split()
                if int(fields[2]) == self.process.pid and fields[0] != "Z":
                    found[int(entry.name)] = name
        return found

    def apps(self) -> list[int]:
        """The apps of open tabs: not the server, not the spare process loading or waiting for the next tab (nor
        one just started, not yet named)."""
        return [pid for pid, name in self.group().items() if pid != self.process.pid and name == APP]

    def spare(self) -> int | None:
        """The spare process once it is ready for a tab (tui/spare.py), else None."""
        return next((pid for pid, name in self.group().items() if name == "fazhi-waiting"), None)

    def wait_for(self, predicate, timeout: float = 20, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; server said:\n" + "".join(self.output))
            time.sleep(0.05)

    def stop(self, signum: int = signal.SIGINT, whole_group: bool = True) -> int:
        """Ctrl+C in a terminal (SIGINT to the group), or one signal to the server alone; the exit status."""
        if self.process.poll() is None:
            (os.killpg if whole_group else os.kill)(self.process.pid, signum)
        try:
            status = self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise AssertionError(f"the server did not stop within {STOP_TIMEOUT:.0f} s") from None
        self.wait_for(lambda: not self.group(), 5, "the apps to end after the server")
        return status


@contextmanager
def served(*args: str, cwd: str | Path | None = None) -> Iterator[Served]:
    """`fazhi serve ARGS --port P`; stopped with Ctrl+C on exit (which must end every process cleanly)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "fazhi.tui.cli", "serve", *args, "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               text=True, cwd=cwd, start_new_session=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    server = Served(process, "", port, output)
    try:
        server.wait_for(lambda: any("http://" in line for line in output) or process.poll() is not None, 20,
                        "the server's address")
        found = next((re.search(r"http://\S+", line) for line in output if "http://" in line), None)
        if found is None:
            raise AssertionError("fazhi serve did not start:\n" + "".join(output))
        server.url = found.group(0)
        yield server
    finally:
        status = server.stop()
        reader.join(5)
    assert status == 0, f"fazhi serve exited {status} on Ctrl+C:\n" + "".join(output)
