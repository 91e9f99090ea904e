"""Government names compared across a round's reports: one normalisation rule, stated once.

Two names denote the same government when `government_key` gives the same string:
1. Unicode NFKC (full-width letters and digits become ordinary ones) and every kind of whitespace removed;
2. traditional characters mapped to simplified ones (東坑鎮 → 东坑镇), with the outline's own table (core.hanzi);
3. the words for the government itself removed from the end: 人民政府, 政府, 办事处 (清城区人民政府 → 清城区),
   unless nothing would be left;
4. a name of nested areas keeps only its innermost one, as the outline reads names (core.metadata.parse_name:
   清远市清城区 → 清城区; a department such as 东莞市司法局 stays whole);
5. a national administration's name before its bureau's is removed (国家税务总局苏州市税务局 → 苏州市税务局: the
   bureau's first sentence often names it so).

Names are listed by pinyin, not by code point: core.name_order.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from fazhi.core.hanzi import to_simplified
from fazhi.core.metadata import VERTICAL, parse_name
from fazhi.core.patterns import lazy

_SPACE = lazy(r"\s+")
_GOVERNMENT_WORDS = lazy(r"(?:人民政府|政府|办事处)$")


@lru_cache(maxsize=4096)  # pooling asks once per row: a round has a few hundred names
def government_key(name: str) -> str:
    key = to_simplified(_SPACE.sub("", unicodedata.normalize("NFKC", name)))
    key = _GOVERNMENT_WORDS.sub("", key) or key
    if (vertical := VERTICAL.match(key)) and parse_name(key):
        key = key[vertical.end():]
    parsed = parse_name(key)
    return key[parsed.start:parsed.end] if parsed and parsed.end == len(key) else key
