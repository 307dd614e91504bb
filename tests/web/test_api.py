"""The JSON API against a real store of ingested example reports (FastAPI's TestClient, real SQLite)."""

from __future__ import annotations

import io
import json

import pytest
from fastapi.testclient import TestClient
from reports_store import EXAMPLE_REPORTS, ingested_store

from warlog.export import export_events
from warlog.settings import Settings
from warlog.store.filters import EventFilter
from warlog.web.api import create_app

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with ingested_store(str(tmp_path_factory.mktemp("api") / "w.db")) as filled:
        yield filled


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store.db, Settings(db_url=store.db, api_token=None))) as test_client:
        yield test_client


def test_events_are_paged_with_their_total(client, store):
    everything = [e.to_dict() for e in store.events()]
    first = client.get("/api/events", params={"limit": 3}).json()
    assert first == {"total": len(everything), "limit": 3, "offset": 0, "items": everything[:3]}
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert second["items"] == everything[3:6]


@pytest.mark.parametrize(
    "params, flt",
    [
        ({"type": "Battles"}, {"type": "Battles"}),
        ({"sub_type": "Air/drone strike"}, {"sub_type": "Air/drone strike"}),
        ({"since": "2024-03", "until": "2024-06-30"}, {"since": "2024-03", "until": "2024-06-30"}),
        ({"country": "sy", "status": "asserted"}, {"country": "sy", "status": "asserted"}),
        ({"actor": "sdf"}, {"actor": "sdf"}),
        ({"near": "35.9,36.7", "radius_km": "80"}, {"near": (35.9, 36.7), "radius_km": 80.0}),
        ({"min_credibility": "B2"}, {"min_credibility": "B2"}),
    ],
)
def test_filters_match_the_store(client, store, params, flt):
    answer = client.get("/api/events", params=params).json()
    expected = store.events(EventFilter(**flt))
    assert answer["items"] == [e.to_dict() for e in expected]
    assert answer["total"] == len(expected)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2024-13"}, "String should match pattern"),
        ({"type": "Skirmish"}, "Input should be 'Battles'"),
        ({"status": "rumoured"}, "Input should be 'asserted'"),
        ({"near": "35.9"}, "near must be LAT,LON"),
        ({"near": "95,10"}, "off the globe"),
        ({"min_credibility": "G9"}, "String should match pattern"),
        ({"limit": "0"}, "greater than or equal to 1"),
        ({"limit": "5000"}, "less than or equal to 1000"),
        ({"country": "Syria"}, "String should match pattern"),
    ],
)
def test_bad_filters_get_a_clear_422(client, params, message):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert message in response.text


def test_one_event_and_a_missing_one(client, store):
    event = store.events(limit=1)[0]
    assert client.get(f"/api/events/{event.id}").json() == event.to_dict()
    missing = client.get("/api/events/ev-nope")
    assert missing.status_code == 404 and "ev-nope" in missing.json()["detail"]


def test_document_comes_with_its_events_and_their_evidence_offsets(client, store):
    doc_id = store.events(sub_type="Air/drone strike")[0].doc_id
    answer = client.get(f"/api/documents/{doc_id}").json()
    text = answer["document"]["text"]
    assert answer["document"]["id"] == doc_id and answer["document"]["n_events"] == len(answer["events"])
    for event in answer["events"]:
        evidence = event["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert client.get("/api/documents/nope").status_code == 404
    listing = client.get("/api/documents", params={"limit": 2}).json()
    assert listing["total"] == store.counts().documents and len(listing["items"]) == 2
    assert "text" not in listing["items"][0]


def test_actors_are_summarised_most_active_first(client):
    answer = client.get("/api/actors").json()
    activity = [item["as_actor1"] + item["as_actor2"] for item in answer["items"]]
    assert answer["total"] == len(answer["items"]) > 0
    assert activity == sorted(activity, reverse=True)
    assert all(item["id"] for item in answer["items"])
    unresolved = client.get("/api/actors", params={"unresolved": "true"}).json()["items"]
    assert all(item["id"] is None for item in unresolved)


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "jsonl", "parquet"])
def test_export_endpoint_streams_the_exporters_output(client, store, fmt):
    response = client.get("/api/export", params={"format": fmt, "country": "SY"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    sink = io.BytesIO()
    export_events(store, fmt, EventFilter(country="SY"), sink)
    if fmt == "parquet":  # the file embeds no timestamps, but compare what matters: the rows
        import pyarrow.parquet as pq

        assert pq.read_table(io.BytesIO(response.content)) == pq.read_table(io.BytesIO(sink.getvalue()))
    else:
        assert response.content == sink.getvalue()
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_openapi_describes_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/actors", "/api/export",
            "/api/health"} <= set(spec["paths"])  # fmt: skip
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert names == {"since", "until", "type", "sub_type", "actor", "country", "near", "radius_km",
                     "min_credibility", "status", "limit", "offset"}  # fmt: skip
    assert client.get("/docs").status_code == 404


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/api/health"), client.get("/api/events/nope"), client.get("/openapi.json")):
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_cors_is_off_unless_configured(client, store):
    origin = {"Origin": "https://maps.example.org"}
    assert "access-control-allow-origin" not in client.get("/api/health", headers=origin).headers
    settings = Settings(db_url=store.db, cors_origins=("https://maps.example.org",))
    with TestClient(create_app(store.db, settings)) as open_client:
        allowed = open_client.get("/api/health", headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://maps.example.org"
        other = open_client.get("/api/health", headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in other.headers


def test_api_is_read_only_without_a_token(client):
    response = client.post("/api/documents", json={"id": "x", "text": "Gunmen attacked a village."})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.put("/api/events", json={}).status_code == 405


def test_posting_a_document_needs_the_token_and_ingests_it(tmp_path):
    db = str(tmp_path / "posted.db")
    report = (EXAMPLE_REPORTS / "wire_qamishli_drone_strike.txt").read_text(encoding="utf-8")
    document = {"id": "posted-qamishli", "text": report, "source": "Test Wire"}
    with TestClient(create_app(db, Settings(db_url=db, api_token=TOKEN, max_request_bytes=50_000))) as client:
        assert client.post("/api/documents", json=document).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert client.post("/api/documents", json=document, headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        added = client.post("/api/documents", json=document, headers=auth)
        assert added.status_code == 201, added.text
        assert added.json()["outcome"] == "added" and added.json()["events"] > 0
        stored = client.get("/api/documents/posted-qamishli").json()
        assert len(stored["events"]) == added.json()["events"]
        again = client.post("/api/documents", json=document, headers=auth)
        assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
        no_id = client.post("/api/documents", json={"text": report}, headers=auth)
        assert no_id.status_code == 422 and '"id"' in no_id.json()["detail"]
        empty = client.post("/api/documents", json={"id": "e", "text": "  "}, headers=auth)
        assert empty.status_code == 422 and "empty document" in empty.json()["detail"]
        big = json.dumps({"id": "big", "text": "word " * 20_000})
        too_large = client.post("/api/documents", content=big, headers=auth)
        assert too_large.status_code == 413 and "50,000" in too_large.json()["detail"]

        def chunked():
            for _ in range(20):
                yield b" " * 5_000

        undeclared = client.post("/api/documents", content=chunked(), headers=auth)
        assert undeclared.status_code == 413
        assert client.get("/api/health").json()["documents"] == 1


def test_incidents_are_paged_and_each_can_be_opened(client, store):
    page = client.get("/api/incidents", params={"limit": 2}).json()
    assert page["total"] == store.count_incidents() > 0
    assert len(page["items"]) == min(2, page["total"])
    first = page["items"][0]
    assert first["credibility"][0] in "ABCDEF" and first["credibility"][1] in "123456"
    assert set(first["fatalities"]) == {"best", "min", "max"}
    opened = client.get(f"/api/incidents/{first['id']}").json()
    assert opened["id"] == first["id"] and {m["event_id"] for m in opened["mentions"]}
    assert client.get("/api/incidents/inc-nothing").status_code == 404


def test_incident_credibility_filter_takes_a_code_or_a_digit(client, store):
    for value in ("F6", "6", "A1", "1", "C3"):
        answer = client.get("/api/incidents", params={"min_credibility": value, "limit": 500}).json()
        expected = store.incidents(EventFilter(min_credibility=value))
        assert [i["id"] for i in answer["items"]] == [i.id for i in expected], value
    assert client.get("/api/incidents", params={"min_credibility": "G9"}).status_code == 422


def test_network_as_json_and_as_graphml(client, store):
    graph = client.get("/api/network").json()
    relations = store.relations()
    assert len(graph["edges"]) == len(relations)
    ids = {node["id"] for node in graph["nodes"]}
    assert all(edge["source"] in ids and edge["target"] in ids for edge in graph["edges"])
    xml = client.get("/api/network", params={"format": "graphml"})
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
    assert b"<graphml" in xml.content
