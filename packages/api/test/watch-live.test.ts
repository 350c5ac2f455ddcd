// The change stream under a moving fleet: the simulator's concurrent writers (plain SQL, several
// statements per transaction, some rolled back) change an account while streams follow it, on two
// server instances over one database; a client moves from one to the other mid-stream. At the end
// every stream's view must equal a fresh list, field for field.
process.env.FLEET_WATCH_HEARTBEAT_MS = "200";

import { startSimulation } from "@fleet/db/simulate";
import type { TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseRevision } from "../src/clusters/revision.ts";
import {
  createAccount,
  createClusters,
  createKey,
  openEventStream,
  type StreamEvent,
  startTwoApps,
  type TestApp,
  type TwoApps,
} from "../src/testing/index.ts";

let apps: TwoApps;
let database: TestDatabase;
let one: TestApp;
let two: TestApp;
let accountId: string;
let key: string;

beforeAll(async () => {
  apps = await startTwoApps();
  ({ database, one, two } = apps);
  const account = await createAccount(database.db, { projects: 3, templates: 2 });
  accountId = account.id;
  key = (await createKey(database.db, accountId)).secret;
  const statuses = ["pending", "starting", "running", "stopping", "stopped", "error"];
  await createClusters(
    database.db,
    accountId,
    Array.from({ length: 60 }, (_, i) => ({
      projectId: account.projects[i % 3] as string,
      status: statuses[i % statuses.length] as string,
      name: `live ${i}`,
    })),
  );
}, 60_000);
afterAll(() => apps?.close());

type Cluster = { id: string };

/** Every cluster of a REST listing (all pages), and the first page's revision. */
async function listAll(app: TestApp, query: string) {
  const clusters: Cluster[] = [];
  let path: string | undefined = `/v1/clusters?limit=100&cursor=first${query ? `&${query}` : ""}`;
  let revision = "";
  while (path) {
    const res = await app.get(path, { key });
    expect(res.status).toBe(200);
    revision ||= res.headers.get("x-fleet-revision") ?? "";
    clusters.push(...((await res.json()) as Cluster[]));
    const next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    path = next ? new URL(next).pathname + new URL(next).search : undefined;
  }
  return { clusters, revision };
}

function apply(held: Map<string, Cluster>, events: StreamEvent[]) {
  for (const e of events) {
    const data = e.data as Cluster;
    if (e.event === "upsert") held.set(data.id, data);
    if (e.event === "remove") held.delete(data.id);
  }
  return held;
}

const positionOf = (revision: string) => parseRevision(revision)?.position ?? -1n;
const sorted = (clusters: Iterable<Cluster>) => [...clusters].sort((a, b) => (a.id < b.id ? -1 : 1));

test("concurrent writers, two servers, a client that moves between them: every view ends equal to a fresh list", async () => {
  const queries = [
    "",
    "status=running",
    `project_id=${(await createAccountProjects())[0]}`,
    "search=live%201",
  ];
  const followers = await Promise.all(
    queries.map(async (query) => {
      const start = await listAll(one, query);
      const url = (app: TestApp) => `${app.url}/v1/clusters/watch?${query ? `${query}&` : ""}`;
      const stream = await openEventStream(`${url(one)}since=${encodeURIComponent(start.revision)}`, {
        authorization: `Bearer ${key}`,
      });
      return { query, start, stream, url, events: [] as StreamEvent[] };
    }),
  );
  const simulation = await startSimulation(database.url, {
    accounts: [accountId],
    transitionsPerSecond: 60,
    createsPerSecond: 8,
    deletesPerSecond: 6,
    editsPerSecond: 20,
    metricsEveryMs: 1_000,
    writers: 4,
    rollbackRate: 0.1,
    tickMs: 50,
    seed: "watch-live",
  });
  // Halfway, each client drops its stream on the first server and resumes on the second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  for (const f of followers) {
    f.stream.close();
    f.events.push(...f.stream.events);
    const last = f.events.at(-1)?.id ?? f.start.revision;
    f.stream = await openEventStream(f.url(two), { authorization: `Bearer ${key}`, "last-event-id": last });
  }
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const stats = await simulation.stop();
  expect(stats.committed).toBeGreaterThan(20);
  expect(stats.rolledBack).toBeGreaterThan(0);
  // Every write has committed; give the sequencer a few rounds to position the last of them.
  await new Promise((resolve) => setTimeout(resolve, 300));

  for (const f of followers) {
    const end = await listAll(two, f.query);
    // Caught up: a heartbeat (or event) at or past the end list's position.
    await f.stream.waitFor((e) => e.some((x) => positionOf(x.id ?? "") >= positionOf(end.revision)), 15_000);
    f.stream.close();
    const all = [...f.events, ...f.stream.events];
    if (f.query === "") {
      // The unfiltered stream saw changes on both servers.
      expect(f.events.filter((e) => e.event !== "heartbeat").length).toBeGreaterThan(10);
      expect(f.stream.events.filter((e) => e.event !== "heartbeat").length).toBeGreaterThan(10);
    }
    const ids = all.filter((e) => e.event !== "heartbeat").map((e) => e.id);
    expect(new Set(ids).size, `${f.query}: no event twice`).toBe(ids.length);
    const view = apply(new Map(f.start.clusters.map((c) => [c.id, c])), all);
    expect(sorted(view.values()), `${f.query}: the view equals a fresh list`).toEqual(sorted(end.clusters));
  }
}, 60_000);

async function createAccountProjects() {
  const projects = await database.db.project.findMany({ where: { accountId }, orderBy: { id: "asc" } });
  return projects.map((p) => p.id);
}
