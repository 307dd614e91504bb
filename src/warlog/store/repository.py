"""``Store``: the one object the rest of warlog uses to persist and query documents and events.

Opening a Store migrates the database. Every ``save`` is one transaction, so a document is stored
with all of its events or not at all, and saving the same document twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Self

from sqlalchemy import Connection, Select, delete, func, insert, or_, select, text, union, update

from warlog.fuse.sources import SourceRegistry
from warlog.models import (
    ActorSummary,
    Document,
    DocumentCitation,
    DocumentListing,
    Event,
    Incident,
    IncidentDetail,
    IngestOutcome,
    Relation,
    StoreCounts,
    StoredDocument,
)
from warlog.store import actor_reads, copies, event_reads, fusion, integrity, queries
from warlog.store.actor_reads import actor_columns
from warlog.store.engine import make_engine, run_write
from warlog.store.filters import EventFilter, conditions
from warlog.store.migrations import migrate
from warlog.store.schema import UNDATED_ORDER, actor_keys, documents, events, incidents
from warlog.store.schema import relations as relations_table

# Namespace of the per-document advisory locks on PostgreSQL (the second key is the id's hash).
_DOCUMENT_LOCK_NAMESPACE = 0x57A7

_PAGE = 1000


class Store:
    """Documents and events in SQLite (a path or ``sqlite://`` URL) or PostgreSQL (``postgresql://``)."""

    def __init__(self, db: str, registry: SourceRegistry | None = None) -> None:
        self.db = db
        self.engine = make_engine(db)
        self.applied_migrations = migrate(self.engine)
        self._registry = registry
        # Actor summaries are whole-store aggregations (about a second over 100,000 events): kept per
        # filter until the store changes, which a cheap generation query tells (see _generation).
        self._actor_summaries: OrderedDict[tuple, tuple[tuple, tuple[int, list[ActorSummary]]]] = OrderedDict()
        self._actor_summaries_lock = threading.Lock()

    @property
    def registry(self) -> SourceRegistry:
        """The source registry that grades incidents (packaged + the user's overrides), loaded once."""
        if self._registry is None:
            self._registry = SourceRegistry.load()
        return self._registry

    def close(self) -> None:
        """Release pooled connections (needed before a test drops its PostgreSQL database)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------- writing

    def save(
        self, doc: Document, events_of_doc: list[Event], *, near_duplicates: float | None = None
    ) -> IngestOutcome:
        """Store a document and its events; return the outcome: added, unchanged or updated.

        With ``near_duplicates`` (a similarity threshold), the store itself decides whether the
        document is a copy of one already stored, inside this transaction, and sets
        ``doc.duplicate_of``/``duplicate_kind`` accordingly (``store/copies.py``): concurrent
        ingests then see each other's documents. Without it the document's own fields are stored.

        "unchanged" (same id, same content_hash already stored) writes nothing at all, not even a
        timestamp. "updated" replaces the document row and all of its events. In the same
        transaction the events are grouped into incidents and the document's actor relations are
        recorded (``store/fusion.py``).
        """
        registry = self.registry
        _check_events_belong(doc, events_of_doc)
        content_hash = doc.content_hash or integrity.default_text_hash()(doc.text)

        def work(connection: Connection) -> IngestOutcome:
            if connection.dialect.name == "postgresql":
                # Serialise concurrent saves of the same document id (the row may not exist yet).
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:ns, hashtext(:doc_id))"),
                    {"ns": _DOCUMENT_LOCK_NAMESPACE, "doc_id": doc.id},
                )
            stored_hash = connection.execute(
                select(documents.c.content_hash).where(documents.c.id == doc.id)
            ).scalar()
            if stored_hash == content_hash:
                return IngestOutcome.UNCHANGED
            if near_duplicates is not None:
                doc.duplicate_of, doc.duplicate_kind = copies.find_copy(connection, doc, near_duplicates) or (None, None)
            row = _document_row(doc, content_hash)
            touched: tuple[set[str], set[str]] = (set(), set())
            if stored_hash is None:
                connection.execute(insert(documents).values(row))
                outcome = IngestOutcome.ADDED
            else:
                touched = fusion.affected_before_update(connection, doc.id)
                connection.execute(delete(events).where(events.c.doc_id == doc.id))
                connection.execute(update(documents).where(documents.c.id == doc.id).values(row))
                outcome = IngestOutcome.UPDATED
            copies.record_bands(connection, doc)
            if events_of_doc:
                rows = [_event_row(event) for event in events_of_doc]
                connection.execute(insert(events), rows)
                record_actor_keys(connection, rows)
            fusion.fuse_document(connection, doc, events_of_doc, registry, touched)
            return outcome

        return run_write(self.engine, work)

    # ----------------------------------------------------------------------------------- reading

    def documents(self) -> list[StoredDocument]:
        """Every stored document with its text, ordered by id."""
        with self.engine.connect() as connection:
            rows = connection.execute(_documents_query(StoredDocument).order_by(documents.c.id)).mappings().all()
        return [StoredDocument(**row) for row in rows]

    def documents_page(self, limit: int, offset: int = 0) -> tuple[int, list[DocumentListing]]:
        """(number of documents, one page of them by id, without their text).

        Paged in SQL and without the text column: the listing never reads the documents' bodies.
        """
        query = _documents_query(DocumentListing).order_by(documents.c.id).offset(offset or None).limit(limit)
        with self.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(documents)).scalar_one()
            rows = connection.execute(query).mappings().all()
        return total, [DocumentListing(**row) for row in rows]

    def document(self, doc_id: str) -> StoredDocument | None:
        with self.engine.connect() as connection:
            query = _documents_query(StoredDocument).where(documents.c.id == doc_id)
            row = connection.execute(query).mappings().first()
        return StoredDocument(**row) if row is not None else None

    def is_stored(self, doc_id: str, content_hash: str) -> bool:
        """Is this exact document (same id, same content) already stored? Lets ingest skip extraction."""
        query = select(documents.c.id).where(documents.c.id == doc_id, documents.c.content_hash == content_hash)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def dedup_signatures(self) -> Iterator[tuple[str, str, list[int]]]:
        """(doc_id, content_hash, minhash) of every stored document, read in pages by id.

        Pages rather than one long cursor, so no connection or read transaction stays open while
        the caller works between items (e.g. saving documents into this same store).
        """
        last_id: str | None = None
        while True:
            query = select(documents.c.id, documents.c.content_hash, documents.c.minhash)
            if last_id is not None:
                query = query.where(documents.c.id > last_id)
            with self.engine.connect() as connection:
                page = connection.execute(query.order_by(documents.c.id).limit(_PAGE)).all()
            for doc_id, content_hash, minhash in page:
                yield doc_id, content_hash, list(minhash or [])
            if len(page) < _PAGE:
                return
            last_id = page[-1][0]

    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0, **filters: Any
    ) -> list[Event]:
        """Events matching every filter given, ordered by date (undated last) then id.

        Filters come as an ``EventFilter`` or as its fields by keyword (``since``, ``until``,
        ``type``, ``sub_type``, ``actor``, ``country``, ``status``, ``doc_id``, ``near``,
        ``radius_km``, ``min_credibility``). ``actor`` is a case-insensitive substring of actor1's
        or actor2's name; ``country`` an ISO 3166 alpha-2 code; ``since``/``until`` are inclusive
        and may be YYYY or YYYY-MM.
        """
        flt = _event_filter(flt, filters)
        if limit is not None and limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        with self.engine.connect() as connection:
            return event_reads.records(connection, event_reads.page_ids(connection, flt, limit, offset))

    def events_page(self, flt: EventFilter, *, limit: int, offset: int = 0) -> tuple[int, list[Event]]:
        """(total matching, one page of events): what a paged API returns."""
        with self.engine.connect() as connection:
            return event_reads.page(connection, flt, limit, offset)

    def actors_page(
        self, flt: EventFilter | None = None, *, unresolved: bool = False, limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[ActorSummary]]:  # fmt: skip
        """(number of actors, one page of actor summaries) over the events matching ``flt``.

        Summaries as the reference ``ActorRow`` of the tests: name, id, type, as_actor1, as_actor2,
        mentions (top five phrases), documents; most active first. ``unresolved`` lists the actor
        phrases the dictionary could not resolve instead. Computed in SQL (``store/actor_reads.py``).
        """
        if limit is not None and limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        flt = flt or EventFilter()
        with self.engine.connect() as connection:
            generation = _generation(connection)
            key = (flt, unresolved)
            with self._actor_summaries_lock:
                cached = self._actor_summaries.get(key)
                if cached is not None and cached[0] == generation:
                    self._actor_summaries.move_to_end(key)
                    total, rows = cached[1]
                    return total, rows[offset : None if limit is None else offset + limit]
            summary = actor_reads.summary_page(connection, flt, unresolved=unresolved, limit=None, offset=0)
        with self._actor_summaries_lock:
            self._actor_summaries[key] = (generation, summary)
            while len(self._actor_summaries) > ACTOR_SUMMARY_CACHE:
                self._actor_summaries.popitem(last=False)
        total, rows = summary
        return total, rows[offset : None if limit is None else offset + limit]

    def count_events(self, flt: EventFilter | None = None, **filters: Any) -> int:
        """How many events ``events`` would return without limit and offset."""
        with self.engine.connect() as connection:
            return event_reads.count(connection, _event_filter(flt, filters))

    def iter_events(self, flt: EventFilter | None = None, **filters: Any) -> Iterator[Event]:
        """Every matching event in ``events``' order, read in batches (for exports of any size)."""
        for payload in event_reads.stream_payloads(self.engine, _event_filter(flt, filters)):
            yield Event.from_dict(payload)

    def event(self, event_id: str) -> Event | None:
        with self.engine.connect() as connection:
            found = event_reads.records(connection, [event_id])
        return found[0] if found else None

    def document_sources(self) -> dict[str, DocumentCitation]:
        """Per document id: publisher, url, published, ingested_at (without the heavy text)."""
        with self.engine.connect() as connection:
            return event_reads.document_sources(connection)

    def _filtered(self, table, flt: EventFilter, limit: int | None, offset: int) -> list[Any]:
        """Payloads of ``table`` (events or incidents) matching ``flt``, by date (undated last), id."""
        query = (
            select(table.c.payload, table.c.latitude, table.c.longitude)
            .where(*conditions(flt, table))
            .order_by(table.c.date.is_(None), table.c.date, table.c.id)
        )
        if flt.near is None:
            # Paging can happen in SQL only when SQL alone decides membership.
            query = query.offset(offset or None).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        if flt.near is not None:
            rows = [row for row in rows if queries.within_radius(flt, row.latitude, row.longitude)]
            rows = rows[offset : offset + limit if limit is not None else None]
        return [row.payload for row in rows]

    def counts(self) -> StoreCounts:
        with self.engine.connect() as connection:
            n_documents = connection.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = connection.execute(select(func.count()).select_from(events)).scalar_one()
        return StoreCounts(documents=n_documents, events=n_events)

    # --------------------------------------------------------------------- incidents, relations

    def incidents(
        self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[Incident]:
        """Incidents (SPEC section 5) matching the filter, ordered by date (undated last), id.

        ``flt.min_credibility`` N keeps incidents whose credibility digit is at most N (at least as
        credible); ``flt.doc_id`` keeps incidents that document reports.
        """
        return [Incident.from_dict(p) for p in self._filtered(incidents, flt or EventFilter(), limit, offset)]

    def count_incidents(self, flt: EventFilter | None = None) -> int:
        flt = flt or EventFilter()
        if flt.near is not None:
            return len(self.incidents(flt))
        query = select(func.count()).select_from(incidents).where(*conditions(flt, incidents))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def incident(self, incident_id: str) -> IncidentDetail | None:
        """One incident with its mentions and, for each, the event record it was built from."""
        with self.engine.connect() as connection:
            payload = connection.execute(select(incidents.c.payload).where(incidents.c.id == incident_id)).scalar()
            if payload is None:
                return None
            ids = [m["event_id"] for m in payload.get("mentions", [])]
            return IncidentDetail.from_stored(payload, event_reads.records(connection, ids))

    def relations(
        self, *, actor: str | None = None, relation: str | None = None, status: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[Relation]:  # fmt: skip
        """Actor relations (aggregated, with evidence), ordered by relation, source, target.

        ``actor`` is a case-insensitive substring of either end's name. Filtered, ordered and paged
        in SQL: the substring test (``str.casefold``, which neither backend's ``lower`` equals
        beyond ASCII) runs over the distinct end names only, and the rows are then found by index.
        """
        query = select(relations_table.c.payload)
        if relation:
            query = query.where(relations_table.c.relation == relation)
        if status:
            query = query.where(relations_table.c.status == status)
        query = query.order_by(
            relations_table.c.relation, relations_table.c.source_actor, relations_table.c.target_actor,
            relations_table.c.id,
        ).offset(offset or None).limit(limit)  # fmt: skip
        with self.engine.connect() as connection:
            if actor:
                names = _names_containing(connection, actor.casefold())
                query = query.where(or_(relations_table.c.source_actor.in_(names),
                                        relations_table.c.target_actor.in_(names)))  # fmt: skip
            return [Relation.from_dict(p) for p in connection.execute(query).scalars()]

    def regrade_incidents(self) -> int:
        """Recompute every incident's sources and grade (after the source registry changed)."""
        with self.engine.connect() as connection:
            ids = list(connection.execute(select(incidents.c.id).order_by(incidents.c.id)).scalars())
        registry = self.registry
        for start in range(0, len(ids), _PAGE):
            batch = ids[start : start + _PAGE]
            run_write(self.engine, lambda c, b=batch: [fusion.refresh_incident(c, i, registry) for i in b])
        return len(ids)

    def integrity_check(self, text_hash: integrity.TextHash | None = None) -> list[str]:
        """Problems found, one line each; an empty list means the store is sound.

        ``text_hash`` is the function that produced the stored content hashes (default: ingest's).
        """
        with self.engine.connect() as connection:
            return integrity.all_problems(connection, text_hash or integrity.default_text_hash())


def record_actor_keys(connection: Connection, event_rows: list[dict[str, Any]]) -> None:
    """Add the actor names of these event rows to ``actor_keys`` (names already there are skipped)."""
    keys = sorted({row[k] for row in event_rows for k in ("actor1_key", "actor2_key") if row[k]})
    if not keys:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    connection.execute(dialect_insert(actor_keys).on_conflict_do_nothing(), [{"key": key} for key in keys])


def _names_containing(connection: Connection, needle: str) -> list[str]:
    """The relation end names (as stored) whose casefolded form contains ``needle``."""
    ends = union(select(relations_table.c.source_actor.label("name")), select(relations_table.c.target_actor))
    return [name for name in connection.execute(ends).scalars() if needle in name.casefold()]


def _event_filter(flt: EventFilter | None, filters: dict[str, Any]) -> EventFilter:
    if flt is not None and filters:
        raise TypeError("give filters either as an EventFilter or by keyword, not both")
    return flt if flt is not None else EventFilter(**filters)


def _check_events_belong(doc: Document, events_of_doc: list[Event]) -> None:
    seen: set[str] = set()
    for event in events_of_doc:
        if event.doc_id != doc.id:
            raise ValueError(f"event {event.id} belongs to document {event.doc_id}, not {doc.id}")
        if event.id in seen:
            raise ValueError(f"event id {event.id} appears twice in document {doc.id}")
        seen.add(event.id)


def _document_row(doc: Document, content_hash: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "origin": doc.origin or "",
        "title": doc.title,
        "publisher": doc.publisher,
        "author": doc.author,
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "content_hash": content_hash,
        "minhash": list(doc.minhash),
        "duplicate_of": doc.duplicate_of,
        "duplicate_kind": doc.duplicate_kind,
        "removed": list(doc.removed),
        "metadata_sources": dict(doc.metadata_sources),
        "text": doc.text,
        "ingested_at": datetime.now(UTC).isoformat(timespec="microseconds"),
    }


ACTOR_SUMMARY_CACHE = 64  # filters whose actor summaries are kept


def _generation(connection: Connection) -> tuple:
    """Changes whenever a document or event is added, updated or removed: counts and the latest
    ingest time, each answered from an index."""
    documents_seen = connection.execute(select(func.count(), func.max(documents.c.ingested_at))).one()
    return (*documents_seen, connection.execute(select(func.count()).select_from(events)).scalar_one())


def _event_row(event: Event) -> dict[str, Any]:
    location = event.location
    payload = event.to_dict()
    actor1 = event.actor1.name if event.actor1 else None
    actor2 = event.actor2.name if event.actor2 else None
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": event.date,
        "date_order": event.date or UNDATED_ORDER,
        "status": event.status,
        "country": location.country.upper() if location and location.country else None,
        "admin1": location.admin1 if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "actor1_name": actor1,
        "actor2_name": actor2,
        "actor1_key": actor1.casefold() if actor1 else None,
        "actor2_key": actor2.casefold() if actor2 else None,
        "fatalities": event.fatalities,
        "confidence": event.confidence,
        "payload": payload,
        **actor_columns(1, payload.get("actor1")),
        **actor_columns(2, payload.get("actor2")),
    }


def _documents_query(record: type[DocumentListing | StoredDocument]) -> Select:
    """The columns of ``record`` (its fields by name; ``n_events`` counted), one row per document."""
    n_events = (
        select(func.count())
        .select_from(events)
        .where(events.c.doc_id == documents.c.id)
        .scalar_subquery()
        .label("n_events")
    )
    return select(*(n_events if f.name == "n_events" else documents.c[f.name] for f in dataclasses.fields(record)))
