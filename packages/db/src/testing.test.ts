import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runFixture } from "../test/child-process.ts";
import { createTestDatabase, type TestDatabase, testServer } from "./testing.ts";

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: (await testServer()).url("postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

describe("createTestDatabase", () => {
  const open: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of open) await database.drop();
  });

  it("gives each call its own migrated, empty database", async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    if (!a || !b) throw new Error("expected two databases");
    open.push(a, b);
    expect(nameOf(a.url)).not.toBe(nameOf(b.url));
    expect(await a.db.cluster.count()).toBe(0);

    await a.db.account.create({ data: { id: "acc_isolation", name: "Isolation" } });
    expect(await a.db.account.count()).toBe(1);
    expect(await b.db.account.count()).toBe(0);
    const applied = await b.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`;
    expect(Number(applied[0]?.n)).toBeGreaterThan(0);
  });

  it("drop() disconnects and removes the database", async () => {
    const database = await createTestDatabase();
    await database.db.account.create({ data: { id: "acc_drop", name: "Drop" } });
    const name = nameOf(database.url);
    expect(await databaseExists(name)).toBe(true);
    await database.drop();
    expect(await databaseExists(name)).toBe(false);
    await database.drop(); // idempotent
  });

  it("is safe to call from several processes at once", async () => {
    const children = [runFixture("test-database-user.ts", ["3"]), runFixture("test-database-user.ts", ["3"])];
    const mine = createTestDatabase();
    const results = (await Promise.all(children.map((child) => child.firstLine))) as {
      names: string[];
      counts: number[];
    }[];
    const own = await mine;
    open.push(own);
    const names = [...results.flatMap((result) => result.names), nameOf(own.url)];
    expect(new Set(names).size).toBe(7);
    for (const result of results) expect(result.counts).toEqual([1, 1, 1]);
    for (const child of children) expect(await child.exited).toBe(0);
    expect(await own.db.account.count()).toBe(0);
  });
});
