"""Outlines of the five real samples against the hand-checked gold, and the grammar's corner cases."""
from __future__ import annotations

import pytest

from fazhi.core.outline import cn_to_int, parse_date, parse_text, unbroken
from tests.conftest import GOLD, gold, norm_heading, sample

GOLD_OUTLINES = sorted(p.name for p in GOLD.glob("outline_*.json"))


def numbered(sections, depth=1):
    """(depth, heading) of numbered headings, skipping items and unlabelled parts as the gold does."""
    for s in sections:
        label = s["label"] if isinstance(s, dict) else s.label
        if not label or label.endswith("是"):
            continue
        heading = s["heading"] if isinstance(s, dict) else s.heading
        yield depth, norm_heading(heading)
        yield from numbered(s.get("children", []) if isinstance(s, dict) else s.children, depth + 1)


@pytest.mark.parametrize("gold_file", GOLD_OUTLINES)
def test_outline_matches_gold(gold_file, outlines):
    g = gold(gold_file)
    outline = outlines[g["file"].removesuffix(".txt")]
    expected = list(numbered(g["outline"]))
    got = [x for x in numbered(outline.sections) if x[0] <= max(d for d, _ in expected)]
    assert got == expected


@pytest.mark.parametrize("gold_file", GOLD_OUTLINES)
def test_metadata_matches_gold(gold_file, outlines):
    g = gold(gold_file)
    outline = outlines[g["file"].removesuffix(".txt")]
    assert outline.year == g["year"]
    assert outline.government == g["government"]
    assert (outline.title is None) == (g["title"] is None)
    if g["title"]:
        assert norm_heading(outline.title) == norm_heading(g["title"])
    assert outline.date == g["date"]


def test_spans_point_back_into_the_text(outlines):
    for outline in outlines.values():
        for s in outline.walk():
            assert unbroken(outline.text[s.heading_start:s.heading_end]) == s.heading  # (a line break left out)
            assert outline.text[s.body_start:s.body_end].strip() == s.text
            assert s.start <= s.heading_start <= s.heading_end <= s.end
            for child in s.children:
                assert s.start <= child.start and child.end <= s.end


def test_inline_heading_is_the_first_sentence():
    o = parse_text("一、工作情况\n(一)强化组织领导,压实法治责任。镇党委书记亲自部署。\n")
    sub = o.sections[0].children[0]
    assert sub.label == "(一)"
    assert sub.heading == "强化组织领导,压实法治责任"
    assert sub.text == "镇党委书记亲自部署。"


def test_full_width_brackets_and_numbered_levels():
    o = parse_text("一、总体情况\n（一）第一项\n1．细项甲\n2、细项乙\n（1）更细\n（二）第二项\n二、下一步\n")
    assert [(s.id, s.level, s.label) for s in o.walk()] == [
        ("1", 1, "一、"), ("1.1", 2, "（一）"), ("1.1.1", 3, "1．"), ("1.1.2", 3, "2、"),
        ("1.1.2.1", 4, "（1）"), ("1.2", 2, "（二）"), ("2", 1, "二、")]


def test_items_inline_and_as_paragraphs():
    o = parse_text("一、工作\n甲。一是学习。内容一。二是落实。内容二。\n二、问题\n一是意识不强。\n二是力量薄弱。\n")
    first, second = o.sections
    assert [c.label for c in first.children] == ["一是", "二是"]
    assert first.text == "甲。"
    assert first.children[1].heading == "落实" and first.children[1].text == "内容二。"
    assert [c.heading for c in second.children] == ["意识不强", "力量薄弱"]


def test_items_run_in_after_a_colon():
    """"主要表现在:一是…;二是…": a list of shortcomings run into one paragraph, as reports often write it."""
    o = parse_text("二、存在问题\n对照上级要求,仍存在一些不足,主要表现在:一是法治意识还不够强;二是执法文书不够规范;"
                   "三是决策论证环节缺乏。\n")
    problems = o.sections[0]
    assert [(c.label, c.heading) for c in problems.children] == [
        ("一是", "法治意识还不够强"), ("二是", "执法文书不够规范"), ("三是", "决策论证环节缺乏")]
    assert problems.text == "对照上级要求,仍存在一些不足,主要表现在:"


def test_figures_are_not_headings():
    o = parse_text("一、情况\n1.5万件案件办结。\n2024、2025两年持续推进。\n")
    assert [s.label for s in o.walk()] == ["一、"]


def test_out_of_sequence_marker_is_body_text():
    o = parse_text("一、情况\n正文。\n五、这不是标题而是引文\n")
    assert len(o.sections) == 1


def test_title_over_two_lines_addressee_signature_and_date():
    text = ("清远市清城区人民政府2024年\n法治政府建设年度报告\n市委、市政府:\n"
            "2024年,我区坚持依法行政,现将有关情况报告如下:\n一、主要成效\n成效很好,各项工作稳步推进,取得了积极成效。\n"
            "清远市清城区人民政府\n2025年2月1日\n")
    o = parse_text(text)
    assert o.title == "清远市清城区人民政府2024年法治政府建设年度报告"
    assert o.government == "清城区"
    assert o.year == 2024
    assert o.date == "2025-02-01"
    assert [s.heading for s in o.sections if s.kind == "heading"] == ["主要成效"]
    assert "人民政府" not in o.sections[-1].text


def test_no_headings_is_one_untitled_section():
    o = parse_text("这是一段没有任何标题的文字,讲了法治政府建设的一些情况,也没有落款和日期,只是一段正文。\n")
    assert len(o.sections) == 1
    assert o.sections[0].label == "" and o.sections[0].heading == ""
    assert o.sections[0].text.startswith("这是一段")


@pytest.mark.parametrize("line,expected", [
    ("2025年1月17日", "2025-01-17"), ("二〇二五年一月十七日", "2025-01-17"),
    ("2017年1220", None), ("2024年2月30日", None),
    # gen18 F8: 元月 is January; a seal's mark after the date is no part of it
    ("二〇二五年元月十七日", "2025-01-17"), ("2025年1月17日（盖章）", "2025-01-17"), ("2025年元月5日(章)", "2025-01-05")])
def test_dates(line, expected):
    assert parse_date(line) == expected


def test_a_month_in_brackets_after_a_title_is_no_part_of_it():
    """gen18 F8: "…年度报告(2025年3月)" kept the month the report was written in as the end of its title."""
    o = parse_text("禾山县2024年法治政府建设年度报告(2025年3月)\n一、工作情况\n我县依法行政。\n")
    assert (o.title, o.year) == ("禾山县2024年法治政府建设年度报告", 2024)


@pytest.mark.parametrize("s,n", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零三", 103), ("甲", None)])
def test_chinese_numerals(s, n):
    assert cn_to_int(s) == n


def test_debris_is_not_report_text(outlines):
    o = outlines["dongkeng_2017"]
    assert o.title == "东坑镇2017年法治政府建设情况报告"
    assert o.date is None  # "2017年1220" is malformed
    everything = "".join(s.text for s in o.walk())
    for junk in ("【字体", "ico", "备案号", "主办单位", "分享到", "相关附件", "人民政府:"):
        assert junk not in everything
    assert "东莞市东坑镇人民政府" not in everything


FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"})


@pytest.mark.parametrize("name", ["qingxi_2024", "dongkeng_2017", "qingcheng_2024", "jinghai_2024", "yingzai_2025"])
def test_full_width_punctuation_gives_the_same_outline(name, outlines):
    """Published reports mostly use full-width ，（）：； — the samples happen to be half-width."""
    original = outlines[name]
    converted = parse_text(original.text.translate(FULL_WIDTH))
    assert [(s.id, s.label.translate(FULL_WIDTH), s.heading.translate(FULL_WIDTH)) for s in original.walk()] == \
        [(s.id, s.label, s.heading) for s in converted.walk()]
    assert (converted.government, converted.year, converted.date) == (original.government, original.year, original.date)


def test_numbering_typos_still_make_headings():
    o = parse_text("一、情况\n(一)甲。正文。\n(二)乙。正文。\n(二)丙。正文。\n(四)丁。正文。\n二、问题\n")
    assert [s.heading for s in o.sections[0].children] == ["甲", "乙", "丙", "丁"]


def test_items_in_the_preamble_stay_preamble_text():
    o = parse_text("2024年,我镇一是加强学习。二是完善制度。现报告如下:\n一、主要工作\n内容。\n")
    assert [(s.id, s.label) for s in o.walk()] == [("0", ""), ("1", "一、")]
    assert "一是加强学习" in o.sections[0].text


def test_short_opening_lines_are_kept_as_text():
    o = parse_text("某镇2024年法治政府建设情况报告\n区委、区政府：\n今年工作有序。现报告如下：\n一、主要工作\n内容。\n")
    assert o.title == "某镇2024年法治政府建设情况报告"
    assert o.sections[0].kind == "preamble" and o.sections[0].text == "今年工作有序。现报告如下："
    assert "区委" not in o.sections[0].text  # the addressee is not report text


def test_attachment_list_after_the_signature_is_not_sections():
    o = parse_text("一、主要工作\n内容很多,工作扎实推进,取得明显成效。\n二、存在问题\n问题不少。\n某县人民政府\n2025年3月1日\n附件：\n1.2024年法治政府建设统计表\n2.重大行政决策目录\n")
    assert [s.heading for s in o.walk()] == ["主要工作", "存在问题"]
    assert o.date == "2025-03-01" and o.government == "某县"


def test_only_short_lines_is_still_one_untitled_section():
    o = parse_text("法治建设\n依法行政\n执法规范\n")
    assert len(o.sections) == 1 and o.sections[0].label == "" and "依法行政" in o.sections[0].text


def test_numbering_past_one_hundred():
    """一百零一、 continues 一百、 (零 is part of a numeral)."""
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]

    def cn(n: int) -> str:
        hundreds, rest = divmod(n, 100)
        tens, ones = divmod(rest, 10)
        out = (numerals[hundreds - 1] + "百") if hundreds else ""
        if tens:
            out += ("" if tens == 1 and not hundreds else numerals[tens - 1]) + "十"
        elif hundreds and ones:
            out += "零"
        return out + (numerals[ones - 1] if ones else "")

    text = "".join(f"{cn(n)}、第{n}项工作\n内容。\n" for n in range(1, 106))
    o = parse_text(text)
    assert [s.label for s in o.sections][99:] == ["一百、", "一百零一、", "一百零二、", "一百零三、", "一百零四、", "一百零五、"]
    assert len(o.sections) == 105 and o.sections[100].heading == "第101项工作"


def test_numbering_continues_across_subsections():
    o = parse_text("一、主要举措\n(一)加强领导\n1.加强党的领导。内容。\n2.强化考核。内容。\n(二)履行职能\n"
                   "3.深化审批改革。内容。\n4.优化营商环境。内容。\n二、存在问题\n")
    assert [(s.id, s.label, s.heading) for s in o.walk()] == [
        ("1", "一、", "主要举措"), ("1.1", "(一)", "加强领导"), ("1.1.1", "1.", "加强党的领导"),
        ("1.1.2", "2.", "强化考核"), ("1.2", "(二)", "履行职能"), ("1.2.1", "3.", "深化审批改革"),
        ("1.2.2", "4.", "优化营商环境"), ("2", "二、", "存在问题")]


def test_a_far_jump_under_a_new_subsection_is_still_text():
    o = parse_text("一、主要举措\n(一)加强领导\n1.加强党的领导。内容。\n(二)履行职能\n7.这是正文里的编号。\n")
    assert [s.label for s in o.walk()] == ["一、", "(一)", "1.", "(二)"]


@pytest.mark.parametrize("paragraph,heading", [
    ("二是在深入调研与广泛征求意见的基础上,紧密结合岗位职责,对工作事项进行全面梳理。", "在深入调研与广泛征求意见的基础上,紧密结合岗位职责,对工作事项进行全面梳理"),
    ("二是通过组织专题培训和以案释法等多种形式,提升干部法治素养。", "通过组织专题培训和以案释法等多种形式,提升干部法治素养"),
    ("二是强化思想引领,组织镇党委理论学习中心组开展专题学习三次并形成制度。", "强化思想引领,组织镇党委理论学习中心组开展专题学习三次并形成制度"),
    ("二是健全制度;完善机制。", "健全制度"),
])
def test_item_heading_is_its_first_sentence_as_a_headings_is(paragraph, heading):
    """contracts.md: a heading written inline is the first sentence. Items follow the same rule (the public item gold
    writes them "up to the first 。 or ;"), however long, never cut at a comma."""
    o = parse_text(f"一、工作\n一是加强学习。内容。\n{paragraph}\n")
    assert o.sections[0].children[1].heading == heading


def test_an_indented_long_paragraph_is_not_taken_for_a_folded_line():
    paragraph = "内容" * 70
    o = parse_text(f"一、主要工作\n    1.深入学习。{paragraph}。2.这是段落里的编号,不是标题。{paragraph}。\n")
    assert [s.label for s in o.walk()] == ["一、", "1."]


def test_inline_enumeration_in_a_line_broken_text_stays_text():
    o = parse_text("一、主要工作\n我们采取了以下措施:(一)建立制度;(二)完善机制;(三)加强监督。各项工作稳步推进,取得成效。\n")
    assert [s.label for s in o.walk()] == ["一、"]


def test_find_and_walk_are_indexed_once(outlines):
    o = outlines["qingcheng_2024"]
    assert o.walk() is o.walk()
    for s in o.walk():
        assert o.find(s.id) is s
    assert o.find("99.9") is None


def test_government_evidence_is_in_the_json(outlines):
    d = outlines["qingcheng_2024"].to_dict()
    assert (d["government"], d["government_source"], d["parent_area"]) == ("清城区", "title", "清远市")
    d = outlines["qingxi_2024"].to_dict()
    assert (d["government"], d["government_source"]) == ("清溪镇", "signature")


def test_a_numbered_heading_may_begin_with_a_number_a_decimal_is_no_heading():
    """"1.12345热线…" is heading 1. on the 12345 hotline; "1.5万人…" and "3.14倍…" are decimals in the text."""
    o = parse_text("一、工作\n1.12345热线运行平稳。内容。\n1.5万人参加培训。\n3.14倍的增长。\n2.政务服务提质增效。内容。\n")
    assert [(s.label, s.heading) for s in o.walk()] == [("一、", "工作"), ("1.", "12345热线运行平稳"),
                                                         ("2.", "政务服务提质增效")]


NEXT_YEAR = GOLD.parent / "nextyear"


@pytest.mark.parametrize("gold_file", sorted(p.name for p in NEXT_YEAR.glob("outline_*.json")))
def test_hand_written_next_year_reports_read_as_written(gold_file):
    """The three next-year reports a helper wrote by hand from the samples (tests/fixtures/nextyear): outline and
    metadata as their writer gave them, 一是 items turned into numbered sub-headings and back included."""
    import json

    g = json.loads((NEXT_YEAR / gold_file).read_text(encoding="utf-8"))
    outline = parse_text((NEXT_YEAR / g["file"]).read_text(encoding="utf-8"), g["file"])
    expected = list(numbered(g["outline"]))
    assert [x for x in numbered(outline.sections) if x[0] <= max(d for d, _ in expected)] == expected
    assert (outline.title and norm_heading(outline.title), outline.government, outline.year, outline.date) == (
        g["title"] and norm_heading(g["title"]), g["government"], g["year"], g["date"])


def test_an_items_first_sentence_broken_over_two_lines_is_one_heading():
    """Found by hypothesis in CI: an item's heading (its first sentence) kept the line break it spans, while a
    section's heading has it left out (`unbroken`); every heading now reads as one line."""
    from fazhi.core.outline import parse_text

    text = "一、总体情况\n一是加强法治\n政府建设。本年开展培训。二是推进依法行政。本年完成清理。\n"
    items = [s for s in parse_text(text).walk() if s.kind == "item"]
    assert [s.heading for s in items] == ["加强法治政府建设", "推进依法行政"]
    assert all("\n" not in s.heading for s in parse_text("一、一、\n一是一、\n一、\n" * 3).walk())


def test_a_label_written_with_brackets_in_a_list_without_them_stays_in_the_list():
    """gen21 N5: "1." "2." "(3)" "4.": the (3) fitted no numbering and was no heading; its items went to 2. and the
    numbering of 一是 restarted after 四是. A slip of the brackets continues the list, its label as written; a real
    sub-list "(1)(2)" under "2." still nests."""
    text = sample("qingcheng_2024.txt").read_text(encoding="utf-8")
    slipped = "\n".join("(3)" + ln[2:] if ln.startswith("3.") else ln for ln in text.split("\n"))
    got, want = parse_text(slipped), parse_text(text)
    assert [(s.id, s.heading) for s in got.walk()] == [(s.id, s.heading) for s in want.walk()]
    assert [s.label for s in got.walk() if s.id in ("2.1.3", "2.2.3")] == ["(3)", "(3)"]
    nested = parse_text("某某镇2024年法治政府建设情况报告\n现将情况报告如下。\n一、主要工作\n1.加强组织领导。成立领导小组。\n"
                        "2.推进依法决策。严格执行程序。\n(1)规范决策程序。公开征求意见。\n(2)落实合法性审查。审查文件12件。\n"
                        "(3)推行集体讨论。召开会议5次。\n3.强化执法监督。开展评查。\n二、存在的不足\n执法力量弱。")
    assert [(s.id, s.label) for s in nested.walk()][1:] == [
        ("1", "一、"), ("1.1", "1."), ("1.2", "2."), ("1.2.1", "(1)"), ("1.2.2", "(2)"), ("1.2.3", "(3)"), ("1.3", "3."),
        ("2", "二、")]


@pytest.mark.parametrize("gap", ["\u3000", " ", "  "])
def test_a_blank_for_the_comma_after_a_chinese_numeral_still_labels_a_heading(gap):
    """gen31 #6: "一　加强党的领导" (a layout or a conversion left a blank for the 、) lost every heading of its level;
    the count decides, as for every label: "一 年来" in running text opens nothing."""
    lead = "2024年,我们坚持依法行政,法治政府建设取得新成效。现将有关情况报告如下:\n"
    o = parse_text(lead + f"一{gap}加强党的领导\n内容。\n二{gap}推进依法行政\n内容。\n三{gap}下一步打算\n内容。\n")
    assert [s.heading for s in o.sections if s.kind != "preamble"] == ["加强党的领导", "推进依法行政", "下一步打算"]
    o = parse_text(lead + "一、加强党的领导\n内容。\n一 年来,我们坚持学习。\n二、推进依法行政\n内容。\n")
    assert [s.label for s in o.sections if s.kind != "preamble"] == ["一、", "二、"]
    # a heading that opens with its year (gen31: "一　2020年推进…" stayed text, its (一) the first heading)
    o = parse_text(lead + f"一{gap}2024年主要举措和成效\n(一)加强党的领导\n内容。\n(二)推进依法行政\n内容。\n")
    assert [(s.label.strip(), s.heading) for s in o.walk() if s.label][:2] == [("一", "2024年主要举措和成效"),
                                                                                ("(一)", "加强党的领导")]
