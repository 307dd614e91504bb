"""A slow server cannot hold the watcher: every fetch ends by its deadline, a stop ends it at once.

The hostile server is real (``loopback_site``'s ``slow`` paths drip one byte per second, in the
headers or in the body, for hours if let), so these tests measure what a user would see: when the
poll gets past the slow entry, what happened to the good one, and how long SIGTERM or Ctrl-C take.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

import pytest
from loopback_site import Site, rss_of, serve

from warlog.extract.events import Extractor
from warlog.settings import Settings
from warlog.store import Store
from warlog.watch.deliver import Alert, DeliveryError, WebhookChannel
from warlog.watch.feeds import FeedTarget
from warlog.watch.fetch import DeadlineExceeded, FetchError, FetchPolicy, PoliteClient, Stopped
from warlog.watch.poll import Poller

DEADLINE_S = 1.5
BOUNDED = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5, deadline_s=DEADLINE_S)
GOOD = "/news/drone-strike-raqqa.html"
SLOW = "/news/slow.html"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def slow_site(part: str) -> Site:
    site = Site()
    site.slow[SLOW] = part
    return site


@pytest.mark.parametrize("part", ["headers", "body"])
def test_one_fetch_ends_by_its_deadline(part):
    with serve(slow_site(part)) as site, PoliteClient(BOUNDED) as client:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match=f"deadline of {DEADLINE_S:g} s exceeded"):
            client.get(site.base + SLOW)
        elapsed = time.monotonic() - started
    assert DEADLINE_S <= elapsed < DEADLINE_S + 0.6, elapsed
    assert len(site.requests_of(SLOW)) == 1  # no retry once the deadline is spent


@pytest.mark.parametrize("part", ["headers", "body"])
def test_poll_gets_past_a_slow_article_and_stores_the_good_entry(tmp_path, extractor, part):
    with serve(slow_site(part)) as site, Store(str(tmp_path / "w.db")) as store:
        site.extra["/mixed.rss"] = rss_of("Mixed", [site.base + SLOW, site.base + GOOD])
        report = Poller(store, Settings(), extractor, BOUNDED).poll([FeedTarget(site.base + "/mixed.rss")])
        urls = [doc.url for doc in store.documents()]
    slow_asked, good_asked = site.requests_of(SLOW)[0].at, site.requests_of(GOOD)[0].at
    assert DEADLINE_S - 0.1 <= good_asked - slow_asked < DEADLINE_S + 0.6  # the slow entry cost its deadline
    assert urls == [site.base + GOOD]
    assert [(r.origin, r.reason) for r in report.ingest.rejected] == [
        (site.base + SLOW, f"article not fetched: deadline of {DEADLINE_S:g} s exceeded")]  # fmt: skip


def test_a_slow_feed_does_not_hold_the_next_feed(tmp_path, extractor):
    with serve(slow_site("headers")) as site, Store(str(tmp_path / "w.db")) as store:
        site.slow["/slow.rss"] = "headers"
        started = time.monotonic()
        report = Poller(store, Settings(), extractor, BOUNDED).poll(
            [FeedTarget(site.base + "/slow.rss"), FeedTarget(site.base + "/wire.rss")]
        )
        assert site.requests_of("/wire.rss")[0].at - started < DEADLINE_S + 0.6
        assert report.ingest.added == 2
    assert [r.reason for r in report.ingest.rejected] == [f"feed not fetched: deadline of {DEADLINE_S:g} s exceeded"]


def test_a_stop_ends_a_slow_fetch_within_a_fraction_of_a_second():
    stop = threading.Event()
    patient = FetchPolicy(host_delay_s=0.0, timeout_s=60, deadline_s=60)
    with serve(slow_site("body")) as site, PoliteClient(patient, stop=stop) as client:
        threading.Timer(1.0, stop.set).start()
        started = time.monotonic()
        with pytest.raises(Stopped):
            client.get(site.base + SLOW)
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 1.5, elapsed


def test_a_stop_ends_the_wait_between_retries():
    stop = threading.Event()
    patient = FetchPolicy(host_delay_s=0.0, backoff_s=30, deadline_s=120)
    with serve() as site, PoliteClient(patient, stop=stop) as client:
        site.status_for["/wire.rss"] = 503
        threading.Timer(0.5, stop.set).start()
        started = time.monotonic()
        with pytest.raises(Stopped):
            client.get(site.base + "/wire.rss")
        assert time.monotonic() - started < 1.0


def test_a_slow_webhook_costs_at_most_the_deadline():
    with serve(slow_site("headers")) as site:
        site.slow["/hook"] = "headers"
        hook = WebhookChannel(site.base + "/hook", FetchPolicy(deadline_s=DEADLINE_S, attempts=1))
        started = time.monotonic()
        with pytest.raises(DeliveryError, match=f"deadline of {DEADLINE_S:g} s exceeded"):
            hook.send(Alert("rule", "event", "ev-1", "a test alert"))
        assert time.monotonic() - started < DEADLINE_S + 0.6


def test_a_stop_ends_a_slow_webhook_post():
    with serve(slow_site("headers")) as site:
        site.slow["/hook"] = "headers"
        hook = WebhookChannel(site.base + "/hook", FetchPolicy(deadline_s=60))
        threading.Timer(0.5, hook.stop.set).start()
        started = time.monotonic()
        with pytest.raises(DeliveryError, match="stopped by request"):
            hook.send(Alert("rule", "event", "ev-1", "a test alert"))
        assert time.monotonic() - started < 1.0
        assert len(site.requests_of("/hook")) == 1


@pytest.mark.parametrize(("sig", "part"), [(signal.SIGTERM, "headers"), (signal.SIGINT, "body")], ids=["SIGTERM-headers", "SIGINT-body"])
def test_the_service_stops_within_2_s_during_a_slow_read_with_a_summary(tmp_path, sig, part):
    """A real ``warlog watch`` process: the good entry is fetched, the slow one is being read (its
    deadline a minute away) when the signal comes; the process stores the good entry, prints its
    poll line and the stop summary, and exits 0, all within 2 s of the signal."""
    with serve(slow_site(part)) as site:
        site.extra["/mixed.rss"] = rss_of("Mixed", [site.base + GOOD, site.base + SLOW])
        command = [sys.executable, "-m", "warlog", "watch", site.base + "/mixed.rss", "--interval", "1h",
                   "--fetch-deadline", "60s", "--db", str(tmp_path / "w.db")]  # fmt: skip
        service = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ)
        try:
            waited = time.monotonic() + 240  # start-up and the language model on a loaded machine
            while not site.requests_of(SLOW) and time.monotonic() < waited and service.poll() is None:
                time.sleep(0.05)
            assert site.requests_of(SLOW), "the slow article was never asked for"
            time.sleep(0.3)  # well inside the slow read
            signalled = time.monotonic()
            service.send_signal(sig)
            code = service.wait(timeout=30)
            stop_time = time.monotonic() - signalled
        finally:
            service.kill()
        lines = service.stderr.read().splitlines()
    print(f"{sig.name} ({part}) stop time: {stop_time:.2f} s")
    assert code == 0, lines
    assert stop_time < 2.0, (stop_time, lines)
    assert any(line.startswith("poll 1:") and "1 added" in line for line in lines), lines
    assert f"watch stopped by {sig.name} after 1 poll: 1 feeds polled, 1 documents stored, 0 failures" in lines


def test_the_limits_come_from_settings_and_the_environment(monkeypatch):
    monkeypatch.setenv("WARLOG_FETCH_DEADLINE", "12.5")
    monkeypatch.setenv("WARLOG_FETCH_TIMEOUT", "4")
    monkeypatch.setenv("WARLOG_ALLOW_PRIVATE_ADDRESSES", "yes")
    policy = FetchPolicy.from_settings(Settings())
    assert (policy.deadline_s, policy.timeout_s, policy.allow_private_addresses) == (12.5, 4.0, True)
    monkeypatch.delenv("WARLOG_ALLOW_PRIVATE_ADDRESSES")
    defaults = FetchPolicy.from_settings(Settings().with_overrides(fetch_deadline_s=3.0))
    assert (defaults.deadline_s, defaults.allow_private_addresses) == (3.0, False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, made by the openssl command (skipped without it)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    return cert, key


def test_https_through_the_guarded_socket_layer_and_its_slow_body(certificate, monkeypatch):
    """TLS handshake and reads go through the same sliced, deadline-bound socket calls."""
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # the client trusts the test certificate, as a user's CA
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    with serve(slow_site("body"), tls=server_side) as site, PoliteClient(BOUNDED) as client:
        page = client.get(site.base + GOOD)
        assert page.status == 200 and b"Raqqa" in page.content
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            client.get(site.base + SLOW)
        assert time.monotonic() - started < DEADLINE_S + 0.6


def test_a_tls_handshake_that_never_comes_ends_by_the_deadline():
    """A listener that accepts and says nothing: the handshake (no HTTP yet) is bounded too."""
    with socket.create_server(("127.0.0.1", 0)) as listener, PoliteClient(BOUNDED) as client:
        listener.listen()
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/feed.rss"
        started = time.monotonic()
        with pytest.raises(FetchError, match=f"robots.txt not readable, host skipped: deadline of {DEADLINE_S:g} s"):
            client.get(url)  # robots.txt is the first request to the host
        assert DEADLINE_S <= time.monotonic() - started < DEADLINE_S + 0.6
