// What a simulation has done so far: committed work only, except where a name says otherwise.

export interface SimulationStats {
  elapsedMs: number;
  /** Transactions committed. */
  committed: number;
  /** Transactions that failed midway on purpose and rolled back (their changes never visible). */
  rolledBack: number;
  /** Attempts repeated after a deadlock or serialization failure. */
  retried: number;
  rows: { inserted: number; updated: number; deleted: number };
  /** Status changes committed. */
  transitions: number;
  /** Per committed transaction, BEGIN to COMMIT. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: { deadlocks: number; serializationFailures: number; other: number };
  /** The latest error that was not retried away, if any (its transaction's changes were dropped). */
  lastError: string | null;
}

/** Latency samples kept for percentiles: a uniform reservoir, so a long run stays bounded. */
const RESERVOIR = 50_000;

export class StatsRecorder {
  private readonly startedAt = performance.now();
  private stoppedAt: number | undefined;
  private readonly counts = {
    committed: 0,
    rolledBack: 0,
    retried: 0,
    transitions: 0,
    rows: { inserted: 0, updated: 0, deleted: 0 },
    errors: { deadlocks: 0, serializationFailures: 0, other: 0 },
  };
  private lastError: string | null = null;
  private readonly latencies: number[] = [];
  private latencyCount = 0;
  private maxLatency = 0;

  committed(
    latencyMs: number,
    rows: Record<keyof SimulationStats["rows"], number>,
    transitions: number,
  ): void {
    this.counts.committed++;
    this.counts.transitions += transitions;
    for (const key of ["inserted", "updated", "deleted"] as const) this.counts.rows[key] += rows[key];
    this.maxLatency = Math.max(this.maxLatency, latencyMs);
    this.latencyCount++;
    if (this.latencies.length < RESERVOIR) this.latencies.push(latencyMs);
    else {
      const slot = Math.floor(Math.random() * this.latencyCount);
      if (slot < RESERVOIR) this.latencies[slot] = latencyMs;
    }
  }

  rolledBack(): void {
    this.counts.rolledBack++;
  }

  /** A deadlock or serialization failure: retried, or (after too many) given up on. */
  conflict(kind: "deadlocks" | "serializationFailures", error: unknown, retrying: boolean): void {
    this.counts.errors[kind]++;
    if (retrying) this.counts.retried++;
    else this.lastError = messageOf(error);
  }

  failed(error: unknown): void {
    this.counts.errors.other++;
    this.lastError = messageOf(error);
  }

  stop(): void {
    this.stoppedAt ??= performance.now();
  }

  snapshot(): SimulationStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return {
      elapsedMs: Math.round((this.stoppedAt ?? performance.now()) - this.startedAt),
      committed: this.counts.committed,
      rolledBack: this.counts.rolledBack,
      retried: this.counts.retried,
      rows: { ...this.counts.rows },
      transitions: this.counts.transitions,
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(this.maxLatency) },
      errors: { ...this.counts.errors },
      lastError: this.lastError,
    };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
