// ORDER BY for each documented sort key, always ending with id in the same direction so that
// paging is total and stable. Each (key, id) pair has an (account_id, key, id) index.
import { Prisma } from "@fleet/db";
import type { SortKey, SortOrder } from "@fleet/schema";

export const SORT_COLUMNS = {
  created_at: "created_at",
  // Case-insensitive: lower(name), stored beside the name so it can be indexed.
  name: "name_lower",
  status: "status",
  gpu_count: "gpu_count",
  // The hourly rate, in integer cents.
  cost: "hourly_rate_cents",
} as const satisfies Record<SortKey, string>;

/** Each sort column's SQL type: a cursor's key is checked against it and sent back cast to it. */
export const SORT_KEY_TYPES = {
  created_at: "timestamptz",
  name: "text",
  status: "text",
  gpu_count: "int4",
  cost: "int4",
} as const satisfies Record<SortKey, string>;

export function clusterOrderBy(sortBy: SortKey, sortOrder: SortOrder): Prisma.Sql {
  const direction = sortOrder === "asc" ? "ASC" : "DESC";
  return Prisma.raw(`${SORT_COLUMNS[sortBy]} ${direction}, id ${direction}`);
}
