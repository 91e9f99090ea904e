"""One checker for the TOML files people write by hand: rubrics, sessions, keymaps, round files.

A schema is data, declared once per file kind::

    AREA = Table({"id": Str(nonempty=True), "weight": Number(min=0), "keywords": List(Str(nonempty=True))},
                 required=("id", "weight"))

`check(value, schema, problems)` walks a parsed document against it and returns the document converted (ISO strings
to datetimes where a `DateTime` is declared) with every invalid or unknown entry left out, while `problems` collects
every problem at once — each with its dotted key, array items counted from 1 and named by their label
(`areas#4(id='x').weight`), unknown keys with "did you mean". Nothing stops at the first problem: a reviewer fixes
a hand-edited file in one pass.

`read_toml(path, …)` reads and parses a file with every way that can fail (missing, a folder, not UTF-8, not TOML,
nested past the parser's recursion limit) turned into one `FazhiError`. Line numbers come only from the parser (a
syntax error's line): tomllib keeps no positions for keys, and a guessed line misleads more than none.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fazhi.core.errors import NOT_A_FILE, FazhiError, printable
from fazhi.core.record import field, record

#: TOML files we read are small; past this something is wrong (and reading it would cost memory for nothing).
MAX_TOML_BYTES = 16 * 1024 * 1024
#: Integers must fit TOML's signed 64 bits (tomllib accepts more; other tools would not).
INT_LIMIT = 2**63
# These three are compiled here, not through core.patterns: pooling reads sessions with them alone, and reading the
# patterns' cache would cost it more than compiling them.
#: Control characters that have no business in a field (tab and newline are allowed in free text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Bidi controls: invisible, they reorder what is shown around them (a name read backwards). Taken out of what is read
#: and written, not refused: earlier versions wrote what reviewers pasted, and such a file must still open.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


def without_control(text: str) -> str:
    """Free text as a file we write may hold it: the control characters our checker refuses (all but tab and the
    line ends) and bidi controls taken out, so that nothing a reviewer typed or pasted makes their own file
    unreadable or shows reordered."""
    return _BIDI.sub("", _CONTROL.sub("", text))


class Problems:
    """Problems found in one file, as `[dotted.key] message` (or a bare message for the whole file)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[str] = []
        self._seen: set[str] = set()  # a problem met again (the same key written 50,000 times) is said once

    def add(self, key: str, message: str) -> None:
        item = f"[{printable(key)}] {message}" if key else message
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self, what: str, exit_status: int = 1, multiline: bool = False, shown: int | None = None) -> FazhiError:
        """One FazhiError naming the file and listing every problem: on one line (a bad session is one line among
        many in aggregate's output) or one per line (a configuration the user fixes before anything runs); with
        `shown`, the first `shown` of them and "… and N more" (a generated file can hold thousands)."""
        count = len(self.items)
        if count == 1:
            return FazhiError(self.path, f"invalid {what}: {self.items[0]}", exit_status=exit_status)
        listed = self.items if shown is None or count <= shown else [*self.items[:shown],
                                                                      f"… and {count - shown} more"]
        sep = "\n  " if multiline else "; "
        head = f"invalid {what}, {count} problems:" + (sep if multiline else " ")
        return FazhiError(self.path, head + sep.join(listed), exit_status=exit_status)

    def raise_if_any(self, what: str, exit_status: int = 1, multiline: bool = False, shown: int | None = None) -> None:
        if self.items:
            raise self.error(what, exit_status, multiline, shown)


# ------------------------------------------------------------------------------------------------ specs

class Spec:
    """One kind of value. `convert` returns the checked (and converted) value, or MISSING after recording why."""

    kind = "a value"

    def convert(self, value: Any, key: str, problems: Problems) -> Any:
        raise NotImplementedError

    def wrong(self, value: Any, key: str, problems: Problems, what: str | None = None) -> Any:
        # as the file wrote it: a date as TOML writes one (2024-01-01), not as Python does (datetime.date(2024, 1, 1))
        shown = value.isoformat() if isinstance(value, (dt.date, dt.time)) else repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        problems.add(key, f"must be {what or self.kind}, not {_type_name(value)} {shown}")
        return MISSING


MISSING: Any = object()


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table",
            dt.date: "date", dt.datetime: "date and time", dt.time: "time"}.get(type(value), type(value).__name__)


@record
class Str(Spec):
    nonempty: bool = False
    choices: tuple[str, ...] = ()
    multiline: bool = True  # newlines and tabs allowed (notes); other control characters never are
    blank: bool = False  # with nonempty: blanks alone count as content (a quoted passage is what it is)
    #: a name compared with others (a government, a reviewer): an invisible format character (U+200B, a soft hyphen)
    #: is refused, since two names that read alike would differ by it
    visible: bool = False
    #: a file's path as the disk spells it: every character kept and allowed but NUL, which no path holds (a file
    #: name may hold a tab or an ESC, and a session naming one was written and then refused: walk12 F1); shown
    #: through `printable`
    path: bool = False
    #: characters it must not hold, and why (a rubric's phrase is read within one sentence: no sentence end in it)
    refused: tuple[str, str] = ("", "")
    kind = "a string"

    def convert(self, value, key, problems):
        if not isinstance(value, str):
            return self.wrong(value, key, problems)
        kept = value if self.path else _BIDI.sub("", value)  # what is read: emptiness is judged on it, not on controls
        if self.nonempty and not (kept if self.blank else kept.strip()):
            problems.add(key, "must not be empty")
            return MISSING
        if self.path:
            if "\0" in value:
                problems.add(key, "contains a NUL character, which no file's path holds")
                return MISSING
            return value
        if _CONTROL.search(value) or (not self.multiline and _LINE_BREAKS.search(value)):
            problems.add(key, "contains control characters")
            return MISSING
        value = kept
        if self.visible and (hidden := next((c for c in value if unicodedata.category(c) == "Cf"), None)):
            problems.add(key, f"contains an invisible character (U+{ord(hidden):04X})")
            return MISSING
        if self.refused[0] and (bad := next((c for c in value if c in self.refused[0]), None)) is not None:
            problems.add(key, f"holds {bad!r}: {self.refused[1]}")
            return MISSING
        if self.choices and value not in self.choices:
            problems.add(key, f"must be one of {', '.join(map(repr, self.choices))}, not {printable(repr(value))}")
            return MISSING
        return value


@record
class Int(Spec):
    min: int | None = None
    max: int | None = None
    kind = "an integer"

    def convert(self, value, key, problems):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(value, key, problems)
        if not -INT_LIMIT <= value < INT_LIMIT:
            problems.add(key, "is too large for a TOML integer")
            return MISSING
        return _in_range(value, self.min, self.max, key, problems)


@record
class Number(Spec):
    min: float | None = None
    max: float | None = None
    kind = "a number"

    def convert(self, value, key, problems):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.wrong(value, key, problems)
        if isinstance(value, float) and not math.isfinite(value):
            problems.add(key, f"must be a finite number, not {value}")
            return MISSING
        if isinstance(value, int) and not -INT_LIMIT <= value < INT_LIMIT:
            problems.add(key, "is too large for a TOML integer")
            return MISSING
        return _in_range(value, self.min, self.max, key, problems)


def _in_range(value, lo, hi, key, problems):
    if lo is not None and value < lo:
        problems.add(key, f"must be at least {lo}, not {value}")
        return MISSING
    if hi is not None and value > hi:
        problems.add(key, f"must be at most {hi}, not {value}")
        return MISSING
    return value


@record
class Bool(Spec):
    kind = "true or false"

    def convert(self, value, key, problems):
        return value if isinstance(value, bool) else self.wrong(value, key, problems)


@record
class DateTime(Spec):
    """A TOML datetime or an ISO 8601 string (older files); returned as an aware datetime (UTC when it has no
    offset)."""

    kind = "a date and time"

    def convert(self, value, key, problems):
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                return self.wrong(value, key, problems, "an ISO 8601 date and time")
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
        return self.wrong(value, key, problems)


@record
class List(Spec):
    """An array. Its items are named for people: counted from 1 (`override#2`: the second [[override]]), and by
    the value of their `label` key where they are tables that have one (`override#2(file='a.txt')`)."""

    item: Spec
    nonempty: bool = False
    label: str | None = None
    kind = "an array"

    def convert(self, value, key, problems):
        if not isinstance(value, list):
            return self.wrong(value, key, problems)
        if self.nonempty and not value:
            problems.add(key, "must not be empty")
            return MISSING
        out = [self.item.convert(v, self._name(key, i, v), problems) for i, v in enumerate(value)]
        return [v for v in out if v is not MISSING]

    def _name(self, key: str, i: int, item) -> str:
        return item_key(key, i, item, self.label)


def item_key(key: str, i: int, item=None, label: str | None = None) -> str:
    """How a problem names item `i` of the array `key`: counted from 1, as people count ("override#2" is the
    second [[override]]), and by the value of its `label` key when it is a table with one."""
    named = item.get(label) if label and isinstance(item, dict) else None
    return f"{key}#{i + 1}" + (f"({label}={named!r})" if isinstance(named, str) else "")


@record
class Table(Spec):
    """A table with declared keys; `values` checks the keys that are not declared (a table of areas, of ids …),
    and without it an undeclared key is a problem with a "did you mean"."""

    fields: dict[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    values: Spec | None = None
    kind = "a table"

    def convert(self, value, key, problems):
        if not isinstance(value, dict):
            return self.wrong(value, key, problems)
        out = {}
        for name, item in value.items():
            dotted = f"{key}.{name}" if key else name
            spec = self.fields.get(name) or self.values
            if spec is None:
                hint = did_you_mean(name, self.fields) or f" (known keys: {', '.join(self.fields)})"
                problems.add(dotted, f"unknown key{hint}")
                continue
            converted = spec.convert(item, dotted, problems)
            if converted is not MISSING:
                out[name] = converted
        for name in self.required:
            if name not in value:
                problems.add(f"{key}.{name}" if key else name, "missing")
        return out


def check(value: Any, schema: Spec, problems: Problems) -> Any:
    """`value` checked against `schema`: converted, with everything invalid left out and named in `problems`."""
    converted = schema.convert(value, "", problems)
    return {} if converted is MISSING else converted


# ------------------------------------------------------------------------------------------------ reading

def read_toml(path: str | Path, what: str = "file", exit_status: int = 1) -> dict:
    """Parse a TOML file; every way that can fail is one FazhiError naming the file (and the parser's line)."""
    return parse_toml(read_bytes(path, what, exit_status), str(path), what, exit_status)


def read_text(path: str | Path, what: str = "file", exit_status: int = 1) -> str:
    """A small UTF-8 text file (a rubric, a keymap) as text (a BOM dropped), or one FazhiError."""
    raw = read_bytes(path, what, exit_status)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FazhiError(str(path), f"not UTF-8 text: not a {what}", line=raw[: e.start].count(b"\n") + 1,
                         exit_status=exit_status) from None


def read_bytes(path: str | Path, what: str = "file", exit_status: int = 1) -> bytes:
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise FazhiError(name, f"is a folder, not a {what}", exit_status=exit_status)
        if not stat.S_ISREG(st.st_mode):
            raise FazhiError(name, NOT_A_FILE, exit_status=exit_status)
        if st.st_size > MAX_TOML_BYTES:
            raise FazhiError(name, f"is larger than {MAX_TOML_BYTES // 2**20} MB: not a {what}", exit_status=exit_status)
        return p.read_bytes()
    except FileNotFoundError:
        if os.path.islink(p):  # (it is there to see: "no such file" beside it in a listing misleads)
            raise FazhiError(name, "is a symbolic link to no file", exit_status=exit_status) from None
        raise FazhiError(name, f"no such {what}", exit_status=exit_status) from None
    except OSError as e:
        raise FazhiError(name, f"cannot read: {e.strerror or e}", exit_status=exit_status) from None


def parse_toml(raw: bytes | str, name: str, what: str = "file", exit_status: int = 1) -> dict:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")  # a BOM (Windows Notepad's) is no TOML statement
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            raise FazhiError(name, f"not UTF-8 text: not a {what}", line=line, exit_status=exit_status) from None
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        line = int(m.group(1)) if m else None
        if line is None and "end of document" in str(e):  # its last line (walk22: no line named)
            line = raw.count("\n") + (not raw.endswith("\n")) or None
        raise FazhiError(name, f"not valid TOML: {e}", line=line, exit_status=exit_status) from None
    except RecursionError:
        raise FazhiError(name, f"not a {what}: arrays or tables nested too deeply", exit_status=exit_status) from None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info.str_digits_check_threshold: fuzz54)
        m = re.search(r"(?m)(?:^|[=\[,{])[ \t]*[+-]?(\d[\d_]{4299,})", raw)  # (a value's digits, not a string's)
        line = raw.count("\n", 0, m.start(1)) + 1 if m else None
        raise FazhiError(name, f"not valid TOML: a number too long to read: not a {what}", line=line,
                         exit_status=exit_status) from None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """" (did you mean 'x'?)" naming the closest of the `known` names to a misspelt one, else ""."""
    import difflib  # only when a name is misspelt

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
