"""core's messages about a file, in the interface's language.

core says what is wrong with a report, a session or a TOML file in English: its API, the command line (whose help
and usage are English) and the JSON contracts carry it so, and its caches keep it so. A screen shows the same message
in the reviewer's language: `say_core(text, lang)` finds the message in `text` after whatever names the file ("path:3:
[key]: message", a report's reason alone, a list item "[key] message") among core's templates (TEMPLATES, English →
Chinese) and writes it in Chinese with its values (file names, numbers, keys, what a parser or the system said) as
they were. A list of problems ("invalid session, 2 problems: [k] …; [k] …") is said item by item. A message no
template matches is shown as core wrote it rather than guessed at. What the system said of a file (core passes its
strerror on: "cannot write: Read-only file system") is said in Chinese too when it is a common one (SYSTEM_REASONS).

tests/tui/test_core_messages.py reads core's sources: every message core raises about a file's content has its
template here, so a new one cannot go untranslated unnoticed.
"""
from __future__ import annotations

import errno
import os
import re
from functools import cache

from fazhi.core.round_template import HEADER, NEEDS_YOU, NOT_UTF8

#: The round file's template (core/round_template.py HEADER) in Chinese.
HEADER_ZH = """\
fazhi 评审轮次文件,说明见 docs/round-format.md。可随意编辑:fazhi 只会在文件末尾追加内容。

更正读不出(或读错)单位、年度的报告,或把某份报告排除在本轮之外:
  [[override]]
  file = "乡镇/清溪镇2025.docx"    # 按 `fazhi round` 列出的路径,相对于本轮的文件夹
  government = "清溪镇"
  year = 2025
  # skip = true                    # 本轮不评这份报告(例如两份重复报告中的一份)

分配评审(可选):每位评审员先看到分给自己的评审。
  [[assign]]
  reviewer = "王芳"
  governments = ["清溪镇", "东坑镇"]  # 和/或 files = ["…"](各项评审中较新的那份报告)

同级对照(可选):把 b 与另一单位的报告 a 并排评审。
  [[pair]]
  a = "乡镇/静海镇2024.html"
  b = "乡镇/清溪镇2024.txt\""""

#: English as core writes it ({name}: a value kept as it is; {what}, {kind}, {type}: one of NOUNS) → Chinese.
TEMPLATES: dict[str, str] = {
    # reading a report (core/report.py, formats.py, docx.py, pdf.py, html_page.py, outline.py)
    "no such file": "文件不存在",
    "a symbolic link to nothing (its target is missing, or links back to it)": "符号链接指向的文件不存在(或指回自身)",
    "cannot read: {reason}": "无法读取:{reason}",
    "is a folder, not a report file": "是文件夹,不是报告文件",
    "is a device or a pipe, not a file": "是设备或管道,不是文件",
    "a Word 97-2003 file ({suffix}) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx "
    "{name}` (LibreOffice), then open the .docx":
        "无法直接读取 Word 97-2003 文件({suffix}):请先转换,例如 `soffice --headless --convert-to docx {name}`"
        "(LibreOffice),再打开 .docx",
    "a WPS file ({suffix}) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx {name}` "
    "(LibreOffice), then open the .docx":
        "无法直接读取 WPS 文件({suffix}):请先转换,例如 `soffice --headless --convert-to docx {name}`(LibreOffice),"
        "再打开 .docx",
    "an RTF file ({suffix}) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx {name}` "
    "(LibreOffice), then open the .docx":
        "无法直接读取 RTF 文件({suffix}):请先转换,例如 `soffice --headless --convert-to docx {name}`(LibreOffice),"
        "再打开 .docx",
    "a Word 2003 XML document ({suffix}) cannot be read: convert it first, e.g. `soffice --headless --convert-to docx "
    "{name}` (LibreOffice), then open the .docx":
        "无法直接读取 Word 2003 XML 文档({suffix}):请先转换,例如 `soffice --headless --convert-to docx {name}`"
        "(LibreOffice),再打开 .docx",
    "a web archive (MHT) ({suffix}) cannot be read: open it in a browser or in Word and save it as a web page (.html) "
    "or a .docx, then open that": "无法直接读取网页存档(MHT)文件({suffix}):请用浏览器或 Word 打开,另存为网页(.html)"
    "或 .docx,再打开它",
    "a zip archive, not a Word document (an OpenDocument file?) ({suffix}) cannot be read: convert it first, e.g. "
    "`soffice --headless --convert-to docx {name}` (LibreOffice), then open the .docx":
        "无法直接读取:这是压缩包而不是 Word 文档(可能是 OpenDocument 文件)({suffix}):请先转换,例如 "
        "`soffice --headless --convert-to docx {name}`(LibreOffice),再打开 .docx",
    "an OFD file ({suffix}) cannot be read: export it as PDF first (an OFD reader's 'export'/'print to PDF'), then "
    "open the .pdf": "无法直接读取 OFD 文件({suffix}):请先用 OFD 阅读器导出或打印为 PDF,再打开 .pdf",
    "unknown file type {suffix}: expected .txt, .html, .htm, .shtml, .docx or .pdf":
        "不支持的文件类型 {suffix}:应为 .txt、.html、.htm、.shtml、.docx 或 .pdf",
    "empty file": "空文件",
    "file is {size} MB, larger than the {limit} MB limit": "文件大小 {size} MB,超过 {limit} MB 的上限",
    "no report text in the file": "文件中没有报告正文",
    "looks like UTF-16 without a byte-order mark: save it as UTF-8 (or UTF-16 with one)":
        "像是不带字节顺序标记(BOM)的 UTF-16:请另存为 UTF-8(或带 BOM 的 UTF-16)",
    "binary file (contains NUL bytes), not a text report": "二进制文件(含 NUL 字节),不是文本报告",
    "undecodable bytes: neither UTF-8 nor GB18030": "无法解码:既不是 UTF-8,也不是 GB18030",
    "cannot tell the encoding: not valid UTF-8, and as GB18030 it is not readable Chinese":
        "无法判断编码:不是有效的 UTF-8,按 GB18030 读出的也不是通顺的中文",
    "undecodable bytes for {encoding}": "按 {encoding} 无法解码",
    "corrupt .docx: {name} is not well-formed XML ({reason})": ".docx 文件已损坏:{name} 不是格式正确的 XML({reason})",
    "not a Word document: {name} is missing": "不是 Word 文档:缺少 {name}",
    "corrupt .docx: not a valid zip archive": ".docx 文件已损坏:不是有效的 zip 压缩包",
    "corrupt .docx: {name} declares an unknown encoding {encoding}": ".docx 文件已损坏:{name} 声明了未知的编码 {encoding}",
    "corrupt .docx: {name} is not in the encoding it declares ({encoding}): byte {n}":
        ".docx 文件已损坏:{name} 与它声明的编码({encoding})不符:第 {n} 字节",
    "corrupt .docx: {name} nests elements more than {n} deep": ".docx 文件已损坏:{name} 的元素嵌套超过 {n} 层",
    "corrupt .docx: {reason}": ".docx 文件已损坏:{reason}",
    "{name} inflates to {size} MB, past the {limit} MB limit": "{name} 解压后 {size} MB,超过 {limit} MB 的上限",
    "{name} inflates past the {limit} MB limit": "{name} 解压后超过 {limit} MB 的上限",
    "the PDF has no pages": "PDF 没有页面",
    "no text layer; OCR it first (the pages are images)": "没有文字层(页面是图片):请先做文字识别(OCR)",
    "{n} of its {total} pages have no text layer (pages {pages}: images); OCR it first":
        "共 {total} 页中有 {n} 页没有文字层(第 {pages} 页是图片):请先做文字识别(OCR)",
    "text layer is not readable (fonts without a Unicode map); OCR it first":
        "文字层无法读取(字体缺少 Unicode 映射):请先做文字识别(OCR)",
    "is one of the files pooled: not replaced by their export (give a new file name)": "是被汇总的文件之一:不会被汇总结果覆盖(请另起文件名)",
    "{n} pages: far more than a report has (at most {limit} are read)": "{n} 页:远多于一份报告的页数(至多读 {limit} 页)",
    "encrypted PDF: it needs a password; save an unprotected copy first": "加密的 PDF,需要密码:请先另存一份未加密的副本",
    "encrypted .docx: it needs a password; save an unprotected copy first": "加密的 .docx,需要密码:请先另存一份未加密的副本",
    "encrypted .docx, or a Word 97–2003 file: save it as an unprotected .docx first":
        "加密的 .docx 或 Word 97–2003 文件:请先另存为未加密的 .docx",
    "a reviewer name is 1–{most} printable characters": "评审员姓名须为 1–{most} 个可打印字符",
    "encrypted PDF: cannot decrypt it ({reason}); save an unprotected copy first":
        "加密的 PDF,无法解密({reason}):请先另存一份未加密的副本",
    "corrupt PDF, cannot be read ({reason})": "PDF 已损坏,无法读取({reason})",
    "corrupt PDF, cannot be read": "PDF 已损坏,无法读取",
    "not a PDF: a web page (open it as .html)": "不是 PDF:是网页(请改为 .html 打开)",
    "not a PDF: no %PDF header in its first bytes": "不是 PDF:文件开头没有 %PDF 标记",
    "malformed HTML: {reason}": "HTML 格式错误:{reason}",
    "no report text in the page: it shows the report from {file} (an embedded viewer or an attachment); open that "
    "file instead": "网页中没有报告正文:报告在 {file} 中(内嵌阅读器或附件),请改为打开该文件",
    "no report text found in the page": "网页中找不到报告正文",
    "more than {limit} numbered sections and items: far more than a report has (several reports in one file?)":
        "编号的章节和条目超过 {limit} 个,远多于一份报告(是否一个文件里有多份报告?)",
    "{lines} lines: far more than a report has (at most {limit} are read)": "共 {lines} 行,远多于一份报告(最多读取 {limit} 行)",
    "{paragraphs} paragraphs: far more than a report has (at most {limit} lines are read)":
        "共 {paragraphs} 段,远多于一份报告(最多读取 {limit} 行)",
    # opening a review (core/review.py, align.py)
    "the same text as report A ({path}): review it against another report, or alone (one file)":
        "与报告 A({path})文本相同:请与另一份报告对照评审,或单独评审(只给一个文件)",
    "report {side} ({name}) not found: pass --report-dir DIR where it now lives":
        "找不到报告 {side}({name}):请用 --report-dir DIR 指出它现在所在的文件夹",
    "report {side} at {path}: {reason}": "报告 {side}({path}):{reason}",
    "report {side} at {path} is now {name}, not {expected}: pass --report-dir DIR where it lives":
        "{path} 处的报告 {side} 现在是 {name},不是 {expected}:请用 --report-dir DIR 指出它所在的文件夹",
    "{option} {pair}: report {side} has no section {id}": "{option} {pair}:报告 {side} 没有第 {id} 节",
    "{option} {pair}: report {side} its section {id} is not aligned (more than {limit} sections)":
        "{option} {pair}:报告 {side} 的第 {id} 节未参与对齐(章节超过 {limit} 个)",
    # a round file (core/round_file.py) and a rubric (core/rubric.py)
    "says nothing: give government, year or skip = true": "没有内容:请写 government、year 或 skip = true",
    # the round file's template (core/round_file.py, core/round.py): what it says of itself and why a stub is there
    HEADER: HEADER_ZH,
    NEEDS_YOU: "需要你补充:去掉行首的 #,填好,保存;然后在轮次界面按 r(或重新运行 `fazhi round`)。",
    NOT_UTF8: "文件名不是 UTF-8 编码:请先给文件改名,再运行 `fazhi round`",
    "no government found in the report: give it in round.toml ([[override]])": "读不出单位,请在 round.toml 中用 [[override]] 补充",
    "not a report ({n} characters of text): if it is one, give its government and year in round.toml ([[override]])":
        "不是报告(正文只有 {n} 个字):如果是,请在 round.toml 中用 [[override]] 写明单位和年度",
    "not a report (titled {title}): if it is one, give its government and year in round.toml ([[override]])":
        "不是报告(标题为 {title}):如果是,请在 round.toml 中用 [[override]] 写明单位和年度",
    "no year found in the report: give it in round.toml ([[override]])": "读不出年度,请在 round.toml 中用 [[override]] 补充",
    "no government and year found in the report: give it in round.toml ([[override]])":
        "读不出单位和年度,请在 round.toml 中用 [[override]] 补充",
    "{name} has {n} different reports: skip all but one": "{name} 有 {n} 份不同的报告:只保留一份,其余写 skip = true",
    "{file} is overridden twice": "{file} 被覆盖了两次",
    "assigns nothing: give files = [...] or governments = [...]": "没有分配内容:请写 files = [...] 或 governments = [...]",
    "is the report b: a pair is two reports": "与 b 是同一份报告:对照需要两份报告",
    "{a} and {b} are paired twice": "{a} 与 {b} 配对了两次",
    "must be greater than scale.min ({lo})": "应大于 scale.min({lo})",
    "must be at most {n} levels above scale.min ({lo})": "至多比 scale.min({lo})高 {n} 级",
    "level {level} is out of range {lo}..{hi}": "等级 {level} 超出范围 {lo}..{hi}",
    "duplicate level {level}": "等级 {level} 重复",
    "duplicate {thing} id {id}": "{thing} 的 id {id} 重复",
    "no area {area} (did you mean {name}?)": "没有领域 {area}(是否想写 {name}?)",
    "no area {area}": "没有领域 {area}",
    # a keymap (tui/keymap.py)
    "unknown binding id (did you mean {name}?)": "未知的绑定名称(是否想写 {name}?)",
    "unknown binding id": "未知的绑定名称",
    "names no key ({value}): write one, e.g. {keys}": "没有写出按键({value}):请写一个,例如 {keys}",
    "malformed key name {key} (write e.g. ctrl+n, f5, question_mark)": "按键名称 {key} 格式不对(应写如 ctrl+n、f5、question_mark)",
    "{key} is swallowed by {by}: choose another key": "{key} 会被{by}截走:请换一个键",
    "{key} is taken by {by}{screen}: choose another key": "{key} 已被{by}{screen}占用:请换一个键",
    "{key} never arrives: a terminal sends the character shift types (write that one, e.g. exclamation_mark for "
    "shift+1)": "{key} 永远不会收到:终端发送的是按住 shift 打出的字符(请写那个字符,如 shift+1 写作 exclamation_mark)",
    # ({binding}, not {other}: that name is a bracketed clause's, never a quoted id: fuzz5 F6)
    "key {key} is also bound to {binding}{screen} ({where}: {keys})": "键 {key} 已绑定给 {binding}{screen}({where}:{keys})",
    "key {key} is also bound to {binding}{screen} ({where})": "键 {key} 已绑定给 {binding}{screen}({where})",
    "no such keymap (bundled: {known})": "没有这个键位表(自带的有:{known})",
    "fazhi failed on this file ({reason}); please report it": "fazhi 处理此文件时出错({reason}):请报告这个问题",
    "too large to read: the text it holds does not fit in memory": "太大,无法读取:其中的文字超出了内存",
    # folders and files named on the command line (core/round.py, tui/cli.py, tui/serve.py)
    "no such folder": "文件夹不存在",
    "not a folder": "不是文件夹",
    "no such folder: {path}": "文件夹 {path} 不存在",
    "a loop of symbolic links": "符号链接循环",
    "exists and is not a .{fmt} file: not replaced by the {export} export (give a new file name)":
        "已存在,且不是 .{fmt} 文件:不会被 {export} 导出替换(请换一个文件名)",
    "not a folder (--round takes the folder of a round's reports)": "不是文件夹(--round 应给出一轮评审的报告所在文件夹)",
    # what reading a file left out or took as another format (core/pdf.py, core/report.py: Document.notes)
    "named {named}, the file is a {suffix} file: read as one": "文件名为 {named},实为 {suffix} 文件:已按 {suffix} 读取",
    "page {page} has no text layer (images): not read; OCR the PDF to read them":
        "第 {page} 页没有文字层(是图片):未读入;要读入请先对 PDF 做文字识别(OCR)",
    "pages {pages} have no text layer (images): not read; OCR the PDF to read them":
        "第 {pages} 页没有文字层(是图片):未读入;要读入请先对 PDF 做文字识别(OCR)",
    # a round's warnings (core/round.py): what its round.toml names that the folder has not, a folder it cannot read
    "[[override]] file {file} is not a report of this round": "[[override]] 的 file {file} 不是本轮的报告",
    "[[pair]] file {file} is not a report of this round": "[[pair]] 的文件 {file} 不是本轮的报告",
    "[[pair]] file {file} is not a report of this round (did you mean {near}?)":
        "[[pair]] 的文件 {file} 不是本轮的报告(是不是 {near}?)",
    "[[pair]] file {file} is skipped": "[[pair]] 的文件 {file} 已被 skip 排除",
    "[[pair]] file {file} cannot be read: {reason}": "[[pair]] 的文件 {file} 无法读取:{reason}",
    "[[pair]] files {a} and {b} hold one text: not a pair": "[[pair]] 的文件 {a} 与 {b} 内容相同:不能对照",
    "[[pair]] {a} → {b}: the round reviews these two texts already (a year and the year before, or a copy of a file "
    "paired before): listed once": "[[pair]] {a} → {b}:本轮已在评审这两份文本(同一单位相邻两年,或此前已配对文件的副本):只列一次",
    "[[override]] file {file} is not in the round's folder: applied to {path}, the one report of that name (moved?): "
    "write its new path in round.toml": "[[override]] 的 file {file} 不在本轮的文件夹中:已用于同名的唯一报告 {path}(已移动?):"
    "请在 round.toml 中写上它的新路径",
    "changed since the round was read: read the round again": "在读取本轮之后已改变:请重新读取本轮",
    "[[assign]] for {reviewer}: {what} {given} is no review's (the later report of a review, or its government)":
        "[[assign]](评审员 {reviewer}):{what} {given} 不属于任何评审(应为某次评审中较晚的报告,或其政府)",
    "[[assign]] for {reviewer}: {what} {given} is no review's (the later report of a review, or its government) "
    "(did you mean {name}?)":
        "[[assign]](评审员 {reviewer}):{what} {given} 不属于任何评审(应为某次评审中较晚的报告,或其政府)(是否想写 {name}?)",
    "cannot read this folder ({reason}): its reports are not in the round": "无法读取此文件夹({reason}):其中的报告不在本轮中",
    "cannot read this folder ({reason}): its sessions are not pooled": "无法读取此文件夹({reason}):其中的会话未计入汇总",
    "cannot read this folder ({reason}): its sessions are not counted": "无法读取此文件夹({reason}):其中的会话未计入",
    "cannot read this folder: {reason}": "无法读取此文件夹:{reason}",
    # writing (core/files.py, store.py)
    "cannot write: {reason}": "无法写入:{reason}",
    "is a folder: give a file name": "是文件夹:请给出文件名",
    "is read-only: not replaced (make it writable, or write elsewhere)": "是只读文件:未替换(请改为可写,或写到别处)",
    "will not overwrite a file that is not a valid session ({reason})": "不会覆盖一个不是有效会话的文件({reason})",
    "is not this review's session (another reviewer's, or another pair of reports): left as it is":
        "不是这次评审的会话(属于另一位评审员,或另一对报告):未采用,文件不变",
    "changed on disk since this session was opened (saved from another window or process): merge it with yours, reload "
    "it, or save yours as a copy": "在你打开后被另一个窗口或进程保存过:请与你的修改合并、重新载入,或把你的修改另存为副本",
    "{reason} — one of your sessions, which could be this pair's: fix or move it (no new session is started beside "
    "one that cannot be read)": "{reason}——这是你的一个会话,可能正是这一对报告的:请修正或移走它(读不了它时不会另开新会话)",
    # sessions (core/session.py) and every TOML file (core/toml_check.py)
    "invalid {what}: {item}": "{what}无效:{item}",
    "invalid {what}, {n} problems: {items}": "{what}无效,共 {n} 处问题:{items}",
    "invalid {what}, {n} problems:\n  {items}": "{what}无效,共 {n} 处问题:\n  {items}",
    "… and {n} more": "……另有 {n} 处",
    "missing: a session file starts with schema = {schema}": "缺失:会话文件以 schema = {schema} 开头",
    "is {value}: a session file starts with schema = {schema}": "为 {value}:会话文件以 schema = {schema} 开头",
    "{value} is newer than this fazhi ({version}) can read ({schema}); upgrade fazhi to open it":
        "{value} 比本版 fazhi({version})能读的({schema})更新:请升级 fazhi 后再打开",
    "{value} is not a version fazhi wrote: this fazhi reads schema = {schema}":
        "{value} 不是 fazhi 写过的版本:本版 fazhi 读取 schema = {schema}",
    "a report, not a session file: open reports with `fazhi review A B`": "这是报告,不是会话文件:报告请用 `fazhi review A B` 打开",
    "must be {kind}, not {type} {value}": "应为{kind},而不是{type} {value}",
    "contains a NUL character, which no file's path holds": "含有 NUL 字符(文件路径中不会有)",
    "must not be empty": "不能为空",
    "contains control characters": "含有控制字符",
    "contains an invisible character ({code})": "含有不可见字符({code})",
    "must be one of {choices}, not {value}": "应为 {choices} 之一,而不是 {value}",
    "is too large for a TOML integer": "超出 TOML 整数的范围",
    "must be a finite number, not {value}": "应为有限的数,而不是 {value}",
    "must be at least {lo}, not {value}": "应不小于 {lo},而不是 {value}",
    "must be at most {hi}, not {value}": "应不大于 {hi},而不是 {value}",
    "unknown key (did you mean {name}?)": "未知的键(是否想写 {name}?)",
    "unknown key (known keys: {names})": "未知的键(可用的键:{names})",
    "missing": "缺失",
    "not UTF-8 text: not a {what}": "不是 UTF-8 文本:不是{what}",
    "is a folder, not a {what}": "是文件夹,不是{what}",
    "is larger than {size} MB: not a {what}": "大于 {size} MB:不是{what}",
    "no such {what}": "{what}不存在",
    "not valid TOML: {reason}": "不是有效的 TOML:{reason}",
    "not a {what}: arrays or tables nested too deeply": "不是{what}:数组或表嵌套过深",
    "is a symbolic link to no file": "是指向不存在文件的符号链接",
    "is a symbolic link to no file: not written (remove the link, or write elsewhere)":
        "是指向不存在文件的符号链接:未写入(请删除该链接,或写到别处)",
    "not valid TOML: a number too long to read: not a {what}": "不是有效的 TOML:数字位数过多,无法读取,不是{what}",
    # the rubric's judgement of a session's levels (core/rubric.py)
    "no area {area} in rubric {rubric} (did you mean {name}?)": "评分细则 {rubric} 中没有领域 {area}(是否想写 {name}?)",
    "no area {area} in rubric {rubric}": "评分细则 {rubric} 中没有领域 {area}",
    "scored under rubric {rubric}, not {ours} (scale {scale}): another rubric's levels are not this one's; open or pool "
    "it with that rubric (--rubric FILE)": "按评分细则 {rubric} 评分,不是 {ours}(分级 {scale}):另一细则的分值与本细则的"
                                           "不同;请用该细则打开或汇总(--rubric FILE)",
    "{level} is outside the rubric's scale {scale}": "{level} 超出评分细则的分级 {scale}",
    # why a pin or a split is left out (core/review.py: OrphanPin.reason, each part said alone)
    "{side} has no section {id}": "{side} 已没有第 {id} 节",
    "{side}'s section {id} is no longer «{heading}»": "{side} 的第 {id} 节已不再是«{heading}»",
    "a section pinned twice": "同一章节被配对了两次",
    "also pinned": "同一对章节也被配对",
}

#: What the system says of a file, by errno → Chinese. core writes the system's English (an OSError's strerror, as
#: "cannot read: {reason}" and the others above put it, or alone): it is keyed here by this system's own text for each
#: errno (os.strerror, the text OSError carries), so it matches whatever C library wrote it. Others stay as written.
_SYSTEM_SAYS = {
    errno.EACCES: "没有权限", errno.EPERM: "不允许此操作", errno.ENOENT: "文件或文件夹不存在",
    errno.EROFS: "文件系统是只读的", errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "超出磁盘配额",
    errno.EISDIR: "是文件夹", errno.ENOTDIR: "路径中有一级不是文件夹", errno.EEXIST: "文件已存在",
    errno.ENOTEMPTY: "文件夹不是空的", errno.ENAMETOOLONG: "文件名过长", errno.ELOOP: "符号链接层级过多(可能指回自身)",
    errno.EIO: "读写出错(输入/输出错误)", errno.EBUSY: "设备或资源正忙", errno.ETXTBSY: "文件正被运行的程序占用",
    errno.EMFILE: "打开的文件过多", errno.EFBIG: "文件过大", errno.EXDEV: "不能跨文件系统链接",
    errno.ENXIO: "设备或地址不存在", errno.EINVAL: "参数无效", errno.EBADF: "文件描述符无效(已关闭)",
}
SYSTEM_REASONS: dict[str, str] = {os.strerror(code): chinese for code, chinese in _SYSTEM_SAYS.items()}

#: The words core puts into a template: what a file should be, what a value should be and what it is.
NOUNS: dict[str, str] = {
    "session": "会话", "session file": "会话文件", "rubric": "评分细则", "keymap": "键位表", "round file": "轮次文件",
    "file": "文件", "report file": "报告文件", "folder": "文件夹", "government": "政府",
    "a value": "一个值", "a string": "字符串", "an integer": "整数", "a number": "数", "true or false": "true 或 false",
    "a date and time": "日期时间", "an ISO 8601 date and time": "ISO 8601 日期时间", "an array": "数组", "a table": "表",
    "boolean": "布尔值", "integer": "整数", "float": "浮点数", "string": "字符串", "array": "数组", "table": "表",
    "date": "日期", "date and time": "日期时间", "time": "时间",
    # what takes a key before the app sees it (tui/keymap.py SWALLOWED), where a key clashes, on which screen
    "XON/XOFF flow control": " XON/XOFF 流控", "the tmux prefix": " tmux 前缀键", "newline in many terminals": "许多终端的换行",
    "the screen prefix": " screen 前缀键", "interrupt": "中断", "Enter in every terminal": "所有终端的回车",
    "Tab in every terminal": "所有终端的 Tab", "Backspace in many terminals": "许多终端的退格",
    "the command palette": "命令面板", "the table's Enter (it opens the row)": "表格用来打开该行的回车",
    "by default": "默认", "in this file": "本文件中", " on the round screen": "(轮次界面)",
    " on the aggregate view": "(汇总视图)", "": "",
}
_NOUN_PARAMS = {"what", "kind", "type", "by", "where", "screen"}
#: Where a list of problems parts: one per line (a configuration's), or "; " before the next "[key]" (a session's, on
#: one line: a message or a value may hold "; " itself).
_ITEM_SEPARATORS = (re.compile(r"\n  "), re.compile(r"; (?=\[)"))
_KEY_END = re.compile(r"\] ")  # "[scores.b.x] " before an item's message ends at one of these
#: A message longer than this is tried against the lists' templates only (a fixed head, one open value: linear);
#: the others' several open values would cost time that grows faster than the message.
LONG = 2_000


def say_core(text: str, lang: str) -> str:
    """`text` (a core message, or one after what names its file and key) in `lang`: see the module docstring."""
    if lang != "zh":
        return text
    start = 0
    while True:  # the message starts after the file, line and key: try each ": " (a file name may hold one too)
        said = _said(text[start:])
        if said is not None:
            return text[:start] + said
        found = text.find(": ", start)
        if found < 0:
            return text
        start = found + 2


def _said(message: str) -> str | None:
    if message in SYSTEM_REASONS:  # what the system said, alone or as a template's {reason}
        return SYSTEM_REASONS[message]
    long = len(message) > LONG
    for pattern, names, chinese in _compiled():
        if long and "items" not in names:
            continue
        m = pattern.fullmatch(message)
        if m:
            return chinese.format(**{name: _value(name, m.group(name)) for name in names})
    return None


def _value(name: str, value: str) -> str:
    if name in _NOUN_PARAMS:
        return NOUNS.get(value, value)
    if name == "reason":  # what the system or a parser said: English, unless it is core's own or the system's common one
        return say_core(value, "zh")
    if name == "items":
        return _items(value)
    if name == "item":
        return _item(value)
    if name == "other":
        return _said(value) or value
    return value


def _items(listed: str) -> str:
    """A list of problems, each "[key] message" (or a message alone), said one by one with the same separator."""
    for separator in _ITEM_SEPARATORS:
        parts = separator.split(listed)
        if len(parts) > 1:
            found = separator.search(listed).group(0)
            return found.join(map(_item, parts))
    return _item(listed)


def _item(item: str) -> str:
    """One problem, "[key] message" or a message alone: the key kept, the message said. A key may hold "] " itself
    (a keymap's id "[b]x[/]", a quoted value): the first "] " after which a message is known ends it."""
    if not item.startswith("["):
        return _said(item) or item
    ends = [m.end() for m in _KEY_END.finditer(item)]
    for end in ends:
        said = _said(item[end:])
        if said is not None:
            return item[:end] + said
    return item


@cache
def _compiled() -> list[tuple[re.Pattern[str], list[str], str]]:
    """Each template as a pattern; the longest first, so the most specific of two that both match wins."""
    out = []
    for english in sorted(TEMPLATES, key=len, reverse=True):
        parts = re.split(r"\{(\w+)\}", english)
        names = parts[1::2]
        pattern = "".join(re.escape(part) if i % 2 == 0 else _param(part, leading=i == 1 and not parts[0])
                          for i, part in enumerate(parts))
        out.append((re.compile(pattern, re.DOTALL), names, TEMPLATES[english]))
    return out


def _param(name: str, leading: bool) -> str:
    """A value's pattern: one of NOUNS for a noun; else anything, but one that starts a template never spans a ": "
    (what names the file comes before the message: "path: word/document.xml inflates …"), unless it is a reason,
    which is itself said (it may start with a file)."""
    if name in _NOUN_PARAMS:
        return f"(?P<{name}>{'|'.join(map(re.escape, sorted(NOUNS, key=len, reverse=True)))})"
    if name == "items":
        return "(?P<items>.*)"
    if name == "other":  # a clause in brackets or nothing: the value before it ("in rubric {rubric}{other}") is whole
        return r"(?P<other>(?: \(.*)?)"
    return f"(?P<{name}>(?:(?!: ).)*?)" if leading and name != "reason" else f"(?P<{name}>.*?)"
