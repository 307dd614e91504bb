"""fuse/matching.py and fuse/clustering.py: evidence weighed field by field, grouped in any order.

Records are made for these tests (a drone strike near Azaz told by several outlets, and its near
misses) to pin each mechanism; the real-report figures are measured by bench/bench_real_incidents.py
and test_fusion_order_real.py checks the same on real reports.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from warlog.fuse import clustering, matching
from warlog.models import Actor, Event, Evidence, Location, Plover

AZAZ = Location("Azaz", country="SY", admin1="Aleppo", latitude=36.5866, longitude=37.0463, geo_precision=1)
TURKISH_DRONES = Actor("Military Forces of Turkey Air Force", id="turkish-air-force")
SDF = Actor("Syrian Democratic Forces", id="sdf")
ISIS = Actor("Islamic State", id="isis")


def report(doc_id: str, text: str = "A Turkish drone strike hit a car near Azaz, killing two SDF fighters", **fields) -> Event:
    base = Event(
        id=f"{doc_id}-e1", doc_id=doc_id, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        plover=Plover("ASSAULT"), evidence=Evidence(text, 0, len(text)), date="2024-03-04", time_precision=1,
        actor1=TURKISH_DRONES, actor2=SDF, location=AZAZ, fatalities=2,
    )  # fmt: skip
    return dataclasses.replace(base, **fields)


def moved(km_north: float, precision: int = 1) -> Location:
    return dataclasses.replace(AZAZ, name=f"{km_north} km north", latitude=AZAZ.latitude + km_north / 111.2,
                               geo_precision=precision)  # fmt: skip


def score(a: Event, b: Event) -> float:
    found = matching.link(a, b)
    assert found is not None, "expected a link"
    return found.score


def test_agreeing_reports_link_above_the_threshold_and_say_why():
    found = matching.link(report("a"), report("b"))
    assert found is not None and found.score >= matching.threshold()
    assert "both Air/drone strike" in found.reasons and "same day 2024-03-04" in found.reasons
    assert "same actors" in found.reasons and "same toll 2" in found.reasons
    assert matching.link(report("b"), report("a")) == found  # symmetric


def test_a_missing_field_neither_matches_nor_blocks():
    full = score(report("a"), report("b"))
    assert 0 < score(report("a"), report("b", date=None, time_precision=None)) < full
    assert score(report("a"), report("b", actor1=None)) < full
    assert score(report("a"), report("b", actor1=None)) > score(report("a"), report("b", actor1=ISIS))
    assert score(report("a"), report("b", fatalities=None)) > score(report("a"), report("b", fatalities=20))


def test_every_field_that_agrees_adds_evidence():
    a = report("a")
    assert score(a, report("b", location=moved(2))) > score(a, report("b", location=moved(8)))
    assert score(a, report("b", date="2024-03-05")) > score(a, report("b", date="2024-03-06", time_precision=2))
    assert score(a, report("b", sub_event_type="Shelling/artillery/missile attack")) < score(a, report("b"))
    assert score(a, report("b", text="Another sentence entirely about weather")) < score(a, report("b"))


def test_an_explosion_report_can_be_the_strike_but_a_protest_cannot():
    ied = report("b", sub_event_type="Remote explosive/landmine/IED")
    assert matching.link(report("a"), ied) is not None
    protest = report("b", event_type="Protests", sub_event_type="Peaceful protest")
    assert matching.link(report("a"), protest) is None


def test_hard_contradictions_rule_a_pair_out():
    a = report("a")
    assert matching.link(a, dataclasses.replace(a, id="a-e2")) is None  # one document
    assert matching.link(a, report("b", date="2024-03-08")) is None  # beyond a day for two precise dates
    assert matching.link(a, report("b", location=dataclasses.replace(AZAZ, country="TR"))) is None
    assert matching.link(a, report("b", location=moved(40))) is None  # beyond twice the 10 km tolerance
    assert matching.link(a, report("b", status="negated")) is None
    # Neither both dated nor both placed: nothing ties them.
    assert matching.link(report("a", location=None), report("b", date=None, time_precision=None)) is None


def test_a_documents_background_does_not_join_other_reports():
    lead = report("a")
    same_day = report("a", id="a-e2", date="2024-03-05", evidence=Evidence("x", 90, 91))
    earlier = report("a", id="a-e3", date="2024-02-20", evidence=Evidence("x", 50, 51))
    undated = report("a", id="a-e4", date=None, evidence=Evidence("x", 120, 121))
    assert [e.id for e in matching.foreground([undated, earlier, same_day, lead])] == ["a-e1", "a-e2"]


def outlets_and_near_misses() -> list[Event]:
    return [
        report("wire"),
        report("monitor", fatalities=3, actor1=None, text="Two SDF members died near Azaz"),
        report("local", date=None, time_precision=None, location=moved(1)),
        # Near misses: the same type at the same place three days later, and 25 km away the same day.
        report("later", date="2024-03-07", fatalities=1, text="Another drone strike near Azaz killed one SDF member"),
        report("elsewhere", location=moved(25), fatalities=5, actor2=ISIS,
               text="A drone strike on an IS hideout north of the town killed five"),
    ]


def test_outlets_of_one_strike_group_and_near_misses_stay_apart():
    groups = clustering.group(outlets_and_near_misses())
    assert sorted(sorted(e.doc_id for e in g) for g in groups) == [["elsewhere"], ["later"],
                                                                    ["local", "monitor", "wire"]]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.permutations(outlets_and_near_misses()))
def test_grouping_is_the_same_in_any_order(events):
    assert clustering.group(events) == clustering.group(outlets_and_near_misses())
