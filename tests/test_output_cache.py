"""`fazhi align --json` printed again from the cache: the same bytes, without the aligning code, and never for
changed files, options or code (core.output_cache)."""
from __future__ import annotations

import sys

import pytest

from fazhi.core import output_cache
from fazhi.tui.cli import main
from tests.conftest import sample


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(sample("qingxi_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(sample("dongkeng_2017.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return a, b


def _align(capsys, *argv) -> str:
    assert main(["align", *map(str, argv), "--json"]) == 0
    return capsys.readouterr().out


def _computed(capsys, monkeypatch, *argv) -> str:
    with monkeypatch.context() as m:
        m.setenv("FAZHI_CACHE_DIR", "")
        return _align(capsys, *argv)


def test_a_second_run_prints_the_same_bytes_without_aligning(pair, capsys, monkeypatch):
    a, b = pair
    first = _align(capsys, a, b)
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "fazhi.core.align", None)  # importing it now fails: the output must come from the cache
        assert _align(capsys, a, b) == first
    assert first == _computed(capsys, monkeypatch, a, b)


def test_a_changed_report_or_option_is_aligned_again(pair, capsys, monkeypatch):
    a, b = pair
    first = _align(capsys, a, b)
    pinned = _align(capsys, a, b, "--pin", "1=2")
    assert pinned != first and pinned == _computed(capsys, monkeypatch, a, b, "--pin", "1=2")
    assert _align(capsys, a, b, "--forbid", "1=2") != pinned  # a forbid is not a pin of the same ids
    text = b.read_text(encoding="utf-8")
    b.write_text(text.replace("一、", "一、坚持依法行政,", 1), encoding="utf-8")  # same folder entry, new content
    changed = _align(capsys, a, b)
    assert changed != first and changed == _computed(capsys, monkeypatch, a, b)


def test_a_damaged_stored_output_is_computed_again(pair, capsys, monkeypatch, tmp_path):
    a, b = pair
    first = _align(capsys, a, b)
    (stored,) = (tmp_path / "cache" / "align-json").iterdir()
    stored.write_bytes(stored.read_bytes()[:-40])
    assert _align(capsys, a, b) == first


def test_the_key_follows_arguments_inputs_and_code(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    report, code = tmp_path / "r.txt", tmp_path / "cmd.py"
    report.write_text("一、", encoding="utf-8")
    code.write_text("x = 1\n", encoding="utf-8")
    key = output_cache.key("k", ["a"], [str(report)], [str(code)])
    assert key == output_cache.key("k", ["a"], [str(report)], [str(code)])
    assert key != output_cache.key("k", ["b"], [str(report)], [str(code)])
    code.write_text("x = 22\n", encoding="utf-8")
    assert key != output_cache.key("k", ["a"], [str(report)], [str(code)])
    assert output_cache.key("k", ["a"], [str(tmp_path / "gone.txt")], []) is None  # the command says why itself
    now = output_cache.key("k", ["a"], [str(report)], [str(code)])
    monkeypatch.setattr("sys.version", "3.99.0 (a newer Python)")  # reread7 #7: libraries and Python make it too
    assert now != output_cache.key("k", ["a"], [str(report)], [str(code)])
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")
    assert output_cache.key("k", ["a"], [str(report)], []) is None


def test_what_the_command_said_on_stderr_is_said_again(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    output_cache.store("k", "abc", "fazhi align: a note\n", '{"pairs": []}\n')
    assert output_cache.load("k", "abc") == ("fazhi align: a note\n", '{"pairs": []}\n')
    assert output_cache.load("k", "other") is None
