// The timeline: a histogram of the events matching every filter but the dates, by day, week or month
// depending on the span; dragging across it (a brush) sets the From/To filters to whole bins, a click
// clears them.

import { h, replace, s } from "./dom.js";

const WIDTH = 1000;
const HEIGHT = 110;
const AXIS = 18;
const DAY = 86400000;

const toDay = (text) => Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function binning(first, last) {
  const span = (last - first) / DAY;
  if (span <= 120) return { label: "day", start: (ms) => ms, next: (ms) => ms + DAY };
  if (span <= 730) {
    return { label: "week", start: (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY, next: (ms) => ms + 7 * DAY };
  }
  const month = (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
  return { label: "month", start: month, next: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); } };
}

export class Timeline {
  constructor(container, onBrush) {
    this.container = container;
    this.onBrush = onBrush;
  }

  /** Draw events (dated ones; undated are counted in the caption) with [since, until] highlighted. */
  show(events, since, until) {
    const days = events.map((e) => e.date).filter(Boolean).map(toDay).filter(Number.isFinite);
    const undated = events.length - days.length;
    if (!days.length) {
      replace(this.container, h("p", { class: "empty" }, "No dated events to draw a timeline."));
      return;
    }
    const bins = binning(Math.min(...days), Math.max(...days));
    const first = bins.start(Math.min(...days));
    const end = bins.next(bins.start(Math.max(...days)));
    const counts = new Map();
    for (const day of days) counts.set(bins.start(day), (counts.get(bins.start(day)) || 0) + 1);
    const peak = Math.max(...counts.values());
    const x = (ms) => ((ms - first) / (end - first)) * WIDTH;
    const barHeight = (n) => (n / peak) * (HEIGHT - AXIS - 14);

    const bars = [];
    for (let bin = first; bin < end; bin = bins.next(bin)) {
      const n = counts.get(bin) || 0;
      if (!n) continue;
      const left = x(bin);
      const width = Math.max(1, x(bins.next(bin)) - left - 1);
      bars.push(s("rect", { class: "bar", x: left, y: HEIGHT - AXIS - barHeight(n), width, height: barHeight(n),
        "data-date": isoDay(bin) }, s("title", {}, `${isoDay(bin)} (${bins.label}): ${n} event${n > 1 ? "s" : ""}`)));
    }
    const selection = s("rect", { class: "brush", y: 0, height: HEIGHT - AXIS, x: 0, width: 0, visibility: "hidden" });
    if (since || until) {
      const left = since ? Math.max(0, x(toDay(since))) : 0;
      const right = until ? Math.min(WIDTH, x(toDay(until) + DAY)) : WIDTH;
      Object.entries({ x: left, width: Math.max(0, right - left), visibility: "visible" })
        .forEach(([k, v]) => selection.setAttribute(k, v));
    }
    const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: "none", class: "histogram",
      role: "img", "aria-label": "Events over time" },
      s("line", { class: "axis", x1: 0, x2: WIDTH, y1: HEIGHT - AXIS, y2: HEIGHT - AXIS }),
      bars, selection);
    const caption = h("div", { class: "timeline-caption" },
      h("span", {}, isoDay(first)), h("span", {}, `events per ${bins.label}; drag to choose dates, click to clear` +
        (undated ? ` · ${undated} undated` : "")), h("span", {}, isoDay(end - DAY)));
    replace(this.container, svg, caption);
    const dateAt = (px) => first + (px / WIDTH) * (end - first);
    // A brush takes whole bins: from the start of the bin under its left edge to the end of the one under its right.
    this.#brush(svg, selection, (px) => isoDay(bins.start(dateAt(px))),
      (px) => isoDay(bins.next(bins.start(Math.min(dateAt(px), end - DAY))) - DAY));
  }

  #brush(svg, selection, sinceAt, untilAt) {
    let startX = null;
    const toX = (event) => {
      const box = svg.getBoundingClientRect();
      return Math.min(WIDTH, Math.max(0, ((event.clientX - box.left) / box.width) * WIDTH));
    };
    svg.addEventListener("pointerdown", (event) => {
      startX = toX(event);
      svg.setPointerCapture(event.pointerId);
      selection.setAttribute("visibility", "visible");
      selection.setAttribute("x", startX);
      selection.setAttribute("width", 0);
    });
    svg.addEventListener("pointermove", (event) => {
      if (startX === null) return;
      const here = toX(event);
      selection.setAttribute("x", Math.min(startX, here));
      selection.setAttribute("width", Math.abs(here - startX));
    });
    svg.addEventListener("pointerup", (event) => {
      if (startX === null) return;
      const [a, b] = [startX, toX(event)].sort((p, q) => p - q);
      startX = null;
      if (b - a < 3) this.onBrush(null, null);
      else this.onBrush(sinceAt(a), untilAt(b));
    });
  }
}
