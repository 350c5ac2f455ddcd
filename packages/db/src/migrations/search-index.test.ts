import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../seed/seed.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";

const SMALL_ACCOUNT = "acc_search_small";
const SMALL_CLUSTERS = 20;

/** The Bitmap Index Scan nodes of a plan from EXPLAIN (ANALYZE, FORMAT JSON). */
function indexScans(plan: Record<string, unknown>): Record<string, unknown>[] {
  const own = plan["Node Type"] === "Bitmap Index Scan" ? [plan] : [];
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(indexScans)];
}

/** Text as cluster names and descriptions come: words, separators, case and scripts mixed. */
const text = fc
  .array(
    fc.constantFrom(
      ..."abcxyzABCXYZ0189".split(""),
      "-",
      " ",
      "_",
      "%",
      ".",
      "é",
      "É",
      "ß",
      "ẞ",
      "İ",
      "ı",
      "Σ",
      "ς",
      "σ",
      "日",
      "本",
      "🚀",
      "K", // Kelvin sign: lowercases to an ASCII k
    ),
    { maxLength: 24 },
  )
  .map((chars) => chars.join(""));

describe("search index: per-account trigram keys", () => {
  let database: TestDatabase;
  let client: pg.Client;
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
        FROM clusters ORDER BY id LIMIT ${SMALL_CLUSTERS}`);
    await client.query("VACUUM ANALYZE clusters");
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("whatever a term matches (ILIKE), the index holds every key of the term, in any script or case", async () => {
    // Terms cut from the texts themselves (and case-swapped), so that many pairs match.
    const samples = fc.sample(
      fc
        .tuple(text, text, fc.nat(), fc.nat(), fc.boolean())
        .map(([name, description, from, length, upper]) => {
          // By code point: a cut through a surrogate pair is not text.
          const source = Array.from(from % 2 === 0 ? name : description);
          const start = source.length === 0 ? 0 : from % source.length;
          const cut = source.slice(start, start + 1 + (length % 12)).join("");
          return { name, description, term: upper ? cut.toUpperCase() : cut.toLowerCase() };
        }),
      { numRuns: 3000, seed: 15 },
    );
    const { rows } = await client.query<{ matched: number; missed: string[] }>(
      `SELECT count(*) FILTER (WHERE matched)::int AS matched,
              coalesce(array_agg(s.term) FILTER (WHERE matched AND NOT held), '{}') AS missed
         FROM jsonb_to_recordset($1::jsonb) AS s(name text, description text, term text),
              LATERAL (SELECT (s.name ILIKE '%' || replace(replace(replace(s.term, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
                           OR s.description ILIKE '%' || replace(replace(replace(s.term, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') AS matched,
                              fleet_search_keys('acc_x', s.name, s.description) @> fleet_trigram_keys('acc_x', s.term, 3) AS held) AS m`,
      [JSON.stringify(samples)],
    );
    expect(rows[0]?.matched).toBeGreaterThan(2000);
    expect(rows[0]?.missed).toEqual([]);
  });

  it("a term's keys are its account's own: other accounts' clusters of the same name are not candidates", async () => {
    const longest = await client.query<{ name: string; elsewhere: number }>(
      `SELECT name, (SELECT count(*)::int FROM clusters AS o WHERE o.account_id <> $1 AND o.name = c.name) AS elsewhere
         FROM clusters AS c WHERE account_id = $1 ORDER BY length(name) DESC, id LIMIT 1`,
      [SMALL_ACCOUNT],
    );
    const { name, elsewhere } = longest.rows[0] ?? { name: "", elsewhere: 0 };
    expect(elsewhere).toBeGreaterThan(0);
    const keysOf = (account: string) =>
      client.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM clusters
          WHERE fleet_search_keys(account_id, name, description) @> fleet_trigram_keys($1, $2, 3)`,
        [account, name],
      );
    const [scan] = indexScans((await keysOf(SMALL_ACCOUNT)).rows[0]?.["QUERY PLAN"][0].Plan ?? {});
    expect(scan?.["Index Name"]).toBe("clusters_search_keys_idx");
    // Candidates only from the small account, though the name is also other accounts'.
    expect(Number(scan?.["Actual Rows"])).toBeGreaterThan(0);
    expect(Number(scan?.["Actual Rows"])).toBeLessThanOrEqual(SMALL_CLUSTERS);
  });

  it("a long text is keyed by its first 1,000 characters and its account's long key", async () => {
    const { rows } = await client.query<{ keys: number; found: boolean; withoutLong: boolean }>(
      `SELECT cardinality(k) AS keys,
              k @> fleet_trigram_keys('acc_x', 'needle', 3) OR k @> ARRAY[fleet_trigram_key('acc_x', '')] AS found,
              k @> fleet_trigram_keys('acc_x', 'needle', 3) AS "withoutLong"
         FROM (SELECT fleet_search_keys('acc_x', 'n', repeat('y', 100000) || ' needle') AS k) AS s`,
    );
    // The first 1,000 characters are "n", a space and 998 y: 996 windows of "yyy", and the long key.
    expect(rows[0]).toEqual({ keys: 997, found: true, withoutLong: false });
  });

  it("a term with no three letters or digits in a row has no keys", async () => {
    const { rows } = await client.query<{ keys: string[] }>(
      "SELECT fleet_trigram_keys('acc_x', 'a1-b2 ő', 3) AS keys",
    );
    expect(rows[0]?.keys).toEqual([]);
  });
});
