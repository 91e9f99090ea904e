"""Area mapping against the hand-labelled qingxi sections, parts detection, and the areas command."""
from __future__ import annotations

import json

import pytest

from fazhi.core.areas import map_areas
from fazhi.core.rubric import load_rubric
from tests.conftest import gold, norm_heading
from fazhi.tui.cli import main


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def test_default_rubric_has_the_official_areas(rubric):
    assert rubric.area_ids == ["party_leadership", "gov_functions", "rulemaking_normative_docs", "decision_making",
                               "law_enforcement", "emergency_response", "dispute_resolution", "power_oversight",
                               "digital_rule_of_law", "law_popularization"]
    assert sum(a.weight for a in rubric.areas) == 100
    assert [lv.level for lv in rubric.levels] == [0, 1, 2, 3, 4]
    assert {p.id for p in rubric.parts} == {"measures_results", "shortcomings_causes", "first_responsible",
                                            "next_year_plan", "other"}


def test_gold_labels_strongest_area(outlines, rubric):
    g = gold("areas_qingxi_2024.json")
    outline = outlines["qingxi_2024"]
    result = map_areas(outline, rubric)
    for heading, labels in g["labels"]:
        section = next(s for s in outline.walk() if norm_heading(s.heading) == norm_heading(heading))
        scores = result.section_scores[section.id]
        assert max(scores, key=scores.get) in labels, heading


def test_gold_parts_found(outlines, rubric):
    g = gold("areas_qingxi_2024.json")
    outline = outlines["qingxi_2024"]
    result = map_areas(outline, rubric)
    for part, headings in g["parts"].items():
        found = {norm_heading(outline.find(i).heading) for i in result.parts[part]}
        assert {norm_heading(h) for h in headings} <= found, part


def test_duty_part_found_as_an_item_inside_another_section(outlines, rubric):
    result = map_areas(outlines["qingxi_2024"], rubric)
    assert "1.1.3" in result.parts["first_responsible"]  # 三是落实党政主要负责人履行…第一责任人职责
    assert result.missing_parts == []


def test_missing_parts_are_listed(outlines, rubric):
    assert map_areas(outlines["dongkeng_2017"], rubric).missing_parts == ["first_responsible"]
    assert map_areas(outlines["jinghai_2024"], rubric).parts["first_responsible"] == ["3"]


def test_unlabelled_topics_before_shortcomings_are_measures(outlines, rubric):
    parts = map_areas(outlines["yingzai_2025"], rubric).parts
    assert parts["measures_results"] == ["1", "2", "3", "4", "5", "6", "7"]
    assert parts["shortcomings_causes"] == ["8"] and parts["next_year_plan"] == ["9"]


def test_tie_break_rule_for_legality_review(rubric):
    from fazhi.core.areas import area_totals, keyword_hits

    docs = area_totals(keyword_hits("对规范性文件开展合法性审查。", rubric))
    decision = area_totals(keyword_hits("对重大行政决策开展合法性审查。", rubric))
    assert max(docs, key=docs.get) == "rulemaking_normative_docs"
    assert max(decision, key=decision.get) == "decision_making"


def test_areas_json_contract(capsys):
    from tests.conftest import sample

    assert main(["areas", str(sample("qingxi_2024.txt")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rubric"] == {"id": "fazhi-default", "version": "2025.1"}
    assert set(data["parts"]) == {"measures_results", "shortcomings_causes", "first_responsible", "next_year_plan", "other"}
    assert data["missing_parts"] == []
    row = next(s for s in data["sections"] if s["id"] == "1.4")
    assert row["areas"][0] == "law_enforcement" and 0 < row["scores"]["law_enforcement"] <= 1


def test_areas_text_report(capsys):
    from tests.conftest import sample

    assert main(["areas", str(sample("dongkeng_2017.txt"))]) == 0
    out = capsys.readouterr().out
    assert "行政执法" in out and "█" in out and "missing" in out


def test_duty_promised_in_the_plan_is_not_the_duty_reported(outlines, rubric):
    """清溪镇's plan item 三、(一)系统落实“法治建设第一责任人”职责 promises the duty for next year."""
    assert map_areas(outlines["qingxi_2024"], rubric).parts["first_responsible"] == ["1.1.3"]


def test_duty_found_in_a_topic_text_when_no_heading_names_it(outlines, rubric):
    assert map_areas(outlines["yingzai_2025"], rubric).parts["first_responsible"] == ["1.1"]


# ------------------------------------------------------------------------------- keyword hits by area

def test_every_keyword_hit_is_evidence_for_its_area_with_offsets(rubric):
    """A section dominated by enforcement that mentions 粤执法 once still counts for the digital area."""
    from fazhi.core.areas import keyword_hits_by_area
    from fazhi.core.outline import parse_text

    text = ("某镇2024年法治政府建设年度报告\n一、2024年工作情况\n"
            "(一)严格规范公正文明执法。全面落实行政执法三项制度,行政执法人员持证上岗,行政执法案卷评查。"
            "依托粤执法平台办理案件。\n(二)规范性文件管理。对规范性文件开展合法性审查。\n")
    outline = parse_text(text, "made")
    hits = keyword_hits_by_area(outline, rubric)
    assert set(hits) >= set(rubric.area_ids)
    digital = hits["digital_rule_of_law"]
    assert [h.phrase for h in digital] == ["粤执法"] and digital[0].section_id == "1.1"
    assert map_areas(outline, rubric).section_areas["1.1"] == ["law_enforcement"]  # not its dominant area
    for area, found in hits.items():
        for h in found:
            assert text[h.start:h.end] == h.phrase
        assert [h.start for h in found] == sorted(h.start for h in found)
    # context rules as everywhere: 合法性审查 of a 文件 is rule-making
    assert any(h.phrase == "合法性审查" and h.section_id == "1.2" for h in hits["rulemaking_normative_docs"])
    assert all(h.section_id is None for h in hits["party_leadership"] if h.start < text.index("一、"))


def test_keyword_hits_by_area_name_the_innermost_section(outlines, rubric):
    from fazhi.core.areas import keyword_hits_by_area

    outline = outlines["qingxi_2024"]
    sections = {s.id: s for s in outline.walk()}
    for found in keyword_hits_by_area(outline, rubric).values():
        for h in found:
            if h.section_id is None:
                assert not any(s.start <= h.start < s.end for s in sections.values())
                continue
            s = sections[h.section_id]
            assert s.start <= h.start < s.end
            assert not any(c.start <= h.start < c.end for c in s.children)


def test_phrase_counts_are_the_scans_hits_counted(rubric):
    # counts() is what the alignment's features and the areas read (in C); scan() is what a reviewer jumps through:
    # the same hits and the same context decisions, on texts mixing ruled phrases, their contexts and sentence ends
    import random
    from collections import Counter

    from fazhi.core.areas import phrase_matcher

    matcher = phrase_matcher(rubric)
    ruled = sorted(matcher.rules)
    contexts = sorted({c for rules in matcher.rules.values() for _, ctx in rules for c in ctx})
    plain = sorted(matcher.owner)[:40]
    pieces = ruled + contexts + plain + ["。", ";", "\n", "!", "开展", "重大行政决策", "规范性文件", "x"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        scanned = Counter((phrase, area) for _, _, phrase, area in matcher.scan(text))
        assert matcher.counts(text) == scanned, text
    both = matcher.counts("对规范性文件开展合法性审查。对重大行政决策开展合法性审查。")
    assert both == {("合法性审查", "rulemaking_normative_docs"): 1, ("合法性审查", "decision_making"): 1,
                    ("规范性文件", "rulemaking_normative_docs"): 1, ("重大行政决策", "decision_making"): 1}
