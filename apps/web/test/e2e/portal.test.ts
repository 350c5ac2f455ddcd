// The portal in a real browser against the production build on a seeded PostgreSQL: every list
// interaction is checked against the REST API's answer to the same filter.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createPrismaClient } from "@fleet/db";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { type BrowserSession, openBrowser, screenshot, screenshotDir } from "./browser";
import { firstLoadJs } from "./bundle-size";
import {
  columnTexts,
  countCsvRecords,
  dollars,
  openList,
  pageTimersPassed,
  restList,
  restTotal,
  rowIds,
  search,
  showing,
  shownTotal,
  WAIT_MS,
} from "./helpers";

const baseUrl = inject("baseUrl");
const apiKey = inject("apiKey");
const databaseUrl = inject("databaseUrl");

let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function signIn() {
  const { page } = browser;
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("API key").fill(apiKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/clusters`);
  await showing(page, "");
}

describe("signing in", () => {
  test("an anonymous visit to /clusters lands on the sign-in page, without the demo shortcut (DATABASE_URL is set)", async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/clusters?status=running`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(search(page).get("next")).toBe("/clusters?status=running");
    // The shortcut would render with the form (same server render): once the form is there, it is not.
    await page.getByLabel("API key").waitFor();
    expect(await page.getByRole("button", { name: "Use the demo account" }).count()).toBe(0);
    await screenshot(page, "01-sign-in");
  });

  test("a wrong key is refused with a message", async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("API key").fill("fleet_nope1234_notarealsecretatallnotarealsecretatall00");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/error=invalid_key/);
    await expect.poll(() => page.getByTestId("sign-in-error").textContent()).toContain("not accepted");
  });

  test("a cross-site sign-in POST is refused (CSRF)", async () => {
    const response = await fetch(`${baseUrl}/auth/sign-in`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ api_key: apiKey }),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test("a valid key signs in with an httpOnly, SameSite=Lax, expiring session cookie and the first paint has data", async () => {
    const { page, context } = browser;
    await signIn();
    const [cookie] = (await context.cookies()).filter((c) => c.name === "fleet_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);
    // Server prefetch + hydration: the HTML itself already holds the rows (no loading flash).
    const html = await (await page.request.get(`${baseUrl}/clusters`)).text();
    expect(html.match(/data-testid="cluster-row"/g)?.length).toBe(20);
    expect(html).not.toContain('data-testid="table-loading"');
    await expect.poll(() => rowIds(page)).toHaveLength(20);
    const total = await restTotal(baseUrl, apiKey, "");
    await expect.poll(() => shownTotal(page)).toBe(total);
    await screenshot(page, "02-clusters", true);
  });

  test("pages carry a strict CSP and the other security headers", async () => {
    const response = await browser.page.request.get(`${baseUrl}/clusters`);
    const csp = response.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(browser.problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
  });
});

describe("the cluster list", () => {
  test("filters by status and GPU type with the multi-selects; the total matches the API", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Filter by Status" }).click();
    // Each pick is computed from the selection on screen: wait for it before the next one.
    await page.getByRole("menuitemcheckbox", { name: /^running/ }).click();
    await showing(page, "status=running");
    await page.getByRole("menuitemcheckbox", { name: /^starting/ }).click();
    await showing(page, "status=running%2Cstarting");
    // Counts beside the options come from clusters.stats without the facet's own selection.
    const running = await restTotal(baseUrl, apiKey, "status=running");
    await expect
      .poll(() => page.getByRole("menuitemcheckbox", { name: /^running/ }).textContent())
      .toBe(`running${running}`);
    await screenshot(page, "03a-status-menu");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Filter by GPU" }).click();
    await page.getByRole("menuitemcheckbox", { name: /^H100/ }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => search(page).toString()).toBe("gpu_type=H100&status=running%2Cstarting");
    await showing(page, "gpu_type=H100&status=running%2Cstarting");
    const expected = await restTotal(baseUrl, apiKey, "status=running,starting&gpu_type=H100");
    await expect.poll(() => shownTotal(page)).toBe(expected);
    const firstPage = await restList(baseUrl, apiKey, "status=running,starting&gpu_type=H100");
    await expect.poll(() => rowIds(page)).toEqual(firstPage.map((c) => c.id));
    for (const gpu of await columnTexts(page, "cell-gpu")) expect(gpu).toMatch(/^H100 ×/);
    const statuses = await page.getByTestId("cluster-row").locator("td:nth-child(2)").allTextContents();
    for (const status of statuses) expect(["running", "starting"]).toContain(status.trim());
    await screenshot(page, "03-filtered");
  });

  test("searches as you type (debounced) and keeps the other filters", async () => {
    const { page } = browser;
    await page.getByRole("searchbox", { name: /Search clusters/ }).pressSequentially("train", { delay: 40 });
    await expect.poll(() => search(page).get("search")).toBe("train");
    await showing(page, "gpu_type=H100&search=train&status=running%2Cstarting");
    const expected = await restTotal(baseUrl, apiKey, "status=running,starting&gpu_type=H100&search=train");
    await expect.poll(() => shownTotal(page)).toBe(expected);
    expect(search(page).get("gpu_type")).toBe("H100");
    const matching = await restList(baseUrl, apiKey, "status=running,starting&gpu_type=H100&search=train");
    await expect.poll(() => rowIds(page)).toEqual(matching.map((c) => c.id));
    const names = await page.getByTestId("cluster-row").locator("td:first-child button").allTextContents();
    for (const name of names) expect(name.toLowerCase()).toContain("train");
  });

  test("clear all, then sort by cost by clicking the header, both directions", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Clear all" }).click();
    await expect.poll(() => search(page).toString()).toBe("");
    // The header's next direction comes from the sort on screen: the cleared list must be shown first.
    await showing(page, "");
    await page.getByRole("button", { name: /Sort by Cost/ }).click();
    await expect.poll(() => search(page).toString()).toBe("sort_by=cost");
    await showing(page, "sort_by=cost");
    const top = await restList(baseUrl, apiKey, "sort_by=cost&sort_order=desc&limit=20");
    await expect.poll(() => rowIds(page)).toEqual(top.map((c) => c.id));
    // Read from the render that shows exactly those rows.
    const desc = (await columnTexts(page, "cell-cost")).map(dollars);
    expect(desc).toHaveLength(20);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.getByRole("button", { name: /Sort by Cost/ }).click();
    await expect.poll(() => search(page).toString()).toBe("sort_by=cost&sort_order=asc");
    await showing(page, "sort_by=cost&sort_order=asc");
    const bottom = await restList(baseUrl, apiKey, "sort_by=cost&sort_order=asc&limit=20");
    await expect.poll(() => rowIds(page)).toEqual(bottom.map((c) => c.id));
    await expect.poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain("Cost");
  });

  test("pages forward with the total shown, and changes the page size (back to page 1)", async () => {
    const { page } = browser;
    const total = await restTotal(baseUrl, apiKey, "");
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => search(page).get("page")).toBe("2");
    await showing(page, "page=2&sort_by=cost&sort_order=asc");
    const second = await restList(baseUrl, apiKey, "sort_by=cost&sort_order=asc&page=2");
    await expect.poll(() => rowIds(page)).toEqual(second.map((c) => c.id));
    await expect
      .poll(() => page.getByTestId("range-summary").textContent())
      .toBe(`21–40 of ${total} clusters`);

    await page.getByRole("combobox", { name: "Rows per page" }).click();
    await page.getByRole("option", { name: "50" }).click();
    await expect.poll(() => search(page).get("limit")).toBe("50");
    expect(search(page).get("page")).toBeNull();
    await showing(page, "limit=50&sort_by=cost&sort_order=asc");
    const fifty = await restList(baseUrl, apiKey, "sort_by=cost&sort_order=asc&limit=50");
    await expect.poll(() => rowIds(page)).toEqual(fifty.map((c) => c.id));
    await expect
      .poll(() => page.getByTestId("page-of").textContent())
      .toBe(`Page 1 of ${Math.ceil(total / 50)}`);
    await screenshot(page, "04-page-size-50");
  });

  test("back and forward step through the list states", async () => {
    const { page } = browser;
    await showing(page, "limit=50&sort_by=cost&sort_order=asc");
    const at50 = await rowIds(page);
    expect(at50).toHaveLength(50);
    await page.goBack();
    await expect.poll(() => search(page).get("page")).toBe("2");
    await showing(page, "page=2&sort_by=cost&sort_order=asc");
    const second = await restList(baseUrl, apiKey, "sort_by=cost&sort_order=asc&page=2");
    await expect.poll(() => rowIds(page)).toEqual(second.map((c) => c.id));
    await page.goBack();
    await expect.poll(() => search(page).toString()).toBe("sort_by=cost&sort_order=asc");
    await showing(page, "sort_by=cost&sort_order=asc");
    await page.goForward();
    await showing(page, "page=2&sort_by=cost&sort_order=asc");
    await page.goForward();
    await expect.poll(() => search(page).get("limit")).toBe("50");
    await showing(page, "limit=50&sort_by=cost&sort_order=asc");
    await expect.poll(() => rowIds(page)).toEqual(at50);
  });

  test("a shared link reproduces the same view after a reload, from the server's data alone", async () => {
    const { page } = browser;
    const query = "limit=50&sort_by=cost&sort_order=asc";
    await showing(page, query);
    const before = await rowIds(page);
    const calls: string[] = [];
    // The live change stream opens after hydration, by design; no query may go out again.
    const onRequest = (request: import("playwright-core").Request) => {
      const url = request.url();
      if (url.includes("/api/trpc/") && !url.includes("/api/trpc/clusters.watch")) calls.push(url);
    };
    page.on("request", onRequest);
    await page.reload();
    await showing(page, query);
    await expect.poll(() => rowIds(page)).toEqual(before);
    // Hydrated queries use the same keys as the server prefetch: the browser asks for nothing. The list
    // is shown once hydrated, so a refetch would have started from hydration's effects; it would go out
    // on the batch link's timer, which fires before this one.
    await pageTimersPassed(page, 1000);
    page.off("request", onRequest);
    expect(calls).toEqual([]);
  });
});

describe("the other filters", () => {
  async function trpcList(path: string): Promise<{ id: string; name: string }[]> {
    const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    return ((await response.json()) as { result: { data: { id: string; name: string }[] } }).result.data;
  }

  test("project and template pickers list names and filter by id", async () => {
    const { page } = browser;
    const [project] = await trpcList("projects.list");
    const [template] = await trpcList("templates.list");
    await openList(page, baseUrl);
    await page.getByRole("combobox", { name: "Project" }).click();
    await page.getByRole("option", { name: project?.name, exact: true }).click();
    await expect.poll(() => search(page).get("project_id")).toBe(project?.id);
    // The next pick is added to the filter on screen: wait for this one to be shown first.
    await showing(page, new URLSearchParams({ project_id: project?.id ?? "" }).toString());
    await page.getByRole("combobox", { name: "Template" }).click();
    await page.getByRole("option", { name: template?.name, exact: true }).click();
    await expect.poll(() => search(page).get("template_id")).toBe(template?.id);
    const both = new URLSearchParams({ project_id: project?.id ?? "", template_id: template?.id ?? "" });
    await showing(page, both.toString());
    const expected = await restTotal(baseUrl, apiKey, both.toString());
    await expect.poll(() => shownTotal(page)).toBe(expected);
    await expect
      .poll(() => page.getByRole("combobox", { name: "Project" }).textContent())
      .toBe(project?.name);
  });

  test("GPU count range and created-date range", async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    await page.getByLabel("Minimum GPU count").fill("2");
    await page.getByLabel("Maximum GPU count").fill("4");
    await expect.poll(() => search(page).toString()).toBe("max_gpu_count=4&min_gpu_count=2");
    await showing(page, "max_gpu_count=4&min_gpu_count=2");
    const day = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    // Midnight of the browser's zone (UTC here): the URL keeps the plain day.
    await page.getByLabel("Created after").fill(`${day}T00:00`);
    await expect.poll(() => search(page).get("created_after")).toBe(day);
    const query = `created_after=${day}&max_gpu_count=4&min_gpu_count=2`;
    await showing(page, query);
    const expected = await restTotal(baseUrl, apiKey, query);
    await expect.poll(() => shownTotal(page)).toBe(expected);
    const matching = await restList(baseUrl, apiKey, query);
    await expect.poll(() => rowIds(page)).toEqual(matching.map((c) => c.id));
    for (const gpu of await columnTexts(page, "cell-gpu"))
      expect(Number(gpu.split("× ")[1])).toBeGreaterThanOrEqual(2);
    // An impossible range is flagged on the inputs and never reaches the URL (the API would answer 400).
    await page.getByLabel("Minimum GPU count").fill("9");
    await expect.poll(() => page.getByLabel("Minimum GPU count").getAttribute("aria-invalid")).toBe("true");
    // Past the 500 ms debounce that would have applied it, on the page's own clock.
    await pageTimersPassed(page, 1000);
    expect(search(page).get("min_gpu_count")).toBe("2");
    expect(await page.getByLabel("Minimum GPU count").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "03b-ranges");
  });
});

describe("the API mounted in the portal", () => {
  test("REST Link headers point at the address the client used", async () => {
    const response = await fetch(`${baseUrl}/v1/clusters?limit=2&status=running`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(200);
    const link = response.headers.get("link") ?? "";
    expect(link).toContain(`<${baseUrl}/v1/clusters?`);
    expect(link).toContain('rel="next"');
    // Without FLEET_TRUST_PROXY a client's X-Forwarded-* are ignored (behind a trusted proxy they
    // are believed: forwarded-and-auth-limits.test.ts).
    const claimed = await fetch(`${baseUrl}/v1/clusters?limit=2`, {
      headers: {
        Authorization: `Bearer ${apiKey}`,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "fleet.example.com",
      },
    });
    expect(claimed.headers.get("link")).toContain(`<${baseUrl}/v1/clusters?`);
  });

  test("health and readiness answer on the portal's port", async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ok" });
  });
});

describe("sessions", () => {
  test("a client's X-Forwarded-Proto does not make the session cookie Secure (only a trusted proxy's does)", async () => {
    const response = await fetch(`${baseUrl}/auth/sign-in`, {
      method: "POST",
      headers: {
        Origin: baseUrl,
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ api_key: apiKey }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(/fleet_session=.+; .*HttpOnly.*SameSite=Lax/);
    expect(response.headers.get("set-cookie")).not.toMatch(/Secure/);
  });

  test("a sign-in POST without a form body is refused politely, not with a 500", async () => {
    const response = await fetch(`${baseUrl}/auth/sign-in`, {
      method: "POST",
      headers: { Origin: baseUrl },
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/sign-in\?error=invalid_key/);
  });

  test("the demo shortcut does not exist when DATABASE_URL is set", async () => {
    const response = await fetch(`${baseUrl}/auth/demo`, {
      method: "POST",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

describe("keyboard", () => {
  test("sorting and opening a cluster work from the keyboard", async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    await page.keyboard.press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");
    await page.getByRole("button", { name: /Sort by Name/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => search(page).toString()).toBe("sort_by=name&sort_order=asc");
    await showing(page, "sort_by=name&sort_order=asc");
    const first = await restList(baseUrl, apiKey, "sort_by=name&sort_order=asc&limit=1");
    await expect.poll(async () => (await rowIds(page))[0]).toBe(first[0]?.id);
    await page.locator(`[data-cluster-id="${first[0]?.id}"] td:first-child button`).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("cluster-detail").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("cluster-detail").waitFor({ state: "detached" });
    // Focus goes back to the row the panel was opened from.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-cluster-id")))
      .toBe(first[0]?.id);
  });
});

describe("details, export and the fleet question", () => {
  test("opens a detail panel with every field, port links, SSH copy and metric age", async () => {
    const { page, context } = browser;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    const [withSsh] = await restList(baseUrl, apiKey, "status=running&sort_by=cost&limit=100").then((all) =>
      all.filter((c) => (c as unknown as { ssh_connection: unknown }).ssh_connection !== null),
    );
    expect(withSsh).toBeDefined();
    await openList(page, baseUrl, "status=running&sort_by=cost&limit=100");
    await page.locator(`[data-cluster-id="${withSsh?.id}"] td:first-child button`).click();
    const panel = page.getByTestId("cluster-detail");
    await panel.waitFor();
    await expect.poll(() => panel.getByRole("heading").first().textContent()).toContain(withSsh?.name);
    for (const label of [
      "GPUs",
      "CPU cores",
      "Memory",
      "Storage",
      "Region",
      "Hourly rate",
      "Total so far",
      "Project",
      "Created",
      "Expires",
      "Sampled",
    ]) {
      await expect.poll(() => panel.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    const ssh = (await panel.getByTestId("ssh-command").textContent()) ?? "";
    expect(ssh).toMatch(/^ssh /);
    await panel.getByRole("button", { name: "Copy SSH command" }).click();
    // The clipboard write is asynchronous.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(ssh);
    await screenshot(page, "05-detail-panel");
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
  });

  test("port mappings with URLs are links", async () => {
    const { page } = browser;
    const all = (await restList(baseUrl, apiKey, "limit=100")) as unknown as {
      id: string;
      port_mappings: { url: string | null }[];
    }[];
    const withUrl = all.find((c) => c.port_mappings.some((p) => p.url));
    expect(withUrl).toBeDefined();
    await openList(page, baseUrl, "limit=100");
    await page.locator(`[data-cluster-id="${withUrl?.id}"] td:first-child button`).click();
    const panel = page.getByTestId("cluster-detail");
    await panel.waitFor();
    const links = panel.getByTestId("port-mappings").getByRole("link");
    await expect
      .poll(() => links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))))
      .toEqual(withUrl?.port_mappings.filter((p) => p.url).map((p) => p.url));
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
  });

  test("exports every matching cluster as CSV, not just the visible page", async () => {
    const { page } = browser;
    await openList(page, baseUrl, "status=running,stopped&region=us-east-1,eu-west-1");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    const csv = readFileSync((await download.path()) ?? "", "utf8");
    const total = await restTotal(baseUrl, apiKey, "status=running,stopped&region=us-east-1,eu-west-1");
    expect(total).toBeGreaterThan(20);
    expect(countCsvRecords(csv) - 1).toBe(total);
    expect(csv.split("\r\n")[0]).toMatch(/^id,name,/);
    expect(download.suggestedFilename()).toMatch(/^fleet-clusters-.*\.csv$/);
  });

  test('answers "which running H100 clusters in us-east-1 cost the most?" in five clicks', async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    // Each pick adds to the filter on screen, so the next click waits until the last one is shown.
    await page.getByRole("button", { name: /Running, by cost/ }).click(); // 1
    await showing(page, "sort_by=cost&status=running");
    await page.getByRole("button", { name: "Filter by GPU" }).click(); // 2
    await page.getByRole("menuitemcheckbox", { name: /^H100/ }).click(); // 3
    await showing(page, "gpu_type=H100&sort_by=cost&status=running");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Filter by Region" }).click(); // 4
    await page.getByRole("menuitemcheckbox", { name: /^us-east-1/ }).click(); // 5
    await showing(page, "gpu_type=H100&region=us-east-1&sort_by=cost&status=running");
    await page.keyboard.press("Escape");
    const answer = await restList(
      baseUrl,
      apiKey,
      "status=running&gpu_type=H100&region=us-east-1&sort_by=cost&sort_order=desc",
    );
    expect(answer.length).toBeGreaterThan(0);
    await expect.poll(() => rowIds(page)).toEqual(answer.map((c) => c.id));
    // Read from the render that shows exactly those rows.
    const costs = (await columnTexts(page, "cell-cost")).map(dollars);
    expect(costs[0]).toBe(answer[0]?.cost.hourly_rate);
    await screenshot(page, "06-running-h100-us-east-1-by-cost", true);
  });
});

describe("states", () => {
  test("a bad URL shows a friendly message naming each problem, and a reset", async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/clusters?limit=500&status=bogus&colour=red`);
    // Shown and hydrated, so the reset button below responds.
    await showing(page, "limit=500&status=bogus&colour=red");
    const message = page.getByTestId("bad-url");
    const text = (await message.textContent()) ?? "";
    for (const param of ["limit", "status", "colour"]) expect(text).toContain(param);
    await screenshot(page, "07-bad-url");
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect.poll(() => page.url()).toBe(`${baseUrl}/clusters`);
    await showing(page, "");
    await expect.poll(() => rowIds(page)).toHaveLength(20);
  });

  test("a filter nothing matches shows the empty state", async () => {
    const { page } = browser;
    await openList(page, baseUrl, "search=no-such-cluster-anywhere");
    await page.getByTestId("empty-state").waitFor();
    await expect.poll(() => shownTotal(page)).toBe(0);
    await screenshot(page, "08-empty");
  });

  test("follows the list live: a row changes in place, a deleted one leaves, a change elsewhere is announced", async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    const live = page.getByTestId("live-status");
    await expect.poll(() => live.getAttribute("data-status"), { timeout: WAIT_MS }).toBe("live");
    const [changed, deleted, template] = await rowIds(page);
    const db = createPrismaClient(databaseUrl);
    try {
      // Written as the services that own clusters write: plain SQL, straight to the table.
      const [row] = await db.$queryRaw<{ status: string }[]>`
        UPDATE clusters SET status = CASE WHEN status = 'error' THEN 'running' ELSE 'error' END
        WHERE id = ${changed} RETURNING status`;
      const badge = page.locator(`[data-testid="cluster-row"][data-cluster-id="${changed}"]`);
      await expect.poll(() => badge.textContent(), { timeout: WAIT_MS }).toContain(row?.status);
      await db.$executeRaw`DELETE FROM clusters WHERE id = ${deleted}`;
      await expect.poll(() => rowIds(page), { timeout: WAIT_MS }).not.toContain(deleted);
      // A change to a cluster not on this page leaves the page as it is, and says so.
      await db.$executeRaw`UPDATE clusters SET description = 'changed elsewhere'
        WHERE id = (SELECT id FROM clusters WHERE id <> ALL(${await rowIds(page)}::text[])
                    AND account_id = (SELECT account_id FROM clusters WHERE id = ${template}) LIMIT 1)`;
      await page.getByTestId("changes-elsewhere").waitFor({ timeout: WAIT_MS });
      expect(await rowIds(page)).not.toContain(deleted);
      await page.getByTestId("changes-elsewhere").click();
      await expect.poll(() => page.getByTestId("changes-elsewhere").count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  test("times in the viewer's own zone: the date-time filter, the detail panel and the row's tooltip", async () => {
    const tokyo = await openBrowser(undefined, { timezoneId: "Asia/Tokyo" });
    try {
      await tokyo.context.addCookies(await browser.context.cookies());
      const { page } = tokyo;
      await openList(page, baseUrl);
      await expect.poll(() => page.getByTestId("local-zone").textContent()).toBe("Asia/Tokyo time");
      // 09:00 in Tokyo is midnight UTC: the API's day.
      await page.getByLabel("Created after").fill("2026-01-01T09:00");
      await expect.poll(() => search(page).get("created_after")).toBe("2026-01-01");
      await page.getByLabel("Created after").fill("2026-01-01T10:30");
      await expect.poll(() => search(page).get("created_after")).toBe("2026-01-01T01:30:00.000Z");
      const title = await page
        .getByTestId("cluster-row")
        .first()
        .locator("time")
        .first()
        .getAttribute("title");
      expect(title).toMatch(/GMT\+9 \(.* UTC\)$/);
      await page.getByTestId("cluster-row").first().locator("td:first-child button").click();
      const panel = page.getByRole("dialog");
      await expect.poll(() => panel.textContent()).toMatch(/GMT\+9/);
      await screenshot(page, "05b-detail-local-time");
    } finally {
      await tokyo.close();
    }
  });

  test("on a phone (390 px): rows as cards, the summary collapsed to one line, nothing scrolls sideways", async () => {
    const narrow = await openBrowser({ width: 390, height: 844 });
    try {
      await narrow.context.addCookies(await browser.context.cookies());
      const { page } = narrow;
      await openList(page, baseUrl);
      // The cards are the page's rows: the API's first page, in its order.
      const first = (await (
        await fetch(`${baseUrl}/v1/clusters`, { headers: { Authorization: `Bearer ${apiKey}` } })
      ).json()) as { id: string }[];
      const cards = page.getByTestId("cluster-card");
      await expect
        .poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-cluster-id"))))
        .toEqual(first.map((c) => c.id));
      expect(await page.getByTestId("cluster-row").first().isVisible()).toBe(false);
      // The summary is one line until asked for; the first card is on the first screen.
      expect(await page.getByTestId("summary").isVisible()).toBe(false);
      expect((await cards.first().boundingBox())?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(844);
      await screenshot(page, "09-narrow", true);
      await page.getByRole("button", { name: /Show summary/ }).click();
      await page.getByTestId("summary").waitFor();
      await screenshot(page, "09a-narrow-summary");
      // Sorting without the table's headers.
      await page.getByLabel("Sort by", { exact: true }).selectOption("cost:desc");
      await page.waitForURL(/sort_by=cost/);
      const wider = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`),
      );
      expect(wider).toEqual([]);
    } finally {
      await narrow.close();
    }
  });

  test("the column chooser hides and shows columns, kept by this browser across visits", async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    const header = page.getByRole("columnheader", { name: "Region" });
    await header.waitFor();
    await page.getByRole("button", { name: "Columns" }).click();
    await screenshot(page, "03c-columns-menu");
    await page.getByRole("menuitemcheckbox", { name: "Region" }).click();
    await page.getByRole("menuitemcheckbox", { name: "GPUs" }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => header.count()).toBe(0);
    expect(await page.getByTestId("cell-gpu").count()).toBe(0);
    await page.reload();
    await openList(page, baseUrl);
    await expect.poll(() => page.getByTestId("cell-region").count()).toBe(0);
    expect(await page.getByTestId("cell-cost").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Region" }).click();
    await page.getByRole("menuitemcheckbox", { name: "GPUs" }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("cell-region").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("cell-gpu").count()).toBeGreaterThan(0);
  });

  test("a saved view keeps a filter, a sort and hidden columns for the account, and opens from the menu", async () => {
    const { page } = browser;
    await openList(page, baseUrl, "gpu_type=A100&sort_by=cost&sort_order=asc&status=running");
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Expires" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Views" }).click();
    await page.getByRole("menuitem", { name: "Save this view…" }).click();
    await page.getByLabel("View name").fill("Cheapest running A100s");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByLabel("View name").waitFor({ state: "detached" });
    // Saved for the account: the API lists it to any of its keys.
    const views = await fetch(`${baseUrl}/api/trpc/views.list`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const listed = ((await views.json()) as { result: { data: { name: string; query: string }[] } }).result
      .data;
    expect(listed.find((v) => v.name === "Cheapest running A100s")?.query).toBe(
      "gpu_type=A100&sort_by=cost&sort_order=asc&status=running",
    );
    // Elsewhere, with every column back, the menu opens the view: its URL and its columns.
    await openList(page, baseUrl);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Expires" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Views" }).click();
    await screenshot(page, "03d-views-menu");
    await page.getByRole("menuitem", { name: "Cheapest running A100s" }).click();
    await page.waitForURL(/status=running/);
    await showing(page, "gpu_type=A100&sort_by=cost&sort_order=asc&status=running");
    await expect.poll(() => page.getByRole("columnheader", { name: "Expires" }).count()).toBe(0);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Expires" }).click();
    await page.keyboard.press("Escape");
  });

  test("follows the system's dark theme, on the list and the reference alike", async () => {
    const { page } = browser;
    await openList(page, baseUrl);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      await openList(page, baseUrl);
      expect(await background()).not.toBe(light);
      await screenshot(page, "14-dark-clusters");
      await page.goto(`${baseUrl}/docs`);
      await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();
      expect(await background()).not.toBe(light);
      await screenshot(page, "15-dark-docs");
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });

  test("the API reference is in the page as served: operations, parameters, headers and examples", async () => {
    const session = (await browser.context.cookies()).find((c) => c.name === "fleet_session");
    const res = await fetch(`${baseUrl}/docs`, { headers: { Cookie: `fleet_session=${session?.value}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    // Rendered on the server from /v1/openapi.json: readable before any script runs.
    for (const text of [
      "/v1/clusters",
      "min_gpu_count",
      "X-Next-Cursor",
      "X-Total-Count",
      "documentation_url",
    ]) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain("llm-finetune-h100-07");
  });

  test("the interactive console (Scalar) loads only when asked for, within the CSP and with no request off this host", async () => {
    const { page, problems } = browser;
    const offHost: string[] = [];
    // No internet: every request to another host fails, as it would offline.
    await page.route(
      (url) => url.host !== new URL(baseUrl).host,
      (route) => {
        offHost.push(route.request().url());
        return route.abort();
      },
    );
    const scripts: Promise<number>[] = [];
    const onResponse = (response: import("playwright-core").Response) => {
      if (response.request().resourceType() === "script")
        scripts.push(response.body().then((b) => gzipSync(b).length));
    };
    const gzipKbOf = async () =>
      Math.round((await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 102.4) / 10;
    page.on("response", onResponse);
    try {
      await page.goto(`${baseUrl}/docs`);
      await page.getByText("Running H100 clusters in us-east-1, most expensive first").waitFor();
      await page.getByRole("heading", { name: /GET \/v1\/clusters List clusters/ }).waitFor();
      await screenshot(page, "10-docs");
      await page.locator("#listClusters").scrollIntoViewIfNeeded();
      await screenshot(page, "10a-docs-reference");
      await page.waitForLoadState("networkidle");
      const beforeKb = await gzipKbOf();
      expect(await page.locator(".scalar-app, .scalar-api-reference").count()).toBe(0);
      await page.getByRole("link", { name: "Open the interactive console" }).click();
      await page.waitForURL(/\/docs\/console$/);
      const reference = page.locator(".scalar-app, .scalar-api-reference").first();
      await reference.waitFor({ timeout: 30_000 });
      await reference.getByText("min_gpu_count").first().waitFor();
      await reference.scrollIntoViewIfNeeded();
      await screenshot(page, "10b-docs-console");
      const afterKb = await gzipKbOf();
      console.log(`/docs JavaScript: ${beforeKb} kB gzip as loaded, ${afterKb} kB once the console is open`);
      expect(afterKb).toBeGreaterThan(beforeKb);
      expect(offHost).toEqual([]);
      expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    } finally {
      page.off("response", onResponse);
      await page.unrouteAll();
    }
  });
});

describe("weight", () => {
  test("first-load JavaScript of each page stays within budget (gzip)", async () => {
    const weights = [];
    const session = (await browser.context.cookies()).find((c) => c.name === "fleet_session");
    const cookie = `fleet_session=${session?.value}`;
    weights.push(await firstLoadJs(baseUrl, "/sign-in"));
    weights.push(await firstLoadJs(baseUrl, "/clusters", cookie));
    weights.push(await firstLoadJs(baseUrl, "/docs", cookie));
    console.table(weights);
    writeFileSync(join(screenshotDir, "first-load-js.json"), JSON.stringify(weights, null, 2));
    // The data page must stay light; Scalar on /docs loads only when its console is opened.
    for (const weight of weights) expect(weight.gzipKb).toBeLessThan(300);
    expect(weights.find((w) => w.path === "/docs")?.gzipKb).toBeLessThanOrEqual(250);
  });
});

describe("hygiene", () => {
  test("the whole session produced no console errors, hydration mismatches or uncaught exceptions", () => {
    expect(browser.problems).toEqual([]);
  });
});

describe("signing out", () => {
  test("clears the cookie, ends the session server-side and protects the page again", async () => {
    const { page, context } = browser;
    await openList(page, baseUrl);
    const [before] = (await context.cookies()).filter((c) => c.name === "fleet_session");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await expect
      .poll(async () => (await context.cookies()).filter((c) => c.name === "fleet_session"))
      .toEqual([]);
    // The old token no longer works anywhere.
    const replay = await fetch(`${baseUrl}/api/trpc/projects.list`, {
      headers: { Cookie: `fleet_session=${before?.value}` },
    });
    expect(replay.status).toBe(401);
    await page.goto(`${baseUrl}/clusters`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
  });
});
