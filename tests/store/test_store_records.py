"""Every public ``Store`` read answers with typed, frozen records (``warlog.models``), on SQLite and
PostgreSQL, and each record's ``to_dict`` is the JSON that the API serves for it, key order included.

Why key order too: the records replaced plain dicts whose key order clients (and the README tour)
see; the records declare their fields in that order, so ``json.dumps`` of a record and of the API's
answer must be the same text. The last test reads ``Store``'s own annotations, so a read added later
that returns a dict fails here.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import typing
import warnings
from collections.abc import Iterator

import pytest
from reports_store import ingested_store
from sqlalchemy import select

from warlog.fuse.network import network_graph
from warlog.models import (
    ActorSummary,
    DocumentCitation,
    DocumentListing,
    Event,
    Incident,
    IncidentDetail,
    Record,
    Relation,
    StoreCounts,
    StoredDocument,
)
from warlog.settings import Settings
from warlog.store import Store
from warlog.store.filters import EventFilter
from warlog.store.schema import documents, incidents, relations
from warlog.store.watch_state import IncidentRow, RelationRow, WatchState
from warlog.web.schemas import public_origin

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warlog.web.api import create_app

# The key order of the document JSON before the store returned records (``_DOCUMENT_FIELDS``, then
# the count and the ingest time): ``warlog documents --format jsonl`` and ``/api/documents/{id}``.
DOCUMENT_KEYS = [
    "id", "title", "publisher", "author", "url", "published", "language", "content_hash", "duplicate_of",
    "duplicate_kind", "removed", "origin", "text", "n_events", "ingested_at",
]  # fmt: skip
ACTOR_KEYS = ["name", "id", "type", "as_actor1", "as_actor2", "mentions", "documents"]


@pytest.fixture
def filled(store_url: str) -> Iterator[tuple[Store, TestClient]]:
    """The example reports as ``warlog ingest`` stores them (dictionary and unresolved actors, incidents,
    relations, near-duplicates), and the API over the same database."""
    with ingested_store(store_url) as store, TestClient(create_app(store_url, Settings(db_url=store_url))) as client:
        yield store, client


def same_json(record: Record, served: object) -> bool:
    """Equal as JSON text: the same keys in the same order with the same values."""
    return json.dumps(record.to_dict(), ensure_ascii=False) == json.dumps(served, ensure_ascii=False)


def served(client: TestClient, path: str, **params) -> typing.Any:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, (path, answer.text)
    return answer.json()


def assert_as_stored(store: Store, found: list[Incident] | list[Relation], payloads: dict[str, dict]) -> None:
    """The records are their stored payloads (written as ``to_dict()``); in the stored key order where
    the backend keeps it (SQLite's JSON text; PostgreSQL's JSONB orders keys its own way)."""
    assert {record.id: record.to_dict() for record in found} == payloads
    if store.engine.dialect.name == "sqlite":
        assert all(same_json(record, payloads[record.id]) for record in found)


def assert_frozen(record: Record) -> None:
    field = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, field, None)


def test_counts_and_documents_are_records_as_served(filled):
    store, client = filled
    counts = store.counts()
    assert type(counts) is StoreCounts and counts.documents > 0 and counts.events > 0
    assert served(client, "/api/health") == {"status": "ok", **counts.to_dict()}
    assert_frozen(counts)

    everything = store.documents()
    assert everything and all(type(doc) is StoredDocument for doc in everything)
    assert all(list(doc.to_dict()) == DOCUMENT_KEYS for doc in everything)
    for doc in everything:
        opened = store.document(doc.id)
        assert type(opened) is StoredDocument and opened == doc
        # The API shows a file origin by its base name only; everything else as the record has it.
        shown = dataclasses.replace(doc, origin=public_origin(doc.origin))
        assert same_json(shown, served(client, f"/api/documents/{doc.id}")["document"])
    assert_frozen(everything[0])

    total, listed = store.documents_page(limit=3, offset=1)
    assert total == counts.documents and all(type(doc) is DocumentListing for doc in listed)
    assert all(list(doc.to_dict()) == [key for key in DOCUMENT_KEYS if key != "text"] for doc in listed)
    assert [doc.to_dict() for doc in listed] == [
        {k: v for k, v in doc.to_dict().items() if k != "text"} for doc in everything[1:4]
    ]
    page = served(client, "/api/documents", limit=3, offset=1)
    assert page["total"] == total and len(page["items"]) == len(listed) > 0
    for doc, item in zip(listed, page["items"], strict=True):
        assert same_json(dataclasses.replace(doc, origin=public_origin(doc.origin)), item)


def test_document_sources_are_citations_of_the_stored_columns(filled):
    store, _ = filled
    cited = store.document_sources()
    assert cited and all(type(c) is DocumentCitation for c in cited.values())
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(documents.c.id, documents.c.publisher, documents.c.url, documents.c.published,
                   documents.c.ingested_at)
        ).mappings().all()  # fmt: skip
    assert {doc_id: c.to_dict() for doc_id, c in cited.items()} == {row["id"]: dict(row) for row in rows}


def test_events_are_records_as_served(filled):
    store, client = filled
    flt = EventFilter(since="2023")
    total, page = store.events_page(flt, limit=4, offset=1)
    assert total == store.count_events(flt) and page and all(type(e) is Event for e in page)
    answer = served(client, "/api/events", since="2023", limit=4, offset=1)
    assert answer["total"] == total
    assert all(same_json(event, item) for event, item in zip(page, answer["items"], strict=True))
    one = store.event(page[0].id)
    assert type(one) is Event and same_json(one, served(client, f"/api/events/{one.id}"))


@pytest.mark.parametrize("unresolved", [False, True])
def test_actor_summaries_are_records_as_served(filled, unresolved):
    store, client = filled
    total, rows = store.actors_page(unresolved=unresolved)
    assert total == len(rows) > 0 and all(type(row) is ActorSummary for row in rows)
    assert all(list(row.to_dict()) == ACTOR_KEYS for row in rows)
    answer = served(client, "/api/actors", unresolved=str(unresolved).lower(), limit=500)
    assert answer["total"] == total
    assert all(same_json(row, item) for row, item in zip(rows, answer["items"], strict=True))
    assert_frozen(rows[0])  # the store keeps these summaries for later readers: nobody may change them


def test_incidents_are_records_as_served_and_as_stored(filled):
    store, client = filled
    found = store.incidents()
    assert found and all(type(incident) is Incident for incident in found)
    answer = served(client, "/api/incidents", limit=500)
    assert all(same_json(incident, item) for incident, item in zip(found, answer["items"], strict=True))
    with store.engine.connect() as connection:
        stored = dict(connection.execute(select(incidents.c.id, incidents.c.payload)).all())
    assert_as_stored(store, found, stored)
    assert_frozen(found[0])

    detail = store.incident(found[0].id)
    assert type(detail) is IncidentDetail and all(type(event) is Event for event in detail.events)
    assert [event.id for event in detail.events] == [mention.event_id for mention in detail.mentions]
    assert same_json(detail, served(client, f"/api/incidents/{detail.id}"))
    assert store.incident("inc-nothing") is None


def test_relations_are_records_drawn_as_served_and_as_stored(filled):
    store, client = filled
    found = store.relations()
    assert found and all(type(relation) is Relation for relation in found)
    assert served(client, "/api/network") == json.loads(json.dumps(network_graph(found)))
    with store.engine.connect() as connection:
        stored = dict(connection.execute(select(relations.c.id, relations.c.payload)).all())
    assert_as_stored(store, found, stored)
    assert_frozen(found[0])


def test_watch_state_rows_are_records_of_every_column(filled):
    """The alert rules' rows: ``to_dict`` is the table row, the alert record it has always delivered."""
    store, _ = filled
    state = WatchState(store)
    for rows, table, kind in ((state.relations(), relations, RelationRow), (state.incidents(1), incidents, IncidentRow)):
        assert rows and all(type(row) is kind for row in rows)
        with store.engine.connect() as connection:
            raw = [dict(row) for row in connection.execute(select(table).order_by(table.c.id)).mappings()]
        assert [row.to_dict() for row in rows] == raw
        assert all(list(row.to_dict()) == list(raw_row) for row, raw_row in zip(rows, raw, strict=True))


def _public_reads() -> list[tuple[str, object]]:
    """(name, return annotation) of every public method of Store that reads."""
    writes = {"save", "close", "regrade_incidents"}
    return [
        (name, typing.get_type_hints(member)["return"])
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_") and name not in writes
    ]


def _holds_a_plain_dict(annotation: object) -> bool:
    """Does the type contain a dict whose values are not records (a dict keyed by id of records is fine)?"""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is dict or origin is dict:
        value = args[1] if len(args) == 2 else typing.Any
        return not (isinstance(value, type) and issubclass(value, Record))
    return any(_holds_a_plain_dict(arg) for arg in args)


def test_no_public_store_read_returns_a_dict():
    reads = dict(_public_reads())
    assert {"documents", "documents_page", "document", "events_page", "actors_page", "incidents", "incident",
            "relations", "document_sources", "counts"} <= set(reads)  # fmt: skip
    assert [name for name, annotation in reads.items() if _holds_a_plain_dict(annotation)] == []
    assert _holds_a_plain_dict(dict[str, typing.Any]) and _holds_a_plain_dict(tuple[int, list[dict]])
