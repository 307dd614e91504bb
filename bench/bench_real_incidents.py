"""Report-pair grouping and corroboration on the real-report benchmark's incident clusters.

The English reports of the real corpus that belong to a cluster (K: one incident reported by 3-6
outlets; N: a near miss of the same type nearby in time and place) are ingested into a fresh temporary
SQLite store with the real pipeline; then, per split of ``eval/real/split.jsonl`` (dev, test, all),
pairwise precision/recall/F1 over report pairs (two reports are together when one incident holds an
event of each; gold pairs share a cluster) and corroboration accuracy (``bench_incidents.score``).
A report the coders found not to report its cluster's incident (``reports_incident: false`` in
``eval/real/docs_*.jsonl``) is its own incident.

With ``--floors eval/real/floors.yaml`` it is also the grouping part of the CI quality gate: the test
split's figures must reach the file's ``grouping`` floors (exit 1 naming each one that falls short).

Usage: .venv/bin/python bench/bench_real_incidents.py [--corpus ../shared/corpus/real] [--split test]
       [--floors eval/real/floors.yaml]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_incidents import score

from warlog.evaluation_gate import below_floors, load_floors
from warlog.models import Incident
from warlog.pipeline import ingest
from warlog.settings import Settings
from warlog.store import Store

REPOSITORY = Path(__file__).resolve().parents[1]
REAL = REPOSITORY / "eval" / "real"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def cluster_reports(corpus: Path) -> list[dict]:
    """The English cluster reports with their gold incident key, source and split."""
    split = {row["doc_id"]: row["split"] for row in _jsonl(REAL / "split.jsonl")}
    coded = {row["doc_id"]: row for path in REAL.glob("docs_*.jsonl") for row in _jsonl(path)}
    reports = []
    for doc in _jsonl(corpus / "reports.jsonl"):
        if doc["language"] != "en" or not (doc.get("cluster") or "")[:1] in ("K", "N"):
            continue
        alone = coded.get(doc["id"], {}).get("reports_incident") is False
        reports.append({"id": doc["id"], "incident": doc["id"] if alone else doc["cluster"],
                        "source": doc["publisher"], "split": split[doc["id"]], "doc": doc})  # fmt: skip
    return reports


def fusion_errors(reports: list[dict], incidents: list[Incident]) -> list[str]:
    """The grouping's errors as pairs: reports of one incident kept apart, and reports of different
    incidents (a near miss above all) put together — the fusion stage's share of the error list."""
    together = {frozenset(pair) for inc in incidents for pair in combinations(sorted(set(inc.doc_ids)), 2)}
    key = {r["id"]: r["incident"] for r in reports}
    lines = []
    for a, b in combinations(sorted(key), 2):
        joined, same = frozenset((a, b)) in together, key[a] == key[b]
        if same and not joined:
            lines.append(f"kept apart: {a} and {b} (both {key[a]})")
        elif joined and not same:
            lines.append(f"put together: {a} ({key[a]}) and {b} ({key[b]})")
    return sorted(lines, key=lambda line: not line.startswith("put together"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPOSITORY.parent / "shared" / "corpus" / "real")
    parser.add_argument("--split", choices=("dev", "test", "all"), action="append")
    parser.add_argument("--floors", type=Path, help="YAML with a 'grouping' section of floors for the test split")
    parser.add_argument("--errors", type=int, default=0, help="List this many fusion errors per split (pairs)")
    args = parser.parse_args()
    reports = cluster_reports(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "clusters.jsonl"
        fields = ("id", "text", "url", "title", "published", "language")
        corpus.write_text("".join(json.dumps({"source": r["doc"]["publisher"], **{k: r["doc"][k] for k in fields}})
                                  + "\n" for r in reports), encoding="utf-8")  # fmt: skip
        store = Store(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        outcome = ingest([str(corpus)], store, Settings(db_url=store.db))
        seconds = time.perf_counter() - started
        incidents = store.incidents()
        store.close()
    print(f"{len(reports)} real cluster reports ingested in {seconds:.1f} s ({len(reports) / seconds:.1f} docs/s): "
          f"{outcome.events} events, {len(incidents)} incidents")
    results = {}
    for split in args.split or ("dev", "test", "all"):
        subset = [r for r in reports if split == "all" or r["split"] == split]
        result = results[split] = score(subset, incidents)
        clusters = len({r["incident"] for r in subset})
        print(f"{split:5s} reports={len(subset):3d} incidents={clusters:3d} gold pairs={result['pairs_gold']:4d} "
              f"predicted={result['pairs_predicted']:4d} P={result['precision']:.3f} R={result['recall']:.3f} "
              f"F1={result['f1']:.3f} corroboration={result['corroboration_accuracy']:.3f}")
        for line in fusion_errors(subset, incidents)[: args.errors]:
            print(f"  [fusion] {line}")
    if args.floors:
        test = results.get("test") or score([r for r in reports if r["split"] == "test"], incidents)
        failures = below_floors(test, load_floors(args.floors, section="grouping"))
        for failure in failures:
            print(f"quality gate (grouping, test split): {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
