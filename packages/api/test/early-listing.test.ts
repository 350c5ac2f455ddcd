// The page that starts before the key check returns (src/rest/early-listing.ts), over real HTTP and
// PostgreSQL. The database client is the real one, watched: every statement's start and end is
// recorded, so the tests see which statements ran, and in what order.
import type { Db } from "@fleet/db";
import type { Cluster } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

interface Statement {
  kind: "key check" | "page" | "other";
  started: number;
  ended: number;
}

/** The same client, with each `$rows` statement recorded. */
function watched(db: Db, log: Statement[]): Db {
  const kindOf = (sql: string): Statement["kind"] =>
    sql.includes("FROM api_keys") ? "key check" : sql.includes("AS sort_key") ? "page" : "other";
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "$rows") return Reflect.get(target, prop, receiver);
      return async (sql: Parameters<Db["$rows"]>[0]) => {
        const entry: Statement = { kind: kindOf(sql.sql), started: performance.now(), ended: Number.NaN };
        log.push(entry);
        try {
          return await target.$rows(sql);
        } finally {
          entry.ended = performance.now();
        }
      };
    },
  });
}

const RATE_LIMIT = 4;
let owner: TestApp;
let app: TestApp;
let account: Awaited<ReturnType<typeof createAccount>>;
const log: Statement[] = [];

beforeAll(async () => {
  owner = await startApp();
  app = await startApp({ db: watched(owner.db, log), rateLimitPerMinute: RATE_LIMIT });
  account = await createAccount(owner.db, { projects: 2 });
  for (let i = 0; i < 6; i++) {
    await createCluster(owner.db, account.id, { projectId: account.projects[i % 2] as string });
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  await owner?.close();
});

/** One request, and the statements it ran. */
async function list(key: string) {
  const from = log.length;
  const res = await app.get("/v1/clusters?limit=100", { key });
  const body = await res.json();
  return { res, body, statements: log.slice(from) };
}

const startsBeforeKeyCheckEnds = (statements: Statement[]) => {
  const check = statements.find((s) => s.kind === "key check");
  const page = statements.find((s) => s.kind === "page");
  return check !== undefined && page !== undefined && page.started < check.ended;
};

describe("a key this process verified before", () => {
  test("gets its page started before its key check returns; a first request waits for the check", async () => {
    const { secret } = await createKey(owner.db, account.id);
    const first = await list(secret);
    expect(first.res.status).toBe(200);
    expect(startsBeforeKeyCheckEnds(first.statements)).toBe(false);
    const second = await list(secret);
    expect(second.res.status).toBe(200);
    expect(startsBeforeKeyCheckEnds(second.statements)).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(second.statements.filter((s) => s.kind === "page")).toHaveLength(1);
  });

  test("revoked since: 401, and the early page is dropped", async () => {
    const { secret, id } = await createKey(owner.db, account.id);
    expect((await list(secret)).res.status).toBe(200);
    await owner.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const after = await list(secret);
    expect(startsBeforeKeyCheckEnds(after.statements)).toBe(true);
    expect(after.res.status).toBe(401);
    expect(after.body).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    // Forgotten: the next attempt lists nothing early.
    expect((await list(secret)).statements.filter((s) => s.kind === "page")).toHaveLength(0);
  });

  test("restricted to one project since: the answer follows the new restriction", async () => {
    const { secret, id } = await createKey(owner.db, account.id);
    expect(((await list(secret)).body as Cluster[]).map((c) => c.project_id).sort()).toContain(
      account.projects[1],
    );
    await owner.db.apiKey.update({ where: { id }, data: { projectIds: [account.projects[0] as string] } });
    const after = await list(secret);
    expect(after.res.status).toBe(200);
    const projects = new Set((after.body as Cluster[]).map((c) => c.project_id));
    expect([...projects]).toEqual([account.projects[0]]);
    // The early page (every project) was built, then listed again for the new principal.
    expect(after.statements.filter((s) => s.kind === "page")).toHaveLength(2);
  });

  test("scope removed since: 403", async () => {
    const { secret, id } = await createKey(owner.db, account.id);
    expect((await list(secret)).res.status).toBe(200);
    await owner.db.apiKey.update({ where: { id }, data: { scopes: [] } });
    const after = await list(secret);
    expect(after.res.status).toBe(403);
    expect(after.body).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  test("past its rate limit, nothing is listed: a page runs only for a request answered 200", async () => {
    const { secret } = await createKey(owner.db, account.id);
    const answers: Awaited<ReturnType<typeof list>>[] = [];
    // Until the first 429 (a window may end meanwhile: then it takes a few more), and two after it.
    while (answers.length < 3 * RATE_LIMIT && !answers.some((a) => a.res.status === 429)) {
      answers.push(await list(secret));
    }
    for (let i = 0; i < 2; i++) answers.push(await list(secret));
    const listed = answers.filter((a) => a.res.status === 200).length;
    expect(answers.map((a) => a.res.status)).toContain(429);
    const pages = answers.flatMap((a) => a.statements).filter((s) => s.kind === "page").length;
    expect(pages).toBe(listed);
  });

  test("a wrong secret with a verified key's prefix lists nothing", async () => {
    const { secret } = await createKey(owner.db, account.id);
    expect((await list(secret)).res.status).toBe(200);
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("aaaa") ? "bbbb" : "aaaa"}`;
    const attempt = await list(wrong);
    expect(attempt.res.status).toBe(401);
    expect(attempt.statements.filter((s) => s.kind === "page")).toHaveLength(0);
  });

  test("an invalid query is a 400 after the key check, with nothing listed", async () => {
    const { secret } = await createKey(owner.db, account.id);
    expect((await list(secret)).res.status).toBe(200);
    const from = log.length;
    const res = await app.get("/v1/clusters?limit=1000", { key: secret });
    expect(res.status).toBe(400);
    expect(log.slice(from).filter((s) => s.kind === "page")).toHaveLength(0);
    expect(log.slice(from).filter((s) => s.kind === "key check")).toHaveLength(1);
  });
});
