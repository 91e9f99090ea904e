"""What surrounds a report's numbered body, and the metadata read from it: title, government, year, date.

A published page puts matter around the report: site furniture (breadcrumbs, 来源/发布时间/浏览次数 lines,
share buttons, menus), a metadata block (索引号/公文种类/成文日期 …), a portal column name (工作报告), a list of other
reports, the title (once, twice, or over two or three lines), the addressee (市委、市政府:) and, after the body,
the signature and its date. This module classifies such lines and reads the metadata:

- title: the best title of the head, each title-like line scored with the lines it is one title with (one that
  names a government or a year beats a bare column name; among equals the one nearest the text, after a page
  title; never an item of a list of other reports: _outside_lists); a labelled 标题:/名称: value beats all, also
  in a row of fields, and read on when its cell wrapped it. A title is up to three lines: pieces broken anywhere
  ("…关于2023年度法治政府建设" / "工作情况的报告"), under lines that only name the body ("中共X县委" / "X县人民政府" /
  "关于2022年度…报告"); a title run on into its 来源/发布时间 line is cut there, and a list's date before it is no
  part of it. It is given without a trailing publication date, document number or site name ("(2024-02-26)",
  "X府〔2025〕3号", "_X镇人民政府门户网站", "_X镇人民政府"), nor the 《》 or 【】 that set it off; an empty field
  (文号:) never takes the title as its value;
- government: the reporting body and the evidence used (`Government.source`): the title (or the line naming the
  body under a title that names none), the signature, the first sentence's subject, the 发布机构 field ("metadata";
  its area when a bureau publishes a text that calls itself 我县), the page's 来源 where the text speaks as a department
  (我局) and it names one (or as its area, as 发布机构), or the names the text gives itself (quoted document
  titles, 中共X县委, X区委、区政府, matched to how it calls itself: 我县/全区 …; in the text, not in the page's
  furniture above it: a portal's name, a list of other bodies' reports). A department's report is
  reported by the department (东莞市司法局), its area kept apart (`parent`). Province short names get their
  suffix (广东 → 广东省);
- date: the signature's date, else the 成文日期 field, else a date line in the head;
- year: the title's, the first sentence's (not a quoted document's: 《纲要(2021-2025年)》), the headings' (a plan
  heading's year less one), else the year before the date.

Everything here matches on the simplified shadow of the text (hanzi.reading_shadow: same offsets); every string
returned is cut from the text as published.

(Some 700 lines: the title, government and year rules all read the same line kinds and the same grammar of unit
names; each has its section below.)
"""
from __future__ import annotations

import re

from fazhi.core.hanzi import BLANK, CN_DIGITS, HAN, SENTENCE_END, cn_to_int
from fazhi.core.patterns import lazy
from fazhi.core.record import field, record


@record
class Line:
    """A line of the text (or a piece of a folded line): code-point span and its shadow text."""

    start: int
    end: int
    text: str


@record(frozen=True)
class Government:
    name: str  # as published: "东莞市司法局", "清城区", "炭步鎮"
    parent: str | None  # the area above it when the text names it: "东莞市", "清远市"
    source: str  # the evidence: "title" | "signature" | "first_sentence" | "metadata" | "text" | "header"


# ---------------------------------------------------------------------------------------- line kinds

_DEBRIS = lazy(
    r"^(头部|尾部|ico|icon|首页|当前位置|您当前的位置|【?字体[:\uff1a]?|[【\[]?\s*(大|中|小)\s*[】\]]|打印(本页)?|关闭(窗口)?"
    r"|分享到[:\uff1a]?|扫一扫.*|相关(附件|新闻|链接|文章)|附件[:\uff1a]?|媒体报道|音频视频|部门解读|图解类|新闻发布会|访谈|文章关键词[:\uff1a]?"
    r"|上一篇.*|下一篇.*|返回顶部|网站地图|联系我们|收藏|责任编辑.*|编辑[:\uff1a].*|浏览次数.*|阅读次数.*|高级搜索|无障碍.*"
    r"|政府信息公开|信息公开|简体\s*\|?\s*繁体|今天是.*)$"
    r"|备案号|ICP备|公网安备|主办单位|承办单位?[:\uff1a]|技术支持|网站标识码|版权所有|您访问的链接即将离开|发布时间[:\uff1a]|更新时间[:\uff1a]"
    r"|来源\s*[:\uff1a·]|信息来源|浏览次数|点击[数量率]|(您所在的|当前)位置|^\s*[\u4e00-\u9fff]{0,6}位置\s*[:\uff1a]"
    r"|首页\s*[>›»\uff1e/\uff0f|\uff5c\-–]"
    r"|\s[>›»\uff1e]\s|^\W{0,3}(?:您好\W{0,2})?欢迎您?(?:访问|光临|来到|使用)"
    # a menu: four or more short items set apart by bars, or six or more by blanks ("首页 | 政务公开 | …")
    r"|^(?:[^\s|｜丨]{1,8}\s*[|｜丨]\s*){3,}[^\s|｜丨]{1,8}$|^(?:[\u4e00-\u9fff]{2,6}[ \u3000]+){5,}[\u4e00-\u9fff]{2,6}$"
    r"|【?字体\s*[:\uff1a]\s*[【\[]?\s*大|分享到\s*[:\uff1a]",
    re.I,
)
_METADATA_LABELS = ("索引号", "主题分类", "公文种类", "体裁分类", "组配分类", "信息分类", "发布机构", "发文机关", "发文机构",
                    "文号", "发文字号", "成文日期", "发文日期", "发布日期", "生效日期", "废止日期", "有效性", "效力状态",
                    "标题", "名称", "主题词", "关键词", "公开方式", "公开范围", "所属机构", "统一编号", "签发人")
_METADATA = lazy(
    r"^[\s•·●◆■▪\-*]*(" + "|".join(r"\s*".join(label) for label in _METADATA_LABELS) + r")\s*[:\uff1a]?\s*")
#: A signature's date, in digits or Chinese numerals, 元月 for January; a seal's mark after it ("（盖章）") is no part of it.
_DATE = lazy(r"^[(\uff08]?\s*((?:19|20)\d\d|[〇零○O0一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3}|元)\s*月"
             r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[)\uff09]?\s*(?:[(\uff08]\s*(?:盖章|印章|公章|签章|章)\s*[)\uff09])?$")
_DATE_LIKE = lazy(r"^[(\uff08]?\s*(?:19|20)\d\d\s*年[\d\s年月日.-]*[)\uff09]?$")
_ISO_DATE = lazy(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
#: (The day ends the date: "2023年1-12月…" is a title's period, not a date before it.)
_LEADING_DATE = lazy(r"^[\s(\uff08\[【]*(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
                     r"(?:\s*日|(?=[\s)\uff09\]】]))[\s)\uff09\]】]*")
#: A document number after a title: "…的报告 X府〔2025〕3号", "…的报告(X府报〔2025〕3号)".
_DOCUMENT_NUMBER = lazy(r"[\s(\uff08]*[\u4e00-\u9fff]{1,10}[〔\[【(\uff08]\s*(?:19|20)\d\d\s*[〕\]】)\uff09]"
                        r"\s*\d{1,4}\s*号\s*[)\uff09]?\s*$")
#: …or a month in brackets ("…年度报告(2025年3月)": when it was written, gen18 F8).
_TRAILING_DATE = lazy(r"[\s(\uff08\[【]*(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\s)\uff09\]】]*$"
                      r"|\s*[(\uff08]\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*[)\uff09]\s*$")
#: A year, in digits or in Chinese numerals (二〇二三年), not the end of a span of years ("2021-2025年").
#: 2024, 二〇二四, and 二0二四 (a digit zero for 〇, as often typed; the full-width ０ reads as 0 in the shadow).
_YEAR_NUMBER = r"(?:19|20)\d\d|二[〇零○O0][〇零○O0一二三四五六七八九]{2}"
_YEAR = lazy(rf"(?<![-—–~～至到])({_YEAR_NUMBER})\s*年")
#: A year as a title writes it before or after the body's name: "2024年度", "二〇二四年".
_YEAR_WORD = rf"(?:{_YEAR_NUMBER})\s*年度?"
#: A heading that announces next year's plan: its year is the one after the year reported on.
_PLAN_YEAR = lazy(r"年度?(?:法治政府建设)?(?:工作)?(?:打算|计划|思路|安排|要点|展望|重点)")
#: Quoted titles (《…》): the years in them are other documents' (《纲要(2021-2025年)》, last year's report).
_QUOTED = lazy(r"《[^《》]{0,80}》")
_TITLE_HINT = lazy(r"报告|情况|工作总结")
_SIGNATURE = lazy(r"(人民政府|委员会|政府|办公室|办公厅|司法局|局|厅|街道办事处|管委会|管理委员会)$")
#: Punctuation inside a sentence: a line holding it is running text, never a title or a piece of one.
_CLAUSE_MARK = lazy(r"[。;；,，:：!?！？]")


def _year_value(digits: str) -> int:
    """2023 from "2023" or "二〇二三"."""
    return int(digits) if digits.isdigit() else int("".join(str(CN_DIGITS.get(c, 0)) for c in digits))


def is_debris(line: str) -> bool:
    return bool(_DEBRIS.search(line.strip()))


def furniture_label(line: str) -> bool:
    """The line holds a page's furniture as a label stands: its word ends the line, a mark (: · >) or a blank follows
    it ("文章来源 · 市政府办公厅", "首页 > 政务公开", "浏览次数:12"). `is_debris` finds the word anywhere, and running
    text says 技术支持, 信息来源 too ("提供技术支持的单位": reread7 #4)."""
    s = line.strip()
    m = _DEBRIS.search(s)
    return bool(m) and (m.end() == len(s) or s[m.end() - 1] in _LABEL_MARKS or s[m.end()] in _LABEL_MARKS + BLANK)


_LABEL_MARKS = ":\uff1a·>›»\uff1e|\uff5c"


def metadata_field(line: str) -> tuple[str, int] | None:
    """(label without spaces, offset of its value) for a metadata-block line such as "• 成文日期: 2025-02-24"."""
    m = _METADATA.match(line)
    if not m or m.end(1) == m.end() and m.end() < len(line.rstrip()):
        return None  # a label needs a colon or a blank before its value ("标题栏…" is text), or stands alone
    return _SPACE.sub("", m.group(1)), m.end()


_LABELS = "|".join(r"\s*".join(label) for label in _METADATA_LABELS)
_CELL_GAP = r"(?:\t|[" + BLANK + r"]{2,})"
#: A further field in a row of them: after a blank with its colon ("索引号:… 标题:… 文号:…"), or as a table's cells
#: copied from a page, a label between tabs or wide gaps with no colon ("标题\tX镇…报告\t文号\t无": gen31 #1).
_ROW_FIELD = lazy(rf"[{BLANK}]+[•·●◆■▪\-*]?\s*({_LABELS})\s*[:\uff1a]\s*"
                  rf"|{_CELL_GAP}({_LABELS})(?:{_CELL_GAP}|[{BLANK}]*$)")


def row_fields(line: str, label: str, at: int) -> list[tuple[str, int, int]]:
    """The fields of a metadata line whose first label (`metadata_field`) has its value at `at`: (label, value
    start, value end) each, a value running to the next field's label ("标题:X镇…报告  文号:X府〔2025〕3号")."""
    fields = []
    for m in _ROW_FIELD.finditer(line, at):
        fields.append((label, at, m.start()))
        label, at = _SPACE.sub("", m.group(1) or m.group(2)), m.end()
    return [*fields, (label, at, len(line))]


#: How a report's first sentence opens: "2024年,", "2024年以来,", "2024年度," (a hard-wrapped first line may hold
#: no sentence end and be short).
_OPENING = lazy(r"^(?:19|20)\d\d\s*年(?:度|以来)?\s*[,\uff0c]")


def is_paragraph(line: str) -> bool:
    """A line of running text (as opposed to page furniture, titles and signatures): it has a sentence end, it
    opens as a report's first sentence does, or it is long and no title."""
    s = line.strip()
    return (len(s) >= 2 and (s[-1] in SENTENCE_END + "”\"" or any(c in s[:-1] for c in SENTENCE_END))
            or s[:1] in "12" and bool(_OPENING.match(s)) or len(s) >= 40 and not title_like(s))


def is_date(line: str) -> bool:
    s = line.strip()
    return bool(_DATE.match(s) or _DATE_LIKE.match(s) or _ISO_DATE.fullmatch(s))


def parse_date(line: str) -> str | None:
    """ISO date of a date line; None when malformed ("2017年1220") or impossible."""
    s = line.strip()
    m = _DATE.match(s)
    if m:
        y, mo, d = m.groups()
        year = _year_value(y)
        month, day = 1 if mo == "元" else cn_to_int(mo) or 0, cn_to_int(d) or 0
    elif m := _ISO_DATE.fullmatch(s):
        year, month, day = map(int, m.groups())
    else:
        return None
    import datetime as dt  # (on first use: most reports' lines never get here, and it costs a short command 1.5 ms)

    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------- names

_PROVINCES = ("北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 山东省 "
              "河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 内蒙古自治区 广西壮族自治区 "
              "西藏自治区 宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区").split()
#: 广东 → 广东省, 广西 → 广西壮族自治区: a province named without its suffix.
PROVINCE_BY_SHORT_NAME = {next((p[:-len(s)] for s in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
                                if p.endswith(s)), p): p for p in _PROVINCES}
_UNIT_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道|省|市|区|县|州|盟|旗|镇|乡)"
#: One administrative unit: a short proper name and its suffix (遂宁市, 安居区, 新县). Names do not hold the
#: function words of running text nor the 委 of 区委 (so "X区委区政府" is no run of units), but may hold
#: characters such as 和, 于, 本 (和县, 于都县, 本溪市).
_NAME_CHAR = r"[^\W\d_委党的与及在对为以把被等各该我其此]"
#: What a zone is called: a unit of its own, under a city or none.
_ZONE_KINDS = "开发区|新区|高新区|试验区|实验区|示范区|合作区|园区"
#: A suffix character that is part of the name before another suffix: 杭州市, 通州区, 新乡市, 安乡县 (read as 杭州 and a
#: unit 市西湖区 after it, "杭州市西湖区" named 市西湖区); not 市场 (X乡市场监管所).
_NAMED_SUFFIX = r"[州乡](?:市(?!场)|县|区)"
_UNIT = (rf"(?:{_NAME_CHAR}{{1,5}}?(?:{_NAMED_SUFFIX}|{_UNIT_SUFFIX})|{_NAME_CHAR}{{6,8}}?(?:自治州|自治县|自治旗|旗)"  # 湘西土家族苗族自治州
         rf"|{_NAME_CHAR}{{1,10}}?(?:{_ZONE_KINDS}))")
#: Units in a row, matched once and never re-split (atomic): "市市市…委" must not backtrack exponentially.
_UNITS = rf"(?>(?:{_UNIT})+)"
_AREA = lazy(_UNITS)
#: How a department's name ends (局, 委员会, 办公厅 …).
_DEPARTMENT_SUFFIX = r"(?:局|厅|委员会|委|办公室|办公厅)"
_DEPARTMENT = lazy(rf"[\u4e00-\u9fff]{{1,14}}?{_DEPARTMENT_SUFFIX}")
#: A national administration whose bureaus of each area report as it names them: 国家税务总局苏州市税务局.
VERTICAL = lazy(r"国家[\u4e00-\u9fff]{2,12}?总局(?=[\u4e00-\u9fff])")
_NOT_DEPARTMENT = lazy(r"党|人大|政协|纪委|常委|依法治|中共|[省市区县州旗镇乡]委$")
#: What follows a government's name: 人民政府, 街道办事处, a zone's 管委会 / 管理委员会 (not a 市场监督管理委员会).
_GOVERNMENT_SUFFIX = lazy(r"(?:人民政府|政府|办事处|管委会|(?<=区)管理委员会)$")
#: Verbs that lead a clause and are in no name: "紧密结合区委、区政府的部署" names no 紧密结合区.
_CLAUSE_VERBS = ("推动|推进|加强|围绕|结合|通过|按照|根据|坚持|深化|实现|完善|建立|健全|落实|开展"
                 "|组织|制定|印发|召开|指导|支持|督促|确保|促进|助力|打造|构建|创建|获评|成为|作为|带动|引导|鼓励|推广"
                 "|聚焦|立足|依托|紧扣|持续|不断|进一步|认真|积极|深入|全力|大力|统筹|协调|服务|保障|提升|强化|优化"
                 "|全面|扎实|切实|着力|加快|稳步")  # (adverbs leading a clause: "全面推进X县…" names no 全面推进X县)
#: What opens a clause but never a name: pronouns (我县, 全区), the verbs that lead a clause (推动X镇…), and a
#: preposition before a unit's committee ("并经镇党委会议审议" names no 经镇; 和县, 新县 are counties, 经县 none).
_PRONOUN = lazy(rf"^(?:[我本全该各每此其](?:省|市|区|县|州|旗|镇|乡|街道)|[经由在对向从将把被按依据为以于与及并使]"
                rf"(?:省|市|区|县|州|旗|镇|乡|街道)$|{_CLAUSE_VERBS})")
_CLAUSE_VERB = lazy(_CLAUSE_VERBS)


_UNIT_SUFFIX_ONLY = lazy(_UNIT_SUFFIX)
#: A zone is named with its city where the name says only what kind of zone it is (苏州市工业园区, not 工业园区) and
#: where the city is written without its 市 (苏州工业园区, 宁波杭州湾新区: the units grammar reads 苏州, 宁波杭州 as units
#: of their own, 州 ending prefectures' names).
_GENERIC_ZONE = lazy(r"(?:经济|技术|高新|工业|产业|科技|开发|综合|保税|出口加工|自由贸易|自贸|新|高)+(?:园区|开发区|新区|区|试验区)")
_ZONE = lazy(rf"(?:{_ZONE_KINDS})$")
#: Another name a body goes by, in brackets after its own: 杭州高新区(滨江); not a document's state (草案, 试行 …).
_ALIAS = lazy(r"[(\uff08](?!草案|试行|暂行|摘要|征求意见|修订|代章|全文|节选)[\u4e00-\u9fff]{1,8}[)\uff09]$")
_PARTY_COMMITTEE = lazy(r"(?:工作)?委员会|党?工?委")


@record(frozen=True)
class _Name:
    start: int  # offsets in the phrase given to parse_name
    end: int
    parent: tuple[int, int] | None  # the area above it, when the phrase names one


def parse_name(phrase: str) -> _Name | None:
    """The reporting body named by a whole phrase: "东莞市司法局" (a department, parent 东莞市), "清远市清城区人民政府"
    (清城区, parent 清远市), "新县", "广东" (a province's short name). None when the phrase is anything else."""
    offset = 0
    if phrase.startswith("中共"):
        phrase, offset = phrase[2:], 2
    elif vertical := VERTICAL.match(phrase):  # a national administration's bureau of an area is named with it
        name = parse_name(phrase[vertical.end():])
        if name and name.parent and name.end == len(phrase) - vertical.end() and name.start == 0:
            return _Name(0, len(phrase), (vertical.end() + name.parent[0], vertical.end() + name.parent[1]))
        return None
    core = _GOVERNMENT_SUFFIX.sub("", phrase)
    alias = _ALIAS.search(core)
    if alias and (inner := parse_name(core[:alias.start()])) and inner.end == alias.start():  # a government's
        return _Name(offset + inner.start, offset + alias.end(),
                     inner.parent and (offset + inner.parent[0], offset + inner.parent[1]))
    if core in PROVINCE_BY_SHORT_NAME:
        return _Name(offset, offset + len(core), None)
    area = _AREA.match(core)
    if not area or _PRONOUN.match(core):
        return None
    area_end = area.end()
    if _UNIT_SUFFIX_ONLY.fullmatch(core, area_end):  # 新市镇, 东区街道: a name holding a suffix character
        area_end = len(core)
    rest = core[area_end:]
    if offset and _PARTY_COMMITTEE.fullmatch(rest):  # 中共X街道工作委员会: the area's own committee, not a department
        rest = ""
    if not rest:  # a government: its innermost unit, under the units before it
        ends = [m.end() for m in _UNIT_WORD.finditer(core[:area_end])][:-1]  # the units above the innermost
        if ends and _ZONE.search(core, ends[-1], area_end) and (
                _GENERIC_ZONE.fullmatch(core, ends[-1], area_end) or core[ends[-1] - 1] == "州"):
            ends.pop()
        if not ends:
            return _Name(offset, offset + area_end, None)
        return _Name(offset + ends[-1], offset + area_end, (offset, offset + ends[-1]))
    if core == phrase and _DEPARTMENT.fullmatch(rest) and not _NOT_DEPARTMENT.search(rest):
        return _Name(offset, offset + len(core), (offset, offset + area_end))
    return None


def _name_in(text: str, shadow: str, start: int, end: int, source: str) -> Government | None:
    """The body named by shadow[start:end] as a whole phrase, cut from the published text."""
    name = parse_name(shadow[start:end])
    if not name:
        return None
    short = shadow[start + name.start:start + name.end]
    published = PROVINCE_BY_SHORT_NAME.get(short) or text[start + name.start:start + name.end]
    parent = text[start + name.parent[0]:start + name.parent[1]] if name.parent else None
    return Government(published, parent, source)


# ------------------------------------------------------------------------------------------- title

_NAME_WORDS = lazy(rf"(?:中共)?{_UNITS}(?:[\u4e00-\u9fff]{{1,14}}?{_DEPARTMENT_SUFFIX})?(?:人民政府|政府|党委|委员会|委|办事处|管委会)?")
#: Patterns of the functions below (compiled when first used: see core.patterns).
_UNIT_WORD = lazy(_UNIT)
_BLANKS = lazy(rf"[{BLANK}]")
_BLANK_RUNS = lazy(rf"[{BLANK}]+")
_NOT_BLANKS = lazy(rf"[^{BLANK}]+")
_SPACE = lazy(r"\s")
_LEADING_YEAR = lazy(rf"^{_YEAR_WORD}")
_YEAR_OR_ABOUT = lazy(rf"{_YEAR_WORD}|关于$")
_ENDS_YEAR_OR_ABOUT = lazy(rf"(?:{_YEAR_WORD}|关于)$")
_ENDS_COMMITTEE = lazy(r"委(?:员会)?$")
_ATTACHMENT = lazy(r"^\s*附件")


def is_attachment(line: str) -> bool:
    """A line naming an attachment ("附件：1.…", "附件2024年度台账"): after the signature, or set apart as a heading."""
    return _ATTACHMENT.match(line) is not None


def names_only(line: str) -> bool:
    """A line that only names bodies, with at most a year and 关于 after them: "赵县人民政府", "中共遂宁市安居区委",
    "清远市清城区人民政府2024年" — the first line of a title broken in two."""
    s = _BLANKS.sub("", line)
    s = _YEAR_OR_ABOUT.sub("", s)
    return bool(s) and not _NAME_WORDS.sub("", s) and bool(_NAME_WORDS.search(line))


def _title_score(s: str) -> int:
    """How much a title-like line looks like this report's title: a year and a name each count."""
    return 1 + bool(_YEAR.search(s)) + bool(_NAME_WORDS.search(_LEADING_YEAR.sub("", s)))


_TOPIC = lazy(r"法治|依法|法制")


def _column_name(s: str) -> bool:
    """A portal's column name ("工作报告", "其他报告"): title-like, but naming no year, no body and not the topic. A
    page without a title of its own has no title, not its column's."""
    return _title_score(s) == 1 and not _TOPIC.search(s)


#: The longest title: 中共X委 X人民政府关于…工作情况和…工作安排的报告 is some 60 characters.
TITLE_MAX = 80


def title_like(line: str) -> bool:
    s = line.strip()
    return (4 <= len(s) <= TITLE_MAX and bool(_TITLE_HINT.search(s)) and not _CLAUSE_MARK.search(s)
            and not is_debris(s) and HAN.search(s) is not None)


_TITLE_LABELS = ("标题", "名称")
_PUBLISHER_LABELS = ("发布机构", "发文机关", "发文机构")


@record
class Head:
    end: int  # index of the first line after the head
    title: list[Line]  # the title's lines (one, or two for a broken title); empty when none
    date: str | None  # 成文日期 or a date line of the head
    publisher: list[Line] = field(default_factory=list)  # the 发布机构 / 发文机关 field's value, if any
    issuer: list[Line] = field(default_factory=list)  # a line naming the body under a title that names none
    #: a line naming a body right above a title that names none and that the title did not take (set apart from it, as
    #: on a page that sets every line apart: "赵县人民政府" / "" / "2022年度…报告"; as often a portal's header): the
    #: last evidence of the body
    above: list[Line] = field(default_factory=list)
    #: the page's 来源 (the unit that put the page up), if any: who reports only where the text speaks as a
    #: department and the source names one (a district's report often comes from its 司法局)
    source: list[Line] = field(default_factory=list)


def read_head(lines: list[Line], markers: list, text: str) -> Head:
    """The head: every line before the first heading or paragraph. Picks the title and the dates in it."""
    given = lines
    end = 0
    candidates: list[int] = []  # indexes of title-like lines
    field_date = line_date = None
    labelled_title: list[Line] = []
    labelled_at = 0  # the line of the labelled title
    publisher: list[Line] = []
    source: list[Line] = []
    pending_label = None
    crumbs: set[str] = set()  # the last steps of the page's breadcrumb trails
    for i, ln in enumerate(lines):
        s = ln.text.strip()
        if (date_lead := _LEADING_DATE.match(ln.text)) and _titled(ln.text[date_lead.end():]):
            if lines is given:
                lines = list(lines)  # the caller's lines stay whole
            ln = lines[i] = Line(ln.start + date_lead.end(), ln.end, ln.text[date_lead.end():])  # a list's date before it
            s = ln.text.strip()
        labelled = metadata_field(s)
        if pending_label and not labelled and not markers[i] and (pending_label in _TITLE_LABELS or not title_like(s)):
            labelled = (pending_label, 0)  # a label's value on the line below it (an empty 文号: never the title)
            ln = Line(ln.start + (len(ln.text) - len(ln.text.lstrip())), ln.end, s)
        pending_label = None
        if not labelled and (markers[i] or is_paragraph(s) and not is_debris(s)):
            break
        end = i + 1
        if labelled:
            lead = len(ln.text) - len(ln.text.lstrip())
            for label, a, b in row_fields(s, *labelled):
                value = s[a:b].strip()
                begin = ln.start + lead + a + (b - a - len(s[a:b].lstrip()))
                if label in _TITLE_LABELS and value:
                    labelled_title, labelled_at = [Line(begin, begin + len(value), value)], i
                elif label in _PUBLISHER_LABELS and value:
                    publisher = publisher or [Line(begin, begin + len(value), value)]
                elif label in ("成文日期", "发文日期") and value:
                    field_date = field_date or parse_date(value)
            if labelled[1] and not value:
                pending_label = label  # the row's last label waits for its value on the line below
            continue
        if is_debris(s):
            if not source and (m := _SOURCE_FIELD.search(ln.text)):
                source = [Line(ln.start + m.start(1), ln.start + m.end(1), m.group(1))]
            if steps := list(_CRUMB_STEP.finditer(ln.text)):
                crumbs.add(ln.text[steps[-1].end():].strip())
            if cut := _title_before_furniture(ln.text):  # "…的报告  发布时间:2025-01-15  来源:X镇"
                if lines is given:
                    lines = list(lines)  # the caller's lines stay whole
                lines[i] = Line(ln.start, ln.start + cut, ln.text[:cut])
                candidates.append(i)
            elif (crumb := _crumb_title(ln.text)) is not None:  # "当前位置:首页 > 政务公开 > X镇2024年…报告"
                if lines is given:
                    lines = list(lines)
                lines[i] = Line(ln.start + crumb, ln.end, ln.text[crumb:])
                candidates.append(i)
            continue
        if is_date(s):
            line_date = line_date or parse_date(s)
        elif title_like(s) and not _FILE_NAME.search(s):  # "…报告.pdf" is a download link
            candidates.append(i)
    # a title broken where neither piece is one: "…法治政府建设工作" / "报告" (not a column's name: "政务公开" / "工作报告")
    candidates = sorted({*candidates, *(k for k, ln in enumerate(lines[:end]) if _title_fragment(ln.text)
                                         and not names_only(ln.text) and _title_tail(lines, k, end, text)
                                         and not title_like(lines[k + 1].text.strip())
                                         and _broken_title(ln.text.strip() + lines[k + 1].text.strip()))})
    title: list[Line] = labelled_title
    after = lines[labelled_at + 1] if title and labelled_at + 1 < end else None
    if after and not _WHOLE_TITLE.search(title[0].text) and _adjacent(lines[labelled_at], after, text) \
            and (_title_fragment(after.text, last=True)
                 or _title_fragment(after.text) and len(after.text.strip()) <= 12):
        title = [*title, after]  # a field's value wrapped in its cell: "标题:X镇…关于2024年度法治政府建设" / "工作情况的报告"
    issuer: list[Line] = []
    above: list[Line] = []
    candidates = _outside_lists(lines, candidates, end)
    if not title and candidates:  # the best; among equals the one nearest the text (a page title, a list of other
        # reports and the site's header come before the article's own title); each scored as the whole title it
        # is a piece of ("工作情况的报告" alone reads as a column's name)
        blocks = [(0 if _crumb_column(block, crumbs) else _block_score(block, lines[i]), i, block)
                  for i in candidates for block in [_title_block(lines, i, end, text)]]
        score, _, title = max(blocks, key=lambda b: b[:2])
        if not score:
            title = []  # the column's name, and the page has no title of its own
        below = lines[lines.index(title[-1]) + 1] if title and lines.index(title[-1]) + 1 < end else None
        if below and names_only(below.text) and not any(_NAME_WORDS.search(ln.text) for ln in title):
            issuer = [below]  # "关于2022年度…的报告" / "武汉市司法局" / "(2023年2月20日)"
        top = lines.index(title[0]) if title and title[0] in lines else 0
        if top and names_only(lines[top - 1].text) and not any(_NAME_WORDS.search(ln.text) for ln in title):
            above = [lines[top - 1]]
    if end == len(lines):  # nothing but short lines: everything after the title is the text
        end = lines.index(title[-1]) + 1 if title and title[-1] in lines else 0
    return Head(end=end, title=title, date=field_date or line_date, publisher=publisher, issuer=issuer, above=above,
                source=source)


def _crumb_column(block: list[Line], crumbs: set[str]) -> bool:
    """A title naming neither a year nor a body that a breadcrumb trail of the page ends with: the column's name
    ("首页 >> 政务公开 >> 法治政府建设年度报告", and often over the trail as well), not the article's: a page showing no
    title of its own has none (gen31 #2)."""
    words = title_proper("".join(ln.text.strip() for ln in block))
    return _title_score(words) == 1 and words in crumbs


def _titled(s: str) -> bool:
    """A title, or a piece of one that names a body or a year: what a date may stand before in a column's list."""
    return title_like(s) or _title_fragment(s) and _title_score(s.strip()) > 1


#: The steps of a page's breadcrumb trail.
_CRUMB_STEP = lazy(r"\s*[>›»\uff1e]+\s*")
#: A page's 来源 field and its value ("来源:上海市司法局 发布时间:…", "文章来源 · 市政府办公厅").
_SOURCE_FIELD = lazy(r"来源\s*[:\uff1a·]\s*([^\s:\uff1a·]+)")


def _crumb_title(line: str) -> int | None:
    """Where a title begins that ends a page's breadcrumb trail ("当前位置:首页 > 政务公开 > X镇2024年…报告": the trail's
    last step names the article, for a page that shows its title nowhere else: gen18 F3); None when its last step is
    no title. (Another title line, nearer the text, is preferred: `_title_block`'s scores.)"""
    steps = list(_CRUMB_STEP.finditer(line))
    if not steps or len(line) > 4 * TITLE_MAX:
        return None
    last = steps[-1].end()
    return last if title_like(line[last:]) else None


def _title_before_furniture(line: str) -> int | None:
    """Where a title ends that runs on into the page's furniture on one line ("X镇2024年…报告  发布时间:2025-01-15
    来源:X镇", inline elements copied together): the end of the first title-like piece before a blank after which
    the rest is debris; None when the line holds no such title."""
    if len(line) > 4 * TITLE_MAX:
        return None  # a title and its source line are short: a long line of furniture holds no title
    for m in _BLANK_RUNS.finditer(line):
        head, rest = line[:m.start()].strip(), line[m.end():].strip()
        if rest and is_debris(rest) and title_like(head):
            return m.start()
    return None


def _outside_lists(lines: list[Line], candidates: list[int], end: int) -> list[int]:
    """The title-like lines that are no item of a list of other reports: two or more whole titles in a row (a
    column's list, set above the article) are other reports, all but the last, which may be the article's own
    title right below the list; that one too when another title follows it, when its year is not the first year
    its text names (the list of "…2023年度…报告" above a report that opens "2024年," or "一、2024年工作情况"), or
    when it carries a date as every title above it in the list does (a sidebar's "…报告 2025-01-21", gen31 #4)."""
    whole = {i for i in candidates if _WHOLE_TITLE.search(_TRAILING_DATE.sub("", lines[i].text))
             and _title_score(lines[i].text.strip()) > 1}  # a column's name ("工作报告") is no report
    # (the same title twice in a row is the page's title over the article's: one title, no list)
    listed = {i for i in whole
              if any(j in whole and lines[j].text.strip() != lines[i].text.strip() for j in (i - 1, i + 1))}
    if not listed:
        return candidates
    opening = _year_of("\n".join(ln.text for ln in lines[end:end + 5])[:300])  # its first sentences or headings
    kept = []
    for i in candidates:
        if i in listed and (i + 1 in listed or i != candidates[-1] or _dated_item(lines, i, listed)
                            or opening and _year_of(lines[i].text) not in (None, opening)):
            continue
        kept.append(i)
    return kept


def _dated_item(lines: list[Line], i: int, listed: set[int]) -> bool:
    """Line i and every title above it in its list carry a date: all items of it (a title set over its article
    with its date is not in a row of dated titles)."""
    first = i
    while first - 1 in listed:
        first -= 1
    return all(_TRAILING_DATE.search(lines[k].text) for k in range(first, i + 1))


_WHOLE_TITLE = lazy(r"(?:报告|总结|情况)\s*[》】]?\s*$")


def _year_of(s: str) -> int | None:
    """The first year a line names outside quoted titles."""
    m = _YEAR.search(_QUOTED.sub(lambda q: " " * len(q.group()), s))
    return _year_value(m.group(1)) if m else None


#: A title's lines: one, or up to three for a title broken over lines.
MAX_TITLE_LINES = 3


def _title_block(lines: list[Line], i: int, end: int, text: str) -> list[Line]:
    """The title that the title-like line `i` is a piece of: the line itself, with the pieces above it that read
    on into it (a piece broken anywhere: "…关于2023年度法治政府建设" / "工作情况的报告"; a line that only names the body:
    "赵县人民政府" / "2022年度…报告", which tops the title) and the piece below it that ends it ("…情况" / "的报告")."""
    first, named = i, False
    while first > 0 and i - first + 1 < MAX_TITLE_LINES:
        top, prev = lines[first], lines[first - 1]
        joined = "".join(ln.text.strip() for ln in lines[first:i + 1])
        # a first piece left hanging on a year or 关于 reads on across blank lines: "X区人民政府2024年" / "" / "法治…报告"
        # (one that only names a body does not: a portal's header or a field's value stands there as often)
        hanging = bool(_ENDS_YEAR_OR_ABOUT.search(prev.text.strip()))
        if not (hanging or _adjacent(prev, top, text)
                or _evenly_apart(lines, first - 1, text) and not names_only(prev.text)):
            break
        if names_only(prev.text) and (not _NAME_WORDS.search(_LEADING_YEAR.sub("", joined))
                                      or _ENDS_COMMITTEE.search(prev.text.strip())):
            first -= 1  # the body's name tops the title, a party committee's above it ("中共X委" / "X人民政府" / …)
            named = True
            continue
        if _title_fragment(prev.text) and _name_across(prev.text.strip(), joined, lines[first - 1:i + NAMED_AGAIN]):
            first -= 1  # a body's name broken between the lines: "中共X市X区委 X市" / "X区人民政府关于…报告"
            continue
        gains = _title_score(prev.text.strip() + joined) > _title_score(joined)
        # a middle piece that adds nothing itself, under the body's name: "X乡人民政府" / "关于法治政府建设" / "的情况报告"
        # (not a portal's column under its header: "X市人民政府" / "政务公开" / "工作报告" is no title: reread7 #3)
        bridges = (first >= 2 and names_only(lines[first - 2].text) and _adjacent(lines[first - 2], prev, text)
                   and not _column_name(prev.text.strip() + joined))
        if named or not _title_fragment(prev.text) or not (gains or bridges):
            break
        first -= 1  # a title broken in two: "X县人民政府关于2023年度法治政府建设" / "工作情况的报告"
    block = lines[first:i + 1]
    if len(block) < MAX_TITLE_LINES and _title_tail(lines, i, end, text):
        block.append(lines[i + 1])  # "…法治政府建设情况" / "的报告"
    return block


#: The lines about a title in which a body's name broken over its lines is looked for whole (the report's opening
#: names its body; a window, not the whole text: a head of many title-like lines is read in linear time, reread22 F1).
NAMED_AGAIN = 40


def _name_across(before: str, after: str, lines: list[Line]) -> bool:
    """A body's name runs on from the end of `before` into `after`, a line broken inside it, as the `lines` about them
    tell: broken inside a place's name they write whole elsewhere ("中共明州市禾山县委 明" / "州市禾山县人民政府…",
    "中共遂宁市安居" / "区委 …"), or after the name of the area the body lies in, on a line of names only, where they
    name that body again ("…区委 遂宁市" / "安居区人民政府关于…"). A header's last word does not read on into the name
    that opens the title ("搜索" / "东莞市清溪镇…": no 搜索东莞市 anywhere), nor does a header naming the body itself
    ("禾山县" / "禾山县人民政府…", reread22 F2) or a name that ends where the line does ("X市人民政府" / "X区…")."""
    joint, joined = len(before), before + after
    for m in _NAME_WORDS.finditer(joined, max(0, joint - 40)):
        if m.start() >= joint:
            break
        if joint < m.end():
            start = m.start() + 2 * joined.startswith("中共", m.start())  # the party's committee of the place
            if start >= joint:
                return True  # "中共" / "X市委…"
            unit = next((u for u in _UNIT_WORD.finditer(joined, start, m.end()) if u.start() < joint < u.end()), None)
            if unit is not None:
                return any(unit.group() in ln.text for ln in lines)
            name = parse_name(m.group())
            if name is None:
                return False
            body = m.group()[name.start:name.end]
            if _UNIT_WORD.match(joined, joint) is None:  # after the joint no place begins: "中共X县" / "委 …"
                return any(body in ln.text for ln in lines)
            # the joint among the areas above the body, on a line of names only: "…区委 遂宁市" / "安居区人民政府…"
            # (an area holding the body's own name is a menu's item, not the area it lies in: "走进成都市" /
            # "成都市人民政府…", gen31 #7)
            return (name.parent is not None and m.start() + name.start >= joint and names_only(before)
                    and body not in m.group()[name.parent[0]:name.parent[1]] and any(body in ln.text for ln in lines))
    return False


def _block_score(block: list[Line], candidate: Line) -> int:
    """A title's score (_title_score) over all its lines, without its site's name; 0 for a column's name (the
    title-like `candidate`) standing alone or under lines that only name bodies (a portal's "X市人民政府" /
    "工作报告": no report's title)."""
    if _column_name(title_proper(candidate.text.strip())) and all(
            ln is candidate or names_only(ln.text) for ln in block):
        return 0
    return _title_score(title_proper("".join(ln.text.strip() for ln in block)))  # a site's name names no report


_FILE_NAME = lazy(r"\.(?:pdf|docx?|wps|ofd|txt)$", re.I)
_TITLE_END = lazy(r"(?:报告|总结|情况)$")
#: A title line that reads on no further: it ends as a title, a plan, a closing mark or a document number.
_CLOSED_TITLE = lazy(r"(?:报告|总结|情况|计划|要点|方案|安排)$|[》】)\uff09]$|号$")


def _title_fragment(line: str, last: bool = False) -> bool:
    """A short line that can be one piece of a title broken over two lines: no field, date, furniture or sentence,
    and no title of its own (two titles in a row are two titles); the last piece ends as a title ends."""
    s = line.strip()
    return (1 < len(s) <= 40 and HAN.search(s) is not None and not _CLAUSE_MARK.search(s)
            and not is_debris(s) and not metadata_field(s) and not is_date(s)
            # a document number alone (海政〔2025〕12号): a 红头 sets it under the office's name, above the title (GB/T
            # 9704's 发文字号), and it is no piece of either (it was glued before the title: pdf2 F1)
            and not _DOCUMENT_NUMBER.match(s)
            and (bool(_TITLE_END.search(s)) and len(s) <= 12 if last else not title_like(s)))


def _broken_title(joined: str) -> bool:
    """Two pieces, neither a title, that together are one (a column's name joined is none: "政务公开" / "工作报告")."""
    return title_like(joined) and not _column_name(joined)


def _title_tail(lines: list[Line], i: int, end: int, text: str) -> bool:
    """Line i + 1, in the head (before `end`: no heading, no paragraph), is the last piece of a title broken after
    line i: next to it (or set apart as every line about them is), short and ending as a title ends, and no title
    of its own ("…情况" / "的报告", "…情况" / "报告"; not "…情况" / "工作报告", two titles in a row); a line closed otherwise (…计划, 》, 号) reads on only into "的…"."""
    if i + 1 >= end:
        return False
    line, after = lines[i].text.strip(), lines[i + 1].text.strip()
    after = _TRAILING_DATE.sub("", after).strip() or after  # "报告 (2024-02-26)": the page's date after the title
    return ((_adjacent(lines[i], lines[i + 1], text) or _evenly_apart(lines, i, text))
            and _title_fragment(after, last=True)
            and (not _CLOSED_TITLE.search(line) or after.startswith("的")
                 or bool(_TITLE_END.search(line)) and not title_like(after)))


def blank_lines(a: Line, b: Line, text: str) -> int:
    """How many blank lines stand between two lines (-1: pieces of one line)."""
    return text.count("\n", a.end, b.start) - 1


def _neighbours(a: Line, b: Line, text: str) -> bool:
    """Nothing but blanks between two lines: pieces split apart by a page's furniture ("报告首页 > 首页 > " / "报告")
    are not next to each other, whatever the line breaks say."""
    return not text[a.end:b.start].strip()


def _adjacent(a: Line, b: Line, text: str) -> bool:
    """No blank line, nor anything else, between two lines."""
    return blank_lines(a, b, text) <= 0 and _neighbours(a, b, text)


def _evenly_apart(lines: list[Line], k: int, text: str) -> bool:
    """Lines k and k + 1 are no further apart than each is from its other neighbour: a page that sets every line
    apart by blank lines says nothing by the ones between them."""
    if k < 0 or k + 1 >= len(lines):
        return False
    around = [blank_lines(lines[j], lines[j + 1], text) for j in (k - 1, k + 1) if j >= 0 and j + 1 < len(lines)]
    return (bool(around) and blank_lines(lines[k], lines[k + 1], text) <= min(around)
            and _neighbours(lines[k], lines[k + 1], text))


def title_text(title: list[Line], text: str, shadow: str | None = None) -> str | None:
    """The title as published, without a trailing publication date or site name: "…情况报告 (2024-02-26)",
    "…情况报告_X区人民政府门户网站", "…情况报告_X区人民政府" → "…情况报告"; without the 《》 or 【】 that set it
    off. Read on `shadow` when given (a date in full-width digits)."""
    if not title:
        return None
    seen, s, _ = _joined(title, text, shadow or text)  # the same length
    start, end = title_span(seen)
    s = s[start:end].strip()
    for left, right in ("《》", "【】"):
        if s.startswith(left) and s.endswith(right) and s.count(left) == s.count(right) == 1:
            s = s[1:-1].strip()  # 《…的报告》, 【…的报告】: the marks set the title off, they are not part of it
    return s or None


def title_proper(seen: str) -> str:
    """A title line without what a page adds before and after it: its site's name, and the columns' between it and
    the title; its publication date, its document number."""
    start, end = title_span(seen)
    return seen[start:end]


def title_span(seen: str) -> tuple[int, int]:
    """Where the title proper (`title_proper`) stands in `seen`: all of it where nothing around it is the page's."""
    start = _after_site(seen)
    kept = seen[:_before_site(seen, start)]
    kept = _DOCUMENT_NUMBER.sub("", _TRAILING_DATE.sub("", kept))  # each cuts an end off
    if _TITLE_HINT.search(kept, start):
        return start, len(kept)
    return 0, len(seen)


#: A page title's parts: "T_X区人民政府门户网站", "成都市人民政府|T", "X网 > 信息公开 > T".
_TITLE_PART_GAP = lazy(r"\s*(?:[_|｜>＞»]+|(?<!\d)[-–—]+|[-–—]+(?!\d))\s*")  # (not a span of years: 2021-2025)
_SITE_WORD = lazy(r"(?:网|网站|门户|平台)$")


def _site_part(part: str) -> bool:
    """A part of a page title naming the site: its body ("X镇人民政府") or its name ("X区人民政府门户网站"), with no
    year (a title's own first words: "X区人民政府2024年 — …报告")."""
    return (names_only(part) or len(part) <= 30 and _SITE_WORD.search(part) is not None) and not _YEAR.search(part)


def _column_part(part: str) -> bool:
    """A part of a page title naming a column ("政务公开", "法治政府建设"): short, naming no year and no body."""
    return len(part) <= 12 and _title_score(part) == 1 and not _CLAUSE_MARK.search(part)


def _after_site(seen: str) -> int:
    """Where a page title starts after the site's name and the columns it puts first (gen31 #3: "X市人民政府|T"
    kept its site where the body showed no title): the first part names the site, the ones after it a body or a
    column. The last part is never cut."""
    start = 0
    for gap in _TITLE_PART_GAP.finditer(seen):
        part = seen[start:gap.start()].strip()
        if not part or not (_site_part(part) or start > 0 and _column_part(part)):
            break
        start = gap.end()
    return start if start < len(seen) else 0


def _before_site(seen: str, start: int) -> int:
    """Where a page title ends before the columns and the site's name it puts last ("T_政务公开_X区人民政府")."""
    end = len(seen)
    for k, gap in enumerate(reversed(list(_TITLE_PART_GAP.finditer(seen, start)))):
        part = seen[gap.end():end].strip()
        if not part or not (_site_part(part) or k > 0 and _column_part(part)):
            break
        end = gap.start()
    return end if end > start else len(seen)


# ---------------------------------------------------------------------------------------- the tail

#: The record lines (版记) of an official document, after its date: 抄送/主送, "（此件公开发布）", 公开方式, 联系人,
#: "…办公室 2025年1月17日印发".
_RECORD = lazy(r"^\s*(?:抄送|主送|[(（]?\s*此件|公开方式|联系人)|日\s*印发\s*$")


#: The heading of a page's list of other articles ("相关链接:" then "1、关于2022年度…的报告"): the report has ended.
_RELATED = lazy(r"^(?:相关(?:链接|文章|新闻|阅读|稿件|报道)|推荐阅读|延伸阅读|热点推荐)\s*[:\uff1a]?$")
RELATED_WINDOW = 200
#: A site's footer line, however long: it never holds the report.
_FOOTER = lazy(r"ICP备|公网安备|网站标识码|版权所有|主办单位|承办单位|技术支持|Copyright|©")


def tail_start(lines: list[Line], markers: list, head_end: int) -> int:
    """Index of the first tail line: signature, date and site furniture after the body; a list of related articles
    (_RELATED, short lines) and an attachment list ("附件：1.…") after the signature, and record lines (_RECORD)
    after the date or ending the text, with them."""
    start = len(lines)
    # a page's list of other articles after the report, numbered or not: the first such heading below the last
    # long line of text (a footer's line, however long, is no text; it may also hold other lists, 相关新闻 …)
    # (the page's last RELATED_WINDOW lines only: such a list is short, and a text of a million lines costs nothing)
    window = range(max(head_end, len(lines) - RELATED_WINDOW), len(lines))
    last_long = max((i for i in window if len(lines[i].text.strip()) >= 60 and not _FOOTER.search(lines[i].text)),
                    default=window.start - 1)
    start = next((i for i in range(last_long + 1, len(lines)) if _RELATED.match(lines[i].text.strip())), start)
    for i in range(start - 1, head_end - 1, -1):
        if is_attachment(lines[i].text):
            if all(len(ln.text.strip()) < 60 for ln in lines[i:]):
                start = i
            break
    for i in range(start - 1, head_end - 1, -1):  # the last date above short lines that hold a record line
        if markers[i] or len(lines[i].text.strip()) >= 60:
            break
        if is_date(lines[i].text):
            if any(_RECORD.search(ln.text) for ln in lines[i + 1:start]):
                start = i + 1
            break
    while start > head_end and _RECORD.search(lines[start - 1].text):  # record lines that end a text without a date
        start -= 1
    for i in range(start - 1, head_end - 1, -1):
        s = lines[i].text.strip()
        if markers[i] or is_paragraph(s) and not is_debris(s):
            break
        start = i
    return len(lines) if start == head_end else start


def signature_lines(tail: list[Line]) -> list[Line]:
    return [ln for ln in tail if not is_date(ln.text) and not is_debris(ln.text) and _SIGNATURE.search(ln.text.strip())]


def tail_date(tail: list[Line]) -> str | None:
    return next((parse_date(ln.text) for ln in tail if is_date(ln.text)), None)


# ------------------------------------------------------------------------------------ government

#: Words that follow the subject of a report's first sentence ("2023年,东莞市司法局在…", "新县坚持…").
_SUBJECT_VERBS = ("在|坚持|深入|认真|积极|紧紧|始终|全面|以|持续|不断|高度|扎实|着力|围绕|聚焦|按照|贯彻|切实|紧扣|立足|统筹"
                  "|严格|全力|大力|牢固|坚定|锚定|突出|强化|加强|进一步|聚力|奋力|主动|把|将|结合|各级|法治政府")
_SUBJECT = lazy(rf"(?:^|[,\uff0c。:\uff1a;\uff1b]|年(?:以来|度)?)[{BLANK}]*([\u4e00-\u9fff]{{2,24}}?)(?={_SUBJECT_VERBS})")
_PUBLISHED_FOR = lazy(r"(?<=政府)(?:办公室|办公厅)$")
_SELF = lazy(r"[我全本](省|市|区|县|州|旗|镇|乡)|(省|市|区|县|州|旗|镇|乡)(?:委|政府|人民政府)")
_OWN_NAME = lazy(rf"(?:《|中共)(?:中共)?({_UNITS})|(?:^|[\s,\uff0c。;\uff1b:\uff1a、“(\uff08])({_UNITS})(?:委、|人民政府|党委)")


def find_government(text: str, shadow: str, title: list[Line], signature: list[Line],
                    preamble: tuple[int, int] | None, publisher: list[Line] = (),
                    issuer: list[Line] = (), body_start: int = 0, above: list[Line] = (),
                    source: list[Line] = ()) -> Government | None:
    """The reporting body, from the strongest evidence present (see the module's docstring). `body_start`: where
    the text begins after the page's head, whose furniture (a portal's name, a list of other bodies' reports) is
    no name the text gives itself."""
    # the title's lines read as one (a title wrapped inside its name: "武汉市司" / "法局2022年度…"), then each
    for seen, published, ln in [_joined(title, text, shadow)] * (len(title) > 1) + [(shadow, text, ln) for ln in title]:
        for span in _title_name_spans(seen, ln):
            if g := _last_name(published, seen, *span, "title"):
                return g
    for ln in issuer:  # the title block's own line naming the body under a title that names none
        if g := _last_name(text, shadow, ln.start, _end_of_publisher(shadow, ln), "title"):
            return g
    for ln in signature:
        if g := _last_name(text, shadow, ln.start, ln.end, "signature"):
            return g
    if preamble:
        start, end = preamble
        for m in _SUBJECT.finditer(shadow, start, min(end, start + 600)):
            if g := _name_in(text, shadow, m.start(1), m.end(1), "first_sentence"):  # the whole clause head
                return g
    for ln in publisher:
        if g := _last_name(text, shadow, ln.start, _end_of_publisher(shadow, ln), "metadata"):
            return _area_served(g, shadow) or g
    for ln in source:  # the page's 来源: a department's page, its report speaking as one (我局; gen31: 东莞市 was taken)
        if g := _last_name(text, shadow, ln.start, _end_of_publisher(shadow, ln), "metadata"):
            if area := _area_served(g, shadow):
                return area
            if _DEPARTMENT_NAME.search(g.name) and _speaks_as_department(shadow, body_start) \
                    and not _names_another_department(shadow, body_start, g.name):
                return g
    if g := _own_name(text, shadow, body_start):
        return g
    for ln in above:  # the line over a title that names no body, when nothing else names one
        if g := _last_name(text, shadow, ln.start, ln.end, "header"):
            return g
    return None


def _joined(lines: list[Line], text: str, shadow: str) -> tuple[str, str, Line]:
    """The lines run together without their outer blanks, as the shadow and as published, and one line of all."""
    spans = []
    for ln in lines:
        seen = shadow[ln.start:ln.end]
        spans.append((ln.start + len(seen) - len(seen.lstrip()), ln.start + len(seen.rstrip())))
    seen = "".join(shadow[a:b] for a, b in spans)
    return seen, "".join(text[a:b] for a, b in spans), Line(0, len(seen), seen)


def _end_of_publisher(shadow: str, ln: Line) -> int:
    """Where a line naming who put the report out ends as a body: a government's office publishes for the
    government (X市人民政府办公厅 → X市人民政府)."""
    return ln.start + len(_PUBLISHED_FOR.sub("", shadow[ln.start:ln.end]))


def _title_name_spans(shadow: str, ln: Line) -> list[tuple[int, int]]:
    """Where a title may name its body: before 关于 / the year / 法治…, after a leading 关于 or year; after a slogan
    and its dash first ("坚持依法行政 建设法治政府——X局2022年…"), then from the start (a dash may also lead to a
    site's name or a date: "…情况报告——X市人民政府门户网站")."""
    s = shadow[ln.start:ln.end]
    dash = s.rfind("——")
    spans = []
    for begin in ([dash + 2] if dash >= 0 else []) + [0]:
        lead = _TITLE_LEAD.match(s, begin).end()
        stop = _TITLE_NAME_STOP.search(s, lead)
        end = stop.start() if stop else len(s)
        if end > lead:
            spans.append((ln.start + lead, ln.start + end))
    return spans


_TITLE_LEAD = lazy(rf"\s*[《【]?(?:关于)?(?:{_YEAR_WORD})?")
_TITLE_NAME_STOP = lazy(rf"{_YEAR_NUMBER}|关于|法治|依法|推进|年度")


def _name_pieces(shadow: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of a run of them: blank-separated, and a committee's name run on into the next one is cut after
    its 委员会 / 委 ("中共X镇委员会X镇人民政府", "中共X区委区政府"; not a 管委会), a government's after its 人民政府
    where another body's name follows ("X区人民政府X开发区管委会", a title's two lines joined; not "…人民政府办公室")."""
    pieces = []
    for m in _NOT_BLANKS.finditer(shadow[start:end]):
        a, b = start + m.start(), start + m.end()
        for cut in _NAME_JOINT.finditer(m.group()):
            joint = start + m.start() + cut.end()
            if joint < b and (cut.group() != "人民政府" or parse_name(shadow[joint:b]) is not None):
                pieces.append((a, joint))
                a = joint
        pieces.append((a, b))
    return pieces


_NAME_JOINT = lazy(r"委员会|委(?![员会])|人民政府")


def _last_name(text: str, shadow: str, start: int, end: int, source: str) -> Government | None:
    """The last body named in a run of blank-separated names ("中共X区委 X区人民政府" → X区, also run together:
    "中共X镇委员会X镇人民政府"), a government (人民政府) before a party committee or a zone's administration that
    reports with it ("X区人民政府 X开发区管委会", gen31 #8)."""
    found, governed = None, False
    for a, b in _name_pieces(shadow, start, end):
        g = _name_in(text, shadow, a, b, source)
        if g and not (found and (_ENDS_COMMITTEE.search(shadow[a:b]) or governed and _ZONE_OFFICE.search(shadow[a:b]))):
            found, governed = g, shadow[a:b].endswith("人民政府")
    return found


#: A zone's administration, named with a government's in a joint title.
_ZONE_OFFICE = lazy(r"(?:管委会|管理委员会)$")


_OWN_DEPARTMENT = lazy(r"[我本](?:局|厅|委|办)|局党组|局机关")


def _area_served(g: Government, shadow: str) -> Government | None:
    """A department's area, where the text speaks as that area: 施秉县司法局 puts up the county's report (我县)."""
    return Government(g.parent, None, "metadata") if g.parent and _speaks_as_area(shadow, g.parent) else None


def _speaks_as_area(shadow: str, area: str, window: int = 4000) -> bool:
    """Whether the text calls itself by the area's kind (我县, 本县) more often than as a department (我局, 局党组).
    Not 全县: a county's bureau reports on work across the county too."""
    suffix = re.search(_UNIT_SUFFIX + "$", area)
    own = len(re.findall(rf"[我本]{suffix.group(0)}", shadow[:window])) if suffix else 0
    return own > len(_OWN_DEPARTMENT.findall(shadow, 0, window))


_DEPARTMENT_NAME = lazy(rf"{_DEPARTMENT_SUFFIX}$")
#: An area calling itself so (我县); not 本市, which a city's department says of the city it serves.
_SELF_AREA = lazy(r"我(?:省|市|区|县|州|旗|镇|乡|街道)")


def _speaks_as_department(shadow: str, start: int, window: int = 4000) -> bool:
    """Whether the text calls itself a department (我局, 局党组) more often than an area (我县)."""
    own = len(_OWN_DEPARTMENT.findall(shadow, start, start + window))
    return own > len(_SELF_AREA.findall(shadow, start, start + window))


#: A department named with its area in running text: 新邵县交通运输局 (not 区委: a committee is no department here).
_AREA_DEPARTMENT = lazy(rf"{_UNITS}[\u4e00-\u9fff]{{1,12}}?(?:局|厅|委员会|办公室)")


def _names_another_department(shadow: str, start: int, department: str, window: int = 4000) -> bool:
    """Whether the text names a department other than `department` (a page's 来源), and not that one: a city's
    司法局 reposting a county bureau's report, which names itself (read33 #4: "来源：邵阳市司法局" over 新邵县交通运输局's
    text); a department's own report names others it worked with too (联合市公安局: read34 #2)."""
    if shadow.find(department, start, start + window) >= 0:
        return False
    own = parse_name(department)
    kind = department[own.parent[1]:] if own and own.parent else department  # 司法局 of 上海市司法局
    for m in _AREA_DEPARTMENT.finditer(shadow, start, start + window):
        name = parse_name(m.group())
        if name and name.parent and m.group()[name.parent[1]:] != kind:
            return True
    return False


def _own_name(text: str, shadow: str, start: int = 0, window: int = 4000) -> Government | None:
    """The name the text gives itself: how it calls itself (我县, 县委, 全区 …) decides the kind of unit, and the
    most frequent name of that kind in document titles (《施秉县…》), 中共X委 and X区委、区政府 is the body. Read in
    the `window` characters from `start`."""
    head = shadow[start:start + window]
    kinds: dict[str, int] = {}
    for m in _SELF.finditer(head):
        # 我县 counts double: 市委、市政府 may be the body above ("在X市委、市政府的领导下,我县…")
        kind = m.group(1) or m.group(2)
        kinds[kind] = kinds.get(kind, 0) + (2 if m.group(1) else 1)
    if not kinds:
        return None
    kind = max(kinds, key=kinds.get)
    counts: dict[str, list[int]] = {}
    for m in _OWN_NAME.finditer(head):
        group = 1 if m.group(1) else 2
        units = list(_UNIT_WORD.finditer(m.group(group)))
        last = units[-1]
        a = start + m.start(group) + last.start()
        name = shadow[a:start + m.start(group) + last.end()]
        # 《X县…》, 中共X县委 and X县委、县政府 name a body; a clause's "X镇党委" may be a verb's object
        # ("完善镇党委…"): that name must recur in the text
        joint = head.startswith((kind + "政府", kind + "人民政府"), m.end())
        if name.endswith(kind) and not _PRONOUN.match(name) and not _CLAUSE_VERB.search(name) \
                and (group == 1 or joint or head.count(name) >= 2):
            counts.setdefault(name, []).append(a)
    if not counts:
        return None
    best = max(counts, key=lambda name: (len(counts[name]), -counts[name][0]))
    a = counts[best][0]
    return Government(text[a:a + len(best)], None, "text")


# ------------------------------------------------------------------------------------------- year

def find_year(title: str | None, preamble: str, headings: list[str], date: str | None) -> int | None:
    """The year reported on: the title's, the first sentences' (not a quoted document's), the earliest in the
    headings (a plan heading's year less one: "2024年工作打算" is in the report on 2023), else the year before an
    issue date in its first half."""
    for source in (title or "", preamble[:200]):
        if m := _YEAR.search(_QUOTED.sub(lambda q: " " * len(q.group()), source)):
            return _year_value(m.group(1))
    years = [_year_value(m.group(1)) - bool(_PLAN_YEAR.match(h, m.end() - 1))
             for h in headings for m in [_YEAR.search(h)] if m]
    if years:
        return min(years)
    if date:
        y, mo = int(date[:4]), int(date[5:7])
        return y - 1 if mo <= 6 else y
    return None
