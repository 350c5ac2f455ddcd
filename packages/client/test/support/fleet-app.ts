// The real app for the client's tests: the real `createFleetHandler` on node:http (127.0.0.1, OS
// port) over a fresh embedded-PostgreSQL database, plus a tenant whose rows the test chooses.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFleetHandler, createLogger } from "@fleet/api";
import { type Db, generateApiKey } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { getRequestListener } from "@hono/node-server";

export type FleetApp = { url: string; db: Db; close(): Promise<void> };

export async function startFleetApp(opts: { rateLimitPerMinute?: number; tdb?: TestDatabase } = {}) {
  const tdb = opts.tdb ?? (await createTestDatabase());
  const handler = createFleetHandler({
    db: tdb.db,
    logger: createLogger({ level: "silent" }),
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000,
  });
  const server = createServer(getRequestListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const app: FleetApp = {
    url: `http://127.0.0.1:${port}`,
    db: tdb.db,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      if (!opts.tdb) await tdb.drop();
    },
  };
  return app;
}

export type ClusterSpec = {
  name: string;
  project: number;
  status?: string;
  gpuType?: string;
  gpuCount?: number;
  region?: string;
  hourlyRateCents?: number;
  gpuUtilization?: number | null;
  /** Minutes before "now": fixes the default created_at desc order. */
  ageMinutes: number;
};

let sequence = 0;

/** An account with `projects` projects, a key (`scopes`, default clusters:read) and these clusters. */
export async function createTenant(
  db: Db,
  clusters: ClusterSpec[],
  opts: { projects?: number; scopes?: string[] } = {},
) {
  const tag = `${process.pid}_${++sequence}`;
  const accountId = `acc_${tag}`;
  await db.account.create({ data: { id: accountId, name: `Tenant ${tag}` } });
  const projects = Array.from({ length: opts.projects ?? 2 }, (_, i) => `prj_${tag}_${i}`);
  await db.project.createMany({
    data: projects.map((id, i) => ({ id, accountId, name: `Project ${i}` })),
  });
  const key = generateApiKey();
  await db.apiKey.create({
    data: {
      id: key.id,
      accountId,
      name: "client test key",
      prefix: key.prefix,
      secretHash: key.secretHash,
      scopes: opts.scopes ?? ["clusters:read"],
    },
  });
  const now = Date.now();
  const rows = clusters.map((spec, i) => {
    const status = spec.status ?? "running";
    const utilization = spec.gpuUtilization === undefined ? 50 : spec.gpuUtilization;
    const metrics = status === "running" && utilization !== null;
    return {
      id: `cl_${tag}_${i}`,
      accountId,
      projectId: projects[spec.project] ?? "",
      name: spec.name,
      nameLower: spec.name.toLowerCase(),
      description: null,
      status,
      gpuType: spec.gpuType ?? "A100",
      gpuCount: spec.gpuCount ?? 1,
      cpuCores: 8,
      memoryGb: 64,
      storageGb: 500,
      region: spec.region ?? "us-east-1",
      sshEnabled: false,
      hourlyRateCents: spec.hourlyRateCents ?? 100,
      totalCostCents: 1000n,
      gpuUtilization: metrics ? utilization : null,
      gpuMemoryUtilization: metrics ? 10 : null,
      cpuUtilization: metrics ? 10 : null,
      memoryUtilization: metrics ? 10 : null,
      metricsUpdatedAt: metrics ? new Date(now) : null,
      createdAt: new Date(now - spec.ageMinutes * 60_000),
    };
  });
  await db.cluster.createMany({ data: rows });
  return { accountId, projects, key: key.secret, clusterIds: rows.map((r) => r.id) };
}
