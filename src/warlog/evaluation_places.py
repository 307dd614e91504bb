"""Is a gold place one the default gazetteer could have given? (issue 18's "where the place is in the
default gazetteer").

A village GeoNames' cities-500 lacks ("Al-Tawilah village, Tal Tamr countryside") can only be placed near
the province or town around it, however good the geocoder, so the within-25-km figure is also reported
over the gold places the gazetteer knows. A gold place counts as known when one of the names its label
writes ("Kifri (village near Bawa Shaswar dam), Diyala" writes Kifri, Bawa Shaswar dam and Diyala), with
its place nouns or not, is spelled as a gazetteer entry within KNOWN_WITHIN_KM of the gold point, or when
the label's own name is a country, province, region or sea the gazetteer holds (whose point may lie
anywhere in it).
"""

from __future__ import annotations

import re
from functools import cache

from warlog.geometry import haversine_km
from warlog.knowledge import phrase_alternatives
from warlog.resolve.gazetteer import Gazetteer
from warlog.resolve.translit import place_cues

KNOWN_WITHIN_KM = 25.0
_AREAS = frozenset({"country", "admin1", "region", "sea"})  # known wherever the gold puts its point
_PARTS = re.compile(r"[,;()/\[\]]|\s+(?:near|of|in|between|and|from|facing|towards?)\s+", re.IGNORECASE)


@cache
def _generic_words() -> re.Pattern[str]:
    cues = place_cues()
    words = phrase_alternatives([*cues["place_nouns"], *cues["directions"], "the", "centre", "center",
                                 "left bank", "right bank", "vicinity", "rural"])
    return re.compile(rf"^(?:(?:{words})\s+)+|(?:\s+(?:{words}))+$", re.IGNORECASE)


def _names_written(label: str) -> list[str]:
    """The names a gold label writes, the place's own first ("Kifri" of "Kifri (village near ...), Diyala")."""
    names: list[str] = []
    for part in _PARTS.split(label):
        part = part.strip(" .-")
        if len(part) < 3 or re.search(r"\d", part):
            continue
        bare = _generic_words().sub("", part).strip(" .-")
        names.extend(name for name in (bare, part) if len(name) >= 3 and name not in names)
    return names


def in_gazetteer(location: dict | None, gazetteer: Gazetteer | None = None) -> bool:
    """Whether the gold ``location`` (name, alts, latitude, longitude) names a place the gazetteer holds there."""
    if not location or location.get("latitude") is None or location.get("longitude") is None:
        return False
    labels = (str(location.get("name") or ""), *(str(alt) for alt in location.get("alts") or ()))
    return _known(labels, float(location["latitude"]), float(location["longitude"]), gazetteer or Gazetteer.default())


@cache
def _known(labels: tuple[str, ...], latitude: float, longitude: float, gazetteer: Gazetteer) -> bool:
    written = [_names_written(label) for label in labels]
    if written and written[0] and any(p.feature in _AREAS for p in gazetteer.candidates(written[0][0], loose=False)):
        return True  # the gold place is an area ("Syria", "Diyala province", "Red Sea"), wherever its point
    return any(haversine_km(latitude, longitude, place.latitude, place.longitude) <= KNOWN_WITHIN_KM
               for names in written for name in names for place in gazetteer.candidates(name, loose=False))
