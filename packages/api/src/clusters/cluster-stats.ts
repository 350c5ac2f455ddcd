// clusters.stats: counts by status, GPU type and region plus the total hourly cost of the
// clusters matching a filter, in one scan (GROUPING SETS) over the same WHERE as the listing.
import { type Db, Prisma } from "@fleet/db";
import { CLUSTER_STATUSES, type ClusterSelector, GPU_TYPES, REGIONS } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { centsToDollars } from "./cluster-row.ts";
import type { ClusterStats } from "./cluster-stats.types.ts";
import { clusterWhere } from "./cluster-where.ts";
import { withSearchIndex } from "./search-index.ts";

type GroupRow = {
  status: string | null;
  gpu_type: string | null;
  region: string | null;
  grouping: number;
  count: bigint;
  cents: bigint | null;
};

const zeros = <T extends readonly string[]>(keys: T) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<T[number], number>;

export async function clusterStats(
  db: Db,
  principal: Principal,
  filter: ClusterSelector,
): Promise<ClusterStats> {
  const rows = await db.$rows<GroupRow>(Prisma.sql`
    SELECT status, gpu_type, region, GROUPING(status, gpu_type, region)::int AS grouping,
           count(*) AS count, sum(hourly_rate_cents)::int8 AS cents
    FROM clusters WHERE ${withSearchIndex(clusterWhere(principal, filter), principal, filter)}
    GROUP BY GROUPING SETS ((status), (gpu_type), (region), ())`);
  const stats: ClusterStats = {
    total: 0,
    by_status: zeros(CLUSTER_STATUSES),
    by_gpu_type: zeros(GPU_TYPES),
    by_region: zeros(REGIONS),
    hourly_cost: 0,
    currency: "USD",
  };
  for (const row of rows) {
    const count = Number(row.count);
    // GROUPING bits (status, gpu_type, region): a 0 bit marks the column grouped in that set.
    if (row.grouping === 0b111) {
      stats.total = count;
      stats.hourly_cost = centsToDollars(row.cents ?? 0n);
    } else if (row.grouping === 0b011 && row.status) {
      stats.by_status[row.status as keyof typeof stats.by_status] = count;
    } else if (row.grouping === 0b101 && row.gpu_type) {
      stats.by_gpu_type[row.gpu_type as keyof typeof stats.by_gpu_type] = count;
    } else if (row.grouping === 0b110 && row.region) {
      stats.by_region[row.region as keyof typeof stats.by_region] = count;
    }
  }
  return stats;
}
