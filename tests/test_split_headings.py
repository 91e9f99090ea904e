"""Headings broken over two lines in a text of a paragraph a line (copied from a web page): the heading reads on in
its second line where the evidence is clear, and a short line of its own after a heading stays apart
(core.outline's `_reads_on`). The matrix is tests/fixtures/split_headings.py's."""
from __future__ import annotations

import pytest

from fazhi.core.outline import parse_text, unbroken
from fazhi.core.report import read
from tests.fixtures.split_headings import matrix, measure, summary
from tests.helpers import make_html


@pytest.fixture(scope="module")
def result():
    return measure(list(matrix()))


def test_broken_headings_of_the_samples_read_whole(result):
    """Floors, as measured (none read whole before the rule): broken after a comma, every heading reads whole, run-in
    headings too (their body follows on the second line); broken with no mark, a heading on a line of its own reads
    whole where the break falls inside a word (the two characters about it stand together WORD_ELSEWHERE times
    elsewhere in the report, or jieba cuts a word across it where the first line ends unfinished) and its first line
    has BROKEN_MIN characters: 1170 of 2133 (954 on the report's pairs alone; 2088 without the word's evidence, which
    took a short sub-heading of its own into the heading above it 98 times in 100); in a text setting its headings
    apart by blank lines, also where its two lines stand together with a blank line after them: 1248 of 2133 (the
    negatives, each a paragraph of its own, stay apart all the same). A run-in heading broken
    without a comma ("…推进法治政" / "府建设,…职责。一是…") is not told from a whole heading over its paragraph and
    stays as it was, but where the cut falls after a comma."""
    pooled = summary(result)
    assert pooled["own"] == (pooled["own"][0], 2133) and pooled["own"][0] >= 1248
    for place in ("own comma", "run-in comma"):
        ok, total = result[place]
        assert ok == total > 0, place
    assert pooled["run-in"][0] >= 144


def test_no_short_line_of_its_own_is_taken_into_the_heading_above_it(result):
    """Every negative stays apart: a date, a list of names, a signature, a table's row, a note in brackets or a field
    after every heading on a line of its own, in every layout."""
    negatives = {group: counts for group, counts in result.items() if group.startswith("negative")}
    assert len(negatives) == 16
    for group, (ok, total) in negatives.items():
        assert ok == total == 258, group


def test_broken_titles_read_whole(result):
    """Every title broken anywhere reads whole (51 of 108 before: "…建设工作" / "报告" held no title-like piece, "…情况"
    / "报告" was taken for two titles, and a page that sets every line apart kept the pieces apart)."""
    assert summary(result)["title"] == (108, 108)


@pytest.mark.parametrize("first,second", [("某某县2023年度法治政府建设工作", "报告"), ("某某县2023年度法治政府建设情况", "报告"),
                                          ("某某县2023年度法治政府建设工", "作报告")])
def test_a_title_broken_before_its_last_word_is_one_title(first, second):
    o = parse_text("\n".join([first, second, LEAD, "一、主要工作", BODY]))
    assert (o.title, o.government, o.year) == (first + second, "某某县", 2023)
    o = parse_text("\n\n".join(["首页", first, second, LEAD, "一、主要工作", BODY]))  # every line apart
    assert (o.title, o.government, o.year) == (first + second, "某某县", 2023)


def test_a_column_name_and_a_body_s_name_set_apart_stay_apart_from_the_title():
    o = parse_text("\n".join(["政务公开", "工作报告", LEAD, "一、主要工作", BODY]))
    assert o.title is None  # "政务公开" / "工作报告": a column's name, however joined
    o = parse_text("\n\n".join(["某某县人民政府", "2023年度法治政府建设情况报告", LEAD, "一、主要工作", BODY]))
    assert o.title == "2023年度法治政府建设情况报告"  # a portal's header names a body as often


LEAD = ("2023年,我县坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,全面推进依法行政,"
        "法治政府建设取得新成效,为全县经济社会高质量发展提供了坚实法治保障。现将有关情况报告如下:")
BODY = ("　　2023年,我县把法治政府建设摆在全局工作的突出位置,县委常委会、县政府常务会议专题研究法治政府建设工作"
        "六次,制定年度工作要点,压紧压实各级各部门责任,推动各项任务落地见效,全年未发生重大行政违法案件。")


def report(*middle: str) -> str:
    return "\n".join(["某某县2023年法治政府建设年度报告", LEAD, *middle, "二、存在的问题", BODY, "某某县人民政府",
                      "2024年1月15日"]) + "\n"


def test_a_heading_broken_mid_word_reads_on_and_its_body_starts_below():
    text = report("一、深入学习贯彻习近平法治思想,全面加强党对法", "治政府建设的领导", BODY)
    o = parse_text(text)
    first = o.sections[1]
    assert (first.label, first.heading) == ("一、", "深入学习贯彻习近平法治思想,全面加强党对法治政府建设的领导")
    assert first.text == BODY.strip()
    assert o.text == text  # the text is as read: its sha256, and every session on it, does not move
    assert unbroken(text[first.heading_start:first.heading_end]) == first.heading
    assert "\n" in text[first.heading_start:first.heading_end]


@pytest.mark.parametrize("first, second", [("一、2023年推进法治政府建设的主要举", "措和成效"),
                                           ("一、坚持党的领导,法治政府建设的领导更", "加坚强有力")])
def test_a_heading_broken_inside_a_word_the_report_writes_once_reads_on(first, second):
    """gen31 #5: in an opening, or a short report, the word broken ("举措") stands nowhere else: jieba's words tell.
    A whole heading whose last word runs on into a word with the text's first (执法 / 监督) stays apart (read32)."""
    o = parse_text(report(first, second, BODY))
    assert o.sections[1].label + o.sections[1].heading == first + second
    assert o.sections[1].text == BODY.strip()
    o = parse_text(report("（二）规范行政执法", "监督机制不断完善", BODY))
    assert o.sections[1].heading == "规范行政执法"


def test_a_run_in_heading_broken_after_a_comma_ends_at_its_first_sentence():
    o = parse_text(report("一、主要工作", "(一)坚持在党的领导下推进法治政府建设,",
                          "全面压实“关键少数”法治建设职责。一是强化政治引领。二是落实第一责任人职责。", BODY))
    sub = o.sections[1].children[0]
    assert sub.heading == "坚持在党的领导下推进法治政府建设,全面压实“关键少数”法治建设职责"
    assert [c.label for c in sub.children] == ["一是", "二是"]


@pytest.mark.parametrize("line", ["(2023年12月)", "张三、李四、王五", "某某县司法局", "项目 2023年 2024年", "无",
                                  "(一)强化组织领导", "1.完善制度", "强化组织领导", "主要做法"])
def test_a_line_of_its_own_below_a_heading_stays_apart(line):
    """A date, names, a signature, a table's row, a lone word, a sub-heading (numbered or not: the break would fall
    between two words, 作强, 作主, that the report never writes together): no part of the heading."""
    o = parse_text(report("一、坚持党的领导统筹推进法治政府建设工作", line, BODY))
    assert o.sections[1].heading == "坚持党的领导统筹推进法治政府建设工作"


def test_a_short_heading_is_whole_and_a_short_piece_before_another_short_line_is_no_heading_s_end():
    o = parse_text(report("一、基本情况", "全年无行政诉讼案件", BODY))
    assert o.sections[1].heading == "基本情况"  # shorter than BROKEN_MIN: nobody breaks it
    o = parse_text(report("一、坚持党的领导统筹推进法治政府建设工作", "领导小组", "办公室", BODY))
    assert o.sections[1].heading == "坚持党的领导统筹推进法治政府建设工作"  # a list of short lines follows


def test_a_piece_nearer_the_paragraph_below_than_the_heading_above_stays_apart():
    o = parse_text(report("一、深入学习贯彻习近平法治思想,全面加强党对法", "治政府建设的领导", BODY).replace("\n", "\n\n"))
    assert o.sections[1].heading == "深入学习贯彻习近平法治思想,全面加强党对法治政府建设的领导"  # blank lines everywhere
    o = parse_text(report("一、深入学习贯彻习近平法治思想,全面加强党对法\n", "治政府建设的领导", BODY))
    assert o.sections[1].heading == "深入学习贯彻习近平法治思想,全面加强党对法"


@pytest.mark.parametrize("first, second, cut", [("(一)依法全面履行政府职能,加快建设一流", "法治政府", False),
                                                ("一、深入贯彻习近平法治思想,切实", "履行推进法治政府建设职责", True)])
def test_in_a_text_setting_its_headings_apart_a_heading_s_two_lines_together_are_one_heading(first, second, cut):
    """gen31 #5: where the headings stand before a blank line, a heading's line and a short piece together, a blank
    line after them, are one paragraph broken by hand, even between two words (一流 / 法治). With a blank line
    between them, in a text that sets nothing apart, or one setting apart its paragraphs only, each heading over its
    paragraph (reread52 #1: "(二)深入推进…执法" / "全面推行行政执法三项制度" was taken in), the piece stays apart, but
    where the heading's second clause is cut short ("…思想,切实": `_clause_cut`, stop 53)."""
    def first_heading(gap: str, apart: str = "\n\n", over: str = "\n\n") -> str:
        rest = [f"二、存在的问题{over}{BODY}", f"三、下一步工作打算{over}{BODY}"]
        o = parse_text(apart.join(["某某县2023年法治政府建设年度报告", LEAD, first + gap + second, BODY, *rest]) + "\n")
        return o.sections[1].label + o.sections[1].heading

    assert first_heading("\n") == first + second
    assert first_heading("\n\n") == first
    assert first_heading("\n", apart="\n", over="\n") == (first + second if cut else first)
    assert first_heading("\n", over="\n") == (first + second if cut else first)


def test_in_a_text_of_short_lines_a_short_piece_after_a_heading_is_text():
    """Where the lines are short (hard-wrapped, or short paragraphs), a short line after a heading is the first line
    of its paragraph: only a heading ending on a comma reads on there."""
    short = "全年开展培训十次。"
    text = "\n".join(["某某县2023年法治政府建设年度报告", "一、坚持党的领导统筹推进法治政府建设工作", "2023年我县开展",
                      short, "二、完善依法行政制度体系,", "提升依法行政能力", short, short]) + "\n"
    o = parse_text(text)
    assert [s.heading for s in o.sections if s.kind == "heading"] == [
        "坚持党的领导统筹推进法治政府建设工作", "完善依法行政制度体系,提升依法行政能力"]


def test_a_heading_broken_over_two_paragraphs_of_a_page_reads_whole(tmp_path):
    text = report("一、深入学习贯彻习近平法治思想,全面加强党对法", "治政府建设的领导", BODY)
    o = parse_text(read(make_html(text, tmp_path / "page.html")).text)
    assert o.sections[1].heading == "深入学习贯彻习近平法治思想,全面加强党对法治政府建设的领导"
