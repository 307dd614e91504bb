"""Line-wise removal of web boilerplate from plain text, turning metadata lines into hints.

Reports arrive as copied page text as often as HTML, so boilerplate (cookie notices, donation
appeals, copyright and fair-use notices, author bios, share prompts, taxonomy menus) must be
recognised in plain text too. A report's paragraphs are its lines, and boilerplate is always a
whole paragraph, so each pattern in ``data/boilerplate.yaml`` is tested against one whole
stripped line: a news sentence that merely mentions "Reuters" or "support" is never cut. Lines
that are pure metadata (a byline, "Global Research, August 05, 2017") are removed as well and
returned as ``MetadataHint``s for ``warlog.ingest.metadata`` to weigh against other sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from warlog.ingest.dates import DATE_REGEX, parse_publication_date
from warlog.ingest.outlets import find_outlet_in, outlet_for_domain, resolve_outlet
from warlog.knowledge import load_yaml

# A "related articles" tail is cut to the end only when it is less than this share of the text.
_MAX_TAIL_SHARE = 0.5
_CREDIT_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


@dataclass(frozen=True)
class MetadataHint:
    """A value for a Document field found in the text, with where it was found (``text:<cue>``)."""

    field: str
    value: str
    source: str


# A rule with ``zone: edges`` reads only this many first lines of a text (and its last line): a lone
# date line further in is a section's or an incident's date, kept in the text (resolve/timeframe.py).
EDGE_LINES = 8


@dataclass(frozen=True)
class LineRule:
    label: str
    pattern: re.Pattern[str]
    extent: str = "line"
    zone: str = "anywhere"  # or "edges": only the first EDGE_LINES lines and the last one


@dataclass(frozen=True)
class PatternSet:
    boilerplate: tuple[LineRule, ...]
    metadata_lines: tuple[LineRule, ...]
    datelines: tuple[LineRule, ...]
    title_suffix: re.Pattern[str]
    bio_continuation: re.Pattern[str]


@dataclass
class StrippedText:
    text: str
    removed: list[str] = field(default_factory=list)
    hints: list[MetadataHint] = field(default_factory=list)


def _compile(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    for name, body in macros.items():
        pattern = pattern.replace("{" + name + "}", body)
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    """Read and compile ``data/boilerplate.yaml`` once per process."""
    raw = load_yaml("boilerplate.yaml")
    macros = {**raw.get("macros", {}), "DATE": DATE_REGEX}

    def rules(section: str) -> tuple[LineRule, ...]:
        return tuple(
            LineRule(entry["label"], _compile(entry["pattern"], macros), entry.get("extent", "line"),
                     entry.get("zone", "anywhere"))
            for entry in raw.get(section) or ()
        )

    return PatternSet(
        boilerplate=rules("boilerplate"),
        metadata_lines=rules("metadata_lines"),
        datelines=rules("datelines"),
        title_suffix=_compile(raw["title_suffix"], macros),
        bio_continuation=_compile(raw["bio_continuation"], macros),
    )


def _slug(label: str) -> str:
    return "text:" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def hints_from_match(
    match: re.Match[str], label: str, outlet_source: str = "text:outlet-name"
) -> list[MetadataHint]:
    """Metadata carried by a pattern's named groups (see the header of boilerplate.yaml).

    ``outlet_source`` names the cue for a publisher found in an ``outlet`` group: a wire
    dateline "(Reuters) -" is a stronger cue than an outlet named in a footer.
    """
    groups = {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}
    hints: list[MetadataHint] = []
    if "author" in groups:
        hints.append(MetadataHint("author", groups["author"], _slug(label)))
    if "credit" in groups:
        people = [n for n in _CREDIT_SPLIT.split(groups["credit"]) if n and not resolve_outlet(n)]
        if people:
            hints.append(MetadataHint("author", ", ".join(people), _slug(label)))
    if "outlet" in groups:
        outlet = find_outlet_in(groups["outlet"])
        if outlet:
            hints.append(MetadataHint("publisher", outlet, outlet_source))
    if "domain" in groups:
        outlet = outlet_for_domain(groups["domain"])
        if outlet:
            hints.append(MetadataHint("publisher", outlet, "text:outlet-name"))
    if "published" in groups:
        published = parse_publication_date(groups["published"])
        if published:
            hints.append(MetadataHint("published", published, _slug(label)))
    return hints


def _first_match(rules: tuple[LineRule, ...], line: str) -> tuple[LineRule, re.Match[str]] | None:
    for rule in rules:
        match = rule.pattern.search(line)
        if match:
            return rule, match
    return None


def strip_boilerplate(text: str) -> StrippedText:
    """Remove boilerplate and metadata lines from ``text`` (paragraphs one per line).

    Blank lines are kept as they are so the paragraph layout survives; the caller collapses
    the runs of blank lines that removal leaves behind.
    """
    patterns = load_patterns()
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    total_chars = sum(len(lines[i]) for i in content) or 1
    removed_at: set[int] = set()
    result = StrippedText(text="")
    in_tail = False

    def note(label: str) -> None:
        if label not in result.removed:
            result.removed.append(label)

    for position, index in enumerate(content):
        line = lines[index].strip()
        found = _first_match(patterns.boilerplate, line) or _first_match(patterns.metadata_lines, line)
        if found is None or (found[0].zone == "edges" and EDGE_LINES <= position < len(content) - 1):
            continue
        rule, match = found
        removed_at.add(index)
        note(rule.label)
        result.hints.extend(hints_from_match(match, rule.label))
        if in_tail:
            continue
        if rule.extent == "rest":
            tail = content[position:]
            if sum(len(lines[i]) for i in tail) < _MAX_TAIL_SHARE * total_chars:
                removed_at.update(tail)
                in_tail = True
        elif rule.extent == "bio":
            _remove_bio_neighbours(lines, content, position, match, patterns, removed_at)

    result.text = "\n".join(line for i, line in enumerate(lines) if i not in removed_at)
    return result


def _remove_bio_neighbours(
    lines: list[str],
    content: list[int],
    position: int,
    match: re.Match[str],
    patterns: PatternSet,
    removed_at: set[int],
) -> None:
    """An author bio is a name line, "About <Name> <N> Articles", and a first-person paragraph."""
    author = (match.groupdict().get("author") or "").strip().lower()
    if position > 0:
        previous = content[position - 1]
        if author and lines[previous].strip().lower() == author:
            removed_at.add(previous)
    if position + 1 < len(content):
        following = content[position + 1]
        if patterns.bio_continuation.search(lines[following].strip()):
            removed_at.add(following)
