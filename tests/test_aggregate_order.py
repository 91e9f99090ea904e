"""Pooled annotations listed as a reviewer reads them, and the sessions they come from counted (walk6 #6); one
reviewer's two sessions saved at the same time decided by their content, not their file names, and said (fuzz2 #9)."""
from __future__ import annotations

import json

from fazhi.core.aggregate import aggregate_paths
from fazhi.core.rubric import load_rubric
from fazhi.tui.cli import main

QINGXI, DONGKENG, LATER = "q" * 64, "d" * 64, "l" * 64


def session(folder, name: str, reviewer: str, a: tuple[str, str, int], b: tuple[str, str, int], notes=(),
            scores: str = "") -> None:
    """A session of the review (A, B), each (sha256, government, year); `notes`: (side, start, note)."""
    text = f'schema = "fazhi.session/1"\nreviewer = "{reviewer}"\n'
    for side, (sha, government, year) in (("a", a), ("b", b)):
        text += f'[reports.{side}]\nsha256 = "{sha}"\ngovernment = "{government}"\nyear = {year}\n'
    text += scores
    for side, start, note in notes:
        text += (f'[[annotations]]\nside = "{side}"\nsection = "1"\nquote = "原文{start}"\nstart = {start}\n'
                 f'note = "{note}"\n')
    (folder / name).write_text(text, encoding="utf-8")


def test_annotations_follow_the_review_a_before_b_in_the_text_not_the_report_names(tmp_path, capsys):
    """walk6 #6: B's annotations came before A's because B's name (东坑镇) sorts before A's (清溪镇); the workbench's
    M lists A's then B's, each by its place in the text."""
    session(tmp_path, "1.toml", "李明", (QINGXI, "清溪镇", 2024), (DONGKENG, "东坑镇", 2017),
            [("b", 30, "B后"), ("a", 90, "A后"), ("b", 5, "B前"), ("a", 10, "A前")])
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert [an.note for an in result.annotations] == ["A前", "A后", "B前", "B后"]
    assert main(["aggregate", str(tmp_path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.index("A前") < md.index("A后") < md.index("B前") < md.index("B后")


def test_reviews_in_ranking_order_each_reviewers_together(tmp_path):
    """Review by review (as the ranking reads their report B), within one each reviewer's A then B."""
    score = lambda level: f"[scores.b.law_enforcement]\nlevel = {level}\n"  # noqa: E731
    session(tmp_path, "1.toml", "甲", (QINGXI, "清溪镇", 2024), (LATER, "清溪镇", 2025), [("b", 1, "甲低B"), ("a", 1, "甲低A")],
            score(1))
    session(tmp_path, "2.toml", "甲", (DONGKENG, "东坑镇", 2016), ("e" * 64, "东坑镇", 2017), [("b", 1, "甲高B")], score(4))
    session(tmp_path, "3.toml", "乙", (QINGXI, "清溪镇", 2024), (LATER, "清溪镇", 2025), [("a", 1, "乙低A")], score(2))
    result = aggregate_paths([str(tmp_path)], load_rubric())
    # reviewers as pooling orders them everywhere (by code point: 乙 before 甲)
    assert [an.note for an in result.annotations] == ["甲高B", "乙低A", "甲低A", "甲低B"]


def test_a_report_annotated_in_two_reviews_keeps_both(tmp_path):
    """A report is B of one review and A of the next: the reviewer's annotations of it in each review are listed,
    each with its review (the later session of the other review holds none of the first's)."""
    session(tmp_path, "1.toml", "甲", (DONGKENG, "东坑镇", 2023), (QINGXI, "东坑镇", 2024), [("b", 1, "作为B")])
    session(tmp_path, "2.toml", "甲", (QINGXI, "东坑镇", 2024), (LATER, "东坑镇", 2025), [("b", 1, "新报告")])
    assert sorted(an.note for an in aggregate_paths([str(tmp_path)], load_rubric()).annotations) == ["作为B", "新报告"]


def test_a_session_with_annotations_and_no_score_is_counted(tmp_path, capsys):
    """walk6 #6: "0 份会话" headed the three annotations of the one session pooled: it is counted, and said to hold no
    score."""
    session(tmp_path, "1.toml", "李明", (QINGXI, "清溪镇", 2024), (DONGKENG, "东坑镇", 2017), [("a", 1, "批注")])
    (tmp_path / "empty.toml").write_text((tmp_path / "1.toml").read_text(encoding="utf-8").split("[[annotations]]")[0],
                                         encoding="utf-8")  # opened and left untouched: not a review
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert (result.sessions, result.untouched, result.annotated, result.counted) == (0, 2, 1, 1)
    assert main(["aggregate", str(tmp_path), "--format", "md"]) == 0
    assert "1 份会话,0 份含评分)" in capsys.readouterr().out.splitlines()[0]
    assert main(["aggregate", str(tmp_path), "--format", "md", "--lang", "en"]) == 0
    assert "1 session, 0 with scores)" in capsys.readouterr().out.splitlines()[0]
    assert main(["aggregate", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["sessions"], data["untouched_sessions"], data["annotated_sessions"]) == (0, 2, 1)


def tie_session(folder, name: str, level: int, created: str = "2026-11-20 09:00:00+00:00") -> None:
    """王芳's session of one pair, every score and the session saved at one time (fuzz2's repro/agg/tie)."""
    scores = "".join(f"[scores.b.{area}]\nlevel = {level}\nupdated = 2026-11-05 10:00:00+00:00\n"
                     for area in ("party_leadership", "law_enforcement"))
    (folder / name).write_text(
        f'schema = "fazhi.session/1"\nreviewer = "王芳"\ncreated = {created}\nupdated = 2026-11-05 10:00:00+00:00\n'
        f'[reports.a]\nsha256 = "{QINGXI}"\n[reports.b]\nsha256 = "{LATER}"\ngovernment = "静海区"\nyear = 2023\n'
        + scores, encoding="utf-8")


def test_two_sessions_saved_at_the_same_time_are_decided_by_what_they_say_and_said(tmp_path, capsys):
    """fuzz2 #9: b.toml (level 4) and c.toml (level 1), saved at the same second, pooled 1; renamed a.toml and c.toml,
    4. What they say decides (the higher level), whatever their names or anything else in the files (reread6: a view
    saved on quit, the rest unchanged, flipped the hash of the whole file and the pooled level), and a note names both."""
    pooled = []
    for names in (("b.toml", "c.toml"), ("z.toml", "c.toml"), ("c.toml", "b.toml")):
        folder = tmp_path / "-".join(names)
        folder.mkdir()
        tie_session(folder, names[0], 4)
        tie_session(folder, names[1], 1)
        result = aggregate_paths([str(folder)], load_rubric())
        pooled.append({row.area: row.reviewers["王芳"] for row in result.rows})
        (reviewer, report, files, chosen, n), = result.same_time
        assert (reviewer, report, files, n) == ("王芳", "静海区 2023", sorted(str(folder / n) for n in names), 2)
        assert len(chosen) == 1 and chosen[0] in files
    assert pooled[0] == pooled[1] == pooled[2] and set(pooled[0].values()) == {4}  # the higher, whatever the names
    viewed = tmp_path / "b.toml-c.toml" / "c.toml"
    viewed.write_text(viewed.read_text(encoding="utf-8") + '[view]\nside = "b"\n', encoding="utf-8")
    again = aggregate_paths([str(viewed.parent)], load_rubric())
    assert {row.area: row.reviewers["王芳"] for row in again.rows} == pooled[0]
    assert main(["aggregate", str(tmp_path / "b.toml-c.toml"), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "王芳 对 静海区 2023 的 2 个会话保存时间相同而评分不同" in err and "c.toml" in err


def test_two_sessions_saved_at_the_same_time_with_the_same_levels_are_not_said(tmp_path):
    tie_session(tmp_path, "a.toml", 3)
    tie_session(tmp_path, "b.toml", 3, created="2026-11-21 09:00:00+00:00")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert not result.same_time and not result.notes and {r.reviewers["王芳"] for r in result.rows} == {3}


def test_a_tie_across_the_chunks_of_a_large_pool_is_decided_and_said_alike(tmp_path):
    """Past PARALLEL_FROM files, chunks are read apart and merged: two tied files in two chunks give what one gives."""
    from fazhi.core.aggregate import _read_chunk, pooled

    tie_session(tmp_path, "b.toml", 4)
    tie_session(tmp_path, "c.toml", 1)
    rubric = load_rubric()
    whole = aggregate_paths([str(tmp_path)], rubric)
    for first, second in (("b.toml", "c.toml"), ("c.toml", "b.toml")):
        pool = _read_chunk([str(tmp_path / first)], rubric)
        pool.merge(_read_chunk([str(tmp_path / second)], rubric))
        merged = pooled(pool, rubric)
        assert [r.reviewers for r in merged.rows] == [r.reviewers for r in whole.rows]
        assert merged.same_time == whole.same_time


def test_same_time_sessions_of_many_reports_are_named_for_the_first_few_and_counted_after():
    """10,000 generated sessions tie on 400 reviewers' reports: 400 lines beside the result said nothing more."""
    from fazhi.core.aggregate import SAME_TIME_SAID, Aggregate

    result = Aggregate([], {}, {}, 0, same_time=[("王芳", f"报告{i}", ["a.toml", "b.toml"], ["a.toml"], 2)
                                              for i in range(SAME_TIME_SAID + 7)])
    keys = [key for key, _ in result.notes]
    assert keys == ["agg_same_time"] * SAME_TIME_SAID + ["agg_same_time_more"]
    assert result.notes[-1][1] == {"n": 7}


def test_a_tie_a_later_level_settles_is_not_said(tmp_path):
    """Two sessions tied at one time, then a third saved later: the later level counts, and no tie is said (the ties
    travel with the level they were about)."""
    tie_session(tmp_path, "b.toml", 4)
    tie_session(tmp_path, "c.toml", 1)
    later = (tmp_path / "c.toml").read_text(encoding="utf-8").replace("2026-11-05 10:00:00", "2026-11-06 10:00:00")
    (tmp_path / "d.toml").write_text(later.replace("level = 1", "level = 2"), encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert {r.reviewers["王芳"] for r in result.rows} == {2} and not result.same_time
    for first in ("b.toml", "d.toml"):  # read in chunks, merged in either order: the same
        from fazhi.core.aggregate import _read_chunk, pooled

        rest = [str(tmp_path / n) for n in ("b.toml", "c.toml", "d.toml") if n != first]
        pool = _read_chunk([str(tmp_path / first)], load_rubric())
        pool.merge(_read_chunk(rest, load_rubric()))
        merged = pooled(pool, load_rubric())
        assert {r.reviewers["王芳"] for r in merged.rows} == {2} and not merged.same_time


def test_many_sessions_tied_at_one_time_are_counted_and_a_few_named(tmp_path):
    """Generated sessions tie by the dozen on every key: all their names held took 216 MB for 100,000 (target 200);
    the count stays whole, three files are named."""
    for k in range(7):
        tie_session(tmp_path, f"s{k}.toml", k % 5)
    (reviewer, report, files, chosen, n), = aggregate_paths([str(tmp_path)], load_rubric()).same_time
    assert n == 7 and len(files) == 3 and set(files) <= {str(tmp_path / f"s{k}.toml") for k in range(7)}
    assert chosen == [str(tmp_path / "s4.toml")]  # the higher level: 4
    from fazhi.core.aggregate import _read_chunk, pooled  # read in chunks and merged: counted once each

    names = [str(tmp_path / f"s{k}.toml") for k in range(7)]
    for cut in (1, 3, 6):
        pool = _read_chunk(names[:cut], load_rubric())
        pool.merge(_read_chunk(names[cut:], load_rubric()))
        (_, _, _, merged_chosen, merged_n), = pooled(pool, load_rubric()).same_time
        assert (merged_n, merged_chosen) == (7, chosen), cut


def test_a_tie_between_a_level_with_its_own_time_and_one_without_is_said(tmp_path):
    """reread6: one session's level carries its own time, the other's (a contract-only session) none; both sessions
    saved at one time: what they say decides (the higher level), and the result says so as for two of one kind."""
    tie_session(tmp_path, "timed.toml", 2)
    untimed = tmp_path / "untimed.toml"
    untimed.write_text((tmp_path / "timed.toml").read_text(encoding="utf-8")
                       .replace("level = 2\nupdated = 2026-11-05 10:00:00+00:00\n", "level = 4\n"), encoding="utf-8")
    assert "updated" in untimed.read_text(encoding="utf-8") and "level = 4\n[" in untimed.read_text(encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert {r.reviewers["王芳"] for r in result.rows} == {4}
    (reviewer, report, files, chosen, n), = result.same_time
    assert (reviewer, files, chosen, n) == ("王芳", [str(tmp_path / "timed.toml"), str(untimed)], [str(untimed)], 2)


def test_same_time_sessions_each_counting_somewhere_are_named_once(tmp_path, capsys):
    """audit1 #7: where each of the tied files gives some area its higher level, the note named them twice ("tie1,
    tie2 count …; among them tie1, tie2")."""
    stamp = 'updated = "2026-01-01T00:00:00Z"\n'
    for name, first, second in (("tie1.toml", 3, 1), ("tie2.toml", 1, 3)):
        session(tmp_path, name, "李明", (QINGXI, "清溪镇", 2024), (DONGKENG, "东坑镇", 2017),
                scores=f"[scores.b.law_enforcement]\nlevel = {first}\n[scores.b.power_oversight]\nlevel = {second}\n")
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8").replace('reviewer = "李明"\n', f'reviewer = "李明"\n{stamp}'),
                        encoding="utf-8")
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert [key for key, _ in result.notes] == ["agg_same_time_each"]
    assert main(["aggregate", str(tmp_path), "--format", "json"]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if "保存时间相同" in line]
    assert len(said) == 1 and said[0].count("tie1") == 1 and said[0].count("tie2") == 1, said
