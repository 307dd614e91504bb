"""A polite, bounded and guarded HTTP client for the watcher: robots.txt, per-host delay, deadlines,
retries, size limit, redirects it follows itself, and the address policy on every hop.

Why a wrapper around httpx rather than bare ``httpx.get``: a monitor runs unattended against other
people's servers for weeks, and follows links that other people wrote, so it must behave like a
good crawler, and like a careful one, without anyone thinking about it.

* robots.txt is fetched once per origin (with this same client, so the same User-Agent, limits and
  delay apply) and obeyed. Following RFC 9309: a 4xx robots.txt means no rules (allow all); a 5xx
  or an unreachable one means nothing on the host is fetched for now, reported as a fetch error
  naming the cause (tried again next poll: the cache lives as long as the client, one per poll).
* Requests to one host are spaced by at least ``host_delay_s``.
* Timeouts, connection errors, 5xx and 429 are retried a bounded number of times with exponential
  backoff (a server's Retry-After is honoured up to ``max_retry_after_s``); other 4xx are final.
* Every fetch of a URL has a total deadline (``deadline_s``: every hop, attempt and wait) on top of
  the per-operation ``timeout_s``, and ends within a fraction of a second once ``stop`` is set;
  both are enforced at the socket (``guard.py``), so a server sending one byte per second in its
  headers is cut off too.
* Redirects are followed here, at most ``max_redirects``, and each hop is a request like the first:
  http(s) only, its address checked, its robots.txt obeyed, its host's delay respected.
* Address policy: a URL whose host resolves to a loopback, private, link-local or otherwise
  non-global address is refused (before anything is sent) unless it is on the origin (scheme,
  host, port) the user configured, the feed, and that origin resolved to an internal address when
  first contacted (``_origin_is_internal``), or ``allow_private_addresses`` is set. A feed on
  ``http://127.0.0.1:8080`` may so serve its own articles, but its links cannot reach another port
  of the machine, a ``localhost`` or ``2130706433`` spelling of it, or the local network.
* Conditional requests: the caller passes the validators it kept (ETag, Last-Modified) and a 304
  comes back as ``FetchResult.not_modified`` with no body.
* Bodies are streamed and cut off at ``max_bytes``, so a hostile or broken server cannot fill memory.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Self
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from warlog import __version__
from warlog.watch.errors import DeadlineExceeded, Disallowed, FetchError, Refused, Stopped
from warlog.watch.guard import (
    Budget,
    GuardedBackend,
    checked_addresses,
    first_internal,
    guarded_client,
    resolve,
)

if TYPE_CHECKING:
    from warlog.settings import Settings

__all__ = ["DeadlineExceeded", "Disallowed", "FetchError", "FetchPolicy", "FetchResult", "PoliteClient",
           "Refused", "Stopped"]  # fmt: skip

ROBOTS_AGENT = "warlog"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = f"warlog/{__version__} (conflict-report monitor; respects robots.txt)"
    timeout_s: float = 20.0  # one socket operation: connect, one read, one write
    deadline_s: float = 30.0  # one URL as a whole (robots.txt is a fetch of its own)
    attempts: int = 3
    backoff_s: float = 1.0  # doubled after every failed attempt
    max_retry_after_s: float = 60.0
    host_delay_s: float = 1.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private_addresses: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            timeout_s=settings.fetch_timeout_s,
            deadline_s=settings.fetch_deadline_s,
            allow_private_addresses=settings.allow_private_addresses,
        )


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    location: str | None = None  # of a redirect

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def _parse(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise Refused(f"refused: not a valid URL: {url} ({error})") from None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """(scheme, host, port) as httpx will connect: ``user@host`` forms and default ports normalised."""
    return url.scheme, url.raw_host.decode("ascii").lower(), url.port or DEFAULT_PORTS.get(url.scheme)


class PoliteClient:
    """One HTTP client per poll: robots rules and per-host timing are remembered for its lifetime."""

    def __init__(self, policy: FetchPolicy | None = None, stop: threading.Event | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.stop = stop or threading.Event()
        self._backend = GuardedBackend()
        self._client = guarded_client(self._backend, self.policy.user_agent, self.policy.timeout_s)
        self._robots: dict[tuple, RobotFileParser | str] = {}
        self._last_request: dict[tuple, float] = {}
        self._internal_origins: dict[tuple, bool] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None, origin: str | None = None
    ) -> FetchResult:
        """Fetch ``url`` if the policy and robots.txt allow it; raise ``FetchError`` with the reason otherwise.

        ``origin`` is the URL the user configured (the feed an article link came from): only on its
        origin may internal addresses be reached. By default ``url`` itself, as for a feed.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = self._fetch(url, headers, origin or url, obey_robots=True)
        if result.status == 304 or 200 <= result.status < 300:
            return result
        raise FetchError(f"HTTP {result.status}")

    def allowed(self, url: str, origin: str | None = None) -> bool:
        """May ``url`` be fetched? ``FetchError`` when the host's robots.txt cannot be read (host down)."""
        target = _parse(url)
        key = _origin(target)
        rules = self._robots.get(key)
        if rules is None:
            robots_url = str(target.copy_with(raw_path=b"/robots.txt", fragment=None, userinfo=b""))
            rules = self._read_robots(robots_url, origin or url)
            self._robots[key] = rules
        if isinstance(rules, str):
            raise FetchError(rules)
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _fetch(self, url: str, headers: dict[str, str], origin: str, obey_robots: bool) -> FetchResult:
        """Follow ``url`` through at most ``max_redirects`` hops, each checked like the first, all
        within one deadline; the last response (any status but 5xx/429)."""
        budget = Budget.starting_now(self.policy.deadline_s, self.stop)
        trusted = _origin(_parse(origin))
        current = url
        for hop in range(self.policy.max_redirects + 1):
            target = _parse(current)
            if target.scheme not in DEFAULT_PORTS:
                what = "redirect to a non-http(s) URL" if hop else "not an http(s) URL"
                raise Refused(f"refused: {what}: {current}")
            allow = self.policy.allow_private_addresses or (
                _origin(target) == trusted and self._origin_is_internal(target, budget)
            )
            hop_budget = replace(budget, allow_internal=allow)
            self._refuse_early(target, hop_budget)
            if obey_robots and not self.allowed(current, origin):
                raise Disallowed("disallowed by robots.txt" + (f" (after a redirect to {current})" if hop else ""))
            result = self._get_with_retries(current, headers, hop_budget)
            if result.status not in REDIRECTS or not result.location:
                return result
            try:
                current = str(target.join(result.location))
            except httpx.InvalidURL as error:
                raise Refused(f"refused: redirect to an invalid URL {result.location!r} ({error})") from None
        raise Refused(f"refused: more than {self.policy.max_redirects} redirects (last to {current})")

    def _origin_is_internal(self, target: httpx.URL, budget: Budget) -> bool:
        """Did the configured origin resolve to an internal address when first contacted in this poll?

        Only then may its hops reach internal addresses: a feed the user runs on the intranet keeps
        working, while a public feed whose name is later re-pointed at 127.0.0.1 (DNS rebinding
        between the feed and its articles) is refused like any other link."""
        key = _origin(target)
        if key not in self._internal_origins:
            try:
                infos = resolve(key[1], key[2], budget, self.policy.timeout_s)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                return False  # not remembered: the request itself will fail and say why
            self._internal_origins[key] = first_internal(infos) is not None
        return self._internal_origins[key]

    def _refuse_early(self, target: httpx.URL, budget: Budget) -> None:
        """``Refused`` now, with the address named, rather than as robots.txt failing to load; a host
        that does not resolve is left to the request itself (retried like any connection failure).
        The check that counts is the one at connect time, on the address actually connected to."""
        host, port = _origin(target)[1:]
        try:
            checked_addresses(host, port, budget, self.policy.timeout_s)
        except (httpcore.ConnectError, httpcore.ConnectTimeout):
            pass

    def _read_robots(self, robots_url: str, origin: str) -> RobotFileParser | str:
        """The host's rules, or why none could be read (then nothing on the host is fetched this poll)."""
        try:
            result = self._fetch(robots_url, {}, origin, obey_robots=False)
        except Stopped:
            raise
        except FetchError as problem:
            return f"robots.txt not readable, host skipped: {problem}"
        rules = RobotFileParser(robots_url)
        if 400 <= result.status < 500:
            rules.allow_all = True
        else:
            rules.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return rules

    def _get_with_retries(self, url: str, headers: dict[str, str], budget: Budget) -> FetchResult:
        """The response (any status but 5xx/429), retrying transient failures; FetchError when they persist."""
        delay = self.policy.backoff_s
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._get_once(url, headers, budget)
            except _Retryable as problem:
                if attempt == self.policy.attempts:
                    raise FetchError(f"{problem} (after {attempt} attempts)") from None
                wait = delay if problem.retry_after is None else min(problem.retry_after, self.policy.max_retry_after_s)
                if wait >= budget.remaining():
                    raise DeadlineExceeded(
                        f"{problem} (after {attempt} attempts; no time left for another within the "
                        f"deadline of {budget.total_s:g} s)"
                    ) from None
                self._pause(wait)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str, headers: dict[str, str], budget: Budget) -> FetchResult:
        self._wait_turn(_origin(_parse(url))[1:], budget)
        budget.check()
        try:
            with self._backend.under(budget), self._client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
                location = response.headers.get("Location") if response.status_code in REDIRECTS else None
                content = b"" if response.status_code == 304 or location else self._read_limited(response)
                budget.check()  # a stop that came while this response arrived abandons it too
                return FetchResult(
                    url=url,
                    status=response.status_code,
                    content=content,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    content_type=response.headers.get("Content-Type"),
                    location=location,
                )
        except httpx.TimeoutException as error:
            raise _Retryable(str(error) or f"timed out after {self.policy.timeout_s:g} s") from None
        except httpx.TransportError as error:
            raise _Retryable(f"connection failed: {type(error).__name__}: {error}") from None
        except httpx.HTTPError as error:  # a protocol error, a bad header...: not worth retrying
            raise FetchError(f"{type(error).__name__}: {error}") from None

    def _read_limited(self, response: httpx.Response) -> bytes:
        limit = self.policy.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"response too large: {int(declared):,} bytes, over the limit of {limit:,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"response too large: over the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, host: tuple, budget: Budget) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.policy.host_delay_s - (time.monotonic() - last)
            if remaining > 0:
                if remaining >= budget.remaining():
                    raise DeadlineExceeded(f"deadline of {budget.total_s:g} s exceeded waiting for the host delay")
                self._pause(remaining)
        self._last_request[host] = time.monotonic()

    def _pause(self, seconds: float) -> None:
        """Sleep, but wake and raise ``Stopped`` as soon as a stop is requested."""
        if self.stop.wait(seconds):
            raise Stopped("stopped by request")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None
