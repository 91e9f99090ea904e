"""Every workbench action driven by key presses (Textual Pilot), asserting on state and on disk."""
from __future__ import annotations

from fazhi.core.session import load_session
from tests.tui.conftest import NEXT_YEAR, ready
from fazhi.tui.app import HelpScreen


async def test_first_screen_before_alignment_then_aligned(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        # the first frame already shows both reports' sections, before the worker lands
        assert app.view.pairs and app.view.a is app.a and app.view.b is app.b
        await ready(app, pilot)
        statuses = {p.status for p in app.view.pairs}
        assert {"matched", "added", "removed"} <= statuses
        assert app.alignment.partner("a", "1.4").b == "1.4"


async def test_next_and_previous_pair(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "down")
        assert app.view.focused_index == 3
        await pilot.press("k", "up")
        assert app.view.focused_index == 1
        assert app.view.scroll_y <= app.view.blocks[1].row


async def test_next_change_and_unmatched(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("u")
        pair = app.focused_pair
        assert pair.a is None or pair.b is None
        first = app.view.focused_index
        await pilot.press("u")
        assert app.view.focused_index > first
        await pilot.press("U")
        assert app.view.focused_index == first
        app.goto_pair(0)
        await pilot.press("n")
        assert app._is_change(app.focused_pair)


async def test_focused_pair_has_word_diff_and_figures(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        index = next(i for i, p in enumerate(app.view.pairs) if p.a == "1.1.1")
        app.goto_pair(index)
        await pilot.pause()
        comp = app.view.comparison
        assert any(op.tag != "equal" for op in comp.ops)
        assert any(f.a and f.b and f.a.text == "1400名" and f.b.text == "1600名" for f in comp.figures)


async def test_switch_side_and_score_both_reports(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        assert app.session.score("a", "party_leadership").level == 3
        await pilot.press("right_square_bracket", "tab", "2")
        assert app.view.side == "b"
        assert app.session.score("b", "gov_functions").level == 2
        await pilot.press("s", "x")
        assert app.session.score("a", "gov_functions") is None
        saved = load_session(app.session.path)
        assert saved.score("a", "party_leadership").level == 3 and saved.score("b", "gov_functions").level == 2


async def test_score_note(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("4", "o")
        await pilot.press(*"good", "enter")
        assert app.session.score("a", "party_leadership").note == "good"
        assert load_session(app.session.path).score("a", "party_leadership").note == "good"


async def test_annotate_edit_and_delete(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.goto_pair(next(i for i, p in enumerate(app.view.pairs) if p.a == "1.4"))
        await pilot.press("a")
        await pilot.press(*"data", "tab", *"fig", "enter")
        (an,) = app.session.annotations
        assert an.side == "a" and an.section == "1.4" and an.note == "data" and an.tags == ["fig"]
        assert app.a.text[an.start:an.end] == an.quote and an.quote.startswith("聚焦提升行政执法质量")
        assert load_session(app.session.path).annotations[0].note == "data"
        await pilot.press("m", "enter")  # choose the annotation
        await pilot.press("end", *"!", "enter")
        assert app.session.annotations[0].note == "data!"
        await pilot.press("m", "enter")
        await pilot.click("#delete")
        assert app.session.annotations == []
        assert load_session(app.session.path).annotations == []


async def test_pin_an_unmatched_section_and_realign(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.goto_pair(next(i for i, p in enumerate(app.view.pairs) if p.a == "1.5" and p.b is None))
        await pilot.press("p")
        await pilot.pause()
        chooser = app.screen
        options = chooser.query_one("OptionList")
        target = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == "1.7")
        options.highlighted = target
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ("1.5", "1.7") in app.session.pins
        pair = app.alignment.partner("a", "1.5")
        assert pair.b == "1.7" and pair.pinned
        assert load_session(app.session.path).pins == [("1.5", "1.7")]
        await pilot.press("p")  # on the pinned pair: unpin
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.pins == [] and app.alignment.partner("a", "1.5").b is None


async def test_forbid_a_pair(make_app):
    app = make_app(b=NEXT_YEAR)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.goto_pair(next(i for i, p in enumerate(app.view.pairs) if p.a == "1.2"))
        await pilot.press("P")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ("1.2", "1.2") in app.session.forbidden
        assert app.alignment.partner("a", "1.2").b != "1.2"


async def test_jump_to_area_evidence(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        for _ in range(4):
            await pilot.press("right_square_bracket")  # law_enforcement
        assert app.rubric.areas[app.focused_area].id == "law_enforcement"
        await pilot.press("e")
        pair = app.focused_pair
        ids_a = {sid for sid, _ in app.areas_a.evidence["law_enforcement"]}
        ids_b = {sid for sid, _ in app.areas_b.evidence["law_enforcement"]}
        assert pair.a in ids_a or pair.b in ids_b


async def test_help_lists_live_bindings_and_escape_closes(make_app):
    from fazhi.tui.keymap import load_keymap

    app = make_app(keymap=load_keymap("vim"))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {binding_id: keys for keys, _, binding_id in app.screen.rows}
        assert "ctrl+d" in rows["scroll.down"].lower() or "^d" in rows["scroll.down"].lower()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_vim_keymap_changes_keys(make_app):
    from fazhi.tui.keymap import load_keymap

    app = make_app(b=NEXT_YEAR, keymap=load_keymap("vim"))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("g")  # unmatched.next in vim.toml
        assert app.focused_pair.a is None or app.focused_pair.b is None


async def test_palette_sets_a_score(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"行政执法 = 3")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.score("a", "law_enforcement").level == 3


async def test_quit_saves_and_session_reopens_to_the_same_state(make_app, tmp_path):
    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("2", "a", *"note", "enter", "q")
    assert app.return_code == 0
    path = app.session.path
    session = load_session(path)
    again = ReviewApp(session.reports["a"].path, session.reports["b"].path, session=session,
                      sessions_dir=path.parent)
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(again, pilot)
        assert again.session.score("a", "party_leadership").level == 2
        assert [a.note for a in again.session.annotations] == ["note"]
        assert not again.orphans


async def test_english_interface(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert "aligned" in str(app.query_one("#status").render())


async def test_cold_cache_shows_pending_outlines_then_aligns_in_a_worker(make_app, tmp_path, monkeypatch):
    """With no cached tokens (jieba must load), the first screen shows both outlines at once and the
    alignment arrives from a worker."""
    import fazhi.core.tokens

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cold-cache"))
    monkeypatch.setattr(fazhi.core.tokens, "_memory", {})
    app = make_app()
    assert not app.alignment_is_cheap()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        if app.alignment is None:  # the worker may already have landed on a fast machine
            assert {p.status for p in app.view.pairs} == {"pending"}
        await ready(app, pilot)
        assert "pending" not in {p.status for p in app.view.pairs}


async def test_annotate_a_passage_inside_the_section(make_app):
    """The passage field starts as the heading; trimmed to a phrase of the body, the annotation
    lands exactly on that phrase."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.goto_pair(next(i for i, p in enumerate(app.view.pairs) if p.a == "1.4.1"))
        await pilot.press("a", *"check", "tab", "tab", "end", "ctrl+u")
        await pilot.press(*"执法人员")
        await pilot.press("enter")
        (an,) = app.session.annotations
        assert an.quote == "执法人员" and an.note == "check"
        section = app.a.find("1.4.1")
        assert section.start <= an.start < section.end and app.a.text[an.start:an.end] == "执法人员"


async def test_score_note_needs_a_score_first(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("o")
        assert app.session.score("a", "party_leadership") is None
        assert not app.screen.query("Input")  # no dialog opened


async def test_page_keys_scroll_and_move_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("pagedown", "pagedown")
        assert app.view.scroll_y > 0 and app.view.focused_index > 0
        focused = app.view.focused_index
        await pilot.press("pageup")
        assert app.view.focused_index < focused


async def test_session_on_a_changed_report_reanchors_and_follows_the_new_text(make_app, tmp_path):
    """The reviewer's report was revised after the session was saved: annotations are placed in the
    new text and the session now identifies the report by the new text's sha256."""
    from fazhi.core.report import read
    from fazhi.tui.app import ReviewApp

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.goto_pair(next(i for i, p in enumerate(app.view.pairs) if p.a == "1.4"))
        await pilot.press("a", *"x", "enter", "q")
    session = load_session(app.session.path)
    revised = tmp_path / "qingxi_revised.txt"
    revised.write_text("(修订稿)\n" + read(session.reports["a"].path).text.replace("持续", "不断"), encoding="utf-8")
    again = ReviewApp(str(revised), session.reports["b"].path, session=session, sessions_dir=app.session.path.parent)
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(again, pilot)
        assert again.changed_reports == ["a"] and not again.orphans
        (an,) = again.session.annotations
        assert again.a.text[an.start:an.end] == an.quote and an.quote.startswith("聚焦提升行政执法质量")
        assert again.session.reports["a"].sha256 == again.a.sha256
