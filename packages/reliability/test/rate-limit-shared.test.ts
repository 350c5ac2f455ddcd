// The per-key rate limit across two server instances (separate connection pools in one process, and
// two apps/api processes; one database) under concurrent bursts: exactly `limit` requests admitted
// per key and window, never more; and
// the documented policy when the limiter's store fails: fail closed (503 when it is unreachable or
// stalled, 500 when it is broken), never an unlimited 200, never a crash.
import { createAccount, createKey, rawRequest, startApp, type TestApp } from "@fleet/api/testing";
import { startApiServer } from "@fleet/api-server/testing";
import { createPrismaClient, type Db } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectProblem } from "../src/check-response.ts";
import { sleep } from "../src/load-loop.ts";
import { recordFigures } from "../src/results.ts";

const LIMIT = 40;
const REQUEST_TIMEOUT_MS = 1_500;
let tdb: TestDatabase;
let secondDb: Db;
let one: TestApp;
let two: TestApp;
let accountId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  secondDb = createPrismaClient(tdb.url, { max: 4 });
  one = await startApp({
    db: tdb.db,
    rateLimitPerMinute: LIMIT,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  two = await startApp({
    db: secondDb,
    rateLimitPerMinute: LIMIT,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  accountId = (await createAccount(tdb.db, { projects: 1 })).id;
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await secondDb?.$disconnect();
  await tdb?.drop();
});

/** Waits until a burst of a few seconds cannot straddle a fixed one-minute window (database clock). */
async function awayFromWindowEdge(): Promise<void> {
  const { rows } = await query<{ s: number }>("SELECT extract(second FROM now())::float8 AS s");
  const second = rows[0]?.s ?? 0;
  if (second > 50) await sleep((61 - second) * 1_000);
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: tdb.url });
  await client.connect();
  try {
    return await client.query<T>(sql);
  } finally {
    await client.end();
  }
}

const hit = (server: TestApp, secret: string) =>
  rawRequest(server.url, {
    target: "/v1/clusters?limit=1",
    headers: [["Authorization", `Bearer ${secret}`]],
  });

describe("rate limit shared by two instances", () => {
  test("concurrent bursts over both instances admit exactly the limit per key, each count once", async () => {
    const keys = await Promise.all([0, 1, 2].map(async () => (await createKey(tdb.db, accountId)).secret));
    await awayFromWindowEdge();
    const burst = keys.flatMap((secret) =>
      Array.from({ length: LIMIT * 3 }, (_, i) => ({ secret, server: i % 2 === 0 ? one : two })),
    );
    const responses = await Promise.all(burst.map(({ secret, server }) => hit(server, secret)));
    const perKey = keys.map((secret) => {
      const mine = responses.filter((_, i) => burst[i]?.secret === secret);
      const admitted = mine.filter((r) => r.status === 200);
      const limited = mine.filter((r) => r.status === 429);
      expect(admitted.length + limited.length).toBe(mine.length);
      for (const r of limited) expect(expectProblem(r, 429).code).toBe("RATE_LIMIT_EXCEEDED");
      // Each admitted request saw a distinct count: remaining values LIMIT-1 … 0, each exactly once.
      const remaining = admitted.map((r) => Number(r.headers["x-ratelimit-remaining"])).sort((a, b) => a - b);
      expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => i));
      return { admitted: admitted.length, limited: limited.length };
    });
    for (const k of perKey) expect(k.admitted).toBe(LIMIT);
    recordFigures("rate-limit", {
      limit: LIMIT,
      burst_per_key: LIMIT * 3,
      keys: keys.length,
      per_key: perKey,
    });
  });
});

describe("rate limit shared by two apps/api processes", () => {
  test("two OS processes on one database admit exactly the limit under a concurrent burst", async () => {
    const env = { RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    const servers = await Promise.all(
      [0, 1].map(() => startApiServer({ env: { DATABASE_URL: tdb.url, ...env } })),
    );
    try {
      const secret = (await createKey(tdb.db, accountId)).secret;
      await awayFromWindowEdge();
      const responses = await Promise.all(
        Array.from({ length: LIMIT * 3 }, (_, i) =>
          rawRequest((servers[i % 2] as (typeof servers)[number]).baseUrl, {
            target: "/v1/clusters?limit=1",
            headers: [["Authorization", `Bearer ${secret}`]],
          }),
        ),
      );
      const admitted = responses.filter((r) => r.status === 200);
      expect(responses.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
      expect(admitted).toHaveLength(LIMIT);
      const remaining = admitted.map((r) => Number(r.headers["x-ratelimit-remaining"])).sort((a, b) => a - b);
      expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => i));
      recordFigures("rate-limit", { two_processes: { burst: LIMIT * 3, admitted: admitted.length } });
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});

describe("limiter store failures: fail closed, never crash", () => {
  test("store stalled (table locked): 503 problem within the request bound; served again once released", async () => {
    const secret = (await createKey(tdb.db, accountId)).secret;
    const locker = new pg.Client({ connectionString: tdb.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE rate_limit_windows IN ACCESS EXCLUSIVE MODE");
      const started = performance.now();
      const stalled = await Promise.all(Array.from({ length: 6 }, (_, i) => hit(i % 2 ? one : two, secret)));
      const elapsed = performance.now() - started;
      for (const r of stalled) {
        expect(expectProblem(r, 503).code).toBe("SERVICE_UNAVAILABLE");
        expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      }
      expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
      expect((await rawRequest(one.url, { target: "/healthz" })).status).toBe(200);
      recordFigures("rate-limit", { stalled_store: { status: 503, elapsed_ms: Math.round(elapsed) } });
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
    // Requests that queued on the lock finish and return their connections; then service resumes.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await hit(one, secret)).status;
      if (status !== 200) await sleep(200);
    }
    expect(status).toBe(200);
  });

  test("store broken (table missing): 500 problem without internals, logged; never admitted unlimited", async () => {
    const secret = (await createKey(tdb.db, accountId)).secret;
    await query("ALTER TABLE rate_limit_windows RENAME TO rate_limit_windows_gone");
    try {
      const res = await hit(one, secret);
      const problem = expectProblem(res, 500);
      expect(problem.code).toBe("INTERNAL_ERROR");
      expect(res.body).not.toMatch(/rate_limit|relation|select|insert/i);
      expect(one.logs.some((l) => l.level === 50 && l.request_id === problem.request_id)).toBe(true);
    } finally {
      await query("ALTER TABLE rate_limit_windows_gone RENAME TO rate_limit_windows");
    }
    expect((await hit(one, secret)).status).toBe(200);
  });
});
