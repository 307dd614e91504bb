"""Incidents across reports on both backends: grouping, independence, grading, incremental re-ingest."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stored_reports import ARIHA, HAJIN, ISIS, SDF, report

from warlog.fuse.credibility import SourceReport, grade
from warlog.fuse.sources import SourceRegistry
from warlog.models import Actor, Fatalities, Incident
from warlog.store import Store
from warlog.store.filters import EventFilter


def strike_reports():
    return [
        report("wire", "Reuters", "BEIRUT (Reuters) - A drone strike near Saraqib killed three HTS members."),
        report("copy", "The Washington Post", "BEIRUT (Reuters) - A drone strike near Saraqib killed three HTS men.",
               duplicate_of="wire"),
        report("monitor", "The Syrian Observatory For Human Rights", "Four HTS members died near Saraqib.", killed=4),
        report("local", "Enab Baladi", "Three HTS fighters were killed by a drone near Saraqib.", date="2023-03-15"),
        # Hard negatives: the same type nearby in place, and in time at the same place.
        report("other-place", "Step News Agency", "A drone strike near Ariha killed two civilians.", place=ARIHA,
               actor2=Actor(name="Civilians (Syria)", id="civilians-sy", type="civilians"), killed=2,
               date="2023-03-16"),
        report("other-day", "Enab Baladi", "Another drone strike near Saraqib killed one HTS member.",
               date="2023-03-19", killed=1),
    ]


@pytest.fixture
def store(store_url, tmp_path):
    opened = Store(store_url, registry=SourceRegistry.load(tmp_path / "no-overrides.yaml"))
    yield opened
    opened.close()


def by_docs(store: Store) -> dict[tuple[str, ...], Incident]:
    return {tuple(i.doc_ids): i for i in store.incidents()}


def test_reports_of_one_happening_form_one_incident_and_negatives_stay_apart(store):
    for doc, events in strike_reports():
        store.save(doc, events)
    groups = by_docs(store)
    assert set(groups) == {("copy", "local", "monitor", "wire"), ("other-place",), ("other-day",)}
    strike = groups[("copy", "local", "monitor", "wire")]
    # The syndicated copy counts as Reuters: three independent outlets, not four documents.
    assert strike.corroboration == 3
    assert strike.sources == ["Enab Baladi", "Reuters", "The Syrian Observatory For Human Rights",
                                 "The Washington Post"]  # fmt: skip
    assert strike.fatalities == Fatalities(best=3, min=3, max=4)
    assert strike.credibility == "B1"
    assert "confirmed by 3 independent sources" in strike.reasoning
    assert len(strike.mentions) == 4
    assert store.incident(strike.id).events[0].id == "ev-copy"
    # Why each member after the first joined, and where the reports differ, side by side.
    assert [link["event_id"] for link in strike.links] == ["ev-local", "ev-monitor", "ev-wire"]
    assert all(link["score"] >= 1.5 and "both Air/drone strike" in link["reasons"] for link in strike.links)
    assert {v["doc_id"]: v["value"] for v in strike.disagreements["fatalities"]}["monitor"] == "4"
    assert {v["value"] for v in strike.disagreements["date"]} == {"2023-03-14", "2023-03-15"}
    assert "actor2" not in strike.disagreements


@settings(max_examples=12, deadline=None)
@given(order=st.permutations(range(len(strike_reports()))))
def test_any_ingest_order_gives_the_same_incidents(order):
    """Order independence, the borderline report included ("local" is 19 km and two days from the
    Ariha strike too): each new report re-groups its whole neighbourhood, so the incidents, their
    ids and their members are those of grouping all the reports at once."""
    reports = strike_reports()
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "order.db")) as store:
        for position in order:
            store.save(*reports[position])
        got = {(i.id, tuple(i.doc_ids)) for i in store.incidents()}
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "sorted.db")) as store:
        for doc, events in reports:
            store.save(doc, events)
        assert got == {(i.id, tuple(i.doc_ids)) for i in store.incidents()}
    assert {docs for _, docs in got} == {("copy", "local", "monitor", "wire"), ("other-place",), ("other-day",)}


def test_updated_document_replaces_its_mentions(store):
    for doc, events in strike_reports():
        store.save(doc, events)
    moved = report("local", "Enab Baladi", "Correction: the strike was near Ariha and killed two civilians.",
                   place=ARIHA, date="2023-03-16", killed=2,
                   actor2=Actor(name="Civilians (Syria)", id="civilians-sy", type="civilians"))  # fmt: skip
    assert store.save(*moved) == "updated"
    groups = by_docs(store)
    assert ("copy", "monitor", "wire") in groups and groups[("copy", "monitor", "wire")].corroboration == 2
    assert ("local", "other-place") in groups


def test_unasserted_events_never_form_incidents_and_claims_join_facts(store):
    store.save(*report("a", "Hawar News Agency", "ISIS attacked an SDF checkpoint near Hajin.", place=HAJIN,
                       sub_type="Armed clash", actor1=ISIS, actor2=SDF, killed=2, date="2023-05-02"))  # fmt: skip
    store.save(*report("b", "Amaq News Agency", "The Islamic State claimed it killed eleven SDF members.",
                       place=HAJIN, sub_type="Armed clash", actor1=ISIS, actor2=SDF, killed=11, status="claimed",
                       date="2023-05-02"))  # fmt: skip
    store.save(*report("c", "Deir Ezzor 24", "ISIS is preparing an attack on Hajin.", place=HAJIN,
                       sub_type="Armed clash", actor1=ISIS, actor2=SDF, status="planned", date="2023-05-02"))
    [incident] = store.incidents()
    assert incident.doc_ids == ["a", "b"]
    assert incident.fatalities == Fatalities(best=2, min=2, max=11)
    # Two party outlets on their own side's operations: no better than E, tolls far apart.
    assert incident.credibility[0] == "E" and "far apart" in incident.reasoning


def test_incident_filters(store):
    for doc, events in strike_reports():
        store.save(doc, events)
    assert store.count_incidents() == 3
    assert [i.doc_ids for i in store.incidents(EventFilter(min_credibility=1))] == [
        ["copy", "local", "monitor", "wire"]
    ]
    assert store.count_incidents(EventFilter(doc_id="other-day")) == 1
    assert store.count_incidents(EventFilter(actor="civilians")) == 1
    assert store.count_incidents(EventFilter(near=(35.8136, 36.6094), radius_km=5)) == 1
    assert store.count_incidents(EventFilter(since="2023-03-17")) == 1
    assert [i.date for i in store.incidents(limit=2, offset=1)] == ["2023-03-16", "2023-03-19"]


def test_grades():
    solid = SourceReport("Reuters", "wire", "B", ("asserted",))
    party = SourceReport("SANA", "state", "E", ("asserted",), own_statement=True)
    unknown = SourceReport("somebody", None, "F", ("asserted",))
    denial = SourceReport("Ministry", "party", "E", ("denied",))
    assert grade([solid], Fatalities()).code == "B2"
    assert grade([solid, party], Fatalities()).code == "B1"
    assert grade([party], Fatalities()).code == "E3"
    assert grade([unknown], Fatalities()).code == "F6"
    assert grade([solid, denial], Fatalities()).code == "B4"
    assert grade([solid], Fatalities(best=2, min=2, max=30)).code == "B3"



def two_incident_report(doc_id: str, publisher: str, duplicate_of: str | None = None):
    """A report of the Saraqib strike and of a clash at Hajin the same day: two events, two incidents."""
    body = f"A drone strike near Saraqib killed three HTS members; ISIS attacked the SDF at Hajin. ({publisher})"
    doc, [strike] = report(doc_id, publisher, body, duplicate_of=duplicate_of)
    _, [clash] = report(doc_id, publisher, body, place=HAJIN, sub_type="Armed clash", actor1=ISIS, actor2=SDF)
    return doc, [strike, replace(clash, id=f"ev-{doc_id}-clash")]


def test_copies_ride_on_their_original_however_many_and_in_any_order(store, monkeypatch):
    """Syndicated copies are not grouped as reports of their own: each copy's event joins the incident of the
    original's event it repeats. With the neighbourhood limited to 3 events, 12 copies of a report of two
    incidents all join both (before, a copy's two events filled the neighbourhood with the first copies'
    strike events, and its clash was split off on its own), whether a copy is stored before or after its
    original; a copy of a copy rides on the original too."""
    monkeypatch.setattr("warlog.store.fusion._NEIGHBOURHOOD_LIMIT", 3)
    wire = two_incident_report("wire", "Reuters")
    copies = [two_incident_report(f"copy-{i:02d}", f"Outlet {i}", "copy-00" if i == 11 else "wire") for i in range(12)]
    for doc, events in copies[:3] + [wire] + copies[3:]:
        store.save(doc, events)
    everyone = tuple(sorted(["wire", *(doc.id for doc, _ in copies)]))
    incidents = store.incidents()
    assert sorted(i.doc_ids for i in incidents) == [list(everyone), list(everyone)]
    assert {i.sub_event_type for i in incidents} == {"Air/drone strike", "Armed clash"}
    assert all(i.corroboration == 1 for i in incidents)  # the copies count as Reuters
    # A later independent report reaches the strike through the original, and the copies stay with it.
    store.save(*report("late", "Step News Agency", "A drone hit near Saraqib, three HTS dead.", date="2023-03-15"))
    assert sorted(i.doc_ids for i in store.incidents()) == sorted([list(everyone), sorted([*everyone, "late"])])
