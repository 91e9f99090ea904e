"""The Chinese line breaker on real paragraphs: widths, 禁则, numbers kept whole, nothing lost."""
from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.conftest import sample
from fazhi.tui.wrap import NO_END, NO_START, wrap, wrap_text

PARAGRAPHS = [p for name in ("qingxi_2024.txt", "dongkeng_2017.txt", "qingcheng_2024.txt")
              for p in sample(name).read_text(encoding="utf-8").split("\n") if len(p) > 60]
NUMBERS = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.mark.parametrize("width", [11, 20, 37, 60])
def test_real_paragraphs(width):
    for para in PARAGRAPHS:
        lines = wrap(para, width)
        assert "".join(para[a:b] for a, b in lines) == para  # nothing lost or repeated
        for i, (a, b) in enumerate(lines):
            line = para[a:b]
            # a line may overhang by one hanging punctuation mark, never more
            assert cell_len(line) <= width + 2
            if i > 0:
                assert line[0] not in NO_START, (width, line)
            if i < len(lines) - 1:
                assert line[-1] not in NO_END, (width, line)
        starts = {a for a, _ in lines}
        for m in NUMBERS.finditer(para):
            if cell_len(m.group()) < width:
                assert not any(m.start() < s < m.end() for s in starts), m.group()


def test_breaks_between_ideographs_without_spaces():
    assert [("一二三四五六七八九十"[a:b]) for a, b in wrap("一二三四五六七八九十", 8)] == ["一二三四", "五六七八", "九十"]


def test_figures_stay_whole():
    text = "调解成功率达到99.34%,受理案件2024件。"
    lines = [text[a:b] for a, b in wrap(text, 14)]
    assert any("99.34%" in ln for ln in lines) and any("2024件" in ln for ln in lines)


def test_a_latin_word_with_brackets_stays_whole():
    """walk22 F5: "6 alignment edit" / "(s)" across the header's two rows."""
    text = "Continuing the session: 4 score(s) (1 noted), 3 annotation(s), 6 alignment edit(s)"
    for width in range(14, 90):  # ("annotation(s)" fits: a word wider than the line is cut)
        lines = [text[a:b] for a, b in wrap(text, width)]
        assert not any(ln.lstrip().startswith("(s)") for ln in lines), width
    # an opening bracket is never left at a line's end for a closing one the word took (reread22 F6)
    for width in range(10, 16):  # (at 9 the figure alone fills a line: the bracket cannot stay with it)
        text = "依法行政(2021-2025)年"
        assert not any(text[a:b].endswith("(") for a, b in wrap(text, width)), width


def test_a_number_keeps_the_character_that_counts_it():
    """"126" at a line's end and "宗" at the next one's start read as two things (seen on screen: 执法案件126 / 宗,…)."""
    for text, width in (("在2024年开展", 6), ("全年办理执法案件126宗,同比增长", 20), ("完成5项", 6)):
        starts = {a for a, _ in wrap(text, width)}
        number = re.search(r"\d+", text)
        assert number.end() not in starts, text
    assert [("2024年1月"[a:b]) for a, b in wrap("2024年1月", 4)] == ["2024", "年", "1月"]  # wider than the line: split


def test_multi_paragraph_offsets():
    text = "第一段文字。\n\n第二段。"
    spans = wrap_text(text, 40, offset=100)
    assert [text[a - 100:b - 100] for a, b in spans] == ["第一段文字。", "第二段。"]


def test_a_closing_mark_hangs_even_at_the_paragraph_end():
    # the only break on the first line would end it with 「 and the next starts with 。: the line overhangs
    assert [("「中。"[a:b]) for a, b in wrap("「中。", 4)] == ["「中。"]


PIECES = ["中", "文", "法", "治", "。", ",", "、", "」", "』", "》", "「", "《", "(", "(", "2024", "99.34%", "abc",
          "X-1", "…", "—", " ", "😀"]


@pytest.mark.parametrize("seed", range(5))
def test_any_text_is_covered_by_nonempty_lines_within_the_width(seed):
    import random

    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        width = rng.randint(4, 24)
        lines = wrap(text, width)
        assert "".join(text[a:b] for a, b in lines) == text
        assert all(a < b for a, b in lines) and all(b == c for (_, b), (c, _) in zip(lines, lines[1:]))
        assert all(cell_len(text[a:b]) <= width + 2 for a, b in lines), (text, width, lines)


def test_a_message_s_long_path_gives_way_before_what_follows_it():
    """walk9 #6: the status line cut a save's message at its end: the copy's stamp that tells it apart, or the reason a
    save failed, were lost behind the folders of a long path."""
    from rich.cells import cell_len

    from fazhi.tui.render import clip_middle, shorten_paths

    copy = "已另存副本:/tmp/w9/s/孙丽-c4e0a8__静海镇2024__清城区2024__d9e39294-7cdf4311__copy-20261127T130700.toml"
    for width in (100, 70, 50):
        said = shorten_paths(copy, width)
        assert cell_len(said) <= width and said.startswith("已另存副本:…/孙丽-") and said.endswith("130700.toml")
    failed = "/tmp/w9/ro/s/孙丽-c4e0a8__静海镇2024__清城区2024__d9e39294-7cdf4311.toml: 无法写入:只读文件系统"
    assert shorten_paths(failed, 80).endswith(": 无法写入:只读文件系统") and cell_len(shorten_paths(failed, 80)) <= 80
    assert shorten_paths(copy, 200) == copy  # as it is where it fits
    two = f"{copy} 与 {failed}"  # two long paths: each shortened where it stood (reread7 #6: the second was garbled)
    said = shorten_paths(two, 90)
    assert cell_len(said) <= 90 and said.count("…/孙丽") == 2 and said.endswith(": 无法写入:只读文件系统")
    # walk21 F2: a sentence with a slash in it is no path ("上/下一批注" kept its start, even at 120 columns)
    sentence = "没有可跳回的地方(查找、依据、批注列表与上/下一批注、命令面板、章节列表与首尾的跳转会记下原处)"
    assert shorten_paths(sentence, 60) == sentence
    assert clip_middle("abcdefghijklmnop", 9) == "abcd…mnop" and clip_middle("短", 9) == "短"
