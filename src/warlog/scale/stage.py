"""The per-document stage that runs on workers: clean, then extract, one chunk at a time.

Everything a worker needs travels with the call (the chunk, the ``Extractor`` options, the
``StageOptions``); the models do not: they load once per process, on first use or in
``warm_up``, and stay cached in their modules. So a chunk is cheap to ship and the same
function serves a local process pool, a Dask cluster and the in-process path alike.

A worker never fails a chunk: any exception while cleaning or extracting becomes a
``Rejected`` for the one document that raised it, and its neighbours are extracted again one by
one, so their events are exactly those of a clean run.
"""

from __future__ import annotations

from dataclasses import dataclass

from warlog.extract.events import Extractor
from warlog.ingest.clean import clean_document
from warlog.models import Document, Event, RawInput, Rejected

# What a worker returns per input, in input order. ``events`` is None for a document whose content
# is already stored (the caller counts it as unchanged without extracting it again).
Outcome = Rejected | tuple[Document, list[Event] | None]

_WARM_UP_TEXT = (
    "Government forces shelled the town of Maarat al-Numan in Idlib with artillery on Monday, "
    "killing two civilians, a monitor said."
)


@dataclass(frozen=True)
class StageOptions:
    """How documents are prepared before extraction; pickled to every worker with each chunk.

    ``fingerprint``: compute the MinHash (ingest deduplicates; the stateless extract does not).
    ``published``/``source``: metadata given on the command line for every input.
    """

    fingerprint: bool = True
    published: str | None = None
    source: str | None = None


def apply_overrides(doc: Document, options: StageOptions) -> Document:
    """Command-line metadata wins over what the input or the text said; recorded as its source."""
    if options.published:
        doc.published = options.published
        doc.metadata_sources["published"] = "command line"
    if options.source:
        doc.publisher = options.source
        doc.metadata_sources["publisher"] = "command line"
    return doc


def warm_up(extractor: Extractor) -> None:
    """Load every model (spaCy, gazetteer, dictionaries, language identifier) in this process now.

    Run once per worker process (pool initializer, ``Client.run``), so that the first chunk is
    not slower than the rest and timings stay flat.
    """
    raw = RawInput(doc_id="warm-up", origin="warm-up", text=_WARM_UP_TEXT)
    doc = clean_document(raw)
    if isinstance(doc, Document):
        extractor.extract(doc)


def clean_one(item: RawInput | Rejected, options: StageOptions) -> Document | Rejected:
    """Clean one input; a cleaner error names the input instead of failing the chunk."""
    if isinstance(item, Rejected):
        return item
    try:
        cleaned = clean_document(item, fingerprint=options.fingerprint)
    except Exception as error:  # noqa: BLE001 - one bad input must not fail its chunk
        return Rejected(item.origin, f"could not be cleaned: {one_line_error(error)}")
    return apply_overrides(cleaned, options) if isinstance(cleaned, Document) else cleaned


def process_chunk(
    items: list[RawInput | Rejected],
    extractor: Extractor,
    options: StageOptions,
    known_hashes: dict[str, str] | None = None,
) -> list[Outcome]:
    """Clean and extract ``items``; one outcome per item, in order.

    ``known_hashes`` maps document ids to the content hash already stored: such a document is
    returned with ``events=None`` instead of being extracted again.
    """
    known_hashes = known_hashes or {}
    cleaned = [clean_one(item, options) for item in items]
    to_extract = [
        doc for doc in cleaned
        if isinstance(doc, Document) and known_hashes.get(doc.id) != doc.content_hash
    ]
    extracted = {id(doc): events for doc, events in zip(to_extract, extract_isolated(to_extract, extractor))}
    outcomes: list[Outcome] = []
    for doc in cleaned:
        events = extracted.get(id(doc)) if isinstance(doc, Document) else doc
        if isinstance(events, Rejected):
            outcomes.append(events)
        else:
            outcomes.append((doc, events))  # events None: already stored, not extracted again
    return outcomes


def extract_isolated(docs: list[Document], extractor: Extractor) -> list[list[Event] | Rejected]:
    """Events per document, in order: batched, and one by one after a failure, so that only the
    document that raised is rejected."""
    try:
        return list(extractor.extract_many(docs))
    except Exception:  # noqa: BLE001 - find the document that raised below; the others still count
        results: list[list[Event] | Rejected] = []
    for doc in docs:
        try:
            results.append(extractor.extract(doc))
        except Exception as error:  # noqa: BLE001 - this document only
            results.append(Rejected(doc.origin or doc.id, f"extraction failed: {one_line_error(error)}"))
    return results


def one_line_error(error: BaseException) -> str:
    """An exception as one line ("ValueError: first line of the message"), for one-line rejections."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
