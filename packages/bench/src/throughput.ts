// Throughput: autocannon against an HTTP URL (bounded duration, loopback), and the floor's own
// throughput — the same SQL statements driven by the same number of concurrent workers over pg.
import autocannon from "autocannon";
import pg from "pg";
import { floorRunner, type PreparedQuery, wholeRequestFloorRunner } from "./paths.ts";

export interface Throughput {
  target: string;
  account: string;
  connections: number;
  durationS: number;
  requestsPerSec: number;
  requests: number;
  errors: number;
  non2xx: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** When the figure is the median of several runs: each run's requests/s, in order. */
  rounds?: number[];
}

export async function httpThroughput(
  target: string,
  account: string,
  url: string,
  headers: Record<string, string>,
  connections: number,
  durationS: number,
): Promise<Throughput> {
  const result = await autocannon({ url, connections, duration: durationS, headers, timeout: 10 });
  return {
    target,
    account,
    connections,
    durationS,
    requestsPerSec: Math.round(result.requests.total / durationS),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

export const FLOOR = "floor (pg)";
/** apps/api asked for a coded answer, as browsers and most HTTP clients ask. */
export const CODED_API = "apps/api, Accept-Encoding: br, gzip";
export const WHOLE_REQUEST_FLOOR = "floor, whole request (pg)";

/**
 * PostgreSQL's answer rate for the same statements: `connections` workers, up to 16 connections.
 * The floor proper runs the listing's statements; the whole-request variant adds the key lookup with
 * its rate-limit count that every HTTP request also issues (where the HTTP paths' extra time goes).
 */
export async function floorThroughput(
  url: string,
  account: string,
  q: PreparedQuery,
  connections: number,
  durationS: number,
  wholeRequest = false,
): Promise<Throughput> {
  // More connections than this only adds contention on two cores.
  const pool = new pg.Pool({ connectionString: url, max: Math.min(connections * 2, 16) });
  const runner = wholeRequest ? wholeRequestFloorRunner(pool) : floorRunner(pool);
  const latencies: number[] = [];
  let errors = 0;
  const stopAt = performance.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        const started = performance.now();
        try {
          await runner(q);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 100) / 100;
  return {
    target: wholeRequest ? WHOLE_REQUEST_FLOOR : FLOOR,
    account,
    connections,
    durationS,
    requestsPerSec: Math.round(latencies.length / durationS),
    requests: latencies.length,
    errors,
    non2xx: 0,
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
  };
}
