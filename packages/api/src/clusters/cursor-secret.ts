// The key that signs keyset cursors. A built-in default would be public (anyone could forge a
// position), so with an external database every instance must be given the same CURSOR_SECRET; the
// single-machine embedded mode generates one on first start and keeps it in the data directory.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { dataRoot, isEmbeddedDatabase } from "@fleet/db";
import { apiEnv, CursorSecret } from "../env.ts";

/** Where embedded mode keeps its generated secret (gitignored with the rest of the data directory). */
export const cursorSecretFile = () => join(dataRoot(), "cursor-secret.txt");

let cached: string | undefined;

/**
 * The cursor-signing key: CURSOR_SECRET, else in embedded mode the data directory's. Throws, naming
 * CURSOR_SECRET, with an external DATABASE_URL and no CURSOR_SECRET: the servers call it at start-up.
 */
export function cursorSecret(): string {
  cached ??=
    apiEnv().CURSOR_SECRET ?? (isEmbeddedDatabase() ? embeddedSecret(cursorSecretFile()) : missing());
  return cached;
}

function missing(): never {
  throw new Error(
    "CURSOR_SECRET is required with an external DATABASE_URL: it signs pagination cursors, and every instance behind one endpoint must share it. Make one with `openssl rand -base64 32` (or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`) and set the same value on every instance.",
  );
}

function readSecret(file: string): string {
  const parsed = CursorSecret.safeParse(readFileSync(file, "utf8").trim());
  if (!parsed.success) {
    throw new Error(
      `${file} holds no usable cursor secret (at least 16 characters): delete it to have a new one made, or set CURSOR_SECRET`,
    );
  }
  return parsed.data;
}

/** Reads the file, or creates it (mode 0600) if missing; processes starting together agree on one secret. */
function embeddedSecret(file: string): string {
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  // Written in full under a private name, then linked into place: link() fails if the file exists,
  // so the first process wins and no reader ever sees a half-written secret.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temp);
  }
  return readSecret(file);
}
