// The writers bench over a real PostgreSQL and the real app: its off runs leave no change record
// but one reset for the account, turn the log on again, and Fleet's counts of the account stay
// exact across the hole; a log left off by a dead run is turned on with a reset for every account.
import { createKey, startApp, type TestApp } from "@fleet/api/testing";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeLogIsOn, restoreChangeLog } from "./change-log-switch.ts";
import { measureWriters } from "./writers.ts";

let tdb: TestDatabase;
let app: TestApp;
let pool: pg.Pool;
let accountId: string;
let key: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await startApp({ db: tdb.db });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  const summary = await seed(tdb.url, { accounts: 3, clusters: 3_000, seed: "writers", log: () => {} });
  accountId = summary.largestAccount?.id ?? "";
  key = (await createKey(tdb.db, accountId)).secret;
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await app?.close();
  await tdb?.drop();
});

const query = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await pool.query<Row>(sql, params)).rows;
const lastSeq = async () =>
  (await query<{ seq: string }>("SELECT coalesce(max(seq), 0) AS seq FROM cluster_changes"))[0]?.seq;
const recordsAfter = (seq: string | undefined) =>
  query<{ account_id: string; cluster_id: string; old_row: unknown; new_row: unknown; key_change: boolean }>(
    "SELECT account_id, cluster_id, old_row, new_row, key_change FROM cluster_changes WHERE seq > $1 ORDER BY seq",
    [seq],
  );
const runningTotal = async () => {
  const res = await app.get("/v1/clusters?status=running&limit=1", { key });
  expect(res.status).toBe(200);
  return Number(res.headers.get("x-total-count"));
};
const runningCount = async () =>
  Number(
    (
      await query<{ n: string }>(
        "SELECT count(*) AS n FROM clusters WHERE account_id = $1 AND status = 'running'",
        [accountId],
      )
    )[0]?.n,
  );
const run = (maintenance: boolean) =>
  measureWriters(tdb.url, { accountId, writers: 8, maintenance, durationMs: 1_000 });

describe("measureWriters", () => {
  it("with maintenance on, logs what the writers commit; off, logs nothing but one reset of the account, and the log is on again", async () => {
    const before = await lastSeq();
    const on = await run(true);
    expect(on.committed).toBeGreaterThan(0);
    expect(on.rowsPerSec).toBeGreaterThan(0);
    expect([on.deadlocks, on.serializationFailures, on.otherErrors]).toEqual([0, 0, 0]);
    expect((await recordsAfter(before)).length).toBeGreaterThanOrEqual(on.committed);

    const between = await lastSeq();
    const off = await run(false);
    expect(off.committed).toBeGreaterThan(0);
    expect(await recordsAfter(between)).toEqual([
      { account_id: accountId, cluster_id: "", old_row: null, new_row: null, key_change: true },
    ]);
    expect(await changeLogIsOn(tdb.url)).toBe(true);
  }, 60_000);

  it("keeps the account's counts exact across an off run (the reset makes them count afresh)", async () => {
    // Counted once, so the next list carries this count forward with the log's changes since.
    expect(await runningTotal()).toBe(await runningCount());
    const off = await run(false);
    expect(off.transactionsPerSec).toBeGreaterThan(0);
    expect(await runningTotal()).toBe(await runningCount());
    // And on from there with the log on.
    await run(true);
    expect(await runningTotal()).toBe(await runningCount());
  }, 60_000);
});

describe("restoreChangeLog", () => {
  it("turns on a log a dead run left off, with a reset for every account, and otherwise does nothing", async () => {
    // What a run that died in an off run leaves: the row triggers off.
    await pool.query(
      "ALTER TABLE clusters DISABLE TRIGGER cluster_changes_insert, DISABLE TRIGGER cluster_changes_update",
    );
    expect(await changeLogIsOn(tdb.url)).toBe(false);
    const before = await lastSeq();
    expect(await restoreChangeLog(tdb.url)).toBe(true);
    expect(await changeLogIsOn(tdb.url)).toBe(true);
    expect(await recordsAfter(before)).toEqual([
      { account_id: "", cluster_id: "", old_row: null, new_row: null, key_change: true },
    ]);
    expect(await restoreChangeLog(tdb.url)).toBe(false);
    expect(await recordsAfter(before)).toHaveLength(1);
  });
});
