"""The workbench as a person sees it, in a real terminal (tmux), beside a bare Textual app measured in the same run:
launch → aligned screen; keypress → screen change (j/k, n/N, tab, digits) on both sample pairs and on a 2.6 MB
pair; search (/ query Enter) on that pair; the first screen of a 5,000-section pair; resizing the 2.6 MB pair (its
layout is computed in a worker: no stall, the old layout shown meanwhile); peak memory of the app process.

Method. Each app runs in a tmux server of its own (`tmux -L`), under `script(1)`: script relays the keyboard to the
app and the app's output to tmux, and writes a timing log with one line per read of either (advanced format: the
delay since the previous line, in µs). A key is sent with `tmux send-keys`; its latency runs from the moment script
read the key to the first bytes the app wrote after it (the screen starts to change) and to the last bytes of that
burst (chunks less than BURST_GAP apart: the screen has changed completely). Resolution: script timestamps each read
with gettimeofday (1 µs) when its poll loop wakes, so a figure includes one pty hop each way and the scheduling of
three processes on a shared machine — exactly as for the floor app. Keys go KEY_GAP apart, so a repaint ends before
the next key. Launch, first screen and the resize's new layout are read from the screen itself (`tmux capture-pane`
polled every 10 ms, ~5 ms a poll): their resolution is ~15 ms.

Reports are read with a warm token cache in a temporary folder (each pair is opened once before it is timed), and
both apps start with their modules' bytecode compiled, as an installed package has it: a bytecode cache of the run's
own (PYTHONPYCACHEPREFIX), filled by those first launches even where PYTHONDONTWRITEBYTECODE is set — else an
editable checkout recompiles every fazhi module at each launch (~70 ms) while the floor's Textual is compiled.
Run it alone: `python benchmarks/run.py tui` (`--write` updates RESULTS.md); it needs tmux and script
(util-linux) and takes about five minutes.
"""
from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import SAMPLES, cache_in, fazhi_cmd, say
from benchmarks.synthetic import report

SIZE = (160, 45)
KEY_GAP = 0.25  # s between keys; a score's flash ends 0.6 s after its key, between two later keys
BURST_GAP = 0.04  # s: output chunks closer than this are one repaint (frames are ≥ 16.7 ms apart at 60 fps)
WARM_UP = 3  # presses of each kind sent first and not counted (a code path's first use)
PRESSES = 30  # counted presses of each kind
SAMPLE_PAIRS = (("dongkeng_2017.txt", "qingxi_2024.txt"), ("jinghai_2024.txt", "qingcheng_2024.txt"))
QUERIES = ("执法", "依法行政", "法治政府建设", "复议", "考核", "培训", "公开", "备案")
ALIGNED = "已对齐"  # the status line once the alignment is on screen (zh)

#: The floor: a bare Textual app that changes one Static on each key the workbench is sent.
FLOOR_APP = """
import sys
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

class Floor(App):
    BINDINGS = [Binding(k, "bump", priority=True) for k in sys.argv[1].split(",")] + [Binding("q", "quit")]
    count = 0

    def compose(self):
        yield Static("FLOOR-READY", id="line")

    def action_bump(self):
        self.count += 1
        self.query_one("#line", Static).update(f"FLOOR-READY {self.count}")

Floor().run()
"""
FLOOR_KEYS = "j,k,n,N,tab,0,1,2,3,4,5,6,7,8,9,enter"
#: A second floor for keys that scroll the whole view (j/k on sections taller than the screen): a bare Textual app
#: whose line-API view of report text moves a page on each key (every row new) beside a panel that changes too.
FULL_FLOOR_APP = """
import sys
from pathlib import Path
from rich.segment import Segment
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

TEXT = Path(sys.argv[2]).read_text(encoding="utf-8").replace("\\n", " ") * 50

class Page(ScrollView):
    def on_mount(self):
        self.virtual_size = Size(self.size.width, 1_000_000)

    def render_line(self, y):
        start = (y + int(self.scroll_y)) * 60 % (len(TEXT) - 100)
        return Strip([Segment(TEXT[start:start + 60])]).adjust_cell_length(self.size.width)

class FullFloor(App):
    CSS = "Page { width: 1fr; } #panel { width: 40; }"
    BINDINGS = [Binding(k, "bump", priority=True) for k in sys.argv[1].split(",")] + [Binding("q", "quit")]
    count = 0

    def compose(self):
        with Horizontal():
            yield Page()
            yield Static("FLOOR-READY", id="panel")

    def action_bump(self):
        self.count += 1
        self.query_one(Page).scroll_to(y=self.count * self.size.height, animate=False)
        shown = TEXT[self.count * 40:self.count * 40 + 200]
        self.query_one("#panel", Static).update(f"FLOOR-READY {self.count} " + shown)

FullFloor().run()
"""
KEY_BYTES = {"Tab": "\t", "Enter": "\r", "Escape": "\x1b"}  # tmux key names → what the app reads


@dataclass
class Event:
    kind: str  # I (keyboard read), O (output read), S (signal, e.g. SIGWINCH)
    at: float  # s since script started
    data: bytes = b""


@dataclass
class Terminal:
    """One app in its own tmux server under script(1): keys in, screen out, the timing log at the end."""

    command: str
    work: Path
    width: int = SIZE[0]
    height: int = SIZE[1]
    sent: list[bytes] = field(default_factory=list)  # what each key sent reaches the app as
    started: float = field(init=False)
    socket: str = field(init=False)

    def __post_init__(self) -> None:
        self.socket = f"perf-bench-{os.getpid()}-{time.monotonic_ns()}"
        logs = {flag: self.work / name for flag, name in (("-I", "in.log"), ("-O", "out.log"), ("-T", "timing.log"))}
        script = ["script", "-q", "-f", "-E", "never", "-m", "advanced", *(x for kv in logs.items() for x in map(str, kv)),
                  "-c", self.command]
        self.started = time.perf_counter()
        self._tmux("new-session", "-d", "-s", "perf", "-x", str(self.width), "-y", str(self.height),
                   "env LANG=C.UTF-8 COLORTERM=truecolor " + shlex.join(script))

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-u", "-L", self.socket, *args], capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "perf")

    def wait_for(self, ready, timeout: float = 60) -> float | None:
        """Seconds from the start until `ready(screen)` (or a string on screen) holds; None on timeout."""
        test = ready if callable(ready) else (lambda screen: ready in screen)
        while time.perf_counter() - self.started < timeout:
            if test(self.screen()):
                return time.perf_counter() - self.started
            time.sleep(0.01)
        return None

    def press(self, key: str, literal: bool = False, pause: float = KEY_GAP) -> int:
        """Send a key (tmux's name, or text with `literal`); its number among the keys sent."""
        self._tmux("send-keys", "-t", "perf", *(["-l"] if literal else []), key)
        self.sent.append((key if literal else KEY_BYTES.get(key, key)).encode())
        time.sleep(pause)
        return len(self.sent) - 1

    def resize(self, width: int) -> None:
        self._tmux("resize-window", "-t", "perf", "-x", str(width), "-y", str(self.height))

    def peak_mb(self) -> float | None:
        """VmHWM of the app (script's child, the pane's process)."""
        try:
            pid = self._tmux("list-panes", "-t", "perf", "-F", "#{pane_pid}").split()[0]
            child = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0]
            status = Path(f"/proc/{child}/status").read_text()
        except (IndexError, OSError):
            return None
        return next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:"))

    def close(self, quit_key: str | None = "q") -> list[Event]:
        """Quit the app (or kill it), end the tmux server, and return script's timing log."""
        if quit_key:
            self._tmux("send-keys", "-t", "perf", quit_key)
            deadline = time.perf_counter() + 15
            while time.perf_counter() < deadline and self._tmux("list-sessions"):
                time.sleep(0.05)
        self._tmux("kill-server")
        return self.events()

    def events(self) -> list[Event]:
        """The timing log; keyboard reads that are not the keys sent (the terminal answering the app's queries)
        are left out."""
        keys = (self.work / "in.log").read_bytes()
        keys = keys[keys.index(b"\n") + 1:] if keys.startswith(b"Script started") else keys
        out, at, pos, expected = [], 0.0, 0, iter(self.sent)
        wanted = next(expected, None)
        for line in (self.work / "timing.log").read_text().splitlines():
            kind, delay, rest = line.split(" ", 2)
            at += float(delay)
            if kind == "I":
                data = keys[pos:pos + int(rest)]
                pos += int(rest)
                while wanted and data.startswith(wanted):  # keys sent close together may come in one read
                    out.append(Event(kind, at, wanted))
                    data = data[len(wanted):]
                    wanted = next(expected, None)
            elif kind in "OS":
                out.append(Event(kind, at, rest.encode() if kind == "S" else b""))
        return out


def latencies(events: list[Event]) -> list[tuple[float | None, float | None]]:
    """Per keyboard read, in order: seconds to the first output after it and to the end of that burst (None, None
    when the key changed nothing on screen before the next one)."""
    out = []
    for i, ev in enumerate(events):
        if ev.kind != "I":
            continue
        first = last = None
        for later in events[i + 1:]:
            if later.kind == "I":
                break
            if later.kind != "O":
                continue
            if first is None:
                first = last = later.at
            elif later.at - last <= BURST_GAP:
                last = later.at
            else:
                break
        out.append((None if first is None else first - ev.at, None if last is None else last - ev.at))
    return out


def ms(values: list[float]) -> str:
    """median / p95 / max, in ms."""
    if not values:
        return "—"
    v = sorted(x * 1000 for x in values)
    return f"{statistics.median(v):.1f} / {v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]:.1f} / {v[-1]:.0f}"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ------------------------------------------------------------------------------------------------ the runs

class Bench:
    """The commands, folders and environment of one benchmark run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = root / "cache"
        python = f"PYTHONPYCACHEPREFIX={shlex.quote(str(root / 'bytecode'))} PYTHONDONTWRITEBYTECODE= "  # both apps
        self.env = python + f"FAZHI_CACHE_DIR={shlex.quote(str(self.cache))} "
        floor = root / "floor.py"
        floor.write_text(FLOOR_APP)
        self.floor = python + f"{shlex.quote(sys.executable)} {shlex.quote(str(floor))} {FLOOR_KEYS}"
        full_floor = root / "full_floor.py"
        full_floor.write_text(FULL_FLOOR_APP)
        text = str(SAMPLES / SAMPLE_PAIRS[0][1])
        self.full_floor = python + shlex.join([sys.executable, str(full_floor), FLOOR_KEYS, text])

    def folder(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.root))

    def fazhi(self, a: Path, b: Path) -> str:
        sessions = self.folder() / "sessions"
        return self.env + shlex.join([*fazhi_cmd(), "review", str(a), str(b), "--reviewer", "bench",
                                      "--sessions-dir", str(sessions)])

    def launch(self, command: str, ready, timeout: float = 60) -> tuple[float | None, float | None]:
        """Launch → `ready` on screen, then quit; (seconds, peak MB)."""
        term = Terminal(command, self.folder())
        seconds = term.wait_for(ready, timeout)
        peak = term.peak_mb()
        term.close("q" if seconds else None)
        return seconds, peak

    def cached(self):
        """This process reads with the same token cache as the apps."""
        return cache_in(self.cache)


def plan(a: Path, b: Path) -> list[tuple[str, str]]:
    """(kind, tmux key) for every press, chosen so that every press changes the screen: j/k bouncing between the
    first and last pair, n/N between changed pairs, tab, digits cycling over the rubric's scale (the area scored
    is the one the panel follows)."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    review = Review.open(str(a), str(b), "plan", rubric, tempfile.mkdtemp())
    review.apply(review.compute_alignment())
    pairs = review.pairs
    changes = [i for i, p in enumerate(pairs) if review.is_change(p)]
    count = WARM_UP + PRESSES
    keys: list[tuple[str, str]] = []
    here, step = 0, 1
    for _ in range(count):
        if not 0 <= here + step < len(pairs):
            step = -step
        here += step
        keys.append(("j/k", "j" if step > 0 else "k"))
    step = 1
    for _ in range(count):
        ahead = [c for c in changes if (c > here if step > 0 else c < here)]
        if not ahead:
            step = -step
            ahead = [c for c in changes if (c > here if step > 0 else c < here)]
        if not ahead:
            break
        here = ahead[0] if step > 0 else ahead[-1]
        keys.append(("n/N", "n" if step > 0 else "N"))
    keys += [("tab", "Tab")] * count
    levels = list(range(rubric.scale_min, min(9, rubric.scale_max) + 1))
    keys += [("digit", str(levels[i % len(levels)])) for i in range(count)]
    return keys


def keys_run(bench: Bench, command: str, ready, keys: list[tuple[str, str]]) -> dict:
    """Press the planned keys in one session: latencies by kind (warm-up presses left out), silent keys, peak MB."""
    term = Terminal(command, bench.folder())
    if term.wait_for(ready) is None:
        screen = term.screen()
        term.close(None)
        raise RuntimeError(f"never ready: {command}\n{screen}")
    time.sleep(0.5)  # what follows the first screen (a worker's layout, the pair list) settles
    kinds = []
    for kind, key in keys:
        term.press(key)
        kinds.append(kind)
    peak = term.peak_mb()
    lat = latencies(term.close())
    if len(lat) != len(kinds):
        raise RuntimeError(f"{len(kinds)} keys sent, {len(lat)} found in script's log")
    result: dict[str, dict] = {}
    for kind in dict.fromkeys(kinds):
        rows = [lat[i] for i, k in enumerate(kinds) if k == kind][WARM_UP:]
        result[kind] = {"first": [f for f, _ in rows if f is not None], "last": [s for _, s in rows if s is not None],
                        "silent": sum(1 for f, _ in rows if f is None)}
    return {"kinds": result, "peak": peak}


def search_run(bench: Bench, command: str) -> list[tuple[float, float]]:
    """/ query Enter for each query: from Enter to the first and last bytes of the repaint with the hits."""
    term = Terminal(command, bench.folder())
    if term.wait_for(ALIGNED) is None:
        term.close(None)
        raise RuntimeError(f"never aligned: {command}")
    time.sleep(0.5)
    enters = []
    for query in QUERIES:
        term.press("/")
        term.press(query, literal=True)
        enters.append(term.press("Enter", pause=0.5))
        term.press("Escape", pause=0.6)  # the search ends (Textual waits a moment for an escape sequence)
    lat = latencies(term.close())
    return [lat[i] for i in enters if lat[i][0] is not None]


def resize_run(bench: Bench, command: str, widths: list[int]) -> dict:
    """Resize the pane to each width in turn. Every other resize: seconds until the screen stops changing (the new
    layout is in) and whether every screen meanwhile showed report text (the old layout); on the others, j (or k)
    every 30 ms from the resize on, and the time from each to the next output (a stall shows as a long one: the UI
    thread busy while the worker lays out)."""
    term = Terminal(command, bench.folder())
    if term.wait_for(ALIGNED) is None:
        term.close(None)
        raise RuntimeError(f"never aligned: {command}")
    time.sleep(1.0)
    settled, shown, key_ids = [], [], []
    for i, width in enumerate(widths):
        term.resize(width)
        t0 = time.perf_counter()
        if i % 2 == 0:  # watch the screen
            screens = []
            while time.perf_counter() - t0 < 3:
                screens.append((time.perf_counter() - t0, term.screen()))
                time.sleep(0.01)
            final = screens[-1][1]
            settled.append(next(t for t, s in screens if s == final))
            shown.append(all(_text_rows(s) >= 10 for _, s in screens))
        else:  # press keys meanwhile (each moves on: every one changes the screen)
            key_ids += [term.press("j" if i % 4 == 1 else "k", pause=0.03) for _ in range(20)]  # there and back
            time.sleep(1.5)
    events = term.close()
    reads = [i for i, ev in enumerate(events) if ev.kind == "I"]
    outputs = [ev.at for ev in events if ev.kind == "O"]
    keys = []
    for i in key_ids:  # keys come faster than frames here: from each key to the next output, whichever key it answers
        at = events[reads[i]].at
        keys.append(next((o for o in outputs if o > at), float("inf")) - at)
    return {"settled": settled, "shown": shown, "keys": keys}


def _text_rows(screen: str) -> int:
    """Rows of the screen with report text on either side of the view's divider."""
    return sum(1 for line in screen.splitlines() if "│" in line and len(line.replace("│", "").strip()) > 20)


def _both_outlines(heading: str):
    """The view shows a block header with `heading` on both sides of its divider."""
    return lambda screen: any(line.count(heading) >= 2 and "│" in line for line in screen.splitlines())


# ------------------------------------------------------------------------------------------------ the report

def run() -> None:
    say("## tui")
    missing = [tool for tool in ("tmux", "script") if shutil.which(tool) is None]
    if missing:
        say(f"- {' and '.join(missing)} not installed: nothing measured")
        say()
        return
    root = Path(tempfile.mkdtemp(prefix="perf-bench-tui-"))
    bench = Bench(root)
    try:
        with bench.cached():
            _run(bench)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    say()


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def _run(bench: Bench) -> None:
    say(f"- {os.cpu_count()} cores; load average {_load()} at the start (other work on the machine slows both apps "
        "alike: read the ratios to the floor)")
    samples = [(SAMPLES / a, SAMPLES / b) for a, b in SAMPLE_PAIRS]
    big = (bench.root / "big_a.txt", bench.root / "big_b.txt")
    big[0].write_text(report(120, 1, body_sentences=60), encoding="utf-8")
    big[1].write_text(report(120, 2, body_sentences=60, shuffle=0.3), encoding="utf-8")
    huge = (bench.root / "huge_a.txt", bench.root / "huge_b.txt")
    huge[0].write_text(report(5000, 1), encoding="utf-8")
    huge[1].write_text(report(5000, 2, shuffle=0.3), encoding="utf-8")
    mb = lambda pair: sum(p.stat().st_size for p in pair) / 1e6  # noqa: E731

    for pair in (*samples, big, huge):  # warm the token and bytecode caches: every figure below is a warm start
        bench.launch(bench.fazhi(*pair), ALIGNED, timeout=120)
    bench.launch(bench.floor, "FLOOR-READY")

    ours, floor = [], []
    for _ in range(5):  # interleaved, so both meet the same load
        ours.append(bench.launch(bench.fazhi(*samples[0]), ALIGNED)[0])
        floor.append(bench.launch(bench.floor, "FLOOR-READY")[0])
    ours, floor = [x for x in ours if x], [x for x in floor if x]
    say(f"- launch → aligned screen ({samples[0][0].stem}/{samples[0][1].stem}, tmux {SIZE[0]}×{SIZE[1]}), median of "
        f"{len(ours)}: {median(ours):.2f} s; bare Textual app → first paint {median(floor):.2f} s; ratio "
        f"{median(ours) / median(floor):.2f}× (target ≤ 2×)")

    say("- keypress → screen change, ms as median / p95 / max over "
        f"{PRESSES} presses of each kind ({WARM_UP} warm-up presses not counted), first bytes of the repaint | "
        "repaint complete (target: median ≤ 16, p95 ≤ 40 ms):")
    runs = [("floor", "bare Textual app, one Static changed per key (the floor)", bench.floor, "FLOOR-READY",
             plan(*samples[0]))]
    runs.append(("full floor", "bare Textual app, a line-API view moved a page per key beside a changing panel (the floor "
                 "of keys that scroll the whole view)", bench.full_floor, "FLOOR-READY", plan(*samples[0])))
    runs += [(f"{a.stem}/{b.stem}", f"{a.stem}/{b.stem}", bench.fazhi(a, b), ALIGNED, plan(a, b)) for a, b in samples]
    runs.append((f"{mb(big):.1f} MB pair", f"{mb(big):.1f} MB synthetic pair (120 sections of ~60 sentences a side)",
                 bench.fazhi(*big), ALIGNED, plan(*big)))
    peaks = {}
    for name, label, command, ready, keys in runs:
        result = keys_run(bench, command, ready, keys)
        peaks[name] = result["peak"]
        firsts = [x for k in result["kinds"].values() for x in k["first"]]
        lasts = [x for k in result["kinds"].values() for x in k["last"]]
        silent = sum(k["silent"] for k in result["kinds"].values())
        say(f"  - {label}: all keys {ms(firsts)} | {ms(lasts)}" + (f"; {silent} keys changed nothing" if silent else ""))
        say("    " + "; ".join(f"{kind} {ms(k['first'])} | {ms(k['last'])}" for kind, k in result["kinds"].items()))

    found = search_run(bench, bench.fazhi(*big))
    finds = _find_in_process(*big)
    say(f"- search on the {mb(big):.1f} MB pair (/ query Enter, {len(found)} queries): Enter → hits on screen "
        f"{ms([f for f, _ in found])} | {ms([s for _, s in found])} ms (target ≤ 50 ms); of which the search itself "
        f"(core.lookup.find, in process) median {median(finds) * 1000:.1f} ms")

    heading = "第1部分工作情况"
    first, aligned, huge_peak = [], [], []
    for _ in range(3):
        term = Terminal(bench.fazhi(*huge), bench.folder())
        first.append(term.wait_for(_both_outlines(heading)))
        aligned.append(term.wait_for(ALIGNED, timeout=120))
        huge_peak.append(term.peak_mb())
        term.close("q")
    first, aligned = [x for x in first if x], [x for x in aligned if x]
    say(f"- {mb(huge):.1f} MB pair of 5,000 sections a side: launch → first screen (both outlines in the view) median "
        f"{median(first):.2f} s (target ≤ 1 s; the bare app's first paint above: {median(floor):.2f} s); → aligned "
        f"{median(aligned):.2f} s (the alignment runs in a worker)")

    widths = [150, 145, 130, 125, 112, 107, 140, 135, 160, 155]
    resized = resize_run(bench, bench.fazhi(*big), widths)
    say(f"- resize of the {mb(big):.1f} MB pair ({len(widths)} widths from 160 down to 107 columns and back, layout in "
        f"a worker): new layout on screen after {ms(resized['settled'])} ms; report text on screen throughout: "
        f"{all(resized['shown'])}; j/k every 30 ms meanwhile, from each key to the next output: {ms(resized['keys'])} ms "
        f"(target: no stall over 100 ms)")

    peaks["5,000-section pair, aligned"] = median([p for p in huge_peak if p])
    say("- peak memory (VmHWM of the app process, after the keys): "
        + "; ".join(f"{name} {peak:.0f} MB" for name, peak in peaks.items() if peak))
    say(f"- load average {_load()} at the end")


def _find_in_process(a: Path, b: Path) -> list[float]:
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    review = Review.open(str(a), str(b), "find", load_rubric(), tempfile.mkdtemp())
    review.apply(review.compute_alignment())
    times = []
    for query in QUERIES:
        t = time.perf_counter()
        review.lookup.find(query)
        times.append(time.perf_counter() - t)
    return times
