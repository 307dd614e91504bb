"""Several incidents in one real report (issue 17), on documents of the real-report benchmark's dev split:
each place a list names is an event of its own, so is each clause of a sentence that lists incidents, and
mentions on two sides of a border stay apart. Needs
``../shared/corpus/real``; skips without it."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest
from repo_paths import REPOSITORY

from warlog.extract.events import Extractor
from warlog.models import Document

pytestmark = pytest.mark.shared("corpus/real/reports.jsonl")


@lru_cache(maxsize=1)
def _dev_reports(root: str) -> dict[str, dict]:
    split = {json.loads(line)["doc_id"]: json.loads(line)["split"]
             for line in (REPOSITORY / "eval/real/split.jsonl").read_text().splitlines()}
    with open(f"{root}/corpus/real/reports.jsonl", encoding="utf-8") as lines:
        return {r["id"]: r for r in map(json.loads, lines) if split.get(r["id"]) == "dev"}


@pytest.fixture(scope="module")
def events_of(shared):
    extractor = Extractor()

    def extract(doc_id: str):
        record = _dev_reports(str(shared))[doc_id]
        return extractor.extract(Document(id=doc_id, text=record["text"], published=record.get("published"),
                                          language="en"))

    return extract


def _from_sentence(events, anchor: str):
    return [e for e in events if anchor in e.evidence.text]


def test_the_border_towns_a_statement_lists_are_each_an_event(events_of):
    # A statement lists seven southern Lebanese border towns shelled ("border towns of Tayr Harfa, ..."): some
    # unknown to the gazetteer, some sharing a name with a town in Algeria or Mali.
    shelled = _from_sentence(events_of("b-0078"), "border towns of Tayr Harfa")
    assert len(shelled) == 7
    located = [e.location for e in shelled if e.location is not None]
    assert located and all(place.country == "LB" for place in located)


def test_the_districts_a_bulletin_says_were_hit_are_each_an_event(events_of):
    # A bulletin names the governorate, then the six districts in it that "were hit by airstrikes".
    hit = _from_sentence(events_of("b-0033"), "that were hit by airstrikes included")
    assert len(hit) >= 5 and {e.sub_event_type for e in hit} == {"Air/drone strike"}
    assert "Al Hudaydah" not in {e.location.name for e in hit if e.location is not None}


def test_shelling_in_israel_and_strikes_on_southern_lebanon_stay_apart(shared):
    # Shelling of the Shomera area in northern Israel, and Israeli strikes on southern Lebanon: 22 km between
    # the points the gazetteer gives, but two countries.
    record = _dev_reports(str(shared))["b-0078"]
    [adoc] = Extractor().annotate_many([Document(id="b-0078", text=record["text"], language="en")])
    [incident] = [i for i in adoc.incidents if any("Shomera" in m.sentence.text for m in i.group)]
    assert {m.location.country for m in incident.group if m.location is not None} == {"IL"}
    assert any(m.location is not None and m.location.country == "LB" and "southern Lebanon" in m.sentence.text
               for m in adoc.mentions)


def test_a_bulletins_parallel_clauses_are_each_an_event(events_of):
    # One sentence: a suicide attack in one province "and five Afghan soldiers in an IED attack in Herat".
    events = events_of("b-0047")
    assert {e.sub_event_type for e in _from_sentence(events, "The Taliban killed three civilians")} == {"Suicide bomb"}
    [ied] = _from_sentence(events, "five Afghan soldiers in an IED attack in Herat")
    assert ied.sub_event_type == "Remote explosive/landmine/IED" and ied.location.name == "Herat"


def test_the_strikes_a_report_lists_clause_by_clause_are_each_an_event(events_of):
    events = events_of("c-0024")
    assert _from_sentence(events, "A strike also hit a factory")
    assert _from_sentence(events, "two strikes hit the vicinity of Washokani camp")
