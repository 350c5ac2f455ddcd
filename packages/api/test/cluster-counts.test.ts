// Exact counts at scale: the trigger-maintained `cluster_counts` always equals a GROUP BY over
// `clusters`, and every total listClusters reports (from the counters or from the versioned count
// cache) equals a fresh count(*), through inserts, updates, deletes, cascades, COPY and TRUNCATE.
import { type Db, Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter, type ClusterFilterInput } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { clusterWhere, filterConditions } from "../src/clusters/cluster-where.ts";
import { servedByCounters } from "../src/clusters/counter-served.ts";
import { listClusters } from "../src/clusters/list-clusters.ts";

let tdb: TestDatabase;
let db: Db;
let accountId: string;
let projects: string[];
let templates: string[];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  const summary = await seed(tdb.url, { accounts: 3, clusters: 1500, seed: "counts", log: () => {} });
  accountId = summary.largestAccount?.id ?? "";
  projects = (await db.project.findMany({ where: { accountId }, orderBy: { id: "asc" } })).map((p) => p.id);
  templates = (await db.template.findMany({ where: { accountId }, orderBy: { id: "asc" } })).map((t) => t.id);
}, 120_000);
afterAll(() => tdb?.drop());

/** Rollup rows that differ from a GROUP BY over clusters (empty when the counters are exact). */
async function counterDrift() {
  return db.$queryRaw<unknown[]>(Prisma.sql`
    WITH truth AS (
      SELECT account_id, project_id, status, gpu_type, region, gpu_count, count(*)::int8 AS n
        FROM clusters GROUP BY 1, 2, 3, 4, 5, 6),
    kept AS (SELECT account_id, project_id, status, gpu_type, region, gpu_count, clusters AS n
        FROM cluster_counts WHERE clusters <> 0)
    (SELECT * FROM truth EXCEPT ALL SELECT * FROM kept)
    UNION ALL
    (SELECT * FROM kept EXCEPT ALL SELECT * FROM truth)`);
}

const version = async (account = accountId) =>
  (await db.clusterCountVersion.findUnique({ where: { accountId: account } }))?.version ?? null;

const principal = (projectIds: string[] | null = null): Principal => ({
  accountId,
  apiKeyId: "k",
  scopes: ["clusters:read"],
  projectIds,
});

async function trueCount(p: Principal, filter: ClusterFilter) {
  const rows = await db.$queryRaw<{ n: bigint }[]>(
    Prisma.sql`SELECT count(*) AS n FROM clusters WHERE ${clusterWhere(p, filter)}`,
  );
  return Number(rows[0]?.n);
}

const FILTERS: [string, ClusterFilterInput, string[] | null][] = [
  ["no filter", {}, null],
  ["status", { status: ["running", "error"] }, null],
  ["gpu type and region", { gpu_type: ["H100"], region: ["us-east-1", "eu-west-1"] }, null],
  ["gpu count range", { min_gpu_count: 2, max_gpu_count: 4 }, null],
  ["project", { project_id: "PROJECT0" }, null],
  ["project-restricted key", { status: ["running"] }, ["PROJECT0", "PROJECT1"]],
  ["search (cached)", { search: "train" }, null],
  ["search, restricted key (cached)", { search: "-0" }, ["PROJECT1"]],
  ["template (cached)", { template_id: "TEMPLATE0" }, null],
  ["created range (cached)", { created_after: "2026-01-01", created_before: "2026-09-01" }, null],
];

function resolve(input: ClusterFilterInput, restricted: string[] | null) {
  const text = JSON.stringify(input)
    .replaceAll("PROJECT0", projects[0] ?? "")
    .replaceAll("PROJECT1", projects[1] ?? "")
    .replaceAll("TEMPLATE0", templates[0] ?? "");
  const ids = restricted?.map((p) => (p === "PROJECT0" ? projects[0] : projects[1]) as string) ?? null;
  return { filter: ClusterFilter.parse(JSON.parse(text)), p: principal(ids) };
}

/** Every filter's reported total equals count(*) right now. */
async function expectExactTotals(when: string) {
  for (const [name, input, restricted] of FILTERS) {
    const { filter, p } = resolve(input, restricted);
    const { pagination } = await listClusters(db, p, filter);
    const expected = await trueCount(p, filter);
    expect(pagination.total, `${name} ${when}`).toBe(expected);
    // A page past the end has no rows to carry the count version: the count reads it itself.
    const past = await listClusters(db, p, { ...filter, page: 10_000 });
    expect(past.pagination.total, `${name} ${when}, past the end`).toBe(expected);
  }
}

const clusterData = (i: number, overrides: Partial<Prisma.ClusterCreateManyInput> = {}) => ({
  id: `cl_count_${i}`,
  accountId,
  projectId: projects[i % 2] as string,
  templateId: i % 3 === 0 ? (templates[0] ?? null) : null,
  name: `train-count-${i}`,
  nameLower: `train-count-${i}`,
  status: ["running", "error", "stopped"][i % 3] as string,
  gpuType: "H100",
  gpuCount: [1, 2, 4, 8][i % 4] as number,
  cpuCores: 8,
  memoryGb: 64,
  storageGb: 100,
  region: "us-east-1",
  sshEnabled: false,
  hourlyRateCents: 300,
  totalCostCents: 0n,
  createdAt: new Date("2026-05-01T00:00:00Z"),
  ...overrides,
});

describe("cluster_counts (trigger-maintained)", () => {
  test("matches a GROUP BY right after a COPY seed", async () => {
    expect(await counterDrift()).toEqual([]);
  });

  test("stays exact through multi-row inserts, updates of every counted column, deletes and cascades", async () => {
    await db.cluster.createMany({ data: Array.from({ length: 30 }, (_, i) => clusterData(i)) });
    expect(await counterDrift()).toEqual([]);
    await db.cluster.updateMany({ where: { id: { startsWith: "cl_count_" } }, data: { status: "pending" } });
    await db.cluster.updateMany({
      where: { id: { in: ["cl_count_1", "cl_count_2"] } },
      data: { gpuCount: 16 },
    });
    await db.cluster.update({
      where: { id: "cl_count_3" },
      data: { projectId: projects[1], region: "ap-southeast-1" },
    });
    await db.cluster.update({ where: { id: "cl_count_4" }, data: { gpuType: "T4", status: "running" } });
    expect(await counterDrift()).toEqual([]);
    await db.cluster.deleteMany({ where: { id: { in: ["cl_count_5", "cl_count_6", "cl_count_7"] } } });
    await db.project.delete({ where: { id: projects[2] ?? "" } }).catch(() => undefined);
    expect(await counterDrift()).toEqual([]);
  });

  test("an update that changes no filtered column leaves counters and version alone", async () => {
    const before = await version();
    await db.cluster.updateMany({
      where: { accountId, status: "running" },
      data: { gpuUtilization: 55, hourlyRateCents: 999, updatedAt: new Date() },
    });
    expect(await version()).toBe(before);
    expect(await counterDrift()).toEqual([]);
  });

  test("concurrent writers on one account keep the counters exact (no lost update, no deadlock)", async () => {
    const ids = (await db.cluster.findMany({ where: { accountId }, select: { id: true }, take: 80 })).map(
      (c) => c.id,
    );
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        db.$transaction(async (tx) => {
          for (const id of ids.filter((_, i) => i % 8 === w)) {
            await tx.cluster.update({ where: { id }, data: { status: w % 2 ? "stopping" : "starting" } });
          }
        }),
      ),
    );
    expect(await counterDrift()).toEqual([]);
  });
});

describe("reported totals are exact", () => {
  test("for every kind of filter, before and after writes that change membership", async () => {
    await expectExactTotals("initially");
    // Served twice: the second time the cached counts answer, still exact.
    await expectExactTotals("from the cache");

    const before = await version();
    await db.cluster.create({ data: clusterData(100, { name: "train-new", nameLower: "train-new" }) });
    expect(await version()).not.toBe(before);
    await expectExactTotals("after an insert");

    await db.cluster.update({
      where: { id: "cl_count_100" },
      data: { name: "renamed", nameLower: "renamed" },
    });
    await expectExactTotals("after a rename out of the search");

    await db.cluster.updateMany({
      where: { accountId, templateId: templates[0] },
      data: { templateId: null },
    });
    await expectExactTotals("after clearing a template");

    await db.cluster.updateMany({
      where: { id: { in: ["cl_count_8", "cl_count_9"] } },
      data: { createdAt: new Date("2025-01-01T00:00:00Z") },
    });
    await expectExactTotals("after moving creation dates");

    await db.cluster.deleteMany({ where: { accountId, status: "error" } });
    await expectExactTotals("after a delete");
    expect(await counterDrift()).toEqual([]);
  });

  test("which filters the counters answer, and which the cache does", () => {
    const countable = (input: ClusterFilterInput) =>
      servedByCounters(filterConditions(ClusterFilter.parse(input)));
    expect(countable({ status: ["running"], min_gpu_count: 2, project_id: "p" })).toBe(true);
    expect(countable({ search: "" })).toBe(true);
    expect(countable({ search: "x" })).toBe(false);
    expect(countable({ template_id: "t" })).toBe(false);
    expect(countable({ created_before: "2026-01-01" })).toBe(false);
  });

  test("TRUNCATE and a fresh COPY seed reset the counters and invalidate cached counts", async () => {
    const { filter, p } = resolve({ search: "train" }, null);
    expect((await listClusters(db, p, filter)).pagination.total).toBeGreaterThan(0);
    await seed(tdb.url, { accounts: 2, clusters: 300, seed: "counts-2", reset: true, log: () => {} });
    expect(await counterDrift()).toEqual([]);
    expect((await listClusters(db, p, filter)).pagination.total).toBe(0);
    await db.$executeRaw`TRUNCATE clusters CASCADE`;
    expect(await db.clusterCount.aggregate({ _sum: { clusters: true } })).toEqual({
      _sum: { clusters: null },
    });
    expect(await counterDrift()).toEqual([]);
  });
});
