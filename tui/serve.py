"""`fazhi serve`: the review workbench in a browser tab, through textual-serve.

textual-serve runs one process per browser connection (one websocket). Each connection here runs
`fazhi review …` (or `demo`, or `round DIR`), so a served session follows the terminal's rules exactly: the same
sessions folder, file names and reviewer rules, every change saved when made (atomically). Two tabs are two
processes: they never share state in memory.

What this module adds to textual-serve, and why:
- Bind: 127.0.0.1 unless told otherwise; any other address only with a token (`bind_token`).
- Token: when set, every route (page, websocket, static files, downloads) needs it. The printed address
  carries it once (`/?token=…`); the server answers with an HttpOnly, SameSite=Strict cookie and a redirect
  to the same address without it, so the token leaves the address bar and never reaches a Referer header.
  Compared with hmac.compare_digest.
- Origin: the websocket refuses pages from other sites (a browser lets any page open a websocket to
  127.0.0.1), and a loopback server answers only to loopback host names (DNS rebinding).
- Reviewer: per connection: `?reviewer=NAME` in the address, else `--reviewer`, else the terminal's default
  (the OS user) on loopback; a server on the network asks each visitor for a name first, so two reviewers
  never write one session file.
- The page: textual-serve's own template, its URLs built from the request (not from the bind address, which
  may be 0.0.0.0) and a fixed title: no report title or file name ever enters the HTML (they travel only
  inside the terminal stream). A Content-Security-Policy keeps the page from fetching anything from other
  hosts (the template links a web font). tui/page.py's changes make it show the app's first screen sooner:
  among them, the page opens its websocket while textual.js still loads.
- A spare process (tui/spare.py): Python, Textual and fazhi take longer to load than the page does, so one
  app process is started ahead of the next connection and waits, loaded, for its arguments (the connection's
  reviewer among them, as data: no shell ever sees a name) and its terminal size. Still one process per
  connection, never reused.
- Stopping (Ctrl+C, SIGTERM, SIGHUP): every app is told to quit, as when its tab closes, and is killed only
  if it has not after QUIT_GRACE seconds; nothing is pending, since each change was saved when made. The spare
  is told to stop by the end of its input.

This reaches into textual-serve's Server (`_process_messages`, the `app_index.html` template) and AppService
(`_task`, `_process`; tui/spare.py more): pyproject.toml pins the version it was written against.
"""
from __future__ import annotations

import argparse
import asyncio
import errno
import hmac
import ipaddress
import os
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from fazhi.core.errors import FazhiError, printable
from fazhi.core.session import REVIEWER_RULE, valid_reviewer
from fazhi.tui.core_messages import say_core
from fazhi.tui.i18n import Strings
from fazhi.tui.page import CSP, NAME_FORM, workbench_page
from fazhi.tui.spare import Spare, WorkbenchApp, app_environment

#: Seconds a stopping server gives its apps to quit before killing them.
QUIT_GRACE = 10.0
MIN_TOKEN_CHARS = 16
#: The page's font sizes (?fontsize=), others taken as the default: the terminal draws nothing at 0.
MIN_FONT_SIZE, MAX_FONT_SIZE = 4, 96


# ----------------------------------------------------------------------------------------- rules

def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and the name localhost."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_token(host: str, token: str | None) -> str | None:
    """The token every request must carry, or None for a loopback server started without --token.

    `token` is the --token value: None when the option is absent, "" for a bare --token (generate one).
    A non-loopback host without --token is refused (exit 2): a server on the network is never open."""
    if token is None:
        if is_loopback(host):
            return None
        raise FazhiError(f"--host {host}", "not a loopback address: a server on the network needs --token "
                                           "(a bare --token generates one and prints it)", exit_status=2)
    if token == "":
        return secrets.token_urlsafe(24)
    if len(token) < MIN_TOKEN_CHARS or not token.isprintable():
        raise FazhiError("--token", f"needs at least {MIN_TOKEN_CHARS} printable characters "
                                    f"(a bare --token generates one)", exit_status=2)
    return token


@dataclass(frozen=True)
class Workbench:
    """What every connection opens: `fazhi <argv>`, plus the connection's reviewer."""

    argv: tuple[str, ...]
    label: str  # for the start-up line
    reviewer: str | None = None  # --reviewer: for connections that name none
    lang: str = "zh"  # the interface language, of the page too
    sessions: str | None = None  # where the tabs' sessions are saved (None: the session served, in its place)
    #: the reviewer of the session served (`serve --session`), whose tabs work in it: another's go to `sessions`
    served_reviewer: str | None = None

    def arguments(self, reviewer: str | None = None) -> list[str]:
        """`fazhi`'s arguments for one connection: a list handed to the app process as data (no shell)."""
        words = list(self.argv)
        who = reviewer or self.reviewer
        if who:
            words.insert(1, f"--reviewer={who}")  # right after the sub-command, before any "--"
        return words


def workbench_from_args(args: argparse.Namespace) -> Workbench:
    """`serve A B`, `serve --session FILE`, `serve --round DIR`, or `serve` alone (the bundled demo pair), with the
    terminal's options. Options are written `--name=value` and reports after `--`, so no name can pass for an
    option."""
    given = [what for what, there in (("two reports (A B)", args.a or args.b), ("--session FILE", args.session),
                                      ("--round DIR", args.round)) if there]
    if len(given) > 1:
        raise FazhiError("serve", f"give {' or '.join(given)}, not both", exit_status=2)
    if bool(args.a) != bool(args.b):
        raise FazhiError("serve", "needs two reports (A B), --session FILE, --round DIR, or nothing for the demo pair",
                         exit_status=2)
    if args.round and args.report_dir:
        raise FazhiError("serve", "--report-dir is for a pair or a session, not a round", exit_status=2)
    options = [f"--sessions-dir={args.sessions_dir}", f"--lang={args.lang}"]
    options += [f"--{name}={value}" for name, value in (("rubric", args.rubric), ("keymap", args.keymap)) if value]
    t = Strings(args.lang)  # the label is said in the server's lines
    if args.round:  # no progress line: the app's stderr is the server's pipe
        return Workbench(("round", *options, "--quiet", "--", args.round), t("serve_round", folder=args.round),
                         args.reviewer, args.lang, args.sessions_dir)
    options += [f"--report-dir={folder}" for folder in args.report_dir or []]
    if args.session:
        return Workbench(("review", *options, f"--session={args.session}"), t("serve_session", path=args.session),
                         args.reviewer, args.lang)
    if args.a:
        return Workbench(("review", *options, "--", args.a, args.b), t("serve_pair", a=args.a, b=args.b), args.reviewer,
                         args.lang, args.sessions_dir)
    return Workbench(("demo", *options), t("serve_demo"), args.reviewer, args.lang, args.sessions_dir)


def preflight(args: argparse.Namespace) -> None:
    """Refuse at start, with one line naming the file, what every connection would refuse."""
    from fazhi.core.report import read
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.keymap import load_keymap

    load_rubric(args.rubric)
    if args.keymap:
        load_keymap(args.keymap)
    for path in (args.a, args.b):
        if path:
            read(path)
    if args.round and not os.path.isdir(args.round):
        raise FazhiError(args.round, "not a folder (--round takes the folder of a round's reports)")
    recheck(args)


def recheck(args: argparse.Namespace) -> None:
    """What every connection's app refuses that people edit while the server runs: the round's round.toml (`fazhi
    round` refuses a wrong one: every tab closed blank, the reason only in the server's terminal, fuzz2 #4) and the
    session served, and that the reports are still there (read whole at start only: a PDF takes seconds). Checked at
    start (`preflight`) and again as each tab opens, which is then told why."""
    for path in (args.a, args.b):
        if path and not os.path.isfile(path):  # moved or deleted since the start: the tab closed blank
            raise FazhiError(path, "no such file")
    if args.session:  # with the rubric's levels, as `review --session` and `resume` refuse them (fuzz28 F2)
        from fazhi.core.rubric import load_rubric
        from fazhi.core.session import load_session

        load_session(args.session, to_save=False, rubric=load_rubric(args.rubric))
    if args.round:
        from fazhi.core.round_file import default_path, load_round_file

        load_round_file(default_path(args.round))


# ---------------------------------------------------------------------------------------- server

class WorkbenchServer(Server):
    """textual-serve's Server with the token, origin and reviewer rules above and a clean stop."""

    def __init__(self, workbench: Workbench, host: str, port: int, token: str | None,
                 recheck: Callable[[], None] | None = None, default_reviewer: str = "") -> None:
        super().__init__(shlex.join(["fazhi", *workbench.arguments()]), host=host, port=port, title="fazhi")
        self.workbench, self.token = workbench, token
        self.recheck = recheck  # raises what a tab's app would refuse to start on (`recheck`)
        self.default_reviewer = default_reviewer  # who a tab that names none works as, for the log
        self.t = Strings(workbench.lang)  # the server's lines, in the interface's language (as the page)
        self.spare: Spare | None = None  # made in serve(), where the environment's debug flag is known
        self.loopback = is_loopback(host)
        self.cookie = f"fazhi-token-{port}"  # cookies ignore ports: two servers on one host keep theirs apart
        self._connections: set[asyncio.Task] = set()  # until their app is told to quit: a stop cancels them
        self._open: set[asyncio.Task] = set()  # until their closing line: a stop waits for them, then says it stopped
        self._listening = False  # the port was bound and the address printed: a stop is then said

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        host = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/" + (f"?token={quote(self.token, safe='')}" if self.token else "")

    # -- what every request passes through
    def _is_token(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def guard(self, request: web.Request, handler):
        if self.loopback and not is_loopback(request.url.host or ""):
            raise web.HTTPForbidden(text=self._refusal("serve_loopback_only"))
        origin = request.headers.get("Origin")
        if request.path.startswith("/ws") and origin and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text=self._refusal("serve_other_site"))
        if self.token is None:
            return await handler(request)
        given = request.query.get("token")
        if given is not None and self._is_token(given) and request.path == "/":
            # The printed address, opened once: keep the token in a cookie, take it out of the address.
            response = web.HTTPSeeOther(request.rel_url.with_query({k: v for k, v in request.query.items()
                                                                    if k != "token"}))
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            raise response
        given = given if given is not None else request.cookies.get(self.cookie)
        if given is None:
            raise web.HTTPUnauthorized(text=self._refusal("serve_no_token"))
        if not self._is_token(given):
            raise web.HTTPForbidden(text=self._refusal("serve_wrong_token"))
        return await handler(request)

    def _refusal(self, key: str, **values) -> str:
        """A request refused, in the interface's language (a plain text page, as the browser shows it)."""
        return f"fazhi: {self.t(key, **values)}\n"

    async def _security_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path == "/":  # the page is per request; the static files may be cached (and compiled)
            response.headers.setdefault("Cache-Control", "no-store")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        app.router.add_get("/ws/{reviewer}", self.handle_websocket)
        app.router.add_get("/favicon.ico", self.handle_favicon)
        app.on_response_prepare.append(self._security_headers)
        return app

    def _reviewer(self, name: str | None) -> str | None:
        """The connection's reviewer (None: the server's default); 400 when it must be named and is not."""
        if name is not None:
            reviewer = valid_reviewer(name)
            if reviewer is None:
                raise web.HTTPBadRequest(text=self._refusal("serve_reviewer_rule", rule=self.t.core(REVIEWER_RULE)))
            return reviewer
        if not self.loopback and not self.workbench.reviewer:
            raise web.HTTPBadRequest(text=self._refusal("serve_name_the_reviewer"))
        return None

    # -- routes
    async def handle_index(self, request: web.Request) -> web.Response:
        """textual-serve's page, with the websocket address taken from the request, not from the bind."""
        if "reviewer" not in request.query and not self.loopback and not self.workbench.reviewer:
            return web.Response(text=NAME_FORM, content_type="text/html")
        reviewer = self._reviewer(request.query.get("reviewer"))
        websocket = f"{'wss' if request.secure else 'ws'}://{request.host}/ws"
        if reviewer:
            websocket += "/" + quote(reviewer, safe="")
        # (a size the terminal cannot draw in, 0, left the page on its start notice for good: serve54 #7)
        font_size = to_int(request.query.get("fontsize", "16"), 16)
        font_size = font_size if MIN_FONT_SIZE <= font_size <= MAX_FONT_SIZE else 16
        context = {"font_size": font_size, "app_websocket_url": websocket,
                   "config": {"static": {"url": "/static/"}}, "application": {"name": self.title}}
        page = aiohttp_jinja2.render_string("app_index.html", request, context)
        return web.Response(text=workbench_page(page, Strings(self.workbench.lang)), content_type="text/html")

    async def handle_favicon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)  # none, and no 404 in the browser's console

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One connection, one app process, ended the same way whether the tab closes or the server stops; each tab
        opened and closed is one line of the server's (`say`). What the app would refuse to start on is said in the
        tab instead of starting it (`recheck`)."""
        reviewer = self._reviewer(request.match_info.get("reviewer"))
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        who, bench = reviewer or self.workbench.reviewer or self.default_reviewer, self.workbench
        tab = self.t("serve_tab", reviewer=who, what=bench.label)
        if bench.sessions and who != bench.served_reviewer:
            tab += self.t("serve_tab_sessions", folder=bench.sessions)
        if (refused := await self._refused()) is not None:
            self.say("serve_tab_refused", tab=tab, why=refused)
            # the tab's terminal shows it (textual.js writes what it receives) above the page's "session ended"
            await websocket.send_bytes((f"fazhi: {refused}".replace("\n", "\r\n") + "\r\n").encode())
            await websocket.close()
            return websocket
        self.say("serve_tab_opened", tab=tab)
        service = WorkbenchApp(self.workbench.arguments(reviewer), self.spare, write_bytes=websocket.send_bytes,
                               write_str=websocket.send_str, close=websocket.close,
                               download_manager=self.download_manager, debug=self.debug)
        task, messages = asyncio.current_task(), None
        self._connections.add(task)
        self._open.add(task)
        try:
            await service.start(to_int(request.query.get("width", "80"), 80),
                                to_int(request.query.get("height", "24"), 24))
            messages = asyncio.create_task(self._process_messages(websocket, service))
            # Until the tab closes or the app ends by itself: an app that failed to start (a report gone since
            # the server started; its console says why) closes the tab's connection instead of leaving it blank.
            await asyncio.wait({messages, service._task}, return_when=asyncio.FIRST_COMPLETED)
            if messages.done() and messages.exception():  # a frame textual-serve could not read (not JSON …)
                self.say("serve_tab_failed", tab=tab, error=_one_line(messages.exception()))
        except asyncio.CancelledError:
            pass  # the server is stopping: the app quits below, exactly as when its tab closes
        except Exception as e:
            self.say("serve_tab_failed", tab=tab, error=_one_line(e))
        finally:
            if messages is not None:
                messages.cancel()
            self._connections.discard(task)
            await self._quit(service)
            await websocket.close()
            self.say("serve_tab_closed", tab=tab)
            self._open.discard(task)
        return websocket

    async def _refused(self) -> str | None:
        """Why a tab's app would not start (`recheck`), in the interface's language; None when it would."""
        if self.recheck is None:
            return None
        try:
            await asyncio.to_thread(self.recheck)  # a file read and parsed: not on the loop every tab shares
        except FazhiError as e:
            return say_core(str(e), self.workbench.lang)
        return None

    def say(self, key: str, **values) -> None:
        """One line of the server's, in the interface's language (textual-serve's log is English, Rich-wrapped)."""
        print(f"fazhi: {self.t(key, **values)}", flush=True)

    async def _quit(self, service: AppService) -> None:
        """Ask the app to quit; kill it only if it has not quit after QUIT_GRACE seconds."""
        try:
            await asyncio.wait_for(asyncio.shield(service.stop()), QUIT_GRACE)
        except asyncio.TimeoutError:
            process = getattr(service, "_process", None)
            if process is not None and process.returncode is None:
                self.say("serve_app_killed", s=round(QUIT_GRACE))
                process.kill()

    # -- life cycle
    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve's banner would come before the port is bound; `_announce` comes after."""

    def _announce(self, *_) -> None:
        self.spare.fill()  # the port is bound: the first tab finds a process ready
        self._listening = True
        t = Strings(self.workbench.lang)  # the interface's language, as the page's
        print(f"fazhi: {t('serve_started', what=self.workbench.label, url=self.url)}", flush=True)
        print(f"fazhi: {t('serve_tabs')}", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every open connection as its tab would: each app quits on its own; then one line says it stopped."""
        for task in list(self._connections):
            task.cancel()
        tabs = list(self._open)  # those cancelled, and any still closing on its own
        spare = asyncio.create_task(self.spare.close(QUIT_GRACE))
        await asyncio.wait([*tabs, spare], timeout=QUIT_GRACE + 5)
        if self._listening:  # (a port in use is said alone)
            self.say("serve_stopped", n=len(tabs))

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C, SIGTERM or SIGHUP (a closed terminal), then stop every app cleanly."""
        self.debug = debug
        self.spare = Spare(app_environment(debug), list(self.workbench.argv))  # no reviewer: `ps` shows these
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.request_exit)
        # No access log: the first request's line would carry the token.
        web.run_app(self._make_app(), host=self.host, port=self.port, loop=loop, handle_signals=False,
                    print=self._announce, access_log=None, shutdown_timeout=QUIT_GRACE + 5)


def serve_command(args: argparse.Namespace) -> int:
    """`fazhi serve`: check everything that can be wrong, then serve until stopped."""
    workbench = workbench_from_args(args)
    token = bind_token(args.host, args.token)
    if not 0 < args.port < 65536:
        raise FazhiError("--port", f"{args.port} is not a port (1–65535)", exit_status=2)
    preflight(args)
    if args.session:  # (another reviewer's tab saves theirs in --sessions-dir: the server says so, serve54 #9)
        from fazhi.core.session import load_session

        workbench = replace(workbench, sessions=args.sessions_dir,
                            served_reviewer=load_session(args.session, to_save=False).reviewer)
    try:
        WorkbenchServer(workbench, args.host, args.port, token, recheck=lambda: recheck(args),
                        default_reviewer=_default_reviewer(args)).serve()
    except OSError as e:  # said in the interface's language (it was English under --lang zh: fuzz2 #5)
        t = Strings(args.lang)
        why = t("serve_port_in_use") if e.errno == errno.EADDRINUSE else printable(e.strerror or str(e))
        print(f"fazhi: {t('serve_cannot_listen', where=f'{args.host}:{args.port}', why=why)}", file=sys.stderr)
        return 2
    return 0


def _default_reviewer(args: argparse.Namespace) -> str:
    """Who a tab that names no reviewer works as: --reviewer, else the served session's own reviewer (as `fazhi
    resume`), else the login name (the app's default)."""
    if args.reviewer:
        return args.reviewer
    if args.session:
        from fazhi.core.session import load_session

        return load_session(args.session, to_save=False).reviewer  # read by `preflight` just before: it loads
    from fazhi.tui.cli import default_reviewer

    return default_reviewer()


def _one_line(error: BaseException) -> str:
    """An exception as one plain line: its kind and message, control characters (a newline) written out."""
    return printable(f"{type(error).__name__}: {error}")
