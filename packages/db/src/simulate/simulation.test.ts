// The simulator against a real PostgreSQL. What it committed is observed by a test-only row trigger
// writing an audit table in the same transaction, so only committed changes are seen; a sequence
// the trigger advances (sequences ignore rollbacks) shows that rolled-back work was really written.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GPU_SPECS, type GpuType, type Status } from "../seed/catalog.ts";
import { seed } from "../seed/seed.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { type SimulationOptions, startSimulation, UnknownAccountError } from "./index.ts";
import { CREATED_STATUS, DELETABLE_STATUSES, isAllowedTransition } from "./state-machine.ts";

const AUDIT = `
  CREATE SEQUENCE audit_attempts;
  CREATE TABLE audit (
    seq bigserial PRIMARY KEY, op text NOT NULL, id text NOT NULL, account_id text NOT NULL,
    old_status text, new_status text, old_cost bigint, new_cost bigint,
    changed text[], stamped boolean, metrics_match_status boolean, name_lower_ok boolean);
  CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM nextval('audit_attempts');
    IF TG_OP = 'DELETE' THEN
      INSERT INTO audit (op, id, account_id, old_status, old_cost)
      VALUES (TG_OP, OLD.id, OLD.account_id, OLD.status, OLD.total_cost_cents);
    ELSE
      INSERT INTO audit (op, id, account_id, old_status, new_status, old_cost, new_cost, changed, stamped,
                         metrics_match_status, name_lower_ok)
      VALUES (TG_OP, NEW.id, NEW.account_id, OLD.status, NEW.status, OLD.total_cost_cents, NEW.total_cost_cents,
              (SELECT array_agg(n.key ORDER BY n.key) FROM jsonb_each(to_jsonb(NEW)) n
                 JOIN jsonb_each(to_jsonb(OLD)) o USING (key) WHERE n.value IS DISTINCT FROM o.value),
              NEW.updated_at = now()::timestamptz(3)
                AND (TG_OP = 'UPDATE' OR NEW.created_at = now()::timestamptz(3)),
              (NEW.status = 'running') = (NEW.metrics_updated_at IS NOT NULL AND NEW.gpu_utilization IS NOT NULL
                AND NEW.gpu_memory_utilization IS NOT NULL AND NEW.cpu_utilization IS NOT NULL
                AND NEW.memory_utilization IS NOT NULL),
              NEW.name_lower = lower(NEW.name));
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON clusters FOR EACH ROW EXECUTE FUNCTION audit();`;

interface AuditRow {
  op: "INSERT" | "UPDATE" | "DELETE";
  id: string;
  account_id: string;
  old_status: Status | null;
  new_status: Status | null;
  old_cost: string | null;
  new_cost: string | null;
  changed: string[] | null;
  stamped: boolean | null;
  metrics_match_status: boolean | null;
  name_lower_ok: boolean | null;
}

/** Fast enough to do a lot in a couple of seconds. */
const BUSY: SimulationOptions = {
  transitionsPerSecond: 300,
  createsPerSecond: 40,
  deletesPerSecond: 40,
  editsPerSecond: 40,
  metricsEveryMs: 500,
  tickMs: 50,
  seed: "test",
};

let test: TestDatabase;
let pool: pg.Pool;

const query = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await pool.query<Row>(sql, params)).rows;
const audit = () => query<AuditRow>("SELECT * FROM audit ORDER BY seq");
const fingerprint = async () =>
  (
    await query<{ digest: string }>(
      "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) AS digest FROM clusters c",
    )
  )[0]?.digest;
const largestAccount = async () =>
  (
    await query<{ account_id: string }>(
      "SELECT account_id FROM clusters GROUP BY 1 ORDER BY count(*) DESC, account_id LIMIT 1",
    )
  )[0]?.account_id;

beforeEach(async () => {
  test = await createTestDatabase();
  await seed(test.url, { accounts: 4, clusters: 1_200, seed: "simulate", log: () => {} });
  pool = new pg.Pool({ connectionString: test.url, max: 2 });
  await pool.query(AUDIT);
});
afterEach(async () => {
  await pool?.end();
  await test?.drop();
});

describe("startSimulation", () => {
  it("writes only along the state machine, keeps costs growing and metrics on running clusters, and counts exactly what it committed", async () => {
    const simulation = await startSimulation(test.url, { ...BUSY, rollbackRate: 0.2, durationMs: 2_500 });
    const stats = await simulation.done;
    const rows = await audit();

    expect(simulation.accounts.map((a) => a.id)).toEqual([await largestAccount()]);
    expect(new Set(rows.map((r) => r.account_id))).toEqual(new Set(simulation.accounts.map((a) => a.id)));
    const updates = rows.filter((r) => r.op === "UPDATE");
    const inserts = rows.filter((r) => r.op === "INSERT");
    const deletes = rows.filter((r) => r.op === "DELETE");
    const transitions = updates.filter((r) => r.old_status !== r.new_status);
    for (const r of transitions)
      expect(isAllowedTransition(r.old_status as Status, r.new_status as Status)).toBe(true);
    for (const r of inserts) expect([r.new_status, r.new_cost]).toEqual([CREATED_STATUS, "0"]);
    for (const r of deletes) expect(DELETABLE_STATUSES).toContain(r.old_status);
    for (const r of updates) expect(BigInt(r.new_cost ?? 0)).toBeGreaterThanOrEqual(BigInt(r.old_cost ?? 0));
    for (const r of [...updates, ...inserts])
      expect([r.stamped, r.metrics_match_status, r.name_lower_ok]).toEqual([true, true, true]);
    const costGrowth = updates.reduce(
      (sum, r) => sum + BigInt(r.new_cost ?? 0) - BigInt(r.old_cost ?? 0),
      0n,
    );
    expect(costGrowth).toBeGreaterThan(0n);
    // Every kind of change happened, several statuses were entered, and new clusters moved on too.
    expect(new Set(transitions.map((r) => r.new_status)).size).toBeGreaterThanOrEqual(4);
    const created = new Set(inserts.map((r) => r.id));
    expect(transitions.some((r) => created.has(r.id))).toBe(true);
    const changed = new Set(updates.flatMap((r) => r.changed ?? []));
    for (const column of [
      "status",
      "total_cost_cents",
      "gpu_utilization",
      "metrics_updated_at",
      "name",
      "name_lower",
      "description",
      "project_id",
      "template_id",
      "expires_at",
      "gpu_count",
      "hourly_rate_cents",
    ])
      expect(changed).toContain(column);
    // Every size, new or resized, is one the GPU type comes in, at a price in its range.
    const sizes = await query<{
      gpu_type: GpuType;
      gpu_count: number;
      cpu_cores: number;
      memory_gb: number;
      hourly_rate_cents: number;
    }>(
      "SELECT gpu_type, gpu_count, cpu_cores, memory_gb, hourly_rate_cents FROM clusters WHERE account_id = $1",
      [simulation.accounts[0]?.id],
    );
    for (const size of sizes) {
      const spec = GPU_SPECS[size.gpu_type];
      expect(spec.gpuCounts.map(([count]) => count)).toContain(size.gpu_count);
      expect([size.cpu_cores, size.memory_gb]).toEqual([
        spec.cpuCoresPerGpu * size.gpu_count,
        spec.memoryGbPerGpu * size.gpu_count,
      ]);
      expect(size.hourly_rate_cents / size.gpu_count).toBeGreaterThanOrEqual(spec.centsPerGpuHour[0]);
      expect(size.hourly_rate_cents / size.gpu_count).toBeLessThanOrEqual(spec.centsPerGpuHour[1]);
    }

    expect(stats.rows).toEqual({
      inserted: inserts.length,
      updated: updates.length,
      deleted: deletes.length,
    });
    expect(stats.transitions).toBe(transitions.length);
    expect(stats.rolledBack).toBeGreaterThan(0);
    expect(stats.errors).toEqual({ deadlocks: 0, serializationFailures: 0, other: 0 });
    expect(stats.latencyMs.p95).toBeGreaterThanOrEqual(stats.latencyMs.p50);
    // It stopped by itself, on time.
    expect(stats.elapsedMs).toBeGreaterThanOrEqual(2_500);
    expect(stats.elapsedMs).toBeLessThan(4_000);

    // New clusters belong to projects and templates of their own account.
    const [foreign] = await query<{ n: string }>(
      `SELECT count(*) AS n FROM clusters c
        WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = c.project_id AND p.account_id = c.account_id)
           OR (c.template_id IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM templates t WHERE t.id = c.template_id AND t.account_id = c.account_id))`,
    );
    expect(foreign?.n).toBe("0");
  });

  it("leaves no trace of the transactions it rolls back", async () => {
    const before = await fingerprint();
    const simulation = await startSimulation(test.url, { ...BUSY, rollbackRate: 1, durationMs: 1_000 });
    const stats = await simulation.done;
    expect(stats.rolledBack).toBeGreaterThan(5);
    expect(stats.committed).toBe(0);
    expect(stats.rows).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    const [attempts] = await query<{ last_value: string; is_called: boolean }>(
      "SELECT * FROM audit_attempts",
    );
    expect(attempts?.is_called).toBe(true);
    expect(await audit()).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });

  it("runs several writers on one account that never wait for each other's rows (no deadlocks), and stop() ends it promptly", async () => {
    // Fleet's own triggers (count maintenance) lock shared rows of their own; they are off here so
    // that what is measured is the simulator's writers alone. The audit trigger stays on.
    await pool.query("ALTER TABLE clusters DISABLE TRIGGER USER; ALTER TABLE clusters ENABLE TRIGGER audit");
    const simulation = await startSimulation(test.url, { ...BUSY, transitionsPerSecond: 600, writers: 4 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const asked = performance.now();
    const stats = await simulation.stop();
    expect(performance.now() - asked).toBeLessThan(1_000);
    expect(stats.errors).toEqual({ deadlocks: 0, serializationFailures: 0, other: 0 });
    expect(stats.committed).toBeGreaterThan(40);
    expect(stats.transitions).toBeGreaterThan(500);
    const rows = await audit();
    expect(stats.rows.updated).toBe(rows.filter((r) => r.op === "UPDATE").length);
    expect(await simulation.stop()).toEqual(stats);
  });

  it("saturated, never waits: each tick does one tickMs's work and the next starts as soon as it commits", async () => {
    const simulation = await startSimulation(test.url, {
      transitionsPerSecond: 20,
      createsPerSecond: 0,
      deletesPerSecond: 0,
      editsPerSecond: 0,
      metricsEveryMs: 1e9,
      tickMs: 100,
      rollbackRate: 0,
      seed: "saturate",
      saturate: true,
      durationMs: 1_000,
    });
    const stats = await simulation.done;
    // Paced, one second of 100 ms ticks would be 10 transactions of 2 transitions each.
    expect(stats.committed).toBeGreaterThan(30);
    // A tick plans 2 transitions; a pick that lands on a cluster with no next status (stopped) is
    // skipped, and a tick with none commits nothing, so each transaction carries one or two.
    expect(stats.transitions).toBeGreaterThanOrEqual(stats.committed);
    expect(stats.transitions).toBeLessThanOrEqual(2 * stats.committed);
    expect(stats.errors).toEqual({ deadlocks: 0, serializationFailures: 0, other: 0 });
  });

  it("drives the accounts it is given, and refuses unknown ones", async () => {
    const accounts = await query<{ id: string }>("SELECT id FROM accounts ORDER BY id LIMIT 2");
    const ids = accounts.map((a) => a.id);
    const simulation = await startSimulation(test.url, { ...BUSY, accounts: ids, durationMs: 1_000 });
    await simulation.done;
    expect(simulation.accounts.map((a) => a.id)).toEqual(ids);
    expect(new Set((await audit()).map((r) => r.account_id))).toEqual(new Set(ids));

    await expect(startSimulation(test.url, { accounts: [ids[0] ?? "", "acc_nope"] })).rejects.toThrow(
      new UnknownAccountError("unknown account(s): acc_nope"),
    );
  });
});
