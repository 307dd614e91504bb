"""From a parsed candidate sentence to an event mention with its arguments.

A mention is one sentence's evidence of one event. This module fills its fields from the
argument extractors (actors, place, date, numbers, weapons, status) and decides whether it is a
fresh event at all: plans, hypotheticals and negations are held back unless asked for; generic
uses ("to conduct drone attacks"), period aggregates ("22 operations from October 1 to
November 6") and undated background ("a previous airstrike ... killed 36") are dropped, with
the reason kept for tracing.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Span

from warlog.extract import status as status_rules
from warlog.extract.numbers import extract_counts
from warlog.extract.roles import (
    RoleCandidate,
    agent_phrase,
    assign_roles,
    between_phrases,
    foreign_clauses,
    is_actor_phrase,
    owned_noun,
    refers_back_to_speaker,
    token_at,
    trigger_owner,
    victims_of,
)
from warlog.extract.sentences import Span as SentenceSpan
from warlog.extract.triggers import TriggerHit
from warlog.extract.weapons import find_weapons
from warlog.knowledge import event_type_of, load_yaml
from warlog.models import Actor, Location, Weapon
from warlog.nlp import entity_type
from warlog.resolve.actors import related_actors
from warlog.resolve.dates import event_date, named_day, own_dates
from warlog.resolve.timeframe import TimeFrame
from warlog.spans import SpanIndex


@dataclass
class Mention:
    """One sentence's evidence of one event, before mentions of one incident are merged."""

    sub_event_type: str
    sentence: SentenceSpan
    trigger: TriggerHit
    status: str = "asserted"
    claimant: Actor | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = field(default_factory=list)
    location: Location | None = None
    date: str | None = None
    time_precision: int | None = None
    # Where the date came from: "explicit" (the sentence), "paragraph" (another sentence of its paragraph),
    # "lead" (the lead incident's), "published" (the reference day only), or None; the Event's public
    # vocabulary is derived from it by event_records.date_source.
    date_source: str | None = None
    date_unit: str | None = None  # day | week | month | year: what the date names (a year has no day)
    date_kind: str | None = None  # resolve.dates.DateMention.kind of an explicit date: weekday, relative, ...
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    weapons: list[Weapon] = field(default_factory=list)
    confidence: float = 0.5
    dropped: str | None = None  # why this mention is not an event (None: it is one)
    distinct: bool = False  # announced as a further incident ("the second strike")
    anaphoric: bool = False  # opens by pointing back at a reported incident ("This operation ...")
    told_before: bool = False  # its trigger names an incident already told ("killed by the airstrike")
    quoted: bool = False  # told inside a quotation of several sentences, attributed at its end
    subject_elsewhere: bool = False  # a verbless clause: its actor1 is the first clause's (extract/story.py)
    unanchored_day: tuple | None = None  # the day it names when no date resolves ("On Tuesday"): dates.named_day
    trigger_offset: int = -1  # sentence offset of the trigger's head word (set from the parse)
    # The other places listed with the event's ("struck Hasakah, Amude and Darbasiyah"): each becomes an
    # event of its own (extract/story.py split_place_lists).
    listed_places: list = field(default_factory=list, repr=False, compare=False)  # extract.placing.ListedSite
    unresolved_place: str | None = None  # the place named when the gazetteer knows it not (location None)
    place_from_dateline: bool = False  # location is the dateline's: any place another sentence gives wins
    # Traced field -> the component that last changed it (see extract/annotated.py), for ``warlog eval``.
    filled_by: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def date_explicit(self) -> bool:
        return self.date_source == "explicit"


@dataclass
class DocumentContext:
    """What a sentence needs to know about its document."""

    published: str | None
    actor_mentions: list  # ActorMention objects over the whole document text (absolute offsets)
    place_resolver: object  # .place_and_list(sentence_span, parsed, trigger_offset) -> extract.placing.PlaceReading
    time: TimeFrame | None = None  # what dates count from, by position (resolve/timeframe.py); set in __post_init__
    text: str = ""  # the document's text: the paragraph a sentence stands in
    last_date: str | None = None  # the latest explicit date: the anchor of "the previous day"
    lead_date: str | None = None  # the first explicit date of a fresh event: the default for undated ones
    lead_section: int = 0  # the dated section (resolve/timeframe.py) the lead date was found in
    datelines: list[tuple[int, int]] = field(default_factory=list)  # wire datelines (absolute offsets)
    sentences: list = field(default_factory=list)  # all the document's sentence spans, in order
    _index: SpanIndex | None = field(default=None, repr=False, compare=False)
    _armed: list | None = field(default=None, repr=False, compare=False)
    _days: dict = field(default_factory=dict, repr=False, compare=False)  # sentence start -> its explicit days

    def __post_init__(self) -> None:
        if self.time is None:  # a context built without one counts from the publication date alone
            self.time = TimeFrame(self.published)

    def in_caption(self, sentence: SentenceSpan) -> bool:
        return self.time.in_caption(sentence.start, sentence.end)

    def sentence_days(self, sentence: SentenceSpan) -> list:
        """The days a sentence names for itself (not a statement's day, not background), found once."""
        if sentence.start not in self._days:
            if self.in_caption(sentence):
                self._days[sentence.start] = []
            else:
                found = own_dates(sentence.text, self.time.reference_at(sentence.start), None, (), self.time.day_first)
                self._days[sentence.start] = [m for m in found if m.date and m.unit == "day" and not m.statement
                                              and m.kind != "background"]
        return self._days[sentence.start]

    def paragraph_day(self, sentence: SentenceSpan) -> str | None:
        """The day another sentence of the same paragraph (line) names: the nearest before it, else
        the first after it. "On Dec. 26, coalition forces conducted 14 strikes. Near Raqqa, nine
        strikes ..." -- the undated detail happened on the paragraph's day."""
        start = self.text.rfind("\n", 0, sentence.start) + 1
        end = self.text.find("\n", sentence.end)
        end = len(self.text) if end < 0 else end
        around = [s for s in self.sentences if start <= s.start and s.end <= end and s.start != sentence.start]
        before = [s for s in around if s.start < sentence.start][::-1]
        after = [s for s in around if s.start > sentence.start]
        for other in before + after:
            days = self.sentence_days(other)
            if days:
                return days[0].date
        return None

    def opens_its_line(self, sentence: SentenceSpan) -> bool:
        """Does the sentence open its line (as a caption does, its credit after it)?"""
        return not self.text[self.text.rfind("\n", 0, sentence.start) + 1 : sentence.start].strip()

    def quoted_by(self, sentence: SentenceSpan) -> tuple[SentenceSpan, tuple[int, int]] | None:
        """A sentence inside a quotation of several sentences that its last one attributes ('"Our units
        repelled two attacks. ... A depot was destroyed," the ministry said.'): that sentence and where it
        names the speaker (offsets in it). The quotation stays inside one paragraph."""
        start = self.text.rfind("\n", 0, sentence.start) + 1
        if not status_rules.quote_left_open(self.text[start : sentence.end]):
            return None
        end = self.text.find("\n", sentence.end)
        end = len(self.text) if end < 0 else end
        after = bisect_right(self.sentences, sentence.start, key=lambda s: s.start)
        for later in itertools.takewhile(lambda s: s.start < end, self.sentences[after:]):
            if not status_rules.quote_left_open(self.text[start : later.end]):
                span = status_rules.closing_attribution(later.text)
                return (later, span) if span is not None else None
        return None

    def actors_within(self, start: int, end: int) -> list:
        """The actor mentions inside ``[start, end]``, in document order; by position (indexed once)."""
        if self._index is None:
            self._index = SpanIndex(self.actor_mentions)
        return self._index.within(start, end)

    def last_armed_before(self, position: int, other_than: str | None):
        """The last actor mention ending by ``position`` of an armed actor (inter 1, 2, 3, 4 or 8)
        other than ``other_than``: what a backward scan of all the document's mentions finds, in
        time bounded by the mentions of ``other_than`` skipped, not by the document's length."""
        if self._armed is None:
            # In start order (the document's mentions are sorted so), as the index below counts them.
            codes = frozenset(load_yaml("acled_types.yaml")["armed_inter_codes"])
            armed = sorted((m for m in self.actor_mentions if m.actor.inter in codes), key=lambda m: m.start)
            # For each armed mention, the nearest earlier one naming another actor: a run of mentions
            # of one actor is skipped in one step.
            previous_other, run_start = [], 0
            for k, m in enumerate(armed):
                if k and m.actor.id != armed[k - 1].actor.id:
                    run_start = k
                previous_other.append(run_start - 1)
            self._armed = [armed, previous_other, SpanIndex(armed)]
        armed, previous_other, index = self._armed
        k = index.starting_by(position) - 1  # in start order; a mention ending by ``position`` starts by it
        while k >= 0:
            m = armed[k]
            if m.end > position:
                k -= 1
            elif m.actor.id == other_than:
                k = previous_other[k]
            else:
                return m
        return None


@dataclass
class SentenceWork:
    """One candidate sentence while the mention steps build its mention: the sentence's parse and what
    one step finds for several later ones (the trigger's head word, the clauses about something else,
    the sentence's own date mentions), so that each is computed once."""

    sentence: SentenceSpan
    parsed: Span
    hits: list[TriggerHit]
    mention: Mention
    trigger_token: Any = None
    elsewhere: list = field(default_factory=list)  # (start, end) of clauses about something else
    dates: list = field(default_factory=list)  # resolve.dates.own_dates of the sentence
    # The phrase that says or reports the event ("the Syrian Defense Ministry" said ...), in document
    # offsets, and whether the event's subject points back at it ("... said its forces ...").
    speaker: tuple[int, int] | None = None
    speaker_acts: bool = False
    speaker_text: str = ""


def start_mention(sentence: SentenceSpan, parsed: Span, hits: list[TriggerHit]) -> SentenceWork:
    """A mention of the best trigger's type, before any step has filled it."""
    mention = Mention(sub_event_type=hits[0].sub_event_type, sentence=sentence, trigger=hits[0])
    return SentenceWork(sentence, parsed, hits, mention)


def find_trigger_head(work: SentenceWork, context: DocumentContext) -> None:
    """The parsed word the trigger phrase hangs on: where roles, status and clauses are read from."""
    work.trigger_token = _trigger_token(work.parsed, work.mention.trigger)
    if work.trigger_token is not None:
        work.mention.trigger_offset = work.trigger_token.idx - work.parsed.start_char


def find_status(work: SentenceWork, context: DocumentContext) -> None:
    """Asserted, claimed, reported, alleged, denied, planned ...; the claimant of a claim."""
    if work.trigger_token is None:
        return
    mention = work.mention
    cue = status_rules.find_status(work.parsed, work.trigger_token)
    mention.status = cue.status
    if cue.cue is not None and cue.status != "asserted":
        # A claimant is who makes a claim, allegation or report.
        speaker = status_rules.speaker_span(cue.cue)
        if speaker is not None:
            mention.claimant = (_actor_in(work.sentence, speaker, context) or _named_source(speaker, work.sentence)
                                or _named_before(_phrase_span(work.sentence, speaker), original_text(work.sentence, speaker), context))
            if cue.status == "reported":  # said, announced, reported: a claimer ("ISIS claimed the attack") acts
                work.speaker = _phrase_span(work.sentence, speaker)
                work.speaker_acts = refers_back_to_speaker(work.trigger_token)
                work.speaker_text = original_text(work.sentence, speaker)
    elif cue.status == "asserted" and (quoted := context.quoted_by(work.sentence)) is not None:
        # Told inside a quotation its last sentence attributes: the speaker reports it (or, a party, claims it).
        closing, (start, end) = quoted
        mention.status, mention.quoted = "reported", True
        mention.claimant = source_named_in(closing, (start, end), context)
        work.speaker_text = closing.text[start:end]
    elif cue.source is not None:
        mention.claimant = source_named_in(work.sentence, cue.source, context)
        if not is_armed(mention.claimant):
            # "According to residents, a villager was shot dead by junta troops": residents, monitors and
            # media are no actors of what they tell; an armed party quoted so usually tells its own deed.
            start, end = cue.source
            work.speaker = (work.sentence.start + start, work.sentence.start + end)
            work.speaker_text = work.sentence.text[start:end]


def find_foreign_clauses(work: SentenceWork, context: DocumentContext) -> None:
    """A date inside a relative clause about something else ("a truce that formally expired in 2022")
    dates that, not the event."""
    if work.trigger_token is not None:
        work.elsewhere = foreign_clauses(work.parsed, work.mention.trigger_offset)


def date_mention(work: SentenceWork, context: DocumentContext) -> None:
    """The sentence's own date, else its paragraph's, else the lead incident's, else the reference day
    (the publication date or the section heading's; imprecise)."""
    mention, sentence, text = work.mention, work.sentence, work.sentence.text
    filed = [(start - sentence.start, end - sentence.start) for start, end in context.datelines
             if start < sentence.end and sentence.start < end]
    reference = context.time.reference_at(sentence.start)
    work.dates = own_dates(text, reference, context.last_date, work.elsewhere, context.time.day_first)  # found once
    if context.in_caption(sentence):
        # A caption dates its picture: only a calendar date it gives its own event stands ("struck in
        # an airstrike on February 8, 2024. (AFP)"); no weekday counted from the page's date.
        work.dates = [m for m in work.dates if m.kind == "absolute" and m.unit == "day"]
    date, precision, date_found = event_date(
        text, mention.trigger.start, reference, context.last_date, work.elsewhere, filed, found=work.dates
    )
    mention.date_source = "explicit" if date is not None and date_found is not None else None
    mention.date_unit = date_found.unit if mention.date_source else None
    mention.date_kind = date_found.kind if mention.date_source else None
    paragraph = context.paragraph_day(sentence) if date is None else None
    reference_day = reference if reference is not None and len(reference) == len("YYYY-MM-DD") else None
    if paragraph is not None:
        date, precision, mention.date_source, mention.date_unit = paragraph, 1, "paragraph", "day"
    elif date is None and context.lead_date is not None and context.lead_section == context.time.section_at(sentence.start):
        # Undated details usually continue the lead incident: its date, marked imprecise.
        date, precision, mention.date_source = context.lead_date, 2, "lead"
    elif date is None and reference_day is not None:
        date, precision, mention.date_source = reference_day, 2, "published"
    mention.date, mention.time_precision = date, precision
    mention.unanchored_day = named_day(work.dates, text) if date is None else None


def drop_non_events(work: SentenceWork, context: DocumentContext) -> None:
    """Generic uses, period aggregates, undated background and adjectival triggers are no events."""
    mention, text, start = work.mention, work.sentence.text, work.mention.trigger.start
    token = work.trigger_token
    if token is not None and token.pos_ == "ADJ" and " " not in mention.trigger.text:
        mention.dropped = "adjective"  # "an offensive FPV drone" is no offensive
    elif status_rules.is_generic(text, start):
        mention.dropped = "generic"
    elif not work.sentence.headline and context.opens_its_line(work.sentence) and status_rules.is_caption(work.parsed):
        mention.dropped = "caption"
    elif status_rules.is_aggregate(text):
        mention.dropped = "aggregate"
    elif status_rules.is_background(text, mention.date_explicit or _names_its_day(work.dates), work.elsewhere):
        mention.dropped = "background"


def mark_story_cues(work: SentenceWork, context: DocumentContext) -> None:
    """"The second strike" announces a further incident; "This operation" points back at one."""
    work.mention.distinct = work.sentence.clause or status_rules.is_distinct_incident(
        work.sentence.text, work.mention.trigger.start)
    work.mention.anaphoric = status_rules.points_back(work.sentence.text)
    work.mention.told_before = status_rules.names_as_told(work.sentence.text, work.mention.trigger.start)


def fill_roles(work: SentenceWork, context: DocumentContext) -> None:
    """Actor1, actor2 and associated actors from the parse and the sentence's actor mentions. Who says
    it is no actor of it ("Syrian authorities announced that Israeli airstrikes targeted ..."), unless
    the event points back at the speaker ("the SDF said it killed ...": the SDF acts)."""
    mention = work.mention
    _fill_actors(mention, work.sentence, work.parsed, context, None if work.speaker_acts else work.speaker)
    if work.sentence.clause and not any(t.pos_ in ("VERB", "AUX") for t in work.parsed):
        # "..., and five Afghan soldiers in an IED attack in Herat": a clause with no verb of its own names the
        # victims of its incident; who struck is the subject of the sentence's first clause (story.py).
        if mention.actor2 is None:
            mention.actor2 = mention.actor1
        mention.actor1, mention.subject_elsewhere = None, True
    speaker = mention.claimant if work.speaker_acts else None
    if speaker is not None and speaker.id is not None and (
        mention.actor1 is None or mention.actor1.id in (None, speaker.id)
    ):
        mention.actor1 = speaker
        if mention.actor2 is not None and mention.actor2.id == speaker.id:
            mention.actor2 = None


def weigh_the_speaker(work: SentenceWork, context: DocumentContext) -> None:
    """Who says it decides between reported and claimed: a party speaking of its own operation (the
    claimant is the actor, or in a battle either side) claims it; police, officials, doctors, monitors
    and media report it. The roles must be known first, so this runs after them."""
    mention = work.mention
    if mention.status != "reported":
        return
    if _is_group_speaker(work.speaker_text) and is_armed(mention.actor1):
        # "The SDF shot down two drones, the group said": "the group" is who acted, not the last group named.
        mention.claimant = mention.actor1
    speaker = mention.claimant
    if speaker is None or speaker.id is None:
        return
    sides = [mention.actor1, mention.actor2] if event_type_of(mention.sub_event_type) == "Battles" else [mention.actor1]
    if any(side is not None and related_actors(speaker.id, side.id) for side in sides):
        mention.status = "claimed"


def _is_group_speaker(phrase: str) -> bool:
    return " ".join(phrase.lower().split()) in _status_cue_words("group_speakers")


def is_armed(actor: Actor | None) -> bool:
    return actor is not None and actor.id is not None and actor.type not in _status_cue_words("unarmed_types")


@lru_cache(maxsize=8)
def _status_cue_words(name: str) -> frozenset[str]:
    return frozenset(load_yaml("status_cues.yaml")[name])


def infer_missing_actor1(work: SentenceWork, context: DocumentContext) -> None:
    _infer_missing_actor1(work.mention, work.sentence, context)


def default_actors(work: SentenceWork, context: DocumentContext) -> None:
    _default_actors(work.mention)


def territory_by_actor(work: SentenceWork, context: DocumentContext) -> None:
    work.mention.sub_event_type = _territory_by_actor(work.mention)


def place_mention(work: SentenceWork, context: DocumentContext) -> None:
    """The event's place, chosen by the document's place resolver (extract/placing.py), and the places
    listed with it."""
    mention = work.mention
    reading = context.place_resolver.place_and_list(work.sentence, work.parsed, mention.trigger.start)
    mention.location, mention.listed_places, mention.unresolved_place = reading.location, reading.listed, reading.unresolved
    mention.place_from_dateline = reading.from_dateline


def count_victims(work: SentenceWork, context: DocumentContext) -> None:
    counts = extract_counts(work.sentence.text)
    work.mention.fatalities, work.mention.injured, work.mention.arrested = counts.killed, counts.injured, counts.arrested


def find_mention_weapons(work: SentenceWork, context: DocumentContext) -> None:
    work.mention.weapons = find_weapons(work.sentence.text)


def score_confidence(work: SentenceWork, context: DocumentContext) -> None:
    work.mention.confidence = confidence(work.mention)


def _names_its_day(dates: list) -> bool:
    """Does the sentence (its ``own_dates``) name the day or week of its event, even one no
    publication date resolves ("demonstrated on Wednesday" in an undated report)? Such a sentence
    has a date of its own."""
    return any(m.unit in ("day", "week") for m in dates)


def _infer_missing_actor1(mention: Mention, sentence: SentenceSpan, context: DocumentContext) -> None:
    """A passive report of losses names only the victims ("26 ISIS members were killed"). Who fought
    them is the claimant of a claim of enemy losses, or in a battle narrative the last other armed
    actor the document named before."""
    if mention.actor1 is not None or mention.actor2 is None:
        return
    if mention.status == "claimed" and mention.claimant is not None and mention.claimant.id != mention.actor2.id:
        mention.actor1 = mention.claimant
        return
    if event_type_of(mention.sub_event_type) != "Battles":
        return
    earlier = context.last_armed_before(sentence.start, mention.actor2.id)
    if earlier is not None:
        mention.actor1 = _actor_record(earlier)


def _default_actors(mention: Mention) -> None:
    """ACLED codes demonstrations with their participants as actor1 ("Protesters (Iraq)") and violence
    against civilians with civilians as actor2, named or not; localised to the event's country."""
    from warlog.resolve.actors import ActorDictionary, to_record

    kind = load_yaml("acled_types.yaml")["sub_event_types"][mention.sub_event_type]
    dictionary = ActorDictionary.default()
    country = mention.location.country if mention.location else None
    for role in ("actor1", "actor2"):
        current = getattr(mention, role)
        default = kind.get(f"default_{role}")
        if default is None or (current is not None and current.id is not None and current.type != "civilians"):
            continue  # residents who protest are coded as protesters
        if role == "actor2" and current is not None and current.id is not None:
            continue  # named civilians stay as they are
        entry = dictionary.get(default)
        if entry is not None:
            phrase = current.mention if current is not None else None
            setattr(mention, role, to_record(dictionary.localise(entry, country), phrase))


def _territory_by_actor(mention: Mention) -> str:
    """ACLED splits territorial gains by who gains: state forces regain, anyone else overtakes."""
    territory = load_yaml("acled_types.yaml")["territory_by_actor"]
    if mention.sub_event_type not in territory.values() or mention.actor1 is None or mention.actor1.type is None:
        return mention.sub_event_type
    return territory["state"] if mention.actor1.type.lower().startswith("state") else territory["other"]


def _trigger_token(parsed: Span, hit: TriggerHit):
    """The word that heads a trigger phrase: its verb ("gunmen *shot* and killed"), else the word
    whose syntactic head lies outside the phrase, else its first word."""
    tokens = [
        t for t in parsed
        if hit.start <= t.idx - parsed.start_char < hit.end
    ]
    if not tokens:
        return token_at(parsed, hit.start)
    for token in tokens:
        if token.pos_ == "VERB" and token.dep_ != "amod":
            return token
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def _offset(mention: Mention) -> int:
    return mention.trigger_offset if mention.trigger_offset >= 0 else mention.trigger.start


def _sentence_actor_mentions(sentence: SentenceSpan, context: DocumentContext) -> list:
    return context.actors_within(sentence.start, sentence.end)


def _actor_record(actor_mention) -> Actor:
    from warlog.resolve.actors import to_record

    return to_record(actor_mention.actor, actor_mention.text)


def _phrase_span(sentence: SentenceSpan, phrase: Span) -> tuple[int, int]:
    """A parsed phrase's document offsets."""
    start = sentence.start + phrase.start_char - phrase.sent.start_char
    return start, start + len(phrase.text)


def _actor_within(sentence: SentenceSpan, start: int, end: int, context: DocumentContext) -> Actor | None:
    """The first dictionary actor the sentence names inside ``[start, end)`` (document offsets)."""
    for candidate in _sentence_actor_mentions(sentence, context):
        if start <= candidate.start and candidate.end <= end:
            return _actor_record(candidate)
    return None


def _actor_in(sentence: SentenceSpan, speaker: Span, context: DocumentContext) -> Actor | None:
    """The dictionary actor inside a speaker phrase ("SOHR activists", "the SDF")."""
    return _actor_within(sentence, *_phrase_span(sentence, speaker), context)


def _named_before(span: tuple[int, int], written: str, context: DocumentContext) -> Actor | None:
    """A speaker named only by what it is ("..., the ministry said"): the actor the report last named with
    that word before ("the Russian Defense Ministry said ... the ministry said"). "The group" and its like
    are who acted (``group_speakers``, weigh_the_speaker), not the last group named."""
    words = written.lower().split()
    if len(words) != 2 or words[0] != "the" or _is_group_speaker(written):
        return None
    earlier = [m for m in context.actor_mentions if m.end <= span[0] and words[1] in m.text.lower().split()]
    return _actor_record(max(earlier, key=lambda m: m.start)) if earlier else None


def _outlet_named(written: str) -> Actor | None:
    """The news outlet a phrase names ("Al-Watan newspaper"), as a source."""
    from warlog.ingest.outlets import find_outlet_in

    outlet = find_outlet_in(written)
    return Actor(name=outlet, type="source", mention=written) if outlet else None


def source_named_in(sentence: SentenceSpan, span: tuple[int, int], context: DocumentContext) -> Actor | None:
    """The source a sentence names in words ("according to the Syrian Ministry of Defense"): the
    dictionary actor inside them, else a named outlet."""
    start, end = span
    return (_actor_within(sentence, sentence.start + start, sentence.start + end, context)
            or _outlet_named(sentence.text[start:end]))


def original_text(sentence: SentenceSpan, phrase: Span) -> str:
    """A parsed phrase as the report wrote it (the parser saw masked words, see nlp.mask_for_parsing)."""
    start = phrase.start_char - phrase.doc[:].start_char
    return sentence.text[start : start + len(phrase.text)]


def _named_source(speaker: Span, sentence: SentenceSpan) -> Actor | None:
    """A speaker that is no dictionary actor still names the claim's source if it is a named outlet or
    a short proper-noun phrase ("SOHR activists", "Al-Akhbar"); pronouns and vague phrases do not."""
    written = original_text(sentence, speaker)
    outlet = _outlet_named(written)
    if outlet is not None:
        return outlet
    words = [t for t in speaker if not t.is_punct]
    if 0 < len(words) <= 6 and any(t.pos_ == "PROPN" for t in words) and not any(entity_type(t) in ("GPE", "LOC") for t in words):
        return Actor(name=written, mention=written)
    return None


def _fill_actors(
    mention: Mention, sentence: SentenceSpan, parsed: Span, context: DocumentContext,
    speaker: tuple[int, int] | None = None,
) -> None:
    candidates = [
        RoleCandidate(m.start - sentence.start, m.end - sentence.start, m)
        for m in _sentence_actor_mentions(sentence, context)
        if speaker is None or not (speaker[0] <= m.start and m.end <= speaker[1])
    ]
    battle = event_type_of(mention.sub_event_type) == "Battles"
    actor1, actor2 = assign_roles(parsed, _offset(mention), candidates, symmetric=battle)
    actor1, actor2 = (_named_after_generic(c, candidates, sentence.text) for c in (actor1, actor2))
    owner = trigger_owner(parsed, _offset(mention), candidates)
    if owner is not None and owner.payload.actor.type not in load_yaml("roles.yaml")["bystander_types"] and (
        actor1 is None or actor1.payload.actor.id != owner.payload.actor.id
    ):
        # "an attack by the ISIL": the trigger's owner acts, whoever the clause's subject is; a subject
        # who suffered it ("Five Peshmerga fighters were killed in ...") is acted upon.
        victims = victims_of(parsed, _offset(mention), [c for c in candidates if c is not owner])
        if actor2 is None or actor2.payload.actor.id == owner.payload.actor.id:
            actor2 = victims
        actor1 = owner
    if actor1 is not None:
        mention.actor1 = _actor_record(actor1.payload)
    if actor2 is not None and (actor1 is None or actor2.payload.actor.id != actor1.payload.actor.id):
        mention.actor2 = _actor_record(actor2.payload)
    if _bystander_acts(mention):
        # "Civilians" never strike, shell or fight: named where the parse found the actor, they were hit.
        mention.actor2 = mention.actor2 or mention.actor1
        mention.actor1 = None
    national = _national_forces(parsed, mention, sentence, context, own_only=True) if (
        owner is None and event_type_of(mention.sub_event_type) in load_yaml("roles.yaml")["owned_strike_events"]) else None
    if national is not None and (mention.actor1 is None or mention.actor1.id is None
                                 or not related_actors(national.id, mention.actor1.id)):
        # "Israeli strikes knocked ... out of service, in the first such attack since the Hamas assault":
        # the nationality the strike itself carries names the striker.
        mention.actor1 = national
        if mention.actor2 is not None and mention.actor2.id == national.id:
            mention.actor2 = None
    if mention.actor1 is None:
        mention.actor1 = _national_forces(parsed, mention, sentence, context)
    if mention.actor2 is None:
        mention.actor2 = next(
            (_actor_record(c.payload) for c in candidates
             if c.payload.actor.type == "civilians" and (mention.actor1 is None or mention.actor1.type != "civilians")),
            None,
        )  # "... killing 4 civilians": the civilians named anywhere in the sentence were acted upon
    if mention.actor1 is None:
        phrase = agent_phrase(parsed, _offset(mention))
        if phrase is not None and len(phrase) <= 6:
            written = original_text(sentence, phrase)
            mention.actor1 = Actor(name=written, type=None, mention=written)
    side1, side2 = (_side(sentence, side, context) for side in between_phrases(parsed, _offset(mention)))
    if side1 is not None and (mention.actor1 is None or mention.actor1.id is None):
        # The two sides of a clash, in the order the report names them.
        mention.actor1 = side1
        if side2 is not None:
            mention.actor2 = side2
    taken = {a.id for a in (mention.actor1, mention.actor2) if a is not None}
    for candidate in candidates:
        record = _actor_record(candidate.payload)
        if record.id not in taken and _is_alongside(sentence.text, candidate):
            mention.assoc_actors.append(record)
            taken.add(record.id)


_OF_GROUP = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?$")


def _named_after_generic(
    chosen: RoleCandidate | None, candidates: list[RoleCandidate], text: str
) -> RoleCandidate | None:
    """"Suspected militants of Jama'at Nusrat al-Islam wal-Muslimin": a generic actor ("militants") the
    next words attach to a named one is that named actor."""
    if chosen is None or not chosen.payload.actor.generic:
        return chosen
    named = next((c for c in candidates if c.start >= chosen.end and not c.payload.actor.generic), None)
    if named is not None and _OF_GROUP.fullmatch(text[chosen.end : named.start]):
        return named
    return chosen


def _bystander_acts(mention: Mention) -> bool:
    """Is actor1 someone ACLED never codes as the one acting in this kind of event (civilians in a strike,
    a clash or an attack; roles.yaml ``bystander_types``, ``bystander_events``)?"""
    cues = load_yaml("roles.yaml")
    return (mention.actor1 is not None and mention.actor1.type in cues["bystander_types"]
            and event_type_of(mention.sub_event_type) in cues["bystander_events"])


def _national_forces(
    parsed: Span, mention: Mention, sentence: SentenceSpan, context: DocumentContext, own_only: bool = False
) -> Actor | None:
    """"Russian airstrikes", "Turkish artillery shelled", "Iraqi F-16 jets struck": a nationality adjective
    on the trigger or on the subject's weapon noun names the state's forces. ``own_only``: only one the
    trigger noun itself carries ("Israeli strikes")."""
    from warlog.resolve.actors import ActorDictionary, to_record

    trigger = owned_noun(parsed, _offset(mention)) if own_only else token_at(parsed, _offset(mention))
    if trigger is None:
        return None
    weapons = load_yaml("roles.yaml")["weapon_nouns"]
    aircraft = load_yaml("roles.yaml")["aircraft_nouns"]
    heads = [trigger] + [c for c in trigger.children
                         if not own_only and c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in weapons]
    for head in heads:
        for modifier in (t for t in head.subtree if t.i < head.i):  # "Iraqi F-16 jets"
            if modifier.dep_ in ("amod", "compound", "nmod") and modifier.pos_ in ("ADJ", "PROPN", "NOUN"):
                written = original_text(sentence, modifier.doc[modifier.i : modifier.i + 1])
                when = context.published or mention.date
                # "Iraqi F-16 jets": the Iraqi Air Force where the dictionary knows one, else Iraqi forces.
                air = head.lower_ in aircraft and ActorDictionary.default().resolve(f"{written} air force", when)
                entry = air or ActorDictionary.default().resolve(f"{written} forces", when)
                if entry is not None:
                    return to_record(entry, original_text(sentence, modifier.doc[modifier.i : head.i + 1]))
    return None


def _side(sentence: SentenceSpan, phrase: Span | None, context: DocumentContext) -> Actor | None:
    """A side named in "between X and Y": a dictionary actor, or a phrase headed by an actor noun
    ("tribal gunmen") -- not a place ("the road between Qamishli and Amuda")."""
    if phrase is None:
        return None
    known = _actor_in(sentence, phrase, context)
    if known is not None:
        return known
    if is_actor_phrase(phrase):
        written = original_text(sentence, phrase)
        return Actor(name=written, mention=written)
    return None


def _is_alongside(text: str, candidate: RoleCandidate) -> bool:
    """Forces named as acting with actor1 ("supported by", "backed by", "alongside", "and")."""
    window = text[max(0, candidate.start - 30) : candidate.start].lower()
    return any(cue in window for cue in load_yaml("roles.yaml")["alongside_cues"])


def change_status(mention: Mention, status: str) -> None:
    """Give a scored mention another status, its confidence rescaled by the two statuses' factors
    (what else raised or lowered it, such as the reports merged into it, is kept)."""
    factors = load_yaml("status_cues.yaml")["confidence_factors"]
    ratio = factors.get(status, factors["other"]) / factors.get(mention.status, factors["other"])
    mention.status = status
    mention.confidence = round(min(mention.confidence * ratio, 0.99), 3)


def confidence(mention: Mention) -> float:
    """Trigger strength, discounted for hedged status, headlines and missing where/when/who."""
    factors = load_yaml("status_cues.yaml")["confidence_factors"]
    score = mention.trigger.weight * factors.get(mention.status, factors["other"])
    if mention.sentence.headline:
        score *= 0.85
    filled = sum(x is not None for x in (mention.actor1, mention.location, mention.date))
    score *= 0.85 + 0.05 * filled
    return round(min(score, 0.99), 3)
