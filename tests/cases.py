"""Hard alignment cases made from the samples, with their exact answer known by construction.

`next_year(name, seed)` rewrites one sample as a plausible next-year report and records, for every section of
the new report, the section of the sample it came from. The edits are the ones reviewers meet:
- headings reworded (generic verb swaps, and the rubric's synonyms: 信息公开 for 政务公开 …);
- bodies reworded (the same swaps), a share of their sentences replaced by other governments' sentences,
  figures changed;
- topics reordered inside their part; a few topics and items dropped (they must stay unmatched);
- an item moved to another topic of the same part (a cross-parent pair);
- a topic's 一是 items written as numbered sub-headings 1./2. (a pair across kinds and levels), or a
  numbered sub-heading written as an item.
`Case.expected` maps every A id to its B id or None; `score(case, pairs)` gives precision and recall.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.core.outline import Outline, Section, parse_text
from fazhi.core.rubric import load_rubric

SAMPLES = Path(__file__).resolve().parent.parent / "core" / "samples"
NUMERALS = "一二三四五六七八九十"
SWAPS = [("加强", "强化"), ("推进", "推动"), ("持续", "不断"), ("深入", "全面"), ("开展", "组织"),
         ("进一步", "更加"), ("有效", "切实"), ("积极", "主动"), ("完善", "健全"), ("提升", "提高")]


@dataclass
class Node:
    origin: str | None  # the A section id it comes from
    heading: str
    body: str
    kind: str  # heading | item
    children: list[Node] = field(default_factory=list)


@dataclass
class Case:
    name: str
    a: Outline
    b: Outline
    expected: dict[str, str | None]  # A id → B id (None: removed)


def tree(outline: Outline) -> list[Node]:
    def node(s: Section) -> Node:
        body = outline.text[s.body_start:s.body_end].strip()
        return Node(s.id, s.heading, body, s.kind, [node(c) for c in s.children])
    return [node(s) for s in outline.sections if s.kind != "preamble"]


def render(preamble: str, nodes: list[Node]) -> tuple[str, list[str | None]]:
    """The report text, and the origins of its sections in document order (as the parser will walk them)."""
    lines, origins = [preamble], []

    def emit(ns: list[Node], depth: int) -> str:
        out = []
        headings = [n for n in ns if n.kind == "heading"]
        items = [n for n in ns if n.kind == "item"]
        for k, n in enumerate(items):
            origins.append(n.origin)
            out.append(f"{NUMERALS[k]}是{n.heading}。{_sentence(n.body)}")
            assert not n.children
        text = "".join(out)
        for k, n in enumerate(headings):
            origins.append(n.origin)
            label = [f"{_cn(k + 1)}、", f"({_cn(k + 1)})", f"{k + 1}.", f"({k + 1})"][depth]
            at = len(lines)
            lines.append("")  # this heading's line, filled once its items are known
            inner = emit(n.children, depth + 1) if n.children else ""
            if depth == 0:
                lines[at] = f"{label}{n.heading}" + (f"\n{n.body}" if n.body else "") + (f"\n{inner}" if inner else "")
            else:
                lines[at] = f"{label}{n.heading}。{_sentence(n.body)}{inner}"
        return text

    top = emit(nodes, 0)
    if top:
        lines.append(top)
    return "\n".join(lines) + "\n", origins


def _sentence(body: str) -> str:
    """A body ends its sentence, so that an item after it is one (一是 follows 。)."""
    return body if not body or body[-1] in "。;!?；！？" else body + "。"


def _cn(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


def _reword(text: str, rng: random.Random, synonyms: list[tuple[str, ...]], pool: list[str], replace: float) -> str:
    for old, new in SWAPS:
        if rng.random() < 0.7:
            text = text.replace(old, new)
    for group in synonyms:
        for term in group:
            if term in text and rng.random() < 0.8:
                text = text.replace(term, rng.choice([t for t in group if t != term]))
                break
    text = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(1, 9)) if rng.random() < 0.5 else m.group(0), text)
    sentences = [s for s in re.split(r"(?<=。)", text) if s]
    return "".join(rng.choice(pool) if rng.random() < replace else s for s in sentences)


def next_year(name: str, seed: int, replace: float = 0.3) -> Case:
    rng = random.Random(f"{name}/{seed}")
    source = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    a = parse_text(source, name)
    synonyms = list(load_rubric().synonyms)
    pool = [s + "。" for other in sorted(SAMPLES.glob("*.txt")) if other.stem != name
            for s in re.split(r"[。\n]", other.read_text(encoding="utf-8"))
            if 15 <= len(s) <= 90 and not re.match(r"^[(（一二三四五六七八九十\d]", s) and "是" not in s[:3]]
    nodes = tree(a)

    def walk(ns):
        for n in ns:
            yield n
            yield from walk(n.children)

    for n in walk(nodes):
        n.heading = _reword(n.heading, rng, synonyms, pool, 0.0).rstrip("。")
        if n not in nodes and len(n.heading) >= 8 and rng.random() < replace:  # rewritten: only a part of it is kept
            keep = max(4, int(len(n.heading) * rng.uniform(0.5, 0.7)))
            start = rng.randrange(len(n.heading) - keep + 1)
            n.heading = re.sub(r"^\W+|\W+$", "", n.heading[start:start + keep])  # a cut begins and ends in words
        n.body = _reword(n.body, rng, synonyms, pool, replace)
    def items(n: Node) -> list[Node]:
        return [c for c in n.children if c.kind == "item"]

    # an item moves to another topic (cross-parent); a parent keeps two items at least (one alone
    # after a body is not an item for the parser)
    for _ in range(2):
        parents = [n for n in walk(nodes) if len(items(n)) >= 2]
        sources = [n for n in parents if len(items(n)) >= 3]
        if sources and len(parents) >= 2:
            src = rng.choice(sources)
            dst = rng.choice([n for n in parents if n is not src])
            moving = rng.choice(items(src))
            src.children.remove(moving)
            dst.children.insert(len(items(dst)), moving)
    # one topic's items become numbered sub-headings (kind and level change)
    candidates = [n for n in parents if all(c.kind == "item" for c in n.children) and n.kind == "heading"]
    if candidates:
        n = rng.choice(candidates)
        for c in n.children:
            c.kind = "heading"
    # topics reordered inside each part; a topic and an item dropped
    for top in nodes:
        topics = [c for c in top.children if c.kind == "heading"]
        if len(topics) >= 3:
            i = rng.randrange(len(topics) - 1)
            topics[i], topics[i + 1] = topics[i + 1], topics[i]
            top.children = [c for c in top.children if c.kind == "item"] + topics
    droppable = [(p, c) for p in walk(nodes) for c in p.children if not c.children]
    for p, c in rng.sample(droppable, min(2, len(droppable))):
        if c in p.children and sum(x.kind == c.kind for x in p.children) > 2:
            p.children.remove(c)
    preamble = next((a.text[s.start:s.end] for s in a.sections if s.kind == "preamble"), "")
    text, origins = render(preamble, nodes)
    b = parse_text(text, f"{name}+{seed}")
    walked = [s for s in b.walk() if s.kind != "preamble"]
    if len(walked) != len(origins):
        raise ValueError(f"{name}/{seed}: the rewritten report parses into {len(walked)} sections, not {len(origins)}")
    expected: dict[str, str | None] = {s.id: None for s in a.walk() if s.kind != "preamble"}
    for s, origin in zip(walked, origins):
        expected[origin] = s.id
    return Case(f"{name}/{seed}", a, b, expected)


def score(case: Case, pairs: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(correct pairs, pairs made, pairs expected), preambles left out."""
    made = [(x, y) for x, y in pairs if x in case.expected]
    correct = sum(case.expected[x] == y for x, y in made)
    return correct, len(made), sum(v is not None for v in case.expected.values())


#: seed → share of each body's sentences replaced by other governments' sentences
HARDNESS = {1: 0.3, 2: 0.5, 3: 0.7}


def all_cases() -> list[Case]:
    return [next_year(p.stem, seed, replace) for p in sorted(SAMPLES.glob("*.txt")) for seed, replace in HARDNESS.items()]
