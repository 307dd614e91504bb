"""One event per incident per document: merging the mentions of one happening.

A report often speaks of one incident in several sentences (the headline, the lead, a quote,
a follow-up). Mentions are merged when they are of the same sub-event type (or of types that
describe one happening, e.g. a strike and the attack on civilians it caused) and nothing
contradicts: dates equal or one of them imprecise, places equal or one missing, and no
conflicting actor1. The merged event keeps the most confident sentence as its evidence and
fills its empty fields from the others.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from warlog.extract.mentions import Mention
from warlog.geometry import haversine_km
from warlog.knowledge import event_type_of, load_yaml
from warlog.resolve.actors import related_actors
from warlog.resolve.gazetteer import country_ids
from warlog.resolve.places import holds_by_distance
from warlog.resolve.translit import fold


@lru_cache(maxsize=1)
def _rules() -> dict:
    """``data/merging.yaml``, with the type pairs as frozensets and the toll words as one pattern."""
    data = load_yaml("merging.yaml")
    return {
        "same_happening": {frozenset(pair) for pair in data["same_happening"]},
        "protest_escalation": data["protest_escalation"],
        "same_place_km": float(data["same_place_km"]),
        "summary_count": re.compile(data["summary_count"], re.IGNORECASE),
        "toll": re.compile(r"\b(?:" + "|".join(data["toll_words"]) + r")$", re.IGNORECASE),
    }


def _compatible_types(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _rules()["same_happening"]


def _compatible_dates(a: Mention, b: Mention) -> bool:
    """Different explicit days are different incidents; so are a dated incident and a detail that
    continues the lead incident of another day. Only a publication-date default is loose: the
    incident it stands for happened in the week before publication."""
    if a.date is None and b.date is None:
        # An undated report: "On Tuesday" and "on Wednesday" are still two days, though neither resolves.
        if a.unanchored_day is None or b.unanchored_day is None:
            return True
        said = dict(b.unanchored_day)
        return all(said.get(name, value) == value for name, value in a.unanchored_day)
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
        return not _named_apart(a, b)
    if a.place_from_dateline or b.place_from_dateline:
        return a.location.country == b.location.country  # the reporter's desk, not the event's place
    if a.location.name == b.location.name:
        return True
    if None not in (a.location.country, b.location.country) and a.location.country != b.location.country:
        return False  # Shamir in Israel and southern Lebanon, however near: two sides of a border, two events
    if _distance_km(a.location, b.location) <= _rules()["same_place_km"]:
        return True
    # A region containing the other place ("Aleppo province" and "Jarabulus", "northwest Syria" and
    # "Ariha") is compatible.
    return _contains(a.location, b.location) or _contains(b.location, a.location)


def _named_apart(a: Mention, b: Mention) -> bool:
    """Two sentences naming two places, one of them unknown to the gazetteer ("Near Bashir, a strike
    ..." after "Near Mosul, three strikes ..."), tell two events; a province or country named by the
    other may hold the unknown place, so that pair stays open."""
    if a.sentence.headline or b.sentence.headline:
        return False  # a headline's capitals ("Strike Puts Aleppo Airport ...") name no place reliably
    for unknown, other in ((a, b), (b, a)):
        if unknown.unresolved_place is None:
            continue
        if other.location is not None:
            return (other.location.geo_precision or 1) < 3
        return other.unresolved_place is not None and fold(other.unresolved_place) != fold(unknown.unresolved_place)
    return False


def _contains(region, place) -> bool:
    """Whether ``region`` (a country or province) holds ``place``. Where the gazetteer knows no admin1
    (Afghanistan's provinces), a province holds what lies near its point (places.holds_by_distance):
    "Helmand" does not hold Herat, 300 km away, as a country would."""
    if (region.geo_precision or 1) < 3 or region.country != place.country:
        return False
    if region.admin1 is not None:
        return region.admin1 == place.admin1
    if region.geonameid in country_ids() or region.latitude is None:
        return True  # a country, or a region with no point to measure from ("northwest Syria")
    return holds_by_distance(region, place)


def _distance_km(a, b) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return float("inf")
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _compatible_actors(a: Mention, b: Mention) -> bool:
    """Headline actors are unreliable (telegraphic syntax), so they never block a merge."""
    if a.actor1 is None or b.actor1 is None or a.sentence.headline or b.sentence.headline:
        return True
    if a.actor1.id is None or b.actor1.id is None:
        return True  # an unknown actor phrase ("our fighters") may well be the named one
    return related_actors(a.actor1.id, b.actor1.id) or a.actor1.name == b.actor1.name


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


# Work counters of ``merge_mentions`` (tests check that they grow linearly with a document).
stats = {"groups_compared": 0}


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions into incidents, in document order; deterministic.

    A mention joins the first incident (in order of creation) all of whose mentions are
    compatible with it, else opens a new one. The result is that of comparing the mention with
    every member of every incident, found in bounded work: each incident keeps the distinct
    keys its members are judged by (``_Incident``), and only the incidents a mention could join
    are compared -- those with no other explicit date than the mention's, or for an undated
    mention those of a compatible type.
    """
    incidents: list[_Incident] = []
    last_of_type: dict[str, int] = {}  # sub-event type -> the latest incident holding a mention of it
    last_of_family: dict[str, int] = {}  # event type -> the same
    index = _CandidateIndex()

    def add(position: int, mention: Mention) -> None:
        incidents[position].add(mention)
        last_of_type[mention.sub_event_type] = max(last_of_type.get(mention.sub_event_type, -1), position)
        family = event_type_of(mention.sub_event_type)
        last_of_family[family] = max(last_of_family.get(family, -1), position)
        index.added(position, mention)

    def open_incident(mention: Mention) -> None:
        incidents.append(_Incident())
        add(len(incidents) - 1, mention)

    for mention in mentions:
        if mention.distinct:
            open_incident(mention)
            continue
        if incidents and _toll_only(mention):
            # "7 IS militants were killed." after the clash it counts: the toll of the last incident.
            add(len(incidents) - 1, mention)
            continue
        if _uninformative(mention) and mention.sub_event_type in last_of_type:
            # "the six people who were evacuated during this operation": a detail of the last such incident.
            add(last_of_type[mention.sub_event_type], mention)
            continue
        told = _told_incident(mention, incidents, last_of_type, last_of_family)
        if told is not None:
            # "Three women and seven men were killed by the airstrike", "damaged by the explosion": the
            # incident already told, whoever says so and whatever actor the sentence names.
            add(told, mention)
            continue
        for position in index.candidates(mention):
            stats["groups_compared"] += 1
            if incidents[position].accepts(mention):
                add(position, mention)
                break
        else:
            open_incident(mention)
    return _fold_lone_headlines([incident.mentions for incident in incidents])


def _fold_lone_headlines(groups: list[list[Mention]]) -> list[list[Mention]]:
    """A headline no body sentence joined ("Yemen's Houthis attack bulk carrier in Red Sea, Ambrey says") is
    the body's incident told in telegraphic words that named it differently: it joins the first incident of
    its family the body tells (whose sentences then evidence it), and stands alone only when there is none."""
    lone = [all(m.sentence.headline for m in g) for g in groups]
    bodies = [g for g, headline in zip(groups, lone, strict=True) if not headline]
    kept: list[list[Mention]] = []
    for group, headline in zip(groups, lone, strict=True):
        if not headline or not bodies:
            kept.append(group)
            continue
        home = next((b for b in bodies if any(_of_a_kind(m.sub_event_type, h.sub_event_type)
                                              for m in b for h in group)), None)
        if home is None:
            kept.append(group)
        else:
            home.extend(group)
    return kept


def _of_a_kind(a: str, b: str) -> bool:
    """Types of one family, or told of one happening (a strike and the attack on civilians it caused)."""
    return event_type_of(a) == event_type_of(b) or _compatible_types(a, b)


def summaries(mentions: list[Mention]) -> list[Mention]:
    """The summary leads among ``mentions``: a count of operations over a country or region, or over no
    place, that the report then tells one by one (a later mention of its family, on a compatible day, in a
    place it holds). A summary is no incident of its own: its incidents are the ones told."""
    found = []
    for k, lead in enumerate(mentions):
        if lead.sentence.headline or lead.sentence.clause or lead.unresolved_place is not None \
                or not _rules()["summary_count"].search(lead.sentence.text):
            continue  # a clause of a list, or a count at a place of its own ("two strikes hit Washokani camp")
        if lead.location is not None and (lead.location.geo_precision or 1) < 3:
            continue
        family = event_type_of(lead.sub_event_type)
        if any(event_type_of(m.sub_event_type) == family and m.location is not None and _compatible_dates(lead, m)
               and m.location is not lead.location and (lead.location is None or _contains(lead.location, m.location))
               and (m.location.geo_precision or 1) < 3 for m in mentions[k + 1:]):
            found.append(lead)
    return found


def _told_incident(mention: Mention, incidents: list[_Incident], last_of_type: dict[str, int],
                   last_of_family: dict[str, int]) -> int | None:
    """The incident a mention that names its trigger as already told belongs to: the latest of its family
    (an explosion after a suicide bombing) or of a type told with its own (a strike and the attack on
    civilians it caused), where no place or date of the mention's own says otherwise."""
    if not mention.told_before or mention.date_explicit or mention.sentence.headline:
        return None
    related = [last_of_type[t] for t in last_of_type if _compatible_types(mention.sub_event_type, t)]
    family = last_of_family.get(event_type_of(mention.sub_event_type))
    positions = [*related, *([family] if family is not None else [])]
    if not positions:
        return None
    latest = incidents[max(positions)]
    if all(_compatible_places(mention, other) for other in latest.places.values()) and all(
            _compatible_dates(mention, other) for other in latest.dates.values()):
        return max(positions)
    return None


def _strict_date(mention: Mention) -> str | None:
    """An explicit or lead date: a mention dated so is no incident of another day (see _compatible_dates)."""
    return mention.date if mention.date is not None and mention.date_source != "published" else None


def _place_key(mention: Mention) -> tuple | None:
    """What ``_compatible_places`` reads of a mention's place."""
    location = mention.location
    if location is None:
        return None if mention.unresolved_place is None else ("unresolved", fold(mention.unresolved_place))
    return (location.name, location.latitude, location.longitude, location.geo_precision, location.country,
            location.admin1, location.geonameid, mention.place_from_dateline)


class _Incident:
    """The mentions of one incident, and of them what ``same_incident`` reads, each distinct value once:
    ``accepts(m)`` equals ``all(same_incident(m, other) for other in mentions)`` in time bounded by the
    distinct values, not by the number of mentions (one incident told in 10,000 sentences)."""

    __slots__ = ("actors", "dates", "families", "mentions", "places", "types")

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.families: set[str] = set()  # status families of the non-headline mentions
        self.types: set[str] = set()
        self.dates: dict[tuple, Mention] = {}  # (date, is a publication default, unanchored day) -> a mention so dated
        self.places: dict[tuple | None, Mention] = {}
        self.actors: dict[tuple, Mention] = {}  # (id, name) of the non-headline mentions' actor1

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if not mention.sentence.headline and not self._own_claim(mention):
            self.families.add(_status_family(mention.status))
            if mention.actor1 is not None:
                self.actors.setdefault((mention.actor1.id, mention.actor1.name), mention)
        self.types.add(mention.sub_event_type)
        self.dates.setdefault((mention.date, mention.date_source == "published", mention.unanchored_day), mention)
        self.places.setdefault(_place_key(mention), mention)

    def accepts(self, mention: Mention) -> bool:
        if (not mention.sentence.headline and not self._own_claim(mention)
                and any(f != _status_family(mention.status) for f in self.families)):
            return False
        return (
            all(_compatible_types(mention.sub_event_type, t) for t in self.types)
            and all(_compatible_dates(mention, other) for other in self.dates.values())
            and all(_compatible_places(mention, other) for other in self.places.values())
            and all(_compatible_actors(mention, other) for other in self.actors.values())
        )

    def _own_claim(self, mention: Mention) -> bool:
        """The acting party's own word on an operation the incident tells as fact ("al-Masirah said its
        fighters inflicted heavy losses" on the clash the Houthis fought), or a claim of responsibility for an
        incident told with no named actor: one happening, so it joins; the incident keeps the fact's status
        and the claim does not keep other facts out."""
        if mention.status != "claimed" or mention.claimant is None or self.families != {"fact"}:
            return False
        known = [other.actor1 for other in self.actors.values() if other.actor1.id is not None]
        if not known:
            return True  # "We are behind the suicide attack": a group claims an attack no one was named for
        return any(related_actors(mention.claimant.id, actor.id) for actor in known)


class _CandidateIndex:
    """Which incidents a mention could join at all, in order of creation.

    A mention with an explicit (or lead) date can join only an incident with no other such date;
    any other mention only an incident whose types are all compatible with its own. Incidents
    outside these buckets would fail ``accepts`` anyway, so skipping them changes nothing.
    """

    def __init__(self) -> None:
        self.dates: dict[int, set[str]] = {}  # incident -> its explicit/lead dates
        self.undated: set[int] = set()  # incidents with none
        self.by_date: dict[str, set[int]] = {}  # date -> incidents whose only such date it is
        self.by_type: dict[str, set[int]] = {}  # type -> incidents holding a mention of it

    def added(self, position: int, mention: Mention) -> None:
        self.by_type.setdefault(mention.sub_event_type, set()).add(position)
        dates = self.dates.setdefault(position, set())
        if not dates:
            self.undated.add(position)
        day = _strict_date(mention)
        if day is None or day in dates:
            return
        if len(dates) == 1:
            self.by_date[next(iter(dates))].discard(position)  # two days: no dated mention joins it now
        elif not dates:
            self.undated.discard(position)
            self.by_date.setdefault(day, set()).add(position)
        dates.add(day)

    def candidates(self, mention: Mention) -> list[int]:
        day = _strict_date(mention)
        if day is not None:
            return sorted(self.undated | self.by_date.get(day, set()))
        found: set[int] = set()
        for kind, positions in self.by_type.items():
            if _compatible_types(mention.sub_event_type, kind):
                found |= positions
        return sorted(found)


def _toll_only(mention: Mention) -> bool:
    """A casualty count with no incident of its own: no place, no date, triggered only by "killed"."""
    return (
        mention.location is None
        and mention.unresolved_place is None
        and not mention.date_explicit
        and _rules()["toll"].search(mention.trigger.text.strip()) is not None
    )


def _uninformative(mention: Mention) -> bool:
    """No actor, no place, no date of its own, or a sentence pointing back ("This operation ..."): it can
    only be a detail of an incident named before."""
    if mention.anaphoric and not mention.date_explicit:
        return True
    return (mention.actor1 is None and mention.location is None and mention.unresolved_place is None
            and not mention.date_explicit)


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
        if _more_precise(other.location, best.location) or (
                best.place_from_dateline and other.location is not None and not other.place_from_dateline):
            # "in northwest Syria" gives way to "near Ariha"; the dateline's city to any place told
            best.location, best.place_from_dateline = other.location, other.place_from_dateline
        if not best.date_explicit and other.date_explicit:
            best.date, best.time_precision, best.date_source = other.date, other.time_precision, "explicit"
            best.date_unit, best.date_kind = other.date_unit, other.date_kind
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
