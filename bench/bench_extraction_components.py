"""Where extraction spends its time, per declared component (extract/components.py), on real reports.

Every component of ``PIPELINE`` is timed as it runs (``Extractor(timings=...)``); the spaCy parse of
the candidate sentences, which the runner streams between the passes, is what the total less the
components' sum leaves. Printed per component: seconds, share of the run, and milliseconds per
document. The first document pays for the models' load, so a warm-up document runs first.

Run: .venv/bin/python bench/bench_extraction_components.py [--corpus ../shared/corpus/real/reports.jsonl]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from warlog.extract.components import PIPELINE
from warlog.extract.events import Extractor
from warlog.models import Document
from warlog.pipeline import read_documents
from warlog.settings import Settings

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real" / "reports.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="documents to extract (JSON Lines)")
    corpus = parser.parse_args().corpus
    if not corpus.exists():
        raise SystemExit(f"no corpus at {corpus}: give --corpus PATH")
    documents = [d for d in read_documents([str(corpus)], Settings(), fingerprint=False) if isinstance(d, Document)]
    Extractor().extract(Document(id="warm", text="A drone struck a car near Raqqa on Monday.", language="en"))
    timings: Counter = Counter()
    started = time.perf_counter()
    events = sum(len(e) for e in Extractor(timings=timings).extract_many(documents))
    total = time.perf_counter() - started
    components = sum(timings.values())
    print(f"{len(documents)} documents, {events} events in {total:.2f} s ({len(documents) / total:.1f} docs/s)")
    print(f"{'component':<20} {'scope':<9} {'seconds':>8} {'share':>7} {'ms/doc':>8}")
    rows = [(c.name, c.scope, timings[c.name]) for c in PIPELINE]
    rows.append(("(parse, runner)", "-", total - components))
    for name, scope, seconds in sorted(rows, key=lambda row: -row[2]):
        print(f"{name:<20} {scope:<9} {seconds:8.3f} {seconds / total:7.1%} {seconds / len(documents) * 1e3:8.2f}")


if __name__ == "__main__":
    main()
