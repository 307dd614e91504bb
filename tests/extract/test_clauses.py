"""extract/clauses.py: a sentence that lists several incidents, cut into one clause per incident. Sentences
written for these tests, one rule each; tests/extract/test_several_incidents_real.py has the real reports."""

from __future__ import annotations

import pytest

from warlog.extract.annotated import Candidate
from warlog.extract.clauses import clauses_of
from warlog.extract.sentences import Span
from warlog.extract.triggers import match_triggers


def clauses(text: str, start: int = 100) -> list[str]:
    candidate = Candidate(Span(start, start + len(text), text), match_triggers(text))
    found = clauses_of(candidate, lambda lo, hi: any(w[:1].isupper() for w in text[lo - start : hi - start].split()[1:]))
    assert all(c.sentence.start >= start and text[c.sentence.start - start :].startswith(c.sentence.text) for c in found)
    return [c.sentence.text for c in found]


def test_each_strike_a_sentence_lists_with_its_own_place_is_a_clause():
    assert clauses("A strike hit a factory in Amuda and another strike hit a car near the factory, "
                   "two strikes hit the vicinity of Washokani camp.") == [
        "A strike hit a factory in Amuda and another strike hit a car near the factory",  # no place of its own
        "two strikes hit the vicinity of Washokani camp.",
    ]


def test_parallel_tolls_by_weapon_are_clauses():
    assert clauses("The Taliban killed three civilians in a suicide attack in Badghis and five soldiers "
                   "in an IED attack in Herat.") == [
        "The Taliban killed three civilians in a suicide attack in Badghis", "five soldiers in an IED attack in Herat."]


@pytest.mark.parametrize("text", [
    "Near Mosul, three strikes engaged an ISIL tactical unit; destroyed four vehicle-borne bombs.",  # no place after
    "Turkish drones struck a car near Qamishli on Monday, killing two fighters.",  # no boundary
])  # fmt: skip
def test_a_sentence_of_one_incident_stays_whole(text):
    assert clauses(text) == [text]


def test_clauses_open_incidents_of_their_own():
    from warlog.extract.events import Extractor
    from warlog.models import Document

    text = ("Turkish drones hit a factory in Amuda, and another strike hit the Sad al-Gharbi power station "
            "near Qamishli on Monday.")
    events = Extractor().extract(Document(id="c", text=text, language="en", published="2024-03-05"))
    assert len(events) == 2 and len({e.evidence.start for e in events}) == 2


def test_a_clause_with_no_verb_of_its_own_takes_the_first_clauses_subject():
    from warlog.extract.events import Extractor
    from warlog.models import Document

    text = ("Islamic State fighters killed three civilians in a suicide attack in Kirkuk and five Iraqi soldiers "
            "in an IED attack in Mosul.")
    events = Extractor().extract(Document(id="c", text=text, language="en", published="2024-03-05"))
    [ied] = [e for e in events if e.evidence.text.startswith("five Iraqi soldiers")]
    assert ied.actor1 is not None and ied.actor1.id == "isis"
    assert ied.actor2 is not None and ied.actor2.type == "state forces"
