"""outline of 100 KB … 1 MB reports (the samples concatenated): time per 100 KB stays flat"""
from __future__ import annotations

from benchmarks.common import SAMPLES, best_of, say


def run() -> None:
    from benchmarks.synthetic import report
    from fazhi.core.outline import parse_text

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    concatenated = text * (1_100_000 // len(text.encode()) + 1)
    headed = report(3000, 1, body_sentences=2)  # a heading every ~150 bytes: the grammar's worst case
    say("## outline (linear growth)")
    say("| input | size | sections | time | per 100 KB | baseline: splitlines | ratio |")
    say("|---|---|---|---|---|---|---|")
    for name, source in (("samples concatenated", concatenated), ("synthetic, dense headings", headed)):
        for kb in (100, 250, 500, 1000):
            chunk = source.encode()[: kb * 1000].decode("utf-8", "ignore")
            sections = len(list(parse_text(chunk).walk()))
            t = best_of(lambda: parse_text(chunk), 3)
            base = best_of(lambda: chunk.splitlines(), 3)
            say(f"| {name} | {kb} KB | {sections} | {t * 1000:.0f} ms | {t / kb * 100 * 1000:.1f} ms | "
                f"{base * 1000:.2f} ms | {t / base:.0f}× |")
    say()
