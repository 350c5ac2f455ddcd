// Starts the portal's server (`pnpm start`: server.mjs) on a free 127.0.0.1 port and stops it again.
// It serves the test build (TEST_DIST_DIR) unless `env` names another build directory.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { TEST_CURSOR_SECRET } from "@fleet/api/testing";
import { TEST_DIST_DIR } from "../../dist-dir";
import { webRoot } from "./build";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startNextServer(
  env: Record<string, string | undefined>,
  { readyPath = "/readyz" }: { readyPath?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(webRoot, "server.mjs")], {
    cwd: webRoot,
    // Own process group, so stopping it also stops anything it spawned.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: withoutUnset({
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      FLEET_WEB_DIST_DIR: TEST_DIST_DIR,
      // Required with an external DATABASE_URL; pass `CURSOR_SECRET: undefined` to start without one.
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      ...env,
    }),
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  // Ready = the database answers through the app (first request also creates the Prisma client), or
  // for outage tests merely the process (`/healthz`).
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`portal server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}${readyPath}`);
      if (response.ok) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`portal server did not become ready within 90 s:\n${output}`);
}

/** `undefined` means "not set" for the child (e.g. no DATABASE_URL: embedded mode). */
function withoutUnset(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined),
  ) as NodeJS.ProcessEnv;
}
