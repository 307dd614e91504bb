"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located event, for QGIS and web maps.

Properties are flat (no nested objects) because QGIS and most GIS tools turn each property into one
attribute column: the ACLED columns, plus warlog's status, confidence and evidence so a map click
shows why the point is there. Events without coordinates have no place on a map and are left out.
Coordinates are [longitude, latitude], as the RFC requires.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from warlog.export import Sources
from warlog.export.acled_csv import acled_row
from warlog.models import DocumentCitation, Event


def feature(event: Event, source: DocumentCitation | None) -> dict[str, Any] | None:
    """The event as a GeoJSON Feature, or None when it has no coordinates."""
    place = event.location
    if place is None or place.latitude is None or place.longitude is None:
        return None
    properties = {
        "id": event.id,
        "doc_id": event.doc_id,
        **acled_row(event, source),
        "status": event.status,
        "claimant": event.claimant.name if event.claimant else None,
        "confidence": event.confidence,
        "injured": event.injured,
        "arrested": event.arrested,
        "evidence": event.evidence.text,
    }
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": properties,
    }


class GeoJsonExporter:
    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        """Stream the collection feature by feature (no whole-file string in memory)."""
        sink.write(b'{"type": "FeatureCollection", "features": [')
        n = 0
        for event in events:
            found = feature(event, sources.get(event.doc_id))
            if found is None:
                continue
            sink.write((b",\n" if n else b"\n") + json.dumps(found, ensure_ascii=False).encode("utf-8"))
            n += 1
        sink.write(b"\n]}\n")
        return n
