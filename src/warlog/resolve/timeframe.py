"""What a document's dates are counted from, position by position: its time frame.

A relative date ("yesterday", "on Tuesday", "March 3") is resolved against a reference day. For most
reports that is the publication date. Two things change it:

* a page gathering several days' reports ("Iraq Situation Report: August 4, 2014 ... August 3,
  2014 ...") dates each section by its heading: "yesterday" under the August 4 heading is 3 August,
  whatever day the page was published (``sections``). A page with a stated publication date and
  one dated heading has no sections: that heading is its date line;
* a page whose address or stamp gives only the month ("/archives/2018/09/", "date 2023-03") has no
  reference day, but its month still tells which year "On Sept. 21" belongs to (``month``; the
  reference is then "YYYY-MM", which ``warlog.resolve.dates`` reads as a month).

Picture captions (ingest/captions.py) date pictures: their dates never date an event (``captions``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from warlog.ingest.captions import caption_spans
from warlog.ingest.dates import DATE_REGEX, parse_publication_date
from warlog.ingest.outlets import outlet_day_first
from warlog.ingest.page_dates import dating_lines, known_month
from warlog.knowledge import load_yaml
from warlog.resolve.dates import numeric_order
from warlog.settings import numeric_date_order


@dataclass(frozen=True)
class TimeFrame:
    published: str | None  # YYYY-MM-DD
    month: str | None = None  # YYYY-MM, where only the month is known
    sections: tuple[tuple[int, str], ...] = ()  # (offset of a dated heading, its YYYY-MM-DD), in order
    captions: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    day_first: bool | None = None  # the order its numeric dates follow (resolve.dates.numeric_order)

    def section_at(self, offset: int) -> int:
        """Which section ``offset`` lies in: 0 before any dated heading, k after the k-th."""
        return bisect_right([start for start, _ in self.sections], offset)

    def reference_at(self, offset: int) -> str | None:
        """The day (or month) dates at ``offset`` are counted from: the last dated heading before it,
        else the publication date, else the month the page's address gives."""
        k = self.section_at(offset)
        if k:
            return self.sections[k - 1][1]
        return self.published or self.month

    def in_caption(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.captions)


@lru_cache(maxsize=1)
def _heading() -> re.Pattern[str]:
    rule = load_yaml("date_cues.yaml")["section_heading"]
    words = rf"(?:[^\s.!?]+\s+){{0,{int(rule['max_words']) - 1}}}[^\s.!?]+"
    return re.compile(
        rf"^(?:(?P<lead>{words}){rule['separator']})?(?P<date>{DATE_REGEX}){rule['trailer']}$", re.IGNORECASE
    )


# "Iraq Situation Report: August 25 - 27, 2015": a heading for a few days is dated by the last.
_DAY_RANGE = re.compile(r"(?<![\d-])\d{1,2}\s*[-–]\s*(\d{1,2})(?![\d-])")


def section_dates(text: str) -> tuple[tuple[int, str], ...]:
    """The dated headings of ``text``: (offset, day), for lines that are a short title ending in a
    complete date (or a few days: "August 25 - 27, 2015" is dated the 27th), or only a date; lines
    that say when the page was updated or a picture taken date no section (``dating_lines``)."""
    found = []
    for offset, line in dating_lines(text):
        match = _heading().match(_DAY_RANGE.sub(r"\1", line))
        day = parse_publication_date(match.group("date")) if match else None
        if day is not None:
            found.append((offset, day))
    return tuple(found)


@lru_cache(maxsize=1)
def _houses() -> tuple[tuple[re.Pattern[str], bool], ...]:
    return tuple((re.compile(h["pattern"]), h["order"] == "day_first")
                 for h in load_yaml("date_cues.yaml")["numeric_date_houses"])


def _house_order(text: str) -> bool | None:
    """The numeric-date order of a house style the text's shape shows (date_cues.yaml numeric_date_houses)."""
    return next((day_first for pattern, day_first in _houses() if pattern.match(text)), None)


def time_frame(text: str, published: str | None, url: str | None, publisher: str | None = None) -> TimeFrame:
    """The document's time frame: its publication date, the month its address gives (where no day is
    known), its dated section headings, its captions, and the order its all-number dates follow: its
    own unambiguous ones, else its publisher's house style (outlets.yaml), else a house style its shape
    shows (an incident summary opening "08/09/2015: ..."), else the user's
    ``WARLOG_NUMERIC_DATES``, else unknown (an ambiguous one stays unread)."""
    month = None
    if published is None:
        known = known_month(text, url)
        month = f"{known[0]:04d}-{known[1]:02d}" if known else None
    sections = section_dates(text)
    if published is not None and len({day for _, day in sections}) < 2:
        sections = ()  # one dated heading is the page's own date line: the stated publication date rules
    order = numeric_order(text)
    if order is None:
        order = outlet_day_first(publisher)
    if order is None:
        order = _house_order(text)
    if order is None:
        order = numeric_date_order()
    return TimeFrame(published, month, sections, tuple(caption_spans(text)), order)
