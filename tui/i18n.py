"""Every interface string, in Chinese (default) and English (--lang en), Textual's own included.

`Strings(lang)(key, **params)` formats one (a parameter's control characters shown as escapes: file names are data);
`binding(id)` names a key binding. One language at a time: nothing on
screen mixes the two (the rubric's titles follow the same choice through `Area.name(lang)`).
"""
from __future__ import annotations

import os

from fazhi.core.errors import printable
from fazhi.tui.core_messages import say_core
from fazhi.tui.keymap import key_display

STRINGS: dict[str, tuple[str, str]] = {  # key → (中文, English)
    "app_title": ("法治政府建设年度报告评审台", "Rule-of-law report review workbench"),
    "loading": ("正在对齐章节…", "Aligning sections…"),
    "loading_single": ("正在分析报告的章节…", "Reading the report's sections…"),  # a report alone: nothing to align
    "aligning_mark": ("对齐中…", "aligning…"),  # beside the progress until the alignment lands, whatever is said
    "aligned": ("已对齐", "aligned"),
    "matched": ("对应", "matched"),
    "moved": ("移位", "moved"),
    "edited": ("改写", "edited"),
    "moved_edited": ("移位并改写", "moved and edited"),  # polish4: a moved pair whose own text changed (↕≈)
    "ok": ("确定", "OK"),
    "removed": ("删除", "removed"),
    "added": ("新增", "added"),
    "only_in_a": ("只在 A", "A only"),  # two governments' reports: nothing was removed or added
    "only_in_b": ("只在 B", "B only"),
    "pending": ("待对齐", "pending"),
    "no_counterpart": ("(无对应章节)", "(no counterpart)"),
    "preamble": ("导语", "Preamble"),
    "areas": ("评分领域", "Areas"),
    "scoring": ("评分", "Scoring"),
    "report": ("报告", "Report"),
    "section": ("章节", "Section"),
    "figures": ("数字变化", "Changed figures"),
    "no_figures": ("本节无数字变化", "No figures changed in this pair"),
    "own_figures": ("本节数字", "Figures in this section"),
    "no_own_figures": ("本节无数字", "No figures in this section"),
    "figures_one_sided": ("仅一方有的数字", "Figures on one side only"),
    "more_figures": ("…另有 {n} 项数字", "… {n} more figures"),
    # a detail panel too short to list them beside the annotations: the title counts them
    "figures_count": ("数字变化 {n} 项", "Changed figures: {n}"),
    "own_figures_count": ("本节数字 {n} 项", "Figures here: {n}"),
    "annotate": ("批注", "Annotate"),
    "note": ("备注", "Note"),
    "note_field": ("备注({enter} 保存,{newline} 换行)", "Note ({enter} saves, {newline} starts a new line)"),  # the form's
    "tag": ("标签(可选,逗号分隔)", "Tags (optional, comma-separated)"),
    "save": ("保存", "Save"),
    "cancel": ("取消", "Cancel"),
    "delete": ("删除", "Delete"),
    "saved": ("已保存", "Saved"),
    "not_saved": ("未保存", "Not saved"),
    "saved_to": ("已保存:{path}", "Saved: {path}"),
    "saved_copy": ("已另存副本:{path}", "Saved a copy: {path}"),
    "help_title": ("快捷键与图例", "Keys and legend"),
    "legend_title": ("图例", "Legend"),  # the help's legend, under its keys (walk30: headed as the whole window was)
    "keymap_hint": ("改键:keymaps/default.toml 列出键位文件可改的每个键的名称(如 pair.next)与说明,复制改写后用 --keymap 文件",
                    "To change keys: keymaps/default.toml lists the name (e.g. pair.next) and description of every key "
                    "a keymap can change; edit a copy, then --keymap FILE"),
    "annotations": ("批注", "Annotations"),
    "all_annotations": ("本次评审的全部批注", "All annotations of this review"),
    "no_annotations": ("本对章节没有批注", "No annotations on this pair"),
    "no_annotations_at_all": ("还没有批注", "No annotations yet"),
    "pick_counterpart": ("选择对应章节(输入可筛选)", "Choose the counterpart (type to filter)"),
    "pinned": ("已固定 {pair}", "Pinned {pair}"),
    "unpinned": ("已取消固定 {pair}", "Unpinned {pair}"),
    # where a split's two sections went once the rest re-aligned (walk6: A 1.7 went to an item of B, unsaid)
    "edits_applied": ("你的配对修正 {n} 处", "your {n} alignment edits applied"),
    "edits_applied_one": ("你的配对修正 1 处", "your alignment edit applied"),
    # pins and splits whose sections are gone or renamed: kept, left out of the alignment (walk10 F1: the line said
    # them applied)
    # (short: the aligned line is cut at the terminal's width, walk11 at 100 columns)
    "edits_orphaned": ("{n} 处配对修正已失效(在其章节上按 {why} 查看)", "{n} edits left out ({why} says why)"),
    "edits_orphaned_one": ("1 处配对修正已失效(在其章节上按 {why} 查看)", "1 edit left out ({why} says why)"),
    "why_orphan_pin": ("你的{kind} A {a} ↔ B {b} 已失效:{reason};已保留,未参与对齐,可按 {pin} 重新配对。",
                       "Your {kind} A {a} ↔ B {b} no longer applies: {reason}; kept, left out of the alignment ({pin} "
                       "pairs again)."),
    "kind_pin": ("配对", "pin"),
    "kind_forbidden": ("拆分", "split"),
    "jumped_back": ("已跳回 {where}", "Back at {where}"),
    "no_jump_back": ("没有可跳回的地方(查找、依据、批注列表与上/下一批注、命令面板、章节列表与首尾的跳转会记下原处)",
                     "Nowhere to jump back to (a search, evidence, the annotations list and next/previous annotation, the "
                     "palette, the pair list and first/last remember where you were)"),
    # next/previous annotation: on the report being read, said as a search's hit is
    "annotation_hit": ("批注 {side} {n}/{total}:{phrase}", "annotation {side} {n} of {total}: {phrase}"),
    "no_annotations_side": ("报告 {side} 还没有批注(另一份报告有 {n} 条:按 {switch} 换过去再找)",
                            "No annotations on report {side} yet (the other report has {n}: {switch} switches to it)"),
    "annotation_walk_help": ("在所读报告中按原文顺序转到下一条批注", "Go to the next annotation in the report being read"),
    "annotation_walk_back_help": ("在所读报告中转到上一条批注", "Go to the previous annotation in the report being read"),
    "now_paired": ("{side} {id} 现配 {other}", "{side} {id} → {other}"),
    "now_alone": ("{side} {id} 现无对应", "{side} {id} → none"),
    "moved_sections": ("{done}:{where}", "{done}: {where}"),
    "draft_reopened": ("上次关闭时这个对话框里的内容尚未保存,已重新打开(保存或取消后草稿即删除)",
                       "This dialog was left open with unsaved typing when the workbench closed: opened again (saving "
                       "or cancelling it ends the draft)"),
    "draft_unplaced": ("上次关闭时有未保存的对话框内容,但它所在的章节或评分已不在,或其原文已修改:草稿保留在 {path}",
                       "A dialog was left open with unsaved typing, but its section or score is gone, or its passage "
                       "was revised: the draft is kept in {path}"),
    "split_needs_pair": ("这一节没有配对,无可拆开(要为它指定对应章节,按 {pin})",
                         "This section is not paired: nothing to split (to give it a counterpart, press {pin})"),
    "split": ("已拆开 {pair}(不再自动配对)", "Split {pair} (not matched again)"),
    "unsplit": ("已撤销拆开 {pair}(由自动对齐决定是否配对)", "Split of {pair} undone (the alignment decides again)"),
    "evidence": ("依据", "evidence"),
    "evidence_col": ("依据", "ev."),
    "no_evidence": ("该领域在报告 {side} 中没有依据({switch} 换另一份报告)", "No evidence for this area in report {side} ({switch}: the other report)"),
    "no_evidence_single": ("该领域在本报告中没有依据", "No evidence for this area in this report"),
    "evidence_hit": ("依据 {side} {n}/{total}:{phrase}", "evidence {side} {n}/{total}: {phrase}"),
    "score_digits": ("评分(量表内 {lo}–{hi})", "Score ({lo}–{hi} on the scale)"),
    "score_digits_two": ("评分(量表 {lo}–{hi};两位数连按两键,如 1 0)", "Score ({lo}–{hi}; two digits in a row, e.g. 1 0)"),
    "score_second_digit": ("{digit}…:请按第二位数字(量表 {scale})", "{digit}…: type the second digit (scale {scale})"),
    "score_type": ("输入评分({scale})", "Type a level ({scale})"),
    "scored": ("{side} · {area} = {level}({label})", "{side} · {area} = {level} ({label})"),
    "cleared": ("{side} · {area} 已清除评分", "{side} · {area} score cleared"),
    "cleared_with_note": ("{side} · {area} 已清除评分及其备注({undo} 撤销)", "{side} · {area} score and its note cleared ({undo} undoes)"),
    "score_note": ("评分备注", "Score note"),
    "score_with_note": ("评分与备注", "Score and note"),
    "passage": ("批注的原文", "Annotated passage"),
    "passage_not_in_section": ("本节中找不到这段原文:请改为本节中的原文(Esc 取消)",
                               "This section does not hold these words: give words of the section (Esc cancels)"),
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
    "screenshot_saved": ("截图已保存:{path}", "Screenshot saved: {path}"),
    "help": ("帮助", "Help"),
    "help_help": ("快捷键与图例", "Keys and legend"),
    "quit_help": ("离开当前界面(评审界面先保存会话)", "Leave this screen (the workbench saves the session first)"),
    "score_type_title": ("评分 {side} · {area}", "Score {side} · {area}"),
    "annotations_hint": ("输入文字筛选 · {enter} 修改或删除所选批注 · {esc} 关闭",
                         "Type to filter · {enter} edits or deletes the annotation · {esc} closes"),
    "all_annotations_hint": ("按报告、原文位置排列 · 输入文字筛选 · {enter} 跳到所选批注 · {esc} 关闭",
                             "In report and text order · type to filter · {enter} goes to the annotation · {esc} closes"),
    "aggregate_title": ("多评审汇总", "Reviewers' scores pooled"),
    "agg_tab_details": ("在表格与下方详情之间切换(详情中 ↑↓ 滚动)", "between the table and the details below it (↑↓ scroll them)"),
    "alpha": ("一致性 α", "agreement α"),
    # the header's: all areas pooled (with one report it is computed while no area's own can be: it said so unnamed)
    "alpha_all": ("一致性 α(全部领域)", "agreement α (all areas)"),
    "alpha_all_short": ("α(全部领域)", "α (all areas)"),  # a narrow header: the value stays whole
    "first_pair": ("已是第一对", "Already at the first pair"),
    "last_pair": ("已是最后一对", "Already at the last pair"),
    "no_more_changes": ("后面没有变化了", "No further changes"),
    "no_more_unmatched": ("后面没有未对应章节了", "No further unmatched sections"),
    "no_earlier_changes": ("前面没有变化了", "No earlier changes"),
    "no_earlier_unmatched": ("前面没有未对应章节了", "No earlier unmatched sections"),
    "progress": ("进度 A {a}/{n} · B {b}/{n} · 备注 {notes} · 批注 {annotations}",
                 "Progress A {a}/{n} · B {b}/{n} · notes {notes} · annotations {annotations}"),
    "demo": ("演示:A 是较早的东坑镇 2017 年报告,B 是清溪镇 2024 年报告(两个单位对照)",
             "Demo: A is the earlier report (东坑镇 2017), B a peer's later one (清溪镇 2024)"),
    "same_government_and_year": ("A 和 B 都是 {name} 的报告:是否选错了文件?", "A and B are both the report of {name}: a file picked by mistake?"),
    "continued": ("继续 {date} 的评审:评分 {scores} 项(备注 {notes})、批注 {annotations} 条、配对修正 {edits} 处{held}",
                  "Continuing the session of {date}: {scores} score(s) ({notes} noted), {annotations} annotation(s), "
                  "{edits} alignment edit(s){held}"),
    "continued_single": ("继续 {date} 的评审:评分 {scores} 项(备注 {notes})、批注 {annotations} 条{held}",
                         "Continuing the session of {date}: {scores} score(s) ({notes} noted), {annotations} "
                         "annotation(s){held}"),
    "continued_held": (";评分领域仍固定在 {areas}", "; scoring still held on {areas}"),
    "all_areas": ("全部 {n} 个领域", "all {n} areas"),
    "started_from": ("已从 {reviewer} 的评审开始(对方的文件不变)", "Started from {reviewer}'s session (theirs is unchanged)"),
    "report_changed": ("报告 {sides} 自上次保存后已修改:已有评分针对修改前的文本",
                       "Report {sides} revised since your last save: its scores were given on the earlier text"),
    "report_read_anew": ("报告 {sides} 的文件未改动,但本版读出的文本与上次不同:已有评分针对上次读出的文本",
                         "Report {sides}'s file is unchanged, but this version reads its text differently: its scores "
                         "were given on the text read before"),
    "report_note": ("报告 {sides}:{note}", "Report {sides}: {note}"),
    "scores_carried": ("从你的其他评审带入了对这些报告的 {n} 项最新评分:{areas}(汇总以最新的为准)",
                       "{n} of your latest scores of the reports here came from your other reviews: {areas} (pooling "
                       "counts the latest)"),
    "scores_cleared": ("你在其他评审中清除了对这些报告的 {n} 项评分,此处随之清除:{areas}(汇总以最新的为准)",
                       "Cleared here too, as you cleared them in another review since: {n} of the scores of these "
                       "reports, {areas} (pooling counts the latest)"),
    "orphans": ("{count} 条批注无法定位(报告已改动),已保留", "{count} annotations could not be placed (report changed); kept"),
    "orphans_one": ("1 条批注无法定位(报告已改动),已保留", "1 annotation could not be placed (report changed); kept"),
    "quotes_revised": ("{count} 条批注所在的原文已被修订(列表中标 ≈,批注时原文已保留)",
                       "{count} annotations stand on words revised since (≈ in the lists; the words annotated are kept)"),
    "quotes_revised_one": ("1 条批注所在的原文已被修订(列表中标 ≈,批注时原文已保留)",
                           "1 annotation stands on words revised since (≈ in the lists; the words annotated are kept)"),
    "orphan_pins": ("{count} 个配对修正已失效(章节不存在或已改名),已保留,未参与对齐",
                    "{count} alignment edits name sections that no longer exist or were renamed; kept, left out"),
    "orphan_pins_one": ("1 个配对修正已失效(章节不存在或已改名),已保留,未参与对齐",
                        "1 alignment edit names sections that no longer exist or were renamed; kept, left out"),
    "areas_not_listed": ("另有 {n} 个领域(↑{above} ↓{below})", "{n} more areas (↑{above} ↓{below})"),
    "shared_login": ("以登录名 {name} 评审:共用账号请用 --reviewer 写上你的名字,否则各人的评分会算作一人",
                     "reviewing as the login name {name}: on a shared account give yours with --reviewer, or everyone's "
                     "scores count as one reviewer's"),
    "other_sessions": ("你在这对报告上还有 {count} 个会话(如 {file}):其中较新的评分已带入此处,批注与配对修正不在此处显示;都计入汇总",
                       "{count} more sessions of yours on this pair (such as {file}): their later scores are shown "
                       "here, their annotations and alignment edits are not; all are pooled"),
    "other_sessions_one": ("你在这对报告上还有 1 个会话({file}):其中较新的评分已带入此处,批注与配对修正不在此处显示;都计入汇总",
                           "1 more session of yours on this pair ({file}): its later scores are shown here, its "
                           "annotations and alignment edits are not; both are pooled"),
    "swapped": ("你已有这两份报告 A、B 对调的评审({file}):此处是新的评审,那边的批注与配对修正不在此处;要接着那份,请按原来的顺序打开,或 fazhi resume 该文件",
                "you have a session of these two reports the other way round ({file}): this is a new one, without its "
                "annotations and alignment edits; to go on with it, open them in that order, or fazhi resume that file"),
    "other_pair_unreadable": ("你的会话文件 {file} 读不了:{note}。它记的报告与这一对不同,本次未用它;请修正或移走它",
                              "your session file {file} cannot be read: {note}. It names another pair of reports: not "
                              "used here; fix or move it"),
    "not_a_session_file": ("{file} 与你的会话同名,但{note}:不可能是会话,本次未用它;请移走它",
                           "{file} is named as one of your sessions but {note}: it holds no session, not used here; "
                           "move it"),
    "fork_title": ("你已有这对报告的评审", "You already have a session for this pair"),
    "replaced_kept": ("你原来的评审已另存为 {path}", "your own session is kept as {path}"),
    "fork_body": ("打开的是 {theirs} 的评审。保留你自己的,还是用对方评审的副本替换你的?"
                  "(你的旧文件会另存为 ….replaced-<时间>.bak,之后的保存不会覆盖它)",
                  "This is {theirs}'s session. Keep yours, or replace yours with a copy of theirs? "
                  "(yours is kept as ….replaced-<time>.bak, which later saves leave alone)"),
    "keep_mine": ("保留我的", "Keep mine"),
    "replace_mine": ("用对方的替换", "Replace mine"),
    "conflict_title": ("会话文件已被另一处修改", "The session file changed elsewhere"),
    "conflict_body": ("{path} 在你打开后被另一个窗口或进程保存过。合并(保留对方保存的内容,加上本窗口的修改),重新载入"
                      "(放弃本窗口未保存的修改),还是另存为副本?",
                      "{path} was saved from another window or process since you opened it. Merge (what it saved, with "
                      "this window's changes put over it), reload it (dropping this window's unsaved change), or save "
                      "yours as a copy?"),
    "merge": ("合并", "Merge"),
    "merge_and_quit": ("合并后退出", "Merge and quit"),
    "merged": ("已合并:另一处的 {taken} 处修改、本窗口的 {applied} 处修改(撤销从这里重新开始)",
               "Merged: the other window's {taken} change(s) and this window's {applied} (undo starts afresh here)"),
    "merged_mine": ("已合并:本窗口的 {applied} 处修改(撤销从这里重新开始)",
                    "Merged: this window's {applied} change(s) (undo starts afresh here)"),
    "merged_both": ("两边都改的保留本窗口:{items}", "changed in both, this window's kept: {items}"),
    "merged_restored": ("本窗口删去而另一处改过的保留另一处:{items}",
                        "removed here but changed there, the other window's kept: {items}"),
    "merged_later": ("两边都改而另一处较晚的保留另一处:{items}",
                     "changed in both, the other window's later word kept: {items}"),
    "reload": ("重新载入", "Reload"),
    "reloaded": ("已重新载入 {path}:本窗口未保存的修改已放弃", "Reloaded {path}: this window's unsaved change was dropped"),
    "save_copy": ("另存为副本", "Save as a copy"),
    "save_failed_title": ("保存失败", "Could not save"),
    "save_failed_body": ("{error}\n你的修改还在,未写入文件。", "{error}\nYour changes are kept, not written."),
    "save_elsewhere": ("另存到…", "Save elsewhere…"),
    "retry": ("重试", "Retry"),
    "folder": ("文件夹", "Folder"),
    "quit_unsaved_title": ("有未保存的修改", "Unsaved changes"),
    "quit_unsaved_body": ("修改未能保存。仍要退出吗?", "Your changes could not be saved. Quit anyway?"),
    "quit_anyway": ("仍然退出", "Quit anyway"),
    "save_copy_and_quit": ("另存为副本并退出", "Save a copy and quit"),
    "save_elsewhere_and_quit": ("另存到…并退出", "Save elsewhere and quit…"),
    "no_folder_given": ("没有给出文件夹:未保存", "no folder given: nothing saved"),
    # fazhi serve's lines (the address ends the line: a script reads it up to there)
    "serve_started": ("评审工作台已启动:{what},地址 {url}", "serving the workbench on {what} at {url}"),
    "serve_tabs": ("每个浏览器标签页各开一个工作台;Ctrl+C 停止(每次修改在做出时即保存)",
                   "each browser tab runs its own workbench; Ctrl+C stops (each change is saved when made)"),
    "serve_demo": ("示例报告对", "the demo pair"),
    "serve_pair": ("{a} ↔ {b}", "{a} ↔ {b}"),
    "serve_session": ("会话 {path}", "session {path}"),
    "serve_round": ("{folder} 中的评审轮次", "the round in {folder}"),
    "stay": ("返回", "Go back"),
    "undone": ("已撤销:{what}", "Undone: {what}"),
    "redone": ("已重做:{what}", "Redone: {what}"),
    "nothing_to_undo": ("没有可撤销的操作", "Nothing to undo"),
    "nothing_to_redo": ("没有可重做的操作", "Nothing to redo"),
    "find_prompt": ("在两份报告中查找", "Find in both reports"),
    "find_hits": ("“{query}”:第 {n}/{total} 处", "“{query}”: hit {n} of {total}"),
    # a pair's search: the report the hit is in, and how many each report has (as the evidence line names its report)
    "find_hits_pair": ("“{query}”:{side} 第 {n}/{total} 处(A {a} · B {b})",
                       "“{query}”: {side}, hit {n} of {total} (A {a} · B {b})"),
    "hits_wrapped": ("已从头再找", "wrapped to the first"),
    "hits_wrapped_back": ("已从末尾再找", "wrapped to the last"),
    "now_scoring": ("数字键现评分 {side}", "digits now score {side}"),
    "find_none": ("两份报告中都没有“{query}”", "“{query}” is in neither report"),
    "find_none_single": ("本报告中没有“{query}”", "“{query}” is not in this report"),
    "visual_on": ("选择模式:←→↑↓ 移动,{phrase} 按短语,{annotate} 批注所选,{cancel} 取消",
                  "Select: ←→↑↓ move, {phrase} by phrase, {annotate} annotates, {cancel} cancels"),
    "visual_nothing": ("先用 v 选择一段文字", "Select a passage with v first"),
    "why_title": ("为何这样配对", "Why this pair"),
    # a level of the rubric's scale and what it means: the rubric's own text, whose punctuation is full-width
    "scale_level": ("{level} {label}：{description}", "{level} {label}: {description}"),
    "pending_align": ("对齐完成前无法固定或拆开配对", "Wait for the alignment before pinning or splitting"),
    "nothing_here": ("{side} 在这里没有章节:按 {switch} 换到另一份报告", "Report {side} has no section here: {switch} switches report"),
    "nothing_here_single": ("本报告在这里没有章节", "This report has no section here"),
    "no_text_to_select": ("{side} {section} 只有标题,没有正文可选:批注它的标题",
                          "{side} {section} has a heading and no text of its own: annotating the heading"),
    "session_file": ("会话文件", "Session file"),
    "resume_with": ("继续评审:", "Resume with:"),
    "nothing_written": ("没有修改,未写入会话文件", "No changes: no session file written"),
    "refused_no_area": ("评分表中没有领域 {area}", "No area {area} in the rubric"),
    "refused_single_side": ("本报告单独评审:只评 B", "This report is reviewed alone: score it as B"),
    "refused_off_scale": ("{level} 不在量表 {scale} 内", "{level} is outside the scale {scale}"),
    "form_discard": ("所写内容尚未保存:再按 {esc} 放弃,按 {enter} 保存",
                     "What you typed is not saved: {esc} again discards it, {enter} saves it"),
    "progress_help": ("转到尚未评分的领域", "Go to an area not scored yet"),
    "unscored_left": ("{side} 尚未评分 {n} 项:{areas}", "{side}: {n} areas not scored: {areas}"),
    "all_scored": ("{side} 的各领域都已评分", "Every area of {side} is scored"),
    "single_no_changes": ("本报告单独评审:没有另一份报告可比,无变化可跳", "This report is reviewed alone: no other report, no changes to go to"),
    "single_no_pairs": ("本报告单独评审:没有另一份报告,没有配对可固定、拆开或解释",
                        "This report is reviewed alone: no other report, no pair to pin, split or explain"),
    "level_unscored": ("{side} 尚未评分", "{side}: not scored yet"),
    "refused_not_scored": ("{side} · {area} 尚未评分:没有可清除的", "{side} · {area} has no score to clear"),
    "refused_not_whole": ("“{level}”不是评分:评分是量表 {scale} 内的整数",
                          "“{level}” is no level: a level is a whole number on the scale {scale}"),
    "level_missing": ("请填评分:量表 {scale} 内的整数", "Type a level: a whole number on the scale {scale}"),
    # (the level and its note asked for together: words typed into the level's field were meant for the note, walk53 #4)
    "refused_note_as_level": ("“{level}”不是评分:上一栏填量表 {scale} 内的整数,备注写在下一栏",
                              "“{level}” is no level: a whole number on the scale {scale} above, the note below"),
    "refused_note_needs_score": ("请先评分,再写备注", "Score the area before adding a note"),
    "refused_nothing_to_annotate": ("这里没有可批注的文字", "Nothing to annotate there"),
    "refused_no_annotation": ("没有这条批注", "No such annotation"),
    "refused_pin_needs_sections": ("两边都有章节才能固定配对", "Both sections must exist to pin them"),
    "refused_not_pinned": ("这对章节没有固定", "That pair is not pinned"),
    "refused_not_split": ("这对章节没有拆开", "That pair is not split"),
    "refused_no_file": ("本次评审还没有会话文件", "This session has no file yet"),
    "annotated": ("已批注 {side} {section}(全部批注 {n} 条)", "Annotated {side} {section} ({n} in all)"),
    "annotation_saved": ("已修改批注 {side} {section}", "Changed the annotation on {side} {section}"),
    "annotation_unchanged": ("批注 {side} {section} 未改动", "The annotation on {side} {section} is unchanged"),
    "form_discarded": ("已放弃所写的内容,未保存", "What you typed was discarded, not saved"),
    "annotation_deleted": ("已删除批注 {side} {section}({undo} 撤销)", "Deleted the annotation on {side} {section} "
                           "({undo} undoes)"),
    "note_saved": ("备注已更新:{side} · {area}", "Note updated: {side} · {area}"),
    "note_cleared": ("已删除备注:{side} · {area}", "Note removed: {side} · {area}"),
    "area_held": ("领域固定为“{area}”(不再随章节切换,{cancel} 恢复跟随)",
                  "Area held at “{area}” (no longer follows the section; {cancel} follows again)"),
    "area_follows": ("领域随所读章节切换", "The area follows the section being read"),
    "area_held_mark": ("固定", "held"),
    "change_word": ("变化", "change"),
    "pin_option_paired": ("现与 {side} {id} 配对", "now paired with {side} {id}"),
    "pin_option_split": ("你已拆开", "you split them"),
    "pin_for": ("选择对应章节(输入可筛选)· {side} {section}", "Choose the counterpart (type to filter) · {side} {section}"),
    "why_sections": ("{side}:{section}", "{side}: {section}"),
    "why_status": ("状态:{status}", "Status: {status}"),
    "why_similarity": ("相似度 {score}(0–1)", "similarity {score} (0–1)"),
    "why_pinned": ("由评审员固定", "pinned by the reviewer"),
    "why_unmatched": ("此章节在另一份报告中没有足够相似的章节;按 {pin} 可手动选择对应章节。",
                      "No section of the other report is similar enough; {pin} lets you choose one."),
    "why_evidence": ("依据:", "Evidence:"),
    "why_heading": ("标题相似度", "heading similarity"),
    "why_body": ("正文相似度", "body similarity"),
    "why_concepts": ("共同概念(含同义词)", "shared concepts (synonyms included)"),
    "why_areas": ("领域分布相似度", "likeness of their areas"),
    "why_area": ("共同的主要领域", "strongest shared area"),
    "why_structure": ("上级章节相互配对的加分", "boost from their parents being paired"),
    "why_parents": ("已配对的上级章节", "paired parents"),
    "next_hit": ("下一处", "Next hit"),
    "back_to_round": ("返回轮次", "Back to round"),
    # the served page's notices (tui/page.py: TEMPLATE_WORDS), as HTML
    "page_html": ('<html lang="zh">', '<html lang="en">'),
    "page_start": (">开始</button>", ">Start</button>"),
    "page_ended": (">会话已结束。</div>", ">Session ended.</div>"),
    "page_restart": (">重新打开</button>", ">Open again</button>"),
    "progress_single": ("进度 B {b}/{n} · 备注 {notes} · 批注 {annotations}",
                        "Progress B {b}/{n} · notes {notes} · annotations {annotations}"),
    "progress_single_short": ("B {b}/{n} 注{notes} 批{annotations}", "B {b}/{n} n{notes} a{annotations}"),
    # (true whether the round found no earlier year or `fazhi review FILE` named one report: walk29 read the first
    # wording as a claim that no earlier report exists, though one sat in the same folder)
    "single_no_a": ("本报告单独评审,不与其他报告对照", "reviewed alone, read against no other report"),
    "single_sections": ("单独评审:{n} 节", "reviewed alone: {n} sections"),
    "no_sections": ("报告中没有读到章节或正文(只有标题?):没有可看或可评的内容",
                    "No sections or body text were read in the report (a title only?): nothing to read or score"),
    "progress_short": ("A {a}/{n} B {b}/{n} 注{notes} 批{annotations}", "A {a}/{n} B {b}/{n} n{notes} a{annotations}"),
    "undo_labels": ("评分|备注|批注|修改批注|删除批注|固定配对|取消固定|拆开配对|撤销拆开|替换为对方评审",
                    "score|note|annotation|annotation edit|annotation delete|pin|unpin|split|unsplit|"
                    "replace with theirs"),
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
    "select.phrase_next": {"zh": "选择到下一逗号/句号", "en": "Select to next comma/stop"},
    "select.phrase_prev": {"zh": "选择回退一个短语", "en": "Select back a phrase"},
    "area.next": {"zh": "下一领域", "en": "Next area"},
    "area.prev": {"zh": "上一领域", "en": "Prev area"},
    "area.evidence": {"zh": "依据", "en": "Evidence"},
    **{f"score.{n}": {"zh": f"评{n}级", "en": f"Score {n}"} for n in range(10)},
    "score.type": {"zh": "输入评分", "en": "Type a score"},
    "score.clear": {"zh": "清除评分", "en": "Clear score"},
    "score.note": {"zh": "评分备注", "en": "Score note"},
    "annotate": {"zh": "批注", "en": "Annotate"},
    "annotations": {"zh": "本对批注", "en": "Pair's annotations"},
    "annotations.all": {"zh": "全部批注", "en": "All annotations"},
    "annotation.next": {"zh": "下一批注", "en": "Next annotation"},
    "annotation.prev": {"zh": "上一批注", "en": "Prev annotation"},
    "visual": {"zh": "选择文字", "en": "Select text"},
    "find": {"zh": "查找", "en": "Find"},
    "jump.back": {"zh": "跳回原处", "en": "Jump back"},
    "pin.toggle": {"zh": "固定/取消配对", "en": "Pin / unpin"},
    "pin.forbid": {"zh": "拆开/复原配对", "en": "Split / rejoin pair"},
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
    "=": ("对应:两份报告中主题相同、位置一致的章节,文字相同(年份顺延不计)",
          "matched: the same topic at the same place in both reports, the same text (but for the year)"),
    "≈": ("改写:主题相同、位置一致,本节自身的文字有改动;标题改了时列表写出两个:A 的 → B 的",
          "edited: the same topic at the same place, its own text changed; a renamed one is listed as A's → B's heading"),
    "↕": ("移位:主题对应,但在另一份报告中的位置(或上级章节)不同;随上级一起移动的下级不另标",
          "moved: same topic, at another place (or under another parent); sub-sections that moved with it are not marked again"),
    "↕≈": ("移位并改写:移位的章节,本节自身的文字也有改动", "moved and edited: a moved section whose own text changed too"),
    "−": ("删除:只在 A 中出现", "removed: only in A"),
    "+": ("新增:只在 B 中出现", "added: only in B"),
    "╱": ("斜线填充(首行标“(无对应章节)”):该章节在另一份报告中没有对应",
          "hatched filler (its first row says “(no counterpart)”): no counterpart in the other report"),
    "0.83": ("相似度(0–1):标题、正文和所属领域综合得出,越高越相似", "similarity (0–1) of heading, body and area"),
    "evidence_col": ("该领域的关键词在报告中出现的次数(按 {evidence} 逐个跳转,关键词高亮)",
                     "how often the area's keywords occur in the report ({evidence} jumps through them, highlighted)"),
    "✎": ("该评分有备注({note} 查看或修改)", "the score has a note ({note} reads or edits it)"),
    "area_held_mark": ("评分领域已固定:用“下一/上一领域”或鼠标选的领域不随所看章节切换({cancel} 取消)",
                       "the area is held: one picked with Next/Prev area or the mouse does not follow the pair read "
                       "({cancel} releases it)"),
    "⚠": ("批注的原文在报告中已找不到(报告改动过),批注保留;批注前的 ≈:所在原文已被修订,批注时的原文保留(打开批注可见)",
          "an annotation whose passage is no longer in the report (it changed), kept; ≈ before one: its words were "
          "revised since, those annotated are kept (opening it shows them)"),
    "change_word": ("{change} 停在这里:本节自身的文字(标题和正文,不含下级章节)除空白和两份报告的年份顺延(2017年→2018年)外有改动,"
                    "或移位、新增、删除",
                    "where {change} stop: the pair's own text (heading and body, not its sub-sections) differs beyond spacing "
                    "and the year shift between the reports (2017年 → 2018年), or it moved, was added or removed"),
    "📌": ("已固定的配对({pin} 取消)", "a pinned pair ({pin} unpins)"),
    "Esc": ("关闭窗口、退出查找或选择,再按一次取消固定的领域", "closes a window, ends a search or a selection, then releases a held area"),
}
#: The legend between two governments' reports (`core.review.Review.compares_years` false), where the status line
#: and the why dialog say only in A / only in B: nothing was removed from, or added to, another government's report.
PEER_LEGEND: dict[str, tuple[str, str]] = {
    "−": ("只在 A:B 中没有与之对应的章节", "A only: B has no section that corresponds"),
    "+": ("只在 B:A 中没有与之对应的章节", "B only: A has no section that corresponds"),
    "change_word": ("{change} 停在这里:本节自身的文字(标题和正文,不含下级章节)除空白和两份报告的年份顺延(2017年→2018年)外有改动,"
                    "或移位,或只在一份报告中",
                    "where {change} stop: the pair's own text (heading and body, not its sub-sections) differs beyond spacing "
                    "and the year shift between the reports (2017年 → 2018年), or it moved, or is only in one of them"),
}
#: Legend signs that are words of the interface: shown as this language writes them ([固定], 依据 / ev.).
_WORD_SIGNS = {"evidence_col": "{}", "area_held_mark": "[{}]", "change_word": "{}"}


#: The keys a dialog fixes (no keymap moves them), as a string names them ({enter}, {esc}, {newline}): filled in as the
#: app writes every key (`key_display`), unless the caller gives its own (a screen's Escape is the keymap's cancel).
FIXED_KEYS = {"enter": "enter", "esc": "escape", "newline": "ctrl+j"}

#: How many file names a message names before "and N more" (a line the reviewer reads, not a list).
FEW_NAMES = 3


class Strings:
    """The interface strings of one language."""

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang if lang in ("zh", "en") else "zh"
        self._i = 1 if self.lang == "en" else 0

    def __call__(self, key: str, /, **params) -> str:
        """The string `key` with `params` filled in; a list (of file names) is said as `few` says it."""
        entry = STRINGS.get(key)
        if entry is None:
            return self.binding(key)
        if params.get("n", params.get("count")) == 1:  # "1 annotation", not "1 annotations" (walk10): a key_one if any
            entry = STRINGS.get(f"{key}_one", entry)
        text = entry[self._i]
        params = {**{name: key_display(key) for name, key in FIXED_KEYS.items() if f"{{{name}}}" in text}, **params}
        params = {k: self.few(v) if isinstance(v, (list, tuple)) else v for k, v in params.items()}
        # params are data (file names, errors quoting them): a control character in one is shown, never sent
        return text.format(**{k: printable(str(v), newlines=True) if isinstance(v, (str, os.PathLike)) else v
                              for k, v in params.items()}) if params else text

    def few(self, names: list | tuple, shown: int = FEW_NAMES) -> str:
        """The first `shown` of `names` (file names: their control characters written out), then how many more."""
        text = self("list_sep").join(printable(str(n), newlines=True) for n in names[:shown])
        return text + self("names_more", n=len(names) - shown) if len(names) > shown else text

    def has(self, key: str) -> bool:
        return key in STRINGS

    def core(self, text: str) -> str:
        """A message of core's about a file (an error, a reason a report could not be read) in this language."""
        return say_core(text, self.lang)

    def binding(self, binding_id: str) -> str:
        return BINDING_LABELS.get(binding_id, {}).get(self.lang, binding_id)

    def group(self, name: str) -> str:
        return GROUPS[name][self._i]

    def legend(self, keys: dict[str, str], compares_years: bool = True) -> list[tuple[str, str]]:
        """(sign, meaning) of the workbench's signs, naming the keys as the reviewer's keymap has them (`keys`:
        change, pin, note, evidence, cancel → the key as shown); `compares_years`: the review's (between two
        governments' reports − and + are only in A / only in B, as its status line says)."""
        words = LEGEND if compares_years else {**LEGEND, **PEER_LEGEND}
        return [(keys["cancel"] if mark == "Esc" else _WORD_SIGNS[mark].format(self(mark)) if mark in _WORD_SIGNS
                 else mark, text[self._i].format(**keys)) for mark, text in words.items()]

    def undo_label(self, label: str) -> str:
        keys = ["score", "note", "annotate", "annotation_edit", "annotation_delete", "pin", "unpin", "split",
                "unsplit", "replace_with_theirs"]
        names = self("undo_labels").split("|")
        return dict(zip(keys, names)).get(label, label)

    def status(self, status: str) -> str:
        return self(status)

    def refused(self, error, **names) -> str:
        """A rule of the review that refused an operation (`core.review.Refused`), in this language; `names`: what
        to call its parameters here (an area's name for its id)."""
        key = f"refused_{error.reason}"
        return self(key, **{**error.params, **names}) if self.has(key) else str(error)


# ------------------------------------------------------------------------------------------------------------------
# Review rounds and the aggregate view (tui/screens/round.py, tui/screens/aggregate.py, ScreenApp in tui/app.py)

STRINGS.update({
    "round_title": ("评审轮次", "Review round"),
    "row_next": ("下一行", "Next row"),
    "row_prev": ("上一行", "Previous row"),
    "row_first": ("第一行", "First row"),
    "row_last": ("最后一行", "Last row"),
    "round_header": ("评审员 {reviewer} · {reviews} 项评审({pairs} 项对照上年,{singles} 项单独评审)",
                     "reviewer {reviewer} · {reviews} reviews ({pairs} against the year before, {singles} alone)"),
    "round_header_peers": ("评审员 {reviewer} · {reviews} 项评审({pairs} 项对照上年,{peers} 项同级对照,{singles} 项单独评审)",
                           "reviewer {reviewer} · {reviews} reviews ({pairs} against the year before, {peers} against a "
                           "peer, {singles} alone)"),
    "plan_summary": ("{reports} 份报告,{reviews} 项评审({pairs} 项对照上年,{singles} 项单独评审)",
                     "{reports} reports, {reviews} reviews ({pairs} against the year before, {singles} alone)"),
    "plan_summary_peers": ("{reports} 份报告,{reviews} 项评审({pairs} 项对照上年,{peers} 项同级对照,{singles} 项单独评审)",
                           "{reports} reports, {reviews} reviews ({pairs} against the year before, {peers} against a "
                           "peer, {singles} alone)"),
    "plan_alone": ("(单独)", "(alone)"),
    "round_progress": ("已完成 {done}/{total} · 进行中 {started}", "done {done} of {total} · in progress {started}"),
    "tab_reviews": ("评审 {n}", "Reviews {n}"),
    "tab_problems": ("问题 {n}", "Problems {n}"),
    "col_government": ("单位", "Government"),
    "col_years": ("年度", "Years"),
    "col_kind": ("类型", "Kind"),
    "col_status": ("我的进度", "My status"),
    "col_alignment": ("章节对齐", "Sections"),
    "col_reviewers": ("分配给", "Assigned"),
    "col_report": ("报告文件", "File"),
    "col_note": ("提示", "Note"),
    "kind_pair": ("对照", "pair"),
    "kind_single": ("单独", "alone"),
    "kind_peer": ("同级 {government}", "peer {government}"),
    "state_not_started": ("未开始", "not started"),
    "state_in_progress": ("{k}/{n} 领域", "{k}/{n} areas"),
    "state_done": ("已完成", "done"),
    "state_loading": ("…", "…"),
    # after the state: the report's levels were given in another pair of the round (as A of its next year's), this
    # one never opened
    "state_elsewhere": ("他处评分", "scored elsewhere"),
    "state_draft": ("草稿", "draft"),  # after the state: a dialog's typing kept unsaved (core.drafts)
    # after the state: a session file of the review could not be read or holds a level the rubric refuses
    "state_broken": ("会话有误", "session has errors"),
    "gap": ("缺 {years} 年", "no {years}"),
    "undecided": ("重复报告待选", "duplicate"),  # short: the round's table fits 80 columns
    "undecided_before": ("之前年度重复待选", "earlier year: duplicate"),  # (the year before it, or one before that)
    "sessions_in": ("会话在 {folder}", "sessions in {folder}"),
    "sort_by": ("排序:{by}", "sorted by {by}"),
    "sort_government": ("单位", "government"),
    "sort_status": ("进度", "status"),
    "sort_year": ("年度", "year"),
    "filter": ("筛选", "Filter"),
    "filter_prompt": ("按单位筛选:输入名称,{enter} 确定,{esc} 清除", "Filter by government: type a name, {enter} keeps it, "
                      "{esc} clears"),
    "filtered": ("筛选“{query}”:{n}/{total} 项", "filter “{query}”: {n} of {total}"),
    "problems_hint": ("问题 {n} 项(按 {button} 查看)", "problems: {n} ({button} shows them)"),
    "problems_none": ("没有问题:每份报告都已读取并配对", "No problems: every report was read and paired"),
    "duplicates_title": ("重复报告(同一单位、同一年度)", "Duplicates (one government, one year)"),
    # the file to skip is named again: "它" could be either of the two files the line names (walk7)
    "duplicate_uses": ("同一份报告(文本相同,或章节相同,如网页与文本):使用 {file}(要改用另一份:在 round.toml 中给 {file} 设 "
                       "skip = true)",
                       "the same report (the same text, or the same sections, as a page and as text): {file} is used "
                       "(to use another, set skip = true on {file} in round.toml)"),
    "duplicate_choose": ("文本不同:在 round.toml 中给其余文件设 skip = true", "different texts: set skip = true on the others in round.toml"),
    "unreadable_title": ("无法读取,或读不出单位/年度(可在 round.toml 中用 [[override]] 补充)",
                         "Unreadable, or no government/year (give them in round.toml with [[override]])"),
    "missing_title": ("缺少的年度", "Missing years"),
    "latest_title": ("没有 {year} 年报告的单位", "Governments without a {year} report"),
    "latest_item": ("{government}(最近为 {year} 年)", "{government} (last {year})"),
    "skipped_title": ("已跳过(round.toml)", "Skipped (round.toml)"),
    "warnings_title": ("round.toml 提示", "round.toml warnings"),
    "quote_annotated_as": ("≈ 批注时原文 «{words}", "≈ annotated as «{words}"),
    "sessions_outside_title": ("你的会话评了本轮已没有的报告(已删除、已替换,或属别的轮次;这些评分不计入本轮,文件未改动)",
                               "Your sessions scoring reports this round does not have (deleted, replaced, or another "
                               "round's: not counted here; the files are untouched)"),
    "session_problems_title": ("无法读取的会话文件(已跳过)", "Session files that could not be read (skipped)"),
    "round_file_hint": ("在此修改:{path},改好后按 {key} 重新读取", "Fix these in {path}, then press {key} to read it again"),
    "add_report_hint": ("补上缺少的年度报告:把报告文件放进文件夹 {folder},再按 {key} 重新读取(round.toml 补不了缺少的报告)",
                        "To add a missing year's report: put it in the folder {folder}, then press {key} to read it "
                        "again (round.toml cannot make up a missing report)"),
    "rereading_round": ("正在重新读取报告文件夹和 round.toml…", "Reading the folder and round.toml again…"),
    "reread_key": ("按 {key} 重新读取本轮", "{key} reads the round again"),
    "round_reread": ("已重新读取:问题 {n} 项", "Read again: {n} problems"),
    "round_file_broken": ("round.toml 有误,本轮仍按上次的读取显示:按 {key} 查看", "round.toml has problems; the round is "
                          "shown as last read: {key} shows them"),
    "round_file_error_title": ("轮次文件有误(本轮仍按上次的读取显示)", "The round file has problems (the round is shown as last read)"),
    "round_folder_broken": ("本轮的报告文件夹已不在原处,本轮仍按上次的读取显示:按 {key} 查看", "The round's folder is gone; the "
                            "round is shown as last read: {key} says more"),
    "round_folder_error_title": ("报告文件夹已不在原处(本轮仍按上次的读取显示)",
                                 "The round's folder is gone (the round is shown as last read)"),
    "area_unweighted": ("不计入总分", "not in totals"),
    "reason_missing": ("读不出{what},请在 round.toml 中用 [[override]] 补充", "no {what} found: give it in round.toml ([[override]])"),
    "what_government": ("单位", "government"),
    "what_year": ("年度", "year"),
    "what_both": ("单位和年度", "government and year"),
    "list_sep": ("、", ", "),
    "clause_sep": (";", "; "),
    "round_scan_progress": ("评审轮次:已读取 {read}/{files} 份报告(缓存 {cached} 份)", "round: {read}/{files} files read ({cached} from cache)"),
    "round_scan_aligned": (",已对齐 {aligned}/{pairs} 对", ", {aligned}/{pairs} alignments"),
    "round_file_not_written": ("{path}:无法写入轮次文件模板({reason});本轮照常打开,要用 round.toml 更正时,"
                               "请用 --round FILE 把它放到可写的地方",
                               "{path}: cannot write the round file's template ({reason}); the round opens all the same: "
                               "to correct it with a round.toml, put one where you can write (--round FILE)"),
    "round_file_written": ("已写入 {path}:{what}在其中等你补充,改好后再运行 fazhi round",
                           "wrote {path}: waiting there for you: {what}; edit it and run `fazhi round` again"),
    # r wrote it (walk30 #4: the problems tab pointed to a round.toml only starting the round would write)
    "round_file_written_screen": ("已写入 {path}:{what}在其中等你补充,改好后按 {key}",
                                  "wrote {path}: waiting there for you: {what}; edit it, then press {key}"),
    "round_file_unreadable": ("读不出单位或年度的报告 {n} 份", "{n} reports whose government or year could not be read"),
    "round_file_unreadable_one": ("读不出单位或年度的报告 1 份", "1 report whose government or year could not be read"),
    "round_file_undecided": ("待选择的重复报告 {n} 组", "{n} sets of duplicates to choose from"),
    "round_file_undecided_one": ("待选择的重复报告 1 组", "1 set of duplicates to choose from"),
    "round_exit": ("{reviewer}:{done}/{total} 项评审已完成,{in_progress} 项进行中(会话在 {folder})",
                   "{reviewer}: {done} of {total} reviews done, {in_progress} in progress (sessions in {folder})"),
    "aligning": ("正在对齐章节 {done}/{total}…", "Aligning sections {done}/{total}…"),
    "aligned_all": ("章节对齐完成", "Sections aligned"),
    "reading_sessions": ("正在读取会话文件…", "Reading the session files…"),
    "opening": ("正在打开 {name}…", "Opening {name}…"),
    "still_opening": ("上一项评审还在打开,请稍候", "Still opening the review before: a moment"),
    "returned_saved": ("已保存:{path}", "Saved: {path}"),
    "returned_saved_elsewhere": ("已保存到 {path},不在本轮的会话文件夹 {folder} 中:本轮不计入,移回该文件夹后计入",
                                 "Saved to {path}, outside this round's sessions folder {folder}: the round counts it "
                                 "once it is moved there"),
    "returned_nothing": ("没有修改,未写入会话文件", "No changes: no session file written"),
    "all_done": ("全部评审都已完成", "Every review is done"),
    "pooling": ("正在汇总评分…", "Pooling the scores…"),
    "legend_matched": ("主题相同、位置一致的章节数:{same} 与 {edited} 合计(打开评审可分别看到)",
                       "sections on the same topic at the same place: {same} and {edited} together (the workbench "
                       "tells them apart)"),
    "legend_moved": ("移位的章节数", "sections moved"),
    "legend_removed": ("上年有、本年删除的章节数", "sections only in the earlier report"),
    "legend_added": ("本年新增的章节数", "sections only in the later report"),
    "legend_mine": ("分配给我的评审(排在前面)", "reviews assigned to me (listed first)"),
    "own_alignment_hint": ("✎ 章节对齐含你的 {n} 处固定或拆分", "✎ sections as aligned with your {n} pins or splits"),
    "legend_own_alignment": ("按你的固定和拆分对齐后的章节数(其余为自动对齐)",
                             "counts of the alignment with your pins and splits (the others: the automatic one)"),
    "opening_notices": ("本次打开时", "When this review was opened"),
    "legend_revised": ("(在“我的进度”前)报告在你上次保存后已修订:评分和备注是按修订前的文本给的,打开该评审即按新文本继续",
                       "(before my status) a report was revised since you saved: your levels and notes were given on the "
                       "earlier text; opening the review goes on with the new one"),
    "legend_pending": ("章节对齐尚在计算", "alignment still being computed"),
    "legend_broken": ("(在“我的进度”后)该评审的会话文件读不出或有量表外的评分,修正前不计入进度(见“问题”页)",
                      "(after my status) a session file of the review cannot be read or holds a level off the scale: "
                      "not counted until fixed (see the Problems tab)"),
    "legend_draft": ("(在“我的进度”后)工作台关闭时对话框里正在输入、尚未保存的备注或批注:打开该评审时按原样重新打开",
                     "(after my status) a note or annotation you were typing when the workbench closed, not saved yet: "
                     "opening the review opens it again as typed"),
    "agg_summary": ("{reports} 份报告 · {sessions} 个会话", "{reports} reports · {sessions} sessions"),
    # sessions holding annotations and no score are counted too (as the exports say them: core/export.py)
    "agg_summary_annotated": ("{reports} 份报告 · {sessions} 个会话({scored} 个含评分)",
                              "{reports} reports · {sessions} sessions ({scored} with scores)"),
    "agg_ranking": ("排名", "Ranking"),
    "agg_col_rank": ("名次", "#"),
    "agg_col_report_name": ("报告", "Report"),
    "agg_col_total": ("加权得分", "Weighted"),
    "agg_col_change": ("比上年", "vs prev."),
    # the change on a line of its own: the figure and its unit never wrap apart (walk29: "+18.75" / "个百分点" at 80)
    "ranking_change": ("比 {year} 年 {change} 个百分点\n只按两年都评过的领域计算,不一定等于两年加权得分之差",
                       "{change} points on {year}\nover the areas scored in both years only, so not always the "
                       "difference of the two totals"),
    "agg_col_areas": ("领域数", "Areas"),  # the ranking's headings are short: it fits 80 columns
    "agg_col_reviewers": ("人数", "n"),
    "agg_col_disagreements": ("分歧", "Disagree"),
    "agg_col_area": ("领域", "Area"),
    "agg_col_spread": ("分布", "Spread"),
    "agg_col_mean": ("平均", "Mean"),
    "agg_col_n": ("人数", "n"),
    "agg_col_range": ("范围", "Range"),
    "agg_col_sd": ("标准差", "SD"),
    "agg_col_flag": ("分歧", "≥2"),
    # an area's α is over every report pooled, not this report's (walk32 #7: 0.731 beside two equal levels, unsaid)
    "agg_col_alpha": ("α(全部报告)", "α (all)"),
    "agg_col_reviewer": ("评审员", "Reviewer"),
    "agg_col_level": ("评分", "Level"),
    "agg_col_note": ("备注", "Note"),
    "agg_col_annotations": ("批注", "Annotations"),
    "agg_figures": ("平均 {mean} · 中位数 {median} · {n} 人 · 范围 {lo}–{hi} · 标准差 {sd}",
                    "mean {mean} · median {median} · n {n} · range {lo}–{hi} · SD {sd}"),
    "levels_line": ("各评审员:", "Reviewers:"),
    "levels_line_year": ("{year} 年各评审员:", "Reviewers in {year}:"),
    "alpha_title": ("评审一致性 α(Krippendorff,序数)", "Agreement α (Krippendorff, ordinal)"),
    "overall": ("全部领域", "All areas"),
    "unscored_title": ("本轮尚未评分的报告({n})", "Reports of the round not scored yet ({n})"),
    "agg_problems_title": ("未计入的会话文件({n})", "Session files left out ({n})"),
    "agg_carried": ("{n} 个会话按文件名对应本轮的报告:评分保存后,该报告文件读出的文字已不同(文件已修订,或评分时用的是"
                    "较早版本的 fazhi),评分已计入:{files}",
                    "{n} session(s) name a report of the round by its file, whose text was read differently when they "
                    "were saved (an earlier fazhi, or the file revised since), pooled with it: {files}"),
    "agg_other_rubric": ("{n} 个会话按评分细则 {rubric} 评分,按 {ours} 汇总(同一细则的另一版本,领域和分值相容;"
                         "--rubric 文件 可按其版本汇总)",
                         "{n} session(s) scored under rubric {rubric}, pooled under {ours} (another version of it, whose "
                         "areas and levels fit; --rubric FILE pools under theirs)"),
    "agg_future": ("{n} 个会话的保存时间晚于现在(电脑时钟有误或被手工修改),按文件时间排序:{files}",
                   "{n} session(s) dated later than now (a clock set wrong, or edited by hand): ordered by their file's "
                   "time: {files}"),
    "agg_outside": ("{n} 个会话评了本轮没有的报告(别的轮次的,或找不到的),这些评分未计入:{files}",
                    "{n} session(s) score a report this round does not have (another round's, or one not found): those "
                    "scores are not pooled: {files}"),
    "agg_alike": ("{report} 有 {n} 份不同的文字,分开汇总、以文字编号区分({ids}):若是同一报告修订前后的版本,汇总整轮"
                  "(给出轮次文件夹)可把它们算作一份,并计算与上一年的变化",
                  "{report} has {n} different texts, pooled apart and told apart by their text's id ({ids}): if they "
                  "are one report before and after a revision, pool the round (give its folder) to count them as one, "
                  "with its change on the year before"),
    "names_more": (" 及另外 {n} 个", " and {n} more"),
    "note_prefix": ("提示:", "note: "),
    "problem_skipped": ("(已跳过:不计入结果)", " (skipped: not in the output)"),
    "no_session_files": ("{paths} 中没有会话文件(*.toml):未写入任何内容",
                         "no session files (*.toml) in {paths}: nothing written"),
    "export_not_written": ("{path} 未写入:请修正或移走上面的会话,或加 --skip-bad",
                           "{path} not written: fix or move the sessions above, or pass --skip-bad"),
    "round_undecided": ("{government} {year} 年有 {n} 份不同的报告,round.toml 中尚未选定其一:各自评审、分别汇总({files})",
                        "{government} {year} has {n} different reports and none is chosen in round.toml: each is "
                        "reviewed and pooled apart ({files})"),
    "no_scores": ("还没有评分", "No scores yet"),
    "and_more": ("……另有 {n} 份", "… and {n} more"),
    "year_change": ("比 {year} 年:{before} → {now}", "vs {year}: {before} → {now}"),
    "year_change_same_reviewers": ("两年评审员不同;两年都评过的评审员:{change}",
                                   "the two years' reviewers differ; by those who scored both: {change}"),
    "year_change_no_same_reviewers": ("两年评审员不同,没有人两年都评过:变化可能来自评审员,而非报告",
                                      "the two years' reviewers differ, none scored both: the change may be the "
                                      "reviewers', not the report's"),
    "ranking_reviewers_differ": ("两年(或其中某些领域)的评审员不同:变化中可能有评审员宽严的差别",
                                 "the two years (or some of their areas) were scored by different reviewers: part of "
                                 "the change may be theirs"),
    "legend_reviewers_differ": ("两年(或其中某些领域)的评审员不同(变化中可能有评审员宽严的差别)",
                                "the two years (or some of their areas) were scored by different reviewers (part of "
                                "the change may be theirs)"),
    "disagreement_flag": ("评审员评分相差 2 级以上", "reviewers differ by 2 levels or more"),
    "agg_annotations_area": ("该领域章节上的批注", "Annotations on this area's sections"),
    "agg_annotations_all": ("批注(未找到评审时的报告文件,无法按领域筛选:列出该报告的全部批注)",
                            "Annotations (the report's file as reviewed was not found, so not by area: all on this report)"),
    "legend_bar": ("平均分(在量表上的位置)", "the mean, on the rubric's scale"),
    "legend_spread": ("评审员评分的范围(最低–最高)", "the reviewers' range (lowest–highest)"),
    "legend_alpha": ("Krippendorff α:≥0.8 可靠,0.667–0.8 仅可作初步结论", "Krippendorff's α: ≥ .8 reliable, .667–.8 tentative"),
    "legend_total": ("加权得分:已评领域的平均分在量表上的位置(0–100%),按领域权重加权;排名时评完全部领域的报告在前,"
                     "只评了部分领域的在后",
                     "Weighted: the scored areas' means on the rubric's scale (0–100%), weighted by the areas' weights; "
                     "the ranking puts the reports scored in every area first, then those scored in some"),
    "legend_change": ("比上年:排名中为加权得分比上一评审年度多或少的百分点,只按两年都评过的领域计算(故不一定等于两年加权得分"
                      "之差);报告中为该领域平均分比上年多或少的级数",
                      "vs prev.: in the ranking, the weighted total's change from the previous reviewed year in "
                      "percentage points, over the areas scored in both years only (so not always the difference of the "
                      "two totals shown); in a report, the area's mean's change in levels"),
    "agg_pairable": ("可配对评分 {n}", "pairable ratings {n}"),
})

BINDING_LABELS.update({
    "round.open": {"zh": "打开评审", "en": "Open"},
    "round.next": {"zh": "打开下一未完成", "en": "Open unfinished"},
    "round.sort": {"zh": "排序", "en": "Sort"},
    "round.problems": {"zh": "问题", "en": "Problems"},
    "round.aggregate": {"zh": "汇总", "en": "Pooled scores"},
    "round.refresh": {"zh": "重新读取", "en": "Read again"},
    "aggregate.open": {"zh": "展开", "en": "Drill down"},
    "aggregate.up": {"zh": "返回上层", "en": "Up a level"},
})

# ------------------------------------------------------------------------------------------------------------------
# aggregate and serve on the command line (tui/cli.py, tui/serve.py, core.aggregate's notes): polish5's keys

STRINGS.update({
    "agg_same_time": ("{reviewer} 对 {report} 的 {n} 个会话保存时间相同而评分不同:计入 {chosen}(取其中较高的评分,与文件名无关);"
                      "其中有 {files}",
                      "{n} sessions of {reviewer} on {report} were saved at the same time with different levels: "
                      "{chosen} counts (the higher level, whatever the files' names); among them {files}"),
    "reading_pdfs": ("正在读取 {files}(PDF 首次读取可能需要几秒)…", "reading {files} (a PDF read for the first time may take "
                                                                    "seconds)…"),
    "agg_same_time_each": ("{reviewer} 对 {report} 的 {n} 个会话保存时间相同而评分不同:各领域取其中较高的评分(与文件名无关),"
                           "来自 {files}",
                           "{n} sessions of {reviewer} on {report} were saved at the same time with different levels: each "
                           "area's higher level counts (whatever the files' names), from {files}"),
    "agg_same_time_more": ("另有 {n} 处同一评审员同时保存而评分不同的会话,也取较高的评分",
                           "{n} more reviewers' reports have sessions saved at the same time with different levels, "
                           "the higher level counting there too"),
    "out_session_suffix": ("{path}:.toml 是会话文件的后缀,汇总结果不能这样命名(下次汇总会把它当作会话读取):请用 .csv、.json、.md "
                           "或 .xlsx;未写入任何内容",
                           "{path}: .toml is a session file's suffix, not an export's (the next aggregate would read it "
                           "as a session): use .csv, .json, .md or .xlsx; nothing written"),
    "out_suffix_not_format": ("{path}:后缀 {suffix} 与 --format {fmt} 不符:去掉 --format(按后缀决定格式),或改用 .{fmt} "
                              "结尾的文件名;未写入任何内容",
                              "{path}: the suffix {suffix} is not --format {fmt}'s: drop --format (the suffix then "
                              "decides) or name a .{fmt} file; nothing written"),
    "missing_path": ("{path}:文件或文件夹不存在;未写入任何内容", "{path}: no such file or folder; nothing written"),
    "missing_sessions_dir": ("{path}:文件夹不存在:请用 --sessions-dir DIR 指定本轮的会话文件夹;未写入任何内容",
                             "{path}: no such folder: give the round's session folder with --sessions-dir DIR; "
                             "nothing written"),
    "not_a_session_path": ("{path}:是设备、管道或套接字,不是会话文件或文件夹;未写入任何内容",
                           "{path}: a device, a pipe or a socket, not a session file or folder; nothing written"),
    "no_terminal": ("工作台需要终端({streams}不是终端);不用终端的输出:{plain}",
                    "the workbench needs a terminal ({streams} not one); for plain output: {plain}"),
    "no_terminal_stdin": ("标准输入", "stdin is"),
    "no_terminal_stderr": ("标准错误", "stderr is"),
    "no_terminal_both": ("标准输入和标准错误都", "stdin and stderr are"),
    "plain_review": ("fazhi outline A、fazhi align A B", "fazhi outline A, fazhi align A B"),
    "plain_round": ("fazhi round DIR --plain", "fazhi round DIR --plain"),
    "plain_aggregate": ("fazhi aggregate PATH…(不加 --tui:导出 CSV、JSON、Markdown 或 XLSX)",
                        "fazhi aggregate PATH… (without --tui: an export as CSV, JSON, Markdown or XLSX)"),
    "serve_loopback_only": ("本服务器只接受 127.0.0.1 和 localhost 的访问", "this server answers only to 127.0.0.1 and localhost"),
    "serve_other_site": ("其他网站的页面不能打开评审台", "a page from another site may not open the workbench"),
    "serve_no_token": ("请打开服务器启动时打印的地址(其中带有口令)",
                       "open the address the server printed (it carries the token)"),
    "serve_wrong_token": ("口令不对:服务器可能已重新启动,请向启动它的人索取新打印的地址",
                          "wrong token: the server may have been started again; ask for the address it printed then"),
    "serve_reviewer_rule": ("{rule}", "{rule}"),
    "serve_name_the_reviewer": ("请写明评审员:打开 /?reviewer=姓名", "name the reviewer: open /?reviewer=NAME"),
    "serve_tab": ("{reviewer} · {what}", "{reviewer} · {what}"),
    "serve_tab_sessions": ("(会话在 {folder})", " (sessions in {folder})"),
    "serve_tab_opened": ("标签页已打开:{tab}", "tab opened: {tab}"),
    "serve_tab_closed": ("标签页已关闭:{tab}", "tab closed: {tab}"),
    "serve_tab_refused": ("标签页未能打开工作台:{tab}:{why}", "tab could not open the workbench: {tab}: {why}"),
    "serve_tab_failed": ("标签页连接出错,已断开:{tab}:{error}", "tab connection failed, closed: {tab}: {error}"),
    "serve_app_killed": ("一个工作台 {s} 秒内未退出:已强制结束", "an app did not quit in {s} s: killed"),
    "serve_stopped": ("已停止:关闭了 {n} 个标签页", "stopped: {n} tab(s) closed"),
    # a window (a browser tab) closed while a change could not be saved: said where the server or the shell shows it
    "unsaved_copied": ("{reason};未能保存的修改已另存为副本 {path}(下次打开这对报告时会提示,汇总时计入)",
                       "{reason}; the changes that could not be saved were kept in a copy, {path} (named when the pair "
                       "is next opened, and pooled)"),
    "unsaved_lost": ("{reason};未能保存的修改已随窗口关闭而丢失", "{reason}; the changes that could not be saved were lost with the window"),
    "serve_cannot_listen": ("{where}:无法监听:{why}", "{where}: cannot listen: {why}"),
    "serve_port_in_use": ("端口已被占用:换一个 --port,或先停止占用它的程序", "the port is in use: give another --port, or stop "
                          "what uses it"),
})
