"""A wire dateline's city is the reporter's desk, not the event's place (extract/placing.py _dateline_end).

Regional outlets file from one city ("ERBIL, Kurdistan Region -", "QAMISHLI, Syria (North Press) -")
about events across the region. Sentences written for these tests, one rule each.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.models import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def located(extractor: Extractor, text: str) -> list[str | None]:
    events = extractor.extract(Document(id="d", text=text, language="en", published="2024-03-05"))
    return [e.location.name if e.location else None for e in events]


def test_a_place_the_sentence_names_outranks_the_dateline(extractor):
    text = "ERBIL, Kurdistan Region - A Turkish drone struck a car in Sinjar on Monday, killing two people."
    assert located(extractor, text) == ["Sinjar"]


def test_the_dateline_locates_an_event_only_until_another_sentence_places_it(extractor):
    text = ("ERBIL, Kurdistan Region - At least 11 fighters were killed in an ambush by the Islamic State on Saturday.\n"
            "Islamic State militants ambushed the fighters east of Tikrit after dark.")
    assert located(extractor, text) == ["Tikrit"]


def test_without_another_place_the_dateline_is_kept(extractor):
    text = "MOGADISHU, Somalia - A suicide bomber killed six people at a checkpoint on Monday."
    assert located(extractor, text) == ["Mogadishu"]


def test_a_desk_dateline_may_end_with_a_colon(extractor):
    text = ("PORT SUDAN: At least 13 people were killed when the Rapid Support Forces shelled a mosque on Wednesday.\n"
            "The Rapid Support Forces shelled the mosque in El Fasher after dark.")
    assert located(extractor, text) == ["El Fasher"]
