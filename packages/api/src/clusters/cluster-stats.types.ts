import { CLUSTER_STATUSES, GPU_TYPES, REGIONS } from "@fleet/schema";
import { z } from "zod";

const countsOf = <T extends readonly string[]>(keys: T, what: string) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, z.int().min(0)])) as Record<T[number], z.ZodInt>)
    .describe(`Matching clusters per ${what} (every ${what} present, 0 when none).`);

/** The fleet summary for a filter: what `clusters.stats` returns. */
export const ClusterStats = z.object({
  total: z.int().min(0).describe("Number of clusters matching the filter."),
  by_status: countsOf(CLUSTER_STATUSES, "status"),
  by_gpu_type: countsOf(GPU_TYPES, "GPU type"),
  by_region: countsOf(REGIONS, "region"),
  hourly_cost: z.number().describe("Sum of the hourly rates of the matching clusters, in dollars."),
  currency: z.literal("USD"),
});

export type ClusterStats = z.infer<typeof ClusterStats>;
