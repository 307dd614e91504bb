"""`warlog serve` answers only to the names it is reached by (DNS rebinding protection).

A web page on ``evil.example`` can point its own name at 127.0.0.1 and then read a local
``warlog serve`` with the victim's browser: the request arrives with ``Host: evil.example``. The
server compares the Host header with the address it is bound to (and the loopback names), plus
whatever ``--allowed-host`` / ``WARLOG_ALLOWED_HOSTS`` name for a deployment behind a proxy, and
answers anything else with 400. Tested against a real server, with raw Host headers.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
from reports_store import ingested_store
from serve_process import warlog_serve

from warlog.web.hosts import HostPolicy, split_host


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hosts")
    path = str(folder / "w.db")
    with ingested_store(path):
        pass
    return path


def status_for(base: str, host: str | None) -> tuple[int, dict]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", "/api/health", skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        # uvicorn's HTTP parser answers a few malformed heads itself (400, plain text).
        return response.status, json.loads(body) if body.startswith(b"{") else {"detail": body.decode()}
    finally:
        connection.close()


def test_only_the_bound_and_loopback_names_are_answered(db, tmp_path):
    with warlog_serve(db, tmp_path / "serve.log") as base:
        port = urlsplit(base).port
        for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}", "localhost",
                     "127.0.0.1"):  # fmt: skip
            assert status_for(base, good)[0] == 200, good
        for bad in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"localhost:{port + 1}",
                    "", "[::1"):  # fmt: skip
            status, body = status_for(base, bad)
            assert status == 400, bad
            assert "Host header" in body["detail"] and "--allowed-host" in body["detail"], body
        assert status_for(base, None)[0] == 400  # HTTP/1.1 without Host
        assert status_for(base, f"localhost:{port}:{port}")[0] == 400


def test_names_behind_a_proxy_are_allowed_by_option_and_environment(db, tmp_path):
    env = {"WARLOG_ALLOWED_HOSTS": "warlog.example.org, maps.example.org:8443"}
    with warlog_serve(db, tmp_path / "serve.log", "--allowed-host", "events.example.net", **env) as base:
        for good in ("warlog.example.org", "warlog.example.org:443", "maps.example.org:8443", "events.example.net"):
            assert status_for(base, good)[0] == 200, good
        for bad in ("maps.example.org", "maps.example.org:443", "evil.example"):
            assert status_for(base, bad)[0] == 400, bad


def test_split_host_handles_ports_and_ipv6():
    assert split_host("LocalHost:8000") == ("localhost", 8000)
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("[::1]") == ("::1", None)
    assert split_host("example.org.") == ("example.org", None)
    for malformed in ("", ":80", "[::1", "a:b", "a:80:90", "a b", "::1", "a:99999"):
        assert split_host(malformed) is None, malformed


def test_a_wildcard_bind_accepts_address_literals_but_not_names():
    policy = HostPolicy.for_server("0.0.0.0", 8000)
    assert policy.allows("192.0.2.7:8000") and policy.allows("[2001:db8::1]:8000") and policy.allows("localhost:8000")
    assert not policy.allows("evil.example:8000") and not policy.allows("192.0.2.7:9000")
