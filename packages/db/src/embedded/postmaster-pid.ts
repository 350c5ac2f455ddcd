// Reads PostgreSQL's own lock file, the source of truth for "is a server running on this data dir".
// Layout (PostgreSQL >= 10): pid, data dir, start time, port, socket dir, listen address, shmem key, status.
import { readFileSync } from "node:fs";
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

/** The running postmaster of this data dir, or undefined (no pid file, or a stale one). */
export function runningPostmaster(dataDir: string): Postmaster | undefined {
  const postmaster = readPostmasterPid(dataDir);
  return postmaster && isProcessAlive(postmaster.pid) ? postmaster : undefined;
}
