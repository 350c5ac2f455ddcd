// The counting strategy decides, for every filter of the schema, whether `cluster_counts` serves
// it: a filter field added to the schema without a decision fails here (and the typecheck), and a
// filter marked served must count exactly from the counters.
import { type Db, Prisma } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterSelector, type ClusterSelectorInput } from "@fleet/schema";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { clusterWhere, type FilterKey, filterConditions } from "../src/clusters/cluster-where.ts";
import { clusterCountQuery } from "../src/clusters/count-clusters.ts";
import { COUNTER_SERVED, servedByCounters } from "../src/clusters/counter-served.ts";
import { createAccount, createCluster, type TestAccount } from "../src/testing/index.ts";

let tdb: TestDatabase;
let db: Db;
let account: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  account = await createAccount(db, { projects: 2, templates: 1 });
  const [project0, project1] = account.projects as [string, string];
  for (let i = 0; i < 12; i++) {
    await createCluster(db, account.id, {
      projectId: i % 3 ? project0 : project1,
      templateId: i % 4 ? null : (account.templates[0] ?? null),
      name: i % 2 ? `train-${i}` : `serve-${i}`,
      status: i % 2 ? "running" : "stopped",
      gpuType: i % 3 ? "H100" : "A100",
      gpuCount: [1, 2, 4, 8][i % 4] as number,
      region: i % 2 ? "us-east-1" : "eu-west-1",
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    });
  }
}, 60_000);
afterAll(() => tdb?.drop());

test("every filter of the schema, and nothing else, has a counter decision", () => {
  expect(Object.keys(COUNTER_SERVED).sort()).toEqual(Object.keys(ClusterSelector.shape).sort());
});

/** A value for each filter that narrows the seeded account's clusters to some but not all. */
const narrowing = (): { [K in FilterKey]-?: ClusterSelectorInput[K] } => ({
  status: ["running"],
  gpu_type: ["H100"],
  region: ["eu-west-1"],
  project_id: account.projects[0],
  template_id: account.templates[0],
  min_gpu_count: 2,
  max_gpu_count: 4,
  created_after: "2026-01-04T00:00:00.000Z",
  created_before: "2026-01-09T00:00:00.000Z",
  search: "train",
});

test.each(Object.keys(COUNTER_SERVED) as FilterKey[])(
  "filter %s: counted by the strategy it is marked for, exactly",
  async (key) => {
    const principal: Principal = { accountId: account.id, apiKeyId: "k", scopes: [], projectIds: null };
    const filter = ClusterSelector.parse({ [key]: narrowing()[key] });
    expect(servedByCounters(filterConditions(filter))).toBe(COUNTER_SERVED[key]);
    const statement = clusterCountQuery(principal, filter);
    expect(statement.sql.includes("FROM cluster_counts")).toBe(COUNTER_SERVED[key]);
    const [counted] = await db.$rows<{ total: bigint }>(statement);
    const [truth] = await db.$rows<{ total: bigint }>(
      Prisma.sql`SELECT count(*) AS total FROM clusters WHERE ${clusterWhere(principal, filter)}`,
    );
    const all = await db.cluster.count({ where: { accountId: account.id } });
    expect(Number(counted?.total)).toBe(Number(truth?.total));
    expect(Number(truth?.total)).toBeGreaterThan(0);
    expect(Number(truth?.total)).toBeLessThan(all);
  },
);
