// A real PostgreSQL going away under load (fast shutdown, then a frozen server), on this suite's own
// instance: every request of the load ends within the request bound as a 200 or a 503 problem+json,
// the server recovers by itself, and the pool never holds more connections than its bound, leaving
// none behind. What one request is answered during an outage is api/test/db-outage.test.ts's.
import { startApp, type TestApp } from "@fleet/api/testing";
import { createPrismaClient, type Db } from "@fleet/db";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createHostileFleet, type HostileFleet } from "../src/fleet-data.ts";
import { type LoadLoop, type Outcome, percentile, sleep, startLoadLoop } from "../src/load-loop.ts";
import { connectionCount, type OwnPostgres, startOwnPostgres } from "../src/own-postgres.ts";
import { recordFigures } from "../src/results.ts";

const POOL_MAX = 4;
const REQUEST_TIMEOUT_MS = 2_000;
/** Nothing may take longer than the handler's own bound plus scheduling slack. */
const BOUND_MS = REQUEST_TIMEOUT_MS + 1_500;

let pg: OwnPostgres;
let db: Db;
let app: TestApp;
let fleet: HostileFleet;
let maxConnections = 0;
let sampler: NodeJS.Timeout | undefined;
let load: LoadLoop | undefined;

function startLoad(): LoadLoop {
  load = startLoadLoop({
    url: `${app.url}/v1/clusters?limit=20`,
    headers: { authorization: `Bearer ${fleet.keyA}` },
    workers: 16,
    pauseMs: 5,
    hungAfterMs: 15_000,
  });
  return load;
}

beforeAll(async () => {
  pg = await startOwnPostgres("outage");
  db = createPrismaClient(pg.url, { max: POOL_MAX });
  fleet = await createHostileFleet(db, 40);
  app = await startApp({ db, rateLimitPerMinute: 1_000_000, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  // Sample the server's connection count throughout (the admin connection itself is not counted).
  sampler = setInterval(() => {
    connectionCount(pg.adminUrl)
      .then((n) => {
        maxConnections = Math.max(maxConnections, n);
      })
      .catch(() => {});
  }, 100);
});
// A failed test must not leave its load running into the next one.
afterEach(async () => {
  await load?.stop();
  load = undefined;
});
afterAll(async () => {
  clearInterval(sampler);
  await app?.close().catch(() => {}); // the last test closes it already
  await db?.$disconnect();
  await pg?.destroy();
});

const status = (path: string) =>
  fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(BOUND_MS) }).then((r) => r.status);

/** Polls until `path` answers `expected`; returns how long that took. */
async function until(path: string, expected: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await status(path).catch(() => 0)) === expected) return performance.now() - started;
    await sleep(100);
  }
  throw new Error(`${path} did not answer ${expected} within ${timeoutMs} ms`);
}

function summarize(outcomes: Outcome[]) {
  const count = (s: Outcome["status"]) => outcomes.filter((o) => o.status === s).length;
  const ms = outcomes.map((o) => o.ms);
  return {
    requests: outcomes.length,
    ok: count(200),
    unavailable: count(503),
    other: outcomes.filter((o) => o.status !== 200 && o.status !== 503).map((o) => o.status),
    p50_ms: Math.round(percentile(ms, 50)),
    p99_ms: Math.round(percentile(ms, 99)),
    max_ms: Math.round(Math.max(...ms)),
  };
}

function expectFailFast(outcomes: Outcome[]) {
  const s = summarize(outcomes);
  expect(s.other, JSON.stringify(s)).toEqual([]); // no 500s, no hung or reset sockets
  expect(s.max_ms, JSON.stringify(s)).toBeLessThan(BOUND_MS);
  for (const o of outcomes.filter((x) => x.status === 503))
    expect(o.contentType).toMatch(/^application\/problem\+json/);
  return s;
}

describe("database outage under load", () => {
  test("stopped PostgreSQL: fast 503s, recovery without restart", async () => {
    const load = startLoad();
    await sleep(1_500);
    const healthyUntil = performance.now();
    await pg.stop();
    const stoppedAt = performance.now();
    const readyDown = await until("/readyz", 503, 5_000);
    await sleep(2_000);
    const restartAt = performance.now();
    await pg.start();
    const restarted = performance.now();
    const readyUp = await until("/readyz", 200, 15_000);
    await sleep(1_500);
    await load.stop();

    // Requests that ended before the stop, and requests made entirely while it was down.
    const before = load.outcomes.filter((o) => o.startedAt + o.ms < healthyUntil);
    const during = load.outcomes.filter(
      (o) => o.startedAt > stoppedAt + 200 && o.startedAt + o.ms < restartAt,
    );
    const after = load.outcomes.filter((o) => o.startedAt > restarted + readyUp);
    // A healthy baseline (a slow CI machine may push a first request past the 2 s bound).
    expect(summarize(before).ok).toBeGreaterThanOrEqual(before.length * 0.9);
    const down = expectFailFast(load.outcomes);
    const duringStats = summarize(during);
    expect(duringStats.unavailable).toBe(during.length);
    expect(duringStats.unavailable).toBeGreaterThan(50);
    const afterStats = summarize(after);
    expect(afterStats.ok, JSON.stringify(afterStats)).toBe(after.length);
    expect(afterStats.ok).toBeGreaterThan(20);
    expect(app.logs.filter((l) => l.status === 500)).toEqual([]);
    recordFigures("db-outage", {
      stop: {
        all: down,
        while_down: duringStats,
        readyz_503_after_ms: Math.round(readyDown),
        recovery_after_restart_ms: Math.round(restarted - restartAt + readyUp),
      },
    });
  });

  test("frozen PostgreSQL (SIGSTOP): requests end with 503 at the request bound, none hang; thaw recovers", async () => {
    const load = startLoad();
    await sleep(1_000);
    pg.freeze();
    const frozenAt = performance.now();
    try {
      await until("/readyz", 503, 5_000);
      await sleep(REQUEST_TIMEOUT_MS * 2);
    } finally {
      pg.thaw();
    }
    const thawedAt = performance.now();
    const readyUp = await until("/readyz", 200, 15_000);
    await sleep(1_500);
    await load.stop();

    const all = expectFailFast(load.outcomes);
    const during = summarize(
      load.outcomes.filter((o) => o.startedAt > frozenAt + 100 && o.startedAt + o.ms < thawedAt),
    );
    expect(during.unavailable).toBeGreaterThan(10);
    expect(during.ok).toBe(0);
    const after = summarize(load.outcomes.filter((o) => o.startedAt > thawedAt + readyUp));
    expect(after.ok, JSON.stringify(after)).toBe(after.requests);
    recordFigures("db-outage", {
      freeze: { all, while_frozen: during, recovery_after_thaw_ms: Math.round(readyUp) },
    });
  });

  test("the pool stayed within its bound and leaves no connection behind", async () => {
    expect(maxConnections).toBeGreaterThan(0);
    expect(maxConnections).toBeLessThanOrEqual(POOL_MAX);
    const idle = await connectionCount(pg.adminUrl);
    expect(idle).toBeLessThanOrEqual(POOL_MAX);
    await app.close();
    await db.$disconnect();
    await sleep(200);
    expect(await connectionCount(pg.adminUrl)).toBe(0);
    recordFigures("db-outage", {
      pool_max: POOL_MAX,
      max_connections_seen: maxConnections,
      connections_after_disconnect: 0,
    });
  });
});
