// Resolves an HTTP request to a principal: `Authorization: Bearer <key>` first, else the portal
// session cookie. A present but unusable credential is never "downgraded" to the other one.
import type { Db } from "@fleet/db";
import { consumeRateLimit, type RateLimitState } from "../rate-limit/rate-limiter.ts";
import { authenticateApiKey, authenticateApiKeyAndCount } from "./api-key-auth.ts";
import type { Principal } from "./principal.ts";
import { resolveSession, SESSION_COOKIE } from "./sessions.ts";

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The credential a request presents; `none` for a bad Authorization header or no credential at all. */
type Credential = { kind: "key"; secret: string } | { kind: "session"; token: string } | { kind: "none" };

/** The API key a request presents in `Authorization: Bearer`, if any. */
export function bearerSecret(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  return authorization === null ? null : (BEARER.exec(authorization)?.[1] ?? null);
}

function readCredential(headers: Headers): Credential {
  if (headers.get("authorization") !== null) {
    const secret = bearerSecret(headers);
    return secret ? { kind: "key", secret } : { kind: "none" };
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  return token ? { kind: "session", token } : { kind: "none" };
}

export async function resolveRequestPrincipal(db: Db, headers: Headers): Promise<Principal | null> {
  const credential = readCredential(headers);
  if (credential.kind === "key") return authenticateApiKey(db, credential.secret);
  if (credential.kind === "session") return resolveSession(db, credential.token);
  return null;
}

/**
 * The principal, with this request counted against its key's rate limit (`limit` per window).
 * A Bearer key takes one statement for both; a session resolves first, then counts.
 */
export async function resolveAndCountRequest(
  db: Db,
  headers: Headers,
  limit: number,
): Promise<{ principal: Principal; rateLimit: RateLimitState } | null> {
  const credential = readCredential(headers);
  if (credential.kind === "key") return authenticateApiKeyAndCount(db, credential.secret, limit);
  if (credential.kind === "none") return null;
  const principal = await resolveSession(db, credential.token);
  if (!principal) return null;
  return { principal, rateLimit: await consumeRateLimit(db, `key:${principal.apiKeyId}`, limit) };
}
