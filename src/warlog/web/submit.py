"""Ingesting one posted JSON document through the real pipeline (the API's only write, token-guarded).

The document takes exactly the path a JSON Lines file takes on the command line (read, clean,
deduplicate, extract, store), so the API can never store anything ``warlog ingest`` would not. The
extractor (the spaCy model) is loaded once per application, on the first submission, and used by
one request at a time.
"""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from warlog.settings import Settings
from warlog.store import Store


class SubmissionError(ValueError):
    """The posted document was rejected; the message says why, in one line."""


class Submitter:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._extractor = None

    def submit(self, body: bytes) -> dict[str, Any]:
        """Ingest one JSON document ({"id", "text"|"html", "url"?, "title"?, ...}); SubmissionError if bad."""
        doc_id = _document_id(body)
        from warlog.extract.events import Extractor
        from warlog.pipeline import ingest

        with self._lock, tempfile.TemporaryDirectory(prefix="warlog-post-") as directory:
            path = Path(directory) / "posted.jsonl"
            path.write_bytes(body.replace(b"\r", b" ").replace(b"\n", b" ") + b"\n")
            if self._extractor is None:
                self._extractor = Extractor()
            report = ingest([str(path)], self.store, self.settings, extractor=self._extractor)
        if report.rejected:
            raise SubmissionError(report.rejected[0].reason)
        stored = self.store.document(doc_id)
        if stored is None:  # pragma: no cover - ingest stores or rejects, never neither
            raise SubmissionError("the document was neither stored nor rejected")
        outcome = "added" if report.added else "updated" if report.updated else "unchanged"
        return {"document_id": doc_id, "outcome": outcome, "events": stored["n_events"],
                "duplicate_of": stored["duplicate_of"]}  # fmt: skip


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
