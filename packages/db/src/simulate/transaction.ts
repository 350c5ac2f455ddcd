// Runs one planned transaction the way a service would: BEGIN, its statements, COMMIT. A deadlock
// or serialization failure is retried from the start; a transaction chosen to fail stops after
// some of its statements and rolls back, as a service that crashed midway.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { PlannedTransaction } from "./plan-tick.ts";
import type { StatsRecorder } from "./stats.ts";

const RETRYABLE: Record<string, "deadlocks" | "serializationFailures"> = {
  "40P01": "deadlocks",
  "40001": "serializationFailures",
};
const MAX_ATTEMPTS = 5;

/**
 * `failAfter`: run this many of the statements (1 to all of them), then roll back instead of
 * committing; null commits. Never throws: failures are counted in `stats`.
 */
export async function runTransaction(
  pool: pg.Pool,
  statements: PlannedTransaction,
  failAfter: number | null,
  stats: StatsRecorder,
): Promise<void> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      stats.failed(error);
      return;
    }
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const returned: ReadonlySet<string>[] = [];
      for (const statement of failAfter === null ? statements : statements.slice(0, failAfter)) {
        const result = await client.query<{ id: string }>(statement.sql.text, statement.sql.values);
        returned.push(new Set(result.rows.map((row) => row.id)));
      }
      if (failAfter !== null) {
        await client.query("ROLLBACK");
        stats.rolledBack();
        return;
      }
      await client.query("COMMIT");
      const rows = { inserted: 0, updated: 0, deleted: 0 };
      let transitions = 0;
      statements.forEach((statement, i) => {
        const ids = returned[i] as ReadonlySet<string>;
        statement.commit(ids);
        rows[statement.effect] += ids.size;
        if (statement.transitions) transitions += ids.size;
      });
      stats.committed(performance.now() - started, rows, transitions);
      return;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      const conflict = RETRYABLE[(error as { code?: string }).code ?? ""];
      if (!conflict) {
        stats.failed(error);
        return;
      }
      const retrying = attempt < MAX_ATTEMPTS;
      stats.conflict(conflict, error, retrying);
      if (!retrying) return;
    } finally {
      client.release(broken);
    }
    // Back off a little, at random, so the transactions that collided do not collide again.
    await sleep(Math.random() * 10 * attempt);
  }
}
