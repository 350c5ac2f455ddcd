// The HTTP servers under test, as child processes on free loopback ports: apps/api (the lean server)
// and apps/web's server (`pnpm start`, if it has been built). Peak RSS is sampled over each process tree.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { cursorSecret } from "@fleet/api";
import { repoRoot } from "@fleet/db";

export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** Highest resident set size of the process tree seen so far, in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
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

async function waitUntilReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output.join("")}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} not ready in 90 s:\n${output.join("").slice(-2000)}`);
}

async function start(name: string, cwd: string, args: string[], env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(String(chunk));
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child, output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  let peak = 0;
  const sample = () => {
    if (child.exitCode === null && child.pid) peak = Math.max(peak, treeRssKb(child.pid));
  };
  const sampler = setInterval(sample, 250);
  sample();
  return {
    name,
    url,
    pid: child.pid ?? 0,
    peakRssMb: () => Math.round(peak / 1024),
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  } satisfies RunningServer;
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

/** apps/api as deployed: built (`pnpm --filter @fleet/api-server build`, about a second), then plain node. */
export async function startApiServer(databaseUrl: string): Promise<RunningServer> {
  const dir = join(repoRoot, "apps", "api");
  execFileSync(process.execPath, ["--import", "tsx", "build.ts"], { cwd: dir, stdio: "inherit" });
  return start("apps/api", dir, ["dist/main.js"], serverEnv(databaseUrl), await freePort());
}

/** apps/web's server (`pnpm start`: server.mjs), or null when apps/web has no production build (.next/BUILD_ID). */
export async function startNextServer(databaseUrl: string): Promise<RunningServer | null> {
  const web = join(repoRoot, "apps", "web");
  if (!existsSync(join(web, ".next", "BUILD_ID"))) return null;
  const port = await freePort();
  return start("apps/web (pnpm start)", web, ["server.mjs"], serverEnv(databaseUrl), port);
}
