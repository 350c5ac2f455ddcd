// What the schema engine's diff from the committed migrations reports that is not a difference:
// extensions it cannot describe on a shadow database, and btree_gin indexes it reads back without
// their operator class. Every diff from the migrations goes through these two.
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { dropUnchangedGinRebuilds, dropUnchangedGinRebuildsFromSummary } from "./gin-rebuilds.ts";
import { dropExtensionsCreatedByMigrations, dropExtensionsFromSummary } from "./known-extensions.ts";

/** For a SQL script (`--script`). */
export const scriptWithoutBlindSpots = (script: string, migrations: MigrationList) =>
  dropUnchangedGinRebuilds(dropExtensionsCreatedByMigrations(script, migrations), migrations);

/** For the human-readable summary. */
export const summaryWithoutBlindSpots = (summary: string, migrations: MigrationList) =>
  dropUnchangedGinRebuildsFromSummary(dropExtensionsFromSummary(summary, migrations), migrations);
