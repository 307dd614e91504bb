"""``warlog watch`` as a service: poll, run the alert rules, sleep ``--interval``, until told to stop.

SIGINT and SIGTERM set a stop flag instead of killing the process: a fetch in progress ends within
a fraction of a second (the fetcher checks the flag at the socket, whatever the server does), the
poll stores what was read, records what was fully handled, and the loop exits with status 0 after
one summary line (``stop_summary``). A later start resumes from the store (seen URLs and files,
feed validators, delivered alerts), so a stop at any point (even SIGKILL) loses at most the work in
flight, never repeats stored work.
"""

from __future__ import annotations

import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from warlog.interrupts import signals_handled_by
from warlog.watch.alerts import AlertReport, Rule, run_alerts
from warlog.watch.deliver import WebhookChannel
from warlog.watch.feeds import Target
from warlog.watch.poll import Poller, PollReport

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``30s``, ``15m``, ``1h``, ``1d`` or plain seconds; ``ValueError`` for anything else or zero."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"invalid interval {text!r}: use e.g. 30s, 15m, 1h")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


@contextmanager
def stop_on_signals(stop: threading.Event, received: list[str] | None = None) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop`` (main thread only) and are named in ``received``; the previous
    handlers come back afterwards."""

    def handle(signum: int) -> None:
        if received is not None:
            received.append(signal.Signals(signum).name)
        stop.set()

    with signals_handled_by(handle):
        yield


@dataclass
class Cycle:
    """What one poll and the alert pass after it did."""

    number: int
    poll: PollReport
    alerts: AlertReport | None


def run_service(
    poller: Poller,
    targets: list[Target],
    rules: list[Rule],
    interval_s: float,
    once: bool,
    on_cycle: Callable[[Cycle], None] | None = None,
    received: list[str] | None = None,
) -> list[Cycle]:
    """Poll until stopped (or once); returns every cycle's report (the caller maps them to exit codes).
    The signals that stopped it are appended to ``received``."""
    stop = poller.stop
    for rule in rules:
        for channel in rule.channels:
            if isinstance(channel, WebhookChannel):
                channel.stop = stop  # a stop ends a webhook post in progress too
    cycles: list[Cycle] = []
    with stop_on_signals(stop, received):
        while not stop.is_set():
            report = poller.poll(targets)
            alerts = run_alerts(rules, poller.store) if rules else None
            cycle = Cycle(len(cycles) + 1, report, alerts)
            cycles.append(cycle)
            if on_cycle:
                on_cycle(cycle)
            if once:
                break
            stop.wait(interval_s)
    return cycles


def stop_summary(cycles: list[Cycle], received: list[str], most: int = 5) -> str:
    """One line for the end of a run: how it ended, feeds polled, documents stored, failures with reasons
    (the ``most`` first named, the rest counted; every one was also reported when it happened)."""
    failures = [item for cycle in cycles for item in cycle.poll.ingest.rejected]
    feeds = sum(cycle.poll.feeds for cycle in cycles)
    stored = sum(cycle.poll.ingest.added + cycle.poll.ingest.updated for cycle in cycles)
    how = f"stopped by {received[0]}" if received else "finished"
    polls = f"{len(cycles)} poll" + ("" if len(cycles) == 1 else "s")
    line = f"watch {how} after {polls}: {feeds} feeds polled, {stored} documents stored, {len(failures)} failures"
    if failures:
        named = Counter(f"{item.origin}: {item.reason}" for item in failures)
        shown = [text if count == 1 else f"{text} (x{count})" for text, count in list(named.items())[:most]]
        more = len(named) - len(shown)
        line += " (" + "; ".join(shown) + (f"; and {more} more" if more else "") + ")"
    return line
