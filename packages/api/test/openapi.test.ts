// The served OpenAPI document: generated from the shared schemas, and clean under Spectral's
// `spectral:oas` ruleset and Redocly's recommended rules (each run as a real subprocess).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CLUSTER_FILTER_PARAMS, Cluster } from "@fleet/schema";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createSchema } from "zod-openapi";
import { withoutSafeIntegerBounds } from "../src/openapi/document.ts";
import { startApp, type TestApp } from "../src/testing/index.ts";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let app: TestApp;
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked as plain JSON here.
let doc: any;

beforeAll(async () => {
  app = await startApp();
  const res = await app.get("/v1/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  doc = await res.json();
}, 60_000);
afterAll(() => app?.close());

/**
 * Runs a linter of this package's node_modules/.bin on the served document (written to a file) and
 * returns what it printed. Exit code 1 means it found problems: still what it printed.
 */
async function lint(bin: string, args: (file: string) => string[], env: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(join(tmpdir(), "fleet-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(doc));
    const command = join(packageDir, "node_modules", ".bin", bin);
    const options = { timeout: 60_000, env: { ...process.env, ...env } };
    const { stdout } = await promisify(execFile)(command, args(file), options).catch(
      (error: { stdout?: string; code?: number }) => {
        if (error.code === 1 && error.stdout) return { stdout: error.stdout };
        throw error;
      },
    );
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("Spectral (spectral:oas) reports no errors and no warnings", async () => {
  const stdout = await lint("spectral", (file) => [
    "lint",
    file,
    "--ruleset",
    join(packageDir, ".spectral.yaml"),
    "--format",
    "json",
    "--quiet",
  ]);
  const results = JSON.parse(stdout || "[]") as { code: string; message: string; severity: number }[];
  const serious = results.filter((r) => r.severity <= 1).map((r) => `${r.code}: ${r.message}`);
  expect(serious).toEqual([]);
}, 90_000);

test("Redocly (recommended rules) reports no errors and no warnings", async () => {
  // Offline and quiet: no telemetry, no update check.
  const stdout = await lint("redocly", (file) => ["lint", file, "--extends=recommended", "--format=json"], {
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  });
  const report = JSON.parse(stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string }[];
  };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
}, 90_000);

test("OpenAPI 3.1 with bearer security", () => {
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  expect(doc.security).toEqual([{ bearerAuth: [] }]);
});

test("every filter parameter, with comma lists as form/explode=false arrays", () => {
  const params = doc.paths["/v1/clusters"].get.parameters.filter((p: { in: string }) => p.in === "query");
  expect(params.map((p: { name: string }) => p.name).sort()).toEqual([...CLUSTER_FILTER_PARAMS].sort());
  for (const p of params) {
    expect(p.in).toBe("query");
    expect(p.description?.length, p.name).toBeGreaterThan(0);
  }
  for (const name of ["status", "gpu_type", "region"]) {
    const p = params.find((x: { name: string }) => x.name === name);
    expect(p).toMatchObject({ style: "form", explode: false, schema: { type: "array" } });
    expect(p.schema.items.enum.length).toBeGreaterThan(0);
  }
  const limit = params.find((x: { name: string }) => x.name === "limit");
  expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
});

test("the Cluster schema is zod's Cluster as zod-openapi renders it, with nothing written beside it", () => {
  const { schema, components } = createSchema(Cluster, {
    io: "output",
    opts: { override: withoutSafeIntegerBounds },
  });
  expect(doc.components.schemas.Cluster).toEqual(schema);
  for (const [name, component] of Object.entries(components)) {
    expect(doc.components.schemas[name], name).toEqual(component);
  }
});

test("200 is an array of Cluster with every header; each error is a Problem", () => {
  const responses = doc.paths["/v1/clusters"].get.responses;
  const ok = responses["200"];
  expect(ok.content["application/json"].schema).toMatchObject({
    type: "array",
    items: { $ref: "#/components/schemas/Cluster" },
  });
  expect(Object.keys(doc.components.schemas.Cluster.properties).sort()).toEqual(
    Object.keys(Cluster.shape).sort(),
  );
  expect(doc.components.schemas.Cluster.required.sort()).toEqual(Object.keys(Cluster.shape).sort());
  for (const header of [
    "X-Total-Count",
    "Link",
    "X-Next-Cursor",
    "ETag",
    "Cache-Control",
    "X-Request-Id",
    "RateLimit-Policy",
    "RateLimit",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
  ]) {
    expect(ok.headers[header], header).toBeDefined();
  }
  expect(responses["304"]).toBeDefined();
  for (const status of ["400", "401", "403", "405", "429", "500", "503"]) {
    expect(responses[status].content["application/problem+json"].schema, status).toEqual({
      $ref: "#/components/schemas/Problem",
    });
  }
  expect(responses["401"].headers["WWW-Authenticate"]).toBeDefined();
  expect(responses["405"].headers.Allow).toBeDefined();
  expect(responses["429"].headers["Retry-After"]).toBeDefined();
  expect(doc.components.schemas.Problem.required).toEqual(
    expect.arrayContaining(["type", "title", "status", "detail", "code", "request_id"]),
  );
});

test("what generated clients need: typed paging headers, the 304, HEAD, a base URL, bounded numbers", () => {
  const get = doc.paths["/v1/clusters"].get;
  const ok = get.responses["200"];
  expect(ok.headers["X-Total-Count"]).toMatchObject({
    required: true,
    schema: { type: "integer", minimum: 0 },
  });
  // Absent on the last page: declared, not required.
  expect(ok.headers["X-Next-Cursor"].schema).toMatchObject({ type: "string" });
  expect(ok.headers["X-Next-Cursor"].required).not.toBe(true);
  expect(get.responses["304"].headers.ETag).toBeDefined();
  expect(get.responses["304"].content).toBeUndefined();
  expect(get.parameters.find((p: { name: string }) => p.name === "If-None-Match")).toMatchObject({
    in: "header",
  });
  const head = doc.paths["/v1/clusters"].head;
  expect(head.operationId).toBe("headClusters");
  expect(head.responses["200"].headers["X-Next-Cursor"]).toBeDefined();
  expect(head.responses["200"].content).toBeUndefined();
  expect(doc.paths["/v1/openapi.json"].get.responses["200"]).toBeDefined();
  expect(doc.paths["/problems/{type}"].get.responses["200"].content["text/html"]).toBeDefined();
  // A templated server whose default is where apps/api listens.
  const [server] = doc.servers;
  expect(server.url).toBe("{protocol}://{host}");
  expect(server.variables.host.default).toBe("127.0.0.1:3001");
  expect(doc.components.schemas.Problem.properties.status).toMatchObject({ minimum: 100, maximum: 599 });
  expect(JSON.stringify(doc)).not.toContain(String(Number.MAX_SAFE_INTEGER));
  expect(doc.info.license.name).toBeTruthy();
  for (const path of ["/healthz", "/readyz"]) {
    const codes = Object.keys(doc.paths[path].get.responses);
    expect(
      codes.some((c) => c.startsWith("4")),
      path,
    ).toBe(true);
  }
  expect(ok.content["application/json"].examples.page.value[0].name).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
});
