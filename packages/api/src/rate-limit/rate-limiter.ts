// Per-key fixed-window rate limit, shared by every server instance through PostgreSQL.
// One statement, one round trip: increment this key's counter for the current minute (created on
// first use) and return it. Windows are aligned on the database clock, so instances agree on them.
// Expired windows are swept apart from the count, at most once a second per process, so a request's
// statement touches only its own counter.
// It commits asynchronously (set_config(…, true) lasts until this statement's own commit): a
// counter needs no WAL flush, and waiting for one would hold the key's row lock through an fsync on
// every request. A PostgreSQL crash can forget the last fraction of a second of counts, never
// corrupt them.
// Bearer requests run these same CTEs inside the key lookup (auth/api-key-auth.ts), so a
// request costs one round trip for both; `rateLimitCtes` is the one copy of the window logic.
import { type Db, type PreparedSql, Prisma, prepared } from "@fleet/db";

export const RATE_LIMIT_WINDOW_SECONDS = 60;
const SWEEP_BATCH = 1_000;
const SWEEP_INTERVAL_MS = 1_000;
const WINDOW = Prisma.raw(`interval '${RATE_LIMIT_WINDOW_SECONDS} seconds'`);
/** The start of the window `now()` falls in (the database clock, so every instance agrees). */
export const CURRENT_WINDOW_START = Prisma.sql`date_bin(${WINDOW}, now(), TIMESTAMPTZ '1970-01-01 00:00:00+00')`;
/** Seconds until the window that starts at `windowStart` ends (at least 1): a Retry-After. */
export const secondsUntilWindowEnds = (windowStart: Prisma.Sql) =>
  Prisma.sql`GREATEST(1, CEIL(EXTRACT(EPOCH FROM (${windowStart} + ${WINDOW} - now()))))::int`;

export interface RateLimitState {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window (0 once exceeded). */
  remaining: number;
  /** Seconds until the current window ends and the counter starts again. */
  resetSeconds: number;
  /** False when this request is over the limit. */
  allowed: boolean;
}

/**
 * The CTEs `async_commit`, `current_window` and `counted` (the upsert, returning `count` and
 * `reset_seconds`) for the counter named by `key`, an SQL expression over `source`. No row in
 * `source` means nothing is counted.
 */
export function rateLimitCtes(key: Prisma.Sql, source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    async_commit AS (
      SELECT set_config('synchronous_commit', 'off', true)
    ), current_window AS (
      SELECT ${CURRENT_WINDOW_START} AS start
    ), counted AS (
      INSERT INTO rate_limit_windows (key, window_start, count)
      SELECT ${key}, start, 1 FROM ${source}, current_window, async_commit
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
      RETURNING count, ${secondsUntilWindowEnds(Prisma.raw("window_start"))} AS reset_seconds
    )`;
}

/** The one statement that counts a request against `key`. */
function rateLimitStatement(key: string): PreparedSql {
  return prepared(Prisma.sql`
    WITH one AS (SELECT 1), ${rateLimitCtes(Prisma.sql`${key}`, Prisma.raw("one"))}
    SELECT count, reset_seconds FROM counted`);
}

export function toRateLimitState(
  row: { count: number; reset_seconds: number },
  limit: number,
): RateLimitState {
  return {
    limit,
    remaining: Math.max(0, limit - row.count),
    resetSeconds: row.reset_seconds,
    allowed: row.count <= limit,
  };
}

export async function consumeRateLimit(db: Db, key: string, limit: number): Promise<RateLimitState> {
  const rows = await db.$rows<{ count: number; reset_seconds: number }>(rateLimitStatement(key));
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  return toRateLimitState(row, limit);
}

// Rows of windows that have ended, any key's; SKIP LOCKED: never waits for a peer doing the same.
const SWEEP_STATEMENT = prepared(Prisma.sql`
  DELETE FROM rate_limit_windows WHERE (key, window_start) IN (
    SELECT key, window_start FROM rate_limit_windows
    WHERE window_start < ${CURRENT_WINDOW_START}
    LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`);

let lastSweep = 0;

/**
 * Deletes a batch of ended windows, at most once per SWEEP_INTERVAL_MS in this process, in the
 * background: a request never waits for it, and a failure is only retried by a later request.
 */
export function sweepEndedWindows(db: Db, onError: (error: unknown) => void): void {
  const now = Date.now();
  if (now - lastSweep < SWEEP_INTERVAL_MS) return;
  lastSweep = now;
  db.$rows(SWEEP_STATEMENT).catch(onError);
}
