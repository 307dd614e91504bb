"""Query parameters of the API: the command line's filters and paging, validated before any query.

Names match the CLI options (``sub_type`` for ``--sub-type``). Vocabulary parameters (type,
sub_type, status) are enumerations built from the same data files the extractor codes with, so the
OpenAPI description lists the allowed values and a typo gets a 422 naming them. Values reach SQL
only as bound parameters, through ``EventFilter`` and the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from warlog.geometry import parse_lat_lon
from warlog.knowledge import load_yaml
from warlog.models import STATUSES
from warlog.store.queries import PARTIAL_DATE_PATTERN, EventFilter

MAX_PAGE = 1000
# Far beyond any store, well inside the 64-bit integers SQLite and PostgreSQL take for OFFSET.
MAX_OFFSET = 1_000_000_000
DEFAULT_PAGE = 100

_SUB_TYPES = load_yaml("acled_types.yaml")["sub_event_types"]
EventType = Enum("EventType", {name: name for name in dict.fromkeys(k["event_type"] for k in _SUB_TYPES.values())})
SubEventType = Enum("SubEventType", {name: name for name in _SUB_TYPES})
Status = Enum("Status", {name: name for name in STATUSES})


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> Page:
    return Page(limit, offset)


DATE_PATTERN = PARTIAL_DATE_PATTERN


def event_filter(
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="From this date, inclusive (YYYY[-MM[-DD]])")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Up to this date, inclusive")] = None,
    type: Annotated[EventType | None, Query(description="ACLED event type")] = None,
    sub_type: Annotated[SubEventType | None, Query(description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Actor name contains (case-insensitive)")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code")] = None,
    near: Annotated[str | None, Query(description="LAT,LON in degrees; with radius_km")] = None,
    radius_km: Annotated[float, Query(gt=0, le=20_000, description="Radius around near, in km")] = 25.0,
    min_credibility: Annotated[
        str | None,
        Query(pattern=r"^[A-Fa-f]?[1-6]$", description="Admiralty code (C3: source A-C, information 1-3) or a digit (3)"),
    ] = None,
    status: Annotated[Status | None, Query(description="Event status")] = None,
) -> EventFilter:
    """The filters of SPEC section 2 as an EventFilter; 422 with the reason when they make no sense."""
    if actor is not None and has_control_characters(actor):
        raise invalid("actor", actor, f"actor must not contain control characters, got {actor!r}")
    point = parse_point(near) if near else None
    try:
        return EventFilter(
            since=since, until=until, type=type.value if type else None,
            sub_type=sub_type.value if sub_type else None, actor=actor, country=country,
            status=status.value if status else None, near=point, radius_km=radius_km if point else None,
            min_credibility=min_credibility,
        )  # fmt: skip
    except ValueError as error:
        raise invalid(None, None, str(error)) from None


def parse_point(near: str) -> tuple[float, float]:
    """"LAT,LON" as two floats; 422 naming the value otherwise."""
    try:
        lat, lon = parse_lat_lon(near)
    except ValueError:
        raise invalid("near", near, f"near must be LAT,LON in degrees, got {near!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise invalid("near", near, f"near is off the globe: {near!r}")
    return lat, lon


def invalid(name: str | None, value: str | None, message: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own (``{"detail": [{"loc", "msg", "type", "input"}]}``), as
    /openapi.json documents it, so a client reads every 422 of the filters one way."""
    location = ("query", name) if name else ("query",)
    return RequestValidationError([{"type": "value_error", "loc": location, "msg": message, "input": value}])


def has_control_characters(value: str) -> bool:
    """Whether ``value`` holds C0 controls (NUL included), which no actor name holds.

    They must not reach the store: PostgreSQL refuses NUL in text (an error, not an empty answer)
    and SQLite compares a string with NUL only up to it, which would turn "\\0" into "anything".
    """
    return any(ord(char) < 0x20 or char == "\x7f" for char in value)
