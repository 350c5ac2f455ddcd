// createPrincipalContext: the context of a caller resolved already (a portal render's session),
// counted against the key's rate limit like createContext, never throwing.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrincipalContext, createSession, resolveSession } from "../src/index.ts";
import { createTenant, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let key: string;

beforeAll(async () => {
  app = await startApp();
  key = (await createTenant(app.db, [])).key;
}, 60_000);
afterAll(() => app?.close());

test("the resolved principal, with this request counted once against its key's limit", async () => {
  const session = await createSession(app.db, key);
  const principal = await resolveSession(app.db, session?.token ?? "");
  let resolutions = 0;
  const resolve = async () => {
    resolutions++;
    return principal;
  };
  const first = await createPrincipalContext(resolve, { db: app.db, rateLimitPerMinute: 10 });
  const second = await createPrincipalContext(resolve, { db: app.db, rateLimitPerMinute: 10 });
  expect(resolutions).toBe(2);
  expect(first.principal).toEqual(principal);
  expect(first.authError).toBeNull();
  // Signing in counted once, then each context once.
  expect(first.rateLimit).toMatchObject({ limit: 10, remaining: 8, allowed: true });
  expect(second.rateLimit).toMatchObject({ remaining: 7 });
});

test("no principal is an anonymous context; a failed resolution is its authError", async () => {
  const anonymous = await createPrincipalContext(async () => null, { db: app.db });
  expect(anonymous).toMatchObject({ principal: null, rateLimit: null, authError: null });

  const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  const failed = await createPrincipalContext(
    async () => {
      throw down;
    },
    { db: app.db },
  );
  expect(failed.principal).toBeNull();
  expect(failed.authError?.fleetCode).toBe("SERVICE_UNAVAILABLE");
});
