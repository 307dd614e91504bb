"""Exports: one module per format behind one small interface, shared by ``warlog export`` and the API.

Every exporter writes bytes to a binary sink, so the same code fills a file on disk and an HTTP
response. Exporters get events in the store's stable order plus the per-document source metadata
(publisher, url, dates) that ACLED-style formats cite; they never query the store themselves.

The actor network (GraphML/GEXF) is not an event export: it is written from relations by
``warlog.fuse.network``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO, Protocol

from warlog.models import Event

# Per document id: {"publisher", "url", "published", "ingested_at"} (see Store.document_sources).
Sources = Mapping[str, Mapping[str, Any]]


class Exporter(Protocol):
    """Writes events in one file format."""

    format: str  # the name used by --format and /api/export?format=
    media_type: str  # the HTTP Content-Type of the output
    suffix: str  # the usual file extension, with its dot

    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        """Write every event to ``sink``; return how many were written."""
        ...


def exporters() -> dict[str, Exporter]:
    """Every event exporter by format name (imported lazily: pyarrow is heavy)."""
    from warlog.export.acled_csv import AcledCsvExporter
    from warlog.export.geojson import GeoJsonExporter
    from warlog.export.jsonl import JsonLinesExporter
    from warlog.export.parquet import ParquetExporter

    found: list[Exporter] = [AcledCsvExporter(), GeoJsonExporter(), JsonLinesExporter(), ParquetExporter()]
    return {exporter.format: exporter for exporter in found}


EVENT_FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")


def exporter_for(fmt: str) -> Exporter:
    """The exporter named ``fmt``; ValueError naming the known formats otherwise."""
    known = exporters()
    if fmt not in known:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(known))}")
    return known[fmt]


def export_events(store: Any, fmt: str, flt: Any, sink: BinaryIO) -> int:
    """Write the events of ``store`` matching ``flt`` (an EventFilter) to ``sink`` in format ``fmt``."""
    exporter = exporter_for(fmt)
    return exporter.write(store.iter_events(flt), sink, store.document_sources())
