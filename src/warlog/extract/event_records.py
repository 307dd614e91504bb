"""From an incident's best mention to the Event record the store, exports and the API share.

Ids are derived from the document id, the sub-event type and the evidence offset, so that the same
text gives the same ids on every run and machine (re-running a stage never duplicates an event).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import lru_cache

from warlog.extract.mentions import Mention
from warlog.knowledge import load_yaml
from warlog.models import Document, Event, Evidence, Plover


@lru_cache(maxsize=1)
def _types() -> dict:
    return load_yaml("acled_types.yaml")["sub_event_types"]


def event_id(doc_id: str, sub_event_type: str, start: int, site: str | None = None) -> str:
    """Stable id: the same document text gives the same ids on every run and machine. ``site``
    tells apart the events one sentence gives for several listed places (extract/story.py)."""
    key = f"{doc_id}|{sub_event_type}|{start}" + (f"|{site}" if site is not None else "")
    return f"ev-{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def with_unique_ids(doc_id: str, events: list[Event]) -> list[Event]:
    """The document's events with their stable ids; an event of the same type and sentence as an
    earlier one (another place of one list) takes its place's name, then its rank, into its id."""
    seen: set[str] = set()
    unique = []
    for rank, event in enumerate(events):
        identity = event_id(doc_id, event.sub_event_type, event.evidence.start)
        if identity in seen:
            site = event.location.name if event.location is not None else None
            identity = event_id(doc_id, event.sub_event_type, event.evidence.start, site)
            if identity in seen:
                identity = event_id(doc_id, event.sub_event_type, event.evidence.start, f"{site}#{rank}")
        seen.add(identity)
        unique.append(event if event.id == identity and event.doc_id == doc_id else replace(event, id=identity, doc_id=doc_id))
    return unique


def renamed(doc: Document, events: list[Event], new_id: str) -> tuple[Document, list[Event]]:
    """The document under another id, its events' ids and doc_id following (ids stay stable)."""
    return replace(doc, id=new_id), with_unique_ids(new_id, events)


def date_source(mention: Mention) -> str | None:
    """The event's ``date_source`` (models.Event) from how its mention was dated."""
    if mention.date is None:
        return None
    if mention.date_source == "explicit":
        return "text+publication" if mention.date_kind in ("weekday", "relative") else "text"
    return {"published": "publication"}.get(mention.date_source or "", mention.date_source)


def to_event(doc: Document, mention: Mention) -> Event:
    kind = _types()[mention.sub_event_type]
    vague = mention.date_unit in ("month", "year")
    return Event(
        id=event_id(doc.id, mention.sub_event_type, mention.sentence.start),
        doc_id=doc.id,
        event_type=kind["event_type"],
        sub_event_type=mention.sub_event_type,
        plover=Plover(event=kind["plover"], mode=kind["mode"]),
        evidence=Evidence(text=mention.sentence.text, start=mention.sentence.start, end=mention.sentence.end),
        # Known only to the month or year: no day to write (SPEC: the date is a day; issue 19: no default
        # day), so no date, precision 3.
        date=None if vague else mention.date,
        time_precision=mention.time_precision,
        date_source=None if vague else date_source(mention),
        actor1=mention.actor1,
        actor2=mention.actor2,
        assoc_actors=mention.assoc_actors,
        location=mention.location,
        fatalities=mention.fatalities,
        injured=mention.injured,
        arrested=mention.arrested,
        weapons=mention.weapons,
        status=mention.status,
        claimant=mention.claimant,
        confidence=mention.confidence,
    )
