// The SQL that lists one page of clusters: exported on its own so the benchmark's floor runs exactly
// the statements the API issues. Offset paging (`page`) or keyset paging (after a cursor position);
// one row more than the page is fetched to tell whether a next page exists.
import { Prisma } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterOrderBy, SORT_COLUMNS, SORT_KEY_TYPES } from "./cluster-order.ts";
import { CLUSTER_COLUMNS } from "./cluster-row.ts";
import { clusterWhere } from "./cluster-where.ts";
import type { CursorPosition } from "./cursor.ts";

/** From this offset on, a page is found by id first (below it the plain query is as fast). */
const DEFERRED_JOIN_FROM = 1000n;

/** `(key, id) < (…)` for descending order, `>` for ascending: rows strictly after the position. */
function afterPosition(filter: ClusterFilter, after: CursorPosition): Prisma.Sql {
  const column = SORT_COLUMNS[filter.sort_by];
  const op = filter.sort_order === "asc" ? ">" : "<";
  // The key goes back with the column's own type, so the row comparison uses the index.
  const cast = Prisma.raw(SORT_KEY_TYPES[filter.sort_by]);
  return Prisma.sql`(${Prisma.raw(column)}, id) ${Prisma.raw(op)} (${after.key}::${cast}, ${after.id})`;
}

/** One page (limit + 1 rows) with each row's sort key as `sort_key` (for the next cursor) and `count_version`. */
export function clusterPageQuery(
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
): Prisma.Sql {
  const where = clusterWhere(principal, filter);
  const order = clusterOrderBy(filter.sort_by, filter.sort_order);
  // Each row also carries the account's count version, read in the page's snapshot: a cached count
  // for that version needs no second statement (see count-clusters.ts).
  const extra = Prisma.sql`${Prisma.raw(SORT_COLUMNS[filter.sort_by])} AS sort_key,
    (SELECT version FROM cluster_count_versions WHERE account_id = ${principal.accountId}) AS count_version`;
  if (after) {
    return Prisma.sql`
      SELECT ${CLUSTER_COLUMNS}, ${extra} FROM clusters
      WHERE ${where} AND ${afterPosition(filter, after)}
      ORDER BY ${order} LIMIT ${filter.limit + 1}`;
  }
  // page may be any safe integer: the offset goes as int8 so a huge page is an empty page, not an overflow.
  const offset = BigInt(filter.page - 1) * BigInt(filter.limit);
  if (offset >= DEFERRED_JOIN_FROM) {
    // Deep pages: skip the offset over ids only (an index-only scan of the sort's covering index),
    // then fetch the page's full rows: 100 heap reads instead of 100,000 at page 1,000.
    return Prisma.sql`
      SELECT ${CLUSTER_COLUMNS}, ${extra}
      FROM (SELECT id FROM clusters WHERE ${where}
            ORDER BY ${order} LIMIT ${filter.limit + 1} OFFSET ${offset}::int8) AS page
      JOIN clusters USING (id)
      ORDER BY ${order}`;
  }
  return Prisma.sql`
    SELECT ${CLUSTER_COLUMNS}, ${extra} FROM clusters WHERE ${where}
    ORDER BY ${order} LIMIT ${filter.limit + 1} OFFSET ${offset}::int8`;
}
