import { afterAll, beforeAll, expect, test } from "vitest";
import { runFixture } from "../test/child-process.ts";
import { createPrismaClient, rowTypes } from "./client.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { pgQuery, prepared } from "./prepared-statements.ts";
import { createTestDatabase, startTcpProxy } from "./testing.ts";
import { parseTimestamptz, TIMESTAMPTZ_OID } from "./timestamptz.ts";

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

test("a connection whose server stopped answering is ended after statementTimeoutMs + 1 s; the pool recovers", async () => {
  const proxy = await startTcpProxy(Number(new URL(database.url).port));
  const viaProxy = new URL(database.url);
  viaProxy.port = String(proxy.port);
  const db = createPrismaClient(viaProxy.toString(), { max: 1, statementTimeoutMs: 300 });
  try {
    expect(await db.$rows(Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    proxy.hang(); // PostgreSQL's statement_timeout cannot help: nothing reaches it
    const started = Date.now();
    await expect(db.$rows(Prisma.sql`SELECT 2 AS two`)).rejects.toThrow();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1_300);
    expect(waited).toBeLessThan(3_500);
    proxy.unhang();
    expect(await db.$rows(Prisma.sql`SELECT 3 AS three`)).toEqual([{ three: 3 }]);
  } finally {
    await db.$disconnect();
    await proxy.close();
  }
});

test("rows read with $rows are not kept reachable after their query (no per-query timers)", async () => {
  // 40 pages of ~50 kB: kept reachable, they are promoted (2.5 MB); let go, a few hundred kB at most.
  const child = runFixture("rows-lifetime.ts", [database.url]);
  const { promotedKb } = (await child.firstLine) as { promotedKb: number };
  expect(promotedKb).toBeLessThan(800);
  expect(await child.exited).toBe(0);
});

test("statementTimeoutMs 0 lets a long statement finish", async () => {
  const db = createPrismaClient(database.url, { max: 1, statementTimeoutMs: 0 });
  try {
    expect(await db.$queryRawUnsafe("SELECT pg_sleep(0.5)::text AS slept")).toEqual([{ slept: "" }]);
  } finally {
    await db.$disconnect();
  }
});

test("$rows runs hand-written SQL on the pool: int8 as bigint, timestamptz as the exact instant in any zone", async () => {
  const db = createPrismaClient(database.url, { max: 1 });
  try {
    const instants = [
      new Date("2026-10-31T22:28:29.889Z"),
      new Date("2024-02-29T00:00:00.000Z"),
      new Date("1999-12-31T23:59:59.999Z"),
      new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 7)),
    ];
    for (const zone of ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"]) {
      // One connection (max 1): the session time zone applies to the next statement.
      await db.$rows(Prisma.sql`SELECT set_config('TimeZone', ${zone}, false)`);
      for (const instant of instants) {
        const [row] = await db.$rows<{ at: Date; big: bigint }>(
          Prisma.sql`SELECT ${instant}::timestamptz AS at, 9007199254740993::int8 AS big`,
        );
        expect(row?.at).toBeInstanceOf(Date);
        expect(row?.at.getTime()).toBe(instant.getTime());
        expect(row?.big).toBe(9007199254740993n);
      }
    }
  } finally {
    await db.$disconnect();
  }
});

test("a prepared(…) statement is prepared once per connection; others are not", async () => {
  const db = createPrismaClient(database.url, { max: 1 });
  try {
    const statement = prepared(Prisma.sql`SELECT ${1}::int AS one`);
    for (let i = 0; i < 3; i++) expect(await db.$rows(statement)).toEqual([{ one: 1 }]);
    await db.$rows(Prisma.sql`SELECT ${2}::int AS two`);
    const statements = await db.$rows<{ name: string; statement: string }>(
      Prisma.sql`SELECT name, statement FROM pg_prepared_statements`,
    );
    const { name, text } = pgQuery(statement);
    expect(name).toMatch(/^fleet_[0-9a-f]{24}$/);
    expect(statements).toEqual([{ name, statement: text }]);
  } finally {
    await db.$disconnect();
  }
});

test("FLEET_DB_PREPARED_STATEMENTS=off prepares nothing (for poolers that cannot keep prepared statements)", async () => {
  const prepared = async (value: string) => {
    const child = runFixture("prepared-statements.ts", [database.url], {
      ...process.env,
      FLEET_DB_PREPARED_STATEMENTS: value,
    });
    const names = await child.firstLine;
    await child.exited;
    return names;
  };
  expect(await prepared("on")).toEqual([expect.stringMatching(/^fleet_[0-9a-f]{24}$/)]);
  expect(await prepared("off")).toEqual([]);
});

test("$rows reads timestamptz with the fast parser and int8 as bigint (pg's defaults would give the same instants, so check the wiring)", () => {
  expect(rowTypes.getTypeParser(TIMESTAMPTZ_OID, "text")).toBe(parseTimestamptz);
  expect((rowTypes.getTypeParser(20, "text") as (text: string) => unknown)("9007199254740993")).toBe(
    9007199254740993n,
  );
});

test("$rowsInTransaction runs its statements in one transaction: committed when the work resolves, rolled back when it throws", async () => {
  const db = createPrismaClient(database.url, { max: 2 });
  try {
    await db.$rows(Prisma.sql`CREATE TABLE rows_in_transaction (n int)`);
    const xids = await db.$rowsInTransaction(async (rows) => {
      await rows(Prisma.sql`INSERT INTO rows_in_transaction VALUES (1)`);
      const [first] = await rows<{ xid: bigint }>(Prisma.sql`SELECT pg_current_xact_id()::text::int8 AS xid`);
      const [second] = await rows<{ xid: bigint }>(
        Prisma.sql`SELECT pg_current_xact_id()::text::int8 AS xid`,
      );
      return [first?.xid, second?.xid];
    });
    expect(xids[0]).toBe(xids[1]);
    await expect(
      db.$rowsInTransaction(async (rows) => {
        await rows(Prisma.sql`INSERT INTO rows_in_transaction VALUES (2)`);
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    expect(await db.$rows(Prisma.sql`SELECT n FROM rows_in_transaction ORDER BY n`)).toEqual([{ n: 1 }]);
    // Neither transaction kept its connection: both are back in the pool, idle.
    const [{ open } = { open: -1 }] = await db.$rows<{ open: bigint }>(
      Prisma.sql`SELECT count(*) AS open FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open).toBe(0n);
  } finally {
    await db.$disconnect();
  }
});
