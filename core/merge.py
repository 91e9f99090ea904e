"""Two windows' work on one session, merged: what this window changed since it last read or wrote the session file,
put over what another window saved there meanwhile.

Contract: `merge_work(base, mine, theirs)` changes `theirs` (the session as its file holds it now) and returns what
it did. `base` is the reviewer's work as this window last read or wrote the file; `mine` is this window's session.
- Scores (by side and area) and annotations (by id) are decided field by field (a score's level and its note; an
  annotation's place, its note and its tags; an item added on both sides against no value): a field changed here only
  (or the item added here) takes this window's version; changed there only, or nowhere, the file's; changed on both
  sides, differently, this window's (the reviewer chose to merge from here), named in `Merged.both` so that they are
  told which — but of a level, the later word (as pooling counts it: core.session.word_order), named in
  `Merged.later` where that is the other window's (read54 #4: a level carried in at opening, older, displaced the one
  the reviewer set since in the other window). An item removed here that the other window changed stays as the other
  has it (`Merged.restored`); one removed there and changed here stays as this window has it (named in `both`) — but
  of a level, the later of the clear and the level stands here too.
- A level cleared (`Session.cleared`) stays cleared where the merge leaves the area without a level (at the later of
  the two windows' times).
- Pins and splits: the file's, less those removed here, then those added here, by the workbench's rules (one pin per
  section; a pair pinned or split, not both): a pin or split the other window added that one added here displaces is
  named in `Merged.both`.
Nothing else of `theirs` changes (its reviewer, reports, rubric and file stay the file's). Pure data: no file is read
or written here (core.review.Review.merge does that).
"""
from __future__ import annotations

import copy
from typing import Any, NamedTuple

from fazhi.core.record import field, fields, record, replace
from fazhi.core.session import Annotation, Score, Session


class Work(NamedTuple):
    """The reviewer's work in a session, as a window last read or wrote it."""

    scores: dict
    annotations: list
    pins: list
    forbidden: list
    cleared: dict

    @classmethod
    def of(cls, session: Session) -> Work:
        """A copy of the session's work as it is now."""
        return cls(copy.deepcopy(session.scores), copy.deepcopy(session.annotations), list(session.pins),
                   list(session.forbidden), {side: dict(areas) for side, areas in session.cleared.items()})


@record
class Merged:
    """What `merge_work` did: how many of this window's changes it put into the file's work (`applied`) and how many
    of the other window's it kept (`taken`); what both windows changed differently, kept as this window has them
    (`both`: ("score", side, area), ("annotation", side, quote), ("pin" | "split", A's section id, B's) for the other
    window's pin or split that this window's displaced); what this window removed and the other changed, kept as the
    other has it (`restored`: a removal never drops another window's edit)."""

    applied: int = 0
    taken: int = 0
    both: list[tuple] = field(default_factory=list)
    restored: list[tuple] = field(default_factory=list)
    later: list[tuple] = field(default_factory=list)  # levels changed in both, the other window's the later: kept


_GONE = object()  # not in that version

#: The fields of an item decided together: a score's level, its note; an annotation's place, note and tags (what
#: is not named here goes with the first group: a score's time, an annotation's id and creation).
_SCORE_FIELDS = (("level", "updated"), ("note",))
_ANNOTATION_FIELDS = (tuple(f.name for f in fields(Annotation) if f.name not in ("note", "tags")), ("note",), ("tags",))


def nothing_new(base: Work, mine: Work, theirs: Work) -> bool:
    """Whether the other window's work holds nothing this window does not: each of its scores, clears, annotations,
    pins and splits as `base` (what this window last read or wrote) or as `mine` (what it holds now) has it. A window
    that only saved where it was, with the levels both windows carried in at opening, is such a one (read55 #2)."""
    def known(items: dict, was: dict, now: dict) -> bool:
        return all(items.get(key) in (was.get(key), now.get(key)) for key in {*items, *was})

    def by_id(annotations: list) -> dict:
        return {an.id: an for an in annotations}

    sides = {*base.scores, *mine.scores, *theirs.scores, *base.cleared, *mine.cleared, *theirs.cleared}
    return (all(known(theirs.scores.get(side, {}), base.scores.get(side, {}), mine.scores.get(side, {}))
                and known(theirs.cleared.get(side, {}), base.cleared.get(side, {}), mine.cleared.get(side, {}))
                for side in sides)
            and known(by_id(theirs.annotations), by_id(base.annotations), by_id(mine.annotations))
            and sorted(theirs.pins) in (sorted(base.pins), sorted(mine.pins))
            and sorted(theirs.forbidden) in (sorted(base.forbidden), sorted(mine.forbidden)))


def merge_work(base: Work, mine: Session, theirs: Session) -> Merged:
    merged = Merged()
    for side in sorted(set(base.scores) | set(mine.scores) | set(theirs.scores)):
        was, now, there = (s.get(side, {}) for s in (base.scores, mine.scores, theirs.scores))
        result = {}
        for area in [*there, *(a for a in now if a not in there)]:  # the file's order, then the areas added here
            later = _later(_when(now, mine.cleared.get(side, {}), area),
                           _when(there, theirs.cleared.get(side, {}), area))
            kept = _item(was.get(area, _GONE), now.get(area, _GONE), there.get(area, _GONE), _SCORE_FIELDS,
                         ("score", side, area), merged, later)
            if kept is not _GONE:
                result[area] = kept
        theirs.scores[side] = result
        # a clearing stands where no level does, at the later time of the two windows' (`Session.cleared`)
        cleared = {**mine.cleared.get(side, {})}
        for area, when in theirs.cleared.get(side, {}).items():
            cleared[area] = max(when, cleared.get(area, when))
        theirs.cleared[side] = {area: when for area, when in cleared.items() if area not in result}

    was, now, there = ({an.id: an for an in annotations}
                       for annotations in (base.annotations, mine.annotations, theirs.annotations))
    annotations = []
    for key in [*there, *(k for k in now if k not in there)]:
        an = now.get(key) or there.get(key) or was.get(key)
        kept = _item(was.get(key, _GONE), now.get(key, _GONE), there.get(key, _GONE), _ANNOTATION_FIELDS,
                     ("annotation", an.side, an.quote), merged)
        if kept is not _GONE:
            annotations.append(kept)
    theirs.annotations = annotations

    _merge_pairs(base, mine, theirs, merged)
    kept_pairs = set(theirs.pins) | set(theirs.forbidden)
    theirs.pin_headings = {key: headings for key, headings in {**theirs.pin_headings, **mine.pin_headings}.items()
                           if key in kept_pairs}
    return merged


def _when(scores: dict, cleared: dict, area: str) -> Any:
    """When a window's word on an area was said: its level's time, else its clear's (None: not said)."""
    return scores[area].updated if area in scores else cleared.get(area)


def _later(mine: Any, theirs: Any) -> str | None:
    """Whose word is the later, "mine" or "theirs", where both said when (None: not both, or at one time)."""
    if mine is None or theirs is None or mine == theirs:
        return None
    return "theirs" if theirs > mine else "mine"


def _item(base: Any, mine: Any, theirs: Any, groups: tuple, what: tuple, merged: Merged,
          later: str | None = None) -> Any:
    """One score or annotation in the merge (`_GONE` where it is in none): field group by field group where both
    windows have it (added on both sides: against no value), else whole. `later`: whose word is the later, where
    both said when (a level's, or its clear's): it stands where both changed it."""
    theirs_later = later == "theirs"
    if mine is _GONE or theirs is _GONE:
        if _said(mine) == _said(base):  # left alone here: the file's (removed there, or changed, or as it was)
            merged.taken += _said(theirs) != _said(base)
            return theirs
        if mine is _GONE and _said(theirs) != _said(base):  # removed here, changed there: theirs stays (said)
            if later == "mine":  # a level cleared here after the other window set it (read55 #5): the clear stands
                merged.applied += 1
                merged.both.append(what)
                return mine
            merged.taken += 1
            merged.restored.append(what)
            return theirs
        if _said(mine) != _said(theirs):
            if _said(theirs) != _said(base) and theirs_later:  # cleared there after it was said here
                merged.taken += 1
                merged.later.append(what)
                return theirs
            merged.applied += 1
            if _said(theirs) != _said(base):
                merged.both.append(what)
        return mine
    changes, clash, taken, later = {}, False, False, False
    for group in groups:
        now, there = ({name: getattr(x, name) for name in group} for x in (mine, theirs))
        was = {name: getattr(base, name, None) if base is not _GONE else None for name in group}
        if _said_fields(now) == _said_fields(was) or _said_fields(now) == _said_fields(there):
            taken |= _said_fields(there) != _said_fields(was)
            continue
        if _said_fields(there) != _said_fields(was) and theirs_later:  # changed on both sides, there the later
            taken = later = True
            continue
        changes.update(now)
        clash |= _said_fields(there) != _said_fields(was)
    merged.applied += bool(changes)
    merged.taken += taken
    if clash:
        merged.both.append(what)
    if later:
        merged.later.append(what)
    return replace(theirs, **changes) if changes else theirs


def _said(item: Any) -> Any:
    """What the reviewer wrote of an item (a level set again to the same is no change, whenever it was set)."""
    if isinstance(item, Score):
        return item.level, item.note
    if isinstance(item, Annotation):
        return item.side, item.section, item.start, item.quote, item.note, item.tags
    return item


def _said_fields(values: dict) -> dict:
    return {name: value for name, value in values.items() if name not in ("updated", "created", "id")}


def _merge_pairs(base: Work, mine: Session, theirs: Session, merged: Merged) -> None:
    """The file's pins and splits, less those removed here, then those added here by Review.pin's and Review.split's
    rules."""
    removed_pins = set(base.pins) - set(mine.pins)
    removed_splits = set(base.forbidden) - set(mine.forbidden)
    new_there = {("pin", *p) for p in theirs.pins if p not in base.pins} | \
                {("split", *p) for p in theirs.forbidden if p not in base.forbidden}
    merged.applied += len(removed_pins & set(theirs.pins)) + len(removed_splits & set(theirs.forbidden))
    pins = [p for p in theirs.pins if p not in removed_pins]
    splits = [p for p in theirs.forbidden if p not in removed_splits]

    def displaced(kind: str, pair: tuple[str, str]) -> None:  # the other window's pin or split that one here replaces
        if (kind, *pair) in new_there:
            merged.both.append((kind, *pair))

    for pin in (p for p in mine.pins if p not in base.pins):  # one pin per section; no split of a pinned pair
        if pin in pins:
            continue
        merged.applied += 1
        for other in [p for p in pins if p[0] == pin[0] or p[1] == pin[1]]:
            displaced("pin", other)
            pins.remove(other)
        pins.append(pin)
        if pin in splits:
            displaced("split", pin)
            splits.remove(pin)
    for split in (p for p in mine.forbidden if p not in base.forbidden):
        if split in splits:
            continue
        merged.applied += 1
        if split in pins:
            displaced("pin", split)
            pins.remove(split)
        splits.append(split)
    theirs.pins, theirs.forbidden = pins, splits
