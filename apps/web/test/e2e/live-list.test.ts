// The live clusters page through what happens to a real deployment: its server stopped with SIGTERM
// and started again on the same port, and a proxy that drops server-sent events. A portal of this
// file's own, on the suite's database; the tests run in order, each from where the last left off.
import { createPrismaClient, type Db } from "@fleet/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { type BrowserSession, openBrowser, screenshot } from "./browser";
import { openList, rowIds, showing, WAIT_MS } from "./helpers";
import { type RunningServer, startNextServer } from "./server";

/** How long a server followed by a page may take to exit on SIGTERM (its drain deadline is 10 s). */
const PROMPT_EXIT_MS = 5_000;
/** The change stream's URL, as a proxy in front of the portal would see it. */
const WATCH_URL = /\/api\/trpc\/clusters\.watch\b/;
const SERVER_ENV = { DATABASE_URL: inject("databaseUrl"), RATE_LIMIT_PER_MINUTE: "100000" };

let server: RunningServer;
let browser: BrowserSession;
let db: Db;
/** Statuses this file changed, put back afterwards: other files share the database. */
const changed = new Map<string, string>();

beforeAll(async () => {
  db = createPrismaClient(inject("databaseUrl"));
  [server, browser] = await Promise.all([startNextServer(SERVER_ENV), openBrowser()]);
  const { page } = browser;
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel("API key").fill(inject("apiKey"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.baseUrl}/clusters`);
  await showing(page, "");
});

afterAll(async () => {
  for (const [id, status] of changed)
    await db.$executeRaw`UPDATE clusters SET status = ${status} WHERE id = ${id}`;
  await db?.$disconnect();
  await browser?.close();
  await server?.stop();
});

const liveStatus = (page: Page) => page.getByTestId("live-status").getAttribute("data-status");

/** Flips the status of a cluster with plain SQL, as the services that own clusters write; returns it. */
async function flipStatus(id: string): Promise<string> {
  const [row] = await db.$queryRaw<{ before: string; status: string }[]>`
    UPDATE clusters AS c SET status = CASE WHEN c.status = 'error' THEN 'running' ELSE 'error' END
    FROM clusters AS old WHERE c.id = ${id} AND old.id = c.id
    RETURNING old.status AS before, c.status AS status`;
  if (!row) throw new Error(`no cluster ${id}`);
  if (!changed.has(id)) changed.set(id, row.before);
  return row.status;
}

/** Changes the status of the first cluster shown (plain SQL) and waits until its row shows the new one. */
async function flipFirstRowAndSeeIt(page: Page): Promise<void> {
  const [id] = await rowIds(page);
  if (!id) throw new Error("the list shows no clusters");
  const status = await flipStatus(id);
  await expect
    .poll(() => page.locator(`[data-testid="cluster-row"][data-cluster-id="${id}"]`).textContent(), {
      timeout: WAIT_MS,
    })
    .toContain(status);
}

/** Watches for list reads (clusters.list, alone or in a batch) from now on. */
function listReads(page: Page): { urls: string[]; stop(): void } {
  const urls: string[] = [];
  const onRequest = (request: import("playwright-core").Request) => {
    if (/\/api\/trpc\/[^?]*clusters\.list/.test(request.url())) urls.push(request.url());
  };
  page.on("request", onRequest);
  return { urls, stop: () => page.off("request", onRequest) };
}

describe("the live clusters page", () => {
  test("SIGTERM with a page following the list: the server ends the change streams and exits 0 within 5 s", async () => {
    const { page } = browser;
    await openList(page, server.baseUrl);
    await expect.poll(() => liveStatus(page), { timeout: WAIT_MS }).toBe("live");

    const signalled = performance.now();
    process.kill(server.pid, "SIGTERM");
    const exit = await Promise.race([
      server.exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), PROMPT_EXIT_MS * 2)),
    ]);
    expect(exit, "the server had not exited 10 s after SIGTERM").not.toBeNull();
    expect(exit?.code).toBe(0);
    expect((exit?.at ?? Number.POSITIVE_INFINITY) - signalled).toBeLessThan(PROMPT_EXIT_MS);
    // The page knows its stream is gone.
    await expect.poll(() => liveStatus(page), { timeout: WAIT_MS }).not.toBe("live");
  });

  test("started again on the same port and database, the page is live again and changes a row in place, without a reload or a list read", async () => {
    const { page } = browser;
    const port = Number(new URL(server.baseUrl).port);
    server = await startNextServer(SERVER_ENV, { port });
    await expect.poll(() => liveStatus(page), { timeout: WAIT_MS }).toBe("live");
    // No list read in flight: what changes the row below can only be the stream.
    await expect.poll(() => page.getByLabel("Updating").count()).toBe(0);
    const reads = listReads(page);
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));
    try {
      await flipFirstRowAndSeeIt(page);
      expect(reads.urls).toEqual([]);
      expect(navigations).toEqual([]);
    } finally {
      reads.stop();
    }
  });

  test("with the stream dropped by a proxy, the page says it is offline, refreshes every 10 s and shows a change; live again once the stream gets through", async () => {
    const { page } = browser;
    await page.route(WATCH_URL, (route) => route.abort());
    try {
      await openList(page, server.baseUrl);
      const live = page.getByTestId("live-status");
      await expect.poll(() => live.getAttribute("data-status"), { timeout: WAIT_MS }).toBe("offline");
      await expect.poll(() => live.textContent()).toContain("refreshing every 10 s");
      await screenshot(page, "live-offline");
      const reads = listReads(page);
      try {
        await flipFirstRowAndSeeIt(page);
        expect(reads.urls.length).toBeGreaterThan(0);
      } finally {
        reads.stop();
      }
    } finally {
      await page.unroute(WATCH_URL);
    }
    await expect.poll(() => liveStatus(page), { timeout: WAIT_MS * 2 }).toBe("live");
    expect(await page.getByTestId("live-status").textContent()).not.toContain("refreshing");
  });

  test("a proxy answering 503 to the stream (the EventSource then gives up for good): the page opens it again, with backoff, and is live once it gets through", async () => {
    const { page } = browser;
    let refused = 0;
    await page.route(WATCH_URL, (route) => {
      refused++;
      return route.fulfill({ status: 503, contentType: "text/plain", body: "no backend" });
    });
    try {
      await openList(page, server.baseUrl);
      // Opened again after the first refusal, not once more per EventSource retry: it has closed.
      await expect.poll(() => refused, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(2);
      expect(await liveStatus(page)).not.toBe("live");
    } finally {
      await page.unroute(WATCH_URL);
    }
    await expect.poll(() => liveStatus(page), { timeout: WAIT_MS }).toBe("live");
    await flipFirstRowAndSeeIt(page);
  });
});
