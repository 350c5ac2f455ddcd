// Keyset paging with `cursor` over HTTP: walks in every sort (with ties) that match the page-number
// order exactly, Link rel="next" carrying the cursor, tRPC next_cursor, and every way a cursor is
// refused (with page, tampered, forged, reused with other filters or sort, another account's, a
// payload the server never issues under a valid MAC, a MAC not spelled as issued).
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { encodeCursor } from "../src/clusters/cursor.ts";
import {
  createAccount,
  createCluster,
  createKey,
  signedCursor,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

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

describe("a cursor whose MAC verifies but whose payload the server never issues is a 400 naming cursor", () => {
  async function expect400(query: string) {
    const res = await get(query);
    expect(res.status, query).toBe(400);
    const problem = (await res.json()) as { errors: { param: string }[] };
    expect(problem.errors[0]?.param).toBe("cursor");
  }
  /** The payload of a real second-page cursor of this listing (so its fingerprint matches). */
  async function issuedPayload(query: string): Promise<Record<string, unknown>> {
    const res = await get(`${query}&cursor=first`);
    const cursor = new URL(nextLink(res) ?? "").searchParams.get("cursor") as string;
    return JSON.parse(Buffer.from(cursor.split(".")[0] as string, "base64url").toString());
  }
  const withCursor = (query: string, cursor: string) => `${query}&cursor=${encodeURIComponent(cursor)}`;

  test("the helper's signature is accepted: an issued payload re-signed is a 200", async () => {
    const payload = await issuedPayload("limit=5");
    const res = await get(withCursor("limit=5", signedCursor(JSON.stringify(payload))));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Cluster[]).map((c) => c.id)).toEqual((await pageWalk("")).slice(5, 10));
  });

  test("created_at sort: a key that is not the ISO instant the server writes, or a malformed payload", async () => {
    const query = "limit=5";
    const p = await issuedPayload(query);
    const variants: string[] = [
      JSON.stringify({ ...p, k: "yesterday" }),
      JSON.stringify({ ...p, k: 1_772_323_200_000 }),
      JSON.stringify({ ...p, k: { $gt: 0 } }),
      JSON.stringify({ ...p, k: ["2026-03-01T00:00:00.000Z"] }),
      JSON.stringify({ ...p, k: "x".repeat(600) }),
      JSON.stringify({ ...p, k: null }),
      JSON.stringify({ ...p, k: "2026-02-31T00:00:00.000Z" }),
      JSON.stringify({ ...p, k: "0000-01-01T00:00:00.000Z" }),
      JSON.stringify({ ...p, k: "-000001-01-01T00:00:00.000Z" }),
      JSON.stringify({ ...p, k: "2026-03-01T00:00:00Z" }),
      JSON.stringify({ ...p, k: "2026-03-01T01:00:00.000+01:00" }),
      JSON.stringify({ ...p, i: 7 }),
      JSON.stringify({ ...p, i: "cl_\u0000" }),
      JSON.stringify({ ...p, i: "" }),
      JSON.stringify({ ...p, i: { id: "cl_00k" } }),
      JSON.stringify({ ...p, v: 2 }),
      JSON.stringify({ ...p, extra: true }),
      JSON.stringify({ k: p.k, i: p.i, f: p.f }),
      JSON.stringify([p.k, p.i]),
      JSON.stringify("x".repeat(600)),
      "null",
      "7",
      "{not json",
      "",
    ];
    for (const json of variants) await expect400(withCursor(query, signedCursor(json)));
  });

  test("numeric sorts: the key must be an int4 number", async () => {
    for (const sortBy of ["gpu_count", "cost"]) {
      const query = `sort_by=${sortBy}&limit=5`;
      const p = await issuedPayload(query);
      expect(typeof p.k).toBe("number");
      for (const k of ["8", 1.5, 2 ** 31, -(2 ** 31) - 1, true, "2026-03-01T00:00:00.000Z"]) {
        await expect400(withCursor(query, signedCursor(JSON.stringify({ ...p, k }))));
      }
      // Parses to Infinity.
      const huge = JSON.stringify({ ...p, k: 0 }).replace('"k":0', '"k":1e400');
      await expect400(withCursor(query, signedCursor(huge)));
    }
  });

  test("text sorts: the key must be a string PostgreSQL can hold", async () => {
    for (const sortBy of ["name", "status"]) {
      const query = `sort_by=${sortBy}&limit=5`;
      const p = await issuedPayload(query);
      expect(typeof p.k).toBe("string");
      for (const k of [8, "al\u0000pha", "\ud800", { name: "alpha" }]) {
        const json = JSON.stringify({ ...p, k });
        await expect400(withCursor(query, signedCursor(json)));
      }
    }
  });
});

describe("only the MAC's canonical spelling (unpadded base64url) is accepted", () => {
  test("padding, the +/ alphabet or trailing whitespace around a valid MAC is a 400", async () => {
    const res = await get("limit=5&cursor=first");
    const issued = new URL(nextLink(res) ?? "").searchParams.get("cursor") as string;
    const payload = JSON.parse(Buffer.from(issued.split(".")[0] as string, "base64url").toString());
    // The same payload in other JSON spellings, until one's MAC has a character that differs in the
    // +/ alphabet (each MAC has one with probability ~3/4).
    let cursor = issued;
    for (let spaces = 1; !/[-_]/.test(cursor.split(".")[1] as string); spaces++) {
      cursor = signedCursor(`${JSON.stringify(payload)}${" ".repeat(spaces)}`);
    }
    const query = (c: string) => `limit=5&cursor=${encodeURIComponent(c)}`;
    expect((await get(query(cursor))).status).toBe(200);
    const variants = [
      `${cursor}=`,
      cursor.replaceAll("-", "+").replaceAll("_", "/"),
      `${cursor} `,
      `${cursor}\n`,
      `${cursor.split(".")[0]}. ${cursor.split(".")[1]}`,
    ];
    for (const variant of variants) {
      const refused = await get(query(variant));
      expect(refused.status, variant).toBe(400);
      expect(((await refused.json()) as { errors: { param: string }[] }).errors[0]?.param).toBe("cursor");
    }
  });
});
