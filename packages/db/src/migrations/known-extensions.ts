// The wasm schema engine does not describe extensions when it replays migrations on a shadow
// database (it describes without the postgresqlExtensions preview feature), so a diff from the
// migrations to the schema always asks to create every extension again. We drop exactly those
// CREATE EXTENSION statements that a committed migration already runs verbatim; an extension
// that is new in schema.prisma still shows up in the diff.
import type { MigrationList } from "@prisma/schema-engine-wasm";

const CREATE_EXTENSION = /^(?:-- CreateExtension\n)?(CREATE EXTENSION IF NOT EXISTS "[^"]+"[^;\n]*;)\n?/gm;

export function dropExtensionsCreatedByMigrations(script: string, migrations: MigrationList): string {
  const committed = migrations.migrationDirectories
    .map((dir) => (dir.migrationFile.content.tag === "ok" ? dir.migrationFile.content.value : ""))
    .join("\n");
  return script
    .replace(CREATE_EXTENSION, (block, statement: string) => (committed.includes(statement) ? "" : block))
    .replace(/^\n+/, "");
}
