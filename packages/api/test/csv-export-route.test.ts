// The CSV export as a route of the one handler (the portal mounts it at csvExportPath): the same
// caller resolution, rate limit, problems and request log line as /v1/clusters.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSession, SESSION_COOKIE } from "../src/index.ts";
import { createTenant, startApp, type TestApp } from "../src/testing/index.ts";

const PATH = "/clusters/export";
let app: TestApp;
let key: string;
let clusterIds: string[];

beforeAll(async () => {
  app = await startApp({ csvExportPath: PATH });
  const tenant = await createTenant(app.db, [
    { project: 0, ageMinutes: 1, status: "running" },
    { project: 1, ageMinutes: 2, status: "stopped" },
    { project: 0, ageMinutes: 3, status: "running" },
  ]);
  key = tenant.key;
  clusterIds = tenant.clusterIds;
}, 60_000);
afterAll(() => app?.close());

const records = (csv: string) => csv.split("\r\n").filter((line) => line !== "");

describe("the CSV export route", () => {
  test("every matching cluster, with the listing's headers and one request log line", async () => {
    const response = await app.get(`${PATH}?status=running&page=2&limit=1&sort_by=name`, { key });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="fleet-clusters-.*\.csv"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-ratelimit-remaining")).not.toBeNull();
    const requestId = response.headers.get("x-request-id");
    const lines = records(await response.text());
    // Paging and sorting parameters are accepted and ignored: both running clusters, newest first.
    expect(lines[0]).toMatch(/^id,name,/);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([clusterIds[0], clusterIds[2]]);
    const line = app.logs.find((l) => l.request_id === requestId);
    expect(line).toMatchObject({ method: "GET", path: PATH, status: 200 });
    expect(line?.api_key_id).toEqual(expect.any(String));
  });

  test("a portal session authenticates it", async () => {
    const session = await createSession(app.db, key);
    const response = await app.get(PATH, { headers: { cookie: `${SESSION_COOKIE}=${session?.token}` } });
    expect(response.status).toBe(200);
    expect(records(await response.text())).toHaveLength(clusterIds.length + 1);
  });

  test("HEAD answers the GET's headers and reads no cluster", async () => {
    const response = await app.get(PATH, { key, method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await response.text()).toBe("");
  });

  test("without a caller, a bad filter or another method: the API's problems", async () => {
    const anonymous = await app.get(PATH);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="fleet"');
    expect(app.logs.find((l) => l.request_id === anonymous.headers.get("x-request-id"))).toMatchObject({
      path: PATH,
      status: 401,
    });

    const invalid = await app.get(`${PATH}?status=bogus&colour=red`, { key });
    expect(invalid.status).toBe(400);
    const problem = await invalid.json();
    expect(problem.code).toBe("VALIDATION_ERROR");
    expect(problem.errors.map((e: { param: string }) => e.param).sort()).toEqual(["colour", "status"]);
    expect(invalid.headers.get("x-ratelimit-limit")).not.toBeNull();

    const post = await app.get(PATH, { key, method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  test("a key without clusters:read is refused", async () => {
    const writer = await createTenant(app.db, [], { scopes: ["clusters:write"] });
    const response = await app.get(PATH, { key: writer.key });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe("FORBIDDEN");
  });

  test("a handler without csvExportPath (apps/api) has no such route", async () => {
    const api = await startApp({ db: app.db });
    try {
      expect((await api.get(PATH, { key })).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});
