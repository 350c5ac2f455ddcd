import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../seed/seed.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";

const SMALL_ACCOUNT = "acc_search_small";

/** Index pages a plan's index scans touched, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
function indexScanBuffers(plan: Record<string, unknown>): number {
  const own =
    plan["Node Type"] === "Bitmap Index Scan"
      ? Number(plan["Shared Hit Blocks"]) + Number(plan["Shared Read Blocks"])
      : 0;
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return own + children.reduce((sum, child) => sum + indexScanBuffers(child), 0);
}

describe("search indexes: a search reads its own account's entries", () => {
  let database: TestDatabase;
  let client: pg.Client;
  let term: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seed(database.url, { accounts: 3, clusters: 30_000, seed: "search-index", log: () => {} });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // A small account whose clusters are named like everyone else's.
    await client.query(`
      INSERT INTO accounts (id, name) VALUES ('${SMALL_ACCOUNT}', 'Small');
      INSERT INTO projects (id, account_id, name) VALUES ('prj_search_small', '${SMALL_ACCOUNT}', 'small');
      INSERT INTO clusters (id, account_id, project_id, name, description, status, gpu_type, gpu_count, cpu_cores,
                            memory_gb, storage_gb, region, ssh_enabled, hourly_rate_cents, total_cost_cents, created_at, updated_at)
      SELECT 'cl_small_' || row_number() OVER (ORDER BY id), '${SMALL_ACCOUNT}', 'prj_search_small', name, description,
             status, gpu_type, gpu_count, cpu_cores, memory_gb, storage_gb, region, false, hourly_rate_cents, 0, now(), now()
        FROM clusters ORDER BY id LIMIT 20`);
    await client.query("VACUUM ANALYZE clusters");
    const longest = await client.query<{ name: string }>(
      "SELECT name FROM clusters WHERE account_id = $1 ORDER BY length(name) DESC, id LIMIT 1",
      [SMALL_ACCOUNT],
    );
    term = `%${longest.rows[0]?.name}%`;
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const searchBuffers = async (where: string, params: unknown[]) => {
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id FROM clusters WHERE ${where}`,
      params,
    );
    return indexScanBuffers(rows[0]?.["QUERY PLAN"][0].Plan ?? {});
  };

  it("a full name searched in one account reads a fraction of the index pages a fleet-wide search does", async () => {
    await client.query("BEGIN");
    try {
      // Only the trigram indexes left to serve the search, so what is measured is their work.
      await client.query(`
        DO $$ DECLARE i record; BEGIN
          FOR i IN SELECT indexname FROM pg_indexes WHERE tablename = 'clusters' AND indexdef LIKE '%USING btree (account_id%'
          LOOP EXECUTE format('DROP INDEX %I', i.indexname); END LOOP;
        END $$`);
      await client.query("SET LOCAL enable_seqscan = off");
      const fleetWide = await searchBuffers("name ILIKE $1 OR description ILIKE $1", [term]);
      const inAccount = await searchBuffers("account_id = $2 AND (name ILIKE $1 OR description ILIKE $1)", [
        term,
        SMALL_ACCOUNT,
      ]);
      expect(fleetWide).toBeGreaterThan(0);
      expect(inAccount).toBeGreaterThan(0);
      expect(inAccount * 4).toBeLessThan(fleetWide);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
