// Reading the page and asking the REST API the same question, to compare the two.
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** How long a browser wait may take: CI runs this suite on a loaded 2-core machine. */
export const WAIT_MS = 30_000;

/** X-Total-Count of GET /v1/clusters with this query, as the API key sees it. */
export async function restTotal(baseUrl: string, apiKey: string, query: string): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/clusters?${query}${query ? "&" : ""}limit=1`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return Number(response.headers.get("X-Total-Count"));
}

export async function restList(baseUrl: string, apiKey: string, query: string) {
  const response = await fetch(`${baseUrl}/v1/clusters?${query}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; name: string; cost: { hourly_rate: number } }[];
}

/** The "N" of "1–20 of N clusters" under the table. */
export async function shownTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId("range-summary").textContent()) ?? "";
  if (text.startsWith("No clusters")) return 0;
  const match = /of ([\d,]+) clusters/.exec(text);
  return match?.[1] ? Number(match[1].replaceAll(",", "")) : Number.NaN;
}

export async function rowIds(page: Page): Promise<string[]> {
  return page
    .getByTestId("cluster-row")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-cluster-id") ?? ""));
}

export async function columnTexts(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).allTextContents();
}

/**
 * Waits until /clusters shows the URL the page is on (and, given `query`, until that URL's query
 * string is `query`, as URLSearchParams serialises it): its rows, or the bad-URL message. A control
 * changes the URL at once; the rows follow only after React re-renders and the data arrives, so
 * reading the table or using another control before this resolves races the UI. The view names the
 * query it shows in `data-state-key`, once hydrated (before that, clicks on server-rendered controls
 * go nowhere).
 */
export async function showing(page: Page, query?: string): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const current = new URLSearchParams(window.location.search).toString();
        const view = document.querySelector("[data-state-key]");
        return (
          (expected === null || current === expected) && view?.getAttribute("data-state-key") === current
        );
      },
      query ?? null,
      { timeout: WAIT_MS },
    );
  } catch (error) {
    const shown = await page
      .locator("[data-state-key]")
      .getAttribute("data-state-key", { timeout: 1000 })
      .catch(() => "(nothing)");
    throw new Error(
      `the list did not show ${query === undefined ? "the current URL" : `"${query}"`} within ${WAIT_MS} ms: ` +
        `URL query "${search(page).toString()}", page shows "${shown}"`,
      { cause: error },
    );
  }
}

/** Opens /clusters with this query and waits until its rows are shown. */
export async function openList(page: Page, baseUrl: string, query = ""): Promise<void> {
  await page.goto(`${baseUrl}/clusters${query ? `?${query}` : ""}`);
  await showing(page, new URLSearchParams(query).toString());
}

/**
 * For checks that something does NOT happen (no refetch, no URL change): resolves once a timer of
 * `ms` that the page itself sets after painting its current render has fired. Timers fire in order of
 * their due time, so any shorter timer the page set before (a debounce, a batched request) has fired
 * too, however loaded the machine is.
 */
export async function pageTimersPassed(page: Page, ms: number): Promise<void> {
  await page.evaluate(
    (delay) =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, delay))),
      ),
    ms,
  );
}

export const search = (page: Page) => new URL(page.url()).searchParams;

export const dollars = (text: string) => Number(text.replace(/[$,]/g, ""));

/** Counts CSV records (quoted fields may hold commas, quotes and newlines). */
export function countCsvRecords(csv: string): number {
  let records = 0;
  let inQuotes = false;
  let fieldStart = true;
  let recordHasContent = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (inQuotes) {
      if (c === '"' && csv[i + 1] === '"') i++;
      else if (c === '"') inQuotes = false;
      continue;
    }
    if (c === '"' && fieldStart) inQuotes = true;
    if (c === "\n") {
      if (recordHasContent) records++;
      recordHasContent = false;
      fieldStart = true;
      continue;
    }
    if (c !== "\r") recordHasContent = true;
    fieldStart = c === ",";
  }
  return recordHasContent ? records + 1 : records;
}
