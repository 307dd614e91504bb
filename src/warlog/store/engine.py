"""Turn a ``--db`` value into a configured SQLAlchemy engine, and run write transactions safely.

Why this module exists: SQLite and PostgreSQL need different care to be safe under concurrent use.

* SQLite: WAL mode lets readers run while one writer writes; ``busy_timeout`` makes a blocked
  connection wait instead of failing at once; foreign keys are off unless switched on per
  connection. Python's sqlite3 module starts transactions lazily (a deferred ``BEGIN`` upgraded on
  the first write), which is how two writers deadlock into "database is locked". We therefore take
  over transaction control and begin *write* transactions with ``BEGIN IMMEDIATE``, so writers
  queue for the lock up front. Reads still use a plain deferred ``BEGIN`` so they never queue.
* PostgreSQL: ``postgresql://`` URLs are mapped to the psycopg 3 driver, which is the one installed.

``run_write`` retries the whole unit of work when the database reports a transient conflict
("database is locked" on SQLite, serialization failure or deadlock on PostgreSQL).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_ATTEMPTS = 8
_BEGIN_MODE_OPTION = "warlog_sqlite_begin"
_TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def database_url(db: str) -> str:
    """Normalise a ``--db`` value into a SQLAlchemy URL string.

    A value without ``://`` is a file path for SQLite; ``postgresql://`` and ``postgres://`` get the
    psycopg 3 driver because psycopg2 (SQLAlchemy's default for that scheme) is not installed.
    """
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        return f"sqlite:///{path}"
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


def make_engine(db: str) -> Engine:
    """Create an engine for a file path, ``sqlite:///…``, ``sqlite://`` (memory) or ``postgresql://…``."""
    url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    in_memory = url.database in (None, "", ":memory:")
    if in_memory:
        # One shared connection: every new pool connection would otherwise be a fresh, empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    _configure_sqlite(engine, wal=not in_memory)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    """Set the per-connection pragmas and take over BEGIN so write transactions can be IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # isolation_level=None stops the sqlite3 module from issuing its own deferred BEGINs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_MODE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _switch_to_wal(cursor) -> None:
    """Put the database file in WAL mode (persistent, so usually already done).

    Switching needs an exclusive lock and SQLite reports "database is locked" at once, without
    waiting on busy_timeout, when another connection is busy (e.g. migrating a brand-new file), so
    this step waits and retries by itself.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def is_transient(error: DBAPIError) -> bool:
    """Whether retrying the same transaction may succeed (lock contention, not a real error)."""
    if isinstance(error, OperationalError):
        message = str(error.orig).lower()
        if "database is locked" in message or "database is busy" in message:
            return True
    return getattr(error.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


def run_write(engine: Engine, work: Callable[[Connection], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
    """Run ``work(connection)`` in one write transaction, retrying it whole on transient conflicts.

    ``work`` must be safe to repeat: everything it did in a failed attempt was rolled back.
    """
    delay = 0.05
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as connection:
                if engine.dialect.name == "sqlite":
                    connection.execution_options(**{_BEGIN_MODE_OPTION: "IMMEDIATE"})
                with connection.begin():
                    return work(connection)
        except DBAPIError as error:
            if attempt == attempts or not is_transient(error):
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable: the last attempt either returns or raises")
