// The public Cluster from the table's columns: the listing reads every column but the internal
// ones, toCluster makes a valid Cluster of any seeded row, and no column it reads goes unused.
import { Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CLUSTER_COLUMNS, type ClusterRow, toCluster } from "../src/clusters/cluster-row.ts";

let database: TestDatabase;
let rows: ClusterRow[];

beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.url, { accounts: 2, clusters: 400, seed: "cluster-row", log: () => {} });
  rows = await database.db.$rows<ClusterRow>(Prisma.sql`SELECT ${CLUSTER_COLUMNS} FROM clusters ORDER BY id`);
}, 60_000);
afterAll(() => database?.drop());

test("the listing reads every column of the clusters table except account_id and name_lower", async () => {
  const table = await database.db.$rows<{ column_name: string }>(
    Prisma.sql`SELECT column_name FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'clusters'`,
  );
  const expected = table.map((c) => c.column_name).filter((c) => c !== "account_id" && c !== "name_lower");
  expect(Object.keys(rows[0] ?? {}).sort()).toEqual(expected.sort());
});

test("toCluster makes a valid public Cluster, with exactly the schema's keys, of every row", () => {
  expect(rows).toHaveLength(400);
  for (const row of rows) {
    const cluster = toCluster(row);
    expect(Object.keys(cluster).sort()).toEqual(Object.keys(Cluster.shape).sort());
    expect(() => Cluster.strict().parse(cluster), row.id).not.toThrow();
  }
});

/** Another value of the same type, one that any mapping of the column must show. */
function changed(value: unknown): unknown {
  if (typeof value === "string") return `${value}x`;
  if (typeof value === "number") return value === 0 ? 1 : value / 2;
  if (typeof value === "bigint") return value + 1n;
  if (typeof value === "boolean") return !value;
  if (value instanceof Date) return new Date(value.getTime() + 1000);
  if (Array.isArray(value) && value.length > 0) return [];
  throw new Error(`no other value for ${JSON.stringify(value)}`);
}

test("every column the listing reads reaches the public Cluster (one selected but unmapped fails here)", () => {
  // A row with every column filled (running, SSH, proxy, template, expiry, port mappings), so no
  // column is hidden behind another's null.
  const full = rows.find((row) =>
    Object.values(row).every((value) => value !== null && !(Array.isArray(value) && value.length === 0)),
  );
  if (!full) throw new Error("the seed made no cluster with every column filled");
  const before = toCluster(full);
  for (const column of Object.keys(full) as (keyof ClusterRow)[]) {
    const after = toCluster({ ...full, [column]: changed(full[column]) });
    expect(after, column).not.toEqual(before);
  }
});
