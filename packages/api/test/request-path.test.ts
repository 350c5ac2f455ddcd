// GET /v1/clusters is a straight line: authenticate (one statement checks the key and counts the
// limit), authorize, parse and validate, list. Over real HTTP, with every statement PostgreSQL
// receives watched on the wire: nothing is listed for a request that may not read.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";
import { type WatchedDatabase, watchedDatabase } from "./helpers/statement-log.ts";

const RATE_LIMIT = 4;
let watched: WatchedDatabase & { owner: WatchedDatabase["db"] };
let app: TestApp;
let accountId: string;
let projectId: string;

beforeAll(async () => {
  watched = await watchedDatabase();
  app = await startApp({ db: watched.db, rateLimitPerMinute: RATE_LIMIT });
  const account = await createAccount(watched.owner);
  accountId = account.id;
  projectId = account.projects[0] as string;
  for (let i = 0; i < 5; i++) {
    await createCluster(watched.owner, account.id, { projectId: account.projects[0] as string });
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  await watched?.close();
});

// The change log's own upkeep (sequencing, pruning) runs on a timer, not for a request.
const readsClusters = (sql: string) =>
  /\b(clusters|cluster_changes)\b/.test(sql) && !/UPDATE cluster_change_log/.test(sql);
const checksKey = (sql: string) => /\bFROM api_keys\b/.test(sql);

/** Runs `requests`, and returns their answers with the statements PostgreSQL received meanwhile. */
async function watch(requests: () => Promise<Response[]>) {
  const from = watched.statements.length;
  const responses = await requests();
  for (const res of responses) await res.arrayBuffer();
  const statements = watched.statements.slice(from);
  return {
    statuses: responses.map((res) => res.status),
    listings: statements.filter(readsClusters).length,
    keyChecks: statements.filter(checksKey).length,
  };
}
const one = (path: string, key?: string) => watch(async () => [await app.get(path, { key })]);
const times = (n: number, path: string, key?: string) =>
  watch(async () => {
    const answers: Response[] = [];
    for (let i = 0; i < n; i++) answers.push(await app.get(path, { key }));
    return answers;
  });

describe("nothing is listed for a request that may not read", () => {
  test("a key with only clusters:write: 403 every time (even with invalid parameters), no statement on clusters", async () => {
    const { secret } = await createKey(watched.owner, accountId, { scopes: ["clusters:write"] });
    const seen = await times(3, "/v1/clusters?limit=100", secret);
    expect(seen.statuses).toEqual([403, 403, 403]);
    expect(seen.keyChecks).toBe(3);
    expect(seen.listings).toBe(0);
    const invalid = await one("/v1/clusters?limit=1000", secret);
    expect(invalid.statuses).toEqual([403]);
    expect(invalid.listings).toBe(0);
  });

  test("a key revoked after a successful listing: 401, no statement on clusters", async () => {
    const { secret, id } = await createKey(watched.owner, accountId);
    const before = await one("/v1/clusters?limit=100", secret);
    expect(before.statuses).toEqual([200]);
    expect(before.listings).toBeGreaterThan(0);
    await watched.owner.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const after = await times(2, "/v1/clusters?limit=100", secret);
    expect(after.statuses).toEqual([401, 401]);
    expect(after.listings).toBe(0);
  });

  test("a key over its limit: a listing runs only for the requests answered 200, even in a burst", async () => {
    const { secret } = await createKey(watched.owner, accountId);
    let first = await app.get("/v1/clusters?limit=100", { key: secret });
    // Not at the end of a window: the burst below must fall in the same one as this first request.
    if (Number(first.headers.get("X-RateLimit-Reset")) < 10) {
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      first = await app.get("/v1/clusters?limit=100", { key: secret });
    }
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const perListing = (await one("/v1/clusters?limit=100", secret)).listings;
    expect(perListing).toBeGreaterThan(0);
    const burst = await watch(() =>
      Promise.all(Array.from({ length: 8 }, () => app.get("/v1/clusters?limit=100", { key: secret }))),
    );
    const served = burst.statuses.filter((status) => status === 200).length;
    expect(served).toBe(RATE_LIMIT - 2);
    expect(burst.statuses.filter((status) => status === 429)).toHaveLength(8 - served);
    expect(burst.listings).toBeLessThanOrEqual(served * perListing);
    const later = await times(2, "/v1/clusters?limit=100", secret);
    expect(later.statuses).toEqual([429, 429]);
    expect(later.listings).toBe(0);
  }, 30_000);

  test("no valid key: 401 even with invalid parameters, and nothing listed", async () => {
    const { secret } = await createKey(watched.owner, accountId);
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("aaaa") ? "bbbb" : "aaaa"}`;
    for (const key of [wrong, undefined]) {
      const seen = await one("/v1/clusters?limit=1000&sort_by=nope", key);
      expect(seen.statuses).toEqual([401]);
      expect(seen.listings).toBe(0);
    }
  });

  test("invalid parameters from a key that may read: 400 after one key check, nothing listed", async () => {
    const { secret } = await createKey(watched.owner, accountId);
    const seen = await one("/v1/clusters?limit=1000", secret);
    expect(seen.statuses).toEqual([400]);
    expect(seen.keyChecks).toBe(1);
    expect(seen.listings).toBe(0);
  });
});

describe("a listing is one statement", () => {
  /** The statements on clusters that one GET issued, and its answer (a key each: RATE_LIMIT is low). */
  async function listing(path: string) {
    const { secret } = await createKey(watched.owner, accountId);
    const from = watched.statements.length;
    const res = await app.get(path, { key: secret });
    expect(res.status).toBe(200);
    const body = (await res.json()) as unknown[];
    const statements = watched.statements.slice(from).filter(readsClusters).length;
    const next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    return { statements, rows: body.length, total: res.headers.get("x-total-count"), next };
  }

  test("page, count and revision in one statement: counted afresh, carried forward, past the end, after a write", async () => {
    const query = "/v1/clusters?gpu_type=A100";
    const cold = await listing(`${query}&limit=2&cursor=first`);
    expect(cold).toMatchObject({ statements: 1, rows: 2, total: "5" });
    expect(await listing(`${query}&limit=2&cursor=first`)).toMatchObject({ statements: 1, total: "5" });
    const next = new URL(cold.next ?? "");
    expect(await listing(`${next.pathname}${next.search}`)).toMatchObject({
      statements: 1,
      rows: 2,
      total: "5",
    });
    expect(await listing(`${query}&limit=3&sort_by=name&page=2`)).toMatchObject({
      statements: 1,
      total: "5",
    });
    expect(await listing(`${query}&page=100`)).toMatchObject({ statements: 1, rows: 0, total: "5" });
    await createCluster(watched.owner, accountId, { projectId });
    expect(await listing(`${query}&cursor=first`)).toMatchObject({ statements: 1, total: "6" });
  });
});
