// Rate-limit response headers. Two vocabularies, same numbers:
// - IETF httpapi "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-09+),
//   structured fields: `RateLimit-Policy: "default";q=600;w=60` (quota q per window w seconds) and
//   `RateLimit: "default";r=599;t=42` (r requests remaining, t seconds until the window resets).
// - The widespread X-RateLimit-* trio: Limit, Remaining, and Reset = SECONDS UNTIL the window
//   resets (a delta like `t` above, not an epoch timestamp).
// A 429 also carries Retry-After (seconds); one refused for too many failed authentications carries
// only that (it belongs to no key, so no key's numbers are shown).
import type { Context } from "../context.ts";
import { RateLimitedError } from "./auth-failures.ts";
import { RATE_LIMIT_WINDOW_SECONDS, type RateLimitState } from "./rate-limiter.ts";

const POLICY = "default";

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${POLICY}";q=${state.limit};w=${RATE_LIMIT_WINDOW_SECONDS}`,
    RateLimit: `"${POLICY}";r=${state.remaining};t=${state.resetSeconds}`,
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.resetSeconds),
  };
  if (!state.allowed) headers["Retry-After"] = String(state.resetSeconds);
  return headers;
}

/** The rate-limit headers of a request's answer, whatever it is. */
export function contextLimitHeaders(ctx: Pick<Context, "rateLimit" | "authError">): Record<string, string> {
  if (ctx.rateLimit) return rateLimitHeaders(ctx.rateLimit);
  if (ctx.authError instanceof RateLimitedError) {
    return { "Retry-After": String(ctx.authError.retryAfterSeconds) };
  }
  return {};
}
