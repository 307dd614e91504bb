"""Store behaviour on both backends: saving, idempotence, reading back, every event filter."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from warlog.models import Event, Evidence, Plover, StoreCounts
from warlog.store import Store
from warlog.store.integrity import default_text_hash
from warlog.store.schema import metadata


@pytest.fixture
def store(store_url):
    with Store(store_url) as opened:
        yield opened


@pytest.fixture
def filled(store, sample_batch):
    for doc, events in sample_batch:
        assert store.save(doc, events) == "added"
    return store


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: the whole observable state of the store."""
    with store.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
            for name, table in metadata.tables.items()
        }


def ids(events: list[Event]) -> list[str]:
    return [event.id for event in events]


def test_save_reports_added_then_unchanged(store, sample_batch):
    doc, events = sample_batch[0]
    assert store.save(doc, events) == "added"
    assert store.save(doc, events) == "unchanged"
    assert store.counts() == StoreCounts(documents=1, events=1)


def test_resaving_a_batch_changes_no_row(filled, sample_batch):
    before = table_rows(filled)
    outcomes = [filled.save(doc, events) for doc, events in sample_batch]
    assert outcomes == ["unchanged"] * len(sample_batch)
    assert table_rows(filled) == before  # ingested_at included: not even timestamps move


def test_new_content_replaces_document_and_its_events(filled, sample_batch):
    doc, events = sample_batch[2]  # Ségou: two events
    revised_text = doc.text + " A later update said three soldiers were taken prisoner."
    revised = dataclasses.replace(doc, text=revised_text, content_hash=default_text_hash()(revised_text))
    kept = dataclasses.replace(events[0], fatalities=10)
    assert filled.save(revised, [kept]) == "updated"

    stored = filled.document(doc.id)
    assert stored.text == revised_text and stored.n_events == 1
    assert ids(filled.events(doc_id=doc.id)) == [kept.id]
    assert filled.events(doc_id=doc.id)[0].fatalities == 10
    assert filled.counts() == StoreCounts(documents=5, events=5)
    assert filled.integrity_check() == []


def test_documents_round_trip_their_fields(filled, sample_batch):
    listed = filled.documents()
    assert [d.id for d in listed] == sorted(doc.id for doc, _ in sample_batch)
    segou, events = next((doc, evs) for doc, evs in sample_batch if doc.id == "ml-segou-0303")
    stored = filled.document("ml-segou-0303")
    assert stored == next(d for d in listed if d.id == segou.id)
    for name in ("title", "author", "url", "published", "language", "content_hash", "origin", "text"):
        assert getattr(stored, name) == getattr(segou, name), name
    assert stored.n_events == len(events) == 2
    assert stored.ingested_at.startswith("20")
    fasher = filled.document("sd-fasher-0614")
    assert (fasher.duplicate_of, fasher.duplicate_kind) == ("ua-kyiv-0512", "near")
    assert filled.document("ua-kharkiv-0510").removed == ["Share this article"]
    assert filled.document("no-such-document") is None


def test_dedup_signatures_list_every_document(filled, sample_batch):
    expected = sorted((doc.id, doc.content_hash, doc.minhash) for doc, _ in sample_batch)
    assert sorted(filled.dedup_signatures()) == expected


def test_events_round_trip_unchanged(filled, sample_batch):
    expected = {event.id: event for _, events in sample_batch for event in events}
    stored = filled.events()
    assert {event.id: event for event in stored} == expected


def test_events_are_ordered_by_date_then_id_with_undated_last(filled):
    assert ids(filled.events()) == [
        "fj-rabi-1102-e1",  # 2023-11-02
        "ml-segou-0303-e1",  # 2024-03-03
        "ua-kharkiv-0510-e1",  # 2024-05-10
        "ua-kyiv-0512-e1",  # 2024-05-12
        "sd-fasher-0614-e1",  # 2024-06-14
        "ml-segou-0303-e2",  # no date
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"since": "2024-05-10"}, ["ua-kharkiv-0510-e1", "ua-kyiv-0512-e1", "sd-fasher-0614-e1"]),
        ({"until": "2024-03-03"}, ["fj-rabi-1102-e1", "ml-segou-0303-e1"]),
        ({"since": "2024-05", "until": "2024-05"}, ["ua-kharkiv-0510-e1", "ua-kyiv-0512-e1"]),
        ({"until": "2023"}, ["fj-rabi-1102-e1"]),
        ({"type": "Strategic developments"}, ["ua-kyiv-0512-e1", "ml-segou-0303-e2"]),
        ({"sub_type": "Armed clash"}, ["ml-segou-0303-e1"]),
        ({"actor": "military forces of russia"}, ["ua-kharkiv-0510-e1", "ua-kyiv-0512-e1"]),  # actor1 or 2
        ({"actor": "JNIM"}, ["ml-segou-0303-e1"]),
        ({"actor": "support"}, ["ml-segou-0303-e1", "sd-fasher-0614-e1"]),  # substring
        ({"actor": "100%"}, []),  # LIKE wildcards are matched literally
        ({"country": "ua"}, ["ua-kharkiv-0510-e1", "ua-kyiv-0512-e1"]),
        ({"country": "ML"}, ["ml-segou-0303-e1", "ml-segou-0303-e2"]),
        ({"status": "claimed"}, ["ml-segou-0303-e1"]),
        ({"status": "reported"}, ["ua-kharkiv-0510-e1", "ml-segou-0303-e2"]),
        ({"doc_id": "ml-segou-0303"}, ["ml-segou-0303-e1", "ml-segou-0303-e2"]),
        ({"country": "UA", "type": "Battles"}, []),
        ({"limit": 2}, ["fj-rabi-1102-e1", "ml-segou-0303-e1"]),
        ({"limit": 2, "offset": 4}, ["sd-fasher-0614-e1", "ml-segou-0303-e2"]),
        ({"offset": 5}, ["ml-segou-0303-e2"]),
    ],
)
def test_event_filters(filled, filters, expected):
    assert ids(filled.events(**filters)) == expected


def test_actor_filter_folds_non_ascii_case(store, sample_batch):
    doc, events = sample_batch[0]
    event = dataclasses.replace(events[0], actor1=dataclasses.replace(events[0].actor1, name="ВС России"))
    store.save(doc, [event])
    assert ids(store.events(actor="вс росс")) == [event.id]


@pytest.mark.parametrize(
    ("near", "radius_km", "expected"),
    [
        ((50.0, 36.23), 5, ["ua-kharkiv-0510-e1"]),  # Kharkiv is ~0.7 km away
        ((50.0, 36.23), 0.5, []),
        ((50.0, 36.23), 500, ["ua-kharkiv-0510-e1", "ua-kyiv-0512-e1"]),  # Kyiv ~410 km
        ((50.0, 36.23), 400, ["ua-kharkiv-0510-e1"]),
        ((13.5, -6.2), 20, ["ml-segou-0303-e1", "ml-segou-0303-e2"]),  # undated event still matched
        ((-16.47, -179.99), 10, ["fj-rabi-1102-e1"]),  # across the antimeridian (~3 km)
        ((89.9, 0.0), 100, []),  # near the pole the box spans all longitudes
    ],
)
def test_near_filter(filled, near, radius_km, expected):
    assert ids(filled.events(near=near, radius_km=radius_km)) == expected


def test_near_filter_combines_with_other_filters_and_paging(filled):
    ukraine = {"near": (50.0, 36.23), "radius_km": 500}
    assert ids(filled.events(**ukraine, type="Strategic developments")) == ["ua-kyiv-0512-e1"]
    assert ids(filled.events(**ukraine, limit=1)) == ["ua-kharkiv-0510-e1"]
    assert ids(filled.events(**ukraine, offset=1)) == ["ua-kyiv-0512-e1"]


@pytest.mark.parametrize(
    "bad",
    [{"since": "10/05/2024"}, {"near": (50.0, 36.0)}, {"near": (95.0, 0.0), "radius_km": 5}],
)
def test_invalid_filters_are_refused(filled, bad):
    with pytest.raises(ValueError):
        filled.events(**bad)


def test_events_of_another_document_are_refused(store, sample_batch):
    (doc, _), (_, other_events) = sample_batch[0], sample_batch[1]
    with pytest.raises(ValueError, match="belongs to document"):
        store.save(doc, other_events)
    assert store.counts() == StoreCounts(documents=0, events=0)


def test_failed_save_leaves_no_partial_document(filled, sample_batch):
    doc, events = sample_batch[0]
    newcomer = dataclasses.replace(doc, id="ua-kharkiv-copy", content_hash="0" * 64)
    clash = Event(
        id="ua-kyiv-0512-e1",  # already stored for another document
        doc_id=newcomer.id,
        event_type="Battles",
        sub_event_type="Armed clash",
        plover=Plover(event="FIGHT"),
        evidence=Evidence(text="Russian forces", start=22, end=36),
    )
    fine = dataclasses.replace(events[0], id="ua-kharkiv-copy-e1", doc_id=newcomer.id)
    before = table_rows(filled)
    with pytest.raises(IntegrityError):
        filled.save(newcomer, [fine, clash])
    assert table_rows(filled) == before
