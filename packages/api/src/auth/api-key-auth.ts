// Bearer key verification: prefix lookup, constant-time hash comparison, revocation and expiry.
// Every failure returns null so callers answer all of them with the same 401.
import {
  type Db,
  hashApiKeySecret,
  PREPARED_STATEMENT,
  Prisma,
  parseApiKey,
  verifyApiKeySecret,
} from "@fleet/db";
import { type RateLimitState, rateLimitCtes, toRateLimitState } from "../rate-limit/rate-limiter.ts";
import { noteKeyUse } from "./last-used.ts";
import type { Principal } from "./principal.ts";

// Compared against when no key has the prefix, so a miss costs the same hashing work as a hit.
const NO_SUCH_KEY_HASH = hashApiKeySecret("fleet_00000000_0000000000000000000000000000000000000000");

export const apiKeyPrincipalSelect = {
  id: true,
  accountId: true,
  secretHash: true,
  scopes: true,
  projectIds: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type KeyRow = { id: string; accountId: string; scopes: string[]; projectIds: string[] };

export function isKeyUsable(key: { expiresAt: Date | null; revokedAt: Date | null }, now = new Date()) {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

export function toPrincipal(key: KeyRow): Principal {
  return {
    accountId: key.accountId,
    apiKeyId: key.id,
    scopes: key.scopes,
    // An empty list in the database means "every project of the account".
    projectIds: key.projectIds.length > 0 ? key.projectIds : null,
  };
}

/** The principal for a presented API key secret, or null if it is malformed, unknown, wrong, revoked or expired. */
export async function authenticateApiKey(db: Db, secret: string): Promise<Principal | null> {
  const parsed = parseApiKey(secret);
  if (!parsed) return null;
  const key = await db.apiKey.findUnique({ where: { prefix: parsed.prefix }, select: apiKeyPrincipalSelect });
  const matches = verifyApiKeySecret(secret, key?.secretHash ?? NO_SUCH_KEY_HASH);
  if (!key || !matches || !isKeyUsable(key)) return null;
  return toPrincipal(key);
}

type CountedKeyRow = {
  id: string;
  account_id: string;
  secret_hash: string;
  scopes: string[];
  project_ids: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  /** Null when the statement counted nothing: wrong secret, revoked or expired. */
  count: number | null;
  reset_seconds: number | null;
};

/**
 * Key lookup and rate-limit count in one statement (one round trip per request instead of two).
 * The counter moves only when the stored hash equals the presented secret's and the key is usable
 * on the database clock, so knowing a key's public prefix is not enough to spend its owner's limit.
 * That SQL equality only gates the counter: the answer still rests on the constant-time comparison
 * (and the dummy one on a miss) and on isKeyUsable below, exactly as in authenticateApiKey.
 */
export function countedKeyStatement(prefix: string, secretHash: string): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(PREPARED_STATEMENT)}
    WITH key_row AS (
      SELECT id, account_id, secret_hash, scopes, project_ids, expires_at, revoked_at
      FROM api_keys WHERE prefix = ${prefix}
    ), usable AS (
      SELECT id FROM key_row
      WHERE secret_hash = ${secretHash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    ), ${rateLimitCtes(Prisma.sql`'key:' || usable.id`, Prisma.raw("usable"))}
    SELECT key_row.*, counted.count, counted.reset_seconds FROM key_row LEFT JOIN counted ON true`;
}

/** authenticateApiKey, plus this request counted against the key's limit (only when it is usable). */
export async function authenticateApiKeyAndCount(
  db: Db,
  secret: string,
  limit: number,
): Promise<{ principal: Principal; rateLimit: RateLimitState } | null> {
  const parsed = parseApiKey(secret);
  if (!parsed) return null;
  const [key] = await db.$rows<CountedKeyRow>(countedKeyStatement(parsed.prefix, hashApiKeySecret(secret)));
  const matches = verifyApiKeySecret(secret, key?.secret_hash ?? NO_SUCH_KEY_HASH);
  if (!key || !matches || !isKeyUsable({ expiresAt: key.expires_at, revokedAt: key.revoked_at })) return null;
  // Usable here but not on the database clock an instant earlier (clock skew at expiry): refuse.
  if (key.count === null || key.reset_seconds === null) return null;
  noteKeyUse(db, key.id);
  return {
    principal: toPrincipal({
      id: key.id,
      accountId: key.account_id,
      scopes: key.scopes,
      projectIds: key.project_ids,
    }),
    rateLimit: toRateLimitState({ count: key.count, reset_seconds: key.reset_seconds }, limit),
  };
}
