"""Fuzzing the readers and the analysis: no input crashes anything.

Hypothesis (derandomized: the same examples on every run, no database) builds report files from slices of the
samples, mutated as text (control characters C0, DEL and C1, escape sequences, emoji, bidi and zero-width marks,
numbering markers, deleted, duplicated and folded stretches, a huge line, deep numbering) and as a container
(.txt in UTF-8, UTF-8 with BOM, GB18030 and UTF-16; .html; .docx deflated, LZMA, bzip2 or stored; .pdf typeset
from the text, or written by hand from random text operators), then damaged as bytes (flips, truncation,
garbage) or as a structure (a .docx member's data flipped or cut short, sizes that lie, a zip bomb within the
limit, paragraphs nested in each other; a PDF's xref offsets, startxref, stream lengths or stream data broken).

In process, every file is read, outlined, mapped to areas, aligned both ways with a sample and rendered as
the CLI renders it: the only exception allowed is FazhiError, in one line; the text read holds no control
character; every section lands in exactly one pair. A sample of the files goes through the `fazhi` command:
exit status 0, 1 or 2, no traceback, one line on stderr when it fails, nothing that drives a terminal.
Every crash this found is fixed where it belongs and kept as a regular test in tests/test_bad_input.py.
Bounded: about half a minute on two cores.
"""
from __future__ import annotations

import io
import json
import re
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fazhi.core.align import align_outlines
from fazhi.core.areas import map_areas
from fazhi.core.compare import section_figures
from fazhi.core.errors import FazhiError
from fazhi.core.outline import parse, parse_text
from fazhi.core.report import read
from fazhi.core.rubric import load_rubric
from fazhi.tui.render import alignment_table, areas_report, outline_tree
from tests.conftest import SAMPLES
from tests.helpers import make_docx, make_html
from tests.test_bad_input import _DRIVES_TERMINAL, _run, _terminal_safe, text_lines, tiny_pdf

TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
RUBRIC = load_rubric()
REFERENCE = parse(read(SAMPLES / "qingxi_2024.txt"))
FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ------------------------------------------------------------------------------------- text mutations

C0 = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
TOKENS = (C0 + ["\x7f"] + C1
          + ["\x1b]52;c;aGk=\x07", "\x1b[2J", "\x1b[31m", "\x9b31m", "\x1bP+q\x1b\\", "\x1b]0;title\x07"]
          + ["😀", "👨‍👩‍👧", "🇨🇳", "\U0010ffff", "\ufffd"]
          + ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
             "\u2068", "\u2069", "مرحبا", "שלום"]
          + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
          + ["一、", "(一)", "（二）", "1.", "2、", "(1)", "①", "⑳", "一是", "二是", "第一部分", "第十章", "一百零一、", "十十十、"]
          + ["\r", "\r\n", "\u2028", "\u2029", "\xa0", "\u3000", "\t", "\n\n\n", "。", ":", "；"]
          + ["[/x]", "[b]", "<", "&", "&#x1b;", "]]>", "<!--", "2024年12月31日", "99.34%", "1.5万件", "中共某县委"])
MARKERS = ["{cn}、", "({cn})", "{n}.", "({n})", "{circled}", "{cn}是", "第{cn}部分"]
CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

fraction = st.floats(min_value=0.0, max_value=1.0)
text_op = st.one_of(
    st.tuples(st.just("insert"), fraction, st.sampled_from(TOKENS), st.integers(1, 40)),
    st.tuples(st.just("delete"), fraction, st.integers(1, 2000)),
    st.tuples(st.just("duplicate"), fraction, st.integers(1, 400), st.integers(2, 60)),
    st.tuples(st.just("fold"), fraction, st.integers(1, 5000), st.sampled_from([" ", "", "\u3000", "。"])),
    st.tuples(st.just("huge_line"), fraction, st.integers(1, 200), st.integers(1_000, 300_000)),
    st.tuples(st.just("nesting"), fraction, st.integers(1, 400), st.booleans()),
)


def mutate(text: str, ops) -> str:
    for op in ops:
        at = int(op[1] * len(text))
        if op[0] == "insert":
            text = text[:at] + op[2] * op[3] + text[at:]
        elif op[0] == "delete":
            text = text[:at] + text[at + op[2]:]
        elif op[0] == "duplicate":
            text = text[:at] + text[at:at + op[2]] * op[3] + text[at:]
        elif op[0] == "fold":
            text = text[:at] + text[at:at + op[2]].replace("\n", op[3]) + text[at + op[2]:]
        elif op[0] == "huge_line":  # one line of up to 300,000 characters, no newline in it
            chunk = text[at:at + op[2]].replace("\n", "") or "法"
            text = text[:at] + (chunk * (op[3] // len(chunk) + 1))[:op[3]] + text[at:]
        else:  # numbering nested as deep as the markers go, each level numbered on (or restarted)
            lines = []
            for k in range(op[2]):
                n = k // len(MARKERS) + 1 if op[3] else 1
                marker = MARKERS[k % len(MARKERS)].format(cn=CN[(n - 1) % 10], n=n, circled=CIRCLED[(n - 1) % 20])
                lines.append("　" * (k % 9) + marker + f"第{k}层标题。内容。")
            text = text[:at] + "\n" + "\n".join(lines) + "\n" + text[at:]
    return text


# ---------------------------------------------------------------------------------------- containers

def _zip_parts(raw: bytes) -> tuple[int, int, int]:
    """(local header offset, data offset, central directory entry offset) of word/document.xml."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        info = z.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    central = raw.rfind(b"PK\x01\x02")
    while central > 0 and raw[central + 46:central + 63] != b"word/document.xml":
        central = raw.rfind(b"PK\x01\x02", 0, central)
    return info.header_offset, info.header_offset + 30 + name_len + extra_len, central


def docx_bytes(text: str, method: int, tmp: Path) -> bytes:
    path = make_docx(text, tmp / "base.docx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path.read_bytes()


def damage_docx(raw: bytes, how: str, where: float, tmp: Path) -> bytes:
    b = bytearray(raw)
    local, data, central = _zip_parts(raw)
    size = struct.unpack("<I", raw[central + 20:central + 24])[0]
    if how == "member_flip":  # bad deflate / LZMA / bzip2 data, or a bad CRC
        at = data + int(where * max(size - 8, 1))
        b[at:at + 8] = bytes(x ^ 0xA5 for x in b[at:at + 8])
    elif how == "member_cut":  # the member's compressed size cut to a fraction: its data ends too soon
        b[central + 20:central + 24] = struct.pack("<I", max(1, int(size * where)))
    elif how == "size_lies":  # the uncompressed size claimed, in the directory and the local header
        claim = struct.pack("<I", int(where * (2**32 - 1)))
        b[central + 24:central + 28] = claim
        b[local + 22:local + 26] = claim
    elif how == "bomb":  # 8 MB of blanks inside the body: within the limit, it must simply be read
        body = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                '2006/main"><w:body><w:p><w:r><w:t>一、工作情况</w:t></w:r></w:p>' + " " * 8_000_000
                + "<w:p><w:r><w:t>内容。</w:t></w:r></w:p></w:body></w:document>")
        with zipfile.ZipFile(tmp / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", body)
        return (tmp / "bomb.docx").read_bytes()
    elif how == "no_document":
        b = bytearray(raw.replace(b"word/document.xml", b"word/documenx.xml"))
    elif how == "nested":  # every paragraph inside the one before it, as text boxes nest them
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        depth = xml.count("</w:p><w:p>")
        xml = xml.replace("</w:p><w:p>", "<w:p>").replace("</w:body>", "</w:p>" * depth + "</w:body>")
        with zipfile.ZipFile(tmp / "nested.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", xml)
        return (tmp / "nested.docx").read_bytes()
    return bytes(b)


def pdf_from_text(text: str, tmp: Path) -> bytes:
    from tests.fixtures.make_pdfs import report_pdf

    lines = [ln for ln in text.split("\n") if ln.strip()][:60] or ["一、工作情况"]
    try:
        return report_pdf("\n".join(ln[:400] for ln in lines), tmp / "base.pdf").read_bytes()
    except Exception:  # reportlab refuses some characters: the damage below still gets a real PDF
        return report_pdf(TEXTS["jinghai_2024"][:2000], tmp / "base.pdf").read_bytes()


NUMBERS = [b"0", b"1", b"-1", b"12", b"0.5", b"-700", b"1" + b"0" * 30, b"9" * 60, b"1e5", b"nan", b"-0", b".", b"--3"]
pdf_op = st.one_of(
    st.builds(lambda n: b"%s %s %s %s %s %s Tm" % tuple(n), st.lists(st.sampled_from(NUMBERS), min_size=6, max_size=6)),
    st.builds(lambda n: b"%s %s %s %s %s %s cm" % tuple(n), st.lists(st.sampled_from(NUMBERS), min_size=6, max_size=6)),
    st.builds(lambda n: b"/F1 %s Tf" % n, st.sampled_from(NUMBERS)),
    st.builds(lambda n: b"%s %s Td" % tuple(n), st.lists(st.sampled_from(NUMBERS), min_size=2, max_size=2)),
    st.builds(lambda s: b"(%s) Tj" % s, st.sampled_from([b"Report of 2024", b"ABCDEFGHIJKLMNOPQRST", b"\\", b"(", b"",
                                                          b"\x00\x01\x1b", b"line " * 40])),
    st.builds(lambda s: b"[(%s) -200 (%s)] TJ" % (s, s), st.sampled_from([b"Rule of law", b"AB", b"\x9b31m"])),
    st.sampled_from([b"BT", b"ET", b"q", b"Q", b"T*", b"BT /F1 12 Tf", b"1 0 0 RG", b"/X0 Do", b"[", b"<<", b"%"]),
)
CMAPS = [None,
         b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
         b"endcodespacerange 3 beginbfchar <41> <D800> <42> <4E00> <43> <DC00> endbfchar endcmap end end",
         b"begincmap 1 beginbfrange <00> <FF> <4E00> endbfrange endcmap",
         b"begincmap 1 beginbfrange <00> <FF> [<0000> <FFFF>] endbfrange endcmap",
         b"garbage"]


def damage_pdf(raw: bytes, how: str, where: float, seed: int) -> bytes:
    b = bytearray(raw)
    if how == "xref_offsets":  # the table's offsets rewritten: the reader has to rebuild it
        m = re.search(rb"xref\s+\d+ \d+\s+", raw)
        if m:
            for k in range(m.end(), min(len(b), m.end() + 20 * 40), 20):
                b[k:k + 10] = b"%010d" % ((seed * 7919 + k) % max(len(raw), 1))
    elif how == "startxref":
        b = bytearray(re.sub(rb"startxref\s+\d+", b"startxref\n%d" % int(where * 2 * len(raw)), raw))
    elif how == "stream_length":
        b = bytearray(re.sub(rb"/Length \d+", lambda m: b"/Length %d" % (seed % 5000), raw))
    elif how == "stream_data":
        starts = [m.end() for m in re.finditer(rb"stream\r?\n", raw)]
        if starts:
            at = starts[int(where * (len(starts) - 1))] + seed % 40
            b[at:at + 16] = bytes(x ^ 0x5A for x in b[at:at + 16])
    return bytes(b)


def damage_bytes(raw: bytes, how: str, where: float, seed: int) -> bytes:
    b = bytearray(raw)
    if how == "flip" and b:
        for k in range(1 + seed % 40):
            at = int((where + k * 0.6180339887) % 1 * len(b))
            b[at] ^= 1 << (k + seed) % 8
    elif how == "truncate":
        b = b[:int(where * len(b))]
    elif how == "garbage":
        at = int(where * len(b))
        b[at:at] = bytes((seed * 31 + k * 17) % 256 for k in range(1 + seed % 64))
    return bytes(b)


FORMATS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "html", "html-gb18030", "docx-deflate", "docx-lzma",
           "docx-bzip2", "docx-stored", "pdf", "pdf-ops"]
HTML_FRAGMENTS = ["<!--", "</", "<![", "<![CDATA[", "<script>", "<style>", "<div class='nav'>", "</div>", "<a x=\"",
                  "<!DOCTYPE", "<?xml", "&#x1b;", "&#0;", "&#xd800;", "&#x9b;", "<p>一、标题</p>", "<br/>", "<table><td>"]
DAMAGES = {"docx": ["member_flip", "member_cut", "size_lies", "bomb", "no_document", "nested"],
           "pdf": ["xref_offsets", "startxref", "stream_length", "stream_data"],
           "html": ["markup"]}


@st.composite
def report_files(draw, fmt: str | None = None) -> tuple[str, bytes]:
    """(suffix, bytes) of a mutated, possibly damaged report file of format `fmt` (any when None)."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    start = draw(st.integers(0, len(text) // 2))
    text = mutate(text[start:start + draw(st.integers(200, 6000))], draw(st.lists(text_op, max_size=5)))
    fmt = fmt or draw(st.sampled_from(FORMATS))
    kind = fmt.split("-")[0]
    damage = draw(st.sampled_from(["none", "flip", "truncate", "garbage"] + DAMAGES.get(kind, [])))
    where, seed = draw(fraction), draw(st.integers(0, 10_000))
    event(f"damage {damage}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if fmt in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
            suffix, raw = ".txt", text.encode(fmt, "surrogatepass")
        elif kind == "html":
            encoding = "gb18030" if fmt.endswith("gb18030") else "utf-8"
            suffix, raw = ".html", make_html(text, tmp / "page.html", encoding).read_bytes()
            if damage == "markup":
                fragment = draw(st.sampled_from(HTML_FRAGMENTS)).encode() * draw(st.integers(1, 3000))
                at = int(where * len(raw))
                raw = raw[:at] + fragment + raw[at:]
        elif kind == "docx":
            method = {"deflate": zipfile.ZIP_DEFLATED, "lzma": zipfile.ZIP_LZMA, "bzip2": zipfile.ZIP_BZIP2,
                      "stored": zipfile.ZIP_STORED}[fmt.split("-")[1]]
            suffix, raw = ".docx", damage_docx(docx_bytes(text, method, tmp), damage, where, tmp)
        elif fmt == "pdf":
            suffix, raw = ".pdf", damage_pdf(pdf_from_text(text, tmp), damage, where, seed)
        else:  # a PDF written by hand from random text operators, some with broken Unicode maps
            pages = draw(st.lists(st.lists(pdf_op, max_size=30).map(b"\n".join), min_size=1, max_size=3))
            lines = [b"ABC report on the rule of law, year 2024, line %d" % k for k in range(draw(st.integers(1, 40)))]
            body = text_lines(lines, step_x=draw(st.sampled_from([0, 0, 7, -3, 0.01])),
                              size=draw(st.sampled_from([12, 12, 0, -12, 500])))
            suffix = ".pdf"
            raw = damage_pdf(tiny_pdf([body + b"\n" + p for p in pages], draw(st.sampled_from(CMAPS))), damage,
                             where, seed)
    return suffix, damage_bytes(raw, damage, where, seed)


# ------------------------------------------------------------------------------------------- checks

def analyse(path: Path) -> None:
    """What the CLI and the workbench do with a report, in process; only FazhiError may come out, in one line."""
    try:
        doc = read(path)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", doc.text)
        outline = parse(doc)
    except FazhiError as e:
        assert "\n" not in str(e) and str(e).startswith(str(path)), str(e)
        event(f"refused: {re.sub(r'[^a-z .]', '', e.message)[:40]}")
        return
    event(f"outlined: {min(len(outline.walk()), 100) // 20 * 20}+ sections")
    shown = [outline_tree(outline), json.dumps(outline.to_dict(), ensure_ascii=False)]
    areas = map_areas(outline, RUBRIC)
    shown += [areas_report(areas, outline, RUBRIC), json.dumps(areas.to_dict(), ensure_ascii=False)]
    for a, b in ((outline, REFERENCE), (REFERENCE, outline)):
        alignment = align_outlines(a, b, rubric=RUBRIC)
        for side, report in (("a", a), ("b", b)):
            ids = [getattr(p, side) for p in alignment.pairs if getattr(p, side)]
            assert sorted(ids) == sorted(s.id for s in report.walk()), "every section in exactly one pair"
        for pair in alignment.pairs:
            if pair.a and pair.b:
                section_figures(a, a.find(pair.a), b, b.find(pair.b))
        shown += [alignment_table(alignment, a, b), json.dumps(alignment.to_dict(a, b), ensure_ascii=False)]
    for out in shown[::2]:  # the plain renderings: what reaches a terminal
        assert not _DRIVES_TERMINAL.search(out)
    for out in shown:
        out.encode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_report_file_crashes_reading_outline_areas_or_alignment(fmt):
    @settings(FUZZ, max_examples=75)
    @given(report_files(fmt))
    def check(case):
        suffix, raw = case
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "report" + suffix)
            path.write_bytes(raw)
            analyse(path)

    check()


HOSTILE_NAMES = ["report", "r\x1b]52;c;aGk=\x07", "报告\u202e", "r\x9b31m", "r\x1b[2J"]


@settings(FUZZ, max_examples=16)
@given(report_files(), st.sampled_from(HOSTILE_NAMES))
def test_the_command_exits_0_1_or_2_with_one_line_and_no_traceback(case, name):
    suffix, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name + suffix)
        path.write_bytes(raw)
        reference = str(SAMPLES / "jinghai_2024.txt")
        for args in (["outline", str(path)], ["areas", str(path), "--json"], ["align", str(path), reference]):
            p = _run(*args)
            out, err = _terminal_safe(p.stdout), _terminal_safe(p.stderr)
            assert p.returncode in (0, 1, 2) and "Traceback" not in err, err
            if p.returncode:
                assert out == "" and err.count("\n") == 1 and err.startswith("fazhi: "), err
            else:
                assert all(line.startswith("fazhi") for line in err.splitlines()), err  # align's notes


def test_the_mutations_do_what_they_say():
    """The fuzzer's own tools: a huge line is one line, nesting goes deep, damage changes the bytes."""
    text = TEXTS["jinghai_2024"]
    huge = mutate(text, [("huge_line", 0.5, 50, 300_000)])
    assert max(map(len, huge.split("\n"))) >= 300_000
    nested = parse_text(mutate("某镇报告\n", [("nesting", 1.0, 40, True)]))
    assert max(s.level for s in nested.walk()) >= 5
    raw = docx_bytes(text, zipfile.ZIP_LZMA, Path(tempfile.mkdtemp()))
    for how in DAMAGES["docx"][:3]:
        assert damage_docx(raw, how, 0.5, Path(tempfile.mkdtemp())) != raw
    pdf = tiny_pdf([text_lines([b"line"])])
    assert all(damage_pdf(pdf, how, 0.3, 7) != pdf for how in DAMAGES["pdf"])
