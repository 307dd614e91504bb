"""One event per incident per document: merging the mentions of one happening.

A report often speaks of one incident in several sentences (the headline, the lead, a quote,
a follow-up). Mentions are merged when they are of the same sub-event type (or of types that
describe one happening, e.g. a strike and the attack on civilians it caused) and nothing
contradicts: dates equal or one of them imprecise, places equal or one missing, and no
conflicting actor1. The merged event keeps the most confident sentence as its evidence and
fills its empty fields from the others.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from warlog.extract.lexicon import load_yaml
from warlog.extract.mentions import Mention
from warlog.resolve.actors import ActorDictionary


@lru_cache(maxsize=1)
def _rules() -> dict:
    """``data/merging.yaml``, with the type pairs as frozensets and the toll words as one pattern."""
    data = load_yaml("merging.yaml")
    return {
        "same_happening": {frozenset(pair) for pair in data["same_happening"]},
        "protest_escalation": data["protest_escalation"],
        "same_place_km": float(data["same_place_km"]),
        "toll": re.compile(r"\b(?:" + "|".join(data["toll_words"]) + r")$", re.IGNORECASE),
    }


def _compatible_types(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _rules()["same_happening"]


def _compatible_dates(a: Mention, b: Mention) -> bool:
    """Different explicit days are different incidents; so are a dated incident and a detail that
    continues the lead incident of another day. Only a publication-date default is loose: the
    incident it stands for happened in the week before publication."""
    if a.date is None or b.date is None or a.date == b.date:
        return True
    for loose, other in ((a, b), (b, a)):
        if loose.date_source == "published":
            return _days_between(other.date, loose.date) in range(8)
    return False


def _days_between(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _compatible_places(a: Mention, b: Mention) -> bool:
    if a.location is None or b.location is None:
        return True
    if a.location.name == b.location.name:
        return True
    if _distance_km(a.location, b.location) <= _rules()["same_place_km"]:
        return True
    # A region containing the other place ("Aleppo province" and "Jarabulus", "northwest Syria" and
    # "Ariha") is compatible.
    for region, place in ((a.location, b.location), (b.location, a.location)):
        if (region.geo_precision or 1) < 3 or region.country != place.country:
            continue
        if region.admin1 is None or region.admin1 == place.admin1:
            return True
    return False


def _distance_km(a, b) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return float("inf")
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _compatible_actors(a: Mention, b: Mention) -> bool:
    """Headline actors are unreliable (telegraphic syntax), so they never block a merge."""
    if a.actor1 is None or b.actor1 is None or a.sentence.headline or b.sentence.headline:
        return True
    if a.actor1.id is None or b.actor1.id is None:
        return True  # an unknown actor phrase ("our fighters") may well be the named one
    return related_actors(a.actor1.id, b.actor1.id) or a.actor1.name == b.actor1.name


def related_actors(first: str | None, second: str | None) -> bool:
    """Same actor, or one is part of / affiliated with the other ("US forces" and "the US-led coalition")."""
    if first is None or second is None:
        return False
    if first == second:
        return True
    dictionary = ActorDictionary.default()
    a, b = dictionary.get(first), dictionary.get(second)
    if a is None or b is None:
        return False
    family_a = {entry.id for entry in dictionary.lineage(a)} | {x.id for x in a.affiliations}
    family_b = {entry.id for entry in dictionary.lineage(b)} | {x.id for x in b.affiliations}
    return first in family_b or second in family_a or bool(family_a & family_b - {None})


def _status_family(status: str) -> str:
    """Reported and asserted mentions describe one fact with more or less hedging; claims,
    allegations and denials are a party's word and stay apart from it."""
    return "fact" if status in ("asserted", "reported") else status


def same_incident(a: Mention, b: Mention) -> bool:
    """A party's claim and a reported fact are kept apart: each keeps its own status and figures.
    A headline states flatly what its body hedges, so it joins its body whatever the status."""
    return (
        (_status_family(a.status) == _status_family(b.status) or a.sentence.headline or b.sentence.headline)
        and _compatible_types(a.sub_event_type, b.sub_event_type)
        and _compatible_dates(a, b)
        and _compatible_places(a, b)
        and _compatible_actors(a, b)
    )


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions into incidents, in document order; deterministic."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if mention.distinct:
            groups.append([mention])
            continue
        if groups and _toll_only(mention):
            # "7 IS militants were killed." after the clash it counts: the toll of the last incident.
            groups[-1].append(mention)
            continue
        if _uninformative(mention):
            # "the six people who were evacuated during this operation": a detail of the last such incident.
            same_type = [g for g in groups if any(m.sub_event_type == mention.sub_event_type for m in g)]
            if same_type:
                same_type[-1].append(mention)
                continue
        for group in groups:
            if all(same_incident(mention, other) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    return groups


def _toll_only(mention: Mention) -> bool:
    """A casualty count with no incident of its own: no place, no date, triggered only by "killed"."""
    return (
        mention.location is None
        and not mention.date_explicit
        and _rules()["toll"].search(mention.trigger.text.strip()) is not None
    )


def _uninformative(mention: Mention) -> bool:
    """No actor, no place, no date of its own, or a sentence pointing back ("This operation ..."): it can
    only be a detail of an incident named before."""
    if mention.anaphoric and not mention.date_explicit:
        return True
    return mention.actor1 is None and mention.location is None and not mention.date_explicit


def representative(group: list[Mention]) -> Mention:
    """The mention whose sentence best evidences the incident: not a headline, dated, confident, early."""
    top = max(m.confidence for m in group)
    # Reports lead with the incident: the first full sentence that is nearly as confident as the best.
    return min(
        group, key=lambda m: (m.sentence.headline, not m.date_explicit, m.confidence < top - 0.1, m.sentence.start)
    )


def _more_precise(candidate, current) -> bool:
    if candidate is None or current is None:
        return False
    return (candidate.geo_precision or 3) < (current.geo_precision or 3) and (current.geo_precision or 3) >= 3


def fill_from_group(best: Mention, group: list[Mention]) -> Mention:
    """Complete ``best``'s empty fields from the other mentions of the same incident."""
    for other in sorted(group, key=lambda m: -m.confidence):
        if other is best:
            continue
        for name in ("actor1", "actor2", "location", "fatalities", "injured", "arrested", "claimant"):
            if name in ("actor1", "actor2") and other.sentence.headline:
                continue
            mine, theirs = getattr(best, name), getattr(other, name)
            if theirs is None:
                continue
            if mine is None or (name in ("actor1", "actor2") and mine.id is None and theirs.id is not None):
                setattr(best, name, theirs)
        if _more_precise(other.location, best.location):
            best.location = other.location  # "in northwest Syria" gives way to "near Ariha"
        if not best.date_explicit and other.date_explicit:
            best.date, best.time_precision, best.date_source = other.date, other.time_precision, "explicit"
            best.date_unit = other.date_unit
        known = {w.name for w in best.weapons}
        best.weapons.extend(w for w in other.weapons if w.name not in known)
    # The more specific type wins when a strike and its civilian victims were merged.
    types = [m.sub_event_type for m in group]
    if best.sub_event_type == "Attack" and any(t != "Attack" for t in types):
        best.sub_event_type = next(t for t in types if t != "Attack")
    # A demonstration is coded by the worst that happened to it.
    escalation = _rules()["protest_escalation"]
    protest = [t for t in escalation if t in types]
    if protest:
        worst = protest[-1]
        if "Arrests" in types and escalation.index(worst) < 1:
            worst = escalation[1]
        best.sub_event_type = worst
    best.confidence = round(min(0.99, best.confidence + 0.03 * (len(group) - 1)), 3)
    return best
