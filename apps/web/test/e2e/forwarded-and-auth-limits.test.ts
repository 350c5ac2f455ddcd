// The portal's server over plain HTTP (no browser): X-Forwarded-Host/-Proto/-For count only behind a
// trusted proxy (FLEET_TRUST_PROXY=1) and a malformed value never makes a path fail; signing in is
// counted against the key's rate limit; failed authentications are limited per client address, on
// sign-in, REST and tRPC alike. Failures are sent from addresses of their own (behind the trusted
// proxy) or to a server on a database of its own, so the suite's other files never meet the limit.
import { connect } from "node:net";
import { createKey } from "@fleet/api/testing";
import { createPrismaClient, type Db } from "@fleet/db";
import { DEMO_ACCOUNT_ID } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { type RunningServer, startNextServer } from "./server";

const base = inject("baseUrl");
const apiKey = inject("apiKey");
const FAILURES = 3;
let db: Db;
let proxied: RunningServer;
let ownDatabase: TestDatabase;
let direct: RunningServer;

beforeAll(async () => {
  db = createPrismaClient(inject("databaseUrl"), { max: 1 });
  ownDatabase = await createTestDatabase();
  const limits = { AUTH_FAILURES_PER_MINUTE: String(FAILURES), RATE_LIMIT_PER_MINUTE: "2" };
  [proxied, direct] = await Promise.all([
    startNextServer({ DATABASE_URL: inject("databaseUrl"), FLEET_TRUST_PROXY: "1", ...limits }),
    startNextServer({ DATABASE_URL: ownDatabase.url, ...limits }),
  ]);
});
afterAll(async () => {
  await proxied?.stop();
  await direct?.stop();
  await ownDatabase?.drop();
  await db?.$disconnect();
});

// Windows are whole minutes on the database clock: each test starts with 10 s of its window left.
beforeEach(async () => {
  const [row] = await db.$queryRaw<{ left: number }[]>`
    SELECT (60 - mod(extract(epoch FROM now()), 60))::float8 AS left`;
  const left = row?.left ?? 60;
  if (left < 10) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}, 20_000);

const MALFORMED = ["a b", "[::1", "evil.com:99999"];
const freshKey = async () => createKey(db, DEMO_ACCOUNT_ID);
let addressCounter = 0;
/** An address of its own (TEST-NET-3): no other test shares its counter. */
const newAddress = () => `203.0.113.${++addressCounter}`;

const linkOf = async (url: string, key: string, headers: Record<string, string>) => {
  const res = await fetch(`${url}/v1/clusters?limit=1`, {
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
  expect(res.status).toBe(200);
  return res.headers.get("link") ?? "";
};

function signIn(url: string, key: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: url, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ api_key: key, next: "/clusters" }),
  });
}

/** One request over a raw socket, so any Host header can be sent. */
async function rawGet(url: string, target: string, host: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const [head = "", body = ""] = Buffer.concat(chunks).toString("utf8").split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), head: head.toLowerCase(), body };
}

describe("without a trusted proxy (the suite's portal)", () => {
  test("X-Forwarded-Host/-Proto do not change Link headers", async () => {
    const link = await linkOf(base, apiKey, {
      "X-Forwarded-Host": "evil.example",
      "X-Forwarded-Proto": "https",
    });
    expect(link).toContain(`<${base}/v1/clusters?limit=1&page=2>; rel="next"`);
    expect(link).not.toContain("evil.example");
  });

  test("X-Forwarded-Host cannot make a cross-site sign-in look same-site, nor -Proto ask for a Secure cookie", async () => {
    const crossSite = await signIn(base, apiKey, {
      origin: "https://evil.example",
      "X-Forwarded-Host": "evil.example",
    });
    expect(crossSite.status).toBe(403);
    const plain = await signIn(base, apiKey, { "X-Forwarded-Proto": "https" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("set-cookie")).toMatch(/^fleet_session=/);
    expect(plain.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });

  test("a malformed X-Forwarded-Host or -Proto fails no path", async () => {
    for (const value of MALFORMED) {
      for (const path of [
        "/healthz",
        "/readyz",
        "/v1/clusters",
        "/v1/openapi.json",
        "/sign-in",
        "/",
        "/docs",
      ]) {
        const res = await fetch(`${base}${path}`, {
          redirect: "manual",
          headers: { "X-Forwarded-Host": value, "X-Forwarded-Proto": value },
        });
        expect(res.status, `${value} ${path}`).toBeLessThan(500);
      }
      expect((await fetch(`${base}/healthz`, { headers: { "X-Forwarded-Host": value } })).status).toBe(200);
    }
  });

  test("a malformed Host: the API paths are a 400 problem naming Host; no path answers 5xx", async () => {
    for (const host of MALFORMED) {
      for (const path of ["/v1/clusters", "/api/trpc/clusters.list"]) {
        const res = await rawGet(base, path, host);
        expect(res.status, `${host} ${path}`).toBe(400);
        expect(res.head).toContain("content-type: application/problem+json");
        expect(JSON.parse(res.body).errors[0].param).toBe("Host");
      }
      for (const path of ["/healthz", "/readyz", "/sign-in", "/"]) {
        expect((await rawGet(base, path, host)).status, `${host} ${path}`).toBeLessThan(500);
      }
    }
  });

  test("failed authentications count for the socket's address, whatever X-Forwarded-For claims", async () => {
    const statuses = [];
    for (let i = 0; i < FAILURES; i++) {
      statuses.push((await signIn(direct.baseUrl, `${apiKey}x`, { "X-Forwarded-For": newAddress() })).status);
    }
    const rest = await fetch(`${direct.baseUrl}/v1/clusters`, {
      headers: { authorization: `Bearer ${apiKey}x`, "X-Forwarded-For": newAddress() },
    });
    expect(statuses).toEqual([303, 303, 303]);
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("behind a trusted proxy (FLEET_TRUST_PROXY=1)", () => {
  test("its X-Forwarded-Host/-Proto are the Link's host and scheme; malformed ones are ignored", async () => {
    const { secret } = await freshKey();
    const link = await linkOf(proxied.baseUrl, secret, {
      "X-Forwarded-Host": "portal.example",
      "X-Forwarded-Proto": "https",
    });
    expect(link).toContain('<https://portal.example/v1/clusters?limit=1&page=2>; rel="next"');
    for (const value of MALFORMED) {
      // This server allows 2 requests per key and minute.
      const ignored = await linkOf(proxied.baseUrl, (await freshKey()).secret, { "X-Forwarded-Host": value });
      expect(ignored, value).toContain(`<${proxied.baseUrl}/v1/clusters?limit=1&page=2>; rel="next"`);
      expect(
        (await fetch(`${proxied.baseUrl}/healthz`, { headers: { "X-Forwarded-Host": value } })).status,
      ).toBe(200);
    }
  });

  test("signing in counts against the key's limit: over it, 429 with Retry-After and no session row", async () => {
    const { secret, id } = await freshKey();
    const headers = { "X-Forwarded-For": newAddress(), "X-Forwarded-Proto": "https" };
    const first = await signIn(proxied.baseUrl, secret, headers);
    expect(first.status).toBe(303);
    expect(first.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    expect((await linkOf(proxied.baseUrl, secret, headers)).length).toBeGreaterThan(0);
    const over = await signIn(proxied.baseUrl, secret, headers);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(over.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await over.json()).toMatchObject({ status: 429, code: "RATE_LIMIT_EXCEEDED" });
    expect(over.headers.get("set-cookie")).toBeNull();
    expect(await db.session.count({ where: { apiKeyId: id } })).toBe(1);
  });

  test("failed sign-ins, REST and tRPC requests from one address share its limit; then the right key gets the same 429", async () => {
    const { secret, id } = await freshKey();
    const address = newAddress();
    const from = { "X-Forwarded-For": `198.18.0.1, ${address}` };
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const bearer = { authorization: `Bearer ${wrong}`, ...from };
    expect((await signIn(proxied.baseUrl, wrong, from)).headers.get("location")).toMatch(/error=invalid_key/);
    expect((await fetch(`${proxied.baseUrl}/v1/clusters`, { headers: bearer })).status).toBe(401);
    expect((await fetch(`${proxied.baseUrl}/api/trpc/clusters.list`, { headers: bearer })).status).toBe(401);

    const refused = [
      await signIn(proxied.baseUrl, wrong, from),
      await signIn(proxied.baseUrl, secret, from),
      await fetch(`${proxied.baseUrl}/v1/clusters`, { headers: bearer }),
      await fetch(`${proxied.baseUrl}/v1/clusters`, {
        headers: { authorization: `Bearer ${secret}`, ...from },
      }),
      await fetch(`${proxied.baseUrl}/api/trpc/clusters.list`, { headers: bearer }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(await db.session.count({ where: { apiKeyId: id } })).toBe(0);
    // Another address is not affected.
    const elsewhere = await signIn(proxied.baseUrl, secret, { "X-Forwarded-For": newAddress() });
    expect(elsewhere.status).toBe(303);
  });
});
