"""Exact and near-duplicate detection over documents already seen.

Corroboration must count a syndicated copy of a report once (SPEC section 5), and the copies
rarely match byte for byte: a republisher adds its own header, trims a paragraph, fixes a typo.
Exact copies are found by the content hash, near copies by MinHash LSH over word 5-shingles;
an LSH candidate is confirmed with the estimated Jaccard similarity, so a bucket collision
alone never marks a document as a copy.

Two ways to ask: ``DuplicateIndex`` holds documents in memory (one process, one batch), and the
store asks ``closest_copy`` inside each save's transaction with candidates found in SQL by the
band keys of ``band_keys`` (store/copies.py), so ingests running at once see each other's
documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from warlog.ingest.fingerprint import NUM_PERM, minhash_from_signature, minhash_of
from warlog.models import Document

_MAX_LSH_THRESHOLD = 0.9
# The stored bands: 21 bands of 6 signature values (126 of the 128). Two documents share a band
# with probability 1 - (1 - s^6)^21: 0.998 at similarity 0.8, 0.93 at 0.7, 0.63 at 0.6, so every
# threshold from about 0.7 up finds its copies; candidates are confirmed by similarity anyway.
# Part of the stored format, like the MinHash seed: changing it needs a migration that rewrites
# document_bands.
BANDS, ROWS_PER_BAND = 21, 6


def band_keys(signature: list[int]) -> list[int]:
    """The LSH band keys of a MinHash signature: signed 64-bit ints (a BIGINT column on both stores)."""
    if len(signature) < BANDS * ROWS_PER_BAND:
        return []
    values = np.asarray(signature, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return sorted(set(keys))


def closest_copy(
    doc: Document, exact: Iterable[str], near: Iterable[tuple[str, MinHash]], threshold: float
) -> tuple[str, str] | None:
    """``(other_doc_id, "exact" | "near")``: the first of ``exact`` (ids with the same content hash,
    first seen first), else the most similar of the ``near`` candidates at ``threshold`` or above
    (ties broken by id, so the answer does not depend on the order candidates come in). A document
    never matches itself."""
    for other in exact:
        if other != doc.id:
            return other, "exact"
    signature = minhash_from_signature(doc.minhash) if doc.minhash else minhash_of(doc.text)
    best: tuple[float, str] | None = None
    for other, other_signature in near:
        if other == doc.id:
            continue
        similarity = signature.jaccard(other_signature)
        if similarity >= threshold and (best is None or (-similarity, other) < (-best[0], best[1])):
            best = (similarity, other)
    return (best[1], "near") if best else None


class DuplicateIndex:
    """Documents seen so far, queryable for an exact or near copy of a new one."""

    def __init__(self, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        # LSH only proposes candidates (each is confirmed against ``threshold``); above about 0.9
        # datasketch cannot band 128 permutations, so the proposal threshold is capped there.
        self._lsh = MinHashLSH(threshold=min(threshold, _MAX_LSH_THRESHOLD), num_perm=NUM_PERM)
        self._by_hash: dict[str, list[str]] = {}
        self._signatures: dict = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._signatures

    def add(self, doc_id: str, content_hash: str, minhash: list[int]) -> None:
        """Remember a document; adding the same id again is a no-op (ingest is idempotent)."""
        if doc_id in self._signatures:
            return
        signature = minhash_from_signature(minhash) if minhash else None
        self._signatures[doc_id] = signature
        if content_hash:
            self._by_hash.setdefault(content_hash, []).append(doc_id)
        if signature is not None:
            self._lsh.insert(doc_id, signature)

    def match(self, doc: Document) -> tuple[str, str] | None:
        """``(other_doc_id, "exact" | "near")`` for the first-seen copy of ``doc``, else None.

        A document never matches itself (same id). Among near candidates the most similar wins,
        ties broken by id so the answer does not depend on insertion order.
        """
        signature = minhash_from_signature(doc.minhash) if doc.minhash else minhash_of(doc.text)
        near = ((other, self._signatures[other]) for other in self._lsh.query(signature))
        return closest_copy(doc, self._by_hash.get(doc.content_hash, ()), near, self.threshold)
