"""Every interface string, in Chinese (default) and English (--lang en)."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "法治政府建设年度报告评审台", "en": "Rule-of-law report review workbench"},
    "loading": {"zh": "正在对齐章节…(分词词典加载中)", "en": "Aligning sections… (loading the word dictionary)"},
    "aligned": {"zh": "已对齐", "en": "aligned"},
    "matched": {"zh": "对应", "en": "matched"},
    "moved": {"zh": "移位", "en": "moved"},
    "removed": {"zh": "删除", "en": "removed"},
    "added": {"zh": "新增", "en": "added"},
    "no_counterpart": {"zh": "(无对应章节)", "en": "(no counterpart)"},
    "preamble": {"zh": "导语", "en": "Preamble"},
    "areas": {"zh": "评分领域", "en": "Areas"},
    "scoring": {"zh": "评分对象", "en": "Scoring"},
    "report": {"zh": "报告", "en": "Report"},
    "figures": {"zh": "数字变化", "en": "Changed figures"},
    "no_figures": {"zh": "本节无数字变化", "en": "No figures changed in this pair"},
    "annotate": {"zh": "批注", "en": "Annotate"},
    "note": {"zh": "备注", "en": "Note"},
    "tag": {"zh": "标签(可选)", "en": "Tag (optional)"},
    "save": {"zh": "保存", "en": "Save"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "delete": {"zh": "删除", "en": "Delete"},
    "saved": {"zh": "已保存", "en": "Saved"},
    "help_title": {"zh": "快捷键", "en": "Keys"},
    "annotations": {"zh": "批注列表", "en": "Annotations"},
    "no_annotations": {"zh": "本节没有批注", "en": "No annotations on this pair"},
    "pick_counterpart": {"zh": "选择对应章节(固定配对)", "en": "Choose the counterpart to pin"},
    "pinned": {"zh": "已固定配对,其余章节重新对齐", "en": "Pinned; the rest re-aligned"},
    "unpinned": {"zh": "已取消固定", "en": "Unpinned"},
    "forbidden": {"zh": "已拆开此配对", "en": "Pair split; it will not be matched again"},
    "report_changed": {"zh": "报告文本已改动,批注已重新定位", "en": "report text changed; annotations re-anchored"},
    "orphans": {"zh": "条批注无法定位(报告已改动),已保留", "en": "annotations could not be placed (report changed); kept"},
    "evidence": {"zh": "依据", "en": "evidence"},
    "no_evidence": {"zh": "该领域在两份报告中都没有依据", "en": "No evidence for this area in either report"},
    "evidence_short": {"zh": "依据", "en": "ev"},
    "score_levels": {"zh": "评分(当前领域)", "en": "Score the focused area"},
    "score_first": {"zh": "先用 0–4 评分,再写备注", "en": "Score the area (0–4) before adding a note"},
    "passage": {"zh": "批注的原文(可改为其中一句或一段)", "en": "Annotated passage (edit it down to the exact words)"},
    "passage_not_found": {"zh": "本节中找不到该原文,已批注在本节首句", "en": "Passage not found in this section; annotated its first sentence"},
    "palette": {"zh": "命令面板", "en": "Command palette"},
    "quit": {"zh": "退出", "en": "Quit"},
    "score_note": {"zh": "评分备注", "en": "Score note"},
    "aggregate_title": {"zh": "多评审汇总", "en": "Reviewers' scores pooled"},
    "alpha": {"zh": "一致性 α", "en": "agreement α"},
}

BINDING_LABELS: dict[str, dict[str, str]] = {
    "pair.next": {"zh": "下一对", "en": "Next pair"},
    "pair.prev": {"zh": "上一对", "en": "Prev pair"},
    "change.next": {"zh": "下一处变化", "en": "Next change"},
    "change.prev": {"zh": "上一处变化", "en": "Prev change"},
    "unmatched.next": {"zh": "下一未对应", "en": "Next unmatched"},
    "unmatched.prev": {"zh": "上一未对应", "en": "Prev unmatched"},
    "pane.switch": {"zh": "切换左右", "en": "Switch side"},
    "scroll.down": {"zh": "下翻页", "en": "Page down"},
    "scroll.up": {"zh": "上翻页", "en": "Page up"},
    "area.next": {"zh": "下一领域", "en": "Next area"},
    "area.prev": {"zh": "上一领域", "en": "Prev area"},
    "area.evidence": {"zh": "跳到依据", "en": "Jump to evidence"},
    "annotate": {"zh": "批注", "en": "Annotate"},
    "annotations": {"zh": "批注列表", "en": "Annotations"},
    "score.0": {"zh": "评0级", "en": "Score 0"},
    "score.1": {"zh": "评1级", "en": "Score 1"},
    "score.2": {"zh": "评2级", "en": "Score 2"},
    "score.3": {"zh": "评3级", "en": "Score 3"},
    "score.4": {"zh": "评4级", "en": "Score 4"},
    "score.clear": {"zh": "清除评分", "en": "Clear score"},
    "score.note": {"zh": "评分备注", "en": "Score note"},
    "side.toggle": {"zh": "评A/评B", "en": "Score A/B"},
    "pin.toggle": {"zh": "固定/取消配对", "en": "Pin / unpin"},
    "pin.forbid": {"zh": "拆开配对", "en": "Split pair"},
    "help": {"zh": "帮助", "en": "Help"},
    "quit": {"zh": "退出", "en": "Quit"},
}


class Strings:
    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang if lang in ("zh", "en") else "zh"

    def __call__(self, key: str) -> str:
        entry = STRINGS.get(key) or BINDING_LABELS.get(key)
        return entry[self.lang] if entry else key

    def binding(self, binding_id: str) -> str:
        return BINDING_LABELS.get(binding_id, {}).get(self.lang, binding_id)
