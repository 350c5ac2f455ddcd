// The exact number of clusters matching a filter (X-Total-Count, pagination.total).
import { type Db, Prisma } from "@fleet/db";
import type { ClusterScopeFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterWhere } from "./cluster-where.ts";

export function clusterCountQuery(principal: Principal, filter: ClusterScopeFilter): Prisma.Sql {
  return Prisma.sql`SELECT count(*) AS total FROM clusters WHERE ${clusterWhere(principal, filter)}`;
}

export async function countClusters(
  db: Db,
  principal: Principal,
  filter: ClusterScopeFilter,
): Promise<number> {
  const rows = await db.$queryRaw<{ total: bigint }[]>(clusterCountQuery(principal, filter));
  return Number(rows[0]?.total ?? 0);
}
