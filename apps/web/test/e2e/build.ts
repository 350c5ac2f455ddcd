// Builds the app when `.next` is missing or older than any source it is built from (CI's turbo
// pipeline builds first, so there this is a no-op).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const webRoot = join(import.meta.dirname, "..", "..");
const repoRoot = join(webRoot, "..", "..");

const SOURCES = [
  join(webRoot, "src"),
  join(webRoot, "next.config.ts"),
  join(webRoot, "package.json"),
  join(repoRoot, "packages", "api", "src"),
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

export function ensureProductionBuild(): void {
  const buildId = join(webRoot, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const stale = SOURCES.some((source) => newestMtime(source) > builtAt);
  if (!stale) return;
  console.log("[e2e] .next is missing or stale: running next build");
  const result = spawnSync(
    process.execPath,
    [join(webRoot, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd: webRoot,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}
