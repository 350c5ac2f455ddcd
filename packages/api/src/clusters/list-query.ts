// The listing's statement (exported on its own so the benchmark's floor runs exactly the statements
// the API issues) and its reading: one statement, one snapshot, for the page (limit + 1 rows, to
// tell whether a next page exists, by offset or after a cursor's position), the exact count of all
// matches, and the revision the answer shows.
import { type Db, Prisma } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterWhere } from "./cluster-where.ts";
import { type CountPlan, planCount, rememberCount } from "./count-clusters.ts";
import type { CursorPosition } from "./cursor.ts";
import { keysetPageQuery, offsetPageQuery, type PageRow } from "./page-query.ts";
import { parseSnapshot, type Revision } from "./revision.ts";

/** A listing page read in one snapshot. */
export interface ListingPage {
  /** Up to limit + 1 rows: one more than the page when a next page exists. */
  rows: PageRow[];
  total: number;
  revision: Revision;
}

/** What the statement reads beside the page, once. */
type Meta = { snapshot: string; position: bigint; total: bigint };

export function listingStatement(
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
  count: CountPlan,
): Prisma.Sql {
  const where = clusterWhere(principal, filter);
  const rows = filter.limit + 1;
  // page may be any safe integer: a huge one is an empty page.
  const page = after
    ? keysetPageQuery(where, filter, after, rows)
    : offsetPageQuery(where, filter, BigInt(filter.page - 1) * BigInt(filter.limit), rows);
  const direction = Prisma.raw(filter.sort_order === "asc" ? "ASC" : "DESC");
  // The meta row is always there, so an empty page still has its count and revision.
  return Prisma.sql`
    SELECT page.*, meta.* FROM (
      SELECT pg_current_snapshot()::text AS snapshot,
             (SELECT last_position FROM cluster_change_log) AS position,
             ${count.sql} AS total
    ) AS meta LEFT JOIN (${page}) AS page ON true
    ORDER BY page.sort_key ${direction}, page.id ${direction}`;
}

export async function readListingPage(
  db: Db,
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
): Promise<ListingPage> {
  const count = planCount(principal, filter);
  const read = await db.$rows<Partial<PageRow> & Meta>(listingStatement(principal, filter, after, count));
  const meta = read[0] as Meta;
  rememberCount(count, meta.total, meta.snapshot);
  const snapshot = parseSnapshot(meta.snapshot);
  if (!snapshot) throw new Error(`unreadable snapshot from PostgreSQL: ${meta.snapshot}`);
  return {
    rows: (read[0]?.id === null ? [] : read) as PageRow[],
    total: Number(meta.total),
    revision: { position: meta.position, snapshot },
  };
}
