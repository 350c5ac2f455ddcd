// The limits a request is checked against, and the client address its failures count for.
import { apiEnv } from "../env.ts";

export interface AuthLimits {
  /** Requests per key per window (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number;
  /** Failed authentications per client address per window (AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute: number;
  /** The client's address; null when unknown, and then its failures are not counted. */
  clientAddress: string | null;
}

/** The given limits, the environment's for the rest. */
export function resolveLimits(limits: Partial<AuthLimits>): AuthLimits {
  return {
    rateLimitPerMinute: limits.rateLimitPerMinute ?? apiEnv().RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: limits.authFailuresPerMinute ?? apiEnv().AUTH_FAILURES_PER_MINUTE,
    clientAddress: limits.clientAddress ?? null,
  };
}
