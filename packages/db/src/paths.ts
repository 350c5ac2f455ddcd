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

/** Root of all local state (`.data`, or FLEET_DATA_DIR). */
export function dataRoot(): string {
  const override = dbEnv().FLEET_DATA_DIR;
  return override ? resolve(override) : join(repoRoot, ".data");
}
