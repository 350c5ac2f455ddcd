// Hostile inputs cannot make a large error: every REST problem and tRPC error body stays under 8 kB,
// lists at most 20 errors, says how many more there were and still names the parameters.
import { MAX_ECHOED_LENGTH, MAX_LISTED_PARAM_ERRORS } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount, createKey, startApp, type TestApp } from "../src/testing/index.ts";

const MAX_BODY_BYTES = 8 * 1024;
const ALLOWED_LIST = "page, limit, status, gpu_type, region";

let app: TestApp;
let key: string;

beforeAll(async () => {
  app = await startApp();
  const acc = await createAccount(app.db);
  key = (await createKey(app.db, acc.id)).secret;
}, 60_000);
afterAll(() => app?.close());

type ParamError = { param: string; message: string };

/** The body as sent (no content coding), its size in bytes and its JSON. */
async function fetchBytes(path: string) {
  const res = await app.get(path, { key, headers: { "accept-encoding": "identity" } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    res,
    size: bytes.byteLength,
    text: bytes.toString("utf8"),
    json: JSON.parse(bytes.toString("utf8")),
  };
}

/** Every listed name is a sent name, or its first MAX_ECHOED_LENGTH units and "…". */
function expectNamesSent(errors: ParamError[], sent: string[]) {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_LISTED_PARAM_ERRORS);
  for (const { param } of errors) {
    const named = param.endsWith("…") ? param.slice(0, -1) : param;
    expect(param.length).toBeLessThanOrEqual(MAX_ECHOED_LENGTH + 1);
    expect(sent.some((name) => name === named || (param.endsWith("…") && name.startsWith(named)))).toBe(true);
  }
}

const unknownNames = Array.from({ length: 3_000 }, (_, i) => i.toString(36));
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe("REST problems", () => {
  test("3,000 unknown parameters (a 13 kB query): 20 errors, the count of the rest, the allowed list once", async () => {
    const query = unknownNames.join("&");
    expect(query.length).toBeGreaterThan(10_000);
    const { res, size, text, json } = await fetchBytes(`/v1/clusters?${query}`);
    expect(res.status).toBe(400);
    expect(size).toBeLessThan(MAX_BODY_BYTES);
    expect(json.code).toBe("VALIDATION_ERROR");
    expect(json.errors).toHaveLength(MAX_LISTED_PARAM_ERRORS);
    expect(json.errors.map((e: ParamError) => e.param)).toEqual(
      unknownNames.slice(0, MAX_LISTED_PARAM_ERRORS),
    );
    expect(json.errors[0].message).toBe("is not a known parameter");
    expect(json.detail).toContain(`… and ${3_000 - MAX_LISTED_PARAM_ERRORS} more errors`);
    expect(json.detail).toMatch(/allowed parameters: page, limit, .*cursor$/);
    expect(text.split(ALLOWED_LIST)).toHaveLength(2);
  });

  test("one unknown parameter: the detail names it and what is allowed", async () => {
    const { res, json } = await fetchBytes("/v1/clusters?stauts=running");
    expect(res.status).toBe(400);
    expect(json.errors).toEqual([{ param: "stauts", message: "is not a known parameter" }]);
    expect(json.detail).toMatch(/^stauts: is not a known parameter; allowed parameters: page, limit, /);
  });

  const hostile: [string, string, string[]][] = [
    ["an 8 kB parameter name", `${"n".repeat(8_000)}=1`, ["n".repeat(8_000)]],
    ["an 8 kB enum value", `status=${"x".repeat(8_000)}`, ["status"]],
    ["an 8 kB search", `search=${"s".repeat(8_000)}`, ["search"]],
    ["an 8 kB project id", `project_id=${"p".repeat(8_000)}`, ["project_id"]],
    ["2,000 invalid values of a known list", `status=${many(2_000, (i) => `b${i}`).join(",")}`, ["status"]],
    [
      "many invalid known parameters at once, with long values",
      `limit=${"9".repeat(3_000)}&page=x&gpu_type=${"g".repeat(3_000)},${"h".repeat(3_000)}&sort_by=${"z".repeat(2_000)}`,
      ["limit", "page", "gpu_type", "sort_by"],
    ],
  ];
  test.each(hostile)("%s → 400 under 8 kB naming the parameter", async (_what, query, sent) => {
    const { res, size, json } = await fetchBytes(`/v1/clusters?${query}`);
    expect(res.status).toBe(400);
    expect(size).toBeLessThan(MAX_BODY_BYTES);
    expectNamesSent(json.errors, sent);
    for (const e of json.errors as ParamError[]) expect(e.message.length).toBeLessThan(300);
  });

  test("names that escape to 6 JSON bytes a character, or are 4-byte UTF-8, still fit", async () => {
    const control = many(60, (i) => `${"\u0001".repeat(60)}${i}`);
    const emoji = many(25, (i) => `${"🚀".repeat(40)}${i}`);
    for (const names of [control, emoji]) {
      const query = names.map((n) => `${encodeURIComponent(n)}=1`).join("&");
      expect(query.length).toBeLessThan(15_000);
      const { res, size, json } = await fetchBytes(`/v1/clusters?${query}`);
      expect(res.status).toBe(400);
      expect(size).toBeLessThan(MAX_BODY_BYTES);
      expectNamesSent(json.errors, names);
      expect(json.detail).toMatch(/more errors; allowed parameters/);
    }
  });
});

describe("tRPC errors", () => {
  const call = (input: unknown) =>
    fetchBytes(`/api/trpc/clusters.list?input=${encodeURIComponent(JSON.stringify(input))}`);

  test.each([
    ["800 unknown keys", Object.fromEntries(many(800, (i) => [`k${i}`, 0])), "k0"],
    ["a 6 kB key", { ["k".repeat(6_000)]: 1 }, "k".repeat(MAX_ECHOED_LENGTH)],
    ["1,000 invalid list values", { status: many(1_000, (i) => `b${i}`) }, "status"],
    ["a list value that is a 6 kB object", { status: [{ x: "o".repeat(6_000) }] }, "status"],
  ])("%s → 400 under 8 kB naming the parameter", async (_what, input, first) => {
    const { res, size, json } = await call(input);
    expect(res.status).toBe(400);
    expect(size).toBeLessThan(MAX_BODY_BYTES);
    const { data, message } = json.error;
    expect(data.code).toBe("VALIDATION_ERROR");
    expect(data.errors.length).toBeGreaterThan(0);
    expect(data.errors.length).toBeLessThanOrEqual(MAX_LISTED_PARAM_ERRORS);
    expect(data.errors[0].param.startsWith(first)).toBe(true);
    expect(message).toContain(data.errors[0].param);
  });

  test("the message says how many errors were left out", async () => {
    const { json } = await call(Object.fromEntries(many(800, (i) => [`k${i}`, 0])));
    expect(json.error.message).toContain(`… and ${800 - MAX_LISTED_PARAM_ERRORS} more errors`);
  });
});
