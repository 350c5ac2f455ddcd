// The HTTP servers under test, started the way every suite starts them (@fleet/api-server/testing,
// @fleet/web/testing): apps/api as deployed (the built bundle) and apps/web's server (`pnpm start`)
// on its production build, if there is one. Peak RSS is sampled over each process tree.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cursorSecret } from "@fleet/api";
import type { RunningServer } from "@fleet/api/testing";
import { startApiServer } from "@fleet/api-server/testing";
import { buildIdPath, SERVED_DIST_DIR, startNextServer } from "@fleet/web/testing";

export interface BenchServer {
  name: string;
  url: string;
  pid: number;
  /** Highest resident set size of the process tree seen so far, in MB. */
  peakRssMb(): number;
  /** Starts a phase: its own peak is kept apart from here on. */
  phase(name: string): void;
  /** Each phase's peak RSS, in MB, in the order they began. */
  phasePeaksMb(): Record<string, number>;
  stop(): Promise<void>;
}

/** RSS (kB) of a process and all its descendants, from one `ps` snapshot. */
function treeRssKb(root: number): number {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" });
  const rows = out
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (inTree.has(ppid) && !inTree.has(pid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter(([pid]) => inTree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0);
}

function measured(name: string, server: RunningServer): BenchServer {
  let peak = 0;
  let running = true;
  const phases: Record<string, number> = {};
  let current: string | null = null;
  const sample = () => {
    if (!running) return;
    const rss = treeRssKb(server.pid);
    peak = Math.max(peak, rss);
    if (current !== null) phases[current] = Math.max(phases[current] ?? 0, rss);
  };
  const sampler = setInterval(sample, 250);
  sample();
  return {
    name,
    url: server.baseUrl,
    pid: server.pid,
    peakRssMb: () => Math.round(peak / 1024),
    phase: (name) => {
      current = name;
      sample();
    },
    phasePeaksMb: () =>
      Object.fromEntries(Object.entries(phases).map(([name, kb]) => [name, Math.round(kb / 1024)])),
    stop: async () => {
      clearInterval(sampler);
      running = false;
      await server.stop();
    },
  };
}

/**
 * Environment both servers get: the bench database, quiet logs, a rate limit the bench never hits,
 * and this process's cursor secret (the cursors of the matrix are signed here).
 */
export const serverEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  CURSOR_SECRET: cursorSecret(),
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: "1000000000",
  NODE_ENV: "production",
});

/** apps/api as deployed: built (about a second), then plain node; `env` adds to serverEnv's. */
export async function startBenchApi(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  return measured(
    "apps/api",
    await startApiServer({ bundle: true, env: { ...serverEnv(databaseUrl), ...env } }),
  );
}

/** apps/web's server on the build `pnpm build` writes, or null when there is none. */
export async function startBenchPortal(databaseUrl: string): Promise<BenchServer | null> {
  if (!existsSync(buildIdPath(SERVED_DIST_DIR))) return null;
  const server = await startNextServer({ ...serverEnv(databaseUrl), FLEET_WEB_DIST_DIR: SERVED_DIST_DIR });
  return measured("apps/web (pnpm start)", server);
}
