"""`round.toml`: what a person tells a round that the reports do not (documented in docs/round-format.md).

Contract:
- `load_round_file(path)` returns a `RoundFile` (empty when the file does not exist) or raises one FazhiError
  (exit status 2) naming the file and, for each problem, its dotted key (core.toml_check: one schema checker for
  every TOML file people write), with a "did you mean" for misspelt keys. A round file that is wrong stops the command: a round planned on a file the reviewer did not
  mean is worse than none.
- fazhi writes a round file in two ways only, both atomic: `create_round_file` when none exists (a commented
  template naming what needs the reviewer: unreadable reports, duplicates to choose between), and
  `append_entries`, which adds `[[override]]`/`[[assign]]` tables at the end of an existing file, so every
  comment and all formatting above stay as the person wrote them (a UTF-8 BOM too). It refuses a file it cannot
  decode as UTF-8 or parse, leaving it untouched, checks that the result parses before replacing anything, and
  keeps the previous version as `round.toml.bak`.
"""
from __future__ import annotations

import codecs
import os
import posixpath
from collections.abc import Callable
from pathlib import Path

import tomli_w

from fazhi.core.errors import FazhiError, printable
from fazhi.core.files import atomic_write, unicode_path
from fazhi.core.record import field, record
from fazhi.core.round_scan import FILE_NAME
from fazhi.core.round_template import HEADER, NEEDS_YOU, NOT_UTF8
from fazhi.core.toml_check import Bool, Int, List, Problems, Str, Table, check, item_key, parse_toml, read_bytes

_NAME = Str(nonempty=True, path=True)  # a file of the round, as the disk spells it
_COMPARED = Str(nonempty=True, multiline=False, visible=True)  # a government or reviewer matched against others
SCHEMA = Table({
    "round": Table({"name": Str(multiline=False)}),
    "override": List(Table({"file": _NAME, "government": _COMPARED, "year": Int(min=1949, max=2100), "skip": Bool(),
                            "note": Str()}, required=("file",)), label="file"),
    "assign": List(Table({"reviewer": _COMPARED, "files": List(_NAME), "governments": List(_COMPARED)},
                         required=("reviewer",)), label="reviewer"),
    "pair": List(Table({"a": _NAME, "b": _NAME, "note": Str()}, required=("a", "b")), label="b"),
})


@record(frozen=True)
class Override:
    """A correction of one report's metadata, or `skip` to leave it out of the round."""

    file: str  # relative to the round's folder, "/" separated
    government: str | None = None
    year: int | None = None
    skip: bool = False
    note: str | None = None


@record(frozen=True)
class Assignment:
    """A reviewer's share: reports (the later report of each review) and/or whole governments."""

    reviewer: str
    files: tuple[str, ...] = ()
    governments: tuple[str, ...] = ()


@record(frozen=True)
class PeerPair:
    """A review of report `b` beside another government's report `a` (a peer's), besides the year-on-year ones."""

    a: str  # relative to the round's folder, "/" separated
    b: str
    note: str | None = None


@record
class RoundFile:
    path: Path
    name: str | None = None
    overrides: dict[str, Override] = field(default_factory=dict)  # by file_key(file)
    assignments: list[Assignment] = field(default_factory=list)
    exists: bool = False
    peers: list[PeerPair] = field(default_factory=list)  # [[pair]], in the file's order, each once


def default_path(folder: str | Path) -> Path:
    return Path(folder) / FILE_NAME


def file_key(file: str) -> str:
    """An [[override]]'s `file` as the round names reports (their path in the round's folder, "/" between parts):
    `./清溪镇.txt` and `乡镇/../清溪镇.txt` are `清溪镇.txt`, so one report is never overridden twice unseen."""
    return posixpath.normpath(file.replace(os.sep, "/"))


# ---------------------------------------------------------------------------------------------- load

def load_round_file(path: str | Path) -> RoundFile:
    p = Path(path)
    if not os.path.lexists(p):  # (a link to nothing, or a loop of links, is a round file that cannot be read: fuzz54 F1)
        return RoundFile(path=p)
    return parse_round_file(read_bytes(p, "round file", exit_status=2), p)


def parse_round_file(text: str | bytes, path: Path) -> RoundFile:
    """The round file's content (bytes: UTF-8 checked, a BOM dropped), checked whole against SCHEMA and the rules
    below; one FazhiError (exit 2) listing every problem."""
    problems = Problems(str(path))
    raw = parse_toml(text, str(path), "round file", exit_status=2)
    data = check(raw, SCHEMA, problems)
    result = RoundFile(path=path, exists=True, name=data.get("round", {}).get("name"))
    written = raw.get("override") if isinstance(raw.get("override"), list) else []
    for i, table in enumerate(data.get("override", [])):
        dotted = item_key("override", i, table, "file")
        if "file" not in table:
            continue  # named missing by the schema
        said = written[i].keys() if i < len(written) and isinstance(written[i], dict) else table.keys()
        if not (said - {"file", "note"}):  # (a key given but misspelt or invalid is named as such, not this)
            problems.add(dotted, "says nothing: give government, year or skip = true")
        elif not ({"government", "year", "skip"} & table.keys()):
            continue
        elif file_key(table["file"]) in result.overrides:
            problems.add(f"{dotted}.file", f"{table['file']!r} is overridden twice")
        else:
            result.overrides[file_key(table["file"])] = Override(table["file"], table.get("government"), table.get("year"),
                                                                 table.get("skip", False), table.get("note"))
    for i, table in enumerate(data.get("assign", [])):
        if "reviewer" not in table:
            continue
        if not (table.get("files") or table.get("governments")):
            problems.add(item_key("assign", i, table, "reviewer"), "assigns nothing: give files = [...] or governments = [...]")
        else:
            result.assignments.append(Assignment(table["reviewer"].strip(), tuple(table.get("files", ())),
                                                 tuple(table.get("governments", ()))))
    paired: set[tuple[str, str]] = set()  # (a set: 20,000 pairs checked each against all took 19 s, fuzz6 F3)
    for i, table in enumerate(data.get("pair", [])):
        if not ("a" in table and "b" in table):
            continue  # named missing by the schema
        pair = PeerPair(file_key(table["a"]), file_key(table["b"]), table.get("note"))
        if pair.a == pair.b:
            problems.add(f"{item_key('pair', i, table, 'b')}.a", "is the report b: a pair is two reports")
        elif (pair.a, pair.b) in paired:
            problems.add(item_key("pair", i, table, "b"), f"{table['a']!r} and {table['b']!r} are paired twice")
        else:
            paired.add((pair.a, pair.b))
            result.peers.append(pair)
    problems.raise_if_any("round file", exit_status=2, multiline=True)
    return result


# --------------------------------------------------------------------------------------------- write

def create_round_file(path: Path, todo: list[tuple[str, dict]], say: Callable[[str], str] = str) -> bool:
    """Write a commented template at `path` unless a file is there; `todo` = (why, [[override]] table to
    complete) stubs, written commented out; `say`: the words (HEADER, NEEDS_YOU, NOT_UTF8, each why) in the reader's
    language (walk14 F7: English under a Chinese screen). Returns whether a file was written."""
    if os.path.lexists(path):  # (a link to nothing too: its target's folders were made, outside the round: fuzz54 F2)
        return False
    parts = [_comment(say(HEADER))]
    if todo:
        parts.append(_comment(say(NEEDS_YOU)))
    for why, table in todo:
        # `why` names a file as the disk spells it: a line break or control character in the name stays in the comment
        if unicode_path(table["file"]) != table["file"]:  # no TOML string can name it (reread9 M1: a traceback)
            parts.append(_comment(printable(say(why))) + _comment(say(NOT_UTF8)))
            continue
        parts.append(_comment(printable(say(why))) + _comment(_table("override", table)))
    atomic_write(path, "\n".join(parts).encode("utf-8"))
    return True


def _comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def _table(name: str, table: dict) -> str:
    """One [[name]] table in TOML (tomli_w would write a lone array of tables inline)."""
    return f"[[{name}]]\n" + tomli_w.dumps(table)


def append_entries(path: Path, overrides: list[Override] = (), assignments: list[Assignment] = ()) -> RoundFile:
    """Append tables to the round file (created if absent); everything already in it stays byte for byte, a UTF-8
    BOM included. A file that is not UTF-8 is refused (FazhiError), never rewritten in another encoding."""
    raw = read_bytes(path, "round file", exit_status=2) if path.exists() else b""
    current = parse_round_file(raw, path)  # raises on a file we could not decode or parse: never overwrite it
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    old = raw[len(bom):].decode("utf-8")  # UTF-8: parse_round_file checked it
    for o in overrides:
        if file_key(o.file) in current.overrides:
            raise FazhiError(str(path), f"{o.file!r} already has an [[override]]: edit that one", key="override",
                             exit_status=2)
    added = "\n".join([_table("override", {k: v for k, v in vars(o).items() if v not in (None, False)})
                       for o in overrides] + [_table("assign", {k: v for k, v in (
                           ("reviewer", a.reviewer), ("files", list(a.files)), ("governments", list(a.governments)))
                           if v}) for a in assignments])
    new = old + ("" if not old or old.endswith("\n") else "\n") + ("\n" if old else "") + added
    result = parse_round_file(new, path)
    atomic_write(path, bom + new.encode("utf-8"), backup=True)
    return result
