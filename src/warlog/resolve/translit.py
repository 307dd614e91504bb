"""Transliteration-insensitive keys for place names.

Arabic, Kurdish and Turkish place names reach English text in many romanisations:
Raqqa / Raqqah / Ar-Raqqah / Raggah, Deir ez-Zor / Dayr az Zawr / Deir Ezzour. A gazetteer
lookup on the literal string misses most of them, so every name is reduced to two keys:

* ``fold(name)`` - lowercase, diacritics and ayn/hamza marks removed, hyphens as spaces,
  Arabic article tokens dropped. Safe for matching running text anywhere in the world.
* ``normalise(name)`` - ``fold`` plus a consonant skeleton: doubled letters collapsed, common
  letter alternations unified (q/k/g, dj/j, ch/sh), vowels and w/y dropped after each token's
  first letter, tokens joined. All the variants above share one key. It is lenient, so the
  gazetteer only trusts it for places in transliteration-prone countries.

The rules themselves (articles, rewrites, digraphs) live in ``data/place_cues.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from warlog.knowledge import load_yaml


@dataclass(frozen=True)
class _Rules:
    drop_table: dict[int, str | None]
    articles: frozenset[str]
    sun_article: re.Pattern[str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    digraphs: tuple[tuple[str, str], ...]
    vowels: frozenset[str]


@cache
def place_cues() -> dict:
    """The parsed ``place_cues.yaml`` (loaded once per process)."""
    return load_yaml("place_cues.yaml")


@cache
def _rules() -> _Rules:
    spec = place_cues()["normalise"]
    table: dict[int, str | None] = {ord(ch): None for ch in spec["drop_chars"]}
    table.update({ord(ch): " " for ch in spec["space_chars"]})
    # Letters that NFKD does not decompose.
    table.update({ord("ı"): "i", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d", ord("ß"): "ss", ord("æ"): "ae"})
    sun = re.escape(spec["sun_letters"])
    return _Rules(
        drop_table=table,
        articles=frozenset(spec["articles"]),
        sun_article=re.compile(rf"^[aeiu]([{sun}])\1(?=\w{{2,}})"),
        rewrites=tuple((re.compile(pat), repl) for pat, repl in spec["rewrite"]),
        digraphs=tuple((a, b) for a, b in spec["digraphs"]),
        vowels=frozenset(spec["vowels"]),
    )


def strip_marks(name: str) -> str:
    """Remove diacritics and ayn/hamza marks but keep case: 'Ra’s al ‘Ayn' -> "Ras al Ayn"."""
    rules = _rules()
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    drops = {k: v for k, v in rules.drop_table.items() if v is None}
    return plain.translate(drops).replace("ı", "i")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lowercase, mark-free, article-free, space-separated form of ``name``."""
    rules = _rules()
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    tokens = plain.translate(rules.drop_table).split()
    kept = [t for i, t in enumerate(tokens) if not (t in rules.articles and i < len(tokens) - 1)]
    return " ".join(rules.sun_article.sub(r"\1", t) if len(t) >= 5 else t for t in kept)


def _skeleton(token: str, rules: _Rules) -> str:
    if token.endswith("h") and len(token) > 3 and token[-2] in "aeiou":
        token = token[:-1]  # Raqqah, Hasakeh: the final ta marbuta h is not a consonant
    nisba = len(token) > 4 and token.endswith(("iya", "iye", "ie", "yya", "iyya"))
    for old, new in rules.digraphs:
        token = token.replace(old, new)
    head, tail = token[:1], token[1:]
    if head in rules.vowels:
        head = "a"  # Idlib/Edleb, Ain/Ayn/Ein: an initial vowel is only a marker
    out = [head]
    for ch in tail:
        if ch in rules.vowels or not ch.isalnum():
            continue
        if ch != out[-1]:
            out.append(ch)
    if nisba:
        out.append("Y")  # the -iya(h)/-iyeh ending tells Hamouriya from Hamra
    return "".join(out)


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The transliteration-insensitive key of a place name (see module docstring)."""
    rules = _rules()
    folded = fold(name)
    for pattern, replacement in rules.rewrites:
        folded = pattern.sub(replacement, folded)
    return "".join(_skeleton(token, rules) for token in folded.split())
