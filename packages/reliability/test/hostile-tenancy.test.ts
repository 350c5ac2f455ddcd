// Tenancy against hostile requests over raw HTTP: no parameter, header or transport lets a key see
// another tenant's clusters, whatever a caller tries on REST and tRPC with full and restricted keys.

import { createSession } from "@fleet/api";
import { rawRequest, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
