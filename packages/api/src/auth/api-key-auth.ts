// Bearer key verification, in one statement with the request's rate-limit count: prefix lookup,
// constant-time comparison of the secret's hash, revocation and expiry. Every failure is the same
// `failed`, so callers answer all of them with the same 401.
import {
  type Db,
  hashApiKeySecret,
  type PreparedSql,
  Prisma,
  parseApiKey,
  prepared,
  secretHashesMatch,
} from "@fleet/db";
import { AUTH_FAILURES_DETAIL, RateLimitedError, refusedAddressCte } from "../rate-limit/auth-failures.ts";
import { type RateLimitState, rateLimitCtes, toRateLimitState } from "../rate-limit/rate-limiter.ts";
import type { AuthLimits } from "./auth-limits.ts";
import { noteKeyUse } from "./last-used.ts";
import type { Principal } from "./principal.ts";

// Compared against when no key has the prefix, so a miss does the same comparison as a hit.
const NO_SUCH_KEY_HASH = hashApiKeySecret("fleet_00000000_0000000000000000000000000000000000000000");

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

/** What checking a presented key said. */
export type KeyCheck =
  | {
      kind: "authenticated";
      principal: Principal;
      rateLimit: RateLimitState;
      /** When the key expires (null: never), so a session opened with it can end no later. */
      keyExpiresAt: Date | null;
    }
  | { kind: "failed" }
  | { kind: "refused"; refusal: RateLimitedError };

type CountedKeyRow = {
  /** The key row's columns are null when no key has the prefix. */
  id: string | null;
  account_id: string;
  secret_hash: string | null;
  scopes: string[];
  project_ids: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  /** Null when the statement counted nothing: wrong secret, revoked, expired, or refused. */
  count: number | null;
  reset_seconds: number | null;
  /** Set when the client address has used up its failed authentications: seconds to wait. */
  refused_for: number | null;
};

/**
 * Key lookup, the client address's failure count and the rate-limit count in one statement (one
 * round trip per request). It always returns one row. The counter moves only when the stored hash
 * equals the presented secret's, the key is usable on the database clock and the address is not
 * refused, so knowing a key's public prefix is not enough to spend its owner's limit.
 * That SQL equality only gates the counter: the answer still rests on the constant-time comparison
 * of the hashes (against a dummy hash on a miss) and on isKeyUsable in authenticateApiKeyAndCount.
 */
export function countedKeyStatement(
  prefix: string,
  secretHash: string,
  failures: { clientAddress: string | null; limit: number },
): PreparedSql {
  return prepared(Prisma.sql`
    WITH key_row AS (
      SELECT id, account_id, secret_hash, scopes, project_ids, expires_at, revoked_at
      FROM api_keys WHERE prefix = ${prefix}
    ), ${refusedAddressCte(failures.clientAddress, failures.limit)}, usable AS (
      SELECT id FROM key_row
      WHERE secret_hash = ${secretHash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        AND NOT EXISTS (SELECT FROM refused)
    ), ${rateLimitCtes(Prisma.sql`'key:' || usable.id`, Prisma.raw("usable"))}
    SELECT key_row.*, counted.count, counted.reset_seconds, refused.retry_after AS refused_for
    FROM (SELECT) AS one LEFT JOIN key_row ON true LEFT JOIN counted ON true LEFT JOIN refused ON true`);
}

/**
 * The principal of a presented API key secret, with this request counted against the key's limit
 * (only when the key is usable); `failed` if it is malformed, unknown, wrong, revoked or expired.
 * The secret is hashed once: the statement and the comparison take the same hash.
 */
export async function authenticateApiKeyAndCount(
  db: Db,
  secret: string,
  limits: AuthLimits,
): Promise<KeyCheck> {
  const parsed = parseApiKey(secret);
  if (!parsed) return { kind: "failed" };
  const secretHash = hashApiKeySecret(secret);
  const failures = { clientAddress: limits.clientAddress, limit: limits.authFailuresPerMinute };
  const [key] = await db.$rows<CountedKeyRow>(countedKeyStatement(parsed.prefix, secretHash, failures));
  if (!key) throw new Error("the key statement returned no row");
  if (key.refused_for !== null) {
    return { kind: "refused", refusal: new RateLimitedError(key.refused_for, AUTH_FAILURES_DETAIL) };
  }
  const matches = secretHashesMatch(secretHash, key.secret_hash ?? NO_SUCH_KEY_HASH);
  if (key.id === null || !matches || !isKeyUsable({ expiresAt: key.expires_at, revokedAt: key.revoked_at })) {
    return { kind: "failed" };
  }
  // Usable here but not on the database clock an instant earlier (clock skew at expiry): refuse.
  if (key.count === null || key.reset_seconds === null) return { kind: "failed" };
  noteKeyUse(db, key.id);
  return {
    kind: "authenticated",
    principal: toPrincipal({
      id: key.id,
      accountId: key.account_id,
      scopes: key.scopes,
      projectIds: key.project_ids,
    }),
    rateLimit: toRateLimitState(
      { count: key.count, reset_seconds: key.reset_seconds },
      limits.rateLimitPerMinute,
    ),
    keyExpiresAt: key.expires_at,
  };
}
