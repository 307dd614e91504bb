"""The ``warlog`` command: parse options, call the pipeline, the store and the scorer, map errors to
messages and exit codes (SPEC section 2: 0 success, 1 some inputs rejected, 2 usage error).

This layer holds no logic of its own; everything it prints comes from records the stages return.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from warlog.settings import Settings

app = typer.Typer(
    name="warlog",
    help="Turn reports about armed conflict into a structured, geolocated, source-attributed event database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class TableOrJsonl(str, Enum):
    table = "table"
    jsonl = "jsonl"


class EventFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or SQLAlchemy URL (default: $WARLOG_DB)")]
PathsArgument = Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for standard input")]
WorkersOption = Annotated[
    int, typer.Option("--workers", min=1, help="Processes for cleaning and extraction (1: this process)")
]
ClusterOption = Annotated[
    str | None,
    typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786), or 'local' for a LocalCluster of --workers"),
]


def _settings(db: str | None = None) -> Settings:
    return Settings().with_overrides(db_url=db)


def _open_store(db: str | None):
    from warlog.store import Store

    settings = _settings(db)
    try:
        return Store(settings.db_url), settings
    except Exception as error:  # connection refused, bad URL, unwritable path: one clear line
        err.print(f"[red]warlog: cannot open the store {settings.db_url!r}: {error}[/red]")
        raise typer.Exit(2) from None


def _report_rejections(rejected) -> None:
    for item in rejected:
        err.print(f"warlog: rejected {item.origin}: {item.reason}", markup=False, highlight=False)


def _jsonl(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
def extract(
    paths: PathsArgument = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for all inputs")] = None,
    source: Annotated[str | None, typer.Option(help="Publisher name for all inputs")] = None,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.jsonl,
    include_unasserted: Annotated[
        bool, typer.Option(help="Also emit planned, hypothetical and negated mentions")
    ] = False,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
) -> None:
    """Documents in, events out (stateless; JSON Lines on stdout)."""
    from warlog.extract.events import Extractor
    from warlog.pipeline import extract_outcomes
    from warlog.scale.stage import StageOptions

    settings = _settings()
    rejected, rows = [], []
    extractor = Extractor(include_unasserted=include_unasserted)
    options = StageOptions(fingerprint=False, published=published, source=source)
    with _stage_runner(extractor, options, workers, cluster) as runner:
        for item in extract_outcomes(paths or ["-"], settings, extractor, options, runner):
            if not isinstance(item, tuple):
                rejected.append(item)
                continue
            for event in item[1] or []:
                if format is TableOrJsonl.jsonl:
                    _jsonl(event.to_dict())
                else:
                    rows.append(event)
    if format is TableOrJsonl.table:
        out.print(_events_table(rows))
    _report_rejections(rejected)
    if rejected:
        raise typer.Exit(1)


@contextmanager
def _stage_runner(extractor, options, workers: int, cluster: str | None):
    """The scale backend for --workers/--cluster; an unreachable cluster is a usage error (exit 2)."""
    from warlog.scale.backends import ClusterUnavailable, stage_runner

    try:
        with stage_runner(extractor, options, workers, cluster) as runner:
            yield runner
    except ClusterUnavailable as error:
        err.print(f"warlog: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _events_table(events) -> Table:
    table = Table("date", "type", "actor1", "actor2", "location", "killed", "status", "doc")
    for event in events:
        table.add_row(
            event.date or "",
            event.sub_event_type,
            event.actor1.name if event.actor1 else "",
            event.actor2.name if event.actor2 else "",
            event.location.name if event.location else "",
            "" if event.fatalities is None else str(event.fatalities),
            event.status,
            event.doc_id,
        )
    return table


@app.command()
def ingest(
    paths: PathsArgument = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output")] = False,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
) -> None:
    """Store documents, their events and metadata in the database (idempotent)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from warlog.extract.events import Extractor
    from warlog.pipeline import ingest as run_ingest
    from warlog.scale.stage import StageOptions

    store, settings = _open_store(db)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, disable=quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        seen = {"n": 0}

        def on_item(item, outcome: str) -> None:
            seen["n"] += 1
            label = getattr(item, "id", getattr(item, "origin", "?"))
            progress.update(task, description=f"{seen['n']} documents - {outcome}: {label}")

        extractor = Extractor()
        with _stage_runner(extractor, StageOptions(), workers, cluster) as runner:
            report = run_ingest(paths or ["-"], store, settings, extractor, on_item=on_item, runner=runner)
    for skipped in report.skipped_language:
        err.print(f"warlog: stored without extraction (not English): {skipped}", markup=False)
    _report_rejections(report.rejected)
    summary = (
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.rejected)} rejected, {report.duplicates} duplicates, {report.events} events"
    )
    err.print(summary, markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def documents(db: DbOption = None, format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table) -> None:
    """List the stored documents."""
    store, _ = _open_store(db)
    rows = store.documents()
    if format is TableOrJsonl.jsonl:
        for row in rows:
            _jsonl(row)
        return
    table = Table("id", "publisher", "published", "lang", "title", "events", "duplicate of")
    for row in rows:
        table.add_row(
            row["id"],
            row.get("publisher") or "",
            row.get("published") or "",
            row.get("language") or "",
            (row.get("title") or "")[:60],
            str(row.get("n_events", "")),
            f"{row['duplicate_of']} ({row['duplicate_kind']})" if row.get("duplicate_of") else "",
        )
    out.print(table)


@app.command()
def events(
    db: DbOption = None,
    format: Annotated[EventFormat, typer.Option("--format")] = EventFormat.table,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY[-MM[-DD]]), inclusive")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive")] = None,
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type")] = None,
    sub_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name contains (case-insensitive)")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 country code")] = None,
    near: Annotated[str | None, typer.Option(help="LAT,LON")] = None,
    radius_km: Annotated[float, typer.Option("--radius-km")] = 25.0,
    status: Annotated[str | None, typer.Option(help="asserted, claimed, alleged, reported, ...")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events")] = None,
) -> None:
    """List stored events, filtered."""
    store, _ = _open_store(db)
    try:
        point = tuple(float(x) for x in near.split(",")) if near else None
        if point is not None and len(point) != 2:
            raise ValueError("--near takes LAT,LON")
        rows = store.events(
            since=since, until=until, type=type, sub_type=sub_type, actor=actor, country=country,
            status=status, near=point, radius_km=radius_km if point else None, limit=limit,
        )
    except ValueError as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None
    if format is EventFormat.jsonl:
        for event in rows:
            _jsonl(event.to_dict())
    elif format is EventFormat.csv:
        _events_csv(rows)
    else:
        out.print(_events_table(rows))


def _events_csv(rows) -> None:
    import csv

    columns = ["id", "doc_id", "date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
               "location", "country", "latitude", "longitude", "geo_precision", "fatalities", "status",
               "claimant", "confidence", "evidence"]  # fmt: skip
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    for e in rows:
        loc = e.location
        writer.writerow([
            e.id, e.doc_id, e.date, e.time_precision, e.event_type, e.sub_event_type,
            e.actor1.name if e.actor1 else "", e.actor2.name if e.actor2 else "",
            loc.name if loc else "", loc.country if loc else "", loc.latitude if loc else "",
            loc.longitude if loc else "", loc.geo_precision if loc else "", e.fatalities, e.status,
            e.claimant.name if e.claimant else "", e.confidence, e.evidence.text,
        ])  # fmt: skip


@app.command()
def actors(
    db: DbOption = None,
    unresolved: Annotated[bool, typer.Option(help="Only actor phrases the dictionary could not resolve")] = False,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
) -> None:
    """Actors in the stored events, most active first; --unresolved lists unknown actor phrases."""
    from warlog.resolve.actor_summary import summarise_actors

    store, _ = _open_store(db)
    rows = summarise_actors(store.events(), unresolved=unresolved)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            _jsonl(row.to_dict())
        return
    table = Table("actor", "id", "type", "acts", "acted upon", "documents", "seen as")
    for row in rows:
        data = row.to_dict()
        table.add_row(row.name, row.id or "", row.type or "", str(row.as_actor1), str(row.as_actor2),
                      str(data["documents"]), "; ".join(data["mentions"]))  # fmt: skip
    out.print(table)


gazetteer_app = typer.Typer(help="Manage the place gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


class GazetteerFormat(str, Enum):
    geonames = "geonames"
    ocha = "ocha"


@gazetteer_app.command("import")
def gazetteer_import(
    path: Annotated[Path, typer.Argument(help="A GeoNames country dump (SY.txt) or an OCHA-style CSV")],
    format: Annotated[GazetteerFormat | None, typer.Option("--format", help="Default: by file extension")] = None,
    country: Annotated[str, typer.Option(help="ISO2 country of an OCHA CSV")] = "SY",
) -> None:
    """Add village-level places to the user gazetteer (loaded on top of the packaged one)."""
    from warlog.resolve.gazetteer import import_geonames_dump, import_ocha_csv

    kind = format or (GazetteerFormat.ocha if path.suffix.lower() == ".csv" else GazetteerFormat.geonames)
    try:
        added = import_ocha_csv(path, country) if kind is GazetteerFormat.ocha else import_geonames_dump(path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        err.print(f"warlog: cannot import {path}: {error}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"{added} places added from {path}", markup=False, highlight=False)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON Lines)")],
    predictions: Annotated[Path | None, typer.Option(help="Predicted events (JSON Lines)")] = None,
    split: Annotated[str | None, typer.Option(help="Only this split of a sentence gold set (dev|test)")] = None,
    corpus: Annotated[
        list[str] | None, typer.Option(help="Documents the gold refers to (for document gold without --predictions)")
    ] = None,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
) -> None:
    """Score predictions (or warlog's own extraction) against a gold file, per field."""
    from warlog.evaluation_runner import run_evaluation

    try:
        report = run_evaluation(gold, predictions, split, corpus or [])
    except (OSError, ValueError) as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None
    if format is TableOrJsonl.jsonl:
        _jsonl(report.to_dict())
    else:
        out.print(report.render(), markup=False, highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()
