"""Versioned schema migrations: an ordered list applied once each, recorded in ``schema_version``.

How to add a migration
----------------------
1. Change the table in ``schema.py`` (the current shape the queries use).
2. Append ``Migration(<next number>, "<what and why>", <function>)`` to ``MIGRATIONS`` below. The
   function receives a Connection inside the migration transaction and makes the same change, e.g.
   ``connection.execute(text("ALTER TABLE events ADD COLUMN region TEXT"))`` plus
   ``Index(...).create(connection)``; backfill rows in the same function if needed.
3. Never edit a migration that has been released: databases in the field already ran it. The table
   definitions inside the migrations below are therefore frozen copies, not imports from
   ``schema.py`` (which keeps moving); otherwise a fresh database would get a column from migration
   1 and then fail when migration N adds it again.
4. ``tests/store/test_store_migrations.py`` checks that a fully migrated database matches ``schema.py``.

Concurrency: the whole run is one transaction holding a lock (``pg_advisory_xact_lock`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite; DDL is transactional on both), so two processes opening
the same new database at once apply each migration exactly once; the second waits, then finds
nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    inspect,
    select,
    text,
)

from warlog.store.engine import run_write
from warlog.store.schema import json_type, key_type, schema_version

# Arbitrary constant naming warlog's migration lock among the server's advisory locks.
MIGRATION_LOCK_KEY = 0x57A7106
# Event rows read and rewritten per statement when a migration backfills columns.
_BACKFILL_BATCH = 2000


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer warlog than this one; writing to it could corrupt it."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_documents_and_events(connection: Connection) -> None:
    frozen = MetaData()
    Table(
        "documents",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("origin", Text, nullable=False),
        Column("title", Text),
        Column("publisher", Text),
        Column("author", Text),
        Column("url", Text),
        Column("published", key_type()),
        Column("language", String),
        Column("content_hash", String, nullable=False),
        Column("minhash", json_type(), nullable=False),
        Column("duplicate_of", key_type()),
        Column("duplicate_kind", String),
        Column("removed", json_type(), nullable=False),
        Column("metadata_sources", json_type(), nullable=False),
        Column("text", Text, nullable=False),
        Column("ingested_at", String, nullable=False),
        Index("ix_documents_content_hash", "content_hash"),
        Index("ix_documents_duplicate_of", "duplicate_of"),
        Index("ix_documents_published", "published"),
    )
    Table(
        "events",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("doc_id", key_type(), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("event_type", String, nullable=False),
        Column("sub_event_type", String, nullable=False),
        Column("date", key_type()),
        Column("status", String, nullable=False),
        Column("country", String),
        Column("admin1", Text),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("actor1_name", Text),
        Column("actor2_name", Text),
        Column("actor1_key", Text),
        Column("actor2_key", Text),
        Column("fatalities", Integer),
        Column("confidence", Float, nullable=False),
        Column("payload", json_type(), nullable=False),
        Index("ix_events_doc_id", "doc_id"),
        Index("ix_events_date", "date", "id"),
        Index("ix_events_type", "event_type", "sub_event_type"),
        Index("ix_events_sub_event_type", "sub_event_type"),
        Index("ix_events_status", "status"),
        Index("ix_events_country", "country", "admin1"),
        Index("ix_events_lat_lon", "latitude", "longitude"),
        Index("ix_events_actor1_key", "actor1_key"),
        Index("ix_events_actor2_key", "actor2_key"),
    )
    frozen.create_all(connection)


def _create_incidents_and_relations(connection: Connection) -> None:
    frozen = MetaData()
    # Stub of the already-existing events table, so the foreign key below can be resolved.
    Table("events", frozen, Column("id", key_type(), primary_key=True))
    Table(
        "incidents",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("event_type", String, nullable=False),
        Column("sub_event_type", String, nullable=False),
        Column("date", key_type()),
        Column("country", String),
        Column("credibility", String),
        Column("corroboration", Integer, nullable=False),
        Column("payload", json_type(), nullable=False),
        Index("ix_incidents_date", "date", "id"),
        Index("ix_incidents_type", "event_type", "sub_event_type"),
        Index("ix_incidents_country", "country"),
        Index("ix_incidents_credibility", "credibility"),
    )
    Table(
        "incident_mentions",
        frozen,
        Column("incident_id", key_type(), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
        Column("event_id", key_type(), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Index("ix_incident_mentions_event_id", "event_id"),
    )
    Table(
        "relations",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("source_actor", Text, nullable=False),
        Column("target_actor", Text, nullable=False),
        Column("relation", String, nullable=False),
        Column("status", String),
        Column("first_date", key_type()),
        Column("last_date", key_type()),
        Column("count", Integer, nullable=False),
        Column("payload", json_type(), nullable=False),
        Index("ix_relations_source", "source_actor"),
        Index("ix_relations_target", "target_actor"),
        Index("ix_relations_relation", "relation"),
    )
    frozen.create_all(connection, tables=[t for name, t in frozen.tables.items() if name != "events"])


def _create_watch_tables(connection: Connection) -> None:
    frozen = MetaData()
    Table(
        "watch_feeds",
        frozen,
        Column("feed_url", key_type(), primary_key=True),
        Column("title", Text),
        Column("etag", Text),
        Column("last_modified", Text),
        Column("last_polled", String),
        Column("last_status", String),
    )
    Table(
        "watch_seen",
        frozen,
        Column("item_key", key_type(), primary_key=True),
        Column("watch", Text, nullable=False),
        Column("content_hash", String),
        Column("signature", String),
        Column("doc_id", key_type()),
        Column("outcome", String, nullable=False),
        Column("seen_at", String, nullable=False),
        Index("ix_watch_seen_content_hash", "content_hash"),
    )
    Table(
        "alerts_fired",
        frozen,
        Column("rule", key_type(), primary_key=True),
        Column("record_key", key_type(), primary_key=True),
        Column("channel", key_type(), primary_key=True),
        Column("fired_at", String, nullable=False),
    )
    frozen.create_all(connection)


def _add_listing_order(connection: Connection) -> None:
    """Events get ``date_order`` and covering indexes ending in (date_order, id) for fast filtered pages.

    The single-column indexes that a new one starts with are dropped (same leading column), and the
    ``actor_keys`` table of distinct actor names is created and filled from the events.
    """
    connection.execute(text("ALTER TABLE events ADD COLUMN date_order VARCHAR"))
    connection.execute(text("UPDATE events SET date_order = COALESCE(date, '9999-99-99')"))
    if connection.dialect.name == "postgresql":
        connection.execute(text('ALTER TABLE events ALTER COLUMN date_order TYPE VARCHAR COLLATE "C"'))
    for name in ("ix_events_sub_event_type", "ix_events_status", "ix_events_lat_lon", "ix_events_actor1_key",
                 "ix_events_actor2_key"):
        connection.execute(text(f"DROP INDEX {name}"))
    frozen = MetaData()
    table = Table(
        "events", frozen, Column("id", key_type(), primary_key=True), Column("date_order", key_type()),
        *(Column(name, String) for name in ("event_type", "sub_event_type", "country", "status",
                                            "actor1_key", "actor2_key")),
        Column("latitude", Float), Column("longitude", Float),
    )  # fmt: skip
    columns = [
        ("ix_events_order", "date_order", "id", "event_type", "sub_event_type", "country", "status",
         "actor1_key", "actor2_key"),
        ("ix_events_type_order", "event_type", "date_order", "id", "sub_event_type", "country", "status"),
        ("ix_events_sub_type_order", "sub_event_type", "date_order", "id", "country", "status"),
        ("ix_events_country_order", "country", "date_order", "id", "event_type", "sub_event_type", "status"),
        ("ix_events_status_order", "status", "date_order", "id", "event_type", "sub_event_type", "country"),
        ("ix_events_lat_lon_order", "latitude", "longitude", "date_order", "id"),
        ("ix_events_actor1_order", "actor1_key", "date_order", "id"),
        ("ix_events_actor2_order", "actor2_key", "date_order", "id"),
    ]  # fmt: skip
    for name, *names in columns:
        Index(name, *(table.c[n] for n in names)).create(connection)
    Table("actor_keys", frozen, Column("key", key_type(), primary_key=True)).create(connection)
    connection.execute(
        text(
            "INSERT INTO actor_keys (key) SELECT actor1_key FROM events WHERE actor1_key IS NOT NULL "
            "UNION SELECT actor2_key FROM events WHERE actor2_key IS NOT NULL"
        )
    )


def _add_incident_filters_and_relation_evidence(connection: Connection) -> None:
    for name, sql_type in (
        ("status", "VARCHAR"), ("latitude", "FLOAT"), ("longitude", "FLOAT"), ("actor1_key", "TEXT"),
        ("actor2_key", "TEXT"), ("credibility_level", "INTEGER"),
    ):  # fmt: skip
        connection.execute(text(f"ALTER TABLE incidents ADD COLUMN {name} {sql_type}"))
    frozen = MetaData()
    Table("documents", frozen, Column("id", key_type(), primary_key=True))
    Table(
        "incidents",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("latitude", Float),
        Column("longitude", Float),
        Index("ix_incidents_lat_lon", "latitude", "longitude"),
    )
    evidence = Table(
        "relation_evidence",
        frozen,
        Column("id", key_type(), primary_key=True),
        Column("relation_id", key_type(), nullable=False),
        Column("doc_id", key_type(), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("event_id", key_type()),
        Column("date", key_type()),
        Column("payload", json_type(), nullable=False),
        Index("ix_relation_evidence_relation", "relation_id"),
        Index("ix_relation_evidence_doc", "doc_id"),
    )
    for index in frozen.tables["incidents"].indexes:
        index.create(connection)
    evidence.create(connection)


def _add_actor_summary_columns(connection: Connection) -> None:
    """Events get per-side actor id, type, counted mention and grouping key, backfilled from the payload.

    The values come from ``actor_reads.actor_columns``, the function every write uses, so old and
    new rows agree; it reads only the SPEC's actor fields, which do not change.
    """
    from warlog.store.actor_reads import actor_columns

    names = [f"actor{side}_{name}" for side in (1, 2) for name in ("id", "type", "mention", "group")]
    for name in names:
        connection.execute(text(f"ALTER TABLE events ADD COLUMN {name} TEXT"))
    frozen = MetaData()
    table = Table("events", frozen, Column("id", key_type(), primary_key=True), Column("payload", json_type()),
                  *(Column(name, Text) for name in names))  # fmt: skip
    update_row = (
        table.update()
        .where(table.c.id == bindparam("event_id"))
        .values({name: bindparam(name) for name in names})
    )
    for batch in _batches_by_id(connection, table, table.c.payload):
        connection.execute(update_row, [
            {"event_id": event_id, **actor_columns(1, payload.get("actor1")), **actor_columns(2, payload.get("actor2"))}
            for event_id, payload in batch
        ])  # fmt: skip


def _batches_by_id(connection: Connection, table: Table, *columns: Column) -> Iterator[list]:
    """(id, *columns) rows of ``table`` in id order, ``_BACKFILL_BATCH`` at a time."""
    last_id = None
    while True:
        query = select(table.c.id, *columns).order_by(table.c.id).limit(_BACKFILL_BATCH)
        if last_id is not None:
            query = query.where(table.c.id > last_id)
        batch = connection.execute(query).all()
        if not batch:
            return
        yield batch
        last_id = batch[-1][0]


def _create_document_bands(connection: Connection) -> None:
    """Documents get their LSH band keys in a table, backfilled from the stored MinHash signatures.

    ``band_keys`` is part of the stored format (like the MinHash seed): it never changes, so the
    keys written here and the ones every later save writes agree.
    """
    from warlog.ingest.dedup import band_keys

    frozen = MetaData()
    documents = Table("documents", frozen, Column("id", key_type(), primary_key=True), Column("minhash", json_type()))
    bands = Table(
        "document_bands",
        frozen,
        Column("band", BigInteger, primary_key=True, autoincrement=False),
        Column("doc_id", key_type(), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        Index("ix_document_bands_doc_id", "doc_id"),
    )
    bands.create(connection)
    for batch in _batches_by_id(connection, documents, documents.c.minhash):
        rows = [{"band": key, "doc_id": doc_id} for doc_id, minhash in batch for key in band_keys(minhash or [])]
        if rows:
            connection.execute(insert(bands), rows)


MIGRATIONS: list[Migration] = [
    Migration(1, "documents and events", _create_documents_and_events),
    Migration(2, "incidents, incident mentions and actor relations", _create_incidents_and_relations),
    Migration(3, "incident filter columns and per-document relation evidence", _add_incident_filters_and_relation_evidence),
    Migration(4, "watcher state (feeds, seen items) and fired alerts", _create_watch_tables),
    Migration(5, "events: date_order column and listing-order indexes per filter", _add_listing_order),
    Migration(6, "events: per-side actor id, type, mention and group columns for SQL actor summaries",
              _add_actor_summary_columns),
    Migration(7, "document_bands: MinHash LSH band keys, for near-duplicate checks inside the write transaction",
              _create_document_bands),
]

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(connection: Connection) -> int:
    """The highest applied migration, 0 for a database warlog has never opened."""
    if not inspect(connection).has_table(schema_version.name):
        return 0
    return connection.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(engine: Engine) -> list[int]:
    """Apply the pending migrations in order; return the versions applied (empty when up to date)."""
    with engine.connect() as connection:
        # Cheap check without the write lock, so opening an up-to-date store never queues.
        version = current_version(connection)
        connection.rollback()
    _refuse_newer(version)
    if version == LATEST_VERSION:
        return []
    return run_write(engine, _apply_pending)


def _apply_pending(connection: Connection) -> list[int]:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    schema_version.create(connection, checkfirst=True)
    done = set(connection.execute(select(schema_version.c.version)).scalars())
    _refuse_newer(max(done, default=0))
    applied = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        migration.apply(connection)
        connection.execute(
            insert(schema_version).values(
                version=migration.version,
                description=migration.description,
                applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
        applied.append(migration.version)
    return applied


def _refuse_newer(version: int) -> None:
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this warlog knows ({LATEST_VERSION}); "
            "upgrade warlog"
        )
