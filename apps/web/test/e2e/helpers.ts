// Reading the page and asking the REST API the same question, to compare the two.
import type { Page } from "playwright-core";
import { expect } from "vitest";

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

/** The table shows the current URL's data (not the previous page's, kept while loading). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const table = document.querySelector("table");
    return table !== null && table.getAttribute("aria-busy") === "false";
  });
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
