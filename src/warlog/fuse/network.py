"""The actor network as GraphML and GEXF (for Gephi, yEd, networkx, igraph) and JSON (for the web app).

Written with the standard library's XML writer rather than a graph library: the graph is a plain
list of nodes and edges, and the two XML formats only need their attribute declarations right.
Nodes are actors (keyed by dictionary id, else by folded name); edges are relations, directed
(symmetric relations such as clashes are marked ``symmetric``), several per actor pair allowed.
The formats' names, suffixes and media types are the output format registry's
(``warlog.export.formats``), which picks the writer here.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import IO, Any

from warlog.fuse.relations import symmetric_relations
from warlog.models import Relation

_EDGE_ATTRIBUTES = (
    ("relation", "string"), ("status", "string"), ("count", "int"), ("first_date", "string"),
    ("last_date", "string"), ("basis", "string"), ("symmetric", "boolean"), ("doc_ids", "string"),
)  # fmt: skip
_NODE_ATTRIBUTES = (("actor_id", "string"), ("type", "string"))


def network_graph(relations: list[Relation]) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` from relation records (``Store.relations()``)."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for relation in relations:
        for end in (relation.source, relation.target):
            nodes.setdefault(
                end.node_key(), {"id": end.node_key(), "label": end.name, "actor_id": end.id, "type": end.type}
            )
        edges.append(
            {
                "id": relation.id,
                "source": relation.source.node_key(),
                "target": relation.target.node_key(),
                "relation": relation.relation,
                "status": relation.status,
                "count": relation.count,
                "first_date": relation.first_date,
                "last_date": relation.last_date,
                "basis": relation.basis,
                "symmetric": relation.relation in symmetric_relations(),
                "doc_ids": relation.doc_ids,
                "evidence": [entry.to_dict() for entry in relation.evidence],
            }
        )
    return {"nodes": [nodes[k] for k in sorted(nodes)], "edges": edges}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _graphml(graph: dict[str, Any]) -> ET.Element:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    ET.SubElement(root, "key", id="label", attrib={"for": "node", "attr.name": "label", "attr.type": "string"})
    for name, kind in _NODE_ATTRIBUTES:
        ET.SubElement(root, "key", id=name, attrib={"for": "node", "attr.name": name, "attr.type": kind})
    for name, kind in _EDGE_ATTRIBUTES:
        ET.SubElement(root, "key", id=name, attrib={"for": "edge", "attr.name": name, "attr.type": kind})
    body = ET.SubElement(root, "graph", id="warlog", edgedefault="directed")
    for node in graph["nodes"]:
        element = ET.SubElement(body, "node", id=node["id"])
        for name in ("label", *(n for n, _ in _NODE_ATTRIBUTES)):
            if node.get(name) is not None:
                ET.SubElement(element, "data", key=name).text = _text(node[name])
    for edge in graph["edges"]:
        element = ET.SubElement(body, "edge", id=edge["id"], source=edge["source"], target=edge["target"])
        for name, _ in _EDGE_ATTRIBUTES:
            if edge.get(name) is not None:
                ET.SubElement(element, "data", key=name).text = _text(edge[name])
    return root


def _gexf(graph: dict[str, Any]) -> ET.Element:
    root = ET.Element("gexf", xmlns="http://gexf.net/1.3", version="1.3")
    body = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    for cls, attributes in (("node", _NODE_ATTRIBUTES), ("edge", _EDGE_ATTRIBUTES)):
        declared = ET.SubElement(body, "attributes", attrib={"class": cls})
        for name, kind in attributes:
            ET.SubElement(declared, "attribute", id=name, title=name, type=kind)
    nodes = ET.SubElement(body, "nodes")
    for node in graph["nodes"]:
        element = ET.SubElement(nodes, "node", id=node["id"], label=node["label"])
        values = ET.SubElement(element, "attvalues")
        for name, _ in _NODE_ATTRIBUTES:
            if node.get(name) is not None:
                ET.SubElement(values, "attvalue", attrib={"for": name, "value": _text(node[name])})
    edges = ET.SubElement(body, "edges")
    for edge in graph["edges"]:
        element = ET.SubElement(
            edges, "edge", id=edge["id"], source=edge["source"], target=edge["target"],
            label=edge["relation"], weight=str(edge["count"]),
        )  # fmt: skip
        values = ET.SubElement(element, "attvalues")
        for name, _ in _EDGE_ATTRIBUTES:
            if edge.get(name) is not None:
                ET.SubElement(values, "attvalue", attrib={"for": name, "value": _text(edge[name])})
    return root


def write_json(relations: list[Relation], out: IO[str]) -> None:
    """The network as the JSON ``network_graph`` gives (what the web app draws)."""
    json.dump(network_graph(relations), out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_graphml(relations: list[Relation], out: IO[str]) -> None:
    _write_xml(_graphml(network_graph(relations)), out)


def write_gexf(relations: list[Relation], out: IO[str]) -> None:
    _write_xml(_gexf(network_graph(relations)), out)


def _write_xml(root: ET.Element, out: IO[str]) -> None:
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
