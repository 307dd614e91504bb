"""Sentence gold that refers to its texts instead of holding them.

Sentences labelled from data we may not copy into the repository (``../shared``: the real-report corpus,
the event_location news sentences) are stored as references: ``{"id", "ref": {"source": "event_location",
"id": ...}}`` or ``{"ref": {"source": "real", "doc_id": ..., "start": ..., "end": ...}}`` with a short
verbatim ``anchor`` (the sentence's first words). ``resolve_texts`` fills each record's ``text`` from the
shared folder at scoring time and checks the anchor, so a moved or edited source fails loudly instead of
scoring the wrong sentence.
"""

from __future__ import annotations

import json
import os
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

EVENT_LOCATION = Path("data") / "event_location" / "labeled_text.jsonl.zip"
REAL_REPORTS = Path("corpus") / "real" / "reports.jsonl"


def default_shared() -> Path:
    """``$WARLOG_SHARED``, else the ``shared`` folder beside the repository."""
    return Path(os.environ.get("WARLOG_SHARED") or Path(__file__).resolve().parents[3] / "shared")


@cache
def _event_location_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    return {record["_id"]: record["text"] for record in records}


@cache
def _real_texts(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {doc["id"]: doc["text"] for doc in map(json.loads, handle)}


def _text_of(ref: dict[str, Any], shared: Path) -> str:
    source = ref.get("source")
    if source == "event_location":
        return _event_location_texts(shared / EVENT_LOCATION)[ref["id"]]
    if source == "real":
        return _real_texts(shared / REAL_REPORTS)[ref["doc_id"]][ref["start"] : ref["end"]]
    raise ValueError(f"unknown sentence source {source!r}")


def resolve_texts(gold: list[dict[str, Any]], shared: Path | None = None) -> list[dict[str, Any]]:
    """The records with ``text`` filled in from their ``ref`` (records that have a text are kept)."""
    shared = shared or default_shared()
    resolved = []
    for record in gold:
        if "text" in record or "ref" not in record:
            resolved.append(record)
            continue
        try:
            text = _text_of(record["ref"], shared)
        except (OSError, KeyError) as error:
            raise ValueError(f"{record['id']}: cannot read its sentence from {shared}: {error}") from None
        anchor = " ".join(str(record.get("anchor", "")).split())
        if anchor and not " ".join(text.split()).startswith(anchor):
            raise ValueError(f"{record['id']}: the source text no longer starts with its anchor {anchor!r}")
        resolved.append({**record, "text": text})
    return resolved
