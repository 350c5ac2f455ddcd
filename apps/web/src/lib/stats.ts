import type { ClusterStats } from "@fleet/api/types";

/** What the page shows from `clusters.stats`. */
export type FleetStats = {
  total: number;
  hourlyCost: number;
  byStatus: ClusterStats["by_status"];
  byGpuType: ClusterStats["by_gpu_type"];
  byRegion: ClusterStats["by_region"];
};

export function toFleetStats(stats: ClusterStats): FleetStats {
  return {
    total: stats.total,
    hourlyCost: stats.hourly_cost,
    byStatus: stats.by_status,
    byGpuType: stats.by_gpu_type,
    byRegion: stats.by_region,
  };
}
