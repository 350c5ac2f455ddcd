// The exact number of clusters matching a filter (X-Total-Count, pagination.total), without scanning
// a large account on every request:
// - filters on project, status, GPU type, region and GPU count (and no filter at all) are summed from
//   `cluster_counts`, which triggers keep exact in the same transaction as every write;
// - other filters (search, template, dates) are counted with count(*);
// - either result is cached per process with the account's `cluster_count_versions` value, which
//   those triggers bump on every write a filter can see, and served only while that is current.
import { type Db, Prisma, prepared } from "@fleet/db";
import type { ClusterScopeFilter } from "@fleet/schema";
import { LRUCache } from "lru-cache";
import type { Principal } from "../auth/principal.ts";
import { clusterWhere } from "./cluster-where.ts";

/** True when every condition of the filter is a column of `cluster_counts`. */
export function countableFromCounters(filter: ClusterScopeFilter): boolean {
  return (
    filter.template_id === undefined &&
    filter.created_after === undefined &&
    filter.created_before === undefined &&
    (filter.search === undefined || filter.search === "")
  );
}

/**
 * The statement that counts (on a cache miss), with the account's count version read in the same
 * statement, hence the same snapshot: the pair is consistent.
 */
export function clusterCountQuery(principal: Principal, filter: ClusterScopeFilter): Prisma.Sql {
  // clusterWhere only names columns that cluster_counts has too (account, project, status, GPU type,
  // region, GPU count) when countableFromCounters holds.
  const where = clusterWhere(principal, filter);
  if (countableFromCounters(filter)) {
    return Prisma.sql`SELECT coalesce(sum(clusters), 0)::int8 AS total,
      (SELECT version FROM cluster_count_versions WHERE account_id = ${principal.accountId}) AS version
      FROM cluster_counts WHERE ${where}`;
  }
  return Prisma.sql`SELECT (SELECT count(*) FROM clusters WHERE ${where}) AS total,
      (SELECT version FROM cluster_count_versions WHERE account_id = ${principal.accountId}) AS version`;
}

/** The cache's validity check: the account's current count version. */
export const countVersionQuery = (accountId: string) =>
  prepared(Prisma.sql`SELECT version FROM cluster_count_versions WHERE account_id = ${accountId}`);

/** Each count with the account version it was computed at; served only at exactly that version. */
const cache = new LRUCache<string, { version: bigint | null; total: number }>({ max: 10_000 });

/** The cache key of a count: its statement and values (account and key restriction included). */
const keyOf = (query: Prisma.Sql) =>
  `${query.sql}\u0000${JSON.stringify(query.values, (_, v) => (typeof v === "bigint" ? String(v) : v))}`;

/**
 * `knownVersion`: the account's count version if the caller already read it (listClusters gets it
 * with the page); otherwise it is read here, a primary-key lookup.
 */
export async function countClusters(
  db: Db,
  principal: Principal,
  filter: ClusterScopeFilter,
  knownVersion?: bigint | null,
): Promise<number> {
  const query = clusterCountQuery(principal, filter);
  const key = keyOf(query);
  const version =
    knownVersion !== undefined
      ? knownVersion
      : ((await db.$rows<{ version: bigint }>(countVersionQuery(principal.accountId)))[0]?.version ?? null);
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.total;
  const rows = await db.$rows<{ total: bigint; version: bigint | null }>(query);
  const total = Number(rows[0]?.total ?? 0);
  cache.set(key, { version: rows[0]?.version ?? null, total });
  return total;
}
