import type { MigrationList, SchemaEngine, SchemaFilter, SchemasContainer } from "@prisma/schema-engine-wasm";
import { NO_FILTERS } from "./migrate.ts";
import { readMigrationList } from "./migration-list.ts";
import { readSchema, withSchemaEngine } from "./schema-engine.ts";
import { projectSources } from "./sources.ts";

/**
 * The SQL that would bring a database built from the committed migrations to the Prisma schema
 * (empty when they agree). Replays the migrations on a temporary shadow database next to `url`.
 */
export async function diffMigrationsToSchema(url: string, sources = projectSources): Promise<string> {
  const migrationsList = await readMigrationList(sources.migrationsDir);
  const schema = await readSchema(sources.schemaPath);
  return withSchemaEngine({ url, schema }, (engine) =>
    pendingScript(engine, migrationsList, schema, NO_FILTERS),
  );
}

/** SQL taking the migrations to the schema, or "" when they agree. */
export async function pendingScript(
  engine: SchemaEngine,
  migrationsList: MigrationList,
  schema: SchemasContainer,
  filters: SchemaFilter,
): Promise<string> {
  const result = await engine.diff({
    // With no migrations yet the engine cannot tell the connector from the (missing) lock file.
    from: migrationsList.migrationDirectories.length
      ? { tag: "migrations", ...migrationsList }
      : { tag: "empty" },
    to: { tag: "schemaDatamodel", ...schema },
    script: true,
    exitCode: null,
    filters,
  });
  const script = result.stdout ?? "";
  return isEmptyMigration(script) ? "" : script;
}

/** True when a migration script has no statements (the engine then emits only comments). */
export function isEmptyMigration(script: string): boolean {
  return script
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}
