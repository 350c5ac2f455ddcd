import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, schemaPath } from "../paths.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { diffMigrationsToSchema } from "./diff.ts";
import { migrate } from "./migrate.ts";
import { createMigration } from "./new-migration.ts";

const committed = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("migrations", () => {
  const databases: TestDatabase[] = [];
  async function emptyDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase({ migrated: false });
    databases.push(database);
    return database;
  }
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("the committed migrations build exactly prisma/schema.prisma (no drift)", async () => {
    const { url } = await emptyDatabase();
    expect(await diffMigrationsToSchema(url)).toBe("");
  });

  it("applies every committed migration once, records it in _prisma_migrations, and is idempotent", async () => {
    const { url, db } = await emptyDatabase();
    expect(await migrate(url)).toEqual(committed);
    expect(await migrate(url)).toEqual([]);

    const rows = await db.$queryRaw<
      { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }[]
    >`SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = readFileSync(join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    }
    expect(await db.cluster.count()).toBe(0);
  });

  it("applies each migration once when several callers migrate the same database at once", async () => {
    const { url, db } = await emptyDatabase();
    const applied = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(applied.flat().sort()).toEqual(committed);
    const rows = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM _prisma_migrations`;
    expect(Number(rows[0]?.count)).toBe(committed.length);
  });

  it("creates the search index: a GIN index of each cluster's per-account trigram keys", async () => {
    const { url, db } = await emptyDatabase();
    await migrate(url);
    const indexes = await db.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'clusters' AND indexdef LIKE '%USING gin%'
      ORDER BY indexname`;
    expect(indexes.map((row) => row.indexname)).toEqual(["clusters_search_keys_idx"]);
    expect(indexes[0]?.indexdef).toContain("fleet_search_keys(account_id, name, description)");
  });

  describe("db:migrate:new", () => {
    let work: string;
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), "fleet-migrations-"));
      cpSync(migrationsDir, join(work, "migrations"), { recursive: true });
      writeFileSync(
        join(work, "schema.prisma"),
        `${readFileSync(schemaPath, "utf8")}\nmodel Probe {\n  id    String @id\n  label String\n\n  @@map("probes")\n}\n`,
      );
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("writes <timestamp>_<name>/migration.sql for a schema change, then nothing once they agree", async () => {
      const { url } = await emptyDatabase();
      const sources = { schemaPath: join(work, "schema.prisma"), migrationsDir: join(work, "migrations") };
      const now = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));

      const created = await createMigration(url, "add_probes", { sources, now });
      expect(created.name).toBe("20300102030405_add_probes");
      const sql = readFileSync(
        join(sources.migrationsDir, "20300102030405_add_probes", "migration.sql"),
        "utf8",
      );
      expect(sql).toContain('CREATE TABLE "probes"');
      expect(sql).not.toContain("CREATE EXTENSION"); // already created by the init migration
      expect(existsSync(join(sources.migrationsDir, "migration_lock.toml"))).toBe(true);

      expect(await diffMigrationsToSchema(url, sources)).toBe("");
      expect(await createMigration(url, "again", { sources, now })).toEqual({});
      // And the new migration applies on top of the committed ones.
      expect(await migrate(url, sources)).toEqual([...committed, "20300102030405_add_probes"]);
    });
  });
});
