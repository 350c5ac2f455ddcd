import type { SortKey } from "@fleet/schema";

/** What each sort key is called in the list: the table's headers and the narrow screen's select. */
export const SORT_LABELS: Record<SortKey, string> = {
  created_at: "Created",
  name: "Name",
  status: "Status",
  gpu_count: "GPUs",
  cost: "Cost / hr",
};
