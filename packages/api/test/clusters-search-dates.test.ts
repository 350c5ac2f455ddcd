// Search (literal %, _, \, quotes, Unicode, case-insensitive, name OR description) and date bounds.
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let secret: string;

const CLUSTERS: { id: string; name: string; description: string | null; createdAt: string }[] = [
  { id: "cl_pct", name: "growth 100% cluster", description: null, createdAt: "2026-01-30T23:59:59.999Z" },
  { id: "cl_100x", name: "growth 100x cluster", description: null, createdAt: "2026-01-31T00:00:00.000Z" },
  {
    id: "cl_under",
    name: "my_train_job",
    description: "uses _ in the name",
    createdAt: "2026-01-31T00:00:00.001Z",
  },
  { id: "cl_nounder", name: "myXtrainXjob", description: "plain", createdAt: "2026-01-31T12:00:00.000Z" },
  {
    id: "cl_backslash",
    name: "path C:\\data\\set",
    description: null,
    createdAt: "2026-01-31T22:00:00.000Z",
  },
  {
    id: "cl_quote",
    name: 'Bob\'s "fast" box',
    description: "it's quoted",
    createdAt: "2026-02-01T00:00:00.000Z",
  },
  {
    id: "cl_unicode",
    name: "Ünïcödé Straße 🚀",
    description: "Ελληνικά ΣΙΓΜΑ",
    createdAt: "2026-02-02T00:00:00.000Z",
  },
  {
    id: "cl_desc",
    name: "plain name",
    description: "Fine-tunes LLAMA weights",
    createdAt: "2026-02-03T00:00:00.000Z",
  },
  {
    id: "cl_sql",
    name: "x'); DROP TABLE clusters; --",
    description: null,
    createdAt: "2026-02-04T00:00:00.000Z",
  },
];

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  secret = (await createKey(app.db, acc.id)).secret;
  for (const c of CLUSTERS) {
    await createCluster(app.db, acc.id, {
      ...c,
      projectId: acc.projects[0] as string,
      createdAt: new Date(c.createdAt),
    });
  }
}, 60_000);
afterAll(() => app?.close());

async function ids(query: string): Promise<string[]> {
  const res = await app.get(`/v1/clusters?limit=100&sort_order=asc&${query}`, { key: secret });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(res.headers.get("x-total-count")).toBe(String(body.length));
  return (body as Cluster[]).map((c) => c.id);
}

const search = (term: string) => ids(`search=${encodeURIComponent(term)}`);

describe("search", () => {
  test("% is a literal character, not a wildcard", async () => {
    expect(await search("100%")).toEqual(["cl_pct"]);
    expect(await search("%")).toEqual(["cl_pct"]);
  });

  test("_ is a literal character, not a single-character wildcard", async () => {
    expect(await search("my_train")).toEqual(["cl_under"]);
    expect(await search("_")).toEqual(["cl_under"]);
  });

  test("\\ is a literal character", async () => {
    expect(await search("C:\\data\\")).toEqual(["cl_backslash"]);
    expect(await search("\\")).toEqual(["cl_backslash"]);
    expect(await search("\\d")).toEqual(["cl_backslash"]);
  });

  test("quotes and SQL are just text", async () => {
    expect(await search("Bob's")).toEqual(["cl_quote"]);
    expect(await search('"fast"')).toEqual(["cl_quote"]);
    expect(await search("'")).toEqual(["cl_quote", "cl_sql"]);
    expect(await search("'); DROP TABLE clusters; --")).toEqual(["cl_sql"]);
    expect(await ids("")).toHaveLength(CLUSTERS.length);
  });

  test("Unicode, case-insensitively", async () => {
    expect(await search("straße")).toEqual(["cl_unicode"]);
    expect(await search("ÜNÏCÖDÉ")).toEqual(["cl_unicode"]);
    expect(await search("🚀")).toEqual(["cl_unicode"]);
    expect(await search("σιγμα")).toEqual(["cl_unicode"]);
  });

  test("matches the description as well as the name, case-insensitively", async () => {
    expect(await search("llama")).toEqual(["cl_desc"]);
    expect(await search("PLAIN")).toEqual(["cl_nounder", "cl_desc"]);
  });

  test("at most 200 characters", async () => {
    expect(await search("x".repeat(200))).toEqual([]);
    const res = await app.get(`/v1/clusters?search=${"x".repeat(201)}`, { key: secret });
    expect(res.status).toBe(400);
  });
});

describe("created_after / created_before", () => {
  test("a date means 00:00 UTC, and bounds are exclusive", async () => {
    expect(await ids("created_before=2026-01-31")).toEqual(["cl_pct"]);
    expect(await ids("created_after=2026-02-01")).toEqual(["cl_unicode", "cl_desc", "cl_sql"]);
    expect(await ids("created_after=2026-01-31&created_before=2026-02-01")).toEqual([
      "cl_under",
      "cl_nounder",
      "cl_backslash",
    ]);
  });

  test("date-times with Z, with milliseconds", async () => {
    expect(await ids("created_after=2026-01-31T00:00:00Z&created_before=2026-01-31T12:00:00.000Z")).toEqual([
      "cl_under",
    ]);
    expect(
      await ids("created_after=2026-01-30T23:59:59.999Z&created_before=2026-01-31T00:00:00.001Z"),
    ).toEqual(["cl_100x"]);
  });

  test("date-times with offsets, encoded or not", async () => {
    // 2026-01-31T14:00:00+02:00 is 12:00Z: exclusive, so cl_nounder (12:00Z) is out.
    expect(
      await ids(
        `created_after=2026-01-31T01:00:00${encodeURIComponent("+01:00")}&created_before=2026-01-31T14:00:00%2B02:00`,
      ),
    ).toEqual(["cl_under"]);
    // An unencoded "+" arrives as a space; it still means the offset.
    expect(await ids("created_before=2026-01-31T14:00:00+02:00")).toEqual(["cl_pct", "cl_100x", "cl_under"]);
    // 18:00-05:00 is 23:00Z.
    expect(await ids("created_after=2026-01-31T18:00:00-05:00")).toEqual([
      "cl_quote",
      "cl_unicode",
      "cl_desc",
      "cl_sql",
    ]);
  });

  test("after ≥ before, a bad date, or a date-time without zone is a 400", async () => {
    for (const query of [
      "created_after=2026-02-01&created_before=2026-01-31",
      "created_after=2026-02-01T00:00:00Z&created_before=2026-02-01",
      "created_after=2026-13-01",
      "created_before=2026-01-31T12:00",
      "created_before=31/01/2026",
    ]) {
      const res = await app.get(`/v1/clusters?${query}`, { key: secret });
      expect(res.status, query).toBe(400);
    }
  });
});
