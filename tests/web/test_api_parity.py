"""The same ingest into SQLite and PostgreSQL gives the same API answers, filter by filter, and the
queries behind the filters use indexes (EXPLAIN QUERY PLAN on SQLite)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from reports_store import ingested_store
from sqlalchemy import insert, select

from warlog.settings import Settings
from warlog.store import event_reads, filters
from warlog.store.filters import EventFilter
from warlog.store.schema import events, incident_mentions, incidents
from warlog.web.api import create_app

REQUESTS = [
    {},
    {"limit": 4, "offset": 2},
    {"since": "2024", "until": "2024-06"},
    {"type": "Explosions/Remote violence"},
    {"sub_type": "Armed clash"},
    {"actor": "FORCES"},
    {"country": "SY"},
    {"status": "reported"},
    {"near": "36.0,38.0", "radius_km": 300, "limit": 2},
    {"min_credibility": "C3"},
    {"min_credibility": "A1"},
]


def grade_some_incidents(store) -> None:
    """Group the first events into incidents of differing credibility, as the fusing stage would."""
    with store.engine.begin() as connection:
        ids = list(connection.execute(select(events.c.id).order_by(events.c.id).limit(4)).scalars())
        for n, (event_id, grade) in enumerate(zip(ids, ("A1", "B2", "C4", "D3"))):
            incident_id = f"inc-{n}"
            connection.execute(insert(incidents).values(id=incident_id, event_type="Battles",
                                                        sub_event_type="Armed clash", credibility=grade,
                                                        corroboration=1, payload={}))  # fmt: skip
            connection.execute(insert(incident_mentions).values(incident_id=incident_id, event_id=event_id))


@pytest.mark.postgres
def test_sqlite_and_postgresql_api_answers_alike(tmp_path, pg_url):
    sqlite_db = str(tmp_path / "parity.db")
    with ingested_store(sqlite_db) as sqlite_store, ingested_store(pg_url) as pg_store:
        assert sqlite_store.counts() == pg_store.counts()
        for store in (sqlite_store, pg_store):
            grade_some_incidents(store)
        clients = [TestClient(create_app(db, Settings(db_url=db))) for db in (sqlite_db, pg_url)]
        with clients[0] as on_sqlite, clients[1] as on_postgresql:
            for params in REQUESTS:
                a = on_sqlite.get("/api/events", params=params)
                b = on_postgresql.get("/api/events", params=params)
                assert a.status_code == b.status_code == 200
                assert a.json() == b.json(), params
            assert on_sqlite.get("/api/events", params={"min_credibility": "C3"}).json()["total"] == 2
            assert on_sqlite.get("/api/actors").json() == on_postgresql.get("/api/actors").json()
            for fmt in ("acled-csv", "geojson", "jsonl"):
                a = on_sqlite.get("/api/export", params={"format": fmt}).content
                b = on_postgresql.get("/api/export", params={"format": fmt}).content
                if fmt != "jsonl":  # timestamps are each store's own ingest time
                    a, b = _without_timestamps(a, fmt), _without_timestamps(b, fmt)
                assert a == b, fmt


def _without_timestamps(content: bytes, fmt: str) -> object:
    import csv
    import io
    import json

    if fmt == "geojson":
        features = json.loads(content)["features"]
        return [{k: v for k, v in f["properties"].items() if k != "timestamp"} for f in features]
    return [{k: v for k, v in row.items() if k != "timestamp"} for row in csv.DictReader(io.StringIO(content.decode()))]


FILTERS = [
    EventFilter(since="2020-01-01"),
    EventFilter(type="Battles"),
    EventFilter(sub_type="Armed clash"),
    EventFilter(country="SY"),
    EventFilter(status="claimed"),
    EventFilter(doc_id="some-doc"),
    EventFilter(actor="isis"),
    EventFilter(country="SY", type="Battles", since="2020"),
    EventFilter(near=(36.0, 38.0), radius_km=50),
    EventFilter(min_credibility="B2"),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: next(k for k, v in vars(f).items() if v))
def test_each_filter_uses_an_index_on_sqlite(tmp_path, flt):
    from warlog.store import Store

    with Store(str(tmp_path / "plan.db")) as store, store.engine.connect() as connection:
        query = select(events.c.id).where(*filters.conditions(flt)).order_by(*event_reads.EVENT_ORDER)
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING" in plan and "INDEX" in plan, plan
        assert "SCAN events\n" not in plan + "\n" and not plan.startswith("SCAN events |"), plan


def test_migration_5_fills_the_listing_order_and_actor_names(store_url, sample_batch):
    """A store written before migration 5 lists, filters and counts its events as a new one does."""
    from sqlalchemy import delete, text

    from warlog.store import Store, make_engine
    from warlog.store.engine import run_write
    from warlog.store.schema import actor_keys, actor_summary_columns, schema_version

    with Store(store_url) as fresh:
        for doc, doc_events in sample_batch:
            fresh.save(doc, doc_events)
        expected = [e.id for e in fresh.events()]
        expected_actor = [e.id for e in fresh.events(actor="forces")]

    def undo_migration_5(connection) -> None:  # back to the shape version 4 left, data kept
        connection.execute(delete(schema_version).where(schema_version.c.version.in_([6, 7])))  # they came after 5
        connection.execute(text("DROP TABLE document_bands"))  # migration 7's table
        for column in actor_summary_columns():
            connection.execute(text(f"ALTER TABLE events DROP COLUMN {column.name}"))
        connection.execute(delete(actor_keys))
        connection.execute(text("UPDATE events SET date_order = NULL"))
        connection.execute(delete(schema_version).where(schema_version.c.version == 5))
        for name in [i.name for i in events.indexes if i.name.endswith("_order")]:
            connection.execute(text(f"DROP INDEX {name}"))
        connection.execute(text("DROP TABLE actor_keys"))
        connection.execute(text("ALTER TABLE events DROP COLUMN date_order"))
        for name, column in (("ix_events_sub_event_type", "sub_event_type"), ("ix_events_status", "status"),
                             ("ix_events_actor1_key", "actor1_key"), ("ix_events_actor2_key", "actor2_key")):
            connection.execute(text(f"CREATE INDEX {name} ON events ({column})"))
        connection.execute(text("CREATE INDEX ix_events_lat_lon ON events (latitude, longitude)"))

    engine = make_engine(store_url)
    run_write(engine, undo_migration_5)
    engine.dispose()
    with Store(store_url) as migrated:
        assert migrated.applied_migrations == [5, 6, 7]
        assert [e.id for e in migrated.events()] == expected
        assert [e.id for e in migrated.events(actor="forces")] == expected_actor != []
