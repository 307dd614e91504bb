"""Migrations and engine set-up: idempotent, safe when opened concurrently, schema.py kept honest."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, select

from warlog.models import StoreCounts
from warlog.store import Store, make_engine
from warlog.store.engine import database_url
from warlog.store.migrations import LATEST_VERSION, MIGRATIONS, SchemaTooNewError
from warlog.store.schema import metadata, schema_version


def recorded_versions(store: Store) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.execute(select(schema_version.c.version).order_by("version")).scalars())


def test_fresh_database_runs_every_migration_once(store_url):
    with Store(store_url) as first:
        assert first.applied_migrations == [m.version for m in MIGRATIONS]
    with Store(store_url) as second:
        assert second.applied_migrations == []
        assert recorded_versions(second) == [m.version for m in MIGRATIONS]


def test_migration_versions_are_increasing():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_migrated_database_matches_schema_py(store_url):
    """Guards the rule in migrations.py: every change to schema.py needs a matching migration."""
    with Store(store_url) as store:
        inspector = inspect(store.engine)
        assert set(inspector.get_table_names()) == set(metadata.tables)
        for name, table in metadata.tables.items():
            columns = {c["name"]: c for c in inspector.get_columns(name)}
            assert list(columns) == [c.name for c in table.columns], name
            for column in table.columns:
                assert columns[column.name]["nullable"] == column.nullable, (name, column.name)
            indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes(name)}
            expected = {i.name: [c.name for c in i.columns] for i in table.indexes}
            assert indexes == expected, name
            foreign_keys = {
                (fk["referred_table"], tuple(fk["constrained_columns"]))
                for fk in inspector.get_foreign_keys(name)
            }
            expected_fks = {(fk.column.table.name, (fk.parent.name,)) for fk in table.foreign_keys}
            assert foreign_keys == expected_fks, name


def test_concurrent_first_opens_migrate_exactly_once(store_url):
    barrier = threading.Barrier(4)

    def open_store() -> list[int]:
        barrier.wait()
        with Store(store_url) as store:
            return store.applied_migrations

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [future.result() for future in [pool.submit(open_store) for _ in range(4)]]
    assert sorted(results) == [[], [], [], [m.version for m in MIGRATIONS]]
    with Store(store_url) as store:
        assert recorded_versions(store) == [m.version for m in MIGRATIONS]


def test_database_from_a_newer_warlog_is_refused(store_url):
    with Store(store_url) as store, store.engine.begin() as connection:
        connection.execute(
            insert(schema_version).values(version=LATEST_VERSION + 1, description="future", applied_at="-")
        )
    with pytest.raises(SchemaTooNewError, match="newer"):
        Store(store_url)


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("postgresql://u@db.example:5432/warlog", "postgresql+psycopg://u@db.example:5432/warlog"),
        ("postgres://u@db.example/warlog", "postgresql+psycopg://u@db.example/warlog"),
        ("postgresql+psycopg://u@h/w", "postgresql+psycopg://u@h/w"),
        ("sqlite:///rel/warlog.db", "sqlite:///rel/warlog.db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_database_urls(db, expected):
    assert database_url(db) == expected


def test_file_path_creates_parent_directory_and_sets_pragmas(tmp_path):
    path = tmp_path / "nested" / "dir" / "warlog.db"
    engine = make_engine(str(path))
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    engine.dispose()
    assert path.parent.is_dir()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000, "synchronous": 1}


def test_sqlite_url_and_memory_database(tmp_path, sample_batch):
    with Store(f"sqlite:///{tmp_path / 'made' / 'w.db'}") as store:
        store.save(*sample_batch[0])
    assert Path(tmp_path / "made" / "w.db").is_file()
    with Store("sqlite://") as memory:
        memory.save(*sample_batch[0])
        assert memory.counts() == StoreCounts(documents=1, events=1)  # one shared in-memory database
