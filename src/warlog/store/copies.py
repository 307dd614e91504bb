"""Finding a stored copy of a document inside its save transaction (syndication, near-duplicates).

Why in SQL and in the transaction: an index loaded when an ingest starts never sees what another
ingest stores meanwhile, so two ingests running at once marked none of each other's copies, and
corroboration counted every copy as an independent source. Here the check runs after the write
lock is taken (SQLite's ``BEGIN IMMEDIATE`` serialises writers; on PostgreSQL the fusion advisory
lock, taken before the check, does the same), so the check and the insert that follows are one
step: of two copies saved at once, the second always sees the first.

Candidates: documents with the same content hash (exact copies, first stored first), and
documents sharing a MinHash LSH band key with this one (``document_bands``), each confirmed by
its estimated Jaccard similarity (``ingest.dedup.closest_copy``).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from warlog.ingest.dedup import band_keys, closest_copy
from warlog.ingest.fingerprint import minhash_from_signature
from warlog.models import Document
from warlog.store.fusion import lock_fusion
from warlog.store.schema import document_bands, documents


def find_copy(connection: Connection, doc: Document, threshold: float) -> tuple[str, str] | None:
    """``(other_doc_id, "exact" | "near")`` for a stored copy of ``doc``, else None."""
    lock_fusion(connection)
    exact = connection.execute(
        select(documents.c.id)
        .where(documents.c.content_hash == doc.content_hash, documents.c.id != doc.id)
        .order_by(documents.c.ingested_at, documents.c.id)
        .limit(1)
    ).scalars().all()  # fmt: skip
    keys = band_keys(doc.minhash)
    near: list = []
    if not exact and keys:
        candidates = select(document_bands.c.doc_id).where(document_bands.c.band.in_(keys))
        rows = connection.execute(
            select(documents.c.id, documents.c.minhash).where(documents.c.id.in_(candidates), documents.c.id != doc.id)
        ).all()  # fmt: skip
        near = [(other, minhash_from_signature(list(minhash))) for other, minhash in rows if minhash]
    return closest_copy(doc, exact, near, threshold)


def record_bands(connection: Connection, doc: Document) -> None:
    """Replace the stored band keys of ``doc`` with those of its current signature."""
    connection.execute(delete(document_bands).where(document_bands.c.doc_id == doc.id))
    keys = band_keys(doc.minhash)
    if keys:
        connection.execute(insert(document_bands), [{"band": key, "doc_id": doc.id} for key in keys])

