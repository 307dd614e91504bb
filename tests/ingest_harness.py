"""Run the real ``warlog ingest`` as a child process, and kill it with SIGKILL mid-batch.

Shared by the crash-safety test and ``bench/crash_resume.py``: the child is killed once the store
shows that some, but not all, documents were committed, which is as hard as a crash can land
(no signal handler, no ``finally``, no flush: the kernel just stops the process).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from warlog.store import Store

POLL_SECONDS = 0.1


def ingest_command(paths: list[str], db: str) -> list[str]:
    return [sys.executable, "-m", "warlog", "ingest", "--quiet", *paths, "--db", db]


def run_ingest(paths: list[str], db: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        ingest_command(paths, db), capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


@dataclass
class Killed:
    documents_seen: int  # the count polled just before the kill
    seconds: float  # from start to kill
    returncode: int


def ingest_until_killed(paths: list[str], db: str, after_documents: int, timeout: float = 600) -> Killed:
    """Start ingesting, poll the store, SIGKILL the child once ``after_documents`` are stored.

    Raises if the child finishes by itself first (the batch was too small to be interrupted).
    """
    with Store(db) as store:  # migrated here, so polling never races the child's migration
        started = time.monotonic()
        child = subprocess.Popen(ingest_command(paths, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while True:
                seen = store.counts().documents
                if seen >= after_documents:
                    break
                if child.poll() is not None:
                    raise RuntimeError(f"ingest ended (rc {child.returncode}) before it could be killed: "
                                       + child.stderr.read().decode()[-2000:])  # fmt: skip
                if time.monotonic() - started > timeout:
                    raise TimeoutError(f"only {seen} documents stored after {timeout} s")
                time.sleep(POLL_SECONDS)
            os.kill(child.pid, signal.SIGKILL)
            returncode = child.wait(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stderr.close()
    return Killed(documents_seen=seen, seconds=time.monotonic() - started, returncode=returncode)
