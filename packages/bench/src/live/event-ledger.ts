// What every bench stream client received, kept once for all of them. A change has one position,
// so an event id names one cluster, and an upsert of it carries the same cluster on every stream
// that gets it: its payload is parsed once (cluster, field hash, probe marker), and each later
// copy is only compared with the first. So 1,000 clients hold their event ids and nothing more.
import { clusterHash } from "./cluster-hash.ts";
import { NumberLog } from "./number-log.ts";
import { probeNumber } from "./probe-writer.ts";

interface Entry {
  clusterId: string;
  /** The upsert's payload as first received (null: only seen as a remove so far). */
  raw: string | null;
  hash: string | null;
  /** The probe write this change is (its number), or null. */
  probe: number | null;
}

export class EventLedger {
  private readonly entries = new Map<number, Entry>();
  /** (probe number, arrival ms) pairs, one per stream that received a probe. */
  readonly probeArrivals = new NumberLog();

  /** Records an upsert; false when its payload differs from another stream's copy of the same id. */
  upsert(id: number, raw: string, at: number): boolean {
    let entry = this.entries.get(id);
    let consistent = true;
    if (!entry || entry.raw === null) {
      const cluster = JSON.parse(raw) as { id: string; description: string | null };
      entry = {
        clusterId: cluster.id,
        raw,
        hash: clusterHash(cluster),
        probe: probeNumber(cluster.description),
      };
      this.entries.set(id, entry);
    } else if (entry.raw !== raw) {
      consistent = false;
    }
    if (entry.probe !== null) {
      this.probeArrivals.push(entry.probe);
      this.probeArrivals.push(at);
    }
    return consistent;
  }

  remove(id: number, raw: string): void {
    if (this.entries.has(id)) return;
    const { id: clusterId } = JSON.parse(raw) as { id: string };
    this.entries.set(id, { clusterId, raw: null, hash: null, probe: null });
  }

  clusterOf(id: number): string | undefined {
    return this.entries.get(id)?.clusterId;
  }

  /** The fields an upsert carried (the hash of its cluster). */
  hashOf(id: number): string | null {
    return this.entries.get(id)?.hash ?? null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The mean length of an upsert's payload (JSON characters), over the distinct upserts received. */
  meanUpsertLength(): number {
    let total = 0;
    let upserts = 0;
    for (const entry of this.entries.values()) {
      if (entry.raw === null) continue;
      total += entry.raw.length;
      upserts++;
    }
    return upserts === 0 ? 0 : Math.round(total / upserts);
  }
}
