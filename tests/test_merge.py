"""core.merge: two windows' work on one session, item by item."""
from __future__ import annotations

import copy

from fazhi.core.merge import Work, merge_work
from fazhi.core.session import Annotation, ReportRef, Session

REPORTS = {"a": ReportRef("a" * 64), "b": ReportRef("b" * 64)}


def session(**levels: int) -> Session:
    s = Session(reviewer="王芳", reports=dict(REPORTS))
    for area, level in levels.items():
        s.set_score("b", area, level)
    return s


def levels(s: Session) -> dict[str, int]:
    return {area: score.level for area, score in s.scores["b"].items()}


def test_each_score_is_decided_on_its_own():
    base = session(x=1, y=1, z=1, w=1)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.set_score("b", "x", 2)  # changed here only
    theirs.set_score("b", "y", 3)  # changed there only
    mine.set_score("b", "z", None)  # removed here
    theirs.set_score("b", "w", None)  # removed there
    mine.set_score("b", "v", 4)  # added here
    mine.set_score("b", "y", 3)  # the same level there and here: no conflict
    merged = merge_work(Work.of(base), mine, theirs)
    assert levels(theirs) == {"x": 2, "y": 3, "v": 4}
    assert merged.both == []


def test_a_level_set_again_is_no_change_and_both_changed_keeps_this_window_s():
    base = session(x=1, y=1)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.set_score("b", "x", 1)  # set again: a new time, the same level
    theirs.set_score("b", "x", 3)
    mine.set_score("b", "y", 2)
    theirs.set_score("b", "y", 4)
    merged = merge_work(Work.of(base), mine, theirs)
    assert levels(theirs) == {"x": 3, "y": 2} and merged.both == [("score", "b", "y")] and merged.applied == 1


def test_annotations_by_id_and_pins_as_sets():
    base = session()
    kept = Annotation("a", "1", "依法行政", 10, note="旧")
    base.annotations = [kept]
    base.pins = [("1", "1"), ("2", "2")]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.annotations[0].note = "改过"
    mine.annotations.append(Annotation("b", "2", "执法", 20, note="新"))
    theirs.annotations.append(Annotation("a", "3", "复议", 30, note="对方的"))
    mine.pins.remove(("1", "1"))
    theirs.pins.append(("3", "3"))
    mine.forbidden.append(("4", "4"))
    merged = merge_work(Work.of(base), mine, theirs)
    assert [an.note for an in theirs.annotations] == ["改过", "对方的", "新"]
    assert theirs.pins == [("2", "2"), ("3", "3")] and theirs.forbidden == [("4", "4")]
    assert merged.applied == 4 and merged.both == []


def test_a_level_changed_there_and_a_note_added_here_are_both_kept():
    """reread9 M5: a score was decided whole: the other window's level was lost to a note this one added."""
    base = session(x=2)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.set_score("b", "x", 2, note="数据翔实")
    theirs.set_score("b", "x", 4)
    merged = merge_work(Work.of(base), mine, theirs)
    assert (theirs.scores["b"]["x"].level, theirs.scores["b"]["x"].note) == (4, "数据翔实")
    assert merged.both == [] and merged.applied == 1
    base.annotations = [Annotation("a", "1", "依法行政", 10, note="旧", tags=["甲"])]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.annotations[0].note, theirs.annotations[0].tags = "新", ["乙"]
    merge_work(Work.of(base), mine, theirs)
    assert [(an.note, an.tags) for an in theirs.annotations] == [("新", ["乙"])]


def test_pins_and_splits_merge_by_the_workbench_s_rules_and_name_what_they_displace():
    """reread9 H3: pins and splits were merged as sets: a section pinned twice (the file's pin winning over this
    window's), a pair both pinned and split, unsaid."""
    base = session()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    theirs.pins = [("1.2", "1.1"), ("1.3", "1.2")]
    mine.pins = [("1.2", "1.3")]  # the same A section pinned elsewhere here
    mine.forbidden = [("1.3", "1.2")]  # and the other window's second pin split here
    merged = merge_work(Work.of(base), mine, theirs)
    assert theirs.pins == [("1.2", "1.3")] and theirs.forbidden == [("1.3", "1.2")]
    assert merged.both == [("pin", "1.2", "1.1"), ("pin", "1.3", "1.2")] and merged.applied == 2
    # a pin both windows made, and one removed here that the other had removed too: nothing to apply
    base = session()
    base.pins = [("2", "2")]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.pins = theirs.pins = [("1", "1")]
    merged = merge_work(Work.of(base), mine, theirs)
    assert theirs.pins == [("1", "1")] and merged.applied == 0 and merged.both == []


def test_a_score_added_on_both_sides_keeps_the_other_window_s_note():
    """walk13 F1: the other window added a level and a note, this one the same area's level alone: the whole score was
    this window's, and the note was lost unsaid."""
    base = session()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.set_score("b", "x", 4)
    theirs.set_score("b", "x", 2, note="窗口二备注")
    merged = merge_work(Work.of(base), mine, theirs)
    assert (theirs.scores["b"]["x"].level, theirs.scores["b"]["x"].note) == (4, "窗口二备注")
    assert merged.both == [("score", "b", "x")] and (merged.applied, merged.taken) == (1, 1)


def test_an_item_removed_here_and_changed_there_stays_as_the_other_window_has_it():
    """walk13 F6: an annotation deleted here and edited there was deleted, said as "this window's kept"."""
    base = session(x=1)
    base.annotations = [Annotation("a", "1", "依法行政", 10, note="旧")]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.annotations = []
    mine.set_score("b", "x", None)
    theirs.annotations[0].note = "改过"
    theirs.set_score("b", "x", 3)
    merged = merge_work(Work.of(base), mine, theirs)
    assert [an.note for an in theirs.annotations] == ["改过"] and levels(theirs) == {"x": 3}
    assert merged.restored == [("score", "b", "x"), ("annotation", "a", "依法行政")] and merged.both == []


def test_a_clear_stays_where_the_merge_leaves_no_level():
    """A clear is dated (`Session.cleared`, walk28 #1): merged, it stays with the area cleared, and goes where a level
    stands after all (the other window's change kept over a removal here)."""
    base = session(x=1, y=1, z=1)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.set_score("b", "x", None)  # cleared here, left alone there
    theirs.set_score("b", "y", None)  # cleared there, left alone here
    mine.set_score("b", "z", None)  # cleared here, changed there: the other window's level stays
    theirs.set_score("b", "z", 3)
    merge_work(Work.of(base), mine, theirs)
    assert levels(theirs) == {"z": 3}
    assert set(theirs.cleared["b"]) == {"x", "y"} and theirs.cleared["b"]["x"] == mine.cleared["b"]["x"]


def test_a_level_changed_in_both_windows_is_the_later_word_and_said_so():
    """read54 #4: a window that showed a level carried in at opening (from another review, older) merged it over the
    level the reviewer set since in the other window, said as "changed in both, this window's kept". Levels carry
    their time: the later stands (as pooling counts it), named in `later` where it is the other window's; a level
    changed here after the other window's stays this window's, and a clear there later than the level here stands."""
    import datetime as dt

    def at(s: Session, area: str, level: int | None, minute: int) -> None:
        s.set_score("b", area, level)
        when = dt.datetime(2026, 11, 29, 9, minute, tzinfo=dt.timezone.utc)
        if level is None:
            s.cleared["b"][area] = when
        else:
            s.scores["b"][area].updated = when

    base = session()
    at(base, "x", 3, 0)
    at(base, "y", 3, 0)
    at(base, "z", 3, 0)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    at(mine, "x", 4, 5)  # carried in here (set at 9:05 in another review), changed to 2 there at 9:07
    at(theirs, "x", 2, 7)
    at(mine, "y", 1, 8)  # changed there at 9:06, here at 9:08
    at(theirs, "y", 5, 6)
    at(mine, "z", 4, 5)  # cleared there, later
    at(theirs, "z", None, 9)
    at(base, "w", 3, 0)
    mine.scores["b"]["w"], theirs.scores["b"]["w"] = copy.copy(base.scores["b"]["w"]), copy.copy(base.scores["b"]["w"])
    at(theirs, "w", 5, 4)  # read55 #5: set there, cleared here later: the clear stands
    at(mine, "w", None, 6)
    merged = merge_work(Work.of(base), mine, theirs)
    assert levels(theirs) == {"x": 2, "y": 1}
    assert merged.later == [("score", "b", "x"), ("score", "b", "z")]
    assert merged.both == [("score", "b", "y"), ("score", "b", "w")] and merged.restored == []
    assert {"z", "w"} <= set(theirs.cleared["b"])
