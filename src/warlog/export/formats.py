"""The one registry of output formats: every format's name, kind, title, file suffix, media
type and writer, from which ``warlog export``/``warlog network`` take their ``--format`` choices and
the API its ``format`` patterns, suffixes and Content-Types.

Two kinds: event exports (written from events and their documents' sources, by the exporters of
this package) and the actor network (written from relations by ``warlog.fuse.network``). Event
exporters are imported only when used (pyarrow, behind Parquet, is heavy).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Literal

from warlog.fuse import network
from warlog.models import Relation

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NetworkWriter = Callable[[list[Relation], IO[str]], None]


@dataclass(frozen=True)
class OutputFormat:
    name: str  # what --format and ?format= take
    kind: Literal["events", "network"]
    title: str  # how people name it ("GeoJSON")
    suffix: str  # the usual file extension, with its dot
    media_type: str  # the HTTP Content-Type of the output
    exporter: str | None = None  # events: "module:Class" of the exporter, imported when used
    write_network: NetworkWriter | None = None  # network: the writer of relations
    binary: bool = False  # bytes no terminal should get
    placed_only: bool = False  # events without coordinates are left out (points on a map)
    exported: bool = True  # offered by `warlog export` (the JSON network is `warlog network`'s and the API's)


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("acled-csv", "events", "ACLED CSV", ".csv", "text/csv; charset=utf-8",
                 exporter="warlog.export.acled_csv:AcledCsvExporter"),
    OutputFormat("geojson", "events", "GeoJSON", ".geojson", "application/geo+json",
                 exporter="warlog.export.geojson:GeoJsonExporter", placed_only=True),
    OutputFormat("jsonl", "events", "JSON Lines", ".jsonl", "application/x-ndjson",
                 exporter="warlog.export.jsonl:JsonLinesExporter"),
    OutputFormat("parquet", "events", "Parquet", ".parquet", "application/vnd.apache.parquet",
                 exporter="warlog.export.parquet:ParquetExporter", binary=True),
    OutputFormat("graphml", "network", "GraphML", ".graphml", "application/xml",
                 write_network=network.write_graphml),
    OutputFormat("gexf", "network", "GEXF", ".gexf", "application/xml",
                 write_network=network.write_gexf),
    OutputFormat("json", "network", "JSON", ".json", "application/json",
                 write_network=network.write_json, exported=False),
)  # fmt: skip

BY_NAME: dict[str, OutputFormat] = {fmt.name: fmt for fmt in FORMATS}
EVENT_FORMATS: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS if fmt.kind == "events")
NETWORK_FORMATS: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS if fmt.kind == "network")
EXPORT_FORMATS: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS if fmt.exported)
# What `warlog network` writes unless told: a file for Gephi (the API answers JSON by default).
NETWORK_FILE_FORMAT = "graphml"


def output_format(name: str, kind: str | None = None) -> OutputFormat:
    """The format named ``name`` (of ``kind``, if given); ValueError naming the known ones otherwise."""
    known = [fmt.name for fmt in FORMATS if kind is None or fmt.kind == kind]
    if name not in known:
        what = {"events": "export", "network": "network"}.get(kind or "", "output")
        raise ValueError(f"unknown {what} format {name!r}; choose one of {', '.join(sorted(known))}")
    return BY_NAME[name]


def pattern(names: tuple[str, ...]) -> str:
    """A regular expression that matches exactly these names (the API's ``format`` parameters).

    Names are letters, digits and inner hyphens, so they need no escaping (and "\\-", which
    ``re.escape`` would write, is no valid pattern for JavaScript clients of /openapi.json)."""
    assert all(_NAME.match(name) for name in names), names
    return "^(" + "|".join(names) + ")$"


def load_exporter(fmt: OutputFormat) -> Any:
    """A new exporter object of an event format."""
    if fmt.exporter is None:
        raise ValueError(f"{fmt.name} is not an event export format")
    module, _, name = fmt.exporter.partition(":")
    return getattr(importlib.import_module(module), name)()


def write_network(relations: list[Relation], name: str, out: IO[str]) -> None:
    """Write the network of ``relations`` to ``out`` in the network format ``name``."""
    writer = output_format(name, "network").write_network
    assert writer is not None
    writer(relations, out)
