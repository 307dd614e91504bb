"""warlog.scale: the per-document stage (clean + extract) on many processes or a Dask cluster.

``stage.process_chunk`` is the unit of work a worker runs; ``runner.StageRunner`` streams chunks
through any ``concurrent.futures`` executor in input order with bounded read-ahead; and
``backends.stage_runner(extractor, options, workers, cluster)`` picks the executor (none for one
in-process worker, a spawn process pool, or a Dask ``Client``). Results never depend on the
backend: the tests compare them byte for byte with a single-process run.
"""
