// Sorting (every key, both directions, with ties), paging walks, Link and X-Total-Count, over HTTP.
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let secret: string;
let ids: string[];

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
// Few distinct values per sort key, so every key has many ties that only the id can order.
const NAMES = ["alpha", "Alpha", "ALPHA", "beta", "Beta", "gamma"];
const STATUSES = ["running", "stopped", "error", "pending"];

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  secret = (await createKey(app.db, acc.id)).secret;
  ids = [];
  for (let i = 0; i < 47; i++) {
    ids.push(
      await createCluster(app.db, acc.id, {
        // Ids in an order unrelated to insertion, so the tie-breaker is visible.
        id: `cl_${((i * 37) % 47).toString().padStart(2, "0")}x`,
        projectId: acc.projects[i % 2] as string,
        name: NAMES[i % NAMES.length] as string,
        status: STATUSES[i % STATUSES.length] as string,
        gpuCount: [1, 2, 8][i % 3] as number,
        hourlyRateCents: [99, 250, 1299][i % 3] as number,
        // Pairs of clusters share a creation instant.
        createdAt: new Date(T0 + Math.floor(i / 2) * 60_000),
      }),
    );
  }
}, 60_000);
afterAll(() => app?.close());

async function page(query: string) {
  const res = await app.get(`/v1/clusters?${query}`, { key: secret });
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as Cluster[] };
}

async function walk(query: string, limit: number) {
  const seen: Cluster[] = [];
  for (let p = 1; ; p++) {
    const { body, res } = await page(`${query}&limit=${limit}&page=${p}`);
    expect(Number(res.headers.get("x-total-count"))).toBe(ids.length);
    if (body.length === 0) break;
    seen.push(...body);
    expect(p).toBeLessThan(100);
  }
  return seen;
}

const sortKey = {
  created_at: (c: Cluster) => Date.parse(c.created_at),
  name: (c: Cluster) => c.name.toLowerCase(),
  status: (c: Cluster) => c.status,
  gpu_count: (c: Cluster) => c.gpu_count,
  cost: (c: Cluster) => c.cost.hourly_rate,
} as const;

describe("sorting", () => {
  for (const sortBy of Object.keys(sortKey) as (keyof typeof sortKey)[]) {
    for (const order of ["asc", "desc"] as const) {
      test(`sort_by=${sortBy}&sort_order=${order}: ordered by the key, ties by id in the same direction`, async () => {
        const all = await walk(`sort_by=${sortBy}&sort_order=${order}`, 7);
        expect(all).toHaveLength(ids.length);
        const dir = order === "asc" ? 1 : -1;
        let ties = 0;
        for (let i = 1; i < all.length; i++) {
          const [a, b] = [all[i - 1] as Cluster, all[i] as Cluster];
          const [ka, kb] = [sortKey[sortBy](a), sortKey[sortBy](b)];
          if (ka === kb) {
            ties++;
            expect(dir * (a.id < b.id ? -1 : 1), `${a.id} before ${b.id}`).toBe(-1);
          } else {
            expect(dir * (ka < kb ? -1 : 1), `${ka} before ${kb}`).toBe(-1);
          }
        }
        expect(ties).toBeGreaterThan(0);
      });
    }
  }

  test("defaults are created_at desc", async () => {
    const { body: implicit } = await page("limit=100");
    const { body: explicit } = await page("limit=100&sort_by=created_at&sort_order=desc");
    expect(implicit.map((c) => c.id)).toEqual(explicit.map((c) => c.id));
    expect(Date.parse(implicit[0]?.created_at as string)).toBe(T0 + 23 * 60_000);
  });

  test("name sort is case-insensitive", async () => {
    const { body } = await page("limit=100&sort_by=name&sort_order=asc");
    const names = body.map((c) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(new Set(body.slice(0, 24).map((c) => c.name))).toEqual(new Set(["alpha", "Alpha", "ALPHA"]));
  });
});

describe("paging", () => {
  test.each([1, 5, 10, 46, 47, 100])(
    "a full walk with limit=%i returns each cluster exactly once",
    async (limit) => {
      const all = await walk("sort_by=gpu_count", limit);
      expect(all.map((c) => c.id).sort()).toEqual([...ids].sort());
    },
  );

  test("Link: first, next and last on page 1; no prev", async () => {
    const { res } = await page("limit=10&status=running,stopped,error,pending");
    const links = parseLink(res.headers.get("link"));
    expect(Object.keys(links).sort()).toEqual(["first", "last", "next"]);
    expect(links.first?.searchParams.get("page")).toBe("1");
    expect(links.next?.searchParams.get("page")).toBe("2");
    expect(links.last?.searchParams.get("page")).toBe("5");
    for (const url of Object.values(links)) {
      expect(url.origin).toBe(app.url);
      expect(url.pathname).toBe("/v1/clusters");
      expect(url.searchParams.get("limit")).toBe("10");
      expect(url.searchParams.get("status")).toBe("running,stopped,error,pending");
    }
  });

  test("Link: prev and next in the middle, no next on the last page", async () => {
    const middle = parseLink((await page("limit=10&page=3&sort_by=name")).res.headers.get("link"));
    expect(middle.prev?.searchParams.get("page")).toBe("2");
    expect(middle.next?.searchParams.get("page")).toBe("4");
    expect(middle.next?.searchParams.get("sort_by")).toBe("name");
    const last = parseLink((await page("limit=10&page=5")).res.headers.get("link"));
    expect(last.next).toBeUndefined();
    expect(last.prev?.searchParams.get("page")).toBe("4");
  });

  test("following rel=next from page 1 visits every page and every cluster once", async () => {
    let next: string | undefined = `${app.url}/v1/clusters?limit=9&sort_by=cost&sort_order=asc`;
    const seen: string[] = [];
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers: { authorization: `Bearer ${secret}` } });
      const body = (await res.json()) as Cluster[];
      seen.push(...body.map((c) => c.id));
      pages++;
      next = parseLink(res.headers.get("link")).next?.toString();
    }
    expect(pages).toBe(Math.ceil(ids.length / 9));
    expect(seen.sort()).toEqual([...ids].sort());
  });

  test("X-Total-Count equals the sum of page sizes and matches last", async () => {
    const { res } = await page("limit=20&status=running");
    const total = Number(res.headers.get("x-total-count"));
    const running = (await walkFiltered("status=running", 5)).length;
    expect(total).toBe(running);
    expect(parseLink(res.headers.get("link")).last?.searchParams.get("page")).toBe(
      String(Math.ceil(total / 20)),
    );
  });

  test("a page past the end is 200 [] with the total and links", async () => {
    const { res, body } = await page("limit=10&page=99");
    expect(body).toEqual([]);
    expect(res.headers.get("x-total-count")).toBe(String(ids.length));
    const links = parseLink(res.headers.get("link"));
    expect(links.first?.searchParams.get("page")).toBe("1");
    expect(links.last?.searchParams.get("page")).toBe("5");
    expect(links.next).toBeUndefined();
    expect(res.headers.get("etag")).toBeTruthy();
  });

  test("no match: total 0, first = last = page 1", async () => {
    const { res, body } = await page("search=no-such-cluster-anywhere");
    expect(body).toEqual([]);
    expect(res.headers.get("x-total-count")).toBe("0");
    const links = parseLink(res.headers.get("link"));
    expect(Object.keys(links).sort()).toEqual(["first", "last"]);
    expect(links.last?.searchParams.get("page")).toBe("1");
  });

  test("Link keeps percent-encoded parameters intact", async () => {
    const { res } = await page("limit=1&search=%25a%20b%26c");
    const links = parseLink(res.headers.get("link"));
    expect(links.first?.searchParams.get("search")).toBe("%a b&c");
  });
});

async function walkFiltered(query: string, limit: number) {
  const seen: Cluster[] = [];
  for (let p = 1; p < 100; p++) {
    const { body } = await page(`${query}&limit=${limit}&page=${p}`);
    if (body.length === 0) break;
    seen.push(...body);
  }
  return seen;
}

function parseLink(header: string | null): Record<string, URL> {
  const links: Record<string, URL> = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match) links[match[2] as string] = new URL(match[1] as string);
  }
  return links;
}
