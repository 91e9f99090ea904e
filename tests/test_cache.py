"""The derived-data cache: what was stored comes back exactly; anything damaged is never trusted."""
from __future__ import annotations

import pytest

from fazhi.core import cache


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))


def test_round_trip_and_absent():
    assert cache.load("tokens", "k1") is None
    cache.store("tokens", "k1", b"\x00\x01payload")
    assert cache.exists("tokens", "k1")
    assert cache.load("tokens", "k1") == b"\x00\x01payload"


@pytest.mark.parametrize("damage", ["truncate", "flip", "append", "empty", "garbage"])
def test_damaged_file_is_refused_and_removed(damage):
    cache.store("tokens", "k2", bytes(range(256)) * 4)
    path = cache.path_for("tokens", "k2")
    raw = bytearray(path.read_bytes())
    if damage == "truncate":
        raw = raw[:-10]
    elif damage == "flip":
        raw[-5] ^= 0xFF
    elif damage == "append":
        raw += b"x"
    elif damage == "empty":
        raw = bytearray()
    else:
        raw = bytearray(b"not a cache file at all")
    path.write_bytes(bytes(raw))
    assert cache.load("tokens", "k2") is None
    assert not path.exists()


def test_turned_off_and_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")
    cache.store("tokens", "k3", b"x")
    assert cache.load("tokens", "k3") is None
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(blocker))
    cache.store("tokens", "k3", b"x")  # must not raise
    assert cache.load("tokens", "k3") is None


def test_unsafe_keys_are_refused():
    with pytest.raises(ValueError):
        cache.path_for("tokens", "../escape")
    for unsafe in ("", "key\n", "a/b", "键"):  # a pattern's $ let a key ending in a newline through
        with pytest.raises(ValueError):
            cache.path_for("tokens", unsafe)
    assert cache.path_for("round-align", "ab-12.c_d") is not None or cache.cache_dir() is None


def test_a_kind_past_its_budget_loses_its_oldest_entries(tmp_path, monkeypatch):
    """The cache grew without end (every code version's outlines, reports long gone): a kind past its budget keeps the
    most recently written entries, within PRUNE_TO of it."""
    import os

    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "KIND_BUDGET", 10_000)
    monkeypatch.setattr(cache, "PRUNE_LARGE", 1_000)
    for k in range(30):
        cache.store("outline", f"k{k}", bytes(1_000))
        path = cache.path_for("outline", f"k{k}")
        os.utime(path, ns=(k * 10**9, k * 10**9))  # written one after another
    folder = tmp_path / "cache" / "outline"
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 10_000
    kept = {f.stem for f in folder.iterdir()}
    assert "k29" in kept and "k0" not in kept and cache.load("outline", "k29") == bytes(1_000)
    assert cache.exists("tokens", "k0") is False  # other kinds are their own


def test_pruning_a_folder_it_cannot_read_is_no_error(tmp_path):
    cache.prune(tmp_path / "absent", budget=1)
