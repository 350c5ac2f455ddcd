import { migrationsDir, schemaPath } from "../paths.ts";

/** Where a schema and its migrations live; the project's by default, another pair in tests. */
export interface MigrationSources {
  schemaPath: string;
  migrationsDir: string;
}

export const projectSources: MigrationSources = { schemaPath, migrationsDir };
