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

from warlog.months import MONTH_NUMBERS, MONTH_PATTERN

_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# A clock time after a date: "at 3:04 pm", "14:05 GMT", "10:32 UTC+03:00", "14:05 (AST)".
_ZONE = r"(?:\s*\(?(?:[A-Z]{2,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?"
_TIME = rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?{_ZONE})?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# All-number dates: "13/07/2024", "13.07.2024", "2024/07/13". Which of day and month comes first
# is only known when one of them is over 12, they are equal, or a format cue says so.
# No backreference here: DATE_REGEX is spliced into patterns whose groups it must not renumber.
_NUMERIC = r"(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{4}/\d{1,2}/\d{1,2})"

#: A complete written date: "August 05, 2017", "5 Aug. 2017", "Monday, 4 August 2017 10:32",
#: "July 13, 2024 at 3:04 pm", "13/07/2024", ISO. An all-number date matches even when its order
#: is ambiguous (the line is still a date line); only the parser decides whether it is usable.
DATE_REGEX = (
    rf"(?:{_WEEKDAY}(?:{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+\d{{4}}|{_NUMERIC}){_TIME}|{_ISO})"
)

_MONTH_FIRST = re.compile(rf"({MONTH_PATTERN})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN}),?\s+(\d{{4}})", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_FIRST_NUMERIC = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_YEAR_LAST_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")


def _month_number(word: str) -> int | None:
    return MONTH_NUMBERS.get(word.lower().rstrip("."))


def _valid(year: int, month: int | None, day: int) -> str | None:
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric_date(text: str, day_first: bool | None) -> str | None:
    """An all-number date, only when its day/month order is certain (or ``day_first`` says it).

    "13/07/2024" can only be day-first and "07/13/2024" only month-first; "07/08/2024" is
    7 August in Europe and 8 July in the US, so without a format cue it is left unread.
    """
    match = _YEAR_FIRST_NUMERIC.search(text)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _YEAR_LAST_NUMERIC.search(text)
    if not match:
        return None
    return numeric_day(int(match.group(1)), int(match.group(3)), int(match.group(4)), day_first)


def year_of_month(month: int, known_year: int, known_month: int) -> int:
    """The year of a month written without one, when the page's own year and month are known: that
    year, or the year before for a later month (a page filed under 2023/01 may speak of "December 30")."""
    return known_year if month <= known_month else known_year - 1


def numeric_day(first: int, second: int, year: int, day_first: bool | None, dotted: bool = False) -> str | None:
    """``YYYY-MM-DD`` for an all-number date written ``first/second/year``, only when the order is
    certain: a number over 12, both equal, a dotted date (day first wherever dots are written), or
    ``day_first`` (a format cue, or the document's own convention); never guessed."""
    if first > 12 or first == second or dotted:
        day_first = True
    elif second > 12:
        day_first = False
    if day_first is None:
        return None
    day, month = (first, second) if day_first else (second, first)
    return _valid(year, month, day)


def parse_publication_date(value: str | None, day_first: bool | None = None) -> str | None:
    """Return ``YYYY-MM-DD`` for a complete date in ``value``, else None.

    Accepts ISO dates and datetimes (the JSON Lines contract), the written forms reports use and
    all-number dates whose order is certain. ``day_first`` is a format cue found beside the date
    ("DD/MM/YYYY"); it settles only an all-number date that is otherwise ambiguous.
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
    return _numeric_date(text, day_first)
