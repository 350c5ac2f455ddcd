// The change hub delivering a long backlog (a bulk write of many feed batches) to a stream: the
// changes committed meanwhile get their positions then, not once the backlog is delivered.
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createAccount,
  createCluster,
  createKey,
  openEventStream,
  type StreamEvent,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

const BULK = 30_000;

let app: TestApp;
let accountId: string;
let key: string;
let template: string;

beforeAll(async () => {
  app = await startApp();
  const account = await createAccount(app.db, { projects: 1 });
  accountId = account.id;
  key = (await createKey(app.db, accountId)).secret;
  template = await createCluster(app.db, accountId, {
    projectId: account.projects[0] as string,
    name: "one",
  });
});
afterAll(() => app?.close());

const positionOf = async (clusterId: string) => {
  const [row] = await app.db.$queryRaw<{ position: bigint | null }[]>`
    SELECT position FROM cluster_changes WHERE cluster_id = ${clusterId} ORDER BY seq DESC LIMIT 1`;
  return row?.position ?? null;
};

test("a change committed while the hub delivers a long backlog is positioned before that backlog is delivered", async () => {
  const listed = await app.get("/v1/clusters", { key });
  const revision = listed.headers.get("x-fleet-revision") ?? "";
  const stream = await openEventStream(`${app.url}/v1/clusters/watch?since=${encodeURIComponent(revision)}`, {
    authorization: `Bearer ${key}`,
  });
  expect(stream.status).toBe(200);
  const upserts = () => stream.events.filter((e) => e.event === "upsert").length;

  // One statement, so one commit: thirty of the hub's feed batches, positioned in one step.
  await app.db.$executeRaw`
    INSERT INTO clusters
    SELECT (jsonb_populate_record(c, jsonb_build_object('id', 'bulk-' || g, 'name', 'bulk ' || g))).*
      FROM clusters c, generate_series(1, ${BULK}::int) g WHERE c.id = ${template}`;
  await stream.waitFor(() => upserts() > 0, 20_000);
  await app.db.$executeRaw`UPDATE clusters SET gpu_utilization = 12 WHERE id = ${template}`;

  let receivedWhenPositioned = -1;
  const deadline = Date.now() + 60_000;
  while (receivedWhenPositioned < 0 && Date.now() < deadline) {
    const received = upserts();
    if ((await positionOf(template)) !== null) receivedWhenPositioned = received;
    else if (received >= BULK) break;
  }
  const isUpdate = (e: StreamEvent) => e.event === "upsert" && (e.data as { id: string }).id === template;
  const events = await stream.waitFor((e) => e.some(isUpdate), 60_000);
  stream.close();

  // Positioned a few feed batches into the backlog (the hub steps every ten), well before its end.
  expect(receivedWhenPositioned).toBeGreaterThanOrEqual(0);
  expect(receivedWhenPositioned).toBeLessThan(BULK * 0.7);
  // And delivered after the whole backlog, in commit order.
  const upsertIds = events.filter((e) => e.event === "upsert").map((e) => (e.data as { id: string }).id);
  expect(upsertIds).toHaveLength(BULK + 1);
  expect(upsertIds.at(-1)).toBe(template);
}, 120_000);
