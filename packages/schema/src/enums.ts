import { z } from "zod";

// Enum values are case-sensitive and exactly as documented.
export const CLUSTER_STATUSES = ["running", "stopped", "starting", "stopping", "error", "pending"] as const;
export const GPU_TYPES = ["A100", "H100", "RTX4090", "V100", "T4"] as const;
export const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"] as const;
export const SORT_KEYS = ["created_at", "name", "status", "gpu_count", "cost"] as const;
export const SORT_ORDERS = ["asc", "desc"] as const;
export const PORT_PROTOCOLS = ["tcp", "udp", "http", "https"] as const;

const oneOf = (values: readonly string[]) => `one of ${values.join(", ")}`;

/** "must be one of …", and the value meant when the input differs from one only in case. */
const mustBeOneOf =
  (values: readonly string[]) =>
  ({ input }: { input?: unknown }) => {
    const meant =
      typeof input === "string" ? values.find((v) => v.toLowerCase() === input.toLowerCase()) : undefined;
    return `must be ${oneOf(values)}${meant ? ` (did you mean ${meant}?)` : ""}`;
  };

export const ClusterStatus = z
  .enum(CLUSTER_STATUSES, { error: mustBeOneOf(CLUSTER_STATUSES) })
  .describe("Lifecycle state of the cluster.");
export const GpuType = z.enum(GPU_TYPES, { error: mustBeOneOf(GPU_TYPES) }).describe("GPU model.");
export const Region = z
  .enum(REGIONS, { error: mustBeOneOf(REGIONS) })
  .describe("Region the cluster runs in.");
export const SortKey = z
  .enum(SORT_KEYS, { error: mustBeOneOf(SORT_KEYS) })
  .describe(
    "Sort key: created_at, name (case-insensitive), status (alphabetical), gpu_count, cost (hourly rate). Ties break by id in the same direction.",
  );
export const SortOrder = z.enum(SORT_ORDERS, { error: mustBeOneOf(SORT_ORDERS) }).describe("Sort direction.");
export const PortProtocol = z
  .enum(PORT_PROTOCOLS)
  .describe("Transport or application protocol of the mapping.");

export type ClusterStatus = z.infer<typeof ClusterStatus>;
export type GpuType = z.infer<typeof GpuType>;
export type Region = z.infer<typeof Region>;
export type SortKey = z.infer<typeof SortKey>;
export type SortOrder = z.infer<typeof SortOrder>;
export type PortProtocol = z.infer<typeof PortProtocol>;
