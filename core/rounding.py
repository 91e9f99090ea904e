"""Figures rounded as people round them by hand (四舍五入: a half goes up, away from zero), from the figure as it is
written (its shortest repr), so that every output of a figure (the views, CSV, JSON, Markdown, XLSX) gives the same
digits. Python's round() sends a half to the even digit and works on the binary value: a weighted total of 42.125
was written 42.12, and an α of −0.5125 read −0.512 in the files beside −0.513 in the view (walk31 #3)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float, places: int) -> float:
    """`value` to `places` decimal places, a half away from zero: 42.125 → 42.13, −0.5125 → −0.513 (at 3)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))
