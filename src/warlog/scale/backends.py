"""Where the per-document stage runs: in this process, a local process pool, or a Dask cluster.

* ``workers=1`` (no cluster): in-process, no executor at all (the caller streams directly).
* ``workers=N``: ``N`` local processes (``spawn``: the same on Linux and macOS, and no fork of a
  process that already holds threads); each loads the models once, in the pool initializer.
* ``cluster=ADDRESS``: a ``distributed.Client`` connected to that scheduler; ``cluster="local"``
  starts a ``LocalCluster`` of ``workers`` processes (one thread each: spaCy and the regex passes
  hold the GIL, so threads would not add speed). Every Dask worker warms its models once through
  ``Client.run``; warlog must be installed on remote workers.

Dask is imported only when a cluster is asked for, so single-machine runs never pay its import.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from warlog.extract.events import Extractor
from warlog.interrupts import ignore_interrupts
from warlog.scale.runner import DEFAULT_CHUNK_SIZE, StageRunner
from warlog.scale.stage import StageOptions, warm_up

LOCAL_CLUSTER = "local"


class ClusterUnavailable(RuntimeError):
    """The scheduler at ``--cluster`` cannot be reached (or Dask is not installed)."""


def _pool_factory(workers: int, extractor: Extractor) -> Callable[[], Executor]:
    def open_pool() -> Executor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(extractor,),
        )

    return open_pool


def _start_worker(extractor: Extractor) -> None:
    """Pool initializer: leave Ctrl-C to the parent (``warlog.interrupts``), then load the models."""
    ignore_interrupts()
    warm_up(extractor)


@contextmanager
def _dask_client(cluster: str, workers: int) -> Iterator[object]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - dask is a dependency; kept for slim installs
        raise ClusterUnavailable(f"--cluster needs dask.distributed: {error}") from None
    if cluster == LOCAL_CLUSTER:
        with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:  # fmt: skip
            yield client
        return
    try:
        client = Client(cluster, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {cluster!r}: {error}") from None
    with client:
        yield client


@contextmanager
def stage_runner(
    extractor: Extractor,
    options: StageOptions,
    workers: int = 1,
    cluster: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[StageRunner | None]:
    """A ``StageRunner`` for ``workers``/``cluster``, or None for the in-process path (workers=1)."""
    if cluster is None and workers <= 1:
        yield None
        return
    if cluster is None:
        runner = StageRunner(_pool_factory(workers, extractor), extractor, options, chunk_size, in_flight=2 * workers)
        try:
            yield runner
        finally:
            runner.close()
        return
    with _dask_client(cluster, workers) as client:
        client.run(warm_up, extractor)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        runner = StageRunner(lambda: client.get_executor(pure=False), extractor, options, chunk_size,
                             in_flight=2 * n_workers)  # fmt: skip
        try:
            yield runner
        finally:
            runner.close()
