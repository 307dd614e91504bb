"""The one-sentence ACLED-style note generated from an event record.

ACLED's ``notes`` column tells the event in one plain sentence: when, who did what to whom, where, and
the toll, e.g. "On 5 August 2017, Military Forces of the United States carried out an air/drone strike
on ISIS near Raqqa (Raqqa), killing 2 people." Every part comes from a field of the record (never the
evidence text), so the note says no more than the record does; the wording lives in
``data/acled_export.yaml``.
"""

from __future__ import annotations

from datetime import date as Date

from warlog.knowledge import load_yaml
from warlog.models import Actor, Event
from warlog.months import MONTH_NAMES


def acled_note(event: Event) -> str:
    """One sentence telling the event, ending with a full stop."""
    wording = load_yaml("acled_export.yaml")
    actor1 = _actor_name(event.actor1) or _default_actor(event, "default_actor1") or wording["unnamed_actor"]
    actor2 = _actor_name(event.actor2)
    verbs = wording["verbs"].get(event.sub_event_type) or wording["verbs"]["Other"]
    verb = verbs["target"].format(actor2=actor2) if actor2 else verbs["alone"]
    claimant = _actor_name(event.claimant) or "a source"
    status = wording["status_clauses"].get(event.status, "").format(claimant=claimant)
    sentence = f"{_date_phrase(event)}, {actor1} {verb}{_place_phrase(event)}{_toll_phrase(event)}{status}."
    return sentence[0].upper() + sentence[1:]


def _actor_name(actor: Actor | None) -> str | None:
    return actor.name if actor and actor.name else None


def _default_actor(event: Event, key: str) -> str | None:
    kind = load_yaml("acled_types.yaml")["sub_event_types"].get(event.sub_event_type, {})
    return kind.get(key)


def _date_phrase(event: Event) -> str:
    if not event.date:
        return "On an unreported date"
    try:
        day = Date.fromisoformat(event.date)
    except ValueError:
        return f"On {event.date}"
    month = f"{MONTH_NAMES[day.month - 1]} {day.year}"
    if event.time_precision == 3:
        return f"Around {month}"
    if event.time_precision == 2:
        return f"In the week of {day.day} {month}"
    return f"On {day.day} {month}"


def _place_phrase(event: Event) -> str:
    place = event.location
    if place is None or not place.name:
        return ""
    preposition = {2: "near", 3: "in the area of"}.get(place.geo_precision or 1, "in")
    admin = f" ({place.admin1})" if place.admin1 else ""
    return f" {preposition} {place.name}{admin}"


def _toll_phrase(event: Event) -> str:
    parts = []
    if event.fatalities is not None:
        parts.append(f"killing {_people(event.fatalities)}" if event.fatalities else "with no fatalities reported")
    if event.injured:
        parts.append(f"injuring {_people(event.injured)}")
    if event.arrested:
        parts.append(f"with {_people(event.arrested)} arrested")
    return ", " + " and ".join(parts) if parts else ""


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"
