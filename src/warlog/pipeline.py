"""The main job, end to end: read -> clean -> deduplicate -> extract -> store.

This is what the CLI, the watcher and the Dask workers call; it knows the order of the stages but
none of their internals. Bad inputs come back as ``Rejected`` records and never stop the batch;
each document is stored in its own transaction, so a crash loses at most the document in flight
and a re-run completes the batch without duplicates.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warlog.extract.event_records import renamed
from warlog.extract.events import DOCUMENTS_PER_PARSE, Extractor
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, Event, IngestOutcome, RawInput, Rejected
from warlog.scale.stage import (
    Outcome,
    StageOptions,
    apply_overrides,
    clean_one,
    extract_isolated,
    one_line_error,
)
from warlog.settings import Settings

if TYPE_CHECKING:  # the stateless extract path never opens a store: skip SQLAlchemy's import
    from warlog.scale.runner import StageRunner
    from warlog.store import Store


def read_documents(
    paths: list[str], settings: Settings, fingerprint: bool = True
) -> Iterator[Document | Rejected]:
    """Readers then cleaning; every input becomes a Document or a Rejected naming it.

    ``fingerprint=False`` leaves ``Document.minhash`` empty: the stateless ``extract`` never
    compares documents, so it skips the signature (and the MinHash library's import).
    """
    return clean_inputs(iter_inputs(paths, settings.max_doc_bytes), StageOptions(fingerprint=fingerprint))


def clean_inputs(
    inputs: Iterable[RawInput | Rejected], options: StageOptions | None = None
) -> Iterator[Document | Rejected]:
    """Clean inputs from any reader (files, fetched pages); rejections pass through in order."""
    options = options or StageOptions()
    for item in inputs:
        yield clean_one(item, options)


def extract_documents(
    items: Iterable[Document | Rejected], extractor: Extractor
) -> Iterator[tuple[Document, list[Event]] | Rejected]:
    """Pair each document with its events, streaming; rejections pass through in order.

    A document whose extraction raises becomes a ``Rejected``; the rest of its batch is kept.
    """
    pending: list[Document] = []

    def flush() -> Iterator[tuple[Document, list[Event]] | Rejected]:
        for doc, events in zip(pending, extract_isolated(pending, extractor)):
            yield events if isinstance(events, Rejected) else (doc, events)
        pending.clear()

    for item in items:
        if isinstance(item, Rejected):
            yield from flush()
            yield item
            continue
        pending.append(item)
        if len(pending) >= DOCUMENTS_PER_PARSE:
            yield from flush()
    yield from flush()


def extract_outcomes(
    paths: list[str],
    settings: Settings,
    extractor: Extractor,
    options: StageOptions,
    runner: StageRunner | None = None,
) -> Iterator[Outcome]:
    """Read, clean and extract ``paths``: in this process, or on ``runner``'s workers (same results,
    same order). Every input yields a ``(Document, events)`` pair or a ``Rejected``."""
    if runner is not None:
        yield from runner.run(iter_inputs(paths, settings.max_doc_bytes))
        return
    items = read_documents(paths, settings, fingerprint=options.fingerprint)
    items = (apply_overrides(item, options) if isinstance(item, Document) else item for item in items)
    yield from extract_documents(items, extractor)


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    events: int = 0
    duplicates: int = 0
    skipped_language: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # "origin: what the reader repaired" of stored documents
    rejected: list[Rejected] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)  # "origin -> new id" for same-named files

    def count(self, outcome: IngestOutcome) -> None:
        """One more document stored (added, updated) or found already stored (unchanged)."""
        if outcome is IngestOutcome.ADDED:
            self.added += 1
        elif outcome is IngestOutcome.UPDATED:
            self.updated += 1
        elif outcome is IngestOutcome.UNCHANGED:
            self.unchanged += 1
        else:
            raise ValueError(f"a {outcome} input is kept in rejected, not counted")


def ingest(
    paths: list[str],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    on_item: Callable[[Document | Rejected, IngestOutcome], None] | None = None,
    runner: StageRunner | None = None,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Store every readable document of ``paths`` with its events; idempotent.

    ``stop`` is asked before each input is read and each document is stored: once it answers
    True the batch ends there, every document stored so far is counted in the report, and
    nothing is left half-written (``warlog.interrupts`` turns Ctrl-C and SIGTERM into this).
    """
    inputs = iter_inputs(paths, settings.max_doc_bytes)
    if stop is not None:
        inputs = itertools.takewhile(lambda _item: not stop(), inputs)
    return ingest_inputs(inputs, store, settings, extractor, on_item, runner, stop)


def ingest_inputs(
    inputs: Iterable[RawInput | Rejected],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    on_item: Callable[[Document | Rejected, IngestOutcome], None] | None = None,
    runner: StageRunner | None = None,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Clean, deduplicate, extract and store inputs from any reader; idempotent.

    The one ingest loop: ``ingest`` feeds it files, the watcher feeds it fetched pages. Inputs are
    pulled lazily, so a producer that stops yielding (a watcher asked to shut down) ends the batch
    after the documents already read are stored. With a ``runner``, cleaning and extraction run on
    its workers while storing stays here, in input order; documents whose content is already
    stored are not extracted again there either.
    """
    from sqlalchemy.exc import DataError, IntegrityError

    extractor = extractor or Extractor()
    report = IngestReport()
    batch_origins: dict[str, str] = {}
    # Copies are found by the store inside each save's transaction, so documents that other
    # processes store meanwhile count too; the workers only need the stored hashes to skip work.
    known_hashes = {doc_id: content_hash for doc_id, content_hash, _ in store.dedup_signatures()} if runner else {}

    def note(item: Document | Rejected, outcome: IngestOutcome) -> None:
        if outcome is IngestOutcome.REJECTED:
            report.rejected.append(item)
        elif outcome is IngestOutcome.UNCHANGED:
            report.count(outcome)
            batch_origins.setdefault(item.id, item.origin)
        if on_item:
            on_item(item, outcome)

    def fresh(items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
        """Skip extraction for documents already stored with the same content."""
        for item in items:
            if isinstance(item, Document) and store.is_stored(item.id, item.content_hash):
                note(item, IngestOutcome.UNCHANGED)
                continue
            yield item

    if runner is None:
        outcomes = extract_documents(fresh(clean_inputs(inputs)), extractor)
    else:
        outcomes = runner.run(inputs, known_hashes)
    for item in outcomes:
        if stop is not None and stop():
            break
        if isinstance(item, Rejected):
            note(item, IngestOutcome.REJECTED)
            continue
        doc, events = item
        if events is not None and batch_origins.setdefault(doc.id, doc.origin) != doc.origin:
            # Two different files of one batch share a name ("a/report.txt", "b/report.txt"): the
            # second keeps its own id instead of silently replacing the first.
            doc, events = renamed(doc, events, f"{doc.id}-{hashlib.sha1(doc.origin.encode()).hexdigest()[:8]}")
            report.renamed.append(f"{doc.origin} -> {doc.id}")
        if events is None or (runner is not None and store.is_stored(doc.id, doc.content_hash)):
            note(doc, IngestOutcome.UNCHANGED)  # stored before this run (skipped on the worker) or earlier in it
            continue
        report.notices.extend(f"{doc.origin}: {notice}" for notice in doc.notices)
        if doc.language not in (None, "en"):
            report.skipped_language.append(f"{doc.origin} ({doc.language})")
        try:
            outcome = store.save(doc, events, near_duplicates=settings.near_duplicate_threshold)
        except (DataError, IntegrityError) as error:
            # This document's data (not the database) is the problem: name it, keep the batch going.
            note(Rejected(doc.origin or doc.id, f"could not be stored: {one_line_error(error.orig)}"),
                 IngestOutcome.REJECTED)
            continue
        report.count(outcome)
        if outcome is not IngestOutcome.UNCHANGED:
            report.events += len(events)
            report.duplicates += doc.duplicate_of is not None
        if on_item:
            on_item(doc, outcome)
    return report
