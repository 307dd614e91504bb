// The filter bar: the CLI's filters (SPEC section 2) as form fields. The current filters live in the
// URL (#/view?type=...), so every view is a link an analyst can share; the form mirrors the URL.

import { FILTER_KEYS, query } from "./api.js";
import { h, replace } from "./dom.js";

const CREDIBILITY = [..."ABCDEF"].flatMap((letter) => [1, 2, 3, 4, 5, 6].map((digit) => `${letter}${digit}`));

/** The route in the hash: {view, id, params} from "#/view/id?key=value". */
export function currentRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, "").split("?")[0]);
  const [view, ...rest] = hash.split("/");
  const params = Object.fromEntries(new URLSearchParams(location.hash.split("?")[1] || ""));
  return { view: view || "events", id: rest.join("/") || null, params };
}

export function filtersOf(params) {
  return Object.fromEntries(FILTER_KEYS.filter((key) => params[key]).map((key) => [key, params[key]]));
}

/** A hash link to a view that keeps the current filters (plus extra params). */
export function link(view, id = null, extra = {}) {
  const path = id ? `${view}/${encodeURIComponent(id)}` : view;
  return `#/${path}${query({ ...filtersOf(currentRoute().params), ...extra })}`;
}

function options(select, values, label = (v) => v) {
  replace(select, h("option", { value: "" }, "any"), values.map((value) => h("option", { value }, label(value))));
}

export class FilterBar {
  constructor(form, schema, onChange) {
    this.form = form;
    this.onChange = onChange;
    options(form.elements.type, schema.valuesOf("/api/events", "type"));
    options(form.elements.sub_type, schema.valuesOf("/api/events", "sub_type"));
    options(form.elements.status, schema.valuesOf("/api/events", "status"));
    options(form.elements.min_credibility, CREDIBILITY);
    this.exportFormats = schema.valuesOf("/api/export", "format");
    form.addEventListener("change", () => this.#submit());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    form.addEventListener("reset", () => setTimeout(() => this.#submit(), 0));
  }

  /** Countries present in the store, for the country select (ISO alpha-2 codes). */
  setCountries(codes) {
    const select = this.form.elements.country;
    const chosen = select.value;
    options(select, [...new Set([...codes, chosen].filter(Boolean))].sort());
    select.value = chosen;
  }

  /** Mirror the URL's filters in the form and the export links. */
  show(filters) {
    for (const key of Object.keys(this.form.elements)) {
      const field = this.form.elements[key];
      if (field && field.name && key === field.name) {
        if (field.tagName === "SELECT" && filters[key] && ![...field.options].some((o) => o.value === filters[key])) {
          field.append(h("option", { value: filters[key] }, filters[key]));
        }
        field.value = filters[key] || "";
      }
    }
    const exports = document.getElementById("exports");
    replace(exports, "Export:", this.exportFormats.map((format) =>
      h("a", { class: "export", href: `/api/export${query({ ...filters, format })}`, download: "" }, format)));
  }

  #submit() {
    const values = {};
    for (const [key, value] of new FormData(this.form)) if (value) values[key] = String(value).trim();
    this.onChange(values);
  }
}
