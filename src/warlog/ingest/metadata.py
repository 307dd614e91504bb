"""Document metadata (title, publisher, author, url, published): from the input, else the text.

The order of trust is fixed: what the input states (JSON Lines fields, the caller's
``--source``/``--published``) beats what the HTML page declares, which beats what the URL's
domain says, which beats cues in the text. A field nobody states stays None: SPEC section 3 says
missing metadata is "never invented", so there is no fallback to the processing date and no
guessed year. Each filled field records where it came from in ``Document.metadata_sources``.

A publication date is read from the text only where a page states it: its header (the first few
lines) or a closing "first published on ..." line. A date inside a news sentence ("On November 1,
2025, the SDF confirmed ...") is an event date and is never taken. Between text cues, a stated
publication ("Published", "Posted on", "Issued on") beats an "Updated" line and a header line that
merely ends in a date: those are provisional and give way to a definite cue found later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from warlog.ingest.boilerplate import MetadataHint, hints_from_match, load_patterns
from warlog.ingest.dates import DATE_REGEX, parse_publication_date
from warlog.ingest.outlets import find_outlet_in, outlet_for_domain
from warlog.knowledge import load_yaml

METADATA_FIELDS = ("title", "publisher", "author", "url", "published", "language")

# Datelines open a report: only this many first paragraphs are searched for one.
_DATELINE_PARAGRAPHS = 5
# A first line is taken as the headline only when it is shorter than this.
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_HEADLINE_START = re.compile(r"^[\"'“‘(\[]?[A-Z0-9]")


# Text cues that only stand in for a field until a definite cue is offered: a page's last edit
# ("Updated ...") is not when it appeared, and a header line ending in a date is a weaker statement
# than "Published on ...". Labels come from boilerplate.yaml and metadata_cues.yaml.
PROVISIONAL_SOURCES = frozenset({"text:update-line", "text:header-date"})
#: The source of a publication date inferred from the text's latest date (ingest/page_dates.py): the
#: weakest of all, taken only where nothing else, provisional or not, dates the page.
INFERRED_SOURCE = "inferred:latest-date-in-text"


@dataclass
class MetadataCollector:
    """First offer wins per field; callers offer in order of trust.

    The one exception: a value from a provisional text cue (``PROVISIONAL_SOURCES``) is replaced
    by the first later offer that is not provisional, so an "Updated" line read early never hides
    the "Published" line read after it.
    """

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: str | None, source: str) -> None:
        if name not in METADATA_FIELDS:
            raise ValueError(f"not a metadata field: {name}")
        value = " ".join(value.split()) if value else ""
        if not value:
            return
        current = self.sources.get(name)
        if current is None or (current in PROVISIONAL_SOURCES and source not in PROVISIONAL_SOURCES | {INFERRED_SOURCE}):
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
    """Tidy a report's header: its title lines, then its publication-date cues.

    This is the one header step the cleaner runs after boilerplate removal, so it also reads the
    date cues only a header (or the last line) may carry; see ``take_date_cues``.
    """
    titled = _tidy_title(text)
    dated = take_date_cues(titled.text)
    return TitleLines(
        text=dated.text,
        removed=titled.removed + [label for label in dated.removed if label not in titled.removed],
        hints=titled.hints + dated.hints,
    )


def _tidy_title(text: str) -> TitleLines:
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


@dataclass(frozen=True)
class DateCue:
    label: str
    pattern: re.Pattern[str]
    zone: str
    remove: bool


@dataclass(frozen=True)
class DateCueSet:
    header_lines: int
    cues: tuple[DateCue, ...]
    format_orders: tuple[tuple[re.Pattern[str], bool], ...]
    lead_max_words: int
    lead_weekdays: frozenset[str]
    lead_last_word_not: frozenset[str]


@lru_cache(maxsize=1)
def load_date_cues() -> DateCueSet:
    """Read and compile ``data/metadata_cues.yaml`` once per process."""
    raw = load_yaml("metadata_cues.yaml")
    formats = [(entry["pattern"], entry["order"] == "day_first") for entry in raw["format_cues"]]
    macros = {
        "DATE": DATE_REGEX,
        "FORMAT": "(?P<format>" + "|".join(f"(?:{pattern})" for pattern, _ in formats) + ")",
    }

    def compile_cue(pattern: str) -> re.Pattern[str]:
        for name, body in macros.items():
            pattern = pattern.replace("{" + name + "}", body)
        return re.compile(pattern, re.IGNORECASE)

    lead = raw["header_date_lead"]
    return DateCueSet(
        header_lines=int(raw["header_lines"]),
        cues=tuple(
            DateCue(entry["label"], compile_cue(entry["pattern"]), entry["zone"], bool(entry["remove"]))
            for entry in raw["date_cues"]
        ),
        format_orders=tuple(
            (re.compile(pattern, re.IGNORECASE), day_first) for pattern, day_first in formats
        ),
        lead_max_words=int(lead["max_words"]),
        lead_weekdays=frozenset(word.lower() for word in lead["weekdays"]),
        lead_last_word_not=frozenset(word.lower() for word in lead["last_word_not"]),
    )


def _slug(label: str) -> str:
    return "text:" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _lead_is_a_name(lead: str, cues: DateCueSet) -> bool:
    """A header-date lead names a bulletin or a place; a clause ("said on Thursday") is news."""
    words = re.findall(r"[\w'’-]+", lead.lower())
    return (
        0 < len(words) <= cues.lead_max_words
        and not cues.lead_weekdays.intersection(words)
        and words[-1] not in cues.lead_last_word_not
    )


def _day_first(match: re.Match[str], cues: DateCueSet) -> bool | None:
    written = match.groupdict().get("format")
    if not written:
        return None
    for pattern, day_first in cues.format_orders:
        if pattern.fullmatch(written):
            return day_first
    return None


def _date_from_cue(cue: DateCue, line: str, cues: DateCueSet) -> str | None:
    match = cue.pattern.match(line)
    if not match:
        return None
    lead = match.groupdict().get("lead")
    if lead is not None and not _lead_is_a_name(lead, cues):
        return None
    return parse_publication_date(match.group("published"), _day_first(match, cues))


def take_date_cues(text: str) -> TitleLines:
    """Publication dates stated in the header or on the last line; pure metadata lines removed.

    Only the first ``header_lines`` non-blank lines and the last one are read: a date anywhere
    else is an event the report describes. A line no cue can date (an ambiguous "07/08/2024"
    with no format cue) is left in place and gives no hint: nothing is guessed.
    """
    cues = load_date_cues()
    lines = text.split("\n")
    content = _non_blank_indexes(lines)
    zones: dict[int, set[str]] = {index: {"header"} for index in content[: cues.header_lines]}
    if content:
        zones.setdefault(content[-1], set()).add("footer")
    result = TitleLines(text=text)
    removed_at: set[int] = set()
    for index, line_zones in sorted(zones.items()):
        line = lines[index].strip()
        for cue in cues.cues:
            if cue.zone not in line_zones:
                continue
            published = _date_from_cue(cue, line, cues)
            if published is None:
                continue
            result.hints.append(MetadataHint("published", published, _slug(cue.label)))
            if cue.remove:
                removed_at.add(index)
                if cue.label not in result.removed:
                    result.removed.append(cue.label)
            break
    result.text = "\n".join(line for i, line in enumerate(lines) if i not in removed_at)
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


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of wire datelines opening the first paragraphs ("AMMAN (Reuters) -"): they
    name where the story was filed and who filed it, not who did anything."""
    spans = []
    offset = 0
    for count, line in enumerate(text.split("\n")):
        stripped = line.lstrip()
        start = offset + len(line) - len(stripped)
        offset += len(line) + 1
        if count > 4 * _DATELINE_PARAGRAPHS:
            break
        for rule in load_patterns().datelines:
            match = rule.pattern.match(stripped)
            if match:
                spans.append((start, start + match.end()))
                break
    return spans


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
