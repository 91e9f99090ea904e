"""core.digest: the digests hashlib gives, from the interpreter's own SHA-256 for a process's first megabyte and
from OpenSSL's after."""
from __future__ import annotations

import hashlib

from fazhi.core import digest


def test_the_digests_are_hashlibs_before_and_past_the_first_megabyte(monkeypatch):
    monkeypatch.setattr(digest, "_hashed", 0)
    small, large = "法治政府".encode() * 100, bytes(range(256)) * 5000
    first = digest.sha256(small)
    assert first.hexdigest() == hashlib.sha256(small).hexdigest() and type(first) is not type(hashlib.sha256())
    grown = digest.sha256(small)
    grown.update(large)
    assert grown.hexdigest() == hashlib.sha256(small + large).hexdigest()
    assert grown.copy().digest() == hashlib.sha256(small + large).digest()
    past = digest.sha256(large * 2)  # past the first megabyte: OpenSSL's
    assert type(past) is type(hashlib.sha256()) and past.hexdigest() == hashlib.sha256(large * 2).hexdigest()
    assert digest.sha256().hexdigest() == hashlib.sha256().hexdigest()
