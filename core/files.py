"""Writing files so that nothing is lost: atomic replacement with a backup, leftovers of interrupted saves swept,
and a check that a file is still what we last read before we replace it.

`atomic_write(path, payload, backup=…)`: a temp file in the same folder, fsync, os.replace, fsync the folder — a
reader (or a crash) sees the old file or the new one, never half of one. With `backup`, the previous version is kept
as `<name>.bak`. A new file gets the permissions the umask gives (not mkstemp's 0600), a replaced one keeps its
own. A symlink is written through (its target replaced, the link kept); a device or pipe (/dev/stdout) is
written to directly; a folder, and a file without write permission (its owner's "do not change"), are refused.
Temp files left by a save that was killed are removed by the next save.

`Fingerprint.of(path)` identifies a file's content as last seen (size, mtime, sha256), so a caller can refuse to
replace a file another process changed since.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from fazhi.core.digest import sha256
from fazhi.core.errors import FazhiError
from fazhi.core.record import record


@record(frozen=True)
class Fingerprint:
    """What a file held when we last read or wrote it."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint | None:
        """The file's fingerprint now; None when it does not exist."""
        try:
            st = os.stat(path)
            data = Path(path).read_bytes()
        except FileNotFoundError:
            return None
        return cls.of_bytes(path, data, st)

    @classmethod
    def of_bytes(cls, path: Path, data: bytes, st: os.stat_result | None = None) -> Fingerprint:
        return cls(len(data), (st or os.stat(path)).st_mtime_ns, sha256(data).hexdigest())

    def same_content(self, other: Fingerprint | None) -> bool:
        return other is not None and (self.size, self.sha256) == (other.size, other.sha256)


def _umask() -> int:
    """The process's umask (read from /proc where Linux shows it, as setting it to learn it races with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return int(next(line.split()[1] for line in f if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def atomic_write(path: str | Path, payload: bytes, backup: bool = False, backup_name: str | None = None) -> Path:
    """Write `payload` to `path` atomically (see the module docstring); returns the file really written. `backup`:
    its last version kept beside it as `backup_name` (default: its name and .bak)."""
    path = Path(path)
    if path.is_symlink():  # write through: the link stays a link
        try:
            path = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a link to nothing (whose folders would be made wherever it points), a loop
            raise FazhiError(str(path), "is a symbolic link to no file: not written (remove the link, or write "
                                        "elsewhere)") from None
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise FazhiError(str(path), f"cannot write: {e.strerror or e}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise FazhiError(str(path), "is a folder: give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        return _write_in_place(path, payload)  # a device or a pipe cannot be replaced, only written to
    if mode is not None and not mode & 0o222:  # its owner made it read-only: a rename would replace it all the same
        raise FazhiError(str(path), "is read-only: not replaced (make it writable, or write elsewhere)")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_interrupted(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise FazhiError(str(path), f"cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        # keep the file's permissions; a new file gets what open() would give it (mkstemp's are 0600: a colleague
        # pooling a shared round folder could not read the sessions)
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        if backup and mode is not None:
            os.replace(_copy_aside(path, folder, stat.S_IMODE(mode)), path.with_name(backup_name or path.name + ".bak"))
        os.replace(tmp, path)
    except OSError as e:
        _unlink(tmp)
        raise FazhiError(str(path), f"cannot write: {e.strerror or e}") from None
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_folder(folder)
    return path


def _copy_aside(path: Path, folder: Path, mode: int) -> str:
    """A copy of the current file, with its permissions, under a temp name (becomes the .bak by rename: atomic too)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".bak.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(path.read_bytes())
            f.flush()
            os.fsync(f.fileno())  # (on disk before its rename, as the file itself: read54)
        os.chmod(tmp, mode)
    except BaseException:  # a full disk: no empty copy is left behind (the save itself says why it failed)
        _unlink(tmp)
        raise
    return tmp


def _write_in_place(path: Path, payload: bytes) -> Path:
    try:
        with open(path, "wb") as f:
            f.write(payload)
    except OSError as e:
        raise FazhiError(str(path), f"cannot write: {e.strerror or e}") from None
    return path


def sweep_interrupted(path: Path, any_file: bool = False) -> list[Path]:
    """Remove temp files that saves of `path` left behind when their process died (`any_file`: saves of any file of
    its folder: a draft's name is never written again once its window is gone, monkey54 #4); returns what was
    removed."""
    name = ".+" if any_file else re.escape(path.name)
    pattern = re.compile(rf"^\.{name}\.(\d+)\.[^.]+(?:\.bak)?\.tmp$")
    removed = []
    folder = path.parent if str(path.parent) else Path(".")
    for candidate in folder.glob(".*.tmp" if any_file else f".{glob_escape(path.name)}.*.tmp"):
        m = pattern.match(candidate.name)
        if m and not process_alive(int(m.group(1))):
            _unlink(candidate)
            removed.append(candidate)
    return removed


def visible_files(folder: Path, suffixes: tuple[str, ...] | frozenset[str],
                  on_error: Callable[[OSError], None] | None = None) -> Iterator[Path]:
    """The files under `folder` (recursively, folder by folder in name order) whose suffix is one of `suffixes`, as a
    person sees the folder: hidden ones passed over (names starting with "." — .git, .trash, an editor's lock .#x —
    and "~$", Word's lock files); links to folders not followed. `on_error`: os.walk's, for a folder it cannot read.
    A round's reports and a sessions folder are found by this one rule (a session in .trash counted for one, not
    the other: reread8)."""
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(root) / f for f in sorted(files)
                    if os.path.splitext(f)[1].lower() in suffixes and not f.startswith((".", "~$")))


def unicode_path(path: str | None) -> str | None:
    """A path as a TOML or JSON file can hold it: a file name that is not UTF-8 (Python reads its bytes as lone
    surrogates) with U+FFFD for those bytes (fuzz4: a session naming such a report could not be saved at all)."""
    if path is None:
        return None
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unused_name(folder: Path, stem: str, suffix: str) -> str:
    """`stem` + `suffix`, else `stem`-2 + `suffix`, -3 …: the first name no file in `folder` has (OSError where the
    folder cannot be searched)."""
    name, n = stem + suffix, 1
    while (folder / name).exists():
        n += 1
        name = f"{stem}-{n}{suffix}"
    return name


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def process_alive(pid: int) -> bool:
    """Whether process `pid` of this computer is running (ours always is)."""
    if pid == os.getpid():
        return True  # ours: possibly a save in flight on another thread
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    state = _stat_field(pid, 0)  # ended, not yet reaped by its parent (a zombie: signals reach it all the same)
    return state != "Z"  # (no /proc: as the signal says)


def process_started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot), "" where that cannot be read: with its number, it names
    one process however the numbers are used again."""
    return _stat_field(pid, 19)


def _stat_field(pid: int, k: int) -> str:
    """Field `k` after the command name of /proc/PID/stat (0: the state; 19: the start time), "" where unread."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[k]
    except (OSError, IndexError):
        return ""


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # not every filesystem lets a folder be synced; the rename is still atomic
