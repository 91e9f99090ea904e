"""core.patterns.lazy: a pattern compiled on first use, and then the compiled pattern's own methods."""
import re
import subprocess
import sys

from fazhi.core import patterns
from fazhi.core.patterns import LazyPattern, lazy


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_re_does():
    pattern = lazy(r"(\d+)\s*年", re.I)
    assert "compiled" not in vars(pattern) and pattern.pattern == r"(\d+)\s*年" and pattern.flags == re.I
    assert pattern.search("2024 年度").group(1) == "2024"
    assert vars(pattern)["compiled"] == re.compile(r"(\d+)\s*年", re.I)
    assert pattern.sub("Y", "2023年与2024年") == re.sub(r"(\d+)\s*年", "Y", "2023年与2024年")
    assert pattern.groups == 1 and [m.group(1) for m in pattern.finditer("1年2年")] == ["1", "2"]


def test_importing_the_readers_compiles_none_of_their_lazy_patterns():
    code = ("import fazhi.core.metadata as m, fazhi.core.report as r, fazhi.core.errors as e, fazhi.core.compare as c\n"
            "from fazhi.core.patterns import LazyPattern\n"
            "lazy = [v for mod in (m, r, e, c) for v in vars(mod).values() if isinstance(v, LazyPattern)]\n"
            "print(len(lazy), sum('compiled' in vars(v) for v in lazy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) >= 30 and out[1] == "0"


def test_the_type_is_what_lazy_returns():
    assert isinstance(lazy("x"), LazyPattern)


def test_any_of_matches_what_the_alternation_longest_first_matches():
    """On the rubric's phrases and synonyms, over texts made of them, their pieces and other characters, and on
    prefixes of one another (法治 / 法治政府 / 法治政府建设)."""
    import random

    from fazhi.core.patterns import any_of
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    phrases = {kw for area in rubric.areas for kw in area.keywords} | {t for g in rubric.synonyms for t in g}
    cases = [sorted(phrases), ["法治", "法治政府", "法治政府建设", "法制", "a.b", "(x)", "治"], ["单"], []]
    rng = random.Random(7)
    for words in cases:
        ours = re.compile(any_of(words))
        theirs = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")
        pieces = words + [w[:k] for w in words for k in range(1, len(w))] + list("的和在。,一是a.()x ") or ["x"]
        for _ in range(200):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
            assert [(m.start(), m.group()) for m in ours.finditer(text)] == \
                   [(m.start(), m.group()) for m in theirs.finditer(text)], (words[:3], text)
    assert re.compile(any_of(["ab", "abcd"])).findall("abcx abcd ab") == ["ab", "abcd", "ab"]
    # 500 words each a prefix of the next: groups nested 500 deep broke re's parser (reread10 R5)
    nested = ["法" * k for k in range(1, 501)]
    text = "法" * 700 + "治" + "法" * 3
    assert re.compile(any_of(nested)).findall(text) == re.findall("|".join(sorted(nested, key=len, reverse=True)), text)
    # a rubric's 5,000-character keyword beside its own prefix: the trie was built a recursion a character deep (fuzz5 F3)
    long = ["法" * 5000, "法" * 2500 + "治", "法治"]
    text = "法" * 7000 + "治" + "法" * 2499 + "治" + "法" * 2500 + "治"
    assert re.compile(any_of(long)).findall(text) == ["法" * 5000, "法治", "法治", "法" * 2500 + "治"] == \
        re.findall("|".join(sorted(long, key=len, reverse=True)), text)


def _run(code: str, cache_dir) -> str:
    env = {**__import__("os").environ, "FAZHI_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout


_PATTERN = r"(?P<year>(?:19|20)\d\d)\s*年(?:度)?|[一二三四五六七八九十]+、"


def test_a_compiled_program_is_read_back_by_the_next_process_without_compiling(tmp_path):
    """The first process compiles and leaves the program in the cache; the next gets an equal pattern while
    re.compile is made to fail (so it never compiled it), and it matches as re's own does."""
    first = ("import re; from fazhi.core.patterns import compile\n"
             f"print(compile({_PATTERN!r}, re.I) == re.compile({_PATTERN!r}, re.I))")
    assert _run(first, tmp_path).split() == ["True"]
    assert list((tmp_path / "regex").glob("*.bin"))
    second = ("import re; expected = re.compile({p!r}, re.I)\n"
              "from fazhi.core import cache  # its own file-name check is compiled on import\n"
              "from fazhi.core.patterns import compile\n"
              "def refuse(*a, **k): raise AssertionError('compiled again')\n"
              "re.compile = refuse\n"
              "p = compile({p!r}, re.I)\n"
              "print(p == expected, p.groupindex['year'], p.search('X 2024 年度 二、').group('year'), p.flags == expected.flags)"
              ).format(p=_PATTERN)
    assert _run(second, tmp_path).split() == ["True", "1", "2024", "True"]


def test_a_program_the_engine_refuses_is_compiled_afresh(tmp_path):
    """A stored program that is not valid code for this engine (another build wrote it, or it was tampered with
    and re-signed) costs a compile, never a wrong match or a crash."""
    code = ("import marshal, re\n"
            "from fazhi.core import cache, patterns\n"
            f"cache.store('regex', patterns._cache_key(), marshal.dumps({{({_PATTERN!r}, 2): (34, [99, 99, 99], 1, {{'year': 1}}, (None, 'year'))}}))\n"
            f"p = patterns.compile({_PATTERN!r}, re.I)\n"
            f"print(p == re.compile({_PATTERN!r}, re.I), p.search('2023年').group('year'))")
    assert _run(code, tmp_path).split() == ["True", "2023"]


def test_with_caching_off_patterns_compile_as_re_compiles(tmp_path):
    code = ("import re; from fazhi.core.patterns import compile\n"
            f"print(compile({_PATTERN!r}) == re.compile({_PATTERN!r}))")
    assert _run(code, "").split() == ["True"]


def test_an_any_of_pattern_is_read_back_by_the_next_process_without_writing_its_trie(tmp_path):
    """The rubric's phrases as one pattern took 3 ms to write at every start: the next process reads it back (the
    trie is never built), the same source; other words make their own."""
    words = ["法治政府", "法治", "行政执法", "行政", "复议", ""]
    first = f"from fazhi.core.patterns import any_of\nprint(any_of({words!r}))"
    made = _run(first, tmp_path).strip()
    assert made == patterns.any_of(words) and re.findall(made, "法治政府行政执法复议") == ["法治政府", "行政执法", "复议"]
    second = ("from fazhi.core import patterns\n"
              "def refuse(*a, **k): raise AssertionError('written again')\n"
              "patterns._branches = refuse\n"
              f"print(patterns.any_of({words!r}))\n"
              "try:\n    patterns.any_of(['其他'])\nexcept AssertionError as e:\n    print(e)")
    assert _run(second, tmp_path).splitlines() == [made, "written again"]


def test_an_any_of_pattern_kept_by_other_code_is_written_afresh(tmp_path):
    """read56 #3: the kept pattern was keyed by the interpreter alone; another fazhi (an upgrade, a second checkout
    sharing the cache) got this one's. The module's code is in the key."""
    words = ["法治政府", "法治", "复议"]
    _run(f"from fazhi.core.patterns import any_of\nprint(any_of({words!r}))", tmp_path)
    other = ("from fazhi.core import patterns, versions\n"
             "versions.code_version = lambda *names: 'other-code'\n"
             "def refuse(*a, **k): raise AssertionError('written again')\n"
             "patterns._branches = refuse\n"
             f"try:\n    patterns.any_of({words!r})\nexcept AssertionError as e:\n    print(e)")
    assert _run(other, tmp_path).strip() == "written again"


def test_past_its_bound_the_program_file_keeps_what_the_last_process_used(tmp_path):
    """read56 #4: past _KEEP programs every process wrote back all it had read and its own: the file only grew."""
    def count() -> int:
        code = ("import marshal; from fazhi.core import cache, patterns\n"
                "print(len(marshal.loads(cache.load('regex', patterns._cache_key()))))")
        return int(_run(code, tmp_path))

    first = ("from fazhi.core import patterns\npatterns._KEEP = 3\n"
             "for k in range(4):\n    patterns.compile(f'a{k}b+')")
    _run(first, tmp_path)
    assert count() == 4  # (one process's own are all kept)
    _run("from fazhi.core import patterns\npatterns._KEEP = 3\npatterns.compile('c+d')", tmp_path)
    assert count() == 1
