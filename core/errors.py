"""One error type for bad input, so every front end can print one clear line and exit 1 (or 2).

Messages carry data (file names, keys, values read from files): `printable` makes such text safe to print, so a
file name holding an escape sequence can never drive the terminal (OSC 52 and friends); `shown_name` shows a file's
name as a person reads it (a name in GB18030 bytes read so), printable too.
"""
from __future__ import annotations


from fazhi.core.patterns import lazy
from fazhi.core.record import record

# C0 controls but tab and newline, DEL, C1 controls (U+0080–U+009F, CSI among them), the bidi overrides that
# make a terminal show text in an order other than its bytes, and lone surrogates (a file name that is not UTF-8:
# no UTF-8 output can encode them).
_UNPRINTABLE = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_OR_NEWLINE = lazy(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


#: What is said of a path that names a device or a pipe where a file is read (reading one would never end:
#: /dev/zero, a FIFO nobody writes to).
NOT_A_FILE = "is a device or a pipe, not a file"


def failed_on(error: Exception) -> str:
    """What is said of a file on which fazhi's own code failed (a bug an odd file met): named, one line, reported."""
    return f"fazhi failed on this file ({type(error).__name__}: {error}); please report it"


def printable(text: str, newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (\\x1b, \\x9b, \\u202e …); newlines and tabs are kept
    only when `newlines` is true."""
    pattern = _UNPRINTABLE if newlines else _UNPRINTABLE_OR_NEWLINE
    return pattern.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


#: A part of a path (between two "/") holding a byte that is not UTF-8: Python reads such a byte as a lone surrogate
#: U+DC80–U+DCFF (surrogateescape), so the part is decoded again from its bytes, whole.
_NOT_UTF8_PART = lazy(r"[^/]*[\udc80-\udcff][^/]*")


def shown_name(path: str) -> str:
    """A file's name or path as a person is shown it, never as it is opened (the path itself does that). A part of it
    that is not UTF-8 is read as GB18030 where its bytes are that (the names zips made on Chinese Windows leave: 清溪,
    not \\udcc7\\udce5…), else its odd bytes are shown as U+FFFD; control characters written out (`printable`)."""
    return printable(_NOT_UTF8_PART.sub(lambda m: _as_read(m.group(0)), path))


def _as_read(part: str) -> str:
    try:
        raw = part.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name's byte gives: not bytes to read again
        return part.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    try:
        return raw.decode("gb18030")  # (its ASCII is ASCII: only the other bytes are read as Chinese)
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


@record
class FazhiError(Exception):
    """Bad input: names the file and, where known, the line or dotted key."""

    path: str
    message: str
    line: int | None = None
    key: str | None = None
    exit_status: int = 1  # 1 bad input; 2 for configuration the user must fix before anything runs

    def __str__(self) -> str:
        where = shown_name(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": [{printable(self.key)}]"
        return f"{where}: {printable(self.message, newlines=True)}"
