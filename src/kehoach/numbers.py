"""Vietnamese number parsing.

Vietnamese documents write a decimal comma and a thousands dot: "2,5" is two
and a half, "1.139" is one thousand one hundred thirty-nine.  Leading zeros
are common for small counts ("02 hoạt động").  English-style "2.5" (a dot
followed by one or two digits) still reads as a decimal, because a thousands
group always has exactly three digits.
"""
from __future__ import annotations

from . import lazyre

# A number as printed: digits with optional thousands groups ("1.139",
# "1.000.000") and an optional decimal part ("2,5"; "2.5" English style).
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
NUMBER_RE = lazyre.compile(rf"(?<![\d.,/])(?:{NUMBER})(?![\d/])")

_THOUSANDS_DOT = lazyre.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_THOUSANDS_COMMA = lazyre.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")


def parse_number(text: str) -> float | None:
    """Parse one printed number ("2,5", "1.139", "02", "1.234,5") to a float.

    Returns None when ``text`` is not a number.
    """
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if not s or not s[0].isdigit():
        return None
    if _THOUSANDS_DOT.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(s):          # "1,000,000" (several comma groups): English thousands
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def find_numbers(text: str) -> list[tuple[int, int, float]]:
    """Every number in ``text`` as (start, end, value), skipping parts of dates
    and reference numbers ("08/01/2025", "01/NQ-CP")."""
    out = []
    for m in NUMBER_RE.finditer(text):
        v = parse_number(m.group(0))
        if v is not None:
            out.append((m.start(), m.end(), v))
    return out
