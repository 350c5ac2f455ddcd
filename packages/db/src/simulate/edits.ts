// Edits: what services change besides status, metrics and cost. Each draws its new value from the
// seed's vocabulary and the account's own projects and templates.
import { DESCRIPTIONS, GPU_SPECS } from "../seed/catalog.ts";
import { gpuCountPickers } from "../seed/generate.ts";
import type { Rng } from "../seed/prng.ts";
import type { SimCluster } from "./fleet-model.ts";
import type { AccountContext } from "./new-cluster.ts";
import { EDITS, type EditKind } from "./statements.ts";

export const EDIT_KINDS = Object.keys(EDITS) as EditKind[];
const DAY_MS = 86_400_000;

export interface Edit {
  id: string;
  value: string | null;
  /** The cluster's new rate, for a resize. */
  hourlyRateCents?: number;
}

export function drawEdit(
  kind: EditKind,
  cluster: SimCluster,
  account: AccountContext,
  rng: Rng,
  nowMs: number,
): Omit<Edit, "id"> {
  const { projects, templates } = account.plan;
  const spec = GPU_SPECS[cluster.gpuType];
  const workload = rng.pick(spec.workloads);
  switch (kind) {
    case "rename":
      return { value: account.names.next(`${workload}-${cluster.gpuType.toLowerCase()}`) };
    case "describe":
      return { value: rng.chance(0.8) ? rng.pick(DESCRIPTIONS[workload] ?? [null]) : null };
    case "move":
      return { value: rng.pick(projects).id };
    case "retemplate":
      return { value: templates.length > 0 && rng.chance(0.75) ? rng.pick(templates).id : null };
    case "expiry":
      return { value: rng.chance(0.7) ? new Date(nowMs + rng.int(1, 60) * DAY_MS).toISOString() : null };
    case "resize": {
      // A new size gets a new quote, in the GPU's price range.
      const gpuCount = gpuCountPickers[cluster.gpuType](rng);
      const hourlyRateCents = rng.int(...spec.centsPerGpuHour) * gpuCount;
      const size = {
        gpu_count: gpuCount,
        cpu_cores: spec.cpuCoresPerGpu * gpuCount,
        memory_gb: spec.memoryGbPerGpu * gpuCount,
        hourly_rate_cents: hourlyRateCents,
      };
      return { value: JSON.stringify(size), hourlyRateCents };
    }
  }
}
