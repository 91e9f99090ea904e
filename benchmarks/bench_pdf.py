"""reading a 100-page PDF report against reading its .txt plus pypdf's own text extraction (target ≤ 3×)"""
from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import ROOT, SAMPLES, best_of, cache_in, say

PAGES = 100


def run() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader

    from fazhi.core import pdf as pdf_module
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from tests.fixtures.make_pdfs import WQY, report_pdf

    text = (SAMPLES / "qingcheng_2024.txt").read_text(encoding="utf-8")
    font = "embedded" if WQY.exists() else "cid"
    say("## pdf")
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-pdf-") as tmp:
        pdf, txt = Path(tmp) / "report.pdf", Path(tmp) / "report.txt"
        repeat = 1
        while True:  # the sample's body typeset again and again until the report has PAGES pages
            report_pdf(text, pdf, font=font, repeat=repeat)
            pages = len(PdfReader(pdf).pages)
            if pages >= PAGES:
                break
            repeat = max(repeat + 1, int(repeat * PAGES / pages))
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()] * repeat
        txt.write_text("\n".join(paragraphs), encoding="utf-8")

        def library_alone(**how) -> None:
            for page in PdfReader(pdf).pages:
                page.extract_text(**how)

        # cold: the PDF's text is kept in the cache by its bytes (core/pdf.py), so every timed read runs without one
        with cache_in(""):
            t_pdf = best_of(lambda: parse(read(pdf)), 3)
            t_txt = best_of(lambda: parse(read(txt)), 3)
        with cache_in(str(Path(tmp) / "cache")):
            parse(read(pdf))  # its text kept, as the first opening keeps it
            t_warm = best_of(lambda: parse(read(pdf)), 3)
        t_lib = best_of(library_alone, 3)
        t_visit = best_of(lambda: library_alone(visitor_text=lambda *chunk: None), 3)
        same = [(s.label, s.heading) for s in parse(read(pdf)).walk()] == [(s.label, s.heading) for s in parse(read(txt)).walk()]
        floor = t_txt + t_lib
        say(f"- {pages}-page PDF ({pdf.stat().st_size // 1024} KB, {font} CJK font, running header and page numbers), "
            f"read + outline: {t_pdf:.2f} s")
        say(f"- its .txt read + outline: {t_txt * 1000:.0f} ms; pypdf alone extracting every page's text: {t_lib:.2f} s")
        say(f"- ratio PDF / (.txt + pypdf alone): {t_pdf / floor:.2f}× (target ≤ 3×); same outline as the .txt: {same}")
        say(f"- read + outline again, its text kept in the cache (a second opening): {t_warm * 1000:.0f} ms "
            f"({t_warm / t_pdf:.2f}× the first)")
        lines = pdf_module._page_lines(pdf, str(pdf))
        t_post = best_of(lambda: pdf_module._paragraphs(pdf_module._drop_furniture(lines)), 3)
        say(f"- pypdf walking the same pages with a do-nothing position visitor (what core.pdf asks of it): "
            f"{t_visit:.2f} s; core.pdf's own work on the extracted lines (furniture, paragraphs): {t_post * 1000:.0f} ms")
        try:
            import pdfplumber
        except ImportError:
            say("- pdfplumber not installed: no comparison")
        else:
            def plumber() -> None:
                with pdfplumber.open(pdf) as doc:
                    for page in doc.pages:
                        page.extract_text()

            t_plumber = best_of(plumber, 3)
            say(f"- for the choice of library: pdfplumber extracting the same pages {t_plumber:.2f} s "
                f"({t_plumber / t_lib:.1f}× pypdf)")
    say()
