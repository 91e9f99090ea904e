"""outline of 100 KB … 1 MB reports (the samples concatenated, also folded onto one line): time per 100 KB
stays flat; pathological inputs (a 5 MB single line, 10,000 headings in a row, 2,000 numbered items, and texts
just under the limits of lines and sections past which an outline is refused) stay bounded, with peak memory
per MB of text"""
from __future__ import annotations

import tracemalloc

from benchmarks.common import SAMPLES, best_of, say


def run() -> None:
    from benchmarks.synthetic import report
    from fazhi.core.hanzi import int_to_cn
    from fazhi.core.outline import parse_text

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    concatenated = text * (1_100_000 // len(text.encode()) + 1)
    folded = " ".join(line.strip() for line in concatenated.split("\n") if line.strip())
    headed = report(3000, 1, body_sentences=2)  # a heading every ~150 bytes: the grammar's worst case
    say("## outline (linear growth)")
    say("| input | size | sections | time | per 100 KB | baseline: splitlines | ratio |")
    say("|---|---|---|---|---|---|---|")
    for name, source in (("samples concatenated", concatenated), ("synthetic, dense headings", headed),
                         ("samples folded onto one line", folded)):
        for kb in (100, 250, 500, 1000):
            chunk = source.encode()[: kb * 1000].decode("utf-8", "ignore")
            sections = len(parse_text(chunk).walk())
            t = best_of(lambda: parse_text(chunk), 3)
            base = best_of(lambda: chunk.splitlines(), 3)
            say(f"| {name} | {kb} KB | {sections} | {t * 1000:.0f} ms | {t / kb * 100 * 1000:.1f} ms | "
                f"{base * 1000:.2f} ms | {t / base:.0f}× |")
    say()

    sentence = "坚持依法行政,推进严格规范公正文明执法,全年办理行政复议案件12件。"
    many_headings = "".join(
        f"{int_to_cn(a)}、第{a}部分\n" + "".join(
            f"({int_to_cn(b)})第{b}方面\n" + "".join(f"{c}.第{c}项\n" for c in range(1, 10)) for b in range(1, 11))
        for a in range(1, 101))
    items = "一、主要工作\n" + "".join(f"{int_to_cn(k % 10 + 1)}是{sentence}" for k in range(2000)) + "\n"
    numbered = "一、主要工作\n" + "".join(f"{k % 99 + 1}.{sentence}\n" for k in range(2000))
    single_lines = [("the samples folded, repeated", folded * 6),
                    ("running text, a blank every 20 characters", "法治政府建设稳步推进各项工作取得成效 " * 90_000),
                    ("one sentence, no blank", "法治政府建设" * 300_000),
                    ("blanks and labels after every sentence", f"{sentence} (一)" * 60_000)]
    pathological = [
        *((f"{mb} MB single line: {name}", source[: mb * 340_000]) for name, source in single_lines for mb in (1, 5)),
        ("10,000 headings in a row (一、/(一)/1., no body)", many_headings),
        ("2,000 一是…十是 items in one paragraph", items),
        ("2,000 numbered 1.–99. lines under one heading", numbered),
        ("names: 3,000 × 市 then 委、", "2024年," + "市" * 3000 + "委、区政府坚持。\n一、工作\n内容。\n"),
        # near the limits past which a text is refused (outline.MAX_LINES, MAX_SECTIONS): bounded, not gigabytes
        ("900,000 one-character lines (refused past 1,000,000)", "某镇报告\n" + "法\n" * 900_000),
        ("90,000 一是 items in one paragraph (refused past 100,000 sections)",
         "一、主要工作\n" + "".join(f"{int_to_cn(k % 99 + 1)}是依法行政。" for k in range(90_000)) + "\n"),
    ]
    say("| pathological input | size | sections | time | per MB | peak memory per MB of text |")
    say("|---|---|---|---|---|---|")
    for name, source in pathological:
        size_mb = len(source.encode()) / 1e6
        t = best_of(lambda: parse_text(source), 3)
        tracemalloc.start()
        sections = len(parse_text(source).walk())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        say(f"| {name} | {size_mb:.2f} MB | {sections} | {t * 1000:.0f} ms | {t / size_mb * 1000:.0f} ms | "
            f"{peak / 1e6 / size_mb:.1f} MB |")
    say()
