// GET /v1/clusters/watch over real HTTP against a real PostgreSQL, with the changes written as the
// services that own clusters write them: plain SQL, in their own transactions.
process.env.FLEET_WATCH_HEARTBEAT_MS = "300";
process.env.FLEET_WATCH_KEY_CHECK_MS = "200";

import { Prisma } from "@fleet/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopChangeStreams } from "../src/changes/hub-registry.ts";
import { pruneChanges } from "../src/changes/pruner.ts";
import { sequenceChanges } from "../src/changes/sequencer.ts";
import { parseRevision } from "../src/clusters/revision.ts";
import {
  createAccount,
  createCluster,
  createKey,
  openEventStream,
  type StreamEvent,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

let app: TestApp;
let accountId: string;
let projects: string[];
let key: string;

beforeAll(async () => {
  app = await startApp();
  const account = await createAccount(app.db, { projects: 2 });
  accountId = account.id;
  projects = account.projects;
  key = (await createKey(app.db, accountId)).secret;
});
afterAll(() => app?.close());

const auth = (secret = key) => ({ authorization: `Bearer ${secret}` });
const watch = (query = "", headers: Record<string, string> = auth()) =>
  openEventStream(`${app.url}/v1/clusters/watch${query ? `?${query}` : ""}`, headers);
const list = async (query = "", secret = key) => {
  const res = await app.get(`/v1/clusters?limit=100${query ? `&${query}` : ""}`, { key: secret });
  expect(res.status).toBe(200);
  return {
    clusters: (await res.json()) as { id: string; status: string }[],
    revision: res.headers.get("x-fleet-revision") ?? "",
  };
};
const changes = (events: StreamEvent[]) => events.filter((e) => e.event !== "heartbeat");

/** Applies events to a list, as a client following the stream would. */
function apply(start: { id: string }[], events: StreamEvent[]) {
  const held = new Map(start.map((c) => [c.id, c]));
  for (const e of events) {
    const data = e.data as { id: string };
    if (e.event === "upsert") held.set(data.id, data);
    if (e.event === "remove") held.delete(data.id);
  }
  return held;
}

describe("the stream follows a list", () => {
  test("inserts, updates in and out of the filter, and deletes arrive in commit order; the view ends equal to a fresh list", async () => {
    const a = await createCluster(app.db, accountId, { projectId: projects[0] as string, status: "running" });
    const start = await list("status=running");
    const stream = await watch(`status=running&since=${encodeURIComponent(start.revision)}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const b = await createCluster(app.db, accountId, { projectId: projects[0] as string, status: "running" });
    await app.db.$executeRaw`UPDATE clusters SET status = 'stopped' WHERE id = ${a}`;
    await app.db.$executeRaw`UPDATE clusters SET gpu_utilization = 77 WHERE id = ${b}`;
    await app.db.$executeRaw`DELETE FROM clusters WHERE id = ${b}`;
    const events = await stream.waitFor((e) => changes(e).length >= 4);
    stream.close();
    expect(changes(events).map((e) => [e.event, (e.data as { id: string }).id])).toEqual([
      ["upsert", b],
      ["remove", a],
      ["upsert", b],
      ["remove", b],
    ]);
    expect(changes(events).map((e) => (e.data as { reason?: string }).reason)).toEqual([
      undefined,
      "left_filter",
      undefined,
      "deleted",
    ]);
    const ids = changes(events).map((e) => BigInt(e.id ?? ""));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const fresh = await list("status=running");
    expect([...apply(start.clusters, events).keys()].sort()).toEqual(fresh.clusters.map((c) => c.id).sort());
  });

  test("a rolled-back transaction is never seen; several statements of one transaction get distinct ids", async () => {
    const stream = await watch();
    await app.db
      .$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE clusters SET name = 'rolled back' WHERE account_id = ${accountId}`;
        throw new Error("roll back");
      })
      .catch(() => {});
    const [x, y] = [`cl_tx_${Date.now()}_1`, `cl_tx_${Date.now()}_2`];
    await app.db.$transaction([
      app.db.$executeRaw(Prisma.sql`INSERT INTO clusters (id, account_id, project_id, name, status, gpu_type, gpu_count, cpu_cores, memory_gb, storage_gb, region, ssh_enabled, hourly_rate_cents, total_cost_cents, updated_at)
        VALUES (${x}, ${accountId}, ${projects[0]}, 'tx one', 'pending', 'H100', 1, 8, 64, 100, 'us-east-1', false, 100, 0, now()),
               (${y}, ${accountId}, ${projects[1]}, 'tx two', 'pending', 'H100', 2, 8, 64, 100, 'us-east-1', false, 100, 0, now())`),
      app.db.$executeRaw`UPDATE clusters SET status = 'starting' WHERE id = ${x}`,
    ]);
    const events = await stream.waitFor((e) => changes(e).length >= 3);
    stream.close();
    expect(
      changes(events).map((e) => [(e.data as { id: string }).id, (e.data as { status: string }).status]),
    ).toEqual([
      [x, "pending"],
      [y, "pending"],
      [x, "starting"],
    ]);
    expect(changes(events).some((e) => (e.data as { name: string }).name === "rolled back")).toBe(false);
    expect(new Set(changes(events).map((e) => e.id)).size).toBe(3);
  });

  test("a transaction that began first but commits last is still delivered, after the one that committed first", async () => {
    const [a, b] = await Promise.all([
      createCluster(app.db, accountId, { projectId: projects[0] as string, status: "pending" }),
      createCluster(app.db, accountId, { projectId: projects[0] as string, status: "pending" }),
    ]);
    const stream = await watch();
    await app.db.$transaction(
      async (tx) => {
        // T1 writes first (its change takes the lower sequence number)…
        await tx.$executeRaw`UPDATE clusters SET status = 'starting' WHERE id = ${a}`;
        // …T2 writes after it and commits while T1 is still open…
        await app.db.$executeRaw`UPDATE clusters SET status = 'starting' WHERE id = ${b}`;
        await stream.waitFor((e) => changes(e).some((x) => (x.data as { id: string }).id === b));
      },
      { timeout: 20_000 },
    );
    // …and T1's change, committed last, still comes, after T2's.
    const events = await stream.waitFor((e) => changes(e).some((x) => (x.data as { id: string }).id === a));
    stream.close();
    const order = changes(events).map((e) => [(e.data as { id: string }).id, BigInt(e.id ?? "")] as const);
    expect(order.map(([id]) => id)).toEqual([b, a]);
    expect(order[0]?.[1]).toBeLessThan(order[1]?.[1] ?? 0n);
  });

  test("two transactions changing one cluster: the stream ends at the state the second committed", async () => {
    const id = await createCluster(app.db, accountId, {
      projectId: projects[0] as string,
      status: "pending",
    });
    const stream = await watch();
    let second: Promise<number> | undefined;
    await app.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE clusters SET description = 'first' WHERE id = ${id}`;
        // Waits for the first's row lock, so it changes the row only after the first commits.
        second = Promise.resolve(
          app.db.$executeRaw`UPDATE clusters SET status = 'starting' WHERE id = ${id}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
      { timeout: 20_000 },
    );
    await second;
    const events = await stream.waitFor((e) => changes(e).length >= 2);
    stream.close();
    const states = changes(events).map((e) => {
      const c = e.data as { description: string; status: string };
      return [c.description, c.status];
    });
    expect(states).toEqual([
      ["first", "pending"],
      ["first", "starting"],
    ]);
  });
});

describe("resuming", () => {
  test("with Last-Event-ID after a dropped connection: nothing lost, nothing repeated", async () => {
    const stream = await watch(`project_id=${projects[1]}`);
    const ids = await Promise.all(
      [1, 2, 3].map((n) =>
        createCluster(app.db, accountId, { projectId: projects[1] as string, name: `resume ${n}` }),
      ),
    );
    const got = await stream.waitFor((e) => changes(e).length >= 3);
    stream.close();
    const last = changes(got)[1]?.id ?? "";
    for (const id of ids) await app.db.$executeRaw`UPDATE clusters SET status = 'stopped' WHERE id = ${id}`;
    const again = await watch(`project_id=${projects[1]}`, { ...auth(), "last-event-id": last });
    const events = await again.waitFor((e) => changes(e).length >= 4);
    again.close();
    expect(changes(events)[0]?.id).toBe(changes(got)[2]?.id);
    expect(
      changes(events)
        .slice(1)
        .map((e) => (e.data as { status: string }).status),
    ).toEqual(["stopped", "stopped", "stopped"]);
  });

  test("heartbeats come while nothing changes, each with an id of its own past the last event's, valid as since", async () => {
    const { revision } = await list();
    const stream = await watch(`region=ap-southeast-1&since=${encodeURIComponent(revision)}`);
    await createCluster(app.db, accountId, { projectId: projects[0] as string, region: "ap-southeast-1" });
    // Then nothing changes: the beats that follow the upsert still move the id on, one by one.
    const events = await stream.waitFor(
      (e) => e.filter((x) => x.event === "heartbeat").length >= 3 && e.some((x) => x.event === "upsert"),
      5_000,
    );
    stream.close();
    const ids = events.map((e) => BigInt(e.id ?? ""));
    for (let i = 1; i < ids.length; i++)
      expect(ids[i], `event ${i} of ${events.map((e) => `${e.event}:${e.id}`)}`).toBeGreaterThan(
        ids[i - 1] as bigint,
      );
    expect(ids[0]).toBeGreaterThan(parseRevision(revision)?.position ?? -1n);
    const beat = events.findLast((e) => e.event === "heartbeat");
    expect(beat?.data).toEqual({});
    const again = await watch(`region=ap-southeast-1&since=${beat?.id}`);
    expect(again.status).toBe(200);
    again.close();
  });

  test("a revision older than the retention is 410 REVISION_EXPIRED; a malformed one 400 naming since", async () => {
    const { revision } = await list();
    await createCluster(app.db, accountId, { projectId: projects[0] as string });
    await sequenceChanges(app.db);
    await pruneChanges(app.db, 0);
    const gone = await app.get(`/v1/clusters/watch?since=${encodeURIComponent(revision)}`, { key });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ status: 410, code: "REVISION_EXPIRED" });
    for (const bad of ["abc", "-1", "1:2", "1:5:3:", "99999999999999999999"]) {
      const res = await app.get(`/v1/clusters/watch?since=${encodeURIComponent(bad)}`, { key });
      expect(res.status, bad).toBe(400);
      expect((await res.json()).errors, bad).toEqual([expect.objectContaining({ param: "since" })]);
    }
    const header = await app.get("/v1/clusters/watch", { key, headers: { "last-event-id": "x" } });
    expect(header.status).toBe(400);
    for (const param of ["page=1", "limit=5", "sort_by=name", "sort_order=asc", "cursor=first"]) {
      const res = await app.get(`/v1/clusters/watch?${param}`, { key });
      expect(res.status, param).toBe(400);
    }
    expect((await app.get("/v1/clusters/watch?status=bogus", { key })).status).toBe(400);
  });
});

describe("who sees what", () => {
  test("another account's changes never arrive; a key restricted to a project sees only its clusters", async () => {
    const other = await createAccount(app.db, { projects: 1 });
    const restricted = (await createKey(app.db, accountId, { projectIds: [projects[0] as string] })).secret;
    const mine = await watch("", auth(restricted));
    const theirs = await createCluster(app.db, other.id, { projectId: other.projects[0] as string });
    const hidden = await createCluster(app.db, accountId, { projectId: projects[1] as string });
    const seen = await createCluster(app.db, accountId, { projectId: projects[0] as string });
    const events = await mine.waitFor((e) => changes(e).some((x) => (x.data as { id: string }).id === seen));
    mine.close();
    const ids = changes(events).map((e) => (e.data as { id: string }).id);
    expect(ids).not.toContain(theirs);
    expect(ids).not.toContain(hidden);
  });

  test("at most 10 open streams per key: the 11th is 429 with Retry-After", async () => {
    const secret = (await createKey(app.db, accountId)).secret;
    const open = await Promise.all(Array.from({ length: 10 }, () => watch("", auth(secret))));
    expect(open.map((s) => s.status)).toEqual(Array(10).fill(200));
    const eleventh = await app.get("/v1/clusters/watch", { key: secret });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("retry-after"))).toBeGreaterThan(0);
    for (const s of open) s.close();
  });

  test("a revoked key's stream ends", async () => {
    const made = await createKey(app.db, accountId);
    const stream = await watch("", auth(made.secret));
    await app.db.apiKey.update({ where: { id: made.id }, data: { revokedAt: new Date() } });
    await stream.ended;
    expect((await app.get("/v1/clusters/watch", { key: made.secret })).status).toBe(401);
  });

  test("without a key: 401; without clusters:read: 403", async () => {
    expect((await app.get("/v1/clusters/watch")).status).toBe(401);
    const writer = (await createKey(app.db, accountId, { scopes: ["clusters:write"] })).secret;
    expect((await app.get("/v1/clusters/watch", { key: writer })).status).toBe(403);
  });
});

describe("a server stopping its streams", () => {
  test("a stream still opening when the streams are stopped ends with them instead of holding the drain", async () => {
    const opening = await createKey(app.db, accountId);
    let unlock = () => {};
    const locked = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // Opens of a key wait on its row: held here, the open is caught between its start and its lease.
    const lock = app.db.$transaction(
      async (tx) => {
        await tx.$executeRaw(Prisma.sql`SELECT 1 FROM api_keys WHERE id = ${opening.id} FOR NO KEY UPDATE`);
        holding();
        await locked;
      },
      { timeout: 20_000 },
    );
    await held;
    const stream = watch("", auth(opening.secret));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopChangeStreams(app.db);
    unlock();
    await lock;
    const started = Date.now();
    const s = await stream;
    await s.ended;
    expect(Date.now() - started).toBeLessThan(3_000);
    // And the hub goes on: a stream opened after the stop is a live one.
    const after = await watch("", auth(opening.secret));
    expect(after.status).toBe(200);
    await after.waitFor((e) => e.some((x) => x.event === "heartbeat"), 5_000);
    after.close();
  });
});

describe("a burst larger than the backlog bound", () => {
  test("reaches a client that reads as it comes, whole, without the stream ending", async () => {
    const ids = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        createCluster(app.db, accountId, { projectId: projects[1] as string, name: `burst ${i}` }),
      ),
    );
    const { revision } = await list("search=burst");
    const stream = await watch(`search=burst&since=${encodeURIComponent(revision)}`);
    expect(stream.status).toBe(200);
    // Five updates of each, 8 kB apiece: several of the hub's batches, each over the bound.
    for (let round = 0; round < 5; round++) {
      await app.db.$executeRaw`UPDATE clusters SET description = repeat('y', 8000) || ${round}::text
        WHERE id = ANY(${ids}::text[])`;
    }
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    const events = await stream.waitFor((e) => ended || changes(e).length >= ids.length * 5, 30_000);
    stream.close();
    expect(ended).toBe(false);
    expect(changes(events)).toHaveLength(ids.length * 5);
  }, 60_000);
});

describe("a client too slow to keep up", () => {
  test("is cut off (its backlog is bounded), and resumes with Last-Event-ID", async () => {
    const { connect } = await import("node:net");
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createCluster(app.db, accountId, { projectId: projects[0] as string, name: `slow ${i}` }),
      ),
    );
    const { port } = new URL(app.url);
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      `GET /v1/clusters/watch?search=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n\r\n`,
    );
    // The client reads nothing while 50 clusters change 100 times each, 4 kB of description a time.
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let round = 0; round < 100; round++) {
      await app.db.$executeRaw`UPDATE clusters SET description = repeat('x', 4000) || ${round}::text
        WHERE id = ANY(${ids}::text[])`;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.resume();
    // The server ended the stream (a chunked response's last chunk), not the client.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the stream was not ended")), 20_000);
      const check = () => {
        if (received.includes("\r\n0\r\n\r\n")) {
          clearTimeout(timer);
          resolve();
        }
      };
      socket.on("data", check);
      socket.on("end", check);
    });
    socket.destroy();
    const upserts = received.match(/event: upsert/g)?.length ?? 0;
    expect(upserts).toBeGreaterThan(0);
    expect(upserts).toBeLessThan(50 * 100);
    // Resuming from the last id received goes on where the client stopped.
    const last = [...received.matchAll(/^id: (\d+)$/gm)].at(-1)?.[1] ?? "";
    const again = await watch("search=slow", { ...auth(), "last-event-id": last });
    expect(again.status, `resuming from ${last}`).toBe(200);
    const events = await again.waitFor((e) => changes(e).length > 0);
    again.close();
    expect(BigInt(changes(events)[0]?.id ?? "0")).toBeGreaterThan(BigInt(last));
  }, 60_000);
});
