// Failed authentications are limited per client address (AUTH_FAILURES_PER_MINUTE, 4 here), over
// real HTTP on REST and tRPC: 401 up to the limit, then the same 429 with Retry-After for every
// Bearer request from that address, shared by every instance, and counted only when a request fails.
// The address comes from X-Forwarded-For only behind a trusted proxy (trustProxy here), else from
// the socket.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSession } from "../src/index.ts";
import { createAccount, createKey, startApp, type TestApp } from "../src/testing/index.ts";
import { type WatchedDatabase, watchedDatabase } from "./helpers/statement-log.ts";

const FAILURES = 4;
let watched: WatchedDatabase & { owner: WatchedDatabase["db"] };
let proxied: TestApp;
let peer: TestApp;
let direct: TestApp;
let accountId: string;

beforeAll(async () => {
  watched = await watchedDatabase();
  const options = { db: watched.db, authFailuresPerMinute: FAILURES, rateLimitPerMinute: 1_000 };
  proxied = await startApp({ ...options, trustProxy: true });
  peer = await startApp({ ...options, trustProxy: true });
  direct = await startApp({ ...options, trustProxy: false });
  accountId = (await createAccount(watched.owner)).id;
}, 60_000);
afterAll(async () => {
  for (const app of [proxied, peer, direct]) await app?.close();
  await watched?.close();
});

// Windows are whole minutes on the database clock: each test starts with 10 s of its window left.
beforeEach(async () => {
  const [row] = await watched.owner.$queryRaw<{ left: number }[]>`
    SELECT (60 - mod(extract(epoch FROM now()), 60))::float8 AS left`;
  const left = row?.left ?? 60;
  if (left < 10) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}, 20_000);

let addressCounter = 0;
/** An address of its own for each test (TEST-NET-2), so tests never share a counter. */
const newAddress = () => `198.51.100.${++addressCounter}`;
const from = (address: string) => ({ "X-Forwarded-For": `10.9.8.7, ${address}` });
const UNKNOWN = "fleet_zzzzzzzz_0123456789012345678901234567890123456789";
const wrongSecretOf = (secret: string) =>
  `${secret.slice(0, -4)}${secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;

async function answer(res: Response) {
  const body = (await res.json()) as Record<string, unknown>;
  const { request_id: _, ...rest } = body;
  return { status: res.status, body: JSON.stringify(rest), retryAfter: res.headers.get("retry-after"), res };
}

describe("failed authentications per client address", () => {
  test("wrong and unknown keys: 401 up to the limit, then 429 RATE_LIMIT_EXCEEDED with Retry-After, on REST and tRPC", async () => {
    const address = newAddress();
    const { secret } = await createKey(watched.owner, accountId);
    const keys = [wrongSecretOf(secret), UNKNOWN, "not-a-key", wrongSecretOf(secret)];
    const first = [];
    for (const key of keys)
      first.push(await answer(await proxied.get("/v1/clusters", { key, headers: from(address) })));
    expect(first.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(new Set(first.map((a) => a.body)).size).toBe(1);

    const refused = await answer(await proxied.get("/v1/clusters", { key: UNKNOWN, headers: from(address) }));
    expect(refused.status).toBe(429);
    expect(refused.res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 429, code: "RATE_LIMIT_EXCEEDED" });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    // It belongs to no key: no key's numbers are shown, and it asks for no credential.
    expect(refused.res.headers.get("ratelimit")).toBeNull();
    expect(refused.res.headers.get("www-authenticate")).toBeNull();

    const trpc = await proxied.get("/api/trpc/clusters.list", { key: UNKNOWN, headers: from(address) });
    expect(trpc.status).toBe(429);
    expect(Number(trpc.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await trpc.json()).toMatchObject({
      error: { data: { code: "RATE_LIMIT_EXCEEDED", httpStatus: 429 } },
    });
  });

  test("once refused, the right key gets the same 429 as a wrong or unknown one and spends nothing; no credential is still 401", async () => {
    const address = newAddress();
    const { secret, id } = await createKey(watched.owner, accountId);
    for (let i = 0; i < FAILURES; i++) {
      expect((await proxied.get("/v1/clusters", { key: UNKNOWN, headers: from(address) })).status).toBe(401);
    }
    const answers = [];
    for (const key of [secret, wrongSecretOf(secret), UNKNOWN]) {
      answers.push(await answer(await proxied.get("/v1/clusters", { key, headers: from(address) })));
    }
    expect(answers.map((a) => a.status)).toEqual([429, 429, 429]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.map((a) => a.res.headers.get("ratelimit"))).toEqual([null, null, null]);
    const counted = await watched.owner.rateLimitWindow.findMany({ where: { key: `key:${id}` } });
    expect(counted).toEqual([]);

    expect((await proxied.get("/v1/clusters", { headers: from(address) })).status).toBe(401);
    // Another address is not affected, and the same key works from it.
    expect((await proxied.get("/v1/clusters", { key: secret, headers: from(newAddress()) })).status).toBe(
      200,
    );
  });

  test("bad Authorization headers and dead session cookies count as failures; a live session keeps working", async () => {
    const address = newAddress();
    const { secret } = await createKey(watched.owner, accountId);
    const session = await createSession(watched.owner, secret);
    const attempts: Record<string, string>[] = [
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
      { cookie: "fleet_session=not-a-token" },
      { cookie: `fleet_session=${"x".repeat(43)}` },
    ];
    for (const headers of attempts) {
      expect((await proxied.get("/v1/clusters", { headers: { ...headers, ...from(address) } })).status).toBe(
        401,
      );
    }
    const refused = await proxied.get("/v1/clusters", {
      headers: { cookie: "fleet_session=nope", ...from(address) },
    });
    expect(refused.status).toBe(429);
    const live = await proxied.get("/v1/clusters", {
      headers: { cookie: `fleet_session=${session?.token}`, ...from(address) },
    });
    expect(live.status).toBe(200);
  });

  test("every instance shares the count", async () => {
    const address = newAddress();
    const statuses = [];
    for (const app of [proxied, peer, proxied, peer, peer]) {
      statuses.push((await app.get("/v1/clusters", { key: UNKNOWN, headers: from(address) })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  test("a good key costs one statement before its listing, a failure one more", async () => {
    const { secret } = await createKey(watched.owner, accountId);
    // Statements of authentication: not the listing, the background sweep or the last-use stamp.
    const background = /DELETE FROM rate_limit_windows|UPDATE api_keys SET last_used_at/;
    const authStatements = async (key: string) => {
      const before = watched.statements.length;
      const res = await proxied.get("/v1/clusters", { key, headers: from(newAddress()) });
      await res.arrayBuffer();
      return watched.statements
        .slice(before)
        .filter((sql) => /rate_limit_windows|api_keys/.test(sql) && !background.test(sql)).length;
    };
    expect(await authStatements(secret)).toBe(1);
    expect(await authStatements(wrongSecretOf(secret))).toBe(2);
  });

  test("without a trusted proxy X-Forwarded-For is ignored: every claimed address is the socket's", async () => {
    const statuses = [];
    for (let i = 0; i <= FAILURES; i++) {
      const res = await direct.get("/v1/clusters", { key: UNKNOWN, headers: from(newAddress()) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // Behind a trusted proxy the same requests are told apart.
    expect((await proxied.get("/v1/clusters", { key: UNKNOWN, headers: from(newAddress()) })).status).toBe(
      401,
    );
  });
});

describe("signing in (createSession)", () => {
  test("counts against the key's limit: over it, 429 and no session row", async () => {
    const { secret, id } = await createKey(watched.owner, accountId);
    const limits = { rateLimitPerMinute: 2, clientAddress: newAddress(), authFailuresPerMinute: FAILURES };
    expect(await createSession(watched.owner, secret, limits)).not.toBeNull();
    expect(await createSession(watched.owner, secret, limits)).not.toBeNull();
    await expect(createSession(watched.owner, secret, limits)).rejects.toMatchObject({
      fleetCode: "RATE_LIMIT_EXCEEDED",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await watched.owner.session.count({ where: { apiKeyId: id } })).toBe(2);
  });

  test("a failed sign-in is a failed authentication of its address", async () => {
    const { secret } = await createKey(watched.owner, accountId);
    const limits = { clientAddress: newAddress(), authFailuresPerMinute: FAILURES };
    for (let i = 0; i < FAILURES; i++) expect(await createSession(watched.owner, UNKNOWN, limits)).toBeNull();
    await expect(createSession(watched.owner, UNKNOWN, limits)).rejects.toMatchObject({
      fleetCode: "RATE_LIMIT_EXCEEDED",
    });
    // The right key from that address is refused alike, and opens nothing.
    await expect(createSession(watched.owner, secret, limits)).rejects.toMatchObject({
      fleetCode: "RATE_LIMIT_EXCEEDED",
    });
  });
});
