"""The JSON shapes the API returns, as pydantic models: they exist to document the API in OpenAPI.

Routes return the store's records as JSON directly (their ``to_dict``, no re-validation of data the
store already validated, which keeps list pages fast); these models describe that JSON for clients
and for the web app. Event fields follow SPEC section 4 exactly.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from warlog.models import DocumentMetadata, Record

_PUBLIC_ORIGIN = re.compile(r"(?i)^(https?://|<stdin>$|POST /api/documents$)")


def public_origin(origin: str) -> str:
    """What the API shows of a document's origin: a fetched URL, ``<stdin>`` or a POST as stored, a
    file only by its base name (``feed.jsonl:3``). The directory an analyst ingested from (a home
    directory, a temporary folder) is nobody's business on the network."""
    if not origin or _PUBLIC_ORIGIN.match(origin):
        return origin
    return PureWindowsPath(PurePosixPath(origin).name).name


AnyDocument = TypeVar("AnyDocument", bound=DocumentMetadata)


def public_document(document: AnyDocument) -> AnyDocument:
    """The stored document as the API shows it: its origin made public (``public_origin``)."""
    return dataclasses.replace(document, origin=public_origin(document.origin))


class ActorOut(BaseModel):
    name: str
    id: str | None = None
    type: str | None = Field(None, description="ACLED actor type, e.g. 'state forces'")
    mention: str | None = Field(None, description="The words of the document that name it")


class LocationOut(BaseModel):
    name: str
    country: str | None = Field(None, description="ISO 3166 alpha-2")
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = Field(None, description="1 the place itself, 2 near it, 3 only the region")
    geonameid: int | None = None
    mention: str | None = None


class EvidenceOut(BaseModel):
    text: str
    start: int = Field(description="Character offset into the document's cleaned text")
    end: int


class EventOut(BaseModel):
    """One event per incident per document (SPEC section 4)."""

    id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    plover: dict[str, str | None]
    date: str | None
    time_precision: int | None
    date_source: str | None = Field(
        None, description="Where the date came from: text, text+publication, paragraph, lead or publication")
    actor1: ActorOut | None
    actor2: ActorOut | None
    assoc_actors: list[ActorOut]
    location: LocationOut | None
    fatalities: int | None
    injured: int | None
    arrested: int | None
    weapons: list[dict[str, str]]
    status: str
    claimant: ActorOut | None
    evidence: EvidenceOut
    confidence: float


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, over all pages")
    limit: int
    offset: int
    items: list[EventOut]


class DocumentOut(BaseModel):
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
    removed: list[str] = Field(description="Boilerplate removed from the text")
    origin: str = Field(description="Where it came from: a URL, <stdin>, POST /api/documents, or a file's base name")
    n_events: int
    ingested_at: str
    text: str | None = Field(None, description="The cleaned text evidence offsets point into (detail only)")


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentOut]


class DocumentDetail(BaseModel):
    document: DocumentOut
    events: list[EventOut]


class ActorSummaryOut(BaseModel):
    name: str
    id: str | None
    type: str | None
    as_actor1: int
    as_actor2: int
    mentions: list[str]
    documents: int


class ActorPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ActorSummaryOut]


class IngestResult(BaseModel):
    document_id: str
    outcome: str = Field(description="added, updated or unchanged")
    events: int = Field(description="Events stored for the document")
    duplicate_of: str | None = None


class Health(BaseModel):
    status: str
    documents: int
    events: int


class FatalitiesOut(BaseModel):
    best: int | None = Field(None, description="ACLED-style conservative figure")
    min: int | None = None
    max: int | None = None


class IncidentOut(BaseModel, extra="allow"):
    """Reports of one real-world happening grouped (SPEC section 5), graded by the Admiralty code."""

    id: str
    event_type: str
    sub_event_type: str
    date: str | None = None
    location: LocationOut | None = None
    actor1: ActorOut | None = None
    actor2: ActorOut | None = None
    fatalities: FatalitiesOut
    doc_ids: list[str]
    sources: list[str]
    mentions: list[dict[str, str]]
    corroboration: int = Field(description="Independent sources (copies and syndications count once)")
    credibility: str = Field(description="Admiralty code, e.g. 'B2'")
    reasoning: str | None = Field(None, description="Why this grade")
    links: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Why each member joined: event_id, the member it is most strongly linked to (with), score, reasons",
    )
    disagreements: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict,
        description="Fields the reports differ on (date, sub_event_type, fatalities, actor1, actor2, location), "
        "each with every document's value: [{doc_id, value}]",
    )


class IncidentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[IncidentOut]


class NetworkOut(BaseModel):
    """Actors as nodes, relations (attacks, clashes, cooperation, accusations) as edges."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class Problem(BaseModel):
    detail: str = Field(description="What went wrong, in one line")


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such record"}}


def page_of(total: int, limit: int, offset: int, items: Sequence[Record]) -> dict[str, Any]:
    """The envelope of every list endpoint, the store's records in their JSON shape."""
    return {"total": total, "limit": limit, "offset": offset, "items": [item.to_dict() for item in items]}
