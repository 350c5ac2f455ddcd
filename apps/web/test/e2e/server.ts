// Starts the portal's server (`pnpm start`: server.mjs) on a free 127.0.0.1 port and stops it again.
// It serves the test build (TEST_DIST_DIR) unless `env` names another build directory.
import { join } from "node:path";
import { type RunningServer, startServerProcess, TEST_CURSOR_SECRET } from "@fleet/api/testing";
import { TEST_DIST_DIR } from "../../dist-dir";
import { webRoot } from "./build";

export type { RunningServer } from "@fleet/api/testing";

/**
 * Ready once `readyPath` answers: /readyz (the database answers through the app, and the first
 * request creates the Prisma client), or /healthz (merely the process) for outage tests. `port`:
 * the one to listen on (a restart where a browser expects it); default: a free one.
 */
export function startNextServer(
  env: Record<string, string | undefined>,
  { readyPath = "/readyz", port }: { readyPath?: string; port?: number } = {},
): Promise<RunningServer> {
  return startServerProcess({
    cwd: webRoot,
    args: [join(webRoot, "server.mjs")],
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      FLEET_WEB_DIST_DIR: TEST_DIST_DIR,
      // Required with an external DATABASE_URL; pass `CURSOR_SECRET: undefined` to start without one.
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      ...env,
    },
    readyPath,
    port,
  });
}
