"""Figures rounded as people round them by hand (四舍五入: a half goes up, away from zero), from the figure as it is
written (its shortest repr), so that every output of a figure (the views, CSV, JSON, Markdown, XLSX) gives the same
digits. Python's round() sends a half to the even digit and works on the binary value: a weighted total of 42.125
was written 42.12, and an α of −0.5125 read −0.512 in the files beside −0.513 in the view (walk31 #3).

Done on the written digits, not with `decimal`: its import costs pooling one session ~1.3 ms, which the 1-session
`aggregate` budget (≤ 2× a bare tomllib loop) does not have."""
from __future__ import annotations


def half_up(value: float, places: int) -> float:
    """`value` to `places` decimal places, a half away from zero: 42.125 → 42.13, −0.5125 → −0.513 (at 3)."""
    text = repr(value)
    if "e" in text or "n" in text:  # 1e-07, 1e+16, inf, nan: rare, the exact way that reads every form
        from decimal import ROUND_HALF_UP, Decimal

        return float(Decimal(text).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)) if "n" not in text else value
    whole, _, digits = text.lstrip("-").partition(".")
    if len(digits) <= places:
        return value
    units = int(whole + digits[:places]) + (digits[places] >= "5")
    return (-units if text[0] == "-" else units) / 10 ** places  # (an int over a power of ten: correctly rounded)
