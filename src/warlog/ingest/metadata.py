"""Document metadata (title, publisher, author, url, published): from the input, else the text.

The order of trust is fixed: what the input states (JSON Lines fields, the caller's
``--source``/``--published``) beats what the HTML page declares, which beats what the URL's
domain says, which beats cues in the text. A field nobody states stays None: SPEC section 3 says
missing metadata is "never invented", so there is no fallback to the processing date and no
guessed year. Each filled field records where it came from in ``Document.metadata_sources``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warlog.ingest.boilerplate import MetadataHint, hints_from_match, load_patterns
from warlog.ingest.outlets import find_outlet_in, outlet_for_domain

METADATA_FIELDS = ("title", "publisher", "author", "url", "published", "language")

# Datelines open a report: only this many first paragraphs are searched for one.
_DATELINE_PARAGRAPHS = 5
# A first line is taken as the headline only when it is shorter than this.
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_HEADLINE_START = re.compile(r"^[\"'“‘(\[]?[A-Z0-9]")


@dataclass
class MetadataCollector:
    """First offer wins per field; callers offer in order of trust."""

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: str | None, source: str) -> None:
        if name not in METADATA_FIELDS:
            raise ValueError(f"not a metadata field: {name}")
        value = " ".join(value.split()) if value else ""
        if value and name not in self.values:
            self.values[name] = value
            self.sources[name] = source

    def offer_hints(self, hints: list[MetadataHint]) -> None:
        for hint in hints:
            self.offer(hint.field, hint.value, hint.source)

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def publisher_from_url(url: str | None) -> str | None:
    """The canonical outlet owning ``url``'s domain, when the outlet list knows it."""
    return outlet_for_domain(url)


@dataclass
class TitleLines:
    text: str
    removed: list[str] = field(default_factory=list)
    hints: list[MetadataHint] = field(default_factory=list)


def _non_blank_indexes(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def tidy_title_lines(text: str) -> TitleLines:
    """Drop a site-name suffix from the first line and a repeated title right below it.

    Pages copied as text often start "Headline • Site Name" followed by "Headline": the site
    name becomes a publisher hint, and the headline is kept once.
    """
    lines = text.split("\n")
    content = _non_blank_indexes(lines)
    result = TitleLines(text=text)
    if not content:
        return result
    first = content[0]
    match = load_patterns().title_suffix.match(lines[first].strip())
    if match:
        outlet = find_outlet_in(match.group("outlet"))
        if outlet:
            lines[first] = match.group("title").strip()
            result.removed.append("site name in title")
            result.hints.append(MetadataHint("publisher", outlet, "text:outlet-name"))
    if len(content) > 1 and lines[first].strip().lower() == lines[content[1]].strip().lower():
        del lines[first]
        result.removed.append("duplicate title")
    result.text = "\n".join(lines)
    return result


def dateline_hints(text: str) -> list[MetadataHint]:
    """Publisher (and a complete date, if written) from a wire dateline opening a paragraph."""
    rules = load_patterns().datelines
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()][:_DATELINE_PARAGRAPHS]
    for paragraph in paragraphs:
        for rule in rules:
            match = rule.pattern.match(paragraph)
            if match:
                hints = hints_from_match(match, rule.label, outlet_source="text:dateline")
                if hints:
                    return hints
    return []


def headline_of(text: str) -> str | None:
    """The first line when it looks like a headline: short, no final period, capitalised."""
    for line in text.split("\n"):
        candidate = line.strip()
        if not candidate:
            continue
        words = candidate.split()
        if (
            len(candidate) < _MAX_TITLE_CHARS
            and len(words) <= _MAX_TITLE_WORDS
            and len(words) >= 2
            and not candidate.rstrip("\"'”’)").endswith((".", ",", ";", ":"))
            and _HEADLINE_START.match(candidate)
        ):
            return candidate
        return None
    return None
