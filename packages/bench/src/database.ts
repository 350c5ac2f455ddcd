// The benchmark database: one per (seed, clusters, accounts), loaded once with the project's seed
// generator and reused by later runs. Embedded PostgreSQL with its default settings in its own data
// directory by default; DATABASE_URL for another server.
import { join } from "node:path";
import { pruneChanges } from "@fleet/api";
import { migrate, repoRoot, rowReader } from "@fleet/db";
import { ensureDatabase, startEmbeddedPostgres } from "@fleet/db/embedded";
import { seed } from "@fleet/db/seed";
import pg from "pg";
import { benchEnv } from "./env.ts";

export interface BenchSize {
  seed: string;
  clusters: number;
  accounts: number;
}

export interface BenchDatabase {
  url: string;
  /** "embedded" or the external server's host. */
  server: string;
  reused: boolean;
  release(): Promise<void>;
}

const databaseName = (size: BenchSize) =>
  `bench_${size.seed.replace(/\W/g, "_")}_${size.clusters}_${size.accounts}`.toLowerCase();

// Written after a load completes, so an interrupted load is never mistaken for a finished one.
const markerOf = (size: BenchSize) => `fleet-bench loaded ${JSON.stringify(size)}`;

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function loadedMarker(url: string, name: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1",
      [name],
    );
    return rows[0]?.marker ?? null;
  } finally {
    await client.end();
  }
}

/** What an operator's database gets after a bulk load, and autovacuum keeps up with afterwards. */
export async function vacuumAnalyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("VACUUM ANALYZE");
    // The pages the vacuum dirtied are written now, not by a checkpoint in the middle of the figures
    // (a role without the right to checkpoint leaves it to the server's own schedule).
    await client.query("CHECKPOINT").catch((error: { code?: string }) => {
      if (error.code !== "42501") throw error;
    });
  } finally {
    await client.end();
  }
}

/**
 * Prunes every change earlier runs left in the change log (a retention of 0): left there, the first
 * server to tick in this run prunes them (hundreds of thousands of rows) beside the very figures
 * being taken. Returns how many went.
 */
async function clearChangeLog(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await pruneChanges({ $rows: rowReader(pool) }, 0);
  } finally {
    await pool.end();
  }
}

export async function openBenchDatabase(
  size: BenchSize,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const external = benchEnv().DATABASE_URL;
  const embedded = external
    ? null
    : await startEmbeddedPostgres({
        dataDir: join(repoRoot, ".data", "bench-postgres"),
        // Only what a bulk load needs; queries run with PostgreSQL's defaults.
        settings: { max_wal_size: "4GB" },
      });
  const serverUrl = external ?? embedded?.url("postgres") ?? "";
  const name = databaseName(size);
  await ensureDatabase(withDatabase(serverUrl, "postgres"), name);
  const url = withDatabase(serverUrl, name);
  // Migrations first (idempotent): a reused database picks up schema changes made since its load.
  await migrate(url);
  const reused = (await loadedMarker(url, name)) === markerOf(size);
  if (!reused) {
    log(
      `loading ${size.clusters.toLocaleString("en-US")} clusters over ${size.accounts} accounts into ${name}…`,
    );
    const started = performance.now();
    await seed(url, { ...size, reset: true, now: new Date("2026-11-01T00:00:00Z"), log });
    await vacuumAnalyze(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`COMMENT ON DATABASE "${name}" IS '${markerOf(size).replace(/'/g, "''")}'`);
    await client.end();
    log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    // Earlier runs' writes left dead rows and pages no longer all-visible, which an operator's
    // autovacuum would have caught up with by now: static figures start from the same state.
    const started = performance.now();
    const cleared = await clearChangeLog(url);
    await vacuumAnalyze(url);
    log(
      `reusing ${name}: ${cleared.toLocaleString("en-US")} earlier changes cleared from the change log, vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return {
    url,
    server: external ? new URL(external).host : "embedded",
    reused,
    release: async () => embedded?.release(),
  };
}
