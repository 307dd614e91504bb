"""Where an event is when the text names a side of an area, a facility, a sea, or a place only as an
adjective (resolve/directions.py, resolve/places.py facility_noun, places_extra.tsv, extract/placing.py).

Sentences written for these tests, one rule each; the real-report figures are in README.md.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.geometry import haversine_km
from warlog.models import Document
from warlog.resolve.directions import read_direction
from warlog.resolve.gazetteer import Gazetteer
from warlog.resolve.places import distance_and_bearing


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def locations(extractor: Extractor, text: str):
    events = extractor.extract(Document(id="d", text=text, language="en", published="2024-03-05"))
    return [e.location for e in events]


def km(location, lat: float, lon: float) -> float:
    return haversine_km(location.latitude, location.longitude, lat, lon)


@pytest.mark.parametrize(("before", "cell"), [
    ("in northwest ", (2, 0)), ("in north-eastern ", (2, 2)), ("the eastern countryside of ", (1, 2)),
    ("in the north of ", (2, 1)), ("in southern ", (0, 1)), ("eastern rural ", (1, 2)),
    ("north of ", None),  # outside the place, not its northern part
    ("killed in ", None),
])
def test_direction_words_name_a_cell_of_the_area(before, cell):
    direction = read_direction(before)
    assert (direction.cell if direction else None) == cell


def test_a_side_of_a_country_is_placed_in_that_side(extractor):
    [north_west] = locations(extractor, "U.S. forces killed an ISIS leader in a raid in northwest Syria on Monday.")
    [plain] = locations(extractor, "U.S. forces killed an ISIS leader in a raid in Syria on Monday.")
    assert north_west.name == plain.name == "Syria" and north_west.geo_precision == 3
    idlib = (35.93, 36.63)  # the north-west of Syria
    assert km(north_west, *idlib) < 100 < km(plain, *idlib)


def test_a_side_of_a_province_is_placed_in_that_side(extractor):
    [east] = locations(extractor, "Two shepherds were killed by a landmine in the eastern countryside of Homs on Monday.")
    assert east.admin1 == "Homs" and east.geo_precision == 3
    homs_city, palmyra = (34.73, 36.71), (34.56, 38.28)
    assert km(east, *palmyra) < km(east, *homs_city)


def test_an_area_with_too_few_known_places_keeps_its_own_point():
    assert Gazetteer.default().extent("SY") is not None
    assert Gazetteer.default().extent("SY", "No Such Province") is None


def test_a_towns_airport_is_the_airports_entry(extractor):
    [site] = locations(extractor, "Israeli missiles struck the international airport of Aleppo on Sunday.")
    assert site.name == "Aleppo International Airport" and site.geo_precision == 1
    assert km(site, 36.1807, 37.2244) < 2


def test_a_facility_the_gazetteer_lacks_is_its_town_nearby(extractor):
    [site] = locations(extractor, "Drones struck the Baiji refinery on Monday.")
    assert site.name == "Bayji refinery" and site.geo_precision == 2 and site.country == "IQ"


def test_a_metonym_inside_a_longer_place_name_is_the_place(extractor):
    """"Damascus" alone can stand for the government; "Damascus International Airport" is a place."""
    [site] = locations(extractor, "An Israeli strike hit Damascus International Airport on Monday.")
    assert site is not None and site.name == "Damascus International Airport"


def test_a_sea_is_a_place_of_its_own(extractor):
    [sea] = locations(extractor, "Houthi forces fired two missiles at a cargo ship in the Red Sea on Tuesday.")
    assert sea.name == "Red Sea" and sea.country is None and sea.geo_precision == 3


def test_a_flag_or_a_backer_is_no_event_place(extractor):
    [flagged] = locations(extractor, "Houthi missiles hit the Barbados-flagged ship on Tuesday, the group said.")
    assert flagged is None or flagged.country != "BB"
    [backed] = locations(extractor, "A car bomb killed five people in a market held by Turkey-backed factions.")
    assert backed is None or backed.country != "TR"


def test_a_slash_dateline_is_the_desk(extractor):
    [event] = locations(extractor, "Cairo/Dubai — Yemen's Houthis fired missiles at two vessels, they said on Tuesday.")
    assert event is None or event.country == "YE"


@pytest.mark.parametrize("text", [
    "Regime forces shelled Kelly town in Idleb countryside on Monday.",
    "Turkish drones struck Abyan Saman town in Aleppo countryside on Monday.",
    "A landmine killed two shepherds near Saida in the countryside of Ar Raqqa on Monday.",
])
def test_a_place_named_with_its_area_is_never_a_namesake_outside_it(extractor, text):
    """Kelly (US), Abyan (Yemen), Saida (Lebanon): a namesake outside the area the text names loses to
    the area itself."""
    [place] = locations(extractor, text)
    assert place.country == "SY" and place.geo_precision >= 2


def test_the_place_inside_an_area_is_chosen_over_the_area(extractor):
    [place] = locations(extractor, "Government forces shelled Khan Shaykhun in the southern countryside of Idlib on Monday.")
    assert place.name == "Khan Shaykhun" and place.geo_precision == 1


def test_a_neighbourhood_the_gazetteer_lacks_is_its_town_nearby(extractor):
    [place] = locations(extractor, "A car bomb exploded in al-Hilaliya neighbourhood of Qamishli on Monday.")
    assert place.name == "Al Qamishli" and place.geo_precision == 2


def test_a_bracketed_area_stands_in_for_a_village_it_does_not_hold(extractor):
    """"Beit Jinn" is also Beit Jann in Israel; the bracket says Damascus countryside."""
    [place] = locations(extractor, "Israeli jets struck Beit Jinn (Damascus countryside) on Monday.")
    assert place.country == "SY" and place.geo_precision >= 2


@pytest.mark.parametrize("text", [
    "JNIM fighters attacked an army convoy towards the Algeria border in central Mali on Monday, killing 12 soldiers.",
    "JNIM fighters attacked an army convoy near the border with Algeria on Monday, killing 12 soldiers.",
])
def test_a_country_named_for_its_border_is_not_the_event_place(extractor, text):
    [place] = locations(extractor, text)
    assert place is None or place.country != "DZ"


@pytest.mark.parametrize(("name", "country", "province"), [
    ("Nova Kakhovka", "UA", "Kherson"), ("Monywa", "MM", "Sagaing"), ("El Fasher", "SD", "North Darfur"),
    ("Kismayo", "SO", "Lower Juba"), ("Maiduguri", "NG", "Borno"), ("Gao", "ML", "Gao"), ("Djibo", "BF", "Sahel Region"),
])
def test_towns_beyond_the_middle_east_know_their_province(name, country, province):
    [town] = [p for p in Gazetteer.default().candidates(name, loose=False) if p.country == country][:1]
    assert town.admin1 == province


def test_a_province_named_as_a_region_is_the_province(extractor):
    [region] = locations(extractor, "Russian shelling killed two civilians in the Kherson region on Monday.")
    assert (region.name, region.admin1, region.geo_precision) == ("Kherson", "Kherson", 3)
    [state] = locations(extractor, "In Nigeria's Borno State, Boko Haram fighters killed five soldiers on Monday.")
    assert (state.name, state.country, state.geo_precision) == ("Borno", "NG", 3)


def test_the_direction_is_kept_in_the_mention(extractor):
    [place] = locations(extractor, "U.S. forces conducted a raid against ISIS militants in north-eastern Syria on Monday.")
    assert place.mention == "north-eastern Syria"


def test_a_metonym_before_a_facility_is_the_town(extractor):
    """"Damascus" can stand for the government, but not in "Damascus and Aleppo airports"."""
    names = {p.name for p in locations(extractor, "Israeli strikes on Sunday knocked Damascus and Aleppo airports out of service.")}
    assert names == {"Damascus International Airport", "Aleppo International Airport"}


def test_a_place_in_a_town_is_taken_only_near_that_town(extractor):
    # The gazetteer's only "Lido Beach" is a village in New York: a beach "in Mogadishu" is no such place.
    [beach] = locations(extractor, "On Friday, an attack on Lido Beach in Mogadishu, Somalia, killed 32 people.")
    assert beach.name == "Mogadishu" and beach.geo_precision == 2


def test_a_distance_and_bearing_from_a_town_gives_that_point(extractor):
    [site] = locations(extractor, "Militants attacked a patrol 50 kilometers northwest of Kismayo on Sunday.")
    kismayo = (-0.358, 42.545)
    assert site.name == "Kismayo" and site.geo_precision == 2
    assert 45 < km(site, *kismayo) < 55 and site.latitude > kismayo[0] and site.longitude < kismayo[1]


def test_a_country_in_the_possessive_gives_way_to_its_town(extractor):
    [town] = locations(extractor, "Gunmen attacked a village 37 miles west of Somalia's capital Mogadishu on Sunday.")
    assert town.name == "Mogadishu" and 55 < km(town, 2.037, 45.344) < 65


def test_a_word_that_names_only_a_small_place_abroad_is_passed_over(extractor):
    # "Anas" is the alternate name of a Finnish village; the raid was in eastern Syria.
    [raid] = locations(extractor, "American troops landed by helicopter in eastern Syria before dawn on Monday, "
                                  "killing two ISIS officials including Anas, an ISIS Syria Province official.")
    assert raid.country == "SY" and raid.mention == "eastern Syria"


def test_a_province_named_as_a_polity_is_a_place(extractor):
    [town] = locations(extractor, "Russian forces took control of the Nevskoe settlement in the Lugansk "
                                  "People's Republic, the ministry said.")
    assert town.country == "UA" and town.admin1 == "Luhansk"



def test_a_response_with_no_place_of_its_own_is_where_the_story_was(extractor):
    # The report's focus is Mogadishu (named twice); the airstrike answers the attack near Kismayo.
    text = ("Militants attacked an army base in Kismayo on Sunday, killing two soldiers. In response, the air "
            "force conducted an airstrike which killed 18 militants. Separately, two people died in clashes in "
            "Mogadishu on Saturday. Mogadishu has been calm since.")
    events = extractor.extract(Document(id="d", text=text, language="en", published="2024-03-05"))
    [strike] = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strike.location.name == "Kismayo" and strike.location.geo_precision == 2


def test_a_transliteration_far_from_the_places_the_report_spells_is_no_namesake(extractor):
    # "Müşeyrife" is like "Al Musayfirah" in Daraa only by transliteration; the report is about Hasakah.
    events = extractor.extract(Document(id="d", language="en", published="2024-03-05", text=(
        "Turkish drones struck Qamishli and Amuda on Monday. Three bomber aircraft targeted a facility "
        "in the Müşeyrife area of Hasakah on Tuesday.")))
    hasakah = (36.50, 40.75)
    assert events and all(e.location is not None and km(e.location, *hasakah) < 150 for e in events)


@pytest.mark.parametrize(("cue", "expected"), [
    ("50 kilometers northwest of ", (50.0, 315)), ("37 miles west of ", (59.5, 270)),
    ("57 nautical miles west of ", (105.6, 270)), ("3 km north-east of ", (3.0, 45)),
    ("a few km from ", None), ("near ", None), ("20 km from ", None),
])
def test_distance_and_bearing_cues_are_read_in_kilometres(cue, expected):
    found = distance_and_bearing(cue)
    assert (found and (round(found[0], 1), found[1])) == expected or found is expected


@pytest.mark.parametrize(("text", "place"), [
    ("Russian airstrikes on Monday killed one civilian in Turkish-controlled Al-Bab city.", "Al-Bab"),
    ("A drone strike on Thursday hit the city centre of Sinjar (Shengal) in the Kurdistan region, killing a man.",
     "Sinjar"),
    ("A Turkish drone strike on Thursday in Iraq's Sinjar killed one man.", "Sinjar"),
])
def test_a_town_is_read_through_adjectives_other_names_and_possessives(extractor, text, place):
    [located] = locations(extractor, text)
    assert located.name == place


def test_a_province_is_placed_at_its_middle_not_at_its_capital(extractor):
    [province] = locations(extractor, "Two soldiers were killed by a roadside bomb in Homs province on Monday.")
    extent = Gazetteer.default().extent("SY", "Homs")
    assert province.admin1 == "Homs" and province.geo_precision == 3
    assert (province.latitude, province.longitude) == pytest.approx(extent.part(1, 1), abs=1e-3)
    assert km(province, 34.73, 36.71) > 20  # Homs, the capital, at the province's western edge
