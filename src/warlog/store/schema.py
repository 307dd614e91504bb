"""The current database schema, as SQLAlchemy Core tables that the queries are written against.

This is the *current* shape only; how a database gets there is ``migrations.py``. When you change a
table here, add a migration that makes the same change (see the note at the top of migrations.py);
``tests/store/test_store_migrations.py`` checks that a migrated database matches these definitions.

Each table keeps the full record as JSON (``payload``) so nothing is lost, plus plain columns copied
out of it for filtering and indexing. The JSON is JSONB on PostgreSQL (indexable, compact).
Identifier and date columns use the "C" collation on PostgreSQL so that ``ORDER BY`` gives the same
byte order as SQLite, whatever locale the server was initialised with.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine


def json_type() -> TypeEngine:
    """JSON on SQLite (stored as text), JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


def key_type() -> TypeEngine:
    """Text compared byte-wise on both backends (ids and ISO dates), so ordering is identical."""
    return String().with_variant(String(collation="C"), "postgresql")


UNDATED_ORDER = "9999-99-99"  # after every real date in byte order


def order_indexes() -> list[Index]:
    """Indexes that serve each filter in listing order (migration 5 creates the same ones).

    Each starts with the column one filter tests for equality (or none), then (date_order, id) so a
    page can stop after ``limit`` rows, then the other filters' columns so that combined filters and
    counts are answered from the index alone, without reading the rows and their JSON payloads.
    """
    return [
        Index("ix_events_order", "date_order", "id", "event_type", "sub_event_type", "country", "status",
              "actor1_key", "actor2_key"),
        Index("ix_events_type_order", "event_type", "date_order", "id", "sub_event_type", "country", "status"),
        Index("ix_events_sub_type_order", "sub_event_type", "date_order", "id", "country", "status"),
        Index("ix_events_country_order", "country", "date_order", "id", "event_type", "sub_event_type", "status"),
        Index("ix_events_status_order", "status", "date_order", "id", "event_type", "sub_event_type", "country"),
        Index("ix_events_lat_lon_order", "latitude", "longitude", "date_order", "id"),
        Index("ix_events_actor1_order", "actor1_key", "date_order", "id"),
        Index("ix_events_actor2_order", "actor2_key", "date_order", "id"),
    ]  # fmt: skip


def actor_summary_columns() -> list[Column]:
    """actor1_id, actor1_type, actor1_mention, actor1_group, then the same for actor2 (migration 6)."""
    return [Column(f"actor{side}_{name}", Text) for side in (1, 2) for name in ("id", "type", "mention", "group")]


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", String, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", key_type(), primary_key=True),
    Column("origin", Text, nullable=False, default=""),
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

# Migration 7: the MinHash LSH band keys of each document (ingest/dedup.band_keys), so that the
# near-duplicate check of a save runs in SQL inside its own write transaction and sees every
# document any process has stored, not an index loaded when this process started.
document_bands = Table(
    "document_bands",
    metadata,
    Column("band", BigInteger, primary_key=True, autoincrement=False),
    Column("doc_id", key_type(), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_document_bands_doc_id", "doc_id"),
)

events = Table(
    "events",
    metadata,
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
    # Case-folded copies of the actor names: case-insensitive search that gives the same answer on
    # both backends (SQLite's lower() folds ASCII only).
    Column("actor1_key", Text),
    Column("actor2_key", Text),
    Column("fatalities", Integer),
    Column("confidence", Float, nullable=False),
    Column("payload", json_type(), nullable=False),
    # The listing order's key: the date, or UNDATED_ORDER for undated events so they sort last on
    # both backends; indexes ending in (date_order, id) let a filtered page stop after `limit` rows.
    # (Added by migration 5, hence last and nullable; every write fills it.)
    Column("date_order", key_type()),
    # Migration 6: what the actor summary groups and reports per side (store/actor_reads.py), so it
    # runs as a GROUP BY without decoding payloads: dictionary id and type, the phrase counted as
    # the mention, and the grouping key (the id, or the lower-cased name when unresolved).
    *actor_summary_columns(),
    Index("ix_events_doc_id", "doc_id"),
    Index("ix_events_date", "date", "id"),
    Index("ix_events_type", "event_type", "sub_event_type"),
    Index("ix_events_country", "country", "admin1"),
    *order_indexes(),
)

# Every case-folded actor name seen in events (never pruned): the actor filter's substring test
# runs over these few hundred names, and the matches are then looked up by index in events,
# instead of testing the substring on every event row.
actor_keys = Table("actor_keys", metadata, Column("key", key_type(), primary_key=True))

incidents = Table(
    "incidents",
    metadata,
    Column("id", key_type(), primary_key=True),
    Column("event_type", String, nullable=False),
    Column("sub_event_type", String, nullable=False),
    Column("date", key_type()),
    Column("country", String),
    Column("credibility", String),
    Column("corroboration", Integer, nullable=False, default=1),
    Column("payload", json_type(), nullable=False),
    # Migration 3: filter columns named as in ``events`` so one filter builder serves both tables.
    Column("status", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("actor1_key", Text),
    Column("actor2_key", Text),
    Column("credibility_level", Integer),
    Index("ix_incidents_date", "date", "id"),
    Index("ix_incidents_type", "event_type", "sub_event_type"),
    Index("ix_incidents_country", "country"),
    Index("ix_incidents_credibility", "credibility"),
    Index("ix_incidents_lat_lon", "latitude", "longitude"),
)

incident_mentions = Table(
    "incident_mentions",
    metadata,
    Column("incident_id", key_type(), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", key_type(), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_incident_mentions_event_id", "event_id"),
)

relations = Table(
    "relations",
    metadata,
    Column("id", key_type(), primary_key=True),
    Column("source_actor", Text, nullable=False),
    Column("target_actor", Text, nullable=False),
    Column("relation", String, nullable=False),
    Column("status", String),
    Column("first_date", key_type()),
    Column("last_date", key_type()),
    Column("count", Integer, nullable=False, default=1),
    Column("payload", json_type(), nullable=False),
    Index("ix_relations_source", "source_actor"),
    Index("ix_relations_target", "target_actor"),
    Index("ix_relations_relation", "relation"),
)

# Migration 3: each piece of evidence behind a relation, per document, so that re-ingesting or
# updating one document replaces exactly its own contribution and the aggregate row is recounted.
relation_evidence = Table(
    "relation_evidence",
    metadata,
    Column("id", key_type(), primary_key=True),
    Column("relation_id", key_type(), nullable=False),
    Column("doc_id", key_type(), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", key_type()),
    Column("date", key_type()),
    Column("payload", json_type(), nullable=False),
    Index("ix_relation_evidence_relation", "relation_id"),
    Index("ix_relation_evidence_doc", "doc_id"),
)

# ------------------------------------------------------------------ watching (warlog watch)

watch_feeds = Table(
    "watch_feeds",
    metadata,
    # What a conditional request needs next time (ETag, Last-Modified) and what the last poll saw.
    Column("feed_url", key_type(), primary_key=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", String),
    Column("last_status", String),
)

watch_seen = Table(
    "watch_seen",
    metadata,
    # One row per article URL or watched file, so a second poll or a restarted watcher skips it.
    Column("item_key", key_type(), primary_key=True),
    Column("watch", Text, nullable=False),
    Column("content_hash", String),
    Column("signature", String),
    Column("doc_id", key_type()),
    Column("outcome", String, nullable=False),
    Column("seen_at", String, nullable=False),
    Index("ix_watch_seen_content_hash", "content_hash"),
)

alerts_fired = Table(
    "alerts_fired",
    metadata,
    # One row per (rule, record, delivery channel): an alert reaches each channel once, restarts included.
    Column("rule", key_type(), primary_key=True),
    Column("record_key", key_type(), primary_key=True),
    Column("channel", key_type(), primary_key=True),
    Column("fired_at", String, nullable=False),
)
