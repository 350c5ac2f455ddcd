// apps/api as a real subprocess, twice on one database: without and with FLEET_TRUST_PROXY=1.
// Forwarding headers are believed only behind the trusted proxy (and then only when well formed);
// a malformed Host is a 400 problem; failed authentications are limited per client address, which
// is the socket's peer, or behind the trusted proxy the right-most X-Forwarded-For entry.
import { createAccount, createCluster, createKey, rawRequest } from "@fleet/api/testing";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, startApiServer } from "./testing.ts";

const FAILURES = 3;
let tdb: TestDatabase;
let plain: RunningServer;
let proxied: RunningServer;
let secret: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const account = await createAccount(tdb.db);
  const projectId = account.projects[0] as string;
  for (let i = 0; i < 3; i++) await createCluster(tdb.db, account.id, { projectId });
  secret = (await createKey(tdb.db, account.id)).secret;
  const env = { DATABASE_URL: tdb.url, AUTH_FAILURES_PER_MINUTE: String(FAILURES) };
  [plain, proxied] = await Promise.all([
    startApiServer({ env }),
    startApiServer({ env: { ...env, FLEET_TRUST_PROXY: "1" } }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), proxied?.stop()]);
  await tdb?.drop();
});

const MALFORMED_HOSTS = ["a b", "[::1", "evil.com:99999"];

const linkOf = async (server: RunningServer, headers: Record<string, string>) => {
  const res = await fetch(`${server.baseUrl}/v1/clusters?limit=1`, {
    headers: { authorization: `Bearer ${secret}`, ...headers },
  });
  expect(res.status).toBe(200);
  return res.headers.get("link") ?? "";
};

describe("X-Forwarded-Host and -Proto", () => {
  it("are ignored without FLEET_TRUST_PROXY: Link keeps the address the client connected to", async () => {
    const link = await linkOf(plain, { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" });
    expect(link).toContain(`<${plain.baseUrl}/v1/clusters?limit=1&page=2>; rel="next"`);
    expect(link).not.toContain("evil.example");
  });

  it("behind the trusted proxy are the Link's host and scheme (its right-most values)", async () => {
    const link = await linkOf(proxied, {
      "X-Forwarded-Host": "client.example, api.example.com",
      "X-Forwarded-Proto": "http, https",
    });
    expect(link).toContain('<https://api.example.com/v1/clusters?limit=1&page=2>; rel="next"');
  });

  it("malformed, even behind the trusted proxy, are ignored: never a 5xx", async () => {
    for (const value of [...MALFORMED_HOSTS, "", "exa mple.com, ", "https://x"]) {
      const link = await linkOf(proxied, { "X-Forwarded-Host": value, "X-Forwarded-Proto": "gopher" });
      expect(link, value).toContain(`<${proxied.baseUrl}/v1/clusters?limit=1&page=2>; rel="next"`);
    }
    for (const path of ["/healthz", "/readyz", "/v1/openapi.json"]) {
      const res = await fetch(`${proxied.baseUrl}${path}`, { headers: { "X-Forwarded-Host": "[::1" } });
      expect(res.status, path).toBe(200);
    }
  });
});

describe("a malformed Host header", () => {
  it("is a 400 problem naming Host on every path, on both servers", async () => {
    for (const server of [plain, proxied]) {
      for (const host of MALFORMED_HOSTS) {
        for (const path of ["/healthz", "/readyz", "/v1/clusters", "/api/trpc/clusters.list"]) {
          // Over a raw socket: fetch() would not send such a Host.
          const res = await rawRequest(server.baseUrl, { target: path, headers: [["Host", host]] });
          expect(res.status, `${host} ${path}`).toBe(400);
          expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
          const body = JSON.parse(res.body);
          expect(body).toMatchObject({ status: 400, code: "VALIDATION_ERROR" });
          expect(body.errors[0].param).toBe("Host");
          // The origin is what could not be read: no page to point at on it.
          expect(body.documentation_url).toBeUndefined();
        }
      }
    }
  });
});

describe("failed authentications per client address", () => {
  // Windows are whole minutes on the database clock: each test starts with 10 s of its window left.
  beforeEach(async () => {
    const [row] = await tdb.db.$queryRaw<{ left: number }[]>`
      SELECT (60 - mod(extract(epoch FROM now()), 60))::float8 AS left`;
    const left = row?.left ?? 60;
    if (left < 10) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
  }, 20_000);

  const wrong = () => `${secret.slice(0, -4)}${secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
  const attempt = (server: RunningServer, forwardedFor: string) =>
    fetch(`${server.baseUrl}/v1/clusters`, {
      headers: { authorization: `Bearer ${wrong()}`, "X-Forwarded-For": forwardedFor },
    });

  it("without the trusted proxy: the socket's address, whatever X-Forwarded-For claims", async () => {
    const statuses = [];
    for (let i = 0; i <= FAILURES; i++) statuses.push((await attempt(plain, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await attempt(plain, "203.0.113.200");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ status: 429, code: "RATE_LIMIT_EXCEEDED" });
  });

  it("behind the trusted proxy: the right-most X-Forwarded-For entry", async () => {
    const statuses = [];
    for (let i = 0; i <= FAILURES; i++)
      statuses.push((await attempt(proxied, `10.0.0.${i}, 192.0.2.1`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt(proxied, "192.0.2.2")).status).toBe(401);
  });
});
