// Property-based hostile requests to the tRPC endpoint (/api/trpc/*): any method, procedure path,
// batch shape, content type and input (broken or deeply nested JSON, prototype keys, other tenants'
// ids) gets a JSON answer with a 2xx or 4xx status, never a 5xx, and never another tenant's rows.
import { rawRequest, type TestApp } from "@fleet/api/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { HostileFleet } from "../src/fleet-data.ts";
import { startHostileApp } from "../src/hostile-app.ts";
import { recordFigures } from "../src/results.ts";
import { FC_SEED, runs } from "../src/runs.ts";

let app: TestApp;
let fleet: HostileFleet;

beforeAll(async () => {
  ({ app, fleet } = await startHostileApp(10));
});
afterAll(async () => {
  await app?.close();
});

const PROCEDURES = ["clusters.list", "clusters.stats", "projects.list", "templates.list"];
const path = fc.oneof(
  fc.constantFrom(...PROCEDURES),
  fc.constantFrom(
    "",
    "clusters",
    "__proto__",
    "constructor",
    "clusters.__proto__",
    "clusters.list.x",
    "..",
    "%2e%2e",
  ),
  fc.array(fc.constantFrom(...PROCEDURES), { minLength: 2, maxLength: 6 }).map((p) => p.join(",")),
);
const input = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "{",
    "{}",
    "null",
    '{"limit":1000}',
    '{"page":-0}',
    '{"__proto__":{"limit":1000}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"project_id":"prj_other"}',
    '{"0":{"limit":5},"1":{"limit":1e309}}',
    '{"0":{"json":{}}}',
    `${"[".repeat(2_000)}${"]".repeat(2_000)}`,
    '"\\u0000"',
  ),
);
const request = fc.record({
  method: fc.constantFrom("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  path,
  batch: fc.boolean(),
  input,
  contentType: fc.constantFrom(
    undefined,
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "x/y;;",
  ),
  inBody: fc.boolean(),
});

describe("hostile tRPC requests", () => {
  test("any method, path, batch, content type and input: a JSON 2xx/4xx, never a 5xx or a foreign row", async () => {
    const foreign = fleet.b.rows.map((r) => r.id);
    const statuses: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const params = new URLSearchParams();
        if (r.batch) params.set("batch", "1");
        if (r.input !== undefined && !r.inBody) params.set("input", r.input);
        const body = r.input !== undefined && r.inBody ? Buffer.from(r.input) : undefined;
        const headers: [string, string][] = [["Authorization", `Bearer ${fleet.keyA}`]];
        if (r.contentType) headers.push(["Content-Type", r.contentType]);
        if (body) headers.push(["Content-Length", String(body.length)]);
        const target = `/api/trpc/${r.path}${params.size ? `?${params}` : ""}`;
        const res = await rawRequest(app.url, { method: r.method, target, headers, body });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const context = `${r.method} ${target.slice(0, 200)} ${r.contentType} → ${res.status} ${res.body.slice(0, 200)}`;
        if (res.headers["x-request-id"] === undefined) {
          expect([400, 431], context).toContain(res.status); // refused by Node's HTTP parser
          return;
        }
        expect(res.status, context).toBeLessThan(500);
        for (const id of foreign) expect(res.body, context).not.toContain(id);
        if (r.method !== "HEAD" && res.status !== 204)
          expect(() => JSON.parse(res.body), context).not.toThrow();
      }),
      { seed: FC_SEED, numRuns: runs(300) },
    );
    expect(app.logs.filter((l) => Number(l.status) >= 500)).toEqual([]);
    recordFigures("hostile-trpc", { runs: runs(300), statuses });
  });
});
