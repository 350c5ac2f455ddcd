// Exact counts under writes: every total listClusters reports equals a fresh count(*), whether it
// was counted afresh or carried forward from an earlier count with the change log's changes since,
// through inserts, updates of every filtered column, deletes, cascades, account moves, TRUNCATE and
// a COPY seed; and the change log marks exactly the updates that can change a filter's members.
import { type Db, Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter, type ClusterFilterInput } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { clusterWhere, FILTER_COLUMNS, SCOPE_COLUMNS } from "../src/clusters/cluster-where.ts";
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
    // A page past the end still counts.
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

describe("reported totals are exact", () => {
  test("for every kind of filter, before and after writes that change membership", async () => {
    await expectExactTotals("initially");
    // The second time each count is carried forward from the first.
    await expectExactTotals("carried forward");

    await db.cluster.create({ data: clusterData(100, { name: "train-new", nameLower: "train-new" }) });
    await expectExactTotals("after an insert");

    await db.$executeRaw`UPDATE clusters SET name = 'renamed' WHERE id = 'cl_count_100'`;
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

    await db.$executeRaw`UPDATE clusters SET status = 'stopped', gpu_count = 8, region = 'eu-west-1'
      WHERE account_id = ${accountId} AND status = 'running' AND gpu_count = 2`;
    await expectExactTotals("after a multi-row update of several filtered columns");

    await db.$executeRaw`UPDATE clusters SET gpu_utilization = 50, total_cost_cents = total_cost_cents + 1
      WHERE account_id = ${accountId}`;
    await expectExactTotals("after a metrics and cost update of every cluster");

    await db.cluster.deleteMany({ where: { accountId, status: "error" } });
    await expectExactTotals("after a delete");

    await db.project.delete({ where: { id: projects[1] } });
    projects = [projects[0] as string, projects[0] as string];
    await expectExactTotals("after a cascade from a deleted project");
  });

  test("a transaction of several statements, and one rolled back, count exactly once", async () => {
    await expectExactTotals("before");
    await db.$transaction([
      db.$executeRaw`UPDATE clusters SET status = 'error' WHERE account_id = ${accountId} AND status = 'stopped'`,
      db.$executeRaw`UPDATE clusters SET status = 'running' WHERE account_id = ${accountId} AND status = 'error'`,
      db.$executeRaw`DELETE FROM clusters WHERE account_id = ${accountId} AND gpu_count = 1`,
    ]);
    await expectExactTotals("after a committed transaction");
    await db
      .$transaction(async (tx) => {
        await tx.$executeRaw`DELETE FROM clusters WHERE account_id = ${accountId}`;
        throw new Error("roll back");
      })
      .catch(() => {});
    await expectExactTotals("after a rolled-back delete of everything");
  });

  test("a cluster moved to another account leaves one account's counts and enters the other's", async () => {
    const [other] = await db.account.findMany({ where: { id: { not: accountId } }, take: 1 });
    const otherProject = await db.project.findFirstOrThrow({ where: { accountId: other?.id } });
    const them: Principal = { ...principal(), accountId: other?.id ?? "" };
    const theirs = async () => (await listClusters(db, them, ClusterFilter.parse({}))).pagination.total;
    const before = await theirs();
    await db.$executeRaw`UPDATE clusters SET account_id = ${other?.id}, project_id = ${otherProject.id}
      WHERE id = (SELECT id FROM clusters WHERE account_id = ${accountId} ORDER BY id LIMIT 1)`;
    expect(await theirs()).toBe(before + 1);
    await expectExactTotals("after a move to another account");
  });

  test("concurrent writers on one account (each its own clusters, as services own theirs): exact totals, no writer failed", async () => {
    await expectExactTotals("before");
    const writers = Array.from({ length: 6 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 10; i++) {
          await db.$transaction([
            db.$executeRaw`UPDATE clusters SET status = ${["running", "stopped", "error"][(w + i) % 3]}
              WHERE id IN (SELECT id FROM clusters WHERE account_id = ${accountId} AND abs(hashtext(id)) % 6 = ${w}
                           ORDER BY md5(id || ${i}) LIMIT 5)`,
            db.$executeRaw`UPDATE clusters SET gpu_count = ${[1, 2, 4][i % 3]}
              WHERE id IN (SELECT id FROM clusters WHERE account_id = ${accountId} AND abs(hashtext(id)) % 6 = ${w}
                           ORDER BY md5(id || ${i + 50}) LIMIT 3)`,
          ]);
        }
      })(),
    );
    // Listings run all along; each is checked once the writers are done.
    const reading = (async () => {
      for (let i = 0; i < 10; i++)
        await listClusters(db, principal(), ClusterFilter.parse({ status: ["running"] }));
    })();
    await Promise.all([...writers, reading]);
    await expectExactTotals("after concurrent writers");
  });

  test("a count is carried forward with the log's changes, not counted again", async () => {
    const { filter, p } = resolve({ status: ["running"] }, null);
    const counted = (await listClusters(db, p, filter)).pagination.total;
    // Written with the triggers off, a row never reaches the change log: only a count(*) sees it.
    const unlogged = (sql: Prisma.Sql) =>
      db.$transaction([db.$executeRaw`SET LOCAL session_replication_role = replica`, db.$executeRaw(sql)]);
    const row = clusterData(900, { status: "running" });
    await unlogged(Prisma.sql`INSERT INTO clusters (id, account_id, project_id, name, name_lower, status,
        gpu_type, gpu_count, cpu_cores, memory_gb, storage_gb, region, ssh_enabled, hourly_rate_cents,
        total_cost_cents, created_at, updated_at)
      VALUES (${row.id}, ${row.accountId}, ${row.projectId}, ${row.name}, ${row.nameLower}, 'running',
        'H100', 1, 8, 64, 100, 'us-east-1', false, 300, 0, now(), now())`);
    try {
      expect(await trueCount(p, filter)).toBe(counted + 1);
      expect((await listClusters(db, p, filter)).pagination.total).toBe(counted);
      // A logged insert is carried into the count.
      await db.cluster.createMany({ data: [clusterData(901, { status: "running" })] });
      expect((await listClusters(db, p, filter)).pagination.total).toBe(counted + 1);
    } finally {
      await unlogged(Prisma.sql`DELETE FROM clusters WHERE id = ${row.id}`);
    }
    expect((await listClusters(db, p, filter)).pagination.total).toBe(await trueCount(p, filter));
  });

  test("TRUNCATE and a fresh COPY seed make counts count afresh", async () => {
    const { filter, p } = resolve({ search: "train" }, null);
    expect((await listClusters(db, p, filter)).pagination.total).toBeGreaterThan(0);
    await seed(tdb.url, { accounts: 2, clusters: 300, seed: "counts-2", reset: true, log: () => {} });
    expect((await listClusters(db, p, filter)).pagination.total).toBe(0);
    await db.$executeRaw`TRUNCATE clusters CASCADE`;
    expect((await listClusters(db, p, ClusterFilter.parse({}))).pagination.total).toBe(0);
  });
});

describe("the change log marks updates that can change a filter's members", () => {
  const filtered = new Set<string>([...Object.values(FILTER_COLUMNS).flat(), ...SCOPE_COLUMNS]);
  const NEW_VALUES: Record<string, Prisma.Sql> = {
    project_id: Prisma.sql`(SELECT id FROM projects WHERE account_id = clusters.account_id AND id <> clusters.project_id LIMIT 1)`,
    template_id: Prisma.sql`NULL`,
    status: Prisma.sql`CASE WHEN status = 'error' THEN 'running' ELSE 'error' END`,
    gpu_type: Prisma.sql`CASE WHEN gpu_type = 'T4' THEN 'H100' ELSE 'T4' END`,
    region: Prisma.sql`CASE WHEN region = 'us-east-1' THEN 'eu-west-1' ELSE 'us-east-1' END`,
    gpu_count: Prisma.sql`gpu_count + 1`,
    created_at: Prisma.sql`created_at - interval '1 day'`,
    name: Prisma.sql`name || ' x'`,
    description: Prisma.sql`coalesce(description, '') || ' x'`,
  };

  test("an update that changes nothing is not recorded", async () => {
    await seed(tdb.url, { accounts: 1, clusters: 5, seed: "no-op", reset: true, log: () => {} });
    const seqNow = async () =>
      (await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM cluster_changes`)[0]?.seq;
    const before = await seqNow();
    expect(await db.$executeRaw`UPDATE clusters SET status = status, gpu_utilization = gpu_utilization`).toBe(
      5,
    );
    expect(await seqNow()).toBe(before);
    expect(await db.$executeRaw`UPDATE clusters SET gpu_utilization = coalesce(gpu_utilization, 0) + 1`).toBe(
      5,
    );
    const recorded = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM cluster_changes WHERE seq > ${before ?? 0n} AND old_row IS NULL AND NOT key_change`;
    expect(recorded[0]?.n).toBe(5n);
  });

  test("an update of exactly one column is a key change when a filter reads that column, else not", async () => {
    await seed(tdb.url, { accounts: 1, clusters: 20, seed: "key-change", reset: true, log: () => {} });
    const columns = await db.$queryRaw<{ name: string; type: string }[]>`
      SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_name = 'clusters' AND column_name NOT IN ('id', 'account_id', 'name_lower', 'updated_at')`;
    expect(columns.length).toBeGreaterThan(20);
    for (const { name, type } of columns) {
      const value =
        NEW_VALUES[name] ??
        (type === "boolean"
          ? Prisma.raw(`NOT ${name}`)
          : type === "jsonb"
            ? Prisma.raw(`${name} || '[{}]'::jsonb`)
            : type.startsWith("timestamp")
              ? Prisma.raw(`coalesce(${name}, now()) + interval '1 second'`)
              : type === "text"
                ? Prisma.raw(`coalesce(${name}, '') || 'x'`)
                : Prisma.raw(`coalesce(${name}, 0) + 1`));
      const updated = await db.$executeRaw(Prisma.sql`
        UPDATE clusters SET ${Prisma.raw(name)} = ${value}
        WHERE id = (SELECT id FROM clusters WHERE template_id IS NOT NULL ORDER BY id LIMIT 1)`);
      expect(updated, name).toBe(1);
      const [last] = await db.$queryRaw<
        { cluster_id: string; key_change: boolean; changed: string[] | null; recorded: unknown }[]
      >`
        SELECT cluster_id, key_change, new_row -> ${name} AS recorded,
               CASE WHEN old_row IS NOT NULL THEN
                 ARRAY(SELECT key FROM jsonb_each(new_row) n WHERE n.value IS DISTINCT FROM old_row -> n.key) END AS changed
        FROM cluster_changes WHERE new_row IS NOT NULL ORDER BY seq DESC LIMIT 1`;
      const [now] = await db.$queryRaw<{ value: unknown }[]>`
        SELECT to_jsonb(c) -> ${name} AS value FROM clusters c WHERE id = ${last?.cluster_id}`;
      expect(last?.key_change, name).toBe(filtered.has(name));
      expect(last?.recorded, name).toEqual(now?.value);
      // The image before is kept only where a filter could see the difference.
      if (filtered.has(name)) expect(last?.changed, name).toContain(name);
      else expect(last?.changed, name).toBeNull();
    }
  });
});
