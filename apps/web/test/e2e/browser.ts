// A Chromium driven by playwright-core: headless, no sandbox (CI runs as root), nothing phoning
// home, a fresh profile per launch. The browser is CHROMIUM_PATH when set, otherwise the one that
// @sparticuz/chromium ships inside its npm package, so a machine with only Node and npm runs the suite.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import npmChromium from "@sparticuz/chromium";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations } from "./accessibility";
import { webRoot } from "./build";
import { e2eEnv } from "./env";

export const screenshotDir = join(webRoot, "test-results");

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** `timezoneId`: the zone the page believes it is in (UTC unless a test says otherwise, whatever the host's). */
export async function openBrowser(
  viewport = { width: 1280, height: 900 },
  { timezoneId = "UTC" }: { timezoneId?: string } = {},
): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), "fleet-web-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: e2eEnv().CHROMIUM_PATH ?? (await npmChromium.executablePath()),
    headless: true,
    viewport,
    timezoneId,
    acceptDownloads: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await throttleCpu(context, page);
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * E2E_CPU_THROTTLE=N runs the page N times slower (Chromium's CPU throttling), to reproduce locally
 * the timing of a heavily loaded CI machine without loading everyone else's cores.
 */
async function throttleCpu(context: BrowserContext, page: Page): Promise<void> {
  const rate = e2eEnv().E2E_CPU_THROTTLE;
  if (rate <= 1) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
}

/** A state of the page the suite visits: its screenshot, and axe-core finds no violation in it. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
  expect(await axeViolations(page), `axe-core on ${name}`).toEqual([]);
}
