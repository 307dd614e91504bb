"""A polite HTTP client for the watcher: robots.txt, per-host delay, timeouts, retries, size limit.

Why a wrapper around httpx rather than bare ``httpx.get``: a monitor runs unattended against other
people's servers for weeks, so it must behave like a good crawler without anyone thinking about it.

* robots.txt is fetched once per host (with this same client, so the same User-Agent, timeouts and
  delay apply) and obeyed. Following RFC 9309: a 4xx robots.txt means no rules (allow all); a 5xx
  or an unreachable one means nothing on the host is fetched for now, reported as a fetch error
  naming the cause (tried again next poll: the cache lives as long as the client, one per poll).
* Requests to one host are spaced by at least ``host_delay_s``.
* Timeouts, connection errors, 5xx and 429 are retried a bounded number of times with exponential
  backoff (a server's Retry-After is honoured up to ``max_retry_after_s``); other 4xx are final.
* Conditional requests: the caller passes the validators it kept (ETag, Last-Modified) and a 304
  comes back as ``FetchResult.not_modified`` with no body.
* Bodies are streamed and cut off at ``max_bytes``, so a hostile or broken server cannot fill memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from warlog import __version__

ROBOTS_AGENT = "warlog"


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = f"warlog/{__version__} (conflict-report monitor; respects robots.txt)"
    timeout_s: float = 20.0
    attempts: int = 3
    backoff_s: float = 1.0  # doubled after every failed attempt
    max_retry_after_s: float = 60.0
    host_delay_s: float = 1.0
    max_bytes: int = 5_000_000


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A URL that could not be fetched, with a one-line reason (the message)."""


class Disallowed(FetchError):
    """robots.txt forbids this URL: a deliberate skip, not a failure of the input."""


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PoliteClient:
    """One HTTP client per poll: robots rules and per-host timing are remembered for its lifetime."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            timeout=self.policy.timeout_s,
            follow_redirects=True,
        )
        self._robots: dict[str, RobotFileParser | str] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch ``url`` if robots.txt allows it; raise ``FetchError`` with the reason otherwise."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        if not self.allowed(url):
            raise Disallowed("disallowed by robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = self._get_with_retries(url, headers)
        if result.status == 304 or 200 <= result.status < 300:
            return result
        raise FetchError(f"HTTP {result.status}")

    def allowed(self, url: str) -> bool:
        """May ``url`` be fetched? ``FetchError`` when the host's robots.txt cannot be read (host down)."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(base)
        if rules is None:
            rules = self._robots[base] = self._read_robots(base)
        if isinstance(rules, str):
            raise FetchError(rules)
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, base: str) -> RobotFileParser | str:
        """The host's rules, or why none could be read (then nothing on the host is fetched this poll)."""
        try:
            result = self._get_with_retries(base + "/robots.txt", {})
        except FetchError as problem:
            return f"robots.txt not readable, host skipped: {problem}"
        rules = RobotFileParser(base + "/robots.txt")
        if 400 <= result.status < 500:
            rules.allow_all = True
        else:
            rules.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return rules

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> FetchResult:
        """The response (any status but 5xx/429), retrying transient failures; FetchError when they persist."""
        delay = self.policy.backoff_s
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._get_once(url, headers)
            except _Retryable as problem:
                if attempt == self.policy.attempts:
                    raise FetchError(f"{problem} (after {attempt} attempts)") from None
                wait = delay if problem.retry_after is None else min(problem.retry_after, self.policy.max_retry_after_s)
                self._sleep(wait)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        self._wait_turn(urlsplit(url).netloc)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
                content = self._read_limited(response) if response.status_code != 304 else b""
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content=content,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    content_type=response.headers.get("Content-Type"),
                )
        except httpx.TimeoutException:
            raise _Retryable(f"timed out after {self.policy.timeout_s:g} s") from None
        except httpx.TransportError as error:
            raise _Retryable(f"connection failed: {type(error).__name__}: {error}") from None
        except httpx.HTTPError as error:  # invalid URL, too many redirects...: not worth retrying
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

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.policy.host_delay_s - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = time.monotonic()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None
