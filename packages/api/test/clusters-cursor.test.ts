// Keyset paging with `cursor` over HTTP: walks in every sort (with ties) that match the page-number
// order exactly, Link rel="next" carrying the cursor, tRPC next_cursor, and every way a cursor is
// refused (with page, tampered, forged, reused with other filters or sort, another account's).
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { encodeCursor } from "../src/clusters/cursor.ts";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let secret: string;
let otherSecret: string;
let ids: string[];

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
// Few distinct values per key (and case variants of one name), so only the id breaks most ties.
const NAMES = ["alpha", "Alpha", "ÄLPHA", "beta", "Beta", "gamma"];
const STATUSES = ["running", "stopped", "error", "pending"];

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  const other = await createAccount(app.db);
  secret = (await createKey(app.db, acc.id)).secret;
  otherSecret = (await createKey(app.db, other.id)).secret;
  ids = [];
  for (let i = 0; i < 41; i++) {
    ids.push(
      await createCluster(app.db, acc.id, {
        id: `cl_${((i * 29) % 41).toString().padStart(2, "0")}k`,
        projectId: acc.projects[i % 2] as string,
        name: NAMES[i % NAMES.length] as string,
        status: STATUSES[i % STATUSES.length] as string,
        gpuCount: [1, 2, 8][i % 3] as number,
        hourlyRateCents: [99, 250, 1299][i % 3] as number,
        createdAt: new Date(T0 + Math.floor(i / 3) * 60_000),
      }),
    );
  }
  await createCluster(app.db, other.id, { projectId: other.projects[0] as string });
}, 60_000);
afterAll(() => app?.close());

const nextLink = (res: Response) => /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];

async function get(query: string, key = secret) {
  return app.get(`/v1/clusters?${query}`, { key });
}

/** Follows Link rel="next" from `cursor=first` to the end. */
async function cursorWalk(query: string) {
  const seen: string[] = [];
  let url: string | undefined = `${app.url}/v1/clusters?${query}&cursor=first`;
  for (let steps = 0; url; steps++) {
    expect(steps).toBeLessThan(50);
    const res: Response = await fetch(url, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe(String(ids.length));
    expect(res.headers.get("link")).toContain('rel="first"');
    expect(res.headers.get("link")).not.toMatch(/rel="(last|prev)"/);
    seen.push(...((await res.json()) as Cluster[]).map((c) => c.id));
    url = nextLink(res);
  }
  return seen;
}

async function pageWalk(query: string) {
  const res = await get(`${query}&limit=100`);
  return ((await res.json()) as Cluster[]).map((c) => c.id);
}

describe("cursor walks", () => {
  for (const sortBy of ["created_at", "name", "status", "gpu_count", "cost"]) {
    for (const order of ["asc", "desc"]) {
      test(`sort_by=${sortBy}&sort_order=${order}: same order as page numbers, each cluster once`, async () => {
        const query = `sort_by=${sortBy}&sort_order=${order}&limit=6`;
        const walked = await cursorWalk(query);
        expect(walked).toEqual(await pageWalk(`sort_by=${sortBy}&sort_order=${order}`));
        expect(new Set(walked).size).toBe(ids.length);
      });
    }
  }

  test("a filtered walk returns exactly the filtered set, and the last page has no next link", async () => {
    const expected = await pageWalk("status=running,error");
    const seen: string[] = [];
    let res = await get("status=running,error&limit=4&cursor=first");
    for (;;) {
      expect(res.headers.get("x-total-count")).toBe(String(expected.length));
      seen.push(...((await res.json()) as Cluster[]).map((c) => c.id));
      const next = nextLink(res);
      if (!next) break;
      expect(new URL(next).searchParams.get("status")).toBe("running,error");
      res = await fetch(next, { headers: { authorization: `Bearer ${secret}` } });
    }
    expect(seen).toEqual(expected);
  });

  test("limit may change between pages of one walk", async () => {
    const first = await get("limit=5&cursor=first");
    const cursor = new URL(nextLink(first) ?? "").searchParams.get("cursor");
    const second = await get(`limit=7&cursor=${cursor}`);
    expect(second.status).toBe(200);
    const all = await pageWalk("sort_by=created_at");
    expect(((await second.json()) as Cluster[]).map((c) => c.id)).toEqual(all.slice(5, 12));
  });
});

describe("tRPC next_cursor", () => {
  test("is a cursor until the last page, then null; page numbers still work", async () => {
    const call = async (input: object) => {
      const q = encodeURIComponent(JSON.stringify(input));
      const res = await app.get(`/api/trpc/clusters.list?input=${q}`, { key: secret });
      expect(res.status).toBe(200);
      return (
        (await res.json()) as { result: { data: { data: Cluster[]; pagination: Record<string, unknown> } } }
      ).result.data;
    };
    const seen: string[] = [];
    let out = await call({ limit: 10, sort_by: "name" });
    seen.push(...out.data.map((c) => c.id));
    while (typeof out.pagination.next_cursor === "string") {
      out = await call({ limit: 10, sort_by: "name", cursor: out.pagination.next_cursor });
      seen.push(...out.data.map((c) => c.id));
    }
    expect(out.pagination.next_cursor).toBeNull();
    expect(seen).toEqual(await pageWalk("sort_by=name"));
    const byPage = await call({ limit: 10, page: 5 });
    expect(byPage.pagination.page).toBe(5);
    expect(byPage.data).toHaveLength(1);
    expect(byPage.pagination.next_cursor).toBeNull();
  });
});

describe("refused cursors are 400s naming the parameter", () => {
  async function expect400(query: string, params: string[], key = secret) {
    const res = await get(query, key);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { param: string }[] };
    expect(problem.code).toBe("VALIDATION_ERROR");
    expect(problem.errors.map((e) => e.param).sort()).toEqual(params);
  }
  async function secondCursor(query: string) {
    return new URL(nextLink(await get(`${query}&cursor=first`)) ?? "").searchParams.get("cursor") as string;
  }

  test("page together with cursor", async () => {
    await expect400("page=2&cursor=first", ["cursor", "page"]);
    await expect400(`page=1&cursor=${await secondCursor("limit=5")}`, ["cursor", "page"]);
  });

  test("a tampered, truncated or garbage cursor", async () => {
    const cursor = await secondCursor("limit=5");
    const [body, mac] = cursor.split(".") as [string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const moved = Buffer.from(JSON.stringify({ ...payload, i: "cl_00k" })).toString("base64url");
    await expect400(`limit=5&cursor=${moved}.${mac}`, ["cursor"]);
    await expect400(`limit=5&cursor=${cursor.slice(0, -3)}`, ["cursor"]);
    await expect400("limit=5&cursor=not-a-cursor", ["cursor"]);
    await expect400(`limit=5&cursor=${cursor}.extra`, ["cursor"]);
  });

  test("a cursor signed with another secret", async () => {
    const forged = encodeCursor(
      { key: new Date(T0).toISOString(), id: "cl_00k" },
      "x",
      "another-secret-of-16+chars",
    );
    await expect400(`cursor=${forged}`, ["cursor"]);
  });

  test("a cursor reused with other filters or another sort", async () => {
    const cursor = await secondCursor("status=running&limit=5");
    await expect400(`status=stopped&limit=5&cursor=${cursor}`, ["cursor"]);
    await expect400(`limit=5&cursor=${cursor}`, ["cursor"]);
    await expect400(`status=running&sort_order=asc&limit=5&cursor=${cursor}`, ["cursor"]);
    await expect400(`status=running&sort_by=name&limit=5&cursor=${cursor}`, ["cursor"]);
    // The same filters in another spelling are the same listing.
    expect(
      (await get(`status=running&sort_by=created_at&sort_order=desc&limit=5&cursor=${cursor}`)).status,
    ).toBe(200);
  });

  test("another account's cursor", async () => {
    const cursor = await secondCursor("limit=5");
    await expect400(`limit=5&cursor=${cursor}`, ["cursor"], otherSecret);
  });
});
