"""Crash safety: ``kill -9`` in the middle of a 300-document batch, then run the batch again.

The store must be consistent right after the kill (each document is one transaction: stored with
all of its events or not at all), and the re-run must complete the batch: exactly 300 documents,
the same events as an uninterrupted run (nothing missing, nothing twice), integrity check clean.
On SQLite (WAL) and on PostgreSQL.
"""

from __future__ import annotations

import re
import signal

import pytest
from ingest_harness import ingest_until_killed, run_ingest
from synthetic_reports import write_reports

from warlog.store import Store

BATCH = 300
KILL_AFTER = 30  # documents committed before the kill: some, far from all


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("reports")
    write_reports(folder, BATCH)
    return str(folder)


@pytest.fixture(scope="module")
def uninterrupted(reports, tmp_path_factory) -> set[tuple[str, str]]:
    """(document id, event id) of every event an uninterrupted run stores."""
    db = str(tmp_path_factory.mktemp("reference") / "reference.db")
    result = run_ingest([reports], db)
    assert result.returncode == 0, result.stderr
    assert f"{BATCH} added" in result.stderr and " 0 duplicates" in result.stderr, result.stderr
    with Store(db) as store:
        return {(event.doc_id, event.id) for event in store.events()}


def test_kill_9_mid_batch_then_rerun_completes_it(reports, uninterrupted, store_url):
    killed = ingest_until_killed([reports], store_url, after_documents=KILL_AFTER)
    assert killed.returncode == -signal.SIGKILL
    with Store(store_url) as store:
        at_kill = store.counts()
        assert KILL_AFTER <= at_kill.documents < BATCH, "the kill must land mid-batch"
        assert store.integrity_check() == []

    resumed = run_ingest([reports], store_url)
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    summary = re.search(r"(\d+) added, (\d+) updated, (\d+) unchanged", resumed.stderr)
    added, updated, unchanged = (int(n) for n in summary.groups())
    assert (added, updated, unchanged) == (BATCH - at_kill.documents, 0, at_kill.documents)

    with Store(store_url) as store:
        assert store.counts().documents == BATCH
        stored = [(event.doc_id, event.id) for event in store.events()]
        assert len(stored) == len(set(stored))
        assert set(stored) == uninterrupted
        assert store.integrity_check() == []

    again = run_ingest([reports], store_url)
    assert f"0 added, 0 updated, {BATCH} unchanged" in again.stderr
