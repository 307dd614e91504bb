"""The extraction stage: cleaned Documents in, Event records out.

Cheap passes run over everything (sentence split, trigger lexicon, actor dictionary, gazetteer);
the spaCy parser sees only the sentences a trigger flagged, batched through ``nlp.pipe`` across
documents. Mentions are then merged into one event per incident per document.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import chain

from warlog.extract.mentions import DocumentContext, Mention, build_mention, confidence
from warlog.extract.merge import fill_from_group, merge_mentions, representative
from warlog.extract.numbers import extract_counts
from warlog.extract.placing import DocumentPlaces
from warlog.extract.sentences import split_sentences
from warlog.extract.triggers import match_triggers
from warlog.extract.voice import in_first_person, speaking_party
from warlog.ingest.metadata import dateline_spans
from warlog.knowledge import load_yaml
from warlog.models import UNASSERTED_STATUSES, Document, Event, Evidence, Plover
from warlog.nlp import load_pipeline, mask_for_parsing
from warlog.resolve.actors import (
    ActorDictionary,
    find_mentions,
    forget_document_tokens,
    resolve_references,
    to_record,
)

BATCH_SIZE = 256
# Documents parsed together (one nlp.pipe call); the pipeline's and the scale runner's batches too.
DOCUMENTS_PER_PARSE = 32


@lru_cache(maxsize=1)
def _types() -> dict:
    return load_yaml("acled_types.yaml")["sub_event_types"]


def event_id(doc_id: str, sub_event_type: str, start: int) -> str:
    """Stable id: the same document text gives the same ids on every run and machine."""
    digest = hashlib.sha1(f"{doc_id}|{sub_event_type}|{start}".encode()).hexdigest()
    return f"ev-{digest[:16]}"


def renamed(doc: Document, events: list[Event], new_id: str) -> tuple[Document, list[Event]]:
    """The document under another id, its events' ids and doc_id following (ids stay stable)."""
    doc = replace(doc, id=new_id)
    return doc, [replace(e, doc_id=new_id, id=event_id(new_id, e.sub_event_type, e.evidence.start)) for e in events]


def to_event(doc: Document, mention: Mention) -> Event:
    kind = _types()[mention.sub_event_type]
    return Event(
        id=event_id(doc.id, mention.sub_event_type, mention.sentence.start),
        doc_id=doc.id,
        event_type=kind["event_type"],
        sub_event_type=mention.sub_event_type,
        plover=Plover(event=kind["plover"], mode=kind["mode"]),
        evidence=Evidence(text=mention.sentence.text, start=mention.sentence.start, end=mention.sentence.end),
        # Known only to the year: no day to write (SPEC: the date is a day), so no date, precision 3.
        date=None if mention.date_unit == "year" else mention.date,
        time_precision=mention.time_precision,
        actor1=mention.actor1,
        actor2=mention.actor2,
        assoc_actors=mention.assoc_actors,
        location=mention.location,
        fatalities=mention.fatalities,
        injured=mention.injured,
        arrested=mention.arrested,
        weapons=mention.weapons,
        status=mention.status,
        claimant=mention.claimant,
        confidence=mention.confidence,
    )


def _following_sentence(group: list[Mention], sentences: list, starts: list[int], triggered: set[int]):
    """The sentence right after an incident's last mention, if it reports no event of its own: where
    reports state the toll and the victims ("Fatalities: 5.", "One woman was killed.").
    ``starts``: the sentences' starts (they are in text order), so it is found by bisection."""
    last = max(m.sentence.end for m in group)
    k = bisect_left(starts, last)
    following = sentences[k] if k < len(sentences) else None
    return None if following is None or following.start in triggered else following


def _civilian_victims(texts: list[str], best: Mention):
    """Civilians as actor2 when the incident's sentences or its toll line name unarmed victims."""
    nouns = set(load_yaml("roles.yaml")["civilian_nouns"])
    for text in texts:
        found = {w.lower().strip(".,;:()\"'") for w in text.split()} & nouns
        if found:
            dictionary = ActorDictionary.default()
            entry = dictionary.localise(dictionary.get("civilians"), best.location.country if best.location else None)
            return to_record(entry, min(found))
    return None


@lru_cache(maxsize=1)
def _story_cues() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """(continues the story, opens with a pronoun, types that are never an opponent) from roles.yaml."""
    cues = load_yaml("roles.yaml")
    words = "|".join(re.escape(w) for w in cues["continuation_words"])
    openings = "|".join(cues["continuation_openings"])
    continues = re.compile(rf"\b(?:{words})\b|^\s*(?:{openings})\b")
    pronoun_opening = re.compile(r"\s*(?:" + "|".join(cues["pronoun_openings"]) + r")\b")
    return continues, pronoun_opening, frozenset(cues["non_opponent_types"])


def _mark_own_claims(mentions: list[Mention], party) -> None:
    """A party's statement telling its own operations in the first person makes claims (see voice.py)."""
    if party is None:
        return
    speaker = to_record(party.actor, party.text)
    for mention in mentions:
        if mention.status != "asserted" or not in_first_person(mention.sentence.text):
            continue
        mention.status, mention.claimant = "claimed", speaker
        if mention.actor1 is None or (mention.actor1.id is None and in_first_person(mention.actor1.mention or "")):
            mention.actor1 = speaker  # "our fighters" are the party's
        mention.confidence = confidence(mention)


class _StorySoFar:
    """What ``_continue_the_story`` reads of the incidents told before, kept as each is added, so that
    each look-up is bounded instead of a scan back to the start of the document."""

    def __init__(self) -> None:
        self.last: Mention | None = None
        self.last_actor1: Mention | None = None  # the last incident with an actor1
        self.last_of_type: dict[str, Mention] = {}  # sub-event type -> the last such incident with an actor1
        self.opponents: dict[str | None, Mention] = {}  # actor2 id -> its last incident, most recent last

    def add(self, incident: Mention) -> None:
        _, _, not_opponents = _story_cues()
        self.last = incident
        if incident.actor1 is not None:
            self.last_actor1 = incident
            self.last_of_type[incident.sub_event_type] = incident
        if incident.actor2 is not None and incident.actor2.type not in not_opponents:
            self.opponents.pop(incident.actor2.id, None)
            self.opponents[incident.actor2.id] = incident

    def last_opponent_other_than(self, actor_id: str | None) -> Mention | None:
        return next((m for key, m in reversed(self.opponents.items()) if key != actor_id), None)


def _continue_the_story(best: Mention, group: list[Mention], earlier: _StorySoFar) -> None:
    """Fill roles a report leaves implicit because the story goes on, as an ACLED coder would.

    "They also shot down an armed drone": the drone belongs to the side the same forces were just
    fighting. "The second strike earlier on Thursday was against a pickup": the second strike has the
    striker of the first.
    """
    continues, pronoun_opening, _ = _story_cues()
    if (best.actor1 is None and earlier.last_actor1 is not None
            and any(pronoun_opening.match(m.sentence.text) for m in group)):
        best.actor1 = earlier.last_actor1.actor1  # "They also shot down ...": who acted in the sentence before
    goes_on = any(continues.search(m.sentence.text) or m.distinct for m in group)
    if best.location is None and goes_on and earlier.last is not None and earlier.last.location is not None:
        # "They also shot down a drone outside the zone": where the story was, as "near".
        last = earlier.last.location
        best.location = replace(last, geo_precision=max(last.geo_precision or 1, 2))
    if (best.sub_event_type == "Disrupted weapons use" and best.actor2 is None and best.actor1 is not None
            and goes_on):
        other = earlier.last_opponent_other_than(best.actor1.id)
        if other is not None:
            best.actor2 = other.actor2
    if best.actor1 is None and any(m.distinct for m in group):
        same_type = earlier.last_of_type.get(best.sub_event_type)
        if same_type is not None:
            best.actor1 = same_type.actor1


class Extractor:
    """Turns documents into events; holds nothing but options, so it pickles to workers cheaply."""

    def __init__(self, include_unasserted: bool = False, batch_size: int = BATCH_SIZE):
        self.include_unasserted = include_unasserted
        self.batch_size = batch_size

    def extract(self, doc: Document) -> list[Event]:
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[Document]) -> Iterator[list[Event]]:
        """Events per document, in input order; parses in batches across documents."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= DOCUMENTS_PER_PARSE:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, docs: list[Document]) -> Iterator[list[Event]]:
        """Parses stream through ``nlp.pipe`` in document order and each is turned into a mention as it
        comes, then dropped: memory holds one ``nlp.pipe`` batch of parses, not every parse of the
        documents (a long document's parses took hundreds of times its size)."""
        candidates = []  # (doc index, sentence, hits)
        all_sentences: dict[int, list] = {}
        for index, doc in enumerate(docs):
            if doc.language not in (None, "en"):
                continue
            all_sentences[index] = split_sentences(doc.text)
            for sentence in all_sentences[index]:
                hits = match_triggers(sentence.text)
                if hits:
                    candidates.append((index, sentence, hits))
        texts = (mask_for_parsing(s.text) for _, s, _ in candidates)
        parsed = zip(candidates, load_pipeline().pipe(texts, batch_size=self.batch_size))
        pending = next(parsed, None)

        def own(index: int) -> Iterator[tuple]:
            """Document ``index``'s (sentence, parse, hits), pulled from the stream as needed."""
            nonlocal pending
            while pending is not None and pending[0][0] == index:
                (_, sentence, hits), sdoc = pending
                pending = None  # the stream no longer holds this parse
                yield sentence, sdoc[:], hits
                pending = next(parsed, None)

        for index, doc in enumerate(docs):
            parsed_sentences = own(index)
            yield self._events_for(doc, parsed_sentences, all_sentences.pop(index, []))
            for _ in parsed_sentences:  # whatever this document did not read
                pass

    def _events_for(self, doc: Document, parsed_sentences: Iterator[tuple], sentences: list) -> list[Event]:
        first = next(parsed_sentences, None)
        if first is None:
            return []
        parsed_sentences = chain([first], parsed_sentences)
        datelines = dateline_spans(doc.text)
        actor_mentions = [
            m for m in find_mentions(doc.text, doc.published)
            if not any(start <= m.start and m.end <= end for start, end in datelines)
        ]
        actor_mentions = sorted(
            actor_mentions + resolve_references(doc.text, actor_mentions), key=lambda m: m.start
        )
        forget_document_tokens()
        context = DocumentContext(
            published=doc.published,
            datelines=datelines,
            actor_mentions=actor_mentions,
            place_resolver=DocumentPlaces(
                doc.text,
                [(m.start, m.end) for m in actor_mentions if m.via == "alias"],
                actor_countries=[m.actor.country for m in actor_mentions if not m.actor.generic],
            ),
        )
        mentions: list[Mention] = []
        triggered: set[int] = set()
        for sentence, parsed, hits in parsed_sentences:
            triggered.add(sentence.start)
            mention = build_mention(sentence, parsed, hits, context)
            del parsed  # the parse is not kept: mentions hold offsets and strings
            # A month or a year gives no day to count "the previous day" from, nor one for the undated
            # details that follow ("The January 2018 bombing ..." does not date the next sentence).
            to_the_day = mention.date_explicit and mention.date_unit not in ("month", "year")
            if to_the_day:
                context.last_date = mention.date
            if mention.dropped is not None:
                continue
            if to_the_day and context.lead_date is None:
                context.lead_date = mention.date
            if mention.status in UNASSERTED_STATUSES and not self.include_unasserted:
                continue
            mentions.append(mention)
        _mark_own_claims(mentions, speaking_party(doc.text, actor_mentions))
        events = []
        done = _StorySoFar()
        starts = [sentence.start for sentence in sentences]
        for group in merge_mentions(mentions):
            best = fill_from_group(representative(group), group)
            following = _following_sentence(group, sentences, starts, triggered)
            if best.fatalities is None and following is not None:
                best.fatalities = extract_counts(following.text).killed
            _continue_the_story(best, group, done)
            if best.location is None and context.place_resolver.countries:
                # Nothing in the incident's sentences says where: the report's own focus, as "near".
                best.location = context.place_resolver.focus(context.place_resolver.countries[0])
            elif best.location is not None and best.location.admin1 is None and best.location.geo_precision == 3:
                # "in southern Syria" in a report about At Tanf: the report's own focus, as "near".
                best.location = context.place_resolver.focus(best.location.country) or best.location
            if best.actor2 is None and best.sub_event_type not in load_yaml("merging.yaml")["no_victim_types"]:
                texts = [m.sentence.text for m in group] + ([following.text] if following is not None else [])
                best.actor2 = _civilian_victims(texts, best)
            done.add(best)
            events.append(to_event(doc, best))
        return events
