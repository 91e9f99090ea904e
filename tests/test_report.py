"""Reading reports in every supported form, and refusing bad input with one clear line."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from fazhi.core.errors import FazhiError
from fazhi.core.outline import parse
from fazhi.core.report import DOCX_PART_LIMIT, read
from tests.conftest import sample
from tests.helpers import make_docx, make_html
from fazhi.tui.cli import main

REPORTS = ["qingxi_2024.txt", "dongkeng_2017.txt", "qingcheng_2024.txt"]


def shape(outline):
    return [(s.id, s.level, s.label, s.heading, s.text) for s in outline.walk()], \
        (outline.title, outline.government, outline.year, outline.date)


@pytest.mark.parametrize("name", REPORTS)
def test_gb18030_copy_reads_the_same(name, tmp_path):
    text = sample(name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_bytes(text.encode("gb18030"))
    doc = read(copy)
    assert doc.encoding == "gb18030"
    assert shape(parse(doc)) == shape(parse(read(sample(name))))


def test_utf8_bom_reads_the_same(tmp_path):
    copy = tmp_path / "bom.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + sample("qingxi_2024.txt").read_bytes())
    assert shape(parse(read(copy))) == shape(parse(read(sample("qingxi_2024.txt"))))


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_page_gives_the_same_outline(name, encoding, tmp_path):
    text = sample(name).read_text(encoding="utf-8")
    page = make_html(text, tmp_path / "page.html", encoding)
    got, want = shape(parse(read(page))), shape(parse(read(sample(name))))
    assert got[1] == want[1]
    assert [x[:4] for x in got[0]] == [x[:4] for x in want[0]]
    assert "微信 微博" not in read(page).text and "tracking" not in read(page).text


@pytest.mark.parametrize("name", REPORTS)
def test_docx_gives_the_same_outline(name, tmp_path):
    text = sample(name).read_text(encoding="utf-8")
    docx = make_docx(text, tmp_path / "report.docx")
    got, want = shape(parse(read(docx))), shape(parse(read(sample(name))))
    assert got[1] == want[1]
    assert [x[:4] for x in got[0]] == [x[:4] for x in want[0]]


# ------------------------------------------------------------------------------------------ bad input

def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * (DOCX_PART_LIMIT + 10) + b"</w:document>")


BAD = {
    "missing": (lambda p: None, "no such file"),
    "empty": (lambda p: p.write_bytes(b""), "empty file"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 10), "binary"),
    "undecodable": (lambda p: p.write_bytes("第一行\n".encode() + b"\xff\xfe\xfa\x80\x81\x00\x01"[0:4] + b"\x80" * 50), "undecodable"),
    "corrupt_docx": (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "corrupt .docx"),
    "bomb_docx": (_bomb, "inflates"),
    "malformed_html": (lambda p: p.write_bytes(b"<html><script>var a = 1;</script><div class='nav'>"), "malformed HTML"),
    "whitespace": (lambda p: p.write_bytes(b"  \n\n \t\n"), "no report text"),
}
SUFFIX = {"corrupt_docx": ".docx", "bomb_docx": ".docx", "malformed_html": ".html"}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_naming_the_file(case, tmp_path, capsys):
    make, words = BAD[case]
    path = tmp_path / f"{case}{SUFFIX.get(case, '.txt')}"
    make(path)
    before = path.read_bytes() if path.exists() else None
    assert main(["outline", str(path), "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and str(path) in err and words in err
    assert (path.read_bytes() if path.exists() else None) == before  # nothing touched


def test_directory_and_unknown_extension(tmp_path, capsys):
    assert main(["outline", str(tmp_path)]) == 1
    assert "folder" in capsys.readouterr().err
    odd = tmp_path / "report.rtf"
    odd.write_bytes(b"{\\rtf1 }")
    assert main(["outline", str(odd)]) == 1
    err = capsys.readouterr().err
    assert str(odd) in err and "unknown file type" in err


def test_undecodable_names_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("一、标题\n第二行\n".encode() + b"\x80\x80\xff\xfe" + b"\x81" * 30)
    with pytest.raises(FazhiError) as e:
        read(path)
    assert e.value.line == 3


def test_html_slightly_malformed_is_read_leniently(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<html><body><p>一、工作情况<p>(一)强化领导。内容。<div>二、存在问题</body>", encoding="utf-8")
    assert [s.heading for s in parse(read(path)).walk()] == ["工作情况", "强化领导", "存在问题"]


def test_cli_prints_no_traceback_and_exits_1(tmp_path):
    missing = tmp_path / "nope.txt"
    p = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", "outline", str(missing)], capture_output=True, text=True)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr and str(missing) in p.stderr


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["outline"])
    assert e.value.code == 2


def _outline_peak_kb(path) -> tuple[int, int]:
    code = ("import resource, sys; from core.report import read; from core.outline import parse;"
            "o = parse(read(sys.argv[1])); print(len(list(o.walk())));"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    p = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    sections, peak_kb = map(int, p.stdout.split())
    return sections, peak_kb


def test_twenty_megabyte_text_works_in_bounded_memory(tmp_path):
    """20 MB parses, and memory grows linearly: 4x the text costs at most ~4x the extra memory."""
    text = "".join(sample(n).read_text(encoding="utf-8") for n in REPORTS)
    sizes = {}
    for mb in (5, 20):
        path = tmp_path / f"big{mb}.txt"
        with path.open("w", encoding="utf-8") as f:
            while f.tell() < mb * 1_000_000:
                f.write(text)
        sizes[mb] = _outline_peak_kb(path)
    baseline = _outline_peak_kb(sample("qingxi_2024.txt"))[1]
    assert sizes[20][0] > 10
    extra5, extra20 = sizes[5][1] - baseline, sizes[20][1] - baseline
    assert extra20 <= 4.6 * extra5
    assert sizes[20][1] < 16 * 20_000  # and a small multiple of the file, whatever the machine


def test_page_with_long_unclassed_navigation(tmp_path):
    """Government portals put dozens of menu links in plain divs before the article."""
    nav = "".join(f"<div><a href='/m{i}'>栏目{i}</a></div>" for i in range(40))
    body = sample("jinghai_2024.txt").read_text(encoding="utf-8")
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    page = tmp_path / "portal.html"
    page.write_text(f"<html><body><div id='top'>{nav}</div><div>{paras}</div>"
                    "<div>网站地图</div><div>联系我们</div><div>主办单位:某区政府</div></body></html>", encoding="utf-8")
    got = parse(read(page))
    want = parse(read(sample("jinghai_2024.txt")))
    assert got.title == want.title and [s.heading for s in got.walk()] == [s.heading for s in want.walk()]
    assert "栏目" not in "".join(s.text for s in got.walk())
