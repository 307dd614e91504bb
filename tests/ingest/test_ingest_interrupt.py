"""Ctrl-C and SIGTERM in the middle of ``warlog ingest``: a clean stop that says what was stored.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group (here: the child's own
session, as a terminal would), SIGTERM comes from ``kill`` or a service manager to the parent only.
Either way, in one process or with ``--workers 2``: no traceback (the workers ignore SIGINT and the
parent shuts its pool down), no "leaked semaphore" warning, one line naming the counts so far,
exit status 130 (SIGINT) or 143 (SIGTERM), and a consistent store whose document count is the
one the line gives. Each run is bounded in time.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from synthetic_reports import write_reports

from warlog.store import Store

BATCH = 400
STOP_AFTER = 3  # documents stored before the signal
LINE = re.compile(r"^warlog: interrupted by (SIGINT|SIGTERM): (\d+) added, (\d+) updated, (\d+) unchanged, "
                  r"(\d+) rejected, (\d+) duplicates, (\d+) events stored", re.MULTILINE)  # fmt: skip


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("reports")
    write_reports(folder, BATCH)
    return str(folder)


@pytest.mark.parametrize("workers", [1, 2], ids=["one-process", "two-workers"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_ingest_cleanly_and_says_what_was_stored(reports, tmp_path, workers, signum):
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        command = [sys.executable, "-m", "warlog", "ingest", "--quiet", reports, "--db", db, "--workers", str(workers)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True, env={**os.environ, "COLUMNS": "200"})  # fmt: skip
        try:
            deadline = time.monotonic() + 240
            while store.counts().documents < STOP_AFTER:
                assert child.poll() is None, child.communicate()
                assert time.monotonic() < deadline, "ingest stored nothing in time"
                time.sleep(0.1)
            if signum == signal.SIGINT:
                os.killpg(child.pid, signal.SIGINT)  # Ctrl-C: the whole process group
            else:
                child.send_signal(signal.SIGTERM)  # kill PID: the parent only
            _, stderr = child.communicate(timeout=120)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        assert child.returncode == 128 + signum, stderr
        assert "Traceback" not in stderr and "leaked semaphore" not in stderr and "resource_tracker" not in stderr, stderr
        found = LINE.findall(stderr)
        assert len(found) == 1, stderr
        name, added, *_ = found[0]
        assert name == signal.Signals(signum).name
        counts = store.counts()
        assert int(added) == counts.documents and STOP_AFTER <= counts.documents < BATCH, (stderr, counts)
        assert int(found[0][-1]) == counts.events
        assert store.integrity_check() == []
