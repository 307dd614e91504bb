"""Scale: the per-document stage on a local process pool and on a real Dask LocalCluster gives
exactly the events of a single-process run, in the same order; a failing document is rejected
alone; the stream is consumed a bounded number of chunks ahead."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from repo_paths import REPOSITORY

from warlog.extract.events import Extractor
from warlog.models import RawInput, Rejected
from warlog.pipeline import extract_outcomes, ingest
from warlog.scale.backends import stage_runner
from warlog.scale.runner import StageRunner
from warlog.scale.stage import StageOptions
from warlog.settings import Settings
from warlog.store import Store

REPO = REPOSITORY
EXAMPLES = str(REPO / "examples" / "reports")
EXTRACT = StageOptions(fingerprint=False)
BOOM = "the-document-that-breaks"


class BreaksOnOneDocument(Extractor):
    """An extractor with a bug that only one document triggers (as a real bug would)."""

    def extract_many(self, docs):
        for doc in docs:
            if doc.id == BOOM:
                raise RuntimeError("parser exploded")
        return super().extract_many(docs)


def run(paths: list[str], workers: int = 1, cluster: str | None = None,
        extractor: Extractor | None = None) -> list[tuple[str, list[dict]] | str]:  # fmt: skip
    """Per input: (doc id, event dicts) or the rejection line, in output order."""
    extractor = extractor or Extractor()
    with stage_runner(extractor, EXTRACT, workers=workers, cluster=cluster) as runner:
        outcomes = list(extract_outcomes(paths, Settings(), extractor, EXTRACT, runner))
    return [f"{o.origin}: {o.reason}" if isinstance(o, Rejected) else (o[0].id, [e.to_dict() for e in o[1]])
            for o in outcomes]  # fmt: skip


@pytest.fixture(scope="module")
def examples_in_process() -> list:
    return run([EXAMPLES])


def test_two_workers_give_the_single_process_events_in_order(examples_in_process):
    assert sum(len(events) for _, events in examples_in_process) >= 10  # a real workload, not an empty one
    assert run([EXAMPLES], workers=2) == examples_in_process


@pytest.mark.shared("corpus/seeds.jsonl")
def test_two_workers_match_on_the_seed_reports(shared):
    seeds = str(shared / "corpus" / "seeds.jsonl")
    assert run([seeds], workers=2) == run([seeds])


@pytest.mark.slow
def test_dask_local_cluster_gives_exactly_the_local_events(examples_in_process):
    assert run([EXAMPLES], workers=2, cluster="local") == examples_in_process


def _with_breaking_document(tmp_path: Path) -> str:
    lines = [json.dumps({"id": BOOM, "text": "Militants shelled the village of Kafr Nabl on Monday."})]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(corpus)


@pytest.mark.slow
@pytest.mark.parametrize("backend", [{"workers": 2}, {"workers": 1, "cluster": "local"}, {"workers": 1}])
def test_a_failing_document_is_rejected_alone(tmp_path, examples_in_process, backend):
    corpus = _with_breaking_document(tmp_path)
    results = run([EXAMPLES, corpus, EXAMPLES], extractor=BreaksOnOneDocument(), **backend)
    rejected = [r for r in results if isinstance(r, str)]
    assert len(rejected) == 1 and "extraction failed: RuntimeError: parser exploded" in rejected[0]
    assert f"{corpus}:1" in rejected[0]
    kept = [r for r in results if not isinstance(r, str)]
    assert kept == examples_in_process + examples_in_process


def _event_dicts(store: Store) -> list[dict]:
    return sorted((e.to_dict() for e in store.events()), key=lambda e: e["id"])


def test_ingest_on_workers_stores_what_a_single_process_stores(store_url, tmp_path):
    single, parallel = Store(str(tmp_path / "single.db")), Store(store_url)
    settings = Settings()
    baseline = ingest([EXAMPLES], single, settings)
    extractor = Extractor()
    with stage_runner(extractor, StageOptions(), workers=2) as runner:
        report = ingest([EXAMPLES], parallel, settings, extractor, runner=runner)
        again = ingest([EXAMPLES], parallel, settings, extractor, runner=runner)
    assert (report.added, report.events, report.duplicates) == (baseline.added, baseline.events, baseline.duplicates)
    assert report.events > 0 and _event_dicts(parallel) == _event_dicts(single)
    assert [d.id for d in parallel.documents()] == [d.id for d in single.documents()]
    assert (again.added, again.updated, again.unchanged, again.events) == (0, 0, baseline.added, 0)


def test_the_runner_reads_only_a_bounded_number_of_chunks_ahead():
    progress = {"pulled": 0}

    def endless():
        for n in itertools.count():
            progress["pulled"] = n + 1
            yield RawInput(doc_id=f"d{n}", origin=f"d{n}", text=f"A quiet day number {n} in the town.")

    runner = StageRunner(lambda: ThreadPoolExecutor(2), Extractor(), EXTRACT, chunk_size=5, in_flight=3)
    try:
        stream = runner.run(endless())
        first = [next(stream)[0].id for _ in range(12)]
    finally:
        runner.close()
    assert first == [f"d{n}" for n in range(12)]
    assert progress["pulled"] <= 5 * (3 + 3)  # what was yielded plus at most in_flight chunks ahead


def warlog_extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warlog", "extract", *args], check=False, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))  # fmt: skip


@pytest.mark.slow
def test_the_command_prints_the_same_bytes_on_two_workers():
    single, parallel = warlog_extract(EXAMPLES), warlog_extract("--workers", "2", EXAMPLES)
    assert single.returncode == parallel.returncode == 0, parallel.stderr
    assert single.stdout.count("\n") >= 10 and parallel.stdout == single.stdout


@pytest.mark.slow
def test_an_unreachable_cluster_is_a_usage_error():
    result = warlog_extract("--cluster", "tcp://127.0.0.1:9", EXAMPLES)
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in result.stderr
