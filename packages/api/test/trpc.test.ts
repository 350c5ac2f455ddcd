// tRPC: server-side callers (createCaller + createContextInner) and the real client over HTTP.

import { TRPC_MAX_BATCH_SIZE } from "@fleet/schema";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type AppRouter,
  createCaller,
  createContextInner,
  listClusters,
  type Principal,
  toFleetError,
} from "../src/index.ts";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let acc: Awaited<ReturnType<typeof createAccount>>;
let principal: Principal;
let secret: string;

beforeAll(async () => {
  app = await startApp();
  acc = await createAccount(app.db, { projects: 2, templates: 2 });
  const key = await createKey(app.db, acc.id);
  secret = key.secret;
  principal = { accountId: acc.id, apiKeyId: key.id, scopes: ["clusters:read"], projectIds: null };
  const spec = [
    { status: "running", gpuType: "H100", region: "us-east-1", hourlyRateCents: 450, project: 0 },
    { status: "running", gpuType: "H100", region: "eu-west-1", hourlyRateCents: 450, project: 0 },
    { status: "stopped", gpuType: "A100", region: "us-east-1", hourlyRateCents: 199, project: 1 },
    { status: "error", gpuType: "T4", region: "ap-southeast-1", hourlyRateCents: 35, project: 1 },
  ];
  for (const [i, s] of spec.entries()) {
    await createCluster(app.db, acc.id, {
      ...s,
      name: `c${i}`,
      projectId: acc.projects[s.project] as string,
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    });
  }
  const other = await createAccount(app.db);
  await createCluster(app.db, other.id, { projectId: other.projects[0] as string });
}, 60_000);
afterAll(() => app?.close());

const caller = (p: Principal | null = principal) =>
  createCaller(createContextInner({ db: app.db, principal: p }));

describe("server-side caller", () => {
  test("clusters.list returns data and pagination, same as listClusters", async () => {
    const result = await caller().clusters.list({ limit: 2, sort_by: "cost", sort_order: "desc" });
    expect(result.pagination).toEqual({
      page: 1,
      limit: 2,
      total: 4,
      total_pages: 2,
      next_cursor: expect.any(String),
      revision: expect.stringMatching(/^\d+:\d+:\d+:[\d,]*$/),
    });
    expect(result.data.map((c) => c.name)).toEqual(["c1", "c0"]);
    const direct = await listClusters(app.db, principal, {
      page: 1,
      limit: 2,
      sort_by: "cost",
      sort_order: "desc",
    });
    expect(direct).toEqual(result);
  });

  test("clusters.list without input uses the defaults", async () => {
    const result = await caller().clusters.list();
    expect(result.pagination).toMatchObject({ page: 1, limit: 20, total: 4 });
    expect(result.data[0]?.name).toBe("c3");
  });

  test("input takes parsed objects: arrays for lists, ISO strings for dates", async () => {
    const result = await caller().clusters.list({
      status: ["running", "error"],
      created_after: "2026-01-01T00:00:00Z",
    });
    expect(result.data.map((c) => c.name).sort()).toEqual(["c1", "c3"]);
  });

  test("invalid input: VALIDATION_ERROR naming each parameter", async () => {
    const error = await caller()
      .clusters.list({ limit: 101, status: ["bogus" as "running"], extra: 1 } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const fleet = toFleetError(error);
    expect(fleet.fleetCode).toBe("VALIDATION_ERROR");
    expect(fleet.errors?.map((e) => e.param).sort()).toEqual(["extra", "limit", "status"]);
  });

  test("no principal → UNAUTHORIZED; no scope → FORBIDDEN", async () => {
    await expect(caller(null).clusters.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      fleetCode: "UNAUTHORIZED",
    });
    await expect(caller({ ...principal, scopes: [] }).clusters.list()).rejects.toMatchObject({
      fleetCode: "FORBIDDEN",
    });
  });

  test("clusters.stats counts by status, GPU type, region and sums the hourly cost, under the same filter", async () => {
    const all = await caller().clusters.stats();
    expect(all).toEqual({
      total: 4,
      by_status: { running: 2, stopped: 1, starting: 0, stopping: 0, error: 1, pending: 0 },
      by_gpu_type: { A100: 1, H100: 2, RTX4090: 0, V100: 0, T4: 1 },
      by_region: { "us-east-1": 2, "us-west-2": 0, "eu-west-1": 1, "ap-southeast-1": 1 },
      hourly_cost: 11.34,
      currency: "USD",
    });
    const running = await caller().clusters.stats({ status: ["running"], region: ["us-east-1"] });
    expect(running).toMatchObject({ total: 1, hourly_cost: 4.5, by_gpu_type: { H100: 1 } });
    const none = await caller().clusters.stats({ search: "nothing matches this" });
    expect(none).toMatchObject({ total: 0, hourly_cost: 0, by_status: { running: 0 } });
  });

  test("project-restricted principals see only their projects everywhere", async () => {
    const restricted = { ...principal, projectIds: [acc.projects[1] as string] };
    expect((await caller(restricted).clusters.list()).pagination.total).toBe(2);
    expect((await caller(restricted).clusters.stats()).total).toBe(2);
    expect(await caller(restricted).projects.list()).toEqual([{ id: acc.projects[1], name: "Project 1" }]);
  });

  test("projects.list and templates.list: id and name of the account's own, by name", async () => {
    expect(await caller().projects.list()).toEqual([
      { id: acc.projects[0], name: "Project 0" },
      { id: acc.projects[1], name: "Project 1" },
    ]);
    expect(await caller().templates.list()).toEqual([
      { id: acc.templates[0], name: "Template 0" },
      { id: acc.templates[1], name: "Template 1" },
    ]);
  });
});

describe("over HTTP with @trpc/client", () => {
  const client = (key?: string) =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${app.url}/api/trpc`,
          headers: () => (key ? { authorization: `Bearer ${key}` } : {}),
        }),
      ],
    });

  test("clusters.list, stats and pickers, batched", async () => {
    const c = client(secret);
    const [list, stats, projects] = await Promise.all([
      c.clusters.list.query({ limit: 3, sort_by: "name", sort_order: "asc" }),
      c.clusters.stats.query({ gpu_type: ["H100"] }),
      c.projects.list.query(),
    ]);
    expect(list.data.map((x) => x.name)).toEqual(["c0", "c1", "c2"]);
    expect(list.pagination.total).toBe(4);
    expect(stats.total).toBe(2);
    expect(projects).toHaveLength(2);
  });

  test(`a batch of more than ${TRPC_MAX_BATCH_SIZE} calls is refused whole with a 400, running none`, async () => {
    const call = (n: number) => {
      const paths = Array.from({ length: n }, () => "projects.list").join(",");
      const input = encodeURIComponent(JSON.stringify({}));
      return fetch(`${app.url}/api/trpc/${paths}?batch=1&input=${input}`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    };
    const atLimit = await call(TRPC_MAX_BATCH_SIZE);
    expect(atLimit.status).toBe(200);
    expect(await atLimit.json()).toHaveLength(TRPC_MAX_BATCH_SIZE);
    const over = await call(TRPC_MAX_BATCH_SIZE + 1);
    expect(over.status).toBe(400);
    expect(JSON.stringify(await over.json())).toMatch(/Batch call exceeds maximum size/);
  });

  test("errors carry the code, per-parameter errors and the request id", async () => {
    const error = await client(secret)
      .clusters.list.query({ limit: 500, min_gpu_count: 3, max_gpu_count: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.code).toBe("VALIDATION_ERROR");
    expect(data?.httpStatus).toBe(400);
    expect(data?.request_id).toEqual(expect.any(String));
    expect(data?.errors?.map((e) => e.param).sort()).toEqual(["limit", "max_gpu_count", "min_gpu_count"]);

    const unauthorized = await client("fleet_bad")
      .clusters.list.query()
      .catch((e: unknown) => e);
    expect((unauthorized as TRPCClientError<AppRouter>).data).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
  });

  test("a 401 over tRPC carries WWW-Authenticate", async () => {
    const res = await app.get("/api/trpc/clusters.list");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await res.json()).error.data).toMatchObject({
      code: "UNAUTHORIZED",
      request_id: res.headers.get("x-request-id"),
    });
  });

  test.each(["PUT", "DELETE", "PATCH", "OPTIONS"])(
    "%s is a 405 with Allow, in tRPC's error envelope",
    async (method) => {
      const res = await app.get("/api/trpc/clusters.list", { key: secret, method });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET");
      expect(res.headers.get("content-type")).toBe("application/json");
      expect((await res.json()).error).toMatchObject({
        message: `${method} is not allowed here; use GET.`,
        data: {
          code: "METHOD_NOT_ALLOWED",
          httpStatus: 405,
          path: "clusters.list",
          request_id: res.headers.get("x-request-id"),
        },
      });
      // Allow names the methods of the procedures a path names; GET, POST when it names none.
      const allows = { "": "GET, POST", "/nope": "GET, POST", "/clusters.list,projects.list": "GET" };
      for (const [path, allow] of Object.entries(allows)) {
        const other = await app.get(`/api/trpc${path}`, { key: secret, method });
        expect(other.status, path).toBe(405);
        expect(other.headers.get("allow"), path).toBe(allow);
      }
    },
  );

  test("a POST to a query is tRPC's own 405, now with Allow; tRPC's request errors are labelled JSON", async () => {
    const headers = { "content-type": "application/json" };
    const post = await app.get("/api/trpc/clusters.list", { key: secret, method: "POST", headers });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect((await post.json()).error.data.code).toBe("METHOD_NOT_ALLOWED");
    const untyped = await app.get("/api/trpc/clusters.list", { key: secret, method: "POST" });
    expect(untyped.status).toBe(400);
    expect(untyped.headers.get("content-type")).toBe("application/json");
    expect((await untyped.json()).error.data.code).toBe("VALIDATION_ERROR");
  });

  test("an unknown procedure is a 404", async () => {
    const res = await app.get("/api/trpc/clusters.nope", { key: secret });
    expect(res.status).toBe(404);
    expect((await res.json()).error.data.code).toBe("NOT_FOUND");
  });
});
