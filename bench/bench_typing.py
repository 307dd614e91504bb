"""Sentence typing benchmark: the trigger rules' sub-event type against held-out labels.

Prints n, accuracy and weighted F1 (over gold labels, NONE excluded) for the HOLDOUT half of the
team-written ACLED-style snippets (eval/train/README.md) and the test split of the hand-labelled
real news sentences (eval/gold/NOTES_sentences_*.md). Run: .venv/bin/python bench/bench_typing.py
[--pipeline] (the whole extraction, most confident event per text, instead of the trigger rules alone).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from warlog.extract.triggers import match_triggers

ROOT = Path(__file__).resolve().parents[1]


def read(name: str) -> list[dict]:
    with (ROOT / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    """F1 per gold label (NONE excluded), averaged with the labels' support as weights."""
    labels = sorted(set(gold) - {"NONE"})
    total = sum(gold.count(label) for label in labels)
    result = 0.0
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        predicted, expected = pred.count(label), gold.count(label)
        result += (2 * tp / (predicted + expected) if predicted + expected else 0.0) * expected / total
    return result


def trigger_types(rows: list[dict]) -> list[str]:
    """The best trigger rule's type per text (the cheap pass alone)."""
    types = []
    for row in rows:
        hits = match_triggers(row["text"])
        types.append(hits[0].sub_event_type if hits else "NONE")
    return types


def pipeline_types(rows: list[dict]) -> list[str]:
    """The whole extraction's most confident event per text (as the shared task scores systems)."""
    from warlog.extract.events import Extractor
    from warlog.models import Document

    docs = [Document(id=row["id"], text=row["text"], language="en") for row in rows]
    types = []
    for events in Extractor().extract_many(docs):
        best = max(events, key=lambda event: event.confidence, default=None)
        types.append(best.sub_event_type if best is not None else "NONE")
    return types


PREDICT = trigger_types


def score(rows: list[dict]) -> str:
    gold = [row["sub_event_type"] for row in rows]
    pred = PREDICT(rows)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(rows)
    return f"n={len(rows)}  accuracy={accuracy:.3f}  weighted_f1={weighted_f1(gold, pred):.3f}"


def main() -> None:
    global PREDICT
    if "--pipeline" in sys.argv[1:]:
        PREDICT = pipeline_types
        print("whole pipeline, most confident event per text")
    else:
        print("trigger rules alone (add --pipeline for the whole extraction)")
    written = read("eval/train/acled_style_train_a.jsonl") + read("eval/train/acled_style_train_b.jsonl")
    holdout = [r for r in written if hashlib.sha1(r["id"].encode()).hexdigest()[0] not in "01234567"]
    print("ACLED-style snippets, HOLDOUT half:", score(holdout))
    seen: set[str] = set()
    test = []
    for name in ("sentences_syria", "sentences_world"):
        rows = [r for r in read(f"eval/gold/{name}.jsonl") if r["split"] == "test"]
        print(f"real news sentences, {name} test:", score(rows))
        test += [r for r in rows if not (r["text"] in seen or seen.add(r["text"]))]
    print("real news sentences, both test splits (deduplicated):", score(test))


if __name__ == "__main__":
    main()
