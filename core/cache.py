"""An on-disk cache of derived data (token boundaries, outlines, alignment summaries, compiled patterns, checked
rubrics, session files' facts), keyed by content.

Contract: `load(kind, key)` returns exactly the bytes an earlier `store(kind, key, data)` wrote, or None — never a
truncated or corrupted payload: each file starts with a header carrying the payload's length and CRC-32, checked
on every read, and a file that fails the check is removed so it is rebuilt. (A CRC, as zip and PNG keep: it catches
a torn or damaged file, which is what can happen here; SHA-256 cost every command that reads a cache OpenSSL's
import, ~3 ms.) Writes are atomic (a temp file in the
same folder, then os.replace), so a reader never sees half a file. Where the cache lives: $FAZHI_CACHE_DIR, else
$XDG_CACHE_HOME/fazhi, else ~/.cache/fazhi; FAZHI_CACHE_DIR="" turns caching off. A cache that cannot be written
(read-only home, full disk) only costs speed: `store` never raises.

Keys are the caller's business: they must change whenever what is cached would change (a text's sha256 plus the
version of the code and data that derived it).

Size: each kind keeps at most KIND_BUDGET bytes. A store that may have passed it (a large payload, or one store in
PRUNE_EVERY) removes that kind's oldest written files until it holds PRUNE_TO of the budget: entries of old code
versions and reports long gone would otherwise stay for ever (a year of daily use grew one kind to half a gigabyte);
an entry removed is only rebuilt when needed again.
"""
from __future__ import annotations

import os
from pathlib import Path

from zlib import crc32

MAGIC = b"FZC2"
#: Bytes each kind may hold; a prune leaves PRUNE_TO of it.
KIND_BUDGET = 256 * 2**20
PRUNE_TO = 0.75
#: A payload this large may pass the budget at once: the store prunes; smaller ones do one time in PRUNE_EVERY.
PRUNE_LARGE = 1 * 2**20
PRUNE_EVERY = 64
_HEADER = len(MAGIC) + 8 + 4  # magic, payload length and CRC-32 of the payload (big-endian)
#: What a kind or key may be made of (file-name safe). A set, not a pattern: the regex cache itself is stored here.
_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def file_stamp(st: os.stat_result) -> str:
    """A file's state as a key part, without reading it, as Python keys bytecode: size, modification and change times
    and inode (a copy that keeps the modification time, cp -p, rsync -t, unzip, still changes the last two: utime
    cannot set the change time, which moves on every write and chmod)."""
    return f"{st.st_size}-{st.st_mtime_ns}-{st.st_ctime_ns}-{st.st_ino}"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off (FAZHI_CACHE_DIR="")."""
    env = os.environ.get("FAZHI_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi"


def path_for(kind: str, key: str) -> Path | None:
    """The file holding `key` of `kind`; None when caching is off."""
    if not (kind and key and _SAFE.issuperset(kind) and _SAFE.issuperset(key)):
        raise ValueError(f"cache kind and key must be file-name safe: {kind!r}, {key!r}")
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{key}.bin"


def load(kind: str, key: str) -> bytes | None:
    """The stored payload, or None when absent, unreadable, truncated or corrupt (a bad file is removed)."""
    path = path_for(kind, key)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    payload = raw[_HEADER:]
    if (len(raw) < _HEADER or raw[:len(MAGIC)] != MAGIC
            or int.from_bytes(raw[len(MAGIC):len(MAGIC) + 8], "big") != len(payload)
            or int.from_bytes(raw[len(MAGIC) + 8:_HEADER], "big") != crc32(payload)):
        try:
            path.unlink()
        except OSError:
            pass
        return None
    return payload


def exists(kind: str, key: str) -> bool:
    """Whether a file is stored for the key (not checked: `load` checks)."""
    path = path_for(kind, key)
    return path is not None and path.is_file()


def store(kind: str, key: str, data: bytes) -> None:
    """Store atomically; failures are swallowed (a cache that cannot be written only costs speed)."""
    path = path_for(kind, key)
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(MAGIC + len(data).to_bytes(8, "big") + crc32(data).to_bytes(4, "big") + data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return
    if len(data) >= PRUNE_LARGE or int.from_bytes(os.urandom(1), "big") % PRUNE_EVERY == 0:
        prune(path.parent)


def prune(folder: Path, budget: int | None = None) -> None:
    """Remove the oldest written files of one kind's folder until it holds PRUNE_TO of `budget` (KIND_BUDGET), when
    it holds more than that; what cannot be read or removed is left (another process may be pruning too)."""
    budget = KIND_BUDGET if budget is None else budget
    files = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        files.append((st.st_mtime_ns, st.st_size, entry.path))
                except OSError:
                    continue
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    if total <= budget:
        return
    for _, size, name in sorted(files):
        if total <= budget * PRUNE_TO:
            break
        try:
            os.unlink(name)
            total -= size
        except OSError:
            continue
