// Talking to the JSON API of `warlog serve`: filters as query parameters, paging, and the OpenAPI
// description, which tells the app the vocabularies (types, statuses) and which endpoints exist, so
// views for endpoints a server does not offer yet show an empty state instead of requesting a 404.

export const FILTER_KEYS = ["since", "until", "type", "sub_type", "actor", "country", "min_credibility", "status"];
const PAGE = 1000;

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
  }
}

export async function getJSON(path, params = {}) {
  const response = await fetch(path + query(params), { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_) { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

/** Every item of a paged list endpoint ({total, limit, offset, items}) matching params. */
export async function getAll(path, params = {}, max = Infinity) {
  const items = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await getJSON(path, { ...params, limit: PAGE, offset });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= Math.min(page.total, max)) return items.slice(0, max);
  }
}

export class Schema {
  constructor(openapi) {
    this.openapi = openapi;
  }

  static async load() {
    return new Schema(await getJSON("/openapi.json"));
  }

  has(path) {
    return Boolean(this.openapi.paths && this.openapi.paths[path]);
  }

  /** The allowed values of a query parameter of GET path (from its enum, or its ^(a|b)$ pattern). */
  valuesOf(path, name) {
    const operation = this.openapi.paths?.[path]?.get;
    const parameter = (operation?.parameters || []).find((p) => p.name === name);
    if (!parameter) return [];
    const found = this.#walk(parameter.schema);
    return found || [];
  }

  #walk(schema) {
    if (!schema) return null;
    if (schema.$ref) return this.#walk(this.#resolve(schema.$ref));
    if (Array.isArray(schema.enum)) return schema.enum;
    if (typeof schema.pattern === "string") {
      const alternatives = /^\^\(([^()]*)\)\$$/.exec(schema.pattern);
      if (alternatives) return alternatives[1].split("|");
    }
    for (const part of schema.anyOf || schema.oneOf || schema.allOf || []) {
      const values = this.#walk(part);
      if (values) return values;
    }
    return null;
  }

  #resolve(ref) {
    return ref.replace(/^#\//, "").split("/").reduce((node, key) => node?.[key], this.openapi);
  }
}
