"""What every command shares: the Typer app, consoles, option types, store opening, filters and
error reporting (one line per problem, SPEC exit codes)."""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
import typing
from contextlib import contextmanager
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console

from warlog.cli.group import WarlogGroup
from warlog.settings import Settings
from warlog.store.filters import PUBLIC_FILTERS, EventFilter, parse_filters

app = typer.Typer(
    name="warlog",
    help="Turn reports about armed conflict into a structured, geolocated, source-attributed event database.",
    cls=WarlogGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Output(Console):
    """Standard output. Rich's own answer to a closed pipe is ``SystemExit(1)``; handing the
    BrokenPipeError on lets ``WarlogGroup.invoke`` end the command the one way every output takes
    (exit 0, nothing on stderr)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


out = _Output(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def version() -> str:
    """The installed distribution's version; the package's own when warlog runs from a source tree
    that was never installed (PYTHONPATH=src)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("warlog")
    except PackageNotFoundError:
        from warlog import __version__

        return __version__


def _print_version(requested: bool) -> None:
    if requested:
        sys.stdout.write(f"warlog {version()}\n")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Options of ``warlog`` itself (before the command name)."""


class TableOrJsonl(str, Enum):
    table = "table"
    jsonl = "jsonl"


class EventFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


# What --format table prints, where it matters (see cli/tables.py for why).
_TABLE_HELP = "table: fitted to the terminal; through a pipe or into a file, tab-separated with a header, values whole"
TableOrJsonlOption = Annotated[
    TableOrJsonl, typer.Option("--format", help=f"table or jsonl ({_TABLE_HELP})")
]
EventFormatOption = Annotated[
    EventFormat, typer.Option("--format", help=f"table, jsonl or csv ({_TABLE_HELP})")
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite path or SQLAlchemy URL (default: $WARLOG_DB, else warlog.db in the user data folder)"),
]
PathsArgument = Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for standard input")]
WorkersOption = Annotated[
    int, typer.Option("--workers", min=1, help="Processes for cleaning and extraction (1: this process)")
]
ClusterOption = Annotated[
    str | None,
    typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786), or 'local' for a LocalCluster of --workers"),
]


def settings_for(db: str | None = None) -> Settings:
    try:
        return Settings().with_overrides(db_url=db)
    except ValueError as error:  # a bad WARLOG_* value: one line, usage error
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None


def open_store(db: str | None):
    from warlog.store import Store

    settings = settings_for(db)
    try:
        return Store(settings.db_url), settings
    except Exception as error:  # noqa: BLE001 - connection refused, bad URL, unwritable path: one clear line
        err.print(f"warlog: cannot open the store {settings.db_url!r}: {first_line(error)}", markup=False, style="red")
        raise typer.Exit(2) from None


def open_store_to_read(db: str | None):
    """``open_store`` for the listing commands, which on the default store (no --db, no WARLOG_DB)
    first make sure there is something to list: a new user who has not ingested anything yet, or who
    ingested into another store, gets one line on stderr naming the store looked at and how to pick
    one, instead of an empty table. Exit 0: an empty result is not an error.

    A missing default store is not created just to be read (opening a Store creates and migrates
    it), so a mistyped command leaves no empty database behind."""
    on_default = db is None and not os.environ.get("WARLOG_DB")
    if on_default:
        path = settings_for(db).db_url
        if not os.path.exists(path):
            _no_documents(f"no store at {path} yet")
    store, settings = open_store(db)
    if on_default and store.counts().documents == 0:
        _no_documents(f"the store {settings.db_url} holds no documents")
    return store, settings


def _no_documents(situation: str) -> typing.NoReturn:
    err.print(
        f"warlog: {situation}; add reports with `warlog ingest PATH`, or read another store with --db PATH "
        "or WARLOG_DB=PATH",
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip
    raise typer.Exit(0)


def first_line(error: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy appends SQL and a help link)."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def report_rejections(rejected) -> None:
    """One line per rejected input, even when its name holds a newline (file names may)."""
    for item in rejected:
        line = f"warlog: rejected {item.origin}: {item.reason}"
        visible = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in line)
        err.print(visible, markup=False, highlight=False)


def print_jsonl(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")



@contextmanager
def stage_runner(extractor, options, workers: int, cluster: str | None):
    """The scale backend for --workers/--cluster; an unreachable cluster is a usage error (exit 2)."""
    from warlog.scale.backends import ClusterUnavailable, stage_runner

    try:
        with stage_runner(extractor, options, workers, cluster) as runner:
            yield runner
    except ClusterUnavailable as error:
        err.print(f"warlog: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _filter_option(spec) -> object:
    """The typer option of one filter of the table (``store/filters.py``)."""
    kind = spec.type if spec.default is not None else spec.type | None
    return Annotated[kind, typer.Option(spec.option, help=spec.help_for(lambda other: other.option))]


def event_filter(**options) -> EventFilter:
    """The SPEC filters as an EventFilter; a usage error (exit 2) naming the bad value otherwise."""
    try:
        return parse_filters(options)
    except ValueError as error:
        err.print(f"warlog: {error}", markup=False)
        raise typer.Exit(2) from None


# The SPEC section 2 filters, in the order --help lists them, with their defaults: made from the table.
FILTER_OPTIONS: dict[str, tuple[object, object]] = {
    spec.name: (_filter_option(spec), spec.default) for spec in PUBLIC_FILTERS
}


def with_event_filters(command):
    """Give a command the SPEC filter options (--since ... --status), declared once here, and hand it
    the parsed ``flt: EventFilter`` instead (exit 2 naming a bad value, see ``event_filter``). The
    options come from the filter table (``store/filters.py``), the one declaration of the filters."""
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p.replace(annotation=hints[p.name]) for p in inspect.signature(command).parameters.values()
           if p.name != "flt"]
    filters = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
               for name, (annotation, default) in FILTER_OPTIONS.items()]

    @functools.wraps(command)
    def with_filters(**options):
        flt = event_filter(**{name: options.pop(name) for name in FILTER_OPTIONS})
        return command(flt=flt, **options)

    parameters = own + filters
    with_filters.__signature__ = inspect.Signature(parameters, return_annotation=None)
    with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_filters
