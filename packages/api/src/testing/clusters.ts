// Cluster rows with chosen values and realistic defaults (a running A100 in us-east-1 with SSH,
// two port mappings and fresh metrics), inserted straight into the database.
import type { Db, Prisma } from "@fleet/db";
import { uid } from "./rows.ts";

export interface ClusterOptions {
  id?: string;
  name?: string;
  description?: string | null;
  status?: string;
  gpuType?: string;
  gpuCount?: number;
  region?: string;
  projectId: string;
  templateId?: string | null;
  hourlyRateCents?: number;
  totalCostCents?: bigint;
  createdAt?: Date;
  sshEnabled?: boolean;
  /** Default: metrics exactly when running and `gpuUtilization` is not null. */
  metrics?: boolean;
  /** GPU utilization when the cluster has metrics; null means no metrics. */
  gpuUtilization?: number | null;
  expiresAt?: Date | null;
}

const PORT_MAPPINGS = [
  {
    internal_port: 8888,
    external_port: 30888,
    protocol: "https",
    description: "Jupyter",
    url: "https://j.example.net",
  },
  { internal_port: 6006, external_port: 30606, protocol: "tcp" },
];

function clusterRow(accountId: string, opts: ClusterOptions) {
  const id = opts.id ?? uid("cl");
  const name = opts.name ?? `cluster ${id}`;
  const status = opts.status ?? "running";
  const ssh = opts.sshEnabled ?? true;
  const withMetrics = opts.metrics ?? (status === "running" && opts.gpuUtilization !== null);
  return {
    id,
    accountId,
    projectId: opts.projectId,
    templateId: opts.templateId ?? null,
    name,
    nameLower: name.toLowerCase(),
    description: opts.description === undefined ? "a test cluster" : opts.description,
    status,
    gpuType: opts.gpuType ?? "A100",
    gpuCount: opts.gpuCount ?? 1,
    cpuCores: 8,
    memoryGb: 64,
    storageGb: 500,
    region: opts.region ?? "us-east-1",
    sshEnabled: ssh,
    sshHost: ssh ? "ssh.us-east-1.example.net" : null,
    sshPort: ssh ? 22022 : null,
    sshUsername: ssh ? "ubuntu" : null,
    portMappings: PORT_MAPPINGS,
    proxyUrl: null,
    hourlyRateCents: opts.hourlyRateCents ?? 129,
    totalCostCents: opts.totalCostCents ?? 123456n,
    gpuUtilization: withMetrics ? (opts.gpuUtilization ?? 42.5) : null,
    gpuMemoryUtilization: withMetrics ? 10 : null,
    cpuUtilization: withMetrics ? 99.5 : null,
    memoryUtilization: withMetrics ? 0 : null,
    metricsUpdatedAt: withMetrics ? new Date("2026-11-01T10:00:00.000Z") : null,
    createdAt: opts.createdAt ?? new Date(),
    expiresAt: opts.expiresAt ?? null,
  } satisfies Prisma.ClusterCreateManyInput;
}

/** Inserts the clusters in one statement; returns their ids in the given order. */
export async function createClusters(
  db: Db,
  accountId: string,
  clusters: ClusterOptions[],
): Promise<string[]> {
  const rows = clusters.map((c) => clusterRow(accountId, c));
  await db.cluster.createMany({ data: rows });
  return rows.map((r) => r.id);
}

export async function createCluster(db: Db, accountId: string, opts: ClusterOptions): Promise<string> {
  const [id] = await createClusters(db, accountId, [opts]);
  return id as string;
}
