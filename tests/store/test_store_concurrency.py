"""Concurrent writers on one SQLite file queue for the lock instead of failing with "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from warlog.models import Document, Event, Evidence, Location, Plover, StoreCounts
from warlog.store import Store, make_engine
from warlog.store.engine import run_write
from warlog.store.integrity import default_text_hash


def report(writer: str, number: int) -> tuple[Document, list[Event]]:
    """A small distinct document with two events, so every save is a real multi-row write."""
    body = (
        f"Report {number} from desk {writer}: security forces clashed with gunmen near Gao, "
        f"and a roadside bomb hit a convoy on the Gao-Ansongo road the next day."
    )
    doc = Document(id=f"{writer}-{number:03d}", text=body, content_hash=default_text_hash()(body))
    gao = Location(name="Gao", country="ML", latitude=16.2717, longitude=-0.0447)

    def event(suffix: str, phrase: str, sub_type: str, event_type: str) -> Event:
        start = body.index(phrase)
        return Event(
            id=f"{doc.id}-{suffix}",
            doc_id=doc.id,
            event_type=event_type,
            sub_event_type=sub_type,
            plover=Plover(event="FIGHT"),
            evidence=Evidence(text=phrase, start=start, end=start + len(phrase)),
            date=f"2024-02-{1 + number % 28:02d}",
            location=gao,
        )

    return doc, [
        event("e1", "security forces clashed with gunmen near Gao", "Armed clash", "Battles"),
        event(
            "e2",
            "a roadside bomb hit a convoy",
            "Remote explosive/landmine/IED",
            "Explosions/Remote violence",
        ),
    ]


def test_two_threads_saving_at_once(tmp_path):
    path = str(tmp_path / "shared.db")
    Store(path).close()  # migrate first so the threads race on saves only
    per_thread = 60
    barrier = threading.Barrier(2)

    def writer(name: str) -> list[str]:
        with Store(path) as store:  # a Store per thread, as two processes would have
            barrier.wait()
            return [store.save(*report(name, number)) for number in range(per_thread)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(writer, name) for name in ("alpha", "bravo")]
        outcomes = [outcome for future in futures for outcome in future.result()]  # re-raises
    assert outcomes.count("added") == 2 * per_thread
    with Store(path) as store:
        assert store.counts() == StoreCounts(documents=2 * per_thread, events=4 * per_thread)
        assert store.integrity_check() == []


def test_two_processes_saving_at_once(tmp_path):
    path = str(tmp_path / "shared.db")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store_concurrency import report
        from warlog.store import Store
        with Store({path!r}) as store:
            print(sorted({{str(store.save(*report(sys.argv[1], n))) for n in range(40)}}))
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name in ("proc-a", "proc-b", "proc-c")
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
        assert out.decode().strip() == "['added']"
    with Store(path) as store:
        assert store.counts() == StoreCounts(documents=120, events=240)


def test_write_is_retried_after_database_is_locked(tmp_path):
    path = tmp_path / "locked.db"
    engine = make_engine(str(path))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE attempts (n INTEGER)"))
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    attempts: list[int] = []

    def work(connection) -> str:
        attempts.append(len(attempts) + 1)
        connection.execute(text("INSERT INTO attempts VALUES (:n)"), {"n": len(attempts)})
        if len(attempts) == 1:
            # A real lock conflict: another connection that will not wait runs into our held lock.
            with impatient.connect() as other:
                other.exec_driver_sql("BEGIN IMMEDIATE")
        return "done"

    assert run_write(engine, work) == "done"
    assert attempts == [1, 2]
    with engine.connect() as connection:  # the failed attempt was rolled back, the retry committed
        assert connection.execute(text("SELECT n FROM attempts")).scalars().all() == [2]
    engine.dispose()
    impatient.dispose()


def test_lock_error_is_transient_but_constraint_error_is_not(tmp_path):
    """The retry loop must not hide real errors: only lock conflicts are retried."""
    engine = make_engine(str(tmp_path / "once.db"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE once (n INTEGER PRIMARY KEY)"))
    calls: list[int] = []

    def work(connection) -> None:
        calls.append(1)
        connection.execute(text("INSERT INTO once VALUES (1), (1)"))

    with pytest.raises(IntegrityError):
        run_write(engine, work)
    assert len(calls) == 1
    engine.dispose()
