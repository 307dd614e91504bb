"""A wire dateline's city is the reporter's desk, not the event's place (extract/placing.py _dateline_end).

Regional outlets file from one city ("ERBIL, Kurdistan Region -", "QAMISHLI, Syria (North Press) -")
about events across the region. Sentences written for these tests, one rule each.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.ingest.metadata import dateline_spans
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
    pytest.param("Damascus [Syria], August 29: The government said Aleppo's airport in northern Syria was put out "
                 "of service by an Israeli airstrike at dawn. Damascus airport was not hit.",
                 ["Aleppo International Airport"], id="said before a city; the desk is not the report's focus"),
])
def test_the_desk_yields_to_the_place_the_text_gives(extractor, text, places):
    assert located(extractor, text) == places


@pytest.mark.parametrize(("text", "desk"), [
    ("Beirut, (APP - Agency News - 15th Oct, 2023) Israeli jets struck the airport.", "Beirut"),
    ("Damascus [Syria], August 29: The government said the airport was hit.", "Damascus [Syria]"),
    ("AMMAN (Reuters) - Jordan said on Sunday.", "AMMAN (Reuters)"),
    ("Beirut is a city of two million people (AFP figures).", None),
])
def test_desks_are_found_in_the_forms_outlets_write_them(text, desk):
    spans = dateline_spans(text)
    assert (text[spans[0][0]:spans[0][1]].startswith(desk) if desk else not spans)
