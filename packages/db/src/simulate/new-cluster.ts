// New clusters in the seed's vocabulary: the seed generator draws one cluster of the account, and
// this turns it into one that was just requested (pending, nothing billed, no metrics yet).
import { randomInt } from "node:crypto";
import { type AccountPlan, generateClusters } from "../seed/generate.ts";
import type { ClusterRow } from "../seed/rows.ts";
import { CREATED_STATUS } from "./state-machine.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An id like the seed's (`cl_` and 14 base62 characters), random, so runs never collide. */
export function freshClusterId(): string {
  let id = "cl_";
  for (let i = 0; i < 14; i++) id += BASE62[randomInt(62)];
  return id;
}

/** `llm-finetune-a100-07` → `llm-finetune-a100`. */
export const nameStem = (name: string): string => name.replace(/-\d+$/, "");

/** Numbers names per stem, continuing after the highest number the account already uses. */
export class ClusterNames {
  private readonly highest = new Map<string, number>();

  see(name: string): void {
    const match = /^(.*)-(\d+)$/.exec(name);
    if (!match) return;
    const stem = match[1] as string;
    this.highest.set(stem, Math.max(this.highest.get(stem) ?? 0, Number(match[2])));
  }

  next(stem: string): string {
    const n = (this.highest.get(stem) ?? 0) + 1;
    this.highest.set(stem, n);
    return `${stem}-${String(n).padStart(2, "0")}`;
  }
}

/** What new clusters of an account are made from. */
export interface AccountContext {
  plan: Omit<AccountPlan, "clusterCount" | "streamSeed">;
  names: ClusterNames;
}

/**
 * A pending cluster of the account. Its attributes follow from `streamSeed`; its id is fresh, and
 * the host names derived from the generator's id are rewritten to match. `created_at` and
 * `updated_at` are left to the INSERT (the database's `now()`).
 */
export function newClusterRow({ plan, names }: AccountContext, streamSeed: string): ClusterRow {
  const [drawn] = generateClusters({ ...plan, clusterCount: 1, streamSeed }, Date.now());
  if (!drawn) throw new Error("the seed generator drew no cluster");
  const id = freshClusterId();
  const renamed = JSON.parse(
    JSON.stringify(drawn).replaceAll(drawn.id.slice(3).toLowerCase(), id.slice(3).toLowerCase()),
  ) as ClusterRow;
  const name = names.next(nameStem(drawn.name));
  return {
    ...renamed,
    id,
    name,
    name_lower: name.toLowerCase(),
    status: CREATED_STATUS,
    total_cost_cents: 0,
    gpu_utilization: null,
    gpu_memory_utilization: null,
    cpu_utilization: null,
    memory_utilization: null,
    metrics_updated_at: null,
  };
}
