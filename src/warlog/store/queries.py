"""Event filters as SQL conditions, and the geographic radius test.

The radius filter runs in two steps because neither backend has spherical geometry without an
extension: a latitude/longitude bounding box in SQL (uses the lat/lon index, drops almost all rows)
and the exact great-circle distance in Python on what is left.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date as Date

from sqlalchemy import ColumnElement, Table, and_, exists, func, or_, select

from warlog.geometry import KM_PER_DEGREE_LATITUDE, haversine_km
from warlog.store.schema import actor_keys, events, incident_mentions, incidents

# YYYY, YYYY-MM or YYYY-MM-DD with a real month and day number (also the API's query pattern).
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)
# Admiralty grading: source reliability A (best) to F, information credibility 1 (best) to 6.
_ADMIRALTY = re.compile(r"^[A-F]?[1-6]$")


@dataclass(frozen=True)
class EventFilter:
    """What ``Store.events`` may filter on. Dates are ISO strings: YYYY, YYYY-MM or YYYY-MM-DD."""

    since: str | None = None
    until: str | None = None
    type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    country: str | None = None
    status: str | None = None
    doc_id: str | None = None
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    # Admiralty grading at least this good: a code such as "C3" (source reliability A..C and
    # information credibility 1..3) or a digit alone ("3": credibility 1..3, any source). Events
    # match when their incident is graded so; events not yet in an incident do not match.
    min_credibility: str | None = None

    def __post_init__(self) -> None:
        if self.min_credibility is not None:
            object.__setattr__(self, "min_credibility", str(self.min_credibility).strip().upper())
            if not _ADMIRALTY.match(self.min_credibility):
                raise ValueError(
                    "min_credibility must be an Admiralty code A1..F6 (e.g. C3) or a credibility digit 1..6, "
                    f"got {self.min_credibility!r}"
                )
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _PARTIAL_DATE.match(value):
                raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
            if value is not None and len(value) == 10:
                try:  # the pattern allows 2024-02-30; the calendar does not
                    Date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{name} {value!r} is not a date of the calendar") from None
        if self.near is not None:
            if self.radius_km is None or self.radius_km < 0:
                raise ValueError("near needs a non-negative radius_km")
            lat, lon = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"near must be (latitude, longitude) in degrees, got {self.near!r}")


def conditions(flt: EventFilter, table: Table = events) -> list[ColumnElement[bool]]:
    """SQL conditions for every filter given (the radius filter as its bounding box only).

    ``table`` is ``events`` or ``incidents``: both carry the filter columns under the same names.
    """
    where: list[ColumnElement[bool]] = []
    if table is incidents:
        where.extend(_incident_only(flt))
        flt = EventFilter(**{**flt.__dict__, "doc_id": None, "min_credibility": None})
        if flt.since:
            where.append(table.c.date >= _pad_date(flt.since, end=False))
        if flt.until:
            where.append(table.c.date <= _pad_date(flt.until, end=True))
    elif flt.since or flt.until:
        # On date_order, the listing key, so one index serves the range and the order; the upper
        # bound (a real date at most) leaves undated events out, as a comparison with NULL would.
        where.append(events.c.date_order >= _pad_date(flt.since or "0000", end=False))
        where.append(events.c.date_order <= _pad_date(flt.until or "9999", end=True))
    if flt.type:
        where.append(table.c.event_type == flt.type)
    if flt.sub_type:
        where.append(table.c.sub_event_type == flt.sub_type)
    if flt.country:
        where.append(table.c.country == flt.country.upper())
    if flt.status:
        where.append(table.c.status == flt.status)
    if flt.doc_id:
        where.append(table.c.doc_id == flt.doc_id)
    if flt.actor:
        needle = flt.actor.casefold()
        if table is events:
            # The substring test runs over the distinct names only; events are then found by index.
            matching = select(actor_keys.c.key).where(actor_keys.c.key.contains(needle, autoescape=True))
            where.append(or_(events.c.actor1_key.in_(matching), events.c.actor2_key.in_(matching)))
        else:
            where.append(or_(table.c.actor1_key.contains(needle, autoescape=True),
                             table.c.actor2_key.contains(needle, autoescape=True)))
    if flt.near is not None:
        where.append(bounding_box(flt.near[0], flt.near[1], float(flt.radius_km or 0), table))
    if flt.min_credibility:
        where.append(in_credible_incident(flt.min_credibility))
    return where


def _incident_only(flt: EventFilter) -> list[ColumnElement[bool]]:
    """Filters that mean something else on incidents: credibility, and a document among the reports."""
    where: list[ColumnElement[bool]] = []
    if flt.min_credibility is not None:
        where.append(credibility_at_least(incidents.c.credibility, flt.min_credibility))
    if flt.doc_id:
        reported_in = (
            select(incident_mentions.c.incident_id)
            .join(events, events.c.id == incident_mentions.c.event_id)
            .where(incident_mentions.c.incident_id == incidents.c.id, events.c.doc_id == flt.doc_id)
        )
        where.append(exists(reported_in))
    return where


def credibility_at_least(column, code: str) -> ColumnElement[bool]:
    """An Admiralty-graded ``column`` at least as good as ``code`` on both of its scales ("C3"), or on
    information credibility alone when ``code`` is a digit ("3").

    Letters and digits compare the same way under every collation, so both backends agree.
    """
    credible = func.substr(column, 2, 1) <= code[-1]
    return and_(func.substr(column, 1, 1) <= code[0], credible) if len(code) == 2 else credible


def in_credible_incident(code: str) -> ColumnElement[bool]:
    """The event belongs to an incident graded at least ``code`` (uses the event_id index)."""
    graded = (
        select(incident_mentions.c.event_id)
        .join(incidents, incidents.c.id == incident_mentions.c.incident_id)
        .where(incident_mentions.c.event_id == events.c.id, credibility_at_least(incidents.c.credibility, code))
    )
    return exists(graded)


def _pad_date(value: str, *, end: bool) -> str:
    """Widen a partial date to the first or last day it covers, for plain string comparison.

    "-31" is a safe last day for every month because the comparison is on strings, not calendars.
    """
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-12-31" if end else f"{value}-01-01"
    if len(parts) == 2:
        return f"{value}-31" if end else f"{value}-01"
    return value


def bounding_box(lat: float, lon: float, radius_km: float, table: Table = events) -> ColumnElement[bool]:
    """Rows whose coordinates fall in a lat/lon box that contains the circle (may contain more)."""
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    lat_min, lat_max = lat - dlat, lat + dlat
    in_lat = and_(table.c.latitude >= max(lat_min, -90.0), table.c.latitude <= min(lat_max, 90.0))
    # Near a pole, or for huge radii, every longitude can be within reach.
    widest_lat = min(max(abs(lat_min), abs(lat_max)), 90.0)
    cos_lat = math.cos(math.radians(widest_lat))
    if lat_min <= -90 or lat_max >= 90 or cos_lat < 1e-9:
        return in_lat
    dlon = radius_km / (KM_PER_DEGREE_LATITUDE * cos_lat)
    if dlon >= 180:
        return in_lat
    lon_min, lon_max = lon - dlon, lon + dlon
    if lon_min < -180:  # the box crosses the antimeridian: two longitude ranges
        in_lon = or_(table.c.longitude >= lon_min + 360, table.c.longitude <= lon_max)
    elif lon_max > 180:
        in_lon = or_(table.c.longitude >= lon_min, table.c.longitude <= lon_max - 360)
    else:
        in_lon = and_(table.c.longitude >= lon_min, table.c.longitude <= lon_max)
    return and_(in_lat, in_lon)


def within_radius(flt: EventFilter, latitude: float | None, longitude: float | None) -> bool:
    """The exact test behind the bounding box; True when no radius filter is set."""
    if flt.near is None:
        return True
    if latitude is None or longitude is None:
        return False
    return haversine_km(flt.near[0], flt.near[1], latitude, longitude) <= float(flt.radius_km or 0)
