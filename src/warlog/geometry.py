"""Points on the Earth: the one great-circle distance, the point at a distance and bearing, and the one
"LAT,LON" parser.

Every layer measures distance the same way: extraction's same-place test, incident fusion, the
store's radius filter and the evaluation's place tolerance. ``EARTH_RADIUS_KM`` is the mean Earth
radius (IUGG, 6371.0088 km).
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_at(lat: float, lon: float, km: float, bearing_degrees: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) on the great circle leaving it at ``bearing_degrees`` (0 north,
    90 east): "50 kilometres northwest of Kismayo"."""
    phi, lmb, theta = math.radians(lat), math.radians(lon), math.radians(bearing_degrees)
    delta = km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lmb2 = lmb + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                            math.cos(delta) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lmb2) + 540) % 360 - 180


class NotLatLon(ValueError):
    """The text is not two comma-separated parts."""


def parse_lat_lon(text: str) -> tuple[float, float]:
    """``"LAT,LON"`` as two floats, with no range check (each caller says what is off the globe).

    ``ValueError`` from ``float`` for a part that is not a number; ``NotLatLon`` (a ``ValueError``)
    when the numbers are not two.
    """
    values = tuple(float(part) for part in text.split(","))
    if len(values) != 2:
        raise NotLatLon(f"expected LAT,LON, got {text!r}")
    return values[0], values[1]
