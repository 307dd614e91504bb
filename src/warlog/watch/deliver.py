"""Where alerts go: standard output (one line each), a JSON Lines file (appended), a webhook (HTTP POST).

Each channel has a ``key`` naming it in the ``alerts_fired`` table, so an alert is remembered per
channel: a webhook that was down is retried on the next pass, while the alert already printed or
appended is not repeated. A failed delivery raises ``DeliveryError`` with a one-line reason.
A webhook is posted through the fetcher's guarded socket layer (``guard.py``), so a slow receiver
costs at most the fetch deadline, never the whole watcher; its address is the user's own choice
(the rules file), so internal addresses are allowed for it. The service hands it its stop flag
(``stop``), so SIGINT/SIGTERM end a post or a wait between attempts at once.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TextIO

import httpx

from warlog.watch.fetch import FetchError, FetchPolicy, Stopped
from warlog.watch.guard import Budget, GuardedBackend, guarded_client


@dataclass(frozen=True)
class Alert:
    """One rule matched one stored record (an event, a relation or an incident)."""

    rule: str
    kind: str
    key: str
    summary: str
    record: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "key": self.key, "summary": self.summary, "record": self.record}


class DeliveryError(Exception):
    """An alert that did not reach its channel (message: a one-line reason)."""


class Channel(Protocol):
    key: str

    def send(self, alert: Alert) -> None: ...


class StdoutChannel:
    key = "stdout"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, alert: Alert) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"ALERT [{alert.rule}] {alert.kind} {alert.key}: {alert.summary}\n")
        stream.flush()


class JsonlChannel:
    def __init__(self, path: Path) -> None:
        self.path = path.expanduser().resolve()
        self.key = f"jsonl:{self.path}"

    def send(self, alert: Alert) -> None:
        line = json.dumps(alert.to_dict(), ensure_ascii=False, default=str) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
        except OSError as error:
            raise DeliveryError(f"cannot append to {self.path}: {error.strerror or error}") from None


class WebhookChannel:
    """POST the alert as JSON; connection errors and 5xx are retried with backoff, 4xx are final."""

    def __init__(self, url: str, policy: FetchPolicy | None = None) -> None:
        self.url = url
        self.key = f"webhook:{url}"
        self.policy = policy or FetchPolicy()
        self.stop = threading.Event()

    def _post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        backend = GuardedBackend()
        budget = replace(Budget.starting_now(self.policy.deadline_s, self.stop), allow_internal=True)
        with guarded_client(backend, self.policy.user_agent, self.policy.timeout_s) as client, backend.under(budget):
            return client.post(self.url, content=body, headers=headers)

    def send(self, alert: Alert) -> None:
        body = json.dumps(alert.to_dict(), ensure_ascii=False, default=str).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": self.policy.user_agent}
        delay = self.policy.backoff_s
        problem = ""
        for attempt in range(1, self.policy.attempts + 1):
            try:
                response = self._post(body, headers)
            except (httpx.HTTPError, FetchError) as error:
                problem = f"{type(error).__name__}: {error}"
                if isinstance(error, Stopped):
                    break  # not delivered, so sent on the next start
            else:
                if response.status_code < 300:
                    return
                problem = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    break
            if attempt < self.policy.attempts:
                if self.stop.wait(delay):
                    break
                delay *= 2
        raise DeliveryError(f"webhook {self.url}: {problem}")


def channel_from_spec(spec: Any, base: Path) -> Channel:
    """``stdout``, ``{jsonl: PATH}`` (relative to the config file) or ``{webhook: URL}``."""
    if spec == "stdout":
        return StdoutChannel()
    if isinstance(spec, dict) and len(spec) == 1:
        (kind, value), = spec.items()
        if kind == "jsonl" and isinstance(value, str):
            return JsonlChannel(base / value)
        if kind == "webhook" and isinstance(value, str) and value.startswith(("http://", "https://")):
            return WebhookChannel(value)
    raise ValueError(f"unknown delivery {spec!r}: use stdout, {{jsonl: FILE}} or {{webhook: http(s)://URL}}")
