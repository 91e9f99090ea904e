"""The figure matrix (tests/figure_matrix.py): each next-year edit pairs the figures a reviewer expects, and the
rules behind it (what a figure counts, the words that complete a bare phrase) hold on their own."""
from __future__ import annotations

import pytest

from fazhi.core.compare import compare_figures, figures
from tests.figure_matrix import CASES


@pytest.mark.parametrize(("a", "b", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_the_matrix_pairs_what_measures_the_same(a, b, expected):
    got = {(c.a.text if c.a else None, c.b.text if c.b else None) for c in compare_figures(a, b)}
    assert got == expected


def test_the_kind_word_nearest_the_number_decides():
    kinds = {f.text: f.kind for f in figures("执法记录仪总数达55台,今年新增20台,累计新增岗位30个,受理案件12件,"
                                               "同比增长8%,纠错率下降至10.5%。")}
    assert kinds == {"55台": "total", "20台": "change", "30个": "change", "12件": "", "8%": "change",
                     "10.5%": ""}  # 下降至 gives a level, not a change


def test_a_total_never_pairs_with_a_change_but_a_plain_figure_pairs_with_either():
    assert [(c.a and c.a.text, c.b and c.b.text) for c in compare_figures("新增执法记录仪35台。", "执法记录仪总数达55台。")] \
        == [(None, "55台"), ("35台", None)]
    (change,) = compare_figures("2023年累计调解案件2565件。", "2024年调解案件2700件。")
    assert (change.a.text, change.b.text, change.status) == ("2565件", "2700件", "changed")


def test_a_bare_phrase_is_completed_after_the_unit_else_by_the_figure_before():
    by_text = {f.text: f.phrase for f in figures("新增20台执法记录仪,开展19场培训。执法记录仪总数达55台,其中新增5台。")}
    assert by_text["20台"] == "新增执法记录仪" and by_text["19场"] == "培训"
    assert by_text["5台"] == "执法记录仪新增"  # the subject of 执法记录仪总数 before it
    # not across a sentence: a bare phrase at a sentence's start keeps its own words
    assert {f.text: f.phrase for f in figures("执法记录仪总数达55台。新增5台。")}["5台"] == "新增"
