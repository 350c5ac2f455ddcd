// Deep offset pages (offset ≥ 1,000 take the id-first "deferred join" path) return exactly the rows
// of the plain ORDER BY … OFFSET, in every sort, and agree with a cursor walk to the same depth.
import { type Db, Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter } from "@fleet/schema";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { clusterOrderBy } from "../src/clusters/cluster-order.ts";
import { listClusters } from "../src/clusters/list-clusters.ts";

let tdb: TestDatabase;
let db: Db;
let principal: Principal;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  const summary = await seed(tdb.url, { accounts: 1, clusters: 2600, seed: "deep-pages", log: () => {} });
  principal = {
    accountId: summary.largestAccount?.id ?? "",
    apiKeyId: "k",
    scopes: ["clusters:read"],
    projectIds: null,
  };
}, 120_000);
afterAll(() => tdb?.drop());

const SORTS = ["created_at", "name", "status", "gpu_count", "cost"] as const;

for (const sortBy of SORTS) {
  for (const order of ["asc", "desc"] as const) {
    test(`sort_by=${sortBy}&sort_order=${order}: pages past offset 1,000 match the plain offset query`, async () => {
      const orderBy = clusterOrderBy({ sort_by: sortBy, sort_order: order });
      for (const page of [11, 20, 26, 27]) {
        const filter = ClusterFilter.parse({ page, limit: 100, sort_by: sortBy, sort_order: order });
        const result = await listClusters(db, principal, filter);
        const expected = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
          SELECT id FROM clusters WHERE account_id = ${principal.accountId}
          ORDER BY ${orderBy} LIMIT 100 OFFSET ${(page - 1) * 100}`);
        expect(result.data.map((c) => c.id)).toEqual(expected.map((r) => r.id));
        expect(result.pagination.total).toBe(2600);
      }
    });
  }
}

test("a cursor walk reaches the same rows as page 13 of 100", async () => {
  let filter = ClusterFilter.parse({ limit: 100, sort_by: "name", cursor: "first" });
  for (let i = 0; i < 12; i++) {
    const { pagination } = await listClusters(db, principal, filter);
    filter = ClusterFilter.parse({ limit: 100, sort_by: "name", cursor: pagination.next_cursor });
  }
  const walked = await listClusters(db, principal, filter);
  const paged = await listClusters(
    db,
    principal,
    ClusterFilter.parse({ page: 13, limit: 100, sort_by: "name" }),
  );
  expect(walked.data.map((c) => c.id)).toEqual(paged.data.map((c) => c.id));
});
