// Property-based hostile query strings against the real HTTP endpoint on a real database: valid
// filters in many spellings must return exactly what the oracle computes from the inserted rows;
// adversarial ones must be 400 problems naming the offending parameters; nothing is ever a 5xx.
import { rawRequest, type TestApp } from "@fleet/api/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkListing } from "../src/check-response.ts";
import type { HostileFleet, Row } from "../src/fleet-data.ts";
import { startHostileApp } from "../src/hostile-app.ts";
import { hostileQuery } from "../src/hostile-query.ts";
import { recordFigures } from "../src/results.ts";
import { FC_SEED, runs } from "../src/runs.ts";
import { validQuery } from "../src/valid-query.ts";

let app: TestApp;
let fleet: HostileFleet;
let keys: { secret: string; visible: Row[] }[];

beforeAll(async () => {
  ({ app, fleet } = await startHostileApp());
  const project0 = fleet.a.account.projects[0];
  keys = [
    { secret: fleet.keyA, visible: fleet.a.rows },
    { secret: fleet.keyA0, visible: fleet.a.rows.filter((r) => r.projectId === project0) },
  ];
});
afterAll(async () => {
  await app?.close();
});

const list = (query: string, secret: string) =>
  rawRequest(app.url, { target: `/v1/clusters?${query}`, headers: [["Authorization", `Bearer ${secret}`]] });

describe("hostile query strings", () => {
  test("valid filters, spelled in many equivalent ways, return exactly the reference rows", async () => {
    const { a } = fleet;
    await fc.assert(
      fc.asyncProperty(
        validQuery(a.rows, a.account.projects, a.account.templates),
        fc.nat(1),
        async (query, k) => {
          const key = keys[k] as (typeof keys)[number];
          const res = await list(query, key.secret);
          expect(checkListing(res, `/v1/clusters?${query}`, key.visible)).toBe("valid");
        },
      ),
      { seed: FC_SEED, numRuns: runs(250) },
    );
    recordFigures("hostile-query", { valid_runs: runs(250) });
  });

  test("adversarial parameters: a 200 that matches the reference or a 400 naming each offender, never a 5xx", async () => {
    const verdicts = { valid: 0, invalid: 0, undecided: 0 };
    await fc.assert(
      fc.asyncProperty(hostileQuery, fc.nat(1), async (query, k) => {
        const key = keys[k] as (typeof keys)[number];
        const res = await list(query, key.secret);
        if (res.status === 431) {
          // Node's HTTP parser refuses request heads over 16 KiB before the app sees them.
          expect(query.length).toBeGreaterThan(8_000);
          return;
        }
        verdicts[checkListing(res, `/v1/clusters?${query}`, key.visible)]++;
      }),
      { seed: FC_SEED, numRuns: runs(400) },
    );
    // The generator must reach both outcomes, or the property proves little.
    expect(verdicts.invalid).toBeGreaterThan(50);
    expect(verdicts.valid + verdicts.undecided).toBeGreaterThan(5);
    recordFigures("hostile-query", {
      adversarial_runs: runs(400),
      adversarial_verdicts: verdicts,
      seed: FC_SEED,
    });
  });

  test("searches whose case mapping JavaScript and PostgreSQL disagree on match what the reference says", async () => {
    // İ lowers to i (simple mapping), ß has no one-character upper case, K is the Kelvin sign.
    for (const search of ["İ", "i", "ß", "SS", "Σ", "ς", "ω", "Ω", "K", "ÉCOLE", "жУк", "🚀"]) {
      const query = `search=${encodeURIComponent(search)}&limit=100&sort_by=name&sort_order=asc`;
      expect(checkListing(await list(query, fleet.keyA), `/v1/clusters?${query}`, fleet.a.rows), search).toBe(
        "valid",
      );
    }
  });

  test("numeric edge cases are rejected or read exactly as documented", async () => {
    const cases: [string, number | "400"][] = [
      ["limit=1e309", "400"],
      ["limit=-0", "400"],
      ["limit=0x10", "400"],
      ["limit=%205", "400"],
      ["limit=5.0", "400"],
      ["limit=+5", "400"],
      ["limit=101", "400"],
      ["limit=05", 5],
      ["page=9007199254740993", "400"],
      ["page=9007199254740991", 0],
      ["min_gpu_count=-0", 20],
      ["max_gpu_count=1e309", "400"],
      ["min_gpu_count=9007199254740991", 0],
      ["min_gpu_count=9007199254740992", "400"],
      ["max_gpu_count=-1", "400"],
    ];
    for (const [query, expected] of cases) {
      const res = await list(query, fleet.keyA);
      checkListing(res, `/v1/clusters?${query}`, fleet.a.rows);
      if (expected === "400") expect(res.status, query).toBe(400);
      else expect(JSON.parse(res.body), query).toHaveLength(expected);
    }
  });

  test("thousands of parameters, repeated parameters and huge values are 400s, fast", async () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `${i.toString(36)}=1`).join("&");
    const repeated = Array.from({ length: 1_000 }, () => "status=error").join("&");
    const nested = Array.from({ length: 500 }, (_, i) => `a${"[x]".repeat(i % 20)}=1`).join("&");
    const huge = `search=${"%25".repeat(4_000)}`;
    for (const query of [many, repeated, nested, huge, `project_id=${"x".repeat(10_000)}`]) {
      const started = performance.now();
      const res = await list(query, fleet.keyA);
      expect(performance.now() - started, query.slice(0, 40)).toBeLessThan(2_000);
      checkListing(res, `/v1/clusters?${query}`, fleet.a.rows);
      expect(res.status).toBe(400);
    }
    // The first 20 are listed and the rest counted, so the answer stays small (under 8 kB).
    const unknown = JSON.parse((await list(many, fleet.keyA)).body) as { errors: unknown[]; detail: string };
    expect(unknown.errors).toHaveLength(20);
    expect(unknown.detail).toContain("and 1980 more errors");
  });

  test("raw bytes the URL grammar forbids are refused by the HTTP layer or read as U+FFFD, never a 5xx", async () => {
    const targets: Buffer[] = [
      Buffer.from("/v1/clusters?search=\xff\xfe", "latin1"),
      Buffer.from("/v1/clusters?search=caf\xc3\xa9", "latin1"),
      Buffer.from("/v1/clusters?search=a\x00b", "latin1"),
      Buffer.from("/v1/clusters?search=a b", "latin1"),
      Buffer.from("/v1/clusters?search=a\tb", "latin1"),
      Buffer.from("/v1/clusters?search=\x7f", "latin1"),
      Buffer.from("/v1/clusters?se\x80arch=1", "latin1"),
    ];
    for (const target of targets) {
      const res = await rawRequest(app.url, { target, headers: [["Authorization", `Bearer ${fleet.keyA}`]] });
      const label = target.toString("latin1");
      expect(res.status, label).toBeLessThan(500);
      // Node hands the target to the app as latin1 text; the app's URL parser then sees exactly `label`.
      if (res.headers["content-type"]) checkListing(res, label, fleet.a.rows);
      else expect([400, 431], label).toContain(res.status); // refused by the HTTP parser, connection closed
    }
  });

  test("the process is still healthy and still correct afterwards", async () => {
    const health = await rawRequest(app.url, { target: "/healthz" });
    expect(health.status).toBe(200);
    const ready = await rawRequest(app.url, { target: "/readyz" });
    expect(ready.status).toBe(200);
    const res = await list("sort_by=name&sort_order=asc&limit=100", fleet.keyA);
    expect(checkListing(res, "/v1/clusters?sort_by=name&sort_order=asc&limit=100", fleet.a.rows)).toBe(
      "valid",
    );
    expect(app.logs.filter((l) => Number(l.status) >= 500)).toEqual([]);
  });
});
