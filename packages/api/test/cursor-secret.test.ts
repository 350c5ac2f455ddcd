// Where cursors' signing key comes from, in separate processes (each resolves it once): CURSOR_SECRET,
// or in embedded mode a secret generated into the data directory, the same for processes that
// start together; with an external DATABASE_URL and no CURSOR_SECRET, an error that says what to do.
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

const packageDir = join(import.meta.dirname, "..");
// Loaded first, then run at START_AT (when given), so that processes started together really race.
const PRINT_SECRET = `const { cursorSecret } = await import('./src/clusters/cursor-secret.ts');
  while (Date.now() < Number(process.env.START_AT ?? 0));
  console.log(cursorSecret());`;

/** cursorSecret() in a fresh process with exactly these variables (beside PATH and HOME). */
async function secretIn(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", PRINT_SECRET],
    { cwd: packageDir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
  );
  return stdout.trim();
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "fleet-cursor-secret-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("embedded mode (no DATABASE_URL)", () => {
  test("processes starting together generate one secret (mode 0600, no temp file left) and later ones reuse it", async () => {
    const START_AT = String(Date.now() + 5_000);
    const secrets = await Promise.all(
      Array.from({ length: 6 }, () => secretIn({ FLEET_DATA_DIR: dataDir, START_AT })),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readdirSync(dataDir)).toEqual(["cursor-secret.txt"]);
    const file = join(dataDir, "cursor-secret.txt");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(secrets[0]);
    expect(await secretIn({ FLEET_DATA_DIR: dataDir })).toBe(secrets[0]);
  }, 60_000);

  test("CURSOR_SECRET, when set, is used instead and no file is written", async () => {
    expect(await secretIn({ FLEET_DATA_DIR: dataDir, CURSOR_SECRET: "a-configured-secret-123" })).toBe(
      "a-configured-secret-123",
    );
    expect(readdirSync(dataDir)).toEqual([]);
  }, 30_000);

  test("a damaged secret file is an error naming the file, not a weak key", async () => {
    writeFileSync(join(dataDir, "cursor-secret.txt"), "short\n");
    chmodSync(join(dataDir, "cursor-secret.txt"), 0o600);
    await expect(secretIn({ FLEET_DATA_DIR: dataDir })).rejects.toThrow(
      /cursor-secret\.txt holds no usable cursor secret/,
    );
  }, 30_000);
});

test("an external DATABASE_URL without CURSOR_SECRET is an error saying how to make one", async () => {
  const run = secretIn({ FLEET_DATA_DIR: dataDir, DATABASE_URL: "postgresql://fleet@127.0.0.1:1/fleet" });
  await expect(run).rejects.toThrow(/CURSOR_SECRET is required with an external DATABASE_URL/);
  await expect(run).rejects.toThrow(/openssl rand -base64 32/);
  expect(readdirSync(dataDir)).toEqual([]);
}, 30_000);
