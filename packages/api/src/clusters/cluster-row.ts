// The cluster columns every query selects, and the one mapping from a row to the public Cluster.
import { Prisma } from "@fleet/db";
import type { Cluster, ClusterMetrics, PortMapping } from "@fleet/schema";

/** Explicit column list: nothing reaches the mapping (or a client) by accident. */
export const CLUSTER_COLUMNS = Prisma.raw(
  [
    "id",
    "name",
    "description",
    "status",
    "gpu_type",
    "gpu_count",
    "cpu_cores",
    "memory_gb",
    "storage_gb",
    "region",
    "project_id",
    "template_id",
    "ssh_enabled",
    "ssh_host",
    "ssh_port",
    "ssh_username",
    "port_mappings",
    "proxy_url",
    "hourly_rate_cents",
    "total_cost_cents",
    "gpu_utilization",
    "gpu_memory_utilization",
    "cpu_utilization",
    "memory_utilization",
    "metrics_updated_at",
    "created_at",
    "updated_at",
    "expires_at",
  ].join(", "),
);

export interface ClusterRow {
  id: string;
  name: string;
  description: string | null;
  status: string;
  gpu_type: string;
  gpu_count: number;
  cpu_cores: number;
  memory_gb: number;
  storage_gb: number;
  region: string;
  project_id: string;
  template_id: string | null;
  ssh_enabled: boolean;
  ssh_host: string | null;
  ssh_port: number | null;
  ssh_username: string | null;
  port_mappings: unknown;
  proxy_url: string | null;
  hourly_rate_cents: number;
  total_cost_cents: bigint | number;
  gpu_utilization: number | null;
  gpu_memory_utilization: number | null;
  cpu_utilization: number | null;
  memory_utilization: number | null;
  metrics_updated_at: Date | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

/** Integer cents to dollars: division by 100 yields the double nearest the 2-decimal value, so JSON prints it exactly. */
export const centsToDollars = (cents: bigint | number) => Number(cents) / 100;

const percent = (value: number) => Math.min(100, Math.max(0, value));

type StoredPortMapping = Partial<Record<keyof PortMapping, unknown>>;

function toPortMappings(value: unknown): PortMapping[] {
  if (!Array.isArray(value)) return [];
  return value.map((m: StoredPortMapping) => ({
    internal_port: Number(m.internal_port),
    external_port: Number(m.external_port),
    protocol: m.protocol as PortMapping["protocol"],
    description: typeof m.description === "string" ? m.description : null,
    url: typeof m.url === "string" ? m.url : null,
  }));
}

function toMetrics(row: ClusterRow): ClusterMetrics | null {
  const { gpu_utilization: gpu, gpu_memory_utilization: gpuMem, cpu_utilization: cpu } = row;
  const { memory_utilization: mem, metrics_updated_at: at } = row;
  // Metrics describe a live cluster: a stopped one's last sample would be misleading.
  if (row.status !== "running" || gpu === null || gpuMem === null || cpu === null || mem === null || !at) {
    return null;
  }
  return {
    gpu_utilization: percent(gpu),
    gpu_memory_utilization: percent(gpuMem),
    cpu_utilization: percent(cpu),
    memory_utilization: percent(mem),
    updated_at: at.toISOString(),
  };
}

export function toCluster(row: ClusterRow): Cluster {
  const ssh =
    row.ssh_enabled && row.ssh_host && row.ssh_port !== null && row.ssh_username
      ? {
          host: row.ssh_host,
          port: row.ssh_port,
          username: row.ssh_username,
          connection_string: `ssh -p ${row.ssh_port} ${row.ssh_username}@${row.ssh_host}`,
        }
      : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as Cluster["status"],
    gpu_type: row.gpu_type as Cluster["gpu_type"],
    gpu_count: row.gpu_count,
    cpu_cores: row.cpu_cores,
    memory_gb: row.memory_gb,
    storage_gb: row.storage_gb,
    region: row.region as Cluster["region"],
    project_id: row.project_id,
    template_id: row.template_id,
    ssh_enabled: row.ssh_enabled,
    port_mappings: toPortMappings(row.port_mappings),
    proxy_url: row.proxy_url,
    ssh_connection: ssh,
    metrics: toMetrics(row),
    cost: {
      hourly_rate: centsToDollars(row.hourly_rate_cents),
      total_cost: centsToDollars(row.total_cost_cents),
      currency: "USD",
    },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    expires_at: row.expires_at ? row.expires_at.toISOString() : null,
  };
}
