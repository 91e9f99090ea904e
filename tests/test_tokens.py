"""Token boundaries: spans, the disk cache (a truncated or corrupt file is rebuilt, never trusted), the
caller's vocabulary, and word symbols beyond 65k distinct words."""
from __future__ import annotations

import pytest

from fazhi.core import cache, tokens
from fazhi.core.compare import word_diff

TEXT = "推进重大行政决策合法性审查,全年审查文件12份。"


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """An empty disk cache and an empty memory cache."""
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tokens, "_memory", {})
    return tmp_path / "cache"


def _cache_file(text: str, vocabulary=()) -> object:
    return cache.path_for("tokens", tokens._disk_key(text, tokens._vocabulary(vocabulary)))


def test_spans_cover_the_range_and_cut_tokens_at_its_edges(fresh):
    doc = tokens.doc_tokens(TEXT)
    assert "".join(doc.words()) == TEXT
    assert "".join(doc.words(3, 17)) == TEXT[3:17]
    spans = doc.spans(3, 17)
    assert spans[0][0] == 3 and spans[-1][1] == 17 and all(a < b for a, b in spans)
    assert all(x[1] == y[0] for x, y in zip(spans, spans[1:]))
    assert doc.spans(5, 5) == [] and doc.spans(0, 10_000)[-1][1] == len(TEXT)


def test_cached_on_disk_and_in_memory(fresh):
    assert not tokens.is_cached(TEXT)
    first = tokens.doc_tokens(TEXT)
    assert tokens.is_cached(TEXT) and _cache_file(TEXT).exists()
    tokens._memory.clear()
    assert tokens.is_cached(TEXT)  # on disk
    assert tokens.doc_tokens(TEXT).ends == first.ends


@pytest.mark.parametrize("damage", ["truncate", "flip", "wrong length for this text"])
def test_a_damaged_cache_file_is_rebuilt_never_trusted(fresh, damage):
    good = tokens.doc_tokens(TEXT).ends
    tokens._memory.clear()
    path = _cache_file(TEXT)
    raw = bytearray(path.read_bytes())
    if damage == "truncate":
        path.write_bytes(bytes(raw[: len(raw) - 5]))
    elif damage == "flip":
        raw[-3] ^= 0xFF
        path.write_bytes(bytes(raw))
    else:  # a valid file whose boundaries describe another text
        cache.store("tokens", tokens._disk_key(TEXT, ()), good[:-1].tobytes())
    assert tokens.doc_tokens(TEXT).ends == good
    tokens._memory.clear()
    assert tokens.doc_tokens(TEXT).ends == good  # and the rebuilt file is sound
    assert cache.load("tokens", tokens._disk_key(TEXT, ())) == good.tobytes()


def test_the_vocabulary_is_the_callers(fresh):
    plain = tokens.cut(TEXT)
    with_words = tokens.cut(TEXT, ["重大行政决策合法性审查"])
    assert "重大行政决策合法性审查" in with_words and "重大行政决策合法性审查" not in plain
    assert "".join(with_words) == TEXT
    # a different vocabulary is a different cache entry
    tokens.doc_tokens(TEXT)
    assert not tokens.is_cached(TEXT, ["重大行政决策合法性审查"])


def test_tokens_never_load_a_rubric(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from fazhi.core import tokens; tokens.doc_tokens('推进依法行政'); "
            "print('fazhi.core.rubric' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "FAZHI_CACHE_DIR": str(tmp_path)})
    assert out.stdout.strip() == "False"


def test_word_diff_beyond_65536_distinct_words():
    """Words become integers, not private-use characters: no chr() overflow on large texts."""
    words_a = [f"词{i}" for i in range(70_000)]
    words_b = list(words_a)
    words_b[69_990] = "改"
    a, b = "".join(words_a), "".join(words_b)
    ops = word_diff(a, b, words_a, words_b)
    changed = [(a[o.a_start:o.a_end], b[o.b_start:o.b_end]) for o in ops if o.tag != "equal"]
    assert changed and all("改" in y for _, y in changed)
    assert tokens.as_symbols(["x", "y"], ["y", "z"]) == [[0, 1], [1, 2]]
