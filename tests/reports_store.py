"""Stores filled by the real ingest pipeline from the example reports shipped in the repository.

Shared by the export and API tests: one extractor (the spaCy model loads once per test session).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from shared_data import shared_root

from warlog.settings import Settings
from warlog.store import Store

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE_REPORTS = REPOSITORY / "examples" / "reports"


def shared_seeds() -> Path | None:
    """The seed reports of ../shared (or $WARLOG_SHARED), when present."""
    seeds = shared_root() / "corpus" / "seeds"
    return seeds if seeds.is_dir() else None


@cache
def extractor():
    from warlog.extract.events import Extractor

    return Extractor()


def ingested_store(db: str, *paths: Path) -> Store:
    """A store at ``db`` holding ``paths`` (default: the example reports) as ``warlog ingest`` stores them."""
    from warlog.pipeline import ingest

    store = Store(db)
    report = ingest([str(p) for p in paths or (EXAMPLE_REPORTS,)], store, Settings(db_url=db), extractor=extractor())
    assert not report.rejected, report.rejected
    return store
