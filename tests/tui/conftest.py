"""Pilot helpers: a workbench on the sample pair (or the next-year pair), sessions saved into tmp_path."""
from __future__ import annotations

import threading

import pytest

from tests.conftest import ROOT, sample

NEXT_YEAR = ROOT / "tests" / "fixtures" / "qingxi_2025_next.txt"


@pytest.fixture
def open_review(tmp_path):
    """A core Review of two reports (qingxi 2024 as A, dongkeng 2017 as B by default) by 测试员. A new session starts
    scoring A here, the later report of this pair (a new session starts on B elsewhere: `Review.open`)."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    def make(a=None, b=None, reviewer="测试员", rubric=None, sessions_dir=None):
        return Review.open(str(a or sample("qingxi_2024.txt")), str(b or sample("dongkeng_2017.txt")), reviewer,
                           rubric or load_rubric(), sessions_dir or tmp_path / "sessions", start_side="a")

    return make


@pytest.fixture
def make_app(open_review):
    """The workbench App on a review; keyword arguments of the App (lang, keymap, inline_align) pass through."""
    from fazhi.tui.app import ReviewApp

    def make(a=None, b=None, review=None, **kwargs):
        return ReviewApp(review or open_review(a, b), **kwargs)

    return make


@pytest.fixture
def held_alignment(monkeypatch):
    """The alignment worker waits on this event: a test sees the pending screen for sure, then releases it."""
    from fazhi.core.review import Review

    gate = threading.Event()
    compute = Review.compute_alignment

    def held(self):
        gate.wait(30)
        return compute(self)

    monkeypatch.setattr(Review, "compute_alignment", held)
    return gate


async def ready(app, pilot):
    """Wait for the alignment worker and the repaint after it (the worker starts after the first paint: waiting for
    the workers before it started returned at once, and a test under load found no alignment)."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.review.alignment is not None:
            break
    assert app.review.alignment is not None


def index_of(app, a=None, b=None) -> int:
    """The index of the pair holding A's section `a` (or B's `b`)."""
    return next(i for i, p in enumerate(app.review.pairs) if (a is None or p.a == a) and (b is None or p.b == b))
