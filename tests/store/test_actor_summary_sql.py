"""The database's actor summary (``Store.actors_page``) answers exactly as the Python summary does.

``summarise_actors`` below over the matching events in listing order is the reference: same rows,
fields, order, mentions and counts, on SQLite and PostgreSQL, with filters and pages. Also: migration
6 backfills old rows, and ``documents_page`` lists what ``documents`` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from reports_store import ingested_store
from sqlalchemy import delete, text

from warlog.models import ActorSummary, DocumentListing, Event
from warlog.settings import Settings
from warlog.store import Store, make_engine
from warlog.store.engine import run_write
from warlog.store.filters import EventFilter
from warlog.store.schema import actor_summary_columns, schema_version
from warlog.web.api import create_app
from warlog.web.schemas import public_origin

FILTERS = [
    EventFilter(),
    EventFilter(country="UA"),
    EventFilter(country="SY"),
    EventFilter(type="Explosions/Remote violence"),
    EventFilter(actor="forces"),
    EventFilter(since="2024-03", until="2024-05-31"),
    EventFilter(near=(50.0, 36.23), radius_km=450),
    EventFilter(near=(35.0, 39.0), radius_km=300),
    EventFilter(status="asserted"),
]


@dataclass
class ActorRow:
    name: str
    id: str | None
    type: str | None
    as_actor1: int = 0
    as_actor2: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    doc_ids: set[str] = field(default_factory=set)

    def to_dict(self) -> dict:
        return {
            "name": self.name, "id": self.id, "type": self.type, "as_actor1": self.as_actor1,
            "as_actor2": self.as_actor2, "mentions": [m for m, _ in self.mentions.most_common(5)],
            "documents": len(self.doc_ids),
        }  # fmt: skip


def summarise_actors(events: Iterable[Event], unresolved: bool = False) -> list[ActorRow]:
    """One row per actor (by dictionary id, or by name when unresolved), most active first."""
    rows: dict[tuple, ActorRow] = {}
    for event in events:
        for role, actor in (("as_actor1", event.actor1), ("as_actor2", event.actor2)):
            if actor is None or (unresolved and actor.id is not None) or (not unresolved and actor.id is None):
                continue
            key = (actor.id,) if actor.id else (None, actor.name.lower())
            row = rows.setdefault(key, ActorRow(actor.name, actor.id, actor.type))
            setattr(row, role, getattr(row, role) + 1)
            row.mentions[actor.mention or actor.name] += 1
            row.doc_ids.add(event.doc_id)
    return sorted(rows.values(), key=lambda r: (-(r.as_actor1 + r.as_actor2), r.name))


def python_summary(store: Store, flt: EventFilter, unresolved: bool) -> list[ActorSummary]:
    return [ActorSummary(**row.to_dict()) for row in summarise_actors(store.iter_events(flt), unresolved=unresolved)]


def assert_same_summaries(store: Store) -> int:
    """Every filter, both modes, whole and paged; returns how many rows the unfiltered summaries had."""
    rows_seen = 0
    for flt in FILTERS:
        for unresolved in (False, True):
            expected = python_summary(store, flt, unresolved)
            total, rows = store.actors_page(flt, unresolved=unresolved)
            assert (total, rows) == (len(expected), expected), (flt, unresolved)
            assert store.actors_page(flt, unresolved=unresolved, limit=2, offset=1) == (len(expected), expected[1:3])
            assert store.actors_page(flt, unresolved=unresolved, limit=5, offset=len(expected) + 3) == (
                len(expected), []
            )  # fmt: skip
            if flt == EventFilter():
                rows_seen += len(expected)
    return rows_seen


def test_sample_events_summarise_identically(store_url, sample_batch):
    with Store(store_url) as store:
        for doc, doc_events in sample_batch:
            store.save(doc, doc_events)
        assert assert_same_summaries(store) > 0


def test_ingested_example_reports_summarise_identically(store_url):
    with ingested_store(store_url) as store:
        assert store.actors_page()[0] > 0, "the example reports name dictionary actors"
        assert store.actors_page(unresolved=True)[0] > 0
        assert_same_summaries(store)


def test_actors_that_tie_keep_the_first_appearance_name_and_phrase_order(tmp_path, sample_batch):
    """Same id under two names and several phrases used equally often: first appearance wins."""
    from dataclasses import replace

    from warlog.models import Actor

    with Store(str(tmp_path / "ties.db")) as store:
        for n, (doc, doc_events) in enumerate(sample_batch):
            renamed = [
                replace(event, actor1=Actor(name=f"Group Name {n % 2}", id="same-group", type="rebel group",
                                            mention=f"phrase {n % 3}"))
                for event in doc_events
            ]  # fmt: skip
            store.save(doc, renamed)
        expected = python_summary(store, EventFilter(), unresolved=False)
        assert expected[0].id == "same-group" and len(expected[0].mentions) == 3
        assert store.actors_page() == (len(expected), expected)


def test_migration_6_backfills_the_actor_columns(store_url, sample_batch):
    with Store(store_url) as store:
        for doc, doc_events in sample_batch:
            store.save(doc, doc_events)
        expected = [store.actors_page(unresolved=flag) for flag in (False, True)]
    names = [column.name for column in actor_summary_columns()]

    def undo_migration_6(connection) -> None:  # back to the shape version 5 left, data kept
        connection.execute(delete(schema_version).where(schema_version.c.version.in_([6, 7])))
        connection.execute(text("DROP TABLE document_bands"))  # migration 7 came after
        for name in names:
            connection.execute(text(f"ALTER TABLE events DROP COLUMN {name}"))

    engine = make_engine(store_url)
    run_write(engine, undo_migration_6)
    engine.dispose()
    with Store(store_url) as migrated:
        assert migrated.applied_migrations == [6, 7]
        assert [migrated.actors_page(unresolved=flag) for flag in (False, True)] == expected
        assert expected[1][0] > 0


def test_documents_page_lists_documents_without_their_text(store_url, sample_batch):
    with Store(store_url) as store:
        for doc, doc_events in sample_batch:
            store.save(doc, doc_events)
        everything = [DocumentListing(**{k: v for k, v in row.to_dict().items() if k != "text"})
                      for row in store.documents()]  # fmt: skip
        assert store.documents_page(100) == (len(everything), everything)
        assert store.documents_page(2, 1) == (len(everything), everything[1:3])
        assert store.documents_page(2, 50) == (len(everything), [])


def test_api_serves_the_sql_summaries_and_document_pages(tmp_path, sample_batch):
    db = str(tmp_path / "api.db")
    with Store(db) as store:
        for doc, doc_events in sample_batch:
            store.save(doc, doc_events)
        expected = python_summary(store, EventFilter(country="UA"), unresolved=True)
        # The API shows a file origin by its base name only (no local paths on the network).
        documents = [{**{k: v for k, v in row.to_dict().items() if k != "text"}, "origin": public_origin(row.origin)}
                     for row in store.documents()]  # fmt: skip
    with TestClient(create_app(db, Settings(db_url=db))) as client:
        answer = client.get("/api/actors", params={"unresolved": "true", "country": "ua", "limit": 1, "offset": 1})
        assert answer.json() == {"total": len(expected), "limit": 1, "offset": 1,
                                 "items": [row.to_dict() for row in expected[1:2]]}  # fmt: skip
        listing = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
        assert listing == {"total": len(documents), "limit": 2, "offset": 2, "items": documents[2:4]}


@pytest.mark.parametrize("unresolved", [False, True])
def test_cli_actors_prints_the_sql_summary(tmp_path, sample_batch, unresolved):
    import json

    from typer.testing import CliRunner

    from warlog.cli import app

    db = str(tmp_path / "cli.db")
    with Store(db) as store:
        for doc, doc_events in sample_batch:
            store.save(doc, doc_events)
        expected = python_summary(store, EventFilter(), unresolved)
    args = ["actors", "--db", db, "--format", "jsonl", *(["--unresolved"] if unresolved else [])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == [row.to_dict() for row in expected]


def test_a_remembered_summary_follows_new_documents(tmp_path):
    from warlog.extract.events import Extractor
    from warlog.models import Document

    def report(doc_id: str, text: str) -> tuple[Document, list]:
        doc = Document(id=doc_id, text=text, published="2024-05-08", content_hash=doc_id, minhash=[1, 2, 3])
        return doc, Extractor().extract(doc)

    with Store(str(tmp_path / "w.db")) as store:
        store.save(*report("one", "Turkish drones struck a car near Qamishli on Monday, killing two SDF fighters."))
        before = store.actors_page()
        assert store.actors_page() == before  # remembered: the same answer
        store.save(*report("two", "ISIS fighters attacked an army checkpoint near Palmyra on Monday."))
        after = store.actors_page()
        expected = python_summary(store, EventFilter(), False)
        assert after == (len(expected), expected) and after != before
