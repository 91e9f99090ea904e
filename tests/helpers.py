"""Builders for test inputs made from the samples: .docx, HTML pages, GB18030 copies, next year's report."""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def make_docx(text: str, path: Path) -> Path:
    """A minimal Word document with one paragraph per line; runs split to mimic real files."""
    paras = []
    for line in text.split("\n"):
        half = len(line) // 2
        runs = "".join(f'<w:r><w:t xml:space="preserve">{html.escape(part)}</w:t></w:r>' for part in (line[:half], line[half:]) if part)
        paras.append(f"<w:p>{runs}</w:p>")
    body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "".join(paras) + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", body)
    return path


def make_html(text: str, path: Path, encoding: str = "utf-8") -> Path:
    """A government web page around the report: navigation, share buttons, scripts, a footer."""
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    page = f"""<!DOCTYPE html><html><head><meta charset="{encoding}"><title>门户网站</title>
<script>var tracking = "一、不是正文";</script><style>p {{ margin: 0 }}</style></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<div class="breadcrumb">当前位置:首页 &gt; 法治政府</div>
<div class="content">{paras}</div>
<div class="bdshare">分享到: 微信 微博</div>
<footer>主办单位:某市人民政府办公室 备案号:粤ICP备00000000号</footer></body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def next_year_of(text: str, edits: dict[str, str]) -> str:
    """The report a year on, as consecutive years' reports differ: every year in it (2017年, 2016-2020年,
    〔2016〕, the page's date) advanced by one, and each of `edits` (old → new passages) made."""
    text = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", lambda m: str(int(m.group()) + 1), text)
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


#: The sub-section of dongkeng_2017 that `year_over_year` edits (a figure and two phrases) — all else is the year.
EDITED_SECTION = "1.1.4"


def year_over_year(folder: Path) -> tuple[Path, Path]:
    """dongkeng_2017 and its next year: every year advanced, and only section `EDITED_SECTION` edited."""
    from tests.conftest import sample

    a = sample("dongkeng_2017.txt")
    b = folder / "dongkeng_2018.txt"
    b.write_text(next_year_of(a.read_text(encoding="utf-8"), {
        "254项": "261项", "打造全新镇政府官方网站": "升级改版镇政府官方网站",
        "全面升级镇村两级综合服务中心": "持续优化镇村两级综合服务中心"}), encoding="utf-8")
    return a, b


def one_removed_one_added(folder: Path) -> tuple[Path, Path]:
    """qingcheng_2024 and its next year as a newcomer's walk made it: every year advanced, 三(二)行政执法水平亟待提升
    deleted and 四(四)推进数字法治政府建设 added (its untitled 一是/二是 items are long sentences)."""
    from tests.conftest import sample

    a = sample("qingcheng_2024.txt")
    text = a.read_text(encoding="utf-8")
    deleted = re.search(r"^\(二\)行政执法水平亟待提升\n.*\n", text, re.M).group()
    b = folder / "qingcheng_2025.txt"
    b.write_text(next_year_of(text, {deleted: ""}).rstrip("\n") + "\n(四)推进数字法治政府建设\n建设全区统一的行政执法监督"
                 "平台,推动执法数据互联互通,2026年底前实现执法案卷电子化率100%。\n", encoding="utf-8")
    return a, b
