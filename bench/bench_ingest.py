"""Ingest benchmark: documents/s, sentences/s and peak memory of the whole main job.

Builds a corpus from the shared re3d documents (98 real Syria/Iraq reports: CENTCOM releases,
BBC, UK and US government pages), optionally repeated with distinct ids so that the store sees new
documents, ingests it into a fresh SQLite store, and prints the figures. Run:

    .venv/bin/python bench/bench_ingest.py [--repeat N] [--db URL]

Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_corpus import re3d_articles, shared_dir

SHARED = shared_dir()


def build_corpus(target: Path, repeat: int) -> tuple[int, int]:
    from warlog.extract.sentences import split_sentences

    docs = re3d_articles(SHARED)
    sentences = sum(len(split_sentences(d["text"])) for d in docs)
    with target.open("w", encoding="utf-8") as handle:
        for copy in range(repeat):
            for doc in docs:
                # A different id and a distinguishing line, so copies are new documents, not unchanged ones.
                text = f"{doc['text']}\nCopy {copy}."
                handle.write(json.dumps({**doc, "id": f"{doc['id']}-{copy}", "text": text}) + "\n")
    return len(docs) * repeat, sentences * repeat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    if not (SHARED / "data" / "re3d").is_dir():
        print("skipped: ../shared/data/re3d not present")
        return 0
    from warlog.pipeline import ingest
    from warlog.settings import Settings
    from warlog.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_docs, n_sentences = build_corpus(corpus, args.repeat)
        db = args.db or str(Path(tmp) / "bench.db")
        store = Store(db)
        settings = Settings().with_overrides(db_url=db)
        started = time.perf_counter()
        report = ingest([str(corpus)], store, settings)
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        rerun = ingest([str(corpus)], store, settings)
        rerun_elapsed = time.perf_counter() - again
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {n_docs}  sentences: {n_sentences}  events: {report.events}  added: {report.added}")
    print(f"ingest: {elapsed:.1f} s  {n_docs / elapsed:.1f} documents/s  {n_sentences / elapsed:.0f} sentences/s")
    print(f"re-ingest (all unchanged): {rerun_elapsed:.1f} s  unchanged: {rerun.unchanged}")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
