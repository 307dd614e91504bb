// The actor network (GET /api/network): actors as nodes, relations as edges coloured by relation type
// and drawn dashed unless asserted; tapping a node or an edge shows what backs it. Drawn by Cytoscape
// on a canvas; labels reach the canvas as plain strings, the side panel through text nodes.

import { getJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { link } from "./filters.js";

const PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const NODE_COLOURS = {
  "state forces": "#4c6ef5", "rebel group": "#e8590c", "political militia": "#ae3ec9", "identity militia": "#f59f00",
  rioters: "#c92a2a", protesters: "#37b24d", civilians: "#868e96", "external/other forces": "#1098ad",
};

function colourFor(values) {
  const colours = new Map([...new Set(values)].sort().map((value, i) => [value, PALETTE[i % PALETTE.length]]));
  return (value) => colours.get(value) || "#999";
}

function evidenceItems(evidence) {
  const items = Array.isArray(evidence) ? evidence : evidence ? [evidence] : [];
  return items.slice(0, 20).map((item) => {
    if (typeof item !== "object" || item === null) return h("li", {}, String(item));
    const text = item.text || item.evidence?.text || item.event_id || "";
    return h("li", { "data-event-id": item.event_id || null },
      item.doc_id ? h("a", { href: link("document", item.doc_id, item.event_id ? { event: item.event_id } : {}) }, item.doc_id) : null,
      item.doc_id ? ": " : null, text);
  });
}

export class NetworkView {
  constructor(graph, side) {
    this.graph = graph;
    this.side = side;
    this.cy = null;
  }

  async show(filters) {
    const network = await getJSON("/api/network", { ...filters, format: "json" });
    const nodes = network.nodes || [];
    const edges = network.edges || [];
    if (!nodes.length) return false;
    const relationColour = colourFor(edges.map((edge) => edge.relation));
    if (!window.cytoscape) return this.#showAsList(nodes, edges);
    this.cy?.destroy();
    this.cy = cytoscape({
      container: this.graph,
      elements: [
        ...nodes.map((node) => ({ data: { ...node, id: String(node.id), label: String(node.label ?? node.id),
          colour: NODE_COLOURS[node.type] || "#495057" } })),
        ...edges.map((edge, i) => ({ data: { ...edge, id: `e${i}`, source: String(edge.source), target: String(edge.target),
          colour: relationColour(edge.relation), width: 1 + Math.log2(1 + (edge.count || 1)),
          line: !edge.status || edge.status === "asserted" ? "solid" : "dashed" } })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "data(colour)", "font-size": 10,
          "text-wrap": "ellipsis", "text-max-width": 140, width: 18, height: 18, color: "#222" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "line-style": "data(line)",
          "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85 } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#000", "overlay-opacity": 0.15 } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000 },
      maxZoom: 2,
    });
    this.cy.on("tap", "node", (event) => this.#showNode(event.target.data()));
    this.cy.on("tap", "edge", (event) => this.#showEdge(event.target.data()));
    this.legend = h("div", { class: "legend" },
      h("h3", {}, "Relations"),
      [...new Set(edges.map((edge) => edge.relation))].sort().map((relation) =>
        h("div", { class: "relation", "data-relation": relation }, h("span", { class: "line-swatch", "data-colour": relationColour(relation) }), relation)),
      h("p", { class: "hint" }, "Solid: asserted · dashed: claimed, alleged or denied. Tap an actor or a relation."));
    for (const sample of this.legend.querySelectorAll(".line-swatch")) sample.style.backgroundColor = sample.dataset.colour;
    replace(this.side, h("h2", {}, `${nodes.length} actors, ${edges.length} relations`), this.legend);
    return true;
  }

  /** Without the graph library (a broken install): the relations as a plain list, with a note why. */
  #showAsList(nodes, edges) {
    const label = new Map(nodes.map((node) => [String(node.id), String(node.label ?? node.id)]));
    replace(this.graph, h("p", { class: "notice" }, "The graph library could not load; the relations are listed instead."));
    replace(this.side, h("h2", {}, `${nodes.length} actors, ${edges.length} relations`),
      h("ul", {}, edges.map((edge) => h("li", { class: "relation", "data-relation": edge.relation },
        `${label.get(String(edge.source))} — ${edge.relation} → ${label.get(String(edge.target))}`,
        edge.count !== undefined ? ` (${edge.count})` : ""))));
    return true;
  }

  #showNode(node) {
    replace(this.side, h("h2", {}, node.label), h("p", {}, node.type || "actor type unknown"),
      h("p", {}, h("a", { href: link("events", null, { actor: node.label }) }, "Events of this actor")), this.legend);
  }

  #showEdge(edge) {
    const source = this.cy.getElementById(edge.source).data("label");
    const target = this.cy.getElementById(edge.target).data("label");
    replace(this.side,
      h("h2", {}, `${source} — ${edge.relation} → ${target}`),
      h("p", {}, [edge.status, edge.count !== undefined ? `${edge.count} event(s)` : null,
        edge.first_date ? `${edge.first_date} to ${edge.last_date || edge.first_date}` : null].filter(Boolean).join(" · ")),
      h("ul", { class: "edge-evidence" }, evidenceItems(edge.evidence)), this.legend);
  }
}
