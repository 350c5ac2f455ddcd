// Which listings run as prepared statements planned once (one-plan.ts), and that those answer like
// any other read: the same page and an exact total, counted afresh when the log cannot carry it.
import { createPrismaClient, type Db, Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter, type ClusterFilterInput } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { filterConditions } from "../src/clusters/cluster-where.ts";
import { listClusters } from "../src/clusters/list-clusters.ts";
import { hasOneGoodPlan } from "../src/clusters/one-plan.ts";

const everyProject: Principal = {
  accountId: "acc",
  apiKeyId: "k",
  scopes: ["clusters:read"],
  projectIds: null,
};

const oneGoodPlan = (input: ClusterFilterInput, principal = everyProject) => {
  const filter = ClusterFilter.parse(input);
  return hasOneGoodPlan(principal, filter, filterConditions(filter));
};

describe("which reads are planned once", () => {
  test.each<[string, ClusterFilterInput]>([
    ["no filter", {}],
    ["no filter, any sort and order", { sort_by: "cost", sort_order: "asc" }],
    ["no filter, a cursor page", { cursor: "*" }],
    ["one status", { status: ["running"] }],
    ["one project, oldest first", { project_id: "p1", sort_order: "asc" }],
    ["one template, a later page", { template_id: "t1", page: 40 }],
    ["an empty search selects everything", { search: "" }],
  ])("%s: planned once", (_, input) => expect(oneGoodPlan(input)).toBe(true));

  test.each<[string, ClusterFilterInput]>([
    ["two statuses", { status: ["running", "error"] }],
    ["one status under another sort", { status: ["running"], sort_by: "name" }],
    ["two filters", { status: ["running"], region: ["us-east-1"] }],
    ["a gpu count range", { min_gpu_count: 2 }],
    ["a creation range", { created_after: "2026-01-01" }],
    ["a search", { search: "train" }],
  ])("%s: planned with its values", (_, input) => expect(oneGoodPlan(input)).toBe(false));

  test("a key restricted to projects: planned with its values", () => {
    expect(oneGoodPlan({}, { ...everyProject, projectIds: ["p1"] })).toBe(false);
  });
});

describe("prepared listings on a real PostgreSQL", () => {
  let tdb: TestDatabase;
  // One connection, so that the statements it prepared can be read back from it.
  let db: Db;
  let principal: Principal;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url, { max: 1 });
    const summary = await seed(tdb.url, { accounts: 2, clusters: 600, seed: "one-plan", log: () => {} });
    principal = { ...everyProject, accountId: summary.largestAccount?.id ?? "" };
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await tdb?.drop();
  });

  const preparedListings = async () =>
    (
      await db.$rows(
        Prisma.sql`SELECT FROM pg_prepared_statements WHERE statement LIKE '%FROM cluster_change_log%'`,
      )
    ).length;

  test("a read planned once is prepared from its second call on, and pages and counts as one planned per call", async () => {
    const filter = ClusterFilter.parse({ status: ["running"], limit: 7 });
    const first = await listClusters(db, principal, filter);
    expect(await preparedListings()).toBe(0);
    const second = await listClusters(db, principal, filter);
    expect(await preparedListings()).toBe(1);
    expect(second).toEqual(first);
    const withSearch = ClusterFilter.parse({ status: ["running"], search: "-", limit: 7 });
    await listClusters(db, principal, withSearch);
    await listClusters(db, principal, withSearch);
    expect(await preparedListings()).toBe(1);
  });

  test("a prepared read whose count the log cannot carry (a TRUNCATE and a fresh load between) counts afresh", async () => {
    const filter = ClusterFilter.parse({});
    const before = (await listClusters(db, principal, filter)).pagination.total;
    expect((await listClusters(db, principal, filter)).pagination.total).toBe(before);
    await seed(tdb.url, { accounts: 2, clusters: 600, seed: "one-plan", reset: true, log: () => {} });
    await db.cluster.deleteMany({ where: { accountId: principal.accountId, status: "running" } });
    const truth = await db.cluster.count({ where: { accountId: principal.accountId } });
    expect(truth).toBeGreaterThan(0);
    expect(truth).toBeLessThan(before);
    expect((await listClusters(db, principal, filter)).pagination.total).toBe(truth);
  });
});
