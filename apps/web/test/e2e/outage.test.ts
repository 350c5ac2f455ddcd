// The database unreachable from the start: pages explain the outage instead of failing with a stack trace.
import { freePort } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type BrowserSession, openBrowser, screenshot } from "./browser";
import { expectPortalExplainsOutage } from "./outage-checks";
import { type RunningServer, startNextServer } from "./server";

let server: RunningServer;
let browser: BrowserSession;
// Shaped like a real session token, so the pages have to ask the (unreachable) database about it.
const cookie = { name: "fleet_session", value: "a".repeat(43) };

beforeAll(async () => {
  const deadPort = await freePort();
  server = await startNextServer(
    { DATABASE_URL: `postgresql://fleet:fleet@127.0.0.1:${deadPort}/fleet` },
    { readyPath: "/healthz" },
  );
  browser = await openBrowser();
  await browser.context.addCookies([{ ...cookie, url: server.baseUrl }]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("sign-in says the service is temporarily unavailable", async () => {
  const { page } = browser;
  const response = await page.goto(`${server.baseUrl}/sign-in`);
  expect(response?.status()).toBe(200);
  expect(await page.textContent("body")).toContain("temporarily unavailable");
  await screenshot(page, "12-outage-sign-in");
});

test("the fleet page leads to the outage notice, not a stack trace", async () => {
  const { page } = browser;
  await page.goto(`${server.baseUrl}/clusters?status=running`);
  await page.waitForURL(`${server.baseUrl}/sign-in?error=unavailable&next=%2Fclusters%3Fstatus%3Drunning`);
  expect(await page.getByTestId("sign-in-error").textContent()).toContain("temporarily unavailable");
  expect(await page.textContent("body")).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
  await screenshot(page, "13-outage-clusters");
});

test("no portal path answers 500 to a signed-in browser while the database is unreachable", async () => {
  await expectPortalExplainsOutage(server.baseUrl, cookie.value);
});

test("liveness stays up while readiness reports the database", async () => {
  expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(503);
});
