import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../seed/seed.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";

describe("clusters storage: room for the fleet's updates", () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seed(database.url, { accounts: 2, clusters: 2000, seed: "storage", log: () => {} });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("a metrics refresh of loaded clusters is a HOT update: no index gets an entry", async () => {
    await client.query("BEGIN");
    try {
      // One row of every ten in physical order: at most one per page, so each needs only the
      // room the table leaves on its pages, none freed by pruning.
      const updated = await client.query(`
        UPDATE clusters SET gpu_utilization = 42, metrics_updated_at = now()
         WHERE ctid = ANY (ARRAY(SELECT ctid FROM (SELECT ctid, row_number() OVER (ORDER BY ctid) AS n FROM clusters) AS c
                                 WHERE n % 10 = 0))`);
      const counts = await client.query<{ updated: string; hot: string }>(`
        SELECT pg_stat_get_xact_tuples_updated('clusters'::regclass) AS updated,
               pg_stat_get_xact_tuples_hot_updated('clusters'::regclass) AS hot`);
      expect(updated.rowCount).toBe(200);
      expect(counts.rows[0]).toEqual({ updated: "200", hot: "200" });
    } finally {
      await client.query("ROLLBACK");
    }
  });

  it("the search index keeps a short pending list, which every search reads whole", async () => {
    await client.query("CREATE EXTENSION IF NOT EXISTS pgstattuple");
    const pendingPages = async () =>
      (
        await client.query<{ pages: number }>(`
          SELECT pending_pages::int AS pages FROM pgstatginindex('clusters_search_keys_idx'::regclass)`)
      ).rows[0]?.pages;
    // A status flip changes an indexed column: every row gets new entries in the search index.
    const flipped = await client.query(
      "UPDATE clusters SET status = CASE status WHEN 'error' THEN 'running' ELSE 'error' END",
    );
    expect(flipped.rowCount).toBe(2000);
    // 256 kB of 8 kB pages: the writer that fills the list merges it into the index.
    expect(await pendingPages()).toBeLessThanOrEqual(256 / 8);
    const options = await client.query<{ name: string; options: string[] }>(`
      SELECT relname AS name, reloptions AS options FROM pg_class
       WHERE relname = 'clusters_search_keys_idx'`);
    expect(options.rows).toEqual([
      { name: "clusters_search_keys_idx", options: ["gin_pending_list_limit=256"] },
    ]);
  });
});
