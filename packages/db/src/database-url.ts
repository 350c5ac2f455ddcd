import { join } from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { dbEnv } from "./env.ts";
import { migrate } from "./migrations/migrate.ts";
import { dataRoot } from "./paths.ts";

export const EMBEDDED_DATABASE = "fleet";

let resolved: Promise<string> | undefined;

/**
 * The database this process should use, migrated: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL in `<data root>/postgres`, started here or shared with the process that started it.
 * Memoized per process.
 */
export function resolveDatabaseUrl(): Promise<string> {
  resolved ??= (async () => {
    const url = dbEnv().DATABASE_URL ?? (await resolveEmbeddedDatabaseUrl());
    await migrate(url);
    return url;
  })();
  resolved.catch(() => {
    resolved = undefined;
  });
  return resolved;
}

/**
 * A server for migration tooling (shadow databases) without migrating anything first:
 * DATABASE_URL, or the embedded server's maintenance database.
 */
export async function toolingDatabaseUrl(): Promise<string> {
  return dbEnv().DATABASE_URL ?? (await embeddedServer()).url("postgres");
}

function embeddedServer() {
  return startEmbeddedPostgres({
    dataDir: join(dataRoot(), "postgres"),
    // Bulk seeding writes a lot of WAL; fewer forced checkpoints keep COPY fast.
    settings: { max_wal_size: "4GB" },
  });
}

/** The embedded server's `fleet` database (created if missing), without migrating it. */
export async function resolveEmbeddedDatabaseUrl(): Promise<string> {
  const server = await embeddedServer();
  await ensureDatabase(server.url("postgres"), EMBEDDED_DATABASE);
  return server.url(EMBEDDED_DATABASE);
}
