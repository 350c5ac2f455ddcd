// A PostgreSQL server of this suite's own (own data directory, own port) that the fault tests may
// stop, restart on the same port, freeze and thaw without touching anyone else's database.
// Started through @fleet/db's embedded launcher; restarted with the postmaster's own command line.
import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "@fleet/db";
import { ensureDatabase, startEmbeddedPostgres } from "@fleet/db/embedded";
import pg from "pg";

export interface OwnPostgres {
  port: number;
  /** URL of the migrated `fleet` database. */
  url: string;
  /** A superuser URL of another database on the same server (for pg_stat_activity). */
  adminUrl: string;
  /** Fast shutdown (what `pg_ctl stop -m fast` does): open connections are terminated. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** SIGSTOP the server and its backends: connections stay open but nothing answers. */
  freeze(): void;
  thaw(): void;
  /** Stops the server for good and deletes the data directory. */
  destroy(): Promise<void>;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
  } catch {
    return undefined;
  }
}

/** Sends a signal to a process that may have exited meanwhile (a backend ending its session). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command (field 2) may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process exited meanwhile
    }
  }
  return children;
}

async function waitFor(
  what: string,
  ok: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => {}); // the server may terminate this connection while it stops
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const PREFIX = "fleet-reliability-";

function removeDataDir(dataDir: string): void {
  for (const path of [dataDir, `${dataDir}.lock`, `${dataDir}.log`, `${dataDir}.users`])
    rmSync(path, { recursive: true, force: true });
}

/** Data directories left by runs that died before cleaning up (their pid is the name's suffix). */
function removeOrphans(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(/^fleet-reliability-.+-(\d+)$/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid) && entry.startsWith(PREFIX))
      removeDataDir(join(tmpdir(), entry));
  }
}

export async function startOwnPostgres(name: string): Promise<OwnPostgres> {
  removeOrphans();
  const dataDir = join(tmpdir(), `${PREFIX}${name}-${process.pid}`);
  const instance = await startEmbeddedPostgres({
    dataDir,
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
  const url = instance.url("fleet");
  const adminUrl = instance.url("postgres");
  try {
    await ensureDatabase(adminUrl, "fleet");
    await migrate(url);
  } catch (error) {
    await instance.release();
    removeDataDir(dataDir);
    throw error;
  }
  // The postmaster's exact command line, so a restart binds the same port with the same settings.
  const argv = readFileSync(`/proc/${instance.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const owner = statSync(dataDir);
  let pid = instance.pid;

  return {
    port: instance.port,
    url,
    adminUrl,
    async stop() {
      process.kill(pid, "SIGINT");
      await waitFor("postgres to stop", () => !isAlive(pid));
    },
    async start() {
      const log = openSync(`${dataDir}.log`, "a");
      const child = spawn(argv[0] as string, argv.slice(1), {
        uid: owner.uid,
        gid: owner.gid,
        detached: true,
        stdio: ["ignore", log, log],
        env: { ...process.env, LC_MESSAGES: "C" },
      });
      closeSync(log);
      child.unref();
      pid = child.pid as number;
      await waitFor("postgres to accept connections", () => accepts(adminUrl));
    },
    freeze() {
      // Backends make themselves process-group leaders, so signal each one, then the postmaster.
      for (const child of childrenOf(pid)) signal(child, "SIGSTOP");
      signal(pid, "SIGSTOP");
    },
    thaw() {
      signal(pid, "SIGCONT");
      for (const child of childrenOf(pid)) signal(child, "SIGCONT");
    },
    async destroy() {
      if (isAlive(pid)) {
        signal(pid, "SIGCONT");
        for (const child of childrenOf(pid)) signal(child, "SIGCONT");
        await instance.release();
        const left = postmasterPid(dataDir);
        if (left && isAlive(left)) process.kill(left, "SIGQUIT");
      } else {
        await instance.release();
      }
      removeDataDir(dataDir);
    },
  };
}

/** Connections to `database` other than this query's own, from pg_stat_activity. */
export async function connectionCount(adminUrl: string, database = "fleet"): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
  client.on("error", () => {}); // the server may terminate this connection while it stops
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
