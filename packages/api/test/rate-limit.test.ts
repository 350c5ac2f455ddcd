// The per-key rate limit (RATE_LIMIT_PER_MINUTE=5 here), its headers, and its sharing across two
// server instances on one database, over REST and tRPC.
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createAccount, createKey, startApp, type TestApp } from "../src/testing/index.ts";

const LIMIT = 5;
let one: TestApp;
let two: TestApp;
let accountId: string;

beforeAll(async () => {
  // Read once by the API's env.ts on first use, which is after this point in this test file.
  vi.stubEnv("RATE_LIMIT_PER_MINUTE", String(LIMIT));
  one = await startApp();
  two = await startApp({ db: one.db });
  accountId = (await createAccount(one.db)).id;
}, 60_000);
afterAll(async () => {
  await two?.close();
  await one?.close();
  vi.unstubAllEnvs();
});

// Windows are whole minutes on the database clock: a test that straddles a boundary would see its
// counter restart, so each test starts with at least 8 seconds of its window left.
beforeEach(async () => {
  const [row] = await one.db.$queryRaw<{ left: number }[]>`
    SELECT (60 - mod(extract(epoch FROM now()), 60))::float8 AS left`;
  const left = row?.left ?? 60;
  if (left < 8) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}, 20_000);

const newKey = async () => (await createKey(one.db, accountId)).secret;

function parseRateLimit(res: Response) {
  const policy = /^"default";q=(\d+);w=(\d+)$/.exec(res.headers.get("ratelimit-policy") ?? "");
  const current = /^"default";r=(\d+);t=(\d+)$/.exec(res.headers.get("ratelimit") ?? "");
  if (!policy || !current)
    throw new Error(`bad headers: ${res.headers.get("ratelimit-policy")} / ${res.headers.get("ratelimit")}`);
  return { q: Number(policy[1]), w: Number(policy[2]), r: Number(current[1]), t: Number(current[2]) };
}

describe("rate limit", () => {
  test("every authenticated response carries the headers; the request over the limit is a 429", async () => {
    const key = await newKey();
    for (let i = 1; i <= LIMIT; i++) {
      const res = await one.get("/v1/clusters", { key });
      expect(res.status).toBe(200);
      const rl = parseRateLimit(res);
      expect(rl).toMatchObject({ q: LIMIT, w: 60, r: LIMIT - i });
      expect(rl.t).toBeGreaterThanOrEqual(1);
      expect(rl.t).toBeLessThanOrEqual(60);
      expect(res.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - i));
      expect(res.headers.get("x-ratelimit-reset")).toBe(String(rl.t));
      expect(res.headers.get("retry-after")).toBeNull();
    }
    const limited = await one.get("/v1/clusters", { key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await limited.json()).toMatchObject({ status: 429, code: "RATE_LIMIT_EXCEEDED" });
    const rl = parseRateLimit(limited);
    expect(rl.r).toBe(0);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("retry-after")).toBe(String(rl.t));
    // Validation errors still count and still say so.
    const invalid = await one.get("/v1/clusters?limit=1000", { key });
    expect(invalid.status).toBe(429);
  });

  test("the limit is per key", async () => {
    const [k1, k2] = [await newKey(), await newKey()];
    for (let i = 0; i <= LIMIT; i++) await one.get("/v1/clusters", { key: k1 });
    expect((await one.get("/v1/clusters", { key: k1 })).status).toBe(429);
    expect((await one.get("/v1/clusters", { key: k2 })).status).toBe(200);
  });

  test("a 400 and a 403 of a known key carry rate-limit headers; a 401 does not", async () => {
    const key = await newKey();
    const invalid = await one.get("/v1/clusters?limit=1000", { key });
    expect(invalid.status).toBe(400);
    expect(parseRateLimit(invalid).r).toBe(LIMIT - 1);
    const noScope = (await createKey(one.db, accountId, { scopes: [] })).secret;
    const forbidden = await one.get("/v1/clusters", { key: noScope });
    expect(forbidden.status).toBe(403);
    expect(parseRateLimit(forbidden).r).toBe(LIMIT - 1);
    const anonymous = await one.get("/v1/clusters");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("ratelimit")).toBeNull();
  });

  test("a wrong secret, a revoked or an expired key spends nothing: the public prefix is not enough", async () => {
    const counterOf = async (id: string) =>
      (
        await one.db.$queryRaw<{ n: number }[]>`
          SELECT coalesce(sum(count), 0)::int AS n FROM rate_limit_windows WHERE key = ${`key:${id}`}`
      )[0]?.n ?? -1;
    const owner = await createKey(one.db, accountId);
    const wrongSecret = `${owner.secret.slice(0, -4)}${owner.secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await one.get("/v1/clusters", { key: wrongSecret })).status).toBe(401);
    }
    expect(await counterOf(owner.id)).toBe(0);
    const res = await one.get("/v1/clusters", { key: owner.secret });
    expect(res.status).toBe(200);
    expect(parseRateLimit(res).r).toBe(LIMIT - 1);
    const revoked = await createKey(one.db, accountId, { revokedAt: new Date() });
    const expired = await createKey(one.db, accountId, { expiresAt: new Date(Date.now() - 1000) });
    for (const key of [revoked, expired]) {
      expect((await one.get("/v1/clusters", { key: key.secret })).status).toBe(401);
      expect(await counterOf(key.id)).toBe(0);
    }
  });

  test("two server instances share one counter, with no over-admission under a concurrent burst", async () => {
    const key = await newKey();
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? one : two).get("/v1/clusters?limit=1", { key })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(24 - LIMIT);
    const remaining = responses
      .filter((r) => r.status === 200)
      .map((r) => parseRateLimit(r).r)
      .sort();
    expect(remaining).toEqual([0, 1, 2, 3, 4]);
  });

  test("tRPC requests count against the same limit and get the same headers", async () => {
    const key = await newKey();
    for (let i = 0; i < LIMIT - 1; i++) expect((await one.get("/v1/clusters", { key })).status).toBe(200);
    const last = await two.get("/api/trpc/clusters.list", { key });
    expect(last.status).toBe(200);
    expect(parseRateLimit(last).r).toBe(0);
    const limited = await two.get("/api/trpc/clusters.list", { key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    const body = await limited.json();
    expect(body.error.data).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", httpStatus: 429 });
  });

  test("a new window starts from zero, and ended windows are swept in the background", async () => {
    const key = await newKey();
    for (let i = 0; i <= LIMIT; i++) await one.get("/v1/clusters", { key });
    expect((await one.get("/v1/clusters", { key })).status).toBe(429);
    const staleCount = async () =>
      (
        await one.db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM rate_limit_windows WHERE window_start < now() - interval '61 seconds'`
      )[0]?.n ?? -1;
    // Age every window by two minutes, as if the clock had moved on.
    await one.db
      .$executeRaw`UPDATE rate_limit_windows SET window_start = window_start - interval '2 minutes'`;
    expect(await staleCount()).toBeGreaterThan(1);
    // A process sweeps at most once a second, beside a request (never in its way).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const fresh = await one.get("/v1/clusters", { key });
    expect(fresh.status).toBe(200);
    expect(parseRateLimit(fresh).r).toBe(LIMIT - 1);
    await expect.poll(staleCount, { timeout: 5_000 }).toBe(0);
  });
});
