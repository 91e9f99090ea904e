"""Title, government and year on new shapes of real web pages (tests/fixtures/page_shapes.py: real debris and
real titles recombined with the samples' bodies), and one page of its own for each rule they led to."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from fazhi.core.metadata import is_debris
from fazhi.core.outline import parse, parse_text
from fazhi.core.report import read
from tests.fixtures.page_shapes import HTML_PAGES, IDENTITIES, LAYOUTS, SCRIPTS, Variant, titles, variants, verdict
from tests.test_real_pages import NEUTRAL_BODY, body_of_qingxi

#: A body that names no body and no year after its first sentence: what the head says decides.
OPENING = "2024年,我们坚持依法行政,法治政府建设取得新成效。现将有关情况报告如下:\n" + NEUTRAL_BODY

#: The matrix as measured (tests/fixtures/page_shapes.py; before the rules below: title 7905 right, 840 none,
#: 3000 wrong; government 11325 / 168 / 252; year 11145 / 0 / 600). Floors for what is right, ceilings for what is
#: wrong: a change may read more pages, never fewer, and never answer wrongly where it did not. (The 3 pages
#: without a government: a report titled "关于…的报告" whose only name is its site's, "…_X镇人民政府": a site is
#: as often the area's above.)
RIGHT_AT_LEAST = {"title": 11745, "government": 11742, "year": 11745}
WRONG_AT_MOST = {"title": 0, "government": 0, "year": 0}


@pytest.fixture(scope="module")
def matrix() -> list[tuple[Variant, dict[str, str]]]:
    out = []
    for v in variants():
        o = parse_text(v.text)
        out.append((v, verdict(v, o.title, o.government, o.year)))
    return out


def test_the_matrix_covers_every_title_form_layout_and_script(matrix):
    forms = {t.form for t in titles(IDENTITIES[0])}
    assert len(matrix) == len(IDENTITIES) * len(forms) * len(LAYOUTS) * len(SCRIPTS) == 11745
    assert {v.id.split("/")[1] for v, _ in matrix} == forms and {v.id.split("/")[2] for v, _ in matrix} == set(LAYOUTS)
    # every expected title is on its page (a broken one in pieces: the same without blanks and line ends)
    for v, _ in matrix:
        if v.title and "traditional" not in v.id:
            assert re.sub(r"\s", "", v.title) in re.sub(r"\s", "", v.text), v.id


@pytest.mark.parametrize("field", ["title", "government", "year"])
def test_the_matrix_reads_at_least_as_well_as_measured(matrix, field):
    counts = Counter(d[field] for _, d in matrix)
    wrong = [v.id for v, d in matrix if d[field] == "wrong"][:5]
    assert counts["right"] >= RIGHT_AT_LEAST[field], (counts, wrong)
    assert counts["wrong"] <= WRONG_AT_MOST[field], (counts, wrong)


@pytest.mark.parametrize("page", sorted(HTML_PAGES))
def test_the_title_forms_read_from_html_pages(tmp_path, page):
    """Every title form of one identity in two portal templates, read as a file (core.report.read: tags, &nbsp;,
    &emsp;), gives the title, government and year of the same page as text."""
    i = IDENTITIES[0]
    for t in titles(i):
        path = tmp_path / f"{t.form}.html"
        path.write_text(HTML_PAGES[page](i, t), encoding="utf-8")
        o = parse(read(path))
        v = Variant(f"{i.sample}/{t.form}/{page}/html", "", t.title, t.government, i.year)
        assert set(verdict(v, o.title, o.government, o.year).values()) == {"right"}, \
            (t.form, o.title, o.government, o.year)


# --------------------------------------------------------------------------------- one page a rule

@pytest.mark.parametrize("title,want", [
    ("【禾山县2024年法治政府建设年度报告】", "禾山县2024年法治政府建设年度报告"),
    ("《禾山县人民政府关于2024年度法治政府建设情况的报告》", "禾山县人民政府关于2024年度法治政府建设情况的报告"),
])
def test_brackets_that_set_the_title_off_are_no_part_of_it(title, want):
    o = parse_text(f"{title}\n{OPENING}")
    assert (o.title, o.government, o.year) == (want, "禾山县", 2024)


@pytest.mark.parametrize("pieces", [
    ("禾山县人民政府", "关于2024年度法治政府建设", "工作情况的报告"),
    ("中共禾山县委", "禾山县人民政府", "关于2024年度法治政府建设情况的报告"),  # a party committee's line above
    ("禾山县人民政府关于", "2024年度法治政府建设", "工作情况的报告"),
])
def test_a_title_over_three_lines_is_one_title(pieces):
    o = parse_text("\n".join(pieces) + "\n" + OPENING)
    assert (o.title, o.government, o.year) == ("".join(pieces), "禾山县", 2024)


def test_a_title_is_no_longer_than_three_lines():
    """A names-only header line, then three pieces: the header is the site's, not a fourth piece."""
    o = parse_text("中共禾山县委\n禾山县人民政府\n关于2024年度法治政府建设\n工作情况的报告\n" + OPENING)
    assert o.title == "禾山县人民政府关于2024年度法治政府建设工作情况的报告"


def test_a_broken_title_is_scored_whole_not_by_its_last_piece():
    """"工作情况的报告" alone reads as a column's name; the title it ends beats a breadcrumb that names the topic."""
    o = parse_text("首页 | 政务公开 | 法治政府建设年度报告\n禾山县人民政府关于2024年度法治政府建设\n工作情况的报告\n" + OPENING)
    assert o.title == "禾山县人民政府关于2024年度法治政府建设工作情况的报告"


@pytest.mark.parametrize("line", [
    "首页 / 政务公开 / 法治政府建设年度报告", "首页-政务公开-法治政府建设年度报告", "位置：首页 - 信息公开 - 法治政府建设年度报告",
    "您现在的位置：首页>>政务公开>>工作报告", "所在位置: 政务公开 | 法治政府建设情况报告",
    "您好，欢迎访问禾山县人民政府网站！", "欢迎光临禾山县人民政府门户网站",
    "首页 | 走进禾山 | 政务公开 | 政务服务 | 政民互动 | 专题专栏",
    "首页 走进禾山 政务公开 政务服务 政民互动 专题专栏 数据开放",
])
def test_breadcrumbs_welcomes_and_menus_are_furniture(line):
    assert is_debris(line)
    o = parse_text(f"{line}\n{OPENING}")
    assert o.title is None and o.year == 2024


@pytest.mark.parametrize("line", ["中共禾山县委 禾山县人民政府", "禾山县人民政府 禾山县司法局", "一、加强组织领导 推进依法行政",
                                  "禾山县2024年法治政府建设年度报告", "全年召开会议5次, 印发文件12件, 开展培训3次, 审查合同20件。"])
def test_names_headings_titles_and_text_are_no_furniture(line):
    assert not is_debris(line)


def test_a_site_header_above_the_title_neither_ends_the_head_nor_gives_the_year():
    """A welcome ending in "!" read as the first sentence: the title was lost and the header's 2019 taken."""
    page = ("您好，欢迎访问禾山县人民政府网站！\n今天是2019年10月31日 星期四 晴\n"
            "首页 | 走进禾山 | 政务公开 | 政务服务 | 政民互动\n禾山县人民政府关于2024年度法治政府建设工作情况的报告\n" + OPENING)
    o = parse_text(page)
    assert (o.title, o.government, o.year) == ("禾山县人民政府关于2024年度法治政府建设工作情况的报告", "禾山县", 2024)
    assert o.sections[0].text.startswith("2024年,我们")


@pytest.mark.parametrize("after", ["  发布时间：2025-01-15 10:02  来源：禾山县", " 来源:禾山县司法局 发布日期:2025-01-15",
                                   "　　浏览次数：1024"])
def test_a_title_run_on_into_its_source_line_is_still_the_title(after):
    title = "禾山县司法局2024年法治政府建设年度报告"
    o = parse_text(f"当前位置：首页 > 政务公开\n{title}{after}\n{OPENING}")
    assert (o.title, o.government, o.year) == (title, "禾山县司法局", 2024)


def test_a_source_line_alone_is_no_title():
    o = parse_text("来源：禾山县 发布时间：2025-01-15 工作报告\n" + OPENING)
    assert o.title is None


@pytest.mark.parametrize("site", ["_禾山县人民政府", " | 禾山县人民政府", "-中共禾山县委 禾山县人民政府"])
def test_a_page_title_after_which_the_site_is_named_by_its_body(site):
    o = parse_text(f"禾山县2024年法治政府建设年度报告{site}\n当前位置：首页 > 政务公开\n" + OPENING)
    assert (o.title, o.government) == ("禾山县2024年法治政府建设年度报告", "禾山县")
    kept = "坚持依法行政——禾山县2024年法治政府建设情况报告"  # a dash before the title is no site after it
    assert parse_text(kept + "\n" + OPENING).title == kept


@pytest.mark.parametrize("title,first", [
    ("二〇二四年度禾山县法治政府建设情况报告", None),
    ("二○二四年禾山县法治政府建设年度报告", None),
    ("禾山县人民政府二〇二四年\n\n法治政府建设年度报告", "禾山县人民政府二〇二四年"),  # a first piece left on its year
])
def test_a_year_in_chinese_numerals_leads_or_breaks_a_title_as_a_year_in_digits_does(title, first):
    o = parse_text(f"{title}\n{OPENING}")
    assert (o.government, o.year) == ("禾山县", 2024)
    assert o.title == title.replace("\n", "")


def test_a_row_of_metadata_fields_gives_each_its_value():
    """A metadata table copied row by row: the 标题 field in the middle of its row ends where 文号 begins, and the
    成文日期 after 发布机构 is read."""
    page = ("索引号：11441900/2025-00012    主题分类：综合政务\n"
            "标题：禾山县2024年法治政府建设年度报告    文号：禾府〔2025〕3号\n"
            "发布机构：禾山县人民政府    成文日期：2025-01-10\n" + OPENING)
    o = parse_text(page)
    assert (o.title, o.government, o.date) == ("禾山县2024年法治政府建设年度报告", "禾山县", "2025-01-10")


@pytest.mark.parametrize("gap", ["\t", "    ", "\u3000\u3000"])
def test_a_metadata_table_copied_as_cells_without_colons_gives_each_its_value(gap):
    """gen31 #1: a page's 索引号/标题/文号 table copied from the browser gives its cells between tabs, labels without
    colons: the title ran on into "\t文号\t无"."""
    title = "禾山县人民政府关于2024年度法治政府建设情况的报告"
    rows = f"索引号{gap}11441900/2025-00012{gap}主题分类{gap}综合政务\n标题{gap}{title}{gap}文号{gap}无\n"
    assert parse_text(f"{rows}\n{title}\n" + OPENING).title == title
    o = parse_text(f"{rows}发布机构{gap}禾山县人民政府{gap}成文日期{gap}2025-01-10\n\n{title}\n" + OPENING)
    assert (o.title, o.government, o.date) == (title, "禾山县", "2025-01-10")
    assert parse_text(f"标题{gap}{title}{gap}文号\n" + OPENING).title == title  # a last label with no value


def test_a_row_s_last_empty_field_takes_its_value_from_the_line_below():
    page = "索引号：11441900/2025-00012    标题：\n禾山县2024年法治政府建设年度报告\n" + OPENING
    assert parse_text(page).title == "禾山县2024年法治政府建设年度报告"


def test_the_sample_pages_keep_their_metadata():
    """The rules above leave the samples' own pages as they were read."""
    o = parse_text(body_of_qingxi())
    assert (o.title, o.government, o.year) == (None, "清溪镇", 2024)


def test_a_list_of_other_reports_above_the_article_gives_neither_title_nor_year():
    """A column's list set above the article (its blocks read with no blank between): the items are other reports;
    the last, right above the text, is the article's title only when its year is the text's."""
    listed = "热点信息\n新华县人民政府关于2024年度法治政府建设情况的报告\n禾山县2023年法治政府建设年度报告\n"
    o = parse_text(listed + "关于2024年度法治政府建设情况的报告\n" + OPENING)  # the article's own, lower-scored
    assert (o.title, o.year) == ("关于2024年度法治政府建设情况的报告", 2024)
    o = parse_text(listed + "发布时间：2025-01-15\n" + OPENING)  # no title of its own
    assert (o.title, o.year) == (None, 2024)
    opening = OPENING.replace("2024年,", "一年来,").replace("一、加强组织领导", "一、2024年加强组织领导")
    o = parse_text(listed + opening)  # the year from its first heading
    assert (o.title, o.year) == (None, 2024)
    # two titles in a row whose last is the text's year: the article's title below the list
    o = parse_text("热点信息\n禾山县人民政府关于2023年度法治政府建设情况的报告\n禾山县2024年法治政府建设年度报告\n" + OPENING)
    assert (o.title, o.year) == ("禾山县2024年法治政府建设年度报告", 2024)
    # gen31 #4: each of them dated, as a sidebar lists them: all items, the last of the text's year too
    o = parse_text("相关信息\n禾山县2023年度法治政府建设情况报告2024-03-21\n禾山县2024年政府信息公开工作年度报告2025-01-21\n"
                   + OPENING)
    assert (o.title, o.year) == (None, 2024)


@pytest.mark.parametrize("title,want", [
    ("禾山县2024年法治政府建设年度报告", None),
    ("《禾山县2024年法治政府建设年度报告》", "禾山县2024年法治政府建设年度报告"),
    ("禾山县2024年法治政府建设工作总结及2025年工作计划", None),  # a title that ends as a plan reads on no further
])
@pytest.mark.parametrize("column", ["工作报告", "法治政府建设年度报告"])
def test_a_column_s_name_below_the_title_is_neither_a_list_nor_a_piece_of_it(title, want, column):
    """A title and the column's name under it are no two reports in a row, nor one title broken in two."""
    o = parse_text(f"{title}\n{column}\n" + OPENING)
    assert (o.title, o.government) == (want or title, "禾山县")


@pytest.mark.parametrize("below", ["", "\n关于法治政府建设工作情况的报告"])
def test_a_portal_s_name_over_a_column_s_name_is_no_title(below):
    """"禾山县人民政府" / "工作报告" is a portal's header and its column, not the title "禾山县人民政府工作报告" (a
    government work report), and it outranks no title of the page's own."""
    o = parse_text(f"禾山县人民政府\n工作报告\n{below}\n" + OPENING)
    assert o.title == (below.strip() or None)


@pytest.mark.parametrize("head", ["法治政府建设年度报告\n当前位置:首页 > 政务公开 > 法治政府建设年度报告\n",
                                  "您现在的位置： 首页 >> 政务公开 >> 法治政府建设年度报告\n",
                                  "首页 » 信息公开 » 法治政府建设情况报告\n来源:禾山县司法局 发布时间:2025-03-21\n"])
def test_a_column_a_breadcrumb_ends_with_is_no_title(head):
    """gen31 #2: on a page showing no title of its own, the breadcrumb's last step naming neither a year nor a body
    (and the column's name over it) is the column, not the title; one naming them is the article's title."""
    assert parse_text(head + "\n" + OPENING).title is None
    titled = head.replace("> 法治政府建设年度报告", "> 禾山县2024年法治政府建设年度报告").replace(
        ">> 法治政府建设年度报告", ">> 禾山县2024年法治政府建设年度报告").replace("» 法治政府建设情况报告", "» 禾山县2024年法治政府建设情况报告")
    assert parse_text(titled + "\n" + OPENING).title.startswith("禾山县2024年法治政府建设")


def test_the_names_a_text_gives_itself_are_not_read_in_the_page_s_furniture():
    """A text that calls itself 我县 but names itself nowhere: the list of another county's reports above it names
    no body of its own (no answer, not the neighbour)."""
    page = ("热点信息\n新华县人民政府关于2023年度法治政府建设情况的报告\n新华县2022年法治政府建设年度报告\n"
            "2024年,我县坚持依法行政,法治政府建设取得新成效。现将有关情况报告如下:\n" + NEUTRAL_BODY)
    assert parse_text(page).government is None
    # the same names in the text are its own
    page = page.replace("基层执法力量", "禾山县委、县政府高度重视,禾山县基层执法力量")
    assert parse_text(page).government == "禾山县"


@pytest.mark.parametrize("title", ["中共禾山县委员会禾山县人民政府关于2024年度法治政府建设情况的报告",
                                   "中共禾山县委禾山县人民政府关于2024年度法治政府建设情况的报告",
                                   "中共禾山县委 禾山县人民政府关于2024年度法治政府建设情况的报告"])
def test_a_party_committee_run_on_into_the_government_s_name(title):
    o = parse_text(f"{title}\n{OPENING}")
    assert (o.title, o.government, o.government_source) == (title, "禾山县", "title")


@pytest.mark.parametrize("cut", range(3, 16))
def test_a_joint_title_broken_inside_a_body_s_name_is_one_title(cut):
    """A joint title wrapped inside either body's name ("中共明州市禾山" / "县委 …", "… 明州市" / "禾山县人民政府…"):
    the piece above is no header (gen21: the title lost its first line)."""
    title = "中共明州市禾山县委 明州市禾山县人民政府关于2024年度法治政府建设情况的报告"
    body = OPENING.replace("我们", "禾山县")  # a report names its body again (the header "搜索" / "清溪镇…" is none)
    o = parse_text(f"{title[:cut].rstrip()}\n{title[cut:].lstrip()}\n{body}")
    assert (o.title.replace(" ", ""), o.government, o.year) == (title.replace(" ", ""), "禾山县", 2024)


@pytest.mark.parametrize("header", ["明州市人民政府", "搜索", "首页 政务公开", "禾山县", "首页 信息公开 禾山县",
                                    "走进禾山县"])  # gen31 #7: a menu's item naming the body is no area it lies in
def test_a_header_naming_another_body_whole_is_still_no_piece_of_the_title(header):
    o = parse_text(f"{header}\n禾山县人民政府关于2024年度法治政府建设情况的报告\n{OPENING.replace('我们', '禾山县')}")
    assert o.title == "禾山县人民政府关于2024年度法治政府建设情况的报告" and o.government == "禾山县"


def test_a_page_title_s_site_name_adds_no_score():
    """"关于…的报告_X区人民政府门户网站" names the site, not the report: the article's own title below it, with the
    line naming its body, is the title."""
    page = ("关于2024年度法治政府建设情况的报告_松湖区人民政府门户网站\n松湖区人民政府 2019年12月3日星期二\n\n"
            "关于2024年度法治政府建设情况的报告\n禾山镇人民政府\n(2025年1月10日)\n" + OPENING)
    o = parse_text(page)
    assert (o.title, o.government, o.date) == ("关于2024年度法治政府建设情况的报告", "禾山镇", "2025-01-10")


@pytest.mark.parametrize("rest", ["工作情况的报告", "年工作计划"])
def test_a_labelled_title_wrapped_in_its_cell_reads_on(rest):
    first = "禾山县人民政府关于2024年度法治政府建设" if rest.endswith("报告") else "禾山县2024年法治政府建设工作总结及2025"
    o = parse_text(f"索引号：11441900/2025-00012\n标题：{first}\n{rest}\n发布机构：禾山县人民政府\n" + OPENING)
    assert (o.title, o.government, o.year) == (first + rest, "禾山县", 2024)
    o = parse_text("标题：禾山县2024年法治政府建设年度报告\n工作报告\n" + OPENING)  # a whole title reads on no further
    assert o.title == "禾山县2024年法治政府建设年度报告"


@pytest.mark.parametrize("lines", [
    ("2025-01-15  禾山县人民政府关于2024年度法治政府建设情况的报告",),
    ("[2025年01月15日] 禾山县人民政府关于2024年度法治政府建设情况的报告",),
    ("2025-01-15 禾山县人民政府", "关于2024年度法治政府建设情况的报告"),  # before a title broken after the name
])
def test_a_column_list_s_date_before_the_title_is_no_part_of_it(lines):
    o = parse_text("信息公开\n" + "\n".join(lines) + "\n来源：禾山县\n" + OPENING)
    assert (o.title, o.government, o.year) == ("禾山县人民政府关于2024年度法治政府建设情况的报告", "禾山县", 2024)


@pytest.mark.parametrize("number", [" 禾府〔2025〕3号", "（禾府报〔2025〕3号）", "(禾府报[2025]3号)"])
def test_a_document_number_after_the_title_is_no_part_of_it(number):
    o = parse_text(f"禾山县人民政府关于2024年度法治政府建设情况的报告{number}\n" + OPENING)
    assert o.title == "禾山县人民政府关于2024年度法治政府建设情况的报告"


@pytest.mark.parametrize("head", [
    ("禾山县人民政府", "禾府〔2025〕3号"),
    ("中共禾山县委员会", "禾山县人民政府", "禾府〔2025〕3号"),  # a joint 红头
    ("禾山县人民政府文件", "禾府〔2025〕3号"),
])
@pytest.mark.parametrize("title", ["禾山县2024年度法治政府建设工作报告", "禾山县人民政府关于2024年度法治政府建设情况的报告"])
def test_a_document_number_under_the_office_s_name_is_no_part_of_the_title_below_it(head, title):
    """pdf2 F1: a 红头 (the office's name, the number, then the title: GB/T 9704) gave "禾府〔2025〕3号禾山县…报告", the
    number taken for the middle piece of a title broken over three lines, and the joint one the office's name too."""
    o = parse_text("\n".join([*head, title]) + "\n" + OPENING)
    assert (o.title, o.government, o.year) == (title, "禾山县", 2024)


BODY_2022 = "\n".join(["2022年以来，我镇坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政，法治政府建设取得新成效。"
                       "现将有关情况报告如下：", "一、主要工作", "2023年，我镇把法治政府建设摆在突出位置，全年未发生重大行政违法案件。"])


def test_a_title_shown_twice_is_one_title_not_a_list_of_other_reports():
    """The page's title over the article's, the same words: read as a list of two other reports (the opening names
    2022 first), both were dropped: no title, no government, year 2022."""
    title = "某某镇2023年法治政府建设年度报告"
    o = parse_text(f"{title}\n{title}\n{BODY_2022}")
    assert (o.title, o.government, o.year) == (title, "某某镇", 2023)


def test_a_title_s_period_is_no_date_before_it():
    """'2023年1-12' was taken for a list's date before the title: the title became '月…' and the year was lost; a
    real date before a title still goes."""
    o = parse_text(f"2023年1-12月某某镇法治政府建设工作总结\n{BODY_2022}")
    assert (o.title, o.year) == ("2023年1-12月某某镇法治政府建设工作总结", 2023)
    o = parse_text(f"2024-01-15  某某镇2023年法治政府建设年度报告\n{BODY_2022}")
    assert (o.title, o.year) == ("某某镇2023年法治政府建设年度报告", 2023)


@pytest.mark.parametrize("source, speaks, want", [
    ("来源:上海市司法局  发布时间:2024-03-20", "我局", "上海市司法局"),
    ("文章来源 · 武汉市司法局", "局党组", "武汉市司法局"),
    ("来源:新县司法局 发布时间:2024-03-20", "我县", "新县"),  # a county's report its 司法局 put up: the county's
    ("来源:本网 发布时间:2024-03-20", "我局", None),  # no body named
])
def test_a_department_s_page_is_named_by_its_source_where_its_text_speaks_as_one(source, speaks, want):
    """gen31: a title naming no body ("2023年法治政府建设年度报告") over a text that calls itself 我局: the page's 来源
    field named the department, and was read as debris only (None, or the city the text names: 东莞市). It names the
    body only where the text speaks as a department; a county's report put up by its 司法局 is the county's."""
    body = (f"2023年,{speaks}坚持以习近平新时代中国特色社会主义思想为指导,全面推进新县法治政府建设。现将有关情况报告如下:\n"
            + NEUTRAL_BODY)
    if speaks == "我县":
        body = body.replace("全面推进新县", "全面推进我县")
    o = parse_text(f"2023年法治政府建设年度报告\n{source}\n\n{body}")
    assert (o.title, o.government if want else None) == ("2023年法治政府建设年度报告", want)


@pytest.mark.parametrize("adverb", ["全面", "扎实", "切实", "着力", "加快", "稳步"])
def test_an_adverb_and_its_verb_before_a_place_name_are_no_part_of_the_name(adverb):
    """"…,全面推进新县法治政府建设" in a first sentence: 法治政府 follows a subject, and "全面推进新县" was read as
    the body's name (a unit: five characters and 县)."""
    o = parse_text(f"2023年法治政府建设年度报告\n\n2023年,我局坚持依法行政,{adverb}推进新县法治政府建设。现将有关情况报告如下:\n"
                   + NEUTRAL_BODY)
    assert o.government is None or not o.government.startswith(adverb)


def test_a_source_naming_another_department_than_the_text_s_own_is_passed_over():
    """read33: a city's 司法局 reposting a county bureau's report ("来源：邵阳市司法局" over a text that calls itself
    我局 and names 新邵县交通运输局) was read as the 司法局's: the source names the body only where the text names no
    department of another kind."""
    body = ("2023年,我局坚持依法行政,《新邵县交通运输局2023年度行政执法工作方案》印发实施。现将有关情况报告如下:\n"
            + NEUTRAL_BODY)
    o = parse_text(f"2023年法治政府建设年度报告\n来源：邵阳市司法局\n\n{body}")
    assert o.government != "邵阳市司法局"
    o = parse_text(f"2023年法治政府建设年度报告\n来源：邵阳市司法局\n\n{body.replace('新邵县交通运输局', '邵阳市司法局')}")
    assert o.government == "邵阳市司法局"
    # its own report names others it worked with (read34: 联合市公安局 lost the government)
    own = body.replace("新邵县交通运输局2023年度行政执法工作方案》印发实施", "邵阳市司法局2023年度普法工作方案》印发实施,联合邵阳市公安局开展")
    assert parse_text(f"2023年法治政府建设年度报告\n来源：邵阳市司法局\n\n{own}").government == "邵阳市司法局"
