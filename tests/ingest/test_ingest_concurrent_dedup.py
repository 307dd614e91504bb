"""Two ingests running at once see each other's documents when they look for copies.

Before: each ingest loaded the duplicate index once, when it started, so copies stored by the other
process were invisible: syndicated copies counted as independent sources and inflated
corroboration and credibility. Now the check runs in SQL inside each document's write transaction
(store/copies.py). Two real ``warlog ingest`` processes ingest halves of 100 syndicated copies of
one report (each republisher adds its own line and changes a word or two) at the same time, on
SQLite and on PostgreSQL: exactly one document is the original, the other 99 are marked as copies,
and the incident the report describes counts one source.
"""

from __future__ import annotations

import json
import subprocess
import sys

from warlog.store import Store

SENTENCES = [
    ("RAQQA, Syria, 14 March 2024 - A drone strike killed four fighters of the Islamic State group near the "
    "village of Hazima, north of Raqqa, on Wednesday evening, the Syrian Democratic Forces said."),
    ("The SDF said the strike hit a pickup truck carrying the fighters along the road to Ain Issa shortly "
    "after sunset, and that a fifth man was wounded and taken into custody."),
    ("A spokesman for the coalition declined to say which aircraft carried out the strike, but local "
    "residents told reporters they had heard a drone circling the area for more than an hour."),
    ("The Syrian Observatory for Human Rights, a Britain-based monitor, gave the same toll and said two of "
    "the dead were commanders responsible for attacks on checkpoints in the eastern countryside."),
    ("Islamic State cells have stepped up ambushes on SDF positions in Raqqa and Deir ez-Zor provinces "
    "since January, killing at least 30 members of the Kurdish-led force, according to the monitor."),
    ("Residents of Hazima said the road to Ain Issa was closed for several hours after the strike while "
    "SDF units searched nearby farms for weapons and explosives."),
]
WORD_EDITS = [("said", "stated"), ("killed", "left dead"), ("evening", "night"), ("residents", "villagers"),
              ("road", "highway"), ("hour", "hour or so"), ("since January", "since the start of the year")]  # fmt: skip


def syndicated_copies(n: int) -> list[dict]:
    """The report and ``n - 1`` republications: a credit line, a word or two changed, a paragraph
    dropped now and then, each under its own outlet's name."""
    copies = []
    for i in range(n):
        sentences = list(SENTENCES)
        if i:
            old, new = WORD_EDITS[i % len(WORD_EDITS)]
            k = i % len(sentences)
            sentences[k] = sentences[k].replace(old, new, 1)
            if i % 5 == 0:
                del sentences[-1]
            sentences.insert(0, f"Republished from the wire by Outlet {i} News.")
        copies.append({"id": f"copy-{i:03d}", "text": "\n\n".join(sentences), "source": f"Outlet {i} News",
                       "published": "2024-03-14"})  # fmt: skip
    return copies


def test_concurrent_ingests_mark_each_others_copies(store_url, tmp_path):
    copies = syndicated_copies(100)
    halves = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path, half in zip(halves, (copies[0::2], copies[1::2])):
        path.write_text("".join(json.dumps(doc) + "\n" for doc in half))
    Store(store_url).close()  # migrate first, so both processes start on an up-to-date store
    processes = [
        subprocess.Popen([sys.executable, "-m", "warlog", "ingest", "--quiet", str(path), "--db", store_url],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in halves
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    with Store(store_url) as store:
        stored = {doc.id: doc for doc in store.documents()}
        assert len(stored) == 100
        originals = [doc_id for doc_id, doc in stored.items() if doc.duplicate_of is None]
        assert len(originals) == 1, originals
        assert all(doc.duplicate_of in stored for doc in stored.values() if doc.duplicate_of)
        incidents = store.incidents()
        assert incidents, "the strike should be an incident"
        reported = max(incidents, key=lambda incident: len(incident.doc_ids))
        assert len(reported.doc_ids) == 100
        assert reported.corroboration == 1, reported.corroboration
        assert store.integrity_check() == []
    duplicates = sum(int(out.strip().splitlines()[-1].split(" duplicates")[0].rsplit(" ", 1)[-1]) for out, _ in [
        (err, None) for _, err in outputs])  # fmt: skip
    assert duplicates == 99


def test_documents_stored_before_the_band_table_are_found_as_originals(store_url, tmp_path):
    """Migration 7 backfills the band keys of documents stored by an older warlog."""
    from sqlalchemy import text

    from warlog.pipeline import ingest
    from warlog.settings import Settings

    copies = syndicated_copies(3)
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text(json.dumps(copies[0]) + "\n")
    rest.write_text("".join(json.dumps(doc) + "\n" for doc in copies[1:]))
    settings = Settings(db_url=store_url)
    with Store(store_url) as store:
        ingest([str(first)], store, settings)
        with store.engine.begin() as connection:  # back to schema version 6: no band table
            connection.execute(text("DROP TABLE document_bands"))
            connection.execute(text("DELETE FROM schema_version WHERE version = 7"))
    with Store(store_url) as store:
        assert store.applied_migrations == [7]
        report = ingest([str(rest)], store, settings)
        assert report.duplicates == 2
        assert {doc.id: doc.duplicate_of for doc in store.documents()} == {
            "copy-000": None, "copy-001": "copy-000", "copy-002": "copy-000"}
