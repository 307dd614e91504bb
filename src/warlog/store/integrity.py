"""Consistency checks over a store: corruption, dangling references, tampered or mis-hashed texts.

Each check returns human-readable problem lines; an empty list means the store is sound. They read
everything, so they are for ``warlog doctor``-style commands and tests, not for every request.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, select

from warlog.store.schema import documents, events

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


def all_problems(connection: Connection, text_hash: TextHash) -> list[str]:
    problems = sqlite_problems(connection) if connection.dialect.name == "sqlite" else []
    return problems + orphan_event_problems(connection) + hash_problems(connection, text_hash)
