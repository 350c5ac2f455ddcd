// Filesystem locations shared by the embedded server, the migrations tooling and the tests.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dbEnv } from "./env.ts";

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The monorepo root, found from this file so it does not depend on the caller's cwd. */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export const schemaPath = join(repoRoot, "prisma", "schema.prisma");
export const migrationsDir = join(repoRoot, "prisma", "migrations");

/**
 * Resolves one of this package's own dependencies at run time, from this package's directory rather
 * than `import.meta.url`: in a bundle (apps/api's dist) that is the bundle, from where Node finds
 * none of them. Node's own require, fetched so that bundlers (Next.js) neither rewrite nor follow it.
 */
export function resolveFromDbPackage(specifier: string): string {
  const { createRequire } = process.getBuiltinModule("node:module");
  return createRequire(join(repoRoot, "packages", "db", "package.json")).resolve(specifier);
}

/** Root of all local state (`.data`, or FLEET_DATA_DIR). */
export function dataRoot(): string {
  const override = dbEnv().FLEET_DATA_DIR;
  return override ? resolve(override) : join(repoRoot, ".data");
}
