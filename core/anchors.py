"""Annotations anchored to a report's text, and placed again when that text changes.

An annotation stores its quote, its code-point offset and up to CONTEXT characters on either side. `reanchor` finds
it in a revised text the way Hypothesis does: the stored position if the quote is still there; else the exact quote,
the candidate whose context matches best, if the quote is long enough to be its own evidence (DISTINCT_QUOTE) or the
text on one side of it is still alike (CONTEXT_AGREES); else a fuzzy search (rapidfuzz) for context+quote and the
quote inside it, accepted at similarity ≥ 75 (anywhere in the text for a distinct quote only; a quote longer than
LONG_QUOTE by its two ends, then checked whole), on the words as revised (more or fewer than before). A short quote is not
placed on its words alone: a renamed heading's four words recur in an unrelated paragraph, where the note would say
something it never said. What cannot be placed with confidence becomes an orphan: kept and shown, never dropped.
A moved annotation takes the section it now stands in, as does one whose section is gone (`reanchor_all`); one placed
on words the revision changed keeps those it was made on (`quote_annotated`).
"""
from __future__ import annotations

import re

from fazhi.core.areas import section_locator
from fazhi.core.hanzi import SENTENCE_END
from fazhi.core.outline import Outline
from fazhi.core.patterns import lazy
from fazhi.core.session import CONTEXT, Annotation, Session

#: A quote this long is evidence of its passage by itself; a shorter one needs its context (CONTEXT_AGREES).
DISTINCT_QUOTE = 16
#: How alike (rapidfuzz ratio) the text on one side of a short quote's new place must be to what it was.
CONTEXT_AGREES = 60


def make_annotation(side: str, section: str, text: str, start: int, end: int, note: str = "",
                    tags: list[str] | None = None) -> Annotation:
    """An annotation of text[start:end], with the context that lets it be found again."""
    return place(Annotation(side=side, section=section, quote="", start=start, note=note, tags=list(tags or [])),
                 text, start, end)


def place(annotation: Annotation, text: str, start: int, end: int) -> Annotation:
    """Anchor the annotation at text[start:end]: its quote, offset and context on both sides."""
    annotation.start, annotation.quote = start, text[start:end]
    annotation.prefix, annotation.suffix = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    annotation.orphan = False
    annotation.quote_annotated = ""  # (placed here by the reviewer: these are the words annotated)
    return annotation


def first_sentence(outline, section) -> tuple[int, int]:
    """The default passage to annotate: the heading, or the first sentence of an untitled section."""
    if section.heading_end > section.heading_start:
        return section.heading_start, section.heading_end
    body = outline.text[section.body_start:section.body_end]
    stop = re.search(r"[。;!?\uff1b\uff01\uff1f\n]", body)
    return section.body_start, section.body_start + (stop.end() if stop else len(body))


def locate_passage(text: str, passage: str, start: int, end: int, min_score: float = 85.0) -> tuple[int, int] | None:
    """Where a passage stands in text[start:end]: exactly, else the best fuzzy alignment scoring at
    least `min_score` (rapidfuzz); None when there is none."""
    from rapidfuzz import fuzz

    pos = text.find(passage, start, end)
    if pos >= 0:
        return pos, pos + len(passage)
    hit = fuzz.partial_ratio_alignment(passage, text[start:end], score_cutoff=min_score)
    if not hit:
        return None
    return _revised_span(text, passage, max(start, start + hit.dest_start - len(passage) // 2 - 2),
                         min(end, start + hit.dest_end + len(passage) // 2 + 2))


def _revised_span(text: str, passage: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The passage's words as revised in text[lo:hi] (the fuzzy match's place, with room either side): from the first
    to the last run of two or more of its characters found there in order, and over as many characters as it had
    before the first or after the last, where they were replaced (有关 → 相关), within the sentence. The fuzzy match
    is a window as long as the old words: a revision that added or cut words inside them lost the passage's start or
    end and took in text beside it (walk12 F2)."""
    from difflib import SequenceMatcher

    blocks = [b for b in SequenceMatcher(None, passage, text[lo:hi], autojunk=False).get_matching_blocks()
              if b.size >= min(2, len(passage))]
    if not blocks:
        return None
    # runs apart by a sentence end the passage has not there are other sentences' words (范性文件 of the sentence
    # before): the passage is the group of runs that holds most of it
    groups = [[blocks[0]]]
    for before, after in zip(blocks, blocks[1:]):
        apart = _SENTENCE_END.search(text, lo + before.b + before.size, lo + after.b)
        if apart and not _SENTENCE_END.search(passage, before.a + before.size, after.a):
            groups.append([])
        groups[-1].append(after)
    kept = max(groups, key=lambda group: sum(b.size for b in group))
    first, last = kept[0], kept[-1]
    start, end = lo + first.b, lo + last.b + last.size
    start -= _UP_TO_SENTENCE_END.search(text[max(lo, start - first.a):start][::-1]).start()
    end += _UP_TO_SENTENCE_END.search(text[end:min(hi, end + len(passage) - last.a - last.size)]).start()
    return start, end


_SENTENCE_END = lazy(f"[{SENTENCE_END}\n]")
_UP_TO_SENTENCE_END = lazy(f"[{SENTENCE_END}\n]|$")


def reanchor(annotation: Annotation, text: str, min_score: float = 75.0) -> tuple[int, int] | None:
    """Where the annotated passage is in `text` now (Hypothesis' order: position, exact quote with
    context, then fuzzy); None when it cannot be placed with confidence."""
    from rapidfuzz import fuzz  # only re-anchoring needs it; keep session loading light

    quote = annotation.quote
    if not quote:
        return None
    distinct = len(quote) >= DISTINCT_QUOTE

    def placed(where: tuple[int, int]) -> bool:  # a distinct quote is its own evidence; a short one needs its context
        return distinct or max(_ratios(text, where, annotation)) >= CONTEXT_AGREES

    here = (annotation.start, annotation.start + len(quote))
    if text[here[0]:here[1]] == quote and placed(here):
        return here  # (a short quote there by chance, in a text that moved under it, is looked for as any other)
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if hits:
        def context_score(pos: int) -> float:
            closeness = 1 - abs(pos - annotation.start) / max(1, len(text))
            return 20 * sum(_ratios(text, (pos, pos + len(quote)), annotation)) + 2 * closeness
        best = max(hits, key=context_score)
        if placed((best, best + len(quote))):
            return best, best + len(quote)
    if len(quote) > LONG_QUOTE:
        return _by_its_ends(annotation, text, min_score)
    # Fuzzy: find the region that looks like prefix+quote+suffix, then the quote inside it.
    probe = annotation.prefix + quote + annotation.suffix
    region = fuzz.partial_ratio_alignment(probe, text)
    lo = max(0, (region.dest_start if region else 0) - len(quote))
    hi = min(len(text), (region.dest_end if region else len(text)) + len(quote))
    found = locate_passage(text, quote, lo, hi, min_score)
    if found and not placed(found):
        return None  # its words in the region, but not its context: a short quote elsewhere
    found = found or (locate_passage(text, quote, 0, len(text), min_score) if distinct else None)
    return _within_context(text, found, annotation) if found else None


#: How much of its context a revised passage is stretched to meet (the words that replaced its first or last ones).
CONTEXT_REACH = 24
_CONTEXT_PIECE = 6


def _within_context(text: str, where: tuple[int, int], annotation: Annotation) -> tuple[int, int]:
    """A revised passage out to its stored context where that stands just beyond it, within the sentence: the words
    that replaced its first or last ones, longer than they were (紧扣 → 严格对标: it started at 对标, walk13 F3)."""
    start, end = where
    tail, head = annotation.prefix[-_CONTEXT_PIECE:], annotation.suffix[:_CONTEXT_PIECE]
    if len(tail) == _CONTEXT_PIECE and (at := text.rfind(tail, max(0, start - CONTEXT_REACH - len(tail)), start)) >= 0 \
            and not _SENTENCE_END.search(text, at + len(tail), start):
        start = at + len(tail)
    if len(head) == _CONTEXT_PIECE and (at := text.find(head, end, end + CONTEXT_REACH + len(head))) >= 0 \
            and not _SENTENCE_END.search(text, end, at):
        end = at
    return start, end


#: A quote longer than this is found again by its ends, then checked whole: the fuzzy search's cost grows with the
#: square of what it looks for, or worse (an annotated section of 4,000 characters took 11 s at every opening: fuzz4).
LONG_QUOTE = 400
#: How much of each end of a long quote is looked for.
QUOTE_END = 160


def _by_its_ends(annotation: Annotation, text: str, min_score: float) -> tuple[int, int] | None:
    """A long quote's place: where its start follows its prefix, and its end (after that) comes before its suffix, when
    the text between is as like the quote as a fuzzy match must be, and of a like length."""
    from rapidfuzz import fuzz

    quote = annotation.quote

    def find(passage: str, probe: str, at: int) -> tuple[int, int] | None:  # the passage, by the probe holding it
        region = fuzz.partial_ratio_alignment(probe, text[at:], score_cutoff=min_score)
        if region is None:
            return None
        return locate_passage(text, passage, max(at, at + region.dest_start - QUOTE_END // 2),
                              min(len(text), at + region.dest_end + QUOTE_END // 2), min_score)

    head = find(quote[:QUOTE_END], annotation.prefix + quote[:QUOTE_END], 0)
    tail = head and find(quote[-QUOTE_END:], quote[-QUOTE_END:] + annotation.suffix, head[1])
    if not (head and tail) or not len(quote) / 2 <= tail[1] - head[0] <= 2 * len(quote):
        return None
    if fuzz.ratio(text[head[0]:tail[1]], quote) < min_score:
        return None
    return _within_context(text, (head[0], tail[1]), annotation)


def _ratios(text: str, where: tuple[int, int], annotation: Annotation) -> tuple[float, float]:
    """How alike the text before and after `where` is to the annotation's stored context."""
    from rapidfuzz import fuzz

    start, end = where
    return (fuzz.ratio(text[max(0, start - len(annotation.prefix)):start], annotation.prefix),
            fuzz.ratio(text[end:end + len(annotation.suffix)], annotation.suffix))


def reanchor_all(session: Session, outlines: dict[str, Outline]) -> list[Annotation]:
    """Place every annotation in the current reports (a moved one, or one whose section is gone, in the section it now
    stands in); returns the orphans (kept in the session)."""
    orphans = []
    locators = {}
    for an in session.annotations:
        outline = outlines.get(an.side)
        if outline is None:
            continue
        where = reanchor(an, outline.text)
        if where is None:
            an.orphan = True
            orphans.append(an)
            continue
        if where[0] != an.start or outline.find(an.section) is None:
            # moved, or its section is gone (an outline read anew): the section it now stands in (the head or tail
            # matter keeps the old). Where it stayed, the section it was made in stays (a passage of a sub-section
            # annotated from its topic keeps the topic)
            locate = locators.get(an.side) or locators.setdefault(an.side, section_locator(outline))
            an.section = locate(where[0]) or an.section
        now = outline.text[where[0]:where[1]]
        annotated = an.quote_annotated or (an.quote if now != an.quote else "")
        place(an, outline.text, *where)
        # the words annotated are kept beside those standing there now (until the text is those words again)
        an.quote_annotated = "" if annotated == now else annotated
    return orphans
