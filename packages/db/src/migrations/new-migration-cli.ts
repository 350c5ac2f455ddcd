// `pnpm db:migrate:new NAME`: writes prisma/migrations/<timestamp>_<name>/migration.sql for the
// changes in prisma/schema.prisma that the committed migrations do not have yet.
import { relative } from "node:path";
import { toolingDatabaseUrl } from "../database-url.ts";
import { repoRoot } from "../paths.ts";
import { createMigration } from "./new-migration.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name) || process.argv.length > 3) {
  console.error(
    "usage: pnpm db:migrate:new NAME   (NAME: letters, digits and underscores, e.g. add_cluster_tags)",
  );
  process.exit(2);
}

const result = await createMigration(await toolingDatabaseUrl(), name);
if (result.path) {
  console.log(`Created ${relative(repoRoot, result.path)}/migration.sql`);
  console.log("Review it, then apply with `pnpm db:migrate`.");
} else {
  console.log("prisma/schema.prisma matches the migrations: nothing to create.");
}
