"""Content fingerprints: an exact hash and a MinHash signature of the cleaned text.

Both are computed on a normalised form (case folded, whitespace collapsed) so that two copies
differing only in layout are exact duplicates. The MinHash uses word 5-shingles, 128
permutations and a fixed seed: signatures must be comparable across processes, machines and
runs, because they are stored and compared with documents ingested later.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
MINHASH_SEED = 20240501
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


def normalise_for_hash(text: str) -> str:
    """Case-folded NFKC text with every whitespace run collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: equal for layout-only differences."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def shingles(text: str) -> list[bytes]:
    """Overlapping word 5-grams (one gram of all words when the text is shorter)."""
    words = _WORD.findall(normalise_for_hash(text))
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")] if words else []
    return [
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)
    ]


@lru_cache(maxsize=1)
def _minhash_class() -> type[MinHash]:
    """datasketch, imported on first use: its package import pulls in scipy.integrate (about 0.6 s),
    which the stateless ``extract`` never needs since it computes no signatures."""
    from datasketch import MinHash

    return MinHash


@lru_cache(maxsize=1)
def _scheme_kwargs() -> dict[str, str]:
    """datasketch 2 names its hashing scheme; pinning it keeps stored signatures comparable."""
    if "scheme" in inspect.signature(_minhash_class().__init__).parameters:
        return {"scheme": "affine32"}
    return {}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """Permutations are derived from the seed once per process, not once per document."""
    return _minhash_class()(num_perm=NUM_PERM, seed=MINHASH_SEED, **_scheme_kwargs())


def minhash_of(text: str) -> MinHash:
    template = _template()
    signature = _minhash_class()(
        num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=template.permutations, **_scheme_kwargs()
    )
    grams = shingles(text)
    if grams:
        signature.update_batch(grams)
    return signature


def minhash_signature(text: str) -> list[int]:
    """The MinHash of ``text`` as plain ints (JSON- and database-friendly)."""
    return [int(v) for v in minhash_of(text).hashvalues]


def minhash_from_signature(signature: list[int]) -> MinHash:
    """Rebuild a MinHash from ``minhash_signature``'s output for similarity queries."""
    template = _template()
    return _minhash_class()(
        seed=MINHASH_SEED,
        hashvalues=np.asarray(signature, dtype=np.uint64),
        permutations=template.permutations,
        **_scheme_kwargs(),
    )
