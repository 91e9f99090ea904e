"""The aggregate view: bars per area with the reviewers' spread, disagreements flagged."""
from __future__ import annotations

from fazhi.core.aggregate import aggregate_paths
from fazhi.core.rubric import load_rubric
from tests.test_aggregate import write_session
from fazhi.tui.aggregate_view import AggregateApp


async def test_aggregate_view_shows_spread_and_disagreement(tmp_path):
    write_session(tmp_path, "1.toml", "甲", "r1", {"law_enforcement": 4, "power_oversight": 2})
    write_session(tmp_path, "2.toml", "乙", "r1", {"law_enforcement": 1, "power_oversight": 2})
    rubric = load_rubric()
    app = AggregateApp(aggregate_paths([str(tmp_path)], rubric), rubric)
    async with app.run_test(size=(100, 30)) as pilot:
        text = str(app.query_one("#aggregate").render())
        assert "清溪镇 2024" in text
        assert "行政执法" in text and "⚠ ≥2" in text and "2.50" in text
        assert "Krippendorff" in text
        await pilot.press("q")
    assert app.return_code == 0
