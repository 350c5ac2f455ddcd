// Structured request logs: one JSON line per request with request id, principal ids, status and
// duration; credentials (API keys, session tokens, the database password) never appear, wherever a
// client puts them, and not on the error path where the database is unreachable either.
import { createPrismaClient } from "@fleet/db";
import { freePort } from "@fleet/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSession, SESSION_COOKIE } from "../src/index.ts";
import {
  createAccount,
  createCluster,
  createKey,
  rawRequest,
  startApp,
  type TestApp,
} from "../src/testing/index.ts";

let app: TestApp;
let accountId: string;

beforeAll(async () => {
  app = await startApp();
  const account = await createAccount(app.db, { projects: 1 });
  accountId = account.id;
  await createCluster(app.db, accountId, { projectId: account.projects[0] as string });
}, 60_000);
afterAll(() => app?.close());

/** Every substring of a secret long enough to identify it (the random tail, in pieces). */
const fragments = (secret: string) => [secret, secret.slice(-40), secret.slice(-20), secret.slice(15, 35)];

describe("request logs", () => {
  test("one line per request: request id, principal ids, status, duration, the path alone; never a credential", async () => {
    const key = await createKey(app.db, accountId);
    const session = await createSession(app.db, key.secret);
    const token = session?.token as string;
    const auth = (secret: string): [string, string] => ["Authorization", `Bearer ${secret}`];
    const requests: { target: string; headers: [string, string][]; principal: string | null }[] = [
      { target: "/v1/clusters", headers: [auth(key.secret)], principal: key.id },
      {
        target: "/v1/clusters?limit=1",
        headers: [auth(key.secret), ["X-Request-Id", "trace-abc.123"]],
        principal: key.id,
      },
      { target: "/v1/clusters?limit=1000", headers: [auth(key.secret)], principal: key.id },
      { target: `/v1/clusters?api_key=${key.secret}`, headers: [auth(key.secret)], principal: key.id },
      { target: "/api/trpc/clusters.list", headers: [auth(key.secret)], principal: key.id },
      { target: "/v1/clusters", headers: [["Cookie", `${SESSION_COOKIE}=${token}`]], principal: key.id },
      { target: "/v1/clusters", headers: [auth(`${key.secret.slice(0, -1)}X`)], principal: null },
      { target: "/v1/clusters", headers: [["Authorization", `Basic ${key.secret}`]], principal: null },
      { target: "/v1/clusters", headers: [["X-Api-Key", key.secret]], principal: null },
      { target: "/v1/clusters", headers: [["X-Forwarded-For", key.secret]], principal: null },
      { target: "/healthz", headers: [auth(key.secret)], principal: null },
      { target: "/nope", headers: [auth(key.secret)], principal: null },
    ];
    const before = app.logs.length;
    const ids: string[] = [];
    for (const r of requests) {
      const res = await rawRequest(app.url, { target: r.target, headers: r.headers });
      expect(res.status).toBeLessThan(500);
      ids.push(res.headers["x-request-id"] as string);
    }
    expect(ids[1], "a safe X-Request-Id is kept").toBe("trace-abc.123");
    const lines = app.logs.slice(before);
    expect(lines).toHaveLength(requests.length);
    requests.forEach((r, i) => {
      const line = lines.find((l) => l.request_id === ids[i]);
      expect(line, r.target).toMatchObject({
        level: 30,
        msg: "request",
        method: "GET",
        status: expect.any(Number),
        duration_ms: expect.any(Number),
        time: expect.any(Number),
      });
      expect(line?.path, "no query string (it may carry anything)").toBe(
        new URL(r.target, "http://x").pathname,
      );
      if (r.principal) expect(line).toMatchObject({ api_key_id: r.principal, account_id: accountId });
      else expect(line?.api_key_id).toBeUndefined();
    });
    const raw = app.rawLogs.join("\n");
    for (const secret of [key.secret, token])
      for (const piece of fragments(secret)) expect(raw).not.toContain(piece);
  });

  test("an unsafe X-Request-Id is replaced", async () => {
    const { secret } = await createKey(app.db, accountId);
    const res = await app.get("/v1/clusters", {
      key: secret,
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("an API key sent as X-Request-Id is replaced and never logged", async () => {
    const { secret } = await createKey(app.db, accountId);
    const res = await app.get("/v1/clusters", { key: secret, headers: { "x-request-id": secret } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(app.logs)).not.toContain(secret);
  });

  test("an unreachable database is logged at error level with the cause, but no password or key", async () => {
    const { secret } = await createKey(app.db, accountId);
    const password = "s3cret-db-pw-never-logged";
    const port = await freePort();
    const db = createPrismaClient(`postgresql://fleet:${password}@127.0.0.1:${port}/fleet`, { max: 2 });
    const down = await startApp({ db });
    try {
      expect((await down.get("/v1/clusters", { key: secret })).status).toBe(503);
      expect((await down.get("/readyz")).status).toBe(503);
      const errors = down.logs.filter((l) => l.level === 50);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors[0]).toMatchObject({ status: 503, err: expect.anything() });
      const raw = down.rawLogs.join("\n");
      expect(raw).not.toContain(password);
      for (const piece of fragments(secret)) expect(raw).not.toContain(piece);
    } finally {
      await down.close();
      await db.$disconnect();
    }
  });
});
