// The open-stream limit per API key holds across every server on one database: two server instances
// (their own database clients, so their own change hubs) share each key's 10, counted in
// watch_stream_leases, over real HTTP against a real PostgreSQL.
// A short retention makes the hubs' pruning, and with it the sweep of expired leases, run every 2 s.
process.env.FLEET_CHANGE_RETENTION = "2s";

import { createPrismaClient, Prisma } from "@fleet/db";
import type { TestDatabase } from "@fleet/db/testing";
import { WATCH_STREAMS_PER_KEY } from "@fleet/schema";
import { afterAll, beforeAll, expect, test } from "vitest";
import { StreamLeases } from "../src/changes/stream-leases.ts";
import {
  createAccount,
  createKey,
  type EventStreamClient,
  openEventStream,
  startApp,
  startTwoApps,
  type TestApp,
  type TwoApps,
} from "../src/testing/index.ts";

let apps: TwoApps;
let database: TestDatabase;
let one: TestApp;
let two: TestApp;
let accountId: string;

beforeAll(async () => {
  apps = await startTwoApps();
  ({ database, one, two } = apps);
  accountId = (await createAccount(database.db, { projects: 1 })).id;
}, 60_000);
afterAll(() => apps?.close());

const watch = (app: TestApp, secret: string) =>
  openEventStream(`${app.url}/v1/clusters/watch`, { authorization: `Bearer ${secret}` });
const openMany = (app: TestApp, secret: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => watch(app, secret)));
const closeAll = (streams: EventStreamClient[]) => {
  for (const stream of streams) stream.close();
};
const leasesOf = async (apiKeyId: string) =>
  (
    await database.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM watch_stream_leases WHERE api_key_id = ${apiKeyId}`
  )[0]?.n;

async function expectRefused(app: TestApp, secret: string) {
  const res = await app.get("/v1/clusters/watch", { key: secret });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  await res.body?.cancel();
}

test("6 streams on one server and 4 on the other fill the key's 10: the 11th is 429 with Retry-After on either; a stream closed on one frees a place on the other", async () => {
  expect(WATCH_STREAMS_PER_KEY).toBe(10);
  const key = await createKey(database.db, accountId);
  const onOne = await openMany(one, key.secret, 6);
  const onTwo = await openMany(two, key.secret, 4);
  try {
    expect([...onOne, ...onTwo].map((s) => s.status)).toEqual(Array(10).fill(200));
    expect(await leasesOf(key.id)).toBe(10);
    await expectRefused(one, key.secret);
    await expectRefused(two, key.secret);

    onOne.pop()?.close();
    // The first server sees its client go and deletes the stream's lease.
    await expect.poll(() => leasesOf(key.id), { timeout: 10_000, interval: 50 }).toBe(9);
    const taken = await watch(two, key.secret);
    onTwo.push(taken);
    expect(taken.status).toBe(200);
    await expectRefused(one, key.secret);
  } finally {
    closeAll([...onOne, ...onTwo]);
  }
});

test("opens of one key racing on both servers never pass the limit", async () => {
  const key = await createKey(database.db, accountId);
  const streams = await Promise.all(
    Array.from({ length: 14 }, (_, i) => watch(i % 2 === 0 ? one : two, key.secret)),
  );
  try {
    const statuses = streams.map((s) => s.status).sort();
    expect(statuses).toEqual([...Array(10).fill(200), ...Array(4).fill(429)]);
    expect(await leasesOf(key.id)).toBe(10);
  } finally {
    closeAll(streams);
  }
});

test("a dead server's leases count until they expire, then not: the next open deletes them", async () => {
  const key = await createKey(database.db, accountId);
  // Ten streams of a server that died: nobody renews or deletes their leases.
  await database.db.$executeRaw`
    INSERT INTO watch_stream_leases (id, api_key_id, expires_at)
    SELECT 'dead_' || n, ${key.id}, now() + interval '1 minute' FROM generate_series(1, 10) AS n`;
  await expectRefused(one, key.secret);
  // Their TTL passes.
  await database.db.$executeRaw`
    UPDATE watch_stream_leases SET expires_at = now() - interval '1 second' WHERE api_key_id = ${key.id}`;
  const stream = await watch(two, key.secret);
  try {
    expect(stream.status).toBe(200);
    expect(await leasesOf(key.id)).toBe(1);
  } finally {
    stream.close();
  }
});

test("expired leases of a key that opens nothing again are swept; live ones stay", async () => {
  const [idle, busy] = [await createKey(database.db, accountId), await createKey(database.db, accountId)];
  await database.db.$executeRaw`
    INSERT INTO watch_stream_leases (id, api_key_id, expires_at) VALUES
      ('swept', ${idle.id}, now() - interval '1 hour'), ('kept', ${busy.id}, now() + interval '1 hour')`;
  await expect.poll(() => leasesOf(idle.id), { timeout: 20_000, interval: 200 }).toBe(0);
  expect(await leasesOf(busy.id)).toBe(1);
}, 30_000);

test("a deleted key's leases go with it", async () => {
  const key = await createKey(database.db, accountId);
  await database.db.$executeRaw`
    INSERT INTO watch_stream_leases (id, api_key_id, expires_at) VALUES ('orphan', ${key.id}, now() + interval '1 minute')`;
  await database.db.apiKey.delete({ where: { id: key.id } });
  expect(await leasesOf(key.id)).toBe(0);
});

test("a server stopping deletes the leases of its streams", async () => {
  const key = await createKey(database.db, accountId);
  const third = createPrismaClient(database.url);
  const app = await startApp({ db: third });
  let stopped = false;
  try {
    const streams = await openMany(app, key.secret, 3);
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(await leasesOf(key.id)).toBe(3);
    await app.close();
    stopped = true;
    await expect.poll(() => leasesOf(key.id), { timeout: 10_000, interval: 50 }).toBe(0);
  } finally {
    if (!stopped) await app.close();
    await third.$disconnect();
  }
});

test("a server renews the leases it holds, so they outlive their first TTL, and releases them", async () => {
  const key = await createKey(database.db, accountId);
  const leases = new StreamLeases(database.db, 10, 50);
  const id = await leases.acquire(key.id);
  try {
    expect(id).not.toBeNull();
    await database.db.$executeRaw`
      UPDATE watch_stream_leases SET expires_at = now() + interval '1 second' WHERE id = ${id}`;
    const secondsLeft = async () =>
      (
        await database.db.$rows<{ seconds_left: number }>(Prisma.sql`
          SELECT extract(epoch FROM expires_at - now())::float8 AS seconds_left
          FROM watch_stream_leases WHERE id = ${id}`)
      )[0]?.seconds_left ?? 0;
    await expect.poll(secondsLeft, { timeout: 5_000, interval: 50 }).toBeGreaterThan(30);
  } finally {
    leases.releaseAll();
  }
  await expect.poll(() => leasesOf(key.id), { timeout: 5_000, interval: 50 }).toBe(0);
});
