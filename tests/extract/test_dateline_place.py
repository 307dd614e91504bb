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


@pytest.mark.parametrize(("text", "places"), [
    pytest.param("ERBIL, Kurdistan Region - A Turkish drone struck a car in Sinjar on Monday, killing two people.",
                 ["Sinjar"], id="a place the sentence names outranks the dateline"),
    pytest.param("ERBIL, Kurdistan Region - At least 11 fighters were killed in an ambush by the Islamic State on "
                 "Saturday.\nIslamic State militants ambushed the fighters east of Tikrit after dark.",
                 ["Tikrit"], id="the dateline locates an event only until another sentence places it"),
    pytest.param("MOGADISHU, Somalia - A suicide bomber killed six people at a checkpoint on Monday.",
                 ["Mogadishu"], id="without another place the dateline is kept"),
    pytest.param("PORT SUDAN: At least 13 people were killed when the Rapid Support Forces shelled a mosque on "
                 "Wednesday.\nThe Rapid Support Forces shelled the mosque in El Fasher after dark.",
                 ["El Fasher"], id="a desk dateline may end with a colon"),
])
def test_the_desk_yields_to_the_place_the_text_gives(extractor, text, places):
    assert located(extractor, text) == places
