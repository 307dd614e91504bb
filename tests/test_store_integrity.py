"""integrity_check: silent on a sound store, names each planted problem on both backends."""

from __future__ import annotations

from sqlalchemy import update

from warlog.store import Store
from warlog.store.schema import documents


def fill(store: Store, sample_batch) -> None:
    for doc, events in sample_batch:
        store.save(doc, events)


def plant_orphan(store: Store, doc_id: str) -> None:
    """Delete a document but not its events, the only way either backend allows: foreign keys off."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if store.engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or it is ignored
            cursor.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            cursor.execute("PRAGMA foreign_keys=ON")
        else:
            cursor.execute("SET session_replication_role = replica")  # skips FK triggers (superuser)
            cursor.execute("DELETE FROM documents WHERE id = %s", (doc_id,))
            cursor.execute("SET session_replication_role = DEFAULT")
            raw.commit()
    finally:
        raw.close()


def test_sound_store_has_no_problems(store_url, sample_batch):
    with Store(store_url) as store:
        assert store.integrity_check() == []
        fill(store, sample_batch)
        assert store.integrity_check() == []


def test_text_changed_behind_the_stores_back_is_reported(store_url, sample_batch):
    with Store(store_url) as store:
        fill(store, sample_batch)
        with store.engine.begin() as connection:
            connection.execute(
                update(documents).where(documents.c.id == "ua-kyiv-0512").values(text="Nothing happened.")
            )
        assert store.integrity_check() == ["document ua-kyiv-0512: content_hash does not match its text"]


def test_event_without_its_document_is_reported(store_url, sample_batch):
    with Store(store_url) as store:
        fill(store, sample_batch)
        plant_orphan(store, "sd-fasher-0614")
        problems = store.integrity_check()
    assert "event sd-fasher-0614-e1: document sd-fasher-0614 is missing" in problems
    if store_url.startswith("postgresql"):
        assert len(problems) == 1
    else:
        assert len(problems) == 2
        assert problems[0].startswith("sqlite foreign_key_check: events row")
