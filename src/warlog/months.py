"""English month names, declared once: calendar facts rather than curated knowledge.

Ingest reads them in publication dates, extraction masks dates before counting casualties,
resolution dates events, and the ACLED export writes them in notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Each month's full name first, then its abbreviations (lower case).
_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

#: "January" .. "December".
MONTH_NAMES: tuple[str, ...] = tuple(names[0].capitalize() for names in _MONTHS)
#: Lower-case full name or abbreviation -> month number 1..12.
MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {name: number for number, names in enumerate(_MONTHS, start=1) for name in names}
)
#: A regex matching any name or abbreviation, with an optional full stop (longest first; match it
#: case-insensitively where capitals may occur).
MONTH_PATTERN = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
