"""``warlog watch`` as a service: poll, run the alert rules, sleep ``--interval``, until told to stop.

SIGINT and SIGTERM set a stop flag instead of killing the process: the poll finishes the item in
hand, stores what was read, records what was fully handled, and the loop exits with status 0. A
later start resumes from the store (seen URLs and files, feed validators, delivered alerts), so a
stop at any point (even SIGKILL) loses at most the work in flight, never repeats stored work.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from warlog.watch.alerts import AlertReport, Rule, run_alerts
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
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop`` (main thread only); the previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handle(_signum, _frame) -> None:
        stop.set()

    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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
) -> list[Cycle]:
    """Poll until stopped (or once); returns every cycle's report (the caller maps them to exit codes)."""
    stop = poller.stop
    cycles: list[Cycle] = []
    with stop_on_signals(stop):
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
