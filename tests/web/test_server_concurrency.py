"""Ingesting while a real `warlog serve` answers queries, on SQLite and on PostgreSQL.

`warlog ingest` runs as its own process (its own connections, like an operator's cron job) while
eight client threads send filtered requests to the server. SQLite must serve readers during the
writes (WAL) and never surface "database is locked"; PostgreSQL must behave the same. At the end
the API must list every ingested document.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from serve_process import get_json, warlog_serve

from warlog.store import Store

N_REPORTS = 40
N_CLIENTS = 8
PLACES = ["Idlib", "Aleppo", "Raqqa", "Deir ez-Zor", "Mosul", "Kirkuk", "Homs", "Hama", "Tikrit", "Daraa"]
ACTORS = ["Gunmen", "Militants of the Islamic State", "Government troops", "Unidentified attackers",
          "Fighters of the SDF", "Turkish-backed factions", "Iraqi security forces", "Rebel fighters"]  # fmt: skip
ACTIONS = [
    "attacked a checkpoint near {place}, killing {n} soldiers",
    "shelled the outskirts of {place}, wounding {n} civilians",
    "clashed with rival fighters east of {place}; {n} combatants died",
    "kidnapped {n} farmers from a village outside {place}",
    "detonated a roadside bomb on the road to {place}, killing {n} people",
    "fired rockets at a market in {place} and {n} people were hurt",
]
CLOSINGS = [
    "A local monitor reported the toll.",
    "Residents said the fighting lasted several hours.",
    "The claim could not be independently verified.",
    "Hospital staff confirmed the casualties by telephone.",
    "No group has claimed responsibility so far.",
]
FILTERS = [
    {},
    {"type": "Battles"},
    {"type": "Violence against civilians", "limit": 5},
    {"country": "SY"},
    {"actor": "islamic state"},
    {"since": "2024-02", "until": "2024-06-30"},
    {"near": "36.2,37.1", "radius_km": 150},
    {"status": "reported", "offset": 2, "limit": 3},
]


def _report(index: int) -> str:
    """A short report, different in place, actor, action, toll, date and wording for each index."""
    place = PLACES[index % len(PLACES)]
    action = ACTIONS[index % len(ACTIONS)].format(place=place, n=index % 9 + 2)
    day, month = index % 27 + 1, ["January", "March", "May", "July", "September"][index % 5]
    return (
        f"{place.upper()}, {day} {month} 2024 - {ACTORS[index % len(ACTORS)]} {action}, "
        f"according to a statement issued later that day. {CLOSINGS[index % len(CLOSINGS)]}\n"
    )


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(N_REPORTS):
        (folder / f"report_{index:03d}.txt").write_text(_report(index), encoding="utf-8")
    return folder


class Hammer:
    """Client threads that send a rotating mix of requests until told to stop; tallies every answer."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.stop = threading.Event()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.document_totals: set[int] = set()
        self._lock = threading.Lock()

    def _call(self, path: str) -> dict | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                status, body = response.status, json.load(response)
        except urllib.error.HTTPError as error:
            status, body = error.code, None
            if error.code >= 500:
                self.failures.append(f"{error.code} {path}: {error.read()[:300]!r}")
        except OSError as error:
            status, body = -1, None
            self.failures.append(f"{path}: {error}")
        with self._lock:
            self.statuses[status] += 1
        return body

    def client(self, number: int) -> None:
        for round_ in itertools.count(number):
            if self.stop.is_set():
                return
            events = self._call("/api/events?" + urlencode(FILTERS[round_ % len(FILTERS)]))
            documents = self._call(f"/api/documents?limit=50&offset={round_ % 3}")
            if documents:
                with self._lock:
                    self.document_totals.add(documents["total"])
                for item in documents["items"][:2]:
                    self._call(f"/api/documents/{quote(item['id'], safe='')}")
            if events and events["items"]:
                self._call(f"/api/events/{quote(events['items'][0]['id'], safe='')}")

    def run_while(self, process: subprocess.Popen) -> None:
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(N_CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            process.wait(timeout=540)
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=120)


def test_ingest_while_the_server_answers_queries(store_url, reports, tmp_path):
    Store(store_url).close()  # an empty store with its schema, as after `warlog init`
    server_log, ingest_log = tmp_path / "serve.log", tmp_path / "ingest.log"
    with warlog_serve(store_url, server_log) as base:
        hammer = Hammer(base)
        with ingest_log.open("w") as log:
            ingest = subprocess.Popen(
                [sys.executable, "-m", "warlog", "ingest", "-q", str(reports), "--db", store_url],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            hammer.run_while(ingest)
        final = get_json(base, "/api/documents?limit=1000")
        health = get_json(base, "/api/health")

    ingest_output = ingest_log.read_text()
    assert ingest.returncode == 0, ingest_output
    assert f"{N_REPORTS} added" in ingest_output, ingest_output
    assert not hammer.failures, hammer.failures[:5]
    assert all(0 < status < 500 for status in hammer.statuses), hammer.statuses
    served = sum(hammer.statuses.values())
    assert served >= 10 * N_CLIENTS, f"only {served} requests were answered during the ingest"
    assert len(hammer.document_totals) >= 2, "the clients never saw the ingest progress"
    for log in (server_log, ingest_log):
        assert "database is locked" not in log.read_text().lower(), log.read_text()[-2000:]
        assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
    assert final["total"] == health["documents"] == N_REPORTS
    assert {item["id"] for item in final["items"]} == {f"report_{index:03d}" for index in range(N_REPORTS)}
    assert health["events"] > 0
