// HTTP behaviour of the handler: response shape, caching (ETag/304), methods, unknown paths,
// 500 without internals, 503 when the database is unreachable, health endpoints.
import { createPrismaClient } from "@fleet/db";
import { freePort } from "@fleet/db/testing";
import { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let key: string;
let projectId: string;

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  projectId = acc.projects[0] as string;
  key = (await createKey(app.db, acc.id)).secret;
  const db = app.db;
  await createCluster(db, acc.id, {
    id: "cl_money",
    projectId,
    templateId: acc.templates[0] as string,
    hourlyRateCents: 1,
    totalCostCents: 9_007_199_254_740n,
    createdAt: new Date("2026-05-01T10:00:00.000Z"),
    expiresAt: new Date("2026-06-01T00:00:00.000+02:00"),
  });
  await createCluster(db, acc.id, {
    id: "cl_stopped",
    projectId,
    status: "stopped",
    sshEnabled: false,
    description: null,
    hourlyRateCents: 10,
    totalCostCents: 0n,
    createdAt: new Date("2026-05-01T09:00:00.000Z"),
  });
  await createCluster(db, acc.id, {
    id: "cl_cents",
    projectId,
    hourlyRateCents: 12345,
    totalCostCents: 7n,
    createdAt: new Date("2026-05-01T08:00:00.000Z"),
  });
}, 60_000);
afterAll(() => app?.close());

describe("200 response", () => {
  test("a JSON array of complete cluster objects, with the documented headers", async () => {
    const res = await app.get("/v1/clusters", { key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    // fetch asks for gzip: the coded variant's ETag is weak (compression.test.ts).
    expect(res.headers.get("etag")).toMatch(/^W\/"[^"]+"$/);
    expect(res.headers.get("x-total-count")).toBe("3");
    expect(res.headers.get("link")).toContain('rel="first"');
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const body = await res.json();
    expect(Array.isArray(body)).toBe(true);
    const strictCluster = z.strictObject(Cluster.shape);
    for (const item of body) expect(() => strictCluster.parse(item)).not.toThrow();
    const keys = Object.keys(Cluster.shape).sort();
    for (const item of body) expect(Object.keys(item).sort()).toEqual(keys);
  });

  test("money in dollars exact to the cent; timestamps ISO UTC with Z", async () => {
    const body = await (await app.get("/v1/clusters?sort_by=cost&sort_order=asc", { key })).json();
    const byId = Object.fromEntries(body.map((c: z.infer<typeof Cluster>) => [c.id, c]));
    expect(byId.cl_money.cost).toEqual({ hourly_rate: 0.01, total_cost: 90071992547.4, currency: "USD" });
    expect(byId.cl_stopped.cost).toEqual({ hourly_rate: 0.1, total_cost: 0, currency: "USD" });
    expect(byId.cl_cents.cost).toEqual({ hourly_rate: 123.45, total_cost: 0.07, currency: "USD" });
    const raw = await (await app.get("/v1/clusters", { key })).text();
    expect(raw).toContain('"hourly_rate":123.45');
    expect(raw).toContain('"total_cost":0.07');
    expect(byId.cl_money.created_at).toBe("2026-05-01T10:00:00.000Z");
    expect(byId.cl_money.expires_at).toBe("2026-05-31T22:00:00.000Z");
    for (const c of body) {
      for (const t of [c.created_at, c.updated_at])
        expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  test("ssh_connection null when SSH is disabled; metrics null unless running; nullable fields present", async () => {
    const body = await (await app.get("/v1/clusters", { key })).json();
    const stopped = body.find((c: { id: string }) => c.id === "cl_stopped");
    expect(stopped).toMatchObject({
      ssh_enabled: false,
      ssh_connection: null,
      metrics: null,
      description: null,
      template_id: null,
    });
    const running = body.find((c: { id: string }) => c.id === "cl_money");
    expect(running.ssh_connection).toEqual({
      host: "ssh.us-east-1.example.net",
      port: 22022,
      username: "ubuntu",
      connection_string: "ssh -p 22022 ubuntu@ssh.us-east-1.example.net",
    });
    expect(running.metrics).toMatchObject({
      gpu_utilization: 42.5,
      cpu_utilization: 99.5,
      updated_at: "2026-11-01T10:00:00.000Z",
    });
    expect(running.port_mappings[1]).toEqual({
      internal_port: 6006,
      external_port: 30606,
      protocol: "tcp",
      description: null,
      url: null,
    });
  });
});

describe("ETag and 304", () => {
  test("If-None-Match with the current ETag gives 304 with no body; a change gives a new ETag", async () => {
    const first = await app.get("/v1/clusters?limit=2", { key });
    const etag = first.headers.get("etag") as string;
    const again = await app.get("/v1/clusters?limit=2", { key, headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    expect(again.headers.get("x-ratelimit-remaining")).toBeTruthy();
    const listed = await app.get("/v1/clusters?limit=2", {
      key,
      headers: { "if-none-match": `"other", ${etag.replace(/^W\//, "")}` },
    });
    expect(listed.status).toBe(304);
    const star = await app.get("/v1/clusters?limit=2", { key, headers: { "if-none-match": "*" } });
    expect(star.status).toBe(304);
    const stale = await app.get("/v1/clusters?limit=2", { key, headers: { "if-none-match": '"stale"' } });
    expect(stale.status).toBe(200);
    const otherPage = await app.get("/v1/clusters?limit=2&page=2", {
      key,
      headers: { "if-none-match": etag },
    });
    expect(otherPage.status).toBe(200);

    await app.db.cluster.update({ where: { id: "cl_money" }, data: { status: "error" } });
    const changed = await app.get("/v1/clusters?limit=2", { key, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    await app.db.cluster.update({ where: { id: "cl_money" }, data: { status: "running" } });
  });

  test("a past-the-end page is revalidated too, and its ETag tracks the total", async () => {
    const first = await app.get("/v1/clusters?page=50", { key });
    const etag = first.headers.get("etag") as string;
    expect((await app.get("/v1/clusters?page=50", { key, headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
    const acc = await app.db.cluster.findUniqueOrThrow({ where: { id: "cl_money" } });
    await createCluster(app.db, acc.accountId, { id: "cl_extra", projectId });
    const after = await app.get("/v1/clusters?page=50", { key, headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-total-count")).toBe("4");
    await app.db.cluster.delete({ where: { id: "cl_extra" } });
  });
});

describe("methods and paths", () => {
  test("HEAD gives the GET headers and no body", async () => {
    const get = await app.get("/v1/clusters", { key });
    const head = await app.get("/v1/clusters", { key, method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const h of ["etag", "x-total-count", "link", "cache-control", "content-type"]) {
      expect(head.headers.get(h), h).toBe(get.headers.get(h));
    }
  });

  test.each(["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])(
    "%s /v1/clusters → 405 with Allow",
    async (method) => {
      const res = await app.get("/v1/clusters", { key, method });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    },
  );

  test("405 on the other read-only endpoints", async () => {
    for (const path of ["/v1/openapi.json", "/healthz", "/readyz"]) {
      const res = await app.get(path, { method: "POST" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
    }
  });

  test("every answer carries its X-Request-Id: listing, problems, OpenAPI, health, tRPC", async () => {
    const cases: [string, { key?: string; method?: string }][] = [
      ["/v1/clusters", { key }],
      ["/v1/clusters?limit=0", { key }],
      ["/v1/clusters", {}],
      ["/v1/clusters", { key, method: "POST" }],
      ["/v1/openapi.json", {}],
      ["/healthz", {}],
      ["/readyz", {}],
      ["/nowhere", {}],
      ["/api/trpc/clusters.list", { key }],
      ["/api/trpc/clusters.list", {}],
      ["/api/trpc/no.such.procedure", { key }],
    ];
    for (const [path, opts] of cases) {
      const res = await app.get(path, opts);
      expect(res.headers.get("x-request-id"), `${opts.method ?? "GET"} ${path}`).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test.each(["/", "/v1", "/v1/clusters/cl_money", "/v2/clusters", "/v1/clusters.json"])(
    "%s → 404 problem",
    async (path) => {
      const res = await app.get(path, { key });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({
        status: 404,
        code: "NOT_FOUND",
        request_id: expect.any(String),
      });
    },
  );
});

describe("failures", () => {
  test("an unexpected database error is a 500 without internals, logged at error level", async () => {
    // A database whose schema is broken: the listing query fails with an undefined-column error.
    const broken = await startApp();
    try {
      const acc = await createAccount(broken.db);
      const brokenKey = (await createKey(broken.db, acc.id)).secret;
      await broken.db.$executeRawUnsafe('ALTER TABLE clusters RENAME COLUMN "proxy_url" TO "proxy_url_gone"');
      const res = await broken.get("/v1/clusters", { key: brokenKey });
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text);
      expect(body).toMatchObject({ status: 500, code: "INTERNAL_ERROR", title: expect.any(String) });
      expect(text).not.toMatch(/proxy_url|column|prisma|select|stack|\.ts/i);
      const errorLine = broken.logs.find((l) => l.level === 50);
      expect(errorLine).toMatchObject({ status: 500, request_id: body.request_id });
    } finally {
      await broken.close();
    }
  });

  test("an unreachable database is a fast 503 problem; /healthz stays up and /readyz says 503", async () => {
    const port = await freePort();
    const db = createPrismaClient(`postgresql://fleet:fleet@127.0.0.1:${port}/fleet`, { max: 2 });
    const down = await startApp({ db });
    try {
      const started = Date.now();
      const res = await down.get("/v1/clusters", { key });
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await res.json()).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
      expect(res.headers.get("retry-after")).toBeTruthy();
      const trpc = await down.get("/api/trpc/clusters.list", { key });
      expect(trpc.status).toBe(503);
      expect((await down.get("/healthz")).status).toBe(200);
      const ready = await down.get("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      await down.close();
      await db.$disconnect();
    }
  });

  test("a database client already shut down (a request that outlived the drain) is a 503, not a 500", async () => {
    // Never connected: its pool is ended, so every statement fails with "Cannot use a pool after calling end".
    const db = createPrismaClient("postgresql://fleet:fleet@127.0.0.1:1/fleet", { max: 1 });
    await db.$disconnect();
    const closed = await startApp({ db });
    try {
      const res = await closed.get("/v1/clusters", { key });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    } finally {
      await closed.close();
    }
  });

  test("/healthz and /readyz are 200 with a reachable database", async () => {
    expect(await (await app.get("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", database: "up" });
  });
});
