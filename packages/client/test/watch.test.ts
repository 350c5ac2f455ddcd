// fleet.watch() against the real app over HTTP: list, follow from the list's revision, keep going
// across a server-ended stream, and list again when the revision has expired.
process.env.FLEET_WATCH_HEARTBEAT_MS = "300";

import { stopChangeStreams } from "@fleet/api";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createFleetClient, FleetApiError, type WatchEvent } from "../src/index.ts";

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

/** Like `take`, but leaves the iterator open for more. */
async function takeKeepingOpen(events: AsyncGenerator<WatchEvent>, enough: (got: WatchEvent[]) => boolean) {
  const got: WatchEvent[] = [];
  while (!enough(got)) {
    const next = await events.next();
    if (next.done) throw new Error(`the iterator ended after ${got.length} events`);
    got.push(next.value);
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

test("a stream over the key's open-stream limit is a RATE_LIMIT_EXCEEDED that says how long to wait", async () => {
  const key = (await createKey(app.db, accountId)).secret;
  const open = new AbortController();
  try {
    // Streams of the key until the limit refuses one (REST answers that refusal with a status).
    let opened = 0;
    for (;;) {
      const res = await fetch(`${app.url}/v1/clusters/watch`, {
        headers: { authorization: `Bearer ${key}` },
        signal: open.signal,
      });
      if (res.status === 429) break;
      expect(res.status).toBe(200);
      expect(++opened).toBeLessThan(100);
    }
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: key });
    const refused = await new Promise<unknown>((resolve) => {
      const subscription = fleet.clusters.watch.subscribe(
        {},
        {
          onData: () => {},
          onError: (error) => {
            subscription.unsubscribe();
            resolve(error);
          },
        },
      );
    });
    // Inside the event stream there is no Retry-After header: the error's data carries it.
    expect(FleetApiError.fromUnknown(refused)).toMatchObject({
      code: "RATE_LIMIT_EXCEEDED",
      retryAfterMs: 5_000,
    });
  } finally {
    open.abort();
  }
});

type StreamRequest = { url: string; headers: Headers };

/** Where a stream request asks to start: the EventSource's Last-Event-ID wins over the input's ids. */
function resumePoint(request: StreamRequest | undefined): string | null {
  if (!request) return null;
  const input = JSON.parse(new URL(request.url).searchParams.get("input") ?? "{}");
  return request.headers.get("last-event-id") ?? input.lastEventId ?? input.since ?? null;
}

/**
 * Follows the fleet from a list, has the server end its streams after a first change, makes a change
 * while no stream is open, then one more after the resume. Every stream request is kept in order;
 * `answer` may answer one itself (as a proxy in front of the server would) once the change is made.
 */
async function endAndResume(answer: (request: number) => Response | null) {
  const requests: StreamRequest[] = [];
  let changedMeanwhile = () => {};
  const meanwhileMade = new Promise<void>((resolve) => {
    changedMeanwhile = resolve;
  });
  const fleet = createFleetClient({
    baseUrl: app.url,
    apiKey,
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!new URL(url).pathname.endsWith("/clusters.watch")) return fetch(input, init);
      requests.push({ url, headers: new Headers(init?.headers) });
      const n = requests.length;
      if (n === 1) return fetch(input, init);
      await meanwhileMade;
      return answer(n) ?? fetch(input, init);
    },
  });
  const upsertOf = (id: string) => (got: WatchEvent[]) =>
    got.some((e) => e.event === "upsert" && e.data.id === id);
  const { pagination } = await fleet.clusters.list.query({});
  const controller = new AbortController();
  const events = fleet.watch({}, { since: pagination.revision, signal: controller.signal });

  const first = await createCluster(app.db, accountId, { projectId });
  const got = await takeKeepingOpen(events, upsertOf(first));
  const lastBeforeEnd = got.at(-1)?.id;
  stopChangeStreams(app.db);
  const meanwhile = await createCluster(app.db, accountId, { projectId });
  changedMeanwhile();
  got.push(...(await takeKeepingOpen(events, upsertOf(meanwhile))));
  const later = await createCluster(app.db, accountId, { projectId });
  got.push(...(await takeKeepingOpen(events, upsertOf(later))));

  expect(changes(got).map((e) => [e.event, e.event === "upsert" && e.data.id])).toEqual([
    ["upsert", first],
    ["upsert", meanwhile],
    ["upsert", later],
  ]);
  const changeIds = changes(got).map((e) => e.id);
  expect(new Set(changeIds).size).toBe(changeIds.length);
  // Every event has its own id, increasing along the stream, heartbeats and the resume included.
  const ids = got.map((e) => BigInt(e.id));
  for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1] as bigint);

  // Aborted, it ends at once: nothing more, not even what it had already received.
  controller.abort();
  const afterAbort: WatchEvent[] = [];
  for await (const event of events) afterAbort.push(event);
  expect(afterAbort).toEqual([]);
  return { requests, lastBeforeEnd };
}

// The EventSource waits its reconnection time (3 s) before it asks again.
test("a stream the server ends is resumed from its last event: a change made meanwhile comes once, and it goes on", async () => {
  const { requests, lastBeforeEnd } = await endAndResume(() => null);
  expect(requests).toHaveLength(2);
  expect(resumePoint(requests[1])).toBe(lastBeforeEnd);
}, 20_000);

test("a reconnect refused with a 503 (a draining server, a proxy): a new stream from the last event", async () => {
  const { requests, lastBeforeEnd } = await endAndResume((n) =>
    n === 2 ? new Response("draining", { status: 503 }) : null,
  );
  expect(requests).toHaveLength(3);
  expect(resumePoint(requests[2])).toBe(lastBeforeEnd);
}, 20_000);
