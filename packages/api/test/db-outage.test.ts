// The database going away while the server runs: fast 503s (REST, tRPC, /readyz), /healthz up,
// no crash, and recovery on its own once the database is back, without a restart; change streams
// end once the change log has been unreadable for a heartbeat interval.
process.env.FLEET_WATCH_HEARTBEAT_MS = "500";

import { createPrismaClient } from "@fleet/db";
import { createTestDatabase, startTcpProxy, type TcpProxy, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createAccount,
  createCluster,
  createKey,
  openEventStream,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

let tdb: TestDatabase;
let app: TestApp;
const REQUEST_TIMEOUT_MS = 1_000;
let proxy: TcpProxy;
let db: ReturnType<typeof createPrismaClient>;
let key: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const acc = await createAccount(tdb.db);
  key = (await createKey(tdb.db, acc.id)).secret;
  await createCluster(tdb.db, acc.id, { projectId: acc.projects[0] as string });
  // The app reaches the database only through the proxy, which the test cuts and restores.
  const url = new URL(tdb.url);
  proxy = await startTcpProxy(Number(url.port));
  url.port = String(proxy.port);
  db = createPrismaClient(url.toString(), { max: 4 });
  app = await startApp({ db, requestTimeoutMs: REQUEST_TIMEOUT_MS });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await proxy?.close();
  await tdb?.drop();
});

test("503 while the database is away, 200 again once it is back", async () => {
  expect((await app.get("/v1/clusters", { key })).status).toBe(200);

  await proxy.cut();
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      app.get(i % 2 ? "/v1/clusters" : "/api/trpc/clusters.list", { key }),
    ),
  );
  expect(Date.now() - started).toBeLessThan(8_000);
  for (const res of results) {
    expect(res.status).toBe(503);
    const body = await res.json();
    const code = body.code ?? body.error?.data?.code;
    expect(code).toBe("SERVICE_UNAVAILABLE");
    if (body.code) expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  }
  expect((await app.get("/healthz")).status).toBe(200);
  expect((await app.get("/readyz")).status).toBe(503);

  await proxy.restore();
  let status = 0;
  // Generous: on a loaded CI machine reconnecting can take a while; what matters is no restart.
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await app.get("/v1/clusters", { key })).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
  expect((await app.get("/readyz")).status).toBe(200);
  const failures = app.logs.filter((l) => l.status === 503);
  expect(failures.length).toBeGreaterThanOrEqual(10);
  // Dead pooled connections surface as 503 (unavailable), never as a 500.
  expect(app.logs.filter((l) => l.status === 500)).toEqual([]);
}, 30_000);

test("a hung database (no answer at all) gets a 503 within the request timeout, then recovers", async () => {
  expect((await app.get("/v1/clusters", { key })).status).toBe(200);
  proxy.hang();
  try {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => app.get("/v1/clusters", { key })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 4_000);
    for (const res of results) {
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    }
    expect((await app.get("/healthz")).status).toBe(200);
    expect((await app.get("/readyz")).status).toBe(503);
  } finally {
    proxy.unhang();
  }
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await app.get("/v1/clusters", { key })).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
}, 30_000);

test("a change stream ends once the change log stays unreadable for a heartbeat interval", async () => {
  const stream = await openEventStream(`${app.url}/v1/clusters/watch`, { authorization: `Bearer ${key}` });
  expect(stream.status).toBe(200);
  await stream.waitFor((events) => events.some((e) => e.event === "heartbeat"), 10_000);
  await proxy.cut();
  try {
    const started = Date.now();
    await stream.ended;
    // A heartbeat interval (0.5 s) of failures, then the end: well before the stream would time out.
    expect(Date.now() - started).toBeLessThan(8_000);
  } finally {
    stream.close();
    await proxy.restore();
  }
  expect(app.logs.filter((l) => l.status === 500)).toEqual([]);
}, 30_000);
