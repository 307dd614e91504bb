"""Several incidents in one sentence (extract/placing.py listed_places, extract/story.py split_place_lists).

ACLED codes one event per place: a sentence that lists the places an operation hit gives an event for
each. Sentences written for these tests, one rule each.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.models import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def places(extractor: Extractor, text: str) -> list[tuple[str, int | None]]:
    events = extractor.extract(Document(id="p", text=text, language="en", published="2024-03-05"))
    return [(e.location.name if e.location else None, e.fatalities) for e in events]


def test_each_listed_place_is_an_event(extractor):
    found = places(extractor, "Russian forces shelled Kherson, Nikopol and Marhanets on Monday.")
    assert [name for name, _ in found] == ["Kherson", "Nikopol", "Marhanets"]


def test_a_toll_given_per_place_goes_to_its_place(extractor):
    found = places(extractor, "Three civilians were killed in Bohorodychne and one in Torske on Monday.")
    assert found == [("Bohorodychne", 3), ("Torske", 1)]


def test_a_toll_for_the_whole_list_stays_with_the_first_place(extractor):
    found = places(extractor, "Turkish drones struck Amuda and Qamishli on Monday, killing four fighters.")
    assert [f for _, f in found] == [4, None]


@pytest.mark.parametrize("text", [
    "A Turkish drone struck a car in Qamishli, Hasakah, on Monday.",  # a town and its province
    "Russian forces shelled Kherson, Ukraine, on Monday.",  # a town and its country
])  # fmt: skip
def test_a_place_and_what_contains_it_are_one_event(extractor, text):
    assert len(places(extractor, text)) == 1


def test_a_place_the_gazetteer_does_not_know_keeps_its_event_apart(extractor):
    # A coalition bulletin: each "Near X," sentence is a strike of its own, known place or not.
    found = places(extractor, "Near Mosul, a strike destroyed a mortar system. "
                              "Near Qaryat Zuwaybiyyah, a strike destroyed an ISIL vehicle.")
    assert [name for name, _ in found] == ["Mosul", None]
    # The same sentences with no place named are one incident told twice.
    assert len(places(extractor, "Near Mosul, a strike destroyed a mortar system. "
                                 "The strike destroyed an ISIL vehicle.")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Israeli artillery shelled the border villages of Qaryat Zuwaybiyyah and Tell Khirbat Naqqar on Monday.",
        "Israeli artillery shelled the Qaryat Zuwaybiyyah and Tell Khirbat Naqqar areas on Monday.",
    ],
)
def test_a_list_of_names_a_plural_place_noun_introduces_is_a_list_of_sites(extractor, text):
    # Neither name is in the gazetteer: two events, each with its place's name and no location.
    events = extractor.extract(Document(id="p", text=text, language="en", published="2024-03-05"))
    assert len(events) == 2 and all(e.location is None for e in events)


def test_a_fronts_axis_gives_way_to_the_settlements_listed_on_it(extractor):
    # A defence ministry's bulletin names the axis ("the Belgorod direction") and then where it fought.
    found = places(extractor, "In the Kupiansk direction, units of the Western group of forces inflicted losses on "
                              "enemy manpower in the areas of the settlements of Kherson, Nikopol and Marhanets.")
    assert [name for name, _ in found] == ["Kherson", "Nikopol", "Marhanets"]
