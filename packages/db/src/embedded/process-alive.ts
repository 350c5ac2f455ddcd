import { readFileSync } from "node:fs";

/**
 * Whether a process with this pid exists and is not a zombie. Signal 0 probes without sending
 * anything; a zombie (an exited child its parent has not reaped yet, e.g. while we busy-wait in an
 * exit handler) still answers it, so on Linux /proc tells them apart.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux";
  }
}
