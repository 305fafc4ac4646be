"""Numbers as people write them in a spreadsheet: 78.2%, 1,234.5, 1 234, 1.234,5, 66,2, −3, 1e3.

Whether a comma is a decimal mark or a thousands separator is decided once per file, from the
cells that can only be read one way ('66,2', '1.234,5' against '1,234.5', '0.25'), and reported,
so '1,234' is never read as 1.234 in one row and 1234 in the next.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Literal

Decimal = Literal[".", ","]

# What people write for "no value". Compared case-insensitively after trimming.
MISSING = frozenset({"", "n/a", "na", "..", "...", "…", "-", "–", "—", "nan", "null", "none"})

# Spaces people put between groups of digits: plain, no-break, narrow no-break, thin; and the
# apostrophe of Swiss typing.
_GROUP_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'’](?=\d{3}\b)")
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_NUMBER = {
    ".": re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?"),
    ",": re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?(?:[eE][+-]?\d+)?"),
}
# Cells readable only with a decimal comma, or only with a decimal point.
_ONLY_COMMA = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3}){2,})%?$")
_ONLY_POINT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3}){2,})%?$")


def is_missing(text: str) -> bool:
    """Whether a cell says there is no value (empty, n/a, NA, .., -, —)."""
    return text.strip().lower() in MISSING


def _normalise(text: str) -> tuple[str, bool]:
    """TEXT without spaces between digit groups, with an ASCII minus; and whether it ended in '%'."""
    text = text.strip().translate(_MINUS)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    return _GROUP_SPACES.sub("", text), percent


def detect_decimal(cells: Iterable[str]) -> Decimal:
    """The file's decimal mark: ',' when more cells can only be read with a decimal comma than
    with a decimal point; '.' otherwise (and when nothing tells)."""
    comma = point = 0
    for cell in cells:
        text, _ = _normalise(cell)
        comma += bool(_ONLY_COMMA.match(text))
        point += bool(_ONLY_POINT.match(text))
    return "," if comma > point else "."


def parse_number(text: str, decimal: Decimal = ".") -> float | None:
    """The number in TEXT, None when the cell says there is no value.

    Raises ValueError when the text is neither: it is reported, never turned into 0.
    """
    if is_missing(text):
        return None
    cleaned, _ = _normalise(text)
    if not cleaned or not any(ch.isdigit() for ch in cleaned) or not _NUMBER[decimal].fullmatch(cleaned):
        raise ValueError(text)
    thousands = "," if decimal == "." else "."
    value = float(cleaned.replace(thousands, "").replace(decimal, "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def has_percent(text: str) -> bool:
    """Whether a cell was written with a percent sign ('78.2%')."""
    return _normalise(text)[1]
