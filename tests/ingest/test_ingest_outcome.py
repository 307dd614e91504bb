"""Ingest outcomes are one Enum (``models.IngestOutcome``) that serialises to the words it replaced:
the store's ``save``, the ingest report, the progress callback and the API's answer all use it."""

from __future__ import annotations

import json

from stored_reports import report

from warlog.models import IngestOutcome
from warlog.pipeline import IngestReport
from warlog.store import Store


def test_outcomes_are_the_words_they_always_were():
    assert [o.value for o in IngestOutcome] == ["added", "updated", "unchanged", "rejected"]
    assert json.dumps({"outcome": IngestOutcome.ADDED}) == '{"outcome": "added"}'
    assert f"{IngestOutcome.UNCHANGED}: doc" == "unchanged: doc"


def test_the_store_says_what_a_save_did(tmp_path):
    doc, events = report("wire", "Reuters", "A drone strike near Saraqib killed three HTS members.")
    with Store(str(tmp_path / "w.db")) as store:
        first = store.save(doc, events)
        again = store.save(doc, events)
        doc.content_hash, doc.text = "changed", doc.text + " Updated."
        changed = store.save(doc, events)
    assert (first, again, changed) == (IngestOutcome.ADDED, IngestOutcome.UNCHANGED, IngestOutcome.UPDATED)
    assert all(type(outcome) is IngestOutcome for outcome in (first, again, changed))


def test_the_report_counts_each_outcome_in_its_field():
    counted = IngestReport()
    for outcome in (IngestOutcome.ADDED, IngestOutcome.ADDED, IngestOutcome.UPDATED, IngestOutcome.UNCHANGED):
        counted.count(outcome)
    assert (counted.added, counted.updated, counted.unchanged) == (2, 1, 1)
