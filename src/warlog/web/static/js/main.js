// The web app's entry: reads the route and filters from the URL hash, loads what the view needs from
// the JSON API and hands it to the views. Routes: #/events, #/event/ID, #/document/ID?event=EID,
// #/incidents, #/incident/ID, #/network, each with the filters as query parameters.

import { ApiError, getAll, getJSON, query, Schema } from "./api.js";
import { h, replace } from "./dom.js";
import { showDocument } from "./documents.js";
import { showDetail, showList } from "./events.js";
import { currentRoute, FilterBar, filtersOf } from "./filters.js";
import { emptyState, showIncident, showIncidents } from "./incidents.js";
import { EventMap, mapLibrariesLoaded } from "./map.js";
import { NetworkView } from "./network.js";
import { Timeline } from "./timeline.js";

const MAX_EVENTS = 20000;
const VIEWS = { events: "events", event: "events", document: "document", incidents: "incidents", incident: "incidents", network: "network" };
const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $("status").textContent = text;
}

function notice(text) {
  $("notice").hidden = !text;
  $("notice").textContent = text || "";
}

class App {
  constructor(schema) {
    this.schema = schema;
    this.loadedKey = null;
    this.events = [];
    this.filterBar = new FilterBar($("filters"), schema, (filters) => this.#navigate(filters));
    this.map = this.#makeMap();
    this.timeline = new Timeline($("timeline"), (since, until) => this.#navigate({ ...filtersOf(currentRoute().params), since, until }));
    this.network = new NetworkView($("network-graph"), $("network-side"));
    window.addEventListener("hashchange", () => this.render());
  }

  /** The map, or null with a notice when its libraries did not load: the other views work without it. */
  #makeMap() {
    const missing = "The map could not load (its library files did not arrive from /static/vendor/); the event list, incidents, documents and filters work without it.";
    if (!mapLibrariesLoaded()) {
      notice(missing);
      return null;
    }
    try {
      const map = new EventMap($("map"), (id) => this.#open(id));
      map.ready.catch((error) => notice(`The basemap could not load (${error.message}); markers are shown without it.`));
      return map;
    } catch (error) {
      console.warn(error);
      notice(missing);
      return null;
    }
  }

  #navigate(filters) {
    const route = currentRoute();
    const view = route.view === "incident" ? "incidents" : route.view === "document" || route.view === "event" ? "events" : route.view;
    location.hash = `#/${view}${query(filters)}`;
  }

  #open(eventId) {
    location.hash = `#/event/${encodeURIComponent(eventId)}${query(filtersOf(currentRoute().params))}`;
  }

  async render() {
    const token = (this.renderToken = (this.renderToken || 0) + 1);
    const route = currentRoute();
    const filters = filtersOf(route.params);
    const view = VIEWS[route.view] || "events";
    for (const name of ["events", "document", "incidents", "network"]) $(`view-${name}`).hidden = name !== view;
    for (const tab of document.querySelectorAll(".tabs a")) tab.classList.toggle("active", tab.dataset.view === view);
    this.filterBar.show(filters);
    notice(this.map ? "" : $("notice").textContent);
    delete document.body.dataset.ready;
    setStatus("loading…");
    try {
      if (view === "events") await this.#events(filters, route.view === "event" ? route.id : null, token);
      else if (view === "document") await showDocument($("view-document"), route.id, route.params.event || null);
      else if (view === "incidents") await this.#incidents(filters, route.view === "incident" ? route.id : null);
      else await this.#network(filters);
      setStatus("");
    } catch (error) {
      setStatus("");
      notice(error instanceof ApiError ? `The server answered ${error.message}` : `Something went wrong: ${error.message}`);
      if (!(error instanceof ApiError)) console.error(error);
    }
    if (token === this.renderToken) document.body.dataset.ready = location.hash;
  }

  async #events(filters, eventId, token) {
    const key = JSON.stringify(filters);
    if (key !== this.loadedKey) {
      const { since, until, ...undated } = filters;
      const [page, all, unfiltered] = await Promise.all([
        getJSON("/api/events", { ...filters, limit: 1 }),
        getAll("/api/events", filters, MAX_EVENTS),
        since || until ? getAll("/api/events", undated, MAX_EVENTS) : null,
      ]);
      if (token !== this.renderToken) return;
      this.events = all;
      this.loadedKey = key;
      showList($("event-list"), all, page.total);
      if (page.total > all.length) notice(`Showing the first ${all.length} of ${page.total} events: narrow the filters to see the rest.`);
      this.map?.show(all);
      this.timeline.show(unfiltered || all, since, until);
      this.filterBar.setCountries(all.map((event) => event.location?.country).filter(Boolean));
    }
    const panel = $("event-detail");
    if (!eventId) {
      panel.hidden = true;
      return;
    }
    const event = this.events.find((e) => e.id === eventId) || (await getJSON(`/api/events/${encodeURIComponent(eventId)}`));
    showDetail(panel, event);
    for (const row of document.querySelectorAll(".event-row.selected")) row.classList.remove("selected");
    const row = document.querySelector(`.event-row[data-event-id="${CSS.escape(eventId)}"]`);
    row?.classList.add("selected");
    row?.scrollIntoView({ block: "nearest" });
    this.map?.focus(event);
  }

  async #incidents(filters, incidentId) {
    const container = $("view-incidents");
    if (!this.schema.has("/api/incidents")) {
      emptyState(container, "incidents", "This server does not offer incidents yet (no /api/incidents).");
      return;
    }
    if (incidentId) await showIncident(container, incidentId);
    else await showIncidents(container, filters);
  }

  async #network(filters) {
    if (!this.schema.has("/api/network")) {
      replace($("network-graph"));
      emptyState($("network-side"), "actor network", "This server does not offer the actor network yet (no /api/network).");
      return;
    }
    if (!(await this.network.show(filters))) {
      replace($("network-graph"));
      emptyState($("network-side"), "actor network", "No relations between actors match these filters.");
    }
  }
}

async function boot() {
  try {
    const app = new App(await Schema.load());
    window.warlog = app;
    if (!location.hash) history.replaceState(null, "", "#/events");
    await app.render();
  } catch (error) {
    replace(document.body, h("p", { class: "fatal" }, `warlog could not start: ${error.message}`));
    throw error;
  }
}

boot();
