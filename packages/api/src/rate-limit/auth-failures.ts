// Failed authentications per client address (AUTH_FAILURES_PER_MINUTE), so secrets cannot be guessed
// at the speed of the API. The counters are rows of rate_limit_windows beside the keys' (same
// windows, same sweep), so every instance shares them. Only a failure pays for its count, one
// statement of its own; a Bearer request reads its address's count inside the statement that checks
// the key (api-key-auth.ts), so the success path stays one statement. Once an address has used up
// its failures, every Bearer request from it is refused with the same 429, before its key is
// considered: a right key, a wrong secret and an unknown key answer alike, so the limit is no oracle.
import { type Db, Prisma } from "@fleet/db";
import { FleetError } from "../errors.ts";
import { CURRENT_WINDOW_START, consumeRateLimit, secondsUntilWindowEnds } from "./rate-limiter.ts";

/** The 429 of too many failed authentications; also what a refused sign-in throws. */
export class RateLimitedError extends FleetError {
  constructor(
    readonly retryAfterSeconds: number,
    detail?: string,
  ) {
    super("RATE_LIMIT_EXCEEDED", { detail });
  }
}

export const AUTH_FAILURES_DETAIL =
  "Too many failed authentication attempts from this address; retry after the window resets.";

const counterKey = (address: string) => `auth-failures:${address}`;

/**
 * The CTE `refused`: one row (`retry_after`, in seconds) when `address` has used up its failures in
 * the current window, none otherwise (or with no address).
 */
export function refusedAddressCte(address: string | null, limit: number): Prisma.Sql {
  return Prisma.sql`refused AS (
      SELECT ${secondsUntilWindowEnds(Prisma.raw("window_start"))} AS retry_after
      FROM rate_limit_windows
      WHERE key = ${address === null ? null : counterKey(address)}
        AND window_start = ${CURRENT_WINDOW_START} AND count >= ${limit}
    )`;
}

/** Counts one failed authentication from `address`: the refusal when it is one too many, else null. */
export async function countAuthFailure(
  db: Db,
  address: string | null,
  limit: number,
): Promise<RateLimitedError | null> {
  if (address === null) return null;
  const state = await consumeRateLimit(db, counterKey(address), limit);
  return state.allowed ? null : new RateLimitedError(state.resetSeconds, AUTH_FAILURES_DETAIL);
}
