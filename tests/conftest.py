"""Shared fixtures: the bundled sample reports and the hand-checked gold files (copied from shared/gold)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "core" / "samples"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"


def sample(name: str) -> Path:
    return SAMPLES / name


def gold(name: str) -> dict:
    return json.loads((GOLD / name).read_text(encoding="utf-8"))


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def norm_heading(s: str) -> str:
    """The gold files' comparison: NFKC, no leading marker, no spaces or punctuation."""
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"^[((]?[一二三四五六七八九十\d]+[))、..]?", "", s.strip())
    return _PUNCT.sub("", s)


@pytest.fixture(scope="session")
def outlines():
    """Every sample parsed once: {"qingxi_2024": Outline, …}."""
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    return {p.stem: parse(read(p)) for p in sorted(SAMPLES.glob("*.txt"))}
