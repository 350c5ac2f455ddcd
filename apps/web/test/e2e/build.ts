// The portal's test build: `next build` into TEST_DIST_DIR when that build is missing or older than
// any source it is built from. It never writes the build `pnpm start` serves (SERVED_DIST_DIR), so the
// suites can run while a portal is up from the same checkout. A lock file keeps two test processes
// from building into the same directory at once.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "@fleet/db/testing";
import { TEST_DIST_DIR } from "../../dist-dir";

export const webRoot = join(import.meta.dirname, "..", "..");
const repoRoot = join(webRoot, "..", "..");

const SOURCES = [
  join(webRoot, "src"),
  join(webRoot, "next.config.ts"),
  join(webRoot, "dist-dir.ts"),
  join(webRoot, "package.json"),
  join(repoRoot, "packages", "api", "src"),
  join(repoRoot, "packages", "client", "src"),
  join(repoRoot, "packages", "db", "src"),
  join(repoRoot, "packages", "schema", "src"),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** BUILD_ID of a build directory of apps/web, or null when it holds no finished build. */
export function buildIdPath(distDir: string): string {
  return join(webRoot, distDir, "BUILD_ID");
}

function isFresh(distDir: string): boolean {
  const buildId = buildIdPath(distDir);
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.every((source) => newestMtime(source) <= builtAt);
}

/** `next build` into `distDir`, as `pnpm build` runs it (the directory comes from FLEET_WEB_DIST_DIR). */
export async function nextBuild(distDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [join(webRoot, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd: webRoot,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FLEET_WEB_DIST_DIR: distDir },
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`next build into ${distDir} failed with exit code ${code}`);
}

/** Makes sure TEST_DIST_DIR holds a build of the current sources; `force` rebuilds it regardless. */
export async function ensureTestBuild({ force = false }: { force?: boolean } = {}): Promise<void> {
  await withFileLock(
    join(webRoot, `${TEST_DIST_DIR}.lock`),
    async () => {
      if (!force && isFresh(TEST_DIST_DIR)) return;
      console.log(`[e2e] building the portal into apps/web/${TEST_DIST_DIR}`);
      await nextBuild(TEST_DIST_DIR);
    },
    15 * 60_000,
  );
}
