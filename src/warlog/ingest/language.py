"""Document language as an ISO 639-1 code (py3langid, offline, about a millisecond a document).

The first few thousand characters decide: a report's language does not change halfway, and
classifying the whole text would cost time linear in its length for no better answer. A
language stated by the input wins; it is only normalised ("EN-us" -> "en").
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import metadata

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from warlog.cache_files import cache_path, load_or_build
from warlog.knowledge import load_yaml

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
    code, _score = _identifier().classify(sample)
    return code


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The detector limited to the languages of conflict news (data/languages.yaml), once per process.

    Decompressing py3langid's model costs about 0.4 s, paid by every process (each worker, each
    ``warlog extract``); the restricted model is pickled to the user cache dir on first use and
    read back in about a tenth of that afterwards. The cache key holds the library version and the
    language list, so a change to either builds a new one.
    """
    languages = load_yaml("languages.yaml")["languages"]
    key = hashlib.sha1(repr((metadata.version("py3langid"), languages)).encode()).hexdigest()[:12]

    def decompress() -> LanguageIdentifier:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        identifier.set_languages(languages)
        return identifier

    return load_or_build(cache_path(f"langid-{key}.pickle"), decompress)
