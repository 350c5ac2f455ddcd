// Content coding over real HTTP, read byte for byte: br and gzip as negotiated, small bodies and
// identity left alone, Vary everywhere, ETags that revalidate across codings, HEAD, tRPC, problems.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MIN_CODED_BYTES, negotiateCoding } from "../src/http/compression.ts";
import { createAccount, createClusters, createKey, startApp, type TestApp } from "../src/testing/index.ts";
import { type RawResponse, rawGet } from "./helpers/raw-get.ts";

let app: TestApp;
let key: string;

/** A tRPC listing's JSON without its `revision` (the snapshot it was read at). */
const withoutRevision = (json: string) => json.replace(/"revision":"[^"]*"/, '"revision":""');

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  key = (await createKey(app.db, acc.id)).secret;
  const projectId = acc.projects[0] as string;
  await createClusters(
    app.db,
    acc.id,
    Array.from({ length: 100 }, (_, i) => ({
      projectId,
      name: `c${i}`,
      status: i % 2 ? "running" : "stopped",
    })),
  );
}, 60_000);
afterAll(() => app?.close());

const PAGE = "/v1/clusters?limit=100";
const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  rawGet(`${app.url}${path}`, { authorization: `Bearer ${key}`, ...headers }, method);

function decoded(res: RawResponse): string {
  const coding = res.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(res.body).toString("utf8");
  if (coding === "gzip") return gunzipSync(res.body).toString("utf8");
  expect(coding).toBeUndefined();
  return res.body.toString("utf8");
}

const varies = (res: RawResponse) => String(res.headers.vary).split(/\s*,\s*/);

describe("negotiation", () => {
  test.each([
    ["br", "br"],
    ["gzip", "gzip"],
    ["gzip, br", "br"],
    ["GZIP, deflate", "gzip"],
    ["x-gzip", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
    ["br;q=0, gzip;q=0.1", "gzip"],
    ["*", "br"],
    ["*;q=0.5, gzip", "gzip"],
    ["gzip;q=0.5, identity", null],
    ["identity", null],
    ["deflate", null],
    ["", null],
    ["br;q=2, gzip", "gzip"],
    ["br;q=abc", null],
    ["gzip;q=0", null],
  ])("Accept-Encoding %j → %s", (header, coding) => {
    expect(negotiateCoding(header, MIN_CODED_BYTES)).toBe(coding);
  });

  test("small bodies stay as they are, unless identity is refused", () => {
    expect(negotiateCoding("br, gzip", MIN_CODED_BYTES - 1)).toBeNull();
    expect(negotiateCoding("gzip, identity;q=0", 10)).toBe("gzip");
    expect(negotiateCoding("gzip, *;q=0", 10)).toBe("gzip");
  });

  test("without Accept-Encoding nothing is coded", () => {
    expect(negotiateCoding(null, 1_000_000)).toBeNull();
  });
});

describe("REST listing", () => {
  test.each(["br", "gzip"])(
    "%s: the decoded body is the identity body; Content-Length counts the coded bytes",
    async (coding) => {
      const plain = await get(PAGE);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.byteLength).toBeGreaterThan(20_000);
      const coded = await get(PAGE, { "accept-encoding": coding });
      expect(coded.status).toBe(200);
      expect(coded.headers["content-encoding"]).toBe(coding);
      expect(Number(coded.headers["content-length"])).toBe(coded.body.byteLength);
      expect(coded.body.byteLength).toBeLessThan(plain.body.byteLength / 4);
      expect(decoded(coded)).toBe(plain.body.toString("utf8"));
      expect(varies(coded)).toEqual(["Authorization", "Cookie", "Accept-Encoding"]);
      expect(varies(plain)).toEqual(["Authorization", "Cookie", "Accept-Encoding"]);
      expect(coded.headers.etag).toBe(`W/${plain.headers.etag}`);
    },
  );

  test("br is preferred when both are equally wanted; q-values decide otherwise", async () => {
    expect((await get(PAGE, { "accept-encoding": "gzip, br" })).headers["content-encoding"]).toBe("br");
    expect((await get(PAGE, { "accept-encoding": "br;q=0.4, gzip;q=0.8" })).headers["content-encoding"]).toBe(
      "gzip",
    );
  });

  test("identity, and bodies under 1 kB, are sent as they are (with Vary)", async () => {
    for (const [path, accept] of [
      [PAGE, "identity"],
      [PAGE, "gzip;q=0, br;q=0"],
      ["/v1/clusters?limit=1&status=error", "br, gzip"],
    ] as const) {
      const res = await get(path, { "accept-encoding": accept });
      expect(res.status, path).toBe(200);
      expect(res.headers["content-encoding"], path).toBeUndefined();
      expect(Number(res.headers["content-length"])).toBe(res.body.byteLength);
      expect(varies(res)).toContain("Accept-Encoding");
      expect(res.headers.etag).toMatch(/^"/);
    }
  });

  test("the ETag of a coded response gives a 304, whatever coding the revalidation asks for", async () => {
    const coded = await get(PAGE, { "accept-encoding": "br" });
    const etag = coded.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    for (const accept of ["br", "gzip", "identity"]) {
      const again = await get(PAGE, { "accept-encoding": accept, "if-none-match": etag });
      expect(again.status, accept).toBe(304);
      expect(again.body.byteLength).toBe(0);
      expect(again.headers["content-encoding"]).toBeUndefined();
      expect(varies(again)).toContain("Accept-Encoding");
      expect(again.headers.etag?.replace(/^W\//, "")).toBe(etag.replace(/^W\//, ""));
    }
    const plain = await get(PAGE, { "accept-encoding": "identity" });
    const strong = await get(PAGE, {
      "accept-encoding": "br",
      "if-none-match": plain.headers.etag as string,
    });
    expect(strong.status).toBe(304);
    expect(strong.headers.etag).toBe(etag);
  });

  test("HEAD: the GET's headers, coding included, and no body", async () => {
    const getRes = await get(PAGE, { "accept-encoding": "br" });
    const head = await get(PAGE, { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.headers.etag).toBe(getRes.headers.etag);
    expect(varies(head)).toContain("Accept-Encoding");
  });
});

describe("problems, OpenAPI and tRPC", () => {
  test("a large problem is coded; a small one is not; both vary by Accept-Encoding", async () => {
    const query = Array.from({ length: 500 }, (_, i) => `unknown_${i}=1`).join("&");
    const plain = await get(`/v1/clusters?${query}`);
    expect(plain.status).toBe(400);
    expect(plain.body.byteLength).toBeGreaterThan(MIN_CODED_BYTES);
    const coded = await get(`/v1/clusters?${query}`, { "accept-encoding": "gzip" });
    expect(coded.headers["content-type"]).toBe("application/problem+json");
    expect(coded.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(decoded(coded)).request_id).toBe(coded.headers["x-request-id"]);
    const small = await rawGet(`${app.url}/v1/clusters`, { "accept-encoding": "br" });
    expect(small.status).toBe(401);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(varies(small)).toContain("Accept-Encoding");
  });

  test("/v1/openapi.json is coded", async () => {
    const plain = await get("/v1/openapi.json");
    const coded = await get("/v1/openapi.json", { "accept-encoding": "br" });
    expect(coded.headers["content-encoding"]).toBe("br");
    expect(decoded(coded)).toBe(plain.body.toString("utf8"));
    expect(varies(coded)).toEqual(["Accept-Encoding"]);
  });

  test("tRPC JSON is coded and varies by Accept-Encoding beside tRPC's own Vary", async () => {
    const path = `/api/trpc/clusters.list?input=${encodeURIComponent(JSON.stringify({ limit: 100 }))}`;
    const plain = await get(path);
    const coded = await get(path, { "accept-encoding": "gzip, br" });
    expect(coded.status).toBe(200);
    expect(coded.headers["content-encoding"]).toBe("br");
    expect(Number(coded.headers["content-length"])).toBe(coded.body.byteLength);
    // Each answer names the snapshot it read, which moves on with any write to the database.
    expect(withoutRevision(decoded(coded))).toBe(withoutRevision(plain.body.toString("utf8")));
    expect(varies(coded)).toEqual(["trpc-accept", "accept", "Accept-Encoding"]);
    expect(coded.headers["x-request-id"]).toBeTruthy();
    expect(varies(plain)).toContain("Accept-Encoding");
  });

  test("tRPC's streamed (jsonl) answers are never buffered to be coded", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { limit: 100 } }));
    const path = `/api/trpc/clusters.list?batch=1&input=${input}`;
    const res = await get(path, { "accept-encoding": "br", "trpc-accept": "application/jsonl" });
    expect(res.status).toBe(200);
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString("utf8")).toContain('"pagination"');
  });
});
