"""The declared extraction components: their order is checked, each can be replaced or timed alone,
and the trace they leave names who made each field and why a sentence gave no event."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from warlog.evaluate import score_documents
from warlog.evaluation_blame import Blame
from warlog.extract.annotated import TRACED_FIELDS
from warlog.extract.components import (
    PIPELINE,
    PipelineError,
    before_parse,
    check_pipeline,
    component_of_field,
    passes,
)
from warlog.extract.events import Extractor
from warlog.models import Document

REPORT = (
    "Turkish drones struck a car near Qamishli on Monday, killing two SDF fighters.\n"
    "A previous airstrike on the town killed 36 people.\n"
    "Militants are planning a suicide bombing in the capital, police warned.\n"
    "Residents said the weather was cold."
)


def _document(text: str = REPORT) -> Document:
    return Document(id="d1", text=text, language="en", published="2024-03-05")


def _annotated(text: str = REPORT, **options):
    return next(Extractor(**options).annotate_many([_document(text)]))


def test_the_declared_order_is_sound():
    check_pipeline()
    names = [c.name for c in PIPELINE]
    assert len(names) == len(set(names))
    # The cheap passes (words, sentences, triggers, actors, places) come before the first that reads the parse.
    cheap = [c.name for _, members in passes()[: before_parse()] for c in members]
    assert cheap == ["words", "sentences", "triggers", "detector", "clause split", "datelines", "actors", "places"]
    assert not any(c.needs_parse for _, members in passes()[: before_parse()] for c in members)


@pytest.mark.parametrize("broken, message", [
    (lambda p: tuple(c for c in p if c.name != "merge"), "(needs|requires) incidents"),
    (lambda p: tuple(c for c in p if c.name != "trigger head"), "requires trigger_token"),
    (lambda p: tuple(c for c in p if c.name != "events"), "no component assigns the events"),
    (lambda p: p[:1] + p, "names repeat"),
    (lambda p: tuple(c for c in p if c.name != "actors"), "requires actor_mentions"),
    (lambda p: tuple(c for c in p if c.name != "words"), "requires words"),
])  # fmt: skip
def test_an_order_that_cannot_run_is_refused(broken, message):
    with pytest.raises(PipelineError, match=message):
        check_pipeline(broken(PIPELINE))
    with pytest.raises(PipelineError):
        Extractor(pipeline=broken(PIPELINE))


def test_a_component_is_replaced_alone():
    """Without the weapons component events carry no weapons, and every other field is as before."""
    full = _annotated().events
    without = next(Extractor(pipeline=tuple(c for c in PIPELINE if c.name != "weapons")).annotate_many([_document()]))
    assert full and any(e.weapons for e in full)
    assert [replace(e, weapons=[]) for e in full] == without.events
    assert not any(e.weapons for e in without.events)


def test_every_component_is_timed():
    timings = Counter()
    list(Extractor(timings=timings).extract_many([_document()]))
    assert set(timings) == {c.name for c in PIPELINE}
    assert all(seconds >= 0 for seconds in timings.values())


def test_the_trace_names_the_filler_of_each_field():
    adoc = _annotated()
    assert len(adoc.events) == 1
    event, (incident,) = adoc.events[0], adoc.incidents
    assert event.sub_event_type == "Air/drone strike"
    filled = incident.best.filled_by
    assert filled["actor1"] == "roles" and event.actor1.name.startswith("Military Forces of Turkey")
    assert filled["location"] == "place" and event.location.name.endswith("Qamishli")
    assert filled["date"] == "dates" and event.date == "2024-03-04"
    assert filled["fatalities"] == "numbers" and event.fatalities == 2
    assert filled["weapons"] == "weapons"
    assert "arrested" not in filled  # no component changed it
    assert adoc.layers >= {"sentences", "candidates", "actor_mentions", "context", "mentions", "incidents", "events"}


def test_the_trace_says_why_a_candidate_gave_no_event():
    adoc = _annotated()
    reasons = {d.sentence.text.split()[1]: (d.component, d.reason) for d in adoc.drops}
    assert reasons["previous"] == ("filters", "background")
    assert reasons["are"] == ("status", "planned, held back")
    # Asked for, the plan is an event with its status, and no longer a drop.
    kept = _annotated(include_unasserted=True)
    assert [d.reason for d in kept.drops] == ["background"]
    assert any(e.status == "planned" for e in kept.events)


def test_a_document_without_candidates_stops_after_the_triggers():
    adoc = _annotated("Residents said the weather was cold. Markets opened late.")
    assert adoc.events == [] and adoc.candidates == [] and adoc.actor_mentions == []
    assert "candidates" in adoc.layers and "actor_mentions" not in adoc.layers


def test_eval_attributes_each_error_to_a_component():
    """Gold that the extraction gets wrong in known ways: each error names the component that made it."""
    adoc = _annotated()
    owners = {name: component_of_field(name) for name in TRACED_FIELDS if component_of_field(name)}
    blame = Blame({"d1": adoc.trace()}, owners)
    predictions = [e.to_dict() for e in adoc.events]
    strike = {"doc_id": "d1", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
              "date": "2024-03-04", "actor1": "Military Forces of Turkey (2016-)", "actor2": None,
              "location": {"name": "Amuda", "latitude": 37.104, "longitude": 40.93},
              "fatalities": 3, "status": "asserted", "evidence": "Turkish drones struck a car near Qamishli"}
    background = {**strike, "date": "2019-06-01", "fatalities": 36, "location": None,
                  "evidence": "A previous airstrike on the town killed 36 people."}
    unflagged = {**strike, "sub_event_type": "Armed clash", "event_type": "Battles",
                 "evidence": "Residents said the weather was cold."}
    report = score_documents([strike, background, unflagged], predictions, blame=blame)
    by_kind = {(e["kind"], e.get("field")): e.get("component") for e in report.errors}
    assert by_kind[("field", "location")] == "place"
    assert by_kind[("field", "fatalities")] == "numbers"
    missed = sorted(e["component"] for e in report.errors if e["kind"] == "missed")
    assert missed == ["filters (background)", "triggers"]
    assert report.components["filters"] == 1 and report.components["triggers"] == 1
    assert "Errors by component" in report.render()
    # Predictions read from a file carry no trace: no component is named.
    assert not any("component" in e for e in score_documents([strike, background], predictions).errors)
