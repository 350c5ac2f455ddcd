// The tRPC context, in two parts: a pure `createContextInner` for tests and server-side callers,
// and the HTTP `createContext` that resolves the caller (Bearer key or portal session) and counts
// the request against the key's rate limit. Both transports (tRPC and REST) use the latter; a
// portal page, which resolves its session once for the whole render, uses `createPrincipalContext`.
import { randomUUID } from "node:crypto";
import { type Db, parseApiKey } from "@fleet/db";
import { type AuthLimits, resolveLimits } from "./auth/auth-limits.ts";
import type { Principal } from "./auth/principal.ts";
import { countRequest, type RequestCaller, resolveAndCountRequest } from "./auth/request-auth.ts";
import { type FleetError, toFleetError } from "./errors.ts";
import type { RateLimitState } from "./rate-limit/rate-limiter.ts";

export interface Context {
  db: Db;
  requestId: string;
  principal: Principal | null;
  /** This request's rate-limit count, when the HTTP layer counted it. */
  rateLimit: RateLimitState | null;
  /**
   * Resolving the caller failed (database down: 503) or was refused (its address used up its failed
   * authentications: 429): authed procedures rethrow it.
   */
  authError: FleetError | null;
}

export interface ContextInnerOptions {
  db: Db;
  principal?: Principal | null;
  requestId?: string;
  rateLimit?: RateLimitState | null;
  authError?: FleetError | null;
}

export function createContextInner(opts: ContextInnerOptions): Context {
  return {
    db: opts.db,
    requestId: opts.requestId ?? randomUUID(),
    principal: opts.principal ?? null,
    rateLimit: opts.rateLimit ?? null,
    authError: opts.authError ?? null,
  };
}

/** Limits default to RATE_LIMIT_PER_MINUTE and AUTH_FAILURES_PER_MINUTE; no client address, no failure count. */
export interface CreateContextOptions extends Partial<AuthLimits> {
  db: Db;
  requestId?: string;
}

/** Never throws: a failure to resolve the caller is kept in `authError` and surfaces as 429/503. */
export function createContext(req: Request, opts: CreateContextOptions): Promise<Context> {
  return contextOf(opts.requestId ?? requestIdOf(req), opts, (limits) =>
    resolveAndCountRequest(opts.db, req.headers, limits),
  );
}

/**
 * The context of a request whose caller `principal` resolves (null: anonymous), counted against the
 * key's rate limit as createContext counts it. Never throws, like createContext.
 */
export function createPrincipalContext(
  principal: () => Promise<Principal | null>,
  opts: CreateContextOptions,
): Promise<Context> {
  return contextOf(opts.requestId ?? randomUUID(), opts, async (limits) => {
    const resolved = await principal();
    return resolved ? countRequest(opts.db, resolved, limits) : { kind: "anonymous" };
  });
}

async function contextOf(
  requestId: string,
  opts: CreateContextOptions,
  resolveCaller: (limits: AuthLimits) => Promise<RequestCaller>,
): Promise<Context> {
  const base = { db: opts.db, requestId };
  try {
    const caller = await resolveCaller(resolveLimits(opts));
    if (caller.kind === "refused") return createContextInner({ ...base, authError: caller.refusal });
    return createContextInner(
      caller.kind === "authenticated"
        ? { ...base, principal: caller.principal, rateLimit: caller.rateLimit }
        : base,
    );
  } catch (error) {
    return createContextInner({ ...base, authError: toFleetError(error) });
  }
}

// A caller-supplied id is kept when it is short and harmless, so logs correlate across services;
// one that is an API key (pasted in the wrong header) is replaced, since request ids are logged.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) && parseApiKey(given) === null ? given : randomUUID();
}
