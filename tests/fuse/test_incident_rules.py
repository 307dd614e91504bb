"""fuse/incidents.py: the hard limits on records from different documents reporting one happening, and the summary.

Records are made for these tests (one strike near Azaz, told by several outlets, and its near
misses); test_incidents.py checks the same rules through the store on both backends.
"""

from __future__ import annotations

import dataclasses

import pytest

from warlog.fuse.incidents import (
    actors_compatible,
    conservative_fatalities,
    dates_compatible,
    day_gap,
    eligible,
    incident_id_for,
    places_compatible,
    same_actor,
    summary_fields,
    types_compatible,
)
from warlog.models import Actor, Event, Evidence, Fatalities, Location, Plover, Weapon

AZAZ = Location("Azaz", country="SY", admin1="Aleppo", latitude=36.5866, longitude=37.0463, geo_precision=1)
TURKEY = Actor("Military Forces of Turkey", id="turkey-forces")
TURKISH_DRONES = Actor("Military Forces of Turkey Air Force", id="turkish-air-force")
SDF = Actor("Syrian Democratic Forces", id="sdf")
YPG = Actor("People's Protection Units", id="ypg")
ISIS = Actor("Islamic State", id="isis")
CIVILIANS = Actor("Civilians", id="civilians")
TB2 = Weapon("Bayraktar TB2", category="drone", mention="TB2")


def report(doc_id: str, **fields) -> Event:
    """A record of the drone strike near Azaz on 4 March 2024 as outlet ``doc_id`` codes it, with ``fields`` changed."""
    base = Event(
        id=f"{doc_id}-e1", doc_id=doc_id, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        plover=Plover("ASSAULT"), evidence=Evidence("A drone strike hit a car near Azaz", 0, 34),
        date="2024-03-04", time_precision=1, actor1=TURKISH_DRONES, actor2=SDF, location=AZAZ, fatalities=2,
    )  # fmt: skip
    return dataclasses.replace(base, **fields)


def moved(km_north: float, precision: int = 1) -> Location:
    return dataclasses.replace(AZAZ, name=f"{km_north} km north", latitude=AZAZ.latitude + km_north / 111.2,
                               geo_precision=precision)  # fmt: skip


def test_planned_hypothetical_and_negated_records_never_form_incidents():
    assert eligible(report("a")) and eligible(report("a", status="claimed"))
    for status in ("planned", "hypothetical", "negated"):
        assert not eligible(report("a", status=status))


def test_the_incident_id_is_stable_and_named_after_its_founder():
    assert incident_id_for("a-e1") == incident_id_for("a-e1") != incident_id_for("b-e1")
    assert incident_id_for("a-e1").startswith("inc-") and len(incident_id_for("a-e1")) == 20


def test_types_one_outlet_may_use_for_anothers():
    assert types_compatible(report("a"), report("b", sub_event_type="Shelling/artillery/missile attack"))
    assert types_compatible(report("a"), report("b", sub_event_type="Attack"))
    assert not types_compatible(report("a"), report("b", sub_event_type="Armed clash"))


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2024-03-05", 1, True),  # the night of the strike, dated the morning after
        ("2024-03-06", 1, False),
        ("2024-03-10", 2, True),  # a week
        ("2024-03-12", 2, False),
        ("2024-03-31", 3, True),  # a month
        ("2024-04-05", 3, False),
        (None, None, False),  # an undated record is tied to no happening
        ("2024-03", 3, False),  # not a day: no gap to measure
    ],
)
def test_dates_agree_within_the_vaguer_records_precision(date, precision, expected):
    other = report("b", date=date, time_precision=precision)
    assert dates_compatible(report("a"), other) is expected and dates_compatible(other, report("a")) is expected


def test_day_gap():
    assert day_gap("2024-03-04", "2024-02-28") == 5
    assert day_gap("2024-03-04T23:00", "2024-03-05") == 1
    assert day_gap(None, "2024-03-05") is None and day_gap("2024-03-04", "last week") is None


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (moved(8), True),
        (moved(12), False),  # beyond 10 km for two precise places
        (moved(18, precision=2), True),  # "near" a place: 20 km
        (moved(100, precision=3), True),  # a region: 150 km
        (moved(160, precision=3), False),
        (None, True),  # no second coordinate: nothing to contradict (matching.link weighs the rest)
        (dataclasses.replace(AZAZ, country="TR"), False),  # another country, whatever the distance
    ],
)
def test_places_agree_within_the_vaguer_records_precision(location, expected):
    assert places_compatible(report("a"), report("b", location=location)) is expected


def test_one_side_named_differently_is_the_same_actor():
    assert same_actor(TURKISH_DRONES, TURKEY)  # a force and its parent
    assert same_actor(SDF, YPG)  # a member of the SDF
    assert same_actor(Actor("Jabhat al-Nusra", id="jabhat-al-nusra"), Actor("al-Qaeda", id="al-qaeda"))  # member of
    assert same_actor(SDF, ISIS) is False
    assert same_actor(SDF, CIVILIANS) is None and same_actor(None, SDF) is None  # generic or unknown: no verdict
    assert same_actor(Actor("tribal gunmen"), Actor("Tribal Gunmen")) and same_actor(Actor("a"), Actor("b")) is False


def test_no_named_actor_contradicts_except_crosswise_in_battles():
    assert actors_compatible(report("a"), report("b", actor1=TURKEY, actor2=YPG))
    assert not actors_compatible(report("a"), report("b", actor1=ISIS))
    assert not actors_compatible(report("a"), report("b", actor1=SDF, actor2=TURKISH_DRONES))
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert actors_compatible(report("a", **battle), report("b", actor1=SDF, actor2=TURKISH_DRONES, **battle))


def test_the_conservative_toll():
    members = [report("a", fatalities=4, status="claimed"), report("b", fatalities=2), report("c", fatalities=3),
               report("d", fatalities=None)]  # fmt: skip
    assert conservative_fatalities(members) == Fatalities(best=2, min=2, max=4)
    # The lowest figure reported as fact, even when a claim is lower.
    low_claim = [report("a", fatalities=1, status="claimed"), report("b", fatalities=3), report("c", fatalities=2)]
    assert conservative_fatalities(low_claim) == Fatalities(best=2, min=1, max=3)
    claims = [report("a", fatalities=9, status="claimed"), report("b", fatalities=6, status="alleged")]
    assert conservative_fatalities(claims) == Fatalities(best=6, min=6, max=9)
    assert conservative_fatalities([report("a", fatalities=None)]) == Fatalities()


def test_the_summary_agrees_across_the_records():
    region = moved(0, precision=3)
    members = [
        report("c", sub_event_type="Shelling/artillery/missile attack", date="2024-03-06", time_precision=3,
               location=region, fatalities=5, status="claimed", assoc_actors=[YPG]),
        report("a", date="2024-03-06", time_precision=2, weapons=[TB2], fatalities=3),
        report("b", actor2=None),
        report("d", actor1=TURKEY),
    ]  # fmt: skip
    summary = summary_fields(members)
    assert summary["sub_event_type"] == "Air/drone strike"  # three of four
    assert summary["event_type"] == "Explosions/Remote violence"
    assert (summary["date"], summary["time_precision"]) == ("2024-03-04", 1)  # the most common of the most precise dates
    assert summary["location"] == AZAZ  # the most precise place
    assert summary["actor1"] == TURKISH_DRONES and summary["actor2"] == SDF
    assert summary["assoc_actors"] == [YPG] and summary["weapons"] == [TB2]
    assert summary["fatalities"] == Fatalities(best=2, min=2, max=5)
    assert summary["status"] == "asserted"  # one record reports it as fact
    assert summary_fields([report("a", status="claimed"), report("b", status="claimed")])["status"] == "claimed"


def test_the_summarys_place_actors_and_status_are_chosen_by_precision_role_and_fact():
    region = moved(0, precision=3)
    placed = [report("a", location=region), report("b", location=region), report("c")]
    assert summary_fields(placed)["location"] == AZAZ  # the precise place, though outnumbered
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    sides = [report("a", actor1=SDF, actor2=ISIS, **battle), report("b", actor1=SDF, actor2=None, **battle),
             report("c", actor1=ISIS, actor2=SDF, **battle), report("d", actor1=ISIS, actor2=SDF, **battle)]  # fmt: skip
    assert (summary_fields(sides)["actor1"], summary_fields(sides)["actor2"]) == (SDF, ISIS)  # never both sides one
    claims = [report("a", status="claimed"), report("b", status="claimed"), report("c", status="reported")]
    assert summary_fields(claims)["status"] == "asserted"
