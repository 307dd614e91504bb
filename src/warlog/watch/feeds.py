"""What to watch: RSS/Atom feeds (parsed by feedparser), OPML lists of feeds, local folders.

feedparser reads every RSS and Atom dialect and normalises dates; we keep from each entry only what
becomes document metadata (the article URL as the feed lists it, the title and the date) and leave
the article itself to the fetcher and the HTML reader, because feed summaries are often truncated.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 in UTC, as the feed dated the entry


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)


class NotAFeed(ValueError):
    """Bytes that are neither RSS nor Atom (message: a one-line reason)."""


@dataclass(frozen=True)
class FeedTarget:
    url: str


@dataclass(frozen=True)
class FolderTarget:
    path: Path


Target = FeedTarget | FolderTarget


def parse_feed(content: bytes, feed_url: str) -> Feed:
    """Entries with a link, in feed order; ``NotAFeed`` if the bytes are not a feed at all."""
    parsed = feedparser.parse(content, response_headers={"content-location": feed_url})
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom structure found"
        raise NotAFeed(f"not an RSS or Atom feed: {reason}")
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        title = (entry.get("title") or "").strip() or None
        entries.append(FeedEntry(url=link, title=title, published=_entry_date(entry)))
    title = (parsed.feed.get("title") or "").strip() or None
    return Feed(title=title, entries=entries)


def _entry_date(entry) -> str | None:
    """The entry's publication date (else its update date) as an ISO UTC datetime."""
    stamp: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat(timespec="seconds")


def read_opml(path: Path) -> list[str]:
    """Every ``xmlUrl`` of an OPML file's outlines (nested folders included), in document order."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise NotAFeed(f"{path}: not a readable OPML file ({error})") from None
    if root.tag.lower() != "opml":
        raise NotAFeed(f"{path}: not an OPML file (root element <{root.tag}>)")
    urls = [outline.get("xmlUrl", "").strip() for outline in root.iter("outline")]
    return list(dict.fromkeys(url for url in urls if url))


def expand_targets(arguments: list[str]) -> list[Target]:
    """Feed URLs, OPML files (every feed they list) and folders; ``ValueError`` naming a bad argument."""
    targets: list[Target] = []
    for argument in arguments:
        if urlsplit(argument).scheme in ("http", "https"):
            targets.append(FeedTarget(argument))
            continue
        path = Path(argument)
        if path.is_dir():
            targets.append(FolderTarget(path.resolve()))
        elif path.is_file():
            targets.extend(FeedTarget(url) for url in read_opml(path))
        else:
            raise ValueError(f"{argument}: not a feed URL, an OPML file or a folder")
    return list(dict.fromkeys(targets))
