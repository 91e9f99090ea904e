"""Headings that only their form marks: a page's <h2>/<h3>, a Word paragraph's Heading style or outline level, with
no typed 一、 (gen21 N2: every heading was lost, the report one preamble, `areas` found none of the four parts).
The file gives them with its text (`Document.headings`); the outline reads a body line without a typed label that
is one of them as a heading of its rank (core.outline)."""
from __future__ import annotations

import html
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
