"""Streaming the per-document stage through an executor: ordered, bounded, failure-isolated.

Inputs are cut into chunks and submitted as the caller consumes results, with at most
``in_flight`` chunks outstanding, so memory stays flat however long the input stream is.
Results come back in input order, so a parallel run prints and stores exactly what a
single-process run would, in the same order.

The executor is anything with ``concurrent.futures`` semantics: a ``ProcessPoolExecutor`` or a
Dask ``Client.get_executor()``. A chunk whose task fails as a whole (a worker process killed,
a lost connection) is retried one document per task on a fresh executor; a document that still
fails is rejected with the reason, never the batch.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from warlog.extract.events import DOCUMENTS_PER_PARSE, Extractor
from warlog.models import RawInput, Rejected
from warlog.scale.stage import Outcome, StageOptions, process_chunk

DEFAULT_CHUNK_SIZE = DOCUMENTS_PER_PARSE  # the extractor's parse batch: one chunk is one nlp.pipe batch


class StageRunner:
    """Runs ``process_chunk`` on an executor that ``open_executor`` builds (and rebuilds if broken)."""

    def __init__(
        self,
        open_executor: Callable[[], Executor],
        extractor: Extractor,
        options: StageOptions,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        in_flight: int = 4,
    ) -> None:
        self._open_executor = open_executor
        self._executor: Executor | None = None
        self.extractor = extractor
        self.options = options
        self.chunk_size = max(1, chunk_size)
        self.in_flight = max(1, in_flight)

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            self._executor = self._open_executor()
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            # A process pool drops its queued chunks (an interrupted ingest stops here) and lets the
            # running ones finish; Dask's executor takes no cancel_futures argument.
            if isinstance(self._executor, ProcessPoolExecutor):
                self._executor.shutdown(wait=True, cancel_futures=True)
            else:
                self._executor.shutdown(wait=True)
            self._executor = None

    def run(
        self, items: Iterable[RawInput | Rejected], known_hashes: dict[str, str] | None = None
    ) -> Iterator[Outcome]:
        """One outcome per item, in input order, computing ahead at most ``in_flight`` chunks."""
        known_hashes = known_hashes or {}
        pending: deque[tuple[list[RawInput | Rejected], Future]] = deque()
        chunks = _chunked(items, self.chunk_size)
        for chunk in chunks:
            pending.append((chunk, self._submit(chunk, known_hashes)))
            if len(pending) >= self.in_flight:
                yield from self._collect(*pending.popleft(), known_hashes)
        while pending:
            yield from self._collect(*pending.popleft(), known_hashes)

    def _submit(self, chunk: list[RawInput | Rejected], known_hashes: dict[str, str]) -> Future:
        wanted = {item.doc_id: known_hashes[item.doc_id] for item in chunk
                  if isinstance(item, RawInput) and item.doc_id in known_hashes}
        return self.executor.submit(process_chunk, chunk, self.extractor, self.options, wanted)

    def _collect(
        self, chunk: list[RawInput | Rejected], future: Future, known_hashes: dict[str, str]
    ) -> list[Outcome]:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - the chunk's task died as a whole: isolate the culprit
            return [self._one_by_one(item, known_hashes) for item in chunk]

    def _one_by_one(self, item: RawInput | Rejected, known_hashes: dict[str, str]) -> Outcome:
        if isinstance(item, Rejected):
            return item
        for attempt in range(2):
            try:
                return self._submit([item], known_hashes).result()[0]
            except Exception as error:  # noqa: BLE001 - rebuild a broken executor once, then give up
                if attempt == 0:
                    self._restart()
                    continue
                return Rejected(item.origin, f"worker failed on this document: {type(error).__name__}: {error}")
        raise AssertionError("unreachable")

    def _restart(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - a broken pool may fail to shut down cleanly; replace it anyway
            self._executor = None


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
