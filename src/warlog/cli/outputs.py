"""Getting data out: incidents, the actor network, exports and the API server."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from warlog.cli.common import (
    DbOption,
    TableOrJsonl,
    TableOrJsonlOption,
    app,
    err,
    open_store,
    open_store_to_read,
    print_jsonl,
    settings_for,
    with_event_filters,
)
from warlog.cli.tables import Column, print_table
from warlog.export.formats import (
    EXPORT_FORMATS,
    NETWORK_FILE_FORMAT,
    NETWORK_FORMATS,
    output_format,
    write_network,
)
from warlog.models import Actor, Fatalities, Location, Relation
from warlog.store.filters import EventFilter


def _choices(name: str, formats: tuple[str, ...]) -> type[Enum]:
    """A --format choice of the output format registry's names (``export/formats.py``)."""
    return Enum(name, {fmt.replace("-", "_"): fmt for fmt in formats}, type=str)


ExportFormat = _choices("ExportFormat", EXPORT_FORMATS)
NetworkFormat = _choices("NetworkFormat", NETWORK_FORMATS)
_DEFAULT_NETWORK_FORMAT = NetworkFormat(NETWORK_FILE_FORMAT)


@app.command()
@with_event_filters
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; standard output when omitted or -")
    ] = None,
    db: DbOption = None,
    flt: EventFilter | None = None,  # filled by @with_event_filters
) -> None:
    """Write the filtered events (ACLED CSV, GeoJSON, JSON Lines, Parquet) or the actor network
    (GraphML, GEXF: the actors matching --actor) to a file or standard output.

    Without -o (or with -o -) the data goes to standard output and the summary to stderr, so a
    redirection (> events.geojson) or a pipe gets the data alone. Parquet is binary: it goes to
    standard output only when that is not a terminal.
    """
    from warlog.export import export_events

    to_stdout = output is None or str(output) == "-"
    if to_stdout and output_format(format.value).binary and sys.stdout.isatty():
        err.print(f"warlog: {format.value} is binary and standard output is a terminal: pass -o FILE (or redirect "
                  "it)", markup=False, highlight=False)  # fmt: skip
        raise typer.Exit(2)
    store, _ = open_store(db)
    if format.value in NETWORK_FORMATS:
        _write_network(store.relations(actor=flt.actor), format.value, Path("-") if to_stdout else output)
        return
    if to_stdout:
        n = export_events(store, format.value, flt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
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
    target = "standard output" if to_stdout else output
    err.print(f"{n} events written to {target} ({format.value})", markup=False, highlight=False)
    if output_format(format.value).placed_only:
        _report_unmapped(store.count_events(flt), n, format.value)


def _report_unmapped(matching: int, mapped: int, fmt: str) -> None:
    """A format of points only (GeoJSON): say how many matching events had no coordinates and were
    left out, rather than let a map look complete when it is not."""
    if matching > mapped:
        title = output_format(fmt).title
        err.print(f"{matching - mapped} of {matching} events have no coordinates and are not in the {title}",
                  markup=False, highlight=False)  # fmt: skip


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        help="Also answer to this Host name (behind a proxy): NAME, NAME:PORT or *; repeatable, adds to "
        "WARLOG_ALLOWED_HOSTS")] = None,
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



@app.command()
@with_event_filters
def incidents(
    db: DbOption = None,
    format: TableOrJsonlOption = TableOrJsonl.table,
    flt: EventFilter | None = None,  # filled by @with_event_filters
    limit: Annotated[int | None, typer.Option(help="At most this many incidents")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first")] = 0,
    regrade: Annotated[bool, typer.Option(help="First re-grade every incident (after editing sources)")] = False,
) -> None:
    """List incidents: the events of all reports grouped by real-world happening, graded."""
    store, _ = open_store_to_read(db)
    if regrade:
        err.print(f"{store.regrade_incidents()} incidents re-graded", markup=False, highlight=False)
    rows = store.incidents(flt, limit=limit, offset=offset)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            print_jsonl(row.to_dict())
        return
    print_table(INCIDENT_COLUMNS, (
        (row.id, row.date, row.sub_event_type, _name(row.actor1), _name(row.actor2), _name(row.location),
         _killed(row.fatalities), len(row.doc_ids), row.corroboration, row.credibility)
        for row in rows
    ))  # fmt: skip


INCIDENT_COLUMNS = (
    Column("id", key=True), Column("date", key=True), Column("type"), Column("actor1"), Column("actor2", drop=2),
    Column("location"), Column("killed", key=True, drop=3), Column("reports", key=True, drop=5),
    Column("indep.", key=True, drop=4), Column("cred.", key=True, drop=1),
)  # fmt: skip


def _name(named: Actor | Location | None) -> str | None:
    return named.name if named is not None else None


def _killed(fatalities: Fatalities) -> str | None:
    """Best figure and range: "3 (3-4)"."""
    best = fatalities.best
    return None if best is None else f"{best} ({fatalities.min}-{fatalities.max})"


@app.command()
def network(
    db: DbOption = None,
    format: Annotated[NetworkFormat, typer.Option("--format")] = _DEFAULT_NETWORK_FORMAT,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (- for standard output)")] = Path("-"),
    actor: Annotated[str | None, typer.Option(help="Only relations of actors whose name contains this")] = None,
) -> None:
    """Export the actor network (who fights, helps and accuses whom) as GraphML, GEXF or JSON."""
    store, _ = open_store(db)
    _write_network(store.relations(actor=actor), format.value, output)


def _write_network(rows: list[Relation], fmt: str, output: Path) -> None:
    if str(output) == "-":
        write_network(rows, fmt, sys.stdout)
        sys.stdout.flush()
    else:
        try:
            with output.open("w", encoding="utf-8") as handle:
                write_network(rows, fmt, handle)
        except OSError as error:
            err.print(f"warlog: cannot write {output}: {error}", markup=False)
            raise typer.Exit(1) from None
    target = "standard output" if str(output) == "-" else output
    err.print(f"{len(rows)} relations written to {target} ({fmt})", markup=False, highlight=False)


