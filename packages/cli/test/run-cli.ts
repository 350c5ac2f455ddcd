// Runs the CLI (or any program) as a real subprocess, as a user would, against a database URL.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(packageDir, "..", "..");
export const tsx = join(packageDir, "node_modules", ".bin", "tsx");

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` in `cwd` with DATABASE_URL set to `databaseUrl` (then `env` on top). */
export function exec(
  file: string,
  args: string[],
  opts: { cwd: string; databaseUrl: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: { ...process.env, DATABASE_URL: opts.databaseUrl, ...opts.env },
        timeout: opts.timeoutMs ?? 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `fleet …` from this package, as `pnpm fleet` runs it. */
export const runFleet = (args: string[], databaseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  exec(tsx, ["src/main.ts", ...args], { cwd: packageDir, databaseUrl, env });
