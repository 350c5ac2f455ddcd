// Every filter parameter over real HTTP on a seeded fleet, checked against a reference filter.

import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ReferenceQuery, referenceList, startApp, type TestApp } from "../src/testing/index.ts";
import { type SeededFleet, seedFleet } from "./helpers/seeded.ts";

let tdb: TestDatabase;
let app: TestApp;
let fleet: SeededFleet;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await startApp({ db: tdb.db });
  fleet = await seedFleet(tdb);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

async function list(query: string) {
  const res = await app.get(`/v1/clusters?${query}`, { key: fleet.secret });
  const body = await res.json();
  return { res, body, total: Number(res.headers.get("x-total-count")) };
}

/** Compares the first page (limit 100) and the total with the reference. */
async function expectMatches(query: string, ref: ReferenceQuery) {
  const { res, body, total } = await list(`${query}&limit=100`);
  expect(res.status, JSON.stringify(body)).toBe(200);
  const expected = referenceList(fleet.rows, ref);
  expect(total).toBe(expected.length);
  expect((body as Cluster[]).map((c) => c.id)).toEqual(expected.slice(0, 100).map((c) => c.id));
  return expected;
}

const someRow = () => fleet.rows[7] as (typeof fleet.rows)[number];

describe("filters", () => {
  test("no filter: the whole account, newest first, 20 per page", async () => {
    const { res, body, total } = await list("");
    expect(res.status).toBe(200);
    expect(total).toBe(fleet.rows.length);
    expect(body).toHaveLength(20);
    const expected = referenceList(fleet.rows, {});
    expect((body as Cluster[]).map((c) => c.id)).toEqual(expected.slice(0, 20).map((c) => c.id));
  });

  test.each(["running", "stopped", "starting", "stopping", "error", "pending"])(
    "status=%s",
    async (status) => {
      const expected = await expectMatches(`status=${status}`, { status: [status] });
      expect(expected.length).toBeGreaterThan(0);
    },
  );

  test("status list is OR, combined with other filters by AND", async () => {
    await expectMatches("status=running,error", { status: ["running", "error"] });
    await expectMatches("status=running,error&gpu_type=H100", {
      status: ["running", "error"],
      gpu_type: ["H100"],
    });
  });

  test.each(["A100", "H100", "RTX4090", "V100", "T4"])("gpu_type=%s", async (gpu) => {
    expect((await expectMatches(`gpu_type=${gpu}`, { gpu_type: [gpu] })).length).toBeGreaterThan(0);
  });

  test.each(["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"])("region=%s", async (region) => {
    expect((await expectMatches(`region=${region}`, { region: [region] })).length).toBeGreaterThan(0);
  });

  test("gpu_type and region lists", async () => {
    await expectMatches("gpu_type=H100,A100&region=us-east-1,eu-west-1", {
      gpu_type: ["H100", "A100"],
      region: ["us-east-1", "eu-west-1"],
    });
  });

  test("project_id and template_id are exact ids", async () => {
    const row = someRow();
    expect(
      (await expectMatches(`project_id=${row.projectId}`, { project_id: row.projectId })).length,
    ).toBeGreaterThan(0);
    const withTemplate = fleet.rows.find((r) => r.templateId) as (typeof fleet.rows)[number];
    const templateId = withTemplate.templateId as string;
    expect(
      (await expectMatches(`template_id=${templateId}`, { template_id: templateId })).length,
    ).toBeGreaterThan(0);
    // A prefix of an id is not the id.
    const { total } = await list(`project_id=${row.projectId.slice(0, -1)}`);
    expect(total).toBe(0);
    const { total: unknown } = await list("template_id=tpl_does_not_exist");
    expect(unknown).toBe(0);
  });

  test("min_gpu_count and max_gpu_count are inclusive", async () => {
    const counts = [...new Set(fleet.rows.map((r) => r.gpuCount))].sort((a, b) => a - b);
    const mid = counts[Math.floor(counts.length / 2)] as number;
    const exact = await expectMatches(`min_gpu_count=${mid}&max_gpu_count=${mid}`, {
      min_gpu_count: mid,
      max_gpu_count: mid,
    });
    expect(exact.length).toBeGreaterThan(0);
    await expectMatches(`min_gpu_count=${mid}`, { min_gpu_count: mid });
    await expectMatches(`max_gpu_count=${mid}`, { max_gpu_count: mid });
    await expectMatches("min_gpu_count=0", { min_gpu_count: 0 });
    await expectMatches("max_gpu_count=0", { max_gpu_count: 0 });
  });

  test("integer bounds far beyond int32 are valid and do not crash", async () => {
    await expectMatches("min_gpu_count=9007199254740991", { min_gpu_count: 9007199254740991 });
    await expectMatches("max_gpu_count=9007199254740991", { max_gpu_count: 9007199254740991 });
    await expectMatches("max_gpu_count=2147483648", { max_gpu_count: 2147483648 });
    const { res, body } = await list("page=9007199254740991&limit=100");
    expect(res.status).toBe(200);
    expect(body).toEqual([]);
  });

  test("everything at once", async () => {
    await expectMatches(
      "status=running,stopped&gpu_type=A100,H100,T4&region=us-east-1,us-west-2,eu-west-1&min_gpu_count=1&max_gpu_count=8&search=a&created_after=2025-01-01&created_before=2026-12-01T00:00:00Z&sort_by=cost&sort_order=asc",
      {
        status: ["running", "stopped"],
        gpu_type: ["A100", "H100", "T4"],
        region: ["us-east-1", "us-west-2", "eu-west-1"],
        min_gpu_count: 1,
        max_gpu_count: 8,
        search: "a",
        created_after: new Date("2025-01-01T00:00:00Z"),
        created_before: new Date("2026-12-01T00:00:00Z"),
        sort_by: "cost",
        sort_order: "asc",
      },
    );
  });

  test("empty values count as absent", async () => {
    const { res, total } = await list(
      "status=&gpu_type=&region=&search=&page=&limit=&sort_by=&sort_order=&min_gpu_count=&created_after=",
    );
    expect(res.status).toBe(200);
    expect(total).toBe(fleet.rows.length);
  });
});

describe("invalid parameters: 400 naming each offending parameter", () => {
  const invalid: [string, string][] = [
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=1.5", "page"],
    ["page=abc", "page"],
    ["page=1e3", "page"],
    ["page=0x10", "page"],
    ["page=%205", "page"],
    ["page=9007199254740992", "page"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=1000", "limit"],
    ["limit=5.0", "limit"],
    ["status=RUNNING", "status"],
    ["status=running,bogus", "status"],
    ["status=running,", "status"],
    ["status=,", "status"],
    ["gpu_type=a100", "gpu_type"],
    ["gpu_type=B200", "gpu_type"],
    ["region=us-east-2", "region"],
    ["region=US-EAST-1", "region"],
    ["sort_by=price", "sort_by"],
    ["sort_by=Name", "sort_by"],
    ["sort_order=ascending", "sort_order"],
    ["sort_order=ASC", "sort_order"],
    [`search=${"x".repeat(201)}`, "search"],
    ["min_gpu_count=-1", "min_gpu_count"],
    ["max_gpu_count=two", "max_gpu_count"],
    ["min_gpu_count=5&max_gpu_count=4", "min_gpu_count"],
    ["created_after=yesterday", "created_after"],
    ["created_after=2026-01-31T10:00:00", "created_after"],
    ["created_before=2026-02-30", "created_before"],
    ["created_after=2026-02-01&created_before=2026-02-01", "created_after"],
    ["created_after=2026-03-01&created_before=2026-02-01", "created_before"],
    ["project_id=%00", "project_id"],
    ["statuses=running", "statuses"],
    ["Status=running", "Status"],
    ["status=running&status=stopped", "status"],
    ["page=1&page=1", "page"],
  ];
  test.each(invalid)("%s → 400 naming %s", async (query, param) => {
    const { res, body } = await list(query);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 400, code: "VALIDATION_ERROR", title: expect.any(String) });
    expect(body.request_id).toBe(res.headers.get("x-request-id"));
    expect(body.errors.map((e: { param: string }) => e.param)).toContain(param);
    for (const e of body.errors) expect(e.message.length).toBeGreaterThan(0);
  });

  test("one response names every offending parameter", async () => {
    const { res, body } = await list("limit=500&status=bogus&typo=1&sort_order=up");
    expect(res.status).toBe(400);
    const params = body.errors.map((e: { param: string }) => e.param).sort();
    expect(params).toEqual(["limit", "sort_order", "status", "typo"]);
    const status = body.errors.find((e: { param: string }) => e.param === "status");
    expect(status.message).toContain("bogus");
    expect(status.message).toContain("running");
  });
});
