"""Getting data out: incidents, the actor network, exports and the API server."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from warlog.cli.common import (
    DbOption,
    TableOrJsonl,
    app,
    err,
    open_store,
    out,
    print_jsonl,
    settings_for,
    with_event_filters,
)
from warlog.store.queries import EventFilter


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"


@app.command()
@with_event_filters
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (- for standard output)")],
    db: DbOption = None,
    flt: EventFilter | None = None,  # filled by @with_event_filters
) -> None:
    """Write the filtered events as ACLED CSV, GeoJSON, JSON Lines or Parquet, or the actor network as
    GraphML or GEXF (of the actors matching --actor)."""
    from warlog.export import export_events

    store, _ = open_store(db)
    if format.value in NETWORK_FORMATS:
        _write_network(store.relations(actor=flt.actor), format.value, output)
        return
    if str(output) == "-":
        n = export_events(store, format.value, flt, sys.stdout.buffer)
    else:
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("wb") as sink:
                n = export_events(store, format.value, flt, sink)
            partial.replace(output)  # a failed export never leaves a truncated file under the real name
        except OSError as error:
            partial.unlink(missing_ok=True)
            err.print(f"warlog: cannot write {output}: {error}", markup=False)
            raise typer.Exit(1) from None
    err.print(f"{n} events written to {output} ({format.value})", markup=False, highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        help="Also answer to this Host name (behind a proxy): NAME, NAME:PORT or *; repeatable, adds to "
        "WARLOG_ALLOWED_HOSTS")] = None,  # fmt: skip
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json); read-only unless WARLOG_API_TOKEN is set."""
    import uvicorn

    from warlog.web.api import create_app

    settings = settings_for(db)
    settings = settings.with_overrides(allowed_hosts=(*settings.allowed_hosts, *(allowed_host or ())))
    try:
        application = create_app(settings.db_url, settings, bound=(host, port))
    except Exception as error:  # noqa: BLE001 - bad URL, unreachable server: one clear line
        err.print(f"[red]warlog: cannot open the store {settings.db_url!r}: {error}[/red]")
        raise typer.Exit(2) from None
    uvicorn.run(application, host=host, port=port, log_level="info")



NETWORK_FORMATS = ("graphml", "gexf", "json")


class NetworkFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


@app.command()
@with_event_filters
def incidents(
    db: DbOption = None,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
    flt: EventFilter | None = None,  # filled by @with_event_filters
    limit: Annotated[int | None, typer.Option(help="At most this many incidents")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first")] = 0,
    regrade: Annotated[bool, typer.Option(help="First re-grade every incident (after editing sources)")] = False,
) -> None:
    """List incidents: the events of all reports grouped by real-world happening, graded."""
    store, _ = open_store(db)
    if regrade:
        err.print(f"{store.regrade_incidents()} incidents re-graded", markup=False, highlight=False)
    rows = store.incidents(flt, limit=limit, offset=offset)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            print_jsonl(row)
        return
    table = Table("id", "date", "type", "actor1", "actor2", "location", "killed", "reports", "indep.", "cred.")
    for row in rows:
        killed = row["fatalities"]
        table.add_row(
            row["id"], row.get("date") or "", row["sub_event_type"], (row.get("actor1") or {}).get("name", ""),
            (row.get("actor2") or {}).get("name", ""), (row.get("location") or {}).get("name", ""),
            "" if killed["best"] is None else f"{killed['best']} ({killed['min']}-{killed['max']})",
            str(len(row["doc_ids"])), str(row["corroboration"]), row["credibility"],
        )  # fmt: skip
    out.print(table)


@app.command()
def network(
    db: DbOption = None,
    format: Annotated[NetworkFormat, typer.Option("--format")] = NetworkFormat.graphml,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (- for standard output)")] = Path("-"),
    actor: Annotated[str | None, typer.Option(help="Only relations of actors whose name contains this")] = None,
) -> None:
    """Export the actor network (who fights, helps and accuses whom) as GraphML, GEXF or JSON."""
    store, _ = open_store(db)
    _write_network(store.relations(actor=actor), format.value, output)


def _write_network(rows: list[dict], fmt: str, output: Path) -> None:
    from warlog.fuse.network import write_network

    if str(output) == "-":
        write_network(rows, fmt, sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8") as handle:
            write_network(rows, fmt, handle)
    except OSError as error:
        err.print(f"warlog: cannot write {output}: {error}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"{len(rows)} relations written to {output} ({fmt})", markup=False, highlight=False)


