"""Document language as an ISO 639-1 code (py3langid, offline, about a millisecond a document).

The first few thousand characters decide: a report's language does not change halfway, and
classifying the whole text would cost time linear in its length for no better answer. A
language stated by the input wins; it is only normalised ("EN-us" -> "en").
"""

from __future__ import annotations

import re
from functools import lru_cache

import py3langid

from warlog.extract.lexicon import load_yaml

_SAMPLE_CHARS = 2000
_ISO_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def normalise_language(value: str | None) -> str | None:
    """Primary subtag, lower-cased, of a language tag like "en", "en-GB", "fr_FR"; None if not a tag."""
    if not value:
        return None
    match = _ISO_CODE.match(value.strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in, or None for text without letters."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    _restrict_languages()
    code, _score = py3langid.classify(sample)
    return code


@lru_cache(maxsize=1)
def _restrict_languages() -> None:
    """Limit the detector to the languages of conflict news (data/languages.yaml), once per process."""
    py3langid.set_languages(load_yaml("languages.yaml")["languages"])
