"""Weapons named in a sentence, mapped to canonical names and categories from ``data/weapons.yaml``.

A report may name a system ("a Matrice M30", "9K333 Verba") or only a kind ("a drone", "missiles").
Both are kept, but a generic word is dropped when the sentence also names a specific system of the
same category: "the drone, a DJI Matrice 30" is one weapon, not two. Every entry's patterns are
grouped by the characters its patterns can start with (read from the parsed regex), so each word
of a sentence costs one short regex call; where one matches, each candidate entry is tried and
the longest match wins (regex alternation would take the first, not the longest).
"""

from __future__ import annotations

import re
import re._parser as re_parser  # to read which characters a pattern can start with
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warlog.knowledge import load_yaml
from warlog.models import Weapon

# Whole words only, and never right after a hyphen ("aircraft" inside "anti-aircraft").
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?!\w)"
_WORD_START = re.compile(r"(?<![\w-])\w")


@dataclass(frozen=True)
class _Entry:
    name: str
    category: str
    generic: bool
    pattern: re.Pattern[str]
    not_after: re.Pattern[str] | None


@dataclass(frozen=True)
class _Dictionary:
    entries: tuple[_Entry, ...]
    # Lower-cased first character of a word -> (a regex matching any entry that can start with it,
    # those entries). A sentence then costs one short regex call per word.
    by_first: dict[str, tuple[re.Pattern[str], tuple[_Entry, ...]]]


def _body(item: dict[str, Any]) -> str:
    """One entry's patterns as a group, case-insensitive unless the entry says ``case: true``."""
    flag = "" if item.get("case") else "i"
    return f"(?{flag}:{'|'.join(item['patterns'])})"


_WORD_CHARS = string.ascii_lowercase + string.digits


def _first_chars(items: list[Any]) -> set[str] | None:
    """Lower-cased characters a parsed regex can start with; None when it cannot tell (any)."""
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chars | {chr(arg).lower()}
        if name == "IN":
            for kind, value in arg:
                if str(kind) == "LITERAL":
                    chars.add(chr(value).lower())
                elif str(kind) == "RANGE":
                    chars.update(chr(v).lower() for v in range(value[0], value[1] + 1))
                elif str(kind) == "CATEGORY" and "DIGIT" in str(value):
                    chars.update(string.digits)
                else:
                    return None
            return chars
        if name == "SUBPATTERN":
            inner = _first_chars(list(arg[-1]))
            return None if inner is None else chars | inner
        if name == "BRANCH":
            for branch in arg[1]:
                inner = _first_chars(list(branch))
                if inner is None:
                    return None
                chars |= inner
            return chars
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = _first_chars(list(arg[2]))
            if inner is None:
                return None
            chars |= inner
            if arg[0] > 0:
                return chars
            continue  # optional: the next item can start the match too
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        return None
    return None


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    raw = load_yaml("weapons.yaml")["weapons"]
    entries = tuple(
        _Entry(
            name=item["name"],
            category=item["category"],
            generic=bool(item.get("generic", False)),
            pattern=re.compile(_BEFORE + _body(item) + _AFTER),
            not_after=re.compile(item["not_after"]) if item.get("not_after") else None,
        )
        for item in raw
    )
    grouped: dict[str, list[int]] = {c: [] for c in _WORD_CHARS}
    for index, item in enumerate(raw):
        starts = _first_chars(list(re_parser.parse(_body(item))))
        for char in starts if starts is not None else _WORD_CHARS:
            if char in grouped:
                grouped[char].append(index)
    by_first = {
        char: (
            re.compile(_BEFORE + "(?:" + "|".join(_body(raw[i]) for i in indexes) + ")" + _AFTER),
            tuple(entries[i] for i in indexes),
        )
        for char, indexes in grouped.items()
        if indexes
    }
    return _Dictionary(entries, by_first)


def _longest_at(sentence: str, position: int, entries: tuple[_Entry, ...]) -> tuple[int, _Entry] | None:
    """The longest entry match starting at ``position``; a named system wins a tie with a generic word.

    Regex alternation takes the first alternative that matches, not the longest, so the combined
    scanner only says *where* to look and each entry is tried there.
    """
    best: tuple[int, _Entry] | None = None
    before = sentence[max(0, position - 20) : position].lower()
    for entry in entries:
        match = entry.pattern.match(sentence, position)
        if match is None or (entry.not_after and entry.not_after.search(before)):
            continue
        if (
            best is None
            or match.end() > best[0]
            or (match.end() == best[0] and best[1].generic and not entry.generic)
        ):
            best = (match.end(), entry)
    return best


def find_weapons(sentence: str) -> list[Weapon]:
    """Weapons in ``sentence`` in order of first mention, one per canonical name.

    ``mention`` is the exact text matched. Generic words are dropped when a named system of the
    same category is present.
    """
    dictionary = _dictionary()
    kept: list[tuple[int, int, _Entry]] = []
    cursor = 0
    for word in _WORD_START.finditer(sentence):
        position = word.start()
        if position < cursor:
            continue
        candidates = dictionary.by_first.get(sentence[position].lower())
        if candidates is None or candidates[0].match(sentence, position) is None:
            continue
        found = _longest_at(sentence, position, candidates[1])
        if found is not None:
            kept.append((position, found[0], found[1]))
            cursor = found[0]
    specific = {entry.category for _, _, entry in kept if not entry.generic}
    weapons: list[Weapon] = []
    seen: set[str] = set()
    for start, end, entry in kept:
        if (entry.generic and entry.category in specific) or entry.name in seen:
            continue
        seen.add(entry.name)
        weapons.append(Weapon(name=entry.name, category=entry.category, mention=sentence[start:end]))
    return weapons
