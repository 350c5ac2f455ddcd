// External REST clients: generate TypeScript types from the served /v1/openapi.json with
// openapi-typescript, typecheck a customer-style openapi-fetch client against them, then run it
// against the real app. The document and the server cannot silently disagree.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTenant, startApp, type Tenant, type TenantCluster, type TestApp } from "@fleet/api/testing";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedDocument, typecheckErrors } from "./generated-clients.ts";

const dir = join(import.meta.dirname, "openapi");

const SPECS: TenantCluster[] = [
  { name: "zulu", project: 0, gpuType: "H100", hourlyRateCents: 3250, ageMinutes: 1 },
  { name: "yankee", project: 1, gpuType: "A100", ageMinutes: 2 },
  { name: "xray", project: 0, gpuType: "H100", status: "stopped", ageMinutes: 3 },
  { name: "whiskey", project: 1, gpuType: "H100", hourlyRateCents: 1999, ageMinutes: 4 },
  { name: "victor", project: 0, gpuType: "T4", ageMinutes: 5 },
];

let app: TestApp;
let tenant: Tenant;
// consumer.ts compiles only once its types are generated, so the package typecheck must not follow
// the import; the first test typechecks it on its own against the generated types.
// biome-ignore lint/suspicious/noExplicitAny: the module's types exist only after generation
let consumer: any;
const consumerModule = "./openapi/consumer.ts";

beforeAll(async () => {
  app = await startApp();
  tenant = await createTenant(app.db, SPECS);
  const source = astToString(await openapiTS(await servedDocument<OpenAPI3>(app)));
  mkdirSync(join(dir, "generated"), { recursive: true });
  writeFileSync(join(dir, "generated", "fleet-api.ts"), `// Generated at test time. Do not edit.\n${source}`);
  consumer = await import(consumerModule);
}, 60_000);
afterAll(() => app?.close());

describe("a client generated from the served OpenAPI document", () => {
  it("typechecks against the generated types (enums, paths and fields are real types, not any)", async () => {
    expect(await typecheckErrors(join(dir, "tsconfig.json"))).toBe("");
  }, 60_000);

  it("lists with comma-separated filters and a sort", async () => {
    const result = await consumer.listRunningH100(consumer.createRestClient(app.url, tenant.key));
    expect(result).toEqual({
      total: 2,
      clusters: [
        { name: "whiskey", gpu_type: "H100", hourly_rate: 19.99 },
        { name: "zulu", gpu_type: "H100", hourly_rate: 32.5 },
      ],
    });
  });

  it("pages by following the Link header to the end, each cluster exactly once", async () => {
    const pages: unknown[][] = await consumer.walkPages(consumer.createRestClient(app.url, tenant.key), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    // created_at asc: the oldest first; ids were numbered youngest first.
    expect(pages.flat()).toEqual([...tenant.clusterIds].reverse());
  });

  it("reads problem+json errors: a 400 with per-parameter messages and a 401", async () => {
    const { invalid, anonymous } = await consumer.readErrors(app.url, tenant.key);
    expect(invalid).toMatchObject({
      status: 400,
      contentType: expect.stringContaining("application/problem+json"),
      code: "VALIDATION_ERROR",
      bodyStatus: 400,
      requestIdMatches: true,
      params: ["limit", "max_gpu_count", "min_gpu_count"],
    });
    expect(anonymous).toMatchObject({
      status: 401,
      contentType: expect.stringContaining("application/problem+json"),
      code: "UNAUTHORIZED",
      bodyStatus: 401,
      requestIdMatches: true,
      params: [],
      authenticate: expect.stringMatching(/^Bearer/),
    });
  });
});
