// How an event looks wherever it is drawn: a CSS class per ACLED event type (colours live in
// app.css), the drone mark, and short human labels for dates, places, actors and tolls.

import { h } from "./dom.js";

/** "Explosions/Remote violence" -> "type-explosions-remote-violence" (colour class in app.css). */
export function typeClass(eventType) {
  return "type-" + String(eventType || "unknown").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Drone events: a weapon the extractor put in the "drone" category (see data/weapons.yaml). */
export function isDrone(event) {
  return (event.weapons || []).some((weapon) => weapon.category === "drone");
}

export function hasPoint(event) {
  const location = event.location;
  return Boolean(location && Number.isFinite(location.latitude) && Number.isFinite(location.longitude));
}

export function placeLabel(location) {
  if (!location) return "no location";
  const parts = [location.name, location.admin1 !== location.name ? location.admin1 : null, location.country];
  return parts.filter(Boolean).join(", ");
}

export function actorLabel(actor) {
  return actor ? actor.name : "—";
}

export function tollLabel(event) {
  const parts = [];
  if (event.fatalities !== null && event.fatalities !== undefined) parts.push(`${event.fatalities} killed`);
  if (event.injured) parts.push(`${event.injured} injured`);
  if (event.arrested) parts.push(`${event.arrested} arrested`);
  return parts.join(", ");
}

/** The small coloured swatch (with a ring for drone events) used in lists and the legend. */
export function swatch(eventType, drone = false) {
  return h("span", { class: `swatch ${typeClass(eventType)}${drone ? " drone" : ""}`, "aria-hidden": "true" });
}
