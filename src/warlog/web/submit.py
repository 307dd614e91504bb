"""Ingesting one posted JSON document through the real pipeline (the API's only write, token-guarded).

The document takes exactly the path a JSON Lines file takes on the command line (read, clean,
deduplicate, extract, store), so the API can never store anything ``warlog ingest`` would not. The
extractor (the spaCy model) is loaded once per application, on the first submission, and used by
one request at a time.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from warlog.ingest.jsonlines import parse_json_line
from warlog.models import IngestOutcome, Rejected
from warlog.settings import Settings
from warlog.store import Store

# The origin a posted document is stored with: no file stands behind it (and no temporary path
# should be stored or shown as if one did).
SUBMITTED_ORIGIN = "POST /api/documents"


class SubmissionError(ValueError):
    """The posted document was rejected; the message says why, in one line."""


class Submitter:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._extractor = None

    def submit(self, body: bytes) -> dict[str, Any]:
        """Ingest one JSON document ({"id", "text"|"html", "url"?, "title"?, ...}); SubmissionError if bad.

        The answer's ``document_id`` is the id as stored: the reader makes ids one line (control
        characters and runs of whitespace become one space), as for any JSON Lines file.
        """
        _document_id(body)
        from warlog.extract.events import Extractor
        from warlog.pipeline import ingest_inputs

        if len(body) > self.settings.max_doc_bytes:
            raise SubmissionError(f"oversized: {len(body):,} bytes, over the limit of {self.settings.max_doc_bytes:,} bytes")
        # One JSON line, as the body would be in a file (a raw line break inside a string is read as a space).
        raw = parse_json_line(body.replace(b"\r", b" ").replace(b"\n", b" "), SUBMITTED_ORIGIN, "")
        if isinstance(raw, Rejected):
            raise SubmissionError(raw.reason)
        if not raw.doc_id:
            raise SubmissionError('the document needs an "id" (a non-empty string)')
        with self._lock:
            if self._extractor is None:
                self._extractor = Extractor()
            outcomes: list[IngestOutcome] = []
            report = ingest_inputs([raw], self.store, self.settings, extractor=self._extractor,
                                   on_item=lambda _item, outcome: outcomes.append(outcome))  # fmt: skip
        if report.rejected:
            raise SubmissionError(report.rejected[0].reason)
        stored = self.store.document(raw.doc_id)
        if stored is None:  # pragma: no cover - ingest stores or rejects, never neither
            raise SubmissionError("the document was neither stored nor rejected")
        return {"document_id": raw.doc_id, "outcome": outcomes[-1].value, "events": stored.n_events,
                "duplicate_of": stored.duplicate_of}  # fmt: skip


def _document_id(body: bytes) -> str:
    """The document's own id: required, since a posted document has no file name to fall back on."""
    try:
        record = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SubmissionError(f"the body is not JSON: {error}") from None
    if not isinstance(record, dict):
        raise SubmissionError(f"expected one JSON object, got {type(record).__name__}")
    doc_id = record.get("id")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or not str(doc_id).strip():
        raise SubmissionError('the document needs an "id" (a non-empty string)')
    return str(doc_id).strip()
