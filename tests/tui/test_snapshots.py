"""SVG snapshots of the main screens, with the demo pair (A 东坑镇 2017, B 清溪镇 2024), in Chinese and English, at
80×24 and 160×45 (pytest-textual-snapshot).

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs
in tests/tui/__snapshots__ (as PNGs) before committing them.
"""
from __future__ import annotations

import pytest

from fazhi.core.review import Review
from fazhi.core.rubric import load_rubric
from fazhi.tui.app import ReviewApp
from tests.conftest import sample

SIZES = [(80, 24), (160, 45)]


def _app(tmp_path, lang="zh") -> ReviewApp:
    review = Review.open(str(sample("dongkeng_2017.txt")), str(sample("qingxi_2024.txt")), "snap", load_rubric(),
                         tmp_path / "sessions")
    return ReviewApp(review, lang=lang, inline_align=True)


async def settle(pilot) -> None:
    """Wait for the alignment and layout workers (not for a dialog's worker, which waits for an answer)."""
    workers = [w for w in pilot.app.workers if w.group in ("align", "layout")]
    if workers:
        await pilot.app.workers.wait_for_complete(workers)
    for _ in range(100):  # a score's flash fades after a moment: snapshot the settled screen
        if getattr(pilot.app.workbench, "flash", None) is None:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def _keys(*keys):
    async def run_before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_screen(snap_compare, tmp_path, size, lang):
    assert snap_compare(_app(tmp_path, lang), terminal_size=size, run_before=_keys())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_screen(snap_compare, tmp_path, size, lang):
    assert snap_compare(_app(tmp_path, lang), terminal_size=size, run_before=_keys("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_scores_and_progress(snap_compare, tmp_path, size):
    keys = ("3", "right_square_bracket", "2", "tab", "4", "right_square_bracket", "j", "j", "j")
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_search_hits(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys("slash", *"执法", "enter", "n"))


@pytest.mark.parametrize("size", SIZES)
def test_visual_selection(snap_compare, tmp_path, size):
    keys = ("j", "j", "j", "v", *["right"] * 6, "down")  # (B 1.1 is a heading alone: v annotates it)
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys(*keys))


def test_annotation_form(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_keys("j", "j", "a"))


def test_annotation_form_quotes_the_selection(snap_compare, tmp_path):
    """A selection of several lines: the form shows it whole under the title (QUOTE_ROWS rows at most)."""
    keys = ("j", "j", "j", "j", "v", *["down"] * 8, "a")
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_keys(*keys))


def test_all_annotations_list(snap_compare, tmp_path):
    keys = ("j", "a", *"数据翔实", "enter", "j", "j", "tab", "a", *"对照上年", "enter", "M")
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_keys(*keys))


def test_pin_chooser(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_keys("u", "p"))


def test_palette_in_chinese(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_keys("ctrl+p", *"行政执法"))


@pytest.mark.parametrize("size", SIZES)
def test_report_reviewed_alone(snap_compare, tmp_path, size):
    """A government's first report in a round: B alone across the width, scored as B."""
    review = Review.open_single(str(sample("qingxi_2024.txt")), "snap", load_rubric(), tmp_path / "sessions")
    app = ReviewApp(review, lang="zh", inline_align=True)
    assert snap_compare(app, terminal_size=size, run_before=_keys("j", "3"))
