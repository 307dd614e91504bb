"""Actor relations from statements and events, stored per document, exported as GraphML/GEXF/JSON."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from stored_reports import clash, save_doc

from warlog.export.formats import write_network
from warlog.fuse.relations import statement_relations
from warlog.fuse.sources import SourceRegistry
from warlog.models import Document
from warlog.store import Store

TEXT = (
    "The Iraqi Security Forces and the Syrian Democratic Forces formed a joint operations room in Baghdad. "
    "The SDF accused the Syrian Arab Army of colluding with ISIS near Deir ez-Zor. "
    "Iran reportedly supplied Hezbollah with drones. "
    "Fighters of Liwa al-Quds, backed by Russia, advanced on the town."
)


def relations_of(text: str) -> set[tuple[str, str, str, str]]:
    doc = Document(id="d", text=text, published="2024-01-02")
    return {(r.relation, r.source.id, r.target.id, r.status) for r in statement_relations(doc)}


def test_statement_relations_from_own_sentences():
    assert relations_of(TEXT) == {
        ("joint_operations", "isf", "sdf", "asserted"),  # the Iraqi Security Forces, not the army alone
        ("accuses_of_collusion", "sdf", "saa", "asserted"),
        ("colludes_with", "isis", "saa", "alleged"),
        ("supports", "iran-forces", "hezbollah", "alleged"),  # hedged by "reportedly"
        ("supports", "russia-forces", "liwa-al-quds", "asserted"),  # "backed by" reverses
    }


def test_no_relation_without_a_cue():
    assert relations_of("The SDF and ISIS were both active in Deir ez-Zor last year.") == set()


@pytest.fixture
def store(store_url, tmp_path):
    opened = Store(store_url, registry=SourceRegistry.load(tmp_path / "none.yaml"))
    yield opened
    opened.close()


def test_relations_are_stored_counted_and_replaced_on_update(store):
    save_doc(store, "one", TEXT)
    save_doc(store, "two", "Iran supplied Hezbollah with rockets in March.")
    text = "ISIS fighters clashed with the SDF near Hajin."
    save_doc(store, "three", text, [clash("three", text)])
    supports = store.relations(relation="supports", actor="hezbollah")
    assert len(supports) == 1 and supports[0].count == 2 and supports[0].status == "asserted"
    assert supports[0].doc_ids == ["one", "two"]
    [fight] = store.relations(relation="clashes_with")
    assert (fight.source.id, fight.target.id, fight.basis) == ("isis", "sdf", "event")
    save_doc(store, "two", "Nothing about weapons here any more.")
    [supports] = store.relations(relation="supports", actor="hezbollah")
    assert supports.count == 1 and supports.status == "alleged"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_network_exports_parse(store, fmt):
    save_doc(store, "one", TEXT)
    relations = store.relations()
    buffer = io.StringIO()
    write_network(relations, fmt, buffer)
    if fmt == "json":
        graph = json.loads(buffer.getvalue())
        assert len(graph["edges"]) == len(relations) and graph["nodes"]
        return
    root = ET.fromstring(buffer.getvalue())
    namespace = {"graphml": "http://graphml.graphdrawing.org/xmlns", "gexf": "http://gexf.net/1.3"}[fmt]
    edges = root.findall(f".//{{{namespace}}}edge")
    nodes = root.findall(f".//{{{namespace}}}node")
    assert len(edges) == len(relations)
    assert {e.get("source") for e in edges} <= {n.get("id") for n in nodes}
