"""What makes alignment cheaper must not change it: a round's chains of pairs (each report read and made into
features once) give the counts that aligning each pair alone gives; `fazhi align` loads neither jieba nor numpy."""
from __future__ import annotations

import subprocess
import sys

from fazhi.core import round_scan
from fazhi.core.align import MAX_UNITS, Aligner, align_outlines
from fazhi.core.outline import parse
from fazhi.core.report import read
from fazhi.core.rubric import load_rubric
from fazhi.core.similarity import report_features
from tests.conftest import ROOT, sample

NEXT_YEAR = ROOT / "tests" / "fixtures" / "qingxi_2025_next.txt"


def test_chains_follow_each_pairs_later_report():
    pairs = [("a1", "a2"), ("b1", "b2"), ("a2", "a3"), ("c1", "c2"), ("a3", "a4"), ("b2", "b3")]
    assert round_scan._chains(pairs) == [[0, 2, 4], [1, 5], [3]]


def test_a_report_that_starts_two_pairs_starts_a_second_chain():
    # two reports of one government and year were both kept: each pair still gets its own alignment
    assert round_scan._chains([("x", "y"), ("y", "z"), ("y", "w")]) == [[0, 1], [2]]


def test_a_chain_gives_each_pairs_own_counts():
    paths = [str(sample("dongkeng_2017.txt")), str(sample("qingxi_2024.txt")), str(NEXT_YEAR),
             str(sample("yingzai_2025.txt"))]
    outlines = [parse(read(p)) for p in paths]
    alone = [align_outlines(a, b).counts() for a, b in zip(outlines, outlines[1:])]
    assert round_scan._align_counts(paths, None) == alone
    assert len({tuple(c.values()) for c in alone}) > 1  # the pairs differ: a mix-up would show


def test_shared_features_give_the_same_alignment():
    rubric = load_rubric()
    a, b, c = (parse(read(p)) for p in (sample("qingxi_2024.txt"), NEXT_YEAR, sample("jinghai_2024.txt")))
    fb = report_features(b, rubric, MAX_UNITS)
    # fb serves as B of one pair, then as A of the next: nothing the first alignment does may change it
    first = Aligner(a, b, rubric, features=(report_features(a, rubric, MAX_UNITS), fb)).solve(pins=[("1.1", "1.1")])
    second = Aligner(b, c, rubric, features=(fb, report_features(c, rubric, MAX_UNITS))).solve()
    assert first.to_dict(a, b) == align_outlines(a, b, pins=[("1.1", "1.1")]).to_dict(a, b)
    assert second.to_dict(b, c) == align_outlines(b, c).to_dict(b, c)


def test_align_command_loads_no_word_tokenizer_nor_numpy():
    code = ("import sys, io, contextlib\nfrom fazhi.tui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['align', {str(sample('qingxi_2024.txt'))!r}, {str(sample('dongkeng_2017.txt'))!r},"
            " '--json']) == 0\n"
            "print(sorted(m for m in ('jieba', 'numpy', 'rapidfuzz', 'textual', 'rich') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
