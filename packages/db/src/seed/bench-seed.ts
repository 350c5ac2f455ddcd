// `pnpm seed:bench [--clusters N] [--accounts N]`: times a bulk seed (default 1,000,000 clusters)
// into a fresh embedded PostgreSQL with the same settings as the development server, then removes
// it. A benchmark to run by hand, not a timed test: figures depend on the machine.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, startEmbeddedPostgres } from "../embedded-postgres.ts";
import { migrate } from "../migrations/migrate.ts";
import { dataRoot } from "../paths.ts";
import { seed } from "./seed.ts";

const { values } = parseArgs({
  options: { clusters: { type: "string", default: "1000000" }, accounts: { type: "string", default: "200" } },
});
const clusters = Number(values.clusters);
const accounts = Number(values.accounts);
if (!Number.isSafeInteger(clusters) || clusters < 0 || !Number.isSafeInteger(accounts) || accounts < 1) {
  console.error("usage: pnpm seed:bench [--clusters N] [--accounts N]");
  process.exit(2);
}

// Under the data root (not a private mkdtemp dir) so the embedded server's OS user can reach it.
const dir = join(dataRoot(), `seed-bench-${process.pid}`);
const server = await startEmbeddedPostgres({
  dataDir: join(dir, "postgres"),
  settings: { max_wal_size: "4GB" },
});
try {
  await ensureDatabase(server.url("postgres"), "bench");
  const url = server.url("bench");
  await migrate(url);
  const started = performance.now();
  const summary = await seed(url, { accounts, clusters, seed: "bench", reset: true });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nseed:bench: ${summary.clusters.toLocaleString("en-US")} clusters in ${seconds.toFixed(1)} s ` +
      `(${Math.round(summary.clusters / seconds).toLocaleString("en-US")} clusters/s, budget 120 s)`,
  );
} finally {
  await server.release();
  await rm(dir, { recursive: true, force: true });
}
