"""Exports of really ingested reports: ACLED CSV, GeoJSON, Parquet and JSON Lines agree with the store."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from reports_store import ingested_store, shared_seeds

from warlog.export import export_events, exporter_for
from warlog.export.acled_csv import ACLED_COLUMNS, interaction_code
from warlog.export.acled_notes import acled_note
from warlog.export.formats import EVENT_FORMATS
from warlog.models import Actor, Event, Evidence, Location, Plover
from warlog.store.filters import EventFilter

SPEC_ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "tags", "timestamp",
]  # SPEC section 6, in its order


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    paths = [p for p in (shared_seeds(),) if p] or []
    with ingested_store(str(tmp_path_factory.mktemp("export") / "w.db"), *paths) as filled:
        yield filled


def exported(store, fmt: str, flt: EventFilter | None = None) -> bytes:
    sink = io.BytesIO()
    export_events(store, fmt, flt or EventFilter(), sink)
    return sink.getvalue()


def test_acled_csv_has_acleds_columns_and_one_row_per_event(store):
    events = store.events()
    assert len(events) >= 5
    rows = list(csv.DictReader(io.StringIO(exported(store, "acled-csv").decode())))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS == tuple(SPEC_ACLED_COLUMNS)
    assert [row["event_id_cnty"] for row in rows] == [event.id for event in events]
    for row, event in zip(rows, events):
        assert row["sub_event_type"] == event.sub_event_type
        assert int(row["fatalities"]) == (event.fatalities or 0)
        assert row["notes"].endswith(".") and row["notes"][0].isupper()
        inter1, inter2 = int(row["inter1"]), int(row["inter2"])
        assert int(row["interaction"]) == interaction_code(inter1, inter2)
        assert (inter1 == 0) == (event.actor1 is None or event.actor1.type is None)
        if event.location and event.location.country == "SY":
            assert (row["country"], row["iso"], row["region"]) == ("Syria", "760", "Middle East")


def test_interaction_codes_combine_lower_first():
    assert interaction_code(3, 1) == 13
    assert interaction_code(1, 3) == 13
    assert interaction_code(2, 2) == 22
    assert interaction_code(6, 0) == 60
    assert interaction_code(0, 7) == 70
    assert interaction_code(0, 0) == 0


def test_note_tells_the_record_in_one_sentence():
    event = Event(
        id="e1", doc_id="d1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        plover=Plover("FIGHT", "aerial"), evidence=Evidence("x", 0, 1), date="2017-08-05", time_precision=1,
        actor1=Actor("Military Forces of the United States", type="external"),
        actor2=Actor("ISIS", type="rebel group"),
        location=Location("Raqqa", country="SY", admin1="Raqqa", latitude=35.95, longitude=39.01, geo_precision=2),
        fatalities=2, status="claimed", claimant=Actor("CENTCOM"),
    )  # fmt: skip
    assert acled_note(event) == (
        "On 5 August 2017, Military Forces of the United States carried out an air/drone strike on ISIS "
        "near Raqqa (Raqqa), killing 2 people, as claimed by CENTCOM."
    )
    event.actor1, event.actor2, event.fatalities, event.status, event.time_precision = None, None, None, "asserted", 3
    assert acled_note(event) == "Around August 2017, unidentified actors carried out an air/drone strike near Raqqa (Raqqa)."


def test_geojson_has_a_point_per_located_event(store):
    collection = json.loads(exported(store, "geojson"))
    located = [e for e in store.events() if e.location and e.location.latitude is not None]
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [e.id for e in located]
    for feature, event in zip(collection["features"], located):
        assert feature["geometry"] == {
            "type": "Point", "coordinates": [event.location.longitude, event.location.latitude]
        }
        assert not any(isinstance(v, (dict, list)) for v in feature["properties"].values())
        assert feature["properties"]["evidence"] == event.evidence.text


def test_parquet_has_the_same_rows_as_the_csv(store):
    table = pq.read_table(io.BytesIO(exported(store, "parquet")))
    rows = list(csv.DictReader(io.StringIO(exported(store, "acled-csv").decode())))
    assert table.column_names == list(ACLED_COLUMNS)
    assert table.num_rows == len(rows)
    for typed, text in zip(table.to_pylist(), rows):
        for column in ACLED_COLUMNS:
            value = typed[column]
            assert ("" if value is None else str(value)) == text[column], column


def test_jsonl_export_is_the_stored_records(store):
    lines = exported(store, "jsonl").decode().splitlines()
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in store.events()]


def test_filters_apply_to_exports(store):
    sub_type = store.events()[0].sub_event_type
    flt = EventFilter(sub_type=sub_type)
    rows = list(csv.DictReader(io.StringIO(exported(store, "acled-csv", flt).decode())))
    assert [row["event_id_cnty"] for row in rows] == [e.id for e in store.events(flt)]
    assert 0 < len(rows) < store.count_events()


def test_empty_exports_are_valid_files(store):
    nothing = EventFilter(since="1900", until="1900")
    assert exported(store, "acled-csv", nothing).decode().strip() == ",".join(ACLED_COLUMNS)
    assert json.loads(exported(store, "geojson", nothing))["features"] == []
    assert pq.read_table(io.BytesIO(exported(store, "parquet", nothing))).num_rows == 0
    assert exported(store, "jsonl", nothing) == b""


def test_unknown_format_is_named():
    with pytest.raises(ValueError, match="unknown export format 'xlsx'.*acled-csv"):
        exporter_for("xlsx")
    assert sorted(EVENT_FORMATS) == sorted(("acled-csv", "geojson", "jsonl", "parquet"))


def test_cli_export_writes_the_file(store, tmp_path):
    target = tmp_path / "events.csv"
    command = [sys.executable, "-m", "warlog", "export", "--db", store.db, "--format", "acled-csv", "-o", str(target)]
    result = subprocess.run(command, check=False, capture_output=True, env=dict(os.environ), timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes() == exported(store, "acled-csv")
    assert not (tmp_path / "events.csv.partial").exists()
    bad = subprocess.run([*command[:-2], "-o", str(target), "--since", "2024-13"], check=False, capture_output=True,
                         env=dict(os.environ), timeout=300)  # fmt: skip
    assert bad.returncode == 2 and b"since must be" in bad.stderr


def test_every_actor_type_of_the_dictionary_has_an_inter_code():
    from warlog.knowledge import load_yaml

    def types(node) -> set[str]:
        if isinstance(node, dict):
            found = {node["type"]} if isinstance(node.get("type"), str) else set()
            return found.union(*(types(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(types(v) for v in node))
        return set()

    known = types(load_yaml("actors.yaml"))
    codes = load_yaml("acled_export.yaml")["inter_codes"]
    assert len(known) >= 8 and known <= set(codes), known - set(codes)
    assert sorted(set(codes.values())) == list(range(1, 9))
