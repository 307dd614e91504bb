"""Publication dates from the places a copied page keeps them besides its header lines: the URL, the
stored page's "date 2016-12-28" stamp, a dateline's day and month completed by the URL's year, and,
for a plain text with nothing else, the latest complete date the text writes (marked inferred).

``warlog.ingest.clean`` offers these after the input's and the HTML's own dates and in this order,
so the strongest statement wins (``MetadataCollector``: first offer wins). SPEC section 3: missing
metadata is inferred where the document carries it and never invented: a dateline "April 27" with
no year anywhere stays undated, and the processing date is never used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from warlog.ingest.boilerplate import MetadataHint
from warlog.ingest.captions import is_caption
from warlog.ingest.dates import DATE_REGEX, parse_publication_date, year_of_month
from warlog.ingest.metadata import INFERRED_SOURCE
from warlog.ingest.url_dates import date_in_url
from warlog.knowledge import load_yaml
from warlog.months import MONTH_NUMBERS, MONTH_PATTERN

# Only so many first paragraphs may open with a dateline.
_DATELINE_PARAGRAPHS = 3
# A line that says when the page was updated ("Last updated", "Modified: ..."): neither it nor the line
# after it (the date of "Last updated / January 18, 2022") dates the page or a section of it.
_UPDATE_LABEL = re.compile(r"^(?:last\s+|page\s+)?(?:updated|modified)\b", re.IGNORECASE)



@dataclass(frozen=True)
class PageStamp:
    year: int
    month: int
    day: int | None
    end: int  # where the stamp ends in the text


@dataclass(frozen=True)
class _Patterns:
    stamp: re.Pattern[str]
    partial_dateline: re.Pattern[str]
    full_date: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    cues = load_yaml("metadata_cues.yaml")
    return _Patterns(
        stamp=re.compile(cues["page_stamp"], re.IGNORECASE),
        partial_dateline=re.compile(cues["partial_dateline"].replace("{MONTH}", MONTH_PATTERN), re.IGNORECASE),
        full_date=re.compile(DATE_REGEX, re.IGNORECASE),
    )


def page_stamp(text: str) -> PageStamp | None:
    """The "date YYYY-MM(-DD)" stamp a stored page opens with, if any."""
    match = _patterns().stamp.match(text)
    if match is None:
        return None
    year, month = int(match.group("y")), int(match.group("m"))
    day = int(match.group("d")) if match.group("d") else None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return PageStamp(year, month, day, match.end())


def without_day_stamp(text: str) -> tuple[str, list[MetadataHint]]:
    """The text without a day stamp, and the stamp as a publication-date hint (a month stamp stays)."""
    stamp = page_stamp(text)
    if stamp is None or stamp.day is None:
        return text, []
    day = date(stamp.year, stamp.month, stamp.day).isoformat()
    return text[stamp.end:], [MetadataHint("published", day, "text:page-stamp")]


def known_month(text: str, url: str | None) -> tuple[int, int] | None:
    """The year and month the page's address or stamp gives, where neither gives the day."""
    return _month_of(url, page_stamp(text))


def _month_of(url: str | None, stamp: PageStamp | None) -> tuple[int, int] | None:
    found = date_in_url(url)
    if found is not None:
        return found.year, found.month
    return (stamp.year, stamp.month) if stamp is not None else None


def dating_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, stripped line) of the lines that may date the page or a section of it: not blank, not a
    picture's caption (ingest/captions.py), not an update label nor the line after one."""
    offset, previous = 0, ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if not (_UPDATE_LABEL.match(previous) or _UPDATE_LABEL.match(stripped) or is_caption(stripped)):
                yield offset, stripped
            previous = stripped
        offset += len(line) + 1


def url_hints(url: str | None) -> list[MetadataHint]:
    found = date_in_url(url)
    return [MetadataHint("published", found.iso_day, "url")] if found is not None and found.iso_day else []


def dateline_day_hints(text: str, url: str | None) -> list[MetadataHint]:
    """A dateline's "April 27" dated by the month the URL or stamp gives: the same month, or one
    within the year before it (a page filed under 2023/01 may carry a "December 30" dateline)."""
    stamp = page_stamp(text)
    month = _month_of(url, stamp)
    if month is None:
        return []
    body = text[stamp.end:] if stamp else text
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()][:_DATELINE_PARAGRAPHS]
    for paragraph in paragraphs:
        match = _patterns().partial_dateline.match(paragraph)
        if match is None:
            continue
        written_month = MONTH_NUMBERS[match.group("month").lower().rstrip(".")]
        year = year_of_month(written_month, *month)
        try:
            day = date(year, written_month, int(match.group("day")))
        except ValueError:
            return []
        return [MetadataHint("published", day.isoformat(), "text:dateline+url")]
    return []


def latest_date_hints(text: str) -> list[MetadataHint]:
    """The latest complete date the text writes, as an inferred publication date: a report is
    written on or after everything it dates. Used only where nothing else dates the page."""
    latest: str | None = None
    for _, line in dating_lines(text):
        for match in _patterns().full_date.finditer(line):
            day = parse_publication_date(match.group(0))
            if day is not None and (latest is None or day > latest):
                latest = day
    return [MetadataHint("published", latest, INFERRED_SOURCE)] if latest else []
