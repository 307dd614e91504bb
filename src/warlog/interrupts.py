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
from types import FrameType
from typing import Self

_HANDLED = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """While entered (in the main thread), SIGINT and SIGTERM set ``signum`` instead of killing."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, object] = {}

    def __call__(self) -> bool:
        """Has a stop been asked for? (Passed to the pipeline as its ``stop`` check.)"""
        return self.signum is not None

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum else ""

    @property
    def exit_code(self) -> int:
        return 128 + (self.signum or 0)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt  # the second Ctrl-C: stop now
        self.signum = self.signum or signum

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            self._previous = {signum: signal.signal(signum, self._handle) for signum in _HANDLED}
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def ignore_interrupts() -> None:
    """For worker processes: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
