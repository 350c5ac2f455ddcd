// The rate-limited state, produced for real: a second production server on the same database with a
// limit of one request per minute per key.
import { createKey } from "@fleet/api/testing";
import { createPrismaClient } from "@fleet/db";
import { DEMO_ACCOUNT_ID } from "@fleet/db/seed";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { type BrowserSession, openBrowser, screenshot } from "./browser";
import { type RunningServer, startNextServer } from "./server";

let server: RunningServer;
let browser: BrowserSession;
// A key of its own: signing in is a request of the key's, so the suite's key (used all along) would
// already be over this limit and refused at sign-in, before the page this test looks at.
let apiKey: string;

beforeAll(async () => {
  const db = createPrismaClient(inject("databaseUrl"), { max: 1 });
  apiKey = (await createKey(db, DEMO_ACCOUNT_ID)).secret;
  await db.$disconnect();
  server = await startNextServer({ DATABASE_URL: inject("databaseUrl"), RATE_LIMIT_PER_MINUTE: "1" });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("a key over its rate limit sees a 'too many requests' message instead of a broken table", async () => {
  const { page } = browser;
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel("API key").fill(apiKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.baseUrl}/clusters`);
  // The first render may have been allowed (then the list shows, live once hydrated, so the click
  // below reaches its handler); the next fetch is over the limit.
  await page.locator('[data-testid="rate-limited"], [data-state-key]').first().waitFor({ timeout: 30_000 });
  if ((await page.getByTestId("rate-limited").count()) === 0) {
    await page.getByRole("button", { name: /Sort by Name/ }).click();
  }
  const alert = page.getByTestId("rate-limited");
  await alert.waitFor({ timeout: 30_000 });
  expect(await alert.textContent()).toMatch(/Too many requests.*Try again in \d+ s/);
  await screenshot(page, "11-rate-limited");
});
