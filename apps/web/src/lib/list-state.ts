import { type ClusterFilter, LIMIT_DEFAULT, type ParamError, parseClusterQuery } from "@fleet/schema";

/**
 * The /clusters page keeps all of its list state in the URL. This module is the one translation
 * between the query string and the shared `ClusterFilter` (parsed by `parseClusterQuery`, the same
 * parser as `GET /v1/clusters`, so a portal link and an API query mean the same thing).
 */

export type ListState = { ok: true; filter: ClusterFilter } | { ok: false; errors: ParamError[] };

export const PAGE_SIZES = [20, 50, 100] as const;

export function parseListState(params: URLSearchParams): ListState {
  const parsed = parseClusterQuery(params);
  return parsed.success ? { ok: true, filter: parsed.data } : { ok: false, errors: parsed.errors };
}

/** Next.js hands server pages `searchParams` as a record; repeated keys stay repeated so they are reported. */
export function toUrlSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(key, item);
  }
  return params;
}

const isMidnightUtc = (date: Date) => date.toISOString().endsWith("T00:00:00.000Z");

/** A date as the URL shows it: a plain day when it is midnight UTC, else a full ISO instant. */
export function formatInstant(date: Date): string {
  return isMidnightUtc(date) ? date.toISOString().slice(0, 10) : date.toISOString();
}

const DEFAULTS = { page: 1, limit: LIMIT_DEFAULT, sort_by: "created_at", sort_order: "desc" } as const;

/** The canonical query string of a filter: defaults left out, lists comma-separated, stable key order. */
export function toQueryString(filter: Partial<ClusterFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === "") continue;
    if (key in DEFAULTS && DEFAULTS[key as keyof typeof DEFAULTS] === value) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(","));
    } else if (value instanceof Date) {
      params.set(key, formatInstant(value));
    } else {
      params.set(key, String(value));
    }
  }
  params.sort();
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * The filter as procedure input: dates as ISO strings (what JSON carries anyway), so the query key the
 * server prefetches under is identical to the one the browser asks for.
 */
export function toListInput(filter: ClusterFilter) {
  // A keyset cursor (from an API link) says where the page starts; `page` must not be sent with it.
  const { page, ...rest } = filter;
  return {
    ...rest,
    ...(filter.cursor === undefined ? { page } : {}),
    created_after: filter.created_after?.toISOString(),
    created_before: filter.created_before?.toISOString(),
  };
}

/** The same filter without paging and sorting: what `clusters.stats` and the CSV export take. */
export function toScopeInput(filter: ClusterFilter) {
  const {
    page: _page,
    limit: _limit,
    sort_by: _sortBy,
    sort_order: _sortOrder,
    cursor: _cursor,
    ...scope
  } = toListInput(filter);
  return scope;
}

/** Applies a change; any change other than paging itself goes back to page 1. */
export function applyChange(filter: ClusterFilter, change: Partial<ClusterFilter>): Partial<ClusterFilter> {
  // The portal pages by number; a cursor from a shared API link only describes the page it came with.
  const next: Partial<ClusterFilter> = { ...filter, cursor: undefined, ...change };
  if (!("page" in change)) next.page = 1;
  return next;
}

export const FACETS = ["status", "gpu_type", "region"] as const;
export type Facet = (typeof FACETS)[number];

/**
 * Counts beside a multi-select's options answer "how many would I get if I picked this one too?":
 * the filter without that facet's own selection. Only needed for facets that are in use; otherwise
 * the summary of the current filter already has the answer.
 */
export function facetScopeInputs(filter: ClusterFilter) {
  return FACETS.filter((facet) => filter[facet] !== undefined).map((facet) => ({
    facet,
    input: toScopeInput({ ...filter, [facet]: undefined }),
  }));
}
