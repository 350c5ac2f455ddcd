// listAll's retry policy against the real app. Faults the app cannot be made to produce on demand
// (a proxy's 503, a dropped connection, a short Retry-After) are injected in front of the real fetch.

import { createTenant, startApp, type Tenant, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, createFleetClient, FleetApiError, type RetryOptions } from "../src/index.ts";

let app: TestApp;
let tenant: Tenant;

const SPECS = Array.from({ length: 5 }, (_, i) => ({ name: `node-${i}`, project: 0, ageMinutes: i + 1 }));

type Fault = Response | Error;

/** Answers the n-th request (1-based) with `faults[n]` when given, else passes it to the real app. */
function faultyFetch(faults: Record<number, () => Fault>) {
  let calls = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const fault = faults[++calls]?.();
    if (fault instanceof Error) throw fault;
    return fault ?? fetch(input, init);
  };
  return { fetchImpl, calls: () => calls };
}

async function listWith(fetchImpl: typeof fetch, options: RetryOptions, apiKey = tenant.key) {
  const fleet = createFleetClient({ baseUrl: app.url, apiKey, fetch: fetchImpl });
  const out: Cluster[] = [];
  for await (const cluster of fleet.listAll({ limit: 2 }, options)) out.push(cluster);
  return out;
}

const quick = { baseDelayMs: 5, maxDelayMs: 20 } satisfies RetryOptions;

beforeAll(async () => {
  app = await startApp();
  tenant = await createTenant(app.db, SPECS);
});
afterAll(() => app?.close());

describe("listAll retries", () => {
  it("waits out a 429 for as long as Retry-After says, then continues where it was", async () => {
    const tooMany = () => new Response("slow down", { status: 429, headers: { "retry-after": "1" } });
    const { fetchImpl, calls } = faultyFetch({ 2: tooMany });
    const waits: number[] = [];
    const started = performance.now();
    const all = await listWith(fetchImpl, { ...quick, onRetry: ({ delayMs }) => waits.push(delayMs) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waits).toEqual([1000]);
    expect(all.map((c) => c.name)).toEqual(SPECS.map((s) => s.name));
    expect(calls()).toBe(4); // 3 pages + the rate-limited attempt at page 2
  });

  it("retries transient 5xx and network errors with growing backoff", async () => {
    const { fetchImpl, calls } = faultyFetch({
      1: () => new TypeError("fetch failed"),
      2: () =>
        new Response("<html>bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
      3: () => new Response(null, { status: 503 }),
    });
    const seen: { code: string; status: number | null; delayMs: number }[] = [];
    const all = await listWith(fetchImpl, {
      ...quick,
      retries: 3,
      onRetry: ({ error, delayMs }) => seen.push({ code: error.code, status: error.status, delayMs }),
    });
    expect(all).toHaveLength(SPECS.length);
    expect(seen.map((s) => [s.code, s.status])).toEqual([
      ["NETWORK_ERROR", null],
      ["INTERNAL_ERROR", 502],
      ["SERVICE_UNAVAILABLE", 503],
    ]);
    // Equal jitter: attempt n waits within [base·2ⁿ/2, base·2ⁿ], capped at maxDelayMs.
    expect(seen[0]?.delayMs).toBeGreaterThanOrEqual(2);
    expect(seen[0]?.delayMs).toBeLessThanOrEqual(5);
    expect(seen[2]?.delayMs).toBeGreaterThanOrEqual(10);
    expect(seen[2]?.delayMs).toBeLessThanOrEqual(20);
    expect(calls()).toBe(3 + 3);
  });

  it("gives up after the bounded number of retries with the last error", async () => {
    const down = () => new TypeError("fetch failed");
    const { fetchImpl, calls } = faultyFetch({ 1: down, 2: down, 3: down, 4: down });
    const error = await listWith(fetchImpl, { ...quick, retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetApiError);
    expect((error as FleetApiError).code).toBe("NETWORK_ERROR");
    expect(calls()).toBe(3);
  });

  it("never retries a 4xx other than 429", async () => {
    const { fetchImpl, calls } = faultyFetch({});
    const error = await listWith(
      fetchImpl,
      quick,
      "fleet_nope_0000000000000000000000000000000000000000",
    ).catch((e: unknown) => e);
    expect([(error as FleetApiError).code, (error as FleetApiError).status]).toEqual(["UNAUTHORIZED", 401]);
    expect(calls()).toBe(1);

    const fleet = createFleetClient({ baseUrl: app.url, apiKey: tenant.key, fetch: fetchImpl });
    const invalid = fleet.listAll({ sort_by: "nmae" as "name" }, quick);
    const validation = await invalid.next().catch((e: unknown) => e);
    expect((validation as FleetApiError).code).toBe("VALIDATION_ERROR");
    expect((validation as FleetApiError).errors.map((e) => e.param)).toEqual(["sort_by"]);
    expect(calls()).toBe(2);
  });

  it("stops waiting when aborted", async () => {
    const tooMany = () => new Response("", { status: 429, headers: { "retry-after": "30" } });
    const { fetchImpl } = faultyFetch({ 1: tooMany });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("caller gave up")), 100);
    const error = await listWith(fetchImpl, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("caller gave up");
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("listAll against the app's real rate limiter", () => {
  it("surfaces a 429 with its Retry-After when the wait exceeds maxRetryAfterMs", async () => {
    const limited = await startApp({ rateLimitPerMinute: 2 });
    try {
      const { key } = await createTenant(limited.db, SPECS);
      const fleet = createFleetClient({ baseUrl: limited.url, apiKey: key });
      await fleet.clusters.list.query({ limit: 1 });
      await fleet.clusters.list.query({ limit: 1 });
      const direct = (await fleet.clusters.list.query().catch((e: unknown) => e)) as FleetApiError;
      expect([direct.code, direct.status]).toEqual(["RATE_LIMIT_EXCEEDED", 429]);
      expect(direct.retryAfterMs).toBeGreaterThan(0);
      expect(direct.retryAfterMs).toBeLessThanOrEqual(60_000);

      const started = performance.now();
      const viaListAll = await fleet
        .listAll({}, { maxRetryAfterMs: 0 })
        .next()
        .catch((e: unknown) => e);
      expect((viaListAll as FleetApiError).code).toBe("RATE_LIMIT_EXCEEDED");
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await limited.close();
    }
  });
});
