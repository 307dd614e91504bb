"""Consistency checks over a store: corruption, schema version, dangling references, tampered or
mis-hashed texts, and events that do not belong to the text they are stored with.

Each check returns human-readable problem lines; an empty list means the store is sound. They read
everything, so they are for ``warlog check`` and tests, not for every request.

The evidence check is the one that catches a half-applied write: an event's evidence offsets are
positions in its document's cleaned text, so events left over from another version of a document
(or written against the wrong one) point at text that is not there.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, select

from warlog.store.migrations import MIGRATIONS
from warlog.store.schema import documents, events, schema_version

TextHash = Callable[[str], str]

_PAGE = 500


def default_text_hash() -> TextHash:
    """The function that produced the stored hashes: ingest's ``content_hash(text)``.

    Imported lazily so that opening a store does not load the ingest stage's dependencies; the
    store must hash exactly as ingest does, so it uses ingest's function rather than a copy.
    """
    from warlog.ingest.fingerprint import content_hash

    return content_hash


def sqlite_problems(connection: Connection) -> list[str]:
    """SQLite's own page-level check and its foreign key check."""
    problems = [
        f"sqlite integrity_check: {row[0]}"
        for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ]
    for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"sqlite foreign_key_check: {table} row {rowid} refers to a missing {parent} row")
    return problems


def orphan_event_problems(connection: Connection) -> list[str]:
    """Events whose document is not stored (possible when foreign keys were off during a write)."""
    orphans = connection.execute(
        select(events.c.id, events.c.doc_id)
        .where(~select(documents.c.id).where(documents.c.id == events.c.doc_id).exists())
        .order_by(events.c.id)
    ).all()
    return [f"event {event_id}: document {doc_id} is missing" for event_id, doc_id in orphans]


def hash_problems(connection: Connection, text_hash: TextHash) -> list[str]:
    """Documents whose stored content_hash is not the hash of their stored text (paged by id)."""
    problems: list[str] = []
    last_id: str | None = None
    while True:
        query = select(documents.c.id, documents.c.content_hash, documents.c.text).order_by(documents.c.id)
        if last_id is not None:
            query = query.where(documents.c.id > last_id)
        page = connection.execute(query.limit(_PAGE)).all()
        for doc_id, stored, body in page:
            if text_hash(body) != stored:
                problems.append(f"document {doc_id}: content_hash does not match its text")
        if len(page) < _PAGE:
            return problems
        last_id = page[-1][0]


def schema_problems(connection: Connection) -> list[str]:
    """The migrations recorded are exactly those this warlog knows (none skipped, none unknown)."""
    versions = sorted(connection.execute(select(schema_version.c.version)).scalars())
    expected = sorted(migration.version for migration in MIGRATIONS)
    if versions == expected:
        return []
    return [f"schema version: migrations {versions} recorded, this warlog expects {expected}"]


def duplicate_link_problems(connection: Connection) -> list[str]:
    """Documents marked as copies of a document that is not stored."""
    original = documents.alias("original")
    dangling = connection.execute(
        select(documents.c.id, documents.c.duplicate_of)
        .where(documents.c.duplicate_of.is_not(None))
        .where(~select(original.c.id).where(original.c.id == documents.c.duplicate_of).exists())
        .order_by(documents.c.id)
    ).all()
    return [f"document {doc_id}: duplicate_of {other} is not stored" for doc_id, other in dangling]


def evidence_problems(connection: Connection) -> list[str]:
    """Events whose record disagrees with its row, or whose evidence is not in its document's text."""
    problems: list[str] = []
    last_id: str | None = None
    while True:
        query = select(documents.c.id, documents.c.text).order_by(documents.c.id).limit(_PAGE)
        if last_id is not None:
            query = query.where(documents.c.id > last_id)
        page = dict(connection.execute(query).all())
        rows = connection.execute(
            select(events.c.id, events.c.doc_id, events.c.payload)
            .where(events.c.doc_id.in_(list(page)))
            .order_by(events.c.id)
        ).all()
        for event_id, doc_id, payload in rows:
            problems.extend(_event_problems(event_id, doc_id, payload, page[doc_id]))
        if len(page) < _PAGE:
            return problems
        last_id = max(page)


def _event_problems(event_id: str, doc_id: str, payload: dict, text: str) -> list[str]:
    if payload.get("id") != event_id or payload.get("doc_id") != doc_id:
        return [f"event {event_id}: its record names event {payload.get('id')} of document {payload.get('doc_id')}"]
    evidence = payload.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return [f"event {event_id}: evidence offsets {start}..{end} lie outside document {doc_id}"]
    if text[start:end] != evidence.get("text"):
        return [f"event {event_id}: evidence is not the text of document {doc_id} at {start}..{end}"]
    return []


def all_problems(connection: Connection, text_hash: TextHash) -> list[str]:
    problems = sqlite_problems(connection) if connection.dialect.name == "sqlite" else []
    return (
        problems
        + schema_problems(connection)
        + orphan_event_problems(connection)
        + duplicate_link_problems(connection)
        + hash_problems(connection, text_hash)
        + evidence_problems(connection)
    )
