// The sequencer positions committed changes in steps of a batch; a backlog longer than one step is
// positioned by one sequenceBacklog call, in commit order, each change once.
import { Prisma } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sequenceBacklog, sequenceChanges } from "../src/changes/sequencer.ts";
import { createAccount, createClusters } from "../src/testing/index.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
}, 120_000);
afterAll(() => tdb?.drop());

const unpositioned = async () =>
  Number(
    (
      await tdb.db.$rows<{ n: bigint }>(
        Prisma.sql`SELECT count(*) AS n FROM cluster_changes WHERE position IS NULL`,
      )
    )[0]?.n,
  );

test("one step positions a batch; sequenceBacklog positions a backlog of several batches at once", async () => {
  await sequenceBacklog(tdb.db);
  const account = await createAccount(tdb.db, { projects: 1 });
  const projectId = account.projects[0] as string;
  await createClusters(
    tdb.db,
    account.id,
    Array.from({ length: 350 }, (_, i) => ({ projectId, name: `backlog ${i}` })),
  );
  expect(await unpositioned()).toBe(350);
  expect((await sequenceChanges(tdb.db, { batch: 100 })).positioned).toBe(100);
  expect(await unpositioned()).toBe(250);
  const state = await sequenceBacklog(tdb.db, { batch: 100 });
  expect(await unpositioned()).toBe(0);
  const positions = await tdb.db.$rows<{ position: bigint }>(
    Prisma.sql`SELECT position FROM cluster_changes ORDER BY seq`,
  );
  // In seq order, each change its own position, with no gap: the last one is the log's.
  const numbers = positions.map((p) => p.position);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect([...numbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(numbers);
  expect(numbers.at(-1)).toBe(state.lastPosition);
});
