"""Pilot helpers: an app on the sample pair (or the next-year pair), sessions saved into tmp_path."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT, sample

NEXT_YEAR = ROOT / "tests" / "fixtures" / "qingxi_2025_next.txt"


@pytest.fixture
def make_app(tmp_path):
    from fazhi.tui.app import create_app

    def make(a=None, b=None, **kwargs):
        kwargs.setdefault("reviewer", "测试员")
        kwargs.setdefault("sessions_dir", tmp_path / "sessions")
        return create_app(kwargs.pop("lang", "zh"), a_path=str(a or sample("qingxi_2024.txt")),
                          b_path=str(b or sample("dongkeng_2017.txt")), **kwargs)

    return make


async def ready(app, pilot):
    """Wait for the alignment worker and the repaint after it."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.alignment is not None
