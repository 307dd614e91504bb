"""``warlog eval``: produce predictions when none are given, then score them with ``evaluate``.

Kept apart from the scorer so that ``evaluate`` stays a pure function of two files, while this
module knows how to run warlog's own extraction over what a gold file refers to: the snippet
texts of a sentence gold set, or the documents (``--corpus``) of a document gold set.
"""

from __future__ import annotations

from pathlib import Path

from warlog import evaluate
from warlog.evaluation_blame import Blame
from warlog.evaluation_refs import resolve_texts
from warlog.extract.annotated import TRACED_FIELDS
from warlog.extract.components import component_of_field
from warlog.extract.events import Extractor
from warlog.models import Document
from warlog.pipeline import read_documents
from warlog.settings import Settings


def _is_sentence_gold(gold: list[dict]) -> bool:
    return bool(gold) and ("text" in gold[0] or "ref" in gold[0]) and "doc_id" not in gold[0]


def _predict_sentences(gold: list[dict]) -> list[dict]:
    """Each snippet is its own document; undated, so dates stay null rather than invented."""
    docs = [Document(id=row["id"], text=row["text"], language="en") for row in gold]
    predictions = []
    for events in Extractor().extract_many(docs):
        predictions.extend(event.to_dict() for event in events)
    return predictions


def _predict_documents(corpus: list[str], wanted: set[str] | None = None) -> tuple[list[dict], Blame]:
    """Extract the corpus's documents (only those the gold ids ``wanted`` name when given: a split of a
    larger corpus; a numbered id such as ``000`` names ``000_<hash>``, as the scorer matches them),
    traced, so that each error can name the component that made it (evaluation_blame.py)."""
    documents = (d for d in read_documents(corpus, Settings()) if isinstance(d, Document))
    if wanted is not None:
        resolve = evaluate.doc_id_resolver(wanted)
        documents = (d for d in documents if resolve(d.id) is not None)
    predictions, traces = [], {}
    for adoc in Extractor().annotate_many(documents):
        predictions.extend(event.to_dict() for event in adoc.events)
        traces[adoc.doc.id] = adoc.trace()
    owners = {name: component_of_field(name) for name in TRACED_FIELDS}
    return predictions, Blame(traces, {name: owner for name, owner in owners.items() if owner})


def documents_of_split(gold: list[dict], split: str) -> set[str]:
    """Document ids on one side of a document gold set: a document record's split, else its events'."""
    sides: dict[str, str] = {}
    for record in gold:
        if record.get("split") and (record.get("document") or record["doc_id"] not in sides):
            sides[record["doc_id"]] = record["split"]
    return {doc_id for doc_id, side in sides.items() if side == split}


def run_evaluation(gold_path: Path, predictions_path: Path | None, split: str | None, corpus: list[str]):
    gold = evaluate.load_gold(gold_path)
    sentence_mode = _is_sentence_gold(gold)
    if sentence_mode:
        gold = [row for row in gold if not split or row.get("split") == split]
        gold = resolve_texts(gold, Path(corpus[0]) if corpus else None)
    elif split:
        chosen = documents_of_split(gold, split)
        if not chosen:
            raise ValueError(f"{gold_path}: no documents in split {split!r}")
        gold = [record for record in gold if record["doc_id"] in chosen]
    blame = None  # predictions from a file carry no trace of who made them
    if predictions_path is not None:
        predictions = evaluate.load_predictions(predictions_path)
    elif sentence_mode:
        predictions = _predict_sentences(gold)
    elif corpus:
        predictions, blame = _predict_documents(corpus, set(evaluate.gold_doc_ids(gold)))
    else:
        raise ValueError(
            f"{gold_path}: document gold needs the documents it refers to: give --corpus PATH or --predictions FILE"
        )
    if sentence_mode:
        return evaluate.score_sentences(gold, predictions)
    return evaluate.score_documents(gold, predictions, blame=blame)

