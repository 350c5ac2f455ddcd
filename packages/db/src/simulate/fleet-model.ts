// One writer's picture of the clusters it owns: what it last committed, so it can choose the next
// change in O(1). The database stays the truth: every statement re-checks what it relies on, and
// a cluster whose row no longer matches is forgotten.
import type { GpuType, Status } from "../seed/catalog.ts";
import type { Rng } from "../seed/prng.ts";
import { STATUSES } from "./state-machine.ts";

export interface SimCluster {
  id: string;
  status: Status;
  gpuType: GpuType;
  hourlyRateCents: number;
  /** Wall-clock ms up to which its running time has been billed. */
  billedUntilMs: number;
  /** The fraction of a cent billed but not yet written (always in [0, 1)). */
  centsRemainder: number;
}

/** A set with O(1) add, delete and uniform random pick. */
class Bucket {
  private readonly items: SimCluster[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  add(cluster: SimCluster): void {
    this.index.set(cluster.id, this.items.length);
    this.items.push(cluster);
  }

  delete(cluster: SimCluster): void {
    const at = this.index.get(cluster.id);
    if (at === undefined) return;
    const last = this.items.pop() as SimCluster;
    this.index.delete(cluster.id);
    if (last !== cluster) {
      this.items[at] = last;
      this.index.set(last.id, at);
    }
  }

  pick(rng: Rng): SimCluster | undefined {
    return this.items[Math.floor(rng.next() * this.items.length)];
  }
}

export class FleetModel {
  private readonly byId = new Map<string, SimCluster>();
  private readonly buckets = Object.fromEntries(STATUSES.map((s) => [s, new Bucket()])) as Record<
    Status,
    Bucket
  >;
  /** Running clusters, least recently refreshed first (a Map keeps insertion order). */
  private readonly refreshQueue = new Map<string, SimCluster>();

  get size(): number {
    return this.byId.size;
  }

  count(status: Status): number {
    return this.buckets[status].size;
  }

  get(id: string): SimCluster | undefined {
    return this.byId.get(id);
  }

  add(cluster: SimCluster): void {
    this.byId.set(cluster.id, cluster);
    this.buckets[cluster.status].add(cluster);
    if (cluster.status === "running") this.refreshQueue.set(cluster.id, cluster);
  }

  delete(id: string): void {
    const cluster = this.byId.get(id);
    if (!cluster) return;
    this.byId.delete(id);
    this.buckets[cluster.status].delete(cluster);
    this.refreshQueue.delete(id);
  }

  setStatus(cluster: SimCluster, status: Status): void {
    this.delete(cluster.id);
    cluster.status = status;
    this.add(cluster);
  }

  /** A random cluster not in `except`, each weighted by its status's weight (unlisted statuses: 0). */
  pick(
    rng: Rng,
    weights: Readonly<Partial<Record<Status, number>>>,
    except: ReadonlySet<string>,
  ): SimCluster | undefined {
    const entries = Object.entries(weights) as [Status, number][];
    const total = entries.reduce((sum, [status, weight]) => sum + weight * this.buckets[status].size, 0);
    if (total === 0) return undefined;
    // A few draws skip clusters already chosen this tick; a tiny fleet may come back empty-handed.
    for (let attempt = 0; attempt < 8; attempt++) {
      let u = rng.next() * total;
      for (const [status, weight] of entries) {
        u -= weight * this.buckets[status].size;
        if (u < 0) {
          const cluster = this.buckets[status].pick(rng);
          if (cluster && !except.has(cluster.id)) return cluster;
          break;
        }
      }
    }
    return undefined;
  }

  /** The `count` running clusters refreshed longest ago, moved to the back of the queue. */
  nextToRefresh(count: number): SimCluster[] {
    const out: SimCluster[] = [];
    for (const cluster of this.refreshQueue.values()) {
      if (out.length >= count) break;
      out.push(cluster);
    }
    for (const cluster of out) {
      this.refreshQueue.delete(cluster.id);
      this.refreshQueue.set(cluster.id, cluster);
    }
    return out;
  }

  /** Replaces a cluster's billing state (after its cost was written). */
  billed(id: string, untilMs: number, centsRemainder: number): void {
    const cluster = this.byId.get(id);
    if (cluster) Object.assign(cluster, { billedUntilMs: untilMs, centsRemainder });
  }
}
