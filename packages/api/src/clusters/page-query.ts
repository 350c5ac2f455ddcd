// The statements that read a page of clusters in an order: after a keyset position (cursor walks,
// the CSV export) or at an offset (page numbers). Each row also carries its sort key as `sort_key`,
// for the position after it.
import { Prisma } from "@fleet/db";
import {
  type ClusterSort,
  clusterOrderBy,
  onSideOf,
  reversed,
  type SortedRow,
  sortKeyColumn,
  sortKeyOrderBy,
} from "./cluster-order.ts";
import { CLUSTER_COLUMNS, type ClusterRow } from "./cluster-row.ts";
import type { CursorPosition } from "./cursor.ts";

/** A cluster read by a page statement. */
export type PageRow = ClusterRow & SortedRow;

/** From this offset on, a page is found by id first (below it the plain query is as fast). */
export const DEFERRED_JOIN_FROM = 1000n;

const pageColumns = (sort: ClusterSort, extra: Prisma.Sql[]) =>
  Prisma.join([CLUSTER_COLUMNS, sortKeyColumn(sort), ...extra], ", ");

/**
 * A page's size is written into the statement, not sent as a parameter: a plan made once for a
 * prepared statement (one-plan.ts) then knows how many rows it stops after, as a plan made with the
 * values does. It is one of a few sizes (the page sizes, the export's batch), so few statements.
 */
const limitOf = (rows: number) => {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`not a page size: ${rows}`);
  return Prisma.raw(`LIMIT ${rows}`);
};

/** Up to `rows` rows strictly after `after` in `sort`'s order, or from the first when it is null. */
export function keysetPageQuery(
  where: Prisma.Sql,
  sort: ClusterSort,
  after: CursorPosition | null,
  rows: number,
  extra: Prisma.Sql[] = [],
): Prisma.Sql {
  const keyset = after ? Prisma.sql`AND ${onSideOf(sort, "after", after)}` : Prisma.empty;
  return Prisma.sql`
    SELECT ${pageColumns(sort, extra)} FROM clusters
    WHERE ${where} ${keyset}
    ORDER BY ${clusterOrderBy(sort)} ${limitOf(rows)}`;
}

/** Up to `rows` rows in `sort`'s order, skipping the first `offset`. */
export function offsetPageQuery(
  where: Prisma.Sql,
  sort: ClusterSort,
  offset: bigint,
  rows: number,
  extra: Prisma.Sql[] = [],
): Prisma.Sql {
  const order = clusterOrderBy(sort);
  if (offset >= DEFERRED_JOIN_FROM) {
    // Deep pages: skip the offset over ids only (an index-only scan of the sort's covering index),
    // then fetch the page's full rows: 100 heap reads instead of 100,000 at page 1,000.
    return Prisma.sql`
      SELECT ${pageColumns(sort, extra)}
      FROM (SELECT id FROM clusters WHERE ${where}
            ORDER BY ${order} ${limitOf(rows)} OFFSET ${offset}::int8) AS page
      JOIN clusters USING (id)
      ORDER BY ${order}`;
  }
  // The offset goes as int8, so a huge page is an empty page, not an overflow; the first page has
  // none, so that its plan, made once, is the plain walk of the order's index.
  const skip = offset > 0n ? Prisma.sql`OFFSET ${offset}::int8` : Prisma.empty;
  return Prisma.sql`
    SELECT ${pageColumns(sort, extra)} FROM clusters WHERE ${where}
    ORDER BY ${order} ${limitOf(rows)} ${skip}`;
}

/**
 * The page at `offset` read from a position whose rows before it number `before` (SQL, int8): the
 * rows just before the position, walked backwards, when the page starts there; else the rows from
 * it on, skipping what lies between. Either walk is as long as the distance from the position.
 */
export function anchoredPageQuery(
  where: Prisma.Sql,
  sort: ClusterSort,
  position: CursorPosition,
  before: Prisma.Sql,
  offset: bigint,
  rows: number,
): Prisma.Sql {
  const columns = pageColumns(sort, []);
  return Prisma.sql`
    SELECT * FROM (
      (SELECT ${columns} FROM clusters WHERE ${where} AND ${onSideOf(sort, "before", position)}
       ORDER BY ${clusterOrderBy(reversed(sort))} LIMIT greatest(${before} - ${offset}::int8, 0))
      UNION ALL
      (SELECT ${columns} FROM clusters WHERE ${where} AND ${onSideOf(sort, "atOrAfter", position)}
       ORDER BY ${clusterOrderBy(sort)} ${limitOf(rows)} OFFSET greatest(${offset}::int8 - ${before}, 0))
    ) AS around ORDER BY ${sortKeyOrderBy(sort)} ${limitOf(rows)}`;
}
