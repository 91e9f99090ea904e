"""core.patterns.lazy: a pattern compiled on first use, and then the compiled pattern's own methods."""
import re
import subprocess
import sys

from fazhi.core.patterns import LazyPattern, lazy


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_re_does():
    pattern = lazy(r"(\d+)\s*年", re.I)
    assert "compiled" not in vars(pattern) and pattern.pattern == r"(\d+)\s*年" and pattern.flags == re.I
    assert pattern.search("2024 年度").group(1) == "2024"
    assert vars(pattern)["compiled"] is re.compile(r"(\d+)\s*年", re.I)
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
