"""Typed records passed between warlog's stages.

Every stage is a function from these records to these records, so the stages can be
tested, replaced and distributed independently. Only the standard library is used here:
the records must pickle cheaply (Dask ships them between processes) and serialise to the
JSON shapes fixed in SPEC.md sections 4 and 5 through ``to_dict``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def _plain(value: Any) -> Any:
    """Convert nested dataclasses to plain dicts/lists for JSON output."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin giving records a JSON-ready ``to_dict``."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


# --------------------------------------------------------------------------- input


@dataclass
class RawInput(Record):
    """One document as a reader found it, before cleaning.

    ``origin`` names where it came from (a path, ``path:line`` for JSON Lines, ``<stdin>``)
    so that a rejection can name it. Exactly one of ``text``/``html`` is set.
    """

    doc_id: str
    origin: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    # What the reader had to repair to keep the document (e.g. invalid UTF-8 bytes replaced).
    notices: list[str] = field(default_factory=list)


@dataclass
class Rejected(Record):
    """An input that could not be read: named, with a one-line reason. Never fatal to a batch."""

    origin: str
    reason: str


class IngestOutcome(StrEnum):
    """What ingesting one input did (``Store.save``, the ingest report, the API's answer).

    A ``StrEnum``: it prints, compares and serialises as the bare word it always was ("added").
    """

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # the same id with the same content was already stored: nothing written
    REJECTED = "rejected"  # unreadable, or its data could not be stored (a ``Rejected`` says why)


@dataclass
class Document(Record):
    """A cleaned document: boilerplate removed, metadata filled where the input or text carries it.

    ``text`` is the cleaned text that all evidence offsets point into. ``content_hash`` is the
    SHA-256 of the normalised cleaned text (exact duplicates); ``minhash`` is the MinHash
    signature used to find near-duplicates and syndicated copies. ``duplicate_of`` names the
    stored document this one copies, with ``duplicate_kind`` "exact" or "near".
    """

    id: str
    text: str
    origin: str = ""
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    content_hash: str = ""
    minhash: list[int] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    removed: list[str] = field(default_factory=list)
    metadata_sources: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # the reader's repairs (RawInput.notices); not stored


# --------------------------------------------------------------------------- events

# SPEC section 4: what an event's status may be. Plans, hypotheticals and negations never happened (yet):
# they are no events and never make incidents or relations. Asserted and reported events are told as fact.
STATUSES = ("asserted", "claimed", "alleged", "denied", "reported", "planned", "hypothetical", "negated")
UNASSERTED_STATUSES = frozenset({"planned", "hypothetical", "negated"})
FACTUAL_STATUSES = ("asserted", "reported")


@dataclass
class Actor(Record):
    name: str
    id: str | None = None
    type: str | None = None
    mention: str | None = None

    def node_key(self) -> str:
        """One node per actor in relations and the network: the dictionary id, else the case-folded name."""
        return self.id or self.name.casefold()


@dataclass
class Location(Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    mention: str | None = None


@dataclass
class Weapon(Record):
    name: str
    category: str
    mention: str


@dataclass
class Evidence(Record):
    text: str
    start: int
    end: int


@dataclass
class Plover(Record):
    event: str
    mode: str | None = None


@dataclass
class Event(Record):
    """One event per incident per document (SPEC section 4)."""

    id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    plover: Plover
    evidence: Evidence
    date: str | None = None
    time_precision: int | None = None
    # Where the date came from (issue 19): "text" (a calendar date in the sentence), "text+publication"
    # (a weekday or "yesterday" counted from the publication date or the section's dated heading),
    # "paragraph" (a date another sentence of the paragraph gives), "lead" (the report's lead incident),
    # "publication" (the publication date alone: the event happened that day or in the days before);
    # null with no date.
    date_source: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = field(default_factory=list)
    location: Location | None = None
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    weapons: list[Weapon] = field(default_factory=list)
    status: str = "asserted"
    claimant: Actor | None = None
    confidence: float = 0.5

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an Event from its JSON shape (as stored or as read from a JSON Lines file)."""
        return cls(
            id=data["id"],
            doc_id=data["doc_id"],
            event_type=data["event_type"],
            sub_event_type=data["sub_event_type"],
            plover=Plover(**(data.get("plover") or {"event": "OTHER"})),
            evidence=Evidence(**data["evidence"]),
            date=data.get("date"),
            time_precision=data.get("time_precision"),
            date_source=data.get("date_source"),
            actor1=_optional_actor(data.get("actor1")),
            actor2=_optional_actor(data.get("actor2")),
            assoc_actors=_actors(data.get("assoc_actors")),
            location=_optional_location(data.get("location")),
            fatalities=data.get("fatalities"),
            injured=data.get("injured"),
            arrested=data.get("arrested"),
            weapons=_weapons(data.get("weapons")),
            status=data.get("status", "asserted"),
            claimant=_optional_actor(data.get("claimant")),
            confidence=data.get("confidence", 0.5),
        )


def _optional_actor(data: dict[str, Any] | None) -> Actor | None:
    return Actor(**data) if data else None


def _actors(data: list[dict[str, Any]] | None) -> list[Actor]:
    return [Actor(**a) for a in data or []]


def _optional_location(data: dict[str, Any] | None) -> Location | None:
    return Location(**data) if data else None


def _weapons(data: list[dict[str, Any]] | None) -> list[Weapon]:
    return [Weapon(**w) for w in data or []]


# --------------------------------------------------------------------------- incidents


@dataclass(frozen=True)
class Fatalities(Record):
    """Conflicting tolls are kept: ``min``/``max`` over the reports, ``best`` the conservative figure."""

    best: int | None = None
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class IncidentMention(Record):
    doc_id: str
    event_id: str


@dataclass(frozen=True)
class Incident(Record):
    """One real-world happening reported by one or many documents (SPEC section 5).

    ``credibility`` is the Admiralty code (reliability A-F of the best independent source,
    credibility 1-6 of the information); ``reasoning`` says in words how it was reached.
    ``independent_sources`` names each independent source once (copies folded into their original).
    """

    id: str
    event_type: str
    sub_event_type: str
    date: str | None = None
    time_precision: int | None = None
    location: Location | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    fatalities: Fatalities = field(default_factory=Fatalities)
    status: str = "asserted"
    doc_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    mentions: list[IncidentMention] = field(default_factory=list)
    corroboration: int = 1
    independent_sources: list[dict[str, Any]] = field(default_factory=list)
    credibility: str = "F6"
    reasoning: str = ""
    # Why each member joined: its strongest link to a member before it (fuse/matching.py).
    links: list[dict[str, Any]] = field(default_factory=list)
    # Fields the reports disagree on, each with every document's value side by side.
    disagreements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incident:
        """Rebuild an Incident from its JSON shape (the stored payload is ``to_dict()``)."""
        return cls(**_incident_fields(data))


def _incident_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The constructor arguments of an ``Incident`` from its JSON shape."""
    return {
        "id": data["id"],
        "event_type": data["event_type"],
        "sub_event_type": data["sub_event_type"],
        "date": data.get("date"),
        "time_precision": data.get("time_precision"),
        "location": _optional_location(data.get("location")),
        "actor1": _optional_actor(data.get("actor1")),
        "actor2": _optional_actor(data.get("actor2")),
        "assoc_actors": _actors(data.get("assoc_actors")),
        "weapons": _weapons(data.get("weapons")),
        "fatalities": Fatalities(**(data.get("fatalities") or {})),
        "status": data.get("status", "asserted"),
        "doc_ids": list(data.get("doc_ids") or []),
        "sources": list(data.get("sources") or []),
        "mentions": [IncidentMention(**m) for m in data.get("mentions") or []],
        "corroboration": data.get("corroboration", 1),
        "independent_sources": list(data.get("independent_sources") or []),
        "credibility": data.get("credibility", "F6"),
        "reasoning": data.get("reasoning", ""),
        "links": list(data.get("links") or []),
        "disagreements": dict(data.get("disagreements") or {}),
    }


@dataclass(frozen=True)
class IncidentDetail(Incident):
    """An incident with the event record behind each of its mentions, in mention order
    (``Store.incident``, ``GET /api/incidents/{id}``): a reader sees every report without a second query."""

    events: list[Event] = field(default_factory=list)

    @classmethod
    def from_stored(cls, data: dict[str, Any], events: list[Event]) -> IncidentDetail:
        return cls(**_incident_fields(data), events=events)


# --------------------------------------------------------------------------- stored records
#
# What the store answers besides events and incidents. Frozen: the store hands out (and caches) the
# same objects to several readers, so none may change them under the others. Fields are declared in
# the order of the JSON the API and the CLI have always written, so ``to_dict`` is that JSON.


@dataclass(frozen=True)
class DocumentMetadata(Record):
    """What the store keeps about a document besides its text (SPEC section 3 fields and ingest's)."""

    id: str
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None
    published: str | None
    language: str | None
    content_hash: str
    duplicate_of: str | None
    duplicate_kind: str | None
    removed: list[str]
    origin: str


@dataclass(frozen=True)
class DocumentListing(DocumentMetadata):
    """A stored document as listed (``Store.documents_page``, ``GET /api/documents``): no text, so a
    listing never reads the documents' bodies."""

    n_events: int
    ingested_at: str


@dataclass(frozen=True)
class StoredDocument(DocumentMetadata):
    """A stored document with its cleaned text, which all evidence offsets point into
    (``Store.document``/``documents``, ``GET /api/documents/{id}``, ``warlog documents``)."""

    text: str
    n_events: int
    ingested_at: str


@dataclass(frozen=True)
class DocumentCitation(Record):
    """What an export cites of an event's document (``Store.document_sources``): who published it,
    where and when, and when it was stored (ACLED's "timestamp")."""

    id: str
    publisher: str | None
    url: str | None
    published: str | None
    ingested_at: str


@dataclass(frozen=True)
class ActorSummary(Record):
    """One actor over the matching events (``Store.actors_page``, ``GET /api/actors``): how often it acts
    and is acted upon, its five most frequent phrases, and in how many documents."""

    name: str
    id: str | None
    type: str | None
    as_actor1: int
    as_actor2: int
    mentions: list[str]
    documents: int


@dataclass(frozen=True)
class RelationEvidenceEntry(Record):
    """One piece of a relation's evidence as the relation record keeps it: the document, the event
    (for event relations), the date, the status and the words with their offsets."""

    doc_id: str
    event_id: str | None
    date: str | None
    status: str
    evidence: Evidence


@dataclass(frozen=True)
class Relation(Record):
    """Who fights, helps or accuses whom (``Store.relations``; drawn by ``fuse/network.py``).

    ``count`` counts distinct incidents for event relations, distinct documents for statements;
    ``evidence`` keeps the first pieces (``fuse.relations.EVIDENCE_KEPT``), the count covers all.
    """

    id: str
    relation: str
    basis: str  # event | statement
    source: Actor
    target: Actor
    status: str
    first_date: str | None
    last_date: str | None
    count: int
    doc_ids: list[str]
    claimants: list[str]
    evidence: list[RelationEvidenceEntry]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relation:
        """Rebuild a Relation from its JSON shape (the stored payload is ``to_dict()``)."""
        return cls(
            **{**data, "source": Actor(**data["source"]), "target": Actor(**data["target"]),
               "evidence": [RelationEvidenceEntry(**{**e, "evidence": Evidence(**e["evidence"])})
                            for e in data["evidence"]]},
        )  # fmt: skip


@dataclass(frozen=True)
class StoreCounts(Record):
    """How much the store holds (``Store.counts``, ``GET /api/health``, ``warlog check``)."""

    documents: int
    events: int
