"""The extraction stage: cleaned Documents in, Event records out, by running the declared components.

``extract/components.py`` declares the components and their order; this module runs them. Cheap
passes run over a batch of documents first (sentence split, trigger lexicon, actor dictionary,
gazetteer); the spaCy parser sees only the sentences a trigger flagged, batched through ``nlp.pipe``
across documents; the passes that read the parse then run document by document, each parse read
once and dropped. Mentions are merged into one event per incident per document.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator

from warlog.extract.annotated import AnnotatedDocument, Drop, record_changes, snapshot
from warlog.extract.components import PASS_FILLS, PIPELINE, Component, before_parse, check_pipeline, passes
from warlog.extract.mentions import start_mention
from warlog.models import UNASSERTED_STATUSES, Document, Event
from warlog.nlp import load_pipeline, mask_for_parsing

BATCH_SIZE = 256
# Documents parsed together (one nlp.pipe call); the pipeline's and the scale runner's batches too.
DOCUMENTS_PER_PARSE = 32


class Extractor:
    """Turns documents into events; holds nothing but options, so it pickles to workers cheaply.

    ``timings``: when a Counter is given, the seconds spent in each component are added to it (what
    bench/bench_components.py prints); ``pipeline``: another order or set of components, checked first.
    """

    def __init__(
        self,
        include_unasserted: bool = False,
        batch_size: int = BATCH_SIZE,
        pipeline: tuple[Component, ...] = PIPELINE,
        timings: Counter | None = None,
    ):
        if pipeline is not PIPELINE:
            check_pipeline(pipeline)
        self.include_unasserted = include_unasserted
        self.batch_size = batch_size
        self.pipeline = pipeline
        self.timings = timings
        # The candidates are settled once the last component that assigns them has run (the trigger
        # lexicon, or a detector after it that may add sentences): only then does an empty list mean
        # that the document holds no event.
        flaggers = [c.name for c in pipeline if "candidates" in c.assigns]
        self._settles_candidates = flaggers[-1] if flaggers else None
        self._runs = passes(pipeline)  # the consecutive runs of one scope, and which precede the parse
        self._before_parse = before_parse(pipeline)

    def extract(self, doc: Document) -> list[Event]:
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[Document]) -> Iterator[list[Event]]:
        """Events per document, in input order; parses in batches across documents."""
        for adoc in self.annotate_many(docs):
            yield adoc.events

    def annotate_many(self, docs: Iterable[Document]) -> Iterator[AnnotatedDocument]:
        """Each document with every layer the components filled, in input order (what eval traces)."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= DOCUMENTS_PER_PARSE:
                yield from self._annotate_batch(batch)
                batch = []
        if batch:
            yield from self._annotate_batch(batch)

    def _annotate_batch(self, docs: list[Document]) -> Iterator[AnnotatedDocument]:
        """The cheap passes over the whole batch, one parse stream for its candidate sentences, then
        the passes that read the parse, one document at a time (memory holds one ``nlp.pipe`` batch of
        parses, not every parse of the documents: a long document's parses took hundreds of times its
        size)."""
        runs, split = self._runs, self._before_parse
        adocs = [AnnotatedDocument(doc, layers={"document"}) for doc in docs]
        for adoc in adocs:
            if adoc.doc.language in (None, "en"):
                self._run(adoc, runs[:split])
        stream = self._parse_stream(adocs)
        pending = next(stream, None)

        def own(index: int) -> Iterator:
            """Document ``index``'s parses, pulled from the shared stream as needed."""
            nonlocal pending
            while pending is not None and pending[0] == index:
                parsed = pending[1]
                pending = None  # the stream no longer holds this parse
                yield parsed
                pending = next(stream, None)

        for index, adoc in enumerate(adocs):
            adoc.parses = own(index)
            if adoc.candidates:
                self._run(adoc, runs[split:])
            for _ in adoc.parses:  # whatever this document did not read
                pass
            adoc.parses = None
            yield adoc

    def _parse_stream(self, adocs: list[AnnotatedDocument]) -> Iterator[tuple[int, object]]:
        """(document index, parse) for every candidate sentence of the batch, in order."""
        owners = [(i, c) for i, adoc in enumerate(adocs) for c in adoc.candidates]
        texts = (mask_for_parsing(c.sentence.text) for _, c in owners)
        for (index, _), parsed in zip(owners, load_pipeline().pipe(texts, batch_size=self.batch_size)):
            yield index, parsed[:]

    def _run(self, adoc: AnnotatedDocument, runs: list[tuple[str, tuple[Component, ...]]]) -> None:
        for scope, members in runs:
            if scope == "document":
                for component in members:
                    # A document component that edits mentions (own claims) is traced as the others are.
                    edited = adoc.mentions if "mentions" in component.assigns else []
                    before = [snapshot(m) for m in edited]
                    self._timed(component, component.run, adoc)
                    for mention, old in zip(edited, before, strict=True):
                        record_changes(mention, old, component.name)
                    adoc.layers.update(component.assigns)
                if component.name == self._settles_candidates and not adoc.candidates:
                    return  # nothing a trigger flagged: no events, and nothing more to compute
            elif scope == "mention":
                self._mention_pass(adoc, members)
            else:
                self._incident_pass(adoc, members)
            adoc.layers.update(PASS_FILLS.get(scope, ()))

    def _mention_pass(self, adoc: AnnotatedDocument, members: tuple[Component, ...]) -> None:
        """Each candidate sentence with its parse through the mention components, in text order; a
        mention a component dropped, or that does not assert its event, is kept as a ``Drop``."""
        context = adoc.context
        for candidate, parsed in zip(adoc.candidates, adoc.parses):
            work = start_mention(candidate.sentence, parsed, candidate.hits)
            mention = work.mention
            for component in members:
                before = snapshot(mention)
                self._timed(component, component.run, work, context)
                record_changes(mention, before, component.name)
            del work, parsed  # the parse is not kept: mentions hold offsets and strings
            if mention.dropped is not None:
                adoc.drops.append(Drop(mention.sentence, mention.sub_event_type,
                                       mention.filled_by.get("dropped", "filters"), mention.dropped))
            elif mention.status in UNASSERTED_STATUSES and not self.include_unasserted:
                adoc.drops.append(Drop(mention.sentence, mention.sub_event_type,
                                       mention.filled_by.get("status", "status"), f"{mention.status}, held back"))
            else:
                adoc.mentions.append(mention)

    def _incident_pass(self, adoc: AnnotatedDocument, members: tuple[Component, ...]) -> None:
        for incident in adoc.incidents:
            for component in members:
                before = snapshot(incident.best)
                self._timed(component, component.run, incident, adoc)
                record_changes(incident.best, before, component.name, incident.group)

    def _timed(self, component: Component, run, *arguments) -> None:
        if self.timings is None:
            run(*arguments)
            return
        started = time.perf_counter()
        run(*arguments)
        self.timings[component.name] += time.perf_counter() - started
