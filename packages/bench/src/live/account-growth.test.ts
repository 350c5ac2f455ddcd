// The account-growth figure over a real PostgreSQL and the real app: growth accounts are copies of
// the big account's clusters at the wanted sizes, made once and found again, without a change
// record; the figure measures every account and its verdict compares the smallest with the largest.
import { startApp, type TestApp } from "@fleet/api/testing";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BenchAccount, benchAccounts } from "../accounts.ts";
import { restRunner } from "../paths.ts";
import { measureAccountGrowth } from "./account-growth.ts";
import { changeLogIsOn } from "./change-log-switch.ts";
import { ensureGrowthAccounts } from "./growth-accounts.ts";
import { growthVerdicts } from "./growth-report.ts";

let tdb: TestDatabase;
let app: TestApp;
let pool: pg.Pool;
let accounts: BenchAccount[];
let big: BenchAccount;

const SIZES = [300, 500];
const log = () => {};

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await startApp({ db: tdb.db });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  // Two accounts: 800 clusters (the big one, the copies' source) and 200 (the typical one).
  await seed(tdb.url, { accounts: 2, clusters: 1_000, seed: "growth", log });
  accounts = await benchAccounts(tdb.url);
  big = accounts.find((a) => a.label === "big") as BenchAccount;
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await app?.close();
  await tdb?.drop();
});

const one = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await pool.query<Row>(sql, params)).rows[0] as Row;

describe("ensureGrowthAccounts", () => {
  it("copies the big account's clusters at each size, with their projects, and logs no change", async () => {
    const before = await one<{ n: string }>("SELECT count(*) AS n FROM cluster_changes");
    const made = await ensureGrowthAccounts(tdb.url, { sourceAccountId: big.id, sizes: SIZES, log });
    expect(made.map(({ size, clusters, created }) => ({ size, clusters, created }))).toEqual([
      { size: 300, clusters: 300, created: true },
      { size: 500, clusters: 500, created: true },
    ]);
    for (const { id } of made) {
      const foreign = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM clusters c JOIN projects p ON p.id = c.project_id
          LEFT JOIN templates t ON t.id = c.template_id
          WHERE c.account_id = $1 AND (p.account_id <> c.account_id OR t.account_id <> c.account_id)`,
        [id],
      );
      expect(foreign.n, id).toBe(0);
    }
    // The same mix as the source: its first clusters by id, status for status.
    const statuses = await one<{ copy: string; source: string }>(
      `SELECT (SELECT string_agg(status, ',' ORDER BY name_lower, status) FROM clusters WHERE account_id = $1) AS copy,
              (SELECT string_agg(status, ',' ORDER BY name_lower, status)
                 FROM (SELECT * FROM clusters WHERE account_id = $2 ORDER BY id LIMIT 300) s) AS source`,
      [made[0]?.id, big.id],
    );
    expect(statuses.copy).toBe(statuses.source);
    expect(await one("SELECT count(*) AS n FROM cluster_changes")).toEqual(before);
    expect(await changeLogIsOn(tdb.url)).toBe(true);
  });

  it("finds the accounts an earlier call made, and makes only the missing ones", async () => {
    const again = await ensureGrowthAccounts(tdb.url, {
      sourceAccountId: big.id,
      sizes: [...SIZES, 100],
      log,
    });
    expect(again.map(({ clusters, created }) => ({ clusters, created }))).toEqual([
      { clusters: 300, created: false },
      { clusters: 500, created: false },
      { clusters: 100, created: true },
    ]);
  });

  it("refuses a size the source cannot fill, leaving nothing behind", async () => {
    const sizes = [900];
    await expect(ensureGrowthAccounts(tdb.url, { sourceAccountId: big.id, sizes, log })).rejects.toThrow(
      /fewer than 900/,
    );
    expect(await one("SELECT count(*)::int AS n FROM accounts WHERE id = 'acc_growth_900'")).toEqual({
      n: 0,
    });
    expect(await changeLogIsOn(tdb.url)).toBe(true);
  });
});

describe("measureAccountGrowth", () => {
  it("measures each account smallest first, and its verdict holds the largest to 1.5× the smallest", async () => {
    const result = await measureAccountGrowth({
      databaseUrl: tdb.url,
      rest: restRunner(app.url),
      accounts,
      growthSizes: SIZES,
      iterations: 5,
      log,
    });
    expect(result.rows.map((r) => [r.account, r.clusters])).toEqual([
      ["typical", 200],
      ["acc_growth_300", 300],
      ["acc_growth_500", 500],
      ["big", 800],
    ]);
    for (const r of result.rows) {
      expect(r.defaultListing.n).toBe(5);
      // As deep as the account goes: 100 rows short of its end.
      expect(r.deepCursorQuery).toBe(`cursor at depth ${r.clusters - 100} (limit 20)`);
    }
    const [smallest, largest] = [result.rows[0], result.rows[3]];
    if (!smallest || !largest) throw new Error("no rows");
    const [verdict] = growthVerdicts(result);
    expect(verdict?.ok).toBe(
      largest.defaultListing.p95 <= 1.5 * smallest.defaultListing.p95 &&
        largest.deepCursor.p95 <= 1.5 * smallest.deepCursor.p95,
    );
    // The same rows with the largest account's cursor page twice the smallest's: a failure.
    const slower = { ...largest, deepCursor: { ...largest.deepCursor, p95: 2 * smallest.deepCursor.p95 } };
    const [failed] = growthVerdicts({ ...result, rows: [...result.rows.slice(0, 3), slower] });
    expect(failed?.ok).toBe(false);
    expect(failed?.reached).toContain("(2.00×)");
  }, 60_000);
});
