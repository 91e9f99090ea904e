"""SVG snapshots of the main screens with the sample reports (pytest-textual-snapshot).

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/tui/__snapshots__ before committing them.
"""
from __future__ import annotations

import pytest

from tests.conftest import sample
from fazhi.tui.app import create_app


def _app(tmp_path, lang="zh"):
    return create_app(lang, a_path=str(sample("qingxi_2024.txt")), b_path=str(sample("dongkeng_2017.txt")),
                      reviewer="snap", sessions_dir=tmp_path)


async def _aligned(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_main_screen(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_aligned)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_help_screen(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _aligned(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_area_panel_with_scores(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _aligned(pilot)
        await pilot.press("3", "right_square_bracket", "2", "tab", "4", "right_square_bracket", "j", "j", "j")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)
