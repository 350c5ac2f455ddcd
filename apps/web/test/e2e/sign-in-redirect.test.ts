// Where sign-in sends the browser (`next`), over HTTP against the suite's portal: only ever a path on
// this site, whatever `next` holds, and never a 500 or a session row without a cookie.
import { createPrismaClient, type Db } from "@fleet/db";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";

const base = inject("baseUrl");
const apiKey = inject("apiKey");
let db: Db;

beforeAll(() => {
  db = createPrismaClient(inject("databaseUrl"), { max: 1 });
});
afterAll(() => db?.$disconnect());

const signIn = (form: Record<string, string>) =>
  fetch(`${base}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
const tokenOf = (response: Response) =>
  /^fleet_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];

/** What a browser would do with the Location header: it must stay on the portal. */
function expectSameSite(location: string | null, label: string) {
  expect(location, label).toBeTruthy();
  expect(new URL(location as string, base).origin, label).toBe(base);
  // A browser drops TAB/CR/LF before resolving, so "/\t/x" would be "//x": none may be in it.
  expect(new URL((location as string).replace(/[\t\n\r]/g, ""), base).origin, label).toBe(base);
}

// Values that leave the site (or would once a browser strips what it ignores), and where they land.
const OFF_SITE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "//evil.example/x",
  "https://evil.example",
  "/\\evil.example",
  "/.//evil.example",
  "/a/..//evil.example",
  "/%2e//evil.example",
  "javascript:alert(1)",
];
// Values a Location header cannot carry: these used to answer 500 after writing the session row.
const UNSENDABLE = [
  "/clusters\x0b",
  "/clusters\r\nSet-Cookie: x=1",
  "/clusters\x7f",
  "/clusters\u2028",
  "/\0",
];
// Paths on the site come back as given (normalized, percent-encoded).
const ON_SITE: [string, string][] = [
  ["/docs", "/docs"],
  ["/clusters?status=running&sort_by=name#top", "/clusters?status=running&sort_by=name#top"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["/clusters/../docs", "/docs"],
  ["/a b", "/a%20b"],
];

describe("POST /auth/sign-in", () => {
  test("redirects only to a path on this site: off-site and unsendable `next` values go to /clusters", async () => {
    for (const next of [...OFF_SITE, ...UNSENDABLE]) {
      const res = await signIn({ api_key: apiKey, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/clusters");
      expect(tokenOf(res), JSON.stringify(next)).toBeTruthy();
    }
    for (const [next, location] of ON_SITE) {
      const res = await signIn({ api_key: apiKey, next });
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe(location);
      expectSameSite(res.headers.get("location"), next);
    }
  });

  test("every session row written belongs to a cookie handed out; a failed sign-in writes none", async () => {
    const before = await db.session.count();
    const tokens: string[] = [];
    for (const next of [...OFF_SITE, ...UNSENDABLE]) {
      const res = await signIn({ api_key: apiKey, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      tokens.push(tokenOf(res) as string);
    }
    expect(await db.session.count()).toBe(before + tokens.length);
    for (const token of tokens) {
      const listed = await fetch(`${base}/v1/clusters?limit=1`, {
        headers: { cookie: `fleet_session=${token}` },
      });
      expect(listed.status).toBe(200);
    }

    const afterGood = await db.session.count();
    for (const next of [...OFF_SITE, ...UNSENDABLE]) {
      const res = await signIn({ api_key: `${apiKey}x`, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location).toBe("/sign-in?error=invalid_key&next=%2Fclusters");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await db.session.count()).toBe(afterGood);
  });
});

describe("GET /sign-in", () => {
  const get = (next: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/sign-in?next=${encodeURIComponent(next)}`, { redirect: "manual", headers });

  test("signed in: redirects to `next` only when it is a path on this site, never a 500", async () => {
    const token = tokenOf(await signIn({ api_key: apiKey }));
    const cookie = { cookie: `fleet_session=${token}` };
    for (const next of [...OFF_SITE, ...UNSENDABLE]) {
      const res = await get(next, cookie);
      expect(res.status, JSON.stringify(next)).toBe(307);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/clusters");
    }
    for (const [next, location] of ON_SITE) {
      const res = await get(next, cookie);
      expect(res.status, next).toBe(307);
      expect(res.headers.get("location"), next).toBe(location);
    }
  });

  test("signed out: the form carries the safe `next`, not the raw one", async () => {
    const res = await get("/\t/evil.example");
    expect(res.status).toBe(200);
    const html = await res.text();
    const values = [...html.matchAll(/name="next" value="([^"]*)"/g)].map((m) => m[1]);
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set(["/clusters"]));
  });
});
