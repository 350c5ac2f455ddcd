// The typed client against the real app: inferred types, listAll paging, FleetApiError fields.

import { createTenant, startApp, type Tenant, type TenantCluster, type TestApp } from "@fleet/api/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, createFleetClient, FleetApiError } from "../src/index.ts";

const SPECS: TenantCluster[] = [
  {
    name: "alpha",
    project: 0,
    gpuType: "H100",
    gpuCount: 8,
    hourlyRateCents: 100,
    totalCostCents: 1000n,
    ageMinutes: 1,
  },
  { name: "bravo", project: 0, gpuType: "A100", gpuCount: 4, ageMinutes: 2 },
  { name: "charlie", project: 1, gpuType: "H100", gpuCount: 2, status: "stopped", ageMinutes: 3 },
  { name: "delta", project: 1, gpuType: "T4", gpuCount: 1, ageMinutes: 4 },
  { name: "echo", project: 0, gpuType: "H100", gpuCount: 1, status: "pending", ageMinutes: 5 },
  { name: "foxtrot", project: 1, gpuType: "V100", gpuCount: 2, ageMinutes: 6 },
  { name: "golf", project: 0, gpuType: "H100", gpuCount: 4, ageMinutes: 7 },
];

let app: TestApp;
let tenant: Tenant;

/** A fetch that records every response, so tests can count requests and read headers. */
function recordingFetch() {
  const responses: Response[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    responses.push(response);
    return response;
  };
  return { fetchImpl, responses };
}

async function collect(iterable: AsyncIterable<Cluster>) {
  const out: Cluster[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

beforeAll(async () => {
  // A limit far above what the suite sends, so the rate-limit header check below has a known value.
  app = await startApp({ rateLimitPerMinute: 10_000 });
  tenant = await createTenant(app.db, SPECS);
});
afterAll(() => app?.close());

describe("createFleetClient", () => {
  it("lists one page with inputs and outputs typed from AppRouter", async () => {
    const fleet = createFleetClient({ baseUrl: `${app.url}/`, apiKey: tenant.key });
    const page = await fleet.clusters.list.query({
      status: ["running"],
      sort_by: "gpu_count",
      sort_order: "desc",
      limit: 2,
    });
    const running = SPECS.filter((s) => (s.status ?? "running") === "running");
    expect(page.pagination).toMatchObject({ page: 1, limit: 2, total: running.length, total_pages: 3 });
    expect(page.pagination.next_cursor).toEqual(expect.any(String));
    // gpu_count desc: alpha (8), then the 4-GPU clusters by id desc: golf (index 6) before bravo (1).
    expect(page.data.map((c) => c.name)).toEqual(["alpha", "golf"]);
    const first = page.data[0];
    expect(first?.gpu_type).toBe("H100");
    expect(first?.cost).toEqual({ hourly_rate: 1, total_cost: 10, currency: "USD" });
  });

  it("sends the key as a Bearer token on every call", async () => {
    const { fetchImpl, responses } = recordingFetch();
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key, fetch: fetchImpl });
    await fleet.clusters.list.query();
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.headers.get("x-ratelimit-limit")).toBe("10000");
  });
});

describe("listAll", () => {
  it("yields every matching cluster exactly once across pages, in the requested order", async () => {
    const { fetchImpl, responses } = recordingFetch();
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key, fetch: fetchImpl });
    const all = await collect(fleet.listAll({ limit: 2 }));
    // Default order is created_at desc: the youngest (smallest age) first.
    expect(all.map((c) => c.name)).toEqual(SPECS.map((s) => s.name));
    expect(new Set(all.map((c) => c.id))).toEqual(new Set(tenant.clusterIds));
    expect(responses).toHaveLength(Math.ceil(SPECS.length / 2));
    // Keyset cursors, not page numbers: the tRPC input of every request carries one.
    const inputs = responses.map((r) => JSON.parse(new URL(r.url).searchParams.get("input") ?? "{}"));
    expect(inputs[0]).toMatchObject({ cursor: "first", limit: 2 });
    for (const input of inputs) expect(input).not.toHaveProperty("page");
  });

  it("neither repeats nor skips a cluster when one is created mid-walk", async () => {
    const db = app.db;
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key });
    const seen: string[] = [];
    for await (const cluster of fleet.listAll({ limit: 2 })) {
      seen.push(cluster.name);
      if (seen.length === 1) {
        // Newest of all: with offset paging, page 2 would start one cluster early and repeat one.
        await db.cluster.create({
          data: {
            ...(await db.cluster.findUniqueOrThrow({ where: { id: tenant.clusterIds[0] ?? "" } })),
            id: `${tenant.clusterIds[0]}_new`,
            name: "newcomer",
            nameLower: "newcomer",
            portMappings: [],
            createdAt: new Date(),
          },
        });
      }
    }
    await db.cluster.delete({ where: { id: `${tenant.clusterIds[0]}_new` } });
    expect(seen).toEqual(SPECS.map((s) => s.name));
  });

  it("applies the filter on every page", async () => {
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key });
    const h100 = await collect(
      fleet.listAll({ gpu_type: ["H100"], sort_by: "name", sort_order: "asc", limit: 1 }),
    );
    const expected = SPECS.filter((s) => s.gpuType === "H100")
      .map((s) => s.name)
      .sort();
    expect(h100.map((c) => c.name)).toEqual(expected);
  });

  it("yields nothing when nothing matches, with one request", async () => {
    const { fetchImpl, responses } = recordingFetch();
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key, fetch: fetchImpl });
    expect(await collect(fleet.listAll({ region: ["ap-southeast-1"] }))).toEqual([]);
    expect(responses).toHaveLength(1);
  });
});

describe("FleetApiError", () => {
  it("carries code, status, request id and per-parameter messages of a validation error", async () => {
    const { fetchImpl, responses } = recordingFetch();
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key, fetch: fetchImpl });
    const error = await fleet.clusters.list
      .query({ limit: 500, min_gpu_count: 4, max_gpu_count: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetApiError);
    expect(error).toBeInstanceOf(TRPCClientError);
    const e = error as FleetApiError;
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.status).toBe(400);
    expect(e.requestId).toBe(responses[0]?.headers.get("x-request-id"));
    expect(e.requestId).toMatch(/\S/);
    expect(e.errors.map((p) => p.param).sort()).toEqual(["limit", "max_gpu_count", "min_gpu_count"]);
    expect(e.errors.find((p) => p.param === "limit")?.message).toMatch(/100/);
  });

  it("reports an unknown key as UNAUTHORIZED 401", async () => {
    const fleet = createFleetClient({
      baseUrl: app.url,
      apiKey: "fleet_nope_0000000000000000000000000000000000000000",
    });
    const error = (await fleet.clusters.list.query().catch((e: unknown) => e)) as FleetApiError;
    expect(error).toBeInstanceOf(FleetApiError);
    expect([error.code, error.status]).toEqual(["UNAUTHORIZED", 401]);
    expect(error.errors).toEqual([]);
  });

  it("reports a key without clusters:read as FORBIDDEN 403", async () => {
    const other = await createTenant(app.db, [], { scopes: [] });
    const fleet = createFleetClient({ baseUrl: app.url, apiKey: other.key });
    const error = (await fleet.clusters.list.query().catch((e: unknown) => e)) as FleetApiError;
    expect([error.code, error.status]).toEqual(["FORBIDDEN", 403]);
  });

  it("reports a refused connection as NETWORK_ERROR with no status", async () => {
    const closed = await startApp();
    const url = closed.url;
    await closed.close();
    const fleet = createFleetClient({ baseUrl: url, apiKey: tenant.key });
    const error = (await fleet.clusters.list.query().catch((e: unknown) => e)) as FleetApiError;
    expect(error).toBeInstanceOf(FleetApiError);
    expect([error.code, error.status, error.requestId]).toEqual(["NETWORK_ERROR", null, null]);
  });
});
