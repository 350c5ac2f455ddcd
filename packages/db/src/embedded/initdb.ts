// Creates a PostgreSQL cluster in an empty data directory, with a random superuser password kept
// beside the data (local dev/test servers only; they listen on 127.0.0.1).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { postgresBinaries } from "./binaries.ts";
import { postgresRunAs } from "./os-user.ts";

export const SUPERUSER = "postgres";
const PASSWORD_FILE = "fleet-superuser-password";

export function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION")) && existsSync(join(dataDir, PASSWORD_FILE));
}

export function readSuperuserPassword(dataDir: string): string {
  return readFileSync(join(dataDir, PASSWORD_FILE), "utf8").trim();
}

export async function initdb(dataDir: string): Promise<void> {
  const { initdb: initdbBin } = await postgresBinaries();
  const runAs = postgresRunAs();
  // A half-written directory from an interrupted initdb cannot be resumed.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);

  const password = randomBytes(18).toString("base64url");
  const pwfile = join(tmpdir(), `fleet-pg-pw-${process.pid}-${randomBytes(4).toString("hex")}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
  try {
    await promisify(execFile)(
      initdbBin,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        // The builtin provider gives Unicode-aware lower()/ILIKE independent of the host's locales.
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--locale=C",
        // Skips fsyncing the fresh cluster: a crash in that second loses nothing but an empty cluster.
        "--no-sync",
        "--no-instructions",
      ],
      { ...runAs, env: { ...process.env, LC_ALL: "C" } },
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeFileSync(join(dataDir, PASSWORD_FILE), password, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(join(dataDir, PASSWORD_FILE), runAs.uid, runAs.gid ?? runAs.uid);
  chmodSync(dataDir, 0o700);
}
