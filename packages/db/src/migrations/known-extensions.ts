// The wasm schema engine does not describe extensions when it replays migrations on a shadow
// database (it describes without the postgresqlExtensions preview feature), so a diff from the
// migrations to the schema always asks to create every extension again. We drop exactly those
// extensions that a committed migration already creates; an extension that is new in
// schema.prisma still shows up in the diff.
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { committedSql } from "./migration-list.ts";

const CREATE_EXTENSION = /^(?:-- CreateExtension\n)?(CREATE EXTENSION IF NOT EXISTS "([^"]+)"[^;\n]*;)\n?/gm;

const createdBy = (sql: string, extension: string) =>
  sql.includes(`CREATE EXTENSION IF NOT EXISTS "${extension}"`);

/** For a SQL script (`--script`). */
export function dropExtensionsCreatedByMigrations(script: string, migrations: MigrationList): string {
  const committed = committedSql(migrations);
  return script
    .replace(CREATE_EXTENSION, (block, _statement: string, name: string) =>
      createdBy(committed, name) ? "" : block,
    )
    .replace(/^\n+/, "");
}

/** For the human-readable summary ("[+] Added extensions\n  - pg_trgm"). */
export function dropExtensionsFromSummary(summary: string, migrations: MigrationList): string {
  const committed = committedSql(migrations);
  return summary
    .replace(/^\[\+\] Added extensions\n((?: {2}- .+\n?)+)\n?/gm, (_block, items: string) => {
      const kept = items
        .split("\n")
        .filter((line) => line && !createdBy(committed, line.replace(/^ {2}- /, "")));
      return kept.length > 0 ? `[+] Added extensions\n${kept.join("\n")}\n` : "";
    })
    .replace(/^\n+/, "");
}
