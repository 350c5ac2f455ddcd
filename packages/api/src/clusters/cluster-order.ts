// The order of every cluster read and its keyset: ORDER BY for each documented sort key, always
// ending with id in the same direction so that paging is total and stable, and the condition for
// "rows after this position" in that order. Each (key, id) pair has an (account_id, key, id) index.
import { Prisma } from "@fleet/db";
import { ClusterFilter, type SortKey } from "@fleet/schema";
import type { CursorPosition } from "./cursor.ts";

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

/** How a read is ordered. */
export type ClusterSort = Pick<ClusterFilter, "sort_by" | "sort_order">;

/** The listing's default order, newest first: the CSV export, which takes no sort, reads in it too. */
export const DEFAULT_SORT: ClusterSort = (({ sort_by, sort_order }) => ({ sort_by, sort_order }))(
  ClusterFilter.parse({}),
);

export function clusterOrderBy(sort: ClusterSort): Prisma.Sql {
  const direction = sort.sort_order === "asc" ? "ASC" : "DESC";
  return Prisma.raw(`${SORT_COLUMNS[sort.sort_by]} ${direction}, id ${direction}`);
}

/** The order of rows read with `sortKeyColumn`, by their `sort_key` and id. */
export const sortKeyOrderBy = (sort: ClusterSort) =>
  Prisma.raw(
    `sort_key ${sort.sort_order === "asc" ? "ASC" : "DESC"}, id ${sort.sort_order === "asc" ? "ASC" : "DESC"}`,
  );

/** The select-list item that gives each row's sort key as `sort_key`, for the position after it. */
export const sortKeyColumn = (sort: ClusterSort) => Prisma.raw(`${SORT_COLUMNS[sort.sort_by]} AS sort_key`);

/** A row read with `sortKeyColumn`. */
export interface SortedRow {
  id: string;
  sort_key: Date | string | number;
}

/** The position just after a row, to read on from there. */
export const positionOf = (row: SortedRow): CursorPosition => ({
  key: row.sort_key instanceof Date ? row.sort_key.toISOString() : row.sort_key,
  id: row.id,
});

/** Where rows stand from a position, in a read's order: strictly after it, at or after it, strictly before it. */
export type Side = "after" | "atOrAfter" | "before";

const FORWARD = { after: ">", atOrAfter: ">=", before: "<" } as const satisfies Record<Side, string>;
const BACKWARD = { after: "<", atOrAfter: "<=", before: ">" } as const satisfies Record<Side, string>;

/** `(key, id) > (…)` for "after" in ascending order, and so on: the rows on one side of a position. */
export function onSideOf(sort: ClusterSort, side: Side, position: CursorPosition): Prisma.Sql {
  const column = SORT_COLUMNS[sort.sort_by];
  const op = (sort.sort_order === "asc" ? FORWARD : BACKWARD)[side];
  // The key goes back with the column's own type, so the row comparison uses the index.
  const cast = Prisma.raw(SORT_KEY_TYPES[sort.sort_by]);
  return Prisma.sql`(${Prisma.raw(column)}, id) ${Prisma.raw(op)} (${position.key}::${cast}, ${position.id})`;
}

/** The reverse of a read's order. */
export const reversed = (sort: ClusterSort): ClusterSort => ({
  ...sort,
  sort_order: sort.sort_order === "asc" ? "desc" : "asc",
});
