"""Exact and near-duplicate detection over documents already seen.

Corroboration must count a syndicated copy of a report once (SPEC section 5), and the copies
rarely match byte for byte: a republisher adds its own header, trims a paragraph, fixes a typo.
Exact copies are found by the content hash, near copies by MinHash LSH over word 5-shingles;
an LSH candidate is confirmed with the estimated Jaccard similarity, so a bucket collision
alone never marks a document as a copy.
"""

from __future__ import annotations

from datasketch import MinHashLSH

from warlog.ingest.fingerprint import NUM_PERM, minhash_from_signature, minhash_of
from warlog.models import Document

_MAX_LSH_THRESHOLD = 0.9


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
        for other in self._by_hash.get(doc.content_hash, ()):
            if other != doc.id:
                return other, "exact"
        signature = minhash_from_signature(doc.minhash) if doc.minhash else minhash_of(doc.text)
        best: tuple[float, str] | None = None
        for other in self._lsh.query(signature):
            if other == doc.id:
                continue
            similarity = signature.jaccard(self._signatures[other])
            if similarity >= self.threshold and (best is None or (-similarity, other) < (-best[0], best[1])):
                best = (similarity, other)
        return (best[1], "near") if best else None
