"""Knowledge and upkeep: the gazetteer, the source registry, evaluation against gold, feed watching."""

from __future__ import annotations

import os
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
    out,
    print_jsonl,
    report_rejections,
)
from warlog.cli.group import WarlogGroup
from warlog.cli.tables import Column, print_table

gazetteer_app = typer.Typer(help="Manage the place gazetteer.", cls=WarlogGroup, no_args_is_help=True)
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
        count = import_ocha_csv(path, country) if kind is GazetteerFormat.ocha else import_geonames_dump(path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        err.print(f"warlog: cannot import {path}: {error}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"{count.added} places added from {path} ({count.updated} already there, updated)",
              markup=False, highlight=False)


@gazetteer_app.command("download")
def gazetteer_download(
    countries: Annotated[list[str], typer.Argument(help="ISO country codes, e.g. SY IQ", show_default=False)],
    url: Annotated[str | None, typer.Option(
        "--url", help="Where the <CC>.zip dumps are (default: GeoNames, or $WARLOG_GEONAMES_URL)")] = None,
    checksums: Annotated[Path | None, typer.Option(
        "--checksums", help="Expected SHA-256 per file (sha256sum format); a mismatch imports nothing")] = None,
) -> None:
    """Fetch GeoNames country dumps (every village) and add them to the user gazetteer (set-up, needs the network)."""
    from warlog.resolve.gazetteer_download import (
        GEONAMES_DUMP_URL,
        DownloadError,
        download_countries,
        read_checksums,
    )

    shown: dict[str, int] = {}

    def progress(name: str, done: int, total: int | None) -> None:
        step = done >> 20  # a line per MiB
        if shown.get(name) != step or done == total:
            shown[name] = step
            of = f" of {total / 1e6:.1f} MB" if total else ""
            err.print(f"{name}: {done / 1e6:.1f} MB{of}", markup=False, highlight=False)

    try:
        expected = read_checksums(checksums) if checksums else None
        done = download_countries(countries, url or os.environ.get("WARLOG_GEONAMES_URL") or GEONAMES_DUMP_URL,
                                  expected, progress)
    except (DownloadError, OSError) as error:
        err.print(f"warlog: {error}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    for record in done:
        err.print(f"{record.country}: {record.added} places added, {record.updated} updated "
                  f"(sha256 {record.sha256})", markup=False, highlight=False)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON Lines)")],
    predictions: Annotated[Path | None, typer.Option(help="Predicted events (JSON Lines)")] = None,
    split: Annotated[str | None, typer.Option(help="Only this split of the gold set (dev|test)")] = None,
    corpus: Annotated[
        list[str] | None, typer.Option(help="Documents the gold refers to (document gold without --predictions); for sentence "
                                     "gold that refers to its texts, the shared data folder (default ../shared)")
    ] = None,
    format: Annotated[TableOrJsonl, typer.Option("--format")] = TableOrJsonl.table,
    errors: Annotated[int, typer.Option("--errors", help="How many error lines to list (0: none)")] = 20,
    floors: Annotated[
        Path | None, typer.Option(help="YAML file of floors for the figures: exit 1 when one falls below (CI gate)")
    ] = None,
    floors_section: Annotated[
        str, typer.Option(help="Which section of the floors file applies (floors: the document benchmark)")
    ] = "floors",
) -> None:
    """Score predictions (or warlog's own extraction) against a gold file, per field."""
    from warlog.evaluation_gate import below_floors, load_floors
    from warlog.evaluation_runner import run_evaluation

    try:
        wanted = load_floors(floors, floors_section) if floors else {}
        report = run_evaluation(gold, predictions, split, corpus or [])
    except (OSError, ValueError) as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None
    if format is TableOrJsonl.jsonl:
        print_jsonl(report.to_dict())
    else:
        out.print(report.render(max_errors=errors), markup=False, highlight=False)
    failures = below_floors(report.metrics, wanted)
    for failure in failures:
        err.print(f"warlog: quality gate: {failure}", markup=False, highlight=False)
    if floors and not failures:
        err.print(f"warlog: quality gate: {len(wanted)} figures at or above their floors", markup=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def watch(
    targets: Annotated[list[str], typer.Argument(help="Feed URLs (RSS/Atom), OPML files, or folders to watch")],
    db: DbOption = None,
    interval: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every target one time and exit")] = False,
    alerts: Annotated[Path | None, typer.Option(help="YAML file of alert rules (see examples/alerts.yaml)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-poll summary")] = False,
    fetch_deadline: Annotated[
        str | None, typer.Option(help="Longest one fetch may take, all in (default 30s; $WARLOG_FETCH_DEADLINE)")
    ] = None,
    read_timeout: Annotated[
        str | None, typer.Option(help="Longest wait for one read or connect (default 20s; $WARLOG_FETCH_TIMEOUT)")
    ] = None,
    allow_private_addresses: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            help="Let article links and redirects reach loopback/private addresses off the feed's origin",
        ),
    ] = False,
) -> None:
    """Poll feeds, OPML lists and folders; ingest new articles and files; deliver alerts."""
    from warlog.watch.alerts import AlertConfigError, load_rules
    from warlog.watch.feeds import NotAFeed, expand_targets
    from warlog.watch.poll import Poller
    from warlog.watch.service import parse_interval, run_service, stop_summary

    try:
        interval_s = parse_interval(interval)
        deadline_s = _seconds("--fetch-deadline", fetch_deadline, parse_interval)
        timeout_s = _seconds("--read-timeout", read_timeout, parse_interval)
        watched = expand_targets(targets)
        rules = load_rules(alerts) if alerts else []
    except (ValueError, NotAFeed, AlertConfigError) as error:
        err.print(f"warlog: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    store, settings = open_store(db)
    settings = settings.with_overrides(
        fetch_deadline_s=deadline_s, fetch_timeout_s=timeout_s, allow_private_addresses=allow_private_addresses or None
    )

    def on_cycle(cycle) -> None:
        report_rejections(cycle.poll.ingest.rejected)
        for failure in cycle.alerts.failures if cycle.alerts else []:
            err.print(f"warlog: {failure}", markup=False, highlight=False)
        if not quiet:
            alerts_note = f"; {cycle.alerts.delivered} alerts delivered" if cycle.alerts else ""
            err.print(f"poll {cycle.number}: {cycle.poll.summary()}{alerts_note}", markup=False, highlight=False)

    received: list[str] = []
    with store:
        cycles = run_service(Poller(store, settings), watched, rules, interval_s, once, on_cycle, received)
    err.print(stop_summary(cycles, received), markup=False, highlight=False)
    code = 1 if once and any(cycle.poll.ingest.rejected for cycle in cycles) else 0
    if received:
        _exit_promptly(code)
    if code:
        raise typer.Exit(code)


def _seconds(option: str, text: str | None, parse) -> float | None:
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError:
        raise ValueError(f"{option} {text!r}: not a duration (use e.g. 30s, 1m)") from None


def _exit_promptly(code: int) -> None:
    """Leave at once after a stop signal: the store is closed and the summary printed, so all that is
    left is tearing down the language model object by object, which takes a second or more and
    would make a SIGTERM look ignored. Streams are flushed and atexit handlers run first."""
    import atexit
    import os
    import sys

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)



sources_app = typer.Typer(
    help="The source registry: publisher kind and reliability (A-F).", cls=WarlogGroup, invoke_without_command=True
)
app.add_typer(sources_app, name="sources")
RegistryOption = Annotated[
    Path | None, typer.Option("--registry", help="User override file (default: $WARLOG_SOURCES or config dir)")
]


@sources_app.callback()
def sources_list(
    ctx: typer.Context,
    format: TableOrJsonlOption = TableOrJsonl.table,
    registry: RegistryOption = None,
) -> None:
    """List the registry (packaged entries overlaid with yours)."""
    if ctx.invoked_subcommand is not None:
        return
    from warlog.fuse.sources import SourceRegistry

    entries = _load_registry(registry, SourceRegistry).entries.values()
    if format is TableOrJsonl.jsonl:
        for entry in entries:
            print_jsonl(entry.to_dict())
        return
    print_table(SOURCE_COLUMNS, (
        (entry.name, entry.kind, entry.reliability, ", ".join(entry.party_to), entry.origin, entry.note)
        for entry in entries
    ))  # fmt: skip


SOURCE_COLUMNS = (
    Column("name"), Column("kind", key=True), Column("rel.", key=True), Column("party to", drop=1),
    Column("from", key=True, drop=2), Column("note", drop=3),
)  # fmt: skip


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

