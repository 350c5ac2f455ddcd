/**
 * Most procedure calls one tRPC batch request may carry. Each call is a full listing and a batch
 * counts once against the rate limit, so an unbounded batch would multiply both; the portal's
 * batch link uses the same number.
 */
export const TRPC_MAX_BATCH_SIZE = 10;

/** Change streams one API key may hold open, across every server on the database. */
export const WATCH_STREAMS_PER_KEY = 10;
