import { FleetApiError } from "./errors.ts";

export type RetryOptions = {
  /** Retries of transient failures (5xx except 501, network errors) per call; default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter; default 250 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay; default 10 s. */
  maxDelayMs?: number;
  /** How many 429s to wait out per call; default 10. */
  rateLimitWaits?: number;
  /** A 429 asking to wait longer than this fails at once instead; default 60 s. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. for logging. */
  onRetry?: (info: { error: FleetApiError; delayMs: number; attempt: number }) => void;
};

const DEFAULTS = {
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  rateLimitWaits: 10,
  maxRetryAfterMs: 60_000,
} satisfies RetryOptions;

const isTransient = (error: FleetApiError) =>
  error.code === "NETWORK_ERROR" || (error.status !== null && error.status >= 500 && error.status !== 501);

const isAbort = (error: FleetApiError, signal: AbortSignal | undefined) =>
  signal?.aborted === true || (error.cause instanceof Error && error.cause.name === "AbortError");

// Exponential backoff with "equal jitter": at least half the step, so retries never hammer at 0 ms,
// and spread over the other half so many clients recovering at once do not retry in lockstep.
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random) {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

export function sleep(ms: number, signal: AbortSignal | undefined) {
  return new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `call`, waiting out 429s per Retry-After and retrying transient failures; never retries other 4xx. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const opts = { ...DEFAULTS, ...options };
  let transientRetries = 0;
  let rateLimitWaits = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (caught) {
      const error = FleetApiError.fromUnknown(caught);
      if (isAbort(error, opts.signal)) throw error;
      let delayMs: number;
      if (error.status === 429) {
        if (rateLimitWaits >= opts.rateLimitWaits) throw error;
        delayMs = error.retryAfterMs ?? backoffDelay(rateLimitWaits, opts.baseDelayMs, opts.maxDelayMs);
        if (delayMs > opts.maxRetryAfterMs) throw error;
        rateLimitWaits++;
      } else if (isTransient(error)) {
        if (transientRetries >= opts.retries) throw error;
        const backoff = backoffDelay(transientRetries, opts.baseDelayMs, opts.maxDelayMs);
        // A 503 may say when to come back; never come back sooner than asked.
        delayMs = Math.max(backoff, Math.min(error.retryAfterMs ?? 0, opts.maxRetryAfterMs));
        transientRetries++;
      } else {
        throw error;
      }
      opts.onRetry?.({ error, delayMs, attempt });
      await sleep(delayMs, opts.signal);
    }
  }
}
