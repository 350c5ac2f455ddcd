// Which listings run as a prepared statement, planned once per connection instead of on every call.
// A plan made without the parameters' values must cost the same whatever they are: a walk of one
// index in the listing's own order that stops after the page. That holds when nothing narrows the
// read but the account (every sort key has an (account_id, key, id) index), or when one filter of a
// single value narrows it in the default order (each such filter has an (account_id, column,
// created_at, id) index). Anything else (a range, several values, two filters, a search, a key's
// projects) may be served best by another index and a sort, a choice that made blind for a large
// account costs a hundred times more: those are planned per call, with their values.
import type { ClusterFilter } from "@fleet/schema";
import { DEFAULT_SORT } from "./cluster-order.ts";
import type { FilterCondition, FilterKey, Visibility } from "./cluster-where.ts";

/** Whether a filter of one value has an index led by its column and ordered like the default sort. */
const INDEXED_IN_DEFAULT_ORDER = {
  status: true,
  gpu_type: true,
  region: true,
  project_id: true,
  template_id: true,
  min_gpu_count: false,
  max_gpu_count: false,
  created_after: false,
  created_before: false,
  search: false,
} as const satisfies Record<FilterKey, boolean>;

/** True when one plan serves the read well for every value of its parameters. */
export function hasOneGoodPlan(
  visibility: Visibility,
  filter: ClusterFilter,
  conditions: FilterCondition[],
): boolean {
  if (visibility.projectIds) return false;
  const [first, ...more] = conditions;
  if (!first) return true;
  const [key] = first;
  const value = filter[key];
  return (
    more.length === 0 &&
    INDEXED_IN_DEFAULT_ORDER[key] &&
    (!Array.isArray(value) || value.length === 1) &&
    filter.sort_by === DEFAULT_SORT.sort_by
  );
}
