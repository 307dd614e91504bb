"""The incident steps: what an ACLED coder fills from the rest of the report once the mentions of one
incident are merged (see extract/components.py for their order).

A report states the toll in the sentence after the incident ("Fatalities: 5."), leaves roles
implicit because the story goes on ("They also shot down a drone"), names where only once for the
whole report, and a party tells its own operations in the first person (its claims). Each function
here is one such step over an ``Incident`` of an ``AnnotatedDocument``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from copy import copy
from dataclasses import replace
from functools import lru_cache

from warlog.extract.annotated import AnnotatedDocument, Incident
from warlog.extract.mentions import Mention, change_status, confidence, is_armed, source_named_in
from warlog.extract.merge import fill_from_group
from warlog.extract.numbers import extract_counts
from warlog.extract.status import (
    attributed_source,
    gives_to_sources,
    opens_a_quotation,
    opens_apart,
    relayed_source,
)
from warlog.extract.voice import in_first_person, speaking_party
from warlog.knowledge import event_type_of, load_yaml
from warlog.models import Actor
from warlog.resolve.actors import ActorDictionary, related_actors, to_record


@lru_cache(maxsize=1)
def _story_cues() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """(continues the story, opens with a pronoun, types that are never an opponent) from roles.yaml."""
    cues = load_yaml("roles.yaml")
    words = "|".join(re.escape(w) for w in cues["continuation_words"])
    openings = "|".join(cues["continuation_openings"])
    continues = re.compile(rf"\b(?:{words})\b|^\s*(?:{openings})\b")
    pronoun_opening = re.compile(r"\s*(?:" + "|".join(cues["pronoun_openings"]) + r")\b")
    return continues, pronoun_opening, frozenset(cues["non_opponent_types"])


def split_place_lists(adoc: AnnotatedDocument) -> None:
    """A mention whose place is one of a list ("Turkish drones struck Hasakah, Amude and Darbasiyah")
    becomes one mention per place, as ACLED codes one event per place; the sentence's toll stays
    with the first place unless the list gives each its own ("three were killed in X and one in Y")."""
    split: list[Mention] = []
    for mention in adoc.mentions:
        split.append(mention)
        for place, toll, unresolved in mention.listed_places:
            site = copy(mention)
            site.location, site.listed_places, site.unresolved_place = place, [], unresolved
            site.distinct = True  # a place of its own, however near: not merged back into the first
            site.fatalities = toll if mention.fatalities is not None else None
            site.injured = site.arrested = None
            site.weapons, site.assoc_actors = list(mention.weapons), list(mention.assoc_actors)
            site.filled_by = {**mention.filled_by, "location": "place lists"}
            for name in ("fatalities", "injured", "arrested"):
                site.filled_by.pop(name, None)
            split.append(site)
    adoc.mentions = split


def mark_own_claims(adoc: AnnotatedDocument) -> None:
    """A party's statement telling its own operations in the first person makes claims (see voice.py)."""
    party = speaking_party(adoc.doc.text, adoc.actor_mentions)
    if party is None:
        return
    speaker = to_record(party.actor, party.text)
    for mention in adoc.mentions:
        if mention.status != "asserted" or not in_first_person(mention.sentence.text):
            continue
        mention.status, mention.claimant = "claimed", speaker
        if mention.actor1 is None or (mention.actor1.id is None and in_first_person(mention.actor1.mention or "")):
            mention.actor1 = speaker  # "our fighters" are the party's
        mention.confidence = confidence(mention)


_LEAD_SENTENCES = 4  # body sentences that may name whose account the report relays (after a subtitle, captions)


def relayed_statement(incident: Incident, adoc: AnnotatedDocument) -> None:
    """A report that opens by relaying someone's account tells it in their words throughout, though its
    later sentences name no speaker. A party's statement ("... last night, the Israel Defense Forces said
    in a statement.", "..., the Russian Defense Ministry reported."): an incident told as fact of the
    party's own forces (either side of a battle) is the party's claim. A monitor's, an outlet's or an
    authority's account ("..., the Syrian Observatory for Human Rights reports."): an incident the outlet
    tells as fact is reported by that source, unless the source is the publisher itself (a monitor's own
    bulletin asserts). An incident another source speaks for keeps its status. Decided once the mentions
    are merged and vetoed, so that a status found this way neither merges nor escapes the detector's veto
    differently from the fact it was read as."""
    best = incident.best
    if best.status not in ("asserted", "reported"):
        return
    source = _lead_source(adoc)
    if source is None:
        return
    if not is_armed(source) or source.id is None:
        if best.status == "asserted" and not _is_the_publisher(source, adoc.doc.publisher) \
                and not _told_apart(incident, adoc):
            change_status(best, "reported")
            best.claimant = best.claimant or source
        return
    if best.status == "reported" and not (related_actors(best.claimant.id, source.id) if best.claimant is not None
                                          else any(_in_quotes(m) for m in incident.group)):
        return  # someone else's account ("according to the governor", "sources said"), not the statement quoted
    sides = [best.actor1, best.actor2] if event_type_of(best.sub_event_type) == "Battles" else [best.actor1]
    if any(side is not None and related_actors(source.id, side.id) for side in sides):
        change_status(best, "claimed")
        best.claimant = source


def _in_quotes(mention: Mention) -> bool:
    """Told in a quotation: the relayed statement's own words ('"In the Belgorod direction, units ...')."""
    return mention.quoted or opens_a_quotation(mention.sentence.text)


def _told_apart(incident: Incident, adoc: AnnotatedDocument) -> bool:
    """An incident the outlet tells as one apart from the one its source speaks of: a further one ("Also
    on Thursday, ...") or one of another day ("Previously, the air force struck the airport on March 7")."""
    lead = adoc.context.lead_date if adoc.context is not None else None
    return any(opens_apart(m.sentence.text) or (m.date_explicit and m.date != lead) for m in incident.group)


def _lead_source(adoc: AnnotatedDocument) -> Actor | None:
    """The named source (a dictionary actor or an outlet) the report's first body sentences give."""
    body = [s for s in adoc.sentences if not s.headline][:_LEAD_SENTENCES]
    for sentence in body:
        span = relayed_source(sentence.text)
        if span is None:
            continue
        actor = source_named_in(sentence, span, adoc.context)
        if actor is not None:
            return actor
    return None


def _is_the_publisher(source: Actor, publisher: str | None) -> bool:
    """Does the report's publisher name the source ("SOHR" on the Syrian Observatory's own site)?"""
    if not publisher:
        return False
    said = {w for w in re.findall(r"[a-z]+", publisher.lower()) if len(w) > 3}
    named = {w for w in re.findall(r"[a-z]+", f"{source.name} {source.mention or ''}".lower()) if len(w) > 3}
    return bool(said & named)


class StorySoFar:
    """What ``continue_the_story`` reads of the incidents told before, kept as each is added, so that
    each look-up is bounded instead of a scan back to the start of the document."""

    def __init__(self) -> None:
        self.last: Mention | None = None
        self.last_actor1: Mention | None = None  # the last incident with an actor1
        self.last_of_type: dict[str, Mention] = {}  # sub-event type -> the last such incident with an actor1
        self.opponents: dict[str | None, Mention] = {}  # actor2 id -> its last incident, most recent last

    def add(self, incident: Mention) -> None:
        _, _, not_opponents = _story_cues()
        self.last = incident
        if incident.actor1 is not None:
            self.last_actor1 = incident
            self.last_of_type[incident.sub_event_type] = incident
        if incident.actor2 is not None and incident.actor2.type not in not_opponents:
            self.opponents.pop(incident.actor2.id, None)
            self.opponents[incident.actor2.id] = incident

    def last_opponent_other_than(self, actor_id: str | None) -> Mention | None:
        return next((m for key, m in reversed(self.opponents.items()) if key != actor_id), None)


def fill_incident(incident: Incident, adoc: AnnotatedDocument) -> None:
    """The best mention's empty fields from the incident's other mentions (extract/merge.py)."""
    fill_from_group(incident.best, incident.group)


def attribute_incident(incident: Incident, adoc: AnnotatedDocument) -> None:
    """An incident told as fact in one sentence and attributed to a source in another ("..., a local
    source told North Press that a drone targeted ...") is reported by that source: the outlet did not
    see it happen. A party's claim keeps its status (one joins a fact's incident only as the acting party's
    own word, extract/merge.py, and the incident stays the fact's)."""
    best = incident.best
    if best.status != "asserted":
        return
    # A quotation someone gives in the report is their voice, not the outlet's source for the incident.
    source = next((m for m in incident.group if m.status == "reported" and not m.quoted), None)
    if source is not None:
        change_status(best, "reported")
        best.claimant = best.claimant or source.claimant
        return
    told = next((s for s in _details_after(incident, adoc) if gives_to_sources(s.text)), None)
    if told is not None:
        # "Two young men were killed on Sunday by gunmen." then "Local sources told North Press that [they]
        # were killed on the road near Hayt.": no trigger there, but the outlet's account is its sources'.
        found = attributed_source(told.text)
        source = source_named_in(told, found, adoc.context) if found else None
        if source is not None and source.id is not None and is_armed(source):
            return  # a party's word ("according to the army"): a claim, not the outlet's sources
        change_status(best, "reported")
        best.claimant = best.claimant or source


_DETAILS_READ = 2  # sentences read after each of an incident's mentions, up to the next candidate


def _details_after(incident: Incident, adoc: AnnotatedDocument):
    """The sentences right after the incident's mentions that no trigger flagged: the details it goes on with."""
    for mention in incident.group:
        k = bisect_left(adoc.sentence_starts, mention.sentence.end)
        for sentence in adoc.sentences[k : k + _DETAILS_READ]:
            if sentence.start in adoc.candidate_starts:
                break
            yield sentence


def find_following_sentence(incident: Incident, adoc: AnnotatedDocument) -> None:
    """The sentence right after an incident's last mention, if it reports no event of its own: where
    reports state the toll and the victims ("Fatalities: 5.", "One woman was killed.")."""
    last = max(m.sentence.end for m in incident.group)
    k = bisect_left(adoc.sentence_starts, last)  # the sentences are in text order
    following = adoc.sentences[k] if k < len(adoc.sentences) else None
    incident.following = None if following is None or following.start in adoc.candidate_starts else following


def toll_line(incident: Incident, adoc: AnnotatedDocument) -> None:
    if incident.best.fatalities is None and incident.following is not None:
        incident.best.fatalities = extract_counts(incident.following.text).killed


def continue_the_story(incident: Incident, adoc: AnnotatedDocument) -> None:
    """Fill roles a report leaves implicit because the story goes on, as an ACLED coder would.

    "They also shot down an armed drone": the drone belongs to the side the same forces were just
    fighting. "The second strike earlier on Thursday was against a pickup": the second strike has the
    striker of the first.
    """
    best, group, earlier = incident.best, incident.group, _told(adoc)
    continues, pronoun_opening, _ = _story_cues()
    if best.actor1 is None and best.subject_elsewhere and earlier.last_actor1 is not None:
        best.actor1 = earlier.last_actor1.actor1  # "... in Badghis and five soldiers in an IED attack in Herat"
    if (best.actor1 is None and earlier.last_actor1 is not None
            and any(pronoun_opening.match(m.sentence.text) for m in group)):
        best.actor1 = earlier.last_actor1.actor1  # "They also shot down ...": who acted in the sentence before
    goes_on = any(continues.search(m.sentence.text) or m.distinct for m in group)
    if best.location is None and goes_on and earlier.last is not None and earlier.last.location is not None:
        # "They also shot down a drone outside the zone": where the story was, as "near".
        last = earlier.last.location
        best.location = replace(last, geo_precision=max(last.geo_precision or 1, 2))
    if (best.sub_event_type == "Disrupted weapons use" and best.actor2 is None and best.actor1 is not None
            and goes_on):
        other = earlier.last_opponent_other_than(best.actor1.id)
        if other is not None:
            best.actor2 = other.actor2
    if best.actor1 is None and any(m.distinct or _is_list_item(m.sentence.text) for m in group):
        # "The second strike ...", and the items of a list under its lead ("-- Near Mosul, three strikes
        # engaged ..."): the striker of the last incident of the kind.
        same_type = earlier.last_of_type.get(best.sub_event_type)
        if same_type is not None:
            best.actor1 = same_type.actor1


def _is_list_item(text: str) -> bool:
    """Does the sentence open with a list mark ("-- Near Raqqa, ...", "• On 19 October, ...")?"""
    return text.lstrip().startswith(tuple(load_yaml("roles.yaml")["list_item_marks"]))


def report_focus(incident: Incident, adoc: AnnotatedDocument) -> None:
    """Where the report is about, as "near", when the incident's sentences say no more than a country."""
    best, places = incident.best, adoc.context.place_resolver
    if best.location is None and places.countries:
        # Nothing in the incident's sentences says where: the report's own focus, as "near".
        best.location = places.focus(places.countries[0])
    elif best.location is not None and best.location.admin1 is None and best.location.geo_precision == 3:
        # "in southern Syria" in a report about At Tanf: the report's own focus, as "near".
        best.location = places.focus(best.location.country) or best.location


def civilian_victims(incident: Incident, adoc: AnnotatedDocument) -> None:
    """Civilians as actor2 when the incident's sentences or its toll line name unarmed victims."""
    best = incident.best
    if best.actor2 is not None or best.sub_event_type in load_yaml("merging.yaml")["no_victim_types"]:
        return
    texts = [m.sentence.text for m in incident.group]
    if incident.following is not None:
        texts.append(incident.following.text)
    for text in texts:
        found = {w.lower().strip(".,;:()\"'") for w in text.split()} & _civilian_nouns()
        if found:
            dictionary = ActorDictionary.default()
            entry = dictionary.localise(dictionary.get("civilians"), best.location.country if best.location else None)
            best.actor2 = to_record(entry, min(found))
            return


@lru_cache(maxsize=1)
def _civilian_nouns() -> frozenset[str]:
    return frozenset(load_yaml("roles.yaml")["civilian_nouns"])


def remember_incident(incident: Incident, adoc: AnnotatedDocument) -> None:
    """The incident as told: what the next incidents' implicit roles and places are read from."""
    _told(adoc).add(incident.best)


def _told(adoc: AnnotatedDocument) -> StorySoFar:
    if adoc.told is None:
        adoc.told = StorySoFar()
    return adoc.told
