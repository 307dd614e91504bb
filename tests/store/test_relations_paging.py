"""``Store.relations`` filters and pages in SQL, with the same answers as filtering and slicing the
whole list: the actor test stays ``str.casefold`` (non-ASCII names too) on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from stored_reports import clash, save_doc

from warlog.fuse.sources import SourceRegistry
from warlog.models import Actor
from warlog.store import Store

ISIS, SDF = Actor(name="IS: Islamic State", id="isis"), Actor(name="SDF: Syrian Democratic Forces", id="sdf")
HTS = Actor(name="HTS: Hayat Tahrir al Sham", id="hts")
SHAM = Actor(name="ŞAM Brigade", id="sham")  # casefolds to "şam", which SQL's lower() may not give
CLASHES = [("isis-sdf", ISIS, SDF), ("hts-sdf", HTS, SDF), ("isis-hts", ISIS, HTS), ("sham-sdf", SHAM, SDF)]


@pytest.fixture
def store(store_url, tmp_path):
    opened = Store(store_url, registry=SourceRegistry.load(tmp_path / "none.yaml"))
    for doc_id, actor1, actor2 in CLASHES:
        text = f"{actor1.name} fighters clashed with {actor2.name}."
        fight = clash(doc_id, text)
        fight.actor1, fight.actor2 = actor1, actor2
        save_doc(opened, doc_id, text, [fight])
    save_doc(opened, "supply", "Iran supplied Hezbollah with rockets in March.")
    yield opened
    opened.close()


def _matching(rows, needle):
    return [r for r in rows if needle in r.source.name.casefold() or needle in r.target.name.casefold()]


def test_filtered_pages_equal_slices_of_the_whole_list(store):
    everything = store.relations()
    assert len(everything) >= 4
    for actor in (None, "sdf", "SDF", "isis", "şam", "ŞAM", "hezbollah", "nobody", "%", "_"):
        expected = _matching(everything, actor.casefold()) if actor else everything
        assert store.relations(actor=actor) == expected, actor
        for limit, offset in ((1, 0), (2, 1), (5, 3), (None, 2)):
            assert store.relations(actor=actor, limit=limit, offset=offset) == expected[offset:][:limit], (actor, limit)


def test_the_page_is_cut_by_the_database(store):
    statements = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    [row] = store.relations(actor="sdf", limit=1, offset=1)
    assert row == _matching(store.relations(), "sdf")[1]
    payload_reads = [s for s in statements if "payload" in s and "relations" in s]
    assert payload_reads and all("LIMIT" in s.upper() for s in payload_reads[:1])
