"""Place resolution: which place in a sentence is the event's, and where that place is.

Two questions, two functions:

* ``choose_event_place`` picks, among the places the gazetteer found in a sentence, the one where
  the event happened. News sentences name many places (origins of strikes, actors named after
  towns, the province around a village); the event's place is usually the one governed by
  "in/at/near/east of" closest to the trigger, in the trigger's clause, and the most specific one.
* ``resolve_location`` turns a mention into a SPEC ``Location``: it chooses the candidate by the
  document's countries, then the region, then population, and reads relative cues around it
  ("east of Raqqa", "Aleppo countryside", "rural Idlib") into geo_precision 2 or 3.

All cue words come from ``data/place_cues.yaml``; this module holds only the mechanism.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warlog.geometry import haversine_km, point_at
from warlog.knowledge import data_text, phrase_alternatives
from warlog.models import Location
from warlog.resolve.directions import bearing_of, read_direction
from warlog.resolve.gazetteer import Gazetteer, Place, PlaceMatch, read_tsv
from warlog.resolve.translit import normalise, place_cues

_NUMBER = r"(?:\d+(?:[.,]\d+)?|a few|several|some|about \d+|around \d+)"
_I = re.IGNORECASE
_CLAUSE_BREAK = re.compile(r";|\.\s|\bwhile\b|\bwhereas\b|\bbut\b|\bafter\b|\bbefore\b|, which\b|, who\b|\bwhen\b")


@dataclass(frozen=True)
class _Cue:
    precision: int
    start_offset: int  # characters before the mention where the cue begins
    end_offset: int  # characters after the mention where the cue ends
    wants_region: bool


@cache
def _km_per_unit() -> dict[str, float]:
    """Kilometres per unit of distance (place_cues.yaml distance_units: "km", "miles", "nautical miles" ...)."""
    return {unit: float(km) for unit, km in place_cues()["distance_units"].items()}


def _unit() -> str:
    return f"(?:{phrase_alternatives(_km_per_unit())})"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = place_cues()
    directions = phrase_alternatives(cues["directions"])
    region_before = phrase_alternatives(cues["region_before"])
    near_words = phrase_alternatives(cues["near_words"])
    return {
        "region_before": re.compile(
            rf"(?:(?:the\s+)?(?:(?:{directions})\s+)?(?:{region_before})\s+(?:the\s+)?(?:city\s+of\s+)?)$", _I),
        "region_after": re.compile(rf"^\s*(?:{phrase_alternatives(cues['region_after'])})\b", _I),
        "near_after": re.compile(rf"^\s*(?:{phrase_alternatives(cues['near_after'])})\b", _I),
        "near_before": re.compile(
            rf"(?:(?:{_NUMBER}\s*{_unit()}\s+(?:to\s+the\s+)?(?:(?:{directions})\s+)?(?:of|from)\s+)"
            rf"|(?:(?:to\s+the\s+|just\s+)?(?:{directions})\s+of\s+)|(?:(?:{near_words})\s+))"
            rf"(?:[A-Z][\w-]*(?:'s|\u2019s)\s+capital,?\s+)?"  # "37 miles west of Somalia's capital Mogadishu"
            rf"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", _I),
        "actor_after": re.compile(rf"^(?:'s)?\s+(?:{phrase_alternatives(cues['actor_suffixes'])})\b", _I),
        "axis_after": re.compile(rf"^\s+(?:{phrase_alternatives(cues['axis_nouns'])})\b", _I),
        "origin_before": re.compile(rf"\b(?:{phrase_alternatives(cues['origin_cues'])})\s+(?:[\w'-]+\s+){{0,5}}$", _I),
        "event_before": re.compile(
            rf"\b(?:{phrase_alternatives(cues['event_prepositions'])})\s+(?:[\w'-]+\s+){{0,5}}$", _I),
    }


@cache
def _distance_bearing() -> re.Pattern[str]:
    """"50 kilometers northwest of", "57 nautical miles west of": a number, a unit, a direction word."""
    return re.compile(rf"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>{_unit()})\s+(?:to\s+the\s+)?(?P<direction>[a-z-]+?)"
                      rf"\s+(?:of|from)\b", _I)


def distance_and_bearing(cue_text: str) -> tuple[float, float] | None:
    """(km, compass bearing) of a cue such as "50 kilometers northwest of" or "37 miles west of"; None
    when the cue gives no number or no compass direction ("a few km from", "near")."""
    match = _distance_bearing().search(cue_text)
    bearing = bearing_of(match.group("direction")) if match else None
    if bearing is None:
        return None
    unit = re.sub(r"\s+", " ", match.group("unit").lower())
    return float(match.group("number").replace(",", ".")) * _km_per_unit()[unit], bearing


def names_an_axis(sentence: str, match: PlaceMatch) -> bool:
    """"the Belgorod direction": the place names a front's axis, not where the event happened."""
    return _patterns()["axis_after"].match(sentence[match.end : match.end + 20]) is not None


def relative_cue(sentence: str, start: int, end: int) -> _Cue | None:
    """The relative-place cue around ``sentence[start:end]``, if any."""
    pats = _patterns()
    before, after = sentence[max(0, start - 60):start], sentence[end:end + 40]
    if m := pats["region_before"].search(before):
        return _Cue(3, len(before) - m.start(), 0, True)
    if m := pats["region_after"].match(after):
        return _Cue(3, 0, m.end(), True)
    if m := pats["near_before"].search(before):
        return _Cue(2, len(before) - m.start(), 0, False)
    if m := pats["near_after"].match(after):
        return _Cue(2, 0, m.end(), False)
    return None


_NOTABLE_FEATURES = frozenset({"country", "admin1", "region", "sea", "base", "oilfield", "camp"})


def _plausible(place: Place, is_exact: bool, document_countries: list[str], mention: str = "") -> bool:
    """Outside the document's countries only exact names of notable places are believed.

    A village missing from the gazetteer should stay unresolved rather than land on a foreign
    namesake a thousand kilometres away: "al-Bara" in a report about Idlib is not Barah in Sudan,
    whose alternate names include "Bara". A mid-sized foreign town must be written as it is
    named; only a big city or a notable site may be called by one of its other names.
    """
    if not document_countries or place.country in document_countries:
        return True
    if not is_exact:
        return False
    if place.population >= 500_000 or place.feature in _NOTABLE_FEATURES:
        return True
    return place.population >= 50_000 and _spelling(place.name) == _spelling(mention)


def _spelling(name: str) -> str:
    return re.sub(r"[\s'\u2019-]+", "", name.casefold())


def _choose_candidate(candidates: list[Place], exact: list[Place], document_countries: list[str],
                      wants_region: bool, mention: str = "") -> Place | None:
    loose_countries = set(place_cues()["loose_countries"])
    in_region = bool(loose_countries & set(document_countries))
    exact_keys = {(p.name, p.country, p.latitude) for p in exact}
    big_exact = any(p.population >= 100_000 for p in exact)
    candidates = [p for p in candidates
                  if _plausible(p, (p.name, p.country, p.latitude) in exact_keys, document_countries, mention)]
    if not candidates:
        return None

    def score(item: tuple[int, Place]) -> tuple:
        position, place = item
        is_exact = (place.name, place.country, place.latitude) in exact_keys
        country_rank = 0.0
        if place.country in document_countries and (is_exact or not big_exact):
            country_rank = 3 - min(document_countries.index(place.country), 2) * 0.1
        elif in_region and place.country in loose_countries and (is_exact or not big_exact):
            country_rank = 1
        region_fit = 1 if wants_region == (place.feature in ("admin1", "region")) else 0
        return (country_rank, region_fit, -position)

    return max(enumerate(candidates), key=score)[1]


@cache
def _admin1_keys() -> dict[tuple[str, str], set[str]]:
    keys: dict[tuple[str, str], set[str]] = {}
    for row in read_tsv(data_text("admin1.tsv")):
        names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
        keys[(row["country"], row["name"])] = {normalise(n) for n in names}
    return keys


def standard_name(place: Place) -> str:
    """ACLED-style name: a governorate capital takes its governorate's spelling (Ar-Raqqa, Idleb)."""
    capital_like = place.admin1 and place.feature not in ("admin1", "country")
    if capital_like and normalise(place.name) in _admin1_keys().get((place.country, place.admin1), set()):
        return place.admin1
    return place.name


def resolve_location(mention: str, sentence: str, mention_start: int, document_countries: list[str],
                     gazetteer: Gazetteer | None = None, admin_hints: tuple[str, ...] = (),
                     within: str | None = None) -> Location | None:
    """A Location for ``mention`` found at ``sentence[mention_start:]``, or None if no place fits.

    ``admin_hints``: admin area names written beside the place, as ACLED notes do ("Hawija (Hawija,
    Kirkuk)"); a candidate in one of them is preferred over bigger namesakes elsewhere.
    ``within``: the area the running text puts the place in ("Saida in the countryside of Ar-Raqqa"):
    a candidate in another country, or far from it, is no answer (the caller falls back to the area).
    """
    gazetteer = gazetteer or Gazetteer.default()
    exact = gazetteer.candidates(mention, loose=False)
    # A name spelled as some place is that place's name, as the text scan took it: transliteration
    # variants join only in the countries of its spelled namesakes ("Hassakeh", the province, is also
    # the city), and are no second guess elsewhere ("Since" is not Sincik in Turkey).
    spelled_in = {place.country for place in exact}
    candidates = [place for place in gazetteer.candidates(mention)
                  if not exact or place.country in spelled_in]
    if admin_hints:
        keys = {normalise(h) for h in admin_hints}
        areas = [p for h in admin_hints for p in gazetteer.candidates(h, loose=False)]
        inside = _inside(candidates, keys, areas)
        # "Zarkan (Ras Al Ain, Al-Hasakeh)" is not Razkan in Iran: a namesake known to lie outside the
        # admin areas the report names is no answer (the caller falls back to those admin areas);
        # when the gazetteer knows none of the areas, places whose admin area it does not know stay candidates.
        if not inside and not areas:
            inside = [p for p in candidates if not p.admin1 and p.country in document_countries[:1]]
        candidates = inside
        if not candidates:
            return None
    if within:
        candidates = _not_outside(candidates, {normalise(within)}, gazetteer.candidates(within, loose=False))
    if not candidates:
        return None
    mention_end = mention_start + len(mention)
    cue = relative_cue(sentence, mention_start, mention_end)
    place = _choose_candidate(candidates, exact, list(document_countries),
                              bool(cue and cue.wants_region), mention)
    if place is None:
        return None
    precision = max(cue.precision, place.precision_hint) if cue else place.precision_hint
    if cue:
        span = sentence[mention_start - cue.start_offset:mention_end + cue.end_offset].strip()
        written = re.sub(r"^(?:in|at|on)\s+(?:the\s+)?", "", span, flags=_I)
    else:
        written = mention
    name = standard_name(place)
    facility = facility_noun(sentence, mention_start, mention_end) if place.precision_hint == 1 else None
    if facility:
        # "the airports of Damascus and Aleppo": the town's facility when the gazetteer knows it, else
        # the town, only near the event (the facility named in the location's name).
        site = next((p for p in gazetteer.candidates(f"{mention} {facility}", loose=False)
                     if p.feature in _FACILITY_FEATURES and p.country == place.country), None)
        if site is not None:
            place, precision, name = site, 1, site.name
        else:
            precision, name = max(precision, 2), f"{name} {facility}"
    admin1 = place.name if place.feature == "admin1" else place.admin1
    latitude, longitude = place.latitude, place.longitude
    if cue and cue.precision == 2:
        offset = distance_and_bearing(sentence[mention_start - cue.start_offset:mention_start])
        if offset is not None:  # "50 kilometers northwest of Kismayo": that point, still only near the event
            latitude, longitude = point_at(latitude, longitude, *offset)
    if precision == 3:
        side = _side_of_area(place, sentence[:mention_start], gazetteer)
        if side is not None:
            (latitude, longitude), start = side
            if not cue:  # "northwest Syria": the direction is part of what the text says
                written = sentence[start:mention_end]
        elif place.feature == "admin1" and (extent := gazetteer.extent(place.country, place.name)) is not None:
            # "in Homs province", "the countryside of Aleppo": the middle of the province, not its capital
            # (coders place a province-wide event there; a country keeps its capital's point, which
            # measured better on the real dev reports).
            latitude, longitude = extent.part(1, 1)
    return Location(name=name, country=place.country, admin1=admin1, admin2=None,
                    latitude=round(latitude, 5), longitude=round(longitude, 5),
                    geo_precision=precision, geonameid=place.geonameid, mention=written)


_FACILITY_FEATURES = frozenset({"airport", "base"})
_NAME_WORD = r"(?-i:[A-Z])[\w'\u2019-]*"


@cache
def _facility_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A facility noun (place_cues.yaml facility_nouns) after the town's name, maybe after a list it ends
    ("Damascus and Aleppo airports"), or before it ("the airports of Damascus and Aleppo")."""
    nouns = phrase_alternatives(place_cues()["facility_nouns"])
    name = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
    after = re.compile(rf"(?:(?:\s*,\s*|\s+and\s+){name})*(?:'s|\u2019s)?\s+(?:international\s+)?"
                       rf"(?P<noun>{nouns})s?\b", _I)
    before = re.compile(rf"\b(?P<noun>{nouns})s?\s+(?:of|in|at|near)\s+(?:the\s+)?(?:{name}\s*(?:,|and)\s+)*$", _I)
    return after, before


def facility_noun(sentence: str, start: int, end: int) -> str | None:
    """The facility of the town named at ``sentence[start:end]`` the sentence speaks of ("airport",
    "refinery"), lower-case and singular, or None."""
    after, before = _facility_patterns()
    match = after.match(sentence, end) or before.search(sentence[max(0, start - 80):start])
    return match.group("noun").lower() if match else None


def _inside(candidates: list[Place], keys: set[str], areas: list[Place]) -> list[Place]:
    """The candidates in one of the named areas: by province name (``keys``, normalised), or held by one
    of the ``areas`` the names stand for (``_held_by``)."""
    return [p for p in candidates if p.admin1 and normalise(p.admin1) in keys or _held_by(p, areas)]


def _area_km() -> float:
    """How far from its point an area without boundaries or province names holds a place
    (place_cues.yaml gazetteer.area_km; extract/merge reads the same)."""
    return float(place_cues()["gazetteer"]["area_km"])


def holds_by_distance(area, place) -> bool:
    """Whether an area the gazetteer gives no provinces to ("Sagaing Region") holds ``place``: within
    ``area_km`` of the area's point. Reads latitude/longitude of Places and Locations alike."""
    if None in (area.latitude, area.longitude, place.latitude, place.longitude):
        return False
    return haversine_km(area.latitude, area.longitude, place.latitude, place.longitude) <= _area_km()


def _held_by(place: Place, areas: list[Place]) -> bool:
    """Does one of the named ``areas`` hold ``place``: its country, or, where the gazetteer gives the
    place no province, a province or town of its country near enough (``holds_by_distance``)?"""
    if place.feature == "country":
        return False
    return any(area.country == place.country and (area.feature == "country" or not place.admin1
                                                  and holds_by_distance(area, place)) for area in areas)


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _not_outside(candidates: list[Place], keys: set[str], areas: list[Place]) -> list[Place]:
    """The candidates an area named in the text may hold: those it holds (``_inside``), else those of its
    countries not known to lie far from it; all when the gazetteer does not know the area."""
    if not areas:
        return candidates
    inside = _inside(candidates, keys, areas)
    if inside:
        return inside
    countries = {area.country for area in areas}
    far = 2 * _area_km()

    def far_off(place: Place) -> bool:
        near = [area for area in areas if area.country == place.country and area.feature != "country"]
        if not near:
            return False
        if all(area.precision_hint == 1 for area in near):
            # "Lido Beach in Mogadishu": what a town holds lies within an area's reach of it.
            return min(_km(area, place) for area in near) > _area_km()
        return not place.admin1 and min(_km(area, place) for area in near) > far

    return [p for p in candidates if p.country in countries and not far_off(p)]


def _side_of_area(place: Place, before: str, gazetteer: Gazetteer) -> tuple[tuple[float, float], int] | None:
    """The point of the side of the area a direction before it names ("northwest Syria", "the eastern
    countryside of Homs": resolve/directions.py), and where in ``before`` the direction begins; None
    without one. The area is the country, the province, or the province a city stands for when a region
    cue makes it one ("the countryside of Homs")."""
    direction = read_direction(before)
    if direction is None or not place.country:
        return None
    if place.feature == "country":
        extent = gazetteer.extent(place.country)
    elif place.feature == "admin1":
        extent = gazetteer.extent(place.country, place.name)
    else:
        extent = gazetteer.extent(place.country, place.admin1) if place.admin1 else None
    return (extent.part(*direction.cell), direction.start) if extent is not None else None


def choose_event_place(sentence: str, trigger_start: int, matches: list[PlaceMatch]) -> PlaceMatch | None:
    """The match naming where the event at ``trigger_start`` happened (see module docstring)."""
    if not matches:
        return None
    pats = _patterns()
    has_specific = any(m.candidates and m.candidates[0].precision_hint == 1 for m in matches)
    best: tuple[float, PlaceMatch] | None = None
    for i, match in enumerate(matches):
        before = sentence[max(0, match.start - 60):match.start]
        after = sentence[match.end:match.end + 40]
        score = 0.0
        governed = pats["event_before"].search(before)
        origin = pats["origin_before"].search(before)
        if origin and (not governed or origin.start() >= governed.start()):
            score -= 4
        elif governed:
            score += 2
        if pats["actor_after"].match(after):
            score -= 4
        if names_an_axis(sentence, match):
            score -= 3  # "in the Belgorod direction": the front's axis, a settlement named is the place
        lo, hi = sorted((trigger_start, match.start))
        if _CLAUSE_BREAK.search(sentence[lo:hi]):
            score -= 1.5
        score -= abs(match.start - trigger_start) / 60
        if match.start > trigger_start:
            score += 0.3
        if match.candidates and match.candidates[0].precision_hint == 3 and has_specific:
            score -= 1.2  # a country or province when a town is named: the town is more specific
        if i > 0 and contains(sentence, matches[i - 1], match):
            score -= 3.0  # the area that only locates the place before it ("Khanasir in the countryside of Aleppo")
        if i + 1 < len(matches) and _owns_the_next(sentence, match, matches[i + 1]):
            score -= 3.0  # "37 miles west of Somalia's capital Mogadishu": the country only says whose town
        if best is None or score > best[0]:
            best = (score, match)
    return best[1]


def _owns_the_next(sentence: str, owner: PlaceMatch, owned: PlaceMatch) -> bool:
    """"Somalia's capital Mogadishu", "Syria's Idlib province": an area in the possessive before the place
    it holds."""
    if not any(place.precision_hint == 3 for place in owner.candidates):
        return False
    gap = sentence[owner.end : owned.start]  # "'s capital " holds; "'s airport in northern " does not
    return re.match(r"^(?:'s|\u2019s)\s+(?:(?!(?:in|of|near|at|on)\s)[a-z][\w-]*\s+){0,2}$", gap) is not None


def contains(sentence: str, inner: PlaceMatch, outer: PlaceMatch) -> bool:
    """"Khanasir town in the southern countryside of Aleppo": ``outer`` only locates ``inner``."""
    between = sentence[inner.end:outer.start]
    if len(between) > 50 or _CLAUSE_BREAK.search(between):
        return False
    # "Aleppo's airport in northern Syria", "Sinjar (Shengal) in the Kurdistan region" too
    return bool(re.match(r"^(?:'s|\u2019s)?(?:\s*\([^()]{1,40}\))?(?:\s+[\w-]+){0,2}?\s*(?:,|\s+in|\s+of|\s+near)\s+"
                         r"(?:[\w-]+\s+){0,4}$", between))
