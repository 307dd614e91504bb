"""The part of a country or province a direction names: "northwest Syria", "the eastern countryside of Homs".

A report that places an event only in "northern Iraq" or "eastern Deir ez-Zor" says more than the
country or the province: the event lies in that side of it. Without boundary polygons the side is read
from the gazetteer itself: the extent of the area's populated places (the 2nd to 98th percentile of
their latitudes and longitudes, so that a far island or a misfiled village does not stretch it) is cut
into thirds along each axis the direction names, and the event goes to the middle of that third. The
point stays a region's (geo_precision 3); it is only nearer the events than the area's centre or its
capital, which can lie 300 km from them (Damascus for "northwest Syria").

The direction words and how each cuts the extent come from ``data/place_cues.yaml`` (``direction_parts``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from warlog.knowledge import phrase_alternatives
from warlog.resolve.translit import place_cues

_TRIM = 0.02  # share of places dropped at each end of each axis
_LEAST_PLACES = 20  # an area with fewer known places has no reliable extent


@dataclass(frozen=True)
class Extent:
    south: float
    north: float
    west: float
    east: float

    def part(self, rows: int, columns: int) -> tuple[float, float]:
        """The middle of one cell of a 3 x 3 grid: ``rows`` 0 south .. 2 north, ``columns`` 0 west .. 2 east."""
        lat = self.south + (self.north - self.south) * (rows + 0.5) / 3
        lon = self.west + (self.east - self.west) * (columns + 0.5) / 3
        return round(lat, 4), round(lon, 4)


def extents(points: Iterable[tuple[str, str | None, float, float]]) -> dict[tuple[str, str | None], Extent]:
    """Extents per (country, None) and per (country, admin1) of the ``points`` (country, admin1, lat, lon)."""
    grouped: dict[tuple[str, str | None], tuple[list[float], list[float]]] = {}
    for country, admin1, lat, lon in points:
        if not country:
            continue
        for key in ((country, None), (country, admin1)) if admin1 else ((country, None),):
            lats, lons = grouped.setdefault(key, ([], []))
            lats.append(lat)
            lons.append(lon)
    found = {}
    for key, (lats, lons) in grouped.items():
        if len(lats) >= _LEAST_PLACES:
            (south, north), (west, east) = _trimmed(lats), _trimmed(lons)
            found[key] = Extent(south, north, west, east)
    return found


def _trimmed(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    cut = int(len(ordered) * _TRIM)
    return ordered[cut], ordered[-1 - cut]


@cache
def _direction_cells() -> dict[str, tuple[int, int]]:
    """Direction -> (row, column) of the 3 x 3 grid (place_cues.yaml direction_parts: north, northeast ...)."""
    return {word: (int(cell[0]), int(cell[1])) for word, cell in place_cues()["direction_parts"].items()}


def _cell_of(written: str) -> tuple[int, int] | None:
    """The grid cell of a direction as written ("north-eastern", "Northwest"), None for another word."""
    return _direction_cells().get(re.sub(r"[- ]|ern$", "", written.lower()))


def bearing_of(written: str) -> float | None:
    """The compass bearing (0 north, 90 east) of a direction as written ("northwest" 315, "north-east" 45),
    read off the direction's cell of the grid; None for "central" or another word."""
    cell = _cell_of(written)
    if cell is None or cell == (1, 1):
        return None
    return math.degrees(math.atan2(cell[1] - 1, cell[0] - 1)) % 360


def _written(direction: str) -> str:
    """How a direction of direction_parts is written: "northeast" also as "north-east", "north east",
    each maybe with "-ern" ("north-eastern")."""
    compound = re.fullmatch(r"(north|south)(east|west)", direction)
    stem = rf"{compound[1]}[- ]?{compound[2]}" if compound else re.escape(direction)
    return rf"{stem}(?:ern)?"


@cache
def _direction_before() -> re.Pattern[str]:
    """A direction written just before the area's name: "northwest Syria", "north-eastern Syria", "the
    eastern countryside of Homs", "in the north of Iraq", "eastern rural Deir ez-Zor"."""
    nouns = phrase_alternatives(place_cues()["direction_nouns"])
    directions = "|".join(_written(d) for d in sorted(_direction_cells(), key=len, reverse=True))
    return re.compile(rf"(?P<the>\bthe\s+)?\b(?P<direction>{directions})(?:\s+(?P<noun>rural|{nouns}))?"
                      rf"(?:\s+(?P<of>of))?\s+(?:the\s+)?$", re.IGNORECASE)


class Direction(NamedTuple):
    cell: tuple[int, int]  # of the 3 x 3 grid: (row, column)
    start: int  # where the direction's word begins in the text it was read from


def read_direction(text_before: str) -> Direction | None:
    """The direction written just before an area's name, or None. "north of Raqqa" is outside Raqqa (a
    relative place, places.relative_cue), so a bare direction followed by "of" counts only after "the"
    ("the north of Iraq")."""
    window = text_before[-60:]
    match = _direction_before().search(window)
    if match is None or (match.group("of") and not match.group("noun") and not match.group("the")):
        return None
    cell = _cell_of(match.group("direction"))
    offset = len(text_before) - len(window)
    return Direction(cell, offset + match.start("direction")) if cell is not None else None
