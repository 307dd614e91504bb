"""What ``warlog watch`` remembers between polls and restarts, and what its alert rules read.

Three tables (migration 4): ``watch_feeds`` (per feed: ETag, Last-Modified, last poll, so the next
request is conditional), ``watch_seen`` (per article URL or watched file: content hash, file
signature, outcome, so a second poll or a restarted watcher adds nothing) and ``alerts_fired`` (per
rule, record and delivery channel, so an alert reaches each channel once, even across restarts,
and a channel that failed is retried without repeating the others).

The alert rules also read the ``relations`` and ``incidents`` tables that the fusion stage fills: as
typed rows (``RelationRow``, ``IncidentRow``) holding every column, the JSON payload as its record,
so a rule tests the indexed columns and an alert carries the whole row (``to_dict``, the row as
alerts have always delivered it). All SQL lives here, beside the rest of the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite

from warlog.models import Incident, Record, Relation
from warlog.store.engine import run_write
from warlog.store.repository import Store
from warlog.store.schema import alerts_fired, incidents, relations, watch_feeds, watch_seen


@dataclass
class FeedState:
    """The validators of a feed's last successful response, and how its last poll went."""

    feed_url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None
    last_status: str | None = None


@dataclass
class SeenItem:
    """An article URL or a watched file that a poll has already handled."""

    item_key: str
    watch: str
    content_hash: str | None
    signature: str | None
    doc_id: str | None
    outcome: str
    seen_at: str


@dataclass(frozen=True)
class RelationRow(Record):
    """A row of the ``relations`` table, in its column order: what relation alert rules test."""

    id: str
    source_actor: str
    target_actor: str
    relation: str
    status: str | None
    first_date: str | None
    last_date: str | None
    count: int
    payload: Relation


@dataclass(frozen=True)
class IncidentRow(Record):
    """A row of the ``incidents`` table, in its column order: what incident alert rules test."""

    id: str
    event_type: str
    sub_event_type: str
    date: str | None
    country: str | None
    credibility: str | None
    corroboration: int
    payload: Incident
    status: str | None
    latitude: float | None
    longitude: float | None
    actor1_key: str | None
    actor2_key: str | None
    credibility_level: int | None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _upsert(connection: Connection, table: Table, row: dict[str, Any], keys: list[str]) -> None:
    """Insert or overwrite one row, atomically on both backends (two watchers may race)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(row)
    changes = {name: statement.excluded[name] for name in row if name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=changes))


class WatchState:
    """Feed validators, seen items and fired alerts of one store."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    # ------------------------------------------------------------------------------ feeds

    def feed(self, feed_url: str) -> FeedState | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(watch_feeds).where(watch_feeds.c.feed_url == feed_url)).mappings().first()
        return FeedState(**row) if row is not None else None

    def save_feed(self, state: FeedState) -> None:
        run_write(self.engine, lambda connection: _upsert(connection, watch_feeds, asdict(state), ["feed_url"]))

    # ------------------------------------------------------------------------------ seen items

    def seen(self, item_key: str) -> SeenItem | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(watch_seen).where(watch_seen.c.item_key == item_key)).mappings().first()
        return SeenItem(**row) if row is not None else None

    def key_with_content(self, content_hash: str) -> str | None:
        """An item already seen with exactly this content (the same article under another URL)."""
        query = select(watch_seen.c.item_key).where(watch_seen.c.content_hash == content_hash).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def mark_seen(
        self,
        item_key: str,
        watch: str,
        outcome: str,
        *,
        content_hash: str | None = None,
        signature: str | None = None,
        doc_id: str | None = None,
    ) -> None:
        row = {
            "item_key": item_key, "watch": watch, "content_hash": content_hash, "signature": signature,
            "doc_id": doc_id, "outcome": outcome, "seen_at": now_iso(),
        }  # fmt: skip
        run_write(self.engine, lambda connection: _upsert(connection, watch_seen, row, ["item_key"]))

    def seen_count(self, watch: str | None = None) -> int:
        query = select(func.count()).select_from(watch_seen)
        if watch is not None:
            query = query.where(watch_seen.c.watch == watch)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    # ------------------------------------------------------------------------------ alerts

    def delivered(self, rule: str, record_key: str, channel: str) -> bool:
        query = select(alerts_fired.c.rule).where(
            alerts_fired.c.rule == rule, alerts_fired.c.record_key == record_key, alerts_fired.c.channel == channel
        )
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def record_delivery(self, rule: str, record_key: str, channel: str) -> None:
        row = {"rule": rule, "record_key": record_key, "channel": channel, "fired_at": now_iso()}
        keys = ["rule", "record_key", "channel"]
        run_write(self.engine, lambda connection: _upsert(connection, alerts_fired, row, keys))

    def relations(self) -> list[RelationRow]:
        """Every actor relation row (all columns), by id."""
        rows = self._rows(select(relations).order_by(relations.c.id))
        return [RelationRow(**{**row, "payload": Relation.from_dict(row["payload"])}) for row in rows]

    def incidents(self, min_corroboration: int) -> list[IncidentRow]:
        """Incidents reported by at least ``min_corroboration`` independent sources, by id."""
        query = select(incidents).where(incidents.c.corroboration >= min_corroboration).order_by(incidents.c.id)
        return [IncidentRow(**{**row, "payload": Incident.from_dict(row["payload"])}) for row in self._rows(query)]

    def _rows(self, query) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings().all()]
