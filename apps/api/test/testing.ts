// How every suite and the bench start apps/api (`@fleet/api-server/testing`): a real child process,
// from source through tsx or as the deployed bundle, ready once /readyz answers.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServerProcess, TEST_CURSOR_SECRET } from "@fleet/api/testing";

export type { RunningServer, ServerExit } from "@fleet/api/testing";

const apiDir = fileURLToPath(new URL("..", import.meta.url));

export interface ApiServerOptions {
  /** Over the defaults (logs at info, the tests' CURSOR_SECRET); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Build it (`pnpm --filter @fleet/api-server build`) and run dist/main.js, as deployed. */
  bundle?: boolean;
  /** node flags before the entry script (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Default /readyz (the database answers through the server); /healthz when it may not. */
  readyPath?: string;
  /** Each stdout line (the JSON logs) as it arrives. */
  onLine?: (line: string) => void;
}

export async function startApiServer(opts: ApiServerOptions = {}): Promise<RunningServer> {
  if (opts.bundle) execFileSync(process.execPath, ["--import", "tsx", "build.ts"], { cwd: apiDir });
  const entry = opts.bundle ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  return startServerProcess({
    cwd: apiDir,
    args: [...(opts.nodeArgs ?? []), ...entry],
    env: {
      LOG_LEVEL: "info",
      // Required with an external DATABASE_URL; pass `CURSOR_SECRET: undefined` to start without one.
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      // The bundle runs as deployed: without the NODE_PATH pnpm's bin shims set, which would find
      // packages the bundle itself cannot.
      ...(opts.bundle ? { NODE_PATH: undefined } : {}),
      ...opts.env,
    },
    readyPath: opts.readyPath ?? "/readyz",
    onLine: opts.onLine,
  });
}
