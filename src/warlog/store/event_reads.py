"""Reading events: filtered, ordered, paged, counted and streamed, identically on both backends.

Why two steps (ids, then payloads): the stable order is ``date`` (undated last), then ``id``. Sorting
the narrow (date, id) pairs is cheap because ``ix_events_date`` covers them; sorting whole rows would
drag every matching JSON payload through the sorter. So a page is chosen on ids alone and only its
payloads are read, by primary key.

The radius filter's exact circle test runs in Python (see ``queries``), so when it is set the ids
are chosen from the bounding box's candidates, tested, then paged; totals count the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from warlog.models import DocumentCitation, Event
from warlog.store import filters, queries
from warlog.store.filters import EventFilter
from warlog.store.schema import documents, events

# ORDER BY for every event listing: dated events by date, undated last, ties broken by id.
EVENT_ORDER = (events.c.date_order, events.c.id)
# Payloads read per primary-key lookup (well below every backend's bound-parameter limit).
PAYLOAD_BATCH = 500


def page_ids(connection: Connection, flt: EventFilter, limit: int | None, offset: int) -> list[str]:
    """The ids of one page of matching events, in the stable order."""
    if flt.near is not None:
        return ids_within_radius(connection, flt)[offset : offset + limit if limit is not None else None]
    query = select(events.c.id).where(*filters.conditions(flt)).order_by(*EVENT_ORDER)
    query = query.offset(offset or None).limit(limit)
    return list(connection.execute(query).scalars())


def page(connection: Connection, flt: EventFilter, limit: int, offset: int) -> tuple[int, list[Event]]:
    """(total, events of one page): the radius candidates are computed once for both."""
    if flt.near is not None:
        ids = ids_within_radius(connection, flt)
        return len(ids), records(connection, ids[offset : offset + limit])
    return count(connection, flt), records(connection, page_ids(connection, flt, limit, offset))


def count(connection: Connection, flt: EventFilter) -> int:
    """How many events match (the exact circle, not the bounding box, when near is set)."""
    if flt.near is not None:
        return len(ids_within_radius(connection, flt))
    query = select(func.count()).select_from(events).where(*filters.conditions(flt))
    return connection.execute(query).scalar_one()


def payloads(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The stored event dicts for ``ids``, in the order given (missing ids are skipped)."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), PAYLOAD_BATCH):
        batch = ids[start : start + PAYLOAD_BATCH]
        rows = connection.execute(select(events.c.id, events.c.payload).where(events.c.id.in_(batch)))
        found.update((event_id, payload) for event_id, payload in rows)
    return [found[event_id] for event_id in ids if event_id in found]


def records(connection: Connection, ids: list[str]) -> list[Event]:
    """The stored events for ``ids`` as records, in the order given (missing ids are skipped)."""
    return [Event.from_dict(payload) for payload in payloads(connection, ids)]


def stream_payloads(engine: Engine, flt: EventFilter) -> Iterator[dict[str, Any]]:
    """Every matching event dict in the stable order, read a batch at a time.

    Each batch uses its own short connection, so no read transaction stays open while the
    consumer (an exporter writing a file or an HTTP response) works.
    """
    with engine.connect() as connection:
        ids = page_ids(connection, flt, None, 0)
    for start in range(0, len(ids), PAYLOAD_BATCH):
        with engine.connect() as connection:
            yield from payloads(connection, ids[start : start + PAYLOAD_BATCH])


def document_sources(connection: Connection) -> dict[str, DocumentCitation]:
    """Per document id: publisher, url, published and ingested_at (what exports cite as the source)."""
    query = select(
        documents.c.id, documents.c.publisher, documents.c.url, documents.c.published, documents.c.ingested_at
    )
    return {row.id: DocumentCitation(**row._mapping) for row in connection.execute(query)}


def ids_within_radius(connection: Connection, flt: EventFilter) -> list[str]:
    """Ids of the events inside the exact circle of ``flt.near``, in the stable order."""
    query = (
        select(events.c.id, events.c.latitude, events.c.longitude)
        .where(*filters.conditions(flt))
        .order_by(*EVENT_ORDER)
    )
    return [row.id for row in connection.execute(query) if queries.within_radius(flt, row.latitude, row.longitude)]
