// Reading the change log for change streams: the positioned changes in a range, for a set of views
// (an account, a key's projects and a filter each), with, per view, whether the cluster matched
// before the change and matches after it — by the listing's own WHERE, applied in PostgreSQL to
// the rows recorded before and after (change-match.ts). One statement serves every stream of a
// process: each view is evaluated once per change of its account, however many streams share it.
import { type Db, Prisma } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import { ALL_ACCOUNTS, isReset } from "./change-log.ts";
import { type ClusterRow, clusterColumnsOf } from "./cluster-row.ts";
import { clusterWhere, selectionKey, type Visibility } from "./cluster-where.ts";

/** What a stream follows: the clusters its caller may see that match its selector. */
export interface View {
  principal: Visibility;
  selector: ClusterSelector;
}

/** Names a view canonically: streams of the same view share its evaluation. */
export const viewKey = (view: View) => selectionKey(view.principal, view.selector);

/** One change as the feed reads it. */
export interface FeedChange {
  position: bigint;
  /** The writing transaction, to tell whether a list's snapshot already held this change. */
  xid: bigint;
  accountId: string;
  clusterId: string;
  /** A reset (TRUNCATE): no row before or after; every stream of the account must list again. */
  reset: boolean;
  /** The cluster is gone (deleted, or moved to another account). */
  deleted: boolean;
  /** Per view (in the order given): did the cluster match before the change, and after it. */
  matchedBefore: boolean[];
  matchesAfter: boolean[];
  /** The cluster after the change, when it still exists. */
  row: ClusterRow | null;
}

type FeedRow = Omit<ClusterRow, "id"> & {
  id: string | null;
  position: bigint;
  xid: string;
  account_id: string;
  cluster_id: string;
  reset: boolean;
  deleted: boolean;
  before: boolean[];
  after: boolean[];
};

/** A view's condition on the cluster row `source` (SQL naming a `clusters` row). */
function matchOn(source: Prisma.Sql, view: View): Prisma.Sql {
  const where = clusterWhere(view.principal, view.selector);
  return Prisma.sql`(c.account_id = ${view.principal.accountId} AND EXISTS (SELECT FROM ${source} AS clusters WHERE ${where}))`;
}

const boolArray = (items: Prisma.Sql[]) =>
  items.length === 0 ? Prisma.sql`'{}'::bool[]` : Prisma.sql`ARRAY[${Prisma.join(items)}]`;

export interface FeedRange {
  /** Changes strictly after this position… */
  after: bigint;
  /** …up to and including this one. */
  upTo: bigint;
  /** At most this many changes; the caller reads on from the last one returned. */
  limit: number;
}

export async function readFeed(db: Db, views: View[], range: FeedRange): Promise<FeedChange[]> {
  if (views.length === 0) return [];
  const accounts = [...new Set(views.map((v) => v.principal.accountId)), ALL_ACCOUNTS];
  const after = boolArray(views.map((view) => matchOn(Prisma.sql`(SELECT n.*)`, view)));
  // An update that changed no filtered column cannot change whether a view matches.
  const before = boolArray(
    views.map(
      (view) => Prisma.sql`CASE WHEN c.key_change
        THEN ${matchOn(Prisma.sql`jsonb_populate_record(NULL::clusters, c.old_row)`, view)}
        ELSE ${matchOn(Prisma.sql`(SELECT n.*)`, view)} END`,
    ),
  );
  const rows = await db.$rows<FeedRow>(Prisma.sql`
    SELECT c.position, c.xid::text AS xid, c.account_id, c.cluster_id,
           ${isReset("c")} AS reset, c.new_row IS NULL AS deleted,
           ${before} AS before, ${after} AS after, ${clusterColumnsOf("n")}
    FROM cluster_changes AS c
    LEFT JOIN LATERAL jsonb_populate_record(NULL::clusters, c.new_row) AS n ON true
    WHERE c.position > ${range.after} AND c.position <= ${range.upTo}
      AND c.account_id = ANY(${accounts}::text[])
    ORDER BY c.position LIMIT ${range.limit}`);
  return rows.map(({ position, xid, account_id, cluster_id, reset, deleted, before, after, ...row }) => ({
    position,
    xid: BigInt(xid),
    accountId: account_id,
    clusterId: cluster_id,
    reset,
    deleted,
    matchedBefore: before,
    matchesAfter: after,
    row: row.id === null ? null : (row as ClusterRow),
  }));
}
