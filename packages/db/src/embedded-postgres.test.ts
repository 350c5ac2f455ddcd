import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runFixture } from "../test/child-process.ts";
import { postgresRunAs } from "./embedded/os-user.ts";
import { readPostmasterPid } from "./embedded/postmaster-pid.ts";
import { isProcessAlive } from "./embedded/process-alive.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

interface ServerInfo {
  port: number;
  pid: number;
  startedHere: boolean;
}

describe("embedded PostgreSQL", () => {
  let root: string;
  let dataDir: string;
  const held: EmbeddedPostgres[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fleet-embedded-"));
    chmodSync(root, 0o755); // the server runs as the postgres user and must reach its data dir
    dataDir = join(root, "pg");
  });

  afterEach(async () => {
    for (const server of held.splice(0)) await server.release();
    rmSync(root, { recursive: true, force: true });
  });

  async function start(): Promise<EmbeddedPostgres> {
    const server = await startEmbeddedPostgres({ dataDir });
    held.push(server);
    return server;
  }

  it("initialises a data directory and starts a real PostgreSQL 18 on 127.0.0.1", async () => {
    const server = await start();
    expect(server.startedHere).toBe(true);
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    const { rows } = await query(server.url("postgres"), "SELECT current_setting('server_version_num') AS v");
    expect(Number(rows[0].v)).toBeGreaterThanOrEqual(180000);
    expect(server.url("postgres")).toContain(`@127.0.0.1:${server.port}/`);
    expect(readPostmasterPid(dataDir)).toMatchObject({ pid: server.pid, port: server.port, status: "ready" });
  });

  it("lets a second process connect to the running server instead of starting another", async () => {
    const server = await start();
    const child = runFixture("embedded-user.ts", [dataDir]);
    expect(await child.firstLine).toEqual({ port: server.port, pid: server.pid, startedHere: false });
    expect(await child.stop()).toBe(0);
    // The child's exit does not stop a server this process still uses.
    expect(isProcessAlive(server.pid)).toBe(true);
    await query(server.url("postgres"), "SELECT 1");
  });

  it("keeps the server running for other users when the process that started it exits", async () => {
    const starter = runFixture("embedded-user.ts", [dataDir]);
    const started = (await starter.firstLine) as ServerInfo;
    expect(started.startedHere).toBe(true);
    const server = await start();
    expect(server).toMatchObject({ pid: started.pid, port: started.port, startedHere: false });
    expect(await starter.stop()).toBe(0);
    expect(isProcessAlive(server.pid)).toBe(true);
    await query(server.url("postgres"), "SELECT 1");
  });

  it("stops the server when its last user releases it, and a restart reuses the data", async () => {
    const first = await start();
    await query(
      first.url("postgres"),
      "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')",
    );
    held.pop();
    await first.release();
    expect(isProcessAlive(first.pid)).toBe(false);
    expect(existsSync(join(dataDir, "postmaster.pid"))).toBe(false);

    const second = await start();
    expect(second.startedHere).toBe(true);
    expect(second.pid).not.toBe(first.pid);
    const { rows } = await query(second.url("postgres"), "SELECT value FROM kept");
    expect(rows).toEqual([{ value: "still here" }]);
  });

  it("starts despite a stale postmaster.pid whose pid now belongs to another program", async () => {
    const first = await start();
    held.pop();
    await first.release();
    // As after a container restart: the pid file survived and its pid now runs another program.
    // Same user as the server: PostgreSQL itself treats other users' pids as stale.
    const other = spawn("sleep", ["60"], postgresRunAs());
    try {
      const pidFile = `${other.pid}\n${dataDir}\n0\n1\n\n127.0.0.1\n0 0\nready\n`;
      writeFileSync(join(dataDir, "postmaster.pid"), pidFile);
      const second = await start();
      expect(second.startedHere).toBe(true);
      await query(second.url("postgres"), "SELECT 1");
    } finally {
      other.kill();
    }
  });

  it("serializes simultaneous start-ups: processes starting at once share one server", async () => {
    const children = [0, 1, 2].map(() => runFixture("embedded-user.ts", [dataDir]));
    const infos = (await Promise.all(children.map((child) => child.firstLine))) as ServerInfo[];
    expect(new Set(infos.map((info) => info.pid)).size).toBe(1);
    expect(infos.filter((info) => info.startedHere)).toHaveLength(1);
    const pid = infos[0]?.pid ?? 0;
    for (const child of children) expect(await child.stop()).toBe(0);
    // The last of them to exit stopped the server.
    expect(isProcessAlive(pid)).toBe(false);
  });
});
