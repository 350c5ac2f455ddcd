// Authentication, scopes, project restriction, tenancy and portal sessions, over real HTTP.
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSession, deleteSession, resolveSession, SESSION_COOKIE } from "../src/index.ts";
import {
  createAccount,
  createCluster,
  createKey,
  rawRequest,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

let app: TestApp;
let a: Awaited<ReturnType<typeof createAccount>>;
let b: Awaited<ReturnType<typeof createAccount>>;
let keyA: string;
let keyB: string;
const clustersOf: Record<string, string[]> = {};

beforeAll(async () => {
  // Failed authentications are limited per address (auth-failures.test.ts): not what this file tests.
  app = await startApp({ authFailuresPerMinute: 1_000_000 });
  const db = app.db;
  a = await createAccount(db, { projects: 3 });
  b = await createAccount(db, { projects: 2 });
  keyA = (await createKey(db, a.id)).secret;
  keyB = (await createKey(db, b.id)).secret;
  for (const [acc, n] of [
    [a, 9],
    [b, 4],
  ] as const) {
    clustersOf[acc.id] = [];
    for (let i = 0; i < n; i++) {
      const id = await createCluster(db, acc.id, {
        projectId: acc.projects[i % acc.projects.length] as string,
        templateId: acc.templates[0] as string,
        name: `shared-name-${i}`,
      });
      clustersOf[acc.id]?.push(id);
    }
  }
}, 60_000);
afterAll(() => app?.close());

async function listIds(key: string | undefined, query = "", headers: Record<string, string> = {}) {
  const res = await app.get(`/v1/clusters?limit=100&${query}`, { key, headers });
  const body = await res.json();
  return { res, body, ids: res.status === 200 ? (body as Cluster[]).map((c) => c.id).sort() : [] };
}

describe("401: one answer for every bad credential", () => {
  type Header = [string, string | Buffer];
  /** Over a raw socket: header bytes fetch() would refuse or normalise reach the server as sent. */
  const get = (target: string, headers: Header[] = []) => rawRequest(app.url, { target, headers });
  const bearer = (secret: string): Header => ["Authorization", `Bearer ${secret}`];

  test("missing, malformed, unknown, wrong, expired, revoked keys and dead sessions: the same bytes but the request id", async () => {
    const db = app.db;
    const expired = (await createKey(db, a.id, { expiresAt: new Date(Date.now() - 1000) })).secret;
    const revoked = (await createKey(db, a.id, { revokedAt: new Date() })).secret;
    const session = await createSession(db, (await createKey(db, a.id)).secret);
    const revokedLater = await createKey(db, a.id);
    const revokedKeySession = await createSession(db, revokedLater.secret);
    await db.apiKey.update({ where: { id: revokedLater.id }, data: { revokedAt: new Date() } });
    const expiring = await createKey(db, a.id);
    const expiredSession = await createSession(db, expiring.secret);
    await db.session.updateMany({
      where: { apiKeyId: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    if (!session || !revokedKeySession || !expiredSession) throw new Error("no session");
    const unknown = "fleet_zzzzzzzz_0123456789012345678901234567890123456789";
    const variants: Record<string, Header[]> = {
      missing: [],
      empty: [["Authorization", ""]],
      schemeOnly: [["Authorization", "Bearer"]],
      emptyBearer: [["Authorization", "Bearer    "]],
      malformed: [bearer("not-a-key")],
      basic: [["Authorization", `Basic ${Buffer.from(`${keyA}:`).toString("base64")}`]],
      token: [["Authorization", `Token ${keyA}`]],
      noScheme: [["Authorization", keyA]],
      tabSeparated: [["Authorization", `Bearer\t${keyA}`]],
      sameKeyTwice: [["Authorization", `Bearer ${keyA} ${keyA}`]],
      twoKeys: [["Authorization", `Bearer ${keyA} ${keyB}`]],
      commaKeys: [["Authorization", `Bearer ${keyA},${keyB}`]],
      quoted: [["Authorization", `Bearer "${keyA}"`]],
      truncated: [bearer(keyA.slice(0, -1))],
      extended: [bearer(`${keyA}x`)],
      wrongSecret: [bearer(`${keyA.slice(0, -6)}AAAAAA`)],
      wrongCase: [bearer(keyA.toUpperCase())],
      unknown: [bearer(unknown)],
      unknownLowercaseScheme: [["Authorization", `bearer ${unknown}`]],
      prefixOnly: [bearer(keyA.split("_").slice(0, 2).join("_"))],
      sqlInjection: [bearer("fleet_' OR '1'='1")],
      latin1: [["Authorization", Buffer.from(`Bearer ${keyA}\xe9`, "latin1")]],
      huge: [bearer("A".repeat(8_000))],
      expired: [bearer(expired)],
      revoked: [bearer(revoked)],
      junkCookie: [["Cookie", `${SESSION_COOKIE}=not-a-token`]],
      expiredSession: [["Cookie", `${SESSION_COOKIE}=${expiredSession.token}`]],
      revokedKeySession: [["Cookie", `${SESSION_COOKIE}=${revokedKeySession.token}`]],
      // A present but bad Bearer is never downgraded to a (valid) cookie.
      badBearerGoodCookie: [bearer(revoked), ["Cookie", `${SESSION_COOKIE}=${session.token}`]],
    };
    const bodies = new Map<string, string[]>();
    for (const [name, headers] of Object.entries(variants)) {
      const res = await get("/v1/clusters", headers);
      expect(res.status, name).toBe(401);
      expect(res.headers["www-authenticate"], name).toBe('Bearer realm="fleet"');
      expect(res.headers["content-type"], name).toMatch(/^application\/problem\+json/);
      expect(res.headers.ratelimit, name).toBeUndefined();
      const requestId = JSON.parse(res.body).request_id;
      expect(requestId, name).toBe(res.headers["x-request-id"]);
      const body = res.body.replace(`"request_id":"${requestId}"`, '"request_id":""');
      bodies.set(body, [...(bodies.get(body) ?? []), name]);
    }
    expect([...bodies.values()]).toHaveLength(1);
    expect(JSON.parse([...bodies.keys()][0] as string)).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
      type: expect.any(String),
    });
    // The same on the tRPC transport: its own envelope, but one envelope for all.
    const trpc = new Set<string>();
    for (const headers of [[], [bearer(expired)], [bearer(revoked)], [bearer("junk")]] as Header[][]) {
      const res = await get("/api/trpc/clusters.list", headers);
      expect(res.status).toBe(401);
      trpc.add(res.body.replace(/"request_id":"[^"]*"/g, "").replace(/"stack":"[^"]*"/g, ""));
    }
    expect(trpc.size).toBe(1);
  });

  test("a NUL byte in Authorization is refused by the HTTP parser before the app sees it", async () => {
    const res = await get("/v1/clusters", [["Authorization", Buffer.from(`Bearer ${keyA}\x00`, "latin1")]]);
    expect(res.status).toBe(400);
    expect(res.headers["x-request-id"]).toBeUndefined();
  });

  test("a key that expires later works; the Bearer scheme is case-insensitive, with one or more spaces", async () => {
    const soon = (await createKey(app.db, a.id, { expiresAt: new Date(Date.now() + 60_000) })).secret;
    expect((await listIds(soon)).res.status).toBe(200);
    for (const authorization of [`bearer ${keyA}`, `BEARER   ${keyA}`]) {
      const res = await app.get("/v1/clusters", { headers: { authorization } });
      expect(res.status, authorization).toBe(200);
    }
  });

  test("revoking a key takes effect on the next request", async () => {
    const { secret, id } = await createKey(app.db, a.id);
    expect((await listIds(secret)).res.status).toBe(200);
    await app.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect((await listIds(secret)).res.status).toBe(401);
  });
});

describe("last use of a key", () => {
  const lastUsedAt = async (id: string) =>
    (await app.db.apiKey.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt;
  /** The stamp is written beside the request: wait for it (bounded). */
  async function stampOf(id: string): Promise<Date> {
    for (let i = 0; i < 100; i++) {
      const at = await lastUsedAt(id);
      if (at) return at;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`key ${id} was never stamped`);
  }

  test("a request with a usable key stamps it, at most once a minute", async () => {
    const { secret, id } = await createKey(app.db, a.id);
    expect(await lastUsedAt(id)).toBeNull();
    const before = Date.now();
    expect((await listIds(secret)).res.status).toBe(200);
    const first = await stampOf(id);
    // Written on the database clock: allow a few seconds between the two clocks.
    expect(Math.abs(first.getTime() - before)).toBeLessThan(5_000);
    for (let i = 0; i < 3; i++) expect((await listIds(secret)).res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lastUsedAt(id)).toEqual(first);
  });

  test("a wrong secret with the key's prefix, or a revoked key, stamps nothing", async () => {
    const { secret, id } = await createKey(app.db, a.id);
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("aaaa") ? "bbbb" : "aaaa"}`;
    expect((await listIds(wrong)).res.status).toBe(401);
    const revoked = await createKey(app.db, a.id, { revokedAt: new Date() });
    expect((await listIds(revoked.secret)).res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await lastUsedAt(id)).toBeNull();
    expect(await lastUsedAt(revoked.id)).toBeNull();
  });
});

describe("403: scope", () => {
  test("a key without clusters:read is forbidden, with rate-limit headers", async () => {
    const noScope = (await createKey(app.db, a.id, { scopes: [] })).secret;
    const other = (await createKey(app.db, a.id, { scopes: ["clusters:write"] })).secret;
    for (const key of [noScope, other]) {
      const { res, body } = await listIds(key);
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 403, code: "FORBIDDEN" });
      expect(body.request_id).toBe(res.headers.get("x-request-id"));
      expect(JSON.stringify(body)).not.toContain("shared-name");
      expect(res.headers.get("x-ratelimit-limit")).toBeTruthy();
    }
  });
});

describe("tenancy", () => {
  test("each account sees exactly its own clusters", async () => {
    expect((await listIds(keyA)).ids).toEqual([...(clustersOf[a.id] ?? [])].sort());
    expect((await listIds(keyB)).ids).toEqual([...(clustersOf[b.id] ?? [])].sort());
  });

  test("no parameter reaches another account's clusters", async () => {
    const probes = [
      `project_id=${b.projects[0]}`,
      `template_id=${b.templates[0]}`,
      `search=shared-name`,
      `account_id=${b.id}`,
      `project_id=${b.projects[0]}&search=shared`,
    ];
    for (const query of probes) {
      const { res, ids } = await listIds(keyA, query);
      if (res.status === 200) for (const id of ids) expect(clustersOf[a.id]).toContain(id);
      else expect(res.status).toBe(400);
    }
    const { res } = await listIds(keyA, `project_id=${b.projects[0]}`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-total-count"))).toBe(0);
  });
});

describe("project-restricted keys", () => {
  test("results are intersected with the key's projects", async () => {
    const allowed = [a.projects[0] as string, a.projects[2] as string];
    const key = (await createKey(app.db, a.id, { projectIds: allowed })).secret;
    const { ids, res } = await listIds(key);
    const rows = await app.db.cluster.findMany({
      where: { accountId: a.id, projectId: { in: allowed } },
    });
    expect(ids).toEqual(rows.map((r) => r.id).sort());
    expect(Number(res.headers.get("x-total-count"))).toBe(rows.length);
    expect(ids.length).toBeLessThan(clustersOf[a.id]?.length ?? 0);
  });

  test("a project_id outside the key's projects yields an empty list", async () => {
    const key = (await createKey(app.db, a.id, { projectIds: [a.projects[0] as string] })).secret;
    for (const project of [a.projects[1], b.projects[0]]) {
      const { res, ids } = await listIds(key, `project_id=${project}`);
      expect(res.status).toBe(200);
      expect(ids).toEqual([]);
      expect(res.headers.get("x-total-count")).toBe("0");
    }
    const inside = await listIds(key, `project_id=${a.projects[0]}`);
    expect(inside.ids.length).toBeGreaterThan(0);
  });

  test("a key restricted to another account's project sees nothing", async () => {
    const key = (await createKey(app.db, a.id, { projectIds: [b.projects[0] as string] })).secret;
    const { res, ids } = await listIds(key);
    expect(res.status).toBe(200);
    expect(ids).toEqual([]);
  });
});

describe("portal sessions", () => {
  test("a session cookie resolves to the same principal as its key", async () => {
    const restricted = await createKey(app.db, a.id, { projectIds: [a.projects[1] as string] });
    const session = await createSession(app.db, restricted.secret);
    if (!session) throw new Error("no session");
    expect(session.token).not.toContain(restricted.secret);
    const viaKey = await listIds(restricted.secret);
    const viaCookie = await listIds(undefined, "", { cookie: `other=1; ${SESSION_COOKIE}=${session.token}` });
    expect(viaCookie.res.status).toBe(200);
    expect(viaCookie.ids).toEqual(viaKey.ids);
    const stored = await app.db.session.findMany({ where: { apiKeyId: restricted.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toBe(session.token);
  });

  test("invalid keys open no session; deleted, expired and revoked-key sessions resolve to nothing", async () => {
    expect(await createSession(app.db, "fleet_nope")).toBeNull();
    const key = await createKey(app.db, a.id);
    const s1 = await createSession(app.db, key.secret);
    const s2 = await createSession(app.db, key.secret);
    if (!s1 || !s2) throw new Error("no session");
    expect(await resolveSession(app.db, s1.token)).toMatchObject({ accountId: a.id, apiKeyId: key.id });
    await deleteSession(app.db, s1.token);
    expect(await resolveSession(app.db, s1.token)).toBeNull();
    expect((await listIds(undefined, "", { cookie: `${SESSION_COOKIE}=${s1.token}` })).res.status).toBe(401);
    await app.db.session.updateMany({
      where: { apiKeyId: key.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await resolveSession(app.db, s2.token)).toBeNull();
    const s3 = await createSession(app.db, key.secret);
    if (!s3) throw new Error("no session");
    await app.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    expect(await resolveSession(app.db, s3.token)).toBeNull();
  });

  test("a session never outlives its key", async () => {
    const expiresAt = new Date(Date.now() + 5 * 60_000);
    const key = await createKey(app.db, a.id, { expiresAt });
    const session = await createSession(app.db, key.secret);
    expect(session?.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  test("a bad Bearer key is not rescued by a valid cookie", async () => {
    const key = await createKey(app.db, a.id);
    const session = await createSession(app.db, key.secret);
    const res = await app.get("/v1/clusters", {
      headers: { authorization: "Bearer nope", cookie: `${SESSION_COOKIE}=${session?.token}` },
    });
    expect(res.status).toBe(401);
  });
});
