"""The annotated document: one object that every extraction component reads from and writes to.

Extraction used to be one hand-wired function passing offset tuples and editing mentions in
place, so no step could be run, measured or replaced alone, and ``warlog eval`` could not say
which step lost an event. Now each step is a declared component (``extract/components.py``) that
fills one or more named layers of an ``AnnotatedDocument``: the words, the sentences, the candidate sentences
the trigger lexicon flagged (with their parse while it is held), the actor mentions, the datelines,
the place resolver, the event mentions, the mentions that were dropped and why, the incidents
(merged mentions) and the events. Which component last changed each field of a mention is kept
(``Mention.filled_by``), so an error can be traced to the component that made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from warlog.extract.mentions import DocumentContext, Mention
from warlog.extract.sentences import Span as SentenceSpan
from warlog.extract.triggers import TriggerHit
from warlog.models import Document, Event
from warlog.words import TextWords

# The mention fields whose provenance is kept: what ``warlog eval`` scores, and the ones that decide
# whether a mention is an event at all.
TRACED_FIELDS = (
    "sub_event_type", "status", "claimant", "actor1", "actor2", "assoc_actors", "location", "date",
    "time_precision", "fatalities", "injured", "arrested", "weapons", "dropped",
)  # fmt: skip


@dataclass
class Candidate:
    """A sentence the trigger lexicon flagged: the only sentences the parser sees."""

    sentence: SentenceSpan
    hits: list[TriggerHit]


@dataclass
class Drop:
    """A candidate sentence that gave no event, and the component that decided so (for tracing)."""

    sentence: SentenceSpan
    sub_event_type: str
    component: str
    reason: str


@dataclass
class Incident:
    """The mentions of one happening in one document, and the one (``best``) that becomes the event."""

    best: Mention
    group: list[Mention]
    following: SentenceSpan | None = None  # the sentence after it, when that reports no event of its own


@dataclass
class AnnotatedDocument:
    """A document and the layers the extraction components have filled so far (see module doc)."""

    doc: Document
    words: TextWords | None = None  # the text cut into words once (words.py), read by every scanner
    sentences: list[SentenceSpan] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    datelines: list[tuple[int, int]] = field(default_factory=list)
    actor_mentions: list = field(default_factory=list)  # resolve.actors.ActorMention, absolute offsets
    context: DocumentContext | None = None  # what a sentence needs to know about its document
    mentions: list[Mention] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Parses of ``candidates``, in their order, streamed from one ``nlp.pipe`` over many documents:
    # a parse is read once and then dropped (memory holds one batch of parses, not all of them).
    parses: Iterator[Any] | None = None
    told: Any = None  # extract.story.StorySoFar: the incidents told so far, for implicit roles
    # Candidate sentence start -> the learned detector's p(event), scored once before the parse
    # (extract/detector.py) and read again by its veto after the merge.
    event_probability: dict[int, float] = field(default_factory=dict)
    layers: set[str] = field(default_factory=set)  # the layers filled so far, by name

    @cached_property
    def sentence_starts(self) -> list[int]:
        """The sentences' starts, in text order (read once the sentences are split)."""
        return [s.start for s in self.sentences]

    @cached_property
    def candidate_starts(self) -> frozenset[int]:
        """The starts of the candidate sentences (read once the trigger lexicon has run)."""
        return frozenset(c.sentence.start for c in self.candidates)

    def trace(self) -> dict[str, Any]:
        """What ``warlog eval`` needs to attribute errors to components, as plain data: the candidate
        sentences, the drops, and per event the sentences it merged and who filled each field."""
        return {
            "text": self.doc.text,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "candidates": [[c.sentence.start, c.sentence.end] for c in self.candidates],
            "drops": [
                {"start": d.sentence.start, "end": d.sentence.end, "sub_event_type": d.sub_event_type,
                 "component": d.component, "reason": d.reason}
                for d in self.drops
            ],
            "events": {
                event.id: {
                    "sentences": [[m.sentence.start, m.sentence.end] for m in incident.group],
                    "filled_by": dict(incident.best.filled_by),
                }
                for event, incident in zip(self.events, self.incidents, strict=True)
            },
        }  # fmt: skip


def snapshot(mention: Mention) -> tuple:
    """The traced fields' values, compared before and after a component to see what it changed."""
    return tuple(_frozen(getattr(mention, name)) for name in TRACED_FIELDS)


def record_changes(mention: Mention, before: tuple, component: str, group: list[Mention] = ()) -> None:
    """Mark ``component`` as the filler of every traced field it changed since ``before``; a value
    taken from another mention of the incident (``group``) keeps the component that filled it there."""
    for name, old, new in zip(TRACED_FIELDS, before, snapshot(mention), strict=True):
        if old == new:
            continue
        value = getattr(mention, name)
        source = next((m for m in group if m is not mention and getattr(m, name) is value and name in m.filled_by), None)
        mention.filled_by[name] = source.filled_by[name] if source is not None and value is not None else component


def _frozen(value: Any) -> Any:
    """A comparable copy: lists (weapons, associated actors) are edited in place by some components."""
    return tuple(value) if isinstance(value, list) else value
