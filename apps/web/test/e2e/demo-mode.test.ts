// Embedded demo mode (no DATABASE_URL): the portal starts its own PostgreSQL in a fresh data
// directory, creates the demo tenant, and the sign-in page offers it in one click.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type BrowserSession, openBrowser, screenshot } from "./browser";
import { showing, shownTotal } from "./helpers";
import { expectPortalExplainsOutage } from "./outage-checks";
import { type RunningServer, startNextServer } from "./server";

let dataDir: string;
let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "fleet-web-demo-"));
  // Run as root, embedded PostgreSQL drops to the "postgres" user, which must reach the directory.
  chmodSync(dataDir, 0o755);
  // A still demo fleet: this file counts its clusters.
  server = await startNextServer({
    DATABASE_URL: undefined,
    FLEET_DATA_DIR: dataDir,
    FLEET_DEMO_SIMULATE: "0",
  });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("the demo account is one click away and its key is written to the data directory", async () => {
  const { page } = browser;
  await page.goto(`${server.baseUrl}/clusters`);
  await page.waitForURL(/\/sign-in/);
  expect(existsSync(join(dataDir, "demo-api-key.txt"))).toBe(true);
  expect(readFileSync(join(dataDir, "demo-api-key.txt"), "utf8")).toMatch(/^fleet_/);
  await screenshot(page, "00-sign-in-demo-mode");
  await page.getByRole("button", { name: "Use the demo account" }).click();
  await page.waitForURL(`${server.baseUrl}/clusters`);
  await showing(page, "");
  await expect.poll(() => shownTotal(page)).toBe(250);
  await expect.poll(() => page.getByTestId("account").textContent()).toBe("acc_demo");
});

test("the demo sign-in returns only to this site; with the embedded database stopped nothing answers 500", async () => {
  const res = await fetch(`${server.baseUrl}/auth/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ next: "/\t/evil.example" }),
  });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/clusters");
  const token = /^fleet_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] as string;

  // Stop the portal's embedded PostgreSQL (fast shutdown), as a crash or an operator would.
  const pidFile = join(dataDir, "postgres", "postmaster.pid");
  const pid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
  process.kill(pid, "SIGINT");
  await expect.poll(() => existsSync(pidFile)).toBe(false);
  await expectPortalExplainsOutage(server.baseUrl, token, { embedded: true });
});
