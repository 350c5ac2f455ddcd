// Which filters `cluster_counts` can serve. The counters have one row per account, project,
// status, GPU type, region and GPU count, kept exact by triggers; a count whose every filter is
// one of those columns is a sum over them, and any other count is a count(*) over clusters.
import type { FilterCondition, FilterKey } from "./cluster-where.ts";

/**
 * For every filter: true when `cluster_counts` has its column. Exhaustive over the filter's keys,
 * so a new filter cannot reach the counters before someone decides it can.
 */
export const COUNTER_SERVED = {
  status: true,
  gpu_type: true,
  region: true,
  project_id: true,
  min_gpu_count: true,
  max_gpu_count: true,
  template_id: false,
  created_after: false,
  created_before: false,
  search: false,
} as const satisfies Record<FilterKey, boolean>;

/** True when `cluster_counts` serves every filter that narrows the count. */
export const servedByCounters = (conditions: FilterCondition[]) =>
  conditions.every(([key]) => COUNTER_SERVED[key]);
