"""`round.toml`: what a person tells a round that the reports do not (documented in docs/round-format.md).

Contract:
- `load_round_file(path)` returns a `RoundFile` (empty when the file does not exist) or raises one FazhiError
  (exit status 2) naming the file and, for each problem, its line and dotted key, with a "did you mean" for
  misspelt keys. A round file that is wrong stops the command: a round planned on a file the reviewer did not
  mean is worse than none.
- fazhi writes a round file in two ways only, both atomic: `create_round_file` when none exists (a commented
  template naming what needs the reviewer: unreadable reports, duplicates to choose between), and
  `append_entries`, which adds `[[override]]`/`[[assign]]` tables at the end of an existing file, so every
  comment and all formatting above stay as the person wrote them. It refuses a file it cannot parse, checks
  that the result parses before replacing anything, and keeps the previous version as `round.toml.bak`.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from fazhi.core.errors import FazhiError, toml_error
from fazhi.core.rubric import _line_of  # the dotted-key → line finder of the rubric checker
from fazhi.core.session import atomic_write_bytes

FILE_NAME = "round.toml"

_KEYS: dict[str, dict[str, type]] = {
    "round": {"name": str},
    "override": {"file": str, "government": str, "year": int, "skip": bool, "note": str},
    "assign": {"reviewer": str, "files": list, "governments": list},
}
_TYPE_WORDS = {str: "a string", int: "an integer", bool: "true or false", list: "an array of strings"}


@dataclass(frozen=True)
class Override:
    """A correction of one report's metadata, or `skip` to leave it out of the round."""

    file: str  # relative to the round's folder, "/" separated
    government: str | None = None
    year: int | None = None
    skip: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Assignment:
    """A reviewer's share: reports (the later report of each review) and/or whole governments."""

    reviewer: str
    files: tuple[str, ...] = ()
    governments: tuple[str, ...] = ()


@dataclass
class RoundFile:
    path: Path
    name: str | None = None
    overrides: dict[str, Override] = field(default_factory=dict)  # by file
    assignments: list[Assignment] = field(default_factory=list)
    exists: bool = False


def default_path(folder: str | Path) -> Path:
    return Path(folder) / FILE_NAME


# ---------------------------------------------------------------------------------------------- load

def load_round_file(path: str | Path) -> RoundFile:
    p = Path(path)
    if not p.exists():
        return RoundFile(path=p)
    if p.is_dir():
        raise FazhiError(str(p), "is a folder, not a round file", exit_status=2)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise FazhiError(str(p), f"cannot read the round file: {e}", exit_status=2) from None
    return parse_round_file(text, p)


def parse_round_file(text: str, path: Path) -> RoundFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise toml_error(str(path), e, exit_status=2) from None
    problems: list[tuple[str, str]] = []  # (dotted key, message)
    for key, value in data.items():
        if key not in _KEYS:
            problems.append((key, "unknown table" + _did_you_mean(key, _KEYS)))
        elif key == "round" and not isinstance(value, dict):
            problems.append((key, "must be a table ([round])"))
        elif key != "round" and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            problems.append((key, f"must be an array of tables ([[{key}]])"))
    if problems:
        raise _invalid(path, text, problems)
    result = RoundFile(path=path, exists=True)
    if "round" in data:
        _check(data["round"], "round", "round", problems)
        result.name = data["round"].get("name")
    for i, table in enumerate(data.get("override", [])):
        dotted = f"override[{i}]"
        if not _check(table, "override", dotted, problems):
            continue
        if "file" not in table:
            problems.append((f"{dotted}.file", "missing: which report does this override correct?"))
        elif not ({"government", "year", "skip"} & table.keys()):
            problems.append((dotted, "says nothing: give government, year or skip = true"))
        elif table["file"] in result.overrides:
            problems.append((f"{dotted}.file", f"{table['file']!r} is overridden twice"))
        elif "government" in table and not table["government"].strip():
            problems.append((f"{dotted}.government", "is empty"))
        elif "year" in table and not 1949 <= table["year"] <= 2100:
            problems.append((f"{dotted}.year", f"{table['year']} is not a report year"))
        else:
            result.overrides[table["file"]] = Override(table["file"], table.get("government"), table.get("year"),
                                                       table.get("skip", False), table.get("note"))
    for i, table in enumerate(data.get("assign", [])):
        dotted = f"assign[{i}]"
        if not _check(table, "assign", dotted, problems):
            continue
        if "reviewer" not in table or not str(table["reviewer"]).strip():
            problems.append((f"{dotted}.reviewer", "missing: whose share is this?"))
        elif not (table.get("files") or table.get("governments")):
            problems.append((dotted, "assigns nothing: give files = [...] or governments = [...]"))
        else:
            result.assignments.append(Assignment(table["reviewer"].strip(), tuple(table.get("files", ())),
                                                 tuple(table.get("governments", ()))))
    if problems:
        raise _invalid(path, text, problems)
    return result


def _check(table: dict, schema: str, dotted: str, problems: list[tuple[str, str]]) -> bool:
    """Unknown keys and wrong types of one table; False when anything is wrong."""
    before = len(problems)
    for key, value in table.items():
        want = _KEYS[schema].get(key)
        if want is None:
            problems.append((f"{dotted}.{key}", "unknown key" + _did_you_mean(key, _KEYS[schema])))
        elif not isinstance(value, want) or (want is int and isinstance(value, bool)) \
                or (want is list and not all(isinstance(v, str) for v in value)):
            problems.append((f"{dotted}.{key}", f"must be {_TYPE_WORDS[want]}, not {value!r}"))
    return len(problems) == before


def _did_you_mean(key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def _line(text: str, key: str) -> int | None:
    """The line of a dotted key; a whole table by its header ([round], the i-th [[override]])."""
    m = re.fullmatch(r"([\w-]+)(?:\[(\d+)\])?", key)
    if m:
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(m.group(1))}\s*\]")
        lines = [n + 1 for n, line in enumerate(text.splitlines()) if header.match(line)]
        index = int(m.group(2) or 0)
        return lines[index] if index < len(lines) else None
    return _line_of(text, key)


def _invalid(path: Path, text: str, problems: list[tuple[str, str]]) -> FazhiError:
    if len(problems) == 1:
        key, message = problems[0]
        return FazhiError(str(path), message, line=_line(text, key), key=key, exit_status=2)
    listing = []
    for key, message in problems:
        line = _line(text, key)
        listing.append(f"{path}{f':{line}' if line else ''}: [{key}] {message}")
    return FazhiError(str(path), f"invalid round file, {len(problems)} problems:\n  " + "\n  ".join(listing),
                      exit_status=2)


# --------------------------------------------------------------------------------------------- write

_HEADER = """\
# fazhi review round — see docs/round-format.md. Edit freely: fazhi only ever appends to this file.
#
# Correct a report whose government or year could not be read (or was read wrong), or leave one out:
#   [[override]]
#   file = "乡镇/清溪镇2025.docx"    # as listed by `fazhi round`, relative to this round's folder
#   government = "清溪镇"
#   year = 2025
#   # skip = true                    # leave this report out of the round (e.g. one of two duplicates)
#
# Share the work (optional): each reviewer sees their own reviews first.
#   [[assign]]
#   reviewer = "王芳"
#   governments = ["清溪镇", "东坑镇"]  # and/or files = ["…"] (the later report of each review)
"""


def create_round_file(path: Path, todo: list[tuple[str, dict]]) -> bool:
    """Write a commented template at `path` unless a file is there; `todo` = (why, [[override]] table to
    complete) stubs, written commented out. Returns whether a file was written."""
    if path.exists():
        return False
    parts = [_HEADER]
    if todo:
        parts.append("# Needs you: uncomment, complete, save, and run `fazhi round` again.\n")
    for why, table in todo:
        parts.append(f"# {why}\n" + "".join(f"# {line}\n" for line in _table("override", table).splitlines()))
    atomic_write_bytes(path, "\n".join(parts).encode("utf-8"))
    return True


def _table(name: str, table: dict) -> str:
    """One [[name]] table in TOML (tomli_w would write a lone array of tables inline)."""
    return f"[[{name}]]\n" + tomli_w.dumps(table)


def append_entries(path: Path, overrides: list[Override] = (), assignments: list[Assignment] = ()) -> RoundFile:
    """Append tables to the round file (created if absent); everything already in it stays byte for byte."""
    old = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
    current = parse_round_file(old, path)  # raises on a file we could not parse: never overwrite it
    for o in overrides:
        if o.file in current.overrides:
            raise FazhiError(str(path), f"{o.file!r} already has an [[override]]: edit that one", key="override",
                             exit_status=2)
    added = "\n".join([_table("override", {k: v for k, v in vars(o).items() if v not in (None, False)})
                       for o in overrides] + [_table("assign", {k: v for k, v in (
                           ("reviewer", a.reviewer), ("files", list(a.files)), ("governments", list(a.governments)))
                           if v}) for a in assignments])
    new = old + ("" if not old or old.endswith("\n") else "\n") + ("\n" if old else "") + added
    result = parse_round_file(new, path)
    atomic_write_bytes(path, new.encode("utf-8"), backup=True)
    return result
