"""Names listed in the order a Chinese reader expects: by pinyin, not by code point (`name_order`). A module of its
own, not in core.round_names, whose name rules take ~15 ms to load: pooling sorts by it without loading them."""
from __future__ import annotations

from functools import lru_cache


# GB2312's Chinese characters: two bytes, the first 0xB0–0xD7 for level 1 (3,755 common ones, by pinyin), 0xD8–0xF7
# for level 2 (3,008 rarer ones, by radical and strokes); the second byte 0xA1–0xFE.
_GB2312_HANZI = range(0xB0, 0xF8)
_LEVEL2 = 0xD8


def name_order(name: str) -> tuple[tuple[tuple[int, bytes], ...], str]:
    """A sort key that lists names by pinyin (安 < 北 < 长 < 东 < 广 < 海 < 清 < 上 < 武 < 浙), for lists a Chinese
    reader scans by name; code point order (上 < 东 < 北 < … < 长) reads as random.

    Contract: character by character, ASCII first (digits, letters), then GB2312's level-1 characters (3,755 common
    ones, nearly all place names) in pinyin order, its level-2 ones (3,008 rarer ones, which GB2312 orders by
    radical) each among the level-1 ones of its syllable (闵行 among min-, 东莞 before 东营, 衢州 among qu-:
    core.pinyin_level2), then everything else (traditional forms such as 東, rare characters, symbols) in GB18030 byte
    order; a name before the longer names it begins. It uses GB2312's order as the GB18030 codec encodes it (no new
    dependency, no locale), so its limits are GB2312's: a character with several readings is filed under one (长 as
    cháng, 重 as zhòng: 重庆 after 浙江); characters of one syllable follow GB2312's order, not strokes. Total and deterministic: names with equal
    keys (an unencodable character, which becomes "?") are ordered by the name itself."""
    return tuple(_char_order(ch) for ch in name), name


def _char_order(ch: str) -> tuple[int, bytes]:
    code = ch.encode("gb18030", errors="replace")
    if len(code) == 1:
        return 0, code
    if len(code) == 2 and code[0] in _GB2312_HANZI and code[1] >= 0xA1:
        after = _level2_after().get(ch) if code[0] >= _LEVEL2 else None
        # a level-2 character right after the level-1 one of its syllable it follows (the longer bytes sort after)
        return (1, after.encode("gb18030") + b"\x00" + code) if after else (1, code)
    return 2, code


@lru_cache(maxsize=1)
def _level2_after() -> dict[str, str]:
    """Level-2 character → the level-1 character it sorts after (core.pinyin_level2: read once, when one is met)."""
    from fazhi.core.pinyin_level2 import AFTER

    return dict(zip(AFTER[::2], AFTER[1::2]))
