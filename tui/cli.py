"""The `fazhi` command. Plain-text commands import only `core`; Textual is imported by the ones that open a screen.

Exit status: 0 success, 1 bad input (one line on stderr naming the file), 2 wrong usage.

(Some 400 lines: one argument parser and one short runner per command; what they run is core's and the screens'.)
"""
from __future__ import annotations

import argparse
import atexit
import errno
import io
import os
import sys
import threading
from pathlib import Path

from fazhi.core import FazhiError
from fazhi.core.errors import printable, shown_name
from fazhi.core.patterns import lazy

SAMPLE_PAIR = ("dongkeng_2017.txt", "qingxi_2024.txt")  # A the earlier report, B the later


def sample_path(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("fazhi.core.samples") / name))


#: What JSON may carry raw but a terminal must not get (C1 controls such as CSI, DEL, bidi overrides) or UTF-8
#: cannot hold (the lone surrogates of a file name that is not UTF-8): written as \\uXXXX, the same JSON value.
_JSON_UNSAFE = lazy(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _print_json(data) -> None:
    sys.stdout.write(_json_text(data))


def _json_text(data) -> str:
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


# ----------------------------------------------------------------------------------------- commands

def cmd_outline(args) -> int:
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.tui.render import outline_tree

    outline = parse(read(args.path))
    sys.stderr.write(_reading_notes("outline", outline))
    if args.json:
        _print_json(outline_contract(outline))
    else:
        sys.stdout.write(outline_tree(outline, color=sys.stdout.isatty()))
    return 0


def outline_contract(outline) -> dict:
    """contracts.md `fazhi outline --json`, plus `span`, `sha256` and `encoding`."""
    data = outline.to_dict()
    data["source"] = outline.source
    data["encoding"] = outline.encoding
    data["notes"] = list(outline.notes)  # what reading left out: a PDF's pages without a text layer
    return data


def cmd_align(args) -> int:
    key = None
    if args.json:  # the output of the same files, options and code is printed again as it was (core.output_cache)
        from fazhi.core import output_cache

        key = output_cache.key("align-json", [args.a, args.b, args.rubric or "", "--pin", *(args.pin or []),
                                              "--forbid", *(args.forbid or [])],
                               [args.a, args.b, *([args.rubric] if args.rubric else [])], code=[__file__])
        if key and (stored := output_cache.load("align-json", key)):
            sys.stderr.write(stored[0])
            sys.stdout.write(stored[1])
            return 0

    from fazhi.core.align import align_outlines, parse_pin
    from fazhi.core.compare import section_figures
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    a, b = load_pair(args.a, args.b)
    pins = [parse_pin(p, "--pin") for p in args.pin or []]
    forbids = [parse_pin(p, "--forbid") for p in args.forbid or []]
    alignment = align_outlines(a, b, pins=pins, forbidden=forbids, rubric=rubric)
    # what reading left out (a PDF's scanned pages), and what was simplified to stay within bounds
    notes = _reading_notes("align", a, b) + "".join(f"fazhi align: {note}\n" for note in alignment.notes)
    sys.stderr.write(notes)
    if args.json:
        data = alignment.to_dict(a, b)
        sections_a = {s.id: s for s in a.walk()}
        sections_b = {s.id: s for s in b.walk()}
        for pair, row in zip(alignment.pairs, data["pairs"]):
            if pair.a and pair.b:
                figures = section_figures(a, sections_a[pair.a], b, sections_b[pair.b])
                row["figures"] = [f.to_dict() for f in figures]
            else:
                row["figures"] = []
        text = _json_text(data)
        sys.stdout.write(text)
        if key:
            output_cache.store("align-json", key, notes, text)
    else:
        from fazhi.tui.render import alignment_table  # rich's cell widths: only for the table

        sys.stdout.write(alignment_table(alignment, a, b, color=sys.stdout.isatty()))
    return 0


def _reading_notes(command: str, *outlines) -> str:
    """`Document.notes` as stderr lines, each naming its file: what reading left out of a report."""
    return "".join(f"fazhi {command}: {shown_name(o.source)}: {note}\n" for o in outlines for note in o.notes)


def load_pair(path_a: str, path_b: str):
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    return parse(read(path_a)), parse(read(path_b))


def cmd_areas(args) -> int:
    from fazhi.core.areas import map_areas
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.render import areas_report

    rubric = load_rubric(args.rubric)
    outline = parse(read(args.path))
    result = map_areas(outline, rubric)
    if args.json:
        _print_json(result.to_dict())
    else:
        sys.stdout.write(areas_report(result, outline, rubric, color=sys.stdout.isatty()))
    return 0


def cmd_aggregate(args) -> int:
    """Pool session files; given a round (its folder or round.toml), only the round's reports, named as the round
    names them, from the other PATHs given or else --sessions-dir."""
    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.export import check_table, export
    from fazhi.core.round_scan import round_folder
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.i18n import Strings

    t = Strings(args.lang)  # what is said beside the result (not an error) is said in the interface's language
    if args.out == "-":  # the Unix convention: stdout (a file named "-" is ./-)
        args.out = None
    args.format, refused = _out_format(args.format, args.out)
    if refused:  # a usage mistake about a file the reviewer named: said in their language, nothing written
        print(f"fazhi: {t(refused, path=shown_name(args.out), suffix=Path(args.out).suffix, fmt=args.format)}",
              file=sys.stderr)
        return 2
    check_table(args.format, args.table)
    if args.tui and args.table:
        return _usage_error("--table picks a table for a CSV file; the aggregate view shows them all")
    if args.keymap and not args.tui:
        return _usage_error("--keymap is for the aggregate view (--tui)")
    keys = {}
    if args.keymap:  # checked before the sessions are pooled (walk14 F5: the view's help named an option not taken)
        from fazhi.tui.keymap import load_keymap

        keys = load_keymap(args.keymap)
    if args.format == "xlsx" and not (args.out or args.tui) and sys.stdout.isatty():
        return _usage_error("xlsx is a binary workbook, not for the terminal: give --out FILE.xlsx")
    if args.out:
        _check_out(Path(args.out), args.format, args.paths)
    rubric = load_rubric(args.rubric)
    folders = {p: round_folder(p) for p in args.paths}
    given = [p for p, folder in folders.items() if folder]
    if len(given) > 1:
        return _usage_error(f"aggregate takes one round at a time, not {len(given)}: {', '.join(given)}")
    # A path that is not there is a mistake in the command, not a bad session file: said, nothing written, whatever
    # --skip-bad says (it printed an empty ranking, and with --skip-bad wrote one and exited 0). The paths given
    # are checked before a round is scanned (a typo should not wait out 500 files); its default sessions folder after.
    paths, names, index, report_paths = [p for p in args.paths if p not in given], None, None, {}
    if _missing(paths, t):
        return 1
    if given:
        plan = _scan_round(args, folders[given[0]])
        names, index = plan.report_names(), plan.report_index()
        report_paths = {r.b.sha256: r.b.path for r in plan.reviews}
        for government, year, texts, files in plan.undecided():
            print("fazhi: " + t("round_undecided", government=government, year=year, n=texts,
                                files=t("list_sep").join(files)), file=sys.stderr)
        if not paths:
            paths = [args.sessions_dir]
            if _missing(paths, t, "missing_sessions_dir"):
                return 1
    result = aggregate_paths(paths, rubric, reports=names, index=index)
    # what is written anyway (stdout, --skip-bad, the view) leaves these sessions out: said on each, as `… > out.csv`
    # gave a complete-looking file; with --out and without --skip-bad nothing is written, and the last line says so
    skipped = t("problem_skipped") if not args.out or args.skip_bad or args.tui else ""
    for problem in result.problems:
        print(f"fazhi: {t.core(printable(problem, newlines=True))}{skipped}", file=sys.stderr)
    for key, values in result.notes:  # said, not failed (in the interface's language, as the aggregate view says them)
        print(f"fazhi: {t('note_prefix')}{t(key, **values)}", file=sys.stderr)
    if not (result.sessions or result.untouched):  # nothing pooled: nothing written (walk12 F6: a header alone, exit 1)
        if not result.problems:  # a mistyped folder is not "nothing scored yet"
            print(f"fazhi: {t('no_session_files', paths=shown_name(', '.join(paths)))}", file=sys.stderr)
        return 1
    failed = bool(result.problems) and not args.skip_bad
    if args.tui:
        if (refused := _without_terminal(t, "plain_aggregate")) is not None:
            return refused
        from fazhi.tui.app import ScreenApp
        from fazhi.tui.screens.aggregate import AggregateScreen

        app = ScreenApp(AggregateScreen(result, rubric, args.lang, keys, report_paths=report_paths), args.lang, keys)
        app.run()
        if app.return_code:  # the view failed (Textual printed why)
            return app.return_code
        return 1 if failed else 0
    said = [t(key, **values) for key, values in result.notes]  # as stderr said them, in the Markdown too
    payload = export(result, rubric, args.format, args.lang, args.table, said)
    if not args.out:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    elif failed:  # bad input: nothing written
        print(f"fazhi: {t('export_not_written', path=shown_name(args.out))}", file=sys.stderr)
    else:
        from fazhi.core.files import atomic_write

        atomic_write(Path(args.out), payload, backup=True)
    return 1 if failed else 0


#: What an export must never be named: a session file's suffix (the next `fazhi aggregate` of that folder reads it as
#: a session and fails; `fazhi review` of that reviewer's pairs too).
SESSION_SUFFIX = ".toml"


def _out_format(given: str | None, out: str | None) -> tuple[str, str | None]:
    """The export's format and, when --out cannot be written so, the message id saying why. --format when given, else
    --out's suffix when it is a format's (.csv .json .md .xlsx, any case), else csv. Refused: an --out named .toml, and
    one whose suffix is another format's than --format (`--out x.json` alone wrote CSV into x.json; `--out
    sessions/summary.toml` CSV into the sessions folder, which the next aggregate then failed on)."""
    from fazhi.core.export import FORMATS

    suffix = Path(out).suffix.lower() if out else ""
    named = suffix[1:] if suffix[1:] in FORMATS else None
    fmt = given or named or "csv"
    if suffix == SESSION_SUFFIX:
        return fmt, "out_session_suffix"
    if given and named and named != given:
        return fmt, "out_suffix_not_format"
    return fmt, None


def _check_out(out: Path, fmt: str, inputs: list[str] = ()) -> None:
    """--out: into a folder that exists (a typo must not make folders), never one of the `inputs` given (a session
    named wang.csv was replaced by its own export: fuzz5); an existing file is replaced (keeping a .bak) only when it
    is of the format asked for. `--out sessions/*.toml` once made the shell give the first session as the output, and
    it was overwritten by the export: a reviewer's work is never replaced so."""
    try:
        folder_exists = out.resolve().parent.exists()
    except RuntimeError:  # Path.resolve on a loop of symbolic links
        raise FazhiError(str(out), "a loop of symbolic links") from None
    if not folder_exists:
        raise FazhiError(str(out), f"no such folder: {out.parent}")
    target = out.resolve()  # a link named x.csv to a session is the session
    if any(target == Path(given).resolve() for given in inputs):
        raise FazhiError(str(out), "is one of the files pooled: not replaced by their export (give a new file name)")
    if target.is_file() and target.suffix.lower() != f".{fmt}":
        raise FazhiError(str(out), f"exists and is not a .{fmt} file: not replaced by the {fmt} export "
                                   f"(give a new file name)")


def cmd_review(args) -> int:
    if args.session:
        if args.a or args.b:  # the session names its own pair: the reports given were passed over unsaid (fuzz28 F3)
            return _usage_error("give two reports (A B) or --session FILE, not both")
        return run_review(args, session_path=args.session)
    if not args.b:
        if not args.a:
            return _usage_error("review needs two reports (A B), one report to review alone, or --session FILE")
        args.a, args.b = None, args.a  # one report is reviewed alone as B, the later side
    return run_review(args, paths=(args.a, args.b))


def cmd_demo(args) -> int:
    """The bundled pair: the earlier report (东坑镇 2017) as A, the later one (清溪镇 2024) as B."""
    args.a, args.b = (str(sample_path(n)) for n in SAMPLE_PAIR)
    args.session = None
    return run_review(args, paths=(args.a, args.b), demo=True)


def cmd_resume(args) -> int:
    """The session file given, else the reviewer's session saved last in --sessions-dir (./sessions)."""
    args.a = args.b = None
    if not args.session:
        from fazhi.core.store import latest_session

        reviewer, folder = args.reviewer or default_reviewer(), args.sessions_dir or "sessions"
        latest = latest_session(folder, reviewer)
        if latest is None:
            return _usage_error(f"no session of {printable(reviewer)} in {shown_name(str(folder))}: give the session "
                                f"file (or --sessions-dir, --reviewer)")
        args.session = str(latest)
    return cmd_review(args)


def _say_slow_reading(paths: list[str], lang: str) -> None:
    """A line on the terminal before PDFs not read before are read (a long one takes seconds, the screen blank until
    then: pdf2 F7)."""
    pdfs = [p for p in paths if p.lower().endswith(".pdf")]
    if not pdfs or not sys.stderr.isatty():
        return
    from fazhi.core.pdf import text_kept

    fresh = [p for p in pdfs if not text_kept(p)]
    if fresh:
        from fazhi.tui.i18n import Strings

        print(f"fazhi: {Strings(lang)('reading_pdfs', files=', '.join(map(printable, fresh)))}", file=sys.stderr)


def run_review(args, paths: tuple[str | None, str] | None = None, session_path: str | None = None,
               demo: bool = False) -> int:
    """Check everything that can be wrong before the screen opens (rubric, keymap, reports, session), run the
    workbench, then say where the session is and how to resume it. Without report A, B is reviewed alone."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.keymap import load_keymap

    rubric = load_rubric(args.rubric)
    keys = load_keymap(args.keymap) if args.keymap else {}
    _say_slow_reading([p for p in paths or () if p], args.lang)
    if session_path:
        review = Review.resume(session_path, rubric, reviewer=args.reviewer, sessions_dir=args.sessions_dir,
                               report_dirs=args.report_dir or [])
    elif paths[0] is None:
        review = Review.open_single(paths[1], args.reviewer or default_reviewer(), rubric, args.sessions_dir or "sessions")
    else:
        review = Review.open(paths[0], paths[1], args.reviewer or default_reviewer(), rubric,
                             args.sessions_dir or "sessions")
    from fazhi.core.review import Notice

    # the demo's notice first, after the one saying the reviewer's work was found (walk18 F9: that one came 6 s late)
    first = int(bool(review.notices) and review.notices[0].key in ("continued", "continued_single"))
    if demo:
        review.notices.insert(first, Notice("demo"))
    if not args.reviewer and not session_path and review.session.reviewer in SHARED_LOGINS:
        # a shared account's name as everyone's: their scores would pool as one reviewer's (walk8)
        review.notices.insert(first + demo, Notice("shared_login", {"name": review.session.reviewer}))  # after the demo's
    from fazhi.tui.i18n import Strings

    t = Strings(args.lang)  # the screen's language, before and after it too
    if (refused := _without_terminal(t, "plain_review")) is not None:
        return refused
    from fazhi.tui.app import ReviewApp  # Textual only for the commands that open a screen

    app = ReviewApp(review, lang=args.lang, keymap=keys)
    code = app.run() or 0
    report = app.exit_report
    if report.get("path"):
        import shlex

        # the options the workbench was opened with that a resume needs again (walk18 F10: --keymap was dropped)
        lang = (" --lang en" if args.lang == "en" else "") + (f" --keymap {shlex.quote(args.keymap)}" if args.keymap else "")
        if report.get("said"):  # (what a merge on quitting did)
            print(f"fazhi: {printable(report['said'])}")
        print(f"fazhi: {t('session_file')}: {shown_name(str(report['path']))}")
        print(f"fazhi: {t('resume_with')} fazhi resume {shlex.quote(str(report['path']))}{lang}")
    elif "error" in report:
        print(f"fazhi: {t.core(printable(report['error'], newlines=True))}", file=sys.stderr)
    elif app.return_code == 0:
        print(f"fazhi: {t('nothing_written')}")
    return app.return_code or code


def _without_terminal(t, plain: str) -> int | None:
    """A usage error (2) when the screen could not be used: Textual reads keys from stdin and draws on stderr, and
    with either redirected it would wait for keys that never come. Said in the interface's language (`t`), with the
    command's own plain form (`plain`: a message id; `aggregate --tui` was sent to `fazhi round DIR --plain`). None
    when it can run (or is served)."""
    keys, screen = sys.stdin.isatty(), sys.stderr.isatty()
    if "TEXTUAL_DRIVER" in os.environ or (keys and screen):
        return None
    streams = t("no_terminal_both" if not (keys or screen) else "no_terminal_stdin" if screen else "no_terminal_stderr")
    print(f"fazhi: {t('no_terminal', streams=streams, plain=t(plain))}", file=sys.stderr)  # the one redirected named
    return 2


def reviewer_option(text: str) -> str:
    """--reviewer NAME, refused (exit 2) when a session could not keep it."""
    from fazhi.core.session import REVIEWER_RULE, valid_reviewer

    name = valid_reviewer(text)
    if name is None:
        raise argparse.ArgumentTypeError(REVIEWER_RULE)
    return name


#: Login names that are no one's own: the workbench says so when the reviewer is not named.
SHARED_LOGINS = frozenset({"root", "admin", "administrator", "user", "guest", "ubuntu", "debian", "pi", "reviewer"})


def default_reviewer() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "reviewer"


def _missing(paths: list[str], t, absent: str = "missing_path") -> bool:
    """Say each of `paths` that is not a file or a folder, one line each in the interface's language (`t`): `absent`
    (a message id) for one that is not there, what it is for any other (a device such as /dev/null, a pipe, a socket:
    it was "no such file or folder", which it is not); whether any was."""
    wrong = False
    for path in paths:
        p = Path(path)
        if p.is_file() or p.is_dir():
            continue
        wrong = True
        print(f"fazhi: {t(absent if not p.exists() else 'not_a_session_path', path=shown_name(str(path)))}",
              file=sys.stderr)
    return wrong


def _scan_round(args, folder, align: bool = False):
    """The round in `folder` (round file: --round, else its own), with a progress line on a terminal."""
    from fazhi.core import round as rounds
    from fazhi.tui.i18n import Strings

    if args.round and not Path(args.round).parent.is_dir():  # a mistyped folder must not be made (as --out's is not)
        raise FazhiError(args.round, f"no such folder: {Path(args.round).parent}")
    show = sys.stderr.isatty() and not getattr(args, "quiet", False)
    t = Strings(getattr(args, "lang", "zh"))

    def line(p: rounds.Progress) -> None:
        sys.stderr.write("\r" + t("round_scan_progress", read=p.read, files=p.files, cached=p.cached)
                         + (t("round_scan_aligned", aligned=p.aligned, pairs=p.pairs) if p.pairs else "") + "\x1b[K")

    plan = rounds.scan(folder, round_file=args.round, progress=line if show else None, align=align,
                       rubric_path=args.rubric)
    if show:
        sys.stderr.write("\r\x1b[K")
    return plan


def cmd_round(args) -> int:
    """The round screen; the plan as JSON (--json) or as text (--plain, or when the output is not a terminal)."""
    from fazhi.core import round as rounds
    from fazhi.tui.i18n import Strings

    # A screen on a terminal, and when served (textual-serve runs the app with its web driver: stdout is its pipe).
    screen = not (args.json or args.plain or not (sys.stdout.isatty() or "TEXTUAL_DRIVER" in os.environ))
    if args.keymap:  # a keymap given is checked even for the plan alone (a wrong one went unsaid: fuzz2)
        from fazhi.tui.keymap import load_keymap

        keys = load_keymap(args.keymap)
    else:
        keys = {}
    if screen:  # what can be wrong with the configuration is said before the folder is scanned
        from fazhi.core.rubric import load_rubric

        rubric = load_rubric(args.rubric)
    plan = _scan_round(args, args.dir, align=args.align and not screen)
    reviewer = args.reviewer or (default_reviewer() if screen else None)
    # The screen reads the statuses itself, in a worker, after its first paint.
    status = rounds.review_status(plan, args.sessions_dir, reviewer, args.rubric) if reviewer and not screen else None
    if args.json:
        data = plan.to_dict()
        for review in data["reviews"] + data["pending_reviews"] if status else []:
            s = status.statuses[review["id"]]
            # draft: a dialog's typing kept unsaved for this review (core.drafts), offered again when it opens;
            # broken: a session file of it not counted (said in session_problems)
            review["status"] = {"state": s.state, "scored": s.scored, "total": s.total, "annotations": s.annotations,
                                "draft": s.draft, "broken": s.broken}
        if status:  # the statuses counted without them (walk12 F3: a review fell back to "not started", unsaid)
            data["session_problems"] = status.problems
            for problem in status.problems:
                print(f"fazhi: {Strings(args.lang).core(printable(problem, newlines=True))}", file=sys.stderr)
        _print_json(data)
        return 0
    if not screen:  # names from round.toml and from the files are data: shown, never acted on by the terminal
        from fazhi.tui.render import round_plan

        sys.stdout.write(printable(round_plan(plan, status, Strings(args.lang)), newlines=True))
    written = None
    try:
        if (written := rounds.write_template(plan, Strings(args.lang).core)) and not screen:
            _say_round_file_written(plan, written, args.lang)
    except (OSError, FazhiError) as e:  # a shared, read-only reports folder: the round opens all the same (fuzz2)
        # what the system said (core says "cannot write: …", which the line says already)
        reason = e.message.removeprefix("cannot write: ") if isinstance(e, FazhiError) else (e.strerror or str(e))
        print("fazhi: " + Strings(args.lang)("round_file_not_written", path=plan.round_file.path,
                                             reason=Strings(args.lang).core(reason)), file=sys.stderr)
    if not screen:
        return 0
    if (refused := _without_terminal(Strings(args.lang), "plain_round")) is not None:
        return refused
    from fazhi.tui.app import ScreenApp
    from fazhi.tui.screens.round import RoundScreen

    round_screen = RoundScreen(plan, reviewer, rubric, args.sessions_dir, args.lang, keys)
    app = ScreenApp(round_screen, args.lang, keys)
    app.run()
    if app.return_code:  # the screen failed (Textual printed why): not a round worked through (fuzz6 F1: exit 0)
        return app.return_code
    plan = round_screen.round  # as last read: `r` reads the folder and round.toml again (walk12 F4: counts from before)
    if written:  # said once the screen is gone (it hid the line), with what still waits
        if any(still := plan.waiting()):
            _say_round_file_written(plan, still, args.lang)
    status = rounds.review_status(plan, args.sessions_dir, reviewer, args.rubric)
    states = [s.state for s in status.statuses.values()]
    t = Strings(args.lang)
    print("fazhi: " + printable(t("round_exit", reviewer=reviewer, done=states.count("done"), total=len(states),
                                  in_progress=states.count("in progress"), folder=args.sessions_dir)))
    for problem in status.problems:  # counted without them: said as --json says them (walk13 F9: unsaid at exit)
        print(f"fazhi: {t.core(printable(problem, newlines=True))}", file=sys.stderr)
    from fazhi.core.round_file import load_round_file

    try:  # made wrong while the screen was open (it showed the round as last read, and said so there: walk13 F10)
        load_round_file(plan.round_file.path)
    except FazhiError as e:
        print(f"fazhi: {t.core(printable(str(e), newlines=True))}", file=sys.stderr)
    return 0


def _say_round_file_written(plan, waiting: tuple[int, int], lang: str) -> None:
    """That fazhi wrote the round file, with how many reports and duplicate choices wait in it for the reviewer."""
    from fazhi.tui.i18n import Strings
    from fazhi.tui.render import round_file_waiting

    t = Strings(lang)
    print(f"fazhi: {t('round_file_written', path=plan.round_file.path, what=round_file_waiting(waiting, t))}",
          file=sys.stderr)


def _usage_error(message: str) -> int:
    print(f"fazhi: error: {message}", file=sys.stderr)
    return 2


# ------------------------------------------------------------------------------------------- parser

class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # the message quotes the arguments it rejects: a file name's escapes stay text
        super().error(printable(message, newlines=True))

    def add_path(self, *names: str, folder: bool = False, existing: bool = False, **kwargs) -> argparse.Action:
        """An argument naming a file or folder (an empty one is refused: the system reads "" as the current folder);
        a `folder` that exists must be one, an `existing` folder must be there."""
        kind = existing_folder_option if existing else folder_option if folder else path_option
        return self.add_argument(*names, type=kind, **kwargs)


def path_option(text: str) -> str:
    """A file or folder name, refused (exit 2) when empty: `fazhi round ""` scanned the current folder."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name is not a file or folder")
    return text


def folder_option(text: str) -> str:
    """A folder's name, refused (exit 2) when something else is there: a file given as --sessions-dir was read as a
    session by aggregate and failed only at the first save in the workbench. (A default is checked too: argparse
    converts it like a given value.)"""
    if os.path.exists(path_option(text)) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} exists and is not a folder")
    return text


def existing_folder_option(text: str) -> str:
    """A folder to look in, refused (exit 2) when it is not there: a misspelt --report-dir was passed over, and the
    reviewer then told to give --report-dir (fuzz6 F7)."""
    if not os.path.isdir(folder_option(text)):
        raise argparse.ArgumentTypeError(f"{text!r}: no such folder")
    return text


COMMANDS = ("outline", "align", "areas", "aggregate", "round", "review", "demo", "resume", "serve")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """fazhi's parser. Given the command about to run, only that command's own (the nine together cost a short
    command a few milliseconds); without one, all of them, for help and for the error that names them."""
    parser = _Parser(prog="fazhi", description="fazhi: a review workbench for annual rule-of-law reports (法治政府建设年度报告)")
    parser.add_argument("--version", action="version", version="fazhi 0.1.0")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def wanted(name: str) -> bool:
        return command not in COMMANDS or name == command

    if wanted("outline"):
        p = sub.add_parser("outline", help="print a report's outline (title, government, year, sections)")
        p.add_path("path", help="the report: .txt, .html, .docx or .pdf")
        p.add_argument("--json", action="store_true", help="the JSON contract instead of a tree")
        p.set_defaults(func=cmd_outline)

    if wanted("align"):
        p = sub.add_parser("align", help="align the sections of two reports (A usually the earlier year)")
        p.add_path("a", help="report A, usually the earlier year")
        p.add_path("b", help="report B, usually the later year")
        p.add_argument("--json", action="store_true", help="the JSON contract (pairs, scores, evidence, figures) "
                                                           "instead of a table")
        p.add_argument("--pin", action="append", metavar="A_ID=B_ID", help="force a pair (repeatable)")
        p.add_argument("--forbid", action="append", metavar="A_ID=B_ID", help="forbid a pair (repeatable)")
        p.add_path("--rubric", metavar="FILE", help="the rubric whose areas and parts guide the alignment")
        p.set_defaults(func=cmd_align)

    if wanted("areas"):
        p = sub.add_parser("areas", help="map a report's sections to the rubric's areas and required parts")
        p.add_path("path", help="the report: .txt, .html, .docx or .pdf")
        p.add_argument("--json", action="store_true", help="JSON instead of bars")
        p.add_path("--rubric", metavar="FILE", help="a rubric TOML (default: the bundled one)")
        p.set_defaults(func=cmd_areas)

    if wanted("aggregate"):
        p = sub.add_parser("aggregate", help="pool reviewers' session files into per-report, per-area scores",
                           description="PATH: session files, folders of them, or a round (its folder or round.toml): "
                                       "then only the round's reports are pooled, named by government, year and title "
                                       "as the round reads them, from the other PATHs or else --sessions-dir.")
        p.add_path("paths", nargs="+", metavar="PATH", help="session files or folders of them, or a round")
        p.add_argument("--format", choices=["csv", "json", "md", "xlsx"],
                       help="default: --out's suffix (.csv, .json, .md, .xlsx), else csv; an --out of another "
                            "format's suffix, or .toml (a session's), is refused")
        p.add_argument("--table", metavar="TABLE", help="csv: one of the tables ranking, scores, notes, annotations, "
                                                        "agreement, year_over_year instead of the pooled rows (xlsx "
                                                        "holds each as a sheet, json and md all of them)")
        p.add_path("--out", metavar="FILE", help="write here (atomically) instead of stdout; - is stdout "
                                                     "(./- for a file named -); in the format its suffix names "
                                                     "unless --format is given")
        p.add_argument("--skip-bad", action="store_true", help="exit 0 even when some sessions could not be read")
        p.add_path("--rubric", metavar="FILE", help="a rubric TOML (default: the bundled one)")
        p.add_argument("--tui", action="store_true", help="open the aggregate view instead of exporting")
        p.add_path("--keymap", metavar="NAME|FILE", help="the view's keys: default, vim, or a keymap TOML file")
        p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the view and of XLSX/MD headers")
        p.add_path("--sessions-dir", folder=True, metavar="DIR", default="sessions",
                       help="with a round and no session PATH: where the round's sessions are (default ./sessions)")
        p.add_path("--round", metavar="FILE", help="with a round folder: its round file (default: DIR/round.toml)")
        p.set_defaults(func=cmd_aggregate)

    if wanted("round"):
        p = sub.add_parser("round", help="a review round: a folder of reports paired by government and year",
                           description="Scans DIR recursively, pairs each report with the same government's previous "
                                       "year and opens the round screen: the reviews with your status, Enter opens the "
                                       "workbench. --json prints the plan and never writes a file; --plain prints it "
                                       "as text (so does any output that is not a terminal). The screen and --plain "
                                       "create DIR/round.toml (or --round FILE) when it is absent and a report needs "
                                       "the reviewer (an unreadable government or year, a duplicate to choose).")
        p.add_path("dir", metavar="DIR", help="the folder of the round's reports (read recursively)")
        p.add_argument("--json", action="store_true", help="the plan as JSON (docs/round-format.md); never writes a file")
        p.add_argument("--plain", action="store_true", help="the plan as text instead of the screen")
        p.add_path("--round", metavar="FILE", help="the round file (default: DIR/round.toml)")
        p.add_argument("--align", action="store_true", help="with --json/--plain: also align every pair (the screen "
                                                            "always does, in the background)")
        p.add_argument("--reviewer", metavar="NAME", type=reviewer_option,
                       help="whose status to show (the screen: default the login name)")
        p.add_path("--sessions-dir", folder=True, metavar="DIR", default="sessions",
                   help="where the sessions are (default ./sessions)")
        p.add_path("--rubric", metavar="FILE", help="a rubric TOML (default: the bundled one)")
        p.add_path("--keymap", metavar="NAME|FILE", help="default, vim, or a keymap TOML file (as for review)")
        p.add_argument("--lang", choices=["zh", "en"], default="zh", help="the screen's language (default zh)")
        p.add_argument("--quiet", action="store_true", help="no progress line on stderr")
        p.set_defaults(func=cmd_round)

    for name, func, helptext in (("review", cmd_review, "open the review workbench on two reports, or one alone"),
                                 ("demo", cmd_demo, "open the workbench on the bundled sample pair"),
                                 ("resume", cmd_resume, "reopen a saved session")):
        if not wanted(name):
            continue
        p = sub.add_parser(name, help=helptext)
        if name == "review":
            p.add_path("a", nargs="?", help="report A, usually the earlier year (alone: the report to review)")
            p.add_path("b", nargs="?", help="report B, usually the later year")
            p.add_path("--session", metavar="FILE", help="reopen this session file")
        if name == "resume":
            p.add_path("session", metavar="FILE", nargs="?",
                       help="the session file (default: your session saved last in --sessions-dir)")
        p.add_argument("--reviewer", metavar="NAME", type=reviewer_option,
                       help="whose session (default your login name)" if name == "demo" else
                       "whose session: with a session file, the reviewer who wrote it unless another name is "
                       "given (then yours starts from theirs); else default your login name")
        p.add_path("--rubric", metavar="FILE", help="a rubric TOML (default: the bundled one)")
        p.add_path("--keymap", metavar="NAME|FILE", help="default, vim, or a keymap TOML file")
        p.add_argument("--lang", choices=["zh", "en"], default="zh", help="the workbench's language (default zh)")
        p.add_path("--sessions-dir", folder=True, metavar="DIR", default=None,
                   help={"review": "where sessions are kept (default ./sessions)",
                         "demo": "where the demo's session is kept (default ./sessions)",
                         "resume": "where to look for your session saved last (default ./sessions); with a "
                                   "session FILE, where it is saved (default: its own folder)"}[name])
        if name != "demo":  # the demo's reports are bundled: they never move
            p.add_path("--report-dir", existing=True, action="append", metavar="DIR",
                       help="where to look for reports that moved since the session was saved")
        p.set_defaults(func=func)

    if wanted("serve"):
        p = sub.add_parser("serve", help="serve the workbench to browsers: one app process per tab (docs/serving.md)")
        p.add_path("a", nargs="?", help="report A (with B; neither: the demo pair)")
        p.add_path("b", nargs="?", help="report B, usually the later year")
        p.add_path("--session", metavar="FILE", help="reopen this session file in every tab")
        p.add_path("--round", metavar="DIR", help="the round screen of the reports in DIR in every tab (as `fazhi "
                                                      "round DIR`: Enter opens the workbench)")
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (any but loopback needs --token)")
        p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        p.add_argument("--token", nargs="?", const="", metavar="TOKEN",
                       help="require this token (bare --token: generate one); printed in the address")
        p.add_argument("--reviewer", metavar="NAME", type=reviewer_option,
                       help="for tabs whose address names none (?reviewer=NAME)")
        p.add_path("--rubric", metavar="FILE", help="a rubric TOML (default: the bundled one)")
        p.add_path("--keymap", metavar="NAME|FILE", help="default, vim, or a keymap TOML (keymaps/default.toml lists the ids)")
        p.add_argument("--lang", choices=["zh", "en"], default="zh", help="the workbench's language (default zh)")
        p.add_path("--sessions-dir", folder=True, metavar="DIR", default="sessions",
                   help="where the tabs' sessions are kept (default ./sessions)")
        p.add_path("--report-dir", existing=True, action="append", metavar="DIR",
                   help="where to look for reports that moved since a session was saved")
        p.set_defaults(func=cmd_serve)
    for command_parser in sub.choices.values():  # what a command cannot use is said with that command's usage
        command_parser.set_defaults(command_parser=command_parser)
    return parser


def cmd_serve(args) -> int:
    from fazhi.tui.serve import serve_command  # aiohttp and textual-serve load only here

    return serve_command(args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, extra = build_parser(next((a for a in argv if not a.startswith("-")), None)).parse_known_args(argv)
    if extra:  # argparse says this with the top-level usage (fazhi [-h] [--version] COMMAND), which tells nothing
        args.command_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except FazhiError as e:
        from fazhi.tui.core_messages import say_core

        # FazhiError escapes control characters itself; said in the interface's language where the command has one
        print(f"fazhi: {say_core(str(e), getattr(args, 'lang', 'en'))}", file=sys.stderr)
        return e.exit_status
    except BrokenPipeError:
        return 0
    except OSError as e:  # what the system refuses of a path no check foresaw (a name too long, a loop of links)
        from fazhi.tui.core_messages import say_core

        # in the interface's language, as a FazhiError is (walkthrough: a name too long was said in English)
        where = shown_name(str(e.filename)) + ": " if e.filename else ""
        print(f"fazhi: {say_core(where + (e.strerror or printable(str(e))), getattr(args, 'lang', 'en'))}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


class _ClosedOutput(io.TextIOBase):
    """Standard output when fazhi was started with it closed: printing fails as writing to a closed descriptor does,
    said on stderr with exit 1 (as `cat >&-` says it, reread52 #2, hwalk52 #2); a command printing nothing
    (`aggregate --out FILE`) runs as ever."""

    def write(self, text) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF), "stdout")

    @property
    def buffer(self) -> _ClosedOutput:  # (binary output: an xlsx, a CSV's bytes)
        return self


def run() -> None:
    """The `fazhi` command: `main()`, then out without the interpreter's teardown where nothing is left running.

    Freeing a finished command's objects one by one took a short one (`fazhi align --json` of two samples) ~10 ms, a
    tenth of its time, and the system takes the memory back at once. What teardown does that matters is done first:
    the atexit handlers (the regex programs' cache, multiprocessing's) run and the standard streams are flushed. A
    command that left a thread running (the workbench's worker finishing a save) exits as ever: the interpreter
    waits for it."""
    if sys.stdout is None:  # started with it closed (`>&-`): Python gives None
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:  # nowhere to say anything: the exit status says it
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    status = main()
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (| head), or the stream is closed: nothing to say
            pass
    os._exit(status if isinstance(status, int) else 0 if status is None else 1)


if __name__ == "__main__":
    run()
