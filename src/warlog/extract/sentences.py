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
    # One of the clauses a sentence listing several incidents was cut into (extract/clauses.py).
    clause: bool = False


_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_LINE = re.compile(r"[^\n]+")
_MID_CLAUSE_END = re.compile(r"[\w,]$")  # a line that stops on a word or a comma stops mid-clause
_GOES_ON = re.compile(r"[ \t]*[a-z]")  # the next line goes on in lower case
_WRAPPED_LINE_WORDS = 6  # wire copy wraps at 60-80 characters: ten words or so


@lru_cache(maxsize=1)
def _open_ended() -> re.Pattern[str]:
    """A line ending on a word no sentence ends with (``open_line_endings``)."""
    words = load_yaml("abbreviations.yaml")["open_line_endings"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")$")


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
    for line_start, line_end in _logical_lines(text):
        line_text = text[line_start:line_end]
        cursor = 0
        for boundary in _BOUNDARY.finditer(line_text):
            candidate = line_text[cursor : boundary.end()]
            if _ends_with_abbreviation(line_text[cursor : boundary.start() + 1]):
                continue
            _append(spans, line_start + cursor, candidate)
            cursor = boundary.end()
        _append(spans, line_start + cursor, line_text[cursor:])
    _mark_headlines(spans)
    return spans


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """The text's lines, with wire copy's hard breaks undone: a line that stops mid-clause (no closing
    punctuation, six words or more) and is followed at once by one that goes on in lower case, or that
    ends on a word no sentence ends with, is one line with the next ("... killing two\nsoldiers,
    the ministry said."). A blank line always ends a paragraph."""
    lines: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        if not line.group(0).strip():
            continue
        start, end = line.span()
        if lines and _continues(text, lines[-1], start):
            lines[-1] = (lines[-1][0], end)
        else:
            lines.append((start, end))
    return lines


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    before = text[previous[0] : previous[1]].rstrip()
    return (
        text[previous[1] : start].count("\n") == 1
        and len(before.split()) >= _WRAPPED_LINE_WORDS  # a label ("Country", "start date") is no wrapped line
        and _MID_CLAUSE_END.search(before) is not None
        and (_GOES_ON.match(text, start) is not None or _open_ended().search(before) is not None)
    )


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
