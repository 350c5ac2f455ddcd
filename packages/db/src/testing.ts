// Fresh, migrated, empty databases for tests, on one embedded PostgreSQL shared by every test
// process (`<data root>/test-postgres`). Each call copies a migrated template database, which is
// much faster than migrating every database; the template is rebuilt when the migrations change.
// Also the network helpers every package's tests share: a free port, a TCP proxy to cut, a file lock.
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { createPrismaClient, type Db } from "./client.ts";
import { isProcessAlive } from "./embedded/process-alive.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { migrate } from "./migrations/migrate.ts";
import { readMigrationList } from "./migrations/migration-list.ts";
import { dataRoot, migrationsDir } from "./paths.ts";

export { withFileLock } from "./embedded/file-lock.ts";
export { freePort } from "./embedded/free-port.ts";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

export interface TestDatabase {
  url: string;
  db: Db;
  /** Disconnects `db` and drops the database. */
  drop(): Promise<void>;
}

const TEMPLATE = "fleet_test_template";
/** pg_advisory_lock key serializing template (re)builds and copies across processes. */
const TEMPLATE_LOCK = 7_310_421;

let server: Promise<EmbeddedPostgres> | undefined;
let sequence = 0;

export interface TestDatabaseOptions {
  /** false: an empty database with no tables (for migration tests). Default true. */
  migrated?: boolean;
}

/** The shared embedded test server (started or joined on first use). */
export function testServer(): Promise<EmbeddedPostgres> {
  server ??= startEmbeddedPostgres({
    dataDir: join(dataRoot(), "test-postgres"),
    // Throwaway data: durability settings only cost time here.
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
  return server;
}

export async function createTestDatabase({
  migrated = true,
}: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const instance = await testServer();
  const name = `test_${process.pid}_${++sequence}_${randomBytes(3).toString("hex")}`;
  await withAdmin(instance.url("postgres"), async (admin) => {
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    try {
      await refreshTemplate(instance, admin);
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${migrated ? TEMPLATE : "template0"}"`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]);
    }
  });
  const url = instance.url(name);
  const db = createPrismaClient(url, { max: 4 });
  let dropped = false;
  return {
    url,
    db,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await db.$disconnect();
      await withAdmin(instance.url("postgres"), (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let templateChecked = false;

/** Rebuilds the template when the committed migrations changed; drops dead processes' databases. */
async function refreshTemplate(instance: EmbeddedPostgres, admin: pg.Client): Promise<void> {
  if (templateChecked) return;
  const fingerprint = await migrationsFingerprint();
  const current = await admin.query<{ description: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = $1`,
    [TEMPLATE],
  );
  if (current.rows[0]?.description !== fingerprint) {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
    await migrate(instance.url(TEMPLATE));
    await admin.query(`COMMENT ON DATABASE "${TEMPLATE}" IS '${fingerprint}'`);
  }
  await dropOrphans(admin);
  templateChecked = true;
}

async function migrationsFingerprint(): Promise<string> {
  const list = await readMigrationList(migrationsDir);
  const hash = createHash("sha256");
  for (const dir of list.migrationDirectories)
    hash.update(`${dir.path}\0${JSON.stringify(dir.migrationFile.content)}\0`);
  return hash.digest("hex");
}

/** Test databases whose process died before `drop()` (crash, SIGKILL, a forgotten drop). */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'",
  );
  for (const { datname } of rows) {
    const pid = Number.parseInt(datname.split("_")[1] ?? "", 10);
    if (!Number.isNaN(pid) && !isProcessAlive(pid)) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
}
