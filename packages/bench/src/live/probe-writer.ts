// The probe writer of the watchers bench: clusters of its own (unknown to the simulator, which
// drives only the clusters it loaded) that every watched filter sees, changed one at a time every
// ~100 ms with a numbered marker in the description. When each COMMIT returned is noted here, and
// each stream client notes when the event carrying that marker arrived: the difference is the
// delivery latency, on one clock in one process.
import { freshClusterId } from "@fleet/db/simulate";
import type pg from "pg";

const MARKER = /^fleet-bench probe (\d+)$/;

export const probeMarker = (n: number) => `fleet-bench probe ${n}`;

/** The probe write a description marks, or null. */
export function probeNumber(description: string | null): number | null {
  const match = description ? MARKER.exec(description) : null;
  return match ? Number(match[1]) : null;
}

/**
 * One running probe cluster per project, named with `term` (so a search for it sees them all),
 * copied from a running cluster of the account (of that project, if it has one).
 */
export async function createProbeClusters(
  client: pg.Client,
  accountId: string,
  projectIds: string[],
  term: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [k, projectId] of projectIds.entries()) {
    const id = freshClusterId();
    const { rowCount } = await client.query(
      `INSERT INTO clusters
       SELECT (jsonb_populate_record(c, jsonb_build_object(
                'id', $1::text, 'project_id', $2::text, 'name', $3::text, 'description', $4::text,
                'status', 'running', 'created_at', now(), 'updated_at', now()))).*
         FROM clusters c WHERE c.account_id = $5 AND c.status = 'running'
        ORDER BY (c.project_id = $2) DESC, c.id LIMIT 1`,
      [id, projectId, `fleet-bench-probe-${term}-${k}`, probeMarker(-1), accountId],
    );
    if (rowCount !== 1) throw new Error(`account ${accountId} has no running cluster to copy a probe from`);
    ids.push(id);
  }
  return ids;
}

export async function deleteProbeClusters(client: pg.Client, ids: string[]): Promise<void> {
  await client.query("DELETE FROM clusters WHERE id = ANY($1::text[])", [ids]);
}

export interface ProbeStats {
  written: number;
  failed: number;
  lastError: string | null;
}

export interface ProbeRun {
  /** performance.now() when probe `n`'s COMMIT returned (undefined: not written). */
  committedAt(n: number): number | undefined;
  /** Stops after the write in flight; resolves with what was written. */
  stop(): Promise<ProbeStats>;
}

/** Changes the probe clusters in turn, one every `everyMs` (autocommit: the statement returns after its COMMIT). */
export function startProbes(client: pg.Client, clusterIds: string[], everyMs: number): ProbeRun {
  const commits: number[] = [];
  const stats: ProbeStats = { written: 0, failed: 0, lastError: null };
  let stopping = false;
  const loop = (async () => {
    const startedAt = performance.now();
    for (let n = 0; !stopping; n++) {
      const id = clusterIds[n % clusterIds.length] as string;
      try {
        await client.query("UPDATE clusters SET description = $1 WHERE id = $2", [probeMarker(n), id]);
        commits[n] = performance.now();
        stats.written++;
      } catch (error) {
        stats.failed++;
        stats.lastError = error instanceof Error ? error.message : String(error);
      }
      // On a fixed schedule: a slow write is followed by the next one at once, not a full interval later.
      const wait = startedAt + (n + 1) * everyMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    committedAt: (n) => commits[n],
    stop: async () => {
      stopping = true;
      await loop;
      return stats;
    },
  };
}
