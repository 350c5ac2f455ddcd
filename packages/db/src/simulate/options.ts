// What a simulation does and how fast: every rate is per simulated account, split evenly between
// that account's writers.

export interface SimulationOptions {
  /** Accounts to simulate; default: the one with the most clusters. */
  accounts?: readonly string[];
  /** Status transitions per second (the headline rate). */
  transitionsPerSecond?: number;
  /** New clusters per second (created `pending`). */
  createsPerSecond?: number;
  /** Deletions of stopped or failed clusters per second. */
  deletesPerSecond?: number;
  /** Changes to other columns per second: name, description, project, template, expiry, size. */
  editsPerSecond?: number;
  /** Every running cluster's metrics (and cost) are refreshed once per this many ms. */
  metricsEveryMs?: number;
  /** Concurrent connections writing each account, each owning its own share of the clusters. */
  writers?: number;
  /** Share of transactions (0–1) that fail midway and roll back. */
  rollbackRate?: number;
  /** Stop by itself after this many ms; default: run until `stop()`. */
  durationMs?: number;
  /** Seed of every choice (which cluster changes, what a new cluster looks like). */
  seed?: string;
  /** How often each writer wakes up to do its share of the work, in ms. */
  tickMs?: number;
  /**
   * As fast as possible: each tick does one tickMs's work at the rates and the next starts as soon
   * as it commits, so writers are never idle and the rates set each transaction's size, not the pace.
   */
  saturate?: boolean;
}

export type ResolvedOptions = Required<Omit<SimulationOptions, "accounts" | "durationMs">> &
  Pick<SimulationOptions, "accounts" | "durationMs">;

export const DEFAULT_OPTIONS = {
  transitionsPerSecond: 5,
  createsPerSecond: 0.5,
  deletesPerSecond: 0.5,
  editsPerSecond: 0.5,
  metricsEveryMs: 60_000,
  writers: 1,
  rollbackRate: 0.02,
  seed: "1",
  tickMs: 1_000,
  saturate: false,
} as const satisfies Partial<SimulationOptions>;

export const MAX_WRITERS = 64;
export const MAX_RATE_PER_SECOND = 100_000;
export const MIN_TICK_MS = 10;

function check(ok: boolean, option: string, allowed: string, value: unknown): void {
  if (!ok) throw new RangeError(`${option} must be ${allowed}, got ${String(value)}`);
}

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  // An option given as undefined is not given.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS, ...given };
  for (const option of [
    "transitionsPerSecond",
    "createsPerSecond",
    "deletesPerSecond",
    "editsPerSecond",
  ] as const) {
    const rate = resolved[option];
    check(rate >= 0 && rate <= MAX_RATE_PER_SECOND, option, `from 0 to ${MAX_RATE_PER_SECOND}`, rate);
  }
  const { writers, rollbackRate, metricsEveryMs, tickMs, durationMs } = resolved;
  check(
    Number.isInteger(writers) && writers >= 1 && writers <= MAX_WRITERS,
    "writers",
    `an integer from 1 to ${MAX_WRITERS}`,
    writers,
  );
  check(rollbackRate >= 0 && rollbackRate <= 1, "rollbackRate", "from 0 to 1", rollbackRate);
  check(metricsEveryMs >= tickMs, "metricsEveryMs", `at least tickMs (${tickMs})`, metricsEveryMs);
  check(tickMs >= MIN_TICK_MS, "tickMs", `at least ${MIN_TICK_MS}`, tickMs);
  if (durationMs !== undefined) check(durationMs > 0, "durationMs", "positive", durationMs);
  if (resolved.accounts) check(resolved.accounts.length > 0, "accounts", "a non-empty list", "[]");
  return resolved;
}
