"""integrity_check: silent on a sound store, names each planted problem on both backends."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import delete, select, update

from warlog.store import Store
from warlog.store.schema import documents, events, schema_version


def fill(store: Store, sample_batch) -> None:
    for doc, events_of_doc in sample_batch:
        store.save(doc, events_of_doc)


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
        assert store.integrity_check() == [
            "document ua-kyiv-0512: content_hash does not match its text",
            "event ua-kyiv-0512-e1: evidence offsets 0..53 lie outside document ua-kyiv-0512",
        ]


def test_event_without_its_document_is_reported(store_url, sample_batch):
    with Store(store_url) as store:
        fill(store, sample_batch)
        plant_orphan(store, "sd-fasher-0614")
        problems = store.integrity_check()
    assert "event sd-fasher-0614-e1: document sd-fasher-0614 is missing" in problems
    if store_url.startswith("postgresql"):
        assert len(problems) == 1
    else:  # SQLite's own check also names the orphaned rows (the event, and its relation evidence)
        extra = [p for p in problems if p.startswith("sqlite foreign_key_check:")]
        assert len(problems) == 1 + len(extra)
        assert any(p.startswith("sqlite foreign_key_check: events row") for p in extra)


def test_events_left_from_another_version_of_the_text_are_reported(store_url, sample_batch):
    """What a half-applied update would leave: a new text (hash consistent) with the old events."""
    from warlog.store.integrity import default_text_hash

    with Store(store_url) as store:
        fill(store, sample_batch)
        rewritten = "Fighters of JNIM clashed with Malian soldiers near Ségou. " + "x" * 200
        with store.engine.begin() as connection:
            connection.execute(
                update(documents)
                .where(documents.c.id == "ml-segou-0303")
                .values(text=rewritten, content_hash=default_text_hash()(rewritten))
            )
        problems = store.integrity_check()
    looting = sample_batch[2][1][1].evidence  # beyond "near Ségou." but inside the new, longer text
    assert len(rewritten) > looting.end
    assert problems == [
        f"event ml-segou-0303-e2: evidence is not the text of document ml-segou-0303 at {looting.start}..{looting.end}"
    ]


def test_event_record_that_names_another_event_is_reported(store_url, sample_batch):
    with Store(store_url) as store:
        fill(store, sample_batch)
        with store.engine.begin() as connection:
            payload = connection.execute(select(events.c.payload).where(events.c.id == "fj-rabi-1102-e1")).scalar_one()
            connection.execute(
                update(events).where(events.c.id == "fj-rabi-1102-e1").values(payload={**payload, "id": "other"})
            )
        assert store.integrity_check() == [
            "event fj-rabi-1102-e1: its record names event other of document fj-rabi-1102"
        ]


def test_missing_or_unknown_schema_version_is_reported(store_url):
    with Store(store_url) as store:
        with store.engine.begin() as connection:
            recorded = sorted(connection.execute(select(schema_version.c.version)).scalars())
            connection.execute(delete(schema_version).where(schema_version.c.version == 1))
        (problem,) = store.integrity_check()
    assert problem.startswith(f"schema version: migrations {recorded[1:]} recorded")


def test_copy_of_a_document_that_is_gone_is_reported(store_url, sample_batch):
    with Store(store_url) as store:
        fill(store, sample_batch)
        with store.engine.begin() as connection:
            connection.execute(delete(documents).where(documents.c.id == "ua-kyiv-0512"))  # events cascade
        assert store.integrity_check() == ["document sd-fasher-0614: duplicate_of ua-kyiv-0512 is not stored"]


def test_check_command_exit_codes(store_url, sample_batch):
    def check() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "warlog", "check", "--db", store_url]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    with Store(store_url) as store:
        fill(store, sample_batch)
    sound = check()
    assert sound.returncode == 0, sound.stderr
    assert sound.stdout == ""
    assert "ok: 5 documents, 6 events, consistent" in sound.stderr
    with Store(store_url) as store:
        plant_orphan(store, "sd-fasher-0614")
    broken = check()
    assert broken.returncode == 1
    assert "event sd-fasher-0614-e1: document sd-fasher-0614 is missing\n" in broken.stdout
    assert "problems in" in broken.stderr
