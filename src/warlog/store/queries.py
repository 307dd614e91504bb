"""The SQL building blocks of the event filters (``store/filters.py``), and the geographic radius test.

The radius filter runs in two steps because neither backend has spherical geometry without an
extension: a latitude/longitude bounding box in SQL (uses the lat/lon index, drops almost all rows)
and the exact great-circle distance in Python on what is left.
"""

from __future__ import annotations

import math

from sqlalchemy import ColumnElement, Table, and_, exists, func, or_, select

from warlog.geometry import KM_PER_DEGREE_LATITUDE, haversine_km
from warlog.store.schema import events, incident_mentions, incidents


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


def pad_date(value: str, *, end: bool) -> str:
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


def within_radius(flt, latitude: float | None, longitude: float | None) -> bool:
    """The exact test behind the bounding box; True when no radius filter is set."""
    if flt.near is None:
        return True
    if latitude is None or longitude is None:
        return False
    return haversine_km(flt.near[0], flt.near[1], latitude, longitude) <= float(flt.radius_km or 0)
