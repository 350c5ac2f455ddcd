// The first count of a filter after a write, against the same filter's warm request: each sample
// commits one write that moves a cluster between filters (a status flip of one of the account's
// clusters, flipped back by the next sample), then times the request that must count it. Taken
// while nothing else writes, so each request follows exactly one write.
import type pg from "pg";
import type { PreparedQuery, Runner } from "../paths.ts";
import { type Percentiles, percentiles } from "../stats.ts";

export interface FirstCountRow {
  account: string;
  query: string;
  /** REST latency of the first request after a write. */
  afterWrite: Percentiles;
}

export async function measureFirstCounts(opts: {
  pool: pg.Pool;
  rest: Runner;
  account: { label: string; id: string };
  queries: PreparedQuery[];
  samples: number;
}): Promise<FirstCountRow[]> {
  const { pool, rest, account, queries, samples } = opts;
  const { rows } = await pool.query<{ id: string }>(
    "SELECT id FROM clusters WHERE account_id = $1 AND status IN ('running', 'stopped') ORDER BY id LIMIT 1",
    [account.id],
  );
  const probe = rows[0]?.id;
  if (!probe) return [];
  const flip = () =>
    pool.query(
      `UPDATE clusters SET status = CASE status WHEN 'running' THEN 'stopped' ELSE 'running' END
       WHERE id = $1`,
      [probe],
    );
  const out: FirstCountRow[] = [];
  for (const q of queries) {
    await rest(q);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      await flip();
      const started = performance.now();
      await rest(q);
      times.push(performance.now() - started);
    }
    // An even number of flips leaves the cluster as it was.
    if (samples % 2) await flip();
    out.push({ account: account.label, query: q.name, afterWrite: percentiles(times) });
  }
  return out;
}
