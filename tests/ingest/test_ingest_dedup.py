"""Duplicate index: exact copies, syndicated near-copies, unrelated reports, never itself."""

from __future__ import annotations

from dataclasses import replace

import pytest
import repo_paths

from warlog.ingest.clean import clean_document
from warlog.ingest.dedup import DuplicateIndex
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, RawInput

FIXTURES = repo_paths.FIXTURES / "ingest"


def clean(name: str, doc_id: str | None = None) -> Document:
    (raw,) = iter_inputs([str(FIXTURES / name)], 1_000_000)
    doc = clean_document(replace(raw, doc_id=doc_id or raw.doc_id))
    assert isinstance(doc, Document)
    return doc


def index_of(*docs: Document, threshold: float = 0.8) -> DuplicateIndex:
    index = DuplicateIndex(threshold)
    for doc in docs:
        index.add(doc.id, doc.content_hash, doc.minhash)
    return index


def test_syndicated_copy_is_a_near_duplicate() -> None:
    original, copy = clean("original_report.txt"), clean("syndicated_copy.txt")
    assert original.content_hash != copy.content_hash
    assert index_of(original).match(copy) == ("original_report", "near")


def test_exact_copy_under_another_name_is_exact() -> None:
    original = clean("original_report.txt")
    (raw,) = iter_inputs([str(FIXTURES / "original_report.txt")], 1_000_000)
    relaid = clean_document(
        RawInput(doc_id="relaid", origin="test", text=raw.text.upper().replace("\n\n", "\n"))
    )
    assert index_of(original).match(relaid) == ("original_report", "exact")


def test_unrelated_reports_do_not_match() -> None:
    index = index_of(clean("original_report.txt"), clean("blog_repost.txt"), clean("french_report.txt"))
    assert index.match(clean("wire_report.txt")) is None


def test_a_document_never_matches_itself() -> None:
    original = clean("original_report.txt")
    index = index_of(original)
    assert index.match(original) is None
    index.add(original.id, original.content_hash, original.minhash)  # idempotent re-add
    assert len(index) == 1 and index.match(original) is None
    twin = clean("original_report.txt", doc_id="twin")
    assert index.match(twin) == ("original_report", "exact")


def test_stricter_threshold_rejects_the_near_copy() -> None:
    original, copy = clean("original_report.txt"), clean("syndicated_copy.txt")
    assert index_of(original, threshold=0.99).match(copy) is None


def test_threshold_must_be_a_similarity() -> None:
    with pytest.raises(ValueError):
        DuplicateIndex(0)
