"""SHA-256 for the whole library, with hashlib imported on first use: loading OpenSSL costs a short command
(`aggregate` of a few sessions, `align`) ~2.5 ms that most never need.

`sha256(data)` is `hashlib.sha256(data)`: the same hash object (`.hexdigest()`, `.digest()`, `.update()`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import hashlib


def sha256(data: bytes = b"") -> hashlib._Hash:
    import hashlib

    return hashlib.sha256(data)
