import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient } from "./client.ts";
import { createTestDatabase } from "./testing.ts";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

test("a statement running past statementTimeoutMs is cancelled and its connection is usable again", async () => {
  const db = createPrismaClient(database.url, { max: 1, statementTimeoutMs: 300 });
  try {
    await db.$queryRawUnsafe("SELECT 1");
    const started = Date.now();
    await expect(db.$queryRawUnsafe("SELECT pg_sleep(5)")).rejects.toThrow(/57014|statement timeout/);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The pool's only connection was given back, not leaked.
    expect(await db.$queryRawUnsafe("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  } finally {
    await db.$disconnect();
  }
});

test("statementTimeoutMs 0 lets a long statement finish", async () => {
  const db = createPrismaClient(database.url, { max: 1, statementTimeoutMs: 0 });
  try {
    expect(await db.$queryRawUnsafe("SELECT pg_sleep(0.5)::text AS slept")).toEqual([{ slept: "" }]);
  } finally {
    await db.$disconnect();
  }
});
