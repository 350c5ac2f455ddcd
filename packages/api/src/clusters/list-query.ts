// Reading a listing (exported so the benchmark's floor runs exactly the statements the API issues):
// one statement, one snapshot, for the page (limit + 1 rows, to tell whether a next page exists, by
// offset or after a cursor's position), the exact count of all matches, and the revision the answer
// shows; a second one only when a prepared statement could not carry its count forward.
import { Prisma, prepared, type RowReader } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterWhere, filterConditions } from "./cluster-where.ts";
import { exactCount, planCount, rememberCount } from "./count-clusters.ts";
import type { CursorPosition } from "./cursor.ts";
import { hasOneGoodPlan } from "./one-plan.ts";
import { keysetPageQuery, offsetPageQuery, type PageRow } from "./page-query.ts";
import { parseSnapshot, type Revision } from "./revision.ts";
import { fewMatchesFor, withSearchIndex } from "./search-index.ts";

/** A listing page read in one snapshot. */
export interface ListingPage {
  /** Up to limit + 1 rows: one more than the page when a next page exists. */
  rows: PageRow[];
  total: number;
  revision: Revision;
}

/** What the statement reads beside the page, once. */
type Meta = { snapshot: string; position: bigint; total: bigint | null };

function listingStatement(
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
  count: Prisma.Sql,
): Prisma.Sql {
  const where = clusterWhere(principal, filter);
  const rows = filter.limit + 1;
  // page may be any safe integer: a huge one is an empty page.
  const offset = after ? 0n : BigInt(filter.page - 1) * BigInt(filter.limit);
  const pageWhere = (w: Prisma.Sql) =>
    after ? keysetPageQuery(w, filter, after, rows) : offsetPageQuery(w, filter, offset, rows);
  const indexed = withSearchIndex(where, principal, filter);
  // A search reads its page through the search index while its matches are few (its total says),
  // else walks the order's index: each branch is planned apart, and only one runs.
  const few = fewMatchesFor(offset + BigInt(rows));
  const page =
    indexed === where
      ? pageWhere(where)
      : Prisma.sql`
        SELECT * FROM (${pageWhere(indexed)}) AS few WHERE meta.total <= ${few}
        UNION ALL
        SELECT * FROM (${pageWhere(where)}) AS many WHERE meta.total > ${few}`;
  const direction = Prisma.raw(filter.sort_order === "asc" ? "ASC" : "DESC");
  // The meta row is always there, so an empty page still has its count and revision.
  return Prisma.sql`
    WITH meta AS MATERIALIZED (
      SELECT pg_current_snapshot()::text AS snapshot,
             (SELECT last_position FROM cluster_change_log) AS position,
             ${count} AS total
    )
    SELECT page.*, meta.* FROM meta LEFT JOIN LATERAL (${page}) AS page ON true
    ORDER BY page.sort_key ${direction}, page.id ${direction}`;
}

/** Where a listing is read: the API's database client, or the benchmark's pool. */
export interface ListingReader {
  $rows: RowReader;
}

/**
 * One statement when it can: prepared, carrying the count forward alone, when one plan serves the
 * read for every value (one-plan.ts); else planned with its values, counting afresh within when it
 * must. A prepared statement's total is NULL where the count must be made afresh: a second
 * statement then makes it.
 */
export async function readListingPage(
  db: ListingReader,
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
): Promise<ListingPage> {
  const count = planCount(principal, filter);
  const statement = (total: Prisma.Sql) => listingStatement(principal, filter, after, total);
  const first =
    count.carried && hasOneGoodPlan(principal, filter, filterConditions(filter))
      ? prepared(statement(count.carried))
      : statement(exactCount(count));
  let read = await db.$rows<Partial<PageRow> & Meta>(first);
  if ((read[0] as Meta).total === null)
    read = await db.$rows<Partial<PageRow> & Meta>(statement(count.afresh));
  const meta = read[0] as Meta & { total: bigint };
  rememberCount(count, meta.total, meta.snapshot);
  const snapshot = parseSnapshot(meta.snapshot);
  if (!snapshot) throw new Error(`unreadable snapshot from PostgreSQL: ${meta.snapshot}`);
  return {
    rows: (read[0]?.id === null ? [] : read) as PageRow[],
    total: Number(meta.total),
    revision: { position: meta.position, snapshot },
  };
}
