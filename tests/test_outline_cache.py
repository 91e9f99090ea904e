"""core.outline.parse keeps long texts' outlines in core.cache: read back equal to a fresh outline, never stale."""
import marshal

import pytest

from fazhi.core import cache, outline, versions
from fazhi.core.report import Document

from .conftest import SAMPLES


@pytest.fixture
def long_doc(monkeypatch, tmp_path):
    """A sample report as a document counted long (CACHED_FROM lowered), with the cache in tmp_path."""
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(outline, "CACHED_FROM", 1000)
    text = (SAMPLES / "qingxi_2024.txt").read_text(encoding="utf-8")
    return Document("qingxi_2024.txt", text, "utf-8")


def _outlined_again(monkeypatch) -> list[str]:
    """Record every text parse_text outlines (what the cache saved is not outlined)."""
    calls: list[str] = []
    real = outline.parse_text
    monkeypatch.setattr(outline, "parse_text", lambda text, **kw: calls.append(text) or real(text, **kw))
    return calls


def test_a_long_text_is_outlined_once_and_read_back_equal(long_doc, monkeypatch):
    fresh = outline.parse(long_doc)
    calls = _outlined_again(monkeypatch)
    again = outline.parse(long_doc)
    assert calls == []
    assert again == fresh and again.to_dict() == fresh.to_dict() and again.year == 2024 and again.government
    assert [s.text for s in again.walk()] == [s.text for s in fresh.walk()] and len(again.walk()) > 20


def test_the_same_text_from_another_file_keeps_its_own_source_and_encoding(long_doc):
    outline.parse(long_doc)
    other = outline.parse(Document("copy/清溪镇.html", long_doc.text, "html/gb18030"))
    assert (other.source, other.encoding) == ("copy/清溪镇.html", "html/gb18030")


def test_a_short_text_is_not_cached(long_doc, monkeypatch, tmp_path):
    monkeypatch.setattr(outline, "CACHED_FROM", len(long_doc.text) + 1)
    outline.parse(long_doc)
    assert not (tmp_path / "cache" / "outline").exists()


def test_a_short_text_is_cached_when_kept(long_doc, monkeypatch, tmp_path):
    """`keep`: through the cache whatever the length (a round's reports), read back equal."""
    monkeypatch.setattr(outline, "CACHED_FROM", len(long_doc.text) + 1)
    fresh = outline.parse(long_doc, keep=True)
    assert (tmp_path / "cache" / "outline").exists()
    calls = _outlined_again(monkeypatch)
    again = outline.parse(long_doc, keep=True)
    assert calls == [] and again == fresh and again.to_dict() == fresh.to_dict()
    assert outline.parse(long_doc) == fresh and calls == [long_doc.text]  # (not kept: outlined, as ever)


def test_new_code_outlines_afresh(long_doc, monkeypatch):
    outline.parse(long_doc)
    monkeypatch.setattr(versions, "code_version", lambda *modules: "changed")
    calls = _outlined_again(monkeypatch)
    outline.parse(long_doc)
    assert calls == [long_doc.text]


def test_a_cache_entry_of_another_shape_is_outlined_afresh(long_doc, monkeypatch):
    fresh = outline.parse(long_doc)
    key = f"{long_doc.sha256}-{versions.code_version(*versions.READING_MODULES)}"
    cache.store("outline", key, marshal.dumps(("title only",)))
    calls = _outlined_again(monkeypatch)
    assert outline.parse(long_doc) == fresh and calls == [long_doc.text]
