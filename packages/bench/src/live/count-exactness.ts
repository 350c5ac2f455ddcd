// Count exactness under writes, checked rather than assumed: while the fleet is written, a probe
// writes clusters of a project of its own (which the simulation never touches: it is made after
// the simulation loaded the account) and, after each COMMIT returns, lists through REST and checks
// that the very next list reflects the write: its total, and whether the cluster is in the page.
// Its steps run between the live matrix's timed requests, never beside one, at a steady pace: the
// checker must not be a load of its own on the latencies it sits among.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { request } from "undici";

export interface ExactnessResult {
  /** Writes committed by the probe, each followed by its checks. */
  writes: number;
  /** Lists checked against what the probe knows the answer must be. */
  checks: number;
  /** Lists whose total or membership did not reflect the write committed before they started. */
  mismatches: number;
  /** The first few mismatches, described. */
  examples: string[];
}

/** One probe write, and its checks, starts this often. */
export const PROBE_EVERY_MS = 100;

interface ProbeCluster {
  id: string;
  status: "running" | "stopped";
}

/** The filters checked after each write, with the clusters of the probe each one must count. */
const FILTERS: [query: (project: string, tag: string) => string, match: (c: ProbeCluster) => boolean][] = [
  [(project) => `project_id=${project}`, () => true],
  [(project) => `project_id=${project}&status=running`, (c) => c.status === "running"],
  [(_project, tag) => `search=${tag}&status=stopped`, (c) => c.status === "stopped"],
];

export interface ExactnessProbe {
  /** One write and its checks, when one is due (one every PROBE_EVERY_MS); else nothing. */
  step(): Promise<void>;
  /** Removes the probe's project and clusters; resolves with what was checked. */
  finish(): Promise<ExactnessResult>;
}

/** A probe on `accountId`, which must have a cluster to copy the shape of. */
export async function startExactnessProbe(opts: {
  pool: pg.Pool;
  apiUrl: string;
  apiKey: string;
  accountId: string;
}): Promise<ExactnessProbe> {
  const { pool, apiUrl, apiKey, accountId } = opts;
  const tag = `probe${randomBytes(4).toString("hex")}`;
  const project = `prj_${tag}`;
  await pool.query("INSERT INTO projects (id, account_id, name) VALUES ($1, $2, $3)", [
    project,
    accountId,
    tag,
  ]);
  const result: ExactnessResult = { writes: 0, checks: 0, mismatches: 0, examples: [] };
  const held: ProbeCluster[] = [];
  let lastStep = Number.NEGATIVE_INFINITY;

  async function check(n: number): Promise<void> {
    for (const [query, match] of FILTERS) {
      const expected = held.filter(match);
      const res = await request(`${apiUrl}/v1/clusters?${query(project, tag)}&limit=100`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const body = (await res.body.json()) as { id: string }[];
      const total = Number(res.headers["x-total-count"]);
      const ids = new Set(body.map((c) => c.id));
      result.checks++;
      const missing = expected.filter((c) => !ids.has(c.id)).length;
      if (
        res.statusCode !== 200 ||
        total !== expected.length ||
        missing > 0 ||
        ids.size !== expected.length
      ) {
        result.mismatches++;
        if (result.examples.length < 5) {
          result.examples.push(
            `${query(project, tag)} after write ${n}: status ${res.statusCode}, total ${total}, ${ids.size} listed, expected ${expected.length}`,
          );
        }
      }
    }
  }

  return {
    step: async () => {
      if (performance.now() - lastStep < PROBE_EVERY_MS) return;
      lastStep = performance.now();
      const n = result.writes;
      await write(pool, accountId, project, tag, held, n);
      result.writes++;
      await check(n);
    },
    finish: async () => {
      await pool.query("DELETE FROM clusters WHERE project_id = $1", [project]);
      await pool.query("DELETE FROM projects WHERE id = $1", [project]);
      return result;
    },
  };
}

/** One committed write: creates clusters while few are held, else changes a status or deletes one. */
async function write(
  pool: pg.Pool,
  accountId: string,
  project: string,
  tag: string,
  held: ProbeCluster[],
  n: number,
): Promise<void> {
  const pick = held[n % Math.max(1, held.length)];
  if (held.length < 5 || !pick || n % 3 === 0) {
    const cluster: ProbeCluster = { id: `cl_${tag}_${n}`, status: n % 2 ? "running" : "stopped" };
    // The shape of one of the account's clusters, under the probe's id, project and name.
    await pool.query(
      `INSERT INTO clusters (id, account_id, project_id, name, status, gpu_type, gpu_count, cpu_cores,
         memory_gb, storage_gb, region, ssh_enabled, hourly_rate_cents, total_cost_cents, created_at,
         updated_at)
       SELECT $1, account_id, $2, $3, $4, gpu_type, gpu_count, cpu_cores, memory_gb, storage_gb, region,
         false, hourly_rate_cents, 0, now(), now()
       FROM clusters WHERE account_id = $5 LIMIT 1`,
      [cluster.id, project, `${tag}-${n}`, cluster.status, accountId],
    );
    held.push(cluster);
  } else if (n % 3 === 1) {
    pick.status = pick.status === "running" ? "stopped" : "running";
    await pool.query("UPDATE clusters SET status = $2 WHERE id = $1", [pick.id, pick.status]);
  } else {
    await pool.query("DELETE FROM clusters WHERE id = $1", [pick.id]);
    held.splice(held.indexOf(pick), 1);
  }
}
