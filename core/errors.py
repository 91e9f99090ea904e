"""One error type for bad input, so every front end can print one clear line and exit 1."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FazhiError(Exception):
    """Bad input: names the file and, where known, the line or dotted key."""

    path: str
    message: str
    line: int | None = None
    key: str | None = None
    exit_status: int = 1  # 1 bad input; 2 for configuration the user must fix before anything runs

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": [{self.key}]"
        return f"{where}: {self.message}"


def toml_error(path: str, error: Exception, exit_status: int = 1) -> FazhiError:
    """A TOML syntax error as a FazhiError carrying the line tomllib reports."""
    import re

    m = re.search(r"line (\d+)", str(error))
    return FazhiError(path, f"not valid TOML: {error}", line=int(m.group(1)) if m else None, exit_status=exit_status)
