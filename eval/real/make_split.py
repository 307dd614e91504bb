"""Writes eval/real/split.jsonl: the dev/test side of every document of ../shared/corpus/real.

By incident: all reports of one cluster go to one side, and a near-miss cluster (N..) goes with the
K-cluster it resembles, so the grouping benchmark has hard negatives on both sides. Other documents
(bulletins, statements, analysis, single reports, Arabic pairs) are split by their own id. The side is
a stable hash (sha256 of the key) so that it never depends on file order; about 35% is test.
Run: python eval/real/make_split.py [../shared/corpus/real]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

TEST_SHARE = 0.35


def side(key: str) -> str:
    value = int(hashlib.sha256(f"warlog-real-split:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if value < TEST_SHARE else "dev"


def main(corpus: Path) -> None:
    clusters = {row["cluster"]: row for row in map(json.loads, (corpus / "clusters.jsonl").open(encoding="utf-8"))}
    rows = []
    for line in (corpus / "reports.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        cluster = doc.get("cluster")
        key = (clusters.get(cluster, {}).get("near_miss_of") or cluster) if cluster else doc["id"]
        rows.append({"doc_id": doc["id"], "kind": doc["kind"], "language": doc["language"], "cluster": cluster,
                     "split": side(key)})
    out = Path(__file__).with_name("split.jsonl")
    out.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    tests = sum(row["split"] == "test" for row in rows)
    print(f"{len(rows)} documents, {tests} test ({tests / len(rows):.0%}) -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared/corpus/real"))
