// The exact number of clusters matching a filter (X-Total-Count, pagination.total), without scanning
// a large account on every request: summed from `cluster_counts` when the counters serve every
// filter (counter-served.ts), else count(*); either result is cached per process with the account's
// count version and served only while that version is current.
import { type Db, Prisma } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import { LRUCache } from "lru-cache";
import type { Principal } from "../auth/principal.ts";
import { canonicalFields } from "./canonical-fields.ts";
import { type FilterCondition, filterConditions, scopedWhere } from "./cluster-where.ts";
import { type CountVersion, countVersionColumn, countVersionQuery } from "./count-version.ts";
import { servedByCounters } from "./counter-served.ts";

function countStatement(principal: Principal, conditions: FilterCondition[]): Prisma.Sql {
  const where = scopedWhere(principal, conditions);
  const version = countVersionColumn(principal.accountId);
  // scopedWhere names only the account, the key's projects and these filters' columns, all of
  // which cluster_counts has when every filter is counter-served.
  if (servedByCounters(conditions)) {
    return Prisma.sql`SELECT coalesce(sum(clusters), 0)::int8 AS total, ${version} AS version
      FROM cluster_counts WHERE ${where}`;
  }
  return Prisma.sql`SELECT (SELECT count(*) FROM clusters WHERE ${where}) AS total, ${version} AS version`;
}

/**
 * The statement that counts (on a cache miss), with the account's count version read in the same
 * statement, hence the same snapshot: the pair is consistent.
 */
export const clusterCountQuery = (principal: Principal, filter: ClusterSelector) =>
  countStatement(principal, filterConditions(filter));

/**
 * What a count depends on, canonically: the account, the key's project restriction and the value of
 * each filter that narrows it (paging and sort never change a count).
 */
function countKey(principal: Principal, filter: ClusterSelector, conditions: FilterCondition[]): string {
  const narrowing = Object.fromEntries(conditions.map(([key]) => [key, filter[key]]));
  return canonicalFields({ ...narrowing, account: principal.accountId, projects: principal.projectIds });
}

/** Each count with the account version it was computed at; served only at exactly that version. */
const cache = new LRUCache<string, { version: CountVersion; total: number }>({ max: 10_000 });

/**
 * `knownVersion`: the account's count version when the caller read it in a statement of its own
 * (the listing reads it with its page); otherwise it is read here.
 */
export async function countClusters(
  db: Db,
  principal: Principal,
  filter: ClusterSelector,
  knownVersion?: CountVersion,
): Promise<number> {
  const conditions = filterConditions(filter);
  const key = countKey(principal, filter, conditions);
  const version =
    knownVersion !== undefined
      ? knownVersion
      : ((await db.$rows<{ version: CountVersion }>(countVersionQuery(principal.accountId)))[0]?.version ??
        null);
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.total;
  const rows = await db.$rows<{ total: bigint; version: CountVersion }>(
    countStatement(principal, conditions),
  );
  const total = Number(rows[0]?.total ?? 0);
  cache.set(key, { version: rows[0]?.version ?? null, total });
  return total;
}
