// Starts and stops the postgres server process of one data directory. The server is detached (own
// process group, output to a log file) so it can outlive the process that started it while other
// processes still use it; see embedded-postgres.ts for who stops it.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { postgresBinaries } from "./binaries.ts";
import { sleepSync } from "./file-lock.ts";
import { postgresRunAs } from "./os-user.ts";
import { readPostmasterPid, runningPostmaster } from "./postmaster-pid.ts";
import { isProcessAlive } from "./process-alive.ts";

export interface ServerOptions {
  dataDir: string;
  port: number;
  logFile: string;
  /** Extra `-c name=value` settings. */
  settings: Record<string, string>;
}

const START_TIMEOUT_MS = 30_000;

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Spawns postgres and resolves once its postmaster.pid says "ready"; rejects if it exits first. */
export async function startServer(options: ServerOptions): Promise<number> {
  const { postgres } = await postgresBinaries();
  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    ...options.settings,
  };
  const args = ["-D", options.dataDir, "-p", String(options.port)];
  for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);

  const log = openSync(options.logFile, "w");
  const child = spawn(postgres, args, {
    ...postgresRunAs(),
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  closeSync(log);
  child.unref();
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", () => {
    exited = true;
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`postgres exited during start-up:\n${logTail(options.logFile)}`);
    const postmaster = readPostmasterPid(options.dataDir);
    if (postmaster && postmaster.pid === child.pid && postmaster.status === "ready") return postmaster.pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill("SIGKILL");
  throw new Error(`postgres did not become ready in ${START_TIMEOUT_MS} ms:\n${logTail(options.logFile)}`);
}

/**
 * Fast shutdown (SIGINT: roll back open transactions, disconnect clients, checkpoint) and wait
 * until the process is gone. Synchronous so it can run in an exit handler.
 */
export function stopServerSync(dataDir: string, timeoutMs = 15_000): void {
  const postmaster = runningPostmaster(dataDir);
  if (!postmaster) return;
  process.kill(postmaster.pid, "SIGINT");
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(postmaster.pid)) {
    if (Date.now() > deadline) {
      process.kill(postmaster.pid, "SIGQUIT"); // immediate shutdown; recovery runs on next start
      return;
    }
    sleepSync(20);
  }
}

/** Waits (bounded) while a server of this data dir is shutting down or still starting. */
export async function waitWhileTransitioning(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const postmaster = runningPostmaster(dataDir);
    if (!postmaster || postmaster.status === "ready") return;
    if (Date.now() > deadline)
      throw new Error(`postgres in ${dataDir} stuck in state "${postmaster.status}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
