"""Grouping event records from different documents into incidents, and summarising each incident.

Two records report one happening when their types are compatible, their dates agree within the
vaguer record's time precision, their places are within a distance set by the vaguer geo
precision, and no named actor of one contradicts the other's (SPEC section 5). Knowledge (which
types are interchangeable, the tolerances) is in ``data/incidents.yaml``.

Grouping is incremental and uses complete linkage: a new record joins the candidate incident
whose *every* member it is compatible with and to which it is closest; otherwise it founds a new
incident. Complete rather than single linkage because the hard cases are reports of *other*
incidents nearby in time and place: one vague record (a month, a province) must not chain two
distinct strikes together. Ties are broken by incident id and records are considered in id order,
so the same inputs always give the same incidents.
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


def eligible(event: Event) -> bool:
    """Planned, hypothetical and negated events never form or join an incident."""
    return event.status not in _rules()["excluded"]


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


def places_compatible(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la and lb and la.country and lb.country and la.country.upper() != lb.country.upper():
        return False
    km = distance_km(la, lb)
    if km is None:
        # Without two coordinates only a shared named actor ties the reports (checked by the caller).
        return True
    precision = max(la.geo_precision or 3, lb.geo_precision or 3)
    return km <= _rules()["km"].get(min(precision, 3), 150.0)


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


def actors_compatible(a: Event, b: Event) -> bool:
    """No named actor contradicts: in role, or crosswise for battles (both sides fight)."""
    straight = [same_actor(a.actor1, b.actor1), same_actor(a.actor2, b.actor2)]
    if False not in straight:
        return True
    crossed = [same_actor(a.actor1, b.actor2), same_actor(a.actor2, b.actor1)]
    return a.event_type == b.event_type == "Battles" and False not in crossed


def shares_actor(a: Event, b: Event) -> bool:
    return any(same_actor(x, y) for x in (a.actor1, a.actor2) for y in (b.actor1, b.actor2))


def compatible(a: Event, b: Event) -> bool:
    """Can these two records (from different documents) report the same happening?"""
    if a.doc_id == b.doc_id or not (eligible(a) and eligible(b)):
        return False
    if not (types_compatible(a, b) and dates_compatible(a, b) and places_compatible(a, b)):
        return False
    if not actors_compatible(a, b):
        return False
    if distance_km(a.location, b.location) is None:
        # Nothing ties two unplaced reports but a shared actor on the same or the next day.
        return shares_actor(a, b) and (day_gap(a.date, b.date) or 0) <= 1
    return True


def affinity(a: Event, b: Event) -> float:
    """How alike two compatible records are (higher is closer); used to pick among candidates."""
    score = 1.0 if a.sub_event_type == b.sub_event_type else 0.0
    gap = day_gap(a.date, b.date)
    score += 1.0 / (1 + (gap or 0))
    km = distance_km(a.location, b.location)
    if km is not None:
        score += 1.0 / (1 + km / 5)
    score += sum(1.0 for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)) if same_actor(x, y))
    if a.fatalities is not None and b.fatalities is not None:
        score += 1.0 / (1 + abs(a.fatalities - b.fatalities))
    if {w.name for w in a.weapons} & {w.name for w in b.weapons}:
        score += 0.5
    return score


def choose_incident(event: Event, candidates: dict[str, list[Event]]) -> str | None:
    """The candidate incident this record joins (complete linkage, best mean affinity), or None."""
    best: tuple[float, str] | None = None
    for incident_id in sorted(candidates):
        members = candidates[incident_id]
        if not members or any(not compatible(event, member) for member in members):
            continue
        score = sum(affinity(event, m) for m in members) / len(members)
        if best is None or score > best[0]:
            best = (score, incident_id)
    return best[1] if best else None


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
