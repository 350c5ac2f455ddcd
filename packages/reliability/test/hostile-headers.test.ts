// Property-based hostile request headers (Authorization in every malformed shape, oversized and
// repeated headers, junk cookies, request ids and conditionals) against the real endpoint: the only
// answers are 200/304 for a correctly presented key, the one 401 body otherwise, or a parser-level
// 400/431 for bytes HTTP forbids; never a 5xx; request ids in responses are always safe.
import { rawRequest, type TestApp } from "@fleet/api/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectProblem } from "../src/check-response.ts";
import type { HostileFleet } from "../src/fleet-data.ts";
import { startHostileApp } from "../src/hostile-app.ts";
import { recordFigures } from "../src/results.ts";
import { FC_SEED, runs } from "../src/runs.ts";

let app: TestApp;
let fleet: HostileFleet;

beforeAll(async () => {
  ({ app, fleet } = await startHostileApp(20));
});
afterAll(async () => {
  await app?.close();
});

type Header = [Buffer, Buffer];

/** Header text: mostly printable ASCII, sometimes control or latin1 bytes (which HTTP may refuse). */
const text = (maxLength: number) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
        maxLength,
      }),
    },
  );
const latin1 = (s: string) => Buffer.from(s, "latin1");
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Authorization values: a correct key (the only ones that may pass) or a mutation of one. */
function authorization(keys: () => { a: string; b: string }) {
  const junk = text(60);
  return fc.oneof(
    fc.constantFrom("a", "b").map((k) => ({ value: `Bearer ${keys()[k as "a" | "b"]}`, tenant: k })),
    fc
      .tuple(
        fc.constantFrom("a", "b"),
        fc.constantFrom("bearer", "BEARER", "BeArEr"),
        fc.integer({ min: 1, max: 4 }),
      )
      .map(([k, scheme, spaces]) => ({
        value: `${scheme}${" ".repeat(spaces)}${keys()[k as "a" | "b"]}`,
        tenant: k,
      })),
    fc
      .tuple(
        fc.constantFrom("a", "b"),
        fc.nat(60),
        junk,
        fc.constantFrom("replace", "insert", "truncate", "prefix"),
      )
      .map(([k, at, bytes, how]) => {
        const key = keys()[k as "a" | "b"];
        const i = at % key.length;
        const mutated =
          how === "replace"
            ? `${key.slice(0, i)}${bytes || "!"}${key.slice(i + 1)}`
            : how === "insert"
              ? `${key.slice(0, i)}${bytes || "!"}${key.slice(i)}`
              : how === "truncate"
                ? key.slice(0, i)
                : `${bytes || "!"}${key}`;
        // Extra spaces around the key are still the key (RFC 9110: 1*SP after the scheme); anything else is not.
        return { value: `Bearer ${mutated}`, tenant: mutated.replace(/^ +| +$/g, "") === key ? k : null };
      }),
    junk.map((value) => ({ value, tenant: null })),
    fc
      .constantFrom("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Digest x", "Bearer null", "Bearer undefined")
      .map((value) => ({ value, tenant: null })),
  );
}

const otherHeaders = fc.array(
  fc.oneof(
    fc.tuple(fc.constant("X-Request-Id"), text(200)),
    fc.tuple(fc.constant("If-None-Match"), fc.oneof(fc.constant("*"), text(80))),
    fc.tuple(fc.constant("Cookie"), text(200)),
    fc.tuple(
      fc.constant("Accept"),
      fc.constantFrom("*/*", "application/json", "text/html", "application/problem+json;q=0", ""),
    ),
    fc.tuple(fc.constant("Accept-Encoding"), fc.constantFrom("gzip", "br", "identity;q=0", "*;q=0")),
    fc.tuple(fc.constant("X-Forwarded-Host"), text(40)),
    fc.tuple(
      fc.constant("Content-Type"),
      fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x"),
    ),
    fc.tuple(fc.constantFrom("X-Junk", "X-A", "__proto__", "constructor"), text(50)),
    fc.tuple(
      fc.constant("X-Huge"),
      fc.integer({ min: 1_000, max: 20_000 }).map((n) => "h".repeat(n)),
    ),
  ),
  { maxLength: 6 },
);

describe("hostile headers", () => {
  test("no header combination yields a 5xx, a foreign tenant's rows, or an unsafe request id", async () => {
    const keys = () => ({ a: fleet.keyA, b: fleet.keyB });
    const seen: Record<string, number> = {};
    let canonical401: string | undefined;
    await fc.assert(
      fc.asyncProperty(authorization(keys), fc.boolean(), otherHeaders, async (auth, withAuth, others) => {
        const headers: Header[] = others.map(([name, value]) => [latin1(name), latin1(value)]);
        if (withAuth) headers.unshift([latin1("Authorization"), latin1(auth.value)]);
        const res = await rawRequest(app.url, { target: "/v1/clusters?limit=100", headers });
        seen[res.status] = (seen[res.status] ?? 0) + 1;
        const context = `${JSON.stringify(headers.map(([n, v]) => [n.toString("latin1"), v.toString("latin1").slice(0, 80)]))} → ${res.status} ${res.body.slice(0, 200)}`;
        expect(res.status, context).toBeLessThan(500);
        if (res.headers["x-request-id"] === undefined) {
          // Node's HTTP parser refused the head (control bytes, oversized): no app involvement.
          expect([400, 431], context).toContain(res.status);
          return;
        }
        expect(res.headers["x-request-id"], context).toMatch(SAFE_REQUEST_ID);
        // Node trims optional whitespace around header values before the app sees them.
        const presented = withAuth ? auth.value.replace(/^[ \t]+|[ \t]+$/g, "") : "";
        const tenant = withAuth && presented.length > 0 ? auth.tenant : null;
        if (tenant === null) {
          const body = expectProblem(res, 401);
          const blanked = res.body.replace(`"request_id":"${body.request_id}"`, "");
          canonical401 ??= blanked;
          expect(blanked, context).toBe(canonical401);
          return;
        }
        expect([200, 304], context).toContain(res.status);
        if (res.status === 200) {
          const own = new Set((tenant === "a" ? fleet.a : fleet.b).rows.map((r) => r.id));
          for (const c of JSON.parse(res.body) as { id: string }[]) expect(own.has(c.id), context).toBe(true);
        }
      }),
      { seed: FC_SEED, numRuns: runs(400) },
    );
    expect(seen[200] ?? 0).toBeGreaterThan(20);
    expect(seen[401] ?? 0).toBeGreaterThan(20);
    recordFigures("hostile-headers", { runs: runs(400), statuses: seen });
  });

  test("oversized and very many headers are refused by the HTTP layer, and the server keeps serving", async () => {
    const many: Header[] = Array.from({ length: 2_000 }, (_, i) => [latin1(`X-H${i}`), latin1("v")]);
    const huge = await rawRequest(app.url, {
      target: "/v1/clusters",
      headers: [[latin1("X-Big"), latin1("x".repeat(64_000))]],
    });
    expect(huge.status).toBe(431);
    const lots = await rawRequest(app.url, { target: "/v1/clusters", headers: many });
    expect(lots.status).toBeLessThan(500);
    const after = await rawRequest(app.url, {
      target: "/v1/clusters",
      headers: [[latin1("Authorization"), latin1(`Bearer ${fleet.keyA}`)]],
    });
    expect(after.status).toBe(200);
  });
});
