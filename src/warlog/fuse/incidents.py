"""When event records from different documents may report one happening, and each incident's summary.

The predicates here are the hard limits of SPEC section 5: which sub-types two outlets may use for
one happening, how far apart two dates and two places may be at the vaguer record's precision,
when two actors are one side. ``fuse/matching.py`` weighs them into a link score and
``fuse/clustering.py`` groups by it; ``summary_fields`` agrees the incident's fields across its
records. Knowledge (interchangeable types, tolerances, weights) is in ``data/incidents.yaml``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date as Date
from functools import lru_cache

from warlog.geometry import haversine_km
from warlog.knowledge import load_yaml
from warlog.models import FACTUAL_STATUSES, Actor, Event, Fatalities, Location, Weapon
from warlog.resolve.actors import ActorDictionary

# Statuses that report a happening as fact (the others are someone's claim or allegation).


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load_yaml("incidents.yaml")
    pairs = {frozenset(pair) for pair in data["compatible_types"]}
    return {
        "excluded": frozenset(data["excluded_statuses"]),
        "pairs": pairs,
        "days": {int(k): int(v) for k, v in data["date_tolerance_days"].items()},
        "km": {int(k): float(v) for k, v in data["distance_tolerance_km"].items()},
    }


def max_date_window_days() -> int:
    """The widest date tolerance: how far back and forward to look for candidate incidents."""
    return max(_rules()["days"].values())


def excluded_statuses() -> frozenset[str]:
    """Statuses that never form or join an incident (nothing happened, or not yet)."""
    return _rules()["excluded"]


def eligible(event: Event) -> bool:
    """Planned, hypothetical and negated events never form or join an incident."""
    return event.status not in excluded_statuses()


def incident_id_for(founding_event_id: str) -> str:
    """An incident is named after the record that founded it, so re-runs give the same id."""
    return "inc-" + hashlib.sha1(founding_event_id.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- compatibility


def types_compatible(a: Event, b: Event) -> bool:
    if a.sub_event_type == b.sub_event_type:
        return True
    return frozenset((a.sub_event_type, b.sub_event_type)) in _rules()["pairs"]


def day_gap(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def dates_compatible(a: Event, b: Event) -> bool:
    gap = day_gap(a.date, b.date)
    if gap is None:
        return False  # an undated report cannot be tied to one happening among many
    precision = max(a.time_precision or 3, b.time_precision or 3)
    return gap <= _rules()["days"].get(min(precision, 3), 31)


def distance_km(a: Location | None, b: Location | None) -> float | None:
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def countries_differ(a: Location | None, b: Location | None) -> bool:
    """Both places have a country and they are not the same one: never one happening."""
    return bool(a and b and a.country and b.country and a.country.upper() != b.country.upper())


def places_compatible(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if countries_differ(la, lb):
        return False
    km = distance_km(la, lb)
    if km is None:
        return True  # nothing to contradict: matching.link weighs the other fields
    return km <= distance_tolerance_km(max(la.geo_precision or 3, lb.geo_precision or 3))


def distance_tolerance_km(precision: int | None) -> float:
    """How far apart two places may be at the vaguer record's geo precision (1 the place ... 3 the region)."""
    return _rules()["km"].get(min(precision or 3, 3), 150.0)


@lru_cache(maxsize=4096)
def _family(actor_id: str) -> frozenset[str]:
    """The actor, the organisations it is part of, and those it is a member of or backed by.

    Outlets name one force differently ("US forces" / "the coalition", "Iran-backed militias" /
    "the IRGC", "the Manbij Military Council" / "the YPG", both within the SDF), so two actors are
    the same side for matching when their families meet.
    """
    dictionary = ActorDictionary.default()
    entry = dictionary.get(actor_id)
    if entry is None:
        return frozenset({actor_id})
    family = {e.id for e in dictionary.lineage(entry)}
    for affiliation in entry.affiliations:
        if affiliation.relation in ("member_of", "backed_by"):
            linked = dictionary.get(affiliation.id)
            family |= {e.id for e in dictionary.lineage(linked)} if linked else {affiliation.id}
    return frozenset(family)


def _generic(actor: Actor | None) -> bool:
    if actor is None or not actor.id:
        return actor is None
    entry = ActorDictionary.default().get(actor.id)
    return bool(entry and entry.generic)


def same_actor(a: Actor | None, b: Actor | None) -> bool | None:
    """True/False when both are named actors, None when either is unknown or generic (civilians)."""
    if _generic(a) or _generic(b) or a is None or b is None:
        return None
    if a.id and b.id:
        return bool(_family(a.id) & _family(b.id))
    return a.name.casefold() == b.name.casefold()


def side_verdicts(a: Event, b: Event) -> list[list[bool | None]]:
    """``same_actor`` for actor1 and actor2 in role, and for battles also crosswise (both sides fight,
    so one outlet's actor1 may be another's actor2): the readings to choose from."""
    straight = [same_actor(a.actor1, b.actor1), same_actor(a.actor2, b.actor2)]
    if a.event_type == b.event_type == "Battles":
        return [straight, [same_actor(a.actor1, b.actor2), same_actor(a.actor2, b.actor1)]]
    return [straight]


def actors_compatible(a: Event, b: Event) -> bool:
    """No named actor contradicts: in role, or crosswise for battles."""
    return any(False not in verdicts for verdicts in side_verdicts(a, b))


# ----------------------------------------------------------------------------- summary


def _most_common(values: list, key=lambda v: v):
    """The most frequent value; ties go to the first seen (members come in a fixed order)."""
    if not values:
        return None
    counts = Counter(key(v) for v in values)
    top = max(counts.values())
    return next(v for v in values if counts[key(v)] == top)


def _actor_key(actor: Actor) -> str:
    return actor.id or actor.name.casefold()


def conservative_fatalities(members: list[Event]) -> Fatalities:
    """min and max over all reports; best is the lowest figure reported as fact (ACLED practice),
    else the lowest claimed one."""
    figures = [m.fatalities for m in members if m.fatalities is not None]
    if not figures:
        return Fatalities()
    factual = [m.fatalities for m in members if m.fatalities is not None and m.status in FACTUAL_STATUSES]
    return Fatalities(best=min(factual or figures), min=min(figures), max=max(figures))


def summary_fields(members: list[Event]) -> dict:
    """The incident's coded fields, agreed across its records (members sorted by doc id, event id)."""
    members = sorted(members, key=lambda m: (m.doc_id, m.id))
    sub_type = _most_common([m.sub_event_type for m in members])
    typed = next(m for m in members if m.sub_event_type == sub_type)
    dated = [m for m in members if m.date]
    precise_time = min((m.time_precision or 3 for m in dated), default=None)
    dates = [m for m in dated if (m.time_precision or 3) == precise_time]
    date_of = _most_common(dates, key=lambda m: m.date)
    placed = [m.location for m in members if m.location is not None]
    best_geo = min((loc.geo_precision or 3 for loc in placed), default=None)
    location = _most_common([p for p in placed if (p.geo_precision or 3) == best_geo], key=lambda p: p.name)
    factual = [m for m in members if m.status in FACTUAL_STATUSES]
    actor1 = _most_common([m.actor1 for m in members if m.actor1], key=_actor_key)
    assoc = {_actor_key(a): a for m in members for a in m.assoc_actors}
    weapons: dict[str, Weapon] = {}
    for member in members:
        for weapon in member.weapons:
            weapons.setdefault(weapon.name, weapon)
    return {
        "event_type": typed.event_type,
        "sub_event_type": sub_type,
        "date": date_of.date if date_of else None,
        "time_precision": date_of.time_precision if date_of else None,
        "location": location,
        "actor1": actor1,
        "actor2": _most_common(
            [m.actor2 for m in members if m.actor2 and (actor1 is None or _actor_key(m.actor2) != _actor_key(actor1))],
            key=_actor_key,
        ),
        "assoc_actors": [assoc[k] for k in sorted(assoc)],
        "weapons": [weapons[k] for k in sorted(weapons)],
        "fatalities": conservative_fatalities(members),
        "status": "asserted" if factual else _most_common([m.status for m in members]),
    }


def _toll_text(event: Event) -> str | None:
    return None if event.fatalities is None else str(event.fatalities)


_COMPARED = {
    "date": lambda e: e.date,
    "sub_event_type": lambda e: e.sub_event_type,
    "fatalities": _toll_text,
    "actor1": lambda e: e.actor1.name if e.actor1 else None,
    "actor2": lambda e: e.actor2.name if e.actor2 else None,
    "location": lambda e: e.location.name if e.location else None,
}


def disagreements(members: list[Event]) -> dict[str, list[dict]]:
    """The fields on which the reports differ, each with every document's value (null: not said).

    What an analyst weighs when outlets disagree on the toll, the attribution or the date; a field
    every report that states it agrees on is left out.
    """
    by_doc = {}
    for member in sorted(members, key=lambda m: (m.doc_id, m.id)):
        by_doc.setdefault(member.doc_id, member)
    found = {}
    for name, value_of in _COMPARED.items():
        values = [{"doc_id": doc_id, "value": value_of(event)} for doc_id, event in by_doc.items()]
        if len({v["value"] for v in values if v["value"] is not None}) > 1:
            found[name] = values
    return found
