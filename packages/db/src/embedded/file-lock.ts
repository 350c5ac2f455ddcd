// A cross-process lock file (O_EXCL create holding the owner's pid). Node has no flock(2); this
// serializes embedded PostgreSQL start-up and shutdown between processes sharing a data directory.
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { isProcessAlive } from "./process-alive.ts";

const POLL_MS = 50;

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isNaN(pid) ? undefined : pid;
  } catch {
    return undefined;
  }
}

/** Removes a lock left by a dead process. Renaming first means only one breaker wins the race. */
function breakStaleLock(path: string, deadPid: number): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else broke or released it
  }
  if (readHolder(aside) !== deadPid) {
    // A live process took the lock between our read and rename: give it back.
    try {
      linkSync(aside, path);
    } catch {
      // Another process holds a newer lock; the one we moved aside is then stale anyway.
    }
  }
  unlinkSync(aside);
}

function tryAcquire(path: string): boolean {
  try {
    const fd = openSync(path, "wx", 0o644);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = readHolder(path);
  // Our own pid: a lock left by this process (e.g. exit during start-up); it is ours to reuse.
  if (holder === process.pid) return true;
  if (holder !== undefined && !isProcessAlive(holder)) breakStaleLock(path, holder);
  return false;
}

function release(path: string): void {
  if (readHolder(path) === process.pid) unlinkSync(path);
}

function timeoutError(path: string, timeoutMs: number): Error {
  return new Error(
    `timed out after ${timeoutMs} ms waiting for lock ${path} (held by pid ${readHolder(path)})`,
  );
}

export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(path)) {
    if (Date.now() > deadline) throw timeoutError(path, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    release(path);
  }
}

/** Synchronous variant for `process.on("exit")`, where nothing asynchronous runs. */
export function withFileLockSync<T>(path: string, fn: () => T, timeoutMs = 15_000): T {
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(path)) {
    if (Date.now() > deadline) throw timeoutError(path, timeoutMs);
    sleepSync(POLL_MS);
  }
  try {
    return fn();
  } finally {
    release(path);
  }
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
