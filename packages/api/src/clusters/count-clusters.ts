// The exact number of clusters matching a filter (X-Total-Count, pagination.total), in the same
// statement and snapshot as the page it belongs to, without scanning a large account on every
// request: a count this process made earlier, at a snapshot it remembers, plus what the change log
// says entered or left the filter since (changes visible now and not in that snapshot). With no
// such count it is a count(*). A statement with a count to carry carries it alone, and plans no
// count(*) beside it: when the log cannot bridge the gap (NULL), its caller counts afresh.
import { Prisma } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import { LRUCache } from "lru-cache";
import type { Principal } from "../auth/principal.ts";
import { apiEnv } from "../env.ts";
import { forAccount, isReset } from "./change-log.ts";
import { imageMatches } from "./change-match.ts";
import { clusterWhere, filterConditions, scopedWhere, selectionKey } from "./cluster-where.ts";
import { withSearchIndex } from "./search-index.ts";

/** A count and the snapshot it was exact at. */
interface KnownCount {
  total: bigint;
  snapshot: string;
  /** When it was counted (ms): the change log it relies on is kept for the retention only. */
  at: number;
}

const known = new LRUCache<string, KnownCount>({ max: 10_000 });

/** A count(*) of the matching clusters, at the statement's snapshot. */
const countAll = (where: Prisma.Sql) => Prisma.sql`(SELECT count(*) FROM clusters WHERE ${where})`;

/**
 * SQL (int8): `total` clusters matched `where` at `snapshot`; how many match now, from the changes
 * since. NULL when the log has a reset in between, or the current snapshot does not contain that one
 * (a statement racing a newer count).
 */
export function carriedSince(
  principal: Principal,
  where: Prisma.Sql,
  total: bigint,
  snapshot: string,
): Prisma.Sql {
  const since = Prisma.sql`${snapshot}::pg_snapshot`;
  return Prisma.sql`(SELECT CASE
      WHEN d.reset OR NOT fleet_snapshot_within(${since}, pg_current_snapshot()) THEN NULL
      ELSE ${total}::int8 + d.delta END
    FROM (SELECT coalesce(bool_or(${isReset("c")}), false) AS reset,
                 coalesce(sum(${imageMatches(Prisma.sql`c.new_row`, where)}::int
                            - ${imageMatches(Prisma.sql`c.old_row`, where)}::int), 0)::int8 AS delta
          FROM cluster_changes AS c
          WHERE ${forAccount("c", principal.accountId)} AND c.key_change
            AND c.xid >= pg_snapshot_xmin(${since}) AND NOT pg_visible_in_snapshot(c.xid, ${since})) AS d)`;
}

/** Whether something counted at `at` (ms) can still be carried forward: the log keeps its changes. */
export const carriable = (at: number) => Date.now() - at < apiEnv().FLEET_CHANGE_RETENTION / 2;

/** How one statement counts a filter (an int8 scalar) and where to remember the result. */
export interface CountPlan {
  key: string;
  /** A count(*), at the statement's snapshot. */
  afresh: Prisma.Sql;
  /** The count carried forward from an earlier one, NULL where it cannot be; null with none to carry. */
  carried: Prisma.Sql | null;
  /** The earlier count it carries (the total may have moved since): enough to choose how to read a page. */
  earlierTotal: bigint | null;
}

export function planCount(principal: Principal, filter: ClusterSelector): CountPlan {
  const conditions = filterConditions(filter);
  const where = scopedWhere(principal, conditions);
  const key = selectionKey(principal, filter, conditions);
  const earlier = known.get(key);
  const carry = earlier && carriable(earlier.at) ? earlier : null;
  return {
    key,
    afresh: countAll(withSearchIndex(where, principal, filter)),
    carried: carry && carriedSince(principal, where, carry.total, carry.snapshot),
    earlierTotal: carry?.total ?? null,
  };
}

/** Remembers the count the statement of `plan` made, at that statement's snapshot. */
export function rememberCount(plan: CountPlan, total: bigint, snapshot: string): void {
  known.set(plan.key, { total, snapshot, at: Date.now() });
}

/** A count(*) on its own: what the listing's statement does for a filter it has no count of. */
export const clusterCountQuery = (principal: Principal, filter: ClusterSelector) =>
  Prisma.sql`SELECT ${countAll(withSearchIndex(clusterWhere(principal, filter), principal, filter))} AS total`;
