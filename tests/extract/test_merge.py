"""extract/merge.py: one event per incident per document, on mentions made for these tests.

Each mention has a real trigger hit (``match_triggers`` on its sentence) and the fields the
extractor would have given it. That the indexed merge equals comparing every mention with every
member is checked on real extractions in test_long_documents.py; here, the rules.
"""

from __future__ import annotations

import pytest

from warlog.extract.mentions import Mention
from warlog.extract.merge import (
    fill_from_group,
    merge_mentions,
    related_actors,
    representative,
    same_incident,
    summaries,
)
from warlog.extract.sentences import Span
from warlog.extract.triggers import match_triggers
from warlog.models import Actor, Location, Weapon

AZAZ = Location("Azaz", country="SY", admin1="Aleppo", latitude=36.5866, longitude=37.0463, geo_precision=1)
KAFR_KALBIN = Location("Kafr Kalbin", country="SY", admin1="Aleppo", latitude=36.5290, longitude=37.0530, geo_precision=1)
IDLIB = Location("Idlib", country="SY", admin1="Idlib", latitude=35.9306, longitude=36.6339, geo_precision=1)
ALEPPO_PROVINCE = Location("Aleppo province", country="SY", admin1="Aleppo", latitude=36.2, longitude=37.16, geo_precision=3)
NORTHWEST_SYRIA = Location("northwest Syria", country="SY", geo_precision=3)
SDF = Actor("Syrian Democratic Forces", id="sdf")
ISIS = Actor("Islamic State", id="isis")
US = Actor("Military Forces of the United States", id="us-forces")
COALITION = Actor("Global Coalition Against Daesh", id="coalition")
TB2 = Weapon("Bayraktar TB2", category="drone", mention="TB2")
MAM_L = Weapon("MAM-L", category="munition", mention="MAM-L bomb")


def mention(text: str, start: int = 0, *, headline: bool = False, trigger: str | None = None, **fields) -> Mention:
    """A mention of ``text`` (its first trigger hit, or the one written ``trigger``) with ``fields`` set."""
    hit = next(h for h in match_triggers(text) if trigger is None or h.text == trigger)
    made = Mention(sub_event_type=hit.sub_event_type, sentence=Span(start, start + len(text), text, headline), trigger=hit)
    for name, value in {"confidence": round(hit.weight, 3), **fields}.items():
        setattr(made, name, value)
    return made


def strike(**fields) -> Mention:
    return mention("A drone strike killed two fighters near Azaz.", **fields)


# ---------------------------------------------------------------- same_incident, field by field


def test_types_of_one_happening_merge_and_others_do_not():
    attack = mention("Gunmen attacked a checkpoint near Azaz.", sub_event_type="Attack")
    looting = mention("Shops were looted.")
    assert same_incident(strike(), attack)  # a strike and the attack on civilians it caused
    assert not same_incident(strike(), looting)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (("2024-03-04", "explicit"), ("2024-03-04", "explicit"), True),
        (("2024-03-04", "explicit"), ("2024-03-05", "explicit"), False),  # two days, two incidents
        (("2024-03-04", "explicit"), ("2024-03-05", "lead"), False),
        (("2024-03-04", "explicit"), (None, None), True),
        # A publication-date default stands for the week before publication.
        (("2024-03-04", "explicit"), ("2024-03-08", "published"), True),
        (("2024-03-04", "explicit"), ("2024-03-11", "published"), True),
        (("2024-03-04", "explicit"), ("2024-03-12", "published"), False),
        (("2024-03-09", "explicit"), ("2024-03-08", "published"), False),  # after its own publication
    ],
)
def test_dates(first, second, expected):
    a = strike(date=first[0], date_source=first[1])
    b = strike(date=second[0], date_source=second[1])
    assert same_incident(a, b) is expected and same_incident(b, a) is expected


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (AZAZ, True),
        (None, True),
        (KAFR_KALBIN, True),  # 6.5 km away
        (IDLIB, False),  # 80 km away, another province
        (ALEPPO_PROVINCE, True),  # the region holding Azaz
        (NORTHWEST_SYRIA, True),  # a region of no province, in Azaz's country
        (Location("Idlib province", country="SY", admin1="Idlib", latitude=35.8, longitude=36.6, geo_precision=3), False),
        # A region holds only places of its own country.
        (Location("southern Turkey", country="TR", geo_precision=3), False),
    ],
)
def test_places(place, expected):
    assert same_incident(strike(location=AZAZ), strike(location=place)) is expected


# Myanmar's regions have no admin1 in the gazetteer: a region holds only what lies near its point.
MAGWAY = Location("Magway", country="MM", latitude=20.1496, longitude=94.9325, geo_precision=1, geonameid=1312609)
SAGAING_REGION = Location("Sagaing", country="MM", latitude=21.8787, longitude=95.9797, geo_precision=3,
                          geonameid=1298482, mention="Sagaing Region")
MYANMAR = Location("Myanmar", country="MM", latitude=19.745, longitude=96.1297, geo_precision=3, geonameid=1327865)


def test_a_region_of_unknown_admin1_holds_only_what_is_near_it_and_a_country_holds_all():
    at_magway = mention("Junta forces killed two civilians in Magway.", location=MAGWAY)
    assert not same_incident(at_magway, mention("Junta forces killed two civilians in Sagaing Region.",
                                                location=SAGAING_REGION))
    assert same_incident(at_magway, mention("Junta forces killed civilians in Myanmar.", location=MYANMAR))


def test_an_unknown_named_place_keeps_its_event_apart_from_other_towns_but_not_from_their_province():
    bashir = mention("Near Bashir, a strike destroyed a cache.", unresolved_place="Bashir")
    mosul = Location("Mosul", country="IQ", admin1="Ninewa", latitude=36.335, longitude=43.1189, geo_precision=2)
    iraq = Location("Iraq", country="IQ", latitude=33.34, longitude=44.4, geo_precision=3)
    assert not same_incident(bashir, mention("Near Mosul, a strike destroyed a mortar.", location=mosul))
    assert same_incident(bashir, mention("Aircraft conducted four strikes in Iraq.", location=iraq))
    assert not same_incident(bashir, mention("Near Hawija, a strike destroyed a vehicle.", unresolved_place="Hawija"))
    assert same_incident(bashir, mention("The strike near Bashir destroyed a cache.", unresolved_place="Bashir"))
    assert len(merge_mentions([bashir, mention("A strike destroyed a tunnel.", location=mosul)])) == 2


def test_actors_that_are_one_side_merge_and_enemies_do_not():
    assert related_actors("us-forces", "coalition") and related_actors("ypg", "sdf")
    assert not related_actors("sdf", "isis") and not related_actors("sdf", None)
    assert same_incident(strike(actor1=US), strike(actor1=COALITION))
    assert not same_incident(strike(actor1=SDF), strike(actor1=ISIS))
    # An actor phrase the dictionary does not know may be the named one.
    assert same_incident(strike(actor1=SDF), strike(actor1=Actor("our fighters")))
    # A headline's actor (telegraphic syntax) never blocks.
    assert same_incident(strike(actor1=SDF), strike(actor1=ISIS, headline=True))


def test_a_partys_claim_stays_apart_from_the_reported_fact():
    assert same_incident(strike(status="asserted"), strike(status="reported"))
    assert not same_incident(strike(status="asserted"), strike(status="claimed"))
    assert not same_incident(strike(status="claimed"), strike(status="alleged"))
    assert same_incident(strike(status="claimed"), strike(status="asserted", headline=True))  # the headline joins


def test_a_summary_lead_gives_way_to_the_incidents_told_after_it():
    lead = mention("Coalition aircraft conducted 12 strikes in northwest Syria on Monday.", location=NORTHWEST_SYRIA,
                   date="2024-03-04", date_source="explicit")
    detail = mention("Near Azaz, three strikes destroyed a mortar.", 80, location=AZAZ, date="2024-03-04",
                     date_source="paragraph")
    assert summaries([lead, detail]) == [lead]
    assert summaries([lead]) == []  # told alone, the count is the incident
    one_place = mention("Russian warplanes carried out 20 air strikes on caves near Azaz.", location=AZAZ)
    assert summaries([one_place, detail]) == []  # a count at a town is that town's incident


def test_a_headline_no_body_sentence_joined_joins_the_first_incident_of_its_family():
    headline = mention("Turkish missile strike hits orchard in Duhok", headline=True, location=IDLIB)
    body = mention("Turkish shelling hit a village near Azaz on Monday.", 60, location=AZAZ,
                   date="2024-03-04", date_source="explicit")
    assert not same_incident(headline, body)  # the headline's place, read from telegraphic words, differs
    assert grouping([headline, body]) == [[1, 0]]
    protest = mention("Hundreds protested in Azaz on Monday.", 60, location=AZAZ)
    assert grouping([headline, protest]) == [[0], [1]]  # no body incident of its family: the headline stands


def test_a_claim_of_responsibility_joins_the_attack_no_one_was_named_for():
    shabaab = Actor("Al Shabaab", id="al-shabaab")
    bombing = mention("A suicide bomber blew himself up at a beach in Mogadishu.", date="2024-08-02",
                      date_source="explicit")
    claim = mention("The group claimed the suicide attack.", 60, status="claimed", claimant=shabaab, actor1=shabaab)
    assert grouping([bombing, claim]) == [[0, 1]]
    named = mention(bombing.sentence.text, actor1=ISIS, date="2024-08-02", date_source="explicit")
    assert grouping([named, claim]) == [[0], [1]]  # another party's claim stays apart from ISIS's attack


# ---------------------------------------------------------------- merge_mentions


def grouping(mentions: list[Mention]) -> list[list[int]]:
    position = {id(m): k for k, m in enumerate(mentions)}
    return [[position[id(m)] for m in group] for group in merge_mentions(mentions)]


def test_mentions_join_the_first_incident_they_fit_in_document_order():
    mentions = [
        strike(date="2024-03-04", date_source="explicit", location=AZAZ),
        mention("Gunmen attacked a checkpoint near Idlib.", 50, date="2024-03-05", date_source="explicit", location=IDLIB),
        strike(start=100, location=KAFR_KALBIN),  # the strike again, undated: the first incident
        mention("Gunmen attacked a checkpoint near Idlib.", 150, date="2024-03-06", date_source="explicit", location=IDLIB),
    ]
    assert grouping(mentions) == [[0, 2], [1], [3]]
    assert merge_mentions([]) == []


def test_a_further_incident_opens_its_own_group():
    second = mention("A second strike hit the same road an hour later.", 50, location=AZAZ, distinct=True)
    assert grouping([strike(location=AZAZ), second]) == [[0], [1]]
    assert grouping([strike(location=AZAZ), mention("A strike hit the same road.", 50, location=AZAZ)]) == [[0, 1]]


def test_a_bare_toll_counts_for_the_last_incident():
    mentions = [
        mention("Gunmen attacked a checkpoint near Idlib.", 0, date="2024-03-05", date_source="explicit", location=IDLIB),
        strike(start=50, date="2024-03-04", date_source="explicit", location=AZAZ),
        mention("Seven IS militants were killed.", 100),  # no place, no date of its own; typed as a clash
    ]
    assert mentions[2].sub_event_type == mentions[0].sub_event_type == "Armed clash"
    assert grouping(mentions) == [[0], [1, 2]]  # the strike's toll, not the earlier clash's


def test_a_detail_with_nothing_of_its_own_joins_the_last_incident_of_its_type():
    first = strike(date="2024-03-04", date_source="explicit", location=AZAZ, actor1=US)
    second = strike(start=50, date="2024-03-05", date_source="explicit", location=IDLIB, actor1=US)
    detail = strike(start=100, date="2024-03-04", date_source="published")  # no actor, place or own date
    assert grouping([first, second, detail]) == [[0], [1, 2]]


def test_places_on_two_sides_of_a_border_are_two_incidents_however_near():
    shomera = Location("Shamir", country="IL", latitude=33.166, longitude=35.660, geo_precision=2)
    south_lebanon = Location("Lebanon", country="LB", latitude=33.331, longitude=35.783, geo_precision=3)  # 22 km off
    assert not same_incident(strike(location=shomera), strike(location=south_lebanon))


def test_an_incident_named_as_already_told_joins_it_whatever_else_its_sentence_says():
    """"killed by the airstrike", "damaged by the explosion": the last incident of its family, even when the
    sentence's speaker, status or actor differ; a date or a place of its own still keeps it apart."""
    bombing = mention("A suicide bomber blew himself up in a market in Azaz.", location=AZAZ,
                      date="2024-03-04", date_source="explicit", actor1=ISIS)
    quote = mention("Three women were killed by the explosion, a witness said.", 60, status="reported", actor1=SDF)
    assert quote.sub_event_type != bombing.sub_event_type and not same_incident(bombing, quote)
    told_before = {"told_before": True}
    assert grouping([bombing, mention(quote.sentence.text, 60, status="reported", actor1=SDF, **told_before)]) == [[0, 1]]
    elsewhere = mention(quote.sentence.text, 60, location=IDLIB, **told_before)
    assert grouping([bombing, elsewhere]) == [[0], [1]]
    another_day = mention(quote.sentence.text, 60, date="2024-03-01", date_source="explicit", **told_before)
    assert grouping([bombing, another_day]) == [[0], [1]]


def test_in_an_undated_report_two_days_named_are_two_incidents():
    from warlog.resolve.dates import named_day, own_dates

    def said(text):
        return named_day(own_dates(text, None, None, (), False), text)

    wednesday = said("Shelling killed 13 civilians on Wednesday, October 8, in El Fasher.")
    assert wednesday == (("month_day", (10, 8)), ("weekday", 2))
    assert said("Shelling killed 20 people between Tuesday and Wednesday.") is None  # no one day
    lead = strike(unanchored_day=wednesday)
    assert not same_incident(lead, strike(unanchored_day=said("On Tuesday, a drone strike hit the ward.")))
    assert same_incident(lead, strike(unanchored_day=said("The shelling on Wednesday killed 13.")))
    assert same_incident(lead, strike())  # a sentence that names no day may tell the same one


# ---------------------------------------------------------------- the merged event


def test_the_representative_is_an_early_dated_confident_full_sentence():
    headline = strike(headline=True, confidence=0.95, date="2024-03-04", date_source="explicit")
    undated = strike(start=60, confidence=0.9)
    dated = strike(start=120, confidence=0.85, date="2024-03-04", date_source="explicit")
    weak = strike(start=10, confidence=0.5, date="2024-03-04", date_source="explicit")
    assert representative([headline, undated, dated, weak]) is dated
    assert representative([headline]) is headline


def test_the_merged_event_is_filled_from_its_other_mentions():
    best = strike(confidence=0.9, location=ALEPPO_PROVINCE, actor1=Actor("our fighters"), weapons=[TB2])
    other = strike(
        start=60, confidence=0.8, date="2024-03-04", date_source="explicit", time_precision=1, date_unit="day",
        location=AZAZ, actor1=US, actor2=ISIS, fatalities=2, weapons=[TB2, MAM_L],
    )  # fmt: skip
    headline = strike(start=0, headline=True, confidence=0.95, actor2=SDF, injured=4)
    merged = fill_from_group(best, [best, other, headline])
    assert merged is best
    assert (merged.actor1, merged.actor2) == (US, ISIS)  # a named actor over an unknown phrase; no headline actor
    assert merged.location == AZAZ  # the town over its province
    assert (merged.date, merged.date_source, merged.time_precision) == ("2024-03-04", "explicit", 1)
    assert (merged.fatalities, merged.injured) == (2, 4)
    assert [w.name for w in merged.weapons] == ["Bayraktar TB2", "MAM-L"]
    assert merged.confidence == round(0.9 + 0.03 * 2, 3)


def test_the_more_specific_type_and_the_worst_of_a_protest_win():
    attack = mention("Gunmen attacked a checkpoint near Azaz.", sub_event_type="Attack", confidence=0.9)
    assert fill_from_group(attack, [attack, strike(start=50)]).sub_event_type == "Air/drone strike"
    march = mention("Hundreds of people demonstrated in Idlib.", confidence=0.9)
    gas = mention("Police fired tear gas at the protesters.", 50, confidence=0.8)
    assert fill_from_group(march, [march, gas]).sub_event_type == "Excessive force against protesters"
    march = mention("Hundreds of people demonstrated in Idlib.", confidence=0.9)
    arrests = mention("Police arrested 12 protesters.", 50, trigger="arrested", sub_event_type="Arrests")
    assert fill_from_group(march, [march, arrests]).sub_event_type == "Protest with intervention"
