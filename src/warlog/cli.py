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
    try:
        return Settings().with_overrides(db_url=db)
    except ValueError as error:  # a bad WARLOG_* value: one line, usage error
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None


def _open_store(db: str | None):
    from warlog.store import Store

    settings = _settings(db)
    try:
        return Store(settings.db_url), settings
    except Exception as error:  # noqa: BLE001 - connection refused, bad URL, unwritable path: one clear line
        err.print(f"warlog: cannot open the store {settings.db_url!r}: {_first_line(error)}", markup=False, style="red")
        raise typer.Exit(2) from None


def _first_line(error: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy appends SQL and a help link)."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _report_rejections(rejected) -> None:
    """One line per rejected input, even when its name holds a newline (file names may)."""
    for item in rejected:
        line = f"warlog: rejected {item.origin}: {item.reason}"
        visible = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in line)
        err.print(visible, markup=False, highlight=False)


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
    from sqlalchemy.exc import SQLAlchemyError

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
        try:
            with _stage_runner(extractor, StageOptions(), workers, cluster) as runner:
                report = run_ingest(paths or ["-"], store, settings, extractor, on_item=on_item, runner=runner)
        except SQLAlchemyError as error:  # the database itself failed (gone, full): stop, say so
            progress.stop()
            err.print(f"warlog: the store failed, batch stopped (re-run to resume): {_first_line(error)}", markup=False)
            raise typer.Exit(1) from None
    for change in report.renamed:
        err.print(f"warlog: same file name as another document of this batch, stored as {change}", markup=False)
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


SinceOption = Annotated[str | None, typer.Option(help="From this date (YYYY[-MM[-DD]]), inclusive")]
UntilOption = Annotated[str | None, typer.Option(help="Up to this date, inclusive")]
TypeOption = Annotated[str | None, typer.Option("--type", help="ACLED event type")]
SubTypeOption = Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type")]
ActorOption = Annotated[str | None, typer.Option(help="Actor name contains (case-insensitive)")]
CountryOption = Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 country code")]
NearOption = Annotated[str | None, typer.Option(help="LAT,LON")]
RadiusOption = Annotated[float, typer.Option("--radius-km")]
CredibilityOption = Annotated[
    str | None, typer.Option("--min-credibility", help="Admiralty code (C3: source A-C, information 1-3) or a digit (3)")
]
StatusOption = Annotated[str | None, typer.Option(help="asserted, claimed, alleged, reported, ...")]


def _event_filter(since, until, type, sub_type, actor, country, near, radius_km, min_credibility, status):
    """The SPEC filters as an EventFilter; a usage error (exit 2) naming the bad value otherwise."""
    from warlog.store.queries import EventFilter

    try:
        point = tuple(float(x) for x in near.split(",")) if near else None
        if point is not None and len(point) != 2:
            raise ValueError("--near takes LAT,LON")
        return EventFilter(
            since=since, until=until, type=type, sub_type=sub_type, actor=actor, country=country,
            status=status, near=point, radius_km=radius_km if point else None, min_credibility=min_credibility,
        )  # fmt: skip
    except ValueError as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None


@app.command()
def events(
    db: DbOption = None,
    format: Annotated[EventFormat, typer.Option("--format")] = EventFormat.table,
    since: SinceOption = None,
    until: UntilOption = None,
    type: TypeOption = None,
    sub_type: SubTypeOption = None,
    actor: ActorOption = None,
    country: CountryOption = None,
    near: NearOption = None,
    radius_km: RadiusOption = 25.0,
    min_credibility: CredibilityOption = None,
    status: StatusOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many events first")] = 0,
) -> None:
    """List stored events, filtered."""
    flt = _event_filter(since, until, type, sub_type, actor, country, near, radius_km, min_credibility, status)
    store, _ = _open_store(db)
    rows = store.events(flt, limit=limit, offset=offset)
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
    store, _ = _open_store(db)
    _total, rows = store.actors_page(unresolved=unresolved)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            _jsonl(row)
        return
    table = Table("actor", "id", "type", "acts", "acted upon", "documents", "seen as")
    for row in rows:
        table.add_row(row["name"], row["id"] or "", row["type"] or "", str(row["as_actor1"]), str(row["as_actor2"]),
                      str(row["documents"]), "; ".join(row["mentions"]))  # fmt: skip
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
    errors: Annotated[int, typer.Option("--errors", help="How many error lines to list (0: none)")] = 20,
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
        out.print(report.render(max_errors=errors), markup=False, highlight=False)


@app.command()
def watch(
    targets: Annotated[list[str], typer.Argument(help="Feed URLs (RSS/Atom), OPML files, or folders to watch")],
    db: DbOption = None,
    interval: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every target one time and exit")] = False,
    alerts: Annotated[Path | None, typer.Option(help="YAML file of alert rules (see examples/alerts.yaml)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-poll summary")] = False,
) -> None:
    """Poll feeds, OPML lists and folders; ingest new articles and files; deliver alerts."""
    from warlog.watch.alerts import AlertConfigError, load_rules
    from warlog.watch.feeds import NotAFeed, expand_targets
    from warlog.watch.poll import Poller
    from warlog.watch.service import parse_interval, run_service

    try:
        interval_s = parse_interval(interval)
        watched = expand_targets(targets)
        rules = load_rules(alerts) if alerts else []
    except (ValueError, NotAFeed, AlertConfigError) as error:
        err.print(f"warlog: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    store, settings = _open_store(db)

    def on_cycle(cycle) -> None:
        _report_rejections(cycle.poll.ingest.rejected)
        for failure in cycle.alerts.failures if cycle.alerts else []:
            err.print(f"warlog: {failure}", markup=False, highlight=False)
        if not quiet:
            alerts_note = f"; {cycle.alerts.delivered} alerts delivered" if cycle.alerts else ""
            err.print(f"poll {cycle.number}: {cycle.poll.summary()}{alerts_note}", markup=False, highlight=False)

    with store:
        cycles = run_service(Poller(store, settings), watched, rules, interval_s, once, on_cycle)
    if once and any(cycle.poll.ingest.rejected for cycle in cycles):
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (- for standard output)")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    type: TypeOption = None,
    sub_type: SubTypeOption = None,
    actor: ActorOption = None,
    country: CountryOption = None,
    near: NearOption = None,
    radius_km: RadiusOption = 25.0,
    min_credibility: CredibilityOption = None,
    status: StatusOption = None,
) -> None:
    """Write the filtered events as ACLED CSV, GeoJSON, JSON Lines or Parquet, or the actor network as
    GraphML or GEXF (of the actors matching --actor)."""
    from warlog.export import export_events

    flt = _event_filter(since, until, type, sub_type, actor, country, near, radius_km, min_credibility, status)
    store, _ = _open_store(db)
    if format.value in NETWORK_FORMATS:
        _write_network(store.relations(actor=actor), format.value, output)
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
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json); read-only unless WARLOG_API_TOKEN is set."""
    import uvicorn

    from warlog.web.api import create_app

    settings = _settings(db)
    try:
        application = create_app(settings.db_url, settings)
    except Exception as error:  # noqa: BLE001 - bad URL, unreachable server: one clear line
        err.print(f"[red]warlog: cannot open the store {settings.db_url!r}: {error}[/red]")
        raise typer.Exit(2) from None
    uvicorn.run(application, host=host, port=port, log_level="info")


@app.command()
def check(db: DbOption = None) -> None:
    """Check the store's consistency; exit 0 when sound, 1 with each problem listed on stdout."""
    store, _ = _open_store(db)
    with store:
        problems = store.integrity_check()
        counts = store.counts()
    for problem in problems:
        sys.stdout.write(problem + "\n")
    if problems:
        err.print(f"warlog: {len(problems)} problems in {store.db}", markup=False, highlight=False)
        raise typer.Exit(1)
    err.print(f"ok: {counts['documents']} documents, {counts['events']} events, consistent", markup=False,
              highlight=False)  # fmt: skip


NETWORK_FORMATS = ("graphml", "gexf", "json")


class NetworkFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


@app.command()
def incidents(
    db: DbOption = None,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
    since: SinceOption = None,
    until: UntilOption = None,
    type: TypeOption = None,
    sub_type: SubTypeOption = None,
    actor: ActorOption = None,
    country: CountryOption = None,
    near: NearOption = None,
    radius_km: RadiusOption = 25.0,
    min_credibility: CredibilityOption = None,
    status: StatusOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many incidents")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first")] = 0,
    regrade: Annotated[bool, typer.Option(help="First re-grade every incident (after editing sources)")] = False,
) -> None:
    """List incidents: the events of all reports grouped by real-world happening, graded."""
    flt = _event_filter(since, until, type, sub_type, actor, country, near, radius_km, min_credibility, status)
    store, _ = _open_store(db)
    if regrade:
        err.print(f"{store.regrade_incidents()} incidents re-graded", markup=False, highlight=False)
    rows = store.incidents(flt, limit=limit, offset=offset)
    if format is TableOrJsonl.jsonl:
        for row in rows:
            _jsonl(row)
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
    store, _ = _open_store(db)
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


sources_app = typer.Typer(help="The source registry: publisher kind and reliability (A-F).", invoke_without_command=True)
app.add_typer(sources_app, name="sources")
RegistryOption = Annotated[
    Path | None, typer.Option("--registry", help="User override file (default: $WARLOG_SOURCES or config dir)")
]


@sources_app.callback()
def sources_list(
    ctx: typer.Context,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
    registry: RegistryOption = None,
) -> None:
    """List the registry (packaged entries overlaid with yours)."""
    if ctx.invoked_subcommand is not None:
        return
    from warlog.fuse.sources import SourceRegistry

    entries = _load_registry(registry, SourceRegistry).entries.values()
    if format is TableOrJsonl.jsonl:
        for entry in entries:
            _jsonl(entry.to_dict())
        return
    table = Table("name", "kind", "rel.", "party to", "from", "note")
    for entry in entries:
        table.add_row(entry.name, entry.kind or "", entry.reliability, ", ".join(entry.party_to), entry.origin,
                      entry.note)  # fmt: skip
    out.print(table)


def _load_registry(path: Path | None, registry_class):
    try:
        return registry_class.load(path)
    except ValueError as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None


@sources_app.command("set")
def sources_set(
    name: Annotated[str, typer.Argument(help="Publisher name (or alias)")],
    kind: Annotated[str | None, typer.Option(help="wire|national|monitor|party|state|blog")] = None,
    reliability: Annotated[str | None, typer.Option(help="A-F")] = None,
    note: Annotated[str | None, typer.Option(help="Why this grade")] = None,
    party_to: Annotated[list[str] | None, typer.Option("--party-to", help="Actor id it speaks for")] = None,
    domain: Annotated[list[str] | None, typer.Option("--domain", help="Web domain of the publisher")] = None,
    registry: RegistryOption = None,
) -> None:
    """Set (or add) one publisher's kind, reliability and note in your override file."""
    from warlog.fuse.sources import SourceRegistry

    loaded = _load_registry(registry, SourceRegistry)
    try:
        entry = loaded.set(name, kind=kind, reliability=reliability, note=note, party_to=party_to, domains=domain)
    except ValueError as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None
    err.print(
        f"{entry.name}: {entry.kind or '-'} {entry.reliability} ({loaded.user_path}); "
        "run `warlog incidents --regrade` to re-grade stored incidents",
        markup=False, highlight=False,
    )  # fmt: skip


def main() -> None:  # pragma: no cover - console entry point
    app()
