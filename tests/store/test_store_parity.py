"""SQLite and PostgreSQL give the same answers to the same questions about the same data."""

from __future__ import annotations

import dataclasses

import pytest

from warlog.models import StoredDocument
from warlog.store import Store

QUERIES = [
    {},
    {"since": "2024-03-03", "until": "2024-05-31"},
    {"since": "2024"},
    {"type": "Strategic developments"},
    {"sub_type": "Violent demonstration"},
    {"actor": "FORCES"},
    {"actor": "civilians ("},
    {"country": "ua", "status": "reported"},
    {"near": (13.5, -6.2), "radius_km": 50},
    {"near": (50.0, 36.23), "radius_km": 450, "offset": 1},
    {"near": (-16.47, -179.99), "radius_km": 10},
    {"limit": 3, "offset": 2},
]


@pytest.mark.postgres
def test_sqlite_and_postgresql_answer_alike(tmp_path, pg_url, sample_batch):
    with Store(str(tmp_path / "parity.db")) as sqlite_store, Store(pg_url) as pg_store:
        for store in (sqlite_store, pg_store):
            assert [store.save(doc, events) for doc, events in sample_batch] == ["added"] * len(sample_batch)
        for filters in QUERIES:
            on_sqlite = [event.to_dict() for event in sqlite_store.events(**filters)]
            on_postgresql = [event.to_dict() for event in pg_store.events(**filters)]
            assert on_sqlite == on_postgresql, filters
        assert sqlite_store.counts() == pg_store.counts()
        assert sorted(sqlite_store.dedup_signatures()) == sorted(pg_store.dedup_signatures())

        def without_timestamps(store: Store) -> list[StoredDocument]:
            return [dataclasses.replace(d, ingested_at="") for d in store.documents()]

        assert without_timestamps(sqlite_store) == without_timestamps(pg_store)
