"""Report-pair grouping and corroboration on the incident gold set (eval/incidents/).

Ingests the gold reports into a fresh temporary SQLite store with the real pipeline, then scores,
per split (dev, test, all):

* pairwise precision/recall/F1 over report pairs: two reports are predicted together when one
  incident holds an event of each; gold pairs share an ``incident`` key;
* corroboration accuracy: for each gold incident, the predicted incident holding most of its reports
  must count exactly the gold number of independent outlets (copies folded into their original).

Usage: PYTHONPATH=src python bench/bench_incidents.py [GOLD.jsonl] [--corpus DIR_OR_FILE ...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from warlog.models import Incident
from warlog.pipeline import ingest
from warlog.settings import Settings
from warlog.store import Store

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "eval" / "incidents" / "reports.jsonl"


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def gold_corroboration(gold: list[dict]) -> dict[str, int]:
    by_id = {g["id"]: g for g in gold}
    counts: dict[str, set[str]] = {}
    for g in gold:
        original = by_id.get(g.get("copy_of") or g["id"], g)
        counts.setdefault(g["incident"], set()).add(original["source"])
    return {key: len(sources) for key, sources in counts.items()}


def score(gold: list[dict], incidents: list[Incident]) -> dict:
    ids = [g["id"] for g in gold]
    key = {g["id"]: g["incident"] for g in gold}
    predicted = {frozenset(p) for inc in incidents for p in itertools.combinations(sorted(set(inc.doc_ids) & set(ids)), 2)}
    truth = {frozenset((a, b)) for a, b in itertools.combinations(sorted(ids), 2) if key[a] == key[b]}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    expected = gold_corroboration(gold)
    right, wrong = 0, []
    for incident_key, want in sorted(expected.items()):
        docs = {g["id"] for g in gold if g["incident"] == incident_key}
        best = max(incidents, key=lambda inc: (len(docs & set(inc.doc_ids)), -len(inc.doc_ids)), default=None)
        got = best.corroboration if best and docs & set(best.doc_ids) else 0
        if got == want:
            right += 1
        else:
            wrong.append(f"{incident_key}: {got} (gold {want})")
    return {"pairs_gold": len(truth), "pairs_predicted": len(predicted), "precision": precision, "recall": recall,
            "f1": f1, "corroboration_accuracy": right / len(expected) if expected else 1.0, "corroboration_wrong": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args()
    gold = load_gold(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        report = ingest([str(args.gold)], store, Settings(db_url=store.db))
        seconds = time.perf_counter() - started
        incidents = store.incidents()
        store.close()
    print(f"{len(gold)} reports ingested in {seconds:.1f} s: {report.events} events, {len(incidents)} incidents")
    for split in ("dev", "test", "all"):
        subset = [g for g in gold if split == "all" or g.get("split") == split]
        result = score(subset, incidents)
        print(
            f"{split:5s} reports={len(subset):3d} gold pairs={result['pairs_gold']:3d} predicted={result['pairs_predicted']:3d} "
            f"P={result['precision']:.3f} R={result['recall']:.3f} F1={result['f1']:.3f} "
            f"corroboration={result['corroboration_accuracy']:.3f}"
            + (f"  wrong: {'; '.join(result['corroboration_wrong'])}" if result["corroboration_wrong"] else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
