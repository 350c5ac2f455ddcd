// Pruning the change log runs beside the sequencer, not in its way: while one prune is held up
// (here by a row it must delete that another transaction has locked, as a long backlog holds one
// for seconds), committed changes still get their positions, and a second prune does not start.
import { createPrismaClient, type Db, Prisma } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { pruneChanges } from "../src/changes/pruner.ts";
import { sequenceChanges } from "../src/changes/sequencer.ts";
import { createAccount, createCluster } from "../src/testing/index.ts";

let tdb: TestDatabase;
let db: Db;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createPrismaClient(tdb.url);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
});

const positionOf = async (clusterId: string) =>
  (
    await db.$queryRaw<{ position: bigint | null }[]>`
      SELECT position FROM cluster_changes WHERE cluster_id = ${clusterId}`
  )[0]?.position ?? null;

test("a prune held up stops neither the positions nor lets a second prune run", async () => {
  const account = await createAccount(db, { projects: 1 });
  const projectId = account.projects[0] as string;
  const first = await createCluster(db, account.id, { projectId });
  await sequenceChanges(db);
  expect(await positionOf(first)).not.toBeNull();

  // Another transaction holds the first change's row until released.
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holding = db.$rowsInTransaction(async (rows) => {
    await rows(Prisma.sql`SELECT FROM cluster_changes WHERE cluster_id = ${first} FOR UPDATE`);
    locked();
    await released;
  });
  await isLocked;
  const pruning = pruneChanges(db, 0);
  // The prune is waiting for the locked row, inside its statement (seen from outside the holding
  // transaction, which keeps one view of pg_stat_activity).
  await expect
    .poll(
      async () =>
        (
          await db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%fleet.prune_changes%'`
        )[0]?.n,
      { timeout: 10_000, interval: 50 },
    )
    .toBe(1);

  expect(await pruneChanges(db, 0)).toBe(0);
  const second = await createCluster(db, account.id, { projectId });
  const step = await sequenceChanges(db);
  expect(step.positioned).toBe(1);
  expect(await positionOf(second)).not.toBeNull();

  release();
  await holding;
  expect(await pruning).toBeGreaterThan(0);
  expect(await positionOf(first)).toBeNull();
  const [log] = await db.$queryRaw<{ pruned_through: bigint; last_position: bigint }[]>`
    SELECT pruned_through, last_position FROM cluster_change_log`;
  expect(log?.pruned_through).toBeGreaterThan(0n);
  expect(log?.pruned_through).toBeLessThanOrEqual(log?.last_position ?? 0n);
}, 60_000);
