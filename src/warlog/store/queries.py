"""Event filters as SQL conditions, and the geographic radius test.

The radius filter runs in two steps because neither backend has spherical geometry without an
extension: a latitude/longitude bounding box in SQL (uses the lat/lon index, drops almost all rows)
and the exact great-circle distance in Python on what is left.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, and_, exists, or_, select

from warlog.store.schema import events, incident_mentions, incidents

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


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
    # Incidents only: Admiralty credibility digit at most this (1 confirmed ... 6 cannot be judged).
    min_credibility: int | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _PARTIAL_DATE.match(value):
                raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
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
        where.append(
            or_(
                table.c.actor1_key.contains(needle, autoescape=True),
                table.c.actor2_key.contains(needle, autoescape=True),
            )
        )
    if flt.near is not None:
        where.append(bounding_box(flt.near[0], flt.near[1], float(flt.radius_km or 0), table))
    return where


def _incident_only(flt: EventFilter) -> list[ColumnElement[bool]]:
    """Filters that mean something else on incidents: credibility, and a document among the reports."""
    where: list[ColumnElement[bool]] = []
    if flt.min_credibility is not None:
        where.append(incidents.c.credibility_level <= flt.min_credibility)
    if flt.doc_id:
        reported_in = (
            select(incident_mentions.c.incident_id)
            .join(events, events.c.id == incident_mentions.c.event_id)
            .where(incident_mentions.c.incident_id == incidents.c.id, events.c.doc_id == flt.doc_id)
        )
        where.append(exists(reported_in))
    return where


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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_radius(flt: EventFilter, latitude: float | None, longitude: float | None) -> bool:
    """The exact test behind the bounding box; True when no radius filter is set."""
    if flt.near is None:
        return True
    if latitude is None or longitude is None:
        return False
    return haversine_km(flt.near[0], flt.near[1], latitude, longitude) <= float(flt.radius_km or 0)
