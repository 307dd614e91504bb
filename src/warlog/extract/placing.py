"""Where each event of one document happened: the gazetteer scan done once per document.

The gazetteer is scanned over the whole cleaned text once; the countries its unambiguous places
point to become the document's context for disambiguation ("Tripoli" in a report about Libya).
For each event the candidate places of its sentence are handed to ``choose_event_place`` (the
place of *that* event, not any place in the sentence) and the chosen one to
``resolve_location`` (coordinates, admin area and geo precision, relative places included).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from warlog.extract.roles import foreign_clauses
from warlog.extract.sentences import Span
from warlog.geometry import haversine_km
from warlog.knowledge import phrase_alternatives
from warlog.models import Location
from warlog.quantities import parse_quantity
from warlog.resolve.gazetteer import Gazetteer, PlaceMatch, is_notable
from warlog.resolve.places import (
    choose_event_place,
    contains,
    facility_noun,
    names_an_axis,
    relative_cue,
    resolve_location,
)
from warlog.resolve.translit import fold, place_cues
from warlog.spans import SpanIndex
from warlog.words import TextWords

_LOCATIVE = re.compile(
    r"\b(?:in|near|at|from|outside|to|of|around|towards?)\s+(?:the\s+)?"
    r"(?:(?:central|northern|southern|eastern|western|north|south|east|west|rural|downtown)\s+)?$",
    re.IGNORECASE,
)
# An Arabic name continues after its first word with an article: "Jabal al-Zawiya", "Tal el-Abyad".
_NAME_GOES_ON = re.compile(r"^[\s-](?:al|el|ar|as|ash|at|ad|az|an|ath|adh)-[A-Z]")
# A name followed by a speech verb is a person ("Dillon said"), not a place.
_SPEAKER = re.compile(r"^\s*(?:said|says|told|added|tweeted|stated|noted|explained)\b")


# ACLED-style admin context after a place name, "Hawija (Hawija, Kirkuk)": names, no digits or slashes
# (a bracket with them after a desk, "(APP - ... - 15th Oct, 2023)", is a byline).
_BRACKETS = re.compile(r"\(([^()\d/]{2,80})\)")


def _inside(match: PlaceMatch, brackets: list[tuple[int, int, str]]) -> bool:
    return any(start < match.start and match.end <= end for start, end, _ in brackets)


class DocumentPlaces:
    """Callable place resolver bound to one document's text."""

    def __init__(self, text: str, taken: list[tuple[int, int]] = (), gazetteer: Gazetteer | None = None,
                 actor_countries: list[str] = (), words: TextWords | None = None,
                 datelines: list[tuple[int, int]] = ()):
        """``taken``: spans already recognised as something else (actor names such as "SAA").
        ``actor_countries``: home countries of the actors the document names (the SDF points to Syria),
        which outvote a lone namesake village abroad. ``datelines``: the wire datelines' spans
        (ingest.metadata.dateline_spans): the reporter's desk, whose place yields to any other."""
        self._desk_ends = {start: end for start, end in datelines}
        self.actor_countries = [c for c in actor_countries if c]
        self._spellings: dict[str, bool] = {}
        self.gazetteer = gazetteer or Gazetteer.default()
        taken = list(taken)
        taken_index = SpanIndex(taken, span=lambda span: span)
        found = [m for m in self.gazetteer.find(text, words)
                 if not taken_index.overlaps(m.start, m.end) or _outgrows(m, taken)
                 or facility_noun(text, m.start, m.end) is not None  # "Damascus and Aleppo airports": places
                 or _area_named_as_polity(text, m)]
        found = self._near_the_spelled(found)
        self.matches = [m for m in found if m.candidates and self._plausible(text, m)]
        self.countries = self._document_countries()
        # A name known only by transliteration, in none of the document's leading countries, is a
        # coincidence ("Al Baqan" is not Bukan in Iran when the report is about Syria).
        leading = set(self.countries[:2])
        if leading:
            self.matches = [m for m in self.matches if self._spelled(m) or m.candidates[0].country in leading
                            or any(p.country in leading for p in m.candidates)]
        # Names a place noun introduces ("the village of Htet Hlaw") that the gazetteer does not know:
        # no location, but a place of the event's own (PlaceReading.unresolved). So is a listed name ("the
        # border towns of Naqoura, Yaroun and ...") or a name a place noun introduces ("Washokani camp")
        # whose only namesakes are coincidences.
        kept = {m.start for m in self.matches}
        self.unknown = SpanIndex([
            m if not m.candidates else replace(m, candidates=[]) for m in found
            if not m.candidates or (m.start not in kept and (
                m.listed or self.gazetteer.introduced_by_place_noun(text, m.start, m.end)))])
        # Each sentence asks for the matches inside it: found by position, not by a scan of them all.
        self.index = SpanIndex(self.matches)
        self._focus: dict[str | None, PlaceMatch | None] = {}

    def _near_the_spelled(self, found: list[PlaceMatch]) -> list[PlaceMatch]:
        """A name known only by transliteration keeps the namesakes near the towns and areas of their
        country that the report spells as the gazetteer does: "M\u00fc\u015feyrife" in a report about Hasakah
        is not Al Musayfirah, 590 km away in Daraa. A namesake in a country the report spells no town or
        area of stays; a name left with none is an unknown place."""
        anchors = [m.candidates[0] for m in found if m.candidates and self._spelled(m)
                   and m.candidates[0].feature != "country"]
        if not anchors:
            return found
        reach = float(place_cues()["gazetteer"]["transliteration_reach_km"])

        def near(place) -> bool:
            same = [a for a in anchors if a.country == place.country]
            return not same or any(haversine_km(a.latitude, a.longitude, place.latitude, place.longitude) <= reach
                                   for a in same)

        return [replace(m, candidates=[p for p in m.candidates if near(p)])
                if m.candidates and not self._spelled(m) else m for m in found]

    def _plausible(self, text: str, match: PlaceMatch) -> bool:
        """A lone capitalised word that matches a place only by transliteration ("Riot", "Please")
        counts only where a locative preposition introduces it ("in Raggah")."""
        if len(match.mention) < 3 or _SPEAKER.match(text[match.end : match.end + 12]):
            return False
        if _area_cues().compound_adjective.match(text, match.end):
            return False  # "Turkey-backed factions", "Barbados- and Marshall Islands-flagged ships"
        if _NAME_GOES_ON.match(text[match.end : match.end + 6]):
            return False  # "Jabal" of "Jabal al-Zawiya", "Wadi" of "Wadi al-Shay": part of a longer name
        if " " in match.mention.strip() or self._spelled(match):
            return True
        return _LOCATIVE.search(text[max(0, match.start - 24) : match.start]) is not None

    def _spelled(self, match: PlaceMatch) -> bool:
        """Is the mention a spelling the gazetteer knows, not only a transliteration variant?
        (Asked several times per match while the document is set up, so remembered per name.)"""
        known = self._spellings.get(match.mention)
        if known is None:
            known = self._spellings[match.mention] = bool(self.gazetteer.candidates(match.mention, loose=False))
        return known

    def _document_countries(self) -> list[str]:
        """Countries of the document's places, most mentioned first.

        Unambiguous names vote first (twice); then an ambiguous name votes for the country of its
        candidate that the document already points to (or, with nothing settled, for its biggest
        namesake) -- so "al-Bara" in a report about Idlib does not make Sudan a country of the report.

        A country that only one small place points to (one name, however often written) is no country
        of the report while other countries have more support: "Kasara" west of Marib does not make
        India a country of a report about Yemen -- which would let the namesake vote itself in.
        Support is an actor of that country, a second place in it, or a place there that is notable on
        its own (the country itself, a province, a city of 50,000 or more).
        """
        votes: Counter[str] = Counter(self.actor_countries)
        ambiguous = []
        names: dict[str, set[str]] = {}  # country -> names of the places voting for it
        standing: set[str] = set(self.actor_countries)
        for match in self.matches:
            if not self._spelled(match):
                continue  # a transliteration guess does not get to vote for its own country
            standing.update(p.country for p in match.candidates if is_notable(p))
            countries = {place.country for place in match.candidates}
            if len(countries) == 1:
                country = match.candidates[0].country
                votes[country] += 2
                names.setdefault(country, set()).add(fold(match.mention))
            else:
                ambiguous.append(match)
        lone = {country for country, voters in names.items() if len(voters) == 1 and country not in standing}
        if lone == set(votes):  # only lone names: the one the report keeps returning to
            top = max(votes.values(), default=0)
            lone = {country for country in lone if votes[country] < top}
        for country in lone:
            del votes[country]
        settled = set(votes)
        for match in ambiguous:
            known = next((p.country for p in match.candidates if p.country in settled), None)
            # A country or province named outright ("Iraq", though a village abroad shares the name) votes.
            area = next((p.country for p in match.candidates if p.feature in ("country", "admin1")), None)
            if known or area or not settled:
                votes[known or area or match.candidates[0].country] += 1
        return [country for country, _ in votes.most_common()]

    def focus(self, country: str | None) -> Location | None:
        """The place the document keeps returning to (named twice or more, a town not a region), in
        ``country``: the best stand-in when an event is located only by its country ("southern Syria")."""
        if country not in self._focus:
            self._focus[country] = self._focus_match(country)  # asked per event: count the places once
        match = self._focus[country]
        if match is None:
            return None
        location = resolve_location(match.mention, match.mention, 0, self.countries, self.gazetteer)
        if location is not None:
            location.geo_precision = 2
        return location

    def _in_dateline(self, match: PlaceMatch) -> bool:
        return any(start <= match.start < end for start, end in self._desk_ends.items())

    def _focus_match(self, country: str | None) -> PlaceMatch | None:
        """The first match of the town ``focus`` stands in with, or None."""
        counts: Counter[str] = Counter()
        first: dict[str, PlaceMatch] = {}
        for match in self.matches:
            place = match.candidates[0]
            if self._in_dateline(match):
                continue  # the reporter's desk ("DAMASCUS [Syria], August 29:") is not what the report is about
            if place.precision_hint == 1 and place.country == country and self._spelled(match):
                counts[place.name] += 1
                first.setdefault(place.name, match)
        if not counts:
            return None
        name, count = counts.most_common(1)[0]
        return first[name] if count >= 2 else None

    def sentence_matches(self, sentence: Span, index: SpanIndex | None = None) -> list[PlaceMatch]:
        """The document's place matches inside ``sentence`` (of ``index``: the known places by default),
        with sentence-relative offsets."""
        return [
            replace(m, start=m.start - sentence.start, end=m.end - sentence.start)
            for m in (self.index if index is None else index).within(sentence.start, sentence.end)
        ]

    def __call__(self, sentence: Span, parsed, trigger_offset: int) -> Location | None:
        return self.place_and_list(sentence, parsed, trigger_offset)[0]

    def place_and_list(self, sentence: Span, parsed, trigger_offset: int) -> PlaceReading:
        """The event's place, and the other places listed with it ("struck Hasakah, Amude and
        Darbasiyah"): ACLED codes an event per place, so each listed place is a site of its own."""
        desk = self._desk_ends.get(sentence.start, sentence.start) - sentence.start
        located, chosen, candidates = self._place(sentence, parsed, trigger_offset, desk)
        if located is not None and chosen is not None and chosen.end <= desk:
            return PlaceReading(located, [], None, from_dateline=True)
        unknown = self.sentence_matches(sentence, self.unknown)
        if located is None:
            named = choose_event_place(sentence.text, trigger_offset, unknown)
            around = self._container(sentence, chosen or named) if chosen or named else None
            if around is not None:
                return PlaceReading(around, [], None)
            if named is None:
                return PlaceReading(None, [], None)
            return PlaceReading(None, self._listed(sentence, named, candidates + unknown, None), named.mention)
        if chosen is None:
            return PlaceReading(located, [], None)
        sites = self._sites_in_region(sentence, chosen, located, candidates + unknown)
        if sites is not None:
            return sites
        return PlaceReading(located, self._listed(sentence, chosen, candidates + unknown, located), None)

    def _sites_in_region(self, sentence: Span, chosen: PlaceMatch, located: Location,
                         matches: list[PlaceMatch]) -> PlaceReading | None:
        """"Districts of the governorate hit by airstrikes included A, B and C": the event's place is a region
        (or a front's axis: "in the Kupiansk direction ... the settlements of A and B") and the sentence lists
        named places (a plural place noun introduces them), so each listed place is a site of its own."""
        axis = names_an_axis(sentence.text, chosen)
        if chosen.listed or ((located.geo_precision or 1) < 3 and not axis):
            return None
        listed = sorted((m for m in matches if m.listed), key=lambda m: m.start)
        if len(listed) < 2:
            return None
        first = listed[0]
        place = None
        if first.candidates:
            place = resolve_location(first.mention, sentence.text, first.start, self.countries, self.gazetteer)
            if place is not None and place.country != located.country and not axis:
                place = None  # a namesake outside the region (an axis may cross a border: Belgorod's)
        sites = self._listed(sentence, first, matches, place)
        if not sites:
            return None
        return PlaceReading(place, sites, None if place is not None else first.mention)

    def _another_name_of(self, match: PlaceMatch, hints: tuple[str, ...]) -> bool:
        """Is the bracket after ``match`` one name of the same place ("Sinjar (Shengal)")?"""
        own = {place.geonameid for place in match.candidates if place.geonameid is not None}
        return len(hints) == 1 and any(place.geonameid in own for place in self.gazetteer.candidates(hints[0], loose=False))

    def _coincidence(self, sentence: Span, match: PlaceMatch) -> bool:
        """Asked of a match no namesake of which the document's geography allows: does nothing in the text
        mark it as a place (no place noun before or after it, no list of places it is in)? Then it is a
        word that happens to name a place abroad, not an unknown place of the event's own."""
        text = sentence.text
        return not match.listed and not self.gazetteer.introduced_by_place_noun(text, match.start, match.end) \
            and not _area_cues().place_noun.match(text[match.end : match.end + 30].lstrip())

    def _bracket_area(self, text: str, hints: tuple[str, ...]) -> Location | None:
        """The most specific admin area of an ACLED-style bracket the gazetteer knows ("(Ras Al Ain,
        Al-Hasakeh)" gives Ras Al Ain; "(Damascus countryside)" Damascus), only near the event."""
        for hint in hints:
            name = _area_cues().region_words.sub("", hint).strip()
            location = self._near(name, text, max(text.find(name), 0)) if name else None
            if location is not None:
                return location
        return None

    def _near(self, mention: str, text: str, start: int, admin_hints: tuple[str, ...] = ()) -> Location | None:
        """The place named at ``text[start:]``, standing in for the event's own: only near it (geo_precision
        at least 2)."""
        location = resolve_location(mention, text, start, self.countries, self.gazetteer, admin_hints=admin_hints)
        if location is not None:
            location.geo_precision = max(location.geo_precision or 2, 2)
        return location

    def _container(self, sentence: Span, named: PlaceMatch) -> Location | None:
        """The known place that holds a name the gazetteer lacks ("al-Hilaliya neighbourhood of Qamishli",
        "Tal Jihan village in Manbij countryside"): where the event is, near enough (geo_precision 2)."""
        known = [m for m in self.sentence_matches(sentence) if m.start >= named.end]
        holder = next(iter(sorted(known, key=lambda m: m.start)), None)
        if holder is None or not contains(sentence.text, named, holder) \
                or not _area_cues().place_noun.search(sentence.text[named.end : holder.start]):
            return None  # "Qamishli, Hasakah" or a list: the noun says the second holds the first
        return self._near(holder.mention, sentence.text, holder.start)

    def _listed(self, sentence: Span, chosen: PlaceMatch, candidates: list[PlaceMatch],
                located: Location | None) -> list[ListedSite]:
        """The other members of the list ``chosen`` is in; a name the gazetteer does not know is a site
        with no location (``ListedSite.unresolved``); ``located`` is None when ``chosen`` is such a name."""
        ordered = sorted(candidates, key=lambda m: m.start)
        at = next((i for i, m in enumerate(ordered) if m.start == chosen.start), None)
        if at is None:
            return []
        cues = _list_cues()
        text = sentence.text

        def joined(left: PlaceMatch, right: PlaceMatch) -> bool:
            gap = text[left.end : right.start]
            return bool(cues.joiner.match(gap) or cues.toll_joiner.match(gap) and _toll_in(cues, gap) is not None)

        first, last = at, at
        while first > 0 and joined(ordered[first - 1], ordered[first]):
            first -= 1
        while last + 1 < len(ordered) and joined(ordered[last], ordered[last + 1]):
            last += 1
        members = ordered[first : last + 1]
        gaps = [text[a.end : b.start] for a, b in itertools.pairwise(members)]
        if len(members) < 2 or not cues.final_joiner.search(gaps[-1]):
            return []  # "Qamishli, Hasakah": a town and its province, no list
        if cues.stretch.search(text[max(0, members[0].start - 40) : members[0].start]):
            return []  # "the road between Qamishli and Amuda": one stretch of land
        listed: list[ListedSite] = []
        seen = {located.name if located is not None else fold(chosen.mention)}
        for k, member in enumerate(members):
            if member is chosen:
                continue
            toll = _toll_in(cues, gaps[k - 1]) if k > 0 else None
            place = None
            if member.candidates:
                place = resolve_location(member.mention, text, member.start, self.countries, self.gazetteer)
                if place is not None and located is not None and place.country != located.country and member.listed:
                    place = None  # "the border towns of Naqoura, Blida and ...": a namesake abroad, the town unknown
            if place is None:
                # A name the gazetteer lacks, or a listed one it knows only abroad: a site with no location.
                if (not member.candidates or member.listed) and fold(member.mention) not in seen:
                    seen.add(fold(member.mention))
                    listed.append(ListedSite(None, toll, member.mention))
                continue
            if place.name in seen or place.geo_precision is None:
                continue
            if located is not None and (place.country != located.country
                                        or (place.geo_precision >= 3 and place.name in (located.admin1, located.admin2))):
                continue  # another country, or the province the chosen place lies in
            seen.add(place.name)
            listed.append(ListedSite(place, toll))
        return listed

    def _place(self, sentence: Span, parsed, trigger_offset: int,
               desk: int = 0) -> tuple[Location | None, PlaceMatch | None, list[PlaceMatch]]:
        """(the event's place, the match it was read from, the matches that could have located it);
        ``desk``: where the sentence's dateline ends (0: none), whose place yields to any other."""
        matches = self.sentence_matches(sentence)
        brackets = [(m.start(), m.end(), m.group(1)) for m in _BRACKETS.finditer(sentence.text)]
        outside = [m for m in matches if not _inside(m, brackets)]
        # A place with ACLED-style admin brackets after it is where the event happened, whatever clause it is in.
        foreign = [span for span in (foreign_clauses(parsed, trigger_offset) if parsed is not None else [])
                   if not any(_overlaps(m, [span]) and _admin_bracket_after(m, brackets) for m in outside)]
        if outside and all(_overlaps(m, foreign) for m in outside):
            # "stormed the cell's headquarters, whose members communicated with the base in al-Omar":
            # every place named belongs to a clause about something else, so none locates the event.
            return None, None, []
        outside = [m for m in outside if not _overlaps(m, foreign) and not _border_of(sentence.text, m)]
        if desk and any(m.start >= desk for m in outside):
            outside = [m for m in outside if m.start >= desk]
        chosen = choose_event_place(sentence.text, trigger_offset, outside)
        while chosen is not None:
            hints = next((tuple(part.strip() for part in text.split(",")) for start, _, text in brackets
                          if 0 <= start - chosen.end <= 2), ())
            if hints and self._another_name_of(chosen, hints):
                hints = ()  # "Sinjar (Shengal)": the bracket gives the place's other name, not its admin areas
            area = None if hints else _area_after(sentence.text, chosen, outside)
            located = resolve_location(chosen.mention, sentence.text, chosen.start, self.countries, self.gazetteer,
                                       admin_hints=hints, within=area.mention if area is not None else None)
            if located is None and not hints and area is None and self._coincidence(sentence, chosen):
                # "killing two ISIS officials including Anas, an ISIS Syria Province official": a word the
                # gazetteer knows only as a small place abroad is no place of this report; the next is.
                outside = [m for m in outside if m is not chosen]
                chosen = choose_event_place(sentence.text, trigger_offset, outside)
                continue
            if located is None and area is not None:
                # "Nyaung Kone village in Sagaing Region" with no Nyaung Kone inside Sagaing: the area itself,
                # only near the event.
                return self._near(area.mention, sentence.text, area.start), area, outside
            if located is not None or not hints:
                return located, chosen, outside
            # "Beit Jinn (Damascus countryside)" when no Beit Jinn lies there: the bracket's area itself.
            located = self._bracket_area(sentence.text, hints)
            if located is not None:
                return located, None, []
            break
        # "in Kafr Nabuda (As-Suqaylabiyah, Hama)" with the village unknown: the admin area it names,
        # marked as only near the event.
        inner = [m for m in matches if _inside(m, brackets)]
        if not inner:
            return None, None, []
        # The bracket's other parts are the admin areas around it: "(Al Ma'ra, Idleb)" is in Idleb.
        around = next((tuple(part.strip() for part in text.split(",") if part.strip() != inner[0].mention)
                       for start, end, text in brackets if start <= inner[0].start < end), ())
        location = self._near(inner[0].mention, sentence.text, inner[0].start, around)
        if location is None and around:  # "(Damascus countryside)": the bracket's other words are no admin area
            location = self._near(inner[0].mention, sentence.text, inner[0].start)
        return location, None, []


class PlaceReading(NamedTuple):
    """What a sentence says of its event's place: the location, the other places listed with it, and,
    when the place it names is one the gazetteer does not know ("Near Bashir, a strike ..."), that name:
    no location, but a place of its own, which keeps the event apart from one told of another place."""

    location: Location | None
    listed: list[ListedSite]
    unresolved: str | None
    from_dateline: bool = False  # the place is the dateline's ("ERBIL, Kurdistan Region -"): a weak guess


class ListedSite(NamedTuple):
    """A place listed with the event's, and the toll the list gives it ("... and one in Torske"), if any;
    a name the gazetteer does not know has no location, only its name (``unresolved``)."""

    location: Location | None
    toll: int | None
    unresolved: str | None = None


class _ListCues(NamedTuple):
    """How place_cues.yaml says places form a list: what joins two of them, the joiner a list must end
    with, a joiner carrying a toll ("and one in"), and what before the first makes it one stretch."""

    joiner: re.Pattern[str]
    final_joiner: re.Pattern[str]
    toll_joiner: re.Pattern[str]
    stretch: re.Pattern[str]


@lru_cache(maxsize=1)
def _list_cues() -> _ListCues:
    cues = place_cues()
    return _ListCues(re.compile(cues["list_joiner"]), re.compile(cues["list_final_joiner"]),
                     re.compile(cues["list_toll_joiner"]), re.compile(cues["list_not_after"], re.IGNORECASE))


class _AreaCues(NamedTuple):
    """How place_cues.yaml says a name relates to the places around it."""

    region_words: re.Pattern[str]  # what a bracket adds to an admin area's name: "(Damascus countryside)"
    border_after: re.Pattern[str]  # a country named for its border: "the Algeria border" ...
    border_before: re.Pattern[str]  # ... "the border with Syria"
    # A hyphen gluing the name to a qualifying word, directly or through a second name of the same
    # compound: "Turkey-backed", "Barbados- and Marshall Islands-flagged" (compound_adjectives).
    compound_adjective: re.Pattern[str]
    place_noun: re.Pattern[str]  # between a place and what holds it: "neighbourhood of", "village in"
    # What may stand between a place and the area holding it: a place noun, a comma or "in"/"of", and the
    # area's own words ("Khanasir town in the southern countryside of Aleppo", "Qamishli, Hasakah", "Dibis
    # in Kirkuk province", "Ariha, in Idlib"; the rest of a name the gazetteer took only in part: "Abyan
    # Saman town in Aleppo countryside"); nothing else, so that "near the airport on Saturday, killing two
    # members of Iran's Guards" is no containment.
    held_gap: re.Pattern[str]
    in_town_gap: re.Pattern[str]  # between a place and the town holding it: "in", "in the city of"


@lru_cache(maxsize=1)
def _area_cues() -> _AreaCues:
    cues = place_cues()
    border = phrase_alternatives(cues["border_nouns"])
    nouns, directions = phrase_alternatives(cues["place_nouns"]), phrase_alternatives(cues["directions"])
    return _AreaCues(
        region_words=re.compile(rf"\b(?:{phrase_alternatives(cues['bracket_region_words'])})\b", re.IGNORECASE),
        border_after=re.compile(rf"\s+(?:{border})\b", re.IGNORECASE),
        border_before=re.compile(rf"\b(?:{border})\s+with\s+(?:the\s+)?$", re.IGNORECASE),
        compound_adjective=re.compile(
            rf"-(?:\s+(?:and|or)\s+[A-Z][\w ]{{0,30}}?-)?(?:{phrase_alternatives(cues['compound_adjectives'])})\b"),
        place_noun=re.compile(rf"\b(?:{nouns})\b", re.IGNORECASE),
        held_gap=re.compile(
            rf"^(?:\s+(?-i:[A-Z])[\w'\u2019-]*){{0,2}}(?:\s+(?:{nouns}))?\s*(?:,\s*(?:in\s+)?|\s+(?:in|of)\s+)"
            rf"(?:the\s+)?(?:(?:{directions})\s+)?(?:(?:{nouns})\s+(?:of\s+)?)?$", re.IGNORECASE),
        in_town_gap=re.compile(rf"^(?:\s+(?:{nouns}))?\s+in\s+(?:the\s+(?:(?:{nouns})\s+of\s+)?)?$", re.IGNORECASE),
    )


def _toll_in(cues: _ListCues, gap: str) -> int | None:
    match = cues.toll_joiner.match(gap)
    return parse_quantity(match.group("count")) if match else None


def _border_of(text: str, match: PlaceMatch) -> bool:
    """Is a country named only for its border ("the Algeria border", "the border with Syria")? A Malian
    convoy near the Algerian border is in Mali."""
    if match.candidates[0].feature != "country":
        return False
    cues = _area_cues()
    return bool(cues.border_after.match(text, match.end)
                or cues.border_before.search(text[max(0, match.start - 30) : match.start]))


def _outgrows(match: PlaceMatch, taken: list[tuple[int, int]]) -> bool:
    """Does a longer place name hold the actor names it overlaps ("Damascus International Airport" holds
    the metonym "Damascus")? Then it is the place, not the actor."""
    touching = [(start, end) for start, end in taken if start < match.end and match.start < end]
    return all(match.start <= start and end <= match.end and end - start < match.end - match.start
               for start, end in touching)


def _area_named_as_polity(text: str, match: PlaceMatch) -> bool:
    """"the Nevskoe settlement in the Lugansk People's Republic": a province an actor is named after
    ("Lugansk People's Republic" forces) is the place where a locative introduces it."""
    return bool(match.candidates) and match.candidates[0].feature == "admin1" and bool(
        re.search(r"\bin\s+the\s+$", text[max(0, match.start - 8) : match.start], re.IGNORECASE))


def _area_after(text: str, chosen: PlaceMatch, matches: list[PlaceMatch]) -> PlaceMatch | None:
    """The area named right after the chosen place as what holds it ("Khanasir town in the southern
    countryside of Aleppo", "Qamishli, Hasakah", "Dibis in Kirkuk province"): a country, province or
    region, which the place must lie in (resolve_location's ``within``)."""
    following = next((m for m in sorted(matches, key=lambda m: m.start) if m.start >= chosen.end), None)
    if following is None:
        return None
    gap = text[chosen.end : following.start]
    if following.candidates[0].precision_hint != 3 and not _region_cue_after(text, following):
        # "Lido Beach in Mogadishu, Somalia": a town holds what is "in" it (a comma only joins a list).
        return following if _area_cues().in_town_gap.match(gap) else None
    return following if _area_cues().held_gap.match(gap) else None


def _region_cue_after(text: str, match: PlaceMatch) -> bool:
    """Is the name followed by a word that makes it a region ("Sagaing Region", "Homs countryside")?"""
    cue = relative_cue(text, match.start, match.end)
    return cue is not None and cue.wants_region


def _admin_bracket_after(match: PlaceMatch, brackets: list[tuple[int, int, str]]) -> bool:
    return any(0 <= start - match.end <= 2 for start, _, _ in brackets)


def _overlaps(match: PlaceMatch, spans) -> bool:
    return any(start < match.end and match.start < end for start, end in spans)
