"""Publication dates written the ways reports write them, turned into ``YYYY-MM-DD``.

Only complete dates (day, month and year) become a publication date: "Nov 3" in a Reuters
dateline has no year, and guessing one would invent metadata, which SPEC section 3 forbids.
The processing date is never used as a fallback. ``DATE_REGEX`` is the textual shape the
boilerplate patterns splice in as ``{DATE}``, so the patterns and this parser agree on what a
date looks like.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# English month names are calendar facts rather than curated knowledge, so they live here.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
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
        ),
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

#: A complete written date: "August 05, 2017", "5 Aug. 2017", "Monday, 4 August 2017 10:32", ISO.
DATE_REGEX = (
    rf"(?:{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}){_TIME}|{_ISO})"
)

_MONTH_FIRST = re.compile(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


def _valid(year: int, month: int | None, day: int) -> str | None:
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_publication_date(value: str | None) -> str | None:
    """Return ``YYYY-MM-DD`` for a complete date in ``value``, else None.

    Accepts ISO dates and datetimes (the JSON Lines contract) and the written forms reports use.
    """
    if not value:
        return None
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            # fromisoformat validates the whole string, including a time part and offset.
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    match = _MONTH_FIRST.search(text)
    if match:
        return _valid(int(match.group(3)), _month_number(match.group(1)), int(match.group(2)))
    match = _DAY_FIRST.search(text)
    if match:
        return _valid(int(match.group(3)), _month_number(match.group(2)), int(match.group(1)))
    return None
