"""The review model without a screen: opening never loses or replaces work, operations are checked, undoable and
saved without clobbering another process's file."""
from __future__ import annotations

import subprocess
import sys

import pytest

from fazhi.core.compare import figures
from fazhi.core.errors import FazhiError
from fazhi.core.outline import parse
from fazhi.core.record import replace
from fazhi.core.report import read
from fazhi.core.review import Refused, Review
from fazhi.core.rubric import load_rubric
from fazhi.core.session import ViewState, load_session
from fazhi.core.store import SessionConflict
from tests.conftest import ROOT, sample

A, B = str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt"))


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "sessions"


@pytest.fixture
def ticking(monkeypatch):
    """Each save a second after the last, as a reviewer works (core.store's clock)."""
    import datetime as dt

    from fazhi.core import store

    ticks = iter(dt.datetime(2026, 11, 27, 9, 0, k, tzinfo=dt.timezone.utc) for k in range(60))
    clock = lambda: next(ticks)  # noqa: E731
    monkeypatch.setattr(store, "now", clock)
    return clock


@pytest.fixture
def years(tmp_path, ticking):
    """A report and its next year's (tests.helpers.year_over_year), saves a second apart: (A, B)."""
    from tests.helpers import year_over_year

    return tuple(map(str, year_over_year(tmp_path)))


def opened(folder, reviewer="王芳", a=A, b=B, rubric=None) -> Review:
    return Review.open(a, b, reviewer, rubric or load_rubric(), folder)


def work(review: Review) -> None:
    """A bit of everything a reviewer does."""
    review.set_score("a", "law_enforcement", 3)
    review.set_note("a", "law_enforcement", "执法数据翔实")
    review.set_score("b", "power_oversight", 1)
    section = review.a.find("1.4")
    review.annotate("a", "1.4", section.heading_start, section.heading_end, "看这里", ["数据"])
    review.pin("1.2", "1.1")
    review.split("1.3", "1.2")
    review.save()


def state(review: Review):
    s = review.session
    return ({side: {k: (v.level, v.note) for k, v in areas.items()} for side, areas in s.scores.items()},
            [(an.side, an.quote, an.note, an.tags) for an in s.annotations], s.pins, s.forbidden)


def test_reopening_three_times_keeps_every_score_note_annotation_and_pin(folder):
    first = opened(folder)
    work(first)
    expected = state(first)
    for _ in range(3):
        again = opened(folder)
        assert state(again) == expected and again.notices[0].key == "continued"
        # walk6: the notice counted scores alone; the annotation, the pin and the split are said too
        params = again.notices[0].params
        assert (params["scores"], params["notes"], params["annotations"], params["edits"]) == (2, 1, 1, 2)
        assert again.close() == first.session.path  # untouched: nothing written
    assert state(Review.resume(first.session.path, load_rubric())) == expected
    backup = first.session.path.with_name(first.session.path.name + ".bak")
    assert not backup.exists() or load_session(backup).score_count <= 2


def test_opening_untouched_writes_nothing(folder):
    review = opened(folder)
    review.remember_view(ViewState("1", "1", "a", "law_enforcement"))
    assert review.close() is None and not folder.exists()


def test_reading_without_scoring_keeps_the_place_but_counts_for_nothing(folder):
    from fazhi.core.aggregate import aggregate_paths

    review = opened(folder)
    review.remember_view(ViewState("1.4", "1.4", "b", "law_enforcement"))
    path = review.close(moved=True)
    saved = load_session(path)
    assert saved.view.a == "1.4" and saved.updated is None and saved.score_count == 0
    pooled = aggregate_paths([str(folder)], load_rubric())
    assert pooled.sessions == 0 and pooled.untouched == 1 and not pooled.rows


def test_where_the_reviewer_was_is_saved_without_touching_updated(folder):
    review = opened(folder)
    review.set_score("a", "law_enforcement", 2)
    review.save()
    updated = review.session.updated
    review.remember_view(ViewState("1.4", "1.4", "b", "law_enforcement"))
    review.close()
    saved = load_session(review.session.path)
    assert saved.view == ViewState("1.4", "1.4", "b", "law_enforcement") and saved.updated == updated


def test_another_reviewers_session_starts_mine_and_never_changes_theirs(folder):
    theirs = opened(folder, "甲")
    work(theirs)
    theirs.set_score("b", "party_leadership", 2)
    theirs.set_score("b", "party_leadership", None)  # their clear is not mine: it would outdate my levels elsewhere
    theirs.save()
    before = theirs.session.path.read_bytes()
    mine = Review.resume(theirs.session.path, load_rubric(), reviewer="乙")
    assert mine.session.reviewer == "乙" and mine.session.path is None and mine.pending is None
    assert mine.notices[0].key == "started_from" and state(mine) == state(theirs)
    assert theirs.session.cleared["b"] and mine.session.cleared == {"a": {}, "b": {}}
    mine.set_score("a", "law_enforcement", 1)
    path = mine.save()
    assert path != theirs.session.path and theirs.session.path.read_bytes() == before


def test_another_reviewers_session_when_i_have_one_asks(folder):
    theirs = opened(folder, "甲")
    work(theirs)
    mine = opened(folder, "乙")
    mine.set_score("a", "law_enforcement", 1)
    mine.save()
    resumed = Review.resume(theirs.session.path, load_rubric(), reviewer="乙")
    assert resumed.pending is not None and resumed.session.score("a", "law_enforcement").level == 1
    resumed.resolve_fork(keep_mine=True)
    assert resumed.session.score("a", "law_enforcement").level == 1 and not resumed.unsaved
    again = Review.resume(theirs.session.path, load_rubric(), reviewer="乙")
    again.resolve_fork(keep_mine=False)
    assert again.unsaved and again.session.reviewer == "乙" and state(again) == state(theirs)
    again.undo()
    assert again.session.score("a", "law_enforcement").level == 1


def test_a_report_file_named_with_a_tab_or_an_escape_is_reviewed_and_reopened(folder, tmp_path):
    """walk12 F1: a file name holding a tab or an ESC was written into the session's report path, which every reader
    then refused ("contains control characters"): the scores were on disk, and no command would open them."""
    import shutil

    from fazhi.core.aggregate import aggregate_paths

    named = tmp_path / "清溪镇\t2024\x1b[31m.txt"
    shutil.copy(A, named)
    one = opened(folder, a=str(named))
    one.set_score("a", "law_enforcement", 3)
    path = one.save()
    assert one.close() == path
    again = opened(folder, a=str(named))
    assert again.notices[0].key == "continued" and again.session.score("a", "law_enforcement").level == 3
    assert again.session.reports["a"].path == str(named)
    assert Review.resume(path, load_rubric()).session.score("a", "law_enforcement").level == 3
    assert aggregate_paths([str(path)], load_rubric()).rows


def test_two_processes_on_one_session_never_last_writer_wins(folder):
    one = opened(folder)
    one.set_score("a", "law_enforcement", 2)
    one.save()
    two = opened(folder)  # a second window
    two.set_score("b", "power_oversight", 3)
    two.save()
    one.set_score("a", "law_enforcement", 4)
    with pytest.raises(SessionConflict):
        one.save()
    assert load_session(one.session.path).score("b", "power_oversight").level == 3
    one.reload()
    assert one.session.score("b", "power_oversight").level == 3 and one.session.score("a", "law_enforcement").level == 2
    one.set_score("a", "law_enforcement", 4)
    one.save()  # after the reload it is ours again


def test_two_windows_work_merged_keeps_both_and_says_what_both_changed(folder):
    """walk10: the second window's save could reload (its change dropped) or copy (pooled apart), never keep both
    windows' work on disjoint areas. Merging takes the file's version of what this window left alone and this window's
    of what it changed: scores, notes, annotations, pins and splits; both changed differently: this window's, named."""
    one, two = opened(folder), opened(folder)
    one.set_score("a", "law_enforcement", 2)
    one.save()
    two_section = two.a.find("1.4")
    two.reload(one.session.path)  # both windows on the file with one score
    one.set_score("b", "power_oversight", 3)
    one.set_score("a", "gov_functions", 1)
    one.annotate("a", "1.4", two_section.heading_start, two_section.heading_end, "一号窗口", [])
    one.pin("1.2", "1.1")
    one.save()
    two.set_score("a", "decision_making", 4)  # an area the other window left alone
    two.set_score("a", "gov_functions", 2)  # and one it changed: both changed it
    two.set_score("a", "law_enforcement", None)  # removed here, left there
    two.annotate("a", "1.4", two_section.heading_start + 1, two_section.heading_end, "二号窗口", ["数据"])
    two.split("1.3", "1.2")
    with pytest.raises(SessionConflict):
        two.save()
    merged = two.merge()
    assert merged.both == [("score", "a", "gov_functions")] and merged.applied == 5
    assert two.unsaved and not two._undo  # undo would take the other window's work back
    two.save()
    saved = load_session(two.session.path)
    levels = {side: {area: score.level for area, score in areas.items()} for side, areas in saved.scores.items()}
    assert levels == {"a": {"gov_functions": 2, "decision_making": 4}, "b": {"power_oversight": 3}}
    assert sorted(an.note for an in saved.annotations) == ["一号窗口", "二号窗口"]
    assert saved.pins == [("1.2", "1.1")] and saved.forbidden == [("1.3", "1.2")]
    # the first window merges the second's in turn: nothing of its own changed since it saved, so the file's stands
    one.set_score("b", "power_oversight", 1)
    one.set_score("b", "power_oversight", 3)  # changed and changed back: no change of its work
    assert one.merge().both == [] and {a: s.level for a, s in one.session.scores["a"].items()} == levels["a"]


def two_new_windows(folder, side: str, area: str, level: int):
    """Two windows opened on a new pair: the first scores A's law_enforcement 2 and saves; the second scores `side`'s
    `area` and is refused. (first, second, the file the conflict names)."""
    one, two = opened(folder), opened(folder)  # both opened before either saved
    one.set_score("a", "law_enforcement", 2)
    one.save()
    two.set_score(side, area, level)
    with pytest.raises(SessionConflict) as conflict:
        two.save()
    return one, two, conflict.value.path


def test_a_merge_keeps_the_scores_carried_in_at_opening_and_takes_only_this_review_s_file(folder, years):
    """reread9 L1: the work a merge compared with was taken after the opening carried in the reviewer's later scores
    from their other sessions, so a carried level the file lacked counted as unchanged and the other window's file
    dropped it. L2: a file of another reviewer's is not merged into this review."""
    a, b = years
    rubric = load_rubric()
    first = Review.open(a, b, "王芳", rubric, folder)
    first.set_score("a", "law_enforcement", 3)
    first.save()
    other = Review.open(a, b, "王芳", rubric, folder)  # a second window, before A is scored alone
    alone = Review.open_single(a, "王芳", rubric, folder)
    alone.set_score("b", "law_enforcement", 2)
    alone.save()
    again = Review.open(a, b, "王芳", rubric, folder)
    assert again.session.score("a", "law_enforcement").level == 2  # carried in: the latest
    other.set_score("b", "power_oversight", 1)
    other.save()  # without the carried level
    again.set_score("b", "decision_making", 3)
    with pytest.raises(SessionConflict):
        again.save()
    again.merge()
    assert again.session.score("a", "law_enforcement").level == 2 and again.session.score("b", "power_oversight")
    theirs = Review.open(a, b, "李明", rubric, folder)
    theirs.set_score("b", "power_oversight", 4)
    with pytest.raises(FazhiError, match="not this review's session"):
        again.merge(theirs.save())


def test_reload_takes_up_only_this_review_s_session(folder, years, tmp_path):
    """monkey53: the conflict's "reload" took whatever the file held: another reviewer's session of the pair copied
    over it, or this reviewer's of another pair, was read in, and the next level was saved under the other reviewer's
    name or against the other reports. Refused as a merge is; nothing changes."""
    a, b = years
    rubric = load_rubric()
    mine = Review.open(a, b, "王芳", rubric, folder)
    mine.set_score("b", "law_enforcement", 3)
    path = mine.save()
    theirs = Review.open(a, b, "李明", rubric, tmp_path / "other")
    theirs.set_score("b", "power_oversight", 1)
    other_pair = Review.open(b, a, "王芳", rubric, tmp_path / "pair")
    other_pair.set_score("b", "power_oversight", 2)
    for foreign in (theirs.save(), other_pair.save()):
        path.write_bytes(foreign.read_bytes())  # copied over this review's file from outside
        with pytest.raises(FazhiError, match="not this review's session"):
            mine.reload()
        assert (mine.session.reviewer, mine.session.score("b", "law_enforcement").level) == ("王芳", 3)
    mine.set_score("b", "decision_making", 2)  # what it saves next is still its own
    assert mine.session.reviewer == "王芳"


def test_a_new_session_merged_with_the_one_another_window_created(folder):
    one, two, path = two_new_windows(folder, "b", "power_oversight", 3)
    assert two.merge(path).both == []
    assert two.save() == one.session.path
    saved = load_session(one.session.path)
    assert (saved.score("a", "law_enforcement").level, saved.score("b", "power_oversight").level) == (2, 3)


def test_a_second_process_is_refused_too(folder):
    one = opened(folder)
    one.set_score("a", "law_enforcement", 2)
    one.save()
    code = (f"from fazhi.core.review import Review; from fazhi.core.rubric import load_rubric\n"
            f"r = Review.open({A!r}, {B!r}, '王芳', load_rubric(), {str(folder)!r})\n"
            f"r.set_score('b', 'power_oversight', 3); r.save()")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    original = one.session.path
    one.set_score("a", "gov_functions", 1)
    with pytest.raises(SessionConflict):
        one.save()
    copy = one.save_copy()
    assert copy != original and "copy" in copy.name and load_session(copy).score("a", "gov_functions").level == 1
    assert load_session(original).score("b", "power_oversight").level == 3  # the other process's work untouched


def test_a_new_session_beside_an_existing_one_is_a_conflict_not_an_overwrite(folder):
    one, two, path = two_new_windows(folder, "a", "law_enforcement", 3)
    assert load_session(one.session.path).score("a", "law_enforcement").level == 2
    # Reloading takes the file the conflict names: this window had none yet (walk4: it crashed with "no file yet").
    two.reload(path)
    assert two.session.score("a", "law_enforcement").level == 2 and not two.unsaved
    two.set_score("b", "law_enforcement", 1)
    assert two.save() == one.session.path  # it is the other window's file now, saved without a conflict


def test_closing_a_window_that_only_moved_leaves_another_window_s_save_alone(folder):
    """Found by fuzzing: a window whose scores were all saved, that only moved, said on quit that its changes could
    not be saved and exited 1, because where it was could not be written over the other window's newer file. The
    other window's work stands; closing is quiet."""
    one = opened(folder)
    one.set_score("a", "law_enforcement", 2)
    path = one.save()
    two = Review.resume(path, load_rubric())
    two.set_score("a", "power_oversight", 4)
    two.save()
    theirs = path.read_bytes()
    one.remember_view(ViewState("1.2", "1.1", "b", "law_enforcement"))
    assert one.close(moved=True) == path and path.read_bytes() == theirs


def test_stale_and_duplicate_pins_are_orphans_not_errors(folder):
    review = opened(folder)
    review.session.pins = [("9.9", "1"), ("1.2", "1.1"), ("1.2", "1.3")]
    review.session.forbidden = [("1", "42"), ("1.2", "1.1")]  # a hand edit: pinned and forbidden at once
    review.save()
    again = opened(folder)
    kinds = {(o.kind, o.a, o.b) for o in again.orphan_pins}
    assert kinds == {("pin", "9.9", "1"), ("pin", "1.2", "1.3"), ("forbidden", "1", "42"), ("forbidden", "1.2", "1.1")}
    assert any(n.key == "orphan_pins" for n in again.notices)
    alignment = again.compute_alignment().alignment
    assert alignment.partner("a", "1.2").b == "1.1"


def test_levels_are_checked_against_the_scale_everywhere(folder, tmp_path):
    review = opened(folder)
    with pytest.raises(Refused):
        review.set_score("a", "law_enforcement", 5)
    with pytest.raises(Refused):
        review.set_score("a", "no_such_area", 1)
    review.set_score("a", "law_enforcement", 4)
    review.save()
    text = review.session.path.read_text(encoding="utf-8").replace("level = 4", "level = 9")
    review.session.path.write_text(text, encoding="utf-8")
    with pytest.raises(FazhiError, match=r"\[scores.a.law_enforcement.level\] 9 is outside the rubric's scale 0–4"):
        opened(folder)


def test_opening_a_pair_names_a_broken_sessions_own_mistakes_and_its_levels_at_once(folder):
    """reread5: `open` read the reviewer's sessions without the rubric: a file with a bad view.side and a level of 9
    named the first, and the level only once that was fixed. (A level off the scale in another pair's session that is
    otherwise sound stops nothing: it is checked when that pair is opened.)"""
    review = opened(folder)
    review.set_score("b", "party_leadership", 4)
    review.save()
    path = review.session.path
    text = path.read_text(encoding="utf-8").replace("level = 4", "level = 9")
    assert '[view]\nside = "b"' in text  # (a new review starts on B, which the file says)
    path.write_text(text.replace('[view]\nside = "b"', '[view]\nside = "x"'), encoding="utf-8")
    with pytest.raises(FazhiError) as e:
        opened(folder)
    assert "[view.side]" in e.value.message and "[scores.b.party_leadership.level] 9 is outside" in e.value.message


def test_a_1_to_5_rubric_is_scored_and_aggregated(folder, tmp_path):
    from fazhi.core.aggregate import aggregate_paths
    from tests.test_rubric import DEFAULT_TEXT

    path = tmp_path / "five.toml"
    path.write_text(DEFAULT_TEXT.replace("min = 0", "min = 1").replace("max = 4", "max = 5")
                    .replace("level = 0", "level = 5"), encoding="utf-8")
    rubric = load_rubric(path)
    for who, level in (("甲", 5), ("乙", 1)):
        review = opened(folder, who, rubric=rubric)
        with pytest.raises(Refused):
            review.set_score("a", "law_enforcement", 0)
        review.set_score("a", "law_enforcement", level)
        review.save()
    result = aggregate_paths([str(folder)], rubric)
    (row,) = result.rows
    assert (row.min, row.max, row.n_reviewers) == (1, 5, 2) and not result.problems
    assert aggregate_paths([str(folder)], load_rubric()).problems  # the default 0–4 rubric refuses a 5


def test_undo_and_redo_every_kind_of_change(folder):
    review = opened(folder)
    work(review)
    labels = []
    while (snap := review.undo()) is not None:
        labels.append(snap.label)
    assert labels == ["split", "pin", "annotate", "score", "note", "score"]
    assert review.session.score_count == 0 and not review.session.annotations and not review.session.pins
    while review.redo() is not None:
        pass
    assert review.session.forbidden == [("1.3", "1.2")] and review.session.annotations[0].note == "看这里"


def test_a_changed_report_continues_the_same_session_reanchored(folder, tmp_path):
    copy = tmp_path / "qingxi.txt"
    copy.write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    review = opened(folder, a=str(copy))
    work(review)
    copy.write_text("(修订稿)\n" + copy.read_text(encoding="utf-8").replace("持续", "不断"), encoding="utf-8")
    again = opened(folder, a=str(copy))
    assert again.changed == ("a",) and state(again)[0] == state(review)[0] and not again.orphans
    an = again.session.annotations[0]
    assert again.a.text[an.start:an.end] == an.quote


def test_another_report_copied_over_the_files_is_not_the_session_s_report_revised(folder, tmp_path):
    """A fuzzing afternoon: the two files of a pair were replaced by another government's reports under the same
    names, and `review a b` carried the session on (and its scores onto reports never read); `resume` did the same
    through the session's paths. Now the new pair gets a session of its own, the old file is not touched, and resume
    says in one line that the file holds another report."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(sample("qingxi_2024.txt").read_bytes())
    b.write_bytes(sample("dongkeng_2017.txt").read_bytes())
    first = opened(folder, a=str(a), b=str(b))
    first.set_score("a", "law_enforcement", 3)
    old_path = first.save()
    before = old_path.read_bytes()
    a.write_bytes(sample("jinghai_2024.txt").read_bytes())
    b.write_bytes(sample("yingzai_2025.txt").read_bytes())
    other = opened(folder, a=str(a), b=str(b))
    assert other.session.score_count == 0 and other.session.path is None and not other.changed
    other.set_score("b", "law_enforcement", 1)
    assert other.save() != old_path and old_path.read_bytes() == before
    with pytest.raises(FazhiError, match="is now .*静海.*not .*清溪.*--report-dir"):
        Review.resume(old_path, load_rubric())
    assert old_path.read_bytes() == before


def test_a_broken_session_file_of_mine_is_an_error_not_a_fresh_start(folder):
    review = opened(folder)
    review.set_score("a", "law_enforcement", 2)
    path = review.save()
    path.write_text("schema = \"fazhi.session/1\"\nreviewer = [", encoding="utf-8")
    with pytest.raises(FazhiError, match="not valid TOML.* one of your sessions.*fix or move it"):
        opened(folder)


def _broken(path) -> bytes:
    """The session file made unreadable as a hand edit does (an unclosed note), its report tables intact."""
    text = path.read_text(encoding="utf-8").replace('note = "', 'note = "unclosed\n', 1)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_a_broken_session_of_another_pair_does_not_stop_this_one_and_is_never_touched(folder, tmp_path):
    """walk13 F9: one session file of the reviewer that could not be read stopped every review of theirs (a round of
    40 pairs stood still for one bad note). A file whose report tables name another pair cannot be this pair's: the
    pair opens, says the file and why, and saves beside it; a file that names this pair, or this pair's files with
    their texts since revised, or no report at all, still stops it (test_a_broken_session_file_of_mine…)."""
    other = opened(folder, a=str(sample("jinghai_2024.txt")), b=str(sample("qingcheng_2024.txt")))
    other.set_score("b", "law_enforcement", 2)
    other.set_note("b", "law_enforcement", "好")
    before = _broken(other.save())
    review = opened(folder)
    (said,) = [n for n in review.notices if n.key == "other_pair_unreadable"]
    assert said.params["file"].startswith(other.session.path.name) and "TOML" in said.params["note"]
    review.set_score("a", "law_enforcement", 3)
    assert review.save() != other.session.path and other.session.path.read_bytes() == before
    assert opened(folder).session.scores["a"]["law_enforcement"].level == 3
    resumed = Review.resume(review.session.path, load_rubric())  # resume reads the reviewer's sessions alike
    assert [n.key for n in resumed.notices].count("other_pair_unreadable") == 1

    mine = opened(folder, "李明")  # the same pair's session broken: stops it, as before
    mine.set_score("a", "law_enforcement", 1)
    mine.set_note("a", "law_enforcement", "x")
    _broken(mine.save())
    with pytest.raises(FazhiError, match="one of your sessions, which could be this pair's"):
        opened(folder, "李明")

    copy = tmp_path / "qingxi.txt"  # this pair's file, its text revised since the broken session was saved
    copy.write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    revised = opened(folder, "张三", a=str(copy))
    revised.set_score("a", "law_enforcement", 1)
    revised.set_note("a", "law_enforcement", "x")
    _broken(revised.save())
    copy.write_text("(修订稿)\n" + copy.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FazhiError, match="which could be this pair's"):
        opened(folder, "张三", a=str(copy))


def test_a_session_file_that_writes_a_side_twice_still_stops_the_pair_and_a_pipe_does_not(folder):
    """reread10 R1, R6: the check for another pair read a file the session reader refuses unread (a pipe named like a
    session: the opening hung for ever), and took a session of this pair broken by a pasted second [reports.b] naming
    another report for another pair's (a fresh session opened beside the reviewer's work). walk15 F5: a pipe holds
    no session at all: it is said, and stops nothing, nor is it the session resume takes as the latest."""
    from fazhi.core.store import latest_session

    import os

    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    path = review.save()
    before = path.read_text(encoding="utf-8")
    path.write_text(before + '\n[reports.b]\nsha256 = "' + "e" * 64 + '"\n', encoding="utf-8")
    with pytest.raises(FazhiError, match="which could be this pair's"):
        opened(folder)
    path.unlink()
    os.mkfifo(path)  # (nobody writes to it: reading it would never end)
    again = opened(folder)
    assert [n.key for n in again.notices] == ["not_a_session_file"] and again.session.path is None
    assert latest_session(folder, "王芳") is None


def test_a_report_named_by_a_round_is_headed_so_when_opened_again_without_the_round(folder, tmp_path):
    """walk14 F8: a report whose text names no government, named 营仔镇 2024 by round.toml, was headed "—" when its
    pair was opened again outside the round, and 营仔镇 2024 by resume."""
    unnamed = tmp_path / "report_unknown.txt"
    unnamed.write_text("工作报告\n一、主要举措\n推进依法行政。\n二、存在的不足\n仍有差距。\n", encoding="utf-8")
    first = Review.open(A, str(unnamed), "王芳", load_rubric(), folder, names={"b": ("营仔镇", 2024)})
    first.set_score("b", "law_enforcement", 2)
    first.save()
    for again in (opened(folder, b=str(unnamed)), Review.resume(first.session.path, load_rubric())):
        assert (again.b.government, again.b.year) == ("营仔镇", 2024)
        assert (again.session.reports["b"].government, again.session.reports["b"].year) == ("营仔镇", 2024)


def test_notes_need_a_score_and_annotations_a_place(folder):
    review = opened(folder)
    with pytest.raises(Refused):
        review.set_note("a", "law_enforcement", "x")
    with pytest.raises(Refused):
        review.annotate("a", "1.4", 10, 5)
    with pytest.raises(Refused):
        review.annotate("a", "9.9", 0, 5)


def test_what_a_reviewer_types_or_pastes_never_makes_the_session_unreadable(folder):
    """Control characters (an escape sequence pasted into a note, a NUL, C1) are taken out of notes and tags as
    they are written: the session file loads again, with the text around them kept."""
    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    review.set_note("a", "law_enforcement", "执法\x1b[2J数据\x00翔实\x85\n第二行\t完")
    section = review.a.find("1.4")
    an = review.annotate("a", "1.4", section.heading_start, section.heading_end, "看\x07这里", ["数\x1b据", "\x1b"])
    review.save()
    loaded = load_session(review.session.path)
    assert loaded.score("a", "law_enforcement").note == "执法[2J数据翔实\n第二行\t完"
    assert (loaded.annotations[0].note, loaded.annotations[0].tags) == ("看这里", ["数据"])
    review.edit_annotation(an.id, "改\x1b", ["\x9b标签"])
    review.save()
    assert (load_session(review.session.path).annotations[0].note, load_session(review.session.path).annotations[0].tags) \
        == ("改", ["标签"])


def test_find_is_case_and_width_insensitive(folder):
    review = opened(folder)
    review.apply(review.compute_alignment())
    hits = review.lookup.find("(一)")
    assert hits and {review.outline(side).text[s:e] for side, s, e, _ in hits} >= {"(一)"}
    assert all(review.pairs[i] for _, _, _, i in hits)
    assert len(review.lookup.find("的", limit=3)) == 3  # at most the limit, whichever report the hits are in


def test_interrupted_save_leftovers_are_swept(folder):
    review = opened(folder)
    review.set_score("a", "law_enforcement", 2)
    path = review.save()
    dead = path.with_name(f".{path.name}.999999.abc.tmp")
    dead.write_text("half a file")
    review.set_score("a", "law_enforcement", 3)
    review.save()
    assert not dead.exists()


def test_a_session_naming_a_report_path_too_long_for_the_system_resumes_by_sha(folder, tmp_path):
    review = opened(folder)
    review.set_score("a", "law_enforcement", 2)
    path = review.save()
    text = path.read_text(encoding="utf-8").replace(f'path = "{A}"', 'path = "' + "长" * 5000 + '.txt"')
    path.write_text(text, encoding="utf-8")
    again = Review.resume(path, load_rubric(), report_dirs=[str(sample("qingxi_2024.txt").parent)])
    assert again.session.score("a", "law_enforcement").level == 2 and again.a.sha256 == review.a.sha256


def test_blank_tags_are_dropped_so_the_file_loads_again(folder):
    review = opened(folder)
    sid = review.a.sections[1].id
    an = review.annotate("a", sid, *review.lookup.default_passage("a", sid), "note", [" 数据 ", " ", ""])
    assert an.tags == ["数据"]
    review.edit_annotation(an.id, "note", ["\u3000", "x"])
    assert load_session(review.save()).annotations[0].tags == ["x"]


def test_a_split_off_section_s_figures_leave_out_its_items_still_paired(folder):
    """walk32 #2: split from its counterpart, a (一) whose 一是 items stay paired listed every figure of them as gone
    ("2次 → —", "1773宗 → —") though next year's report has them all; an item left unpaired went with it."""
    review = Review.open(str(sample("jinghai_2024.txt")), str(ROOT / "tests/fixtures/nextyear/jinghai_2025r.txt"),
                         "王芳", load_rubric(), folder)
    review.apply(review.compute_alignment())
    parent = next(p for p in review.pairs if p.a and p.b and any(
        c.kind == "item" for c in review.section("a", p.a).children))
    review.split(parent.a, parent.b)
    review.apply(review.compute_alignment())
    alone = review.alignment.partner("a", parent.a)
    assert alone.b is None
    gone = {(f.a.phrase, f.a.text) for f in review.figures(alone)}
    items = [c for c in review.section("a", parent.a).children if c.kind == "item"]
    paired = [c for c in items if review.alignment.partner("a", c.id).b]
    in_paired = {(f.phrase, f.text) for c in paired for f in figures(review.a.text[c.start:c.end])}
    in_unpaired = {(f.phrase, f.text) for c in items if c not in paired
                   for f in figures(review.a.text[c.start:c.end])}
    assert paired and in_paired and not gone & (in_paired - in_unpaired)
    assert in_unpaired <= gone


def test_a_figure_edited_in_a_long_section_is_a_change_and_spacing_is_not(folder, tmp_path):
    """Next year's report with one figure changed in a long section (its similarity stays 1: figures are not among
    the alignment's features) and another section re-wrapped: `n` stops at the first, not the second."""
    import re

    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    plain = parse(read(A))
    long_ones = sorted((s for s in plain.walk() if s.topic_end - s.heading_start > 300
                        and re.search(r"\d+", text[s.heading_end:s.topic_end])), key=lambda s: s.heading_start)
    edited, spaced = long_ones[0], long_ones[-1]
    number = re.search(r"\d+", text[edited.heading_end:edited.topic_end])
    at = edited.heading_end + number.start()
    middle = (spaced.heading_end + spaced.topic_end) // 2
    changed = (text[:at] + str(int(number.group()) + 5) + text[at + len(number.group()):middle] + "\n"
               + text[middle:])
    path = tmp_path / "qingxi_2025.txt"
    path.write_text(changed, encoding="utf-8")
    review = Review.open(A, str(path), "王芳", load_rubric(), folder)
    review.apply(review.compute_alignment())
    by_a = {p.a: p for p in review.pairs}
    # the pairs whose own text holds the edits (an edit in a 一是 item is the item's, not its parent's)
    figure_pair, spacing_pair = (by_a[review.lookup.section_at("a", k).id] for k in (at, middle))
    assert figure_pair.status == "matched" and figure_pair.score >= 0.999
    assert review.is_change(figure_pair)
    assert spacing_pair.status == "matched" and not review.is_change(spacing_pair)
    # the sections whose own text is the same are nothing to look at
    same = [p for p in review.pairs if p.status == "matched" and p not in (figure_pair, spacing_pair)]
    assert same and not [p for p in same if review.is_change(p)]


def test_a_score_of_an_area_the_rubric_does_not_have_stops_the_review_with_the_key(folder):
    """A hand-edited session with a misspelt area id: one line naming the file and the key, a did-you-mean, and
    the file untouched (a score the workbench would keep but never show)."""
    first = opened(folder)
    first.set_score("a", "law_enforcement", 3)
    first.save()
    path = first.session.path
    text = path.read_text(encoding="utf-8").replace("law_enforcement", "law_enforcment")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FazhiError) as e:
        opened(folder)
    message = str(e.value)
    assert str(path) in message and "[scores.a.law_enforcment]" in message and "'law_enforcement'" in message
    assert "\n" not in message and path.read_text(encoding="utf-8") == text


def test_saving_only_the_place_keeps_the_backup_of_the_reviewers_own_work(folder):
    """After "replace with theirs" the reviewer's own session is kept beside it; neither quitting (which saves where
    they were) nor a change saved after it replaces that copy (read54 #2: it was the .bak, which every save of a
    change renews: the next one put the other reviewer's copy there, and their own work was then nowhere)."""
    theirs = opened(folder, reviewer="甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    mine = opened(folder, reviewer="乙")
    mine.set_score("a", "law_enforcement", 1)
    mine.set_note("a", "law_enforcement", "我自己的评语")
    my_path = mine.save()
    own = my_path.read_bytes()
    review = Review.resume(their_path, load_rubric(), reviewer="乙", sessions_dir=folder)
    review.resolve_fork(keep_mine=False)
    review.save()
    review.set_score("b", "decision_making", 2)
    review.save()
    backup, = folder.glob(f"{my_path.name}.replaced-*.bak")
    assert backup.read_bytes() == own and review.replaced_kept == backup.resolve()
    review.remember_view(ViewState("1.4", "1.3", "b", "law_enforcement"))
    assert review.close(moved=True) == my_path
    assert load_session(my_path).view.a == "1.4"  # the place is saved
    assert backup.read_bytes() == own  # and their own work still kept


def test_moving_in_a_session_started_from_another_reviewers_writes_nothing_in_my_name(folder):
    """Their scores are theirs until I change something: a view-only close must not copy them into a file of mine
    (aggregate would count them twice, once under my name)."""
    theirs = opened(folder, reviewer="甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    mine = Review.resume(their_path, load_rubric(), reviewer="乙", sessions_dir=folder)
    assert mine.notices[0].key == "started_from" and mine.session.path is None
    mine.remember_view(ViewState("1.4", "1.3", "b", "law_enforcement"))
    assert mine.close(moved=True) is None
    assert sorted(p.name for p in folder.glob("*.toml")) == [their_path.name]


def test_a_session_of_another_rubric_says_which_rubric_it_was_scored_under(folder):
    first = opened(folder)
    first.set_score("a", "law_enforcement", 3)
    first.save()
    path = first.session.path
    text = path.read_text(encoding="utf-8")
    rubric = load_rubric()
    assert f'id = "{rubric.id}"' in text
    path.write_text(text.replace(f'id = "{rubric.id}"', 'id = "county-2023"').replace("law_enforcement", "enforcement"),
                    encoding="utf-8")
    with pytest.raises(FazhiError) as e:
        opened(folder)
    assert "scored under rubric county-2023" in str(e.value) and "--rubric" in str(e.value)


def test_every_keyword_counted_for_an_area_is_one_the_evidence_walk_can_show(folder):
    """The area panel's count is the number of steps of `e`: a keyword in the closing lines (a contact block after
    the last section) or the title is in no section, so neither counted nor walked (37 said, 36 walked)."""
    review = Review.open(str(sample("dongkeng_2017.txt")), str(sample("qingxi_2024.txt")), "王芳", load_rubric(), folder)
    review.apply(review.compute_alignment())
    from fazhi.core.areas import keyword_hits_by_area

    counted = 0
    for side in "ab":
        for area in review.rubric.area_ids:
            hits = review.lookup.evidence(side, area)
            counted += len(hits)
            assert all(review.lookup.pair_index_at(side, start) is not None for start, _, _ in hits), (side, area)
    closing = review.a.sections[-1].end
    outside = [h for hits in keyword_hits_by_area(review.a, review.rubric).values() for h in hits if h.start >= closing]
    assert counted > 300 and outside  # the case is there: A's contact block names an office with a keyword


def test_next_change_skips_parents_of_a_change_and_the_year_shift(folder, tmp_path):
    """Next year's report: every year advanced and one 一是 item edited. Only that item is a change: not its
    parents (their similarity is below 1 because of it, their own text is the same) and not the sections whose
    only difference is the year (一、2017年工作情况 → 2018年)."""
    from tests.helpers import EDITED_SECTION, year_over_year

    a, b = year_over_year(tmp_path)
    review = opened(folder, a=str(a), b=str(b))
    review.apply(review.compute_alignment())
    assert all(p.status == "matched" for p in review.pairs)
    parent = next(p for p in review.pairs if p.a == EDITED_SECTION.rsplit(".", 1)[0])
    assert parent.score < 0.999  # what made n stop there before
    assert "2017年" in review.a.find("1").heading and "2018年" in review.b.find("1").heading
    assert [p.a for p in review.pairs if review.is_change(p)] == [EDITED_SECTION]


def test_a_change_is_more_than_the_year_shift():
    """The rule's text comparison: blanks and years moved on by the reports' distance (or left alone) are the same
    text; any other year, a figure that looks like a year, or a word are not."""
    from fazhi.core.compare import same_but_years

    assert same_but_years("一、2017年工作情况", "一、2018年 工作情况", 1)
    assert same_but_years("规划(2016-2020年)〔2016〕21号", "规划(2016-2020年)〔2017〕21号", 1)
    assert not same_but_years("2017年工作情况", "2019年工作情况", 1)
    assert not same_but_years("受理2017件", "受理2018件", 1)  # a count, not a year
    assert not same_but_years("投资2023.5万元", "投资2024.5万元", 1)  # a decimal, not a year
    assert same_but_years("2018.1.2印发", "2019.1.2印发", 1)  # a date written with dots
    assert not same_but_years("2017年工作情况", "2018年工作总结", 1)
    assert not same_but_years("2017年工作情况", "2018年工作情况", 0)  # two reports of one year: a year is a change
    assert not same_but_years("2017年", "2017年2018年", 1)


def test_moved_added_and_removed_pairs_are_changes(folder):
    review = opened(folder, b=str(ROOT / "tests" / "fixtures" / "qingxi_2025_next.txt"))
    review.apply(review.compute_alignment())
    kinds = {p.status for p in review.pairs}
    assert {"moved", "added", "removed"} <= kinds
    assert all(review.is_change(p) for p in review.pairs if p.status != "matched")


def test_a_moved_pair_is_shown_moved_and_edited_only_when_its_own_text_changed(folder, tmp_path):
    """polish4: a moved pair was shown ↕ whether or not its text was rewritten; a reviewer looking for rewritten text
    (≈) passed a moved and rewritten section over. `shown_status` is "moved_edited" for a moved pair whose own text
    changed (`text_changed`, the rule ≈ uses), "moved" for one moved as it was; `n` stops at both, as before."""
    review = opened(folder, b=str(ROOT / "tests" / "fixtures" / "qingxi_2025_next.txt"))
    review.apply(review.compute_alignment())
    rewritten = next(p for p in review.pairs if p.a == "1.4")
    assert rewritten.status == "moved" and review.text_changed(rewritten)
    assert review.shown_status(rewritten) == "moved_edited" and review.is_change(rewritten)
    # the same report with two sections swapped, their text as it was
    text = sample("qingxi_2024.txt").read_text(encoding="utf-8")
    first, second = review.a.find("1.2"), review.a.find("1.3")
    swapped = (text[:first.heading_start] + text[second.heading_start:second.topic_end]
               + text[first.topic_end:second.heading_start] + text[first.heading_start:first.topic_end]
               + text[second.topic_end:])
    path = tmp_path / "swapped.txt"
    path.write_text(swapped, encoding="utf-8")
    review = opened(folder, b=str(path))
    review.apply(review.compute_alignment())
    moved = [p for p in review.pairs if p.status == "moved"]
    assert moved and not any(review.text_changed(p) for p in moved)
    assert {review.shown_status(p) for p in moved} == {"moved"} and all(review.is_change(p) for p in moved)


def test_a_session_opened_by_relative_paths_resumes_from_any_folder(tmp_path, monkeypatch):
    """The session names its reports by absolute path: resumed from another folder, a path relative to where the
    review was opened found no report."""
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    review = Review.open("core/samples/qingxi_2024.txt", "core/samples/dongkeng_2017.txt", "王芳", load_rubric(),
                         tmp_path / "sessions")
    review.set_score("b", "law_enforcement", 3)
    path = review.save()
    assert path.read_text(encoding="utf-8").count(f'path = "{ROOT}/core/samples/') == 2
    monkeypatch.chdir(tmp_path)
    assert Review.resume(path, load_rubric()).session.score("b", "law_enforcement").level == 3


def test_pin_candidates_say_their_similarity_what_they_are_paired_with_and_a_split_comes_last(folder):
    """A newcomer's walk: right after splitting a pair, the pin picker ranked the pair just split first, marked no
    section already paired (picking one silently breaks that pair) and showed no similarity."""
    review = opened(folder)
    review.apply(review.compute_alignment())
    a_id, b_id = next((p.a, p.b) for p in review.pairs if p.a and p.b and p.status == "matched" and "." in p.a)
    review.split(a_id, b_id)
    review.apply(review.compute_alignment())
    candidates = review.lookup.pin_candidates("b", "a", a_id)
    assert candidates[-1].section.id == b_id and candidates[-1].split
    assert not any(c.split for c in candidates[:-1])
    ranked = [c for c in candidates if c.similarity is not None and not c.split]
    shown = [round(c.similarity, 2) for c in ranked]  # equal as shown: the unpaired first (see below)
    assert ranked and shown == sorted(shown, reverse=True)
    paired = {p.b: p.a for p in review.pairs if p.a and p.b}
    assert all(c.partner == paired.get(c.section.id) for c in candidates) and any(c.partner for c in candidates)


def test_pin_candidates_at_equal_similarity_put_the_unpaired_first(folder, tmp_path):
    """A newcomer's walk: for A's deleted 三(二), B's only unmatched section (四(四), 0.00) came after every paired B
    section at 0.00 and was found only by filtering."""
    from tests.helpers import one_removed_one_added

    a, b = one_removed_one_added(tmp_path)
    review = opened(folder, a=str(a), b=str(b))
    review.apply(review.compute_alignment())
    deleted = next(p.a for p in review.pairs if p.a and not p.b and "行政执法水平" in review.section("a", p.a).heading)
    added = next(p.b for p in review.pairs if p.b and not p.a and "数字法治" in review.section("b", p.b).heading)
    candidates = review.lookup.pin_candidates("b", "a", deleted)
    shown = [round(c.similarity, 2) for c in candidates]
    assert shown == sorted(shown, reverse=True)
    at = next(i for i, c in enumerate(candidates) if c.section.id == added)
    level = [c for c in candidates if round(c.similarity, 2) == shown[at]]
    assert [c.partner for c in level] == sorted((c.partner for c in level), key=lambda p: p is not None)
    assert any(c.partner for c in level[level.index(candidates[at]) + 1:])  # it passed paired ones


def test_a_report_scored_in_one_review_shows_that_score_in_the_others(folder, years):
    """Found by a reviewer: 2017 scored as A of the 2017→2018 review counted for 2017's own review in the round, but
    the workbench opened 2017 alone with nothing scored; scored again there, two levels stood for one report and area
    and the reviewer saw one. Each review opens with the reviewer's latest score of its reports from their other
    sessions (what pooling counts), and says so; the latest wins both ways; an older one never replaces a newer."""
    from fazhi.core.aggregate import aggregate_paths

    a, b = years
    rubric = load_rubric()
    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", 3)
    pair.set_note("a", "law_enforcement", "执法数据翔实")
    pair.set_score("b", "law_enforcement", 4)
    pair.save()

    alone = Review.open_single(a, "王芳", rubric, folder)
    assert state(alone)[0]["b"] == {"law_enforcement": (3, "执法数据翔实")}
    assert [(n.key, n.params) for n in alone.notices] == [("scores_carried", {"n": 1,
                                                                           "areas": (("b", "law_enforcement"),)})]
    alone.set_score("b", "law_enforcement", 2)
    alone.save()

    again = Review.open(a, b, "王芳", rubric, folder)  # its own A score is older than the alone review's: that one
    assert state(again)[0]["a"]["law_enforcement"] == (2, "执法数据翔实")
    assert state(again)[0]["b"] == {"law_enforcement": (4, None)}  # B (2018) was scored nowhere else
    assert [n.key for n in again.notices] == ["continued", "scores_carried"]
    assert Review.open(a, b, "李明", rubric, folder).notices == []  # another reviewer's work is not mine

    pooled = aggregate_paths([folder], rubric)  # what the reviewer saw last is what pooling counts
    row = next(r for r in pooled.rows if r.report_id == again.a.sha256 and r.area == "law_enforcement")
    assert (row.n_reviewers, row.mean) == (1, 2)
    alone_again = Review.open_single(a, "王芳", rubric, folder)  # its own score is the latest: kept, nothing carried
    assert state(alone_again)[0]["b"]["law_enforcement"][0] == 2
    assert [n.key for n in alone_again.notices] == ["continued_single"]


def test_a_level_cleared_in_one_review_stays_cleared_in_the_others_and_in_pooling(folder, years, monkeypatch, ticking):
    """walk28 #1: 2017 scored as A of 2017→2018, its level carried into 2017 reviewed alone (and saved there); cleared
    later in 2017→2018, the clear recorded nothing: the alone review's copy was again the latest, carried back at the
    next opening and pooled. A clear is now the reviewer's dated word, as a level is: the latest word counts."""
    from fazhi.core import session as session_module
    from fazhi.core.aggregate import aggregate_paths

    monkeypatch.setattr(session_module, "now", ticking)  # each level or clear a second after the one before
    a, b = years
    rubric = load_rubric()
    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", 3)
    pair.set_score("a", "power_oversight", 2)
    pair.save()
    alone = Review.open_single(a, "王芳", rubric, folder)
    assert state(alone)[0]["b"] == {"law_enforcement": (3, None), "power_oversight": (2, None)}
    alone.save()  # the copies are saved in the alone review's file

    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", None)
    pair.save()
    assert "[cleared.a]" in pair.session.path.read_text(encoding="utf-8")
    other = Review.open(a, b, "李明", rubric, folder)  # (the same report files named by another session: reread29 1)
    other.set_score("b", "law_enforcement", 2)
    other.save()

    def pooled() -> dict[str, float]:
        return {r.area: r.mean for r in aggregate_paths([folder], rubric, workers=1).rows
                if r.report_id == pair.a.sha256}

    assert pooled() == {"power_oversight": 2}  # the alone review's copy of 3 is older than the clear
    alone = Review.open_single(a, "王芳", rubric, folder)
    assert state(alone)[0]["b"] == {"power_oversight": (2, None)}
    assert [(n.key, n.params) for n in alone.notices] == [("continued_single", alone.notices[0].params),
                                                          ("scores_cleared", {"n": 1,
                                                                              "areas": (("b", "law_enforcement"),)})]
    alone.save()
    again = Review.open(a, b, "王芳", rubric, folder)  # the clear is its own: nothing carried, nothing said
    assert state(again)[0]["a"] == {"power_oversight": (2, None)} and [n.key for n in again.notices] == ["continued"]

    alone.set_score("b", "law_enforcement", 1)  # a level set after the clear is the latest word again
    alone.save()
    assert pooled() == {"law_enforcement": 1, "power_oversight": 2}
    again = Review.open(a, b, "王芳", rubric, folder)
    assert state(again)[0]["a"]["law_enforcement"] == (1, None) and not again.session.cleared["a"]


def test_replacing_my_session_with_another_reviewers_clears_my_levels_they_lack(folder, years):
    """reread29 5: "replace with theirs" dropped my level of an area they had not scored and recorded nothing: the copy
    of it in my other review of the report came back, carried and pooled. Their levels are my word now, set now."""
    import time

    from fazhi.core.aggregate import aggregate_paths

    a, b = years
    rubric = load_rubric()
    mine = Review.open(a, b, "王芳", rubric, folder)
    mine.set_score("a", "law_enforcement", 3)
    mine.save()
    Review.open_single(a, "王芳", rubric, folder).save()  # the level carried there, saved there
    theirs = Review.open(a, b, "李明", rubric, folder)
    theirs.set_score("b", "power_oversight", 1)
    theirs.save()
    time.sleep(1.1)  # (the times a session keeps are whole seconds)
    replaced = Review.resume(theirs.session.path, rubric, reviewer="王芳", sessions_dir=folder)
    replaced.resolve_fork(keep_mine=False)
    replaced.save()
    assert set(replaced.session.cleared["a"]) == {"law_enforcement"}
    assert replaced.session.score("b", "power_oversight").updated > theirs.session.score("b", "power_oversight").updated
    pooled = {(r.reviewers.get("王芳"), r.area) for r in aggregate_paths([folder], rubric, workers=1).rows
              if r.report_id == replaced.a.sha256}
    assert pooled == set()
    again = Review.open(a, b, "王芳", rubric, folder)
    assert state(again)[0] == {"a": {}, "b": {"power_oversight": (1, None)}}
    assert [n.key for n in again.notices] == ["continued"]


def test_a_clear_under_another_rubric_is_no_word_on_this_one_and_an_unlisted_session_keeps_its_own(folder, years,
                                                                                                  tmp_path):
    """reread29 6, 7: a clear in a session scored under another rubric dropped my level from pooling while the workbench
    still showed it; and a session resumed from outside the sessions folder had its own clear undone by an older copy
    carried in."""
    import shutil
    import time

    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.store import save_session

    a, b = years
    rubric = load_rubric()
    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", 3)
    pair.save()
    alone = Review.open_single(a, "王芳", rubric, folder)
    alone.save()
    time.sleep(1.1)
    other_rubric = replace(alone.session, rubric_id="another-rubric", path=None, fingerprint=None,
                                       scores={"a": {}, "b": {}}, cleared={"a": {}, "b": {}})
    other_rubric.set_score("b", "law_enforcement", 1)
    other_rubric.set_score("b", "law_enforcement", None)
    save_session(other_rubric, path=folder / (alone.session.path.stem + "-x.toml"))
    assert {r.area for r in aggregate_paths([folder], rubric, workers=1).rows if r.report_id == pair.a.sha256} \
        == {"law_enforcement"}
    assert Review.open(a, b, "王芳", rubric, folder).session.score("a", "law_enforcement").level == 3

    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", None)
    pair.save()
    moved = tmp_path / "usb" / "mine.toml"
    moved.parent.mkdir()
    shutil.move(pair.session.path, moved)
    resumed = Review.resume(moved, rubric, sessions_dir=folder)
    assert resumed.session.scores["a"] == {} and [n.key for n in resumed.notices] == ["continued"]


def test_opening_says_what_the_session_holds_with_its_carried_levels_and_another_s_copy_carries_mine(folder, years):
    """walk29 #2, #5: reopening after a clear elsewhere said "3 scores" of a session showing 2 (counted before the
    clear was carried in); and starting from another reviewer's session hid my own level of an area they had not
    scored (nothing carried into a copy) until I reopened it."""
    import time

    a, b = years
    rubric = load_rubric()
    pair = Review.open(a, b, "王芳", rubric, folder)
    for area in ("law_enforcement", "power_oversight"):
        pair.set_score("b", area, 3)
    pair.save()
    time.sleep(1.1)  # (the times a session keeps are whole seconds)
    nxt = Review.open_single(b, "王芳", rubric, folder)  # b reviewed alone: its levels carried, saved there
    nxt.save()
    nxt.set_score("b", "law_enforcement", None)
    nxt.save()
    again = Review.open(a, b, "王芳", rubric, folder)
    assert again.notices[0].key == "continued" and again.notices[0].params["scores"] == 1
    alone = Review.open_single(b, "张伟", rubric, folder)  # 张伟 has scored b, reviewed alone, and not the pair
    alone.set_score("b", "power_oversight", 2)
    alone.save()
    theirs = Review.open(a, b, "李明", rubric, folder)
    theirs.set_score("b", "law_enforcement", 1)
    theirs.save()
    mine = Review.resume(theirs.session.path, rubric, reviewer="张伟", sessions_dir=folder)
    assert mine.notices[0].key == "started_from" and mine.session.score("b", "power_oversight").level == 2
    assert mine.session.score("b", "law_enforcement").level == 1  # theirs, where they scored it


def test_undoing_a_clear_takes_back_its_record_too(folder):
    review = opened(folder)
    review.set_score("b", "law_enforcement", 3)
    review.set_score("b", "law_enforcement", None)
    assert "law_enforcement" in review.session.cleared["b"]
    review.undo()
    assert review.session.score("b", "law_enforcement").level == 3 and not review.session.cleared["b"]
    review.redo()
    assert review.session.score("b", "law_enforcement") is None and "law_enforcement" in review.session.cleared["b"]


def test_resuming_a_session_file_brings_the_latest_scores_too(folder, years):
    """`fazhi resume FILE` opens as `Review.open` does: with the reviewer's latest score of its reports from their other
    sessions, and never its own scores from its own file read a second time."""
    a, b = years
    rubric = load_rubric()
    pair = Review.open(a, b, "王芳", rubric, folder)
    pair.set_score("a", "law_enforcement", 3)
    pair.set_score("b", "power_oversight", 2)
    pair_file = pair.save()
    alone = Review.open_single(a, "王芳", rubric, folder)
    alone.set_score("b", "law_enforcement", 1)
    alone.save()
    resumed = Review.resume(pair_file, rubric)
    assert state(resumed)[0] == {"a": {"law_enforcement": (1, None)}, "b": {"power_oversight": (2, None)}}
    assert [(n.key, n.params) for n in resumed.notices][1:] == [("scores_carried", {"n": 1,
                                                                                  "areas": (("a", "law_enforcement"),)})]


def test_a_quote_does_not_end_with_the_separator_the_selection_stopped_after(folder):
    """Found by a reviewer: a selection extended by phrases (to after a 、) saved the quote with its trailing 、."""
    review = opened(folder)
    section = review.a.find("1.4")
    text = review.a.text
    comma = text.index("、", section.body_start)
    assert comma < section.end
    an = review.annotate("a", "1.4", section.body_start, comma + 1, "看")
    assert an.quote == text[section.body_start:comma] and not an.quote.endswith("、")


def test_a_copy_saved_from_a_second_window_never_hides_the_level_set_last(folder, monkeypatch, ticking):
    """walk4: one reviewer, one pair, two windows. The second window's change met the conflict and was saved as a
    copy, which kept what that window had shown of the other areas: pooling (by the session saved last) and reopening
    then gave an older level of an area than the one the reviewer set last, without a word. Each level's own time
    decides now between levels the workbench set (session.word_order, session.last_word)."""
    from fazhi.core import session as session_module
    from fazhi.core.aggregate import aggregate_paths

    monkeypatch.setattr(session_module, "now", ticking)  # every score a second after the one before, as saves are
    rubric = load_rubric()
    one = opened(folder)
    one.set_score("b", "law_enforcement", 4)
    original = one.save()
    two = Review.resume(original, rubric)  # the second window shows 4
    one.set_score("b", "law_enforcement", 1)  # the reviewer's last word on law_enforcement
    section = one.a.find("1.4")
    one.annotate("a", "1.4", section.heading_start, section.heading_end, "看这里")
    one.save()
    two.set_score("b", "power_oversight", 2)
    with pytest.raises(SessionConflict):
        two.save()
    two.save_copy()  # it holds the stale 4 of law_enforcement, set before the 1 in the other window
    pooled = {(r.area, r.mean) for r in aggregate_paths([folder], rubric).rows}
    assert {("law_enforcement", 1), ("power_oversight", 2)} <= pooled
    reopened = opened(folder)
    assert {a: lv for a, (lv, _) in state(reopened)[0]["b"].items()} == {"law_enforcement": 1, "power_oversight": 2}
    # reread4: stamping the copy as saved last hid the first window's annotation from pooling and from reopening
    assert [an.note for an in aggregate_paths([folder], rubric).annotations] == ["看这里"]
    assert [an.note for an in reopened.session.annotations] == ["看这里"]


@pytest.mark.parametrize("case", ["mixed", "future", "tie", "untimed"])
def test_the_scores_carried_into_a_review_are_the_ones_pooling_counts(folder, case):
    """reread4: pooling and the carried scores ordered a reviewer's levels by two copies of the rule, which disagreed on
    a level dated in the future, on a tie, and (the new rule) where a session as contracts.md gives it (no per-score
    time) meets a workbench session: there the contract decides, the session saved last."""
    import datetime as dt

    from fazhi.core.aggregate import aggregate_paths
    from fazhi.core.session import Score, reviewer_prefix, to_toml

    rubric = load_rubric()
    day = lambda d, h: dt.datetime(2024, 5, d, h, tzinfo=dt.timezone.utc)  # noqa: E731
    far = dt.datetime(9999, 1, 1, tzinfo=dt.timezone.utc)
    # (session updated, score updated, level) of each of the reviewer's two sessions on the same pair
    cases = {"mixed": ((day(2, 10), day(1, 9), 2), (day(1, 12), None, 4), 2),  # contracts.md: the later session
             "future": ((day(2, 10), day(2, 10), 4), (day(1, 10), far, 2), 4),  # a score time past now is not believed
             "tie": ((day(2, 10), None, 4), (day(2, 10), None, 2), 4),  # by what they say (the higher), both alike
             "untimed": ((day(1, 10), None, 2), (day(2, 10), None, 4), 4)}
    first, second, expected = cases[case]
    made = opened(folder)
    made.set_score("b", "law_enforcement", 0)
    template = load_session(made.save())
    folder.joinpath(made.session.path.name).unlink()
    for name, (updated, scored, level) in (("s1", first), ("s2", second)):  # named as the reviewer's sessions are
        template.updated = updated
        template.scores = {"b": {"law_enforcement": Score(level, None, scored)}}
        (folder / f"{reviewer_prefix('王芳')}__{name}.toml").write_text(to_toml(template), encoding="utf-8")
    pooled = next(r for r in aggregate_paths([folder], rubric).rows if r.area == "law_enforcement")
    alone = Review.open_single(B, "王芳", rubric, folder)  # B reviewed alone: both sessions' levels are carried in
    carried = alone.session.scores["b"]["law_enforcement"].level
    assert carried == pooled.mean and (expected is None or carried == expected)


PINNED_A = ("松湖镇2023年法治政府建设年度报告\n一、主要举措\n(一)加强组织领导\n全年召开会议4次。\n(二)推进依法行政\n"
            "制定制度2项。\n二、存在的不足\n执法力量薄弱。\n三、下一步工作打算\n继续加强。\n")
PINNED_B = PINNED_A.replace("2023", "2024")


def test_a_pin_follows_its_section_in_a_revised_report_and_is_left_out_where_it_is_gone(folder, tmp_path):
    """A pin names sections by id; a section inserted before the pinned one (the revised report) shifted the ids, and
    the pin was applied, unsaid, to the section now under that id. Saved with the sections' headings, it follows its
    section; a section renamed or gone leaves it out, saying why (kept in the session, never dropped)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PINNED_A, encoding="utf-8")
    b.write_text(PINNED_B, encoding="utf-8")
    review = opened(folder, a=str(a), b=str(b))
    review.pin("1.1", "1.1")
    review.split("1.2", "1.2")
    path = review.save()
    assert 'b_heading = "加强组织领导"' in path.read_text(encoding="utf-8")

    inserted = PINNED_B.replace("(一)加强组织领导", "(一)强化学习培训\n组织培训3次。\n(二)加强组织领导").replace(
        "(二)推进依法行政", "(三)推进依法行政")
    b.write_text(inserted, encoding="utf-8")
    again = opened(folder, a=str(a), b=str(b))
    assert again.changed == ("b",) and again.b.find("1.2").heading == "加强组织领导"
    assert again.session.pins == [("1.1", "1.2")] and again.session.forbidden == [("1.2", "1.3")]
    assert not again.orphan_pins
    again.apply(again.compute_alignment())
    assert again.alignment.partner("a", "1.1").b == "1.2"

    b.write_text(PINNED_B.replace("加强组织领导", "强化组织保障"), encoding="utf-8")
    renamed = opened(folder, a=str(a), b=str(b))
    (orphan,) = renamed.orphan_pins
    assert (orphan.kind, orphan.a, orphan.b) == ("pin", "1.1", "1.1") and "no longer «加强组织领导»" in orphan.reason
    assert renamed.session.pins == [("1.1", "1.1")]  # kept as it was (the file's: `again` saved nothing)
    renamed.set_score("b", "law_enforcement", 2)
    saved = renamed.save().read_text(encoding="utf-8")
    assert 'b_heading = "加强组织领导"' in saved  # the orphan keeps the heading it is looked for by
    later = opened(folder, a=str(a), b=str(b))  # the session now holds the revised text: nothing "changed" since
    assert not later.changed and [(o.a, o.b) for o in later.orphan_pins] == [("1.1", "1.1")]  # still left out (reread7)


def test_pins_saved_before_headings_were_kept_load_as_they_were(folder, tmp_path):
    from fazhi.core.session import from_dict, to_toml
    import tomllib

    review = opened(folder)
    review.pin("1.1", "1.1")
    text = to_toml(review.session)
    old = "\n".join(line for line in text.splitlines() if "_heading" not in line)
    assert from_dict(tomllib.loads(old), "old.toml").pins == [("1.1", "1.1")]
    assert from_dict(tomllib.loads(old), "old.toml").pin_headings == {}


def test_a_copy_that_could_not_be_written_leaves_the_session_on_its_own_file(folder, tmp_path):
    """walk9 #1: "save a copy" into a folder that refused it, then the next change's save: the session had been taken
    off its file before the copy was written, and its own file was then "changed by another window" (a false conflict
    whose "reload" threw the work away)."""
    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    path = review.save()
    review.set_score("a", "law_enforcement", 4)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")  # a file where the copy's folder would be: the write fails
    with pytest.raises((FazhiError, OSError)):
        review.save_copy(blocked)
    assert review.session.path == path
    assert review.save() == path and load_session(path).scores["a"]["law_enforcement"].level == 4


def test_reopening_says_when_the_reviewer_has_another_session_of_the_pair(folder):
    """walk9 #2: a second window's conflict saved as a copy left two sessions for one pair; reopening showed one and
    pooling counted both, unsaid."""
    one = opened(folder)
    one.set_score("b", "law_enforcement", 4)
    one.save()
    two = opened(folder)
    one.set_score("b", "power_oversight", 1)
    one.save()
    two.set_score("b", "law_enforcement", 2)
    with pytest.raises(SessionConflict):
        two.save()
    copy = two.save_copy()
    again = opened(folder)
    (other,) = [n for n in again.notices if n.key == "other_sessions"]
    assert other.params["count"] == 1 and other.params["file"] in (copy.name, one.session.path.name)
    assert not [n for n in opened(folder / "elsewhere").notices if n.key == "other_sessions"]
    # of two copies, the one written last is named (walk19 N3: the oldest was, not the change a window just kept)
    import os
    import shutil

    newest = copy.with_name(copy.stem + "~again.toml")  # (its name sorts after the first copy's)
    shutil.copy(copy, newest)
    os.utime(copy, (1, 1))  # written long ago
    (other,) = [n for n in opened(folder).notices if n.key == "other_sessions"]
    assert other.params["count"] == 2 and other.params["file"] == newest.name


def test_a_copy_s_folder_the_system_refuses_is_one_error_and_tilde_is_the_home_folder(folder, tmp_path, monkeypatch):
    """reread7 #2: a folder that could not be searched raised PermissionError out of save_copy, which the quit dialog
    (catching FazhiError) let end the app on the path meant to keep the change; "~/backup" made a folder named ~."""
    from pathlib import Path

    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    copy = review.save_copy("~/backup")
    assert copy.parent == tmp_path / "home" / "backup" and not (Path.cwd() / "~").exists()
    real_exists = Path.exists

    def refused(path):
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", refused)
    with pytest.raises(FazhiError, match="locked.*cannot write: Permission denied"):
        review.save_copy(tmp_path / "locked")
    assert review.session.path == copy


def test_a_report_moved_is_where_the_session_looks_for_it_next_time(folder, tmp_path):
    """walk10 F4: a round's report moved to a subfolder was found by its text, but the session kept the old path, so
    the `fazhi resume` printed at quitting failed: "report A (…) not found: pass --report-dir"."""
    import shutil

    old = tmp_path / "round" / "东坑镇2017.txt"
    old.parent.mkdir()
    shutil.copyfile(A, old)
    first = Review.open(str(old), B, "王芳", load_rubric(), folder)
    first.set_score("b", "law_enforcement", 3)
    path = first.save()
    new = tmp_path / "round" / "东坑镇" / "东坑镇2017.txt"
    new.parent.mkdir()
    old.rename(new)
    again = Review.open(str(new), B, "王芳", load_rubric(), folder)
    assert again.session.path == path and again.close() == path  # nothing changed but where report A is
    assert load_session(path).reports["a"].path == str(new)
    resumed = Review.resume(path, load_rubric())
    assert resumed.a.source == str(new) and resumed.session.score("b", "law_enforcement").level == 3


def annotated(folder, tmp_path, section: str, words: str):
    """(report A, report B, a review of the two): PINNED_A and PINNED_B written, `words` of B's `section` annotated."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PINNED_A, encoding="utf-8")
    b.write_text(PINNED_B, encoding="utf-8")
    review = opened(folder, a=str(a), b=str(b))
    start = review.b.text.index(words)
    review.annotate("b", section, start, start + len(words), "批注")
    return a, b, review


def test_an_opening_says_how_many_annotations_stand_on_words_revised_since(folder, tmp_path):
    """walk11: ≈ in the lists was the only word of an annotation whose passage the revision reworded."""
    a, b, review = annotated(folder, tmp_path, "1.1", "全年召开会议4次")
    review.save()
    b.write_text(PINNED_B.replace("全年召开会议4次", "全年召开会议5次"), encoding="utf-8")
    again = opened(folder, a=str(a), b=str(b))
    assert [(n.key, n.params) for n in again.notices if n.key == "quotes_revised"] == [("quotes_revised", {"count": 1})]
    again.save()
    later = opened(folder, a=str(a), b=str(b))  # said once, when it happened
    assert not any(n.key == "quotes_revised" for n in later.notices)


def test_an_annotation_not_found_is_saved_as_such_and_pooling_marks_it(folder, tmp_path, capsys):
    """walk10 F2: an annotation that could not be placed in the revised report was exported as if it were placed, and
    a colleague looked for its words in vain."""
    import json

    from fazhi.tui.cli import main

    a, b, review = annotated(folder, tmp_path, "2", "执法力量薄弱")
    review.set_score("b", "law_enforcement", 2)
    path = review.save()
    b.write_text(PINNED_B.replace("执法力量薄弱。", "队伍建设有待加强。"), encoding="utf-8")
    again = opened(folder, a=str(a), b=str(b))
    assert [an.orphan for an in again.session.annotations] == [True]
    assert again.close() == path  # nothing else changed: the file learns it all the same
    assert load_session(path).annotations[0].orphan
    assert main(["aggregate", str(folder), "--format", "json"]) == 0
    (an,) = json.loads(capsys.readouterr().out)["annotations"]
    assert an["orphan"] is True
    b.write_text(PINNED_B, encoding="utf-8")  # the text back: placed again, and saved so
    assert not opened(folder, a=str(a), b=str(b)).session.annotations[0].orphan


def test_a_passage_past_the_report_s_end_is_refused_not_a_crash(folder):
    """reread9 L5: an end past the text raised IndexError while the separator it ended on was looked for."""
    review = opened(folder)
    with pytest.raises(Refused):
        review.annotate("a", "1.4", 0, 10**9)
    assert review.passage("a", 5, 10**9) == (5, len(review.a.text.rstrip("、,，;；:： \t\u3000")))


def test_a_report_reviewed_alone_continues_its_session_once_revised(folder, tmp_path):
    """walk13 F2: its revised text opened a new empty session (the empty A of the session named no file to find it by),
    the first score made a second file, and the report was pooled twice."""
    import shutil

    b = tmp_path / "清城区2024.txt"
    shutil.copy(sample("qingcheng_2024.txt"), b)
    alone = Review.open_single(str(b), "王芳", load_rubric(), folder)
    alone.set_score("b", "law_enforcement", 3)
    path = alone.save()
    b.write_text(b.read_text(encoding="utf-8").replace("坚持", "始终坚持", 1), encoding="utf-8")
    again = Review.open_single(str(b), "王芳", load_rubric(), folder)
    assert [n.key for n in again.notices][:2] == ["report_changed", "continued_single"] and again.session.path == path
    assert "quotes_revised" not in [n.key for n in again.notices]  # no annotation, none of whose words changed
    assert again.session.score("b", "law_enforcement").level == 3 and again.changed == ("b",)


def test_a_revised_report_keeps_its_earlier_text_s_scores_until_the_reviewer_changes_something(folder, tmp_path):
    """walk22 F4: opening a pair whose B was revised since, and quitting, wrote the revised text's identity into the
    session (no backup, nothing said but in the help): the levels given on the earlier text were pooled for the
    revised one. Now the opening says it first, and only a change made on the revised text moves the session to it."""
    import shutil

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(sample("jinghai_2024.txt"), a)
    shutil.copy(sample("qingcheng_2024.txt"), b)
    first = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    first.set_score("b", "law_enforcement", 3)
    section = next(s for s in first.b.walk() if "坚持" in first.b.text[s.body_start:s.body_end])
    at = first.b.text.index("坚持", section.body_start)
    first.annotate("b", section.id, at - 4, at + 6, "看这里")
    path = first.save()
    earlier, quoted = load_session(path).reports["b"].sha256, load_session(path).annotations[0]
    b.write_text(b.read_text(encoding="utf-8").replace("坚持", "始终坚持", 1), encoding="utf-8")
    saved = path.read_bytes()
    again = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    assert again.notices[0].key == "report_changed" and again.notices[0].params == {"sides": ("b",)}
    again.close()
    assert path.read_bytes() == saved  # opened and closed: nothing written
    moved = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    moved.remember_view(ViewState(a="1.3", b="1.3", side="b"))
    moved.close(moved=True)  # where the reviewer was is kept, on the text the levels were given on
    assert load_session(path).view.a == "1.3" and load_session(path).reports["b"].sha256 == earlier
    # …and its annotation as given on that text (reread22 F3: placed again on the revised one, under the earlier name)
    kept = load_session(path).annotations[0]
    assert (kept.quote, kept.start) == (quoted.quote, quoted.start)
    moved.remember_view(ViewState(a="1.4", b="1.4", side="b"))
    moved.set_score("b", "law_enforcement", 3)  # no change: the same level
    assert moved.close(moved=True) == path and load_session(path).view.a == "1.4"  # no conflict with itself
    worked = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    assert worked.notices[0].key == "report_changed"  # said again: the session still names the earlier text
    worked.set_score("b", "law_enforcement", 4)
    worked.save()
    assert load_session(path).reports["b"].sha256 == worked.b.sha256 != earlier


def test_a_report_read_differently_but_not_written_since_is_said_so_not_revised(folder, tmp_path):
    """reread22 F11: a newer fazhi reading an unchanged file differently (a PDF's lines joined otherwise) was announced
    as a report revised since the last save."""
    import os
    import shutil

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(sample("jinghai_2024.txt"), a)
    shutil.copy(sample("qingcheng_2024.txt"), b)
    first = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    first.set_score("b", "law_enforcement", 3)
    first.save()
    b.write_text(b.read_text(encoding="utf-8").replace("坚持", "始终坚持", 1), encoding="utf-8")
    os.utime(b, (946684800, 946684800))  # (as if written in 2000: before the session's save, as a re-read text is)
    again = Review.open(str(a), str(b), "王芳", load_rubric(), folder)
    assert again.notices[0].key == "report_read_anew" and again.notices[0].params == {"sides": ("b",)}
    assert "report_changed" not in [n.key for n in again.notices]


def test_a_report_revised_since_another_reviewers_session_is_said_revised_in_mine_started_from_it(folder, tmp_path,
                                                                                                  monkeypatch):
    """walk28: my copy of their session is made now, so a report written after their save but before my opening was
    said "not written since, read anew by this version"; it is judged by when their session was saved."""
    import datetime as dt
    import os
    import shutil

    from fazhi.core import store

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(sample("jinghai_2024.txt"), a)
    shutil.copy(sample("qingcheng_2024.txt"), b)
    theirs = Review.open(str(a), str(b), "甲", load_rubric(), folder)
    theirs.set_score("b", "law_enforcement", 3)
    an_hour_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    monkeypatch.setattr(store, "now", lambda: an_hour_ago)  # their session saved an hour ago
    theirs.save()
    monkeypatch.undo()
    b.write_text(b.read_text(encoding="utf-8").replace("坚持", "始终坚持", 1), encoding="utf-8")
    then = (an_hour_ago + dt.timedelta(minutes=30)).timestamp()
    os.utime(b, (then, then))  # written half an hour after their save, before my opening
    mine = Review.resume(theirs.session.path, load_rubric(), reviewer="乙")
    keys = [n.key for n in mine.notices]
    assert "report_changed" in keys and "report_read_anew" not in keys and mine.session.reviewer == "乙"


def test_the_same_reports_opened_the_other_way_round_say_where_the_session_is(folder):
    """walk28: A and B given the other way round open a new session (its alignment reads the other way), and nothing
    said that one of the two reports in the first order exists: its annotations and pins looked lost."""
    first = Review.open(str(sample("jinghai_2024.txt")), str(sample("qingcheng_2024.txt")), "王芳", load_rubric(), folder)
    first.set_score("b", "law_enforcement", 3)
    path = first.save()
    swapped = Review.open(str(sample("qingcheng_2024.txt")), str(sample("jinghai_2024.txt")), "王芳", load_rubric(),
                          folder)
    assert swapped.session.path is None
    assert [n.params for n in swapped.notices if n.key == "swapped"] == [{"file": path.name}]
    again = Review.open(str(sample("jinghai_2024.txt")), str(sample("qingcheng_2024.txt")), "王芳", load_rubric(), folder)
    assert "swapped" not in [n.key for n in again.notices]


def test_the_folder_offered_for_a_copy_takes_a_file_and_is_not_the_session_s_own(folder, tmp_path, monkeypatch):
    """The save-elsewhere dialog's suggestion: the folder the reviewer started in, else the home folder as "~"; never
    the session's own folder (the one that took no file), nor one the system refuses; "" when there is none."""
    home, start = tmp_path / "home", tmp_path / "start"
    home.mkdir()
    start.mkdir()
    monkeypatch.setenv("HOME", str(home))
    review = opened(folder)
    review.save()
    monkeypatch.chdir(start)
    assert review.copy_folder() == str(start)
    monkeypatch.chdir(review.session.path.parent)  # started in the session's folder: home instead
    assert review.copy_folder() == "~"
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the folder started in, removed (read33: the dialog's worker failed on Path.cwd())
    assert review.copy_folder() == "~"
    monkeypatch.setattr("fazhi.core.store.os.access", lambda path, mode: False)  # neither takes a file
    assert review.copy_folder() == ""


def test_a_session_file_deleted_while_open_is_written_again_at_closing(folder):
    """monkey33 F2: a score saved, then the session file deleted from outside (or its folder emptied), and q: closing
    said "no changes, nothing written" and the work was gone. The file is written again."""
    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    path = review.save()
    path.unlink()
    assert review.close() == path and load_session(path).score("a", "law_enforcement").level == 3


def test_a_session_file_deleted_where_no_file_can_be_written_again_stays_unsaved(folder):
    """read34: the session's file gone and its folder replaced by a file, closing raised with the work counted as saved,
    and quitting offered no copy (only "quit anyway"). The work is unsaved until it is written."""
    review = opened(folder)
    review.set_score("a", "law_enforcement", 3)
    path = review.save()
    for p in path.parent.iterdir():
        p.unlink()
    path.parent.rmdir()
    path.parent.write_text("a file where the folder was", encoding="utf-8")
    with pytest.raises(FazhiError):
        review.close()
    assert review.unsaved and review.session.score("a", "law_enforcement").level == 3


@pytest.fixture
def skewed(monkeypatch):
    """The clock of the computer a review is worked on: `skewed(seconds)` sets it that far from the true time."""
    import datetime as dt

    from fazhi.core import session, store

    true_now = session.now

    def set_clock(seconds: int) -> None:
        clock = lambda: true_now() + dt.timedelta(seconds=seconds)  # noqa: E731
        monkeypatch.setattr(session, "now", clock)
        monkeypatch.setattr(store, "now", clock)

    return set_clock


@pytest.mark.parametrize("laptop_says", ["a level", "a clear", "the same level"])
def test_a_level_set_over_one_from_a_computer_whose_clock_ran_ahead_is_the_latest(folder, skewed, laptop_says):
    """read54 #3: on a laptop ten minutes ahead the reviewer scores 东坑镇's law_enforcement 4 (or clears it); later,
    on a desktop whose clock is right, they review 东坑镇 alone, see that word and set 2. Pooling counted the 4 (the
    clear), and reopening the review carried it over their 2. read55 #1: the laptop's 4 said again where the desktop's
    review held 4 already was not carried (the same level), and its time was not seen either."""
    from fazhi.core.aggregate import aggregate_paths

    rubric = load_rubric()
    if laptop_says == "the same level":
        earlier = Review.open_single(B, "王芳", rubric, folder)
        earlier.set_score("b", "law_enforcement", 4)
        earlier.close()
    skewed(600)
    laptop = opened(folder)
    laptop.set_score("b", "law_enforcement", 3 if laptop_says == "the same level" else 4)
    laptop.save()
    laptop.set_score("b", "law_enforcement", None if laptop_says == "a clear" else 4)
    laptop.save()
    laptop.close()
    skewed(0)
    desktop = Review.open_single(B, "王芳", rubric, folder)
    assert desktop.session.score("b", "law_enforcement") == (None if laptop_says == "a clear"
                                                             else laptop.session.score("b", "law_enforcement"))
    desktop.set_score("b", "law_enforcement", 2)
    desktop.save()
    desktop.close()
    pooled = aggregate_paths([str(folder)], rubric)
    row = next(r for r in pooled.rows if r.area == "law_enforcement" and r.government == "东坑镇")
    assert row.reviewers == {"王芳": 2}
    again = Review.open_single(B, "王芳", rubric, folder)
    assert again.session.score("b", "law_enforcement").level == 2
    assert not any(n.key in ("scores_carried", "scores_cleared") for n in again.notices)


def test_a_level_a_later_clear_removes_on_closing_is_kept_in_the_backup(folder, skewed):
    """read54 #3b: a level removed from its file by a clear carried in at opening (the computer that cleared it ran
    ahead, and nothing here had seen that clear) was written away by a close that only saved where the reviewer was,
    with no copy left: the file's last version is kept as the backup."""
    rubric = load_rubric()
    desktop = Review.open_single(B, "王芳", rubric, folder)  # opened before the laptop's clear
    skewed(600)
    laptop = opened(folder)
    laptop.set_score("b", "law_enforcement", 4)
    laptop.save()
    laptop.set_score("b", "law_enforcement", None)
    laptop.save()
    skewed(0)
    desktop.set_score("b", "law_enforcement", 2)  # not after the clear: the two are told apart by their clocks
    path = desktop.save()
    desktop.close()
    again = Review.open_single(B, "王芳", rubric, folder)
    assert again.session.score("b", "law_enforcement") is None  # the clear is the later by its time
    again.remember_view(ViewState(None, "1.2", "b", "power_oversight"))
    again.close(moved=True)
    assert load_session(path).score("b", "law_enforcement") is None
    assert load_session(path.with_name(path.name + ".bak")).score("b", "law_enforcement").level == 2


def test_a_copy_saved_after_a_conflict_is_pooled_with_its_annotations(folder, tmp_path, ticking):
    """read54 #1: a second window's copy kept the session's `created` and its time of the last save before the conflict:
    pooling took it as the earlier copy of one session, whose annotations the later copy's replace, and the copy's own
    annotation (later work) was listed nowhere, while the notice said every session is pooled. read55 #3: pooled as a
    session apart, it listed again what the other window deleted or reworded since. A copy is a session branched from
    the other: its own annotations are its own, those it holds as the file did are the file's session's."""
    import shutil

    from fazhi.core.aggregate import aggregate_paths

    first = opened(folder)
    section = first.b.sections[1]
    first.annotate("b", section.id, section.heading_start, section.heading_end, "旧措辞")
    first.annotate("b", section.id, section.start + 20, section.start + 26, "后来删掉的批注")
    first.save()
    one, two = opened(folder), opened(folder)
    ids = {an.note: an.id for an in one.session.annotations}
    one.edit_annotation(ids["旧措辞"], "新措辞", [])
    one.delete_annotation(ids["后来删掉的批注"])
    one.annotate("b", section.id, section.start + 30, section.start + 36, "窗口一后加的")
    one.save()
    two.annotate("b", section.id, section.start + 10, section.start + 16, "窗口二的批注")
    with pytest.raises(SessionConflict):
        two.save()
    copy = two.save_copy()
    saved = load_session(copy)
    assert saved.created > load_session(one.session.path).created == saved.branched_from
    assert sorted(saved.inherited) == sorted(ids.values())
    pooled = aggregate_paths([str(folder)], load_rubric())
    assert sorted(an.note for an in pooled.annotations) == ["新措辞", "窗口一后加的", "窗口二的批注"]
    # the copy saved again as its window goes on: what it holds of the other session is still of that time
    # (monkey54b A: at the copy's later time, it hid what the other window had added, and listed its deletions again)
    two.set_score("b", "decision_making", 2)
    two.save()
    pooled = aggregate_paths([str(folder)], load_rubric())
    assert sorted(an.note for an in pooled.annotations) == ["新措辞", "窗口一后加的", "窗口二的批注"]
    alone = tmp_path / "alone"  # the copy pooled without its session: all it holds
    alone.mkdir()
    shutil.copy(copy, alone)
    assert sorted(an.note for an in aggregate_paths([str(alone)], load_rubric()).annotations) == \
        ["后来删掉的批注", "旧措辞", "窗口二的批注"]


def test_a_session_whose_report_cannot_be_read_is_named_in_one_line(folder, tmp_path):
    """fuzz54 F3: a report path holding a line break (a legal file name) split resume's one line in two; F6: a report
    path that is there but no report named that file alone, not the session it came from."""
    review = opened(folder)
    review.set_score("b", "law_enforcement", 3)
    path = review.save()
    text = path.read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / "s.toml"  # (no copy of the reports beside it: they are found by their paths only)
    moved.write_text(text.replace(f'path = "{review.session.reports["b"].path}"', 'path = "gone\\nb.txt"'), encoding="utf-8")
    with pytest.raises(FazhiError) as missing:
        Review.resume(moved, load_rubric())
    assert "\n" not in str(missing.value) and "gone\\nb.txt" in str(missing.value) and str(moved) in str(missing.value)
    (elsewhere / "broken.txt").write_bytes(b"\x00\x01binary")
    moved.write_text(text.replace(f'path = "{review.session.reports["b"].path}"', f'path = "{elsewhere / "broken.txt"}"'),
                     encoding="utf-8")
    with pytest.raises(FazhiError) as unreadable:
        Review.resume(moved, load_rubric())
    assert str(unreadable.value).startswith(f"{moved}: report B at {elsewhere / 'broken.txt'}: ")


def test_a_sessions_folder_that_cannot_be_listed_is_said_not_taken_for_an_empty_one(tmp_path):
    """fuzz54 F4: a sessions folder that cannot be listed (no read permission; here a loop of links, which the root
    account meets too) was taken for an empty one: review began a new session beside the reviewer's own, unseen,
    resume said there was none, and a round's statuses said "not started" with no problem."""
    from fazhi.core.session_facts import read_facts

    folder = tmp_path / "sessions"
    folder.symlink_to(tmp_path / "loop")
    (tmp_path / "loop").symlink_to(folder)
    with pytest.raises(FazhiError, match="cannot read this folder"):
        opened(folder)
    found, problems = read_facts(folder, "王芳")
    assert found == [] and len(problems) == 1 and "cannot read this folder" in problems[0][1]


def test_a_window_that_only_moved_and_closed_asks_no_conflict_of_the_other(folder):
    """serve54 #6: a second tab (or window) closed after moving about writes where its reviewer was; the first tab's
    next level asked "changed by another window", though nothing of the work had changed. The other window's work
    changed since is still a conflict."""
    one = opened(folder)
    one.set_score("b", "law_enforcement", 3)
    one.save()
    two = opened(folder)
    two.remember_view(ViewState("1.4", "1.3", "b", "power_oversight"))
    two.close(moved=True)  # only where it was
    one.set_score("b", "decision_making", 2)
    path = one.save()
    saved = load_session(path)
    assert (saved.score("b", "law_enforcement").level, saved.score("b", "decision_making").level) == (3, 2)
    three = opened(folder)
    three.set_score("b", "power_oversight", 4)
    three.save()
    one.set_score("b", "decision_making", 1)
    with pytest.raises(SessionConflict):
        one.save()
    one.merge()
    one.save()
    four = opened(folder)  # another window's annotation is work too
    section = four.b.sections[1]
    four.annotate("b", section.id, section.heading_start, section.heading_end, "另一窗口的批注")
    four.save()
    one.set_score("b", "decision_making", 3)
    with pytest.raises(SessionConflict):
        one.save()


@pytest.mark.parametrize("elsewhere", ["a level", "a clear"])
def test_a_window_that_only_moved_with_words_carried_in_asks_no_conflict_either(folder, elsewhere):
    """read55 #2: where the reviewer's other review of a report held a later word (a level, or a clear: known since),
    both windows carried it in at opening, and the one that only moved wrote it with its place: the other's next
    level asked "changed by another window" all the same."""
    first = opened(folder)
    first.set_score("b", "power_oversight", 3)
    first.close()
    alone = Review.open_single(B, "王芳", load_rubric(), folder)
    alone.set_score("b", "law_enforcement", 2)
    alone.save()
    if elsewhere == "a clear":
        alone.set_score("b", "law_enforcement", None)
        alone.save()
    one, two = opened(folder), opened(folder)
    two.remember_view(ViewState("1.4", "1.3", "b", "law_enforcement"))
    two.close(moved=True)
    one.set_score("b", "party_leadership", 4)
    assert load_session(one.save()).score("b", "party_leadership").level == 4


def test_replacing_mine_with_theirs_does_not_follow_their_clock(folder):
    """read55 #4: "replace mine with theirs" stamped my levels a second past every time in both sessions, theirs
    included: their clock (or a time they wrote without an offset, read as UTC: hours ahead in China) is not mine."""
    import datetime as dt

    theirs = opened(folder, "甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    text = their_path.read_text(encoding="utf-8")
    ahead = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)
    stamp = load_session(their_path).score("a", "law_enforcement").updated.isoformat(sep=" ")
    their_path.write_text(text.replace(stamp, ahead.replace(microsecond=0).isoformat(sep=" ")), encoding="utf-8")
    mine = opened(folder, "乙")
    mine.set_score("a", "law_enforcement", 1)
    mine.save()
    replacing = Review.resume(their_path, load_rubric(), reviewer="乙", sessions_dir=folder)
    replacing.resolve_fork(keep_mine=False)
    stamped = replacing.session.score("a", "law_enforcement").updated
    assert stamped < dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)


def test_a_replaced_session_kept_beside_a_linked_file_is_said_where_it_is(folder, tmp_path):
    """read55 #11: a session file that is a link is written through, and the replaced session was kept beside the
    link's target while the reviewer was told it was beside the link."""
    theirs = opened(folder, "甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    mine = opened(folder, "乙")
    mine.set_score("a", "law_enforcement", 1)
    my_path = mine.save()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    my_path.rename(elsewhere / my_path.name)
    my_path.symlink_to(elsewhere / my_path.name)
    replacing = Review.resume(their_path, load_rubric(), reviewer="乙", sessions_dir=folder)
    replacing.resolve_fork(keep_mine=False)
    replacing.save()
    assert replacing.replaced_kept is not None and replacing.replaced_kept.parent == elsewhere.resolve()
    assert load_session(replacing.replaced_kept).score("a", "law_enforcement").level == 1


def test_two_replacements_in_one_second_keep_both_sessions_replaced(folder):
    """monkey54 #5: two "replace mine with theirs" in one second named their backups alike: the second replaced the
    first, and the reviewer's own session was in no file."""
    theirs = opened(folder, "甲")
    theirs.set_score("a", "law_enforcement", 4)
    their_path = theirs.save()
    mine = opened(folder, "乙")
    mine.set_score("a", "law_enforcement", 1)
    mine.set_note("a", "law_enforcement", "我自己的")
    my_path = mine.save()
    own = my_path.read_bytes()
    for _ in range(2):
        replacing = Review.resume(their_path, load_rubric(), reviewer="乙", sessions_dir=folder)
        replacing.resolve_fork(keep_mine=False)
        replacing.save()
    kept = sorted(folder.glob(f"{my_path.name}.replaced-*.bak"))
    assert len(kept) == 2 and own in [path.read_bytes() for path in kept]
