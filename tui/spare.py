"""An app process of `fazhi serve`, started before the browser tab that will use it asks for it.

`fazhi serve` (tui/serve.py) keeps one `python -m fazhi.tui.spare` waiting, started with textual-serve's
environment. It loads what the workbench runs on (Python, Textual and fazhi: most of a launch), then waits for one
line of JSON on its stdin: {"argv": [...], "columns": W, "rows": H}, the connection's `fazhi` arguments and
terminal size. From then on it is `python -m fazhi.tui.cli ARGV` in a terminal of that size, and its stdin carries
textual-serve's packets. End of input first (the server stopping, or gone) exits 0 having done nothing.

Its name (`ps`, /proc/PID/comm on Linux) says where it is: `fazhi-loading`, then `fazhi-waiting`, then `fazhi`
once a connection has taken it; the tests and the benchmark tell the spare from the apps of open tabs by it.
"""
from __future__ import annotations

import importlib
import json
import os
import sys

#: What `fazhi review` loads before its first screen; anything not listed loads when used, as in a terminal.
PRELOAD = ("fazhi.tui.cli", "fazhi.tui.app", "fazhi.core.tokens", "fazhi.core.cache", "rapidfuzz.process",
           "textual.drivers.web_driver", "textual.scrollbar", "textual.layouts.horizontal")
MAX_REQUEST = 1 << 16  # bytes: the server writes a few hundred


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


def main() -> int:
    name_process("fazhi-loading")
    try:
        for module in PRELOAD:
            importlib.import_module(module)
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
