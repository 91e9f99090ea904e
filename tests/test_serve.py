"""`fazhi serve` without a browser: bind and token rules, what reaches the shell and the page, and stopping.

Each server here is a real `fazhi serve` process on a free 127.0.0.1 port (tests/e2e/served.py), left with
Ctrl+C, which must end it and every app it started. A `Tab` is what textual.js opens: the websocket.
The browser itself is tested in tests/e2e/test_browser.py.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import aiohttp
import pytest

from fazhi.core.rubric import load_rubric
from fazhi.tui.cli import build_parser, main
from fazhi.tui.i18n import Strings
from fazhi.tui.page import TEXTUAL_JS
from fazhi.tui.serve import bind_token, is_loopback, valid_reviewer, workbench_from_args
from tests.conftest import sample
from tests.e2e.served import served

A, B = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))
AREA = load_rubric(None).areas[0].id  # the area a new workbench has in focus


# ------------------------------------------------------------------------------------------ helpers

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """(status, headers, body) without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def token_of(server) -> str:
    return parse_qs(urlsplit(server.url).query)["token"][0]


class Tab:
    """A browser tab without the browser: the websocket textual.js opens, its output kept as text."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, session: aiohttp.ClientSession) -> None:
        self.ws, self.session, self.output = ws, session, b""
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, server, path: str = "/ws", cookies: dict | None = None, origin: str | None = None) -> "Tab":
        session = aiohttp.ClientSession(cookies=cookies)
        headers = {"Origin": origin or server.base}
        try:
            ws = await session.ws_connect(f"{server.base}{path}?width=160&height=45", headers=headers)
        except BaseException:
            await session.close()
            raise
        return cls(ws, session)

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output += message.data

    async def wait_for(self, needle: str, timeout: float = 30) -> None:
        for _ in range(int(timeout / 0.05)):
            if needle in self.output.decode("utf-8", "ignore"):
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{needle!r} never reached the tab")

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_str(json.dumps(["stdin", key]))
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        await self.ws.close()
        await self.reader
        await self.session.close()


async def session_file(folder: Path, check, timeout: float = 15) -> dict:
    """The single session file in `folder`, parsed, once check(session) holds."""
    for _ in range(int(timeout / 0.05)):
        files = list(folder.glob("*.toml"))
        if len(files) == 1:
            session = tomllib.loads(files[0].read_text(encoding="utf-8"))
            if check(session):
                return session
        await asyncio.sleep(0.05)
    raise AssertionError(f"no session in {folder} satisfied the check: {list(folder.iterdir())}")


async def sessions_when(folder: Path, check, timeout: float = 15) -> dict[str, dict]:
    """Every session file in `folder` by its reviewer's name (the file name's first part), parsed, once
    check(sessions) holds."""
    for _ in range(int(timeout / 0.05)):
        files = {f.name.split("-")[0]: tomllib.loads(f.read_text(encoding="utf-8")) for f in folder.glob("*.toml")}
        if check(files):
            return files
        await asyncio.sleep(0.05)
    raise AssertionError(f"the sessions in {folder} never satisfied the check: {list(folder.iterdir())}")


def level(session: dict, side: str = "b") -> int | None:
    """The level of AREA on `side`: by default B, the side a new review scores first."""
    return session.get("scores", {}).get(side, {}).get(AREA, {}).get("level")


# ---------------------------------------------------------------------------------------- the rules

@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True),
                                           ("[::1]", True), ("localhost", True), ("LOCALHOST.", True),
                                           ("0.0.0.0", False), ("::", False), ("10.1.2.3", False),
                                           ("localhost.example.org", False), ("office-server", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "office-server"])
def test_a_network_bind_without_token_refuses_in_one_line(host, capsys):
    assert main(["serve", "--host", host, "--port", "8000"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and host in err and "--token" in err


def test_tokens_given_generated_or_refused(capsys):
    assert bind_token("127.0.0.1", None) is None  # loopback: open to this machine only, as the terminal is
    generated = bind_token("0.0.0.0", "")
    assert len(generated) >= 32 and generated != bind_token("0.0.0.0", "")
    assert bind_token("0.0.0.0", "a-long-enough-secret") == "a-long-enough-secret"
    assert main(["serve", "--host", "0.0.0.0", "--token", "short"]) == 2
    assert "--token" in capsys.readouterr().err


def test_default_bind_is_loopback_only():
    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"
    with served(A, B) as server:
        listening = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port = local.rsplit(":", 1)
                if state == "0A" and int(port, 16) == server.port:
                    listening.add(address)
    assert listening == {"0100007F"}  # 127.0.0.1, and nothing else (no 0.0.0.0, no ::)


def test_every_name_reaches_the_app_as_data_never_as_shell_or_option(tmp_path, monkeypatch):
    evil = "-x $(touch PWNED) `id`; <b>'\".txt"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d 1").mkdir()  # a --report-dir is a folder that is there
    args = build_parser().parse_args(["serve", evil, "B b.txt", "--reviewer", "-王 $(id)", "--rubric", "r;x.toml",
                                      "--keymap", "vim", "--lang", "en", "--sessions-dir=-s", "--report-dir", "d 1"])
    again = build_parser().parse_args(workbench_from_args(args).arguments())
    assert (again.command, again.a, again.b, again.reviewer, again.rubric, again.keymap, again.lang,
            again.sessions_dir, again.report_dir) == ("review", evil, "B b.txt", "-王 $(id)", "r;x.toml", "vim",
                                                      "en", "-s", ["d 1"])
    resumed = build_parser().parse_args(["serve", "--session=-s.toml"])
    again = build_parser().parse_args(workbench_from_args(resumed).arguments("乙"))
    assert (again.session, again.reviewer, again.a) == ("-s.toml", "乙", None)
    round_ = build_parser().parse_args(["serve", "--round", evil, "--sessions-dir=-s", "--lang", "en"])
    again = build_parser().parse_args(workbench_from_args(round_).arguments("-王 $(id)"))
    assert (again.command, again.dir, again.reviewer, again.sessions_dir, again.lang, again.quiet, again.round) == \
        ("round", evil, "-王 $(id)", "-s", "en", True, None)


@pytest.mark.parametrize("argv,status,says", [(["serve", "nope.txt", B], 1, "nope.txt"),
                                              (["serve", A], 2, "two reports"),
                                              (["serve", A, B, "--session", "s.toml"], 2, "not both"),
                                              (["serve", "--session", "s.toml", "--round", "."], 2, "not both"),
                                              (["serve", "--round", ".", "--report-dir", "."], 2, "--report-dir"),
                                              (["serve", "--round", A], 1, "不是文件夹"),  # bad input: --lang zh
                                              (["serve", "--port", "0"], 2, "--port")])
def test_bad_input_is_one_line_before_anything_is_served(argv, status, says, capsys):
    assert main(argv) == status
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err


@pytest.mark.parametrize("score", ["[scores.b.law_enforcement]\nlevel = 99", "[scores.b.law_enforcment]\nlevel = 2"])
def test_a_session_whose_levels_the_rubric_refuses_is_not_served(score, tmp_path, capsys):
    """fuzz28 F2: read without the rubric, a level off the scale or an unknown area was served (and each tab then
    closed on it), where `review --session` and `resume` refuse it in one line."""
    session = tmp_path / "s.toml"
    session.write_text(f'schema = "fazhi.session/1"\nreviewer = "王芳"\n[reports.a]\nsha256 = "{"a" * 64}"\n'
                       f'[reports.b]\nsha256 = "{"b" * 64}"\n{score}\n', encoding="utf-8")
    before = session.read_bytes()
    with socket.socket() as taken:  # a port in use: were the session let through, the port would be refused (2)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["serve", "--session", str(session), "--port", str(taken.getsockname()[1])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s.toml" in err and "law_enforc" in err and session.read_bytes() == before


def test_a_port_in_use_is_one_line_and_no_address(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["serve", "--port", str(taken.getsockname()[1])]) == 2
    out, err = capsys.readouterr()
    assert "http://" not in out and not out  # the address is printed only once the port is bound; no "stopped"
    # in the interface's language (fuzz2 #5: aiohttp's English "error while attempting to bind …")
    assert err.count("\n") == 1 and "无法监听:端口已被占用:换一个 --port" in err and "attempting" not in err


def test_reviewer_names_from_a_browser():
    assert valid_reviewer(" 王芳 ") == "王芳"
    assert valid_reviewer("") is valid_reviewer("x" * 65) is valid_reviewer("a\nb") is valid_reviewer("\x1b[2J") is None


# ------------------------------------------------------------------------------------------- tokens

async def test_without_the_token_every_route_is_refused():
    with served(A, B, "--token") as server:
        token = token_of(server)
        for path in ("/", "/ws", "/static/js/textual.js", "/download/x"):
            assert get(server.base + path)[0] == 401, path
            assert get(f"{server.base}{path}?token=wrong-{token}")[0] == 403, path
            assert get(server.base + path, {"Cookie": f"fazhi-token-{server.port}=wrong"})[0] == 403, path
        for cookies in (None, {f"fazhi-token-{server.port}": token[:-1]}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await Tab.open(server, cookies=cookies)
            assert refused.value.status in (401, 403)

        # The printed address: a cookie, and a redirect that takes the token out of the address.
        status, headers, _ = get(f"{server.base}/?token={token}&fontsize=18")
        assert status == 303 and headers["Location"] == "/?fontsize=18"
        cookie = headers["Set-Cookie"]
        assert f"fazhi-token-{server.port}={token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        status, headers, page = get(server.base + "/", {"Cookie": f"fazhi-token-{server.port}={token}"})
        assert status == 200 and token not in page
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        tab = await Tab.open(server, cookies={f"fazhi-token-{server.port}": token})
        await tab.wait_for(Strings("zh")("aligned"))
        await tab.close()


async def test_a_network_server_needs_the_token_and_a_reviewer_name():
    # Bound to every interface, reached here only through 127.0.0.1.
    with served(A, B, "--host", "0.0.0.0", "--token") as server:
        token = token_of(server)
        assert get(server.base + "/")[0] == 401
        cookie = {"Cookie": f"fazhi-token-{server.port}={token}"}
        status, _, page = get(server.base + "/", cookie)
        assert status == 200 and 'name="reviewer"' in page and "textual.js" not in page  # who are you?
        assert get(server.base + "/ws", cookie)[0] == 400  # no nameless app on a shared server
        status, _, page = get(f"{server.base}/?reviewer={quote('王芳')}", cookie)
        assert status == 200 and f"/ws/{quote('王芳')}" in page


async def test_pages_of_other_sites_and_other_host_names_are_refused():
    with served(A, B) as server:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await Tab.open(server, origin="http://evil.example")
        assert refused.value.status == 403
        # DNS rebinding: a name that resolves to 127.0.0.1 for an attacker's page is not ours.
        assert get(server.base + "/", {"Host": f"evil.example:{server.port}"})[0] == 403
        assert get(server.base + "/", {"Host": f"localhost:{server.port}"})[0] == 200


# ------------------------------------------------------------------------------------ data and page

async def test_names_and_titles_with_markup_never_become_html_or_shell(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    name = "<script>alert(1)<\\script> $(touch PWNED).txt"
    evil_a = folder / name
    evil_a.write_text("<b onmouseover=alert(1)>[bold]清溪镇</b>\n" + Path(A).read_text(encoding="utf-8"),
                      encoding="utf-8")
    evil_b = folder / "`touch PWNED2`;<img src=x onerror=alert(2)>.txt"
    shutil.copy(B, evil_b)
    with served(A, B) as plain:
        _, _, plain_page = get(plain.base + "/")
        plain_page = plain_page.replace(str(plain.port), "PORT")
    with served(str(evil_a), str(evil_b), "--sessions-dir", str(tmp_path / "s"), cwd=tmp_path) as server:
        _, _, page = get(server.base + "/")
        assert page.replace(str(server.port), "PORT") == plain_page  # the page holds nothing from the data
        _, _, page = get(server.base + "/?reviewer=" + quote("<img src=x onerror=alert(3)>"))
        assert "<img" not in page and "onerror=" not in page
        tab = await Tab.open(server)
        await tab.wait_for("2017年工作情况")  # the app opened both files by their real names
        await tab.close()
    assert not list(tmp_path.rglob("PWNED*")) and not list(Path.cwd().glob("PWNED*"))


def test_the_page_opens_its_websocket_before_textual_js_runs():
    with served(A, B) as server:
        _, _, page = get(server.base + "/")
    # textual-serve's template still has the script tag tui/page.py defers (else its early socket comes late).
    assert TEXTUAL_JS not in page and page.count('<script defer src="/static/js/textual.js">') == 1
    assert page.index('id="terminal"') < page.index("new Native(") < page.index("</body>")



def test_the_page_speaks_the_interface_language():
    """textual-serve's start and end notices are English words in its template: they follow --lang."""
    with served(A, B) as server:
        _, _, zh = get(server.base + "/")
    with served(A, B, "--lang", "en") as server:
        _, _, en = get(server.base + "/")
    assert '<html lang="zh">' in zh and ">会话已结束。</div>" in zh and ">重新打开</button>" in zh
    assert "Session ended" not in zh and ">Restart<" not in zh and ">Start<" not in zh
    assert '<html lang="en">' in en and ">Session ended.</div>" in en and ">Open again</button>" in en


# ------------------------------------------------------------------------------------------ the spare

async def test_each_tab_takes_the_waiting_spare_and_never_shares_a_process(tmp_path):
    with served(A, B, "--sessions-dir", str(tmp_path)) as server:
        server.wait_for(lambda: server.spare() is not None, 30, "the spare")
        spare = server.spare()
        first = await Tab.open(server, "/ws/" + quote("甲"))
        await first.wait_for(Strings("zh")("aligned"))
        assert server.apps() == [spare]  # the connection got the process that was waiting, loaded
        server.wait_for(lambda: server.spare() not in (None, spare), 30, "the next spare")
        second = await Tab.open(server, "/ws/" + quote("乙"))
        await second.wait_for(Strings("zh")("aligned"))
        assert len(set(server.apps())) == 2 and spare in server.apps()  # one process per tab
        await first.press("3")
        await second.press("4")
        files = await sessions_when(tmp_path, lambda files: level(files.get("甲", {})) == 3
                                    and level(files.get("乙", {})) == 4)
        for tab in (first, second):
            await tab.close()
    assert {name: (f["reviewer"], level(f)) for name, f in files.items()} == {"甲": ("甲", 3), "乙": ("乙", 4)}
    # and `served` checked that the spare ended with the server


def test_a_spare_that_no_tab_takes_exits_quietly_at_the_end_of_its_input():
    done = subprocess.run([sys.executable, "-m", "fazhi.tui.spare"], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


@pytest.mark.parametrize("served_args,pair", [
    (["review", "--lang=zh", "--", A, B], (A, B)),
    (["demo"], "demo"),
    (["round", "--quiet", "--", str(Path(A).parent)], None),  # a round: the demo pair drawn, to warm Textual up
    (["review", "--", A, "/no/such/report.txt"], None),  # unreadable: the connection will say so
    (["review", "--rubric=/no/such/rubric.toml", "--", A, B], None),  # and so of a rubric
], ids=["the served pair", "the demo", "a round", "an unreadable report", "an unreadable rubric"])
def test_the_spare_draws_the_served_pair_ahead_and_keeps_its_alignment(tmp_path, monkeypatch, capfd, served_args,
                                                                      pair):
    from fazhi.core.align import aligner_for
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.tui.cli import SAMPLE_PAIR, sample_path
    from fazhi.tui.spare import warm_up

    monkeypatch.chdir(tmp_path)
    warm_up([served_args[0], f"--sessions-dir={tmp_path}", *served_args[1:]])
    demo = [str(sample_path(name)) for name in SAMPLE_PAIR]
    a, b = (parse(read(path)) for path in (demo if pair in ("demo", None) else pair))
    # the warm-up's alignment when the tab will show that pair, else none is kept (one is made now)
    assert (aligner_for(a, b, load_rubric()).a is not a) == (pair is not None)
    assert not list(tmp_path.iterdir())  # no session written, in the sessions folder or here
    assert capfd.readouterr().out == ""  # stdout is the server's pipe


# -------------------------------------------------------------------------------------------- stopping

@pytest.mark.parametrize("signum,whole_group", [(signal.SIGINT, True), (signal.SIGTERM, False),
                                                (signal.SIGHUP, False)],
                         ids=["ctrl-c in the terminal", "sigterm to the server", "sighup to the server"])
async def test_stopping_quits_every_app_and_loses_nothing(tmp_path, signum, whole_group):
    with served(A, B, "--sessions-dir", str(tmp_path)) as server:
        tabs = {who: await Tab.open(server, "/ws/" + quote(who)) for who in ("甲", "乙")}
        await asyncio.gather(*(tab.wait_for(Strings("zh")("aligned")) for tab in tabs.values()))
        assert len(server.apps()) == 2  # one process per connection
        await tabs["甲"].press("3")
        await tabs["乙"].press("1", "\t", "4")  # Tab: score A
        await sessions_when(tmp_path, lambda files: level(files.get("甲", {})) == 3
                            and level(files.get("乙", {}), "a") == 4)
        # Stop with both tabs open; a thread, so that the tabs go on answering the server's close.
        status = await asyncio.to_thread(server.stop, signum, whole_group)
        for tab in tabs.values():
            await tab.close()
    assert status == 0  # and server.stop checked that no app outlived the server
    files = {f.name.split("-")[0]: tomllib.loads(f.read_text(encoding="utf-8")) for f in tmp_path.glob("*.toml")}
    assert (files["甲"]["reviewer"], level(files["甲"])) == ("甲", 3)
    assert (files["乙"]["reviewer"], level(files["乙"]), level(files["乙"], "a")) == ("乙", 1, 4)
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written file left behind


async def test_a_closed_tab_ends_its_app_and_a_session_reopens_in_every_tab(tmp_path):
    with served(A, B, "--sessions-dir", str(tmp_path), "--lang", "en") as server:
        tab = await Tab.open(server, "/ws/" + quote("丙"))
        await tab.wait_for(Strings("en")("aligned"))  # --lang reached the app
        await tab.press("2")
        first = await session_file(tmp_path, lambda s: level(s) == 2)
        await tab.close()
        server.wait_for(lambda: not server.apps(), 15, "the app to end with its tab")
    [path] = tmp_path.glob("*.toml")
    with served("--session", str(path)) as server:
        tab = await Tab.open(server)  # no name: the session's own reviewer goes on, as `fazhi resume` does
        await tab.wait_for(Strings("zh")("aligned"))
        await tab.press("4")
        again = await session_file(tmp_path, lambda s: level(s) == 4)
        await tab.close()
    assert again["reviewer"] == first["reviewer"] == "丙" and again["created"] == first["created"]


async def test_an_app_that_cannot_start_closes_its_tab(tmp_path):
    report = tmp_path / "a.txt"
    shutil.copy(A, report)
    with served(str(report), B, "--sessions-dir", str(tmp_path)) as server:
        report.unlink()  # gone after the server checked it
        tab = await Tab.open(server)
        await asyncio.wait_for(tab.reader, 15)  # the server closes the connection: the page says "Session ended"
        assert tab.ws.closed and not server.apps()
        await tab.close()
    assert any("a.txt: 文件不存在" in line for line in server.output)  # and its console says why


def test_the_server_speaks_the_interface_s_language(tmp_path):
    """walk4: `fazhi serve`'s two lines were English under the Chinese interface; the address still ends its line."""
    for lang, said in (("zh", "评审工作台已启动:示例报告对"), ("en", "serving the workbench on the demo pair")):
        with served("--lang", lang, "--sessions-dir", str(tmp_path)) as server:
            started = next(line for line in server.output if "http://" in line)
            assert said in started and started.rstrip().endswith(server.url)


# ---------------------------------------------------------------------------- the round file, the server's lines

def test_a_wrong_round_file_is_refused_at_start(tmp_path, capsys):
    """fuzz2 #4: `serve --round DIR` started with an invalid round.toml, and every tab then closed blank."""
    (tmp_path / "round.toml").write_text("[[override]]\nfile = 5\n", encoding="utf-8")
    assert main(["serve", "--round", str(tmp_path), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "round.toml: 轮次文件无效:[override#1.file] 应为字符串" in err


def test_a_report_moved_after_the_start_is_what_the_next_tab_is_told(tmp_path):
    """polish5's note: a report deleted while the server ran closed each new tab blank, the reason in the server's
    terminal only; the check each tab runs (`recheck`) names it, as the tab is then told."""
    import argparse

    from fazhi.core.errors import FazhiError
    from fazhi.tui.serve import recheck

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(A, a)
    shutil.copy(A, b)
    args = argparse.Namespace(a=str(a), b=str(b), session=None, round=None)
    recheck(args)
    b.unlink()
    with pytest.raises(FazhiError) as err:
        recheck(args)
    assert err.value.path == str(b) and err.value.message == "no such file"


async def test_a_round_file_broken_while_serving_is_said_in_the_tab_and_the_server_s_lines(tmp_path):
    """fuzz2 #4, walk6 #11: a round.toml broken between two tabs: the next tab is told why (it closed blank, the
    reason only in the server's terminal); the server says each tab opened and closed (who, what, where the
    sessions go), a frame it cannot read as one plain line, and that it stopped."""
    shutil.copy(A, tmp_path / "a.txt")
    sessions = tmp_path / "s"
    with served("--round", str(tmp_path), "--sessions-dir", str(sessions)) as server:
        tab = await Tab.open(server, "/ws/" + quote("王芳"))
        await tab.wait_for(Strings("zh")("round_title"))
        (tmp_path / "round.toml").write_text("[[override]]\nfile = 5\n", encoding="utf-8")
        broken = await Tab.open(server, "/ws/" + quote("李明"))
        await asyncio.wait_for(broken.reader, 15)
        said = broken.output.decode()
        assert said.startswith("fazhi: ") and "round.toml: 轮次文件无效:[override#1.file] 应为字符串" in said
        await broken.close()
        (tmp_path / "round.toml").unlink()
        await tab.ws.send_str("not json")  # what fuzzing sent: textual-serve cannot read it and ends the tab
        await asyncio.wait_for(tab.reader, 30)
        await tab.close()
        server.wait_for(lambda: sum("标签页已关闭" in line for line in server.output) == 1, 30, "the tab to close")
        status = await asyncio.to_thread(server.stop, signal.SIGTERM, False)
    assert status == 0
    lines = [line.rstrip("\n") for line in server.output if line.startswith(("fazhi: 标签页", "fazhi: 已停止"))]
    where = f"{tmp_path} 中的评审轮次(会话在 {sessions})"
    assert lines[0] == f"fazhi: 标签页已打开:王芳 · {where}"
    assert lines[1].startswith(f"fazhi: 标签页未能打开工作台:李明 · {where}:{tmp_path / 'round.toml'}: 轮次文件无效")
    assert lines[2] == f"fazhi: 标签页连接出错,已断开:王芳 · {where}:JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
    assert lines[3] == f"fazhi: 标签页已关闭:王芳 · {where}"
    assert lines[4] == "fazhi: 已停止:关闭了 0 个标签页" and len(lines) == 5
    assert not any("ERROR" in line or "connection failed" in line for line in server.output)


def test_a_tab_s_app_ends_with_a_server_killed_outright(tmp_path):
    """serve54 #2: a server killed outright (SIGKILL, the OOM killer) left each tab's app alive, orphaned and idle;
    its end much later wrote back a dialog's draft answered since. The app is told as its server ends (SIGHUP: its
    work kept, as when a terminal goes) and ends."""
    import textwrap
    import time

    from fazhi.core.files import process_alive

    server = textwrap.dedent(f"""
        import json, subprocess, time
        from fazhi.tui.spare import APP_PROGRAM, app_environment
        app = subprocess.Popen([*APP_PROGRAM], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=app_environment())
        request = {{"argv": ["demo", "--sessions-dir", {str(tmp_path)!r}], "columns": 100, "rows": 30}}
        app.stdin.write(json.dumps(request).encode() + b"\\n")
        app.stdin.flush()
        print(app.pid, flush=True)
        time.sleep(600)
    """)
    parent = subprocess.Popen([sys.executable, "-c", server], stdout=subprocess.PIPE, text=True)
    app = int(parent.stdout.readline())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{app}/comm").read_text().strip() != "fazhi":
        time.sleep(0.1)  # taken: the workbench runs
    time.sleep(2)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process_alive(app):
        time.sleep(0.1)
    alive = process_alive(app)  # (not a zombie either: PID 1 of a container may never reap it)
    if alive:
        os.kill(app, signal.SIGKILL)
    assert not alive


def test_refusals_speak_the_interface_s_language_and_the_page_has_a_title():
    """serve54 #8: a tab reopened after the server started again with a new token met a bare English "wrong token",
    with no word of what to do; every tab was named by its address. #7: ?fontsize=0 left the page on its start notice
    for good."""
    t = Strings("zh")
    with served(A, B, "--token") as server:
        status, _, body = get(f"{server.base}/?token=wrong-{token_of(server)}")
        assert status == 403 and body == f"fazhi: {t('serve_wrong_token')}\n"
        assert get(server.base + "/")[2] == f"fazhi: {t('serve_no_token')}\n"
        cookie = {"Cookie": f"fazhi-token-{server.port}={token_of(server)}"}
        for asked, drawn in (("0", 16), ("-3", 16), ("12", 12), ("4", 4), ("5000", 16)):
            _, _, page = get(f"{server.base}/?fontsize={asked}", cookie)
            assert f'data-font-size="{drawn}"' in page and "<title>fazhi</title>" in page


async def test_a_session_served_says_where_another_reviewer_s_tab_saves(tmp_path):
    """serve54 #9: `serve --session THEIRS.toml` with another reviewer in the address saved that reviewer's session in
    the server's --sessions-dir, and the server's line named only the session served."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    review = Review.open(A, B, "王芳", load_rubric(), tmp_path / "theirs")
    review.set_score("b", "law_enforcement", 3)
    served_file = review.save()
    sessions = tmp_path / "mine"
    with served("--session", str(served_file), "--sessions-dir", str(sessions)) as server:
        for who in ("王芳", "李四"):
            tab = await Tab.open(server, "/ws/" + quote(who))
            await tab.wait_for(Strings("zh")("aligned"))
            await tab.close()
        server.wait_for(lambda: sum("标签页已关闭" in line for line in server.output) == 2, 30, "the tabs to close")
    opened = [line for line in server.output if line.startswith("fazhi: 标签页已打开")]
    assert "会话在" not in opened[0] and f"(会话在 {sessions})" in opened[1]
