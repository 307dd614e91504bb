"""The publication date a page's address carries: "/2021/11/09/", "-2021-11-09", a publisher's own
convention (Rudaw's "/230120216-amp" is 23 January 2021), or only the month ("/archives/2018/09/").

A URL date is what the site's CMS stamped when the page was made, so it is a publication date as
trustworthy as a header line, and often the only one a copied page keeps (SPEC section 3: inferred
where the document carries it, never invented). A path that names only the month gives no
publication date but still tells which year a "Sept. 21" in the text belongs to; ``UrlDate.day`` is
then None. The patterns live in ``data/metadata_cues.yaml`` (``url_dates``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from warlog.knowledge import load_yaml

_EARLIEST_YEAR = 1990  # the web's news archives begin in the 1990s: an earlier "year" is an id


@dataclass(frozen=True)
class UrlDate:
    year: int
    month: int
    day: int | None  # None: the path names only the month
    label: str

    @property
    def iso_day(self) -> str | None:
        return date(self.year, self.month, self.day).isoformat() if self.day else None

    @property
    def iso_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class _UrlPattern:
    label: str
    pattern: re.Pattern[str]
    domains: tuple[str, ...]


@lru_cache(maxsize=1)
def _patterns() -> tuple[_UrlPattern, ...]:
    return tuple(
        _UrlPattern(entry["label"], re.compile(entry["pattern"], re.IGNORECASE),
                    tuple(d.lower() for d in entry.get("domains", ())))
        for entry in load_yaml("metadata_cues.yaml")["url_dates"]
    )


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return not domains or any(host == d or host.endswith("." + d) for d in domains)


def _calendar(match: re.Match[str], label: str) -> UrlDate | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
    month = int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else None
    if year < _EARLIEST_YEAR or not 1 <= month <= 12:
        return None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return UrlDate(year, month, day, label)


def date_in_url(url: str | None) -> UrlDate | None:
    """The first date (or month) the URL's path states, by the patterns' order; None if none."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host, path = (parts.hostname or "").lower(), parts.path
    for rule in _patterns():
        if not _on_domain(host, rule.domains):
            continue
        for match in rule.pattern.finditer(path):
            found = _calendar(match, rule.label)
            if found is not None:
                return found
    return None
