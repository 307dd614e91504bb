"""A real HTTP server on 127.0.0.1 for the watcher's tests: feeds, article pages, robots.txt, a webhook.

Serves the files of tests/fixtures/watch with ``{base}`` replaced by the server's own address, keeps
every request (path, headers, arrival time, body) for the tests to inspect, and can be told to fail:
``fail_first[path] = n`` answers 500 to the first n requests of a path. Feeds carry an ETag and a
Last-Modified date and answer 304 to a matching conditional request, as real feed servers do.
Hostile behaviours for the hardening tests: ``redirects[path] = location`` answers 302 to it, and
``slow[path] = "headers" | "body"`` drips the response one byte every ``drip_s`` seconds (in the
status line and headers, or in a long body) until the client goes away or the server is closed.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures" / "watch"
FEED_LAST_MODIFIED = "Thu, 16 May 2024 20:00:00 GMT"

ROUTES = {
    "/robots.txt": ("robots.txt", "text/plain"),
    "/wire.rss": ("wire.rss", "application/rss+xml"),
    "/monitor.atom": ("monitor.atom", "application/atom+xml"),
    "/news/drone-strike-raqqa.html": ("drone_strike_raqqa.html", "text/html; charset=utf-8"),
    "/news/shelling-idlib.html": ("shelling_idlib.html", "text/html; charset=utf-8"),
    "/news/clash-deir-ezzor.html": ("clash_deir_ezzor.html", "text/html; charset=utf-8"),
    "/private/note.html": ("private_note.html", "text/html; charset=utf-8"),
}
FEEDS = {"/wire.rss", "/monitor.atom"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float
    body: bytes = b""


@dataclass
class Site:
    base: str = ""
    requests: list[Request] = field(default_factory=list)
    fail_first: dict[str, int] = field(default_factory=dict)
    status_for: dict[str, int] = field(default_factory=dict)  # fixed status for a path (e.g. webhook 500)
    extra: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # more paths: body, content type
    etag_feeds: bool = True
    on_get: Callable[[str], None] | None = None  # called with each GET path before answering
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location of a 302
    slow: dict[str, str] = field(default_factory=dict)  # path -> "headers" or "body": one byte per drip_s
    drip_s: float = 1.0
    closing: threading.Event = field(default_factory=threading.Event)

    def paths(self, method: str = "GET") -> list[str]:
        return [r.path for r in self.requests if r.method == method]

    def requests_of(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def body_of(self, path: str) -> bytes | None:
        if path in self.extra:
            return self.extra[path][0]
        if path in ROUTES:
            return (FIXTURES / ROUTES[path][0]).read_text(encoding="utf-8").replace("{base}", self.base).encode()
        return None


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:  # keep test output clean
            pass

        def _record(self, body: bytes = b"") -> Request:
            request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                              time.monotonic(), body)
            site.requests.append(request)
            return request

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._record(self.rfile.read(length))
            if self.path in site.slow:
                self._send_slowly(site.slow[self.path])
                return
            self._send(site.status_for.get(self.path, 200), b"ok")

        def _drip(self, data: bytes) -> None:
            """One byte at a time, ``site.drip_s`` apart, until the client or the server goes away."""
            for index in range(len(data)):
                if site.closing.wait(site.drip_s if index else 0):
                    return
                try:
                    self.wfile.write(data[index : index + 1])
                except OSError:
                    return

        def _send_slowly(self, part: str) -> None:
            self.close_connection = True
            if part == "headers":
                self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 10_000)
                return
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n\r\n")
            self._drip(b"<html><body>" + b"x" * 9_988)

        def do_GET(self) -> None:
            request = self._record()
            if site.on_get:
                site.on_get(self.path)
            if self.path in site.slow:
                self._send_slowly(site.slow[self.path])
                return
            if self.path in site.redirects:
                self._send(302, b"moved", {"Location": site.redirects[self.path]})
                return
            if site.fail_first.get(self.path, 0) > 0:
                site.fail_first[self.path] -= 1
                self._send(500, b"temporary failure")
                return
            if self.path in site.status_for:
                self._send(site.status_for[self.path], b"status set by the test")
                return
            body = site.body_of(self.path)
            if body is None:
                self._send(404, b"not found")
                return
            content_type = site.extra[self.path][1] if self.path in site.extra else ROUTES[self.path][1]
            headers = {"Content-Type": content_type}
            if self.path in FEEDS:
                etag = f'"{self.path.strip("/")}-v1"'
                if site.etag_feeds:
                    headers["ETag"] = etag
                headers["Last-Modified"] = FEED_LAST_MODIFIED
                if (site.etag_feeds and request.headers.get("if-none-match") == etag) or (
                    not site.etag_feeds and request.headers.get("if-modified-since") == FEED_LAST_MODIFIED
                ):
                    self._send(304, headers={k: v for k, v in headers.items() if k != "Content-Type"})
                    return
            self._send(200, body, headers)

    return Handler


@contextmanager
def serve(site: Site | None = None, tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """Run a threaded HTTP server on a free loopback port for the duration of the block (HTTPS with ``tls``)."""
    site = site or Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.closing.set()  # slow responses end at once
        server.shutdown()
        server.server_close()
        thread.join()


def rss_of(title: str, links: list[str]) -> tuple[bytes, str]:
    """A minimal RSS feed listing ``links`` (one item each), as a ``Site.extra`` entry."""
    items = "".join(f"<item><title>Entry {n}</title><link>{escape(link)}</link></item>" for n, link in enumerate(links))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>{items}</channel></rss>'
    return body.encode(), "application/rss+xml"
