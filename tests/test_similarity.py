"""Section similarity on texts made for each rule: synonyms, headings, concepts, structure rules."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.outline import parse_text
from fazhi.core.rubric import load_rubric
from fazhi.core.similarity import PairSimilarity, bigrams, heading_key, indel_ratio, report_features, synonym_rewriter


def lcs(a: str, b: str) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="法治政府建设一二三ab", max_size=70), st.text(alphabet="法治政府建设一二三ab", max_size=70))
def test_indel_ratio_is_twice_the_lcs_over_the_lengths(a, b):
    expected = 2 * lcs(a, b) / (len(a) + len(b)) if a or b else 1.0
    assert abs(indel_ratio(a, b) - expected) < 1e-12


def test_bigrams_skip_digits_and_punctuation():
    assert bigrams("政务公开,2024年") == {"政务", "务公", "公开"}
    assert heading_key("2024年度工作计划。") == "工作计划"


def test_synonyms_are_read_as_the_first_term_of_their_group():
    rewrite = synonym_rewriter(load_rubric())
    assert rewrite("推进政府信息公开") == "推进政务公开"
    assert rewrite("加强行政复议应诉") == "加强行政行政应诉"  # 复议应诉 → 行政应诉
    assert rewrite("主要领导亲自抓") == "第一责任人亲自抓"


def _similarity(text_a: str, text_b: str):
    rubric = load_rubric()
    a, b = parse_text(text_a, "a"), parse_text(text_b, "b")
    fa, fb = report_features(a, rubric), report_features(b, rubric)
    return PairSimilarity(fa, fb, rubric), fa, fb


TEMPLATE = ("某镇2024年法治政府建设年度报告\n一、2024年工作情况\n(一){one}。{body_one}\n(二){two}。{body_two}\n"
            "二、存在问题\n(一)干部队伍法治能力不足。部分干部学法不够。\n三、2025年工作计划\n(一)加强干部培训。组织集中学法。\n")


def test_synonyms_make_two_headings_about_one_thing_similar():
    """政务公开 and 信息公开 are one thing for the rubric: the headings that say them pair first."""
    a = TEMPLATE.format(one="积极主动落实政务公开", body_one="发布政务信息200篇。", two="规范行政应诉工作",
                        body_two="负责人出庭应诉。")
    b = TEMPLATE.format(one="加强行政复议应诉", body_one="组建复议应诉团队。", two="推进政府信息公开",
                        body_two="完善信息公开指南。")
    sim, fa, fb = _similarity(a, b)
    i, j = fa.by_id["1.1"], fb.by_id["1.2"]
    assert sim.evidence(i, j).heading > 0.3 and sim.evidence(i, j).concepts > 0.9
    assert sim.score(i, j) > sim.score(i, fb.by_id["1.1"])
    k, m = fa.by_id["1.2"], fb.by_id["1.1"]
    assert sim.score(k, m) > sim.score(k, fb.by_id["1.2"])
    without = load_rubric().__class__(**{**load_rubric().__dict__, "synonyms": ()})
    rubric_sim = PairSimilarity(report_features(fa.outline, without), report_features(fb.outline, without), without)
    assert rubric_sim.evidence(i, j).heading < sim.evidence(i, j).heading  # the synonyms did it


def test_parts_never_pair_across_and_preambles_only_with_preambles():
    a = "导语。\n" + TEMPLATE.format(one="甲", body_one="甲。", two="乙", body_two="乙。")
    sim, fa, fb = _similarity(a, a)
    assert sim.score(fa.by_id["2.1"], fb.by_id["3.1"]) == 0.0  # shortcomings ↔ plan
    assert sim.score(fa.by_id["2"], fb.by_id["1.1"]) == 0.0  # a part heading ↔ a topic
    assert sim.score(fa.by_id["0"], fb.by_id["1.1"]) == 0.0
    assert sim.score(fa.by_id["0"], fb.by_id["0"]) > 0.9


def test_identical_sections_score_one():
    a = TEMPLATE.format(one="积极主动落实政务公开", body_one="发布政务信息200篇。", two="规范行政应诉工作",
                        body_two="负责人出庭应诉。")
    sim, fa, fb = _similarity(a, a)
    for u in fa.units:
        assert abs(sim.score(u.index, u.index) - 1.0) < 1e-9, u.section.id


def test_encoded_cosines_equal_the_sums_over_the_sets_with_and_without_bounded_sections(monkeypatch):
    """The body cosines from integers (a section's made from its own terms ORed with its sub-sections': each term
    encoded once) are exactly the IDF² weights summed over the sets' intersections, also where a section's bigrams
    stopped growing (SUBTREE_LIMIT) and so are not the union of its sub-sections'."""
    from fazhi.core import similarity
    from tests.conftest import SAMPLES

    rubric = load_rubric()
    texts = [(SAMPLES / f"{name}.txt").read_text(encoding="utf-8") for name in ("qingxi_2024", "dongkeng_2017")]
    for limit in (similarity.SUBTREE_LIMIT, 300):
        monkeypatch.setattr(similarity, "SUBTREE_LIMIT", limit)
        fa, fb = (report_features(parse_text(t), rubric) for t in texts)
        bounded = sum(u.parts is None for u in fa.units + fb.units)
        assert bounded == 0 if limit > 1000 else bounded > 3
        encoded = PairSimilarity(fa, fb, rubric).body
        monkeypatch.setattr(similarity, "BIT_BUDGET", 0)
        summed = PairSimilarity(fa, fb, rubric).body
        monkeypatch.undo()
        assert encoded.bits and not summed.bits
        for i in range(len(fa.units)):
            for j in range(len(fb.units)):
                assert encoded.cosine(i, j) == summed.cosine(i, j)


def test_features_are_freed_with_their_last_reference():
    """report_features makes no reference cycle: a report's features go when their last reference goes, not when the
    cyclic garbage collector comes round to them (a round's worker held every report it had aligned until then)."""
    import gc
    import weakref

    from tests.conftest import SAMPLES

    outline = parse_text((SAMPLES / "qingxi_2024.txt").read_text(encoding="utf-8"))
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        features = report_features(outline, load_rubric())
        units = weakref.ref(features.units[0])
        del features
        assert units() is None and gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
