"""The learned detector's policies measured fairly on the dev documents of the real-report benchmark.

The shipped model is trained on every dev sentence, and the dev documents' sentences are among them, so
its own dev figures are in-sample. Here each dev document is extracted with the model of the fold that
held its sentences out (the training script's grouped folds: a real sentence's fold is its document's),
under each policy asked for, and scored as ``warlog eval --split dev`` scores. Prints one line per policy.

    .venv/bin/python bench/bench_detector_folds.py --policy add=0.9 --policy add=0.95
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from warlog import evaluate
from warlog.evaluation_runner import documents_of_split
from warlog.extract import detector as detector_module
from warlog.extract.detector import Policy
from warlog.extract.events import Extractor
from warlog.models import Document
from warlog.pipeline import read_documents
from warlog.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FIGURES = ("detection_precision", "detection_recall", "detection_f1", "typed_f1", "sub_event_type_accuracy",
           "actor1_accuracy", "location_accuracy", "status_accuracy")


def _script():
    spec = importlib.util.spec_from_file_location("train_detector", REPO / "scripts" / "train_detector.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def fold_models(script, shared: Path | None) -> list:
    """One model per fold, trained on the dev sentences of the other folds."""
    rows = script.load_rows(shared)
    x = script.matrix(rows, script.CONFIG)
    labels = [script.label_of(r) for r in rows]
    folds = np.array([script.fold_of(script.group_of(r)) for r in rows])
    models = []
    for k in range(script.FOLDS):
        train = np.flatnonzero(folds != k)
        models.append(script.fit(x[train], [labels[i] for i in train], script.CONFIG, script.C, script.POLICY))
    return models


def _policy(text: str, base: Policy) -> Policy:
    values = dict(part.split("=") for part in text.split(",") if part)
    return replace(base, **{k: (v if k == "add_where" else int(v) if k == "short" else None if v == "none" else float(v))
                            for k, v in values.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--policy", action="append", default=[],
                        help="changes to the shipped policy, e.g. add=0.9, add=0.95,veto=0.3 or add_where=anywhere (repeatable)")
    args = parser.parse_args(argv)
    script = _script()
    started = time.perf_counter()
    models = fold_models(script, args.shared)
    print(f"{len(models)} fold models in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    gold_path = REPO / "eval" / "real" / "gold.jsonl"
    gold = evaluate.load_gold(gold_path)
    dev = documents_of_split(gold, "dev")
    documents = [d for d in read_documents([str(args.shared / "corpus" / "real" / "reports.jsonl")], Settings())
                 if isinstance(d, Document) and d.id in dev]
    original = detector_module.load_detector
    try:
        for text in ["", *args.policy]:
            predictions = []
            for k, model in enumerate(models):
                model.policy = _policy(text, script.POLICY)
                detector_module.load_detector = lambda model=model: model
                held = [d for d in documents if script.fold_of(d.id) == k]
                for events in Extractor().extract_many(held):
                    predictions.extend(e.to_dict() for e in events)
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
                handle.writelines(json.dumps(p) + "\n" for p in predictions)
            report = evaluate.score_documents([r for r in gold if r["doc_id"] in dev],
                                              evaluate.load_predictions(Path(handle.name)))
            figures = " ".join(f"{name.replace('_accuracy', '')} {report.metrics[name]:.3f}" for name in FIGURES)
            print(f"{text or 'shipped policy':24s} {figures}")
    finally:
        detector_module.load_detector = original
    return 0


if __name__ == "__main__":
    sys.exit(main())
