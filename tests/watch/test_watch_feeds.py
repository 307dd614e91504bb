"""``warlog watch`` against a real HTTP server on loopback: feeds, OPML, robots.txt, conditional GET, retries."""

from __future__ import annotations

import itertools

import pytest
from loopback_site import FIXTURES, Site, serve

from warlog.extract.events import Extractor
from warlog.settings import Settings
from warlog.store import Store
from warlog.store.watch_state import FeedState, WatchState
from warlog.watch.feeds import FeedTarget, expand_targets, parse_feed, read_opml
from warlog.watch.fetch import FetchError, FetchPolicy, PoliteClient
from warlog.watch.poll import Poller, url_doc_id

FAST = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5)
BOILERPLATE = ("cookies", "All rights reserved", "Privacy policy", "You might also like", "Sport", "Weather")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def site():
    with serve() as running:
        yield running


def poller(store: Store, extractor: Extractor) -> Poller:
    return Poller(store, Settings(db_url=store.db), extractor=extractor, policy=FAST)


def test_feed_once_keeps_feed_metadata_drops_boilerplate_and_second_poll_adds_nothing(store_url, site, extractor):
    site.fail_first["/news/shelling-idlib.html"] = 1  # a 500 first: the retry must fetch it
    feed = FeedTarget(f"{site.base}/wire.rss")
    with Store(store_url) as store:
        first = poller(store, extractor).poll([feed])
        docs = {doc.url: doc for doc in store.documents()}

        raqqa, idlib = f"{site.base}/news/drone-strike-raqqa.html", f"{site.base}/news/shelling-idlib.html"
        assert set(docs) == {raqqa, idlib}
        assert first.ingest.added == 2 and first.ingest.rejected == [] and first.disallowed == 1
        assert docs[raqqa].published == "2024-05-14" and docs[idlib].published == "2024-05-15"
        assert docs[raqqa].id == url_doc_id(raqqa)
        assert docs[raqqa].title == "Drone strike hits vehicle on the road west of Raqqa"
        assert docs[raqqa].publisher == "Loopback Wire"
        assert "A drone strike destroyed a pickup truck" in docs[raqqa].text
        for doc in docs.values():
            assert not [phrase for phrase in BOILERPLATE if phrase in doc.text], doc.text
        assert docs[raqqa].n_events >= 1
        assert len(site.requests_of("/news/shelling-idlib.html")) == 2  # 500, then 200

        fetched_before = len(site.requests)
        second = poller(store, extractor).poll([feed])
        assert second.ingest.added == second.ingest.updated == second.fetched == 0
        assert second.not_modified == 1
        assert len(store.documents()) == 2
        feed_requests = site.requests_of("/wire.rss")
        assert feed_requests[-1].headers.get("if-none-match") == '"wire.rss-v1"'
        assert feed_requests[-1].headers.get("if-modified-since") == "Thu, 16 May 2024 20:00:00 GMT"
        assert [r.path for r in site.requests[fetched_before:]] == ["/robots.txt", "/wire.rss"]


def test_robots_txt_is_obeyed_and_requests_name_warlog(tmp_path, site, extractor):
    with Store(str(tmp_path / "w.db")) as store:
        poller(store, extractor).poll([FeedTarget(f"{site.base}/wire.rss")])
    assert "/private/note.html" not in site.paths()
    assert site.paths()[0] == "/robots.txt"
    assert all(r.headers["user-agent"].startswith("warlog/") for r in site.requests)


def test_seen_urls_are_skipped_when_the_feed_changes(tmp_path, site, extractor):
    """Without validators (a server that ignores them) the feed is parsed again, but no article is refetched."""
    feed = FeedTarget(f"{site.base}/wire.rss")
    with Store(str(tmp_path / "w.db")) as store:
        poller(store, extractor).poll([feed])
        WatchState(store).save_feed(FeedState(feed.url))  # forget the validators
        again = poller(store, extractor).poll([feed])
    assert again.not_modified == 0 and again.already_seen == 2 and again.fetched == 0
    assert len(site.requests_of("/news/drone-strike-raqqa.html")) == 1


def test_same_article_under_another_url_is_skipped(tmp_path, site, extractor):
    page = (FIXTURES / "drone_strike_raqqa.html").read_bytes()
    site.extra["/copy.rss"] = (
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Copies</title>
        <item><title>Copy</title><link>{site.base}/mirror/raqqa.html</link></item></channel></rss>""".encode(),
        "application/rss+xml",
    )
    site.extra["/mirror/raqqa.html"] = (page, "text/html")
    with Store(str(tmp_path / "w.db")) as store:
        poller(store, extractor).poll([FeedTarget(f"{site.base}/wire.rss")])
        report = poller(store, extractor).poll([FeedTarget(f"{site.base}/copy.rss")])
        assert report.same_content == 1 and report.ingest.added == 0
        assert WatchState(store).seen(f"{site.base}/mirror/raqqa.html").outcome == "same content"


def test_opml_lists_every_feed_and_atom_entries_are_ingested(tmp_path, site, extractor):
    opml = tmp_path / "feeds.opml"
    opml.write_text((FIXTURES / "feeds.opml").read_text().replace("{base}", site.base))
    assert read_opml(opml) == [f"{site.base}/wire.rss", f"{site.base}/monitor.atom"]
    targets = expand_targets([str(opml)])
    with Store(str(tmp_path / "w.db")) as store:
        report = poller(store, extractor).poll(targets)
        docs = {doc.url: doc for doc in store.documents()}
    assert report.feeds == 2 and report.ingest.added == 3
    clash = docs[f"{site.base}/news/clash-deir-ezzor.html"]
    assert clash.published == "2024-05-16" and clash.publisher == "Loopback Monitor"
    assert "Subscribe" not in clash.text


def test_parse_feed_reads_rss_and_atom_and_rejects_html():
    rss = parse_feed((FIXTURES / "wire.rss").read_text().replace("{base}", "http://h").encode(), "http://h/wire.rss")
    assert rss.title == "Loopback Wire"
    assert [e.published for e in rss.entries][:2] == ["2024-05-14T08:30:00+00:00", "2024-05-15T17:05:00+00:00"]
    atom = parse_feed((FIXTURES / "monitor.atom").read_text().replace("{base}", "http://h").encode(), "http://h/a")
    assert atom.entries[0].url == "http://h/news/clash-deir-ezzor.html"
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        parse_feed((FIXTURES / "private_note.html").read_bytes(), "http://h/page")


def test_expand_targets_names_a_bad_argument(tmp_path):
    with pytest.raises(ValueError, match="nowhere.opml: not a feed URL"):
        expand_targets([str(tmp_path / "nowhere.opml")])
    (tmp_path / "notes.txt").write_text("not xml at all")
    with pytest.raises(ValueError, match="not a readable OPML file"):
        expand_targets([str(tmp_path / "notes.txt")])


# --------------------------------------------------------------------------- the HTTP client alone


def test_last_modified_alone_gives_a_conditional_request(site):
    site.etag_feeds = False
    with PoliteClient(FAST) as client:
        first = client.get(f"{site.base}/wire.rss")
        assert first.status == 200 and first.etag is None
        second = client.get(f"{site.base}/wire.rss", first.etag, first.last_modified)
    assert second.not_modified and second.content == b""
    assert site.requests_of("/wire.rss")[-1].headers["if-modified-since"] == first.last_modified


def test_persistent_5xx_fails_after_bounded_retries(site):
    site.status_for["/news/shelling-idlib.html"] = 503
    with PoliteClient(FAST) as client, pytest.raises(FetchError, match=r"HTTP 503 \(after 3 attempts\)"):
        client.get(f"{site.base}/news/shelling-idlib.html")
    assert len(site.requests_of("/news/shelling-idlib.html")) == 3


def test_responses_over_the_size_limit_are_refused(site):
    client = PoliteClient(FetchPolicy(max_bytes=500, host_delay_s=0))
    with client, pytest.raises(FetchError, match="response too large"):
        client.get(f"{site.base}/news/drone-strike-raqqa.html")


def test_requests_to_one_host_are_spaced_by_the_host_delay(site):
    with PoliteClient(FetchPolicy(host_delay_s=0.5)) as client:
        client.get(f"{site.base}/wire.rss")
        client.get(f"{site.base}/monitor.atom")
    times = [r.at for r in site.requests]  # robots.txt, wire.rss, monitor.atom
    assert len(times) == 3
    # Arrival times on the server: 0.1 s of slack for a loaded machine delaying one request's handling.
    assert all(later - earlier >= 0.4 for earlier, later in itertools.pairwise(times))


def test_failing_robots_txt_closes_the_host_for_now(site):
    site.status_for["/robots.txt"] = 500
    with PoliteClient(FAST) as client, pytest.raises(FetchError, match=r"robots.txt not readable, host skipped: HTTP 500 \(after 3"):
        client.get(f"{site.base}/wire.rss")
    assert "/wire.rss" not in site.paths()
    site.status_for["/robots.txt"] = 404
    with PoliteClient(FAST) as client:
        assert client.allowed(f"{site.base}/private/note.html")


def test_connection_refused_is_a_one_line_fetch_error():
    with serve(Site()) as gone:
        url = f"{gone.base}/wire.rss"
    with PoliteClient(FAST) as client, pytest.raises(FetchError, match="connection failed"):
        client.get(url)
