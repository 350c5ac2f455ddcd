// SIGTERM against the real apps/api process: in-flight requests finish with their answers, new
// connections are refused, idle keep-alive connections do not hold the exit, and the process exits
// 0 within a bound, even when a request is stuck on the database past the drain timeout.
import { connect } from "node:net";
import { startApiServer } from "@fleet/api-server/testing";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHostileFleet, type HostileFleet } from "../src/fleet-data.ts";
import { sleep } from "../src/load-loop.ts";
import { recordFigures } from "../src/results.ts";

let tdb: TestDatabase;
let fleet: HostileFleet;

beforeAll(async () => {
  tdb = await createTestDatabase();
  fleet = await createHostileFleet(tdb.db, 10);
});
afterAll(() => tdb?.drop());

const startApi = (env: Record<string, string>) => startApiServer({ env: { DATABASE_URL: tdb.url, ...env } });

/** Holds an exclusive lock on clusters, so every listing waits on the database until released. */
async function lockClusters(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: tdb.url });
  await client.connect();
  await client.query("BEGIN");
  await client.query("LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE");
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

const refused = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

describe("SIGTERM", () => {
  test("drains in-flight requests with their real answers, refuses new ones, exits 0 promptly", async () => {
    const server = await startApi({ SHUTDOWN_TIMEOUT_MS: "10000" });
    // An idle keep-alive connection must not hold the shutdown open.
    const idle = connect({ host: "127.0.0.1", port: Number(new URL(server.baseUrl).port) });
    idle.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((resolve) => idle.once("data", resolve));

    const release = await lockClusters();
    const inFlight = Array.from({ length: 8 }, () =>
      fetch(`${server.baseUrl}/v1/clusters`, { headers: { authorization: `Bearer ${fleet.keyA}` } }).then(
        async (r) => ({
          status: r.status,
          count: ((await r.json()) as unknown[]).length,
        }),
      ),
    );
    await sleep(500); // all eight are now waiting on the lock
    const termAt = performance.now();
    server.child.kill("SIGTERM");
    await sleep(300);
    expect(await refused(server.baseUrl)).toBe(true);
    await sleep(700);
    await release();
    const answers = await Promise.all(inFlight);
    for (const a of answers) expect(a).toEqual({ status: 200, count: 10 });
    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const drainMs = exit.at - termAt;
    expect(drainMs).toBeLessThan(5_000);
    idle.destroy();
    recordFigures("sigterm", {
      drain: { in_flight: answers.length, all_200: true, exit_after_sigterm_ms: Math.round(drainMs) },
    });
  });

  test("a request stuck past SHUTDOWN_TIMEOUT_MS is cut, and the process still exits within the bound", async () => {
    const server = await startApi({ SHUTDOWN_TIMEOUT_MS: "1000" });
    const release = await lockClusters();
    try {
      const stuck = fetch(`${server.baseUrl}/v1/clusters`, {
        headers: { authorization: `Bearer ${fleet.keyA}` },
      })
        .then((r) => r.status)
        .catch(() => "cut");
      await sleep(500);
      const termAt = performance.now();
      server.child.kill("SIGTERM");
      const exit = await Promise.race([server.exited, sleep(8_000).then(() => null)]);
      if (!exit) server.child.kill("SIGKILL");
      expect(exit, "still running 8 s after SIGTERM").not.toBeNull();
      expect(exit?.code).toBe(0);
      const exitMs = (exit?.at ?? 0) - termAt;
      expect(exitMs).toBeLessThan(1_000 + 2_000);
      expect(await stuck).toBe("cut");
      recordFigures("sigterm", {
        stuck: { drain_timeout_ms: 1_000, exit_after_sigterm_ms: Math.round(exitMs) },
      });
    } finally {
      await release();
    }
  });
});
