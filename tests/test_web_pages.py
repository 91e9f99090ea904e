"""Web pages as sites really serve them (a study of misread files, /work/notes/rd2.md): the encoding the page
declares, pages heavy with script, typographic-space indents, source lines wrapped inside a paragraph or a report
pasted as plain lines, the article's own <header>, and pages whose report is only a viewer or an attachment."""
from __future__ import annotations

import html

import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.hanzi import to_simplified
from fazhi.core.html_page import html_to_text
from fazhi.core.metadata import title_proper
from fazhi.core.outline import parse, parse_text
from fazhi.core.report import read
from fazhi.tui.cli import main
from tests.conftest import sample

TEXT = sample("jinghai_2024.txt").read_text(encoding="utf-8")
LINES = [ln for ln in TEXT.split("\n") if ln.strip()]
WANT = parse_text(TEXT)


def shape(outline):
    return [(s.id, s.level, s.label, s.heading) for s in outline.walk()], (outline.title, outline.government, outline.year)


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>门户网站</title></head><body>{body}</body></html>"


def paragraphs(lines=LINES, indent: str = "") -> str:
    return "".join(f"<p>{indent}{html.escape(ln)}</p>\n" for ln in lines)


def test_a_gbk_page_heavy_with_script_is_read_by_the_charset_it_declares(tmp_path):
    """As GB18030 the page decodes, but its markup and script outweigh its Chinese: the declaration decides."""
    script = "<script>" + "var x = 1; function f(a) { return a * 2; }\n" * 400 + "</script>"  # 17 KB, as portals have
    for head in ('<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'):
        path = tmp_path / "gbk.html"
        path.write_bytes(page(script + paragraphs(), head).encode("gbk"))
        assert shape(parse(read(path))) == shape(WANT)
    # an undeclared page is judged by its text alone, not by its markup
    path.write_bytes(page(script + paragraphs(), "").encode("gbk"))
    assert shape(parse(read(path))) == shape(WANT)


@pytest.mark.parametrize("declared", ["gb2312", "iso-8859-1", "windows-1252", "utf-16"])
def test_a_wrong_declaration_gives_way_to_the_bytes(tmp_path, declared):
    """A template's leftover declaration: a CJK one the bytes do not decode in, or one never believed (a single-byte
    encoding decodes any bytes into nonsense; WHATWG ignores a declared UTF-16)."""
    path = tmp_path / "wrong.html"
    path.write_bytes(page(paragraphs(), f'<meta charset="{declared}">').encode("utf-8"))
    assert shape(parse(read(path))) == shape(WANT)


@pytest.mark.parametrize("menu", ["navbar", "main-nav", "topnav", "navigation", "menubar"])
def test_a_site_s_menu_is_not_read(menu):
    """gen31 #7: a menu's class unread ("navbar") left its items above the title, the last one glued to it."""
    text = html_to_text(page(f'<div class="{menu}"><ul><li>首页</li><li>走进禾山</li></ul></div>' + paragraphs()), "p.html")
    assert text.splitlines() == LINES


@pytest.mark.parametrize("indent", ["&emsp;&emsp;", "&ensp;&ensp;", "\u2003\u2003"])
def test_em_and_en_space_indents_are_blanks(tmp_path, indent):
    path = tmp_path / "emsp.html"
    path.write_text(page(paragraphs(indent=indent)), encoding="utf-8")
    assert shape(parse(read(path))) == shape(WANT)


def test_source_lines_wrapped_inside_a_paragraph_are_joined(tmp_path):
    """An editor wraps a page's source anywhere (Word's web pages, pretty-printed spans): the paragraph is one line,
    joined without a blank between Chinese characters."""
    wrapped = "".join("<p>\n  " + "\n  ".join(f"<span>{html.escape(ln[k:k + 9])}</span>" for k in range(0, len(ln), 9))
                      + "\n</p>\n" for ln in LINES)
    path = tmp_path / "wrapped.html"
    path.write_text(page(wrapped), encoding="utf-8")
    got = parse(read(path))
    assert shape(got) == shape(WANT)
    assert got.text.split("\n")[0] == LINES[0]


def test_a_report_pasted_as_plain_lines_into_one_block_keeps_its_lines(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(page(f"<div class='content'>\n{html.escape(TEXT)}\n</div>"), encoding="utf-8")
    assert shape(parse(read(path))) == shape(WANT)


@pytest.mark.parametrize("title", ["<article><header><h1>{t}</h1></header>{body}</article>",
                                   "<div class='article-header'><h1>{t}</h1></div><div class='content'>{body}</div>",
                                   "<div class='article_header'><h1>{t}</h1></div><div class='content'>{body}</div>",
                                   "<header class='site'>门户网站 首页 政务公开</header><main><header>{t}</header>{body}</main>"])
def test_the_articles_own_header_holds_its_title(tmp_path, title):
    path = tmp_path / "header.html"
    path.write_text(page(title.format(t=html.escape(LINES[0]), body=paragraphs(LINES[1:]))), encoding="utf-8")
    got = parse(read(path))
    assert shape(got) == shape(WANT)
    assert "门户网站 首页" not in got.text  # the site's header is still furniture


@pytest.mark.parametrize("body,shown", [
    ("<h1>{t}</h1><iframe src='/viewer.html?file=/r.pdf'></iframe>", "/viewer.html?file=/r.pdf"),
    ("<h1>{t}</h1><p>附件:<a href='/files/r.pdf'>{t}.pdf</a></p>", "/files/r.pdf"),
])
def test_a_page_that_only_shows_the_report_elsewhere_says_what_to_open(tmp_path, capsys, body, shown):
    path = tmp_path / "viewer.html"
    path.write_text(page(body.format(t=html.escape(LINES[0]))), encoding="utf-8")
    with pytest.raises(FazhiError, match="no report text in the page"):
        read(path)
    assert main(["outline", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and shown in err and str(path) in err


def test_a_frameset_names_its_frames_and_a_page_of_line_breaks_is_not_called_malformed(tmp_path):
    """fuzz2: a <frameset> page and a page of <br> only were both "malformed HTML: no report text found": the
    frameset names the files its frames show (its first is often the menu), the other says only that it has no text."""
    frames = tmp_path / "frames.html"
    frames.write_text("<html><frameset cols='20%,80%'><frame src='nav.html'><frame src='report_2024.html'>"
                      "</frameset></html>", encoding="utf-8")
    with pytest.raises(FazhiError) as err:
        read(frames)
    assert "it shows the report from 'nav.html', 'report_2024.html'" in err.value.message
    breaks = tmp_path / "breaks.html"
    breaks.write_text("<html><body><br><br><br></body></html>", encoding="utf-8")
    with pytest.raises(FazhiError) as err:
        read(breaks)
    assert err.value.message == "no report text found in the page"


def test_empty_inline_elements_are_read_as_nothing_and_a_blank_in_one_as_a_blank(tmp_path):
    """fuzz2: 13 MB of empty <span>s (Word's exports hold them by the hundred thousand) took 9 s to read; taken out
    before parsing, the text is the same: nothing where nothing was, a blank where a blank was."""

    word = ("<p>清溪镇<span lang=EN-US></span>2024年<o:p></o:p>法治<b><span style='x'></span></b>政府"
            "<SPAN></SPAN>建设</p><p>Rule<span> </span>of law<a href='#top'></a></p>")
    assert html_to_text(word, "w.html") == "清溪镇2024年法治政府建设\nRule of law"
    with pytest.raises(FazhiError, match="'/f/r.pdf'"):  # an empty link still names its attachment
        html_to_text("<p>报告见附件</p><a href='/f/r.pdf'></a>", "a.html")
    many = "<p>" + "<span></span>" * 50_000 + "年度报告</p>"
    assert html_to_text(many, "m.html") == "年度报告"


def test_a_viewer_in_the_pages_furniture_is_not_named_as_the_report(tmp_path):
    path = tmp_path / "short.html"
    path.write_text(page("<footer><iframe src='/weather-widget.html'></iframe></footer><p>页面正在维护。</p>"),
                    encoding="utf-8")
    assert read(path).text == "页面正在维护。"  # read as the little it is, not refused for a footer's widget


def test_a_report_with_an_attachment_link_is_still_read(tmp_path):
    path = tmp_path / "with_attachment.html"
    path.write_text(page(paragraphs() + "<p>附件:<a href='/files/r.pdf'>下载原文.pdf</a></p>"), encoding="utf-8")
    assert shape(parse(read(path))) == shape(WANT)


def test_source_newlines_in_one_block_are_resolved_line_by_line():
    """A colon ends a line and a wrap inside a clause joins, in the same block; in a report pasted as plain lines a
    heading follows a title broken over two lines (the Word rule for line breaks, core.line_breaks)."""

    assert html_to_text(page("<p>工作情况如下：\n全面推进法治政府建设，加\n强执法监督</p>"), "p.html").split("\n")[-2:] == [
        "工作情况如下：", "全面推进法治政府建设，加强执法监督"]
    plain = "某镇2024年法治政府建设\n情况的报告\n一、依法行政\n全年办件。\n二、其他工作\n全年情况良好。"
    o = parse_text(html_to_text(page(f"<div>{plain}</div>"), "p.html"))
    assert [(s.label, s.heading) for s in o.walk() if s.label] == [("一、", "依法行政"), ("二、", "其他工作")]


def test_a_heading_an_editor_wrapped_inside_a_word_reads_on():
    """gen31 #12: "…习近平法治思" / "想。<br>" in a block of <br> lines: the heading was cut at 思, 想。 a paragraph.
    Broken between words before a sentence (Shift+Enter after a heading), the heading still ends."""
    block = "<div>一、学习宣传贯彻习近平法治思\n想。<br>\n坚持依法行政。<br>\n二、加强组织领导\n全年召开会议五次。</div>"
    o = parse_text(html_to_text(page(block), "p.html"))
    assert [(s.heading, s.text) for s in o.sections if s.label] == [
        ("学习宣传贯彻习近平法治思想", "坚持依法行政。"), ("加强组织领导", "全年召开会议五次。")]


def test_the_page_s_script_links_are_not_its_text(tmp_path):
    """walk5: 打印本页 关闭窗口, links that run a script, stayed in the text, so a report's page and its .docx were two
    texts (the workbench warned "选错了文件?" where the same text is refused). Other links' words stay, a script's too
    when it does not work the page (a heading that opens its section)."""

    body = ('<p>一、加强党的领导</p><p>全年召开会议12次。</p>'
            '<div><a href="javascript:window.print()">打印本页</a> <a href="JavaScript:window.close();">关闭窗口</a></div>'
            '<p>详见<a href="/zcfg/123.html">《实施方案》</a>。</p><p><a href="javascript:showSection(2)">二、推进依法行政</a></p>')
    text = html_to_text(page(body), "page.html")
    assert "打印本页" not in text and "关闭窗口" not in text
    assert text.splitlines() == ["一、加强党的领导", "全年召开会议12次。", "详见《实施方案》。", "二、推进依法行政"]


@pytest.mark.parametrize("head, column, expected", [
    ('<title>静海镇2024年度法治政府建设工作报告_天津市静海区人民政府</title>', "", "静海镇2024年度法治政府建设工作报告"),
    ('<meta name="ArticleTitle" content="静海镇2024年度法治政府建设工作报告"><title>静海区人民政府门户网站</title>',
     '<div class="lm">法治政府建设年度报告</div>', "静海镇2024年度法治政府建设工作报告"),
    ("<title>门户网站</title>", "", None),
    # gen31 #3: the site's name and its columns first
    ("<title>天津市静海区人民政府|静海镇2024年度法治政府建设工作报告</title>", "", "静海镇2024年度法治政府建设工作报告"),
    ("<title>静海区人民政府 &gt; 政务公开 &gt; 静海镇2024年度法治政府建设工作报告</title>", "",
     "静海镇2024年度法治政府建设工作报告"),
    # gen31 #11: in traditional characters (read as the outline reads them, given as published)
    ("<title>靜海鎮2024年度法治政府建設工作報告_靜海區人民政府</title>", "", "靜海鎮2024年度法治政府建設工作報告")])
def test_a_page_whose_title_is_only_in_its_head_is_titled_by_it(tmp_path, head, column, expected):
    """gen18 F3: a print view or a template showing no title of its own had none, or its column's name
    (法治政府建设年度报告), and no government where its text says only 我镇. Its head's ArticleTitle or <title> heads it;
    a head naming the site alone adds nothing."""
    body = sample("jinghai_2024.txt").read_text(encoding="utf-8").strip().split("\n", 1)[1]  # without its title line
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="utf-8">{head}</head><body>{column}<div class="content">{paragraphs}'
                    "</div></body></html>", encoding="utf-8")
    outline = parse(read(path))
    assert outline.title == expected
    if expected:
        assert (to_simplified(outline.government), outline.year) == ("静海镇", 2024)
    assert [s.heading for s in outline.walk()] == [s.heading for s in parse(read(sample("jinghai_2024.txt"))).walk()]


@pytest.mark.parametrize("seen, proper", [
    ("X区2024年法治政府建设情况报告_X区人民政府门户网站", "X区2024年法治政府建设情况报告"),
    ("X区2024年法治政府建设情况报告_政务公开_X区人民政府", "X区2024年法治政府建设情况报告"),
    ("X区人民政府|X区2024年法治政府建设情况报告", "X区2024年法治政府建设情况报告"),
    ("X市人民政府-政务公开-X区2024年法治政府建设情况报告", "X区2024年法治政府建设情况报告"),
    ("X网 » 信息公开 » X区2024年法治政府建设情况报告 - X网", "X区2024年法治政府建设情况报告"),
    # a title's own dashes: a subtitle, a span of years
    ("坚持依法行政——X区2023年法治政府建设工作报告", "坚持依法行政——X区2023年法治政府建设工作报告"),
    ("X区落实《纲要(2021-2025年)》情况报告", "X区落实《纲要(2021-2025年)》情况报告"),
    ("X区人民政府-关于2021-2025年法治政府建设情况的报告", "关于2021-2025年法治政府建设情况的报告"),  # (read32)
    ("X区人民政府2024年 — 法治政府建设情况报告", "X区人民政府2024年 — 法治政府建设情况报告"),
    # a site and a column alone: no title to keep
    ("X区人民政府_政务公开", "X区人民政府_政务公开")])
def test_a_page_title_is_cut_to_the_report_s_title(seen, proper):
    """gen31 #3: a site's and a column's names before the title stayed in it ("X市人民政府|T")."""
    assert title_proper(seen) == proper


def test_a_head_title_the_page_shows_is_not_read_twice(tmp_path):
    page = ("<html><head><title>静海镇2024年度法治政府建设工作报告_静海区人民政府</title></head><body>"
            "<h1>静海镇2024年度法治政府建设工作报告</h1><p>一、工作情况</p><p>我镇依法行政。</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert read(path).text.count("静海镇2024年度法治政府建设工作报告") == 1


@pytest.mark.parametrize("hiding", ['style="display:none"', 'style="color:red; visibility: hidden;"', "hidden"])
def test_what_a_browser_hides_is_not_read(tmp_path, hiding):
    """gen18 F6: a hidden block's "一、…" and "（一）…" were read as the report's first sections."""
    path = tmp_path / "page.html"
    body = "我镇坚持依法行政,推进法治政府建设。" * 20
    path.write_text(f"<html><body><div {hiding}>一、这是隐藏的导读内容<p>（一）隐藏条目</p></div>"
                    f"<div style=\"display: block\"><p>一、工作情况</p><p>{body}</p></div></body></html>",
                    encoding="utf-8")
    assert read(path).text == f"一、工作情况\n{body}"


def test_the_numbers_a_browser_writes_before_list_items_are_read():
    """gen18 F4: headings numbered by a CMS editor's list (<ol style="list-style-type:cjk-ideographic">, as a browser
    shows 一、二、三、) were read without their numbers: no section at all. Letters and lists of bullets write none."""

    page = ('<ol style="list-style-type:cjk-ideographic"><li><b>工作情况</b></li></ol><p>一是强化引领。</p>'
            '<ol style="list-style-type: cjk-ideographic" start="2"><li>存在不足</li><li>工作计划<ol type="1">'
            '<li>加强学习</li><li value="5">加强队伍</li></ol></li></ol><ul><li>附件</li></ul><ol type="a"><li>甲</li></ol>')
    assert html_to_text(page, "p.html").split("\n") == [
        "一、工作情况", "一是强化引领。", "二、存在不足", "三、工作计划", "1.加强学习", "5.加强队伍", "附件", "甲"]


def test_a_list_numbered_by_its_own_words_by_links_or_by_nothing_it_says_gets_no_numbers():
    """reread12 R1: a bare <ol> (most often styled away: reset style sheets) got numbers: "1.1.加强…" hid the editor's
    typed labels, and a table of contents of links became the report's first sections."""

    page = ('<ol style="list-style-type:decimal"><li><a href="#a">主要工作</a></li><li><a href="#b">存在问题</a></li></ol>'
            '<ol style="list-style-type:decimal"><li>1.加强组织领导。</li><li>一是推进依法决策。</li></ol>'
            "<ol><li>加强学习</li></ol>")
    assert html_to_text(page, "p.html").split("\n") == ["主要工作", "存在问题", "1.加强组织领导。", "一是推进依法决策。",
                                                         "加强学习"]


def test_what_a_page_hides_until_its_script_shows_it_is_read_and_an_unclosed_hidden_item_hides_no_more():
    """reread12 R7: a report in <div id="zoom" style="display:none">, shown by the page's script, was refused as no
    report text; R3: a hidden <p> or <li> whose end tag is left out (as HTML allows) hid the rest of the page."""

    report = "<p>一、工作情况</p><p>" + "我镇坚持依法行政,推进法治政府建设。" * 20 + "</p>"
    assert html_to_text(f'<div id="zoom" style="display:none">{report}</div><script>show()</script>', "p.html") \
        .startswith("一、工作情况\n我镇坚持依法行政")
    for unclosed in ('<p style="display:none">分享到', "<ul><li hidden>分享到</ul>"):
        assert "一、工作情况" in html_to_text(unclosed + report, "p.html")


def test_a_title_the_page_shows_broken_by_a_line_break_is_not_added_again():

    page = ("<html><head><title>XX镇人民政府关于2024年法治政府建设情况的报告_XX镇人民政府</title></head><body>"
            "<h1>XX镇人民政府关于2024年<br>法治政府建设情况的报告</h1><p>一、工作情况</p></body></html>")
    assert not html_to_text(page, "p.html").startswith("XX镇人民政府关于2024年法治政府建设情况的报告_")


def test_a_page_whose_title_is_only_its_breadcrumb_s_last_step_is_titled_by_it(tmp_path):
    """gen18 F3: a page showing its title only as the end of its breadcrumb trail had none, and no government where its
    text says only 我镇. A title the page shows as well, nearer the text, is still the one read."""
    body = sample("jinghai_2024.txt").read_text(encoding="utf-8").strip().split("\n", 1)[1]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    crumb = '<div class="dqwz">当前位置：首页 &gt; 政务公开 &gt; 静海镇2024年度法治政府建设工作报告</div>'
    for shown in ("", "<h1>静海镇2024年度法治政府建设工作报告</h1>"):
        path = tmp_path / "page.html"
        path.write_text(f"<html><body>{crumb}<div class='info'>发布时间：2025-03-28</div>{shown}{paragraphs}</body></html>",
                        encoding="utf-8")
        outline = parse(read(path))
        assert (outline.title, outline.government, outline.year) == ("静海镇2024年度法治政府建设工作报告", "静海镇", 2024)
