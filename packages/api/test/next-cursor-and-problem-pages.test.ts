// What clients that cannot parse Link or follow a problem's type get: `X-Next-Cursor` beside Link
// (absent on the last page, on cursor and page-numbered listings alike), a `documentation_url` in
// every problem that leads to a page the server itself serves, and an enum value in the wrong case
// answered with the value meant.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTenant, startApp, type Tenant, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let tenant: Tenant;

beforeAll(async () => {
  app = await startApp();
  tenant = await createTenant(
    app.db,
    Array.from({ length: 7 }, (_, i) => ({ name: `c${i}`, project: i % 2, ageMinutes: i + 1 })),
  );
}, 60_000);
afterAll(() => app?.close());

/** The target of `Link: <…>; rel="next"`, if any. */
function nextLink(header: string | null): URL | null {
  for (const part of header?.split(",") ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part.trim());
    if (match?.[1]) return new URL(match[1]);
  }
  return null;
}

describe("X-Next-Cursor", () => {
  test("a cursor walk follows it to the end: the Link's next cursor, absent on the last page", async () => {
    const seen: string[] = [];
    let cursor: string | null = "first";
    let pages = 0;
    while (cursor !== null) {
      const res = await app.get(`/v1/clusters?limit=3&cursor=${encodeURIComponent(cursor)}`, {
        key: tenant.key,
      });
      expect(res.status).toBe(200);
      const next = res.headers.get("x-next-cursor");
      expect(next, "X-Next-Cursor is Link's next cursor").toBe(
        nextLink(res.headers.get("link"))?.searchParams.get("cursor") ?? null,
      );
      seen.push(...((await res.json()) as { id: string }[]).map((c) => c.id));
      cursor = next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...tenant.clusterIds]);
  });

  test("page-numbered listings carry it too, and it continues exactly where the page ended", async () => {
    const res = await app.get("/v1/clusters?limit=3&page=2", { key: tenant.key });
    const next = res.headers.get("x-next-cursor");
    expect(next).toBeTruthy();
    const rest = await app.get(`/v1/clusters?limit=3&cursor=${encodeURIComponent(next ?? "")}`, {
      key: tenant.key,
    });
    expect(((await rest.json()) as { id: string }[]).map((c) => c.id)).toEqual(tenant.clusterIds.slice(6));
    const last = await app.get("/v1/clusters?limit=3&page=3", { key: tenant.key });
    expect(last.headers.has("x-next-cursor")).toBe(false);
    const head = await app.get("/v1/clusters?limit=3&page=2", { key: tenant.key, method: "HEAD" });
    expect(head.headers.get("x-next-cursor")).toBe(next);
  });
});

describe("problem pages", () => {
  test("every problem's documentation_url is a page this server serves, about that problem", async () => {
    const answers = [
      await app.get("/v1/clusters?status=RUNNING", { key: tenant.key }),
      await app.get("/v1/clusters"),
      await app.get("/v1/nothing-here"),
      await app.get("/v1/clusters", { key: tenant.key, method: "DELETE" }),
    ];
    const codes = [];
    for (const res of answers) {
      const problem = (await res.json()) as { code: string; type: string; documentation_url: string };
      codes.push(problem.code);
      const url = new URL(problem.documentation_url);
      expect(url.origin).toBe(app.url);
      expect(url.pathname).toBe(`/problems/${new URL(problem.type).pathname.split("/").at(-1)}`);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await page.text();
      expect(html).toContain(`<code>${problem.code}</code>`);
      expect(html).toContain(`<code>${problem.type}</code>`);
      expect(html).toMatch(/<main>[\s\S]*<h1>/);
    }
    expect(codes).toEqual(["VALIDATION_ERROR", "UNAUTHORIZED", "NOT_FOUND", "METHOD_NOT_ALLOWED"]);
  });

  test("the index lists every type; an unknown one is a 404 problem; HEAD has no body; others are 405", async () => {
    const index = await (await app.get("/problems")).text();
    for (const slug of ["validation-error", "unauthorized", "rate-limit-exceeded", "service-unavailable"]) {
      expect(index).toContain(`href="/problems/${slug}"`);
    }
    const unknown = await app.get("/problems/no-such-problem");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe("NOT_FOUND");
    const head = await app.get("/problems/unauthorized", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await app.get("/problems/unauthorized", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

test("an enum value in the wrong case is a 400 that names the value meant", async () => {
  const res = await app.get("/v1/clusters?status=RUNNING&gpu_type=h100&sort_order=DESC", { key: tenant.key });
  expect(res.status).toBe(400);
  const { errors } = (await res.json()) as { errors: { param: string; message: string }[] };
  const byParam = Object.fromEntries(errors.map((e) => [e.param, e.message]));
  expect(byParam.status).toMatch(/must be one of running, .* \(did you mean running\?\)$/);
  expect(byParam.gpu_type).toContain("(did you mean H100?)");
  expect(byParam.sort_order).toContain("(did you mean desc?)");
  const unrelated = await app.get("/v1/clusters?status=runing", { key: tenant.key });
  const [error] = ((await unrelated.json()) as { errors: { message: string }[] }).errors;
  expect(error?.message).not.toContain("did you mean");
});
