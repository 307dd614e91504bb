"""Ingesting while queries run: one ``warlog ingest`` process writes, reader threads query all along.

This is what ``warlog serve`` next to a running ingest does. On SQLite the readers must never see
"database is locked" (WAL lets them read the last committed state while the writer writes) nor
make the writer fail; on PostgreSQL the same. Each reader also checks that what it sees is whole:
a document is visible with all of its events or not at all.
"""

from __future__ import annotations

import subprocess
import threading
import time

from ingest_harness import ingest_command
from synthetic_reports import write_reports

from warlog.store import Store

BATCH = 80
READERS = 3
CHECKED_PER_READ = 10  # documents whose events a reader re-counts each round


def read_continuously(db: str, stop: threading.Event, errors: list[str], seen: list[int]) -> None:
    """Query until told to stop; record every exception and every torn read."""
    with Store(db) as store:
        last = 0
        while not stop.is_set():
            try:
                documents = store.documents()
                for doc in documents[-CHECKED_PER_READ:]:
                    if doc.n_events != len(store.events(doc_id=doc.id)):
                        errors.append(f"document {doc.id}: {doc.n_events} events listed, not all readable")
                store.events(since="2023", country="ML", limit=50)
                store.events(actor="forces", status="asserted")
                store.events(near=(13.6, 25.3), radius_km=300)
                counts = store.counts()
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
                continue
            if counts.documents < last:
                errors.append(f"document count went back from {last} to {counts.documents}")
            last = counts.documents
            seen.append(last)


def test_queries_while_a_batch_is_ingested(tmp_path, store_url):
    reports = tmp_path / "reports"
    write_reports(reports, BATCH, seed=11)
    Store(store_url).close()  # migrated before anyone starts
    stop, errors, seen = threading.Event(), [], []
    readers = [
        threading.Thread(target=read_continuously, args=(store_url, stop, errors, seen)) for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    try:
        started = time.monotonic()
        writer = subprocess.run(ingest_command([str(reports)], store_url), capture_output=True, text=True,
                                timeout=600, check=False)  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=120)
    assert writer.returncode == 0, writer.stderr
    assert f"{BATCH} added" in writer.stderr
    assert "locked" not in writer.stderr
    assert errors == []
    assert len(seen) > READERS * 5, f"only {len(seen)} reads in {elapsed:.0f} s"
    assert any(0 < count < BATCH for count in seen), "no read landed while the batch was half-stored"
    with Store(store_url) as store:
        assert store.counts().documents == BATCH
        assert store.integrity_check() == []
