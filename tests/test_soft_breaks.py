"""Lines joined by soft breaks (a Word paragraph's Shift+Enter, a page's plain text in one block) are split where the
report's own lines end (core.line_breaks.resolve_breaks): fuzz3 #1 found a title run into what stood around it."""
from __future__ import annotations

import pytest

from fazhi.core.line_breaks import resolve_breaks
from fazhi.core.outline import parse
from fazhi.core.report import read

TITLE = "遂宁市安居区人民政府关于2024年度法治政府建设工作的报告"


@pytest.mark.parametrize("after", ["市委、市政府:", "2024年,安居区坚持以习近平法治思想为指导,现将有关情况报告如下:"])
def test_a_title_ends_before_an_addressee_or_a_lead_in_ending_in_a_colon(after):
    assert resolve_breaks([TITLE, after]) == [TITLE, after]


def test_a_page_s_furniture_and_metadata_fields_stand_on_their_own_lines():
    pieces = ["首页 > 政务公开 > 法治政府建设", "• 索 引 号:115108037/2025-00427", "• 成文日期: 2025-02-24", TITLE,
              "来源:上海市闵行区人民政府办公室(闵行区政府研究室、闵行区政府外事办公室、闵行区政府合作交流办公室)  发布时间:2025年2月12日",
              "2024年,安居区坚持以习近平法治思想为指导,扎实推进各项工作。"]
    assert resolve_breaks(pieces) == pieces


def test_running_text_cut_by_an_editor_still_joins():
    assert resolve_breaks(["全年召开专题会议5次,研究解决", "问题8项,信息来源", "于各部门。"]) == ["全年召开专题会议5次,研究解决问题8项,信息来源于各部门。"]
    # a furniture word inside running text (reread7 #4: it stood as three lines)
    assert resolve_breaks(["为全区政务服务平台提供", "技术支持的单位共有3家", "均已完成备案。"]) == ["为全区政务服务平台提供技术支持的单位共有3家均已完成备案。"]


def test_a_page_of_plain_text_in_one_block_reads_its_title(tmp_path):
    page = tmp_path / "page.html"
    lines = ["首页 > 政务公开 > 法治政府建设", "• 发布机构:安居区", "• 成文日期: 2025-02-24", TITLE,
             "来源:安居区 发布时间:2025-02-24 浏览次数:12", "市委、市政府:",
             "2024年,安居区坚持以习近平法治思想为指导,扎实推进各项工作,现将有关情况报告如下:", "一、加强组织领导",
             "全年召开专题会议5次。", "二、存在的问题和不足", "基层执法力量相对薄弱。"]
    page.write_text("<html><body><div class='article'>\n" + "\n".join(lines) + "\n</div></body></html>", encoding="utf-8")
    o = parse(read(page))
    assert (o.title, o.government, o.year) == (TITLE, "安居区", 2024)


# ------------------------------------------------------------------- a page's <br> at any point (gen21 N3)

def _broken_report(tmp_path, sample_name: str, before: str):
    """The sample as a page of one <p> a line, with a <br> right after the first `before`; and the sample's outline."""
    import html

    from tests.conftest import sample

    lines = [ln for ln in sample(f"{sample_name}.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    k = next(i for i, ln in enumerate(lines) if before in ln)
    at = lines[k].index(before) + len(before)
    body = "".join(f"<p>{html.escape(ln[:at])}<br>{html.escape(ln[at:])}</p>" if i == k else f"<p>{html.escape(ln)}</p>"
                   for i, ln in enumerate(lines))
    page = tmp_path / f"{sample_name}.html"
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return parse(read(page)), parse(read(sample(f"{sample_name}.txt")))


def test_a_heading_on_its_own_line_does_not_take_the_paragraph_under_it(tmp_path):
    """A heading line and the paragraph after it stay apart, though that paragraph's first sentence is short enough
    to end a heading (reread25 R1: a join for a run-in heading a <br> broke, taken out again, joined them in .txt
    reports that write most of their headings run-in and one on its own line)."""
    import html

    lines = ["某某镇2024年法治政府建设情况报告", "现将有关情况报告如下。", "一、主要工作", "(一)加强组织领导", "成立领导小组。全年召开会议5次。",
             "(二)推进依法决策", "严格执行程序。重大决策全部经过合法性审查。", "(三)规范行政执法", "开展案卷评查。评查案卷120件。",
             "二、存在的不足", "执法力量不足。"]
    page = tmp_path / "standalone.html"
    page.write_text("<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>",
                    encoding="utf-8")
    assert [s.heading for s in parse(read(page)).walk()][1:5] == ["主要工作", "加强组织领导", "推进依法决策", "规范行政执法"]


def test_an_item_label_at_a_line_s_end_keeps_its_item(tmp_path):
    """"…任重道远;二是⏎执法队伍…": the break after 二是 lost all five items of the part (gen21 N3)."""
    got, want = _broken_report(tmp_path, "dongkeng_2017", "任重道远;二是")
    assert "二是\n执法队伍" in got.text
    assert [(s.id, s.heading) for s in got.walk()] == [(s.id, s.heading) for s in want.walk()]
    item = next(s for s in got.walk() if s.label == "二是" and s.heading.startswith("执法队伍"))
    assert got.text[item.heading_start:item.heading_end] == item.heading  # from its first word (reread25 R14)
