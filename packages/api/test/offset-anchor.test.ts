// Deep offset pages read from the last deep page's first row (offset-anchor.ts): whatever the
// writers do between two reads (new clusters, deletions, rows moving across the anchor in the
// order), every page equals the reference listing of the rows as they are, and the read that can
// use the anchor does.
import { createPrismaClient, type Db } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter, type ClusterFilterInput, type SortKey, type SortOrder } from "@fleet/schema";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { listClusters } from "../src/clusters/list-clusters.ts";
import { createCluster } from "../src/testing/clusters.ts";
import { gatedBranch, listingPlans, ran } from "../src/testing/listing-plan.ts";
import { referenceList } from "../src/testing/reference-list.ts";

const LIMIT = 50;
const STATUSES = ["running", "stopped", "error", "pending"];

describe("deep offset pages from an anchor", () => {
  let tdb: TestDatabase;
  let db: Db;
  let principal: Principal;
  let projectId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const summary = await seed(tdb.url, {
      accounts: 1,
      clusters: 2500,
      seed: "offset-anchor",
      log: () => {},
    });
    const accountId = summary.largestAccount?.id ?? "";
    principal = { accountId, apiKeyId: "k", scopes: ["clusters:read"], projectIds: null };
    projectId = (await db.project.findFirstOrThrow({ where: { accountId } })).id;
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await tdb?.drop();
  });

  const expectPage = async (sort_by: SortKey, sort_order: SortOrder, page: number) => {
    const rows = await db.cluster.findMany({ where: { accountId: principal.accountId } });
    const expected = referenceList(rows, { sort_by, sort_order }).map((c) => c.id);
    const input: ClusterFilterInput = { sort_by, sort_order, page, limit: LIMIT };
    const list = await listClusters(db, principal, ClusterFilter.parse(input));
    expect(list.pagination.total).toBe(expected.length);
    expect(list.data.map((c) => c.id)).toEqual(expected.slice((page - 1) * LIMIT, page * LIMIT));
  };

  /** One write of the kinds that move rows around a deep page of `sort`, chosen by `pick`. */
  const write = async (pick: number, sort: SortKey) => {
    const victims = await db.cluster.findMany({
      where: { accountId: principal.accountId },
      orderBy: { id: "asc" },
      skip: pick % 2000,
      take: 1,
    });
    const victim = victims[0];
    if (!victim) return;
    switch (pick % 5) {
      case 0:
        await createCluster(db, principal.accountId, {
          projectId,
          name: `anchor-${pick}`,
          status: STATUSES[pick % STATUSES.length],
          gpuCount: 1 + (pick % 8),
          createdAt: new Date(Date.UTC(2026, 0, 1) + pick * 60_000),
        });
        return;
      case 1:
        await db.cluster.delete({ where: { id: victim.id } });
        return;
      case 2:
        await db.cluster.update({
          where: { id: victim.id },
          data: { status: STATUSES[pick % STATUSES.length] },
        });
        return;
      case 3:
        await db.cluster.update({ where: { id: victim.id }, data: { gpuCount: 1 + (pick % 8) } });
        return;
      default:
        // A rename moves the row in the name order (name_lower follows it); a metrics refresh moves nothing.
        if (sort === "name")
          await db.cluster.update({ where: { id: victim.id }, data: { name: `z-${pick}` } });
        else await db.cluster.update({ where: { id: victim.id }, data: { gpuUtilization: pick % 100 } });
    }
  };

  test.each<[SortKey, SortOrder]>([
    ["created_at", "desc"],
    ["name", "asc"],
    ["status", "desc"],
    ["gpu_count", "asc"],
    ["cost", "desc"],
  ])(
    "by %s %s: every deep page equals the reference listing across writes",
    async (sort_by, sort_order) => {
      const picks = fc.sample(fc.tuple(fc.nat(), fc.integer({ min: 21, max: 40 })), { numRuns: 25, seed: 7 });
      await expectPage(sort_by, sort_order, 30);
      for (const [pick, page] of picks) {
        await write(pick, sort_by);
        if (pick % 3 === 0) await write(pick + 1, sort_by);
        await expectPage(sort_by, sort_order, page);
      }
    },
    120_000,
  );

  test("a page read again reads from its anchor: the offset is not skipped", async () => {
    const { warm: plan } = await listingPlans(db, principal, { page: 30, limit: LIMIT }, () =>
      createCluster(db, principal.accountId, { projectId, createdAt: new Date() }),
    );
    expect(ran(gatedBranch(plan, "((meta.anchor_before >="))).toBe(true);
    expect(ran(gatedBranch(plan, "(NOT COALESCE("))).toBe(false);
  });
});
