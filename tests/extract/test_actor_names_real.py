"""Roles on the real-report benchmark's dev documents (issue 20): no strike, clash or attack has civilians as
actor1. Skips without ../shared (CI has it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.extract.events import Extractor
from warlog.models import Document

REPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real" / "reports.jsonl"
SPLIT = Path(__file__).resolve().parents[2] / "eval" / "real" / "split.jsonl"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@pytest.mark.skipif(not REPORTS.exists(), reason="needs ../shared/corpus/real")
def test_no_violent_event_in_the_dev_documents_has_civilians_acting():
    dev = {json.loads(line)["doc_id"] for line in SPLIT.open() if json.loads(line).get("split") == "dev"}
    records = [json.loads(line) for line in REPORTS.open()]
    docs = [Document(id=r["id"], text=r["text"], published=r.get("published"), language="en")
            for r in records if r["id"] in dev and r.get("language", "en") == "en"][:60]
    assert len(docs) >= 40
    events = [e for doc in docs for e in Extractor().extract(doc)]
    violent = [e for e in events if e.event_type in VIOLENT]
    assert len(violent) >= 40
    assert not [e.evidence.text for e in violent if e.actor1 is not None and e.actor1.type == "civilians"]
