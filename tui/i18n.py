"""Every interface string, in Chinese (default) and English (--lang en), Textual's own included.

`Strings(lang)(key, **params)` formats one; `binding(id)` names a key binding. One language at a time: nothing on
screen mixes the two (the rubric's titles follow the same choice through `Area.name(lang)`).
"""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {  # key → (中文, English)
    "app_title": ("法治政府建设年度报告评审台", "Rule-of-law report review workbench"),
    "loading": ("正在对齐章节…", "Aligning sections…"),
    "aligned": ("已对齐", "aligned"),
    "matched": ("对应", "matched"),
    "moved": ("移位", "moved"),
    "removed": ("删除", "removed"),
    "added": ("新增", "added"),
    "pending": ("待对齐", "pending"),
    "no_counterpart": ("(无对应章节)", "(no counterpart)"),
    "preamble": ("导语", "Preamble"),
    "areas": ("评分领域", "Areas"),
    "scoring": ("评分", "Scoring"),
    "report": ("报告", "Report"),
    "section": ("章节", "Section"),
    "figures": ("数字变化", "Changed figures"),
    "no_figures": ("本节无数字变化", "No figures changed in this pair"),
    "figures_one_sided": ("仅一方有的数字", "Figures on one side only"),
    "annotate": ("批注", "Annotate"),
    "note": ("备注", "Note"),
    "tag": ("标签(可选,逗号分隔)", "Tags (optional, comma-separated)"),
    "save": ("保存", "Save"),
    "cancel": ("取消", "Cancel"),
    "delete": ("删除", "Delete"),
    "saved": ("已保存", "Saved"),
    "not_saved": ("未保存", "Not saved"),
    "help_title": ("快捷键与图例", "Keys and legend"),
    "annotations": ("批注", "Annotations"),
    "all_annotations": ("本次评审的全部批注", "All annotations of this review"),
    "no_annotations": ("本对章节没有批注", "No annotations on this pair"),
    "no_annotations_at_all": ("还没有批注", "No annotations yet"),
    "pick_counterpart": ("选择对应章节(输入可筛选)", "Choose the counterpart (type to filter)"),
    "pinned": ("已固定配对,其余章节已重新对齐", "Pinned; the rest re-aligned"),
    "unpinned": ("已取消固定", "Unpinned"),
    "split": ("已拆开此配对,不会再自动配对", "Pair split; it will not be matched again"),
    "evidence": ("依据", "evidence"),
    "evidence_col": ("依据", "ev."),
    "no_evidence": ("该领域在两份报告中都没有依据", "No evidence for this area in either report"),
    "evidence_hit": ("依据 {n}/{total}:{phrase}", "evidence {n}/{total}: {phrase}"),
    "score_digits": ("评分(量表内 {lo}–{hi})", "Score ({lo}–{hi} on the scale)"),
    "score_type": ("输入评分({scale})", "Type a level ({scale})"),
    "score_first": ("请先评分,再写备注", "Score the area before adding a note"),
    "scored": ("{side} · {area} = {level}({label})", "{side} · {area} = {level} ({label})"),
    "cleared": ("{side} · {area} 已清除评分", "{side} · {area} score cleared"),
    "off_scale": ("{level} 不在量表 {scale} 内", "{level} is outside the scale {scale}"),
    "score_note": ("评分备注", "Score note"),
    "passage": ("批注的原文", "Annotated passage"),
    "passage_not_found": ("本节中找不到该原文,已批注默认段落", "Passage not found in this section; annotated the default passage"),
    "palette": ("命令面板", "Command palette"),
    "palette_placeholder": ("搜索命令、章节、领域…", "Search commands, sections, areas…"),
    "no_matches": ("没有匹配项", "No matches found"),
    "quit": ("退出", "Quit"),
    "quit_hint": ("按 {key} 退出", "Press {key} to quit"),
    "quit_title": ("要退出吗?", "Do you want to quit?"),
    "theme": ("主题", "Theme"),
    "theme_help": ("更换配色主题", "Change the colour theme"),
    "screenshot": ("截图", "Screenshot"),
    "screenshot_help": ("把当前屏幕保存为 SVG", "Save the screen as an SVG file"),
    "help": ("帮助", "Help"),
    "help_help": ("快捷键与图例", "Keys and legend"),
    "aggregate_title": ("多评审汇总", "Reviewers' scores pooled"),
    "alpha": ("一致性 α", "agreement α"),
    "first_pair": ("已是第一对", "Already at the first pair"),
    "last_pair": ("已是最后一对", "Already at the last pair"),
    "no_more_changes": ("后面没有变化了", "No further changes"),
    "no_more_unmatched": ("后面没有未对应章节了", "No further unmatched sections"),
    "progress": ("进度 A {a}/{n} · B {b}/{n} · 备注 {notes} · 批注 {annotations}",
                 "Progress A {a}/{n} · B {b}/{n} · notes {notes} · annotations {annotations}"),
    "demo": ("演示:A 是较早的东坑镇 2017 年报告,B 是清溪镇 2024 年报告(两个单位对照)",
             "Demo: A is the earlier report (东坑镇 2017), B a peer's later one (清溪镇 2024)"),
    "continued": ("继续 {date} 的评审,已有 {scores} 项评分", "Continuing session of {date}, {scores} scores"),
    "started_from": ("已从 {reviewer} 的评审开始(对方的文件不变)", "Started from {reviewer}'s session (theirs is unchanged)"),
    "report_changed": ("报告 {sides} 的文本已改动,批注已重新定位", "Report {sides} changed; annotations re-anchored"),
    "orphans": ("{count} 条批注无法定位(报告已改动),已保留", "{count} annotations could not be placed (report changed); kept"),
    "orphan_pins": ("{count} 个固定配对已失效(章节不存在),未参与对齐", "{count} pins name sections that no longer exist; left out"),
    "fork_title": ("你已有这对报告的评审", "You already have a session for this pair"),
    "fork_body": ("打开的是 {theirs} 的评审。保留你自己的,还是用对方评审的副本替换你的?(你的旧文件会保存为 .bak)",
                  "This is {theirs}'s session. Keep yours, or replace yours with a copy of theirs? (yours is kept as .bak)"),
    "keep_mine": ("保留我的", "Keep mine"),
    "replace_mine": ("用对方的替换", "Replace mine"),
    "conflict_title": ("会话文件已被另一处修改", "The session file changed elsewhere"),
    "conflict_body": ("{path} 在你打开后被另一个窗口或进程保存过。重新载入(放弃本窗口未保存的修改),还是另存为副本?",
                      "{path} was saved from another window or process since you opened it. Reload it (dropping this "
                      "window's unsaved change), or save yours as a copy?"),
    "reload": ("重新载入", "Reload"),
    "save_copy": ("另存为副本", "Save as a copy"),
    "save_failed_title": ("保存失败", "Could not save"),
    "save_failed_body": ("{error}\n你的修改还在,未写入文件。", "{error}\nYour changes are kept, not written."),
    "save_elsewhere": ("另存到…", "Save elsewhere…"),
    "retry": ("重试", "Retry"),
    "folder": ("文件夹", "Folder"),
    "quit_unsaved_title": ("有未保存的修改", "Unsaved changes"),
    "quit_unsaved_body": ("修改未能保存。仍要退出吗?", "Your changes could not be saved. Quit anyway?"),
    "quit_anyway": ("仍然退出", "Quit anyway"),
    "stay": ("返回", "Go back"),
    "undone": ("已撤销:{what}", "Undone: {what}"),
    "redone": ("已重做:{what}", "Redone: {what}"),
    "nothing_to_undo": ("没有可撤销的操作", "Nothing to undo"),
    "nothing_to_redo": ("没有可重做的操作", "Nothing to redo"),
    "find_prompt": ("在两份报告中查找", "Find in both reports"),
    "find_hits": ("“{query}”:第 {n}/{total} 处", "“{query}”: hit {n} of {total}"),
    "find_none": ("两份报告中都没有“{query}”", "“{query}” is in neither report"),
    "visual_on": ("选择模式:←→↑↓ 移动,a 批注所选,Esc 取消", "Select: ←→↑↓ move, a annotates, Esc cancels"),
    "visual_nothing": ("先用 v 选择一段文字", "Select a passage with v first"),
    "why_title": ("为何这样配对", "Why this pair"),
    "pending_align": ("对齐完成前无法固定或拆开配对", "Wait for the alignment before pinning or splitting"),
    "nothing_here": ("这里没有可操作的章节", "No section here to act on"),
    "session_file": ("会话文件", "Session file"),
    "resume_with": ("继续评审:", "Resume with:"),
    "nothing_written": ("没有修改,未写入会话文件", "No changes: no session file written"),
    "undo_labels": ("评分|备注|批注|修改批注|删除批注|固定配对|取消固定|拆开配对|替换为对方评审",
                    "score|note|annotation|annotation edit|annotation delete|pin|unpin|split|replace with theirs"),
}

#: What each binding does, for the key bar, the help and the generated keymap file.
BINDING_LABELS: dict[str, dict[str, str]] = {
    "pair.next": {"zh": "下一对", "en": "Next pair"},
    "pair.prev": {"zh": "上一对", "en": "Prev pair"},
    "pair.first": {"zh": "第一对", "en": "First pair"},
    "pair.last": {"zh": "最后一对", "en": "Last pair"},
    "change.next": {"zh": "下一变化", "en": "Next change"},
    "change.prev": {"zh": "上一变化", "en": "Prev change"},
    "unmatched.next": {"zh": "下一未对应", "en": "Next unmatched"},
    "unmatched.prev": {"zh": "上一未对应", "en": "Prev unmatched"},
    "pane.switch": {"zh": "切换A/B", "en": "Switch A/B"},
    "side.a": {"zh": "看/评A", "en": "Side A"},
    "side.b": {"zh": "看/评B", "en": "Side B"},
    "scroll.down": {"zh": "下翻页", "en": "Page down"},
    "scroll.up": {"zh": "上翻页", "en": "Page up"},
    "area.next": {"zh": "下一领域", "en": "Next area"},
    "area.prev": {"zh": "上一领域", "en": "Prev area"},
    "area.evidence": {"zh": "依据", "en": "Evidence"},
    **{f"score.{n}": {"zh": f"评{n}级", "en": f"Score {n}"} for n in range(10)},
    "score.type": {"zh": "输入评分", "en": "Type a score"},
    "score.clear": {"zh": "清除评分", "en": "Clear score"},
    "score.note": {"zh": "评分备注", "en": "Score note"},
    "annotate": {"zh": "批注", "en": "Annotate"},
    "annotations": {"zh": "本对批注", "en": "Pair's notes"},
    "annotations.all": {"zh": "全部批注", "en": "All annotations"},
    "visual": {"zh": "选择文字", "en": "Select text"},
    "find": {"zh": "查找", "en": "Find"},
    "pin.toggle": {"zh": "固定/取消配对", "en": "Pin / unpin"},
    "pin.forbid": {"zh": "拆开配对", "en": "Split pair"},
    "pair.why": {"zh": "配对依据", "en": "Why paired"},
    "undo": {"zh": "撤销", "en": "Undo"},
    "redo": {"zh": "重做", "en": "Redo"},
    "cancel": {"zh": "取消/关闭", "en": "Cancel / close"},
    "help": {"zh": "帮助", "en": "Help"},
    "quit": {"zh": "退出", "en": "Quit"},
}

GROUPS = {"move": ("浏览", "Move"), "score": ("评分", "Score"), "annotate": ("批注", "Annotate"),
          "find": ("查找", "Find"), "align": ("配对", "Pairs"), "other": ("其他", "Other")}

LEGEND: dict[str, tuple[str, str]] = {
    "=": ("对应:两份报告中主题相同、位置一致的章节", "matched: the same topic at the same place in both reports"),
    "↕": ("移位:主题对应,但在另一份报告中的位置(或上级章节)不同", "moved: same topic, at another place (or under another parent)"),
    "−": ("删除:只在 A 中出现", "removed: only in A"),
    "+": ("新增:只在 B 中出现", "added: only in B"),
    "╱": ("斜线填充:该章节在另一份报告中没有对应", "hatched filler: no counterpart in the other report"),
    "0.83": ("相似度(0–1):标题、正文和所属领域综合得出,越高越相似", "similarity (0–1) of heading, body and area"),
    "依据": ("该领域的关键词在报告中出现的次数(按 e 逐个跳转,关键词高亮)",
             "how often the area's keywords occur in the report (e jumps through them, highlighted)"),
    "📌": ("已固定的配对(p 取消)", "a pinned pair (p unpins)"),
    "Esc": ("关闭窗口、退出查找或选择", "closes a window, ends a search or a selection"),
}


class Strings:
    """The interface strings of one language."""

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang if lang in ("zh", "en") else "zh"
        self._i = 1 if self.lang == "en" else 0

    def __call__(self, key: str, **params) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            return self.binding(key)
        text = entry[self._i]
        return text.format(**params) if params else text

    def binding(self, binding_id: str) -> str:
        return BINDING_LABELS.get(binding_id, {}).get(self.lang, binding_id)

    def group(self, name: str) -> str:
        return GROUPS[name][self._i]

    def legend(self) -> list[tuple[str, str]]:
        return [(mark, text[self._i]) for mark, text in LEGEND.items()]

    def undo_label(self, label: str) -> str:
        keys = ["score", "note", "annotate", "annotation_edit", "annotation_delete", "pin", "unpin", "split",
                "replace_with_theirs"]
        names = self("undo_labels").split("|")
        return dict(zip(keys, names)).get(label, label)

    def status(self, status: str) -> str:
        return self(status)
