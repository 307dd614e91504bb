// The document view: a report's cleaned text with each event's evidence highlighted by its character
// offsets (SPEC section 4), the chosen event's evidence as <mark class="current">. Built from text
// nodes and <mark> elements only: reports can contain markup and scripts, which must show literally.

import { getJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { link } from "./filters.js";
import { isDrone, placeLabel, swatch } from "./eventstyle.js";

/** Offsets from the API count code points (Python); JS strings count UTF-16 units. */
function unitOffsets(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
  const units = [0];
  for (const char of text) units.push(units[units.length - 1] + char.length);
  return (offset) => units[Math.min(offset, units.length - 1)];
}

/** Text and <mark>s for text[from, to), marking where any of spans ({start, end, id}) cover it. */
function marked(text, from, to, spans) {
  const inside = spans.filter((span) => span.start < to && span.end > from);
  const cuts = [...new Set([from, to, ...inside.flatMap((span) => [span.start, span.end])])]
    .filter((cut) => cut >= from && cut <= to).sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const covering = inside.filter((span) => span.start <= a && span.end >= b).map((span) => span.id);
    const piece = text.slice(a, b);
    nodes.push(covering.length
      ? h("mark", { class: "evidence", "data-event-id": covering[0], "data-event-ids": covering.join(" ") }, piece)
      : document.createTextNode(piece));
  }
  return nodes;
}

export function highlightedText(text, events, currentId) {
  const unit = unitOffsets(text);
  const spans = events.map((event) => ({ id: event.id, start: unit(event.evidence.start), end: unit(event.evidence.end) }))
    .filter((span) => span.end > span.start);
  const current = spans.find((span) => span.id === currentId);
  const others = spans.filter((span) => span !== current);
  if (!current) return marked(text, 0, text.length, others);
  return [
    ...marked(text, 0, current.start, others),
    h("mark", { class: "evidence current", "data-event-id": current.id, id: "current-evidence" },
      text.slice(current.start, current.end)),
    ...marked(text, current.end, text.length, others),
  ];
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

export async function showDocument(container, docId, currentId) {
  replace(container, h("p", { class: "loading" }, "Loading the report…"));
  const { document: doc, events } = await getJSON(`/api/documents/${encodeURIComponent(docId)}`);
  const url = safeUrl(doc.url);
  const facts = [doc.publisher, doc.author && `by ${doc.author}`, doc.published, doc.language].filter(Boolean).join(" · ");
  replace(container,
    h("article", { class: "document", "data-doc-id": doc.id },
      h("header", {},
        h("a", { href: currentId ? link("event", currentId) : link("events"), class: "back" }, "← back to the events"),
        h("h2", { class: "doc-title" }, doc.title || doc.id),
        h("p", { class: "meta" }, facts, url ? [" · ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)] : null),
        doc.duplicate_of ? h("p", { class: "meta" }, `${doc.duplicate_kind || "duplicate"} of ${doc.duplicate_of}`) : null),
      h("div", { class: "doc-body" },
        h("pre", { class: "doc-text" }, highlightedText(doc.text || "", events, currentId)),
        h("aside", { class: "doc-events" },
          h("h3", {}, `${events.length} event${events.length === 1 ? "" : "s"} in this report`),
          h("ol", {}, events.map((event) => h("li", {
            "data-event-id": event.id, class: event.id === currentId ? "current" : null,
          }, h("a", { href: link("document", doc.id, { event: event.id }) },
            swatch(event.event_type, isDrone(event)), `${event.date || "undated"} · ${event.sub_event_type} · `,
            placeLabel(event.location))))),
          doc.removed?.length ? h("details", {}, h("summary", {}, `${doc.removed.length} boilerplate passages removed`),
            h("ul", {}, doc.removed.map((text) => h("li", {}, text)))) : null))));
  document.getElementById("current-evidence")?.scrollIntoView({ block: "center" });
}
