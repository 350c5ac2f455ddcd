// One file per process using a data directory's server (`<dataDir>.users/<pid>`). The last live
// user stops the server; leases of processes that died without cleaning up are ignored and pruned.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "./process-alive.ts";

const leaseDir = (dataDir: string) => `${dataDir}.users`;

export function addLease(dataDir: string): void {
  mkdirSync(leaseDir(dataDir), { recursive: true });
  writeFileSync(join(leaseDir(dataDir), String(process.pid)), "");
}

export function removeLease(dataDir: string): void {
  rmSync(join(leaseDir(dataDir), String(process.pid)), { force: true });
}

/** Pids of other live processes holding a lease; removes the leases of dead ones. */
export function otherLiveUsers(dataDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(leaseDir(dataDir));
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number.parseInt(name, 10);
    if (pid === process.pid) continue;
    if (!Number.isNaN(pid) && isProcessAlive(pid)) live.push(pid);
    else rmSync(join(leaseDir(dataDir), name), { force: true });
  }
  return live;
}
