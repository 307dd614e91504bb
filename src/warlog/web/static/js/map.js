// The map: Natural Earth countries (packaged TopoJSON, no tile server) under clustered markers, one
// per located event, coloured by event type, drone events ringed. Every marker element and every
// cluster carries the ids of the events it stands for (data-event-id / data-event-ids), and events
// without coordinates are listed in a map control, so each stored event is findable on the map.

import { h, replace } from "./dom.js";
import { hasPoint, isDrone, placeLabel, swatch, typeClass } from "./eventstyle.js";

const BASEMAP_URL = "/static/vendor/countries-50m.json";

/** Whether the map's libraries (Leaflet, its cluster plugin, the TopoJSON reader) have loaded. */
export function mapLibrariesLoaded() {
  return Boolean(window.L && window.L.markerClusterGroup && window.topojson);
}

export class EventMap {
  constructor(container, onOpen) {
    this.onOpen = onOpen;
    this.map = L.map(container, { worldCopyJump: true, preferCanvas: false, minZoom: 2, maxZoom: 14 });
    this.map.setView([30, 30], 3);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth");
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 40,
      iconCreateFunction: (cluster) => clusterIcon(cluster),
    });
    this.map.addLayer(this.clusters);
    this.unlocated = new (L.Control.extend(UNLOCATED_CONTROL))(onOpen);
    this.unlocated.addTo(this.map);
    this.legend = new (L.Control.extend(LEGEND_CONTROL))();
    this.legend.addTo(this.map);
    this.ready = this.#loadBasemap();
  }

  async #loadBasemap() {
    const response = await fetch(BASEMAP_URL);
    if (!response.ok) throw new Error(`basemap ${BASEMAP_URL}: ${response.status}`);
    const world = await response.json();
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { style: () => ({ className: "country", weight: 0.6 }), interactive: false }).addTo(this.map);
    const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
    L.geoJSON(borders, { style: () => ({ className: "border", weight: 0.6 }), interactive: false }).addTo(this.map);
  }

  /** Show these events (replacing the previous ones) and fit the view to them. */
  show(events) {
    this.clusters.clearLayers();
    const located = events.filter(hasPoint);
    const markers = located.map((event) => this.#marker(event));
    this.clusters.addLayers(markers);
    this.unlocated.show(events.filter((event) => !hasPoint(event)));
    this.legend.show(events);
    if (markers.length) {
      const bounds = L.latLngBounds(located.map((e) => [e.location.latitude, e.location.longitude]));
      this.map.fitBounds(bounds.pad(0.2), { maxZoom: 8, animate: false });
    }
  }

  /** Centre on one event's marker and mark it as selected. */
  focus(event) {
    for (const node of document.querySelectorAll(".event-marker.selected")) node.classList.remove("selected");
    const marker = this.byId?.get(event.id);
    if (!marker) return;
    this.clusters.zoomToShowLayer(marker, () => marker.getElement()?.classList.add("selected"));
  }

  #marker(event) {
    this.byId = this.byId || new Map();
    const drone = isDrone(event);
    const icon = L.divIcon({
      className: `event-marker ${typeClass(event.event_type)}${drone ? " drone" : ""}`,
      html: drone ? h("span", { class: "drone-mark" }, "✈") : "",
      iconSize: drone ? [18, 18] : [14, 14],
    });
    const marker = L.marker([event.location.latitude, event.location.longitude], {
      icon, title: `${event.sub_event_type} — ${placeLabel(event.location)}`, keyboard: true,
    });
    marker.eventId = event.id;
    marker.on("add", () => marker.getElement()?.setAttribute("data-event-id", event.id));
    marker.on("click", () => this.onOpen(event.id));
    this.byId.set(event.id, marker);
    return marker;
  }
}

function clusterIcon(cluster) {
  const ids = cluster.getAllChildMarkers().map((marker) => marker.eventId);
  const size = ids.length < 10 ? "small" : ids.length < 100 ? "medium" : "large";
  return L.divIcon({
    className: `marker-cluster marker-cluster-${size}`,
    html: h("div", { "data-event-ids": ids.join(" ") }, h("span", {}, String(ids.length))),
    iconSize: [40, 40],
  });
}

// Leaflet control definitions, made into classes only once Leaflet has loaded (see EventMap), so this
// module evaluates without Leaflet and the rest of the app runs when the map libraries are missing.
const UNLOCATED_CONTROL = {
  options: { position: "bottomleft" },
  initialize(onOpen) {
    this.onOpen = onOpen;
  },
  onAdd() {
    this.box = h("div", { class: "map-box unlocated", hidden: true });
    L.DomEvent.disableClickPropagation(this.box);
    L.DomEvent.disableScrollPropagation(this.box);
    return this.box;
  },
  show(events) {
    this.box.hidden = events.length === 0;
    replace(this.box,
      h("strong", {}, `${events.length} event${events.length === 1 ? "" : "s"} without coordinates`),
      h("ul", {}, events.map((event) => h("li", {},
        h("a", { href: "#", "data-event-id": event.id, on: { click: (e) => { e.preventDefault(); this.onOpen(event.id); } } },
          swatch(event.event_type, isDrone(event)), `${event.sub_event_type} (${placeLabel(event.location)})`)))));
  },
};

const LEGEND_CONTROL = {
  options: { position: "bottomright" },
  onAdd() {
    this.box = h("div", { class: "map-box legend" });
    return this.box;
  },
  show(events) {
    const types = [...new Set(events.map((event) => event.event_type))].sort();
    replace(this.box, types.map((type) => h("div", {}, swatch(type), type)),
      h("div", {}, swatch("", true), "drone used"));
  },
};
