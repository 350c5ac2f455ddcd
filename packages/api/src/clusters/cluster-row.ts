// The cluster columns every query selects, and the one mapping from a row to the public Cluster.
// The columns and the row type follow from the Prisma model `Cluster`; toCluster is the one place
// where a column becomes part of the public shape.
import { type Cluster as ClusterModel, Prisma, type TableRow, tableColumns } from "@fleet/db";
import type { Cluster, ClusterMetrics, PortMapping } from "@fleet/schema";

/**
 * The columns no client sees: account_id is the tenancy boundary every query is scoped by (always
 * the caller's own), name_lower the indexed key of the name sort, derived from name.
 */
const INTERNAL_COLUMNS = [
  "account_id",
  "name_lower",
] as const satisfies readonly (keyof TableRow<ClusterModel>)[];

/** A cluster as the listing reads it: every column but the internal ones. */
export type ClusterRow = Omit<TableRow<ClusterModel>, (typeof INTERNAL_COLUMNS)[number]>;

const isPublic = (column: string): column is keyof ClusterRow =>
  !(INTERNAL_COLUMNS as readonly string[]).includes(column);

/** The public columns by name, never `*`: the internal ones are not even read. */
const PUBLIC_COLUMNS = tableColumns(Prisma.ClusterScalarFieldEnum).filter(isPublic);

export const CLUSTER_COLUMNS = Prisma.raw(PUBLIC_COLUMNS.join(", "));

/** The public columns of the row named `alias` (a cluster rebuilt from the change log). */
export const clusterColumnsOf = (alias: string) =>
  Prisma.raw(PUBLIC_COLUMNS.map((column) => `${alias}.${column}`).join(", "));

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
