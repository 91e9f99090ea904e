"""core.lcs.opcodes is rapidfuzz's Indel.opcodes, computed without loading rapidfuzz for ordinary sections."""
import random
import subprocess
import sys

from rapidfuzz.distance import Indel

from fazhi.core.lcs import SMALL, opcodes


def _rapidfuzz(a, b):
    return [tuple(op) for op in Indel.opcodes(a, b)]


def test_the_opcodes_are_rapidfuzz_s_on_random_sequences():
    rng = random.Random(3)
    for _ in range(4000):
        alphabet = rng.choice(["ab", "abc", "abcdefgh", "的是一二三四"])
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert list(opcodes(a, b)) == _rapidfuzz(a, b), (a, b)
        words_a, words_b = [ord(c) for c in a], [ord(c) for c in b]  # word ids, as word_diff passes them
        assert list(opcodes(words_a, words_b)) == _rapidfuzz(words_a, words_b)


def test_edits_around_a_long_common_middle_and_the_edges():
    middle = "依法行政" * 50
    for a, b in [("", ""), ("", "abc"), ("abc", ""), ("x" + middle, middle + "y"), (middle, middle),
                 ("一是" + middle + "二是", "一是" + middle + "三是"), ("abab", "baba")]:
        assert list(opcodes(a, b)) == _rapidfuzz(a, b)


def test_a_table_past_small_goes_to_rapidfuzz_with_the_same_result():
    rng = random.Random(5)
    a = [rng.randrange(50) for _ in range(1100)]
    b = [rng.randrange(50) for _ in range(1000)]
    assert len(a) * len(b) > SMALL
    assert [tuple(op) for op in opcodes(a, b)] == _rapidfuzz(a, b)


def test_a_small_diff_loads_no_rapidfuzz():
    code = ("import sys; from fazhi.core.compare import word_diff\n"
            "word_diff('推进依法行政工作', '持续推进依法行政', ['推进', '依法', '行政', '工作'], ['持续', '推进', '依法', '行政'])\n"
            "print('rapidfuzz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
