import { readMigrationList } from "./migration-list.ts";
import { readSchema, withSchemaEngine } from "./schema-engine.ts";
import { projectSources } from "./sources.ts";

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Applies the committed migrations (prisma/migrations) that `url` has not applied yet, recording
 * them in `_prisma_migrations` like `prisma migrate deploy`. Idempotent; concurrent callers are
 * serialized by the engine's advisory lock. Returns the names of the migrations it applied.
 */
export async function migrate(url: string, sources = projectSources): Promise<string[]> {
  const migrationsList = await readMigrationList(sources.migrationsDir);
  const { appliedMigrationNames } = await withSchemaEngine(
    { url, schema: await readSchema(sources.schemaPath) },
    (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return appliedMigrationNames;
}
