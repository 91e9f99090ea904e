"""The workbench at the sizes it promises. At 80×24: dialogs keep their buttons on the screen, the key bar keeps
Help and Quit, the narrow area panel's scale line is cut between whole levels. From 120 columns: every area's name
reads whole, in English too."""
from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Button

from fazhi.tui.screens.form import Form
from fazhi.tui.widgets.panels import AreaPanel, DetailPanel, KeyBar
from tests.tui.conftest import ready

SMALL = (80, 24)


def inside(region, outer) -> bool:
    return region.x >= outer.x and region.y >= outer.y and region.right <= outer.right and region.bottom <= outer.bottom


async def test_the_annotation_dialog_keeps_its_buttons_on_a_small_screen(make_app):
    """Three fields and two buttons are taller than 24 rows allow: the fields scroll, the buttons stay."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form)
        dialog = form.query_one(".dialog").region
        assert inside(dialog, form.region)
        for button in form.query(Button):
            assert inside(button.region, dialog.shrink((1, 1, 1, 1))), button.id  # inside the border, too
        fields = form.query_one(".fields")
        await pilot.press("tab", "tab")  # to the passage, below the fold: scrolled to
        await pilot.pause()
        assert app.focused.id == "passage" and inside(app.focused.region, fields.region)
        await pilot.press("enter")  # Enter still saves
        await pilot.pause()
        assert not isinstance(app.screen, Form) and len(app.review.session.annotations) == 1


@pytest.mark.parametrize("size", [SMALL, (60, 20)])
async def test_the_annotation_dialog_shows_every_field_with_its_label_on_a_small_terminal(make_app, size):
    """walk9 #7: at 80×24 the form scrolled so that the note, focused, stood without its label and the passage field ran
    into the buttons; at 60×20 the passage was off the screen. Compact below Form.COMPACT_BELOW rows (buttons without
    borders, no blank rows between the fields), the whole form fits."""
    from textual.widgets import Label

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "a")  # a topic's heading in the passage field
        await pilot.pause()
        form = app.screen
        fields = form.query_one(".fields")
        assert fields.max_scroll_y == 0
        for widget in [*form.query(".field"), *form.query("Input, NoteArea"), *form.query(Button)]:
            assert inside(widget.region, form.query_one(".dialog").region) and widget.region.height, widget
        assert all(isinstance(label, Label) for label in form.query(".field"))


@pytest.mark.parametrize("size", [SMALL, (60, 20)])
@pytest.mark.parametrize("keys", [("j", "j", "a"), ("o",)], ids=["annotate", "score-note"])
async def test_a_dialog_s_fields_keep_their_borders_on_a_small_terminal(make_app, size, keys):
    """A newcomer at 80×24: the fields of the short terminal's compact form had no border, a row of barely darker
    background where the dialog said to type. They keep it (three rows each, the text inside), the form still whole."""
    from textual.widgets import Input

    from fazhi.tui.widgets.note_area import NoteArea

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press(*keys)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form)
        fields = list(form.query(Input)) + list(form.query(NoteArea))
        assert fields
        for field in fields:
            assert not field.compact and field.styles.border_top[0] and field.styles.border_bottom[0], field.id
            assert field.region.height >= 3 and field.content_region.height >= 1, field.id
            assert inside(field.region, form.query_one(".fields").region), field.id
        assert form.query_one(".fields").max_scroll_y == 0


def shown_rows(panel) -> list[str]:
    """The rows a panel shows on the screen (its content region: what its text has below is cut off)."""
    return [panel.render_line(y).text.rstrip() for y in range(panel.content_region.height)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [SMALL, (60, 20)])
async def test_the_pair_s_annotations_are_on_the_screen_of_a_short_terminal(make_app, size, lang):
    """A newcomer at 80×24: under the area panel (every area listed) the detail panel's four rows showed the figures'
    title and line, a blank row and the title 批注, the annotation itself cut off. The figures are counted on their
    title's row and the blank row goes: the annotation's quote is on the screen, at 80×24 its note too."""
    app = make_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"note", "enter")
        await pilot.pause()
        (annotation,) = app.review.session.annotations
        bench = app.workbench
        detail = bench.query_one(DetailPanel)
        rows = shown_rows(detail)
        notes = rows[rows.index(bench.t("annotations")) + 1:]
        assert notes and notes[0].startswith(f"{annotation.side.upper()} «"), rows
        figures = app.review.figures(bench.view.focused_pair)
        assert rows[0] == bench.t("figures_count", n=len(figures))
        if size == SMALL:
            assert len(notes) >= 2 and notes[1].strip() == "note"
            # the area panel keeps every area (the tmux walk checks each one's marks at 80×24)
            assert bench.query_one(AreaPanel)._listed == range(len(app.review.rubric.areas))


@pytest.mark.parametrize("size", [(60, 20)])
async def test_a_short_area_panel_lists_fewer_areas_and_keeps_the_scale_s_meaning(make_app, size):
    """The panel's rows under the list (the scale's meaning, two rows) are kept when it lists fewer areas: at 60×20 the
    list took them all and the meaning was cut off. The focused area is listed, the others counted."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        bench, rubric = app.workbench, app.review.rubric
        for _ in range(len(rubric.areas)):
            panel = bench.query_one(AreaPanel)
            rows = shown_rows(panel)
            assert len(rows) == panel.content_region.height and rows[-1].strip()
            assert any(row.startswith(f"{rubric.scale_text}:") for row in rows[-2:]), rows
            assert any(row.startswith("▶") for row in rows)
            assert any(row.startswith("另有") for row in rows)
            await pilot.press("right_square_bracket")
            await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_key_bar_keeps_help_and_quit_at_80_columns(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        bar = app.workbench.query_one(KeyBar).plain
        t = app.workbench.t
        assert f"? {t.binding('help')}" in bar and f"q {t.binding('quit')}" in bar
        # what gave way is what comes last among the others: the first ones are still there, in their order
        assert bar.startswith(f" ↓ {t.binding('pair.next')}  n {t.binding('change.next')} ")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_narrow_scale_line_gives_both_ends_of_the_scale_in_whole_levels(make_app, lang):
    """`2具体举措 3举措+量化成效 4` showed level 4 without its meaning; then, cut between whole levels, the slim panel
    gave 0–1 in English and never the top of the scale (walk20 H3): it gives the first levels that fit, "…", and the
    last, each whole."""
    app = make_app(lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        plain = app.workbench.query_one(AreaPanel).plain
        rubric = app.review.rubric
        lead = f"{rubric.scale_text}:"
        scale = " ".join(plain[plain.index(lead):].split("\n")[:2])
        gap = " " if lang == "en" else ""
        entries = [f"{lv.level}{gap}{lv.text(lang)[0]}" for lv in rubric.levels]
        first, _, last = scale[len(lead):].partition(" … ")  # this panel has no room for all five
        assert last == entries[-1]
        shown = first.split()
        whole = " ".join(entries).split()
        assert shown and shown == whole[:len(shown)] and first.strip().endswith(tuple(entries))


@pytest.mark.parametrize("width", [120, 160])
async def test_english_area_names_read_whole_from_120_columns(make_app, width):
    """`Government func…`, `Rules & documen…`: six of ten English names were cut even at 160 columns."""
    app = make_app(lang="en")
    async with app.run_test(size=(width, 40)) as pilot:
        await ready(app, pilot)
        panel = app.workbench.query_one(AreaPanel)
        shown = [panel.render_line(y).text for y in range(panel.size.height)]
        for area in app.review.rubric.areas:
            assert any(f" {area.name('en')} " in line for line in shown), area.name("en")


async def test_chinese_names_leave_the_reports_their_columns(make_app):
    """The side panel widens only for names it had to cut: the Chinese ones fit, the reports keep the room."""
    app = make_app(lang="zh")
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        assert not app.workbench.has_class("-long-names")
        assert not app.workbench.query_one(AreaPanel).names_cut


@pytest.mark.parametrize("lang, lines", [
    ("zh", {"2": "2 有具体举措：点明制度、文件或活动。", "3": "3 举措+量化成效：具体举措并附有"}),
    ("en", {"2": "2 Concrete measures: a named system", "3": "3 Measures + figures: Measures plus"})])
async def test_the_narrow_scale_line_names_a_level_once_with_one_kind_of_colon(make_app, lang, lines):
    """A newcomer's walk: `2 具体举措: 有具体举措：点明制度、文件或活动。` said the level's name twice, with a half-width
    colon beside the rubric's full-width one. A description that names its level stands alone; the others join
    their level's name with the rubric's own colon."""
    app = make_app(lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        for level, line in lines.items():
            await pilot.press(level)
            await pilot.pause()
            plain = app.workbench.query_one(AreaPanel).plain
            joined = plain.replace("\n", "" if lang == "zh" else " ")
            assert line in " ".join(joined.split()), plain
            if lang == "zh":
                assert ": " not in plain.split("\n", 3)[-1].replace(f"{app.review.rubric.scale_text}:", "")


@pytest.mark.parametrize("width, side_panel", [(40, False), (55, False), (56, True), (60, True)])
async def test_both_reports_stay_on_a_terminal_too_narrow_for_the_side_panel(make_app, width, side_panel):
    """walk5: at 40 columns the area panel kept its width and report B was pushed off the screen (scored blind).
    Below 56 the panel goes; both columns and the divider are on the screen at every width."""
    app = make_app()
    async with app.run_test(size=(width, 16)) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        assert bench.query_one("#side").display is side_panel
        view = bench.view
        assert 2 * view.column_width + len(" │ ") <= view.scrollable_content_region.width
        rows = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
        assert any("│" in row and row.split("│")[1].strip() for row in rows)  # B's text beside A's
        await pilot.press("tab", "3")
        assert app.review.session.score("b", bench.area.id).level == 3 and "= 3" in bench.message


async def test_a_short_area_panel_lists_the_areas_about_the_focused_one_and_counts_the_others(make_app):
    """walk9 #7: at 60×20 the area panel listed nine areas and cut the tenth off, unsaid; picked, its header was cut
    without …. The focused area is always listed, the others counted on a line; a click still picks the area clicked."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        panel = bench.query_one(AreaPanel)
        count = len(app.review.rubric.areas)
        for _ in range(count - 1):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        lines = panel._text.plain.splitlines()
        assert bench.area.id == app.review.rubric.areas[-1].id and any(line.startswith("▶") for line in lines)
        hidden = count - len(panel._listed)
        assert hidden and f"另有 {hidden} 个领域" in panel._text.plain
        assert lines[1].rstrip().endswith("…") or cell_len(lines[1].rstrip()) < panel.width  # the header: cut with …
        first = panel._listed[0]
        await pilot.click(AreaPanel, offset=(3, AreaPanel.FIRST_ROW))  # the first area listed
        await pilot.pause()
        assert first and bench.area.id == app.review.rubric.areas[first].id


async def test_a_panel_sized_by_its_content_takes_its_height_after_a_resize(make_app):
    """walk21 F3: from 160×45 down to 100×30 the area panel kept four empty rows (its height measured on the text
    drawn for the old size; the layout its new text asked for, while the resize was laid out, was lost) until the app
    restarted: the same height as a fresh start at that size."""
    heights = []
    for sizes in ([(100, 30)], [(160, 45), (100, 30)], [(120, 40), (100, 30)]):
        app = make_app()
        async with app.run_test(size=sizes[0]) as pilot:
            await ready(app, pilot)
            for size in sizes[1:]:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            await pilot.pause()
            heights.append(app.workbench.query_one(AreaPanel).size.height)
    assert heights[1:] == [heights[0]] * 2, heights


async def test_a_side_with_no_section_says_so_on_one_row_in_english_at_80_columns(make_app):
    """walk21 F8: "+ ┄┄ (no counterpart) ┄┄" took two rows in English at 80 columns, the last "┄" alone on the
    second: where the dashes do not fit, the words stand without them."""
    app = make_app(lang="en")
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        lone = [(block, side) for block in app.workbench.view.blocks for side in ("a", "b")
                if getattr(block.pair, side) is None]
        assert lone
        for block, side in lone:
            assert len(block.head[side]) == 1 and "(no counterpart)" in block.titles[side], block.titles[side]


def test_one_more_session_is_said_in_the_singular():
    """walk21 F8: "1 more sessions of yours on this pair (such as …)"."""
    from fazhi.tui.i18n import Strings

    for lang, one, many in (("en", "1 more session of yours on this pair (x.toml)", "2 more sessions"),
                            ("zh", "还有 1 个会话(x.toml)", "还有 2 个会话(如 x.toml)")):
        t = Strings(lang)
        assert one in t("other_sessions", count=1, file="x.toml") and many in t("other_sessions", count=2, file="x.toml")


async def test_a_question_is_broken_as_chinese_is_not_at_its_one_blank():
    """walk21 F5: "打开的是 王五" stood alone on the question's first row (Rich broke it at its one blank), and ".bak)"
    alone on the last."""
    from textual.app import App

    from fazhi.tui.i18n import Strings
    from fazhi.tui.screens.question import Question

    body = Strings("zh")("fork_body", theirs="王五")

    class Asking(App):
        CSS_PATH = "../../tui/app.tcss"

        def on_mount(self) -> None:
            self.push_screen(Question("你已有这对报告的评审", body, [("keep", "保留我的"), ("replace", "替换")]))

    app = Asking()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        label = app.screen.query_one(".dialog-body")
        rows = [label.render_line(y).text.rstrip() for y in range(label.size.height)]
        assert "".join(rows).replace(" ", "") == body.replace(" ", "")  # all of it
        assert cell_len(rows[0]) > cell_len("打开的是 王五 ") + 20 and rows[-1] != ".bak)", rows


async def test_a_resize_keeps_the_place_being_read_inside_a_long_section(make_app):
    """walk22 F3: a resize went back to the top of the section being read (its block laid out again at the new width,
    the view put at the focused block's top)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        view = app.workbench.view
        longest = max(range(len(view.blocks)), key=lambda i: view.blocks[i].height)
        app.workbench.goto_pair(longest)
        await pilot.pause()
        block = view.blocks[longest]
        view.scroll_to(y=block.row + block.height // 2, animate=False, force=True)
        await pilot.pause()
        for size in ((120, 45), (160, 45)):
            await pilot.resize_terminal(*size)
            for _ in range(5):
                await pilot.pause()
            block = view.blocks[longest]
            share = (int(view.scroll_y) - block.row) / block.height
            assert view.block_at(int(view.scroll_y)) == longest and 0.35 < share < 0.65, (size, share)
