// listClusters: one page of the caller's clusters plus the exact count of all matches.
import { type Db, Prisma } from "@fleet/db";
import type { ClusterFilter, ClusterList } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterOrderBy } from "./cluster-order.ts";
import { CLUSTER_COLUMNS, type ClusterRow, toCluster } from "./cluster-row.ts";
import { clusterWhere } from "./cluster-where.ts";

export async function listClusters(
  db: Db,
  principal: Principal,
  filter: ClusterFilter,
): Promise<ClusterList> {
  const where = clusterWhere(principal, filter);
  // page may be any safe integer: the offset goes as int8 so a huge page is an empty page, not an overflow.
  const offset = BigInt(filter.page - 1) * BigInt(filter.limit);
  const [rows, counted] = await Promise.all([
    db.$queryRaw<ClusterRow[]>(Prisma.sql`
      SELECT ${CLUSTER_COLUMNS} FROM clusters WHERE ${where}
      ORDER BY ${clusterOrderBy(filter.sort_by, filter.sort_order)}
      LIMIT ${filter.limit} OFFSET ${offset}::int8`),
    db.$queryRaw<{ total: bigint }[]>(Prisma.sql`SELECT count(*) AS total FROM clusters WHERE ${where}`),
  ]);
  const total = Number(counted[0]?.total ?? 0);
  return {
    data: rows.map(toCluster),
    pagination: {
      page: filter.page,
      limit: filter.limit,
      total,
      total_pages: Math.ceil(total / filter.limit),
    },
  };
}
