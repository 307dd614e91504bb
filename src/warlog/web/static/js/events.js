// The event list and the event detail panel. Each row and the detail carry data-event-id; all
// values are put in text nodes (see dom.js).

import { h, replace } from "./dom.js";
import { link } from "./filters.js";
import { actorLabel, isDrone, placeLabel, swatch, tollLabel, typeClass } from "./eventstyle.js";

function eventRow(event) {
  const drone = isDrone(event);
  return h("li", {
    class: `event-row ${typeClass(event.event_type)}`, "data-event-id": event.id,
    "data-event-type": event.event_type, "data-sub-event-type": event.sub_event_type,
  },
    h("a", { href: link("event", event.id), class: "row-link" },
      swatch(event.event_type, drone),
      h("span", { class: "date" }, event.date || "undated"),
      h("span", { class: "what" }, event.sub_event_type, drone ? h("span", { class: "tag drone-tag" }, "drone") : null),
      h("span", { class: "where" }, placeLabel(event.location)),
      h("span", { class: "who" }, `${actorLabel(event.actor1)} → ${actorLabel(event.actor2)}`),
      h("span", { class: "toll" }, tollLabel(event)),
      h("span", { class: `tag status-${event.status}` }, event.status)));
}

export function showList(container, events, total) {
  const shown = events.length < total ? `${events.length} of ${total} events` : `${total} event${total === 1 ? "" : "s"}`;
  replace(container,
    h("h2", { class: "list-title" }, shown),
    events.length
      ? h("ol", { class: "event-list" }, events.map(eventRow))
      : h("p", { class: "empty" }, "No events match these filters."));
}

function field(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

function actorText(actor) {
  if (!actor) return "—";
  const said = actor.mention && actor.mention !== actor.name ? ` (“${actor.mention}”)` : "";
  return `${actor.name}${actor.type ? ` · ${actor.type}` : ""}${said}`;
}

export function showDetail(panel, event) {
  panel.hidden = false;
  const location = event.location;
  const coordinates = location && location.latitude !== null
    ? ` · ${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)} (precision ${location.geo_precision})` : "";
  replace(panel,
    h("article", { class: `event-detail ${typeClass(event.event_type)}`, "data-event-id": event.id },
      h("header", {},
        h("a", { href: link("events"), class: "close", "aria-label": "Close" }, "×"),
        h("h2", {}, swatch(event.event_type, isDrone(event)), `${event.event_type}: ${event.sub_event_type}`),
        h("p", { class: "meta" }, event.date || "undated", " · ", h("span", { class: `tag status-${event.status}` }, event.status),
          ` · confidence ${event.confidence}`)),
      h("blockquote", { class: "evidence" }, event.evidence.text),
      h("dl", {},
        field("Actor 1", actorText(event.actor1)),
        field("Actor 2", actorText(event.actor2)),
        (event.assoc_actors || []).length ? field("Alongside", event.assoc_actors.map(actorText).join("; ")) : null,
        field("Place", placeLabel(location) + coordinates),
        field("Toll", tollLabel(event) || "not reported"),
        (event.weapons || []).length
          ? field("Weapons", event.weapons.map((w) => `${w.name} (${w.category})`).join(", ")) : null,
        event.claimant ? field("Claimed by", actorText(event.claimant)) : null,
        field("PLOVER", `${event.plover.event}${event.plover.mode ? ` / ${event.plover.mode}` : ""}`),
        field("Event id", event.id)),
      h("p", {}, h("a", { class: "button open-document", href: link("document", event.doc_id, { event: event.id }) },
        "Open the report with the evidence highlighted"))));
}
