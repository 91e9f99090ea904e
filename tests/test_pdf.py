"""PDF reports: the five samples typeset as paginated PDFs (running header, page numbers, lines broken at the
margin) read back to the outline of their .txt; scans, damaged and protected files refused in one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.outline import parse
from fazhi.core.report import read
from fazhi.tui.cli import main
from tests.conftest import sample
from tests.fixtures.make_pdfs import EMBEDDED, _font, report_pdf

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
SAMPLES = ["qingxi_2024", "dongkeng_2017", "qingcheng_2024", "jinghai_2024", "yingzai_2025"]


def shape(outline):
    return [(s.id, s.level, s.label, s.heading) for s in outline.walk()], \
        (outline.title, outline.government, outline.year, outline.date)


@pytest.fixture(scope="module")
def cid_pdfs(tmp_path_factory):
    """Every sample as a PDF in the standard (not embedded) CJK font: made here, needing only reportlab."""
    folder = tmp_path_factory.mktemp("pdf")
    return {name: report_pdf(sample(f"{name}.txt").read_text(encoding="utf-8"), folder / f"{name}.pdf", font="cid")
            for name in SAMPLES}


@pytest.mark.parametrize("name", SAMPLES)
def test_pdf_gives_the_outline_of_the_txt(name, cid_pdfs):
    got, want = parse(read(cid_pdfs[name])), parse(read(sample(f"{name}.txt")))
    assert shape(got) == shape(want)
    assert [s.text for s in got.walk()] == [s.text for s in want.walk()]  # paragraphs joined back exactly


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("style", [dict(indent="typed"), dict(indent="spaced"), dict(overprint=True),
                                   dict(broken_headings="margin"), dict(broken_headings="hanging")],
                         ids=["indent typed", "paragraphs spaced", "bold overprinted",
                              "headings broken, rest at the margin", "headings broken, rest under their words"])
def test_pdf_set_as_word_users_set_it_gives_the_outline_of_the_txt(name, style, tmp_path):
    """pdf32: a first-line indent typed as "　　" at the margin (#1) and paragraphs set apart by space without one (#2)
    read as no paragraph break: a heading nearly filling its line ran on into its paragraph; a bold drawn three times
    a fraction of a point apart (#5) read thrice ("一、依法…一、依法…一、依法…"); a heading broken by hand mid-phrase
    (#4) was cut there, its rest read as its text."""
    path = report_pdf(sample(f"{name}.txt").read_text(encoding="utf-8"), tmp_path / f"{name}.pdf", **style)
    got, want = parse(read(path)), parse(read(sample(f"{name}.txt")))
    assert shape(got) == shape(want)
    assert [s.text for s in got.walk()] == [s.text for s in want.walk()]


def test_a_heading_at_the_margin_keeps_apart_from_a_line_at_the_paragraphs_indent(tmp_path):
    """read32: "一、主要做法" at the margin over "全县…工作：" at the paragraphs' indent (which is where the words of a
    heading at the margin stand too) read as one heading broken by hand: at the indent a line opens a paragraph."""
    from reportlab.pdfgen import canvas

    font, size, y = _font("cid"), 16, 760
    c = canvas.Canvas(str(tmp_path / "p.pdf"))
    rows = [("一、主要做法", 0), ("全县上下围绕以下三个方面开展工作：", 2),
            ("（一）加强组织领导。县委县政府高度重视法治政府建设，先后召开常务会", 2), ("议四次研究部署，确保各项任务落地见效。", 0),
            ("二、存在的问题", 0), ("我县法治政府建设仍存在一些不足，主要是执法队伍专业化水平有待提高，", 2), ("基层法治力量较为薄弱。", 0)]
    c.setFont(font, size)
    for line, indent in rows:
        c.drawString(80 + indent * size, y, line)
        y -= size * 1.5
    c.save()
    assert [(s.label, s.heading) for s in parse(read(tmp_path / "p.pdf")).walk() if s.label] == [
        ("一、", "主要做法"), ("（一）", "加强组织领导"), ("二、", "存在的问题")]


@pytest.mark.parametrize("name", EMBEDDED)
def test_pdf_with_an_embedded_font_gives_the_outline_of_the_txt(name):
    """Committed fixtures (tests/fixtures/make_pdfs.py): a subset TrueType CJK font, as Word and WPS export."""
    doc = read(FIXTURES / f"{name}.pdf")
    assert doc.encoding == "pdf"
    assert shape(parse(doc)) == shape(parse(read(sample(f"{name}.txt"))))


def test_page_furniture_is_dropped(cid_pdfs):
    text = read(cid_pdfs["qingcheng_2024"]).text
    assert "— 2 —" not in text and "— 1 —" not in text
    assert text.count("清远市清城区人民政府2024年") == 1  # the title stays; its running header copies go


def test_a_pdf_without_pages_is_named_so_not_sent_to_ocr(tmp_path):
    """Found by fuzzing: a PDF of no pages was told to get OCR (its pages being images)."""
    from pypdf import PdfWriter

    path = tmp_path / "empty.pdf"
    PdfWriter().write(path)
    with pytest.raises(FazhiError, match="has no pages"):
        read(path)


def test_a_pdf_of_more_pages_than_a_report_has_is_refused_before_any_is_read(tmp_path):
    """fuzz5 F7: a few KB of page tree listing one page 89,401 times was read page by page (35 s), then called a scan."""
    from pypdf import PdfWriter

    from fazhi.core.pdf import MAX_PAGES

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    for _ in range(MAX_PAGES):
        writer.add_page(page)
    path = tmp_path / "many.pdf"
    writer.write(path)
    with pytest.raises(FazhiError, match=f"{MAX_PAGES + 1:,} pages: far more than a report has"):
        read(path)


def test_a_page_the_page_tree_lists_again_and_again_is_read_once(tmp_path, monkeypatch):
    """fuzz6 F2: a 20 KB PDF listing one dense page hundreds of times (fewer than MAX_PAGES) was read page by page,
    for minutes. The page is read once; its text is still there each time the page is listed."""
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    page = PdfReader(report_pdf(text, tmp_path / "report.pdf", columns=2, one_by_one=True)).pages[2]
    for name, times in (("page.pdf", 1), ("fanned.pdf", 40)):  # (one page object, listed `times` times)
        writer = PdfWriter()
        writer.add_page(page)
        tree = writer._root_object["/Pages"].get_object()
        tree[NameObject("/Kids")] = ArrayObject([tree["/Kids"][0]] * times)
        tree[NameObject("/Count")] = NumberObject(times)
        writer.write(tmp_path / name)
    # the paragraphs that begin and end on the page (not the running header, not the heading at its top, which
    # repeated at the top of every page is taken for furniture)
    inside = read(tmp_path / "page.pdf").text.split("\n")[2:-1]
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")  # (read, not taken from the cache)
    reads, extract_text = [], PageObject.extract_text

    def counted(page, *args, **kwargs):
        reads.append(page)
        return extract_text(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    fanned = read(tmp_path / "fanned.pdf").text
    assert len(reads) == 1
    assert inside and all(fanned.count(paragraph) == 40 for paragraph in inside)


def test_scanned_pdf_asks_for_ocr(capsys):
    path = FIXTURES / "scanned.pdf"
    with pytest.raises(FazhiError) as e:
        read(path)
    assert "no text layer; OCR it first" in str(e.value)
    assert main(["outline", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err


@pytest.mark.parametrize("damage", ["garbage", "truncated", "header_only"])
def test_corrupt_pdf_is_one_line(damage, tmp_path, capsys, cid_pdfs):
    good = cid_pdfs["jinghai_2024"].read_bytes()
    data = {"garbage": b"%PDF-1.4\n" + bytes(range(256)) * 40,
            "truncated": good[: len(good) // 3],
            "header_only": b"%PDF-1.7\n%%EOF\n"}[damage]
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(data)
    assert main(["outline", str(path), "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(path) in err
    assert "corrupt PDF" in err and "Error" not in err  # in the reviewer's words, not the library's class name


@pytest.mark.parametrize("data, said", [(b"<!DOCTYPE html><html><head><title>x</title></head><body>", "a web page"),
                                        (bytes(range(256)) * 40, "no %PDF header")], ids=["a page", "other bytes"])
def test_a_file_that_is_no_pdf_is_said_to_be_none(data, said, tmp_path, capsys):
    """pdf32: a web page saved as .pdf was a "corrupt PDF (Stream has ended unexpectedly)"."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert main(["outline", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and f"{path}: not a PDF: {said}" in err


def _encrypted(source: Path, path: Path, user: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128")
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_password_protected_pdf_is_refused(tmp_path, capsys, cid_pdfs):
    path = _encrypted(cid_pdfs["jinghai_2024"], tmp_path / "locked.pdf", user="secret")
    assert main(["outline", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "encrypted PDF" in err and "password" in err


def test_pdf_restricted_by_an_owner_password_only_reads(tmp_path, cid_pdfs):
    """Portals often publish PDFs that only forbid printing or copying: no password is needed to read them."""
    path = _encrypted(cid_pdfs["jinghai_2024"], tmp_path / "restricted.pdf", user="")
    assert shape(parse(read(path))) == shape(parse(read(cid_pdfs["jinghai_2024"])))


def _official(path: Path, rows: list[tuple[str, float, object]], chars: int = 28, size: float = 16.0) -> Path:
    """Typeset rows as GB/T 9704 sets an official document: (text, type size, placement), the placement a first-line
    indent in characters (the paragraph wrapped at `chars`), "centre" or "right"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    name = _font("cid")
    left, right = (A4[0] - chars * size) / 2, (A4[0] + chars * size) / 2
    lines = []
    for text, type_size, place in rows:
        if isinstance(place, int):
            first = chars - place
            chunks = [text[:first]] + [text[k:k + chars] for k in range(first, len(text), chars)]
            lines += [(chunk, type_size, left + (place * size if k == 0 else 0)) for k, chunk in enumerate(chunks)]
        else:
            width = stringWidth(text, name, type_size)
            lines.append((text, type_size, (A4[0] - width) / 2 if place == "centre" else right - 2 * size - width))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 90
    for text, type_size, x in lines:
        if y < 60:
            c.showPage()
            y = A4[1] - 90
        c.setFont(name, type_size)
        c.drawString(x, y, text)
        y -= 28
    c.save()
    return path


def test_a_title_in_larger_type_is_not_glued_to_the_flush_left_line_under_it(tmp_path):
    """A 22 pt title centred over the 16 pt text, as wide as the text, then the addressee at the left margin: two
    paragraphs, not one (the type size changes). Before, title and government were lost."""
    lines = [ln for ln in sample("jinghai_2024.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    rows = [(lines[0], 22.0, "centre"), ("区委、区政府:", 16.0, 0)] + [(ln, 16.0, 2) for ln in lines[1:12]]
    got, want = parse(read(_official(tmp_path / "title.pdf", rows))), parse(read(sample("jinghai_2024.txt")))
    assert (got.title, got.government, got.year) == (want.title, want.government, want.year)


def test_signature_date_and_record_lines_of_an_official_document_stay_apart(tmp_path):
    """Signature and date set to the right, then the record lines (抄送, 印发) at the left margin: the date is read
    and none of it joins the last section."""
    lines = [ln for ln in sample("qingxi_2024.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    rows = ([(ln, 16.0, 2) for ln in lines[:-2]] + [(lines[-2], 16.0, "right"), (lines[-1], 16.0, "right")]
            + [("抄送:市委办、市府办,市司法局。", 14.0, 0), ("某某镇人民政府办公室　　2025年1月17日印发", 14.0, 0)])
    got, want = parse(read(_official(tmp_path / "official.pdf", rows))), parse(read(sample("qingxi_2024.txt")))
    assert (got.government, got.year, got.date) == (want.government, want.year, want.date) and want.date
    assert shape(got)[0] == shape(want)[0]
    assert [s.text for s in got.walk()][-1] == [s.text for s in want.walk()][-1]


def test_a_centred_heading_too_long_for_its_line_goes_on_centred(tmp_path):
    """The rest of a centred heading is centred under it: one heading. Two centred headings in a row stay two."""
    lines = [ln for ln in sample("jinghai_2024.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    head = next(ln for ln in lines if ln.startswith("三、"))
    cut = len(head) * 2 // 3
    rows = ([(ln, 16.0, 2) for ln in lines[:lines.index(head)]] + [(head[:cut], 16.0, "centre"), (head[cut:], 16.0, "centre")]
            + [("四、2025年工作计划的主要安排和重点任务", 16.0, "centre"), ("(一)坚持和加强党对法治政府建设的集中统一领导", 16.0, "centre"),
               ("持续推进各项工作。", 16.0, 2)])
    got = parse(read(_official(tmp_path / "centred.pdf", rows)))
    headings = [(s.label, s.heading) for s in got.walk() if s.level == 1 or s.label == "(一)"]
    assert ("三、", head[2:]) in headings
    assert ("四、", "2025年工作计划的主要安排和重点任务") in headings and ("(一)", "坚持和加强党对法治政府建设的集中统一领导") in headings


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_a_deep_first_line_indent_does_not_break_its_paragraph(tmp_path, indent):
    """Some offices indent a paragraph's first line by three or four characters: the line still reaches the right
    margin and the paragraph goes on (only a line set apart — to the right, or centred — ends one). Text of Chinese
    characters only, so that the fixture's wrapping is exact."""
    words = "依法行政推进法治政府建设严格规范公正文明执法"
    paragraphs = [f"{words[k:]}{words * 3}{words[:k]}。" for k in range(6)]
    rows = [("某镇二〇二四年法治政府建设年度报告", 22.0, "centre")] + [(p, 16.0, indent) for p in paragraphs]
    text = read(_official(tmp_path / "indent.pdf", rows)).text
    assert text.split("\n") == ["某镇二〇二四年法治政府建设年度报告", *paragraphs]


@pytest.mark.parametrize("name", SAMPLES)
def test_a_report_broken_by_hand_at_punctuation_keeps_its_headings_apart(name, tmp_path):
    """gen18 F7: in a report whose lines are broken by hand at punctuation (ending short of the margin, each at its own
    place), a heading and the first line of the paragraph under it, both at the paragraphs' indent, looked like a
    centred heading and its rest: one heading ("八、…不足和原因在过去的一年,我镇…"). And a signature set flush
    right, ending further than any line, moved the measure the body's lines are judged by: more of them ended
    paragraphs than without it. (Where such a report's paragraphs end, its lines do not tell: only its outline and its
    signature are compared with the .txt.)"""
    text = sample(f"{name}.txt").read_text(encoding="utf-8")
    signed = read(report_pdf(text, tmp_path / "signed.pdf", ragged=True, signed_right=True))
    assert shape(parse(signed)) == shape(parse(read(sample(f"{name}.txt"))))
    unsigned = read(report_pdf(text, tmp_path / "unsigned.pdf", ragged=True)).text
    assert signed.text == unsigned


@pytest.mark.parametrize("indent", ["set", "typed"])
@pytest.mark.parametrize("name", SAMPLES)
def test_a_report_cut_after_a_number_of_characters_closes_up_inside_its_sentences(name, indent, tmp_path):
    """walk53 #1: a plain text wrapped at a number of characters, pasted into Word with its breaks and its first lines
    indented: a line holding narrow figures stops short of the margin, and was read as its paragraph's end ("…参与群众8."
    / "1万人次。": the figures compared as 8 and 1万人次). Where the paragraphs open indented, a line at the margin after
    one ending no sentence goes on with it; a cut after a sentence's end is where the lines cannot tell (the outline is
    the .txt's either way)."""
    text = sample(f"{name}.txt").read_text(encoding="utf-8")
    doc = read(report_pdf(text, tmp_path / "counted.pdf", counted=True, indent=indent))
    assert shape(parse(doc)) == shape(parse(read(sample(f"{name}.txt"))))
    paragraphs = {p.strip() for p in text.split("\n")}
    cut = [line for line in doc.text.split("\n") if line not in paragraphs]
    # (the page's debris set out with blanks, a table's row, is cut as it stands: no paragraph of the body)
    assert [line for line in cut if line[-1] not in "。)）" and "  " not in line] == []


def test_lines_at_the_margin_shorter_than_a_full_line_stay_apart_in_an_indented_report(tmp_path):
    """read53 #1: where the paragraphs open indented, any line at the margin after one ending no sentence was read on
    into it: a page's metadata (its date lost), a table's two cells a row, a contact block, two headings without
    labels. Only a line as full as any by its count of characters goes on (a text cut at a number of them)."""
    body = ["今年以来我县深入学习贯彻习近平法治思想全面推进法治政府建设取得明显成效各级行政机关严格落实行政执法三项制度。",
            "全县各级行政机关严格落实行政执法三项制度全年办理行政执法案件一千二百余件行政复议纠错率明显下降。"]
    apart = [["索引号:11441900007-2025-00031", "发布机构:某县人民政府", "成文日期:2025-01-20"],
             ["行政复议案件 12", "行政诉讼案件 8", "行政应诉出庭率 100%"],
             ["主要工作成效", "坚持党的领导"],
             ["编制单位:某县司法局", "联系人:张三", "联系电话:0769-12345678"]]
    rows = [("某县2024年度法治政府建设情况报告", 16.0, "centre")]
    for lines in apart:
        rows += [(p, 16.0, 2) for p in body] + [(line, 16.0, 0) for line in lines]
    text = read(_official(tmp_path / "margin.pdf", rows + [(p, 16.0, 2) for p in body])).text
    for lines in apart:
        assert "\n".join(lines) in text


def test_a_pdf_s_text_is_read_once_and_kept_by_its_bytes(cid_pdfs, tmp_path, monkeypatch):
    """pdf2 F7: a long report whose characters are placed one by one took pypdf 6–9 s, at every opening of the
    workbench. The text is kept in the cache by the file's bytes (a copy elsewhere is the same PDF; a changed file is
    read again)."""
    import shutil

    import fazhi.core.pdf as pdf

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    first = read(cid_pdfs["qingxi_2024"]).text
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(cid_pdfs["qingxi_2024"], copy)

    class Read(Exception):
        pass

    def never(*_):
        raise Read("pypdf read a PDF whose text is kept")

    monkeypatch.setattr(pdf, "_page_lines", never)
    assert read(copy).text == first
    copy.write_bytes(cid_pdfs["dongkeng_2017"].read_bytes())  # another PDF at the same place: read
    # (said as a reader's failure would be: core.report names the file)
    with pytest.raises(FazhiError, match="pypdf read"):
        read(copy)
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")  # caching off: read every time
    with pytest.raises(FazhiError, match="pypdf read"):
        read(cid_pdfs["qingxi_2024"])


def test_the_terminal_is_told_before_a_pdf_not_read_before_is_read(cid_pdfs, tmp_path, monkeypatch, capsys):
    """pdf2 F7: the terminal stayed blank for 14–17 s while two long PDFs were read before the workbench opened."""
    import sys

    from fazhi.tui.cli import _say_slow_reading

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    path = str(cid_pdfs["jinghai_2024"])
    _say_slow_reading([path, str(sample("qingxi_2024.txt"))], "en")
    assert capsys.readouterr().err == f"fazhi: reading {path} (a PDF read for the first time may take seconds)…\n"
    read(path)
    _say_slow_reading([path], "en")
    assert capsys.readouterr().err == ""


def _report_page(path: Path):
    """A reportlab canvas of one page with a report's title and first heading drawn: a test draws the rest."""
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    pdf = canvas.Canvas(str(path))
    pdf.setFont(_font("cid"), 12)
    pdf.drawString(72, 760, "某某镇2024年法治政府建设情况报告")
    pdf.drawString(96, 730, "一、工作情况")
    return pdf


def test_a_table_s_cells_on_one_line_stay_apart(tmp_path):
    """pdf2 F4: a row of a table (its cells drawn apart on one baseline) was joined without a blank: 1203 | 987 read
    1203987, a figure that is not in the report. Characters placed one by one close together stay one word."""
    path = tmp_path / "table.pdf"
    pdf = _report_page(path)
    for y, cells in ((700, ("项目(件)", "2023", "2024")), (680, ("行政处罚案件", "1203", "987"))):
        for x, cell in zip((96, 260, 340), cells):
            pdf.drawString(x, y, cell)
    x = 96
    for ch in "全年开展培训十二次。":  # justified: each character drawn alone, a little apart
        pdf.drawString(x, 650, ch)
        x += 12 * 1.15
    pdf.save()
    text = read(path).text
    assert "行政处罚案件 1203 987" in text and "项目(件) 2023 2024" in text
    assert "全年开展培训十二次。" in text


@pytest.mark.parametrize("one_by_one, gazette", [(False, False), (True, False), (False, True)],
                         ids=["lines", "characters", "gazette"])
@pytest.mark.parametrize("name", SAMPLES)
def test_a_report_set_in_two_columns_is_read_column_by_column(name, one_by_one, gazette, tmp_path):
    """A gazette sets a report in two columns under a title across both: read across, each line of the left column
    ran into the line beside it in the right one. Read column by column, between the lines over both (the title, the
    running header, the page number), it gives the outline and every paragraph of the .txt: on the last page too,
    whose right column holds a few lines (set as the other pages are), and past the web page's debris at the top of
    dongkeng_2017 (a line of blanks, estimated longer than it is, runs into the gap: it does not cross it).
    Justified text is exported a character at a time, the title too: a title over both columns is then one run of
    characters across the gap, not a left half and a right half. (A blank between two words placed one by one is not
    read: those are compared without blanks.) As a gazette sets it (reread11 R3, R4): a page number narrower than the
    gap and a running header in two parts are page furniture still (judged by height: in reading order they were
    mid-page, and stayed, cutting a figure in two), and a title spaced wide over both columns is one line."""
    path = report_pdf(sample(f"{name}.txt").read_text(encoding="utf-8"), tmp_path / f"{name}.pdf", columns=2,
                      one_by_one=one_by_one, gazette=gazette)
    got, want = parse(read(path)), parse(read(sample(f"{name}.txt")))
    assert shape(got) == shape(want)
    def words(o):
        return [s.text.replace(" ", "") if one_by_one else s.text for s in o.walk()]
    assert words(got) == words(want)


@pytest.mark.parametrize("x, seen", [(520, True), (600, False)], ids=["in the margin", "off the page"])
def test_a_mark_right_of_a_page_in_two_columns_leaves_it_in_two(x, seen, tmp_path):
    """fuzz6 F5: one character right of the right column (in the margin: a line number, a stamp's word; or past the
    page's edge, never seen) read the page straight across its columns, each heading run into the line beside it.
    The mark past the page is not read; the one in the margin is read where it stands, and the columns are read as
    columns."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    writer = PdfWriter(clone_from=PdfReader(report_pdf(text, tmp_path / "two.pdf", columns=2)))
    first = writer.pages[0]  # the right column ends at x ≈ 507 of the page's 595 pt
    stream = DecodedStreamObject()
    stream.set_data(first.get_contents().get_data() + b"\nBT 1 0 0 1 %d 400 Tm /F2 10 Tf (N\\000) Tj ET\n" % x)  # 一
    first[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(tmp_path / "marked.pdf")
    got, want = parse(read(tmp_path / "marked.pdf")), parse(read(sample("qingxi_2024.txt")))
    assert shape(got) == shape(want)
    assert ("".join(s.text for s in got.walk()) == "".join(s.text for s in want.walk())) is not seen


@pytest.mark.parametrize("cells", ["short", "long"])
def test_a_table_of_two_columns_is_read_row_by_row(cells, tmp_path):
    """A page holding a table of two columns (cells apart on each row) is no page in two columns: its rows stay rows,
    short cells or long, all ending alike (reread11 R1: no line of it is indented as a paragraph's first is)."""
    path = tmp_path / "table.pdf"
    pdf = _report_page(path)
    rows = [(f"第{k}项指标", f"{100 + k}件") for k in range(1, 16)] if cells == "short" else \
        [(f"第{k:02d}项重点任务推进情况", f"已按期完成并通过验收{k:02d}") for k in range(1, 16)]
    for k, (label, value) in enumerate(rows):
        pdf.drawString(96, 700 - 20 * k, label)
        pdf.drawString(330, 700 - 20 * k, value)
    pdf.save()
    text = read(path).text
    assert all(f"{label} {value}" in text for label, value in rows)


def test_fonts_without_a_unicode_map_are_said_not_read_as_a_report(tmp_path):
    """pdf2 F3: the embedded-font fixture with its /ToUnicode maps removed gave control characters and accented
    Latin (the subset's own codes), read as an untitled report of one section of mojibake."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "qingxi_2024.pdf"))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    path = tmp_path / "no_map.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(FazhiError, match="text layer is not readable"):
        read(path)
    from fazhi.core.pdf import _UNREADABLE

    # the symbols reports do use are not taken for a font's codes
    assert not _UNREADABLE.findall("阿卜杜·热合曼 3×4 25°C ±2 http://www.gov.cn/a/b1.html")


def _typed_over_scanned(path: Path, typed_first: bool, typed: int = 1) -> Path:
    """A PDF of `typed` typed pages (or none) and then scanned ones (6 pages in all with one typed), each with a
    portal's stamp line."""
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    font = _font("cid")
    pdf = canvas.Canvas(str(path))
    for page in range(6 + typed - 1):
        pdf.setFont(font, 10)
        if typed_first and page < typed:
            pdf.drawString(72, 760, "某某镇2024年法治政府建设情况报告")
            for row in range(4):
                pdf.drawString(72, 730 - 20 * row, "2024年,我镇坚持以习近平法治思想为指导,全面推进依法行政,取得新成效。")
        else:
            pdf.rect(60, 80, 470, 660, fill=1)  # the scanned page (no text)
        pdf.drawString(72, 40, "某某市人民政府网站 http://www.example.gov.cn 下载时间:2025-02-01")
        pdf.showPage()
    pdf.save()
    return path


def test_scanned_pages_are_said_with_a_portal_s_stamp_on_them_or_under_a_typed_cover(tmp_path):
    """pdf2 F5: a scan with a portal's stamp line on each page said "no report text in the file"; a typed first page
    over scanned pages gave a report without sections, unsaid."""
    with pytest.raises(FazhiError, match=r"no text layer; OCR it first"):
        read(_typed_over_scanned(tmp_path / "stamped.pdf", typed_first=False))
    with pytest.raises(FazhiError, match=r"5 of its 6 pages have no text layer \(pages 2–6: images\); OCR it first"):
        read(_typed_over_scanned(tmp_path / "cover.pdf", typed_first=True))
    # reread8: a typed report over scanned 附件 (more pages than its text) is read
    attached = _typed_over_scanned(tmp_path / "attached.pdf", typed_first=True, typed=3)
    assert read(attached).text.count("取得新成效") == 12


def test_scanned_pages_of_a_report_read_are_said_at_every_reading(tmp_path, monkeypatch, capsys):
    """pdf2: a typed report with scanned 附件 was read without a word of the pages left out; now each reading says
    them (the text kept in the cache keeps them too), `fazhi outline` on stderr and in its JSON, the workbench at
    opening, in the reviewer's language."""
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric
    from fazhi.tui.cli import main
    from fazhi.tui.i18n import Strings
    from fazhi.tui.screens.review import _params

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    attached = _typed_over_scanned(tmp_path / "attached.pdf", typed_first=True, typed=3)
    said = "pages 4–8 have no text layer (images): not read; OCR the PDF to read them"
    assert read(attached).notes == (said,)
    assert read(attached).notes == (said,)  # from the cache
    assert read(FIXTURES / "qingxi_2024.pdf").notes == ()
    assert main(["outline", str(attached), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == f"fazhi outline: {attached}: {said}\n" and json.loads(out)["notes"] == [said]
    review = Review.open(str(FIXTURES / "qingxi_2024.pdf"), str(attached), "王芳", load_rubric(), tmp_path / "s")
    notice = next(n for n in review.notices if n.key == "report_note")
    assert Strings("zh")(notice.key, **_params(notice.params, Strings("zh"))) == \
        "报告 B:第 4–8 页没有文字层(是图片):未读入;要读入请先对 PDF 做文字识别(OCR)"


def test_the_title_over_a_later_page_alone_is_its_running_header(tmp_path):
    """pdf2 F6: a two-page report whose title stands over page 2 only (Word's "different first page") kept it in the
    body, mid-sentence: a line repeated on one page was no furniture."""
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    font, title = _font("cid"), "某某镇2024年法治政府建设情况报告"
    path = tmp_path / "two.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(font, 16)
    pdf.drawString(120, 760, title)
    pdf.setFont(font, 12)
    pdf.drawString(96, 720, "一、工作情况")
    pdf.drawString(96, 700, "2024年,我镇坚持以习近平法治思想为指导,全面推进依法行政,出台稳经济政策,")
    pdf.showPage()
    pdf.setFont(font, 9)
    pdf.drawString(200, 800, title)
    pdf.setFont(font, 12)
    pdf.drawString(72, 760, "制定出台十条政策,全年开展培训12次。")
    pdf.showPage()
    pdf.save()
    outline = parse(read(path))
    assert outline.title == title and outline.text.count(title) == 1
    assert "出台稳经济政策,制定出台十条政策" in outline.find("1").text


def test_one_page_in_two_columns_sets_no_other_page_of_a_report_in_one(tmp_path):
    """A page a report's other pages do not share (a page of two columns, a table taken for one) set the report's
    short last page in two columns too: its notice left of the signature was read before it (reread11 R2). Only a
    gutter most of the pages have is the report's."""
    from pypdf import PdfReader, PdfWriter

    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    two = PdfReader(report_pdf(text, tmp_path / "two.pdf", columns=2))
    one = PdfReader(report_pdf(text, tmp_path / "one.pdf"))
    last = _report_page(tmp_path / "last.pdf")
    last.drawRightString(500, 640, "某某镇人民政府")
    last.drawRightString(500, 620, "2025年1月10日")
    last.drawString(96, 600, "(此件公开发布)")
    last.save()
    alone = read(tmp_path / "last.pdf").text
    assert alone.index("某某镇人民政府") < alone.index("2025年1月10日") < alone.index("(此件公开发布)")
    writer = PdfWriter()
    for page in (two.pages[0], one.pages[0], PdfReader(tmp_path / "last.pdf").pages[0]):
        writer.add_page(page)
    writer.write(tmp_path / "mixed.pdf")
    assert read(tmp_path / "mixed.pdf").text.endswith(alone.split("\n", 1)[1])


def test_a_line_set_in_a_size_past_any_page_is_no_column():
    """reread11 R7: a finite but huge type size made a line's end infinite, and the gap's search raised OverflowError
    outside the reading's guard: a traceback, not one line."""
    from fazhi.core.pdf import _baselines, _gutter

    lines = [(700.0 - 20 * i, 72.0, 12.0, "测试文字测试文字测试") for i in range(12)] + [(0.0, 0.0, 1.5e308, "测试")]
    assert _gutter(_baselines(lines)) is None


# ------------------------------------------------------------------------------- a browser's "Save as PDF"

def test_the_blanks_pypdf_guesses_inside_a_spread_line_are_no_text():
    """pypdf hands the glyphs of a line a browser spread to justify it each with a blank before it (gen22 F1,
    walk22 F1: "全 会 精 神 , 全 面", "一 是" no item): Chinese has no blanks between its characters; a Latin word's gap
    stays, and pieces a column apart are still two cells."""
    from fazhi.core.pdf import _joined

    def line(*pieces, em=16.0, gap=0.2):
        x, chunks = 80.0, []
        for piece in pieces:
            if piece.startswith("|"):  # a column apart (pypdf puts its blank before it too)
                x, piece = x + 2 * em, " " + piece[1:]
            chunks.append((700.0, x, em, piece))
            x += em * len(piece.replace(" ", "")) * (1 + gap)  # (glyphs spread: a blank is none)
        return chunks

    assert _joined(line("全", " 会", " 精", " 神", " ,", " 全", " 面", " 法 治", " 思", " 想")) == "全会精神,全面法治思想"
    assert _joined(line("一", " 是", " 做", " 强", " “", " 一", " 站", " 式", " ”")) == "一是做强“一站式”"
    assert _joined(line("in", " 2024", " the", " ratio")) == "in 2024 the ratio"  # words of a Latin text
    assert _joined(line("局长", " 张三")) == "局长张三"  # close: one phrase (a name set apart is a column apart)
    assert _joined(line("项目", "|完成")) == "项目 完成"  # two cells
    assert _joined(line("中共X区委 X区人民政府")) == "中共X区委 X区人民政府"  # a blank drawn in one piece stays
    # a spread line's cells stay apart (reread22 F4); LibreOffice's stretched pieces close up (pdf23 P1)
    assert _joined(line(" 序", " 号", " 项", " 目", "|完", " 成", " 情", " 况")).strip() == "序号项目 完成情况"
    assert _joined(line("“ 终 点 ", "站", "” 。 一 ", "是做", "强 “ 一 ", "站")) == "“终点站”。一是做强“一站"
    assert _joined(line("平台,", "持 ", "续", "推 进")) == "平台,持续推进"  # a guess at a piece's end too
    # pieces pypdf places at their operation's start, a glyph behind (walk22 F1: "全会 精神")
    lagging = [(700.0, 271.3, 12.0, "全"), (700.0, 271.3, 12.0, "会"), (700.0, 295.3, 12.0, "精"), (700.0, 295.3, 12.0, "神")]
    assert _joined(lagging) == "全会精神"


def test_no_blank_where_a_mark_clings_to_the_text_beside_it():
    """pdf23 P2: after a run LibreOffice stretched, its end estimated from its characters falls short, and the next
    piece seemed a word's gap away: "社会宣传 ,2024年", "规划( 2016"; a mark that clings to its neighbour has no gap
    beside it. A cell a column apart still has one."""
    from fazhi.core.pdf import _joined

    stretched = [(700.0, 79.5, 16.0, "理论论文征集活动并抓好有关主题社会宣传"), (700.0, 408.4, 16.0, ",2024"),
                 (700.0, 453.8, 16.0, "年面向约")]
    assert _joined(stretched) == "理论论文征集活动并抓好有关主题社会宣传,2024年面向约"
    assert _joined([(700.0, 80.0, 16.0, "发展规划（"), (700.0, 190.0, 16.0, "2016-2020)》")]) == "发展规划（2016-2020)》"
    assert _joined([(700.0, 80.0, 16.0, "行政复议"), (700.0, 190.0, 16.0, "（件）")]) == "行政复议 （件）"


#: (sample, the page's style): justified in Noto Serif CJK, a browser spreads lines glyph by glyph (gen22 F1)
JUSTIFIED = "body { font-family: 'Noto Serif CJK SC'; } p { text-indent: 2em; text-align: justify; }"
BROWSER_PDFS = [("qingcheng_2024", JUSTIFIED), ("yingzai_2025", JUSTIFIED),
                # without an indent, a full line "…主要表现在:" then "(⼀)运用…" (a radical for 一): one paragraph (walk22 F1)
                ("qingcheng_2024", "body { font-family: 'Noto Serif CJK SC'; } p { text-align: justify; }"),
                # a page naming no font: the browser's default has no Chinese, each character falls back on its own and
                # pypdf gives several the place of the first (gen22 F6: 17 of 38 sections)
                ("qingxi_2024", "body { font-size: medium; line-height: normal; } p { text-indent: 2em; }")]


@pytest.fixture(scope="module")
def browser_pdfs(tmp_path_factory):
    """Samples as a browser prints a portal's page (Chromium's --print-to-pdf, justified paragraphs in Noto Serif CJK,
    its radicals and ligatures as the browser maps them); .ci/run installs Chromium and the font."""
    import html
    import subprocess

    from tests.e2e.browser import CHROMIUM, missing

    if problem := missing():
        pytest.fail(problem)
    folder, made = tmp_path_factory.mktemp("browser-pdf"), {}
    for name, style in BROWSER_PDFS:
        lines = [ln.strip() for ln in sample(f"{name}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
        body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
        page = folder / f"{name}-{len(made)}.html"
        page.write_text(f"""<html lang="zh-CN"><head><meta charset="utf-8"><style>
            @page {{ size: A4; margin: 30mm 26mm; @bottom-center {{ content: "— " counter(page) " —"; }} }}
            body {{ font-size: 16pt; line-height: 1.6; }} p {{ margin: 0; }}
            h1 {{ font-size: 20pt; text-align: center; font-weight: normal; }} {style}</style></head>
            <body><h1>{html.escape(lines[0])}</h1>{body}</body></html>""", encoding="utf-8")
        made[name, style] = pdf = page.with_suffix(".pdf")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
    return made


@pytest.mark.parametrize("name, style", BROWSER_PDFS)
def test_a_page_a_browser_saved_as_pdf_reads_as_the_txt(name, style, browser_pdfs):
    import re

    got, want = parse(read(browser_pdfs[name, style])), parse(read(sample(f"{name}.txt")))
    assert [(s.id, s.label, s.heading) for s in got.walk()] == [(s.id, s.label, s.heading) for s in want.walk()]
    # the blanks between two characters are the text's (a joint signature's), none guessed from the pieces' places
    # ("人民调解 员": "⺠", "调", "解" given one place, the start of their operation) and none lost (one drawn alone)
    between_characters = re.compile(r"[\u4e00-\u9fff]{2} +[\u4e00-\u9fff]{2}")
    assert between_characters.findall(got.text) == between_characters.findall(want.text)
    assert "戶" not in got.text and "⸺" not in got.text  # the font's 户 and —— as the text wrote them
    assert "―" not in got.text and got.text.count("—") == want.text.count("—")  # and "2023—2025年" (pdf23 P7)


def test_a_last_page_holding_only_the_date_is_text_not_an_image(tmp_path):
    """gen22 F4: a report whose date ran over onto a page of its own was said to have a page without a text layer."""
    from pypdf import PdfWriter

    header = "清溪镇2024年法治政府建设年度报告"
    body = report_pdf(sample("qingxi_2024.txt").read_text(encoding="utf-8"), tmp_path / "body.pdf", header=header)
    dated = report_pdf("2025年1月6日", tmp_path / "date.pdf", header=header)
    whole = PdfWriter()
    for part in (body, dated):
        whole.append(str(part))
    whole.write(tmp_path / "report.pdf")
    document = read(tmp_path / "report.pdf")
    assert document.notes == () and document.text.rstrip().endswith("2025年1月6日")


def test_a_line_ends_where_its_last_piece_does_and_its_radicals_are_read_before_paragraphs():
    """reread22: two hunks of the browser-PDF fixes had no unit test. A spread line's last piece stands past its
    characters' widths from its start (the line looked short and ended its paragraph); "(⼀)" (a radical for 一) under
    a full line "…主要表现在:" was no label, so the heading ran on in the paragraph."""
    from fazhi.core.pdf import _ideographs, _Line, _line, _paragraphs

    spread = _line([(700.0, 80.0, 16.0, "全会", ""), (700.0, 400.0, 16.0, "精神", "")])
    assert spread.x1 == 400.0 + 32.0  # (not 80 + four characters)
    full = "虽然我区2024年法治政府建设工作取得了一定成绩,但与目标还有差距。主要表现在:"
    lines = [_Line(80.0, 80.0 + 16.0 * len(full), 700.0, 16.0, full), _Line(80.0, 400.0, 676.0, 16.0, "(⼀)运⽤法治思维的能⼒有待提⾼"),
             _Line(80.0, 80.0 + 16.0 * len(full), 652.0, 16.0, "个" * len(full))]
    assert _paragraphs(_ideographs([lines])).split("\n")[1].startswith("(一)运用法治思维")


@pytest.mark.parametrize("indent", ["set", "typed"])
def test_a_blank_drawn_by_itself_is_a_blank_of_the_text(indent, tmp_path):
    """pdf32 #6: a producer placing each glyph on its own draws a typed blank on its own too, and pypdf gives it as a
    text of its own, which was left out: "…报告如下: 一、…" read on into its headings (no outline at all), a joint
    title's two bodies ran together. An indent typed as blanks still puts the line where its first character is (the
    first try at this set such lines at the margin: read32)."""
    lines = sample("jinghai_2024.txt").read_text(encoding="utf-8").strip().split("\n")
    title = "中共静海区委 静海镇人民政府关于2024年度法治政府建设情况的报告"
    text = "\n".join([title, " ".join(lines[1:4]), *lines[4:]])  # the lead paragraph runs on into 一、 and (一)
    path = report_pdf(text, tmp_path / "glyphs.pdf", one_by_one=True, indent=indent)
    twin = tmp_path / "glyphs.txt"
    twin.write_text(text, encoding="utf-8")
    got, want = parse(read(path)), parse(read(twin))
    assert got.title == title
    assert [(s.id, s.label, s.heading) for s in got.walk()] == [(s.id, s.label, s.heading) for s in want.walk()]
    assert [s.id for s in want.walk()][:3] == ["0", "1", "1.1"]  # (the twin does find the headings in the run-on)


def _pieces_pdf(path: Path, lines: list[list[tuple[str, float]]], size: float = 16.0) -> Path:
    """Lines drawn as pieces, as LibreOffice draws them: each (text, where it starts: ems after the previous piece's
    end, at its own type size — 0 right after it, negative drawn back over it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    name = _font("cid")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 90
    for pieces in lines:
        x = 72.0
        for text, ems in pieces:
            x += ems * size
            c.setFont(name, size)
            c.drawString(x, y, text)
            x += stringWidth(text, name, size)
        y -= 28
    c.save()
    return path


def test_a_blank_typed_before_a_heading_s_label_is_kept_and_one_drawn_over_is_none(tmp_path):
    """lo33: LibreOffice draws a typed blank inside the piece before it ("…如下: " | "一、…"), which was taken for
    pypdf's guess and dropped: a report's inline headings read on into one another (only "(二)" was found). A blank
    before a heading's label is kept; elsewhere such a blank is still a guess ("持 " | "续"). And a blank drawn by
    itself that the next character is drawn over takes no room: no blank ("2023" | " " | "年" read "2023 年", and the
    year was lost)."""
    from fazhi.core.pdf import _joined

    def line(*pieces: str) -> str:  # pieces drawn one after another, 16 pt, each where the one before ends
        x, chunks = 72.0, []
        for text in pieces:
            chunks.append((700.0, x, 16.0, text))
            x += 16.0 * sum(1.0 if ord(ch) >= 0x2000 else 0.5 for ch in text)
        return _joined(chunks)

    assert line("报告如下: ", "一、坚持党的领导") == "报告如下: 一、坚持党的领导"
    assert line("统筹推进 ", "(一)", "深入学习贯彻") == "统筹推进 (一)深入学习贯彻"
    assert line("持 ", "续推进。", " (二)认真统筹") == "持续推进。 (二)认真统筹"
    assert line("共 ", "1.5万人次") == "共1.5万人次"  # (a figure is no label)
    path = _pieces_pdf(tmp_path / "year.pdf", [[("2023", 0), (" ", 0), ("年,某某镇坚持依法行政。", -0.25)]])
    assert read(path).text == "2023年,某某镇坚持依法行政。"


def test_a_title_at_the_body_s_size_filling_its_line_keeps_apart_from_the_addressee_in_another_font(tmp_path):
    """lo33: a title set at the body's size (Heading 1 in Word), indented as a paragraph and reaching nearly to the
    margin, over "市人大常委会:" at the margin, read as one paragraph: no title, no government. A line drawn in none
    of the fonts of the line before starts a paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))  # (another of reportlab's CJK fonts: nothing to install)
    bold, body = "MSung-Light", _font("cid")
    size, left = 16.0, 79.5
    sentence = "坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,全面推进依法行政,"
    c = canvas.Canvas(str(tmp_path / "title.pdf"), pagesize=A4, invariant=1)
    y = A4[1] - 90
    rows = [(bold, left + 2 * size, "成都市人民政府关于2024年度法治政府建设情况的报告"), (body, left, "市人大常委会:"),
            (body, left + 2 * size, "2024年,市政府" + sentence[:19]), (body, left, sentence[19:] + sentence[:6]),
            (body, left, "取得新成效。"), (body, left + 2 * size, "一、深入学习贯彻习近平法治思想"),
            (body, left + 2 * size, "坚持把习近平法治思想贯彻落实到法治政府建设全过程。")]
    for font, x, text in rows:
        c.setFont(font, size)
        c.drawString(x, y, text)
        y -= 28
    c.save()
    o = parse(read(tmp_path / "title.pdf"))
    assert (o.title, o.government, o.year) == ("成都市人民政府关于2024年度法治政府建设情况的报告", "成都市", 2024)
    assert read(tmp_path / "title.pdf").text.split("\n")[1] == "市人大常委会:"


def test_a_blank_drawn_by_itself_is_kept_across_pypdf_s_line_ends():
    """pdf32's embedded-font PDFs draw a blank the font lacks in another font, and pypdf gives a line end ("\\n", at
    0, 0) between it and the text after it: the blank was waiting for that text to show it takes room, and the line
    end, read as another blank far from it, dropped it ("如下：一、…": no headings)."""
    from fazhi.core.pdf import _chunks

    class Page:  # what _chunks asks of a page: its text operations (and no box: the text is where it is)
        mediabox = cropbox = None

        def extract_text(self, visitor_text):
            for x, y, text in ((72.0, 700.0, "现将有关情况报告如下："), (248.0, 700.0, " "), (0.0, 0.0, "\n"),
                               (252.0, 700.0, "一、坚持党的领导")):
                visitor_text(text, [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, x, y], None, 16)

    assert [c[3] for c in _chunks(Page())] == ["现将有关情况报告如下：\u2002", "一、坚持党的领导"]


def test_a_font_s_subsets_are_one_font_and_a_blank_after_an_overprinted_glyph_is_read_once(tmp_path):
    """read33: pypdf names a font "/ABCDEF+SimSun", and the subset's tag stayed on: a producer embedding a subset per
    page gave each page "another font", and a paragraph going on over a page turn was cut there. And where each glyph
    is drawn twice a fraction of a point apart (a bold the font lacks) and a blank after it, the blank held by the
    second copy only made the two copies differ: "如下：：  一、"."""
    from pypdf.generic import DictionaryObject, NameObject
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from fazhi.core.pdf import _font_name
    from tests.fixtures.make_pdfs import _font

    assert _font_name(DictionaryObject({NameObject("/BaseFont"): NameObject("/ABCDEF+SimSun")})) == "SimSun"
    untagged = DictionaryObject({NameObject("/BaseFont"): NameObject("/FZXiaoBiaoSong-B05S")})
    assert _font_name(untagged) == "FZXiaoBiaoSong-B05S"
    name, size = _font("cid"), 16.0
    c = canvas.Canvas(str(tmp_path / "bold.pdf"), pagesize=A4, invariant=1)
    x = 72.0
    for ch in "现将有关情况报告如下： 一、坚持党的领导。":
        for k in range(2):
            c.setFont(name, size)
            c.drawString(x + 0.3 * k, 700, ch)
        x += stringWidth(ch, name, size)
    c.save()
    assert read(tmp_path / "bold.pdf").text == "现将有关情况报告如下： 一、坚持党的领导。"


def test_a_line_of_latin_in_a_font_of_its_own_stays_in_its_paragraph(tmp_path):
    """The font rule (a line drawn in none of the fonts of the line before starts a paragraph) is for lines of
    Chinese: a web address filling a line in a Latin font goes on with its paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from tests.fixtures.make_pdfs import _font

    body, size, left = _font("cid"), 16.0, 79.5
    first = "全文已在区政府门户网站公开发布并同步推送至政务服务平台供公众查阅网址"  # 28 characters: a full line
    address = "https://www.example.gov.cn/zwgk/fzzfjs/"
    while stringWidth(address + "x", "Helvetica", size) < 28 * size:
        address += "x"
    c = canvas.Canvas(str(tmp_path / "address.pdf"), pagesize=A4, invariant=1)
    for y, font, text in ((700, body, first), (672, "Helvetica", address), (644, body, "。接受社会监督。")):
        c.setFont(font, size)
        c.drawString(left, y, text)
    c.save()
    assert read(tmp_path / "address.pdf").text == f"{first}{address}。接受社会监督。"
