// fleet.watch() against the real app over HTTP: list, follow from the list's revision, keep going
// across a server-ended stream, and list again when the revision has expired.
process.env.FLEET_WATCH_HEARTBEAT_MS = "300";

import { createAccount, createCluster, createKey, startApp, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createFleetClient, type WatchEvent } from "../src/index.ts";

let app: TestApp;
let accountId: string;
let projectId: string;
let apiKey: string;

beforeAll(async () => {
  app = await startApp();
  const account = await createAccount(app.db, { projects: 1 });
  accountId = account.id;
  projectId = account.projects[0] as string;
  apiKey = (await createKey(app.db, accountId)).secret;
});
afterAll(() => app?.close());

/** Takes events from the iterator until `enough` says so. */
async function take(events: AsyncGenerator<WatchEvent>, enough: (got: WatchEvent[]) => boolean) {
  const got: WatchEvent[] = [];
  for await (const event of events) {
    got.push(event);
    if (enough(got)) break;
  }
  return got;
}

const changes = (got: WatchEvent[]) => got.filter((e) => e.event !== "heartbeat");

test("follows a list from its revision: upserts and removes with the cluster, in order", async () => {
  const fleet = createFleetClient({ baseUrl: app.url, apiKey });
  const first = await createCluster(app.db, accountId, { projectId, status: "running" });
  const listed = await fleet.clusters.list.query({ status: ["running"] });
  expect(listed.data.map((c) => c.id)).toEqual([first]);
  const events = fleet.watch({ status: ["running"] }, { since: listed.pagination.revision });
  const writes = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await createCluster(app.db, accountId, { projectId, status: "running" });
    await app.db.$executeRaw`UPDATE clusters SET status = 'stopped' WHERE id = ${first}`;
    return second;
  })();
  const got = await take(events, (g) => changes(g).length >= 2);
  const second = await writes;
  expect(
    changes(got).map((e) => [e.event, e.event === "upsert" || e.event === "remove" ? e.data.id : ""]),
  ).toEqual([
    ["upsert", second],
    ["remove", first],
  ]);
  const upsert = changes(got)[0];
  expect(upsert?.event === "upsert" && upsert.data.status).toBe("running");
});

test("an expired revision: the clusters are listed again as one resync, then followed", async () => {
  const fleet = createFleetClient({ baseUrl: app.url, apiKey });
  const { pagination } = await fleet.clusters.list.query({});
  await createCluster(app.db, accountId, { projectId });
  // Everything positioned so far is pruned away, as after the retention.
  await app.db.$executeRaw`UPDATE cluster_change_log SET pruned_through = last_position + 1`;
  const events = fleet.watch({}, { since: pagination.revision });
  const later = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return createCluster(app.db, accountId, { projectId, name: "after the resync" });
  })();
  const named = (e: WatchEvent) =>
    (e.event === "upsert" && e.data.name === "after the resync") ||
    (e.event === "resync" && e.data.some((c) => c.name === "after the resync"));
  // The new cluster comes as an upsert, or inside a resync listed after it was created.
  const got = await take(events, (g) => g.some(named));
  await later;
  expect(got[0]?.event).toBe("resync");
  // What a client holds after the events equals a fresh list.
  const held = new Map<string, unknown>();
  for (const e of got) {
    if (e.event === "resync") {
      held.clear();
      for (const c of e.data) held.set(c.id, c);
    }
    if (e.event === "upsert") held.set(e.data.id, e.data);
    if (e.event === "remove") held.delete(e.data.id);
  }
  const all = await fleet.clusters.list.query({ limit: 100 });
  expect([...held.keys()].sort()).toEqual(all.data.map((c) => c.id).sort());
});

test("a key that may not read: the iterator throws FORBIDDEN", async () => {
  const writer = (await createKey(app.db, accountId, { scopes: ["clusters:write"] })).secret;
  const fleet = createFleetClient({ baseUrl: app.url, apiKey: writer });
  await expect(take(fleet.watch(), () => true)).rejects.toMatchObject({ code: "FORBIDDEN" });
});
