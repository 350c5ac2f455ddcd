import { z } from "zod";
import { ClusterStatus, GpuType, PortProtocol, Region } from "./enums.ts";

/** The public cluster object (REST body items and tRPC `clusters.list` data), snake_case, every field present. */

const timestamp = z.iso.datetime().describe("ISO 8601 UTC timestamp with Z.");
const percent = z.number().min(0).max(100);

export const PortMapping = z
  .object({
    internal_port: z.int().min(1).max(65535).describe("Port inside the cluster."),
    external_port: z.int().min(1).max(65535).describe("Port exposed to the outside."),
    protocol: PortProtocol,
    description: z.string().nullable().describe("What the port serves, if known."),
    url: z.string().nullable().describe("Public URL for http/https mappings, else null."),
  })
  .describe("A port exposed by the cluster.");

export const SshConnection = z
  .object({
    host: z.string(),
    port: z.int(),
    username: z.string(),
    connection_string: z.string().describe('Ready-to-run command, e.g. "ssh -p 2222 ubuntu@host".'),
  })
  .describe("How to reach the cluster over SSH; null when SSH is disabled.");

export const ClusterMetrics = z
  .object({
    gpu_utilization: percent.describe("GPU compute utilization, 0–100."),
    gpu_memory_utilization: percent.describe("GPU memory utilization, 0–100."),
    cpu_utilization: percent.describe("CPU utilization, 0–100."),
    memory_utilization: percent.describe("Memory utilization, 0–100."),
    updated_at: timestamp.describe("When the metrics were sampled."),
  })
  .describe("Latest utilization sample; null when the cluster is not running.");

export const ClusterCost = z
  .object({
    hourly_rate: z.number().describe("Current price per hour in dollars, exact to the cent."),
    total_cost: z.number().describe("Cost accrued so far in dollars, exact to the cent."),
    currency: z.literal("USD"),
  })
  .describe("What the cluster costs.");

export const Cluster = z
  .object({
    id: z.string().describe('Opaque cluster id, e.g. "cl_7k2m…".'),
    name: z.string(),
    description: z.string().nullable(),
    status: ClusterStatus,
    gpu_type: GpuType,
    gpu_count: z.int().min(0),
    cpu_cores: z.int().min(0),
    memory_gb: z.int().min(0),
    storage_gb: z.int().min(0),
    region: Region,
    project_id: z.string(),
    template_id: z.string().nullable(),
    ssh_enabled: z.boolean(),
    port_mappings: z.array(PortMapping),
    proxy_url: z.string().nullable(),
    ssh_connection: SshConnection.nullable(),
    metrics: ClusterMetrics.nullable(),
    cost: ClusterCost,
    created_at: timestamp,
    updated_at: timestamp,
    expires_at: timestamp.nullable().describe("When the cluster will be reclaimed, if scheduled."),
  })
  .describe("A GPU cluster.");

export const Pagination = z.object({
  page: z.int().min(1),
  limit: z.int().min(1),
  total: z.int().min(0).describe("Number of clusters matching the filter."),
  total_pages: z.int().min(0),
  next_cursor: z
    .string()
    .nullable()
    .describe("Cursor of the next page (pass it as `cursor`); null on the last page."),
  revision: z
    .string()
    .describe(
      "The committed state this answer shows (opaque): every change committed before it is in the list, none committed after. Pass it as `since` to `clusters.watch` to follow the list from there.",
    ),
});

export const ClusterList = z.object({ data: z.array(Cluster), pagination: Pagination });

export type PortMapping = z.infer<typeof PortMapping>;
export type SshConnection = z.infer<typeof SshConnection>;
export type ClusterMetrics = z.infer<typeof ClusterMetrics>;
export type ClusterCost = z.infer<typeof ClusterCost>;
export type Cluster = z.infer<typeof Cluster>;
export type Pagination = z.infer<typeof Pagination>;
export type ClusterList = z.infer<typeof ClusterList>;
