// Authentication and tenancy over raw HTTP: every bad credential gets the same 401 bytes (modulo
// request_id), and no parameter, header or transport lets a key see another tenant's clusters.

import { createSession } from "@fleet/api";
import { createKey, type RawResponse, rawRequest, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectProblem } from "../src/check-response.ts";
import type { HostileFleet } from "../src/fleet-data.ts";
import { startHostileApp } from "../src/hostile-app.ts";
import { recordFigures } from "../src/results.ts";

let app: TestApp;
let fleet: HostileFleet;

beforeAll(async () => {
  ({ app, fleet } = await startHostileApp(40));
});
afterAll(async () => {
  await app?.close();
});

type Header = [string, string | Buffer];
const get = (target: string, headers: Header[] = []) => rawRequest(app.url, { target, headers });
const bearer = (secret: string): Header => ["Authorization", `Bearer ${secret}`];

/** The body with its request_id blanked: what must be byte-identical across all 401s. */
function withoutRequestId(res: RawResponse): string {
  const body = expectProblem(res, 401);
  expect(res.body).toContain(`"request_id":"${body.request_id}"`);
  return res.body.replace(`"request_id":"${body.request_id}"`, '"request_id":""');
}

describe("401: one answer for every bad credential", () => {
  test("missing, malformed, unknown, wrong, expired, revoked keys and dead sessions: identical bytes", async () => {
    const { db } = app;
    const accountA = fleet.a.account.id;
    const expired = (await createKey(db, accountA, { expiresAt: new Date(Date.now() - 1_000) })).secret;
    const revoked = (await createKey(db, accountA, { revokedAt: new Date() })).secret;
    const session = await createSession(db, (await createKey(db, accountA)).secret);
    const revokedLater = await createKey(db, accountA);
    const revokedSession = await createSession(db, revokedLater.secret);
    await db.apiKey.update({ where: { id: revokedLater.id }, data: { revokedAt: new Date() } });
    const expiredSession = await createSession(db, (await createKey(db, accountA)).secret);
    await db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1_000) }, where: {} });
    expect(session && revokedSession && expiredSession).toBeTruthy();

    const keyA = fleet.keyA;
    const variants: Record<string, Header[]> = {
      missing: [],
      empty: [["Authorization", ""]],
      schemeOnly: [["Authorization", "Bearer"]],
      emptyBearer: [["Authorization", "Bearer    "]],
      basic: [["Authorization", `Basic ${Buffer.from(`${keyA}:`).toString("base64")}`]],
      token: [["Authorization", `Token ${keyA}`]],
      noScheme: [["Authorization", keyA]],
      tabSeparated: [["Authorization", `Bearer\t${keyA}`]],
      twoKeys: [["Authorization", `Bearer ${keyA} ${fleet.keyB}`]],
      commaKeys: [["Authorization", `Bearer ${keyA},${fleet.keyB}`]],
      quoted: [["Authorization", `Bearer "${keyA}"`]],
      truncated: [bearer(keyA.slice(0, -1))],
      extended: [bearer(`${keyA}x`)],
      wrongSecret: [bearer(`${keyA.slice(0, -6)}AAAAAA`)],
      wrongCase: [bearer(keyA.toUpperCase())],
      unknownPrefix: [bearer("fleet_zzzzzzzz_0123456789012345678901234567890123456789")],
      prefixOnly: [bearer(keyA.split("_").slice(0, 2).join("_"))],
      sqlInjection: [bearer("fleet_' OR '1'='1")],
      nul: [["Authorization", Buffer.from(`Bearer ${keyA}\x00`, "latin1")]],
      latin1: [["Authorization", Buffer.from(`Bearer ${keyA}\xe9`, "latin1")]],
      huge: [bearer("A".repeat(8_000))],
      expired: [bearer(expired)],
      revoked: [bearer(revoked)],
      junkCookie: [["Cookie", "fleet_session=not-a-token"]],
      expiredSession: [["Cookie", `fleet_session=${expiredSession?.token}`]],
      revokedKeySession: [["Cookie", `fleet_session=${revokedSession?.token}`]],
      // A present but bad Bearer is never downgraded to a (valid) cookie.
      badBearerGoodCookie: [bearer(revoked), ["Cookie", `fleet_session=${session?.token}`]],
    };
    const bodies = new Map<string, string[]>();
    for (const [name, headers] of Object.entries(variants)) {
      const res = await get("/v1/clusters", headers);
      if (res.headers["content-type"] === undefined) {
        expect(res.status, name).toBe(400); // NUL: refused by the HTTP parser, never reaches the app
        continue;
      }
      expect(res.status, name).toBe(401);
      expect(res.headers["www-authenticate"], name).toBe('Bearer realm="fleet"');
      expect(res.headers.ratelimit, name).toBeUndefined();
      const body = withoutRequestId(res);
      bodies.set(body, [...(bodies.get(body) ?? []), name]);
    }
    expect([...bodies.values()]).toHaveLength(1);
    // The same holds on the tRPC transport (its own envelope, but one envelope for all).
    const trpc = new Set<string>();
    for (const headers of [[], [bearer(expired)], [bearer(revoked)], [bearer("junk")]] as Header[][]) {
      const res = await get("/api/trpc/clusters.list", headers);
      expect(res.status).toBe(401);
      trpc.add(res.body.replace(/"request_id":"[^"]*"/g, "").replace(/"stack":"[^"]*"/g, ""));
    }
    expect(trpc.size).toBe(1);
    recordFigures("auth", { identical_401_variants: Object.keys(variants).length });
  });

  test("valid credentials still work: the Bearer key, any scheme case, and a live session", async () => {
    expect((await get("/v1/clusters", [bearer(fleet.keyA)])).status).toBe(200);
    expect((await get("/v1/clusters", [["Authorization", `bearer   ${fleet.keyA}`]])).status).toBe(200);
    const session = await createSession(app.db, fleet.keyA);
    expect(
      (await get("/v1/clusters", [["Cookie", `a=b; fleet_session=${session?.token}; c=d`]])).status,
    ).toBe(200);
  });

  test("a key without the clusters:read scope gets 403, not data", async () => {
    const key = await createKey(app.db, fleet.a.account.id, { scopes: [] });
    const res = await get("/v1/clusters", [bearer(key.secret)]);
    expect(expectProblem(res, 403).code).toBe("FORBIDDEN");
  });
});

describe("tenancy: nothing reaches the other tenant's clusters", () => {
  const tenantBIds = () => fleet.b.rows.map((r) => r.id);

  test("every parameter and header a caller might try, on REST and tRPC, with full and restricted keys", async () => {
    const { a, b } = fleet;
    const bProject = b.account.projects[0] as string;
    const bTemplate = b.account.templates[0] as string;
    const bCluster = b.rows[0]?.id as string;
    const queries = [
      "",
      "limit=100",
      `project_id=${bProject}`,
      `template_id=${bTemplate}`,
      `search=${bCluster}`,
      `search=${encodeURIComponent(b.rows[1]?.name ?? "")}`,
      `account_id=${b.account.id}`,
      `accountId=${b.account.id}`,
      `__proto__[accountId]=${b.account.id}`,
      `constructor[prototype][accountId]=${b.account.id}`,
      `project_id[]=${bProject}`,
      `project_id=${a.account.projects[0]},${bProject}`,
      `project_id=${encodeURIComponent(`${a.account.projects[0]}' OR account_id='${b.account.id}`)}`,
      `search=${encodeURIComponent("%' OR 1=1 --")}`,
      "limit=100&page=1&page=2",
    ];
    const headers: Header[][] = [
      [],
      [["X-Account-Id", b.account.id]],
      [["X-Tenant-Id", b.account.id]],
      [["X-Project-Id", bProject]],
      [
        ["X-Forwarded-For", "127.0.0.1"],
        ["X-Real-IP", "127.0.0.1"],
      ],
      [["X-Forwarded-Host", "internal.example"]],
      [["X-Original-URL", `/v1/clusters?project_id=${bProject}`]],
      [["X-Rewrite-URL", `/v1/clusters?project_id=${bProject}`]],
      [["X-HTTP-Method-Override", "DELETE"]],
      [["Authorization", `Bearer ${fleet.keyB}`]], // a second Authorization line: node keeps the first
      [["Cookie", `fleet_session=${(await createSession(app.db, fleet.keyB))?.token}`]], // Bearer wins
      [["Forwarded", `for=127.0.0.1;host=${b.account.id}`]],
    ];
    const keys = [
      { secret: fleet.keyA, visible: new Set(a.rows.map((r) => r.id)) },
      {
        secret: fleet.keyA0,
        visible: new Set(a.rows.filter((r) => r.projectId === a.account.projects[0]).map((r) => r.id)),
      },
    ];
    let requests = 0;
    for (const key of keys) {
      for (const query of queries) {
        for (const extra of headers) {
          for (const target of [`/v1/clusters?${query}`, trpcTarget(query)]) {
            const res = await get(target, [bearer(key.secret), ...extra]);
            requests++;
            const context = `${target} ${JSON.stringify(extra)} → ${res.status}`;
            expect(res.status, context).toBeLessThan(500);
            for (const id of tenantBIds()) expect(res.body, context).not.toContain(id);
            if (res.status === 200)
              for (const id of idsIn(res.body)) expect(key.visible.has(id), context).toBe(true);
          }
        }
      }
    }
    // tRPC side doors: pickers and stats only ever speak of the caller's own account.
    for (const path of ["projects.list", "templates.list", "clusters.stats"]) {
      const res = await get(`/api/trpc/${path}`, [bearer(fleet.keyA0)]);
      expect(res.status, path).toBe(200);
      for (const id of [...b.account.projects, ...b.account.templates])
        expect(res.body, path).not.toContain(id);
      if (path === "projects.list") expect(res.body).not.toContain(a.account.projects[1] as string);
    }
    recordFigures("tenancy", { cross_tenant_attempts: requests });
  });

  test("a project-restricted key asking for its account's other project gets an empty list, not an error", async () => {
    const other = fleet.a.account.projects[1] as string;
    const res = await get(`/v1/clusters?project_id=${other}`, [bearer(fleet.keyA0)]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([]);
    expect(res.headers["x-total-count"]).toBe("0");
  });
});

function trpcTarget(query: string): string {
  const input: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(query)) input[key] = key === "limit" ? Number(value) : value;
  return `/api/trpc/clusters.list?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** Cluster ids in a REST array or a tRPC envelope. */
function idsIn(body: string): string[] {
  return [...body.matchAll(/"id":"(cl_[^"]+)"/g)].map((m) => m[1] as string);
}
