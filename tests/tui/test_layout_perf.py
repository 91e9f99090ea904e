"""What keeps a big pair's resize free of stalls, checked as behaviour (speed itself is benchmarks/bench_tui.py's):
the layout worker yields to the event loop between slices and installs the same layout as one pass would; painted
lines leave no reference cycles behind; the row caches drop what they evict or clear at once."""
from __future__ import annotations

import gc

from rich.segment import Segment
from textual.strip import Strip

from fazhi.tui import memory
from fazhi.tui.widgets import compare_view
from fazhi.tui.render import similarity_text
from fazhi.tui.widgets.layout import layout
from fazhi.tui.widgets.rows import RowCache
from tests.tui.conftest import ready

SIZE = (160, 45)


def _rows(blocks):
    return [(b.pair, b.row, b.head, b.body) for b in blocks]


async def test_sliced_layout_installs_what_one_pass_lays_out_and_keys_act_meanwhile(make_app, monkeypatch):
    monkeypatch.setattr(compare_view, "INLINE_LAYOUT_CHARS", 0)  # the sample pair counts as big
    monkeypatch.setattr(compare_view, "LAYOUT_SLICE", 0)  # a slice a block: the loop is served after each one
    # slow enough to act in the middle: the sample's 60 blocks take 3 s, past the two pauses below (a pilot's pause
    # waits for the app to be idle, a second at most, and a layout under way keeps it busy)
    monkeypatch.setattr(compare_view, "LAYOUT_PAUSE", 0.05)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await app.workers.wait_for_complete()  # the opening's layout done: the one left running is the resize's
        view = app.workbench.view
        await pilot.resize_terminal(130, 45)
        layouts = [w for w in app.workers if w.group == "layout" and not w.is_finished]
        assert layouts  # the new layout is still being made ...
        await pilot.press("j")
        assert view.focused_index == 1 and not layouts[0].is_finished  # ... while a key moved the focus
        await app.workers.wait_for_complete()
        await pilot.pause()
        width = view.column_width
        assert view._layout_width == width
        one_pass = layout(view.pairs, view.outlines["a"], view.outlines["b"], width - 1, view._words, view._pinned,
                          shown=view._shown)  # the signs as the workbench shows them (↕≈ is a cell wider than ↕)
        assert _rows(view.blocks) == _rows(one_pass)


async def test_a_newer_layout_replaces_one_still_being_made(make_app, monkeypatch):
    monkeypatch.setattr(compare_view, "INLINE_LAYOUT_CHARS", 0)
    monkeypatch.setattr(compare_view, "LAYOUT_SLICE", 0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.resize_terminal(130, 45)
        await pilot.pause()
        await pilot.resize_terminal(140, 45)
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.workbench.view
        one_pass = layout(view.pairs, view.outlines["a"], view.outlines["b"], view.column_width - 1, view._words,
                          view._pinned, shown=view._shown)
        assert _rows(view.blocks) == _rows(one_pass)


def _cyclic_strips(make) -> int:
    """How many strips `make()` left for the cycle collector."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        make()
        gc.collect()
        return sum(isinstance(o, Strip) for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_line_painted_whole_is_freed_without_the_cycle_collector(monkeypatch):
    monkeypatch.setattr(Strip, "divide", Strip.divide)  # restored after the test
    memory.interactive()

    def paint():
        for i in range(50):
            strip = Strip([Segment(f"第{i}行"), Segment(" 正文")])
            assert strip.divide([strip.cell_length]) == [strip]  # as Textual's: the whole line
            assert [s.text for s in strip.divide([2, strip.cell_length])] == [strip.text[:1], strip.text[1:]]
            assert strip.divide([strip.cell_length + 3]) == []  # cuts past the end are dropped, as Textual does

    assert _cyclic_strips(paint) == 0


def test_row_cache_keeps_the_most_recent_and_leaves_no_cycles():
    cache: RowCache[int, Strip] = RowCache(3)
    for i in range(4):
        cache[i] = Strip([Segment(str(i))])
    assert 0 not in cache and len(cache) == 3
    assert cache.get(1).text == "1"  # used: now the most recent
    cache[4] = Strip([Segment("4")])
    assert 2 not in cache and 1 in cache and cache.get(9) is None
    assert _cyclic_strips(cache.clear) == 0



def test_a_pairs_score_and_pin_lead_its_header_so_they_never_stand_on_a_line_alone(open_review):
    """At any width, B's header begins with glyph, id, score and pin mark: scrolled so that the first lines of a
    long heading are off screen, a line left over is heading, never a bare "0.64" (a reviewer's report)."""
    review = open_review()
    review.apply(review.compute_alignment())
    pinned = {(p.a, p.b) for p in review.pairs[:3] if p.a and p.b}
    for width in (14, 20, 30):
        for block in layout(review.pairs, review.a, review.b, width, ("—", "导语"), pinned):
            pair, title = block.pair, block.titles["b"]
            if pair.b is None or pair.score is None:
                continue
            marks = f" {similarity_text(pair.score)}" + (" 📌" if (pair.a, pair.b) in pinned else "")
            id_end, marks_end = block.leads["b"]
            assert title[id_end:marks_end] == marks
            first_start, first_end = block.head["b"][0]
            assert first_start == 0 and first_end >= marks_end - 1  # all on the first line (a wrap may drop a blank)


def test_a_similarity_reads_1_00_only_for_a_score_of_1():
    """walk29: an edited pair's 0.996 read "≈ 1.00" beside a same-text pair's "= 0.99"; the row shows 0.99, the pair
    list, the pin picker, `why` and `fazhi align`'s table alike (one function)."""
    from fazhi.core.align import Pair

    assert [similarity_text(x) for x in (1.0, 0.9996, 0.995, 0.994, 0.876, 0.0)] == \
        ["1.00", "0.99", "0.99", "0.99", "0.88", "0.00"]
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.tui.cli import sample_path

    outline = parse(read(sample_path("qingxi_2024.txt")))
    section = outline.sections[0]
    (block,) = layout([Pair(section.id, section.id, 0.996, "matched")], outline, outline, 40, ("—", "导语"), set())
    assert " 0.99 " in block.titles["b"] and "1.00" not in block.titles["b"]


def test_a_pair_of_the_same_id_on_both_sides_is_named_once():
    from fazhi.core.align import Pair
    from fazhi.tui.widgets.pair_list import pair_ids

    assert pair_ids(Pair("2.1.3", "2.1.3", 1.0, "matched")) == "2.1.3"
    assert pair_ids(Pair("2.1", "2.3", 0.8, "moved")) == "2.1/2.3"
    assert pair_ids(Pair(None, "1.4", None, "added")) == "–/1.4"
    assert pair_ids(Pair(None, "1.4", None, "added"), single=True) == "1.4"


async def test_the_rows_a_move_shows_are_styled_ahead_and_are_the_rows_painted(make_app, monkeypatch):
    """While the reviewer reads, the rows j, k, n and N would show are styled (with that pair's diff and figures):
    the move paints none anew, and what it paints is what painting them then gives."""
    from textual.geometry import Region
    from textual.widget import Widget

    from fazhi.tui.widgets.compare_view import CompareView

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        bench = app.workbench
        view = bench.view
        painted_anew = []
        paint = Widget.render_lines

        def counted(widget, crop):
            if isinstance(widget, CompareView):
                painted_anew.append((crop.y, crop.height))
            return paint(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        changes = [i for i, p in enumerate(app.review.pairs) if app.review.is_change(p)]
        for key in ("j", "j", "n", "k", "N", "n"):
            for _ in range(5):  # the reviewer reads: the rows are made meanwhile (the worker starts after a repaint)
                await app.workers.wait_for_complete()
                await pilot.pause(0.02)
            before = view.focused_index
            painted_anew.clear()
            await pilot.press(key)
            await pilot.pause()
            assert view.focused_index != before
            assert painted_anew == [], key  # every row the move shows was styled ahead
            crop = Region(0, 0, view.size.width, view.size.height)
            ahead = view.render_lines(crop)
            view.refresh()  # (Textual's own lines forgotten: it styles them again)
            assert paint(view, crop) == ahead  # the same rows as styling them now gives
        assert any(app.review.is_change(app.review.pairs[i]) for i in changes)
