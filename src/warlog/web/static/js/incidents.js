// Incidents (SPEC section 5): the list, and one incident with every report of it, its Admiralty
// credibility badge, and the figures the reports disagree on side by side.

import { getJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { link } from "./filters.js";
import { actorLabel, placeLabel, swatch, tollLabel, typeClass } from "./eventstyle.js";

const PAGE = 500;

export function emptyState(container, what, why) {
  replace(container, h("div", { class: "empty-state" }, h("h2", {}, `No ${what} yet`), h("p", {}, why)));
}

export function credibilityBadge(code) {
  if (!code) return h("span", { class: "badge cred-none", title: "not graded" }, "—");
  const [reliability, credibility] = [code[0], code.slice(1)];
  return h("span", {
    class: `badge cred-${reliability}`,
    title: `Admiralty code: source reliability ${reliability}, information credibility ${credibility}`,
  }, code);
}

function figures(fatalities) {
  if (!fatalities || fatalities.best === null || fatalities.best === undefined) return "not reported";
  const { best, min, max } = fatalities;
  return min !== max && min !== null && max !== null ? `${best} (reports: ${min}–${max})` : String(best);
}

export async function showIncidents(container, filters) {
  replace(container, h("p", { class: "loading" }, "Loading incidents…"));
  const page = await getJSON("/api/incidents", { ...filters, limit: PAGE });
  if (!page.items.length) {
    emptyState(container, "incidents", "No incident matches these filters (incidents are built when reports are ingested).");
    return;
  }
  replace(container, h("section", { class: "panel incidents" },
    h("h2", {}, page.total > page.items.length ? `${page.items.length} of ${page.total} incidents` : `${page.total} incidents`),
    h("table", { class: "incident-table" },
      h("thead", {}, h("tr", {}, ["Date", "What", "Where", "Actors", "Killed", "Reports", "Credibility"].map((t) => h("th", {}, t)))),
      h("tbody", {}, page.items.map((incident) => h("tr", { "data-incident-id": incident.id, class: typeClass(incident.event_type) },
        h("td", {}, incident.date || "undated"),
        h("td", {}, h("a", { href: link("incident", incident.id) }, swatch(incident.event_type), incident.sub_event_type)),
        h("td", {}, placeLabel(incident.location)),
        h("td", {}, `${actorLabel(incident.actor1)} → ${actorLabel(incident.actor2)}`),
        h("td", { class: incident.fatalities && incident.fatalities.min !== incident.fatalities.max ? "conflict" : null },
          figures(incident.fatalities)),
        h("td", {}, `${(incident.mentions || []).length} from ${incident.corroboration ?? "?"} source(s)`),
        h("td", {}, credibilityBadge(incident.credibility))))))));
}

async function reportOf(mention) {
  try {
    return await getJSON(`/api/events/${encodeURIComponent(mention.event_id)}`);
  } catch (_) {
    return { id: mention.event_id, doc_id: mention.doc_id, missing: true };
  }
}

export async function showIncident(container, incidentId) {
  replace(container, h("p", { class: "loading" }, "Loading the incident…"));
  const incident = await getJSON(`/api/incidents/${encodeURIComponent(incidentId)}`);
  const reports = await Promise.all((incident.mentions || []).map(reportOf));
  const tolls = new Set(reports.map((e) => e.fatalities ?? null).filter((n) => n !== null));
  const dates = new Set(reports.map((e) => e.date).filter(Boolean));
  const reasoning = Array.isArray(incident.reasoning) ? incident.reasoning.join("\n") : incident.reasoning;
  replace(container, h("article", { class: `panel incident ${typeClass(incident.event_type)}`, "data-incident-id": incident.id },
    h("a", { href: link("incidents"), class: "back" }, "← all incidents"),
    h("h2", {}, credibilityBadge(incident.credibility), " ", swatch(incident.event_type),
      `${incident.event_type}: ${incident.sub_event_type}`),
    h("p", { class: "meta" }, `${incident.date || "undated"} · ${placeLabel(incident.location)} · `,
      `${actorLabel(incident.actor1)} → ${actorLabel(incident.actor2)}`),
    h("p", {}, `Killed: ${figures(incident.fatalities)} · corroborated by ${incident.corroboration ?? "?"} independent source(s)`,
      (incident.sources || []).length ? ` (${incident.sources.join(", ")})` : ""),
    tolls.size > 1 ? h("p", { class: "conflict" }, `The reports disagree on the toll: ${[...tolls].sort((a, b) => a - b).join(" vs ")}.`) : null,
    dates.size > 1 ? h("p", { class: "conflict" }, `The reports disagree on the date: ${[...dates].sort().join(" vs ")}.`) : null,
    reasoning ? h("details", { class: "reasoning", open: true }, h("summary", {}, "How it was graded"), h("pre", {}, reasoning)) : null,
    h("h3", {}, `${reports.length} report${reports.length === 1 ? "" : "s"}`),
    h("table", { class: "reports" },
      h("thead", {}, h("tr", {}, ["Report", "Date", "Toll", "Status", "Evidence"].map((t) => h("th", {}, t)))),
      h("tbody", {}, reports.map((event) => h("tr", { "data-event-id": event.id },
        h("td", {}, h("a", { href: link("document", event.doc_id, { event: event.id }) }, event.doc_id)),
        h("td", { class: dates.size > 1 ? "conflict" : null }, event.date || "undated"),
        h("td", { class: tolls.size > 1 ? "conflict" : null }, event.missing ? "" : tollLabel(event) || "not reported"),
        h("td", {}, event.missing ? "event not found" : event.status),
        h("td", { class: "evidence" }, event.evidence ? event.evidence.text : "")))))));
}
