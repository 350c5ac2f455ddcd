// The CLI end to end: real subprocesses against a real (test) PostgreSQL through DATABASE_URL.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { verifyApiKeySecret } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec, type Result, repoRoot, runFleet } from "./run-cli.ts";

let test: TestDatabase;

const fleet = (...args: string[]) => runFleet(args, test.url);
const json = <T>(result: Result): T => JSON.parse(result.stdout) as T;

function expectUsageError(result: Result, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toMatch(message);
}

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.drop();
});

// These never reach the database, so they can run side by side.
describe.concurrent("fleet CLI: usage", () => {
  it("prints help listing every command group, exit 0", async () => {
    const result = await fleet("--help");
    expect(result.code).toBe(0);
    for (const group of ["db", "accounts", "keys", "--json"]) expect(result.stdout).toContain(group);
  });

  it("rejects an unknown command, with a suggestion, exit 2", async () => {
    expectUsageError(await fleet("acounts", "list"), /unknown command 'acounts'[\s\S]*accounts/);
  });

  it("rejects an unknown option, exit 2", async () => {
    expectUsageError(await fleet("accounts", "list", "--verbose"), /unknown option '--verbose'/);
  });

  it("rejects a group without a subcommand, exit 2", async () => {
    const result = await fleet("keys");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/create[\s\S]*list[\s\S]*revoke/);
  });

  it.each([
    [["db", "seed", "--clusters", "abc"], /'--clusters <n>' argument 'abc' is invalid.*integer/],
    [["db", "seed", "--clusters", "1.5"], /'--clusters <n>' argument '1.5' is invalid/],
    [["db", "seed", "--accounts", "0"], /'--accounts <n>' argument '0' is invalid.*from 1/],
    [["db", "seed", "--accounts", "-3"], /'--accounts <n>' argument '-3' is invalid/],
    [
      ["keys", "create", "--account", "acc_x", "--expires-in", "30"],
      /'--expires-in <duration>' argument '30' is invalid/,
    ],
    [["keys", "create", "--account", "acc_x", "--expires-in", "0d"], /argument '0d' is invalid.*30d/],
    [["keys", "create", "--account", "acc_x", "--expires-in", "1y"], /argument '1y' is invalid/],
    [
      ["keys", "create", "--account", "acc_x", "--scopes", "clusters:admin"],
      /unknown scope clusters:admin.*clusters:read, clusters:write/,
    ],
    [["keys", "create", "--account", "acc_x", "--projects", "prj_a,,prj_b"], /'--projects <ids>' argument/],
    [["keys", "create", "--account", "acc_x", "--name", "  "], /'--name <name>' argument ' {2}' is invalid/],
    [["keys", "create"], /required option '--account <id>' not specified/],
    [["keys", "list"], /required option '--account <id>' not specified/],
    [["keys", "revoke"], /missing required argument 'id'/],
  ])("rejects bad arguments: %j", async (args, message) => {
    expectUsageError(await fleet(...args), message);
  });

  it("reports errors as JSON on stderr with --json, stdout stays empty", async () => {
    const result = await fleet("db", "seed", "--clusters", "many", "--json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const body = JSON.parse(result.stderr) as { error: { message: string } };
    expect(body.error.message).toMatch(/--clusters <n>' argument 'many' is invalid/);
  });
});

describe("fleet CLI: database, accounts and keys", () => {
  let largest: { id: string; name: string; cluster_count: number };

  it("db migrate reports the applied migrations (text and --json)", async () => {
    const migrations = readdirSync(join(repoRoot, "prisma", "migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const text = await fleet("db", "migrate");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/up to date/);
    const result = await fleet("db", "migrate", "--json");
    expect(result.code).toBe(0);
    const body = json<{ migrations: { name: string }[]; database: string }>(result);
    expect(body.migrations.map((m) => m.name)).toEqual(migrations);
    expect(body.database).not.toMatch(/:[^:@/]+@/);
  });

  it("db seed --json loads the requested fleet and reports it", async () => {
    const result = await fleet(
      "db",
      "seed",
      "--accounts",
      "10",
      "--clusters",
      "400",
      "--seed",
      "cli",
      "--json",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = json<{
      accounts: number;
      clusters: number;
      seed: string;
      largest_account: { clusters: number };
    }>(result);
    expect(summary).toMatchObject({ accounts: 10, clusters: 400, seed: "cli" });
    expect(summary.largest_account.clusters).toBe(80);
    expect(await test.db.cluster.count()).toBe(400);
    expect(await test.db.account.count()).toBe(10);
  });

  it("db seed refuses to load the same seed twice without --reset, exit 2", async () => {
    expectUsageError(
      await fleet("db", "seed", "--accounts", "10", "--clusters", "400", "--seed", "cli"),
      /--reset/,
    );
    expect(await test.db.cluster.count()).toBe(400);
  });

  it("db seed --reset replaces the data and prints a readable summary", async () => {
    const result = await fleet(
      "db",
      "seed",
      "--accounts",
      "10",
      "--clusters",
      "500",
      "--seed",
      "cli",
      "--reset",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Seeded 10 accounts, .* and 500 clusters/);
    expect(result.stdout).toMatch(/largest account: .* 100 clusters \(20\.0%\)/);
    expect(result.stdout).toMatch(/^Seeding 10 accounts and 500 clusters/);
    // With DATABASE_URL set this is not the demo database: no demo tenant is created.
    expect(result.stdout).not.toContain("demo");
    expect(await test.db.cluster.count()).toBe(500);
  });

  it("accounts list --json gives id, name and cluster count, largest first", async () => {
    const result = await fleet("accounts", "list", "--json");
    expect(result.code).toBe(0);
    const list = json<{ id: string; name: string; cluster_count: number }[]>(result);
    expect(list).toHaveLength(10);
    expect(list.reduce((n, a) => n + a.cluster_count, 0)).toBe(500);
    expect(list.map((a) => a.cluster_count)).toEqual(
      [...list.map((a) => a.cluster_count)].sort((a, b) => b - a),
    );
    const first = list[0];
    if (!first) throw new Error("no accounts");
    largest = first;
    expect(await test.db.cluster.count({ where: { accountId: largest.id } })).toBe(largest.cluster_count);
  });

  it("accounts list prints a table", async () => {
    const result = await fleet("accounts", "list");
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+CLUSTERS$/);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain(largest.id);
    expect(rows[0]).toContain(largest.name);
    expect(rows[0]).toMatch(new RegExp(`${largest.cluster_count}$`));
  });

  it("keys create prints the secret once with its id and prefix, and stores only its hash", async () => {
    const result = await fleet("keys", "create", "--account", largest.id, "--name", "ci reader");
    expect(result.code).toBe(0);
    const secret = /fleet_[0-9a-z]{8}_[0-9A-Za-z]{40}/.exec(result.stdout)?.[0] ?? "";
    expect(secret).not.toBe("");
    expect(result.stdout.split(secret)).toHaveLength(2);
    const row = await test.db.apiKey.findFirstOrThrow({ where: { name: "ci reader" } });
    expect(result.stdout).toContain(row.id);
    expect(result.stdout).toContain(row.prefix);
    expect(secret.startsWith(`${row.prefix}_`)).toBe(true);
    expect(row.secretHash).not.toContain(secret);
    expect(verifyApiKeySecret(secret, row.secretHash)).toBe(true);
    expect(row.scopes).toEqual(["clusters:read"]);
    expect(row.projectIds).toEqual([]);
    expect(row.expiresAt).toBeNull();
  });

  it("keys create --scopes takes several known scopes (a write-only key cannot list clusters)", async () => {
    // Another account than the largest, whose key list a later test counts.
    const other = await test.db.account.findFirstOrThrow({ where: { id: { not: largest.id } } });
    const result = await fleet(
      "keys",
      "create",
      "--account",
      other.id,
      "--scopes",
      "clusters:write,clusters:read",
      "--json",
    );
    expect(result.code).toBe(0);
    const key = json<{ id: string; scopes: string[] }>(result);
    const row = await test.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.scopes).toEqual(["clusters:write", "clusters:read"]);
  });

  it("keys create --json with --projects, --scopes and --expires-in", async () => {
    const projects = await test.db.project.findMany({
      where: { accountId: largest.id },
      take: 2,
      orderBy: { id: "asc" },
    });
    const ids = projects.map((p) => p.id);
    const before = Date.now();
    const result = await fleet(
      "keys",
      "create",
      "--account",
      largest.id,
      "--projects",
      ids.join(","),
      "--scopes",
      "clusters:read",
      "--expires-in",
      "30d",
      "--json",
    );
    expect(result.code).toBe(0);
    const key = json<{
      id: string;
      prefix: string;
      secret: string;
      project_ids: string[];
      scopes: string[];
      expires_at: string;
      status: string;
    }>(result);
    expect(key.id).toMatch(/^key_/);
    expect(key.secret.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key.project_ids).toEqual(ids);
    expect(key.scopes).toEqual(["clusters:read"]);
    expect(key.status).toBe("active");
    const expires = Date.parse(key.expires_at) - before;
    expect(expires).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(expires).toBeLessThan(30 * 86_400_000 + 60_000);
    const row = await test.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.projectIds).toEqual(ids);
    expect(verifyApiKeySecret(key.secret, row.secretHash)).toBe(true);
  });

  it("keys create rejects an unknown account or a project of another account, exit 2, creating nothing", async () => {
    const keysBefore = await test.db.apiKey.count();
    expectUsageError(await fleet("keys", "create", "--account", "acc_nope"), /unknown account 'acc_nope'/);
    const foreign = await test.db.project.findFirstOrThrow({ where: { accountId: { not: largest.id } } });
    expectUsageError(
      await fleet("keys", "create", "--account", largest.id, "--projects", foreign.id),
      new RegExp(`unknown project\\(s\\) of account '${largest.id}': ${foreign.id}`),
    );
    expect(await test.db.apiKey.count()).toBe(keysBefore);
  });

  it("keys list shows the account's keys and never a secret (text and --json)", async () => {
    const text = await fleet("keys", "list", "--account", largest.id);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+PREFIX\s+NAME\s+STATUS/);
    expect(text.stdout).toContain("ci reader");
    expect(text.stdout).not.toMatch(/fleet_[0-9a-z]{8}_[0-9A-Za-z]{40}/);
    const result = await fleet("keys", "list", "--account", largest.id, "--json");
    const list = json<Record<string, unknown>[]>(result);
    expect(list).toHaveLength(2);
    for (const key of list) {
      expect(key).not.toHaveProperty("secret");
      expect(key).not.toHaveProperty("secret_hash");
      expect(key.status).toBe("active");
    }
    expect(result.stdout).not.toMatch(/fleet_[0-9a-z]{8}_/);
    expectUsageError(await fleet("keys", "list", "--account", "acc_nope"), /unknown account 'acc_nope'/);
  });

  it("keys revoke revokes once, keeps the first revocation time, and rejects unknown ids", async () => {
    const row = await test.db.apiKey.findFirstOrThrow({ where: { name: "ci reader" } });
    const first = await fleet("keys", "revoke", row.id, "--json");
    expect(first.code).toBe(0);
    const revoked = json<{ id: string; revoked_at: string; already_revoked: boolean; status: string }>(first);
    expect(revoked).toMatchObject({ id: row.id, already_revoked: false, status: "revoked" });
    const stored = await test.db.apiKey.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.revokedAt?.toISOString()).toBe(revoked.revoked_at);

    const again = await fleet("keys", "revoke", row.id);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already revoked at ${revoked.revoked_at}`);
    expect((await test.db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toEqual(
      stored.revokedAt,
    );

    const list = json<{ id: string; status: string }[]>(
      await fleet("keys", "list", "--account", largest.id, "--json"),
    );
    expect(list.find((k) => k.id === row.id)?.status).toBe("revoked");
    expectUsageError(await fleet("keys", "revoke", "key_nope"), /unknown API key 'key_nope'/);
  });

  it("runs from the repository root as `pnpm fleet …`, passing arguments and exit codes through", async () => {
    const ok = await exec("pnpm", ["--silent", "fleet", "accounts", "list", "--json"], {
      cwd: repoRoot,
      databaseUrl: test.url,
    });
    expect(ok.code).toBe(0);
    expect(json<unknown[]>(ok)).toHaveLength(10);
    const bad = await exec("pnpm", ["--silent", "fleet", "accounts", "list", "--bogus"], {
      cwd: repoRoot,
      databaseUrl: test.url,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe("fleet CLI: on the embedded database (no DATABASE_URL)", () => {
  // A private data root, so this never touches the developer's .data/postgres.
  const dataDir = join(repoRoot, ".data", `cli-test-${process.pid}`);
  const embedded = (...args: string[]) => runFleet(args, "", { FLEET_DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts and migrates its own PostgreSQL, and db seed --reset brings the demo account and key back", async () => {
    const result = await embedded("db", "seed", "--accounts", "10", "--clusters", "200", "--reset", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = json<{ clusters: number; demo_key_file: string }>(result);
    expect(summary.clusters).toBe(200);
    expect(summary.demo_key_file).toBe(join(dataDir, "demo-api-key.txt"));
    const secret = readFileSync(summary.demo_key_file, "utf8").trim();
    expect(secret).toMatch(/^fleet_[0-9a-z]{8}_[0-9A-Za-z]{40}$/);

    const accounts = json<{ id: string; cluster_count: number }[]>(
      await embedded("accounts", "list", "--json"),
    );
    expect(accounts).toHaveLength(11);
    expect(accounts.find((a) => a.id === "acc_demo")?.cluster_count).toBe(250);
    const keys = json<{ prefix: string; scopes: string[] }[]>(
      await embedded("keys", "list", "--account", "acc_demo", "--json"),
    );
    expect(keys).toHaveLength(1);
    expect(secret.startsWith(`${keys[0]?.prefix}_`)).toBe(true);
    expect(keys[0]?.scopes).toEqual(["clusters:read"]);
  });
});
