import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { diffMigrationsToSchema, isEmptyMigration } from "./diff.ts";
import { LOCKFILE, LOCKFILE_CONTENT } from "./migration-list.ts";
import { projectSources } from "./sources.ts";

export interface NewMigrationResult {
  /** `<timestamp>_<name>`, or undefined when the schema has no changes to migrate. */
  name?: string;
  path?: string;
}

/** Prisma's migration folder timestamp: UTC `YYYYMMDDHHMMSS`. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Like `prisma migrate dev --create-only`: diffs the committed migrations (replayed on a shadow
 * database next to `url`) against prisma/schema.prisma and writes
 * prisma/migrations/<timestamp>_<name>/migration.sql plus migration_lock.toml. Applies nothing.
 * (The wasm engine's own `createMigration` insists on a native shadow database, so we use `diff`.)
 */
export async function createMigration(
  url: string,
  name: string,
  { sources = projectSources, now = new Date() } = {},
): Promise<NewMigrationResult> {
  const script = await diffMigrationsToSchema(url, sources);
  if (isEmptyMigration(script)) return {};
  const folder = `${migrationTimestamp(now)}_${name}`;
  const dir = join(sources.migrationsDir, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "migration.sql"), script);
  await writeFile(join(sources.migrationsDir, LOCKFILE), LOCKFILE_CONTENT);
  return { name: folder, path: dir };
}
