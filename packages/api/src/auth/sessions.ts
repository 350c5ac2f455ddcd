// Portal sessions: the cookie holds a random token, the sessions table only its SHA-256 hash.
// A session is as good as the key it was opened with: revoking or expiring the key ends it.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@fleet/db";
import { countAuthFailure, RateLimitedError } from "../rate-limit/auth-failures.ts";
import { problemResponse } from "../rest/problem.ts";
import { authenticateApiKeyAndCount, isKeyUsable, toPrincipal } from "./api-key-auth.ts";
import { type AuthLimits, resolveLimits } from "./auth-limits.ts";
import type { Principal } from "./principal.ts";

export const SESSION_COOKIE = "fleet_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** What a session needs of its key: the principal, and whether the key is still usable. */
const sessionKeySelect = {
  id: true,
  accountId: true,
  scopes: true,
  projectIds: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/**
 * Verifies the key and opens a session; null when the key is not usable. A sign-in is a request of
 * the key's (counted against its rate limit) and, when it fails, a failed authentication of its
 * client address: over either limit it throws RateLimitedError (429) and opens nothing.
 */
export async function createSession(
  db: Db,
  apiKeySecret: string,
  limits: Partial<AuthLimits> = {},
): Promise<{ token: string; expiresAt: Date; principal: Principal } | null> {
  const resolved = resolveLimits(limits);
  const check = await authenticateApiKeyAndCount(db, apiKeySecret, resolved);
  if (check.kind === "refused") throw check.refusal;
  if (check.kind === "failed") {
    const refusal = await countAuthFailure(db, resolved.clientAddress, resolved.authFailuresPerMinute);
    if (refusal) throw refusal;
    return null;
  }
  const { principal, rateLimit, keyExpiresAt } = check;
  if (!rateLimit.allowed) throw new RateLimitedError(rateLimit.resetSeconds);
  const ttlEnd = Date.now() + SESSION_TTL_MS;
  // Never outlive the key itself.
  const expiresAt = new Date(Math.min(ttlEnd, keyExpiresAt?.getTime() ?? ttlEnd));
  const token = randomBytes(32).toString("base64url");
  // Sign-in is rare: a good moment to drop sessions that have expired (served by the expires_at index).
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.session.create({
    data: {
      id: `ses_${randomBytes(12).toString("base64url")}`,
      tokenHash: hashToken(token),
      apiKeyId: principal.apiKeyId,
      expiresAt,
    },
  });
  return { token, expiresAt, principal };
}

/**
 * The answer to a sign-in that createSession refused (429 RATE_LIMIT_EXCEEDED with Retry-After, as
 * the API answers), or null when `error` is something else.
 */
export function signInRefusal(req: Request, error: unknown): Response | null {
  if (!(error instanceof RateLimitedError)) return null;
  const request = { requestId: randomUUID(), origin: new URL(req.url).origin };
  return problemResponse(req, error, request, { "Retry-After": String(error.retryAfterSeconds) });
}

/** The principal behind a session token, or null if it is unknown, expired, or its key is no longer usable. */
export async function resolveSession(db: Db, token: string): Promise<Principal | null> {
  // Tokens are 43 base64url characters; anything else cannot be ours and needs no query.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, apiKey: { select: sessionKeySelect } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now() || !isKeyUsable(session.apiKey)) return null;
  return toPrincipal(session.apiKey);
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
