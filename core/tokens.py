"""Chinese word tokens behind one small API: jieba loaded once, tokens cached by text hash.

jieba's dictionary costs about half a second to load, so it must stay off every hot path: a document's
token boundaries are cached in memory and on disk (keyed by the text's sha256 and this module's
TOKENIZER_VERSION), and `warm_up()` lets a UI load the dictionary in a background worker.
"""
from __future__ import annotations

import bisect
import logging
import os
import re
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fazhi.core.report import text_sha256

TOKENIZER_VERSION = "1"
_lock = threading.Lock()
_jieba = None

#: Words that carry no topic: function words and the report genre's own vocabulary.
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 对 为 是 将 把 被 以 于 由 从 向 并 或 也 都 而 其 之 各 该 此 这 那 有 无 个 中 上 下 "
    "年 月 日 项 次 件 名 人 工作 进一步 加强 推进 推动 开展 全面 持续 深入 不断 切实 积极 有效 提升 提高 强化 "
    "完善 健全 落实 建设 坚持 做好 我镇 我区 我县 我市 全镇 全区 全县 全市 镇 区 县 市 相关 有关 方面 情况 一是 二是 "
    "三是 四是 五是 六是 七是 八是 九是 十是".split()
)
_SKIP = re.compile(r"^[\W_\d]+$|^\s+$")


def cache_dir() -> Path | None:
    """Where token caches live; None disables the disk cache (FAZHI_CACHE_DIR="")."""
    env = os.environ.get("FAZHI_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi"


def _load_jieba():
    global _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            for word in _domain_words():
                jieba.add_word(word, freq=20000)
            _jieba = jieba
    return _jieba


def _domain_words() -> list[str]:
    """The default rubric's keywords, so terms like 重大行政决策 stay one token."""
    from fazhi.core.rubric import load_rubric

    rubric = load_rubric()
    words = {k for a in rubric.areas for k in a.keywords} | {c for p in rubric.parts for c in p.cues}
    return sorted(w for w in words if 2 <= len(w) <= 12 and not re.search(r"[\s、+]", w))


def warm_up() -> None:
    """Load jieba's dictionary now (call from a worker thread so the first screen does not wait)."""
    _load_jieba()


def cut(text: str) -> list[str]:
    """jieba words of an arbitrary string; their concatenation is the string."""
    if not text:
        return []
    return list(_load_jieba().cut(text, HMM=True))


@dataclass(frozen=True)
class DocTokens:
    """Word boundaries of one document: token i spans ends[i-1]..ends[i]."""

    text: str
    ends: array

    def spans(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Token spans inside [start, end); tokens crossing the edges are cut at them."""
        end = len(self.text) if end is None else end
        i = bisect.bisect_right(self.ends, start)
        out = []
        prev = start
        while i < len(self.ends) and prev < end:
            stop = min(self.ends[i], end)
            if stop > prev:
                out.append((prev, stop))
            prev = stop
            i += 1
        return out

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        return [self.text[a:b] for a, b in self.spans(start, end)]


_memory: dict[str, DocTokens] = {}


@lru_cache(maxsize=1)
def _dictionary_key() -> str:
    """Tokens depend on the words added to jieba (the rubric's phrases): they are part of the cache key."""
    import hashlib

    return hashlib.sha256("\n".join(_domain_words()).encode()).hexdigest()[:12]


def _cache_key(text: str) -> str:
    return f"{text_sha256(text)}-{TOKENIZER_VERSION}-{_dictionary_key()}"


def is_cached(text: str) -> bool:
    """Whether `doc_tokens(text)` will be instant (no jieba): in memory or in the disk cache."""
    key = _cache_key(text)
    folder = cache_dir()
    return key in _memory or (folder is not None and (folder / "tokens" / f"{key}.bin").exists())


def doc_tokens(text: str) -> DocTokens:
    """Token boundaries of a whole document, from memory, disk, or (once) jieba."""
    key = _cache_key(text)
    cached = _memory.get(key)
    if cached is not None:
        return cached
    ends = _read_disk(key)
    if ends is None or (ends and ends[-1] != len(text)):
        ends = array("I")
        pos = 0
        for word in cut(text):
            pos += len(word)
            ends.append(pos)
        _write_disk(key, ends)
    tokens = DocTokens(text, ends)
    if len(_memory) > 64:
        _memory.clear()
    _memory[key] = tokens
    return tokens


def _read_disk(key: str) -> array | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        raw = (folder / "tokens" / f"{key}.bin").read_bytes()
    except OSError:
        return None
    ends = array("I")
    ends.frombytes(raw)
    return ends


def _write_disk(key: str, ends: array) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        target = folder / "tokens"
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(ends.tobytes())
        os.replace(tmp, target / f"{key}.bin")
    except OSError:
        pass  # a read-only home only costs speed


@lru_cache(maxsize=65536)
def normalize_term(word: str) -> str | None:
    """A word as a similarity term: NFKC, lower case; None for punctuation, numbers and stop words."""
    w = unicodedata.normalize("NFKC", word).strip().lower()
    if not w or _SKIP.match(w) or w in STOPWORDS:
        return None
    return w


def as_symbols(*sequences: list[str]) -> list[str]:
    """Each distinct word as one private-use character (one alphabet across all sequences), so that
    rapidfuzz's string scorers and opcodes work on words instead of characters."""
    alphabet: dict[str, str] = {}
    return ["".join(alphabet.setdefault(w, chr(0xF0000 + len(alphabet))) for w in words) for words in sequences]


def terms(words: list[str]) -> list[str]:
    return [t for w in words if (t := normalize_term(w))]
