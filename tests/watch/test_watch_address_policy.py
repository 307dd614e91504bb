"""Server-side request forgery: links and redirects never reach internal addresses off the feed's origin.

A second loopback server stands in for "internal" (an admin port, a metadata service): it counts
the requests that reach it and must count none. Addresses outside loopback (10.x, 169.254.x...) are
never contacted at all: the classifier is tested alone, and a redirect pointing there must be
refused before connecting; an audit hook on ``socket.connect`` fails any attempt to connect
outside 127.0.0.0/8 and ::1, so a regression here cannot send a packet anywhere.
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
import sys
import threading

import pytest
from loopback_site import Site, rss_of, serve

from warlog.extract.events import Extractor
from warlog.settings import Settings
from warlog.store import Store
from warlog.watch.feeds import FeedTarget
from warlog.watch.fetch import Disallowed, FetchPolicy, PoliteClient, Refused
from warlog.watch.guard import internal_kind
from warlog.watch.poll import Poller

FAST = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5, deadline_s=10)
GOOD = "/news/drone-strike-raqqa.html"
CONNECTED: list[str] = []
GUARDING = threading.Event()  # set only while this module's tests run: other tests may use other hosts (a PG server)


def _only_loopback(event: str, args: tuple) -> None:
    """Audit hook: every connect made during these tests is recorded, and refused unless it is to loopback."""
    if event != "socket.connect" or not GUARDING.is_set() or not isinstance(args[1], tuple):
        return
    host = str(args[1][0]).split("%", 1)[0]
    CONNECTED.append(host)
    address = ipaddress.ip_address(host)
    if not (address.is_loopback or (address.version == 6 and address.ipv4_mapped and address.ipv4_mapped.is_loopback)):
        raise RuntimeError(f"test tried to connect to {host}: only loopback is allowed")


sys.addaudithook(_only_loopback)  # hooks cannot be removed: GUARDING turns it off outside this module


@pytest.fixture(autouse=True)
def only_loopback_connects():
    GUARDING.set()
    try:
        yield
    finally:
        GUARDING.clear()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def sites():
    """(the feed's site, the internal server) on two ports of 127.0.0.1."""
    with serve() as site, serve(Site()) as internal:
        yield site, internal


def internal_links(internal: Site) -> list[str]:
    port = internal.base.rsplit(":", 1)[1]
    return [
        f"http://127.0.0.1:{port}/admin",  # another port of the feed's own host
        f"http://localhost:{port}/admin",
        f"http://2130706433:{port}/admin",  # decimal 127.0.0.1
        f"http://0x7f000001:{port}/admin",  # hex
        f"http://127.1:{port}/admin",  # short form
        f"http://0.0.0.0:{port}/admin",  # reaches the local host on Linux
        f"http://[::ffff:127.0.0.1]:{port}/admin",  # IPv4-mapped IPv6: the IPv4 listener answers it
        f"http://good@127.0.0.1:{port}/admin",
        f"http://0177.0.0.1:{port}/admin",  # octal: not even a valid URL for httpx
        f"ftp://127.0.0.1:{port}/admin",
        "file:///etc/passwd",
    ]


def test_feed_links_to_internal_addresses_are_never_fetched(tmp_path, sites, extractor):
    site, internal = sites
    same_host_trick = f"{site.base}@127.0.0.1:{internal.base.rsplit(':', 1)[1]}/admin"  # user "127.0.0.1", password = the feed's port
    links = [*internal_links(internal), same_host_trick, site.base + GOOD]
    site.extra["/links.rss"] = rss_of("Links", links)
    with Store(str(tmp_path / "w.db")) as store:
        report = Poller(store, Settings(), extractor, FAST).poll([FeedTarget(site.base + "/links.rss")])
        stored = [doc.url for doc in store.documents()]
    assert internal.requests == []
    assert stored == [site.base + GOOD]  # the feed's own origin is allowed
    reasons = {item.origin: item.reason for item in report.ingest.rejected}
    file_link = next(origin for origin in reasons if origin.startswith("file:"))  # feedparser drops a slash
    assert sorted(reasons) == sorted([link for link in links[:-1] if not link.startswith("file:")] + [file_link])
    assert all(reason.startswith("article not fetched: refused: ") for reason in reasons.values()), reasons
    assert "127.0.0.1 is a loopback address" in reasons[links[0]]
    assert "2130706433 (127.0.0.1) is a loopback address" in reasons[links[2]]
    assert "0.0.0.0 is an unspecified address" in reasons[links[5]]
    assert "not an http(s) URL" in reasons[file_link]
    assert report.refused == len(links) - 1


def test_the_same_links_do_reach_the_internal_server_when_allowed(tmp_path, sites, extractor):
    """The control: with --allow-private-addresses the internal server is reached, so the count above means something."""
    site, internal = sites
    site.extra["/links.rss"] = rss_of("Links", internal_links(internal)[:4])
    policy = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5, allow_private_addresses=True)
    with Store(str(tmp_path / "w.db")) as store:
        Poller(store, Settings(), extractor, policy).poll([FeedTarget(site.base + "/links.rss")])
    assert internal.paths().count("/admin") == 4


def test_redirects_to_internal_addresses_or_other_schemes_are_refused(sites):
    site, internal = sites
    port = internal.base.rsplit(":", 1)[1]
    site.redirects.update({
        "/go/internal": f"{internal.base}/admin",
        "/go/localhost": f"http://localhost:{port}/admin",
        "/go/relative-host": f"//2130706433:{port}/admin",
        "/go/file": "file:///etc/passwd",
        "/go/ftp": f"ftp://127.0.0.1:{port}/",
        "/go/private": "http://10.0.0.1/admin",
        "/go/metadata": "http://169.254.169.254/latest/meta-data/",
        "/go/v6-local": "http://[fe80::1]/",
    })  # fmt: skip
    with PoliteClient(FAST) as client:
        for path in site.redirects:
            with pytest.raises(Refused, match="refused: ") as refusal:
                client.get(site.base + path)
            assert "redirect to a non-http(s) URL" in str(refusal.value) or "address" in str(refusal.value)
    assert internal.requests == []
    assert not [host for host in CONNECTED if host.startswith(("10.", "169.254.", "fe80"))]
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == list(site.redirects)


def test_a_redirect_chain_longer_than_the_limit_is_refused(sites):
    site, internal = sites
    for hop in range(7):
        site.redirects[f"/chain/{hop}"] = f"/chain/{hop + 1}"
    site.redirects["/chain/7"] = f"{internal.base}/admin"
    with PoliteClient(FAST) as client, pytest.raises(Refused, match="more than 5 redirects"):
        client.get(site.base + "/chain/0")
    assert site.paths().count("/robots.txt") == 1
    assert [p for p in site.paths() if p.startswith("/chain/")] == [f"/chain/{hop}" for hop in range(6)]
    assert internal.requests == []


def test_five_redirects_on_the_feeds_origin_are_followed(sites):
    site, _internal = sites
    for hop in range(4):
        site.redirects[f"/chain/{hop}"] = f"/chain/{hop + 1}"
    site.redirects["/chain/4"] = GOOD  # the fifth redirect
    with PoliteClient(FAST) as client:
        page = client.get(site.base + "/chain/0")
    assert page.status == 200 and page.url == site.base + GOOD and b"drone strike" in page.content.lower()


def test_a_redirect_targets_robots_txt_is_obeyed(sites):
    """A redirect to another host: that host's robots.txt is read and obeyed (the fixture's closes /private/)."""
    site, other = sites
    site.redirects["/go/closed"] = f"{other.base}/private/note.html"
    policy = FetchPolicy(host_delay_s=0.0, backoff_s=0.01, timeout_s=5, allow_private_addresses=True)
    with PoliteClient(policy) as client, pytest.raises(Disallowed, match="after a redirect"):
        client.get(site.base + "/go/closed")
    assert other.paths() == ["/robots.txt"]


def test_a_redirect_targets_host_delay_is_respected(sites):
    site, other = sites
    site.redirects.update({"/go/1": f"{other.base}/news/shelling-idlib.html", "/go/2": f"{other.base}{GOOD}"})
    policy = FetchPolicy(host_delay_s=0.5, backoff_s=0.01, timeout_s=5, allow_private_addresses=True)
    with PoliteClient(policy) as client:
        client.get(site.base + "/go/1")
        client.get(site.base + "/go/2")
    times = [r.at for r in other.requests]  # robots.txt, the first page, the second page
    assert other.paths() == ["/robots.txt", "/news/shelling-idlib.html", GOOD]
    assert all(later - earlier >= 0.4 for earlier, later in itertools.pairwise(times)), times


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
     ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
     ("fe80::1", "link-local"), ("fc00::1", "private"), ("100.64.0.1", "non-global"), ("0.0.0.0", "unspecified"),
     ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
     ("::ffff:10.0.0.1", "private"), ("::ffff:127.0.0.1", "loopback"), ("2002:7f00:1::", "loopback"),
     ("192.0.2.1", "private"), ("8.8.8.8", None), ("93.184.216.34", None), ("2606:4700::1111", None)],
)  # fmt: skip
def test_internal_address_classifier(address, kind):
    assert internal_kind(ipaddress.ip_address(address)) == kind


def test_the_audit_hook_would_stop_a_connect_outside_loopback():
    """The safety net itself (called directly: no socket is made)."""
    with pytest.raises(RuntimeError, match="only loopback"):
        _only_loopback("socket.connect", (None, ("10.0.0.1", 80)))
    _only_loopback("socket.connect", (None, ("127.0.0.1", 80)))
    _only_loopback("socket.connect", (None, ("::ffff:127.0.0.1", 80, 0, 0)))


def test_a_feed_on_localhost_is_fetched_its_name_resolving_to_loopback(sites):
    """The user's own intranet or local feed: its origin resolved to an internal address, so it is allowed."""
    site, _internal = sites
    with PoliteClient(FAST) as client:
        assert client.get(site.base.replace("127.0.0.1", "localhost") + "/wire.rss").status == 200


def test_a_public_feed_name_re_pointed_at_loopback_is_refused(sites, monkeypatch):
    """DNS rebinding: the feed's name resolved to a public address first, then to 127.0.0.1.

    A rebinding DNS server cannot run in a test (the system resolver is not ours to point), so
    ``getaddrinfo`` answers for one made-up name only; the public answer is never connected to
    (the fetcher refuses first, and the audit hook would stop it)."""
    site, _internal = sites
    port = int(site.base.rsplit(":", 1)[1])
    real, lookups = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):
        if host != "feeds.rebind.test":
            return real(host, *args, **kwargs)
        if kwargs.get("flags") == socket.AI_NUMERICHOST:
            raise socket.gaierror(socket.EAI_NONAME, "not numeric")
        lookups.append(host)
        address = "93.184.216.34" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with PoliteClient(FAST) as client, pytest.raises(Refused, match=r"feeds.rebind.test \(127.0.0.1\) is a loopback"):
        client.get(f"http://feeds.rebind.test:{port}/wire.rss")
    assert site.requests == [] and len(lookups) == 2
