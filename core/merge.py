"""Two windows' work on one session, merged: what this window changed since it last read or wrote the session file,
put over what another window saved there meanwhile.

Contract: `merge_work(base, mine, theirs)` changes `theirs` (the session as its file holds it now) and returns what
it did. `base` is the reviewer's work as this window last read or wrote the file; `mine` is this window's session.
Each score (by side and area), annotation (by id), pin and split is decided on its own:
- changed here only (added, changed or removed since `base`): this window's version;
- changed there only, or nowhere: the file's version;
- changed on both sides, differently: this window's version (the reviewer chose to merge from here), named in
  `Merged.both` so that they are told which.
Nothing else of `theirs` changes (its reviewer, reports, rubric and file stay the file's). Pure data: no file is read
or written here (core.review.Review.merge does that).
"""
from __future__ import annotations

import copy

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fazhi.core.session import Annotation, Score, Session


class Work(NamedTuple):
    """The reviewer's work in a session, as a window last read or wrote it."""

    scores: dict
    annotations: list
    pins: list
    forbidden: list

    @classmethod
    def of(cls, session: Session) -> Work:
        """A copy of the session's work as it is now."""
        return cls(copy.deepcopy(session.scores), copy.deepcopy(session.annotations), list(session.pins),
                   list(session.forbidden))


@dataclass
class Merged:
    """What `merge_work` did: how many of this window's changes it applied, and what both windows changed differently
    (kept as this window has them): ("score", side, area), ("annotation", side, quote), ("pin"|"split", a, b)."""

    applied: int = 0
    both: list[tuple] = field(default_factory=list)


_GONE = object()  # not in that version


def _decide(base: Any, mine: Any, theirs: Any, what: tuple, merged: Merged) -> Any:
    """One item's version in the merge (`_GONE` where it is in none), compared by what the reviewer wrote (a level
    set again to the same is no change, whenever it was set)."""
    was, now, there = map(_said, (base, mine, theirs))
    if now == was:
        return theirs
    merged.applied += 1
    if there != was and there != now:
        merged.both.append(what)
    return mine


def _said(item: Any) -> Any:
    if isinstance(item, Score):
        return item.level, item.note
    if isinstance(item, Annotation):
        return item.side, item.section, item.start, item.quote, item.note, item.tags
    return item


def merge_work(base: Work, mine: Session, theirs: Session) -> Merged:
    merged = Merged()
    for side in sorted(set(base.scores) | set(mine.scores) | set(theirs.scores)):
        was, now, there = (s.get(side, {}) for s in (base.scores, mine.scores, theirs.scores))
        result = {}
        for area in [*there, *(a for a in now if a not in there)]:  # the file's order, then the areas added here
            kept = _decide(was.get(area, _GONE), now.get(area, _GONE), there.get(area, _GONE), ("score", side, area),
                           merged)
            if kept is not _GONE:
                result[area] = kept
        theirs.scores[side] = result

    was, now, there = ({an.id: an for an in annotations}
                       for annotations in (base.annotations, mine.annotations, theirs.annotations))
    annotations = []
    for key in [*there, *(k for k in now if k not in there)]:
        an = now.get(key) or there.get(key) or was.get(key)
        kept = _decide(was.get(key, _GONE), now.get(key, _GONE), there.get(key, _GONE),
                       ("annotation", an.side, an.quote), merged)
        if kept is not _GONE:
            annotations.append(kept)
    theirs.annotations = annotations

    for name, kind in (("pins", "pin"), ("forbidden", "split")):
        was, now, there = set(getattr(base, name)), set(getattr(mine, name)), getattr(theirs, name)
        removed, added = was - now, [p for p in getattr(mine, name) if p not in was]
        merged.applied += len(removed) + len(added)
        setattr(theirs, name, [p for p in there if p not in removed] + [p for p in added if p not in there])
    kept = set(theirs.pins) | set(theirs.forbidden)
    theirs.pin_headings = {key: headings for key, headings in {**theirs.pin_headings, **mine.pin_headings}.items()
                           if key in kept}
    return merged
