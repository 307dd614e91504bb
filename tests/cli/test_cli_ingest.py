"""End to end through the real ``warlog`` command on a temporary store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import repo_paths

FIXTURES = repo_paths.FIXTURES / "ingest"
BOILERPLATE = [
    "This website uses cookies", "You might also like", "please support the project", "PayPal",
    "Copyright ©", "fair use", "Disclaimer:", "For media inquiries", "About Niamh Harris",
    "alternative health practitioner", "Comment on Global Research", "Become a Member", "Region: Middle East",
    "Theme: Terrorism", "In-depth Report", "Fact checked by", "Articles by:", "Image: Iraqi Security Forces",
]


def warlog(*args: str, db: str | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "warlog", *args]
    if db is not None:
        command += ["--db", db]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=600, check=False)


def stored_documents(db: str) -> list[dict]:
    result = warlog("documents", "--format", "jsonl", db=db)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


@pytest.mark.slow
def test_ingest_is_idempotent(store_url):
    first = warlog("ingest", "--quiet", str(FIXTURES / "wire_report.txt"), str(FIXTURES / "news_page.html"), db=store_url)
    assert first.returncode == 0, first.stderr.decode()
    assert "2 added" in first.stderr.decode()
    before = stored_documents(store_url)
    second = warlog("ingest", "--quiet", str(FIXTURES / "wire_report.txt"), str(FIXTURES / "news_page.html"), db=store_url)
    assert second.returncode == 0
    assert "0 added, 0 updated, 2 unchanged" in second.stderr.decode()
    assert stored_documents(store_url) == before


@pytest.mark.slow
def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "docs.jsonl").write_text('{"id": "ok1", "text": "Militants attacked a checkpoint in Tikrit."}\n{not json\n')
    good = tmp_path / "good.txt"
    good.write_text((FIXTURES / "wire_report.txt").read_text())
    db = str(tmp_path / "store.db")
    result = warlog("ingest", "--quiet", str(tmp_path), db=db)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in stderr
    for name in ("empty.txt", "binary.txt", "docs.jsonl:2"):
        assert name in stderr, stderr
    assert {d["id"] for d in stored_documents(db)} == {"ok1", "good"}


def test_extract_streams_jsonl_events():
    text = b"Turkish drones struck a car near Qamishli on Monday, killing two SDF fighters.\n"
    result = warlog("extract", "--published", "2024-05-08", "-", stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(events) == 1
    assert events[0]["sub_event_type"] == "Air/drone strike"
    assert events[0]["date"] == "2024-05-06"
    assert events[0]["fatalities"] == 2


@pytest.mark.slow
@pytest.mark.shared("corpus/seeds")
def test_seed_reports(store_url, shared):
    seeds = shared / "corpus" / "seeds"
    result = warlog("ingest", "--quiet", str(seeds), db=store_url)
    assert result.returncode == 0, result.stderr.decode()
    docs = stored_documents(store_url)
    assert len(docs) == 5
    for doc in docs:
        for phrase in BOILERPLATE:
            assert phrase not in doc["text"], (doc["id"], phrase)
    global_research = next(d for d in docs if d["id"].startswith("002"))
    assert global_research["publisher"] == "Global Research"
    assert global_research["published"] == "2017-08-05"
    again = warlog("ingest", "--quiet", str(seeds), db=store_url)
    assert "5 unchanged" in again.stderr.decode()
    assert stored_documents(store_url) == docs


@pytest.mark.slow
def test_two_files_of_one_batch_with_one_name_are_both_kept(tmp_path):
    for folder, text in (("a", "Gunmen shot dead a shepherd near Tal Tamr on Sunday."),
                         ("b", "A drone struck a car near Qamishli on Monday, killing two SDF fighters.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text)
    db = str(tmp_path / "w.db")
    first = warlog("ingest", str(tmp_path / "a"), str(tmp_path / "b"), db=db)
    assert first.returncode == 0 and b"stored as" in first.stderr
    ids = sorted(d["id"] for d in stored_documents(db))
    assert ids[0] == "report" and ids[1].startswith("report-") and len(ids) == 2
    again = warlog("ingest", str(tmp_path / "a"), str(tmp_path / "b"), db=db)
    assert b"0 added, 0 updated, 2 unchanged" in again.stderr
    assert sorted(d["id"] for d in stored_documents(db)) == ids


def test_a_bad_setting_in_the_environment_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WARLOG_MAX_DOC_BYTES", "lots")
    result = warlog("ingest", str(FIXTURES), db=str(tmp_path / "w.db"))
    assert result.returncode == 2
    assert b"WARLOG_MAX_DOC_BYTES" in result.stderr and b"Traceback" not in result.stderr
