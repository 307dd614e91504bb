"""Figures in text: number words, vague amounts and bounds read as one integer ("at least 26" -> 26).

The ground floor that both extraction (casualty counts, ``warlog.extract.numbers``) and resolution
(relative dates, "three days ago", ``warlog.resolve.dates``) read figures with. The vocabulary and
ACLED's counting conventions for vague words and bounds live in ``data/numbers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warlog.knowledge import load_yaml

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?![\d])"  # 1,200
    r"|\d+(?:-[a-z]+)+"  # 25-year-old: an adjective, not a count
    r"|\d+(?:\.\d+)?"
    r"|[a-z]+(?:['’-][a-z0-9]+)*"
    r"|[^\sa-z\d]"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


@dataclass
class Token:
    text: str
    start: int
    end: int


@dataclass
class Quantity:
    first: int  # token index of the first token (qualifier included)
    last: int  # token index of the last token of the figure
    value: int
    approximate: bool
    people: bool  # false for "3 km", "two tanks": not a head count
    subset: bool  # "including two children": part of a count already given


@dataclass(frozen=True)
class NumberWords:
    """The number vocabulary of ``data/numbers.yaml``."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: tuple[tuple[tuple[str, ...], int], ...]  # longest first
    qualifiers: tuple[tuple[str, ...], ...]  # longest first
    exact_qualifiers: frozenset[tuple[str, ...]]
    singular: frozenset[str]
    zero: tuple[tuple[str, ...], ...]
    people: frozenset[str]
    not_people: frozenset[str]
    openers: frozenset[str]  # words a quantity can start with (digits aside): a cheap pre-check
    subset_markers: frozenset[str]  # "including two children": part of a count already given


def _phrases(items: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(str(i).split()) for i in items), key=len, reverse=True))


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    data = load_yaml("numbers.yaml")
    phrases = [*data["vague"], *data["qualifiers"], *data["zero"]]
    openers = {str(p).split()[0] for p in phrases} | set(data["units"]) | set(data["tens"])
    openers |= set(data["singular"]) | {"between", "another"}
    return NumberWords(
        units=dict(data["units"]),
        tens=dict(data["tens"]),
        scales=dict(data["scales"]),
        vague=tuple(
            sorted(((tuple(k.split()), int(v)) for k, v in data["vague"].items()), key=lambda kv: -len(kv[0]))
        ),
        qualifiers=_phrases(data["qualifiers"]),
        exact_qualifiers=frozenset(tuple(q.split()) for q in data["exact_qualifiers"]),
        singular=frozenset(data["singular"]),
        zero=_phrases(data["zero"]),
        people=frozenset(data["people"]),
        not_people=frozenset(str(w) for w in data["not_people"]),
        openers=frozenset(openers),
        subset_markers=frozenset(data["subset_markers"]),
    )


def lower_keeping_offsets(text: str) -> str:
    """Lower-case without changing any offset (a few characters lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def tokenize(lowered: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]


def _starts_with(words: list[str], at: int, phrase: tuple[str, ...]) -> bool:
    return words[at] == phrase[0] and tuple(words[at : at + len(phrase)]) == phrase


def _skippable(words: list[str], i: int, at: int, seen: bool, lex: NumberWords) -> bool:
    """ "a" in "a hundred" and "and" in "one hundred and twenty" join number words."""
    if i + 1 >= len(words):
        return False
    following = words[i + 1]
    if words[i] in ("a", "an") and i == at:
        return following in lex.scales
    return words[i] == "and" and seen and (following in lex.units or following.split("-")[0] in lex.tens)


def _number_words(words: list[str], at: int, lex: NumberWords) -> tuple[int, int] | None:
    """Parse "twenty-six", "a hundred", "one hundred and twenty": (value, tokens used)."""
    total, current, used, seen = 0, 0, 0, False
    i = at
    while i < len(words):
        word = words[i]
        parts = word.split("-")
        if len(parts) == 2 and parts[0] in lex.tens and parts[1] in lex.units:
            current += lex.tens[parts[0]] + lex.units[parts[1]]
        elif word in lex.units:
            current += lex.units[word]
        elif word in lex.tens:
            current += lex.tens[word]
        elif word in lex.scales and (seen or (i == at + 1 and words[at] in ("a", "an"))):
            scale = lex.scales[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif _skippable(words, i, at, seen, lex):
            i += 1
            continue
        else:
            break
        seen = True
        i += 1
        used = i - at
    if not seen:
        return None
    return total + current, used


def _figure(words: list[str], at: int, lex: NumberWords) -> tuple[int, int, bool] | None:
    """The figure starting at token ``at`` (no qualifier): (value, tokens used, approximate)."""
    word = words[at]
    for phrase in lex.zero:
        if _starts_with(words, at, phrase):
            return 0, len(phrase), False
    for phrase, value in lex.vague:
        if _starts_with(words, at, phrase):
            return value, len(phrase), True
    if word[0].isdigit():
        # More than nine digits is no count of people (and int() refuses past 4300 digits).
        if not re.fullmatch(r"\d{1,3}(?:,\d{3}){1,2}|\d{1,9}", word) or _YEAR_LIKE.fullmatch(word):
            return None
        value, used = int(word.replace(",", "")), 1
        # A range "20-30", "20 to 30" keeps the lower figure (ACLED).
        if at + 2 < len(words) and words[at + 1] in ("-", "–", "to") and words[at + 2].isdigit():
            return value, 3, True
        return value, used, False
    parsed = _number_words(words, at, lex)
    if parsed:
        value, used = parsed
        nxt = at + used
        if nxt + 1 < len(words) and words[nxt] in ("to", "or") and _number_words(words, nxt + 1, lex):
            _, more = _number_words(words, nxt + 1, lex) or (0, 0)
            return value, used + 1 + more, True
        return value, used, False
    if word == "another":
        follow = _number_words(words, at + 1, lex) if at + 1 < len(words) else None
        if follow:
            return follow[0], 1 + follow[1], False
        return 1, 1, False
    if word in lex.singular:
        # "a soldier", "a young civilian", "a 25-year-old man": 1 only before a person.
        for gap in (1, 2, 3):
            if at + gap < len(words) and words[at + gap] in lex.people:
                return 1, 1, False
        return None
    return None


def _quantity_at(words: list[str], at: int, lex: NumberWords) -> Quantity | None:
    head = words[at]
    if not head[0].isdigit() and head not in lex.openers and head.split("-")[0] not in lex.openers:
        return None
    start, approximate = at, False
    if words[at] == "between":
        low = _figure(words, at + 1, lex)
        if low and at + 1 + low[1] < len(words) and words[at + 1 + low[1]] == "and":
            high = _figure(words, at + 2 + low[1], lex)
            if high:
                return Quantity(at, at + 1 + low[1] + high[1], low[0], True, True, False)
        return None
    for phrase in lex.qualifiers:
        if _starts_with(words, at, phrase):
            approximate = phrase not in lex.exact_qualifiers
            at += len(phrase)
            break
    if at >= len(words):
        return None
    figure = _figure(words, at, lex)
    if figure is None:
        return None
    value, used, vague = figure
    last = at + used - 1
    following = words[last + 1 : last + 3]
    # "3 km", "two tanks", "five Russian tanks" count things, not people.
    people = not following or (
        following[0] not in lex.not_people
        and following[0] != "-"
        and not (len(following) == 2 and following[0] not in lex.people and following[1] in lex.not_people)
    )
    before = words[max(0, start - 2) : start]
    subset = bool(before) and (
        before[-1] in lex.subset_markers
        or (len(before) == 2 and before[0] in ("among", "of") and before[1] in lex.subset_markers)
    )
    if before and before[-1] in ("them", "whom") and (len(before) < 2 or before[0] not in ("among", "of")):
        subset = False
    return Quantity(start, last, value, approximate or vague, people, subset)


def find_quantities(words: list[str], lex: NumberWords) -> list[Quantity]:
    found: list[Quantity] = []
    i = 0
    while i < len(words):
        quantity = _quantity_at(words, i, lex)
        if quantity:
            found.append(quantity)
            i = quantity.last + 1
        else:
            i += 1
    return found


def parse_quantity(text: str) -> int | None:
    """The first figure in ``text``: "at least 26" -> 26, "dozens" -> 12, "a soldier" -> 1.

    Follows the conventions in ``data/numbers.yaml``; returns None when ``text`` holds no figure.
    """
    lex = number_words()
    words = [t.text for t in tokenize(lower_keeping_offsets(text))]
    for i in range(len(words)):
        quantity = _quantity_at(words, i, lex)
        if quantity is not None:
            return quantity.value
    if len(words) == 1 and words[0] in lex.singular:
        return 1
    return None
