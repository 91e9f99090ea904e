"""core.name_order: names by pinyin, as a Chinese reader looks them up, with GB2312's limits as its docstring says."""
from __future__ import annotations

import random

from fazhi.core.name_order import name_order

#: Real governments, in the order a Chinese reader expects (pinyin of the first character, then the next).
BY_PINYIN = ["安庆市", "北京市", "长沙市", "东坑镇", "东营市", "广州市", "海口市", "静海镇", "清城区", "清溪镇",
             "上海市", "石家庄市", "武汉市", "厦门市", "营仔镇", "浙江省"]


def test_real_place_names_sort_by_pinyin_not_by_code_point():
    shuffled = random.Random(7).sample(BY_PINYIN, len(BY_PINYIN))
    assert sorted(shuffled, key=name_order) == BY_PINYIN
    assert sorted(BY_PINYIN) != BY_PINYIN  # code point order is another order (上 < 东 < 北 …)
    first = ["安", "北", "长", "东", "广", "海", "清", "上", "武", "浙"]
    assert sorted(reversed(first), key=name_order) == first


def test_the_limits_stated():
    # ASCII first; a name before the longer names it begins
    assert sorted(["东营市", "东营", "2024 年", "Qingxi"], key=name_order) == ["2024 年", "Qingxi", "东营", "东营市"]
    # level 2 (which GB2312 orders by radical) among the level-1 characters of its syllable (walk8: 闵行区 came after
    # 赵县): 亳 (bó) before 浙 (zhè), 莞 (guǎn) before 坑 (kēng), 闵 (mǐn) between 民 and 明, 衢 (qú) after 曲 (qū)
    assert sorted(["亳州市", "浙江省", "安庆市"], key=name_order) == ["安庆市", "亳州市", "浙江省"]
    assert sorted(["东坑镇", "东莞市"], key=name_order) == ["东莞市", "东坑镇"]
    assert sorted(["赵县", "明水县", "闵行区", "民乐县"], key=name_order) == ["民乐县", "闵行区", "明水县", "赵县"]
    assert sorted(["衢州市", "曲靖市", "泉州市"], key=name_order) == ["曲靖市", "衢州市", "泉州市"]
    # (reread7 #5: readings GB2312 files otherwise put 45 anchors out of order, and 澉浦 among the fu- names; ü after u)
    names = ["富阳区", "尕让乡", "甘泉县", "澉浦镇", "卢龙县", "吕梁市", "闾山镇", "栾城区", "络城镇"]
    assert sorted(reversed(names), key=name_order) == names
    # outside GB2312 (a traditional form, a character of GB18030's four-byte range) after all of GB2312
    assert sorted(["東莞市", "𠀀村", "亳州市", "安庆市"], key=name_order)[:2] == ["安庆市", "亳州市"]
    # one reading per character: 重庆 is filed under zhòng
    assert sorted(["重庆市", "浙江省", "长沙市"], key=name_order) == ["长沙市", "浙江省", "重庆市"]


def test_total_on_any_string():
    """A lone surrogate (a file name's undecodable byte) cannot be encoded: it sorts, and two such names keep an
    order of their own."""
    names = ["\udcff镇", "\udcfe镇", "东坑镇"]
    assert sorted(names, key=name_order) == ["\udcfe镇", "\udcff镇", "东坑镇"]
