"""launch → first aligned screen (tmux, as a person sees it) vs a bare Textual app; next-pair keypress →
repaint vs an unbound key; peak RSS with the sample pair open; paging a 2 MB pair"""
from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, SAMPLES, fazhi_cmd, say


def _tmux_ready(cmd: str, needle: str, timeout: float = 10) -> float | None:
    name = f"fzbench{random.randint(0, 10**6)}"
    t0 = time.perf_counter()
    subprocess.run(["tmux", "-u", "new-session", "-d", "-s", name, "-x", "160", "-y", "45", cmd])
    ready = None
    try:
        while time.perf_counter() - t0 < timeout:
            pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
            if needle in pane:
                ready = time.perf_counter() - t0
                break
            time.sleep(0.01)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    return ready


BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
Bare().run()
"""


def run() -> None:
    say("## tui")
    if shutil.which("tmux"):
        work = tempfile.mkdtemp()
        demo = " ".join(fazhi_cmd()) + " demo --reviewer bench --sessions-dir " + work
        _tmux_ready(demo, "已对齐")  # warm caches
        ours = [x for x in (_tmux_ready(demo, "已对齐") for _ in range(5)) if x]
        script = Path(work) / "bare.py"
        script.write_text(BARE_APP)
        bare = [x for x in (_tmux_ready(f"{sys.executable} {script}", "BARE-READY") for _ in range(5)) if x]
        if ours and bare:
            say(f"- launch → first aligned screen (tmux): median {statistics.median(ours):.2f} s (target ≤ 0.6 s); "
                f"bare Textual app first paint {statistics.median(bare):.2f} s; ratio {statistics.median(ours) / statistics.median(bare):.2f}×")
        cold = []
        for _ in range(3):  # no token cache: jieba must load, so the worker path with pending outlines first
            folder = tempfile.mkdtemp()
            cmd = f"XDG_CACHE_HOME={folder} {demo}"
            cold.append((_tmux_ready(cmd, "正在对齐"), _tmux_ready(f"XDG_CACHE_HOME={tempfile.mkdtemp()} {demo}", "已对齐")))
        first = [a for a, _ in cold if a]
        aligned = [b for _, b in cold if b]
        if first and aligned:
            say(f"- cold token cache (jieba loads in the worker): first screen with both outlines {statistics.median(first):.2f} s, "
                f"aligned {statistics.median(aligned):.2f} s")
    else:
        say("- tmux not installed: launch time not measured")
    code = f"""
import asyncio, os, resource, statistics, sys, time, tempfile
sys.path.insert(0, {str(ROOT)!r})
from fazhi.tui.app import create_app
from benchmarks.synthetic import report
mode = sys.argv[1]

def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork/exec
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

def repaint(app):
    # the work a keypress causes on screen: every visible row of the view and both side panels
    view = app.view
    view._line_cache = {{}}
    for y in range(view.size.height):
        view.render_line(y)
    app.query_one("#areas").render(); app.query_one("#figures").render()

async def main():
    if mode == "big":
        folder = tempfile.mkdtemp()
        a, b = f"{{folder}}/a.txt", f"{{folder}}/b.txt"
        open(a, "w").write(report(120, 1, body_sentences=60)); open(b, "w").write(report(120, 2, body_sentences=60, shuffle=0.3))
    else:
        a, b = {str(SAMPLES / 'qingxi_2024.txt')!r}, {str(SAMPLES / 'dongkeng_2017.txt')!r}
    app = create_app("zh", a_path=a, b_path=b, reviewer="bench", sessions_dir=tempfile.mkdtemp())
    async with app.run_test(size=(160, 45)) as pilot:
        await app.workers.wait_for_complete(); await pilot.pause()
        n = len(app.view.pairs)
        if mode == "keys":
            ours, bare = [], []
            for i in range(200):
                step = 1 if (i // (n - 1)) % 2 == 0 else -1
                t = time.perf_counter(); app.goto_pair(app.view.focused_index + step); repaint(app); ours.append(time.perf_counter() - t)
                t = time.perf_counter(); repaint(app); bare.append(time.perf_counter() - t)
            pilot_ours, pilot_bare = [], []
            for i in range(100):
                t = time.perf_counter(); await pilot.press("j" if (i // (n - 1)) % 2 == 0 else "k"); pilot_ours.append(time.perf_counter() - t)
                t = time.perf_counter(); await pilot.press("z"); pilot_bare.append(time.perf_counter() - t)
            print(*(statistics.median(x) * 1000 for x in (ours, bare, pilot_ours, pilot_bare)))
        elif mode == "big":
            size = os.path.getsize(a) + os.path.getsize(b)
            frames = []
            for i in range(120):
                t = time.perf_counter(); app.action_page(1 if i < 60 else -1); repaint(app); frames.append(time.perf_counter() - t)
            t = time.perf_counter(); app.view.relayout(); layout = time.perf_counter() - t
            print(size / 1e6, statistics.median(frames) * 1000, max(frames) * 1000, layout * 1000)
        else:
            print(peak_mb())
asyncio.run(main())
"""
    run = lambda mode: subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, check=True).stdout.split()  # noqa: E731
    ours, bare, pilot_ours, pilot_bare = map(float, run("keys"))
    say(f"- next-pair keypress → repaint, 200 presses: median {ours:.1f} ms (target ≤ 16 ms) for the action plus "
        f"rendering every visible row and panel; the same repaint without the action {bare:.1f} ms. Through Pilot "
        f"(includes its own waiting): {pilot_ours:.1f} ms against {pilot_bare:.1f} ms for an unbound key "
        f"(ratio {pilot_ours / pilot_bare:.2f}×)")
    rss = float(run("rss")[0])
    base = subprocess.run([sys.executable, "-c", "import textual.app, rich, numpy, rapidfuzz;"
                           "print(next(int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    say(f"- peak RSS with the sample pair open: {rss:.0f} MB (target ≤ 250 MB); Python with the libraries imported "
        f"{float(base):.0f} MB")
    size, median, worst, layout = map(float, run("big"))
    say(f"- {size:.1f} MB pair, 120 × page down/up: median {median:.1f} ms, worst {worst:.1f} ms per page; full "
        f"re-layout (on resize) {layout:.0f} ms")
    say()
