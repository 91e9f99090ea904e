"""Inputs that once crashed a reader or the analysis, or made them run for minutes, each kept as a regular test
(found by tests/test_fuzz.py, by longer runs of its strategies, or by measuring cost as inputs grow); and the
rule that data is shown as text, never interpreted by the terminal: file names and report text holding escape
sequences, asserted on the bytes the commands write.

(Over 400 lines: a catalogue, one short test per input that broke something, grouped by the module it broke.)"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from fazhi.core.errors import FazhiError, shown_name
from fazhi.core.outline import MAX_LINES, MAX_SECTIONS, parse, parse_text
from fazhi.core.html_page import html_to_text
from fazhi.core.report import read
from fazhi.tui.cli import main
from tests.conftest import sample

OSC52 = "\x1b]52;c;aGk=\x07"  # would set the terminal's clipboard
CSI = "\x9b31m"  # C1 control sequence introducer: red text on terminals that take 8-bit controls


def finishes(code: str, seconds: int = 60) -> None:
    """Runs `code` (asserts included) in a fresh interpreter; fails if it does not finish within `seconds`. A
    guard against the quadratic paths below (minutes to hours before their fix, well under a second after),
    not a speed measurement."""
    try:
        p = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                           timeout=seconds, cwd=Path(__file__).resolve().parent.parent)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s")
    assert p.returncode == 0, p.stderr


def _run(*args: str) -> subprocess.CompletedProcess:
    """The `fazhi` command with a strict UTF-8 stdout (as under a UTF-8 locale): raw bytes back."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "fazhi.tui.cli", *args], capture_output=True, env=env)


#: What drives a terminal: C0 controls but newline (ESC, BEL …), DEL, C1 controls, bidi overrides.
_DRIVES_TERMINAL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _terminal_safe(raw: bytes) -> str:
    """The bytes as text, asserting they are valid UTF-8 (no raw byte of a file name, no lone surrogate) and
    hold nothing that drives a terminal."""
    text = raw.decode("utf-8")
    assert not _DRIVES_TERMINAL.search(text), f"reached the terminal: {_DRIVES_TERMINAL.findall(text)!r}"
    return text


# ------------------------------------------------------------------------------------------------ pdf

def tiny_pdf(pages: list[bytes], to_unicode: bytes | None = None) -> bytes:
    """A PDF written by hand: one content stream per page, font F1 (Helvetica, or a simple font whose ToUnicode
    CMap is `to_unicode`), a correct cross-reference table."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
    if to_unicode is not None:
        font += b" /ToUnicode %d 0 R" % add(stream(to_unicode))
    font_id = add(font + b" >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for content in pages:
        contents = add(stream(content))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R "
                        b">> >> /Contents %d 0 R >>" % (pages_id, font_id, contents)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def text_lines(lines: list[bytes], x: float = 72, step_x: float = 0, size: int = 12) -> bytes:
    """A content stream: one text line every 20 points down the page, each `step_x` further right."""
    ops = [b"BT /F1 %d Tf" % size]
    ops += [b"1 0 0 1 %g %g Tm (%s) Tj" % (x + step_x * k, 780 - 20 * k, line) for k, line in enumerate(lines)]
    return b"\n".join(ops + [b"ET"])


BODY = [b"Report on the rule of law, year 2024, line %d" % k for k in range(25)]


def test_pdf_whose_lines_all_start_at_different_places_reads(tmp_path):
    """A staircase (no left margin shared by a tenth of the lines) once raised ValueError from min()."""
    path = tmp_path / "staircase.pdf"
    path.write_bytes(tiny_pdf([text_lines(BODY, step_x=7)]))
    text = read(path).text
    assert "line 0" in text and "line 24" in text


def test_pdf_with_a_damaged_matrix_keeps_its_readable_lines(tmp_path):
    """Matrices that overflow to inf (and inf - inf = NaN) once swallowed every line of the page ("no text layer")."""
    huge = b"1" + b"0" * 30
    overflow = (huge + b" 0 0 " + huge + b" 0 0 cm\n") * 11  # 1e330: inf
    path = tmp_path / "matrix.pdf"
    path.write_bytes(tiny_pdf([b"q " + overflow + text_lines(BODY[:12]) + b" Q\n" + text_lines(BODY[12:])]))
    text = read(path).text
    assert "line 12" in text and "line 24" in text and "line 3" not in text


def test_pdf_whose_unicode_map_gives_lone_surrogates(tmp_path):
    """A broken ToUnicode map yields lone UTF-16 surrogates, which once crashed the text's hash and the output."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Broken def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"3 beginbfchar <41> <D800> <42> <4E00> <43> <DC00> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    path = tmp_path / "surrogates.pdf"
    path.write_bytes(tiny_pdf([text_lines([b"ABBBBBBBBBBBBC"] * 20)], to_unicode=cmap))
    doc = read(path)
    assert "\ufffd一一一" in doc.text and not any("\ud800" <= c <= "\udfff" for c in doc.text)
    assert len(doc.sha256) == 64
    p = _run("outline", str(path), "--json")
    assert p.returncode == 0 and p.stdout.decode("utf-8")


# ----------------------------------------------------------------------------------------------- docx

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f"<w:document {_W}><w:body>{body}</w:body></w:document>")
    return path


def refused_in_time(path: Path, words: str, seconds: int) -> None:
    """Reading `path` is refused, with a message holding `words`, within `seconds` (in a process of its own)."""
    finishes(f"""
        from fazhi.core.errors import FazhiError
        from fazhi.core.report import read
        try:
            read({str(path)!r})
        except FazhiError as e:
            assert {words!r} in e.message, e.message
        else:
            raise AssertionError("read")
    """, seconds=seconds)


def _para(text: str, inner: str = "") -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r>{inner}</w:p>"


def test_docx_paragraph_inside_a_paragraph_is_read_once(tmp_path):
    """A text box holds paragraphs inside a paragraph: its text was once read twice (in it and in its parent)."""
    body = _para("一、工作情况") + _para("(一)外层段落。", inner=_para("文本框里的话。")) + _para("内容。")
    text = read(_docx(tmp_path / "box.docx", body)).text
    assert text.count("文本框里的话") == 1 and text.split("\n") == ["一、工作情况", "(一)外层段落。", "文本框里的话。", "内容。"]


def test_docx_with_deeply_nested_paragraphs_is_read_in_one_pass_or_refused(tmp_path):
    """20,000 paragraphs nested in each other: every paragraph once walked its whole subtree (hours). Past
    docx.MAX_NESTING open elements the file is refused in one line (fuzz4 F5: each open element is held); within it,
    read whole in one pass."""
    from fazhi.core.docx import MAX_NESTING

    path = _docx(tmp_path / "nested.docx", "<w:p><w:r><w:t>一、内容。</w:t></w:r>" * 20_000 + "</w:p>" * 20_000)
    refused_in_time(path, f"nests elements more than {MAX_NESTING:,} deep", 60)
    depth = MAX_NESTING - 5  # (w:document and w:body, a w:p a level, the innermost w:r and w:t)
    path = _docx(tmp_path / "nested.docx", "<w:p><w:r><w:t>一、内容。</w:t></w:r>" * depth + "</w:p>" * depth)
    assert read(path).text.count("一、内容。") == depth


def test_docx_entity_expansion_is_refused(tmp_path):
    """A billion-laughs document part: expat's amplification limit, one line naming the file."""
    entities = '<!ENTITY a "一、内容内容内容内容">' + "".join(
        f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8))
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {_W}><w:body>'
                                        f"{_para('&i;')}</w:body></w:document>")
    with pytest.raises(FazhiError, match="corrupt .docx"):
        read(path)


def test_docx_of_more_paragraphs_than_a_report_has_lines_is_refused_before_it_is_walked(tmp_path):
    """fuzz54 F5: a 170 KB file of 1.5 million empty paragraphs was walked whole (a minute, 740 MB) before the outline
    refused its 1.5 million lines; its paragraphs are counted in the XML's bytes first. F7: a part encrypted in the zip
    was said with Python's words (RuntimeError: File <ZipInfo …>)."""
    path = _docx(tmp_path / "many.docx", "<w:p/>" * (MAX_LINES + 1))
    refused_in_time(path, f"{MAX_LINES + 1:,} paragraphs: far more than a report has", 15)
    encrypted = tmp_path / "encrypted.docx"
    data = bytearray(_docx(tmp_path / "plain.docx", _para("一、内容。")).read_bytes())
    for entry in re.finditer(rb"PK\x01\x02", bytes(data)):  # each member's central directory entry: "encrypted"
        data[entry.start() + 8] |= 0x1  # (its data unchanged: zipfile refuses to read it all the same)
    encrypted.write_bytes(bytes(data))
    with pytest.raises(FazhiError) as e:
        read(encrypted)
    assert e.value.message == "encrypted .docx: it needs a password; save an unprotected copy first"
    # read55 #9: Word keeps a password-protected .docx in an OLE compound file (as it kept a .doc)
    protected = tmp_path / "protected.docx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    with pytest.raises(FazhiError, match="encrypted .docx, or a Word 97–2003 file"):
        read(protected)


# ----------------------------------------------------------------------------------------------- html

UNCLOSED = {
    "end tags": '"</" * 1_000_000',
    "declarations": '"<!" * 2_000_000',
    "start tags": '"<a" * 1_000_000',
    "comment openers then a stray >": '"<!--a>" * 200_000',
    "stray less-than signs": '"<" * 2_000_000',
}


@pytest.mark.parametrize("tail", sorted(UNCLOSED))
def test_html_with_constructs_that_never_close(tail):
    """Before Python 3.11.13 HTMLParser.close() rescans to the end of the page from every '<' of a construct
    that never closes (gh-135462): an hour for 2 MB. Such a construct runs to the end of the page, as in a
    browser; what comes before it is read."""
    finishes(f"""
        from fazhi.core.html_page import html_to_text
        text = html_to_text("<p>一、工作情况</p><p>内容。</p>" + {UNCLOSED[tail]}, "page.html")
        assert text.startswith("一、工作情况\\n内容。"), text[:100]
    """)


@pytest.mark.parametrize("tail", ['"<!--" * 250_000', '"<script" * 150_000', '"<" * 1_000_000'])
def test_a_gb18030_page_with_constructs_that_never_close(tmp_path, tail):
    """fuzz5 F1: a page that is not UTF-8 is told GB18030 by its text without markup, stripped with a pattern that
    scanned to the page's end from every comment, script or tag left open: 30 s for 40,000 "<!--" (170 KB), past a
    minute for 1 MB. The page is read, or refused in one line, at once."""
    finishes(f"""
        from fazhi.core.errors import FazhiError
        from fazhi.core.report import read
        page = "<html><body><p>一、工作情况</p><p>" + "某镇人民政府2024年法治政府建设工作报告。" * 200 + "</p>"
        open({str(tmp_path / "page.html")!r}, "wb").write((page + "\u00a4" + {tail}).encode("gb18030"))
        try:
            assert "一、工作情况" in read({str(tmp_path / "page.html")!r}).text
        except FazhiError as e:
            assert "encoding" in e.message
    """)


def test_html_with_a_long_run_of_blanks():
    """Trailing blanks were stripped with a regex that backtracks over every blank of a run (quadratic)."""
    finishes("""
        from fazhi.core.html_page import html_to_text
        text = html_to_text("<p>一、工作情况" + " " * 200_000 + "内容。 </p>", "page.html")
        assert text == "一、工作情况" + " " * 200_000 + "内容。"
    """)


def test_html_stray_end_tags_inside_page_furniture():
    """Each stray end tag inside a skipped block (navigation) once scanned the whole stack of open tags."""
    finishes("""
        from fazhi.core.html_page import html_to_text
        page = "<div class='nav'>" + "<div>" * 100_000 + "</span>" * 100_000 + "</div>" * 100_001 + "<p>一、工作</p>"
        assert html_to_text(page, "page.html") == "一、工作"
    """)


def test_html_character_reference_at_the_end_is_still_read():
    """What feed() leaves for a character reference cut at the end is text, and still read."""
    assert html_to_text("<p>一、工作情况</p>内容 &amp", "page.html").endswith("内容 &")


# ---------------------------------------------------------------------------------------------- areas

def test_rubric_rule_in_a_sentence_without_end():
    """Each hit of a context rule's term once searched back and forth through its whole sentence: a 200 KB
    text without punctuation took over a minute (areas) and three (align)."""
    finishes("""
        from fazhi.core.align import align_outlines
        from fazhi.core.areas import map_areas
        from fazhi.core.outline import parse_text
        from fazhi.core.rubric import load_rubric

        rubric = load_rubric()
        rule = next(r for r in rubric.rules if r.context)
        outline = parse_text("某镇报告\\n一、工作情况\\n" + (rule.term + "法治") * 32_000 + "\\n")
        map_areas(outline, rubric)
        align_outlines(outline, outline, rubric=rubric)
    """)


def test_rubric_rules_decide_sentence_by_sentence():
    """The context of a rule is its own sentence, whatever the sentences around it say."""
    from fazhi.core.areas import phrase_matcher
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    rule = next(r for r in rubric.rules if r.context and r.area != phrase_matcher(rubric).owner[r.term])
    owner = phrase_matcher(rubric).owner[rule.term]
    text = f"{rule.term}。开展{rule.context[0]}工作{rule.term}和{rule.term}。{rule.term}。"
    areas = [area for _, _, phrase, area in phrase_matcher(rubric).scan(text) if phrase == rule.term]
    assert areas == [owner, rule.area, rule.area, owner]


def test_rubric_term_that_is_a_sentence_end(tmp_path):
    """A term that is a sentence end once crashed the rule's sentence lookup; a phrase is read within one sentence,
    so the rubric now refuses it with one line naming the key (its rules read the sentence around it)."""
    from fazhi.core.errors import FazhiError
    from fazhi.core.rubric import DEFAULT_RUBRIC, parse_rubric

    rule = parse_rubric(DEFAULT_RUBRIC.read_text(encoding="utf-8"), "x.toml").rules[0]
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace(f'term = "{rule.term}"', 'term = "。"', 1)
    with pytest.raises(FazhiError) as e:
        parse_rubric(text, "odd.toml")
    assert e.value.exit_status == 2 and "[rules#1(term='。').term] holds '。': a phrase is read within one sentence" in str(e.value)


# ---------------------------------------------------------------------------------------------- compare

def _sentences(k: int, changed: int | None = None) -> list[str]:
    """Words of `k` sentences of 12 words each (sentence `changed` reworded)."""
    words = []
    for n in range(k):
        words += ["改进" if n == changed else "推进", "依法", "行政", "法治", "政府", "建设", "工作", "取得", "成效",
                  f"{n}", "项", "。"]
    return words


def test_word_diff_of_huge_sections_goes_sentence_by_sentence():
    """The word diff costs the product of both lengths: 40,000 words a side is a diff of sentences."""
    from fazhi.core.compare import DIFF_PAIRS_LIMIT, word_diff

    wa, wb = _sentences(3400), _sentences(3400, changed=1700)
    assert len(wa) * len(wb) > DIFF_PAIRS_LIMIT
    a, b = "".join(wa), "".join(wb)
    ops = word_diff(a, b, wa, wb)
    changed = [op for op in ops if op.tag != "equal"]
    assert len(changed) == 1 and a[changed[0].a_start:changed[0].a_end].startswith("推进")
    assert b[changed[0].b_start:changed[0].b_end].startswith("改进") and changed[0].b_end - changed[0].b_start < 40


def test_word_diff_of_sections_too_huge_for_sentences_is_one_replacement():
    """600,000 words a side (a 1 MB section each): once minutes of Indel, now one replacement, at once."""
    finishes("""
        from fazhi.core.compare import word_diff
        from tests.test_bad_input import _sentences

        wa, wb = _sentences(50_000), _sentences(50_000, changed=7)
        a, b = "".join(wa), "".join(wb)
        assert [(op.tag, op.a_start, op.a_end, op.b_start, op.b_end) for op in word_diff(a, b, wa, wb)] == [
            ("replace", 0, len(a), 0, len(b))]
    """)


def test_figures_in_long_runs_of_digits_and_blanks():
    """Found by the long fuzz run: a huge line of digits made the figure pattern retry from every digit
    (quadratic), and blanks after a number were split every way among its four blank runs (hours)."""
    finishes("""
        from fazhi.core.compare import figures

        assert figures("1" * 300_000 + "年") == []
        assert figures("1" + " " * 300_000 + "x") == []
        assert [f.text for f in figures("受理" + "7" * 200_000 + "件,办结 12 件")] == ["12 件"]  # no Infinity
    """)


# --------------------------------------------------------------------------------------- outline bounds

def test_text_of_more_lines_than_a_report_is_refused(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("某镇报告\n" + "某\n" * MAX_LINES, encoding="utf-8")
    with pytest.raises(FazhiError, match="lines: far more than a report has"):
        parse(read(path))


def test_text_of_more_sections_than_a_report_is_refused():
    items = "".join(f"{'一二三四五六七八九'[k % 9]}是法治。" for k in range(MAX_SECTIONS + 1))
    with pytest.raises(FazhiError, match="numbered sections and items: far more than a report has") as e:
        parse_text("某镇报告\n一、工作\n" + items + "\n", "many.txt")
    assert e.value.path == "many.txt"


# ----------------------------------------------------------------------------------------- align bounds

@pytest.fixture
def few_units(monkeypatch):
    """The alignment's limit of sections brought down to the size of a sample."""
    from fazhi.core import align

    monkeypatch.setattr(align, "MAX_UNITS", 12)
    return align


def test_alignment_past_its_limit_aligns_the_top_levels_and_says_so(few_units):
    a, b = parse(read(sample("qingxi_2024.txt"))), parse(read(sample("dongkeng_2017.txt")))
    aligner = few_units.Aligner(a, b)
    alignment = aligner.solve()
    for side, outline in (("a", a), ("b", b)):
        ids = [getattr(p, side) for p in alignment.pairs if getattr(p, side)]
        assert sorted(ids) == sorted(s.id for s in outline.walk())  # every section in exactly one pair
    paired = [p for p in alignment.pairs if p.a and p.b]
    assert paired and all(a.find(p.a).level == 1 and b.find(p.b).level == 1 for p in paired)
    assert any("more than the 12 aligned" in note for note in alignment.notes)
    assert alignment.to_dict(a, b)["degraded"] is True
    deep = next(s.id for s in a.walk() if s.level > 1)
    assert aligner.ranked_partners("a", deep) == []
    with pytest.raises(FazhiError, match=f"its section {deep} is not aligned"):
        aligner.solve(pins=[(deep, "1")])


def test_alignment_of_too_many_top_level_sections_takes_the_first(few_units):
    text = "某镇报告\n" + "".join(f"一、工作情况\n内容{k}。\n" for k in range(30))  # a repeated number still counts
    a = parse_text(text, "a.txt")
    alignment = few_units.align_outlines(a, a)
    assert len([p for p in alignment.pairs if p.a and p.b]) == 12
    assert len(alignment.pairs) == 12 + 2 * 18
    assert any("only its first 12 top-level sections" in note for note in alignment.notes)


# ------------------------------------------------------------------------------- data shown as text only

@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path]:
    """A report whose file name and text hold escape sequences, and the bundled sample beside it."""
    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[1] = OSC52 + "\u202e" + lines[1] + CSI
    lines[2] = lines[2].replace("主要工作", "主要" + CSI + "工作\x1b[2J", 1) + OSC52
    path = tmp_path / f"report{OSC52}{CSI}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, sample("dongkeng_2017.txt")


@pytest.mark.parametrize("command", ["outline", "areas", "align", "outline --json", "align --json", "areas --json"])
def test_escape_sequences_in_names_and_text_never_reach_the_terminal(command, hostile):
    path, other = hostile
    name, *options = command.split()
    p = _run(name, str(path), *([str(other)] if name == "align" else []), *options)
    assert p.returncode == 0, p.stderr
    out = _terminal_safe(p.stdout)
    _terminal_safe(p.stderr)
    if options:  # JSON escapes them, and its values are the name and the text exactly
        data = json.loads(out)
        assert (data["a"] if name == "align" else data)["source"] == str(path)
    elif name in ("outline", "align"):
        assert "主要工作" in out and "主要31m" not in out  # the text as text, its escape sequences dropped whole (walk31)
    if name == "align" and not options:
        assert "report\\x1b]52;c;aGk=\\x07\\x9b31m.txt" in out  # an untitled report goes by its name, escaped


def test_escape_sequences_in_error_messages(tmp_path):
    missing = tmp_path / f"gone{OSC52}{CSI}.txt"
    broken = tmp_path / f"broken{OSC52}{CSI}.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    for args in (["outline", str(missing)], ["align", str(broken), str(broken)], ["areas", str(broken)],
                 ["outline", str(broken), str(missing)]):  # the last: argparse quotes the extra argument
        p = _run(*args)
        assert p.returncode in (1, 2) and p.stdout == b""
        err = _terminal_safe(p.stderr)
        assert err.count("\n") >= 1 and "Traceback" not in err
        assert "\\x1b]52;c;aGk=\\x07\\x9b31m" in err


def test_file_name_that_is_not_utf8(tmp_path):
    """A name with a raw byte that is no UTF-8 (as a GBK-era archive leaves them): the JSON still valid UTF-8 whose
    value is the name Python reads back; a message names it as the round and the workbench show it (`shown_name`:
    U+FFFD for bytes that are no GB18030 either; it was \\udcXX on the command line alone)."""
    raw_name = os.fsencode(tmp_path) + b"/report\x9b\xff.txt"
    with open(raw_name, "wb") as f:
        f.write(sample("jinghai_2024.txt").read_bytes())
    name = os.fsdecode(raw_name)
    for args in (["outline", name], ["areas", name], ["align", name, name]):
        p = _run(*args)
        assert p.returncode == 0
        _terminal_safe(p.stdout)
    p = _run("outline", name, "--json")
    assert json.loads(_terminal_safe(p.stdout))["source"] == name
    p = _run("outline", name + ".missing")
    assert p.returncode == 1 and shown_name(name) in _terminal_safe(p.stderr) and "\\udc" not in p.stderr.decode()
    gb18030 = os.fsencode(tmp_path) + "/清溪".encode("gb18030") + b".txt"
    p = _run("outline", os.fsdecode(gb18030))
    assert p.returncode == 1 and "/清溪.txt: " in _terminal_safe(p.stderr)  # (a name zips made on Chinese Windows leave)


def test_a_name_that_is_not_utf8_is_shown_as_gb18030_where_it_reads_so_else_with_replacement_characters():
    """walkthrough: 清溪 named in GB18030 bytes was shown as \\udcc7\\udce5Ϫ (its second character's bytes happen to be
    UTF-8). Each part of the path is read again from its own bytes; the UTF-8 parts stay as they are."""
    name = os.fsdecode("清溪镇/".encode() + b"\xc7\xe5\xcf\xaa2024.txt")
    assert name.endswith("\udcc7\udce5Ϫ2024.txt")
    assert shown_name(name) == "清溪镇/清溪2024.txt"
    assert shown_name(os.fsdecode(b"report\x9b\xff.txt")) == "report\ufffd\ufffd.txt"  # no GB18030 either
    assert shown_name("东坑镇/\x1b]0;x\x07.txt") == "东坑镇/\\x1b]0;x\\x07.txt"  # control characters written out
    assert shown_name("\ud800.txt") == "\\ud800.txt"  # no file name's byte (surrogateescape's): written out
    assert shown_name("\ud800\udcc7.txt") == "\ufffd" * 6 + ".txt"  # with one: no bytes to read again


def test_a_round_and_a_review_of_a_file_named_not_in_utf8(tmp_path, monkeypatch):
    """fuzz4 F3: one such name anywhere in a round's folder stopped `fazhi round` and `aggregate ROUND` with a
    traceback (its cache could not be written); a review of it could not be saved at all."""
    from fazhi.core import round as rounds
    from fazhi.core.review import Review
    from fazhi.core.rubric import load_rubric

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "round"
    folder.mkdir()
    name = os.fsdecode(os.fsencode(folder) + b"/bad\xffname.txt")
    with open(name, "wb") as f:
        f.write(sample("qingxi_2024.txt").read_bytes())
    for _ in range(2):  # read, then from the cache
        plan = rounds.scan(folder)
        assert [r.b.path for r in plan.reviews] == [name]
    p = _run("round", str(folder), "--json")
    assert p.returncode == 0 and json.loads(_terminal_safe(p.stdout))["reviews"][0]["b"] == name
    # one that needs the reviewer: the round file's template asks to rename it (reread9 M1: a traceback writing it)
    with open(os.fsencode(folder) + b"/\xb2\xe2\xca\xd4.txt", "wb") as f:
        f.write("无单位的文字。".encode("gb18030"))
    p = _run("round", str(folder), "--plain")
    assert p.returncode == 0 and b"Traceback" not in p.stderr
    assert "文件名不是 UTF-8 编码:请先给文件改名" in (folder / "round.toml").read_text(encoding="utf-8")  # (--lang zh)
    review = Review.open(str(sample("jinghai_2024.txt")), name, "王芳", load_rubric(), tmp_path / "s")
    review.set_score("b", "law_enforcement", 2)
    saved = review.save()
    again = Review.open(str(sample("jinghai_2024.txt")), name, "王芳", load_rubric(), tmp_path / "s")
    assert again.session.score("b", "law_enforcement").level == 2
    written = saved.read_bytes()
    again.close()  # reread9 M4: rewritten at every close (the path as stored never equal to the name read)
    assert saved.read_bytes() == written
    assert Review.resume(saved, load_rubric()).b.source == name  # the printed `fazhi resume` finds it


def test_a_reader_s_own_failure_is_one_line_naming_the_file(tmp_path, monkeypatch):
    """fuzz4 F1: a bug a .docx met in the reader (a list starting at -1) was a traceback in outline, align, areas and
    review, and in `resume` of a session beside it, which reads the files there to find its reports."""
    import fazhi.core.docx as docx

    def broken(path, source):
        raise ValueError("invalid literal for int() with base 10: '-'")

    monkeypatch.setattr(docx, "read_docx", broken)
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK")
    with pytest.raises(FazhiError) as e:
        read(path)
    assert e.value.path == str(path) and e.value.message == \
        "fazhi failed on this file (ValueError: invalid literal for int() with base 10: '-'); please report it"


def test_file_name_too_long(capsys):
    """The system refuses the name itself (ENAMETOOLONG), which Path.exists() does not swallow: once a traceback."""
    for args in (["outline", "a" * 300 + ".txt"], ["align", "b/" * 3000 + "x.txt", "c.txt"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cannot read: File name too long" in err


# -------------------------------------------------------------------------------- resume's report search

def test_moved_report_is_found_past_unreadable_docx_and_pdf(tmp_path):
    """`fazhi resume` looks for a moved report by its text: files it cannot read are passed over."""
    from fazhi.core.report import text_sha256
    from fazhi.core.session import ReportRef
    from fazhi.core.store import find_report

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a_corrupt.docx").write_bytes(b"PK\x03\x04" + os.urandom(200))
    (folder / "a_corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n" + os.urandom(300))
    (folder / "b_staircase.pdf").write_bytes(tiny_pdf([text_lines(BODY, step_x=7)]))  # once a ValueError
    wanted = folder / "z_report.txt"
    wanted.write_bytes(sample("jinghai_2024.txt").read_bytes())
    ref = ReportRef(sha256=text_sha256(read(wanted).text), path=str(tmp_path / "elsewhere" / "report.txt"))
    assert find_report(ref, tmp_path / "sessions" / "s.toml", [str(folder)]) == wanted


def test_a_device_or_a_pipe_given_as_a_file_is_refused_not_read_forever(tmp_path):
    """/dev/zero as a session, keymap, rubric or round file filled gigabytes; a FIFO blocked for ever, as a file
    given or as a *.txt in a round folder. Each is one line now (a round lists it among the unreadable files)."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    round_dir = tmp_path / "round"
    round_dir.mkdir()
    os.mkfifo(round_dir / "清溪镇2024.txt")
    sample_text = (Path(__file__).parent.parent / "core" / "samples" / "qingxi_2024.txt").read_bytes()
    (round_dir / "清溪镇2023.txt").write_bytes(sample_text)
    runs = [(["outline", str(fifo)], 1), (["resume", "/dev/zero"], 1), (["resume", str(fifo)], 1),
            (["outline", str(fifo), "--json"], 1), (["round", str(round_dir), "--json", "--round", "/dev/zero"], 2),
            (["round", str(round_dir), "--plain"], 0)]
    for argv, status in runs:
        done = subprocess.run([sys.executable, "-m", "fazhi.tui.cli", *argv], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL, cwd=tmp_path)
        assert done.returncode == status, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        said = "是设备或管道" if argv[0] in ("resume", "round") else "a device or a pipe"  # commands with --lang zh
        if status:
            assert done.stderr.count("\n") == 1 and said in done.stderr, (argv, done.stderr)
        else:
            assert said in done.stdout


def test_a_link_to_nothing_is_named_as_a_link(tmp_path):
    """Found by fuzzing: a loop of symbolic links (loop.txt → loop.txt) was called "no such file"."""
    from fazhi.core.report import read

    loop, dangling = tmp_path / "loop.txt", tmp_path / "dangling.txt"
    loop.symlink_to(loop)
    dangling.symlink_to(tmp_path / "gone.txt")
    for link in (loop, dangling):
        with pytest.raises(FazhiError, match="symbolic link to nothing"):
            read(link)
    with pytest.raises(FazhiError, match="no such file"):
        read(tmp_path / "gone.txt")


def test_utf16_without_its_mark_is_named_and_binary_is_still_binary(tmp_path):
    """Found by fuzzing: a UTF-16 report without a byte-order mark was called a binary file, which names no cure."""
    from fazhi.core.report import read

    sample_text = (Path(__file__).parent.parent / "core" / "samples" / "qingxi_2024.txt").read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(sample_text.encode(encoding))
        with pytest.raises(FazhiError, match="UTF-16 without a byte-order mark"):
            read(path)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(FazhiError, match="binary file"):
        read(noise)
