// Reads PostgreSQL's own lock file, the source of truth for "is a server running on this data dir".
// Layout (PostgreSQL >= 10): pid, data dir, start time, port, socket dir, listen address, shmem key, status.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "./process-alive.ts";

export type PostmasterStatus = "starting" | "stopping" | "ready" | "standby" | "unknown";

export interface Postmaster {
  pid: number;
  port: number;
  status: PostmasterStatus;
}

export function readPostmasterPid(dataDir: string): Postmaster | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (Number.isNaN(pid) || Number.isNaN(port)) return undefined;
  const status = (lines[7]?.trim() || "unknown") as PostmasterStatus;
  return { pid, port, status };
}

/**
 * Whether `pid` runs postgres. After a reboot or container restart a stale pid file's pid can
 * belong to an unrelated process (containers reuse low pids), so liveness alone is not enough.
 */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return process.platform !== "linux";
  }
}

/** The running postmaster of this data dir, or undefined (no pid file, or a stale one). */
export function runningPostmaster(dataDir: string): Postmaster | undefined {
  const postmaster = readPostmasterPid(dataDir);
  return postmaster && isProcessAlive(postmaster.pid) && isPostgres(postmaster.pid) ? postmaster : undefined;
}

/**
 * Removes a pid file whose process is gone or is not postgres. PostgreSQL clears a dead pid's file
 * itself but refuses to start while the pid is alive, even when it is some other program.
 */
export function removeStalePidFile(dataDir: string): void {
  if (readPostmasterPid(dataDir) && !runningPostmaster(dataDir))
    rmSync(join(dataDir, "postmaster.pid"), { force: true });
}
