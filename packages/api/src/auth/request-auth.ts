// Resolves an HTTP request to a principal: `Authorization: Bearer <key>` first, else the portal
// session cookie. A present but unusable credential is never "downgraded" to the other one.
import type { Db } from "@fleet/db";
import { countAuthFailure, type RateLimitedError } from "../rate-limit/auth-failures.ts";
import { consumeRateLimit, type RateLimitState } from "../rate-limit/rate-limiter.ts";
import { authenticateApiKeyAndCount } from "./api-key-auth.ts";
import type { AuthLimits } from "./auth-limits.ts";
import type { Principal } from "./principal.ts";
import { resolveSession, SESSION_COOKIE } from "./sessions.ts";

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The credential a request presents; `malformed` for an Authorization header that is not a Bearer key. */
type Credential =
  | { kind: "key"; secret: string }
  | { kind: "session"; token: string }
  | { kind: "malformed" }
  | { kind: "none" };

function readCredential(headers: Headers): Credential {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const secret = BEARER.exec(authorization)?.[1];
    return secret ? { kind: "key", secret } : { kind: "malformed" };
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  return token ? { kind: "session", token } : { kind: "none" };
}

/** Who a request is, as far as its credential says. */
export type RequestCaller =
  | { kind: "authenticated"; principal: Principal; rateLimit: RateLimitState }
  /** No credential, or one that failed (then counted against its client address). */
  | { kind: "anonymous" }
  /** Its client address has used up its failed authentications (the 429 to answer). */
  | { kind: "refused"; refusal: RateLimitedError };

/**
 * The caller, with this request counted against its key's rate limit. A Bearer key takes one
 * statement for both; a session resolves first, then counts. A credential that fails costs one
 * more statement: its client address's failure count.
 */
export async function resolveAndCountRequest(
  db: Db,
  headers: Headers,
  limits: AuthLimits,
): Promise<RequestCaller> {
  const credential = readCredential(headers);
  if (credential.kind === "key") {
    const check = await authenticateApiKeyAndCount(db, credential.secret, limits);
    return check.kind === "failed" ? afterFailure(db, limits) : check;
  }
  // No credential at all is not an attempt; a bad Authorization header is a failed one.
  if (credential.kind === "none") return { kind: "anonymous" };
  if (credential.kind === "malformed") return afterFailure(db, limits);
  const principal = await resolveSession(db, credential.token);
  return principal ? countRequest(db, principal, limits) : afterFailure(db, limits);
}

/** The request of a principal resolved already (a session), counted against its key's rate limit. */
export async function countRequest(db: Db, principal: Principal, limits: AuthLimits): Promise<RequestCaller> {
  const rateLimit = await consumeRateLimit(db, `key:${principal.apiKeyId}`, limits.rateLimitPerMinute);
  return { kind: "authenticated", principal, rateLimit };
}

/** A failed authentication: counted against the client address, refused once one too many. */
async function afterFailure(db: Db, limits: AuthLimits): Promise<RequestCaller> {
  const refusal = await countAuthFailure(db, limits.clientAddress, limits.authFailuresPerMinute);
  return refusal ? { kind: "refused", refusal } : { kind: "anonymous" };
}
