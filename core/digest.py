"""SHA-256 for the whole library, without loading OpenSSL for a short command.

`sha256(data)` is `hashlib.sha256(data)`: the same digests and the same hash object (`.hexdigest()`, `.digest()`,
`.update()`, `.copy()`). A process hashes its first megabyte with the interpreter's own SHA-256 (`_sha256`, built
into CPython): loading OpenSSL costs ~3.5 ms, a twentieth of `fazhi align`, which hashes two reports of some 50 KB.
Past that megabyte (a round hashes every report of its folder) OpenSSL's, five times faster a byte: loading it
costs what the megabyte cost in the slower one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import hashlib

try:
    from _sha256 import sha256 as _builtin  # (CPython 3.11; _sha2 from 3.12)
except ImportError:
    try:
        from _sha2 import sha256 as _builtin  # type: ignore[no-redef]
    except ImportError:  # built without it: OpenSSL's from the first byte
        _builtin = None

#: Bytes a process hashes with the interpreter's own SHA-256 before it loads OpenSSL's.
BUILTIN_BYTES = 1 << 20
_hashed = 0


def sha256(data: bytes = b"") -> hashlib._Hash:
    global _hashed
    _hashed += len(data)
    if _hashed <= BUILTIN_BYTES and _builtin is not None:
        return _builtin(data)
    import hashlib

    return hashlib.sha256(data)
