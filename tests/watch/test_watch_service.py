"""The watcher as a command and a service: --once twice, SIGTERM, resuming, folders, intervals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from loopback_site import serve

from warlog.extract.events import Extractor
from warlog.settings import Settings
from warlog.store import Store
from warlog.store.watch_state import WatchState
from warlog.watch.feeds import FeedTarget, FolderTarget
from warlog.watch.fetch import FetchPolicy
from warlog.watch.poll import Poller
from warlog.watch.service import parse_interval

FAST = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5)


def warlog(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warlog", *args], check=False, capture_output=True,
                          text=True, env=os.environ, timeout=300, **kwargs)  # fmt: skip


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_watch_once_twice_from_the_command_line(tmp_path):
    db = str(tmp_path / "w.db")
    with serve() as site:
        feed = f"{site.base}/wire.rss"
        first = warlog("watch", feed, "--once", "--db", db)
        second = warlog("watch", feed, "--once", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "2 articles fetched" in first.stderr and "2 added" in first.stderr
    assert "1 disallowed by robots.txt" in first.stderr
    assert second.returncode == 0, second.stderr
    assert "(1 not modified)" in second.stderr and "0 added, 0 updated" in second.stderr
    listed = warlog("documents", "--db", db, "--format", "jsonl")
    docs = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted((d["url"].removeprefix(site.base), d["published"]) for d in docs) == [
        ("/news/drone-strike-raqqa.html", "2024-05-14"), ("/news/shelling-idlib.html", "2024-05-15")]


def test_watch_usage_errors_exit_2(tmp_path):
    assert warlog("watch", str(tmp_path / "missing.opml"), "--once").returncode == 2
    bad_interval = warlog("watch", str(tmp_path), "--interval", "soon", "--db", str(tmp_path / "w.db"))
    assert bad_interval.returncode == 2 and "invalid interval 'soon'" in bad_interval.stderr


def test_sigterm_stops_the_service_cleanly_and_a_restart_resumes(tmp_path):
    db = str(tmp_path / "w.db")
    with serve() as site:
        feed = f"{site.base}/wire.rss"
        service = subprocess.Popen([sys.executable, "-m", "warlog", "watch", feed, "--interval", "1h", "--db", db],
                                   stderr=subprocess.PIPE, text=True, env=os.environ)  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(service.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 240
        while not any(line.startswith("poll 1:") for line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0
        reader.join(timeout=5)
        assert any("2 added" in line for line in lines), lines
        restarted = warlog("watch", feed, "--once", "--db", db)
    assert restarted.returncode == 0 and "0 added" in restarted.stderr and "(1 not modified)" in restarted.stderr


def test_a_poll_stopped_mid_feed_resumes_without_refetching(tmp_path, extractor):
    """Stopped while fetching the second article: the first is stored and remembered, the fetch in
    progress is abandoned at once (neither a failure nor seen), the feed's validators are not saved
    (the feed is unfinished), and the next poll fetches only the rest."""
    with serve() as site, Store(str(tmp_path / "w.db")) as store:
        feed = FeedTarget(f"{site.base}/wire.rss")
        stop = threading.Event()
        site.on_get = lambda path: stop.set() if path == "/news/shelling-idlib.html" else None
        interrupted = Poller(store, Settings(), extractor, FAST, stop=stop)
        first = interrupted.poll([feed])
        assert first.ingest.added == 1 and first.fetched == 1 and first.ingest.rejected == []
        assert WatchState(store).feed(feed.url) is None
        assert WatchState(store).seen(f"{site.base}/news/shelling-idlib.html") is None
        site.on_get = None
        resumed = Poller(store, Settings(), extractor, FAST).poll([feed])
    assert resumed.not_modified == 0 and resumed.already_seen == 1 and resumed.ingest.added == 1
    assert len(site.requests_of("/news/drone-strike-raqqa.html")) == 1


def test_folder_watch_reads_new_and_changed_files_only(tmp_path, extractor):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bulletin_one.txt").write_text("Gunmen attacked a checkpoint near Mosul on 2 May 2024, killing two police.")
    with Store(str(tmp_path / "w.db")) as store:
        poller = Poller(store, Settings(), extractor, FAST)
        target = FolderTarget(inbox)
        assert poller.poll([target]).ingest.added == 1
        quiet = poller.poll([target])
        assert quiet.files_read == 0  # untouched files are not even read
        assert (quiet.ingest.added, quiet.ingest.updated, quiet.ingest.unchanged) == (0, 0, 0)
        (inbox / "bulletin_two.txt").write_text("Protesters gathered in Basra on 3 May 2024 over power cuts.")
        changed = inbox / "bulletin_one.txt"
        changed.write_text(changed.read_text() + " Three more were wounded.")
        os.utime(changed, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        later = poller.poll([target])
        assert later.files_read == 2 and (later.ingest.added, later.ingest.updated) == (1, 1)
        assert {doc.id for doc in store.documents()} == {"bulletin_one", "bulletin_two"}


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("90", 90), ("0.5m", 30)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "0s", "-5m", "1w"])
def test_parse_interval_rejects_nonsense(text):
    with pytest.raises(ValueError, match="invalid interval"):
        parse_interval(text)
