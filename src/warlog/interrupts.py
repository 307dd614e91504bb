"""Ctrl-C and SIGTERM as a request to stop between documents, not an exception in the middle of one.

An ingest that is interrupted must leave a consistent store (each document is one transaction, so
that part was always true) and say what it stored, so the analyst knows what a re-run will do. A
``KeyboardInterrupt`` raised wherever the signal lands gives neither: it can fall between a commit
and the count of it, and with ``--workers`` every worker printed its own traceback. So the first
SIGINT or SIGTERM only sets a flag; the ingest loop checks it before each document, stops, shuts
its worker pool down and reports; the exit status is 128 + the signal (130, 143), as a shell
expects. A second Ctrl-C stops at once (KeyboardInterrupt) for a user who will not wait.

Worker processes ignore SIGINT (``ignore_interrupts`` as the pool initializer's first step): a
terminal's Ctrl-C reaches the whole process group, and stopping is the parent's decision.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Self

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_handled_by(handler: Callable[[int], None]) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM call ``handler(signum)``; the previous handlers come back
    afterwards. Only the main thread may install handlers: elsewhere this does nothing (the signals
    keep their default meaning). The one mechanism under the ingest's ``StopRequest`` and the
    watcher's ``stop_on_signals``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, lambda number, _frame: handler(number)) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


class StopRequest:
    """While entered (in the main thread), SIGINT and SIGTERM set ``signum`` instead of killing."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._scope = signals_handled_by(self._handle)

    def __call__(self) -> bool:
        """Has a stop been asked for? (Passed to the pipeline as its ``stop`` check.)"""
        return self.signum is not None

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum else ""

    @property
    def exit_code(self) -> int:
        return 128 + (self.signum or 0)

    def _handle(self, signum: int) -> None:
        if self.signum is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt  # the second Ctrl-C: stop now
        self.signum = self.signum or signum

    def __enter__(self) -> Self:
        self._scope.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._scope.__exit__(*exc)


def ignore_interrupts() -> None:
    """For worker processes: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
