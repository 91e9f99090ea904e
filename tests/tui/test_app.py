"""Every workbench action driven by key presses (Textual Pilot), asserting on the review's state and on disk."""
from __future__ import annotations

from textual.widgets import Button, Input

import asyncio
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding

from fazhi.core.session import load_session
from fazhi.tui.first_frame import HOLD_LIMIT
from fazhi.tui.i18n import Strings
from fazhi.tui.screens.chooser import Chooser
from fazhi.tui.screens.form import Form
from fazhi.tui.screens.help import HelpScreen
from fazhi.tui.screens.question import Question
from fazhi.tui.widgets.panels import AreaPanel
from tests.conftest import sample
from tests.tui.conftest import NEXT_YEAR, index_of, ready

SIZE = (160, 45)


async def test_first_screen_shows_both_outlines_pending_then_aligned(make_app, held_alignment):
    app = make_app(inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.review.alignment is None and {p.status for p in app.workbench.view.pairs} == {"pending"}
        assert app.workbench.view.pairs[1].a == "1" and app.workbench.view.pairs[1].b == "1"  # both outlines, in document order
        held_alignment.set()
        await ready(app, pilot)
        statuses = {p.status for p in app.workbench.view.pairs}
        assert "pending" not in statuses and {"matched", "added", "removed"} <= statuses
        assert app.review.alignment.partner("a", "1.4").b == "1.4"


def frames_shown(monkeypatch, web: bool) -> list[tuple[int, bool]]:
    """Every frame of the workbench screen that reaches the terminal: (rows it covers, the view laid out then);
    with `web`, the app runs as textual-serve runs it (`App.is_web`)."""
    from textual._compositor import LayoutUpdate

    from fazhi.tui.screens.review import ReviewScreen

    shown, display = [], App._display

    def record(self, screen, update):
        if isinstance(screen, ReviewScreen) and update is not None:
            rows = update.region.height if isinstance(update, LayoutUpdate) else len({y for y, _, _ in update.spans})
            shown.append((rows, screen.view.laid_out))
        return display(self, screen, update)

    monkeypatch.setattr(App, "_display", record)
    monkeypatch.setattr(App, "is_web", property(lambda self: web))
    return shown


async def test_the_first_frame_of_the_workbench_in_a_terminal_is_the_whole_screen(make_app, monkeypatch):
    """The first paint of the workbench that reaches the terminal is the whole screen (header, panels, status line),
    not only the regions that changed after a paint Textual dropped while the app was mounting; nothing is held."""
    shown = frames_shown(monkeypatch, web=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
    assert shown and shown[0][0] == SIZE[1] and len(shown) > 1, shown[:3]


async def test_the_first_frame_of_the_workbench_in_a_browser_is_the_whole_settled_screen(make_app, monkeypatch):
    """Served to a browser, the first frame is the whole screen as it settles: its pairs laid out for the view's
    width, not the first layout before it (which Textual painted, and then the view's rows and the scrollbars in
    five more frames, each drawn again by xterm.js)."""
    shown = frames_shown(monkeypatch, web=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.pause(HOLD_LIMIT)
    assert shown and shown[0] == (SIZE[1], True), shown[:3]


async def test_a_screen_that_never_settles_is_painted_at_the_hold_limit(make_app, monkeypatch):
    """Served to a browser: held while the screen is not laid out (asked again a frame's time later, not in a busy
    loop), then painted whole at HOLD_LIMIT all the same."""
    from fazhi.tui import first_frame
    from fazhi.tui.screens.review import ReviewScreen

    limit = 3.0  # the real limit (0.5 s) could pass before the first pause on a loaded machine, releasing the hold
    monkeypatch.setattr(first_frame, "HOLD_LIMIT", limit)
    asked = []
    monkeypatch.setattr(ReviewScreen, "first_frame_ready", lambda self: asked.append(1) and False)
    shown = frames_shown(monkeypatch, web=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app._holding_first_frame and not shown
        await pilot.pause(limit + 0.5)
        assert not app._holding_first_frame and shown and shown[0][0] == SIZE[1]
    assert 1 < len(asked) <= limit * 60 * 2, len(asked)


async def test_moving_between_pairs_with_feedback_at_the_ends(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "down")
        assert app.workbench.view.focused_index == 3
        await pilot.press("k", "up")
        assert app.workbench.view.focused_index == 1
        await pilot.press("end")
        assert app.workbench.view.focused_index == len(app.review.pairs) - 1
        await pilot.press("j")
        assert app.workbench.view.focused_index == len(app.review.pairs) - 1 and app.workbench.message == app.workbench.t("last_pair")
        await pilot.press("home", "k")
        assert app.workbench.view.focused_index == 0 and app.workbench.message == app.workbench.t("first_pair")


async def test_next_change_and_unmatched(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("u")
        assert app.review.is_unmatched(app.workbench.view.focused_pair)
        first = app.workbench.view.focused_index
        await pilot.press("u")
        assert app.workbench.view.focused_index > first
        await pilot.press("U")
        assert app.workbench.view.focused_index == first
        await pilot.press("home", "n")
        assert app.review.is_change(app.workbench.view.focused_pair) and app.workbench.view.focused_index > 0


async def test_next_change_goes_straight_to_the_edited_section_a_year_on(make_app, tmp_path):
    """A year-over-year pair with one sub-section edited: n from Home lands on it (not on its parents, nor on a
    section whose only change is the year), N from End too, and a second n finds nothing further."""
    from tests.helpers import EDITED_SECTION, year_over_year

    app = make_app(*year_over_year(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("home", "n")
        assert app.workbench.view.focused_pair.a == EDITED_SECTION
        await pilot.press("n")
        assert app.workbench.view.focused_pair.a == EDITED_SECTION
        assert app.workbench.message == app.workbench.t("no_more_changes")
        await pilot.press("end", "N")
        assert app.workbench.view.focused_pair.a == EDITED_SECTION
        await pilot.press("N")  # nothing before it: said the way it went (it said "no further changes")
        assert app.workbench.message == app.workbench.t("no_earlier_changes")


async def test_the_pair_list_tells_edited_from_identical_and_names_a_renamed_section_twice(make_app, tmp_path):
    """= stood for identical pairs and rewritten ones alike, named by A's heading only. Now: = the same text (the
    year moved on aside), ≈ its own text edited, and where B's heading says something else, A's → B's."""
    from fazhi.tui.widgets.pair_list import PairList
    from tests.helpers import EDITED_SECTION, year_over_year

    app = make_app(*year_over_year(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        labels = dict(zip((p.a for p in app.review.pairs), app.workbench.query_one(PairList).labels))
        assert labels[EDITED_SECTION][1].startswith(f"≈ {EDITED_SECTION} ")
        assert labels[EDITED_SECTION.rsplit(".", 1)[0]][1].startswith("= ")  # its parent: its own text is the same
        assert labels["1"] == ("matched", "= 1 2017年工作情况")  # 2018年 in B: the year, not a new name
        assert "≈" in dict(app.workbench.t.legend(app.workbench._legend_keys()))
        # the compare view's headers give the same sign (they said = for an edited pair)
        blocks = {b.pair.a: b for b in app.workbench.view.blocks}
        assert blocks[EDITED_SECTION].titles["a"].startswith(f"≈ {EDITED_SECTION} ")
        assert blocks[EDITED_SECTION.rsplit(".", 1)[0]].titles["a"].startswith("= ")
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        pairs = app.review.pairs
        plist = app.workbench.query_one(PairList)
        k = next(i for i, p in enumerate(pairs) if p.a == "2")  # 存在问题和不足 → 存在的不足和原因
        assert plist.labels[k] == ("edited", "≈ 2 存在问题和不足 → 存在的不足和原因")
        k = next(i for i, p in enumerate(pairs) if p.a == "1.1")  # two long headings: both cut, each with …
        app.workbench.goto_pair(k)
        await pilot.pause()
        row = plist.render_line(k - int(plist.scroll_y)).text.rstrip()
        head, _, tail = row.partition(" → ")
        assert head.startswith("≈ 1.1 坚持") and head.endswith("…") and tail.startswith("坚持") and tail.endswith("…")
        width = plist.scrollable_content_region.width  # a heading alone cut with … too (walk14 F8: cut unmarked)
        for i, (_, whole) in enumerate(plist.labels):
            if plist.rows[i].renamed is None and cell_len(whole) > width and not whole.endswith("…"):
                plist.scroll_to(y=i, animate=False, immediate=True)
                await pilot.pause()
                assert plist.render_line(i - int(plist.scroll_y)).text.rstrip().endswith("…"), whole
                break
        else:
            pytest.fail("no heading alone too long for the list")


@pytest.mark.parametrize("lang, size", [("zh", (80, 24)), ("en", (80, 24)), ("zh", SIZE), ("en", SIZE)])
async def test_a_moved_pair_whose_text_was_rewritten_says_both_signs(make_app, lang, size):
    """polish4: a moved pair whose own text was rewritten showed ↕ alone, and a reviewer scanning for ≈ passed it
    over. It is ↕≈ (moved and edited) in the pair list, both headers, the status line's counts, the why dialog and
    the help, in the moved colour; a moved pair whose text is the same stays ↕; the 80-column screen keeps its
    columns (the sign takes a cell of the heading, not of the layout)."""
    from fazhi.tui.widgets.pair_list import PairList

    t = Strings(lang)
    app = make_app(b=NEXT_YEAR, lang=lang)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        workbench, plist, review = app.workbench, app.workbench.query_one(PairList), app.review
        k = index_of(app, a="1.4")  # 1.4 → 1.5, its text rewritten on the way
        moved = review.pairs[k]
        assert moved.status == "moved" and review.shown_status(moved) == "moved_edited"
        assert plist.labels[k][0] == "moved_edited" and plist.labels[k][1].startswith("↕≈ 1.4/1.5 ")
        block = next(b for b in workbench.view.blocks if b.pair is moved)
        assert block.titles["a"].startswith("↕≈ 1.4 ") and block.titles["b"].startswith("↕≈ 1.5 0.")
        moved_style = workbench.view.get_component_rich_style("compare-view--moved", partial=True)
        assert workbench.view._style(block.sign) == moved_style
        moved_pairs = sum(p.status == "moved" for p in review.pairs)  # the status line counts them all under ↕
        assert f"↕ {t('moved')} {moved_pairs}" in workbench.message and "↕≈" not in workbench.message
        if plist.display:  # hidden at 80 columns: the headers carry the sign there
            workbench.goto_pair(k)
            await pilot.pause()
            row = plist.render_line(k - int(plist.scroll_y))
            assert row.text.startswith("↕≈ 1.4/1.5 ") and row.cell_length == plist.scrollable_content_region.width
        else:
            assert [w.outer_size.width for w in (workbench.view, workbench.query_one("#side"))] == [80 - 27, 27]
        workbench.goto_pair(k)
        assert f"{t('why_status', status=t('moved_edited'))}" in (await why_dialog(app, pilot)).body
        await pilot.press("escape")
        await pilot.pause()
        assert dict(t.legend(app.workbench._legend_keys()))["↕≈"].startswith(t("moved_edited"))


async def test_focused_pair_has_word_diff_and_figures(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.1.1"))
        await pilot.pause()
        comparison = app.review.comparison(app.workbench.view.focused_pair)
        assert any(op.tag != "equal" for op in comparison.ops)
        assert any(f.a and f.b and (f.a.text, f.b.text) == ("1400名", "1600名") for f in comparison.figures)
        assert "1400名 → 1600名" in app.workbench.query_one("#detail").plain


async def test_score_each_report_and_area_with_announcement(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("3")
        assert app.review.session.score("a", area).level == 3
        assert app.workbench.message.startswith(f"A · {app.workbench.area.name('zh')} = 3")
        await pilot.press("right_square_bracket", "tab", "2")
        second = app.workbench.area.id
        assert app.workbench.view.side == "b" and app.review.session.score("b", second).level == 2
        await pilot.press("left", "x")
        assert app.workbench.view.side == "a" and app.review.session.score("a", second) is None
        saved = load_session(app.review.session.path)
        assert saved.score("a", area).level == 3 and saved.score("b", second).level == 2
        # a score with a note: clearing it takes the note too, and says so and how to undo it
        app.review.set_note("b", second, "有量化数据")
        await pilot.press("tab", "x")
        assert app.review.session.score("b", second) is None
        assert app.workbench.message == app.workbench.t("cleared_with_note", side="B", area=app.workbench.area.name("zh"),
                                                        undo="ctrl+z")


async def test_a_level_off_the_scale_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("7")
        assert app.review.session.score_count == 0 and app.workbench.error and "0–4" in app.workbench.message
        assert app.review.session.path is None  # nothing written


async def test_a_1_to_5_rubric_scores_5_and_refuses_0(make_app, open_review, tmp_path):
    from tests.test_rubric import DEFAULT_TEXT
    from fazhi.core.rubric import load_rubric

    path = tmp_path / "five.toml"
    path.write_text(DEFAULT_TEXT.replace("min = 0", "min = 1").replace("max = 4", "max = 5")
                    .replace("level = 0", "level = 5"), encoding="utf-8")
    app = make_app(review=open_review(rubric=load_rubric(path)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("5")
        assert app.review.session.score("a", app.workbench.area.id).level == 5
        await pilot.press("0")
        assert app.review.session.score("a", app.workbench.area.id).level == 5 and "1–5" in app.workbench.message


async def test_a_typed_level_reaches_a_0_to_10_scale(make_app, open_review, tmp_path):
    from tests.test_rubric import DEFAULT_TEXT
    from fazhi.core.rubric import load_rubric

    path = tmp_path / "ten.toml"
    path.write_text(DEFAULT_TEXT.replace("max = 4", "max = 10"), encoding="utf-8")
    app = make_app(review=open_review(rubric=load_rubric(path)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("equals_sign")
        await pilot.press("1", "0", "enter")
        assert app.review.session.score("a", app.workbench.area.id).level == 10


def _scale_rubric(path, lo: int, hi: int):
    """The default rubric on the scale lo–hi (its levels' descriptions moved up by lo)."""
    import re

    from fazhi.core.rubric import load_rubric
    from tests.test_rubric import DEFAULT_TEXT

    text = DEFAULT_TEXT.replace("min = 0\nmax = 4", f"min = {lo}\nmax = {hi}")
    path.write_text(re.sub(r"(?m)^level = (\d+)$", lambda m: f"level = {int(m.group(1)) + lo}", text), encoding="utf-8")
    return load_rubric(path)


async def test_two_digits_in_a_row_score_a_level_past_9_as_one_change(make_app, open_review, tmp_path, monkeypatch):
    """walk30 #3: on a 0–10 scale, 1 then 0 scored 0, silently. Typed in a row (on the same area and report) they are
    10, one change for undo; apart they are two levels; a first digit that is no level alone (a 5–15 scale's 1)
    waits for the second; on the default 0–4 scale nothing changes (1 then 0 is 0)."""
    from fazhi.tui.screens import review_edits

    clock = [100.0]
    monkeypatch.setattr(review_edits, "monotonic", lambda: clock[0])  # (the screen's clock only: not asyncio's)
    for (lo, hi), typed, gap, level in [((0, 10), "10", 0.3, 10), ((0, 10), "10", 1.5, 0), ((0, 10), "24", 0.3, 4),
                                        ((5, 15), "12", 0.3, 12), ((0, 4), "10", 0.3, 0)]:
        rubric = _scale_rubric(tmp_path / f"scale{lo}-{hi}.toml", lo, hi)
        app = make_app(review=open_review(rubric=rubric, sessions_dir=tmp_path / f"s{hi}{typed}{gap}"))
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            area = app.workbench.area.id
            await pilot.press(typed[0])
            clock[0] += gap
            await pilot.press(typed[1])
            assert app.review.session.score("a", area).level == level, (lo, hi, typed, gap)
            await pilot.press("ctrl+z")  # one change when typed in a row, else back to the first digit's level
            undone = app.review.session.score("a", area)
            first = int(typed[0]) if lo <= int(typed[0]) <= hi else None
            assert (undone.level if undone else None) == (None if level >= 10 else first), (lo, hi, typed, gap)


async def test_a_first_digit_that_changed_nothing_is_no_change_to_fold_into(make_app, open_review, tmp_path):
    """The area already at 1 (after 3): 1 then 0 makes 10, and undo goes back to 1, not to the 3 before it."""
    app = make_app(review=open_review(rubric=_scale_rubric(tmp_path / "ten.toml", 0, 10)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        app.workbench.set_score(app.workbench.focused_area, 3)
        app.workbench.set_score(app.workbench.focused_area, 1)
        await pilot.press("1", "0")
        assert app.review.session.score("a", area).level == 10
        await pilot.press("ctrl+z")
        assert app.review.session.score("a", area).level == 1


async def test_a_first_digit_no_level_alone_waits_for_the_second(make_app, open_review, tmp_path):
    app = make_app(review=open_review(rubric=_scale_rubric(tmp_path / "five.toml", 5, 15)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("1")
        assert app.review.session.score("a", area) is None and "请按第二位数字" in app.workbench.message
        await pilot.press("2")
        assert app.review.session.score("a", area).level == 12
        await pilot.press("ctrl+z")
        assert app.review.session.score("a", area) is None


async def test_a_note_on_an_area_not_scored_asks_its_level_too_and_keys_typed_stay_in_the_dialog(make_app):
    """walk22 F2: `o` was refused in the status line only, and the note typed after it ran as keys (2 scored the
    area, P split a pair)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("o", *"2P", "enter")  # a level that is none: said in the dialog, which stays
        await pilot.pause()
        assert isinstance(app.screen, Form) and app.review.session.score("a", area) is None
        # words there are a note typed in the level's field: where the note goes is said (walk53 #4: "…:待查 不是")
        said = str(app.screen.query_one("#form-problem").render())
        assert "“2P”不是评分" in said and "备注写在下一栏" in said
        await pilot.press(*["backspace"] * 2, "2", ".", "5", "enter")
        await pilot.pause()
        said = str(app.screen.query_one("#form-problem").render())
        assert "“2.5”不是评分" in said and "备注" not in said
        await pilot.press(*["backspace"] * 3, "三", "enter")  # a number of another kind: no note
        await pilot.pause()
        said = str(app.screen.query_one("#form-problem").render())
        assert "“三”不是评分" in said and "备注" not in said
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert "请填评分" in str(app.screen.query_one("#form-problem").render())
        await pilot.press("2", "P")
        assert not app.review.session.forbidden
        await pilot.press(*["backspace"] * 2, "3", "tab", *"理由", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Form)
        assert (app.review.session.score("a", area).level, app.review.session.score("a", area).note) == (3, "理由")
        await pilot.press("ctrl+z")  # one change: level and note go together
        assert app.review.session.score("a", area) is None


async def test_score_note_is_saved(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("4", "o")
        await pilot.press(*"good", "enter")
        assert app.review.session.score("a", app.workbench.area.id).note == "good"
        assert load_session(app.review.session.path).score("a", app.workbench.area.id).note == "good"
        from fazhi.tui.widgets.panels import AreaPanel

        await pilot.pause()
        assert "✎ good" in app.workbench.query_one(AreaPanel)._text.plain  # read without opening the form
        await pilot.press("o", "ctrl+j", *"more", "enter")  # walk7: a note's lines were run together in the panel
        await pilot.pause()
        assert "✎ good\nmore" in app.workbench.query_one(AreaPanel)._text.plain
        await pilot.press("right_square_bracket")
        assert "✎ good" not in app.workbench.query_one(AreaPanel)._text.plain  # another area: its own note, none


async def test_annotate_edit_and_delete(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("a")
        await pilot.press(*"data", "tab", *"fig", "enter")
        (an,) = app.review.session.annotations
        assert (an.side, an.section, an.note, an.tags) == ("a", "1.4", "data", ["fig"])
        assert app.review.a.text[an.start:an.end] == an.quote and an.quote.startswith("聚焦提升行政执法质量")
        await pilot.press("m", "enter")  # choose the annotation
        await pilot.press("end", *"!", "enter")
        assert app.review.session.annotations[0].note == "data!"
        assert app.workbench.message == "已修改批注 A 1.4"  # walk6: "批注已修改" named none
        saved = app.review.session.path.read_bytes()
        await pilot.press("m", "enter", "enter")  # Enter on it as it was: said, and the file is not written
        assert app.workbench.message == "批注 A 1.4 未改动" and app.review.session.path.read_bytes() == saved
        await pilot.press("m", "enter")
        await pilot.click("#delete")
        assert app.review.session.annotations == [] and load_session(app.review.session.path).annotations == []
        assert app.workbench.message.startswith("已删除批注 A 1.4(") and "撤销" in app.workbench.message


async def test_annotate_a_passage_typed_inside_the_section(make_app):
    """Words of the section typed as the passage annotate those. Words it does not hold are said in the form, which
    stays (walk17 F1: its heading was annotated instead, and the notice saying so replaced by "已批注" at once)."""
    from fazhi.tui.screens.form import Form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4.1"))
        await pilot.press("a", *"check", "tab", "tab", "end", "ctrl+u")
        await pilot.press(*"没有这段话", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Form) and not app.review.session.annotations
        assert "本节中找不到这段原文" in str(app.screen.query_one("#form-problem").render())
        await pilot.press("ctrl+u", *"执法人员", "enter")
        await pilot.pause()
        (an,) = app.review.session.annotations
        section = app.review.a.find("1.4.1")
        assert an.quote == "执法人员" and an.note == "check" and section.start <= an.start < section.end


async def test_visual_selection_annotates_exactly_what_was_selected(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4.1"))
        await pilot.press("v", "right", "right", "right", "down")
        side, start, end = app.workbench.view.selection
        await pilot.press("a", *"sel", "enter")
        (an,) = app.review.session.annotations
        assert (an.side, an.start, an.end) == (side, start, end) and end - start > 4
        assert app.workbench.view.selection is None


async def test_shift_arrows_select_by_phrase(make_app):
    """shift+→ starts a selection (as v does) and grows it to the next comma or sentence end, its mark included;
    shift+← takes it back a phrase. One character a key was the only step."""
    from fazhi.core.hanzi import PHRASE_END

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4.1"))
        await pilot.press("shift+right")
        side, start, end = app.workbench.view.selection
        text = app.review.outline(side).text
        assert text[end - 1] in PHRASE_END and not any(c in PHRASE_END for c in text[start:end - 1])
        await pilot.press("shift+right", "shift+right")
        _, start2, end2 = app.workbench.view.selection
        assert start2 == start and end2 > end and text[end2 - 1] in PHRASE_END
        assert sum(c in PHRASE_END for c in text[start:end2]) == 3
        await pilot.press("shift+left")  # back to the second phrase's end
        _, start3, end3 = app.workbench.view.selection
        assert (start3, end3) != (start2, end2) and text[end3 - 1] in PHRASE_END
        assert sum(c in PHRASE_END for c in text[start3:end3]) == 2
        await pilot.press("a")
        await pilot.pause()
        kept = text[start3:end3].rstrip("、,，;；:：")
        assert app.screen.quote == kept  # shown as it is kept (walk12: the form showed the 、, the file had none)
        await pilot.press(*"phrase", "enter")
        (an,) = app.review.session.annotations  # the quote without the comma the selection stopped after (a 。 stays)
        assert (an.start, an.end) == (start3, start3 + len(kept))


@pytest.mark.parametrize("section, moves, cut", [("1.4.1", ("right", "right"), False), ("1.4.1", ("down",) * 3, False),
                                                 ("1.4.3", ("down",) * 12, True)])
async def test_the_annotation_form_shows_the_selection_whole_in_a_few_rows(make_app, section, moves, cut):
    """walk6, walk7: the form's title cut the selected passage to a line ("«制定“百千万工程”专项监督工作方…»"): the
    reviewer could not check it before saving. The form shows it under the title wrapped to its width, whole in
    QUOTE_ROWS rows, else cut there with … before its closing »; the title names the place alone. Editing the
    annotation (m → Enter) shows its quote the same way."""
    from textual.widgets import Label

    from fazhi.tui.screens.form import QUOTE_ROWS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a=section))
        await pilot.press("v", *moves)
        side, start, end = app.workbench.view.selection
        passage = app.review.outline(side).text[start:end]
        for keys in (("a",), (*"备注", "enter", "m", "enter")):  # a new annotation's form, then its edit form
            await pilot.press(*keys)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, Form)
            assert str(form.query_one(".dialog-title", Label).render()) == f"批注 {side.upper()} {section}"
            quote = form.query_one(".dialog-quote", Label)
            rows = ["".join(segment.text for segment in quote.render_line(y)).rstrip() for y in range(quote.size.height)]
            shown = "".join(rows)
            assert len(rows) <= QUOTE_ROWS and shown.startswith("«") and shown.endswith("»")
            if cut:
                assert len(rows) == QUOTE_ROWS and shown.endswith("…»")
                assert passage.replace("\n", "").startswith(shown[1:-2])
            else:
                assert shown == f"«{passage.replace(chr(10), '')}»"
        await pilot.press("escape")


async def test_visual_selection_starts_on_the_text_shown_not_on_the_heading_above_it(make_app):
    """The block's heading is its header row: a selection from the heading's start would quote a heading the
    reviewer never saw highlighted."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.workbench.view
        for index, pair in enumerate(app.review.pairs):
            section = app.review.section("a", pair.a) if pair.a else None
            if section is not None and section.heading and view.blocks[index].body["a"]:
                break
        else:
            pytest.fail("no pair with a headed section of A shown")
        app.workbench.goto_pair(index)
        await pilot.press("v", "right", "right")
        side, start, end = view.selection
        shown = view.blocks[index].body[side]
        assert side == "a" and section.heading_start < shown[0][0] <= start and end <= shown[-1][1]


async def test_mouse_drag_selects_a_passage(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.workbench.view
        hit = next((x, y) for y in range(5, 40) for x in (4,) if view.offset_at(x, y))
        index, side, start = view.offset_at(*hit)
        await pilot.mouse_down(view, offset=hit)
        await pilot.hover(view, offset=(hit[0] + 10, hit[1]))
        await pilot.hover(view, offset=(hit[0] + 10, hit[1] + 2))
        await pilot.mouse_up(view, offset=(hit[0] + 10, hit[1] + 2))
        assert view.selection is not None and view.selection[1] == start and view.selection[2] > start + 3
        # the view's own selection only: Textual's screen selection painted the side panels too (walk19 N4), as a
        # drag in the pair list did (walk20 H6)
        assert app.screen.selections == {}
        pairs = app.workbench.query_one("PairList")
        await pilot.mouse_down(pairs, offset=(2, 3))
        await pilot.hover(pairs, offset=(6, 8))
        await pilot.hover(app.workbench.query_one("#areas"), offset=(4, 4))
        await pilot.mouse_up(app.workbench.query_one("#areas"), offset=(4, 4))
        assert app.screen.selections == {}


async def test_find_searches_both_texts_and_steps_through_hits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        total = len(app.workbench.found.items)
        assert total > 10 and {h[1] for h in app.workbench.found.items} == {"a", "b"}
        first = app.workbench.found.current
        await pilot.press("n")
        assert app.workbench.found.current == first + 1
        index, side, start, end, _ = app.workbench.found.items[app.workbench.found.current]
        assert app.workbench.view.focused_index == index and app.review.outline(side).text[start:end] == "执法"
        await pilot.press("N", "N")
        assert app.workbench.found.current == (first - 1) % total
        await pilot.press("escape")
        assert app.workbench.found is None
        await pilot.press("slash", *"不存在的词语", "enter")
        assert app.workbench.found is None and app.workbench.error


async def test_v_after_a_search_selects_from_the_hit_also_once_escape_put_it_away(make_app):
    """walk31: `v` right after a search began at the section's first phrase, two sentences before what was found.
    walk53 #7: so it did after Escape (to clear the search's marks, by habit): the next `v` in that pair begins at the
    hit too; later ones, and any after leaving the pair, as ever."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        bench = app.workbench
        index, side, start, end, _ = bench.found.items[bench.found.current]
        assert (bench.view.focused_index, bench.view.side) == (index, side)
        await pilot.press("v", "shift+right")
        chosen_side, chosen_start, chosen_end = bench.view.selection
        assert (chosen_side, chosen_start) == (side, start) and chosen_end > end
        assert app.review.outline(side).text[chosen_start:chosen_end].startswith("执法")
        await pilot.press("escape", "escape")  # the selection, then the search
        assert bench.found is None
        await pilot.press("v")
        assert bench.view.selection[:2] == (side, start)
        await pilot.press("escape", "v")  # taken once: the next selection begins as ever
        assert bench.view.selection[:2] != (side, start)
        await pilot.press("escape", "slash", *"执法", "enter", "escape", "j", "k")  # left the pair: forgotten
        assert bench.put_away is None


async def test_a_search_stopped_at_its_limit_says_there_may_be_more(make_app, monkeypatch):
    """walk5: a word in every sentence of a 5 MB report was counted "1/10000" when it occurs 45,871 times."""
    import fazhi.tui.screens.review as review_screen

    monkeypatch.setattr(review_screen, "FIND_LIMIT", 5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        assert len(app.workbench.found.items) == 5 and "/5+ 处(" in app.workbench.message
        await pilot.press("slash", *"公证", "enter")
        found = len(app.review.lookup.find("公证"))
        assert 0 < found < 5 and f"/{found} 处(" in app.workbench.message


async def test_a_hit_in_the_other_report_of_the_same_pair_says_which_report_a_digit_scores(make_app):
    """n from a hit in A to the next hit, in B of the same pair: the area panel says "评分 B" at once, and the next
    digit scores B (it still said A: the panels were drawn only when the pair changed)."""
    from fazhi.tui.widgets.panels import AreaPanel

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        hits = app.workbench.found.items
        crossing = [k for k in range(1, len(hits)) if hits[k][0] == hits[k - 1][0] and hits[k][1] != hits[k - 1][1]]
        assert crossing  # the test means something: consecutive hits in the two reports of one pair
        panel = app.workbench.query_one(AreaPanel)
        for _ in range(crossing[0] + 2):
            await pilot.press("n")
            side = app.workbench.view.side
            assert f"评分 {side.upper()}" in panel._text.plain
        await pilot.press("escape", "2")
        assert app.review.session.score(side, app.workbench.area.id).level == 2


async def test_a_search_hit_names_its_report_the_counts_a_wrap_and_a_change_of_the_report_scored(make_app):
    """walk6: n through a search's hits moved the scoring to the other report silently ("“行政执法”:第 3/24 处" the only
    line; the next digit scored A, not B), named no report, and wrapped from 24/24 to 1/24 without a word."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        hits = app.workbench.found.items
        a, b = sum(h[1] == "a" for h in hits), sum(h[1] == "b" for h in hits)
        assert a and b  # the test means something: hits in both reports
        assert app.workbench.found.current == 0  # the first hit: from the top of the pairs
        for _ in range(len(hits)):  # round to the first again
            side_before = app.workbench.view.side
            await pilot.press("n")
            current = app.workbench.found.current
            side = hits[current][1]
            message = app.workbench.message
            # the report now scored first (walk7: at the end it was what the status line cut)
            switched = f"数字键现评分 {side.upper()} · "
            assert message.startswith(switched) == (side != side_before)
            assert message.removeprefix(switched).startswith(f"“执法”:{side.upper()} 第 {current + 1}/{len(hits)} 处(A {a} · B {b})")
            assert ("已从头再找" in message) == (current == 0)
        await pilot.press("N")
        assert app.workbench.found.current == len(hits) - 1 and "已从末尾再找" in app.workbench.message
        # reread6: searched from past the last hit, the first hit came from the top without a word
        await pilot.press("escape", "end", "slash", *"执法", "enter")
        assert app.workbench.found.current == 0 and "已从头再找" in app.workbench.message


async def test_jump_back_returns_to_where_a_search_evidence_or_the_palette_left_the_reading(make_app):
    """walk6: after e, n in a search, M → Enter or the palette nothing returned to the pair being read."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        await pilot.press("ctrl+o")
        assert bench.message.startswith("没有可跳回的地方")
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("right")  # reading B
        reading = (bench.view.focused_index, "b")
        await pilot.press("slash", *"执法", "enter", "n", "n")
        assert (bench.view.focused_index, bench.view.side) != reading
        await pilot.press("ctrl+o")  # back to where the search began, not to the hit before
        assert (bench.view.focused_index, bench.view.side) == reading and "已跳回 " in bench.message
        # walk7: after ctrl+o, n went on from the old hit and kept no place to come back to
        await pilot.press("n")
        assert (bench.view.focused_index, bench.view.side) != reading
        await pilot.press("escape", "ctrl+o")
        assert (bench.view.focused_index, bench.view.side) == reading
        held = bench.area_hold
        await pilot.press("e", "e")
        assert bench.area_hold == "picked"
        await pilot.press("escape", "end", "ctrl+o")  # End is a jump too: back to the evidence's hit
        evidence_hit = bench.view.focused_index
        assert evidence_hit != len(app.review.pairs) - 1
        await pilot.press("ctrl+o")
        assert (bench.view.focused_index, bench.view.side) == reading
        assert bench.area_hold == held  # walk7: the evidence's hold stayed after jumping back
        await pilot.press("ctrl+o")
        assert bench.message.startswith("没有可跳回的地方")
        # back to a place read in the other report: said, as a search's hit says it
        await pilot.press("slash", *"执法", "enter")
        while bench.view.side == "b":
            await pilot.press("n")
        await pilot.press("escape", "ctrl+o")
        assert bench.view.side == "b" and bench.message.startswith("数字键现评分 B · 已跳回 ")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_next_and_previous_annotation_walk_the_report_being_read_and_say_where(make_app, lang):
    """walk6: no key stepped to the next or previous annotation (only M and Enter). } and { go through the annotations
    of the report being read in the pair list's order, each said as a search's hit is (which of how many, a wrap),
    never changing the report a digit scores; ctrl+o returns to where the walk began; the help and the palette list
    them."""
    app = make_app(lang=lang)
    t = Strings(lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review, bench = app.review, app.workbench
        on_b = [p.b for p in review.pairs if p.b and review.section("b", p.b).text]
        for sid in (on_b[5], on_b[1], on_b[3]):  # not made in the reports' order
            review.annotate("b", sid, *review.lookup.default_passage("b", sid), "批注")
        a_section = next(p.a for p in review.pairs if p.a and review.section("a", p.a).text)
        review.annotate("a", a_section, *review.lookup.default_passage("a", a_section), "A 的批注")
        bench.goto_pair(index_of(app, b=on_b[2]))
        await pilot.press("right")
        start = (bench.view.focused_index, "b")
        order = sorted((index_of(app, b=sid) for sid in (on_b[1], on_b[3], on_b[5])))
        await pilot.press("right_curly_bracket")  # from where the reviewer reads: the next one below
        walked = [bench.view.focused_index]
        said = [bench.message]
        for _ in range(3):
            await pilot.press("right_curly_bracket")
            walked.append(bench.view.focused_index)
            said.append(bench.message)
        assert walked == [order[1], order[2], order[0], order[1]] and bench.view.side == "b"
        assert said[0].startswith(t("annotation_hit", side="B", n=2, total=3, phrase=""))
        assert said[2].startswith(t("annotation_hit", side="B", n=1, total=3, phrase="")) and t("hits_wrapped") in said[2]
        assert not any(t("now_scoring", side="A") in line for line in said)
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert bench.view.focused_index == order[2] and t("hits_wrapped_back") in bench.message
        await pilot.press("3")  # the report read is the report scored
        assert review.session.score("b", bench.area.id).level == 3
        await pilot.press("ctrl+o")
        assert (bench.view.focused_index, bench.view.side) == start
        await pilot.press("left")  # report A's own annotation, none of B's
        await pilot.press("right_curly_bracket")
        assert bench.view.focused_index == index_of(app, a=a_section) and bench.view.side == "a"
        assert bench.message.startswith(t("annotation_hit", side="A", n=1, total=1, phrase=f"{a_section} «"))
        for an in [an for an in review.session.annotations if an.side == "a"]:
            review.delete_annotation(an.id)
        await pilot.press("right_curly_bracket")
        assert bench.message == t("no_annotations_side", side="A", n=3, switch="tab")
        await pilot.press("question_mark")
        rows = {binding_id: (keys, label) for _, group in app.screen.groups for keys, label, binding_id in group}
        assert rows["annotation.next"] == ("}", t.binding("annotation.next"))
        assert rows["annotation.prev"] == ("{", t.binding("annotation.prev"))
        await pilot.press("escape")
        titles = [title for title, *_ in bench.palette_entries(discover=True)]
        assert t.binding("annotation.next") in titles and t.binding("annotation.prev") in titles


async def test_pin_an_unmatched_section_from_ranked_candidates_and_unpin(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.5", b=None))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Chooser)
        prompts = [str(option.prompt) for option in app.screen.query_one("#choices").options]
        assert re.search(r"  · \d\.\d\d", prompts[0]) and any("· 现与 A " in p for p in prompts)  # similarity, pair
        taken = next(o.id for o in app.screen.query_one("#choices").options if "· 现与 A " in str(o.prompt))
        displaced = app.review.alignment.partner("b", taken).a  # the counterpart the pin takes it from
        await pilot.press(*f"{taken} ")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ("1.5", taken) in app.review.session.pins
        pair = app.review.alignment.partner("a", "1.5")
        assert pair.b == taken and pair.pinned and app.workbench.view.focused_pair.a == "1.5"
        assert load_session(app.review.session.path).pins == [("1.5", taken)]
        # walk7: the pin said nothing of the section it took its counterpart from
        now = app.review.alignment.partner("a", displaced)
        where = f"A {displaced} 现配 B {now.b}" if now and now.b else f"A {displaced} 现无对应"
        assert app.workbench.message == f"已固定 1.5 ↔ {taken}:{where}"
        await pilot.press("p")  # on the pinned pair: unpin
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.review.session.pins == [] and app.review.alignment.partner("a", "1.5").b is None
        assert app.workbench.message.startswith(f"已取消固定 1.5 ↔ {taken}:A 1.5 现无对应")  # they parted: said


@pytest.mark.parametrize("size", [(80, 24), (90, 30), (120, 40), SIZE])
async def test_the_pin_picker_shows_an_untitled_item_on_one_line_and_finds_it_by_its_last_words(make_app, tmp_path,
                                                                                                 size):
    """A newcomer's walk: an untitled 一是 item (its heading is its whole sentence) showed as its number on one line
    and the sentence on the next ones; cut to the picker's full width, it still folded where the dialog narrows
    with the terminal (under ~100 columns). Each option is one line at any width from 80, its heading cut at the
    end and its similarity and status whole; its cut words still find it."""
    from tests.helpers import one_removed_one_added

    a, b = one_removed_one_added(tmp_path)
    app = make_app(a=a, b=b)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        deleted = next(p.a for p in app.review.pairs if p.a and not p.b)
        app.workbench.goto_pair(index_of(app, a=deleted, b=None))
        await pilot.press("p")
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        item = app.review.section("b", "2.1.3.2")
        assert item.kind == "item"

        def lines() -> list[str]:
            choices._update_lines()  # what drawing the list does first (OptionList.render_lines)
            return [text for text in (choices.render_line(y).text.strip() for y in range(choices.size.height)) if text]

        def ends(option) -> tuple[str, str]:  # an option's id and what follows its heading ("  · 0.12 · …")
            whole = str(option.prompt)
            return whole.split(" ", 1)[0], whole[whole.index("  · "):] if "  · " in whole else ""

        shown = lines()
        assert len(shown) == min(choices.option_count, choices.size.height) > 5
        for line, option in zip(shown, choices.options):  # one line each: its start, and its end whole
            sid, tail = ends(option)
            assert line.startswith(sid + " ") and line.endswith(tail), (line, str(option.prompt))
        await pilot.press(*item.heading[-6:])
        assert [option.id for option in choices.options] == ["2.1.3.2"]
        (line,) = lines()
        assert line.startswith("2.1.3.2 二是" + item.heading[:2]) and "…" in line
        assert line.endswith(ends(choices.options[0])[1]) and "0." in line


async def realigned_after(app, pilot, key: str) -> None:
    """Press `key` and wait for the alignment it starts to land."""
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def split_at(app, pilot, a_id: str) -> str:
    """Split A's section `a_id` from its counterpart (P), once re-aligned; that counterpart's id."""
    app.workbench.goto_pair(index_of(app, a=a_id))
    partner = app.workbench.view.focused_pair.b
    await realigned_after(app, pilot, "P")
    return partner


async def test_split_a_pair_and_undo_it(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        partner = await split_at(app, pilot, "1.2")
        assert ("1.2", partner) in app.review.session.forbidden
        now = app.review.alignment.partner("a", "1.2").b
        assert now != partner
        # walk6: where the two sections went is said once the rest re-aligned (A 1.7 went to an item of B, unsaid)
        then = app.review.alignment.partner("b", partner)
        b_now = f"B {partner} 现配 A {then.a}" if then and then.a else f"B {partner} 现无对应"
        a_now = f"A 1.2 现配 B {now}" if now else "A 1.2 现无对应"
        assert app.workbench.message == f"已拆开 1.2 ↔ {partner}(不再自动配对):{a_now}、{b_now}"
        await realigned_after(app, pilot, "ctrl+z")
        assert app.review.session.forbidden == [] and app.review.alignment.partner("a", "1.2").b == partner
        assert load_session(app.review.session.path).forbidden == []


async def test_a_split_is_undone_on_either_half_on_another_day(make_app):
    """walk32 #1: once the window closed, undo could not reach a split and `P` on either half said "not paired":
    a mistyped P (beside p) parted the pair for good, unless the session file was edited by hand."""
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        partner = await split_at(app, pilot, "1.2")
    path = app.review.session.path
    assert load_session(path).forbidden == [("1.2", partner)]
    app = make_app(b=NEXT_YEAR)  # another day: the same session, nothing to undo
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert getattr(app.review.alignment.partner("b", partner), "a", None) != "1.2"  # still split
        app.workbench.goto_pair(index_of(app, b=partner))  # B's half, whatever it is paired with now
        if app.workbench.view.focused_pair.a:
            app.workbench.goto_pair(index_of(app, a="1.2"))  # (its half in B found a partner: A's half then)
        await realigned_after(app, pilot, "P")
        assert app.review.session.forbidden == [] and app.review.alignment.partner("a", "1.2").b == partner
        assert app.workbench.message.startswith(f"已撤销拆开 1.2 ↔ {partner}")
        assert load_session(path).forbidden == []
        await realigned_after(app, pilot, "ctrl+z")  # and that is undone as any change is
        assert app.review.session.forbidden == [("1.2", partner)] and app.workbench.message.startswith("已撤销:撤销拆开")


async def test_undo_and_redo_scores_and_annotations(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("2", "3", "a", *"n", "enter")
        assert app.review.session.score("a", area).level == 3 and len(app.review.session.annotations) == 1
        await pilot.press("ctrl+z")
        assert app.review.session.annotations == []
        assert app.workbench.message.endswith(f" A {app.workbench.view.focused_pair.a}")  # the annotated section
        await pilot.press("ctrl+z")
        assert app.review.session.score("a", area).level == 2
        name = app.review.rubric.area(area).name("zh")
        assert app.workbench.message == f"已撤销:评分 A · {name}"  # what was undone, and where
        await pilot.press("ctrl+y")
        assert app.review.session.score("a", area).level == 3 and app.workbench.message == f"已重做:评分 A · {name}"
        assert load_session(app.review.session.path).score("a", area).level == 3


async def test_evidence_jumps_through_keyword_hits_highlighted(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_area(next(i for i, a in enumerate(app.review.rubric.areas) if a.id == "law_enforcement"))
        await pilot.press("e")
        index, side, start, end, phrase = app.workbench.evidence.items[app.workbench.evidence.current]
        assert app.workbench.view.focused_index == index and app.review.outline(side).text[start:end] == phrase
        assert phrase in app.review.rubric.area("law_enforcement").keywords or phrase
        before = app.workbench.evidence.current
        await pilot.press("e")
        assert app.workbench.evidence.current == before + 1
        assert str(len(app.workbench.evidence.items)) in app.workbench.message


async def test_evidence_walks_the_report_being_scored_only(make_app):
    """A digit scores the report the cursor is in: walking the evidence must never move it to the other report
    (the walk went through both, and the next digit scored A while the reviewer was scoring B)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_area(next(i for i, a in enumerate(app.review.rubric.areas) if a.id == "law_enforcement"))
        await pilot.press("tab")
        side = bench.view.side
        want = len(app.review.lookup.evidence(side, "law_enforcement"))
        for _ in range(want + 2):  # round the whole walk and on
            await pilot.press("e")
            assert bench.view.side == side and {h[1] for h in bench.evidence.items} == {side}
        assert len(bench.evidence.items) == want and f"依据 {side.upper()} " in bench.message
        assert f"/{want}:" in bench.message
        await pilot.press("tab", "e")
        other = bench.view.side
        assert other != side and {h[1] for h in bench.evidence.items} == {other}


async def test_area_panel_follows_the_section_being_read_and_clicks(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))  # 严格规范公正文明执法
        await pilot.pause()
        assert app.workbench.area.id == "law_enforcement"
        await pilot.click("#areas", offset=(3, 3 + 1))  # the second area's row
        assert app.workbench.focused_area == 1


async def test_at_80_columns_the_held_mark_is_whole_and_a_long_area_name_is_cut(make_app):
    """Found by a newcomer at 80×24: 评分 B · 矛盾纠纷化解 [固 (the mark was cut, not the name)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("right_square_bracket", "right_square_bracket")
        line = next(row for row in bench.query_one("#areas").plain.splitlines() if " · " in row)
        assert bench.area.id == "dispute_resolution" and line.rstrip().endswith("[固定]")
        assert bench.area.name("zh") in line or "…" in line


async def test_an_area_the_reviewer_picks_holds_until_escape(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("right_square_bracket")  # the area after 行政执法
        held = bench.area.id
        assert held != "law_enforcement" and bench.area_hold == "picked" and "esc 恢复跟随" in bench.message
        assert "[固定]" in bench.query_one("#areas").plain
        await pilot.press("j", "j", "j")
        assert bench.area.id == held  # reading on does not take the area away
        await pilot.press("escape")
        assert bench.area_hold is None and bench.area.id == bench.review.lookup.strongest_area(
            bench.view.side, bench.view.focused_pair) and "[固定]" not in bench.query_one("#areas").plain


async def test_the_evidence_walk_shows_its_held_area_at_once(make_app):
    """walk20 H4: e holds the area it walks, but where its first hit was in the pair already focused, nothing redrew
    the panel: [固定] came only with the next key."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        for index in range(1, len(bench.view.pairs)):
            bench.goto_pair(index)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert bench.area_hold is None
            await pilot.press("e")
            await pilot.pause()
            if bench.evidence and bench.evidence.items and bench.view.focused_index == index:
                break  # the first hit is in the pair read
        else:
            pytest.fail("no pair whose own text holds its area's first keyword")
        assert bench.area_hold == "picked" and "[固定]" in bench.query_one("#areas").plain


async def test_an_area_of_weight_zero_says_no_total_counts_it(make_app):
    """普法 is optional in the default rubric (weight 0): scoring it is allowed, and the panel says it counts for no
    total (a reviewer took it for one of ten)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        areas = app.review.rubric.areas
        bench.goto_area(next(i for i, a in enumerate(areas) if not a.weight))
        await pilot.pause()
        assert "(不计入总分)" in bench.query_one("#areas").plain
        bench.goto_area(next(i for i, a in enumerate(areas) if a.weight))
        await pilot.pause()
        assert "不计入总分" not in bench.query_one("#areas").plain


async def test_evidence_keeps_its_area_while_it_leads_through_sections(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_area(next(i for i, a in enumerate(app.review.rubric.areas) if a.id == "digital_rule_of_law"))
        for _ in range(4):
            await pilot.press("e")
            assert bench.area.id == "digital_rule_of_law" and bench.evidence.query == "digital_rule_of_law"
        assert bench.evidence.current == 3 % len(bench.evidence.items)


async def test_the_opening_notice_survives_a_resize(make_app, open_review):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "q")
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        header = again.workbench.query_one("#header")
        assert "继续" in header.plain
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "继续" in header.plain


async def _scored_then_revised(make_app, tmp_path) -> Path:
    """B's file, scored once in a session, then its text changed: its review reopens with two notices."""
    b = tmp_path / "b.txt"
    b.write_text(sample("dongkeng_2017.txt").read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(b=b)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "q")
    b.write_text(b.read_text(encoding="utf-8").replace("持续", "不断"), encoding="utf-8")
    return b


async def test_every_opening_notice_takes_its_turn_in_the_header(make_app, open_review, tmp_path):
    """walk8 #3: the header showed the first notice alone ("继续 … 的评审"); the others (B's text changed, a second
    session of the pair) went to the status line, cut at the width and replaced by the alignment's summary within a
    second: a reviewer never saw that the report under their scores had changed."""
    b = await _scored_then_revised(make_app, tmp_path)
    again = make_app(review=open_review(b=b))
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        bench = again.workbench
        header = bench.query_one("#header")
        seen = [header.plain]
        while bench.notice:
            bench._end_notice()  # (as its timer does, NOTICE_SECONDS after each)
            await pilot.pause()
            seen.append(header.plain)
        assert "报告 B 自上次保存后已修改" in seen[0] and any("继续" in h for h in seen[1:])  # the revision first (walk22 F4)


async def test_a_notice_too_long_for_a_line_of_the_header_takes_both_lines_and_leaves_the_names(make_app, open_review,
                                                                                                  tmp_path):
    """walk19 N3 / walk18 F8: at 80 columns an opening notice was cut in the header (the one naming where a rescued
    change went lost its end) and hid A's government and year for its seconds. One that does not fit beside A's name
    and title takes the place of both titles, over both lines: read whole, both names kept — as painted, and after
    it, where a notice's tail stood on B's line for the rest of the session at 80–120 columns (walk20 H1)."""
    b = await _scored_then_revised(make_app, tmp_path)
    for size, over_both in (((80, 24), True), ((100, 30), False), (SIZE, False)):
        again = make_app(review=open_review(b=b))
        async with again.run_test(size=size) as pilot:
            await ready(again, pilot)
            bench = again.workbench
            header = bench.query_one("#header")

            def painted() -> list[str]:
                return [header.render_line(y).text for y in range(header.size.height)]

            names = [f"{o.government} {o.year}" for o in (again.review.a, again.review.b)]
            seen = []
            for notice in bench.opening_notices:
                lines = painted()
                assert all(name in line for name, line in zip(names, lines)) and len(lines) == 2, lines  # the names
                # the notice whole: after the names, over one line or both
                told = "".join(line.split(name, 1)[1].strip() for name, line in zip(names, lines))
                assert notice.replace(" ", "") in told.replace(" ", ""), (notice, lines)
                seen.append(again.review.b.title not in lines[1])
                bench._end_notice()  # (as its timer does)
                await pilot.pause()
            assert any(seen) == over_both, size  # "继续 …" takes both lines at 80 columns, not at 100 or 160
            after = painted()
            assert [name in line for name, line in zip(names, after)] == [True, True], after
            assert again.review.b.title[:6] in after[1], after


async def test_moving_clears_what_was_said_about_the_last_place(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        assert "= 3" in app.workbench.message
        await pilot.press("j")
        assert app.workbench.message == ""


async def test_why_a_pair_was_made_speaks_the_interface_language(make_app):
    for lang, words in (("zh", ("标题相似度", "状态")), ("en", ("heading similarity", "Status"))):
        app = make_app(lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            app.workbench.goto_pair(index_of(app, a="1.4"))
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, Question)
            body = app.screen.body
            assert all(w in body for w in words) and ("pinned" not in body or lang == "en")
            assert "OK" not in str(app.screen.query_one(Button).label) or lang == "en"
            await pilot.press("escape")


async def why_dialog(app, pilot) -> Question:
    """`w` on the focused pair, and the dialog once its worker has opened it."""
    await pilot.press("w")
    for _ in range(100):
        if isinstance(app.screen, Question):
            break
        await pilot.pause(0.02)
    return app.screen


@pytest.mark.parametrize("lang, words", [("zh", "上级章节相互配对的加分: "), ("en", "boost from their parents being paired: ")])
async def test_why_words_the_parents_support_plainly(make_app, lang, words):
    """A newcomer's walk: 上级章节已配对的支持: 0.61 read awkwardly; it is what the pair gained from its parents
    being paired with each other."""
    app = make_app(b=NEXT_YEAR, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        index = next(i for i, p in enumerate(app.review.pairs) if (p.evidence or {}).get("structure"))
        app.workbench.goto_pair(index)
        assert words in (await why_dialog(app, pilot)).body


async def test_why_names_an_edited_pair_as_the_list_does(make_app, tmp_path):
    """The list marks a matched pair whose own text changed ≈ (改写); the why dialog called it 对应 (=: the same text)."""
    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    edited = tmp_path / "qingxi_edited.txt"
    edited.write_text(text.replace("。", "。新增一句。", 3), encoding="utf-8")  # the first paragraphs edited, the rest as is
    app = make_app(a=sample("qingxi_2024.txt"), b=edited)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review = app.review
        edited = next(i for i, p in enumerate(review.pairs) if p.status == "matched" and review.is_change(p))
        same = next(i for i, p in enumerate(review.pairs) if p.status == "matched" and not review.is_change(p))
        for index, word in ((edited, "状态:改写"), (same, "状态:对应")):
            app.workbench.goto_pair(index)
            assert word in (await why_dialog(app, pilot)).body
            await pilot.press("escape")
            await pilot.pause()


async def test_palette_scores_name_the_report_they_score(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        entries = {title: callback for title, _, callback in app.workbench.palette_entries(discover=False)}
        assert "A · 行政执法 = 3" in entries and "B · 行政执法 = 3" in entries
        entries["B · 行政执法 = 3"]()  # while A is the report being read
        await pilot.pause()
        assert app.review.session.score("b", "law_enforcement").level == 3
        assert app.review.session.score("a", "law_enforcement") is None
        assert app.workbench.message.startswith("B · 行政执法 = 3")
        # the panel now scores what was just scored: the next digit is B's 行政执法, not A's
        assert app.workbench.view.side == "b" and app.workbench.area.id == "law_enforcement"
        await pilot.press("2")
        assert app.review.session.score("b", "law_enforcement").level == 2
        assert app.review.session.score("a", "law_enforcement") is None
        # a scored area is cleared from the palette too (walk29: "清除" matched nothing)
        entries = {title: callback for title, _, callback in app.workbench.palette_entries(discover=False)}
        assert "A · 行政执法: 清除评分" not in entries
        entries["B · 行政执法: 清除评分"]()
        await pilot.pause()
        assert app.review.session.score("b", "law_enforcement") is None


async def test_the_figures_of_a_section_on_one_side_only_are_shown_and_alone_they_are_listed(make_app, tmp_path):
    """A section only in B (or only in A): its figures came (or went) with it, and the panel lists them as added (or
    removed), not "本节无数字变化"; a report reviewed alone lists its section's figures as they stand."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.widgets.panels import DetailPanel

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review, panel = app.review, app.workbench.query_one(DetailPanel)
        for status, side in (("added", "b"), ("removed", "a")):
            index, pair = next((i, p) for i, p in enumerate(review.pairs)
                               if p.status == status and review.figures(p))
            assert {f.status for f in review.figures(pair)} == {status}
            app.workbench.goto_pair(index)
            await pilot.pause()
            shown = panel._text.plain
            figure = review.figures(pair)[0]
            assert "本节无数字变化" not in shown and (figure.b or figure.a).text in shown
    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        index, pair = next((i, p) for i, p in enumerate(single.pairs) if single.figures(p))
        app.workbench.goto_pair(index)
        await pilot.pause()
        shown = app.workbench.query_one(DetailPanel)._text.plain
        assert shown.startswith("本节数字") and f"  {single.figures(pair)[0].b.text}\n" in shown and "→" not in shown


def _to_a_b_section_with_text(app):
    """Focus the first pair whose B section has text of its own; that section."""
    review = app.review
    index = next(i for i, p in enumerate(review.pairs) if p.b and review.section("b", p.b).text)
    app.workbench.goto_pair(index)
    return review.section("b", review.pairs[index].b)


async def test_a_long_note_takes_a_few_rows_of_the_panel_and_ends_in_an_ellipsis(make_app):
    """walk6: a 600-character note filled the side panel (the figures went to "…另有 8 项数字") and was cut at the
    screen's bottom with no sign; it takes NOTE_ROWS rows, ends in …, and keeps its tags; `m` → Enter shows it whole."""
    from rich.text import Text

    from fazhi.tui.widgets.panels import DetailPanel

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review = app.review
        section = _to_a_b_section_with_text(app)
        long = "第一行\n" + "很长的备注" * 120
        review.annotate("b", section.id, section.body_start, section.body_start + 10, long, ["待核实"])
        app.workbench.refresh_panels()
        await pilot.pause()
        panel = app.workbench.query_one(DetailPanel)
        lines = panel._text.plain.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("B «"))
        note = lines[at + 1:at + 1 + DetailPanel.NOTE_ROWS]
        assert note[0] == "  第一行" and note[-1].endswith("… #待核实") and len(lines) == at + 1 + DetailPanel.NOTE_ROWS
        assert all(row.startswith("  ") for row in note)  # walk7: a wrapped row began at the panel's edge
        assert DetailPanel.NOTE_ROWS == panel._rows_of(Text("\n".join(note) + "\n"))


async def test_the_annotations_lists_cut_a_long_note_to_a_few_rows_as_the_panel_does(make_app):
    """walk7: in `M` one annotation with a long note filled 8 rows; in `m` and `M` each takes LISTED_ROWS rows at most,
    the last ending in … before its tags (the note's own lines kept), and typing still finds it by its last words."""
    from textual.widgets import OptionList

    from fazhi.tui.screens.review_edits import LISTED_ROWS

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        review = app.review
        section = _to_a_b_section_with_text(app)
        long = "第一行\n" + "很长的备注" * 60 + "结尾"
        review.annotate("b", section.id, section.body_start, section.body_start + 10, long, ["待核实"])
        review.annotate("b", section.id, section.body_start + 10, section.body_start + 20, "短的", [])
        for key in ("M", "m"):
            await pilot.press(key)
            await pilot.pause()
            choices = app.screen.query_one("#choices", OptionList)
            rows = [row for y in range(choices.size.height)
                    if (row := "".join(segment.text for segment in choices.render_line(y)).strip())]
            assert len(rows) == LISTED_ROWS + 1, rows  # the long one, then the short one on its row
            assert rows[0].endswith("» 第一行") and rows[LISTED_ROWS - 1].endswith("… #待核实") and rows[-1].endswith("«" +
                review.session.annotations[1].quote + "» 短的")
            await pilot.press(*"结尾")
            await pilot.pause()
            assert choices.option_count == 1
            await pilot.press("escape")


async def test_a_long_quote_is_cut_with_an_ellipsis_and_tags_are_listed(make_app):
    from fazhi.tui.screens.review_edits import _describe
    from fazhi.tui.widgets.panels import DetailPanel

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review = app.review
        section = _to_a_b_section_with_text(app)
        start = section.body_start
        quote = review.b.text[start:start + 40]
        assert len(quote) == 40 and "\n" not in quote
        review.annotate("b", section.id, start, start + 40, "说明", ["亮点"])
        app.workbench.refresh_panels()
        await pilot.pause()
        shown = app.workbench.query_one(DetailPanel)._text.plain
        line = next(ln for ln in shown.splitlines() if ln.startswith("B «"))
        assert line.startswith(f"B «{quote[:10]}") and line.endswith("…»") and quote not in shown
        assert "  说明 #亮点" in shown.splitlines()  # the note on its own line below the quote
        assert str(_describe(review.session.annotations[0])).endswith("说明 #亮点")


async def test_a_pairs_annotations_stay_in_view_below_many_figures(make_app):
    """A pair with more figures than the detail panel holds: its annotation is still on screen (the figures give
    way, the rest counted on one line), and a taller panel lists more of them."""
    from fazhi.tui.widgets.panels import DetailPanel

    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await ready(app, pilot)
        review, panel = app.review, app.workbench.query_one(DetailPanel)
        index = max(range(len(review.pairs)), key=lambda i: len(review.figures(review.pairs[i])))
        pair, figures = review.pairs[index], review.figures(review.pairs[index])
        side, sid = ("b", pair.b) if pair.b else ("a", pair.a)
        start = review.section(side, sid).body_start
        review.annotate(side, sid, start, start + 6, "数字口径要核对", ["核对"])
        app.workbench.goto_pair(index)
        await pilot.pause()

        def visible() -> list[str]:
            return [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]

        assert 2 * len(figures) > panel.size.height  # the figures alone would fill the panel
        rows = visible()
        assert "  数字口径要核对 #核对" in rows and rows[0] == "数字变化"
        listed = sum(" → " in row for row in rows)
        assert 0 < listed < len(figures) and f"…另有 {len(figures) - listed} 项数字" in rows
        await pilot.resize_terminal(140, 60)
        await pilot.pause()
        rows = visible()
        assert "  数字口径要核对 #核对" in rows and sum(" → " in row for row in rows) > listed


async def test_a_refusal_is_said_in_the_interface_language(make_app, tmp_path):
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.set_score(0, 3, side="a")
        assert app.workbench.error and app.workbench.message == app.workbench.t("refused_single_side")


@pytest.mark.parametrize("lang, words, wrong", [("zh", "本报告中没有“不存在的词语”", "两份"),
                                                ("en", "“不存在的词语” is not in this report", "neither")])
async def test_a_search_that_finds_nothing_in_a_report_reviewed_alone_names_one_report(make_app, tmp_path, lang,
                                                                                        words, wrong):
    """A newcomer's walk: /关闭窗口 in a report reviewed alone said 两份报告中都没有 (neither report)."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"不存在的词语", "enter")
        message = app.workbench.message
        assert app.workbench.error and words in message and wrong not in message


@pytest.mark.parametrize("lang, words", [("zh", "A 和 B 都是 静海镇 2024 的报告"), ("en", "A and B are both the report of 静海镇 2024")])
async def test_one_government_s_one_year_on_both_sides_is_said_on_opening(make_app, tmp_path, lang, words):
    """A newcomer's walk: the same report as a saved page and as text opened as A and B with 静海镇 2024 on both
    sides and no word that the reviewer may have picked the wrong file. Two years, or two governments, say nothing."""
    from fazhi.tui.widgets.panels import HeaderBar

    text = sample("jinghai_2024.txt").read_text(encoding="utf-8")
    copy = tmp_path / "jinghai_2024_page.txt"
    copy.write_text("无障碍浏览 | 长者模式 | 登录\n" + text, encoding="utf-8")  # not the same text
    app = make_app(a=sample("jinghai_2024.txt"), b=copy, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.review.a.sha256 != app.review.b.sha256
        assert words in app.workbench.query_one(HeaderBar).plain and words in app.workbench.message
        await pilot.press("j")
    for a, b in ((None, NEXT_YEAR), (sample("jinghai_2024.txt"), sample("qingxi_2024.txt"))):
        app = make_app(a=a, b=b, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            assert words.split(" 静海镇")[0] not in app.workbench.query_one(HeaderBar).plain + app.workbench.message


async def test_a_report_reviewed_alone_is_shown_alone(make_app, tmp_path):
    """A government's first report in a round: no empty A column, no A scores, no switching to A."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.widgets.panels import AreaPanel, HeaderBar, StatusBar
    from fazhi.tui.widgets.pair_list import PairList

    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view, t = app.workbench.view, app.workbench.t
        assert view.single and view.column_width == view.scrollable_content_region.width
        rows = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
        assert not any("│" in row or "╱" in row or t("no_counterpart") in row for row in rows)
        assert "2024年,清溪镇" in "".join(rows)
        labels = [text for _, text in app.workbench.query_one(PairList).labels]
        assert labels[1].startswith("1 ") and not any("–/" in label for label in labels)
        assert t("single_no_a") in app.workbench.query_one(HeaderBar).plain
        panel = app.workbench.query_one(AreaPanel).plain
        assert " B " in panel and " A " not in panel
        assert app.workbench.message == t("single_sections", n=len(single.pairs))
        await pilot.press("tab")
        assert view.side == "b" and app.workbench.error and app.workbench.message == t("refused_single_side")
        await pilot.press("3")
        assert single.session.score("b", single.rubric.area_ids[0]).level == 3
        status = app.workbench.query_one(StatusBar).plain
        assert "B 1/10" in status and "A 0/10" not in status


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_report_reviewed_alone_continued_says_no_alignment_edits(make_app, tmp_path, lang):
    """walkthrough: `fazhi review REPORT` opened again said "配对修正 0 处" (alignment edits: 0) of one report,
    which has no alignment to edit; a pair continued still says them."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    def single():
        return Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")

    first = single()
    first.set_score("b", first.rubric.area_ids[0], 3)
    first.save()
    app = make_app(review=single(), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        said = " ".join(app.workbench.opening_notices)
        assert app.workbench.t("continued_single", **{**app.review.notices[0].params, "held": ""}) in said
        assert ("配对修正" if lang == "zh" else "alignment edit") not in said, said
    pair = Review.open(str(sample("dongkeng_2017.txt")), str(sample("qingxi_2024.txt")), "测试员", load_rubric(),
                       tmp_path / "sessions")
    pair.set_score("b", pair.rubric.area_ids[0], 3)
    pair.save()
    again = Review.open(str(sample("dongkeng_2017.txt")), str(sample("qingxi_2024.txt")), "测试员", load_rubric(),
                        tmp_path / "sessions")
    assert again.notices[0].key == "continued" and again.notices[0].params["edits"] == 0


async def test_keys_about_the_other_report_say_once_that_there_is_none_in_a_report_reviewed_alone(make_app, tmp_path):
    """walk5: the key bar hides p, P, w and tab alone, but they still acted: p opened an empty picker, w explained a
    pairing with "the other report", e's and a's hints sent the reviewer to a report there is not."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench, t = app.workbench, app.workbench.t
        for key in ("p", "P", "w"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is bench and bench.message == t("single_no_pairs"), key
        assert not single.session.pins and not single.session.forbidden
        bench._nothing_here("b")
        assert bench.message == t("nothing_here_single")
        single.lookup.evidence = lambda side, area_id: []  # an area this report says nothing of
        await pilot.press("e")
        assert bench.message == t("no_evidence_single") and "Tab" not in bench.message


async def test_a_report_with_a_title_alone_says_why_its_pane_is_empty(make_app, tmp_path):
    """walk5: a title-only file opened to an empty pane without a word."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    title_only = tmp_path / "清溪镇2024.txt"
    title_only.write_text("清溪镇2024年法治政府建设年度报告\n", encoding="utf-8")
    single = Review.open_single(str(title_only), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert not single.pairs and app.workbench.error and app.workbench.message == app.workbench.t("no_sections")


async def test_saving_a_note_or_an_annotation_is_announced(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("a", *"data", "enter")
        assert app.workbench.message == app.workbench.t("annotated", side="A", section="1.4", n=1)
        await pilot.press("4", "o", *"ok", "enter")
        assert app.workbench.message.startswith("备注已更新")


async def test_narrow_terminals_keep_progress_short_and_keys_whole(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        status = app.workbench.query_one("#status").plain
        assert "A 0/10 B 0/10 注0 批0" in status and "进度" not in status
        await pilot.press("slash", *"执法", "enter")
        assert "下一处" in app.workbench.query_one("#keys").plain


async def test_search_hits_follow_the_pairs_when_the_alignment_lands(make_app, held_alignment):
    app = make_app(inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"法治", "enter")  # found on the provisional pairs
        held_alignment.set()
        await ready(app, pilot)
        hits = app.workbench.found.items
        assert hits and all(app.review.lookup.pair_index_at(side, start) == index for index, side, start, *_ in hits)
        await pilot.press("n")
        index, side, start, *_ = hits[app.workbench.found.current]
        assert app.workbench.view.focused_index == index


async def test_the_alignment_running_stays_said_beside_the_progress_whatever_the_message(make_app, held_alignment):
    """walk5: "正在对齐章节…" was the only sign, and the first thing the reviewer did (a search) replaced it for good."""
    from fazhi.tui.widgets.panels import StatusBar

    app = make_app(inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.workbench.query_one(StatusBar)
        assert app.workbench.message == "正在对齐章节…" and "对齐中…" in bar.plain
        await pilot.press("slash", *"法治", "enter")
        assert "正在对齐章节" not in app.workbench.message and "对齐中…" in bar.plain
        held_alignment.set()
        await ready(app, pilot)
        assert "对齐中…" not in bar.plain


async def test_a_problem_too_long_beside_the_progress_takes_its_room(make_app):
    """monkey54: at 120 columns "草稿保留在 {path}" was cut before its path, the progress keeping its place; a problem
    that does not fit takes the whole line (its path shortened in its middle, its end kept), other messages do not."""
    from fazhi.tui.widgets.panels import StatusBar

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        bench, bar = app.workbench, app.workbench.query_one(StatusBar)
        progress = bench._progress(compact=False)
        path = "/home/reviewer/round/sessions/.drafts/王芳-1a2b3c__0123456789abcdef-host1234-5678-99.toml"
        bench.say(bench.t("draft_unplaced", path=path), error=True)
        await pilot.pause()
        assert bar.plain.rstrip().endswith("99.toml") and progress not in bar.plain
        bench.say(bench.t("draft_unplaced", path=path))  # the same words as a plain message: the progress stays
        await pilot.pause()
        assert progress in bar.plain and not bar.plain.rstrip().endswith("99.toml")
        bench.say("short", error=True)
        await pilot.pause()
        assert progress in bar.plain


async def test_moving_the_focus_with_the_mouse_counts_as_moving(make_app, open_review):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "q")  # a session with a saved area
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        bench = again.workbench
        assert bench.area_hold == "restored" and not bench.moved
        bench.view.focused_index = 3  # as a click on a heading row does
        await pilot.pause()
        assert bench.moved and bench.area_hold is None


async def test_help_lists_live_bindings_legend_and_escape_closes(make_app):
    from fazhi.tui.keymap import load_keymap

    app = make_app(keymap=load_keymap("vim"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {binding_id: keys for _, group in app.screen.groups for keys, _, binding_id in group}
        assert rows["scroll.down"] == "ctrl+d, pgdn"
        assert any(sign == "╱" for sign, _ in app.screen.legend) and app.screen.legend_title == "图例"  # (walk30: not the title again)
        assert "年份顺延" in dict(app.screen.legend)["变化"]  # what n/N count as a change
        # the keymap's keys, not the default ones (walk5: vim's help said n/N step changes; ] and [ do)
        assert dict(app.screen.legend)["变化"].startswith("]/[ 停在这里") and "n/N" not in str(app.screen.legend)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_vim_s_n_and_n_step_through_search_hits(make_app):
    """walk9 #8: in the vim keymap n and N did nothing after /: its ] and [ stepped the hits, which a vim reader does not
    try first."""
    from fazhi.tui.keymap import load_keymap

    app = make_app(keymap=load_keymap("vim"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"执法", "enter")
        first = app.workbench.found.current
        await pilot.press("n", "n", "N")
        assert app.workbench.found.current == first + 1
        await pilot.press("right_square_bracket")
        assert app.workbench.found.current == first + 2


async def test_help_shows_every_label_whole_in_either_language(make_app):
    """English labels are longer: "Score (0–4 on the scale)" was cut at 20 cells into "the scscore.0 … score.9"; the
    legend's signs are the panel's words in the interface's language (依据 stood in the English legend). Keys and
    what they do, not the binding ids a reviewer read as noise: one line says where a keymap writer finds them."""
    for lang in ("en", "zh"):
        app = make_app(lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            await pilot.press("question_mark")
            shown = app.screen.shown
            lines = shown.splitlines()
            for _, rows in app.screen.groups:
                for keys, label, binding_id in rows:
                    assert re.search(re.escape(keys) + r" +" + re.escape(label) + "$", shown, re.M), (lang, label)
            dotted = [binding_id for _, rows in app.screen.groups for *_, binding_id in rows if "." in binding_id]
            assert len(dotted) > 20 and not any(binding_id in "\n".join(lines[:-1]) for binding_id in dotted)
            assert lines[-1] == Strings(lang)("keymap_hint") and "keymaps/default.toml" in lines[-1]
            signs = [sign for sign, _ in app.screen.legend]  # the panel's words as the panel writes them
            assert app.workbench.t("evidence_col") in signs and f"[{app.workbench.t('area_held_mark')}]" in signs
            assert lang == "zh" or not re.search(r"[\u4e00-\u9fff]", " ".join(signs))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_key_the_app_shows_is_written_one_way(make_app, lang):
    """walk7: the help wrote ctrl keys as Textual does (^o, ^z, ^q) beside the palette's ctrl+p, and messages and
    dialogs wrote Esc, Enter and Ctrl+J where the help and the key bar wrote esc and ⏎: one spelling everywhere."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        rows = {binding_id: keys for _, group in app.screen.groups for keys, _, binding_id in group}
        assert (rows["jump.back"], rows["undo"], rows["quit"], rows["command_palette"]) == \
            ("ctrl+o", "ctrl+z", "q, ctrl+q", "ctrl+p")
        assert "^" not in app.screen.shown
        await pilot.press("escape")
        bench = app.workbench
        await pilot.press("3")
        bench.review.set_note(bench.view.side, bench.area.id, "有量化数据")
        await pilot.press("x")
        assert f"{rows['undo']} " in bench.message and "^" not in bench.message
        assert "^" not in bench.query_one("#keys").plain
        await pilot.press("a")  # the dialogs' fixed keys, as the help writes Escape and the key bar Enter
        await pilot.pause()
        label = str(app.screen.query(".field").first().render())
        assert f"{app.get_key_display(Binding('enter', ''))} " in label and "ctrl+j " in label, label
        await pilot.press("x", "escape")
        assert f" {rows['cancel']} " in str(app.screen.query_one("#form-problem").render())
        assert not re.search(r"Esc|Enter|Ctrl", label + str(app.screen.query_one("#form-problem").render()))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_help_legend_says_removed_and_added_only_between_one_government_s_years(make_app, tmp_path, lang):
    """Between two governments' reports the status line and the why dialog say only in A / only in B: the help's
    legend said 删除/新增 (removed/added) all the same. It follows the pair kind (`Review.status_term`)."""
    from tests.helpers import year_over_year

    t = Strings(lang)
    for review_of, years in ((make_app(lang=lang), False), (make_app(*year_over_year(tmp_path), lang=lang), True)):
        async with review_of.run_test(size=SIZE) as pilot:
            await ready(review_of, pilot)
            assert review_of.review.compares_years is years
            await pilot.press("question_mark")
            legend = dict(review_of.screen.legend)
            shown = review_of.screen.shown
            for sign, status in (("−", "removed"), ("+", "added")):  # as the status line calls them
                term = review_of.review.status_term(status)
                assert term == (status if years else f"only_in_{'a' if status == 'removed' else 'b'}")
                assert legend[sign].startswith(t(term) + (":" if lang == "zh" else ":")) and legend[sign] in shown
            meanings = " ".join(legend.values())
            assert (t("removed") in meanings and t("added") in meanings) is years  # n/N's change too


async def test_vim_keymap_top_and_bottom(make_app):
    from fazhi.tui.keymap import load_keymap

    app = make_app(keymap=load_keymap("vim"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("G")
        assert app.workbench.view.focused_index == len(app.review.pairs) - 1
        await pilot.press("g")
        assert app.workbench.view.focused_index == 0


async def test_a_shift_letter_binding_fires_on_the_capital_letter(make_app, tmp_path):
    """Textual reports shift+j as the key "J": a keymap's `shift+j` is that key (it was accepted and never fired)."""
    from fazhi.tui.keymap import load_keymap

    mine = tmp_path / "mine.toml"
    mine.write_text('[keys]\n"pair.last" = "end,shift+j"\n', encoding="utf-8")
    app = make_app(keymap=load_keymap(str(mine)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.workbench.view.focused_index != len(app.review.pairs) - 1
        await pilot.press("J")
        assert app.workbench.view.focused_index == len(app.review.pairs) - 1


async def test_the_selection_hint_names_the_keymap_s_keys(make_app, tmp_path):
    """walk4: with annotate remapped to b, selecting said "a 批注所选" (a did nothing; b annotated)."""
    from fazhi.tui.keymap import load_keymap

    mine = tmp_path / "mine.toml"
    mine.write_text('[keys]\n"annotate" = "b"\n', encoding="utf-8")
    for keymap, key in ((None, "a"), (load_keymap(str(mine)), "b")):
        app = make_app(keymap=keymap) if keymap else make_app()
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            await pilot.press("v")
            await pilot.pause()
            assert f"{key} 批注所选" in app.workbench.message and "shift+" in app.workbench.message
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, Form)  # the annotation's form: the key said is the key that works


async def test_palette_sets_a_score_and_speaks_chinese(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one("CommandInput").placeholder == app.workbench.t("palette_placeholder")
        await pilot.press(*"行政执法 = 3")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.review.session.score("a", "law_enforcement").level == 3


async def test_ctrl_c_says_how_to_quit_and_ctrl_q_quits_as_q_does(make_app):
    """Textual's own keys, met before any keymap: Ctrl+C says which key quits (it once crashed the app: the
    hint's {key} clashed with the strings' own parameter); Ctrl+Q closes the review as q does, so the command
    line can say where the session is."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [app.t("quit_hint", key="q")]
        await pilot.press("3", "ctrl+q")
    assert app.return_code == 0 and app.exit_report["path"] == app.review.session.path


async def test_ctrl_q_over_a_dialog_keeps_the_dialog_and_the_work(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"半句", "ctrl+q")
        assert isinstance(app.screen, Form) and app.is_running
        assert [n.message for n in app._notifications] == [app.t("quit_hint", key="q")]


async def test_quit_saves_prints_resume_and_reopens_where_the_reviewer_was(make_app, open_review):
    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("tab", "2", "a", *"note", "enter", "q")
    assert app.return_code == 0 and app.exit_report["path"] == app.review.session.path
    again = ReviewApp(open_review())  # the same command again: the session continues
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.review.session.score("b", "law_enforcement").level == 2
        assert [a.note for a in again.review.session.annotations] == ["note"]
        assert again.workbench.view.focused_pair.a == "1.4" and again.workbench.view.side == "b"
        assert again.workbench.area.id == "law_enforcement"


async def test_an_area_held_at_quit_is_held_again_on_resume(make_app, open_review):
    """The reviewer picked 普法 (held, [固定]) and quit: it holds again, so reading on does not take it away; an area
    that only followed the section comes back as it was left, to follow the next move."""
    from fazhi.core.session import load_session
    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_area(next(i for i, a in enumerate(app.review.rubric.areas) if a.id == "law_popularization"))
        await pilot.press("tab", "3", "q")
    assert load_session(app.review.session.path).view.held
    again = ReviewApp(open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        bench = again.workbench
        assert bench.area.id == "law_popularization" and bench.area_hold == "picked"
        assert "[固定]" in bench.query_one("#areas").plain
        # the opening's words say where keys score now (walk53 #3: levels typed from habit went to the held area)
        assert "评分领域仍固定在 B·普法" in " ".join(bench.opening_notices)
        await pilot.press("j", "j")
        assert bench.area.id == "law_popularization"
        await pilot.press("escape", "q")
    assert not load_session(again.review.session.path).view.held


async def test_a_notice_naming_every_area_of_a_side_names_them_at_once(make_app):
    """walk53 #5: the levels carried from another review, all ten areas of A named one by one, pushed both reports'
    titles off the header (and were cut in English)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        ids = app.review.rubric.area_ids
        names = app.workbench._area_names
        assert names(tuple(("a", i) for i in ids) + (("b", ids[0]),)) == f"A·全部 {len(ids)} 个领域、B·党的领导"
        assert names((("a", ids[1]), ("a", ids[0]))) == "A·政府职能、A·党的领导"


async def test_reopening_shows_the_pair_the_reviewer_was_on(make_app, open_review):
    """Not only highlighted in the pair list: its block is on the view, without a key pressed."""
    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(len(app.review.pairs) - 3)
        await pilot.press("tab", "q")
    again = ReviewApp(open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.pause()
        view = again.workbench.view
        row, top = view.blocks[view.focused_index].row, int(view.scroll_y)
        assert view.focused_index == len(again.review.pairs) - 3
        assert top > 0 and top <= row < top + view.scrollable_content_region.height
        pairs = again.workbench.query_one("PairList")
        top = int(pairs.scroll_y)
        assert top > 0 and top <= pairs.highlighted < top + pairs.scrollable_content_region.height
        # walk21 F4: the scrollbars' thumbs where the views are, not at the top until the first key
        for scrolled in (view, pairs):
            assert scrolled.show_vertical_scrollbar and scrolled.vertical_scrollbar.position == scrolled.scroll_y > 0


async def test_the_app_ending_without_q_keeps_the_place_as_q_would(make_app, open_review):
    """A browser tab closed, or the server stopping: textual-serve tells the app to quit (ExitApp), not q."""
    from textual import messages

    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("tab")
        app.post_message(messages.ExitApp())  # what Textual's web driver posts when its tab closes
        await pilot.pause()
    path = app.review.session.path
    assert path is not None and load_session(path).view.a == "1.4"
    again = ReviewApp(open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.workbench.view.focused_pair.a == "1.4" and again.workbench.view.side == "b"


async def test_the_app_ending_before_the_alignment_keeps_the_place_saved_before(make_app, open_review, held_alignment):
    """A tab closed while the review is still aligning: the pairs on screen are provisional, the saved place stays."""
    from textual import messages

    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        held_alignment.set()
        await ready(first, pilot)
        first.workbench.goto_pair(index_of(first, a="1.4"))
        await pilot.press("tab", "q")
    path = first.review.session.path
    saved = path.read_bytes()
    held_alignment.clear()
    app = make_app(inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.review.alignment is None
        await pilot.press("j", "j")
        app.post_message(messages.ExitApp())
        await pilot.pause()
        held_alignment.set()
    assert path.read_bytes() == saved


async def test_a_place_that_cannot_be_saved_as_the_app_ends_leaves_the_other_window_s_file(make_app, open_review, capsys):
    """The session changed on disk meanwhile (another window) and this one only moved: the file is theirs, and the app
    ends as usual (it said its changes could not be saved and exited 1, though every score of it was saved)."""
    from textual import messages

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")  # a score: the session file exists
        elsewhere = open_review()  # another window on the same session changes it
        elsewhere.set_note("a", elsewhere.rubric.area_ids[0], "另一窗口")
        theirs = elsewhere.save().read_bytes()
        app.workbench.goto_pair(index_of(app, a="1.4"))
        app.post_message(messages.ExitApp())
        await pilot.pause()
    err = capsys.readouterr().err
    assert app.review.session.path.read_bytes() == theirs
    assert not [line for line in err.splitlines() if line.startswith("fazhi:")] and "Traceback" not in err


async def test_opening_and_quitting_untouched_writes_nothing(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
    assert app.return_code == 0 and app.exit_report == {"path": None}
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").glob("*.toml"))


async def test_moving_then_quitting_remembers_the_place_but_is_no_review(make_app, tmp_path):
    """Where the reviewer was is kept for resume; a session without a score is not counted by aggregate."""
    from fazhi.core.aggregate import aggregate_paths

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "tab", "q")
    path = app.exit_report["path"]
    assert app.return_code == 0 and path is not None and path.exists()
    saved = load_session(path)
    assert saved.score_count == 0 and not saved.annotations and saved.view.a is not None
    pooled = aggregate_paths([str(path.parent)], app.review.rubric)
    assert pooled.untouched == 1 and pooled.sessions == 0 and not pooled.rows


async def test_english_interface_is_english_throughout(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "aligned" in app.workbench.message
        assert "Law enforcement" in app.workbench.query_one("#areas").plain and "行政执法" not in app.workbench.query_one("#areas").plain
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one("CommandInput").placeholder == "Search commands, sections, areas…"


async def test_page_keys_scroll_and_move_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("pagedown", "pagedown")
        assert app.workbench.view.scroll_y > 0 and app.workbench.view.focused_index > 0
        focused = app.workbench.view.focused_index
        await pilot.press("pageup")
        assert app.workbench.view.focused_index < focused


async def test_markup_in_notes_reviewer_and_text_is_shown_as_text(make_app, open_review, tmp_path):
    app = make_app(review=open_review(reviewer="[b]审[/b] [/x]"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2", "o", *"[/x] [b]粗[/b] [link=x]", "enter")
        await pilot.press("a", *"[/] [red]", "tab", *"[b]", "enter", "m")
        await pilot.pause()
        assert isinstance(app.screen, Chooser)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        await pilot.press("escape")
        assert "[/x] [b]粗[/b] [link=x]" == app.review.session.score("a", app.workbench.area.id).note
        assert "[b]粗[/b]" in load_session(app.review.session.path).score("a", app.workbench.area.id).note


async def test_fork_asks_before_replacing_my_session(open_review, tmp_path):
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.app import ReviewApp

    theirs = open_review(reviewer="甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    mine = open_review(reviewer="乙")
    mine.set_score("a", "law_enforcement", 1)
    my_path = mine.save()
    review = Review.resume(their_path, load_rubric(), reviewer="乙")
    app = ReviewApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Question)
        # walk4: the question was cut after its first line, its reassurance (the old file kept as .bak) unread
        body = app.screen.query_one(".dialog-body")
        assert body.size.height > 1 and body.size.width <= app.screen.query_one(".dialog").size.width
        assert ".bak" in "".join(strip.text for strip in body.render_lines(body.region.reset_offset))
        await pilot.click("#answer-theirs")
        await ready(app, pilot)
        assert app.review.session.score("a", "law_enforcement").level == 4 and app.review.session.reviewer == "乙"
        # kept where later saves leave it (read54 #2), and said where
        kept, = my_path.parent.glob(f"{my_path.name}.replaced-*.bak")
        assert app.workbench.message == app.workbench.t("replaced_kept", path=str(kept.resolve()))
        await pilot.press("2")  # a change saved after it
        await pilot.pause()
    assert load_session(my_path).score("a", "law_enforcement").level == 4
    assert load_session(kept).score("a", "law_enforcement").level == 1
    assert load_session(their_path).reviewer == "甲"


async def conflict_answered(app, pilot, open_review, answer: str, saved_first: bool = True, also=()):
    """Once aligned, score 1 (saved, unless not `saved_first`), let a second window on the same pair score A's focused
    area 3 (and the (side, area, level) `also` gives) and save behind our back, score 2 here, and give `answer` (or
    Escape) to the conflict: the other window's review."""
    await ready(app, pilot)
    area = app.workbench.area.id
    if saved_first:
        await pilot.press("1")
    other = open_review()
    for side, scored, level in [("a", area, 3), *also]:
        other.set_score(side, scored, level)
    other.save()
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, Question)
    if answer == "escape":  # the conflict left open: the change stays unsaved
        await pilot.press("escape")
    else:
        await pilot.click(f"#answer-{answer}")
    await pilot.pause()
    return other


async def test_a_conflicting_save_asks_and_saves_a_copy(make_app, open_review):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "copy")
        copy = app.review.session.path
        assert "copy" in copy.name and load_session(copy).score("a", app.workbench.area.id).level == 2
    assert load_session(other.session.path).score("a", app.workbench.area.id).level == 3


async def test_a_window_closed_on_the_conflict_keeps_its_change_in_a_copy(make_app, open_review, capsys):
    """walk18 F1: a browser tab (or a terminal) closed while "changed by another window" was asked lost the change it
    asked about, said only in the server's log. It goes to a copy, named at the next opening of the pair."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "escape")
        area = app.workbench.area.id
        app.exit()  # the tab closed: no q
        await pilot.pause()
    err = capsys.readouterr().err
    (copy,) = [p for p in other.session.path.parent.glob("*.toml") if "copy" in p.name]
    assert load_session(copy).score("a", area).level == 2 and load_session(other.session.path).score("a", area).level == 3
    assert "未能保存的修改已另存为副本" in err and copy.name in err
    again = make_app(review=open_review())
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert any(n.key == "other_sessions" for n in again.review.notices)
        bench = again.workbench
        header = bench.query_one("#header")
        while bench.notice and "会话" not in bench.notice:  # its turn
            bench._end_notice()
            await pilot.pause()
        # read whole at 100 columns, over both lines, the copy's name cut in its middle (its stamp kept: walk20 H5);
        # the help lists it with the whole name
        painted = "".join(header.render_line(y).text.split("  ", 3)[-1].strip() for y in range(2))
        assert bench.notice.endswith("都计入汇总") and bench.notice.replace(" ", "") in painted.replace(" ", "")
        assert "…" in bench.notice and copy.name[-20:] in bench.notice
        assert any(copy.name in n for n in bench.opening_notices)


async def test_quitting_with_a_refused_save_offers_the_copy(make_app, open_review):
    """walk4: Escape on the conflict dialog, then q: the quit dialog offered to go back or to drop the change, not the
    copy the conflict dialog offered."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "escape")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Question)
        await pilot.click("#answer-copy")
        await pilot.pause()
    copy = Path(app.exit_report["path"])
    assert "copy" in copy.name and load_session(copy).score("a", app.workbench.area.id).level == 2
    assert load_session(other.session.path).score("a", app.workbench.area.id).level == 3


async def test_merging_after_a_conflict_keeps_both_windows_work_and_says_what_both_changed(make_app, open_review):
    """walk10: the conflict offered to reload (this window's change dropped) or copy (pooled apart), never both
    windows' work in one file. Merged: the other window's score of another area stays, this window's of the area both
    scored is kept and named."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "merge", also=[("b", "power_oversight", 4)])
        area = app.workbench.area
        saved = load_session(other.session.path)
        assert (saved.score("a", area.id).level, saved.score("b", "power_oversight").level) == (2, 4)
        assert not app.review.unsaved and app.review.session.path == other.session.path
        t = app.workbench.t
        assert app.workbench.message == t("merged", taken=1, applied=1) + t("clause_sep") + t(
            "merged_both", items=f"A {area.name('zh')}")


async def test_a_merge_that_keeps_none_of_the_other_windows_changes_does_not_count_them_as_zero(make_app, open_review):
    """walk19: the other window's one change was to the area both scored (kept as this window has it): "the other
    window's 0 changes" read as if it had changed nothing. Said: this window's change, and what both changed."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await conflict_answered(app, pilot, open_review, "merge")
        t, area = app.workbench.t, app.workbench.area
        assert app.workbench.message == t("merged_mine", applied=1) + t("clause_sep") + t(
            "merged_both", items=f"A {area.name('zh')}")


async def test_quitting_with_a_refused_save_offers_the_merge(make_app, open_review):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "escape", also=[("b", "power_oversight", 4)])
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Question)
        await pilot.click("#answer-merge")
        await pilot.pause()
    saved = load_session(Path(app.exit_report["path"]))
    assert app.exit_report["path"] == str(other.session.path) or Path(app.exit_report["path"]) == other.session.path
    assert (saved.score("a", app.workbench.area.id).level, saved.score("b", "power_oversight").level) == (2, 4)
    # what both windows changed is said after the screen (reread9 H3: it was overwritten unsaid)
    t, area = app.workbench.t, app.workbench.area
    assert app.exit_report["said"] == t("merged", taken=1, applied=1) + t("clause_sep") + t(
        "merged_both", items=f"A {area.name('zh')}")


async def test_a_merge_whose_save_fails_still_says_what_both_changed(make_app, open_review, monkeypatch):
    """reread9 H3, M3: the merge was said only once saved, and the merged session's alignment drawn only then."""
    from fazhi.core.errors import FazhiError

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = app.review
        real_save = type(review).save

        def failing(self):  # the disk is full just after the merge
            if getattr(self, "_merged_once", False):
                raise FazhiError(str(self.session.path), "cannot write: No space left on device")
            return real_save(self)

        real_merge = type(review).merge

        def merging(self, path=None):
            self._merged_once = True
            return real_merge(self, path)

        monkeypatch.setattr(type(review), "save", failing)
        monkeypatch.setattr(type(review), "merge", merging)
        await conflict_answered(app, pilot, open_review, "merge", also=[("b", "power_oversight", 4)])
        await pilot.pause()
        t = app.workbench.t
        said = t("merged", taken=1, applied=1) + t("clause_sep") + t("merged_both", items=f"A {app.workbench.area.name('zh')}")
        assert said in [n.message for n in app._notifications]
        assert app.review.session.score("b", "power_oversight").level == 4 and app.review.unsaved


async def test_reloading_after_a_conflict_says_the_change_was_dropped(make_app, open_review):
    """The status line kept announcing the change just dropped ("A · 政府职能 = 4 … 已保存") while the panel and the
    file held the other window's level."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "reload")
        assert app.review.session.score("a", app.workbench.area.id).level == 3
        assert app.workbench.message == app.workbench.t("reloaded", path=other.session.path)



async def test_reloading_when_another_window_made_the_session_file_first(make_app, open_review):
    """walk4: both windows opened a new pair; the other scored first (making the file), this one scored, got the
    conflict and chose reload: a traceback ("this session has no file yet") took the window down."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = await conflict_answered(app, pilot, open_review, "reload", saved_first=False)
        area = app.workbench.area.id
        assert app.review.session.score("a", area).level == 3 and app.review.session.path == other.session.path
        await pilot.press("4")
        await pilot.pause()
        assert load_session(other.session.path).score("a", area).level == 4  # saved to it, no second conflict


async def score_until_the_save_fails(app, pilot) -> None:
    """Once aligned, score (3) on a workbench whose saves fail: the failure asks its question."""
    await ready(app, pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, Question)


async def score_and_answer_the_failed_save(app, pilot, answer: str) -> None:
    """`score_until_the_save_fails`, then the answer."""
    await score_until_the_save_fails(app, pilot)
    await pilot.click(f"#answer-{answer}")


def app_whose_saves_fail(make_app, open_review, tmp_path, folder: str = "sessions"):
    """(the workbench, the blocker): the sessions folder lies under a file, so every save fails until the blocker is
    made a folder (`blocker.unlink(); blocker.mkdir()`)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the sessions folder's parent should be")
    return make_app(review=open_review(sessions_dir=blocker / folder)), blocker

async def test_a_failed_save_keeps_the_app_open_and_the_change(make_app, open_review, tmp_path):
    app, blocker = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_until_the_save_fails(app, pilot)
        assert app.review.unsaved and app.review.session.score("a", app.workbench.area.id).level == 3
        blocker.unlink()
        blocker.mkdir()
        await pilot.click("#answer-retry")
        await pilot.pause()
        assert not app.review.unsaved and app.review.session.path.exists()


async def test_a_failed_save_says_what_the_system_said_in_the_reviewer_s_language(make_app, open_review, tmp_path):
    """walk7: the system's reason ("Not a directory", "Read-only file system" …) stayed English under Chinese."""
    app, _ = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_until_the_save_fails(app, pilot)
        assert app.workbench.error and app.workbench.message.endswith("无法写入:路径中有一级不是文件夹")
        assert "无法写入:路径中有一级不是文件夹" in app.screen.body and "Not a directory" not in app.screen.body


async def test_a_window_closed_with_a_change_it_could_not_save_says_the_change_is_lost(make_app, open_review, tmp_path,
                                                                                     capsys):
    """walk9 #3: a browser tab closed after a failed save: the server printed the English reason alone, and (on Ctrl+C)
    that every change was saved."""
    app, _ = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_and_answer_the_failed_save(app, pilot, "stay")
        assert app.review.unsaved
        app.exit()  # the tab closed: no q
        await pilot.pause()
    err = capsys.readouterr().err
    assert "未能保存的修改已随窗口关闭而丢失" in err and "Not a directory" not in err


async def test_quitting_with_a_change_it_cannot_save_offers_another_folder_and_asks_again_when_a_copy_fails(
        make_app, open_review, tmp_path):
    """walk9 #4: in a folder that takes no file, the quit dialog offered a copy into that same folder; it failed, and the
    reason was a cut status line. Now it also offers a folder the reviewer names, and asks again with what a copy met;
    Enter on an empty folder says that nothing was saved (it closed silently)."""
    app, _ = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_and_answer_the_failed_save(app, pilot, "stay")
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#answer-copy")  # beside the session file: under the blocker too
        await pilot.pause()
        assert isinstance(app.screen, Question) and "无法写入" in app.screen.body
        await pilot.click("#answer-elsewhere")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        app.screen.query_one(Input).value = ""  # the folder offered taken away
        await pilot.press("enter")  # no folder
        await pilot.pause()
        assert isinstance(app.screen, Question) and "没有给出文件夹" in app.screen.body
        await pilot.click("#answer-elsewhere")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "elsewhere")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code in (0, None)
    (copy,) = (tmp_path / "elsewhere").iterdir()
    assert load_session(copy).score("a", app.workbench.area.id).level == 3


async def test_quitting_with_an_unsaved_change_asks_and_exits_1(make_app, open_review, tmp_path):
    app, blocker = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_and_answer_the_failed_save(app, pilot, "stay")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Question)
        await pilot.click("#answer-quit")
        await pilot.pause()
    assert app.return_code == 1 and "error" in app.exit_report


async def test_a_changed_report_is_reanchored_and_followed(make_app, open_review, tmp_path):
    from fazhi.core.report import read

    revised = tmp_path / "qingxi.txt"
    revised.write_text(read(sample("qingxi_2024.txt")).text, encoding="utf-8")
    app = make_app(review=open_review(a=revised))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("a", *"x", "enter", "q")
    revised.write_text("(修订稿)\n" + revised.read_text(encoding="utf-8").replace("持续", "不断"), encoding="utf-8")
    again = make_app(review=open_review(a=revised))
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.review.changed == ("a",) and not again.review.orphans
        (an,) = again.review.session.annotations
        assert again.review.a.text[an.start:an.end] == an.quote and an.quote.startswith("聚焦提升行政执法质量")
        assert again.review.session.reports["a"].sha256 == again.review.a.sha256
        assert "A" in again.workbench.query_one("#header").plain or again.workbench.message


# rendering only what changed (tui/widgets/rows.py, panels.py, compare_view.py) ---------------------------------
def _count_rows(monkeypatch, widget_class) -> list[int]:
    """How many rows Textual asks `widget_class` to render (its render_line): a list holding one counter."""
    count = [0]
    render_line = widget_class.render_line

    def counted(self, y):
        count[0] += 1
        return render_line(self, y)

    monkeypatch.setattr(widget_class, "render_line", counted)
    return count


async def test_going_back_and_forth_repaints_no_row_already_painted(make_app, monkeypatch):
    from fazhi.tui.widgets.compare_view import CompareView
    from fazhi.tui.widgets.pair_list import PairList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "k", "j", "k")  # every row of both screens painted, focused and not
        await pilot.pause()
        view_rows, list_rows = _count_rows(monkeypatch, CompareView), _count_rows(monkeypatch, PairList)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert app.workbench.view.focused_index == 0
        assert view_rows[0] == 0 and list_rows[0] == 0  # the screens are the same as before: all from the cache


async def test_a_search_repaints_only_rows_with_hits(make_app, monkeypatch):
    from fazhi.tui.widgets.compare_view import CompareView

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.workbench.view
        view.set_layer("search", {"a": [(0, 1)]})  # a hit only in the first character of report A
        await pilot.pause()
        rows = _count_rows(monkeypatch, CompareView)
        view.set_layer("search", {"a": [(0, 1)], "b": [(10**6, 10**6 + 1)]})  # a hit on no row shown
        await pilot.pause()
        assert rows[0] == 0
        first = view.blocks[0].body["a"][0]
        view.set_layer("search", {"a": [(first[0], first[0] + 1)]})  # a hit on one row shown
        await pilot.pause()
        assert rows[0] == 1


async def test_the_find_box_resizes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        sizes = {name: app.workbench.query_one(name).size for name in ("#view", "#pairs", "#detail")}
        await pilot.press("slash")
        assert app.workbench.query_one("#find").display
        assert {name: app.workbench.query_one(name).size for name in sizes} == sizes


async def test_panels_paint_line_by_line_what_textual_paints_whole(make_app):
    from textual.visual import Visual, visualize

    from fazhi.tui.widgets.panels import Panel

    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        pair = app.review.pairs[index_of(app, a="1.1.1")]
        app.review.annotate("a", pair.a, 0, 4, "很长的一条批注,要在窄窄的面板里折成好几行才放得下。" * 3, ["标签"])
        app.workbench.goto_pair(index_of(app, a="1.1.1"))
        await pilot.press("right_square_bracket", "tab", "2")
        await pilot.pause()
        for panel in app.workbench.query(Panel):
            whole = Visual.to_strips(panel, visualize(panel, panel.render()), panel.size.width, panel.size.height,
                                     panel.visual_style)
            lines = [panel.render_line(y) for y in range(len(whole))]
            assert [list(s) for s in lines] == [list(s) for s in whole], type(panel).__name__
            assert [[seg.style.meta if seg.style else None for seg in s] for s in lines] == \
                [[seg.style.meta if seg.style else None for seg in s] for s in whole]  # text selection's offsets
        assert "很长的一条批注" in app.workbench.query_one("#detail").plain


async def test_big_reports_show_their_first_screenful_at_once(make_app, monkeypatch):
    from fazhi.tui.widgets import compare_view

    monkeypatch.setattr(compare_view, "INLINE_LAYOUT_CHARS", 0)  # the sample pair counts as big
    installed = []
    install = compare_view.CompareView._install
    monkeypatch.setattr(compare_view.CompareView, "_install",
                        lambda self, blocks, width, pairs: (installed.append(len(blocks)), install(self, blocks, width, pairs)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        n = len(app.review.pairs)
        assert installed[0] < n  # the provisional pairs' first screenful, on the UI thread
        assert installed[-1] == n == len(app.workbench.view.blocks)  # then all of the aligned pairs


async def test_big_reports_count_evidence_in_a_worker(make_app, monkeypatch):
    import threading

    from fazhi.core.lookup import Lookup
    from fazhi.tui.screens import review

    monkeypatch.setattr(review, "INLINE_ALIGN_CHARS", 0)  # the sample pair counts as big
    gate = threading.Event()
    evidence = Lookup.evidence

    def held(self, side, area_id):
        if threading.current_thread() is not threading.main_thread():
            gate.wait(30)
        return evidence(self, side, area_id)

    monkeypatch.setattr(Lookup, "evidence", held)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "…" in app.workbench.query_one("#areas").plain  # being counted; the screen is up meanwhile
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        area = app.review.rubric.areas[0]
        assert "…" not in app.workbench.query_one("#areas").plain
        assert str(len(app.review.lookup.evidence("a", area.id))) in app.workbench.query_one("#areas").plain


def test_opening_the_workbench_imports_no_numpy_nor_rapidfuzz(tmp_path):
    import subprocess
    import sys

    code = f"""
import sys
from fazhi.core.review import Review
from fazhi.core.rubric import load_rubric
from fazhi.tui.app import ReviewApp
review = Review.open({str(sample("dongkeng_2017.txt"))!r}, {str(sample("qingxi_2024.txt"))!r}, "x", load_rubric(),
                     {str(tmp_path)!r})
review.apply(review.compute_alignment())
review.comparison(next(p for p in review.pairs if p.a and p.b))
ReviewApp(review)
print(sorted(m for m in ("numpy", "rapidfuzz") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


async def test_the_area_panel_grows_with_its_lines(make_app):
    """The area panel is sized by its content: widened from one scale line to the whole scale, or given a score
    note's line, it is laid out again (repainted at its old height, the new lines were cut off)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        panel = app.workbench.query_one(AreaPanel)

        def on_screen() -> str:
            return "\n".join(panel.render_line(y).text for y in range(panel.size.height))

        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        last = app.review.rubric.levels[-1]
        assert f" {last.level} {last.text('zh')[0]}" in on_screen()
        await pilot.press("3")
        bench = app.workbench
        bench.review.set_note(bench.view.side, bench.area.id, "短")
        bench.refresh_panels()
        await pilot.pause()
        assert "✎ 短" in on_screen()
        long_note = "原因分析不足" * 6 + "结尾"  # wraps to more rows: the same number of lines in the text
        bench.review.set_note(bench.view.side, bench.area.id, long_note)
        bench.refresh_panels()
        await pilot.pause()
        assert "结尾" in on_screen()


async def test_the_area_panel_keeps_its_height_whatever_is_scored(make_app):
    """Scored or not, at any level, the area panel takes the same rows (the meaning's rows are the longest level's),
    so moving between areas scored and not, or scoring another level, lays nothing out again: a new height was a
    layout pass, then a second one, at every such key (a repaint 50–100 ms after the key). Narrow and wide."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        panel = bench.query_one(AreaPanel)
        for size in ((160, 45), (100, 30), (80, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            heights, shown = set(), []
            for level in [None] + [lv.level for lv in app.review.rubric.levels]:
                if level is None:
                    bench.set_score(bench.focused_area, None)
                else:
                    await pilot.press(str(level))
                await pilot.pause()
                heights.add(panel.size.height)
                shown.append(panel.plain)
            assert len(heights) == 1, (size, heights)
            assert len(set(shown)) == len(shown)  # each level (and none) says something of its own
            # what the area's level means is on screen, not cut off below a short panel (walk20 H2: at 100×30)
            painted = "".join(panel.render_line(y).text for y in range(panel.size.height))
            last = app.review.rubric.levels[-1]
            assert last.text("zh")[1][:6] in painted, (size, painted)


async def test_v_on_a_heading_alone_annotates_the_heading(make_app):
    """A section that is a heading alone on the side being read (its text is in its sub-sections) has nothing to
    select: v made an invisible caret that no arrow moved and annotated one character; then it said to press a, and
    "v → a" typed in one motion switched report on → and annotated the other's heading (walk32 #6). It asks for the
    heading's annotation at once, and the keys typed after v go into that dialog."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        view = bench.view
        index, side = next((i, s) for i, block in enumerate(view.blocks) for s in "ab"
                           if getattr(view.pairs[i], s) and not block.body[s])
        bench.goto_pair(index)
        bench.set_side(side)
        await pilot.press("v", "right", "left")
        await pilot.pause()
        assert view.caret is None and view.selection is None and bench.view.side == side
        assert bench.message.startswith(side.upper())
        assert isinstance(app.screen, Form)
        section = app.review.section(side, getattr(view.pairs[index], side))
        assert section.heading[:6] in app.screen.query_one("#passage", Input).value  # (the title names the place)
        assert f" {side.upper()} " in app.screen.title_text  # the side read, not the other


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_palette_says_what_quit_does_not_quit_twice(make_app, lang):
    """`Quit / Quit` and `退出 / 退出`: the system commands' help was their title again."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        commands = list(app.get_system_commands(app.screen))
        assert commands and all(c.help and c.help != c.title for c in commands)
        assert app.workbench.t("quit") in [c.title for c in commands]


async def test_the_typed_score_dialog_asks_once(make_app):
    """"Type a level (0–4)" stood three times in the dialog: its title, its label and its placeholder."""
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("equals_sign")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form)
        said = [form.title_text, *(str(label.render()) for label in form.query("Label")),
                *(i.placeholder for i in form.query("Input"))]
        assert sum("Type a level" in text for text in said) == 1
        assert form.title_text == f"Score A · {app.workbench.area.name('en')}"


async def test_all_annotations_are_listed_in_document_order_with_what_enter_does(make_app):
    """M listed annotations as they were made; m and M said nothing of what Enter does."""
    from fazhi.tui.screens.chooser import Chooser

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        review, t = app.review, app.workbench.t
        made = []
        for side, sid in (("b", "1.2"), ("a", "2"), ("b", "1"), ("a", "1.1")):  # not in the reports' order
            made.append(review.annotate(side, sid, *review.lookup.default_passage(side, sid), "n").id)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, Chooser)
        listed = [option.id for option in app.screen.query_one("#choices").options]
        by_id = {an.id: an for an in review.session.annotations}
        assert listed == sorted(made, key=lambda i: (by_id[i].side, by_id[i].start)) and listed != made
        assert str(app.screen.query_one(".dialog-hint").render()) == t("all_annotations_hint")
        await pilot.press("escape")
        app.workbench.goto_pair(index_of(app, a="1.1"))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Chooser)
        assert str(app.screen.query_one(".dialog-hint").render()) == t("annotations_hint")
        assert f"{app.get_key_display(Binding('enter', ''))} 修改" in t("annotations_hint")


async def test_escape_in_a_form_with_typed_text_warns_before_it_discards(make_app):
    """A reviewer's afternoon: Esc in the note dialog threw the typed note away without a word. The first Esc now
    says so in the form; a second discards; Enter after the warning still saves. An untouched form closes at once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("3", "o")
        await pilot.press(*"draft", "escape")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form) and form.values == {"note": "draft"}
        assert "再按 esc 放弃" in str(form.query_one("#form-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, Form) and not app.review.session.score("a", area).note
        assert app.workbench.message == "已放弃所写的内容,未保存"  # walk7: the line kept the last save's words
        await pilot.press("o", *"kept", "escape", "enter")
        await pilot.pause()
        assert app.review.session.score("a", area).note == "kept"
        await pilot.press("o", "escape")  # nothing changed: one Esc closes
        await pilot.pause()
        assert not isinstance(app.screen, Form)
        # the Cancel button, reached with Tab and pressed with Enter, warns as Esc does
        await pilot.press("o", *"typed", "tab", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Form) and app.screen.focused.id == "note"  # back where Enter saves
        assert "再按 esc 放弃" in str(app.screen.query_one("#form-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, Form) and app.review.session.score("a", area).note == "kept"


async def test_a_note_takes_several_lines_typed_or_pasted_and_a_saved_one_is_shown_whole(make_app):
    """walk6: the note field was one line: a pasted paragraph kept its first line (600 characters dropped without a
    word), no line break could be typed, and a saved note's later lines were hidden while typing went on after them."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("3", "o")
        await pilot.pause()
        app.post_message(events.Paste("第一行 [b]粗体[/b]\r\n第二行\n第三行"))  # as the terminal's paste comes
        await pilot.pause()
        await pilot.press("ctrl+j", *"末行", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Form)
        saved = "第一行 [b]粗体[/b]\n第二行\n第三行\n末行"
        assert app.review.session.score("a", area).note == saved
        assert load_session(app.review.session.path).score("a", area).note == saved
        await pilot.press("o")
        await pilot.pause()
        note = app.screen.query_one("#note")
        assert note.value == saved and note.size.height >= 4  # every line on the form, not the first alone
        await pilot.press(*"!", "enter")  # typed at its end
        await pilot.pause()
        assert app.review.session.score("a", area).note == saved + "!"


async def test_a_typed_level_that_is_no_whole_number_keeps_the_dialog_open(make_app):
    """'2.5' was called off the scale 0–4, and the dialog closed: the problem is said in the dialog, which stays open
    with the text as typed, and the corrected level is given."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("equals_sign", *"2.5", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form) and form.values == {"level": "2.5"}
        problem = form.query_one("#form-problem")
        assert "整数" in str(problem.render())
        assert problem.region.height and not problem.region.overlaps(form.query_one(".buttons").region)  # seen
        assert app.review.session.score("a", area) is None
        await pilot.press("backspace", "backspace", "backspace", *"9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Form) and "不在量表" in str(form.query_one("#form-problem").render())
        await pilot.press("backspace", "2", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Form) and app.review.session.score("a", area).level == 2
        # a level of thousands of digits: said, no traceback (int() refuses such a string)
        await pilot.press("equals_sign")
        await pilot.pause()
        app.screen.query_one(Input).value = "9" * 5000
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Form) and "整数" in str(app.screen.query_one("#form-problem").render())
        # walk21 F7: Escape then offered Enter to save the refused level; it closes the dialog at once
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, Form) and app.review.session.score("a", area).level == 2


async def test_clearing_an_area_without_a_score_says_so_and_writes_nothing(make_app):
    """x on an area never scored said 已清除评分 and rewrote the session (its .bak replaced by a copy of itself)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "right_square_bracket")
        path = app.review.session.path
        written = path.stat().st_mtime_ns
        await pilot.press("x")
        await pilot.pause()
        assert "尚未评分" in app.workbench.message and app.workbench.error
        assert app.workbench.area.name("zh") in app.workbench.message  # the area by its name, not its id
        assert path.stat().st_mtime_ns == written and not app.review.unsaved


async def test_the_palette_s_progress_entry_goes_to_an_area_not_scored_yet(make_app):
    """The progress entry ("进度 A 0/10 …") opened the list of every annotation; a reviewer choosing it wants what is
    left to score: the first such area of the report being read is picked, and the rest are named."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        areas = app.review.rubric.area_ids
        await pilot.press("3")  # the first area of A scored
        entries = app.workbench.palette_entries(discover=False)
        title, help_text, go = entries[0]
        assert title.startswith("进度") and help_text
        go()
        await pilot.pause()
        assert app.workbench.area.id == areas[1] and app.workbench.area_hold == "picked"
        assert f"A 尚未评分 {len(areas) - 1} 项" in app.workbench.message
        for area in areas:
            app.review.set_score("a", area, 2)
        go()
        await pilot.pause()
        assert "都已评分" in app.workbench.message


async def test_a_file_name_with_control_characters_is_shown_not_sent_to_the_terminal(make_app, tmp_path):
    """Found by fuzzing: a report without a title is named by its file, and a file named with an escape sequence
    coloured the header red and set the terminal's title. The name is shown with its escapes written out."""
    from fazhi.tui.widgets.panels import HeaderBar

    text = sample("dongkeng_2017.txt").read_text(encoding="utf-8")
    body = text[text.index("一、"):]  # no title: the header names the report by its file
    odd = tmp_path / "q\x1b[31mRED\x1b]0;PWNED\x07.txt"
    odd.write_text(body, encoding="utf-8")
    app = make_app(b=odd)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        header = app.workbench.query_one(HeaderBar).plain
        assert "\x1b" not in header and "\x07" not in header and "q\\x1b[31mRED" in header


async def test_a_failed_save_is_said_asked_and_cleared_by_the_retry_that_succeeds(make_app):
    """A session file its owner made read-only is not replaced: the save fails, the reviewer is asked (retry, save
    elsewhere, stay) and the change stays in the window. Found by fuzzing: once the retry succeeded, the status
    still showed the failure beside 已保存."""
    import os

    from fazhi.tui.widgets.panels import StatusBar

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        await pilot.press("3")
        await pilot.pause()
        path = app.review.session.path
        os.chmod(path, 0o444)
        try:
            await pilot.press("3")  # the level it has: nothing changed, nothing written, no failure said (walk32 #4)
            await pilot.pause()
            assert not isinstance(app.screen, Question) and not app.workbench.error and not app.review.unsaved
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, Question)
            assert app.workbench.error and "只读" in app.workbench.message and app.review.unsaved
            assert load_session(path).score("a", area).level == 3
        finally:
            os.chmod(path, 0o644)
        await pilot.click("#answer-retry")
        await pilot.pause()
        assert not isinstance(app.screen, Question) and not app.review.unsaved
        assert not app.workbench.error and "read-only" not in app.workbench.query_one(StatusBar).plain
        assert load_session(path).score("a", area).level == 2


async def test_the_status_line_says_only_in_a_or_b_between_two_governments_and_removed_or_added_between_years(
        make_app, tmp_path):
    """Sections one report lacks were removed or added between one government's two years; between two governments'
    reports (a peer) they are only in A or only in B."""
    from fazhi.tui.widgets.panels import StatusBar

    peers = make_app()  # 清溪镇 2024 beside 东坑镇 2017
    async with peers.run_test(size=SIZE) as pilot:
        await ready(peers, pilot)
        status = peers.workbench.query_one(StatusBar).plain
        assert not peers.review.compares_years
        assert "只在 A" in status and "只在 B" in status and "删除" not in status and "新增" not in status
        # the why dialog calls it the same
        peers.workbench.goto_pair(next(i for i, p in enumerate(peers.review.pairs) if p.a and not p.b))
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(peers.screen, Question) and "只在 A" in peers.screen.body and "删除" not in peers.screen.body
        await pilot.press("escape")
    # the same government a year on, with a section taken out and one put in
    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    later = tmp_path / "qingxi_2025.txt"
    later.write_text(text.replace("2024", "2025").replace("2023", "2024")
                     + "\n五、其他工作\n本年开展了法治宣传月活动，覆盖全镇各村。\n", encoding="utf-8")
    years = make_app(b=later)
    async with years.run_test(size=SIZE) as pilot:
        await ready(years, pilot)
        status = years.workbench.query_one(StatusBar).plain
        assert years.review.compares_years and "新增" in status and "只在" not in status


ODD_FOLDER = "s\x1b[31mRED\x1b]0;PWNED\x07"  # a sessions folder whose name would colour the line and set the title


def _shown_as_data(message: str) -> bool:
    """The odd folder's name is written out in `message` (\\x1b, \\x07), never sent."""
    return "\x1b" not in message and "\x07" not in message and "s\\x1b[31mRED\\x1b]0;PWNED\\x07" in message


async def test_saved_messages_write_a_folder_s_escape_sequence_out(make_app, open_review, tmp_path):
    """"Saved: …" after a retried save and "Saved a copy: …" after a conflict quoted the session's path raw: a
    sessions folder named with an escape sequence coloured the status line (the rest of the interface writes
    such characters out, tui/i18n.py)."""
    app, blocker = app_whose_saves_fail(make_app, open_review, tmp_path, ODD_FOLDER)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, Question)
        blocker.unlink()
        blocker.mkdir()
        await pilot.click("#answer-retry")
        await pilot.pause()
        assert not app.review.unsaved and _shown_as_data(app.workbench.message)
        assert app.workbench.message.startswith("已保存:")
        other = open_review(sessions_dir=blocker / ODD_FOLDER)  # a second window saves behind our back
        other.set_score("b", "power_oversight", 3)
        other.save()
        await pilot.press("2")
        await pilot.pause()
        await pilot.click("#answer-copy")
        await pilot.pause()
        assert _shown_as_data(app.workbench.message) and app.workbench.message.startswith("已另存副本:")


async def test_saving_elsewhere_offers_the_folder_the_reviewer_started_in(make_app, open_review, tmp_path,
                                                                           monkeypatch):
    """The save-elsewhere dialog offered an empty field: a reviewer whose session folder took no file had to type a
    folder's whole path. It offers the folder they started fazhi in (else their home folder), if it takes a file;
    Enter saves the copy there."""
    start = tmp_path / "started here"
    start.mkdir()
    monkeypatch.chdir(start)
    app, _ = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_and_answer_the_failed_save(app, pilot, "elsewhere")
        await pilot.pause()
        assert isinstance(app.screen, Form) and app.screen.query_one(Input).value == str(start)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.review.unsaved and app.workbench.message.startswith("已另存副本:")
    (copy,) = start.iterdir()
    assert load_session(copy).score("a", app.workbench.area.id).level == 3


async def test_saved_elsewhere_message_writes_the_folder_s_escape_sequence_out(make_app, open_review, tmp_path):
    app, blocker = app_whose_saves_fail(make_app, open_review, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await score_and_answer_the_failed_save(app, pilot, "elsewhere")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        (tmp_path / ODD_FOLDER).mkdir()
        app.screen.query_one(Input).value = str(tmp_path / ODD_FOLDER)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.review.unsaved and _shown_as_data(app.workbench.message)
        assert app.workbench.message.startswith("已另存副本:")


async def test_the_screenshot_s_path_is_said_as_data(make_app, tmp_path, monkeypatch):
    """Textual's own notice ("Saved screenshot to …", English) read the downloads folder's name as markup."""
    import textual.app

    folder = tmp_path / f"{ODD_FOLDER}[bold]x"
    folder.mkdir()
    monkeypatch.setattr(textual.app, "user_downloads_path", lambda: folder)  # where Textual saves screenshots
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.deliver_screenshot()
        for _ in range(50):
            await pilot.pause(0.05)
            if app._notifications:
                break
        [notice] = list(app._notifications)
        assert not notice.markup and _shown_as_data(notice.message) and "[bold]x" in notice.message
        assert notice.message.startswith("截图已保存:")
    assert list(folder.glob("*.svg"))


async def test_a_report_reviewed_alone_is_not_cut_into_words_before_it_is_ready(make_app, tmp_path, monkeypatch):
    """walk5: 5 MB reviewed alone waited 7 s for its words (jieba, cold cache) before the workbench said it was read,
    though nothing compares it word by word; a pair's words are still cut in the worker, off the UI thread."""
    import fazhi.core.tokens as tokens
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    cut = []
    real = tokens.doc_tokens
    monkeypatch.setattr(tokens, "doc_tokens", lambda text, *a, **k: cut.append(len(text)) or real(text, *a, **k))
    single = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=single, inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert single.alignment is not None and single.pairs and cut == []
    app = make_app(inline_align=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert {len(app.review.a.text), len(app.review.b.text)} <= set(cut)


@pytest.mark.parametrize("columns", [60, 80, 120])
async def test_a_government_wider_than_the_header_is_cut_not_blanked(make_app, tmp_path, columns):
    """fuzz2: a round.toml government of 46 characters left B's header line blank but its letter at 80 columns."""
    from rich.cells import cell_len

    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.widgets.panels import HeaderBar

    review = Review.open(str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "测试员", load_rubric(),
                         tmp_path / "sessions", names={"b": ("长" * 46, 2024)})
    app = make_app(review=review)
    async with app.run_test(size=(columns, 24)) as pilot:
        await ready(app, pilot)
        bar = app.workbench.query_one(HeaderBar)
        line = bar.render_line(1).text.rstrip()
        assert line.startswith(" B  长长") and line.endswith("…") and cell_len(line) <= bar.size.width


async def test_each_save_keeps_where_the_reviewer_is_so_a_window_that_dies_reopens_there(make_app):
    """walk6: killed (no q), the workbench reopened where the last quit had left it, not at the last change."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.workbench.goto_pair(index_of(app, a="1.4"))
        await pilot.press("right", "right_square_bracket", "right_square_bracket", "3")
        pair, area = app.workbench.view.focused_pair, app.workbench.area.id
        view = load_session(app.review.session.path).view  # read while the window is still open: as a kill leaves it
        assert (view.a, view.b, view.side, view.area) == (pair.a, pair.b, "b", area)


async def test_the_aligned_line_says_the_reviewers_pins_and_splits_are_in_it(make_app, open_review):
    """walk6 #8, walk7: reopening a session with a pin and a split said the counts alone, nothing of the edits."""
    from fazhi.tui.app import ReviewApp

    review = open_review()
    review.pin("1.2", "1.1")
    review.split("1.3", "1.2")
    review.save()
    again = ReviewApp(open_review(), inline_align=False)
    async with again.run_test(size=(200, 40)) as pilot:
        await ready(again, pilot)
        assert again.workbench.message.startswith("已对齐:") and again.workbench.message.endswith("你的配对修正 2 处")
    fresh = ReviewApp(open_review(reviewer="他人"), inline_align=False)
    async with fresh.run_test(size=(200, 40)) as pilot:
        await ready(fresh, pilot)
        assert "配对修正" not in fresh.workbench.message


async def test_a_pin_left_out_is_said_as_such_on_the_aligned_line_and_by_why(open_review, tmp_path):
    """walk10 F1: after B's pinned section was renamed, the pin was left out of the alignment, but the aligned line
    still said "含你的配对修正 1 处" and `w` on the section said only that nothing alike was found."""
    from fazhi.tui.app import ReviewApp

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(sample("dongkeng_2017.txt").read_text(encoding="utf-8"), encoding="utf-8")
    review = open_review(a, b)
    review.pin("1.2", "1.1")
    review.split("1.3", "1.2")
    review.save()
    heading = review.b.find("1.1").heading
    b.write_text(b.read_text(encoding="utf-8").replace(heading, heading[:4] + "有所改写"), encoding="utf-8")
    again = ReviewApp(open_review(a, b), inline_align=False)
    async with again.run_test(size=(200, 40)) as pilot:
        await ready(again, pilot)
        message = again.workbench.message
        assert message.endswith("你的配对修正 1 处 · 1 处配对修正已失效(在其章节上按 w 查看)"), message
        index = next(i for i, p in enumerate(again.workbench.view.pairs) if p.a == "1.2")
        again.workbench.view.focus_pair(index)
        why = again.workbench._why(again.workbench.view.pairs[index])
        assert f"你的配对 A 1.2 ↔ B 1.1 已失效:B 的第 1.1 节已不再是«{heading}»" in why


async def test_what_is_typed_after_tab_goes_to_the_next_field_even_typed_ahead():
    """walk10 F6: a note, Tab and a tag sent at once (as over SSH) put the tag into the note: the note field handled
    Tab in its own queue, after the keys behind it had been given to it."""
    from textual import events

    class FormApp(App):
        def on_mount(self) -> None:
            self.push_screen(Form("批注", [("note", "备注", ""), ("tags", "标签", "")], ("保存", "取消", "删除"),
                                  lines=("note",)), self.exit)

    app = FormApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = [*"快速备注", "tab", *"快签", "shift+tab", *"。"]
        for key in keys:  # all queued before any is handled
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.values == {"note": "快速备注。", "tags": "快签"}


def test_an_annotation_on_revised_words_is_marked_in_the_lists_as_its_pair_is():
    """walk10 F2: nothing on an annotation said its words had been revised since it was made."""
    from fazhi.core.session import Annotation
    from fazhi.tui.screens.review_edits import _describe

    revised = Annotation(side="b", section="1.1", quote="现在的文字", start=0, note="措辞", quote_annotated="批注时的文字")
    assert str(_describe(revised)).startswith("≈ B «现在的文字»")
    revised.orphan = True
    assert str(_describe(revised)).startswith("⚠ ")
    assert str(_describe(Annotation(side="b", section="1.1", quote="文字", start=0))).startswith("B «")


async def test_the_help_lists_what_was_said_at_opening(open_review, tmp_path):
    """walk10 F3: a revised report was said once, for a few seconds, among the header's turning notices; after
    that nothing in the workbench said it."""
    from fazhi.tui.app import ReviewApp

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(sample("dongkeng_2017.txt").read_text(encoding="utf-8"), encoding="utf-8")
    review = open_review(a, b)
    review.set_score("b", "law_enforcement", 3)
    review.save()
    b.write_text(b.read_text(encoding="utf-8").replace("。", "。补充一句。", 1), encoding="utf-8")
    app = ReviewApp(open_review(a, b), inline_align=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        groups = dict(app.screen.groups)
        assert any("报告 B 自上次保存后已修改" in label for _, label, _ in groups["本次打开时"])
        # a note's bullet, not a key column of blanks, before it (walk30 #6)
        assert "\n• 报告 B 自上次保存后已修改" in app.screen.shown


async def test_the_words_annotated_have_rows_of_their_own_in_the_form():
    """reread8: appended to a sentence-long passage in its three rows, the words annotated were cut off."""
    passage = "全面推进严格规范公正文明执法,深化行政执法体制改革," * 4
    before = Strings("zh")("quote_annotated_as", words="批注时的原话")

    class FormApp(App):
        def on_mount(self) -> None:
            self.push_screen(Form("批注", [("note", "备注", "")], ("保存", "取消", "删除"), lines=("note",),
                                  quote=passage, quote_before=before))

    app = FormApp()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        labels = list(app.screen.query(".dialog-quote"))
        shown = ["".join("".join(s.text for s in label.render_line(y)).rstrip() for y in range(label.size.height))
                 for label in labels]
        assert len(shown) == 2 and shown[0].startswith("«全面推进") and shown[1] == "≈ 批注时原文 «批注时的原话»"


def _burst(app, keys: str) -> None:
    """Keys arriving in one read, as a paste, a laggy link or keys typed while the app was busy bring them: all in the
    app's queue before the first is handled (Pilot's press waits for the app between keys)."""
    from textual import events

    names = {"/": "slash", "\r": "enter", "=": "equals_sign"}
    for ch in keys:
        app.post_message(events.Key(ch if ch.isascii() and ch.isalnum() else names.get(ch, ch), ch))


async def test_keys_typed_with_the_key_that_opens_a_dialog_or_field_go_into_it(make_app):
    """walk14 F2: "o3分" in one burst scored 3 on the workbench and lost 分 (the form opens in a worker, and the keys
    after its key were handled first, as the workbench's); "/2024" scored four times and searched nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        area = app.workbench.area.id
        _burst(app, "o3分")
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, Form) and app.screen.focused.text == "3分"
        await pilot.press("enter")
        assert app.review.session.score("a", area).level == 2 and app.review.session.score("a", area).note == "3分"
        _burst(app, "/2024")
        for _ in range(20):
            await pilot.pause()
        find = app.workbench.query_one("#find", Input)
        assert find.has_focus and find.value == "2024" and app.review.session.score("a", area).level == 2


async def test_keys_held_for_a_dialog_keep_the_order_typed_and_a_paste_is_held_too(make_app):
    """reread10 R2, R7: keys of a second burst arriving while the first came back up from the workbench were sent on
    between them (一二三七四八…); a paste after o went to the workbench and was lost."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        _burst(app, "o一二三")
        for ch in "四五六七八九十":  # the rest a key at a time, while the first burst comes back up
            await asyncio.sleep(0)
            _burst(app, ch)
        app.post_message(events.Paste("、已粘贴"))
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, Form) and app.screen.focused.text == "一二三四五六七八九十、已粘贴"
        await pilot.press("escape", "escape")


async def test_keys_held_for_a_dialog_that_never_comes_go_to_the_workbench(make_app, monkeypatch):
    """A hold ends after KEYS_HELD_AT_MOST even when no dialog comes: the keyboard is never left dead; an action that
    asked and ends without a dialog sends them on at once (m on a pair without annotations: the 2 scores)."""
    from fazhi.tui import held_keys

    # long enough that a loaded CI machine handles the press inside it (0.1 s was not, once), short for the test
    monkeypatch.setattr(held_keys, "KEYS_HELD_AT_MOST", 1.0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        app.hold_keys()
        await pilot.press("3")
        assert app.review.session.score("a", area) is None  # held
        await pilot.pause(1.3)
        assert app.review.session.score("a", area).level == 3
        await pilot.press("x")
        _burst(app, "m2")
        for _ in range(10):
            await pilot.pause()
        assert app.review.session.score("a", area).level == 2 and not isinstance(app.screen, Form)


async def test_a_hold_asked_for_longer_takes_the_keys_held_over(make_app, monkeypatch):
    """A pin (an action that `asks`) re-aligns: its hold ended with the action, and the keys typed after p moved
    through the list the re-alignment replaces (walk15 F3, left for p). A hold asked for a time while one is on takes
    the keys over: the first one's release no longer sends them on; the new one's does, or its time."""
    from fazhi.tui import held_keys

    monkeypatch.setattr(held_keys, "KEYS_HELD_AT_MOST", 5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        area = app.workbench.area.id
        asked = app.hold_keys()
        await pilot.press("3")
        longer = app.hold_keys(0.3)
        app.release_keys(asked)  # the action that asked ends
        await pilot.pause()
        assert app.review.session.score("a", area) is None and app.holding_keys
        app.release_keys(longer)
        for _ in range(5):
            await pilot.pause()
        assert app.review.session.score("a", area).level == 3
        app.hold_keys()
        app.hold_keys(0.1)
        await pilot.press("2")
        await pilot.pause(0.3)  # its time
        assert app.review.session.score("a", area).level == 2


async def test_keys_typed_with_a_split_move_through_the_pairs_it_makes(make_app, open_review, tmp_path, monkeypatch):
    """walk15 F3: P re-aligns in a worker, and "Pjjj" in one burst moved through the pair list the split replaces,
    one row off from the j typed once the new list was shown. The keys wait for it (here longer than a dialog's
    hold)."""
    import time

    from fazhi.core.review import Review
    from fazhi.tui import held_keys

    async def split_then_down(burst: bool, sessions: str):
        app = make_app(review=open_review(b=NEXT_YEAR, sessions_dir=tmp_path / sessions))
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            app.workbench.goto_pair(index_of(app, a="1.2"))
            _burst(app, "Pjjj" if burst else "P")
            for _ in range(5):  # (the keys go on once the new list is painted, not when the hold would end)
                await app.workers.wait_for_complete()
                await pilot.pause()
            if not burst:
                split = app.workbench.view.focused_index
                await pilot.press("j", "j", "j")
                assert app.workbench.view.focused_index == split + 3
            return app.workbench.view.focused_pair

    after = await split_then_down(False, "typed-after")
    monkeypatch.setattr(held_keys, "KEYS_HELD_AT_MOST", 0.1)
    compute = Review.compute_alignment
    monkeypatch.setattr(Review, "compute_alignment", lambda self: time.sleep(0.3) or compute(self))
    assert await split_then_down(True, "in-one-burst") == after


async def test_split_on_a_section_without_a_counterpart_says_why(make_app):
    """walk14 F3: P on a section only one report has rang the bell (silent in tmux and in a browser) and did nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        bench.goto_pair(next(i for i, p in enumerate(app.review.pairs) if p.a and not p.b))
        await pilot.press("P")
        await pilot.pause()
        assert bench.error and bench.message == bench.t("split_needs_pair", pin="p")
        assert not app.review.session.forbidden


async def test_a_dialog_left_open_when_the_workbench_closes_is_opened_again_as_typed(make_app, open_review, tmp_path):
    """A note or an annotation being typed when the terminal closed, the SSH link dropped or the tab was closed was
    lost: what a dialog holds is kept as a draft beside the sessions (core.drafts) and opened again, as typed, the next
    time the pair is opened; answering it ends the draft."""
    from fazhi.tui.screens import form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "o", *"执法数据", "ctrl+j", *"翔实")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        area = app.workbench.area.id
        assert app.review.draft() is not None
    # the app ended with the form open (as when its terminal goes): the draft stays
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        for _ in range(10):
            await pilot.pause()
        assert isinstance(again.screen, Form) and again.screen.focused.text == "执法数据\n翔实"
        assert again.workbench.message == again.workbench.t("draft_reopened")
        await pilot.press("enter")
        assert again.review.session.score("a", area).note == "执法数据\n翔实" and again.review.draft() is None
    # a level and its note on an area not scored yet, the same way (walk22 F2)
    other = make_app(review=open_review())
    async with other.run_test(size=SIZE) as pilot:
        await ready(other, pilot)
        await pilot.press("right_square_bracket", "o", "2", "tab", *"待定")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        unscored = other.workbench.area.id
        assert other.review.draft().fields == {"level": "2", "note": "待定"}
    meanwhile = open_review()  # the area scored in another window before the draft reopens (reread22 F12)
    meanwhile.set_score("a", unscored, 4)
    meanwhile.save()
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        for _ in range(10):
            await pilot.pause()
        assert isinstance(again.screen, Form)
        await pilot.press("enter")
        assert (again.review.session.score("a", unscored).level, again.review.session.score("a", unscored).note) == \
            (2, "待定")
    # an annotation's draft, its passage edited in its field, the same way
    third = make_app(review=open_review())
    async with third.run_test(size=SIZE) as pilot:
        await ready(third, pilot)
        await pilot.press("a", *"看这里", "tab", *"标签")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert third.review.draft().fields["tag"] == "标签"
    fourth = make_app(review=open_review())
    async with fourth.run_test(size=SIZE) as pilot:
        await ready(fourth, pilot)
        for _ in range(10):
            await pilot.pause()
        assert fourth.screen.query_one("#tag", Input).value == "标签"
        # what the draft holds is typing not saved: the first Escape warns (walk18 F2: it threw the draft away)
        await pilot.press("escape")
        assert isinstance(fourth.screen, Form) and fourth.review.draft() is not None
        assert fourth.screen.query_one("#form-problem").render().plain == fourth.workbench.t("form_discard")
        await pilot.press("escape")  # cancelled (the second Escape throws the typing away): no draft
        assert fourth.review.draft() is None and not fourth.review.session.annotations
        # an annotation's edit, the same way
        fourth.workbench.goto_pair(index_of(fourth, a="1.4"))
        await pilot.press("a", *"data", "enter", "m", "enter", "end", *" more")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert fourth.review.draft().kind == "annotation_edit"
    fifth = make_app(review=open_review())
    async with fifth.run_test(size=SIZE) as pilot:
        await ready(fifth, pilot)
        for _ in range(10):
            await pilot.pause()
        await pilot.press("enter")
        assert fifth.review.session.annotations[0].note == "data more" and fifth.review.draft() is None


async def test_a_dialog_opened_while_the_app_has_no_focus_takes_it_when_the_app_does(make_app, open_review):
    """walk18 F3: a draft's dialog opened again as a browser tab loaded (the page not focused yet) had no field focused
    once it was: Textual focuses a screen's first field only while the app has focus. Typing went nowhere."""
    from textual import events

    from fazhi.tui.screens import form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "o", *"未写完")
        await pilot.pause(form.KEEP_AFTER + 0.3)
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        again.post_message(events.AppBlur())  # the tab is not focused yet as the workbench opens
        await ready(again, pilot)
        for _ in range(10):
            await pilot.pause()
        assert isinstance(again.screen, Form) and again.screen.focused is None
        # a page whose focus came before the dialog: the app gets focus with the first key, which goes into the field
        # (walk19 N2: typing went nowhere)
        await pilot.press(*"的备注")
        assert again.screen.values["note"] == "未写完的备注"
        # a field that had the focus gets it back, not the first (reread12 R4: every return to the window moved it)
        await pilot.press("tab")
        assert again.screen.focused.id == "save"
        again.post_message(events.AppBlur())
        await pilot.pause()
        again.post_message(events.AppFocus())
        await pilot.pause()
        assert again.screen.focused is not None and again.screen.focused.id == "save"


async def test_an_annotation_s_draft_on_a_report_revised_since_is_said_not_placed_at_other_words(make_app, open_review,
                                                                                                 tmp_path):
    """read53 #3: a draft of an annotation, carried to the revised report, opened its dialog at the old offsets, and
    Enter filed the note on other words. It is said kept, unplaced, with its file, and nothing is annotated."""
    import shutil

    from fazhi.core.drafts import Draft
    from tests.conftest import sample

    a, b = (shutil.copy(sample(f"{name}.txt"), tmp_path) for name in ("qingxi_2024", "dongkeng_2017"))
    review = open_review(a, b)
    review.set_score("a", "law_enforcement", 3)
    review.save()
    section = next(s for s in review.outline("a").walk() if s.kind == "heading")
    review.keep_draft(Draft("annotate", "a", section.id, {"note": "数据待核实", "tag": ""}, section.body_start + 2,
                            section.body_start + 12))
    text = Path(a).read_text(encoding="utf-8")
    Path(a).write_text(text.replace("\n", "\n本年度新增一句说明文字。", 1), encoding="utf-8")  # words before it
    app = make_app(review=open_review(a, b))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for _ in range(10):
            await pilot.pause()
        assert not isinstance(app.screen, Form) and not app.review.session.annotations
        assert app.workbench.message == app.workbench.t("draft_unplaced", path=app.review.draft_path)


async def test_typing_taken_back_to_what_was_saved_leaves_no_draft_and_no_error(make_app):
    """A note typed and deleted back to the saved one: the form called its draft keeper with None, which the keeper
    read as values (a TypeError in a timer: the app ended). One side decides what is a change: the keeper."""
    from fazhi.tui.screens import form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "o", "a")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert app.review.draft() is not None
        await pilot.press("backspace")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert app.is_running and isinstance(app.screen, Form) and app.review.draft() is None


async def test_a_dialog_answered_before_its_typing_is_kept_leaves_no_draft(make_app):
    """The draft is written a moment after typing stops: a form answered within that moment must not leave one behind
    (it would open again at the next opening, though saved)."""
    from fazhi.tui.screens import form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "o", *"快", "enter")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert app.review.session.score("a", app.workbench.area.id).note == "快" and app.review.draft() is None


@pytest.mark.parametrize("columns", [80, 100])
async def test_the_help_wraps_every_meaning_whole(make_app, columns):
    """walk15 F7: the help's rows, a grid since walk14 F4, cut a Chinese meaning with … where it had no blank to wrap
    at (the end of 变化, of ≈ and ↕ at 80 columns): folded into its column, whole."""
    app = make_app()
    async with app.run_test(size=(columns, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = app.screen.query_one("#help-text")
        drawn = "".join("".join(s.text for s in help_text.render_line(y)) for y in range(help_text.size.height))
        for _, meaning in app.screen.legend:
            assert meaning.replace(" ", "") in drawn.replace(" ", ""), meaning


async def test_the_palette_shows_a_report_s_text_as_written(make_app, tmp_path):
    """fuzz5 F11: the palette read a heading as markup: its [b]…[/b] was applied, and a [/依据] in it silently dropped
    that entry and every later one (19 options of 51)."""
    from textual.command import CommandList

    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    at = text.index("\n二、") + 3
    b = tmp_path / "b.txt"
    b.write_text(text[:at] + "zzq[b]粗[/b][/依据]" + text[at:], encoding="utf-8")
    app = make_app(b=b)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p", *"zzq")
        for _ in range(20):
            await pilot.pause(0.05)
        listed = app.screen.query_one(CommandList)
        prompts = [listed.get_option_at_index(i).prompt.plain for i in range(listed.option_count)]
        assert any("zzq[b]粗[/b][/依据]" in prompt for prompt in prompts), prompts
        await pilot.press("escape")


def test_every_notification_shows_its_text_as_written():
    """fuzz5 F10: a merge's message quoting report text went to notify() with Textual's markup on: a quote holding
    [/依据] raised MarkupError and the app ended, the window's unsaved work with it. Every notify in tui/ says
    markup=False (notifications are off under run_test, so no Pilot test renders one)."""
    import ast

    root = Path(__file__).resolve().parents[2] / "tui"
    calls = [(path.name, node.lineno) for path in root.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "notify"
             and not any(k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
                         for k in node.keywords)]
    assert calls == []


async def test_keys_typed_after_a_dialog_s_enter_in_one_burst_are_the_workbench_s(make_app):
    """walk15 F1: "o乙⏎4jj" in one burst saved the note 乙4jj and scored nothing (a field takes the keys queued
    behind its Enter before the form is answered); "=32⏎" the same way read 32."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        bench, area = app.workbench, app.workbench.area.id
        start = bench.view.focused_index
        _burst(app, "o乙\r4jj")
        for _ in range(20):
            await pilot.pause()
        score = app.review.session.score("a", area)
        assert not isinstance(app.screen, Form) and (score.note, score.level) == ("乙", 4)
        assert bench.view.focused_index == start + 2
        area = bench.area.id  # (the area panel follows the section read)
        _burst(app, "=2\r1")  # the typed level is 2; the 1 after its Enter scores as a key
        for _ in range(20):
            await pilot.pause()
        assert not isinstance(app.screen, Form) and app.review.session.score("a", area).level == 1


async def test_a_carried_score_s_notice_names_the_report_and_area(make_app, open_review, tmp_path):
    """walk29 #5: "带入了…1 项最新评分" and "清除了…1 项评分" named neither the report nor the area."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    first = open_review()  # qingxi 2024 as A
    first.set_score("a", "law_enforcement", 3)
    first.save()
    alone = Review.open_single(str(sample("qingxi_2024.txt")), "测试员", load_rubric(), tmp_path / "sessions")
    app = make_app(review=alone)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "B·行政执法" in " · ".join(app.workbench.opening_notices)


async def test_control_characters_pasted_into_a_field_are_left_out(make_app):
    """monkey33 F3: an escape sequence and a bell pasted into the find field stayed in it, and reached the terminal each
    time the field was drawn (its cursor moved: "abc\\e]2;x\\adef" showed as "^]2;xdefabc"); a note's field drew the
    escape too. Fields enter text without its control characters; the rest of the paste is kept, a note's lines too."""
    from textual import events
    from textual.widgets import Input

    from fazhi.tui.widgets.note_area import NoteArea

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        field = app.screen.query_one("#find", Input)
        app.post_message(events.Paste("abc\x1b]2;PWNED\x07def"))
        await pilot.pause()
        assert field.value == "abc]2;PWNEDdef"
        await pilot.press("escape", "3", "o")
        await pilot.pause()
        app.post_message(events.Paste("第一行\x1b[31m红\r第二行\x07"))
        await pilot.pause()
        assert app.screen.query_one(NoteArea).value == "第一行[31m红\n第二行"


async def test_a_paste_into_the_palette_enters_no_control_characters(make_app):
    """monkey53: the palette's field is Textual's own Input, not fazhi's PlainInput: an escape sequence and a bell
    pasted into it stayed in its value and were drawn raw. A paste enters the app without them, whatever takes it."""
    from textual import events
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.post_message(events.Paste("x\x1b]0;pwned\x07y"))
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "x]0;pwnedy"


async def test_paging_the_palette_in_a_terminal_too_low_for_its_list_does_nothing(make_app):
    """monkey53: the palette opened in a terminal four rows high, PageUp or PageDown ended the app (a KeyError in
    Textual's OptionList, paging by lines its list never laid out)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.resize_terminal(120, 4)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("pageup", "pagedown", "down")
        await pilot.pause()
        assert app.is_running and app.return_value is None
        await pilot.resize_terminal(*SIZE)
        await pilot.press("pagedown", "escape")
        assert app.is_running


async def test_every_one_line_field_enters_no_control_characters_and_a_paste_of_nothing_else_changes_nothing():
    """read34: only the find field's cleaning was tested. A form's field (FieldInput) and the filters (PlainInput)
    enter text without control characters; a paste that holds nothing else leaves a note's selection as it was."""
    from textual import events
    from textual.app import App

    from fazhi.tui.screens.form import FieldInput
    from fazhi.tui.widgets.note_area import NoteArea
    from fazhi.tui.widgets.plain_input import PlainInput

    class Fields(App):
        def compose(self):
            yield FieldInput("", id="field")
            yield PlainInput(id="plain")
            yield NoteArea("旧笔记", id="note")

    app = Fields()
    async with app.run_test() as pilot:
        for name in ("field", "plain"):
            app.query_one(f"#{name}").focus()
            app.post_message(events.Paste("a\x1b[2Jb\x9bc"))
            await pilot.pause()
            assert app.query_one(f"#{name}").value == "a[2Jbc"
        note = app.query_one(NoteArea)
        note.focus()
        note.select_all()
        app.post_message(events.Paste("\x1b\x07"))
        await pilot.pause()
        assert note.value == "旧笔记"


async def test_a_merge_says_which_levels_the_other_window_said_later(make_app, open_review):
    """read54 #4: where both windows changed a level, the later word stands (core.merge): the other window's is
    named as kept, not "this window's kept"."""
    from fazhi.core.merge import Merged

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        t, area = app.workbench.t, app.workbench.area
        said = app.workbench._merge_said(Merged(taken=1, later=[("score", "a", area.id)]))
        assert said == t("merged", taken=1, applied=0) + t("clause_sep") + t("merged_later", items=f"A {area.name('zh')}")


async def test_typing_in_a_dialog_is_kept_when_the_app_is_told_to_end_before_its_moment(make_app):
    """serve54 #1: a browser tab closed (or reloaded, or the server stopped) reaches the app as textual-serve's quit,
    which Textual makes an ExitApp message, not a signal: the dialog's typing of the last half second, not yet kept
    by its timer, was lost. The app keeps what every open screen holds as it ends, however it is told to."""
    from textual import messages

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "o", *"最后半秒")
        assert isinstance(app.screen, Form) and app.review.draft() is None  # (its moment not yet come)
        app.post_message(messages.ExitApp())
        await pilot.pause()
    draft = app.review.draft()
    assert draft is not None and draft.fields["note"] == "最后半秒"


async def test_a_dialog_that_keeps_no_draft_lets_the_app_end(make_app):
    """monkey54 #1: the level typed in its own dialog (=) keeps no draft: a terminal or a tab closed on it raised a
    TypeError where the app keeps its dialogs' typing, and a hang-up then left the process running, orphaned."""
    from textual import messages

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("equals_sign", "3")
        assert isinstance(app.screen, Form) and app.screen.kept is None
        app.post_message(messages.ExitApp())
        await pilot.pause()
    assert app.return_code in (0, None) and app._exception is None


async def test_a_level_and_note_typed_and_kept_are_not_dropped_when_their_dialog_opens_again(make_app, open_review):
    """monkey54 #2: the level-and-note dialog opened again from its draft took the draft's values for what changes
    nothing: half a second later the draft was dropped (the dialog still open), and one Escape threw it away unwarned."""
    from fazhi.tui.screens import form

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("o", "3", "tab", *"没保存的评语")
        await pilot.pause(form.KEEP_AFTER + 0.3)
        assert app.review.draft() is not None
    again = make_app(review=open_review())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.pause(form.KEEP_AFTER + 0.5)
        assert isinstance(again.screen, Form) and again.screen.values == {"level": "3", "note": "没保存的评语"}
        assert again.review.draft() is not None  # still kept while the dialog is open, untouched
        await pilot.press("escape")
        assert isinstance(again.screen, Form)  # the first Escape warns


async def test_undoing_a_paste_of_many_lines_in_a_note_leaves_the_app_running(make_app):
    """monkey54b B: a paste of many lines into a note, then ctrl+z, ended the app (Textual's TextArea placed its cursor
    at a line the note no longer had: Textualize/textual#6686)."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("o", "tab")
        await pilot.pause()
        app._driver.send_message(events.Paste("行\n" * 500))  # (as a terminal's paste arrives)
        await pilot.pause(0.3)
        await pilot.press("ctrl+z")
        await pilot.pause(0.3)
        assert app.is_running and isinstance(app.screen, Form) and app._exception is None
