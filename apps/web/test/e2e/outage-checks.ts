// What every portal path that touches the database answers while it is unreachable, for a browser
// holding a session cookie: pages send it to the sign-in page's outage notice (coming back once the
// database is), the CSV export is a 503 problem like the API, sign-out still clears the cookie.
import { expect } from "vitest";

export async function expectPortalExplainsOutage(base: string, token: string, { embedded = false } = {}) {
  const cookie = `fleet_session=${token}`;
  const get = (path: string) => fetch(`${base}${path}`, { redirect: "manual", headers: { cookie } });
  const post = (path: string, form: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  const unavailable = (next: string) => `/sign-in?error=unavailable&next=${encodeURIComponent(next)}`;

  const home = await get("/");
  expect(home.status, "/").toBe(307);
  expect(home.headers.get("location"), "/").toBe("/clusters");

  for (const path of ["/clusters", "/clusters?status=running&sort_by=name"]) {
    const page = await get(path);
    expect(page.status, path).toBe(307);
    expect(page.headers.get("location"), path).toBe(unavailable(path));
  }

  const notice = await get(unavailable("/clusters"));
  expect(notice.status, "sign-in notice").toBe(200);
  expect(await notice.text()).toContain("temporarily unavailable");
  // Signed in (the cookie) but unverifiable: the page explains instead of redirecting or failing.
  const signInPage = await get("/sign-in?next=%2Fdocs");
  expect(signInPage.status, "/sign-in").toBe(200);
  expect(await signInPage.text()).toContain("temporarily unavailable");

  const docs = await get("/docs");
  expect(docs.status, "/docs").toBe(200);

  const csv = await get("/clusters/export?status=running");
  expect(csv.status, "/clusters/export").toBe(503);
  expect(csv.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(Number(csv.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await csv.json()).code).toBe("SERVICE_UNAVAILABLE");

  const signIn = await post("/auth/sign-in", {
    api_key: "fleet_abcdefgh_0123456789012345678901234567890123456789",
    next: "/docs",
  });
  expect(signIn.status, "POST /auth/sign-in").toBe(303);
  expect(signIn.headers.get("location")).toBe(unavailable("/docs"));
  expect(signIn.headers.get("set-cookie")).toBeNull();

  const demo = await post("/auth/demo", { next: "/docs" });
  if (embedded) {
    expect(demo.status, "POST /auth/demo").toBe(303);
    expect(demo.headers.get("location")).toBe(unavailable("/docs"));
    expect(demo.headers.get("set-cookie")).toBeNull();
  } else {
    expect(demo.status, "POST /auth/demo").toBe(404);
  }

  const signOut = await post("/auth/sign-out");
  expect(signOut.status, "POST /auth/sign-out").toBe(303);
  expect(signOut.headers.get("location")).toBe("/sign-in?error=sign_out_unavailable");
  expect(signOut.headers.get("set-cookie")).toMatch(/^fleet_session=;.*Max-Age=0/i);
  const afterSignOut = await fetch(`${base}/sign-in?error=sign_out_unavailable`);
  expect(await afterSignOut.text()).toContain("You are signed out in this browser");
}
