import type { Cluster } from "@fleet/client";

/** Idle GPU spend: running clusters below a GPU utilization threshold, grouped by project. */

export type IdleCluster = {
  id: string;
  name: string;
  gpu_type: Cluster["gpu_type"];
  gpu_count: number;
  gpu_utilization: number;
  hourly_rate: number;
};

export type ProjectSpend = {
  project_id: string;
  cluster_count: number;
  gpu_count: number;
  hourly_cost: number;
  clusters: IdleCluster[];
};

export type CostReport = {
  threshold: number;
  /** Running clusters with metrics that were examined. */
  running_clusters: number;
  projects: ProjectSpend[];
  total: { cluster_count: number; gpu_count: number; hourly_cost: number; currency: "USD" };
};

// Dollars arrive exact to the cent; summing in integer cents keeps the totals exact too.
const cents = (dollars: number) => Math.round(dollars * 100);

export function buildReport(clusters: Iterable<Cluster>, threshold: number): CostReport {
  const byProject = new Map<string, { clusters: IdleCluster[]; cents: number; gpus: number }>();
  let running = 0;
  for (const cluster of clusters) {
    if (cluster.status !== "running" || cluster.metrics === null) continue;
    running++;
    if (cluster.metrics.gpu_utilization >= threshold) continue;
    const group = byProject.get(cluster.project_id) ?? { clusters: [], cents: 0, gpus: 0 };
    group.clusters.push({
      id: cluster.id,
      name: cluster.name,
      gpu_type: cluster.gpu_type,
      gpu_count: cluster.gpu_count,
      gpu_utilization: cluster.metrics.gpu_utilization,
      hourly_rate: cluster.cost.hourly_rate,
    });
    group.cents += cents(cluster.cost.hourly_rate);
    group.gpus += cluster.gpu_count;
    byProject.set(cluster.project_id, group);
  }

  const projects = [...byProject]
    .map(([project_id, group]) => ({
      project_id,
      cluster_count: group.clusters.length,
      gpu_count: group.gpus,
      hourly_cost: group.cents / 100,
      clusters: group.clusters.sort((a, b) => b.hourly_rate - a.hourly_rate || a.id.localeCompare(b.id)),
    }))
    .sort((a, b) => b.hourly_cost - a.hourly_cost || a.project_id.localeCompare(b.project_id));

  const totalCents = projects.reduce((sum, p) => sum + cents(p.hourly_cost), 0);
  return {
    threshold,
    running_clusters: running,
    projects,
    total: {
      cluster_count: projects.reduce((sum, p) => sum + p.cluster_count, 0),
      gpu_count: projects.reduce((sum, p) => sum + p.gpu_count, 0),
      hourly_cost: totalCents / 100,
      currency: "USD",
    },
  };
}
