"""The extraction components and their order: the one place that says how a document becomes events.

Each component is a small function declared with what it requires and what it assigns, in the way
spaCy's factories declare theirs, so that it can be run, measured, replaced or blamed alone. Three
scopes, run by ``extract/events.py``:

* ``document``: once per document, on its ``AnnotatedDocument`` (``extract/annotated.py``);
* ``mention``: once per candidate sentence, on a ``SentenceWork`` (its parse, its mention);
* ``incident``: once per incident (merged mentions), on an ``Incident``.

Consecutive components of one scope run as one pass. The cheap-pass-then-parse design is kept: every
component before the first that ``needs_parse`` runs over a whole batch of documents first, then the
candidate sentences of the batch are parsed together (one ``nlp.pipe``) and the rest run per document.
A document without a candidate sentence has no events and stops after the trigger lexicon.

``PIPELINE`` below is the order; ``check_pipeline`` proves that each component's requirements are
assigned before it runs (tests/extract/test_components.py runs it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warlog.extract import inferred_actors, story
from warlog.extract import mentions as steps
from warlog.extract.annotated import AnnotatedDocument, Candidate, Drop, Incident
from warlog.extract.clauses import split_clauses
from warlog.extract.detector import detect_events, veto_events
from warlog.extract.event_records import to_event, with_unique_ids
from warlog.extract.mentions import DocumentContext
from warlog.extract.merge import merge_mentions, representative, summaries
from warlog.extract.placing import DocumentPlaces
from warlog.extract.sentences import split_sentences
from warlog.extract.triggers import match_triggers
from warlog.ingest.metadata import dateline_spans
from warlog.resolve.actors import find_mentions, resolve_references
from warlog.resolve.timeframe import time_frame
from warlog.words import TextWords

SCOPES = ("document", "mention", "incident")


@dataclass(frozen=True)
class Component:
    """One extraction step: its name (what errors are attributed to), scope, function and contract.

    ``requires`` and ``assigns`` name layers of the annotated document (document scope), fields of
    the mention or of its ``SentenceWork`` (mention scope), or of the incident's best mention
    (incident scope); ``document`` and ``parse`` are given by the runner.
    """

    name: str
    scope: str
    run: Callable
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    needs_parse: bool = False


# -- document scope -----------------------------------------------------------------------------


def cut_into_words(adoc: AnnotatedDocument) -> None:
    """The shared word layer (words.py): the actor matcher, the place finder and the detector read it."""
    adoc.words = TextWords(adoc.doc.text)


def split_into_sentences(adoc: AnnotatedDocument) -> None:
    adoc.sentences = split_sentences(adoc.doc.text)


def flag_candidates(adoc: AnnotatedDocument) -> None:
    """The trigger lexicon over every sentence: the sentences with a hit are the only ones parsed."""
    for sentence in adoc.sentences:
        hits = match_triggers(sentence.text)
        if hits:
            adoc.candidates.append(Candidate(sentence, hits))


def find_datelines(adoc: AnnotatedDocument) -> None:
    adoc.datelines = dateline_spans(adoc.doc.text)


def find_actors(adoc: AnnotatedDocument) -> None:
    """Dictionary actors over the whole text (not inside a wire dateline) and what refers back to them."""
    text = adoc.doc.text
    found = [
        m for m in find_mentions(text, adoc.doc.published, adoc.words)
        if not any(start <= m.start and m.end <= end for start, end in adoc.datelines)
    ]
    adoc.actor_mentions = sorted(found + resolve_references(text, found, adoc.words), key=lambda m: m.start)


def prepare_places(adoc: AnnotatedDocument) -> None:
    """The document's place resolver (gazetteer matches, the report's focus) and what sentences share."""
    actors = adoc.actor_mentions
    adoc.context = DocumentContext(
        published=adoc.doc.published,
        time=time_frame(adoc.doc.text, adoc.doc.published, adoc.doc.url, adoc.doc.publisher),
        text=adoc.doc.text,
        sentences=adoc.sentences,
        datelines=adoc.datelines,
        actor_mentions=actors,
        place_resolver=DocumentPlaces(
            adoc.doc.text,
            [(m.start, m.end) for m in actors if m.via == "alias"],
            actor_countries=[m.actor.country for m in actors if not m.actor.generic],
            words=adoc.words,
            datelines=adoc.datelines,
        ),
    )


def drop_summaries(adoc: AnnotatedDocument) -> None:
    """Summary leads ("conducted 12 strikes in Syria") give way to the incidents the report tells after them."""
    leads = {id(m) for m in summaries(adoc.mentions)}
    adoc.drops += [Drop(m.sentence, m.sub_event_type, "summaries", "summary lead") for m in adoc.mentions
                   if id(m) in leads]
    adoc.mentions = [m for m in adoc.mentions if id(m) not in leads]


def group_incidents(adoc: AnnotatedDocument) -> None:
    """Mentions of one happening merged (extract/merge.py); the best-evidenced one speaks for them."""
    adoc.incidents = [Incident(representative(group), group) for group in merge_mentions(adoc.mentions)]


def make_events(adoc: AnnotatedDocument) -> None:
    adoc.events = with_unique_ids(adoc.doc.id, [to_event(adoc.doc, incident.best) for incident in adoc.incidents])


# -- mention scope: what ends a mention's pass ------------------------------------------------------


def anchor_dates(work: steps.SentenceWork, context: DocumentContext) -> None:
    """A sentence dated to the day anchors "the previous day" in the sentences after it, and the first
    such sentence of an event dates the undated details that follow. A month or a year gives no day
    to count from ("The January 2018 bombing ..." does not date the next sentence), nor does a caption."""
    mention = work.mention
    if not (mention.date_explicit and mention.date_unit not in ("month", "year")) or context.in_caption(work.sentence):
        return  # a caption's date is its picture's: it dates nothing after it
    context.last_date = mention.date
    section = context.time.section_at(work.sentence.start)
    if mention.dropped is None and (context.lead_date is None or context.lead_section != section):
        # A page of several days' reports has a lead incident per dated section.
        context.lead_date, context.lead_section = mention.date, section


def _component(name: str, scope: str, run: Callable, requires=(), assigns=(), needs_parse=False) -> Component:
    return Component(name, scope, run, tuple(requires), tuple(assigns), needs_parse)


D, M, I = SCOPES  # short, so that the table below reads as one

# The order of extraction, first to last. Names are what ``warlog eval`` attributes errors to.
PIPELINE: tuple[Component, ...] = (
    _component("words", D, cut_into_words, ["document"], ["words"]),
    _component("sentences", D, split_into_sentences, ["document"], ["sentences"]),
    _component("triggers", D, flag_candidates, ["sentences"], ["candidates", "sub_event_type"]),
    _component("detector", D, detect_events, ["words", "sentences", "candidates"],
               ["candidates", "sub_event_type", "event_probability"]),
    _component("clause split", D, split_clauses, ["words", "candidates"], ["candidates"]),
    _component("datelines", D, find_datelines, ["document"], ["datelines"]),
    _component("actors", D, find_actors, ["words", "datelines"], ["actor_mentions"]),
    _component("places", D, prepare_places, ["words", "sentences", "actor_mentions", "datelines"], ["context"]),
    _component("trigger head", M, steps.find_trigger_head, ["parse"], ["trigger_token", "trigger_offset"], True),
    _component("status", M, steps.find_status, ["trigger_token"], ["status", "claimant", "speaker", "speaker_acts", "quoted"],
               True),
    _component("clauses", M, steps.find_foreign_clauses, ["trigger_token"], ["elsewhere"], True),
    _component("dates", M, steps.date_mention, ["elsewhere"],
               ["dates", "date", "time_precision", "date_source", "date_unit", "unanchored_day"]),
    _component("filters", M, steps.drop_non_events, ["trigger_token", "dates", "date_source"], ["dropped"]),
    _component("story cues", M, steps.mark_story_cues, [], ["distinct", "anaphoric", "told_before"]),
    _component("roles", M, steps.fill_roles, ["parse", "trigger_offset", "speaker", "speaker_acts", "claimant"],
               ["actor1", "actor2", "assoc_actors", "subject_elsewhere"], True),
    _component("speaker", M, steps.weigh_the_speaker, ["status", "claimant", "actor1", "actor2"], ["status"]),
    _component("actor inference", M, steps.infer_missing_actor1, ["actor1", "actor2", "status", "claimant"],
               ["actor1"]),
    _component("place", M, steps.place_mention, ["parse"], ["location"], True),
    _component("default actors", M, steps.default_actors, ["actor1", "actor2", "location"], ["actor1", "actor2"]),
    _component("target owner", M, inferred_actors.target_owner_step, ["parse", "location", "actor1", "actor2"],
               ["actor2"], True),
    _component("theatre", M, inferred_actors.theatre_step, ["location", "date", "actor1", "actor2"],
               ["actor1", "actor2"]),
    _component("territory", M, steps.territory_by_actor, ["actor1"], ["sub_event_type"]),
    _component("numbers", M, steps.count_victims, [], ["fatalities", "injured", "arrested"]),
    _component("weapons", M, steps.find_mention_weapons, [], ["weapons"]),
    _component("confidence", M, steps.score_confidence, ["status", "actor1", "location", "date"], ["confidence"]),
    _component("date anchors", M, anchor_dates, ["date", "date_unit", "dropped"], []),
    _component("place lists", D, story.split_place_lists, ["mentions"], ["mentions"]),
    _component("own claims", D, story.mark_own_claims, ["mentions", "actor_mentions"], ["mentions"]),
    _component("summaries", D, drop_summaries, ["mentions"], ["mentions", "drops"]),
    _component("merge", D, group_incidents, ["mentions"], ["incidents"]),
    _component("detector veto", D, veto_events, ["incidents"], ["incidents", "drops"]),
    _component("merge fill", I, story.fill_incident, [], ["actor1", "actor2", "location", "date", "weapons"]),
    _component("attribution", I, story.attribute_incident, [], ["status", "claimant"]),
    _component("relayed statement", I, story.relayed_statement, ["sentences", "context"], ["status", "claimant"]),
    _component("following sentence", I, story.find_following_sentence, ["sentences", "candidates"], ["following"]),
    _component("toll", I, story.toll_line, ["following"], ["fatalities"]),
    _component("story", I, story.continue_the_story, [], ["actor1", "actor2", "location"]),
    _component("report focus", I, story.report_focus, ["context"], ["location"]),
    _component("civilian victims", I, story.civilian_victims, ["following"], ["actor2"]),
    _component("story so far", I, story.remember_incident, [], []),
    _component("events", D, make_events, ["incidents"], ["events"]),
)  # fmt: skip

# What a pass of each scope needs among the document's layers, what the runner gives its components
# (the parse of the sentence), and the document layers the pass fills.
PASS_NEEDS = {M: ("candidates", "context"), I: ("incidents",)}
PASS_GIVEN = {D: {"document"}, M: {"parse"}, I: set()}
PASS_FILLS = {M: ("mentions", "drops"), I: ()}


class PipelineError(ValueError):
    """The declared order cannot run: a component requires what no earlier component assigns."""


def check_pipeline(pipeline: tuple[Component, ...] = PIPELINE) -> None:
    """Every requirement assigned before it is read, in the declared order; names unique; scopes known.

    A document component sees the document layers filled before it; a mention or incident component
    also sees what earlier components of its kind assigned (a fresh mention carries every field,
    empty, so a field is "assigned" once a component is declared to fill it). A mention pass needs the
    candidates and the context, an incident pass the incidents.
    """
    names = [c.name for c in pipeline]
    if len(set(names)) != len(names):
        raise PipelineError(f"component names repeat: {sorted(n for n in names if names.count(n) > 1)}")
    if any(c.scope not in SCOPES for c in pipeline):
        raise PipelineError(f"unknown scope in {[c.name for c in pipeline if c.scope not in SCOPES]}")
    layers = set(PASS_GIVEN[D])
    fields: set[str] = set()
    for scope, members in passes(pipeline):
        missing = [name for name in PASS_NEEDS.get(scope, ()) if name not in layers]
        if missing:
            raise PipelineError(f"the {scope} pass ({members[0].name}, ...) needs {', '.join(missing)} first")
        for component in members:
            have = layers | PASS_GIVEN[scope] | (fields if scope != D else set())
            missing = [name for name in component.requires if name not in have]
            if missing:
                raise PipelineError(
                    f"{component.name} requires {', '.join(missing)}, which no earlier component assigns"
                )
            (layers if scope == D else fields).update(component.assigns)
        layers.update(PASS_FILLS.get(scope, ()))
    if "events" not in layers:
        raise PipelineError("no component assigns the events")


def passes(pipeline: tuple[Component, ...] = PIPELINE) -> list[tuple[str, tuple[Component, ...]]]:
    """The pipeline as consecutive runs of one scope: (scope, components), in order."""
    runs: list[tuple[str, list[Component]]] = []
    for component in pipeline:
        if runs and runs[-1][0] == component.scope and component.scope != D:
            runs[-1][1].append(component)
        else:
            runs.append((component.scope, [component]))
    return [(scope, tuple(members)) for scope, members in runs]


def before_parse(pipeline: tuple[Component, ...] = PIPELINE) -> int:
    """How many passes run over a whole batch before its parse: those before the first that needs it."""
    for k, (_, members) in enumerate(passes(pipeline)):
        if any(c.needs_parse for c in members):
            return k
    return len(passes(pipeline))


def component_of_field(field_name: str, pipeline: tuple[Component, ...] = PIPELINE) -> str | None:
    """The first component declared to assign ``field_name``: who should have filled an empty field."""
    return next((c.name for c in pipeline if field_name in c.assigns), None)


def build_mention(sentence, parsed, hits, context: DocumentContext, pipeline: tuple[Component, ...] = PIPELINE):
    """One candidate sentence (its parse and trigger hits) through the mention components of
    ``pipeline``, in their order, outside a document run: what the mention steps decide on their own
    (tests/extract/test_mentions.py). The runner (extract/events.py) does the same, timed and traced."""
    work = steps.start_mention(sentence, parsed, hits)
    for component in pipeline:
        if component.scope == M:
            component.run(work, context)
    return work.mention
