"""Reading and storing reports: extract, ingest, documents, events, actors, check."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warlog.cli.common import (
    ClusterOption,
    DbOption,
    EventFormat,
    EventFormatOption,
    PathsArgument,
    TableOrJsonl,
    TableOrJsonlOption,
    WorkersOption,
    app,
    err,
    first_line,
    open_store,
    open_store_to_read,
    print_jsonl,
    report_rejections,
    settings_for,
    stage_runner,
    with_event_filters,
)
from warlog.cli.tables import Column, print_table
from warlog.store.filters import EventFilter


@app.command()
def extract(
    paths: PathsArgument = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for all inputs")] = None,
    source: Annotated[str | None, typer.Option(help="Publisher name for all inputs")] = None,
    format: TableOrJsonlOption = TableOrJsonl.jsonl,
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

    settings = settings_for()
    rejected, rows = [], []
    extractor = Extractor(include_unasserted=include_unasserted)
    options = StageOptions(fingerprint=False, published=published, source=source)
    with stage_runner(extractor, options, workers, cluster) as runner:
        for item in extract_outcomes(paths or ["-"], settings, extractor, options, runner):
            if not isinstance(item, tuple):
                rejected.append(item)
                continue
            for event in item[1] or []:
                if format is TableOrJsonl.jsonl:
                    print_jsonl(event.to_dict())
                else:
                    rows.append(event)
    if format is TableOrJsonl.table:
        _print_events_table(rows)
    report_rejections(rejected)
    if rejected:
        raise typer.Exit(1)



EVENT_COLUMNS = (
    Column("id", key=True), Column("date", key=True), Column("type"), Column("actor1"), Column("actor2", drop=3),
    Column("location"), Column("killed", key=True, drop=2), Column("status", key=True, drop=1),
    Column("doc", key=True, drop=4),
)  # fmt: skip


def _print_events_table(events) -> None:
    print_table(EVENT_COLUMNS, (
        (event.id, event.date, event.sub_event_type, event.actor1.name if event.actor1 else None,
         event.actor2.name if event.actor2 else None, event.location.name if event.location else None,
         event.fatalities, event.status, event.doc_id)
        for event in events
    ))  # fmt: skip


@app.command()
def ingest(
    paths: PathsArgument = None,
    db: DbOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress spinner (never shown when stderr is not a terminal)")
    ] = False,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
) -> None:
    """Store documents, their events and metadata in the database (idempotent)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn
    from sqlalchemy.exc import SQLAlchemyError

    from warlog.extract.events import Extractor
    from warlog.interrupts import StopRequest
    from warlog.pipeline import ingest as run_ingest
    from warlog.scale.stage import StageOptions

    store, settings = open_store(db)
    # The spinner is for a person watching: redirected to a log, stderr gets the real messages only.
    live = not quiet and err.is_terminal
    stop = StopRequest()
    with stop, Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, disable=not live) as progress:
        task = progress.add_task("ingesting", total=None)
        seen = {"n": 0}

        def on_item(item, outcome) -> None:  # outcome: an IngestOutcome, printed as its word
            seen["n"] += 1
            label = getattr(item, "id", getattr(item, "origin", "?"))
            progress.update(task, description=f"{seen['n']} documents - {outcome}: {label}")

        extractor = Extractor()
        try:
            with stage_runner(extractor, StageOptions(), workers, cluster) as runner:
                report = run_ingest(paths or ["-"], store, settings, extractor, on_item=on_item, runner=runner,
                                    stop=stop)  # fmt: skip
        except SQLAlchemyError as error:  # the database itself failed (gone, full): stop, say so
            progress.stop()
            err.print(f"warlog: the store failed, batch stopped (re-run to resume): {first_line(error)}", markup=False)
            raise typer.Exit(1) from None
    for change in report.renamed:
        err.print(f"warlog: same file name as another document of this batch, stored as {change}", markup=False)
    for notice in report.notices:
        err.print(f"warlog: notice {notice}", markup=False, highlight=False)
    for skipped in report.skipped_language:
        err.print(f"warlog: stored without extraction (not English): {skipped}", markup=False)
    report_rejections(report.rejected)
    summary = (
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.rejected)} rejected, {report.duplicates} duplicates, {report.events} events"
    )
    if stop():  # Ctrl-C or SIGTERM: what was stored, and the shell's exit status for that signal
        err.print(f"warlog: interrupted by {stop.name}: {summary} stored; re-run to finish the batch", markup=False,
                  highlight=False)  # fmt: skip
        raise typer.Exit(stop.exit_code)
    err.print(summary, markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def documents(db: DbOption = None, format: TableOrJsonlOption = TableOrJsonl.table) -> None:
    """List the stored documents."""
    store, _ = open_store_to_read(db)
    rows = store.documents()
    if format is TableOrJsonl.jsonl:
        for row in rows:
            print_jsonl(row.to_dict())
        return
    print_table(DOCUMENT_COLUMNS, (
        (row.id, row.publisher, row.published, row.language, row.title, row.n_events,
         f"{row.duplicate_of} ({row.duplicate_kind})" if row.duplicate_of else None)
        for row in rows
    ))  # fmt: skip


DOCUMENT_COLUMNS = (
    Column("id", key=True), Column("publisher"), Column("published", key=True), Column("lang", key=True, drop=2),
    Column("title"), Column("events", key=True, drop=1), Column("duplicate of", drop=3),
)  # fmt: skip


@app.command()
@with_event_filters
def events(
    db: DbOption = None,
    format: EventFormatOption = EventFormat.table,
    flt: EventFilter | None = None,  # filled by @with_event_filters
    limit: Annotated[int | None, typer.Option(help="At most this many events")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many events first")] = 0,
) -> None:
    """List stored events, filtered."""
    store, _ = open_store_to_read(db)
    rows = store.events(flt, limit=limit, offset=offset)
    if format is EventFormat.jsonl:
        for event in rows:
            print_jsonl(event.to_dict())
    elif format is EventFormat.csv:
        _events_csv(rows)
    else:
        _print_events_table(rows)


def _events_csv(rows) -> None:
    import csv

    from warlog.export.csv_cells import safe_row

    columns = ["id", "doc_id", "date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
               "location", "country", "latitude", "longitude", "geo_precision", "fatalities", "status",
               "claimant", "confidence", "evidence"]  # fmt: skip
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    for e in rows:
        loc = e.location
        writer.writerow(safe_row([
            e.id, e.doc_id, e.date, e.time_precision, e.event_type, e.sub_event_type,
            e.actor1.name if e.actor1 else "", e.actor2.name if e.actor2 else "",
            loc.name if loc else "", loc.country if loc else "", loc.latitude if loc else "",
            loc.longitude if loc else "", loc.geo_precision if loc else "", e.fatalities, e.status,
            e.claimant.name if e.claimant else "", e.confidence, e.evidence.text,
        ]))  # fmt: skip


@app.command()
def actors(
    db: DbOption = None,
    unresolved: Annotated[bool, typer.Option(help="Only actor phrases the dictionary could not resolve")] = False,
    format: TableOrJsonlOption = TableOrJsonl.table,
) -> None:
    """Actors in the stored events, most active first; --unresolved lists unknown actor phrases."""
    store, _ = open_store_to_read(db)
    _total, rows = store.actors_page(unresolved=unresolved)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            print_jsonl(row.to_dict())
        return
    print_table(ACTOR_COLUMNS, (
        (row.name, row.id, row.type, row.as_actor1, row.as_actor2, row.documents, "; ".join(row.mentions))
        for row in rows
    ))  # fmt: skip


ACTOR_COLUMNS = (
    Column("actor"), Column("id", key=True), Column("type", drop=2), Column("acts", key=True),
    Column("acted upon", key=True), Column("documents", key=True, drop=1), Column("seen as", drop=3),
)  # fmt: skip


@app.command()
def check(db: DbOption = None) -> None:
    """Check the store's consistency; exit 0 when sound, 1 with each problem listed on stdout."""
    store, _ = open_store(db)
    with store:
        problems = store.integrity_check()
        counts = store.counts()
    for problem in problems:
        sys.stdout.write(problem + "\n")
    if problems:
        err.print(f"warlog: {len(problems)} problems in {store.db}", markup=False, highlight=False)
        raise typer.Exit(1)
    err.print(f"ok: {counts.documents} documents, {counts.events} events, consistent", markup=False,
              highlight=False)  # fmt: skip


