"""PDF reports: the five samples typeset as paginated PDFs (running header, page numbers, lines broken at the
margin) read back to the outline of their .txt; scans, damaged and protected files refused in one line."""
from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.outline import parse
from fazhi.core.report import read
from fazhi.tui.cli import main
from tests.conftest import sample
from tests.fixtures.make_pdfs import EMBEDDED, report_pdf

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
