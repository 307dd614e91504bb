"""Actors an ACLED coder infers where the report leaves them unnamed.

Two kinds of inference, both from knowledge kept in ``data/theatres.yaml`` rather than code:

* The target's owner. "Militants attacked a police station, killing four policemen", "an assault on a
  military base in Djibo", "ISIS claimed the lives of 23 Syrian soldiers": the soldiers, the police and
  their posts are the state's forces, so actor2 is the military (or police) of the event's country, or of
  the nation the target noun is qualified by ("Syrian soldiers"), valid on the event's date.
* The theatre. Where only one party flies combat aircraft (Myanmar's junta after the 2021 coup; the
  Saudi-led coalition over Yemen until the 2022 truce) an unattributed air strike is that party's; where a
  war sets one state's air defences against another's drones and missiles (Ukraine and Russia since
  February 2022), "four drones were shot down over Cherkasy" is the defender downing the attacker's.

Both only fill a role the sentence left empty; a named actor always wins.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Span

from warlog.extract.roles import foreign_clauses, token_at
from warlog.knowledge import event_type_of, load_yaml, phrase_alternatives
from warlog.models import Actor
from warlog.resolve.actors import ActorDictionary, ActorEntry, to_record


@cache
def _theatres() -> dict[str, Any]:
    return load_yaml("theatres.yaml")


@cache
def _target_pattern() -> re.Pattern[str]:
    """Target phrases, longest first, each tagged with the kind of force it belongs to."""
    groups = [
        rf"(?P<{kind}>{phrase_alternatives(words)})"
        for kind, words in _theatres()["state_targets"].items()
    ]
    return re.compile(rf"\b(?:{'|'.join(groups)})\b", re.IGNORECASE)


def state_forces(country: str | None, kind: str, on_date: str | None) -> ActorEntry | None:
    """The state's military (``kind`` "military") or police forces of ``country`` valid on ``on_date``:
    the dictionary's top-level state forces of that country, or its police entry; police fall back to
    the military where the dictionary has no police of that country."""
    if not country:
        return None
    entries = [e for e in ActorDictionary.default().entries if e.country == country and e.type == "state forces"]
    if on_date:
        entries = [e for e in entries if e.valid_on(on_date)] or entries
    police = [e for e in entries if e.acled_name and e.acled_name.startswith("Police Forces of")]
    military = [e for e in entries if e.parent is None and e not in police]
    chosen = (police if kind == "police" else []) or military
    return max(chosen, key=lambda e: e.valid_from or "") if chosen else None


def _is_acting(token) -> bool:
    """Is the target word the one who acts ("soldiers opened fire"), not who suffered ("soldiers were
    killed", "soldiers died")?"""
    cues = load_yaml("roles.yaml")
    head = token
    while head.dep_ in ("compound", "amod", "nummod") and head.head.i != head.i:
        head = head.head  # "police" of "police station"
    return head.dep_ in ("nsubj", "csubj") and head.head.lower_ not in cues["dying_verbs"]


def _nation_of(token, when: str | None) -> ActorEntry | None:
    """The forces a nationality word before the target names ("Syrian soldiers", "Iraqi army post")."""
    head = token.head if token.dep_ == "compound" else token
    for modifier in (t for t in head.subtree if t.i < token.i and t.dep_ in ("amod", "compound", "nmod")):
        entry = ActorDictionary.default().resolve(f"{modifier.text} forces", when)
        if entry is not None and entry.type == "state forces":
            return entry
    return None


def _named_forces(mention, named: list) -> ActorEntry | None:
    """A state's forces the sentence names other than actor1's ("a command center belonging to the Israeli
    army"): the owner of the targets it speaks of, before any guess from the event's country."""
    dictionary = ActorDictionary.default()
    acting = {e.id for e in dictionary.lineage(dictionary.get(mention.actor1.id))} if (
        mention.actor1 is not None and mention.actor1.id and dictionary.get(mention.actor1.id)) else set()
    return next((m.actor for m in named if m.actor.type == "state forces" and m.actor.id not in acting), None)


def state_target(mention, parsed: Span | None, named: list = (), published: str | None = None) -> Actor | None:
    """Actor2 for an attack on soldiers, police or their posts when the sentence names no one acted upon
    (see the module's docstring); None when it does not apply. ``named``: the dictionary actors the
    sentence names (``resolve.actors.ActorMention``); ``published``: the report's date, for an undated event."""
    cues = _theatres()
    if mention.actor2 is not None or event_type_of(mention.sub_event_type) not in cues["state_target_events"]:
        return None
    text = mention.sentence.text
    when = mention.date or published
    country = mention.location.country if mention.location else None
    # "near the garrison, where American soldiers are stationed": a clause describing a place names no target.
    elsewhere = foreign_clauses(parsed, mention.trigger_offset, locative_only=True) if parsed is not None else []
    for match in _target_pattern().finditer(text):
        kind = match.lastgroup
        if any(start <= match.start() < end for start, end in elsewhere):
            continue
        token = token_at(parsed, match.start()) if parsed is not None else None
        if token is not None and _is_acting(token):
            continue
        entry = ((_nation_of(token, when) if token is not None else None) or _named_forces(mention, named)
                 or state_forces(country, kind, when))
        if entry is None:
            continue
        lineage = ActorDictionary.default().lineage(entry)
        if mention.actor1 is not None and mention.actor1.id is not None and any(
            mention.actor1.id == e.id for e in lineage
        ):
            return None  # "Turkish soldiers shelled ...": the soldiers are the actor's own
        return to_record(entry, match.group(0))
    return None


def _valid(rule: dict[str, Any], country: str | None, on_date: str | None) -> bool:
    day = (on_date or "")[:10]
    return (
        rule["country"] == country
        and bool(day)
        and str(rule.get("from") or "") <= day
        and (rule.get("until") is None or day < str(rule["until"]))
    )


def theatre_roles(mention, published: str | None = None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) the theatre implies for an event whose sentence named neither side that acted:
    the sole air power's strike, the defender's interception of the attacker's drones or missiles."""
    cues = _theatres()
    country = mention.location.country if mention.location else None
    when = mention.date or published
    dictionary = ActorDictionary.default()
    for rule in cues["sole_air_power"]:
        if mention.sub_event_type in cues["air_power_events"] and _valid(rule, country, when):
            entry = dictionary.get(rule["actor"])
            return (to_record(entry, None) if entry else None), None
    for rule in cues["air_defence"]:
        if mention.sub_event_type in cues["air_defence_events"] and _valid(rule, country, when):
            defender, attacker = dictionary.get(rule["defender"]), dictionary.get(rule["attacker"])
            return (to_record(defender, None) if defender else None), (to_record(attacker, None) if attacker else None)
    return None, None


def is_unnamed(actor: Actor | None) -> bool:
    """No actor, or a phrase the dictionary does not know ("units", "the military")."""
    return actor is None or actor.id is None


def theatre_actors(mention, published: str | None = None) -> None:
    """Fill actor1 (and, for an interception, actor2) from the theatre where the sentence left them."""
    if not is_unnamed(mention.actor1):
        return
    actor1, actor2 = theatre_roles(mention, published)
    if actor1 is None:
        return
    mention.actor1 = Actor(name=actor1.name, id=actor1.id, type=actor1.type,
                           mention=mention.actor1.mention if mention.actor1 else None)
    if actor2 is not None and mention.actor2 is None:
        mention.actor2 = actor2


def target_owner_step(work, context) -> None:
    """Mention step: the state forces an attack on soldiers, police or their posts acted upon."""
    sentence = work.sentence
    named = context.actors_within(sentence.start, sentence.end)
    target = state_target(work.mention, work.parsed, named, context.published)
    if target is not None:
        work.mention.actor2 = target


def theatre_step(work, context) -> None:
    """Mention step: the theatre's sole air power or air defence where the sentence named no actor."""
    theatre_actors(work.mention, context.published)
