#!/usr/bin/env python3
"""A reviewer's working session in tmux, scripted and checked: `fazhi review A B` driven key by key as a person
would, with what is on screen (capture-pane) and what is in the session file (tomllib) checked after every step.

    python tests/tmux/review_session.py                 # the bundled pair, at 160×45 then at 80×24
    python tests/tmux/review_session.py --size 160x45 --keep    # one size; keep the sessions folder to look at

The walk: score all ten areas of both reports (]/[ between areas, ←/→/Tab for the report, digits; one score typed
with `=`, one through the palette "B · 行政执法 = 3"; an off-scale digit refused), a score note (o), reading on after
choosing an area (↓), an annotation by visual selection (v, arrows, a), a search (/ term Enter, n, N, Esc), the
area's evidence (e), a pin of an unmatched section (u, p, typing to filter, Enter), a split (P), undo and redo
(ctrl+z, ctrl+y), the help (?, Esc), quit (q). Then `fazhi resume FILE` (everything back, the view where the
reviewer left it), the same as another reviewer (the "started from" notice; the first reviewer's file untouched)
and `fazhi review A B` again ("continuing session of …").

Prints one line per check — ok, FAIL, XFAIL (a known app bug, the reason printed) or XPASS (that bug is fixed:
drop the mark) — then a summary; exits 1 when a check failed, 2 without tmux. Runs the `fazhi` of this Python
(or $FAZHI_CLI). Each step is a function of a `Reviewer` (tests/tmux/reviewer.py); screens are read by
tests/tmux/workbench.py, tmux is driven by tests/tmux/driver.py.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from driver import Checks, close_server  # noqa: E402
from reviewer import Reviewer, work_of  # noqa: E402
from workbench import STRINGS, T, Screen, pattern  # noqa: E402

#: What selecting says with the default keymap (its keys as Textual shows them).
VISUAL_ON = T("visual_on", phrase="shift+←→", annotate="a", cancel="esc")

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "core" / "samples"

def open_review(r: Reviewer, a: Path, b: Path) -> None:
    r.checks.begin(f"open {a.name} ↔ {b.name} as {r.name}")
    screen = r.start("review", str(a), str(b), "--sessions-dir", str(r.sessions), reviewer=r.name)
    r.checks.check("nothing is written before the first change", r.session_file() is None)
    r.verify(screen, file=False)
    if r.wide:
        r.checks.check("the pair list shows", len(screen.pair_rows) >= 5, screen.lines[:6])


def score(r: Reviewer, side: str, index: int, level: int, how: str = "digit") -> None:
    """Score area `index` of report `side` (already chosen) by a digit, by `=` or through the palette."""
    c, area, name = r.checks, r.areas[index], r.names[index]
    r.goto_area(index)
    if how == "digit":
        r.key(str(level))
    elif how == "typed":
        title = T("score_type_title", side=side.upper(), area=name)
        r.key("=")
        c.check(f"= opens “{title}”", r.wait(lambda s: title in s)[1])
        r.type(str(level))
        r.key("Enter")
    else:
        entry = f"{side.upper()} · {name} = {level}"  # the palette names the report it scores
        r.key("C-p")
        c.check("ctrl+p opens the palette", r.wait(lambda s: T("palette_placeholder") in s)[1])
        r.type(f"{side.upper()} {name} = {level}")
        c.check(f"the palette offers “{entry}”", r.wait(lambda s: entry in s)[1])
        r.key("Enter")
    said = T("scored", side=side.upper(), area=name, level=level, label=r.rubric.level(level).text("zh")[0])
    r.scores[side][area.id] = level
    # The status line, under the palette, can announce the score a frame before the palette closes (its list still
    # covering rows of the area panel): wait for every area row on screen as well.
    screen, ok = r.wait(lambda s: s.announces(said) and s.progress == r.expected_progress()
                        and all(name in s.areas for name in r.names))
    c.check(f"{how}: the status says “{said}”", ok, screen.message)
    r.verify(screen)


def score_all(r: Reviewer) -> None:
    c, n = r.checks, len(r.areas)
    lo, hi = r.rubric.scale_min, r.rubric.scale_max
    levels = {side: [lo + (i + shift) % (hi - lo + 1) for i in range(n)] for side, shift in (("a", 3), ("b", 4))}
    typed, palette = n * 2 // 3, 4 % n  # A's area typed with =; B's through the palette (行政执法 by default)

    c.begin(f"score the {n} areas of A (←, ], digits) and an off-scale digit")
    r.choose_side("a", "Left")
    r.goto_area(0)
    if hi < 9:
        refused = T("refused_off_scale", level=hi + 1, scale=r.rubric.scale_text)
        r.key(str(hi + 1))
        screen, ok = r.wait(lambda s: s.announces(refused))
        c.check(f"{hi + 1} is refused: “{refused}”", ok, screen.message)
        r.verify(screen)
    for i in range(n):
        if i != typed:
            score(r, "a", i, levels["a"][i])

    c.begin(f"score the {n} areas of B (Tab, [, digits)")
    last = max(i for i in range(n) if i != typed)
    screen = r.choose_side("b", "Tab")
    c.check("Tab keeps the area (one area scored for A, then for B)", screen.scoring[1] == r.names[last], screen.scoring)
    for i in reversed(range(n)):
        if i != palette:
            score(r, "b", i, levels["b"][i])

    c.begin("one score typed with =, one through the palette")
    r.choose_side("a", "Left")
    score(r, "a", typed, levels["a"][typed], how="typed")
    r.choose_side("b", "Right")
    score(r, "b", palette, levels["b"][palette], how="palette")
    c.check(f"all {n} areas of both reports scored", r.expected_progress()["a"] == n == r.expected_progress()["b"])


def score_note(r: Reviewer, note: str = "执法数据翔实,缺少典型案例") -> None:
    c = r.checks
    c.begin("a score note (o)")
    screen = r.screen()
    (side, name), before = screen.scoring, screen.message
    title = f"{T('score_note')}: {side} · {name}"
    r.key("o")
    c.check(f"o opens “{title}”", r.wait(lambda s: title in s)[1])
    r.type(note)
    r.key("Enter")
    r.notes[(side.lower(), r.areas[r.names.index(name)].id)] = note
    screen, ok = r.wait(lambda s: title not in s and s.progress == r.expected_progress())
    c.check("Enter saves the note", ok, screen.progress)
    r.verify(screen)
    c.check("the status line confirms the note", screen.message != before, screen.message)


def read_on(r: Reviewer) -> None:
    """Choose an area two away from the one the pair suggests, then read the next pair: the area should stay."""
    c = r.checks
    c.begin("choose an area (]), read on (↓)")
    r.key("Home")
    screen = r.settle()
    chosen = r.names[(r.names.index(screen.scoring[1]) + 2) % len(r.names)]
    r.goto_area(r.names.index(chosen))
    r.key("Down", "Down", "Down")
    screen = r.settle()
    c.check(f"the area stays {chosen} while reading on", screen.scoring[1] == chosen, screen.scoring)


def annotate(r: Reviewer, note: str = "数据翔实", tag: str = "亮点") -> None:
    c = r.checks
    c.begin("annotate a passage by visual selection (v, arrows, a)")
    r.key("Home")
    r.choose_side("b", "Right")
    r.key("v")
    screen, ok = r.wait(lambda s: s.announces(VISUAL_ON))
    c.check("v starts the selection", ok, screen.message)
    r.key("Right", "Right", "Right", "Right", "Down", "a")
    # the title names the place; the passage is under it, from « (its first row: the form wraps it)
    title = re.compile(rf"^{re.escape(T('annotate'))} B (\S+)$")

    def form(s) -> tuple[str, str] | None:
        lines = s.dialog_lines()
        at = next((i for i, line in enumerate(lines) if title.match(line)), None)
        quote = next((line for line in lines[at + 1:] if line.startswith("«")), None) if at is not None else None
        return (title.match(lines[at]).group(1), quote[1:].split("»")[0]) if quote else None

    screen, ok = r.wait(form)
    c.check("a opens the annotation form on the selection", ok)
    section, shown = form(screen) if ok else ("", "")
    r.type(note)
    r.key("Tab")
    r.type(tag)
    r.key("Enter")
    r.annotations += 1
    screen, ok = r.wait(lambda s: not form(s) and s.progress == r.expected_progress())
    c.check("Enter saves the annotation", ok, screen.progress)
    r.verify(screen)
    saved = (r.session().get("annotations") or [{}])[-1]
    quote = saved.get("quote", "")
    c.check("file: the annotation's side, section, note and tag",
            (saved.get("side"), saved.get("section"), saved.get("note"), saved.get("tags")) == ("b", section, note, [tag]),
            saved)
    c.check("file: the quote is the selected passage, as the form showed it",
            shown.strip() and quote.startswith(shown.rstrip("…").strip()), f"{quote!r} vs {shown!r}")
    c.check("file: ↓ extended the selection beyond the 5 characters of →×4", len(quote) > 5, quote)
    if r.wide:
        c.check("the detail panel lists the annotation", f"«{quote.replace(chr(10), ' ')[:6]}" in screen and note in screen)
    c.check("the status line no longer says the selection mode is on", not screen.announces(VISUAL_ON),
            screen.message)


def search(r: Reviewer, query: str) -> None:
    c = r.checks
    c.begin(f"search (/ {query} Enter, n, N, Esc)")
    r.key("/")
    c.check("/ opens the find line", r.wait(lambda s: T("find_prompt") in s)[1])
    r.type(query)
    r.key("Enter")
    # the hit's report and which of how many: before it may come the report scored now, after it the counts per report
    # and a wrap (at 80 columns cut with …)
    head = pattern("find_hits_pair", query=query).pattern.split(r"\(")[0]  # (the counts: an escaped "(")
    hits = re.compile(r"(?:.+ · )?" + head + r".*")
    screen, ok = r.wait(lambda s: s.matches(hits))
    if not c.check(f"the status counts the hits of “{query}”", ok, screen.message):
        return
    first, total = int(screen.matches(hits)["n"]), int(screen.matches(hits)["total"])
    c.check("at least two hits (so n and N move)", total >= 2, total)
    for key, want in (("n", first % total + 1), ("N", first)):
        r.key(key)
        screen, ok = r.wait(lambda s: s.matches(hits) and int(s.matches(hits)["n"]) == want)
        c.check(f"{key} goes to hit {want}/{total}", ok, screen.message)
    r.key("Escape")
    screen, ok = r.wait(lambda s: s.message == "")
    c.check("Esc ends the search", ok, screen.message)
    r.key("n")
    screen = r.settle()
    c.check("after Esc, n moves between changes again", not screen.matches(hits), screen.message)


def evidence(r: Reviewer) -> None:
    c, index = r.checks, len(r.areas) // 2
    area, name = r.areas[index], r.names[index]
    c.begin(f"the evidence of {name} (e, e, Esc)")
    r.key("Home")
    r.goto_area(index)
    hit = pattern("evidence_hit")
    r.key("e")
    screen, ok = r.wait(lambda s: s.matches(hit))
    if not c.check("e announces an evidence hit", ok, screen.message):
        return
    first, screen = screen.matches(hit), r.settle()
    c.check(f"the hit is one of {name}'s keywords", first["phrase"] in area.keywords, first["phrase"])
    c.check(f"the area panel stays on {name}", screen.scoring[1] == name, screen.scoring)
    total, want = int(first["total"]), int(first["n"]) % int(first["total"]) + 1
    r.key("e")
    screen, _ = r.wait(lambda s: s.matches(hit) and s.matches(hit).group(0) != first.group(0))
    shown = screen.matches(hit)
    c.check(f"the next e goes to {name}'s hit {want}/{total}",
            shown and (int(shown["n"]), int(shown["total"])) == (want, total), screen.message)
    r.key("Escape")
    screen, ok = r.wait(lambda s: s.message == "")
    c.check("Esc ends the evidence walk", ok, screen.message)


def pin(r: Reviewer) -> None:
    c = r.checks
    c.begin("pin an unmatched section (u, p, type to filter, Enter)")
    r.key("Home", "u")
    r.settle()
    a_id, b_id = r.why()
    if not c.check("u goes to an unmatched section", (a_id is None) != (b_id is None), (a_id, b_id)):
        return
    r.key("p")
    screen, ok = r.wait(lambda s: T("pick_counterpart") in s and choices(s))
    c.check("p opens the counterpart chooser", ok)
    offered = choices(screen)
    target, words = unique_words(offered)
    r.type(words)
    screen, ok = r.wait(lambda s: choices(s) and choices(s)[0][0] == target)
    c.check(f"typing “{words}” puts {target} first", ok, choices(screen)[:3])
    c.check("typing filters the list", len(choices(screen)) < len(offered), len(choices(screen)))
    r.key("Enter")
    r.pins.append((a_id or target, b_id or target))
    said = T("pinned", pair=f"{r.pins[-1][0]} ↔ {r.pins[-1][1]}")  # then what it displaced, once re-aligned
    screen, ok = r.wait(lambda s: (s.announces(said) or (s.message or "").startswith(said + "：")
                                   or (s.message or "").startswith(said + ":")) and "📌" in s)
    c.check(f"Enter pins: “{said}” and 📌", ok, screen.message)
    r.verify(screen)
    if r.wide:
        c.check("the pair list shows the pinned pair", r.pins[-1] in [row[1:] for row in screen.pair_rows],
                screen.pair_rows[:12])


def split_undo_redo(r: Reviewer) -> None:
    c = r.checks
    c.begin("split a pair (P), then undo and redo (ctrl+z, ctrl+y)")
    r.key("Home")
    pair: tuple[str | None, str | None] = (None, None)
    for _ in range(12):  # the first pair after the preamble with a section on both sides, not the pinned one
        r.key("Down")
        r.settle()
        pair = r.why()
        if all(pair) and pair not in r.pins:
            break
    if not c.check("found a pair with both sides", all(pair), pair):
        return
    r.key("P")
    r.forbidden.append(pair)
    said = T("split", pair=f"{pair[0]} ↔ {pair[1]}")  # then where the two went, once the rest re-aligned
    screen, ok = r.wait(lambda s: s.announces(said) or (s.message or "").startswith(said + ":"))
    c.check(f"P: “{said}”", ok, screen.message)
    r.verify(screen)
    if r.wide:
        screen, ok = r.wait(lambda s: pair not in [row[1:] for row in s.pair_rows]
                            and pair[0] in [row[1] for row in s.pair_rows])
        c.check("the pair list no longer pairs them", ok, screen.pair_rows[:14])
    if not r.pins:
        return
    split, pinned = r.forbidden[-1], r.pins[-1]
    for key, message, label, change in (("C-z", "undone", "split", lambda: r.forbidden.remove(split)),
                                        ("C-z", "undone", "pin", lambda: r.pins.remove(pinned)),
                                        ("C-y", "redone", "pin", lambda: r.pins.append(pinned)),
                                        ("C-y", "redone", "split", lambda: r.forbidden.append(split))):
        change()
        a, b = split if label == "split" else pinned
        said = T(message, what=f"{T.undo_label(label)} {a or '–'} ↔ {b or '–'}")  # what, and which pair
        r.key(key)
        screen, ok = r.wait(lambda s: s.announces(said))
        c.check(f"{key}: “{said}”", ok, screen.message)
        r.verify_file()
    r.palette_to(pinned)
    c.check("the pinned pair is back, with its 📌", r.wait(lambda s: "📌" in s)[1] and r.why() == pinned)


def help_screen(r: Reviewer) -> None:
    c = r.checks
    c.begin("help (?, Esc)")
    before = r.screen().message
    r.key("?")
    c.check("? opens the help: keys and what they do (not the keymap's names of them)",
            r.wait(lambda s: T("help_title") in s and T.binding("pair.next") in s and "pair.next" not in s)[1])
    r.key("Escape")
    screen, ok = r.wait(lambda s: T("help_title") not in s and s.progress is not None)
    c.check("Esc closes it, back on the workbench as it was", ok and screen.message == before, screen.message)


def quit_and_come_back(r: Reviewer, a: Path, b: Path) -> None:
    c = r.checks
    c.begin("quit (q), where the view was")
    r.key("Home", "Down", "Down", "Down")
    r.settle()
    r.choose_side("b", "Right")
    screen = r.goto_area((r.names.index(r.screen().scoring[1]) + 2) % len(r.names))
    pair, scoring = r.why(), screen.scoring
    r.quit()
    path, view = r.session_file(), r.session().get("view", {})
    c.check("file: [view] holds the pair, the report and the area",
            (view.get("a"), view.get("b"), view.get("side"), view.get("area"))
            == (*pair, "b", r.areas[r.names.index(scoring[1])].id), view)
    r.verify_file()
    scored = str(sum(map(len, r.scores.values())))

    c.begin("fazhi resume FILE: everything back, the view where it was")
    screen = r.start("resume", str(path))
    notice(r, screen, "continued", scores=scored)
    r.verify(screen, file=False)
    c.check("the same pair is focused", r.why() == pair)
    screen = r.screen()
    c.check("the same report is being scored", screen.scoring[0] == "B", screen.scoring)
    c.check(f"the same area is focused ({scoring[1]})", screen.scoring == scoring, screen.scoring)
    r.quit()
    r.verify_file()

    other, before = "乙", path.read_bytes()
    c.begin(f"fazhi resume FILE --reviewer {other}: started from {r.name}'s session")
    screen = r.start("resume", str(path), reviewer=other)
    notice(r, screen, "started_from", reviewer=r.name)
    r.verify(screen, file=False)
    screen = r.choose_side("a", "Left")
    area = r.areas[r.names.index(screen.scoring[1])]
    level = r.rubric.scale_max if r.scores["a"][area.id] != r.rubric.scale_max else r.rubric.scale_min
    r.key(str(level))
    screen, ok = r.wait(lambda s: s.saved and (marks := s.areas.get(area.name("zh"))) and marks.a == level)
    c.check(f"{other} changes A · {area.name('zh')} to {level}", ok, screen.message)
    r.quit(names_file=False)
    theirs = work_of(r.session(other))
    c.check(f"{other}'s own file holds {r.name}'s work with the change",
            theirs == {**r.expected_work(), "scores": {**r.scores, "a": {**r.scores["a"], area.id: level}}}, theirs)
    c.check(f"{r.name}'s file is untouched", path.read_bytes() == before)

    c.begin(f"fazhi review A B as {r.name} again: continuing the session")
    screen = r.start("review", str(a), str(b), "--sessions-dir", str(r.sessions), reviewer=r.name)
    notice(r, screen, "continued", scores=scored)
    r.verify(screen, file=False)
    r.quit()


def notice(r: Reviewer, screen: Screen, key: str, **params: str) -> None:
    """The opening notice `key` (an i18n message) in the header or on the status line, in its first seconds: on A's
    line, or over both header lines after the names where it is too long for one (a narrow terminal)."""
    regex = pattern(key, **params)
    over_both = re.compile(regex.pattern.replace("\\ ", r"\s*"))  # (a line may end at a blank of the notice)

    def shown_in(s: Screen) -> bool:
        after_names = "".join(re.split(r"\s{3,}", line.strip(), maxsplit=1)[-1] for line in s.lines[:2])
        return bool(s.find(regex) or over_both.search(after_names))

    if not shown_in(screen):
        screen, _ = r.wait(shown_in, 1.5)
    shown = [line.strip() for line in screen.lines[:2]] + [screen.message or ""]
    shown_as = {name: "…" for name in re.findall(r"\{(\w+)\}", STRINGS[key][0])} | params  # what varies: "…"
    r.checks.check(f"the notice “{T(key, **shown_as)}” is shown", shown_in(screen), shown)


def choices(screen: Screen) -> list[tuple[str, str]]:
    """The chooser's visible items: (section id, label)."""
    return [(m.group(1), m.group(2)) for line in screen.dialog_lines()
            if (m := re.match(r"^(\d+(?:\.\d+)*) (\S.*)$", line))]


def unique_words(options: list[tuple[str, str]]) -> tuple[str, str]:
    """An item other than the first, and a few characters of its label no other visible item has (its id when
    there are none: the chooser puts an exactly typed id first)."""
    for key, label in options[1:] + options[:1]:
        for size in (4, 3, 5, 2):
            for start in range(max(1, len(label) - size)):
                words = label[start:start + size]
                if words.strip() == words and not any(words in other for k, other in options if k != key):
                    return key, words
    return options[0][0], options[0][0]


def walk(checks: Checks, a: Path, b: Path, work: Path, size: tuple[int, int], name: str, query: str) -> None:
    """The whole session in one terminal size."""
    r = Reviewer(checks, cli_command(), work, size, name)
    checks.scope = f"{size[0]}×{size[1]}"
    try:
        open_review(r, a, b)
        score_all(r)
        score_note(r)
        read_on(r)
        annotate(r)
        search(r, query)
        evidence(r)
        pin(r)
        split_undo_redo(r)
        help_screen(r)
        quit_and_come_back(r, a, b)
    finally:
        r.close()


def cli_command() -> list[str]:
    exe = os.environ.get("FAZHI_CLI")
    return [exe] if exe else [sys.executable, "-m", "fazhi.tui.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", nargs="?", default=str(SAMPLES / "dongkeng_2017.txt"))
    parser.add_argument("b", nargs="?", default=str(SAMPLES / "qingxi_2024.txt"))
    parser.add_argument("--size", action="append", metavar="WxH", help="terminal size (repeatable; default 160x45 80x24)")
    parser.add_argument("--query", default="法治政府", help="what to search for (it should be in both reports)")
    parser.add_argument("--reviewer", default="甲")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the sessions) and print where")
    parser.add_argument("--quiet", action="store_true", help="print only what did not pass, and the summary")
    args = parser.parse_args(argv)
    if not shutil.which("tmux"):
        print("review_session: tmux is not installed", file=sys.stderr)
        return 2
    checks = Checks(verbose=not args.quiet)
    work = Path(tempfile.mkdtemp(prefix="fazhi-walk-"))
    started = time.monotonic()
    try:
        for size in args.size or ["160x45", "80x24"]:
            width, height = (int(x) for x in size.lower().split("x"))
            walk(checks, Path(args.a).resolve(), Path(args.b).resolve(), work, (width, height), args.reviewer, args.query)
    finally:
        close_server()
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{checks.summary()}\n({time.monotonic() - started:.0f}s)")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
