"""The main job, end to end: read -> clean -> deduplicate -> extract -> store.

This is what the CLI (and later the watcher and the Dask workers) call; it knows the order of
the stages but none of their internals. Bad inputs come back as ``Rejected`` records and never
stop the batch; each document is stored in its own transaction, so a crash loses at most the
document in flight and a re-run completes the batch without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError

from warlog.extract.events import Extractor
from warlog.ingest.clean import clean_document
from warlog.ingest.dedup import DuplicateIndex
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, Event, RawInput, Rejected
from warlog.settings import Settings
from warlog.store import Store


def read_documents(paths: list[str], settings: Settings) -> Iterator[Document | Rejected]:
    """Readers then cleaning; every input becomes a Document or a Rejected naming it."""
    return clean_inputs(iter_inputs(paths, settings.max_doc_bytes))


def clean_inputs(inputs: Iterable[RawInput | Rejected]) -> Iterator[Document | Rejected]:
    """Clean inputs from any reader (files, fetched pages); rejections pass through in order."""
    for item in inputs:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield clean_document(item)
        except Exception as error:  # noqa: BLE001 - a cleaner bug must not stop the batch: name the input
            yield Rejected(item.origin, f"could not be cleaned: {_one_line_error(error)}")


def extract_documents(
    items: Iterable[Document | Rejected], extractor: Extractor
) -> Iterator[tuple[Document, list[Event]] | Rejected]:
    """Pair each document with its events, streaming; rejections pass through in order."""
    pending: list[Document] = []

    def flush() -> Iterator[tuple[Document, list[Event]] | Rejected]:
        yield from _extract_or_reject(pending, extractor)
        pending.clear()

    for item in items:
        if isinstance(item, Rejected):
            yield from flush()
            yield item
            continue
        pending.append(item)
        if len(pending) >= 32:
            yield from flush()
    yield from flush()


def _extract_or_reject(
    docs: list[Document], extractor: Extractor
) -> Iterator[tuple[Document, list[Event]] | Rejected]:
    """One batch through the extractor; if it fails, each document alone, so that the one document
    that trips an extractor bug is named and rejected (and picked up by a re-run after the fix)
    while the rest of its batch is kept."""
    try:
        results = list(extractor.extract_many(docs))
    except Exception:  # noqa: BLE001 - any extractor bug: isolate it below
        results = None
    if results is not None:
        yield from zip(docs, results)
        return
    for doc in docs:
        try:
            yield doc, extractor.extract(doc)
        except Exception as error:  # noqa: BLE001 - name the document, keep the batch going
            yield Rejected(doc.origin or doc.id, f"extraction failed: {_one_line_error(error)}")


def _one_line_error(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    events: int = 0
    duplicates: int = 0
    skipped_language: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def ingest(
    paths: list[str],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    on_item: Callable[[Document | Rejected, str], None] | None = None,
) -> IngestReport:
    """Store every readable document of ``paths`` with its events; idempotent."""
    return ingest_inputs(iter_inputs(paths, settings.max_doc_bytes), store, settings, extractor, on_item)


def ingest_inputs(
    inputs: Iterable[RawInput | Rejected],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    on_item: Callable[[Document | Rejected, str], None] | None = None,
) -> IngestReport:
    """Clean, deduplicate, extract and store inputs from any reader; idempotent.

    The one ingest loop: ``ingest`` feeds it files, the watcher feeds it fetched pages. Inputs are
    pulled lazily, so a producer that stops yielding (a watcher asked to shut down) ends the batch
    after the documents already read are stored.
    """
    extractor = extractor or Extractor()
    report = IngestReport()
    index = DuplicateIndex(settings.near_duplicate_threshold)
    for doc_id, content_hash, signature in store.dedup_signatures():
        index.add(doc_id, content_hash, signature)
    def fresh(items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
        """Skip extraction for documents already stored with the same content."""
        for item in items:
            if isinstance(item, Document) and store.is_stored(item.id, item.content_hash):
                report.unchanged += 1
                if on_item:
                    on_item(item, "unchanged")
                continue
            yield item

    for item in extract_documents(fresh(clean_inputs(inputs)), extractor):
        if isinstance(item, Rejected):
            report.rejected.append(item)
            if on_item:
                on_item(item, "rejected")
            continue
        doc, events = item
        match = index.match(doc)
        if match is not None:
            doc.duplicate_of, doc.duplicate_kind = match
            report.duplicates += 1
        if doc.language not in (None, "en"):
            report.skipped_language.append(f"{doc.origin} ({doc.language})")
        try:
            outcome = store.save(doc, events)
        except (DataError, IntegrityError) as error:
            # This document's data (not the database) is the problem: name it, keep the batch going.
            rejection = Rejected(doc.origin or doc.id, f"could not be stored: {_one_line_error(error.orig)}")
            report.rejected.append(rejection)
            if on_item:
                on_item(rejection, "rejected")
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.events += len(events)
        index.add(doc.id, doc.content_hash, doc.minhash)
        if on_item:
            on_item(doc, outcome)
    return report
