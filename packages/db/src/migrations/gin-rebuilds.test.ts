import type { MigrationList } from "@prisma/schema-engine-wasm";
import { describe, expect, it } from "vitest";
import { dropUnchangedGinRebuilds, dropUnchangedGinRebuildsFromSummary } from "./gin-rebuilds.ts";

const CREATE =
  'CREATE INDEX "t_account_id_name_trgm_idx" ON "t" USING GIN ("account_id" text_ops, "name" gin_trgm_ops);';

const committed = (sql: string): MigrationList => ({
  baseDir: "migrations",
  lockfile: { path: "migration_lock.toml", content: null },
  shadowDbInitScript: "",
  migrationDirectories: [
    { path: "1_init", migrationFile: { path: "migration.sql", content: { tag: "ok", value: sql } } },
  ],
});

const rebuild = (create: string) =>
  `-- DropIndex\nDROP INDEX "t_account_id_name_trgm_idx";\n\n-- CreateIndex\n${create}\n`;

describe("diffs drop a btree_gin index's unchanged rebuild, and nothing else", () => {
  it("the drop and create of an index exactly as committed: nothing left", () => {
    expect(dropUnchangedGinRebuilds(rebuild(CREATE), committed(CREATE))).toBe("");
  });

  it("an index whose definition changed is still dropped and created", () => {
    const changed = CREATE.replace('"name" gin_trgm_ops', '"description" gin_trgm_ops');
    expect(dropUnchangedGinRebuilds(rebuild(changed), committed(CREATE))).toBe(rebuild(changed));
  });

  it("the other statements of the script stay", () => {
    const other = '-- AlterTable\nALTER TABLE "t" ADD COLUMN "x" TEXT;';
    expect(dropUnchangedGinRebuilds(`${other}\n\n${rebuild(CREATE)}`, committed(CREATE))).toBe(`${other}\n`);
  });

  it("the summary: the table's removed-and-added index goes, with the table when nothing else changed", () => {
    const summary =
      "[*] Changed the `t` table\n  [-] Removed index on columns (account_id, name)\n  [+] Added index on columns (account_id, name)\n";
    expect(dropUnchangedGinRebuildsFromSummary(summary, committed(CREATE))).toBe("");
    const more = `${summary}  [+] Added column \`x\`\n`;
    expect(dropUnchangedGinRebuildsFromSummary(more, committed(CREATE))).toBe(
      "[*] Changed the `t` table\n  [+] Added column `x`\n",
    );
  });

  it("the summary keeps a rebuild on columns no committed GIN index has", () => {
    const summary =
      "[*] Changed the `t` table\n  [-] Removed index on columns (account_id, region)\n  [+] Added index on columns (account_id, region)\n";
    expect(dropUnchangedGinRebuildsFromSummary(summary, committed(CREATE))).toBe(summary);
  });
});
