// Reading a listing (exported so the benchmark's floor runs exactly the statements the API issues):
// one statement, one snapshot, for the page (limit + 1 rows, to tell whether a next page exists, by
// offset or after a cursor's position), the exact count of all matches, and the revision the answer
// shows; a second one only when the count it carried forward could not be.
import { Prisma, prepared, type RowReader } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { sortKeyOrderBy } from "./cluster-order.ts";
import { clusterWhere, filterConditions } from "./cluster-where.ts";
import { planCount, rememberCount } from "./count-clusters.ts";
import type { CursorPosition } from "./cursor.ts";
import { type AnchoredRead, anchoredRead, anchorKey, MAX_DRIFT, rememberAnchor } from "./offset-anchor.ts";
import { hasOneGoodPlan } from "./one-plan.ts";
import { anchoredPageQuery, keysetPageQuery, offsetPageQuery, type PageRow } from "./page-query.ts";
import { parseSnapshot, type Revision } from "./revision.ts";
import { fewMatchesFor, searchIndexCondition } from "./search-index.ts";

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
  anchored: AnchoredRead | null,
  knownTotal: bigint | null,
): Prisma.Sql {
  const anchorBefore = anchored ? Prisma.sql`, ${anchored.before} AS anchor_before` : Prisma.empty;
  // The meta row is always there, so an empty page still has its count and revision.
  return Prisma.sql`
    WITH meta AS MATERIALIZED (
      SELECT pg_current_snapshot()::text AS snapshot,
             (SELECT last_position FROM cluster_change_log) AS position,
             ${count} AS total ${anchorBefore}
    )
    SELECT page.*, meta.* FROM meta LEFT JOIN LATERAL (${pageRead(principal, filter, after, anchored, knownTotal)}) AS page ON true
    ORDER BY ${sortKeyOrderBy(filter)}`;
}

/**
 * The page, beside `meta`. A search reads its page through the search index while its matches are
 * few, else walks the order's index: the total remembered from its last read chooses, and with none
 * both are planned, gated by the total the statement counts, and only one runs. A deep page near
 * its anchor reads from there, else skips its offset (gated the same way).
 */
function pageRead(
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
  anchored: AnchoredRead | null,
  knownTotal: bigint | null,
): Prisma.Sql {
  const where = clusterWhere(principal, filter);
  const rows = filter.limit + 1;
  const offset = offsetOf(filter, after);
  const pageWhere = (w: Prisma.Sql) =>
    after ? keysetPageQuery(w, filter, after, rows) : offsetPageQuery(w, filter, offset, rows);
  const searchIndex = searchIndexCondition(principal, filter);
  if (searchIndex) {
    const few = fewMatchesFor(offset + BigInt(rows));
    const indexed = pageWhere(Prisma.sql`${where} AND ${searchIndex}`);
    const walked = pageWhere(where);
    if (knownTotal !== null) return knownTotal <= few ? indexed : walked;
    return Prisma.sql`
      SELECT * FROM (${indexed}) AS few WHERE meta.total <= ${few}
      UNION ALL
      SELECT * FROM (${walked}) AS many WHERE meta.total > ${few}`;
  }
  if (anchored) {
    const before = Prisma.sql`meta.anchor_before`;
    const near = Prisma.sql`${before} BETWEEN ${offset - MAX_DRIFT} AND ${offset + MAX_DRIFT}`;
    return Prisma.sql`
      SELECT * FROM (${anchoredPageQuery(where, filter, anchored.position, before, offset, rows)}) AS near
        WHERE ${near}
      UNION ALL
      SELECT * FROM (${pageWhere(where)}) AS far WHERE NOT coalesce(${near}, false)`;
  }
  return pageWhere(where);
}

/** The rows before a page: none for a cursor's, which reads on from a position. */
const offsetOf = (filter: ClusterFilter, after: CursorPosition | null) =>
  after ? 0n : BigInt(filter.page - 1) * BigInt(filter.limit);

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
  const offset = offsetOf(filter, after);
  const anchor = anchorKey(principal, filter, offset);
  const anchored = anchoredRead(anchor, principal, filter, offset);
  const statement = (total: Prisma.Sql) =>
    listingStatement(principal, filter, after, total, anchored, count.earlierTotal);
  const first = !count.carried
    ? statement(count.afresh)
    : hasOneGoodPlan(principal, filter, filterConditions(filter))
      ? prepared(statement(count.carried))
      : statement(count.carried);
  let read = await db.$rows<Partial<PageRow> & Meta>(first);
  if ((read[0] as Meta).total === null)
    read = await db.$rows<Partial<PageRow> & Meta>(statement(count.afresh));
  const meta = read[0] as Meta & { total: bigint };
  const rows = (read[0]?.id === null ? [] : read) as PageRow[];
  rememberCount(count, meta.total, meta.snapshot);
  rememberAnchor(anchor, offset, rows[0], meta.snapshot);
  const snapshot = parseSnapshot(meta.snapshot);
  if (!snapshot) throw new Error(`unreadable snapshot from PostgreSQL: ${meta.snapshot}`);
  return {
    rows,
    total: Number(meta.total),
    revision: { position: meta.position, snapshot },
  };
}
