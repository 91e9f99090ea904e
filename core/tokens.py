"""Chinese word tokens behind one small API: jieba loaded once per vocabulary, a document's tokens cached.

Only the word diff (`compare`) needs words; alignment works on characters and never loads jieba. jieba's
dictionary costs about half a second to load and cuts about 1 MB/s, so a document's token boundaries are
kept in memory (keyed by the text itself: its hash is computed once per string) and on disk through
`fazhi.core.cache` (keyed by the text's sha256, TOKENIZER_VERSION and the extra vocabulary), where a
truncated or corrupt file is detected and rebuilt, never trusted.

The extra vocabulary (`words`: e.g. a rubric's phrases, so that 重大行政决策 stays one token) is the
caller's to give: this module knows no rubric.
"""
from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from fazhi.core import cache
from fazhi.core.digest import sha256
from fazhi.core.record import record
from fazhi.core.report import text_sha256

TOKENIZER_VERSION = "2"
_CACHE_KIND = "tokens"
_MEMORY_LIMIT = 64  # documents kept in memory

_lock = threading.Lock()
_tokenizers: dict[tuple[str, ...], object] = {}


def _vocabulary(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words)))


def _tokenizer(vocabulary: tuple[str, ...]):
    """One jieba tokenizer per extra vocabulary (usually one per process), created on first use."""
    with _lock:
        tokenizer = _tokenizers.get(vocabulary)
        if tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word in vocabulary:
                tokenizer.add_word(word, freq=20000)
            _tokenizers[vocabulary] = tokenizer
    return tokenizer


#: The characters each side of a line break that are cut into words, to see whether one spans it.
WORDS_ABOUT_BREAK = 8


def word_across(before: str, after: str) -> bool:
    """Whether jieba, cutting the words about the joint of `before` and `after`, cuts one across it ("…主要举" /
    "措和成效": 举措; not "…建设工作" / "主要做法"), where `before` alone ends unfinished, on a character jieba leaves
    alone (not a whole heading's last word run into the text's first: "规范行政执法" / "监督机制…", read32)."""
    before = before[-WORDS_ABOUT_BREAK:]
    if not before or len(cut(before)[-1]) != 1:
        return False
    end = 0
    for word in cut(before + after[:WORDS_ABOUT_BREAK]):
        end += len(word)
        if end >= len(before):
            return end > len(before) and len(word) > 1
    return False


def cut(text: str, words: Sequence[str] = ()) -> list[str]:
    """jieba words of an arbitrary string (with `words` added to its dictionary); they concatenate to it."""
    if not text:
        return []
    return list(_tokenizer(_vocabulary(words)).cut(text, HMM=True))


@record(frozen=True)
class DocTokens:
    """Word boundaries of one document: token i spans ends[i-1]..ends[i] (strictly increasing)."""

    text: str
    ends: array

    def spans(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Token spans inside [start, end); tokens crossing the edges are cut at them."""
        end = len(self.text) if end is None else min(end, len(self.text))
        if end <= start:
            return []
        inner = self.ends[bisect_right(self.ends, start):bisect_left(self.ends, end)]
        cuts = [start, *inner, end]
        return list(zip(cuts, cuts[1:]))

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        return [self.text[a:b] for a, b in self.spans(start, end)]


_memory: dict[tuple[str, tuple[str, ...]], DocTokens] = {}


def _disk_key(text: str, vocabulary: tuple[str, ...]) -> str:
    """The disk key: the text's sha256, this module's version and the extra vocabulary."""
    vocab = sha256("\n".join(vocabulary).encode()).hexdigest()[:12]
    return f"{text_sha256(text)}-{TOKENIZER_VERSION}-{vocab}"


def is_cached(text: str, words: Sequence[str] = ()) -> bool:
    """Whether `doc_tokens(text, words)` will be instant (no jieba): in memory or stored on disk."""
    vocabulary = _vocabulary(words)
    return (text, vocabulary) in _memory or cache.exists(_CACHE_KIND, _disk_key(text, vocabulary))


def doc_tokens(text: str, words: Sequence[str] = ()) -> DocTokens:
    """Token boundaries of a whole document, from memory, the disk cache, or (once) jieba."""
    vocabulary = _vocabulary(words)
    cached = _memory.get((text, vocabulary))
    if cached is not None:
        return cached
    key = _disk_key(text, vocabulary)
    payload = cache.load(_CACHE_KIND, key)
    ends = array("I")
    if payload is not None and len(payload) % ends.itemsize == 0:
        ends.frombytes(payload)
    # The payload's checksum was verified by `cache.load`; its length must still fit this text.
    if payload is None or (ends[-1] if ends else 0) != len(text):
        ends = array("I")
        pos = 0
        for word in cut(text, vocabulary):
            pos += len(word)
            ends.append(pos)
        cache.store(_CACHE_KIND, key, ends.tobytes())
    tokens = DocTokens(text, ends)
    if len(_memory) >= _MEMORY_LIMIT:
        _memory.clear()
    _memory[(text, vocabulary)] = tokens
    return tokens


def as_symbols(*sequences: Sequence[str]) -> list[list[int]]:
    """Each distinct word as one integer (one alphabet across all sequences), so that rapidfuzz's
    scorers and opcodes work on words instead of characters; any number of distinct words."""
    alphabet: dict[str, int] = {}
    return [[alphabet.setdefault(w, len(alphabet)) for w in words] for words in sequences]
