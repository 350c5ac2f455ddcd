// `fleet simulate` end to end: real subprocesses against a real (test) PostgreSQL.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { seed } from "@fleet/db/seed";
import type { SimulationStats } from "@fleet/db/simulate";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageDir, repoRoot, runFleet, tsx } from "./run-cli.ts";

let test: TestDatabase;

const fleet = (args: string[], env: NodeJS.ProcessEnv = {}) => runFleet(args, test.url, env);

const simulate = (...args: string[]) => fleet(["simulate", ...args]);

interface SimulateJson {
  accounts: { id: string; name: string; clusters: number }[];
  options: { transitionsPerSecond: number; writers: number; durationMs: number };
  stats: SimulationStats;
}

async function largestAccount(): Promise<string> {
  const [row] = await test.db.cluster.groupBy({
    by: ["accountId"],
    _count: { _all: true },
    orderBy: [{ _count: { accountId: "desc" } }, { accountId: "asc" }],
    take: 1,
  });
  return row?.accountId ?? "";
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seed(test.url, { accounts: 3, clusters: 600, seed: "cli-simulate", log: () => {} });
});
afterAll(async () => {
  await test?.drop();
});

describe.concurrent("fleet simulate: usage", () => {
  it("is listed in the help, with its options", async () => {
    expect((await fleet(["--help"])).stdout).toContain("simulate");
    const help = await simulate("--help");
    expect(help.code).toBe(0);
    for (const option of [
      "--account",
      "--rate",
      "--creates",
      "--deletes",
      "--edits",
      "--metrics-every",
      "--writers",
      "--rollback-rate",
      "--duration",
      "--seed",
    ])
      expect(help.stdout).toContain(option);
  });

  it.each([
    [["--rate", "fast"], /'--rate <n\/s>' argument 'fast' is invalid.*like 20\/s, 90\/m or 500\/h/],
    [["--creates", "200000/s"], /'--creates <n\/s>' argument '200000\/s' is invalid.*at most 100000\/s/],
    [["--duration", "10"], /'--duration <interval>' argument '10' is invalid.*like 30s, 10m or 1h/],
    [["--metrics-every", "500ms"], /'--metrics-every <interval>' argument '500ms' is invalid/],
    [["--rollback-rate", "2"], /'--rollback-rate <percent>' argument '2' is invalid.*from 0% to 100%/],
    [["--writers", "65"], /'--writers <n>' argument '65' is invalid.*from 1 to 64/],
    [["--account", "acc_a,,acc_b"], /'--account <ids>' argument 'acc_a,,acc_b' is invalid/],
  ])("rejects %j, naming the option and what is allowed, exit 2", async (args, message) => {
    const result = await simulate(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(message);
  });

  it("rejects an unknown account, exit 2", async () => {
    const result = await simulate("--account", "acc_nope", "--duration", "30s");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown account\(s\): acc_nope \(see `fleet accounts list`\)/);
  });
});

describe("fleet simulate: running", () => {
  it("--duration stops by itself; --json reports the run's accounts, options and stats", async () => {
    const result = await simulate("--rate", "40/s", "--creates", "4/s", "--duration", "3s", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as SimulateJson;
    expect(body.accounts.map((a) => a.id)).toEqual([await largestAccount()]);
    expect(body.options).toMatchObject({ transitionsPerSecond: 40, writers: 1, durationMs: 3_000 });
    expect(body.stats.elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(body.stats.committed).toBeGreaterThan(0);
    expect(body.stats.transitions).toBeGreaterThan(40);
    expect(body.stats.rows.inserted).toBeGreaterThan(0);
    expect(body.stats.errors).toEqual({ deadlocks: 0, serializationFailures: 0, other: 0 });
  });

  it("prints what it does at start and a summary at the end; takes several accounts and writers", async () => {
    const accounts = await test.db.account.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const [a, b, c] = accounts.map((account) => account.id) as [string, string, string];
    const result = await simulate(
      "--account",
      `${a},${b}`,
      "--account",
      c,
      "--writers",
      "2",
      "--rate",
      "20/s",
      "--metrics-every",
      "5s",
      "--rollback-rate",
      "10%",
      "--duration",
      "2s",
      "--seed",
      "s7",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [first, second, ...rest] = result.stdout.trim().split("\n");
    expect(first).toMatch(
      /^Simulating acc_\S+ \(.+, \d+ clusters\), .+ with 2 writers each, seed s7, for 2s:$/,
    );
    for (const id of [a, b, c]) expect(first).toContain(id);
    expect(second).toMatch(
      /^ {2}transitions 20\/s, creates [\d.]+\/s, .* each; metrics .* every 5s; 10% of transactions rolled back/,
    );
    expect(rest.at(-1)).toMatch(
      /^Stopped after 2(\.\d)?s: \d+ transactions committed, \d+ rolled back on purpose; \d+ transitions \([\d.]+\/s\); rows \+\d+ ~\d+ -\d+; latency p50 [\d.]+ ms, p95 [\d.]+ ms; 0 deadlocks/,
    );
  });

  it("stops cleanly on SIGTERM, with the final summary", async () => {
    const child = spawn(tsx, ["src/main.ts", "simulate", "--rate", "20/s"], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: test.url },
    });
    let stdout = "";
    let signalled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Once: a second SIGTERM while the first stop is finishing is a second, unhandled signal.
      if (signalled || !stdout.includes("until SIGINT/SIGTERM")) return;
      signalled = true;
      setTimeout(() => child.kill("SIGTERM"), 1_000);
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nStopped after [\d.]+s: \d+ transactions committed/);
  });
});

describe("fleet simulate: on the embedded database (no DATABASE_URL)", () => {
  // A private data root, so this never touches the developer's .data/postgres.
  const dataDir = join(repoRoot, ".data", `cli-simulate-test-${process.pid}`);
  const embedded = (...args: string[]) => fleet(args, { DATABASE_URL: "", FLEET_DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("joins or starts the embedded PostgreSQL like the other commands", async () => {
    expect((await embedded("db", "seed", "--accounts", "2", "--clusters", "100", "--reset")).code).toBe(0);
    const result = await embedded("simulate", "--rate", "20/s", "--duration", "2s", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as SimulateJson).stats.transitions).toBeGreaterThan(0);
  });
});
