"""Exports: one module per format behind one small interface, shared by ``warlog export`` and the API.

Every exporter writes bytes to a binary sink, so the same code fills a file on disk and an HTTP
response. Exporters get events in the store's stable order plus the per-document source metadata
(publisher, url, dates) that ACLED-style formats cite; they never query the store themselves.

Which formats there are, with their names, suffixes and media types, is declared once, in
``formats.py``; the actor network (GraphML/GEXF/JSON) is there too, written from relations by
``warlog.fuse.network``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO, Protocol

from warlog.models import DocumentCitation, Event

# Per document id, what an export cites of it (``Store.document_sources``).
Sources = Mapping[str, DocumentCitation]


class Exporter(Protocol):
    """Writes events in one file format (its name, suffix and media type: ``formats.FORMATS``)."""

    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        """Write every event to ``sink``; return how many were written."""
        ...


def exporter_for(fmt: str) -> Exporter:
    """The exporter of the event format named ``fmt``; ValueError naming the known formats otherwise."""
    from warlog.export.formats import load_exporter, output_format

    return load_exporter(output_format(fmt, "events"))


def export_events(store: Any, fmt: str, flt: Any, sink: BinaryIO) -> int:
    """Write the events of ``store`` matching ``flt`` (an EventFilter) to ``sink`` in format ``fmt``."""
    exporter = exporter_for(fmt)
    return exporter.write(store.iter_events(flt), sink, store.document_sources())
