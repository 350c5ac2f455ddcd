import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFixture } from "../test/child-process.ts";
import { readPostmasterPid } from "./embedded/postmaster-pid.ts";
import { isProcessAlive } from "./embedded/process-alive.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    return rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

/** The environment of a process started with no DATABASE_URL and its data under `dataRoot`. */
function embeddedEnv(dataRoot: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return { ...env, FLEET_DATA_DIR: dataRoot };
}

describe("resolveDatabaseUrl", () => {
  let dataRoot: string;
  beforeAll(() => {
    dataRoot = mkdtempSync(join(tmpdir(), "fleet-resolve-"));
    chmodSync(dataRoot, 0o755);
  });
  afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

  it("without DATABASE_URL: the migrated embedded `fleet` database, shared by a second process", async () => {
    const server = runFixture("resolve-url.ts", [], embeddedEnv(dataRoot));
    const { url } = (await server.firstLine) as { url: string };
    expect(new URL(url).hostname).toBe("127.0.0.1");
    expect(new URL(url).pathname).toBe("/fleet");
    expect(existsSync(join(dataRoot, "postgres", "PG_VERSION"))).toBe(true);
    expect((await appliedMigrations(url)).length).toBeGreaterThan(0);

    // E.g. the CLI while the server runs: same server, same database.
    const cli = runFixture("resolve-url.ts", [], embeddedEnv(dataRoot));
    expect(((await cli.firstLine) as { url: string }).url).toBe(url);
    expect(await cli.stop()).toBe(0);
    expect(await server.stop()).toBe(0);
    // The last user stopped the server.
    const postmaster = readPostmasterPid(join(dataRoot, "postgres"));
    expect(postmaster === undefined || !isProcessAlive(postmaster.pid)).toBe(true);
  });

  describe("with DATABASE_URL", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase({ migrated: false });
    });
    afterAll(() => database.drop());

    it("uses that database and applies the migrations to it", async () => {
      const child = runFixture("resolve-url.ts", [], { ...process.env, DATABASE_URL: database.url });
      expect(((await child.firstLine) as { url: string }).url).toBe(database.url);
      expect(await child.stop()).toBe(0);
      expect((await appliedMigrations(database.url)).length).toBeGreaterThan(0);
    });
  });
});
