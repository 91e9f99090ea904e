"""Word .docx files read as Word shows them (core.docx, core.docx_numbering).

Every document is built here as raw WordprocessingML: a zip with [Content_Types].xml, word/document.xml and,
where the case needs them, word/numbering.xml and word/styles.xml.
"""
from __future__ import annotations

import re
import zipfile
from html import escape
from pathlib import Path

import pytest

from fazhi.core.docx import DOCX_PART_LIMIT
from fazhi.core.docx_numbering import number_text
from fazhi.core.errors import FazhiError
from fazhi.core.outline import match_marker, parse
from fazhi.core.report import read
from tests.conftest import sample
from tests.test_bad_input import finishes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(path: Path, body: str, numbering: str = "", styles: str = "", ns: str = W) -> Path:
    """A .docx of `body` (WordprocessingML paragraphs); `numbering`/`styles`: the parts' inner XML, if any."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}" xmlns:mc="{MC}"><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{ns}" xmlns:mc="{MC}">{numbering}</w:numbering>')
        if styles:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{ns}">{styles}</w:styles>')
    return path


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text: str = "", ppr: str = "", inner: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run(text) if text else ''}{inner}</w:p>"


def num_pr(level: int, num_id: int = 1) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def level(i: int, fmt: str, text: str, extra: str = "") -> str:
    return f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


#: 一、 / （一） / 1. — the usual three levels of a report, as Word's multilevel list holds them.
REPORT_LIST = abstract(0, level(0, "chineseCounting", "%1、"), level(1, "chineseCounting", "（%2）"),
                       level(2, "decimal", "%3.")) + num(1, 0)


def text_of(tmp_path: Path, body: str, **parts) -> str:
    return read(docx(tmp_path / "t.docx", body, **parts)).text


def shape(outline):
    return [(s.id, s.level, s.label, s.heading) for s in outline.walk()], \
        (outline.title, outline.government, outline.year, outline.date)


# ------------------------------------------------------------------------------------- F1 automatic numbering

def test_paragraph_numbering_is_written_before_the_text(tmp_path):
    """The label lives in numbering.xml, never in the runs: Word shows it, followed by a tab."""
    body = (para("工作情况", num_pr(0)) + para("依法行政", num_pr(1)) + para("正文。") + para("依法决策", num_pr(1))
            + para("强化学习", num_pr(2)) + para("存在问题", num_pr(0)) + para("不足", num_pr(1)))
    assert text_of(tmp_path, body, numbering=REPORT_LIST).split("\n") == [
        "一、\t工作情况", "（一）\t依法行政", "正文。", "（二）\t依法决策", "1.\t强化学习", "二、\t存在问题", "（一）\t不足"]


def test_numbering_through_styles_based_on_each_other(tmp_path):
    """Chinese Word names heading styles "1", "2"; the numbering sits on a base style, the level comes from
    w:lvl/w:pStyle when the style's w:numPr gives none; numId 0 switches numbering off."""
    styles = ('<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="base"><w:name w:val="list base"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="base"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/></w:style>')
    numbering = abstract(0, level(0, "chineseCounting", "%1、", '<w:pStyle w:val="1"/>'),
                         level(1, "chineseCounting", "(%2)", '<w:pStyle w:val="2"/>')) + num(1, 0)
    body = (para("甲", '<w:pStyle w:val="1"/>') + para("乙", '<w:pStyle w:val="2"/>') + para("丙", '<w:pStyle w:val="2"/>')
            + para("不编号", '<w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr>') + para("丁", '<w:pStyle w:val="1"/>')
            + para("正文"))
    assert text_of(tmp_path, body, numbering=numbering, styles=styles).split("\n") == [
        "一、\t甲", "(一)\t乙", "(二)\t丙", "不编号", "二、\t丁", "正文"]


def test_counters_restart_continue_and_override_as_word_does(tmp_path):
    """A deeper level restarts when a higher one advances, unless w:lvlRestart is 0; w:num sharing an
    abstractNum continue one count; a w:num with w:startOverride restarts where it begins."""
    numbering = (abstract(0, level(0, "decimal", "%1."), level(1, "decimal", "%1.%2"),
                          level(2, "decimal", "(%3)", '<w:lvlRestart w:val="0"/>'))
                 + num(1, 0) + num(2, 0) + num(3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>'))
    body = "".join(para(t, num_pr(lv, n)) for t, lv, n in [
        ("a", 0, 1), ("b", 1, 1), ("c", 2, 1), ("d", 0, 1), ("e", 1, 1), ("f", 2, 1),  # (3) never restarts
        ("g", 0, 2),  # another w:num on the same list: continues
        ("h", 0, 3), ("i", 0, 1)])  # an override restarts at 7; the first w:num then continues from there
    assert text_of(tmp_path, body, numbering=numbering).split("\n") == [
        "1.\ta", "1.1\tb", "(1)\tc", "2.\td", "2.1\te", "(2)\tf", "3.\tg", "7.\th", "8.\ti"]


def test_label_text_suffix_and_bullets(tmp_path):
    numbering = (abstract(0, level(0, "chineseCounting", "第%1部分", '<w:suff w:val="space"/>'),
                          level(1, "decimalEnclosedCircle", "%2", '<w:suff w:val="nothing"/>'),
                          level(2, "bullet", "\uf0b7"))
                 + abstract(1, level(0, "decimalFullWidth", "（%1）")) + num(1, 0) + num(2, 1))
    body = (para("总体情况", num_pr(0)) + para("学习", num_pr(1)) + para("要点", num_pr(2)) + para("宣传", num_pr(1))
            + para("其他", num_pr(0, 2)))
    assert text_of(tmp_path, body, numbering=numbering).split("\n") == [
        "第一部分 总体情况", "①学习", "要点", "②宣传", "（１）\t其他"]


def test_word_2010_custom_format_falls_back_to_the_standard_one(tmp_path):
    custom = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
              '<w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice><mc:Fallback>'
              '<w:numFmt w:val="chineseCounting"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1、"/></w:lvl>')
    body = para("甲", num_pr(0)) + para("乙", num_pr(0))
    assert text_of(tmp_path, body, numbering=abstract(0, custom) + num(1, 0)).split("\n") == ["一、\t甲", "二、\t乙"]


@pytest.mark.parametrize("n, fmt, want", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "chineseCounting", "二十"), (21, "taiwaneseCounting", "二十一"), (105, "chineseCounting", "一百零五"),
    (110, "chineseCounting", "一百一十"), (1010, "chineseCounting", "一千零一十"), (3, "chineseLegalSimplified", "叁"),
    (12, "chineseLegalSimplified", "壹拾贰"), (1, "ideographTraditional", "甲"), (2, "ideographZodiac", "丑"),
    (12, "decimal", "12"), (3, "decimalEnclosedCircle", "③"), (20, "decimalEnclosedCircleChinese", "⑳"),
    (21, "decimalEnclosedCircle", "21"), (2, "decimalEnclosedParen", "⑵"), (12, "decimalFullWidth", "１２"),
    (5, "decimalZero", "05"), (27, "upperLetter", "AA"), (2, "lowerLetter", "b"), (14, "upperRoman", "XIV"),
    (4, "lowerRoman", "iv"), (3, "ordinalText", "3"), (3, "none", ""),
])
def test_number_formats(n, fmt, want):
    assert number_text(n, fmt) == want


@pytest.mark.parametrize("start, fmt, label", [("-1", "ideographDigital", "-1、"), ("-3", "taiwaneseDigital", "-3、"),
                                               ("100000000000", "upperLetter", "100000000000、"),
                                               ("79", "lowerLetter", "aaaa、"), ("78", "lowerLetter", "zzz、"),
                                               ("780", "lowerLetter", "z" * 30 + "、"), ("781", "lowerLetter", "781、")])
def test_a_count_no_report_reaches_is_written_in_decimal(tmp_path, start, fmt, label):
    """fuzz4 F1, F2: a list starting at -1 in 〇一二 digits crashed the reading (a traceback); one starting at 10^11 in
    letters built a label of 3.8 billion characters (95 s, 15 GB, then a MemoryError)."""
    numbering = abstract(0, level(0, fmt, "%1、").replace('w:val="1"/>', f'w:val="{start}"/>', 1)) + num(1, 0)
    assert text_of(tmp_path, para("工作情况", num_pr(0)), numbering=numbering) == f"{label}\t工作情况"


def test_a_label_text_longer_than_word_shows_gives_no_label(tmp_path):
    """fuzz4 F2: a w:lvlText of two million characters, copied into 2,000 numbered paragraphs, asked for 4e9."""
    numbering = abstract(0, level(0, "decimal", "%1" + "、" * 2_000_000)) + num(1, 0)
    text = text_of(tmp_path, para("工作情况", num_pr(0)) * 2000, numbering=numbering)
    assert text.split("\n")[0] == "工作情况" and len(text) < 20_000


def test_a_count_of_thousands_of_digits_gives_no_label(tmp_path):
    """fuzz5 F2: a w:start of 4,299 digits (the longest int Python parses) under a w:lvlText of 32 "%1" gave every
    numbered paragraph a label of 137,568 characters: a 1.4 KB file read as 275 million characters (26 s, 1.4 GB). A
    label longer than any Word shows is none, and so many digits are never written out."""
    numbering = abstract(0, level(0, "decimal", "%1" * 32).replace('w:val="1"/>', f'w:val="{"9" * 4299}"/>', 1))
    text = text_of(tmp_path, para("工作情况", num_pr(0)) * 2000, numbering=numbering + num(1, 0))
    assert text.split("\n")[0] == "工作情况" and len(text) < 20_000
    numbering = abstract(0, level(0, "decimal", "%1." * 4).replace('w:val="1"/>', 'w:val="99999"/>', 1))
    assert text_of(tmp_path, para("工作情况", num_pr(0)), numbering=numbering + num(1, 0)) == "99999." * 4 + "\t工作情况"
    # a level the label does not write takes nothing from it (reread10 R9: every 一、 of the list went)
    numbering = abstract(0, level(0, "chineseCounting", "%1、"),
                         level(8, "decimal", "%9").replace('w:val="1"/>', f'w:val="{"9" * 70}"/>', 1))
    assert text_of(tmp_path, para("工作情况", num_pr(0)) + para("存在问题", num_pr(0)),
                   numbering=numbering + num(1, 0)) == "一、\t工作情况\n二、\t存在问题"


LEVEL_OF_KIND = {"part": 0, "cn": 1, "cn_paren": 2, "num": 3, "num_paren": 4, "circled": 5}
FORMAT_OF_KIND = {"part": "chineseCounting", "cn": "chineseCounting", "cn_paren": "chineseCounting",
                  "num": "decimal", "num_paren": "decimal", "circled": "decimalEnclosedCircle"}


def auto_numbered(text: str, path: Path, via_styles: bool) -> Path:
    """The report as Word holds it once "一、" has been turned into an automatic list: every heading label is
    numbering (on the paragraph, or on heading styles based on one another), never text."""
    templates: dict[str, str] = {}
    body = []
    for line in text.split("\n"):
        m = match_marker(line)
        if m is None or m.kind not in LEVEL_OF_KIND or m.start:
            body.append(para(line))
            continue
        lvl = LEVEL_OF_KIND[m.kind]
        template = re.sub(r"[一二三四五六七八九十百]+|\d+|[①-⑳]", f"%{lvl + 1}", m.label, count=1)
        assert templates.setdefault(m.kind, template) == template, "one label shape per level"
        ppr = f'<w:pStyle w:val="{lvl + 1}"/>' if via_styles else num_pr(lvl)
        body.append(para(line[m.end:].lstrip(), ppr))
    levels = [level(LEVEL_OF_KIND[k], FORMAT_OF_KIND[k], t) for k, t in templates.items()]
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{i + 1}"><w:name w:val="heading {i + 1}"/>'
                     + (f'<w:basedOn w:val="{i}"/>' if i else "")
                     + f'<w:pPr><w:numPr><w:ilvl w:val="{i}"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
                     for i in range(len(LEVEL_OF_KIND)))
    return docx(path, "".join(body), numbering=abstract(0, *levels) + num(1, 0), styles=styles if via_styles else "")


@pytest.mark.parametrize("via_styles", [False, True], ids=["numPr", "heading_styles"])
@pytest.mark.parametrize("name", ["dongkeng_2017", "jinghai_2024", "qingcheng_2024", "qingxi_2024", "yingzai_2025"])
def test_automatically_numbered_report_reads_like_its_txt(name, via_styles, tmp_path):
    text = sample(f"{name}.txt").read_text(encoding="utf-8")
    path = auto_numbered(text, tmp_path / f"{name}.docx", via_styles)
    document = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert '">一、' not in document and "<w:numPr>" in document or via_styles  # the labels are numbering only
    got, want = shape(parse(read(path))), shape(parse(read(sample(f"{name}.txt"))))
    assert got == want
    assert len(want[0]) > 5


# ------------------------------------------------------------------------------------- F8 text boxes

def test_text_box_is_read_once_not_from_its_fallback_copy(tmp_path):
    box = para("一、文本框里的标题") + para("框里的正文。")
    alternate = (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{box}'
                 f'</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent>'
                 f'</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    text = text_of(tmp_path, para("标题") + alternate + para("二、后文"))
    assert text.split("\n") == ["标题", "一、文本框里的标题", "框里的正文。", "二、后文"]


# ------------------------------------------------------------------------------------- F10 tracked moves

def test_moved_away_text_is_not_read_and_its_number_not_counted(tmp_path):
    moved_from = ('<w:p><w:pPr>' + num_pr(0) + '<w:rPr><w:moveFrom w:id="1" w:author="张三"/></w:rPr></w:pPr>'
                  '<w:moveFrom w:id="2" w:author="张三">' + run("挪走的标题") + '</w:moveFrom></w:p>')
    moved_to = '<w:p><w:moveTo w:id="3" w:author="张三">' + run("挪来的句子。") + '</w:moveTo></w:p>'
    deleted = '<w:p><w:del w:id="4" w:author="张三"><w:r><w:t>删掉的字</w:t></w:r></w:del>' + run("留下的字。") + '</w:p>'
    body = para("甲", num_pr(0)) + moved_to + moved_from + deleted + para("乙", num_pr(0))
    assert text_of(tmp_path, body, numbering=REPORT_LIST).split("\n") == ["一、\t甲", "挪来的句子。", "留下的字。", "二、\t乙"]


# ------------------------------------------------------------------------------------- F9 tables of contents

def _toc_entry(text: str, page: str, style: str = "") -> str:
    return para(ppr=f'<w:pStyle w:val="{style}"/>' if style else "",
                inner=f'<w:hyperlink w:anchor="_Toc1">{run(text)}<w:r><w:tab/></w:r>{run(page)}</w:hyperlink>')


def test_table_of_contents_field_is_left_out(tmp_path):
    begin = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h '
             '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>')
    end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    body = para("某镇2024年法治政府建设工作报告") + begin + _toc_entry("一、工作情况", "1") + _toc_entry("二、存在问题", "3") + end
    body += para("一、工作情况") + para("二、存在问题")
    assert text_of(tmp_path, body).split("\n") == ["某镇2024年法治政府建设工作报告", "一、工作情况", "二、存在问题"]


def test_table_of_contents_styles_and_content_control_are_left_out(tmp_path):
    styles = '<w:style w:type="paragraph" w:styleId="11"><w:name w:val="toc 1"/></w:style>'
    sdt = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           f'<w:sdtContent>{para("目录")}{_toc_entry("三、计划", "5")}</w:sdtContent></w:sdt>')
    body = _toc_entry("一、工作情况", "1", style="11") + _toc_entry("二、存在问题", "2", style="TOC2") + sdt + para("一、工作情况")
    assert text_of(tmp_path, body, styles=styles) == "一、工作情况"


# ------------------------------------------------------------------------------------- F7 line breaks

BR, PAGE = "<w:r><w:br/></w:r>", '<w:r><w:br w:type="page"/></w:r>'


@pytest.mark.parametrize("pieces, want", [
    (["(一)聚焦体系建设,筑牢法治", "政府建设根基"], ["(一)聚焦体系建设,筑牢法治政府建设根基"]),  # cut heading
    (["一是强化思想", "引领。将习近平法治思想作为重要内容。"], ["一是强化思想引领。将习近平法治思想作为重要内容。"]),
    (["工作扎实推进。", "二是明确职责。"], ["工作扎实推进。", "二是明确职责。"]),  # after a sentence end
    (["市委、市政府:", "2024年,我镇坚持依法行政。"], ["市委、市政府:", "2024年,我镇坚持依法行政。"]),
    (["取得成效", "二、存在问题"], ["取得成效", "二、存在问题"]),  # before a heading label
    (["某镇人民政府", "2025年1月17日"], ["某镇人民政府", "2025年1月17日"]),  # before a date line
    (["(三)加强法治力量建设", "完善领导干部学法制度,提高积极性。"], ["(三)加强法治力量建设", "完善领导干部学法制度,提高积极性。"]),
    (["某镇2024年度法治政府建设工作报告", "2024年以来,我镇全面贯彻落实。"], ["某镇2024年度法治政府建设工作报告", "2024年以来,我镇全面贯彻落实。"]),
    (["(一)坚持党的领导推进法治政", "府建设,全面压实职责。2024年以", "来,我镇全面贯彻落实党的精神", "。"],
     ["(一)坚持党的领导推进法治政府建设,全面压实职责。2024年以来,我镇全面贯彻落实党的精神。"]),  # hard-wrapped
    (["the rule of", "law report"], ["the rule of law report"]),
    (["上段。", "", "下段"], ["上段。", "", "下段"]),
])
def test_text_line_break_ends_a_line_only_where_a_line_would(pieces, want, tmp_path):
    assert text_of(tmp_path, para(inner=BR.join(run(x) for x in pieces))).split("\n") == want


def test_text_wrapped_at_a_fixed_number_of_characters_joins_again(tmp_path):
    """Cut every 12 characters, digits and ASCII commas included (an e-mail's wrap): the heading stays whole."""
    line = "(一)坚持在党的领导下推进法治政府建设,全面压实“关键少数”法治建设职责。2024年以来,我镇全面贯彻落实党的二十大精神。"
    pieces = [line[i:i + 12] for i in range(0, len(line), 12)]
    assert text_of(tmp_path, para(inner=BR.join(run(x) for x in pieces))) == line


def test_paragraph_of_many_line_breaks_is_read_in_linear_time(tmp_path):
    """100,000 breaks in one paragraph without a sentence end: joining by copying the growing line, or scanning
    it again at every break, took hours."""
    body = para(inner=BR.join(run(f"法治政府建设{i % 7}") for i in range(100_000)))
    path = docx(tmp_path / "breaks.docx", body)
    finishes(f"""
        from fazhi.core.report import read
        assert read({str(path)!r}).text.count("\\n") == 0
    """)


def test_page_break_never_breaks_a_paragraph(tmp_path):
    body = para(inner=run("(一)聚焦体系建设。") + PAGE + run("二是明确职责。")) + para(inner=run("rule of") + PAGE + run("law"))
    assert text_of(tmp_path, body).split("\n") == ["(一)聚焦体系建设。二是明确职责。", "rule of law"]


# ------------------------------------------------------------------------------------- F11 Strict Open XML

def test_strict_open_xml_reads_like_transitional(tmp_path):
    body = para("工作情况", num_pr(0)) + para("正文。")
    assert text_of(tmp_path, body, numbering=REPORT_LIST, ns=STRICT).split("\n") == ["一、\t工作情况", "正文。"]


# ------------------------------------------------------------------------------------- bad parts

def test_malformed_numbering_part_is_one_error_naming_it(tmp_path):
    path = docx(tmp_path / "bad.docx", para("正文。"), numbering="<w:abstractNum>")
    with pytest.raises(FazhiError, match="corrupt .docx: word/numbering.xml is not well-formed"):
        read(path)


def test_numbering_part_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{para("正文。")}</w:body></w:document>')
        z.writestr("word/numbering.xml", b"<w:numbering>" + b" " * (DOCX_PART_LIMIT + 10) + b"</w:numbering>")
    with pytest.raises(FazhiError, match="word/numbering.xml inflates"):
        read(path)


def test_numbering_that_names_nothing_gives_no_label(tmp_path):
    """A paragraph pointing at a w:num or level that does not exist, a style loop: no label, no error."""
    styles = ('<w:style w:type="paragraph" w:styleId="x"><w:basedOn w:val="y"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="y"><w:basedOn w:val="x"/></w:style>')
    body = para("甲", num_pr(0, 9)) + para("乙", num_pr(7)) + para("丙", '<w:pStyle w:val="x"/>')
    assert text_of(tmp_path, body, numbering=REPORT_LIST, styles=styles).split("\n") == ["甲", "乙", "丙"]


def test_elements_nested_past_any_document_are_refused_in_one_line(tmp_path):
    """fuzz4 F5: 1.6 million tables nested in one another (157 KB zipped) took 10 s and 1.5 GB: every open element is
    held until it ends. Word's documents nest a few levels."""
    from fazhi.core.docx import MAX_NESTING

    deep = "<w:tbl><w:tr><w:tc>" * MAX_NESTING + para("一、表格") + "</w:tc></w:tr></w:tbl>" * MAX_NESTING
    with pytest.raises(FazhiError, match=f"nests elements more than {MAX_NESTING:,} deep"):
        text_of(tmp_path, para("工作") + deep)
    for part in ("styles", "numbering"):  # the parts read whole too (reread9 M2)
        nested = "<w:x>" * (MAX_NESTING + 1) + "</w:x>" * (MAX_NESTING + 1)
        with pytest.raises(FazhiError, match=f"word/{part}.xml nests elements more than"):
            text_of(tmp_path, para("工作"), **{part: nested})
    nested = "<w:tbl><w:tr><w:tc>" * 20 + para("一、表格") + "</w:tc></w:tr></w:tbl>" * 20
    assert text_of(tmp_path, para("工作") + nested).split("\n") == ["工作", "一、表格"]


def test_hidden_text_is_not_read(tmp_path):
    """gen18 F6: a run of hidden text (w:vanish), which Word does not show, lengthened the heading it was in; a hidden
    paragraph mark hides no text, and w:val="0" shows the run."""
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注文字</w:t></w:r>'
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>和成效</w:t></w:r>'
    mark = '<w:rPr><w:vanish/></w:rPr>'
    path = docx(tmp_path / "hidden.docx", para("一、2024年工作", inner=hidden + shown)
                + para("我镇依法行政。", ppr=mark) + para("二、存在问题"))
    assert read(path).text.split("\n") == ["一、2024年工作和成效", "我镇依法行政。", "二、存在问题"]


def test_a_part_in_a_legacy_encoding_is_read_and_a_wrong_one_said(tmp_path):
    """fuzz28 F4: a document.xml declaring GB2312 (some converters write one) stopped the XML reader, which takes no
    multi-byte encoding, with "fazhi failed on this file". It is read; an encoding it does not hold is said."""
    def declared(encoding: str, data: bytes) -> Path:
        path = tmp_path / f"{encoding}.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", _TYPES)
            z.writestr("word/document.xml", f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>'.encode()
                       + data)
        return path

    body = (f'<w:document xmlns:w="{W}"><w:body>{para("清溪镇2024年法治政府建设年度报告")}{para("一、主要工作")}'
            f'</w:body></w:document>')
    assert read(declared("GB2312", body.encode("gb2312"))).text == "清溪镇2024年法治政府建设年度报告\n一、主要工作"
    with pytest.raises(FazhiError, match="not in the encoding it declares"):
        read(declared("ASCII", body.encode("utf-8")))
    with pytest.raises(FazhiError, match="unknown encoding 'x-nonesuch'"):
        read(declared("x-nonesuch", body.encode("utf-8")))
