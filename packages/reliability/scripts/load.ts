// Load and soak (not in CI): the real apps/api process on this suite's own PostgreSQL with a seeded
// fleet, driven by autocannon over loopback at LOAD_CONNECTIONS (100) for LOAD_DURATION_S (60 s)
// after a warm-up. Checks zero 5xx, reports latency percentiles, compares the server's RSS after the
// run with its RSS after warm-up (must stay within 20%), and reads every request log line it wrote.
// Writes test-results/load.json; exits 1 when a check fails. Stops by itself.

import { readFileSync } from "node:fs";
import { createKey, type RunningServer } from "@fleet/api/testing";
import { startApiServer } from "@fleet/api-server/testing";
import { createPrismaClient } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import autocannon from "autocannon";
import { reliabilityEnv } from "../src/env.ts";
import { startOwnPostgres } from "../src/own-postgres.ts";
import { recordFigures } from "../src/results.ts";

const env = reliabilityEnv();
const RSS_TOLERANCE = 0.2;

const rssBytes = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
};
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface LogStats {
  lines: number;
  byStatus: Record<string, number>;
  missingFields: number;
  secretSeen: boolean;
}

function logReader(secret: string, logs: LogStats) {
  return (line: string) => {
    if (line.includes(secret)) logs.secretSeen = true;
    const entry = JSON.parse(line);
    if (entry.msg !== "request") return;
    logs.lines++;
    logs.byStatus[entry.status] = (logs.byStatus[entry.status] ?? 0) + 1;
    const complete =
      typeof entry.request_id === "string" &&
      typeof entry.status === "number" &&
      typeof entry.duration_ms === "number" &&
      (entry.path !== "/v1/clusters" || typeof entry.api_key_id === "string");
    if (!complete) logs.missingFields++;
  };
}

function run(url: string, secret: string, seconds: number): Promise<autocannon.Result> {
  const paths = [
    "/v1/clusters",
    "/v1/clusters?sort_by=name&sort_order=asc&limit=50",
    "/v1/clusters?status=running,stopped&gpu_type=A100,H100",
    "/v1/clusters?search=train&limit=10",
    "/v1/clusters?min_gpu_count=2&max_gpu_count=8&sort_by=cost",
    "/v1/clusters?page=25&limit=20&sort_by=gpu_count",
    "/v1/clusters?region=eu-west-1&created_after=2026-01-01",
    "/v1/clusters?cursor=first&limit=100",
  ];
  return autocannon({
    url,
    connections: env.LOAD_CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${secret}` },
    requests: paths.map((path) => ({ method: "GET", path })),
  });
}

async function main() {
  const pg = await startOwnPostgres("load");
  let api: RunningServer | undefined;
  try {
    console.log(`seeding ${env.LOAD_CLUSTERS} clusters …`);
    const summary = await seed(pg.url, {
      accounts: 3,
      clusters: env.LOAD_CLUSTERS,
      seed: "load",
      log: () => {},
    });
    const db = createPrismaClient(pg.url, { max: 1 });
    const accountId = summary.largestAccount?.id as string;
    const key = await createKey(db, accountId);
    await db.$disconnect();

    const logs: LogStats = { lines: 0, byStatus: {}, missingFields: 0, secretSeen: false };
    const started = await startApiServer({
      // The load test measures the service, not the limiter's 429s.
      env: { DATABASE_URL: pg.url, RATE_LIMIT_PER_MINUTE: "1000000000" },
      onLine: logReader(key.secret, logs),
    });
    api = started;
    const pid = started.pid;
    const rssStart = rssBytes(pid);
    console.log(`warm-up ${env.LOAD_WARMUP_S} s …`);
    await run(started.baseUrl, key.secret, env.LOAD_WARMUP_S);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssWarm = rssBytes(pid);
    console.log(`load: ${env.LOAD_CONNECTIONS} connections for ${env.LOAD_DURATION_S} s …`);
    // RSS every 5 s: a leak climbs steadily, heap sizing settles.
    const rssSeries: number[] = [];
    const sampler = setInterval(() => rssSeries.push(mb(rssBytes(pid))), 5_000);
    const result = await run(started.baseUrl, key.secret, env.LOAD_DURATION_S);
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssAfter = rssBytes(pid);
    const growth = (rssAfter - rssWarm) / rssWarm;

    const exitCode = (await started.stop()).code;
    api = undefined;

    const figures = {
      command: "pnpm --filter @fleet/reliability exec tsx scripts/load.ts",
      clusters_seeded: env.LOAD_CLUSTERS,
      largest_account_clusters: summary.largestAccount?.clusters,
      connections: env.LOAD_CONNECTIONS,
      duration_s: env.LOAD_DURATION_S,
      warmup_s: env.LOAD_WARMUP_S,
      requests_total: result.requests.total,
      requests_per_s: Math.round(result.requests.average),
      latency_ms: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        p99_9: result.latency.p99_9,
        max: result.latency.max,
        mean: result.latency.mean,
      },
      status: { "2xx": result["2xx"], "4xx": result["4xx"], "5xx": result["5xx"], non2xx: result.non2xx },
      errors: result.errors,
      timeouts: result.timeouts,
      rss_mb: { start: mb(rssStart), after_warmup: mb(rssWarm), after_run: mb(rssAfter) },
      rss_growth_pct: Math.round(growth * 1000) / 10,
      rss_mb_every_5s: rssSeries,
      logs: {
        request_lines: logs.lines,
        by_status: logs.byStatus,
        lines_missing_fields: logs.missingFields,
        key_seen_in_logs: logs.secretSeen,
      },
      sigterm_exit_code: exitCode,
    };
    const failures = [
      result["5xx"] > 0 && `${result["5xx"]} responses were 5xx`,
      result.non2xx > 0 && `${result.non2xx} responses were not 2xx`,
      result.errors > 0 && `${result.errors} connection errors`,
      result.timeouts > 0 && `${result.timeouts} timeouts`,
      Math.abs(growth) > RSS_TOLERANCE &&
        `RSS changed ${figures.rss_growth_pct}% (limit ±${RSS_TOLERANCE * 100}%)`,
      logs.secretSeen && "the API key appeared in the logs",
      logs.missingFields > 0 && `${logs.missingFields} log lines lack request_id/status/duration/principal`,
      exitCode !== 0 && `apps/api exited ${exitCode} after SIGTERM`,
    ].filter(Boolean);
    recordFigures("load", { ...figures, passed: failures.length === 0, failures });
    console.log(JSON.stringify(figures, null, 2));
    if (failures.length > 0) {
      console.error(`load test FAILED:\n- ${failures.join("\n- ")}`);
      process.exitCode = 1;
    }
  } finally {
    await api?.stop();
    await pg.destroy();
  }
}

await main();
