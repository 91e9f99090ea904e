"""Headings that only their form marks: a page's <h2>/<h3>, a Word paragraph's Heading style or outline level, with
no typed 一、 (gen21 N2: every heading was lost, the report one preamble, `areas` found none of the four parts).
The file gives them with its text (`Document.headings`); the outline reads a body line without a typed label that
is one of them as a heading of its rank (core.outline)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from fazhi.core.areas import map_areas
from fazhi.core.outline import match_marker, parse, split_heading
from fazhi.core.report import read
from fazhi.core.rubric import load_rubric
from tests.conftest import sample
from tests.test_docx import docx, para

NAMES = ["dongkeng_2017", "jinghai_2024", "qingcheng_2024", "qingxi_2024", "yingzai_2025"]
#: The rank a typed label's kind stands for, once the label is taken away.
RANK = {"part": 1, "cn": 2, "cn_paren": 3, "num": 4, "num_paren": 5, "circled": 6}
HEADING_STYLES = "".join(f'<w:style w:type="paragraph" w:styleId="Heading{r}"><w:name w:val="heading {r}"/>'
                         f'<w:pPr><w:outlineLvl w:val="{r - 1}"/></w:pPr></w:style>' for r in range(1, 7))


def unlabelled(name: str) -> list[tuple[int | None, str]]:
    """The sample's lines, each heading that stands alone on its line without its typed label and with its rank
    (a run-in heading, "（一）强化组织领导。…", keeps its label: without it, it is a paragraph)."""
    lines = []
    for line in sample(f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        m = match_marker(line)
        rest = line[m.end:].strip() if m else ""
        if m and m.kind in RANK and not m.start and split_heading(rest) == len(rest.rstrip("。")):
            lines.append((RANK[m.kind], rest))
        elif line.strip():
            lines.append((None, line.strip()))
    assert sum(rank is not None for rank, _ in lines) >= 3
    return lines


def shape(outline):
    return [(s.id, s.heading) for s in outline.walk()], (outline.title, outline.government, outline.year)


def as_page(lines: list[tuple[int | None, str]], path: Path) -> Path:
    body = "".join(f"<h{rank}>{html.escape(words)}</h{rank}>\n" if rank else f"<p>{html.escape(words)}</p>\n"
                   for rank, words in lines)
    path.write_text(f"<html><head><meta charset='utf-8'><title>门户网站</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return path


def as_word(lines: list[tuple[int | None, str]], path: Path, by: str) -> Path:
    """by "style": each heading in Heading N; by "level": a plain paragraph given its own w:outlineLvl."""
    def ppr(rank: int) -> str:
        return f'<w:pStyle w:val="Heading{rank}"/>' if by == "style" else f'<w:outlineLvl w:val="{rank - 1}"/>'

    body = "".join(para(words, ppr(rank) if rank else "") for rank, words in lines)
    return docx(path, body, styles=HEADING_STYLES)


@pytest.mark.parametrize("form", ["page", "word_style", "word_level"])
@pytest.mark.parametrize("name", NAMES)
def test_headings_marked_only_by_form_read_as_the_typed_ones(name, form, tmp_path):
    lines = unlabelled(name)
    path = as_page(lines, tmp_path / f"{name}.html") if form == "page" else \
        as_word(lines, tmp_path / f"{name}.docx", form.removeprefix("word_"))
    got, want = parse(read(path)), parse(read(sample(f"{name}.txt")))
    assert shape(got) == shape(want)
    assert {s.label for s in got.walk() if s.kind == "heading" and s.level == 1} == {""}  # none typed: read by form
    assert map_areas(got, load_rubric()).parts == map_areas(want, load_rubric()).parts  # (each part where it was)


def test_without_the_form_they_are_no_headings(tmp_path):
    """What the tests above rest on: the same lines as plain paragraphs give no outline."""
    lines = [(None, words) for _, words in unlabelled("jinghai_2024")]
    assert [s.kind for s in parse(read(as_page(lines, tmp_path / "p.html"))).walk()] == ["preamble"]


def test_a_typed_report_in_heading_tags_reads_as_its_text(tmp_path):
    """Typed labels rule: headings typed and set in <h2>/<h3>, the title in an <h1> and the site's name in an <h2>
    above it, read as the .txt does (neither the title nor the site's name becomes a section)."""
    text = sample("qingxi_2024.txt").read_text(encoding="utf-8").strip().split("\n")
    tagged = [f"<h1>{html.escape(text[0])}</h1>"]
    for line in text[1:]:
        m = match_marker(line)
        tag = f"h{RANK[m.kind]}" if m and not m.start and m.kind in RANK else "p"
        tagged.append(f"<{tag}>{html.escape(line)}</{tag}>")
    path = tmp_path / "typed.html"
    path.write_text("<html><body><h2>某某镇人民政府门户网站</h2>" + "\n".join(tagged) + "</body></html>", encoding="utf-8")
    got, want = parse(read(path)), parse(read(sample("qingxi_2024.txt")))
    assert [(s.id, s.label, s.heading) for s in got.walk()] == [(s.id, s.label, s.heading) for s in want.walk()]
    assert (got.title, got.government, got.year) == (want.title, want.government, want.year)


def test_a_higher_rank_closes_a_lower_one_whatever_came_first(tmp_path):
    """An <h3> before the first <h2> does not make the <h2>s its children; a typed (一) under an <h2> nests."""
    path = tmp_path / "ranks.html"
    path.write_text("<html><body><p>某某镇2024年法治政府建设工作报告</p><p>现将有关情况报告如下。</p>"
                    "<h3>工作概述</h3><p>全年推进依法行政。</p>"
                    "<h2>主要举措</h2><p>（一）加强组织领导</p><p>成立领导小组。</p><p>（二）推进依法决策</p><p>落实合法性审查。</p>"
                    "<h3>决策程序</h3><p>严格执行程序。</p>"
                    "<h2>存在的不足</h2><p>执法队伍力量不足。</p></body></html>", encoding="utf-8")
    got = parse(read(path))
    assert [(s.id, s.label, s.heading) for s in got.walk() if s.kind != "preamble"] == [
        ("1", "", "工作概述"), ("2", "", "主要举措"), ("2.1", "（一）", "加强组织领导"), ("2.2", "（二）", "推进依法决策"),
        ("2.2.1", "", "决策程序"), ("3", "", "存在的不足")]


def test_a_page_setting_its_text_in_heading_tags_marks_no_headings_by_them(tmp_path):
    """Short lines all in <h3> (a template's doing): a heading over every line is no outline; nor is a long line in
    a heading's tag a heading."""
    lines = [(None, words) for _, words in unlabelled("jinghai_2024")]
    path = tmp_path / "all.html"
    path.write_text("<html><body>" + "".join(f"<h3>{html.escape(w)}</h3>" for _, w in lines) + "</body></html>",
                    encoding="utf-8")
    assert [s.kind for s in parse(read(path)).walk()] == ["preamble"]


def test_a_paragraph_that_says_it_is_body_text_is_none_in_a_heading_style(tmp_path):
    lines = unlabelled("jinghai_2024")
    first = next(k for k, (rank, _) in enumerate(lines) if rank)
    body = "".join(para(words, f'<w:pStyle w:val="Heading{rank}"/>' + ('<w:outlineLvl w:val="9"/>' if k == first else ""))
                   if rank else para(words) for k, (rank, words) in enumerate(lines))
    got = parse(read(docx(tmp_path / "b.docx", body, styles=HEADING_STYLES)))
    assert lines[first][1] not in [s.heading for s in got.walk()]
    assert lines[first + 1][1] in [s.heading for s in got.walk()]


# ------------------------------------------------------------------- what a page or a document sets as a heading but is
# none (sty24: a second reading of this feature on portal and Word shapes)

@pytest.mark.parametrize("words", [
    "一是强化思想引领。",  # F1: an item's lead sentence (its text in a <p> under it)
    "一年来,主要做了以下工作:",  # F2: a lead-in
    "特此报告。",  # F3: the closing words
    "(本部分由镇司法所汇总)", "2024年度",  # a note, a year
    # reread25 R17: each of these had no test that failed without its rule
    "2025年3月10日", "发布日期 2025-03-10", "责任编辑 王芳", "静海区人民政府", "附件2024年度法治政府建设工作台账",  # a date, page fields, a signature, an attachment
    "全面贯彻落实习近平法治思想和党的二十大精神持续深化法治政府建设推动全区各项工作在法治轨道上运行取得新成效新进展新突破为建设更高水平法治静海提供坚实保障",  # too long
])
def test_a_line_set_as_a_heading_that_reads_as_none_is_none(words, tmp_path):
    """Among headings by form, a line in the topics' rank that is a sentence, an item, a note or a year."""
    lines = unlabelled("jinghai_2024")
    if words.startswith("一是"):
        at = next(k for k, (_, w) in enumerate(lines) if w.startswith(words))
        lines[at:at + 1] = [(3, words), (None, lines[at][1][len(words):])]
    else:
        lines.insert(next(k for k, (r, _) in enumerate(lines) if r == 3) + 1, (3, words))
    got = parse(read(as_page(lines, tmp_path / "p.html")))
    assert shape(got)[0] == shape(parse(read(sample("jinghai_2024.txt"))))[0]


@pytest.mark.parametrize("rank, words, place", [
    (3, "正文", "after_title"), (4, "主要工作", "before_body"),  # F2: a lone label over a typed report
    ((3, 4), ("正文", "主要工作"), "before_body"),  # two lone ones, the first kept by the second (reread25 R5)
    (4, "静政报〔2025〕3号", "after_title"), (4, "(此件公开发布)", "after_title"),  # page matter under the title
])
def test_a_lone_line_set_as_a_heading_leaves_a_typed_report_as_its_text(rank, words, place, tmp_path):
    text = sample("jinghai_2024.txt").read_text(encoding="utf-8")
    lines = [(None, ln.strip()) for ln in text.split("\n") if ln.strip()]
    at = {"after_title": 1, "before_body": 2}[place]
    lines[at:at] = list(zip(rank, words)) if isinstance(rank, tuple) else [(rank, words)]
    got = parse(read(as_page(lines, tmp_path / "p.html")))
    want = parse(read(sample("jinghai_2024.txt")))
    assert [(s.id, s.label, s.heading) for s in got.walk()] == [(s.id, s.label, s.heading) for s in want.walk()]
    assert (got.title, got.government, got.year) == (want.title, want.government, want.year)


def test_a_heading_broken_by_a_br_is_one_heading(tmp_path):
    """F4: "<h3>聚焦体系建设,<br>筑牢法治政府建设根基</h3>": its words matched no line, and the heading was lost."""
    lines = unlabelled("jinghai_2024")
    body = "".join(f"<h{r}>{html.escape(w[:len(w) // 2])}<br>{html.escape(w[len(w) // 2:])}</h{r}>" if r
                   else f"<p>{html.escape(w)}</p>" for r, w in lines)
    path = tmp_path / "br.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert shape(parse(read(path))) == shape(parse(read(sample("jinghai_2024.txt"))))


@pytest.mark.parametrize("form", ["page", "word_style"])
def test_headings_right_under_the_title_end_its_block(form, tmp_path):
    """F5: no lead paragraph: the title, then the first part's heading and its first topic's. They were read into the
    title block (the title "2024年工作开展情况", no government)."""
    lines = unlabelled("jinghai_2024")
    lead = next(k for k, (r, _) in enumerate(lines) if r)
    lines = lines[:1] + lines[lead:]
    title = (1 if form == "page" else None, lines[0][1])
    path = as_page([title, *lines[1:]], tmp_path / "t.html") if form == "page" else \
        as_word(lines, tmp_path / "t.docx", "style")
    got, want = parse(read(path)), parse(read(sample("jinghai_2024.txt")))
    assert (got.title, got.government, got.year) == (want.title, want.government, want.year)
    assert [s.heading for s in got.walk() if s.kind == "heading"] == [s.heading for s in want.walk()
                                                                     if s.kind == "heading"]


def test_a_last_heading_over_a_table_is_no_part_of_the_signature_and_page_controls_after_it_are_none(tmp_path):
    """F6: a last heading by form over a table's short cells fell into the tail with the signature; 打印本页 after
    the signature in an <h5> stays out of the report."""
    lines = unlabelled("jinghai_2024")
    end = [(2, "2024年法治政府建设主要数据"), (None, "项目"), (None, "数量"), (None, "行政复议案件"), (None, "12件"),
           (None, "静海镇人民政府"), (None, "2025年1月20日"), (5, "打印本页 关闭窗口")]
    got = parse(read(as_page(lines + end, tmp_path / "end.html")))
    headings = [s.heading for s in got.walk() if s.kind == "heading"]
    assert headings[-1] == "2024年法治政府建设主要数据" and "打印本页 关闭窗口" not in headings
    assert got.date == "2025-01-20"


def test_word_styles_as_word_and_other_writers_leave_them(tmp_path):
    """F7: a style based on Heading 2 that says body text is body text; F8: a style named "标题 1", and a Heading
    style the file does not define, are headings."""
    lines = unlabelled("jinghai_2024")
    based = ('<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="note"/><w:basedOn w:val="Heading2"/>'
             '<w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>')
    first = next(k for k, (r, _) in enumerate(lines) if r)
    body = "".join(para(w, f'<w:pStyle w:val="Heading{r}"/>') if r else para(w) for r, w in lines)
    note = para("本部分由镇司法所汇总整理", '<w:pStyle w:val="Note"/>')  # (no bracket: it would be none anyway)
    with_note = "".join(para(w, f'<w:pStyle w:val="Heading{r}"/>') if r else para(w) for r, w in lines[:first + 1]) \
        + note + "".join(para(w, f'<w:pStyle w:val="Heading{r}"/>') if r else para(w) for r, w in lines[first + 1:])
    want = shape(parse(read(sample("jinghai_2024.txt"))))
    assert shape(parse(read(docx(tmp_path / "a.docx", with_note, styles=HEADING_STYLES + based))))[0] == want[0]
    chinese = HEADING_STYLES.replace('w:val="heading ', 'w:val="标题 ')
    chinese = chinese.replace("<w:pPr>", "<!--").replace("</w:pPr>", "-->")  # no outline level: the name says it
    assert shape(parse(read(docx(tmp_path / "b.docx", body, styles=chinese)))) == want
    assert shape(parse(read(docx(tmp_path / "c.docx", body)))) == want  # no styles.xml at all


@pytest.mark.parametrize("words", ["静政报〔2025〕3号", "发文单位"])
def test_a_lone_line_of_the_topics_rank_under_the_title_does_not_end_the_title_block(words, tmp_path):
    """Headings by form end the title block only as a part's heading (the body's first rank) or a run of two; one
    line of the topics' rank right under the title is page matter (sty24 g1d)."""
    lines = unlabelled("jinghai_2024")
    lines.insert(1, (3, words))
    got, want = parse(read(as_page(lines, tmp_path / "p.html"))), parse(read(sample("jinghai_2024.txt")))
    assert shape(got) == shape(want)


def test_a_heading_closed_by_another_tag_or_left_open_closes_at_the_next_block(tmp_path):
    """reread25 R2: after "<h3>…</h4>" or an <h3> never closed, every later <br> was read as a heading's wrap."""
    from fazhi.core.html_page import html_to_text

    body = "现将有关情况报告如下:<br>一、主要工作<br>全年推进依法行政<br>二、存在的不足<br>执法力量薄弱"
    for heading in ("<h3>某某镇2024年法治政府建设工作报告</h4>", "<h3>某某镇2024年法治政府建设工作报告"):
        lines = html_to_text(f"<html><body>{heading}<div>{body}</div></body></html>", "p").split("\n")
        assert lines == ["某某镇2024年法治政府建设工作报告", *body.split("<br>")]


@pytest.mark.parametrize("value", ["abc", "", "-1", "10"])
def test_an_outline_level_word_does_not_know_leaves_the_style_s(value, tmp_path):
    """reread25 R7: a Heading 2 paragraph whose own w:outlineLvl is no level was read as body text."""
    lines = unlabelled("jinghai_2024")
    body = "".join(para(w, f'<w:pStyle w:val="Heading{r}"/><w:outlineLvl w:val="{value}"/>') if r else para(w)
                   for r, w in lines)
    assert shape(parse(read(docx(tmp_path / "l.docx", body, styles=HEADING_STYLES))))[0] == \
        shape(parse(read(sample("jinghai_2024.txt"))))[0]


def test_the_same_long_text_with_and_without_headings_by_form_is_outlined_each_its_own_way(tmp_path, monkeypatch):
    """reread25 R17: a long text's outline is kept in the cache by its text; a page marking headings by tag and the
    same text with no tags are outlined apart (the key holds the headings), not one read back for the other."""
    from fazhi.core import outline

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(outline, "CACHED_FROM", 1000)
    lines = unlabelled("jinghai_2024")
    tagged = read(as_page(lines, tmp_path / "tagged.html"))
    plain = read(as_page([(None, words) for _, words in lines], tmp_path / "plain.html"))
    assert tagged.text == plain.text and tagged.headings and not plain.headings
    for _ in range(2):  # the second time from the cache
        assert shape(parse(tagged)) == shape(parse(read(sample("jinghai_2024.txt"))))
        assert [s.kind for s in parse(plain).walk()] == ["preamble"]
    assert len(list((tmp_path / "cache").rglob("*"))) >= 2


_CASE = "全年共办理行政复议案件12件,依法纠正违法或不当行政行为3件,行政机关负责人出庭应诉率达到100%。"


@pytest.mark.parametrize("form", ["page", "word"])
@pytest.mark.parametrize("headings, want", [
    # reread25 R6: untyped headings set as the typed "(一)" "(二)" are, after them or between them, are their siblings
    (["(一)强化组织领导", "(二)深化依法行政", "特色亮点", "经验启示"], ["1.1", "1.2", "1.3", "1.4"]),
    (["(一)强化组织领导", "特色亮点", "(二)深化依法行政", "经验启示"], ["1.1", "1.2", "1.3", "1.4"]),
    # one over a "(一)" that starts its count is its parent, as a page setting every heading in one tag writes it
    (["特色亮点", "(一)强化组织领导", "(二)深化依法行政", "经验启示"], ["1.1", "1.1.1", "1.1.2", "1.2"]),
])
def test_untyped_headings_set_as_typed_ones_stand_beside_them(headings, want, form, tmp_path):
    lines = [(None, "静海镇2024年度法治政府建设工作报告"), (None, "现将本镇2024年度法治政府建设工作情况报告如下:"),
             (1, "一、2024年工作开展情况")]
    for words in headings:
        lines += [(2, words), (None, _CASE)]
    lines += [(1, "二、存在的不足"), (None, _CASE), (1, "三、下一步工作打算"), (None, _CASE)]
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    got = parse(read(path))
    assert [s.id for s in got.walk()] == ["1", *want, "2", "3"]
    assert [s.heading for s in got.walk()][1:5] == [w.split(")")[-1] for w in headings]


_PARTS = [("主要工作", "全年推进依法行政,成立领导小组,召开会议5次。"), ("存在的不足", "执法队伍力量不足,宣传形式单一。"),
          ("下一步打算", "继续深化法治政府建设。")]


@pytest.mark.parametrize("form", ["page", "word"])
@pytest.mark.parametrize("before", [
    [(None, "本报告分为三部分:")] + [(None, words) for words, _ in _PARTS],  # the parts listed, a line each, first
    [(None, "本报告分为三部分:"), (None, "存在的不足")],  # one part's words alone on a line of the lead
])
def test_a_plain_line_with_a_heading_s_words_before_it_is_no_heading(before, form, tmp_path):
    """reread25 R4: each heading by form took the first line holding its words, so a lead listing the parts line by
    line took their places (sections 1 and 2 empty, the whole report under the last). A heading now takes the line
    that follows what it follows in its file."""
    lines = [(None, "某某镇2024年法治政府建设工作报告"), (None, "现将有关情况报告如下。"), *before]
    for words, text in _PARTS:
        lines += [(2, words), (None, text)]
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    got = [(s.id, s.heading, s.text) for s in parse(read(path)).walk() if s.kind == "heading"]
    assert got == [(str(k), words, text) for k, (words, text) in enumerate(_PARTS, 1)]


def test_a_plain_line_with_a_heading_s_words_after_it_leaves_the_heading_where_it_is(tmp_path):
    """The other way round: a part's name said again as a line of its text stays text."""
    lines = [(None, "某某镇2024年法治政府建设工作报告"), (None, "现将有关情况报告如下。")]
    for words, text in _PARTS:
        lines += [(2, words), (None, text)]
    lines[4:4] = [(None, "主要工作")]  # after 主要工作's heading and its text
    got = [(s.id, s.heading, s.text) for s in parse(read(as_page(lines, tmp_path / "p.html"))).walk()
           if s.kind == "heading"]
    assert got[0] == ("1", "主要工作", _PARTS[0][1] + "\n主要工作") and [h for _, h, _ in got] == [w for w, _ in _PARTS]


def _report(rows: list[tuple[int, str]]) -> list[tuple[int | None, str]]:
    """A report of these headings (rank, words), each over one paragraph."""
    lines = [(None, "静海镇2024年度法治政府建设工作报告"), (None, "现将本镇2024年度法治政府建设工作情况报告如下:")]
    for rank, words in rows:
        lines += [(rank, words), (None, _CASE)]
    return lines


@pytest.mark.parametrize("form", ["page", "word"])
@pytest.mark.parametrize("rows, want", [
    # reread26 R2: a count going on through untyped headings over its groups, all in one tag: their children
    ([(2, "一、主要工作"), (3, "加强党的领导"), (3, "1.深入学习习近平法治思想"), (3, "2.完善领导制度"), (3, "推进依法行政"),
      (3, "3.健全决策机制"), (3, "强化监督"), (3, "4.严格规范执法"), (2, "二、存在的不足"), (2, "三、下一步工作打算")],
     ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "1.3", "1.3.1", "2", "3"]),
    # reread26 R4: one untyped heading among the typed ones of its rank is theirs too (it was dropped, its text (一)'s)
    ([(1, "一、主要工作"), (2, "(一)强化组织领导"), (2, "特色亮点"), (2, "(二)深化依法行政"), (1, "二、存在的不足")],
     ["1", "1.1", "1.2", "1.3", "2"]),
    # reread26 R1: 一、 and (一) in one tag: that rank is neither's, and no part loses its number (untyped ones nest)
    ([(2, "一、主要工作"), (2, "(一)强化组织领导"), (2, "特色亮点"), (2, "(二)深化依法行政"), (2, "经验启示"),
      (2, "二、存在的不足"), (2, "三、下一步工作打算")],
     ["1", "1.1", "1.1.1", "1.2", "1.2.1", "2", "3"]),
])
def test_typed_and_untyped_headings_in_one_tag(rows, want, form, tmp_path):
    lines = _report(rows)
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    got = parse(read(path))
    assert [s.id for s in got.walk() if s.kind == "heading"] == want


@pytest.mark.parametrize("between", ["radical", "foot", "spacers"])
def test_what_reading_mends_before_a_heading_does_not_hide_what_it_follows(between, tmp_path):
    """reread27 R1, R3: the words a heading follows were taken before reading mended the text (a radical ⼯ read as 工,
    a page foot "— 2 —" dropped) or from too few of a page's pieces (spacers), and the lead's line took the heading."""
    lead = [(None, "本报告分为三部分:")] + [(None, words) for words, _ in _PARTS]
    lead += [(None, "具体⼯作情况如下:")] if between == "radical" else [(None, "具体工作情况如下。"), (None, "— 2 —")] \
        if between == "foot" else [(None, "具体工作情况如下。")]
    lines = [(None, "某某镇2024年法治政府建设工作报告"), (None, "现将有关情况报告如下。"), *lead]
    for words, text in _PARTS:
        lines += [(2, words), (None, text)]
    path = as_page(lines, tmp_path / "p.html")
    if between == "spacers":
        page = path.read_text(encoding="utf-8")
        path.write_text(page.replace("<h2>", "<p><br></p>" * 30 + "<h2>"), encoding="utf-8")
    got = [(s.id, s.heading, s.text) for s in parse(read(path)).walk() if s.kind == "heading"]
    assert got == [(str(k), words, text) for k, (words, text) in enumerate(_PARTS, 1)]


@pytest.mark.parametrize("form", ["page", "word"])
def test_a_table_of_contents_listing_parts_and_their_sub_parts_leaves_each_heading_its_line(form, tmp_path):
    """reread27 R2: a sub-part's line in a table of contents follows its part's words, as the sub-part's heading does
    (a part of 12 characters or more): the contents' line took the heading, under every part. A heading now takes,
    of the lines following what it follows, the first after the heading before it."""
    parts = [("全面履行政府职能推进法治政府建设", ["工作措施", "工作成效"]),
             ("健全依法决策机制提升决策科学水平", ["工作措施", "工作成效"])]
    lines = [(None, "某某县2024年法治政府建设年度报告"), (None, "目录")]
    for part, subs in parts:
        lines += [(None, part)] + [(None, sub) for sub in subs]
    lines += [(None, "现将有关情况报告如下。")]
    for k, (part, subs) in enumerate(parts, 1):
        lines += [(2, part)] + [row for sub in subs for row in ((3, sub), (None, f"第{k}部分{sub}的内容。"))]
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    got = [(s.id, s.heading, s.text) for s in parse(read(path)).walk() if s.kind == "heading"]
    assert got == [(f"{k}", part, "") if not sub else (f"{k}.{j}", sub, f"第{k}部分{sub}的内容。")
                   for k, (part, subs) in enumerate(parts, 1) for j, sub in enumerate(["", *subs])]


@pytest.mark.parametrize("form", ["page", "word"])
def test_short_headings_listed_under_a_short_title_leave_each_heading_its_line(form, tmp_path):
    """reread27: fewer than 12 letters before a heading (a short title and a short contents) told nothing, and the
    contents' line took the first heading. Fewer are the same words only at the text's start: they tell too."""
    parts = [("概述", "全年推进依法行政工作。"), ("成效", "成效明显。"), ("问题", "力量不足。")]
    lines = [(None, "工作报告")] + [(None, words) for words, _ in parts]
    lines += [row for words, text in parts for row in ((2, words), (None, text))]
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    got = [(s.id, s.heading, s.text) for s in parse(read(path)).walk() if s.kind == "heading"]
    assert got == [(str(k), words, text) for k, (words, text) in enumerate(parts, 1)]


def typed(name: str) -> list[tuple[int | None, str]]:
    """The sample's lines, each heading that stands alone on its line with its typed label and its rank."""
    lines = []
    for line in sample(f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        m = match_marker(line)
        rest = line[m.end:].strip() if m else ""
        if m and m.kind in RANK and not m.start and split_heading(rest) == len(rest.rstrip("。")):
            lines.append((RANK[m.kind], line.strip()))
        elif line.strip():
            lines.append((None, line.strip()))
    return lines


def broken_in_two(line: str, where: str) -> list[str]:
    """A heading line as Word leaves it after an Enter pressed inside it (12 to 48 characters after its label): two
    paragraphs, broken after its comma ("comma"), two characters into the clause after it ("clause"), or inside the
    word 法治 six characters or more after its label ("word"); a heading without one, or shorter or longer, whole."""
    label = match_marker(line).end
    rest, commas = line[label:], [m.end() for m in re.compile("[,，]").finditer(line, label)]
    at = -1
    if where == "comma" and commas and commas[0] < len(line) - 2:
        at = commas[0]
    elif where == "clause" and commas and commas[0] - label > 5 and len(line) - commas[-1] > 3:
        at = commas[-1] + 2
    elif where == "word" and "法治" in rest[5:]:  # (a first piece of six characters or more: `BROKEN_MIN`)
        at = line.index("法治", label + 5) + 1
    return [line[:at], line[at:]] if 12 <= len(rest) <= 48 and at > 0 else [line]


@pytest.mark.parametrize("where", ["comma", "clause", "word"])
@pytest.mark.parametrize("form", ["page", "word_style"])
@pytest.mark.parametrize("name", [n for n in NAMES if n != "qingxi_2024"])  # (its headings run on into their text)
def test_a_heading_broken_over_two_paragraphs_of_its_style_reads_whole(name, form, where, tmp_path):
    """Word keeps a paragraph's style on both sides of an Enter pressed inside it: "（一）…，把牢" / "法治政府建设正确方向",
    both Heading 3. The second was read as a heading of its own beside the first, the first left empty and the
    first's items moved under the second. The samples with each heading so broken read as their text."""
    lines = [(rank, piece) for rank, line in typed(name)
             for piece in (broken_in_two(line, where) if rank else [line])]
    assert len(lines) > len(typed(name))  # (some heading broken)
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    assert shape(parse(read(path))) == shape(parse(read(sample(f"{name}.txt"))))


@pytest.mark.parametrize("form", ["page", "word_style"])
def test_lines_of_one_heading_style_in_a_row_or_a_heading_ended_are_headings_each(form, tmp_path):
    """Three lines in a row set in one rank are a list (a table of contents), not a heading broken; nor is a heading
    ending with 。, or one of few words, the start of the line after it; nor two in one style whose words do not read
    on (no comma, no word across the break, no second clause cut: read53 #2, an empty section's heading and the next,
    a part's heading and its first topic's)."""
    body = "全年制定规范性文件12件,均按程序进行合法性审核。"
    lines = [(None, "某县人民政府关于2024年度法治政府建设情况的报告"), (None, "现将有关情况报告如下。"),
             (2, "一、深入学习贯彻习近平法治思想"), (2, "依法全面履行政府职能工作"), (2, "持续优化法治化营商环境"), (None, body),
             (2, "二、加强行政规范性文件管理。"), (2, "健全行政决策制度体系"), (None, body),
             (2, "三、主要举措"), (2, "健全行政决策制度体系"), (None, body),
             (2, "四、深化行政执法体制改革"), (2, "严格规范公正文明执法"), (None, body),
             (2, "五、2024年度推进法治政府建设的主要举措"), (2, "强化组织领导"), (None, body)]
    path = as_page(lines, tmp_path / "p.html") if form == "page" else as_word(lines, tmp_path / "w.docx", "style")
    assert [s.heading for s in parse(read(path)).walk() if s.kind == "heading"] == [
        words.split("、")[-1].rstrip("。") for rank, words in lines if rank]
