// The portal's security headers, session cookie and CSRF guards, against the real portal server
// (`pnpm start`) on the portal's test build (built when stale, by the web package's own harness), plus
// its header configuration.

import { createAccount, createKey } from "@fleet/api/testing";
import { createTestDatabase, freePort, type TestDatabase } from "@fleet/db/testing";
import { ensureTestBuild, type RunningServer, startNextServer, webRoot } from "@fleet/web/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordFigures } from "../src/results.ts";

function checkCsp(csp: string | null) {
  expect(csp).toBeTruthy();
  const directives = Object.fromEntries(
    (csp as string).split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["default-src"]).toEqual(["'self'"]);
  expect(directives["base-uri"]).toEqual(["'self'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  const scripts = directives["script-src"] ?? [];
  expect(scripts.some((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s))).toBe(true);
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain("*");
}

describe("portal security configuration", () => {
  test("next.config sets nosniff, a strict Referrer-Policy and DENY framing on every path", async () => {
    const config = (await import(`${webRoot}/next.config.ts`)).default as {
      headers(): Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
      poweredByHeader?: boolean;
    };
    const rules = await config.headers();
    const all = rules.find((r) => r.source === "/:path*");
    const headers = Object.fromEntries((all?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]).toContain(
      headers["referrer-policy"],
    );
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(config.poweredByHeader).toBe(false);
  });
});

describe("portal over HTTP (pnpm start on the test build)", () => {
  let tdb: TestDatabase;
  let portal: RunningServer;
  let base: string;
  let secret: string;

  beforeAll(async () => {
    await ensureTestBuild();
    tdb = await createTestDatabase();
    const account = await createAccount(tdb.db, { projects: 1 });
    secret = (await createKey(tdb.db, account.id)).secret;
    portal = await startNextServer({ DATABASE_URL: tdb.url });
    base = portal.baseUrl;
  });
  afterAll(async () => {
    await portal?.stop();
    await tdb?.drop();
  });

  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form),
    });
  const sameOrigin = () => ({ origin: base });

  test("pages carry a strict nonce CSP with frame-ancestors 'none', nosniff, Referrer-Policy, no X-Powered-By", async () => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/"]) {
      const res = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(res.status, path).toBeLessThan(500);
      checkCsp(res.headers.get("content-security-policy"));
      nonces.add(/'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    expect(nonces.size).toBe(2); // a fresh nonce per response
    const api = await fetch(`${base}/v1/clusters`);
    expect(api.status).toBe(401);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("sign-in sets an httpOnly, SameSite session cookie that is not the key; a client's X-Forwarded-Proto cannot make it Secure", async () => {
    const res = await post("/auth/sign-in", { api_key: secret, next: "/clusters" }, sameOrigin());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/clusters");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^fleet_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toContain(secret);
    expect(cookie).not.toMatch(/; Secure/i);
    const https = await post(
      "/auth/sign-in",
      { api_key: secret },
      { ...sameOrigin(), "x-forwarded-proto": "https" },
    );
    // Believed only from a trusted proxy (FLEET_TRUST_PROXY=1; apps/web's forwarded-and-auth-limits test).
    expect(https.headers.get("set-cookie")).toMatch(/^fleet_session=/);
    expect(https.headers.get("set-cookie")).not.toMatch(/; Secure/i);
    const token = /^fleet_session=([^;]+)/.exec(cookie)?.[1];
    const listed = await fetch(`${base}/v1/clusters`, { headers: { cookie: `fleet_session=${token}` } });
    expect(listed.status).toBe(200);
  });

  test("CSRF: cross-site sign-in and sign-out are refused; sign-out ends the session server-side", async () => {
    const evil = { origin: "https://evil.example" };
    const cross = await post("/auth/sign-in", { api_key: secret }, evil);
    expect(cross.status).toBe(403);
    expect(cross.headers.get("set-cookie")).toBeNull();
    const noOrigin = await post("/auth/sign-in", { api_key: secret }, { "sec-fetch-site": "cross-site" });
    expect(noOrigin.status).toBe(403);
    const neither = await post("/auth/sign-in", { api_key: secret });
    expect(neither.status).toBe(403);
    const nullOrigin = await post("/auth/sign-in", { api_key: secret }, { origin: "null" });
    expect(nullOrigin.status).toBe(403);

    const signedIn = await post("/auth/sign-in", { api_key: secret }, sameOrigin());
    const token = /^fleet_session=([^;]+)/.exec(signedIn.headers.get("set-cookie") ?? "")?.[1] as string;
    const withCookie = { cookie: `fleet_session=${token}` };
    expect((await post("/auth/sign-out", {}, { ...evil, ...withCookie })).status).toBe(403);
    expect((await fetch(`${base}/v1/clusters`, { headers: withCookie })).status).toBe(200);
    const out = await post("/auth/sign-out", {}, { ...sameOrigin(), ...withCookie });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/^fleet_session=;.*Max-Age=0/i);
    expect((await fetch(`${base}/v1/clusters`, { headers: withCookie })).status).toBe(401);
  });

  test("sign-in never redirects off-site and never echoes the key", async () => {
    for (const next of [
      "//evil.example/x",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const res = await post("/auth/sign-in", { api_key: secret, next }, sameOrigin());
      expect(res.status).toBe(303);
      expect(res.headers.get("location"), next).toBe("/clusters");
    }
    const wrong = await post("/auth/sign-in", { api_key: `${secret}x`, next: "/clusters" }, sameOrigin());
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toMatch(/^\/sign-in\?error=/);
    expect(wrong.headers.get("location")).not.toContain(secret);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    recordFigures("portal", { live_build: true, web_dir: webRoot });
  });
});

describe("portal with its database down", () => {
  let portal: RunningServer;
  let base: string;

  beforeAll(async () => {
    await ensureTestBuild();
    const nobody = `postgresql://fleet:fleet@127.0.0.1:${await freePort()}/fleet`;
    portal = await startNextServer({ DATABASE_URL: nobody }, { readyPath: "/healthz" });
    base = portal.baseUrl;
  });
  afterAll(() => portal?.stop());

  test("sign-in explains the outage instead of failing with a 500; API 503, liveness 200, readiness 503", async () => {
    const res = await fetch(`${base}/auth/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ api_key: "fleet_abcdefgh_0123456789012345678901234567890123456789" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/sign-in\?error=unavailable/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const page = await fetch(`${base}${res.headers.get("location")}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("temporarily unavailable");
    const api = await fetch(`${base}/v1/clusters`, {
      headers: { authorization: "Bearer fleet_abcdefgh_0123456789012345678901234567890123456789" },
    });
    expect(api.status).toBe(503);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });
});

describe("portal with an external database and no CURSOR_SECRET", () => {
  test("refuses to start (exit 1), naming CURSOR_SECRET and how to make one", async () => {
    await ensureTestBuild();
    const nobody = `postgresql://fleet:fleet@127.0.0.1:${await freePort()}/fleet`;
    await expect(
      startNextServer({ DATABASE_URL: nobody, CURSOR_SECRET: undefined }, { readyPath: "/healthz" }),
    ).rejects.toThrow(
      /exited \(1\)[\s\S]*CURSOR_SECRET is required with an external DATABASE_URL[\s\S]*openssl rand -base64 32/,
    );
  });
});
