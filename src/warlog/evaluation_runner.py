"""``warlog eval``: produce predictions when none are given, then score them with ``evaluate``.

Kept apart from the scorer so that ``evaluate`` stays a pure function of two files, while this
module knows how to run warlog's own extraction over what a gold file refers to: the snippet
texts of a sentence gold set, or the documents (``--corpus``) of a document gold set.
"""

from __future__ import annotations

from pathlib import Path

from warlog import evaluate
from warlog.extract.events import Extractor
from warlog.models import Document
from warlog.pipeline import extract_documents, read_documents
from warlog.settings import Settings


def _is_sentence_gold(gold: list[dict]) -> bool:
    return bool(gold) and "text" in gold[0] and "doc_id" not in gold[0]


def _predict_sentences(gold: list[dict]) -> list[dict]:
    """Each snippet is its own document; undated, so dates stay null rather than invented."""
    docs = [Document(id=row["id"], text=row["text"], language="en") for row in gold]
    predictions = []
    for events in Extractor().extract_many(docs):
        predictions.extend(event.to_dict() for event in events)
    return predictions


def _predict_documents(corpus: list[str]) -> list[dict]:
    predictions = []
    for item in extract_documents(read_documents(corpus, Settings()), Extractor()):
        if isinstance(item, tuple):
            predictions.extend(event.to_dict() for event in item[1])
    return predictions


def run_evaluation(gold_path: Path, predictions_path: Path | None, split: str | None, corpus: list[str]):
    gold = evaluate.load_gold(gold_path)
    sentence_mode = _is_sentence_gold(gold)
    if sentence_mode and split:
        gold = [row for row in gold if row.get("split") == split]
    if predictions_path is not None:
        predictions = evaluate.load_predictions(predictions_path)
    elif sentence_mode:
        predictions = _predict_sentences(gold)
    elif corpus:
        predictions = _predict_documents(corpus)
    else:
        raise ValueError(
            f"{gold_path}: document gold needs the documents it refers to: give --corpus PATH or --predictions FILE"
        )
    if sentence_mode:
        return evaluate.score_sentences(gold, predictions)
    return evaluate.score_documents(gold, predictions)

