"""Offset-exact sentence splitting without a model.

The parser is the expensive step, so sentences are found by a cheap rule pass first: every
later stage (trigger matching, the parse of candidate sentences only, evidence offsets) works
on these spans. Lines are hard boundaries (reports put headlines and paragraphs on their own
lines); inside a line we split after ``.?!`` (and closing quotes) when the next word starts a
new sentence, except after common abbreviations and initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from warlog.knowledge import load_yaml


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    # A short line without final punctuation: a headline or section title.
    headline: bool = False


_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in load_yaml("abbreviations.yaml")["abbreviations"])


def _ends_with_abbreviation(text: str) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text.rstrip(".!?\"'”’)] \t"))
    if match is None:
        tail = re.search(r"(\S+)$", text)
        word = tail.group(1) if tail else ""
    else:
        word = match.group(1) + "."
    word = word.rstrip("\"'”’)]").lower()
    if re.fullmatch(r"[a-z]\.", word):  # an initial: "Seth J. Frantzman"
        return True
    return word in _abbreviations() or word.rstrip(".") + "." in _abbreviations()


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans whose offsets index ``text`` exactly."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        line_text = line.group(0)
        if not line_text.strip():
            continue
        cursor = 0
        for boundary in _BOUNDARY.finditer(line_text):
            candidate = line_text[cursor : boundary.end()]
            if _ends_with_abbreviation(line_text[cursor : boundary.start() + 1]):
                continue
            _append(spans, line.start() + cursor, candidate)
            cursor = boundary.end()
        _append(spans, line.start() + cursor, line_text[cursor:])
    _mark_headlines(spans)
    return spans


def _append(spans: list[Span], offset: int, chunk: str) -> None:
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    start = offset + lead
    spans.append(Span(start, start + len(stripped), stripped))


def _mark_headlines(spans: list[Span]) -> None:
    for index, span in enumerate(spans):
        words = span.text.split()
        if 2 <= len(words) <= 20 and not span.text.endswith((".", "!", "?", '"', "”", ":")):
            spans[index] = Span(span.start, span.end, span.text, headline=True)
