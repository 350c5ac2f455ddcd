// What exact counts cost the services that own clusters: the simulator's writers on one account,
// as fast as they go, with Fleet's count maintenance (the change log's triggers) on and off, in
// turns (on, off, on, off, …) so a noisy moment on the machine lands on both alike; medians.
import { type SimulationStats, startSimulation } from "@fleet/db/simulate";
import { restoreChangeLog, withChangeLogOff } from "./change-log-switch.ts";

/**
 * One writer's work per tick, as the simulator's rates over the tick (per second): saturated, a
 * writer does tick after tick with no pause, so these set each transaction's size, not the pace.
 * Per tick, one lifecycle transaction (a create, 4 status transitions, an edit, a delete) and one
 * telemetry transaction (the metrics of a tenth of its running clusters). A cluster takes 4 steps
 * from created to deletable, so creates, transitions and deletes in these proportions hold the
 * account's status mix steady however long it runs, and every run does the same work.
 */
export const WRITER_RATES = {
  tickMs: 100,
  transitionsPerSecond: 40,
  createsPerSecond: 10,
  deletesPerSecond: 10,
  editsPerSecond: 10,
  metricsEveryMs: 1_000,
  rollbackRate: 0,
};

export type WriterRates = typeof WRITER_RATES;

/** The writer counts measured: one service alone, and eight on one account at once. */
export const WRITER_COUNTS = [1, 8] as const;

export interface WritersOptions {
  /** An account nothing else writes or reads while this runs (the log is off for a while). */
  accountId: string;
  writers: number;
  /** Fleet's count maintenance (the change log) on, or off for this run only. */
  maintenance: boolean;
  durationMs: number;
  /** Each writer's work; every writer gets the same, whatever their number. */
  rates?: WriterRates;
  seed?: string;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/** One run's figures: committed work only, latency BEGIN to COMMIT. */
export interface WritersRun {
  writers: number;
  maintenance: boolean;
  /** The account's clusters when the run started. */
  clusters: number;
  elapsedMs: number;
  committed: number;
  transactionsPerSec: number;
  rowsPerSec: number;
  latencyMs: Latency;
  deadlocks: number;
  serializationFailures: number;
  otherErrors: number;
  lastError: string | null;
}

const perSecond = (n: number, ms: number) => Math.round((n * 1000) / Math.max(ms, 1));

async function simulate(databaseUrl: string, o: WritersOptions) {
  const { tickMs, metricsEveryMs, rollbackRate, ...rates } = o.rates ?? WRITER_RATES;
  const simulation = await startSimulation(databaseUrl, {
    accounts: [o.accountId],
    writers: o.writers,
    durationMs: o.durationMs,
    saturate: true,
    seed: o.seed ?? "bench-writers",
    tickMs,
    metricsEveryMs,
    rollbackRate,
    // The simulator splits an account's rates between its writers.
    transitionsPerSecond: rates.transitionsPerSecond * o.writers,
    createsPerSecond: rates.createsPerSecond * o.writers,
    deletesPerSecond: rates.deletesPerSecond * o.writers,
    editsPerSecond: rates.editsPerSecond * o.writers,
  });
  return { clusters: simulation.accounts[0]?.clusters ?? 0, stats: await simulation.done };
}

function toRun(o: WritersOptions, clusters: number, stats: SimulationStats): WritersRun {
  const { inserted, updated, deleted } = stats.rows;
  const { p50, p95, p99 } = stats.latencyMs;
  return {
    writers: o.writers,
    maintenance: o.maintenance,
    clusters,
    elapsedMs: stats.elapsedMs,
    committed: stats.committed,
    transactionsPerSec: perSecond(stats.committed, stats.elapsedMs),
    rowsPerSec: perSecond(inserted + updated + deleted, stats.elapsedMs),
    latencyMs: { p50, p95, p99 },
    deadlocks: stats.errors.deadlocks,
    serializationFailures: stats.errors.serializationFailures,
    otherErrors: stats.errors.other,
    lastError: stats.lastError,
  };
}

/** One run of `writers` saturated writers on the account, with the change log on or off. */
export async function measureWriters(databaseUrl: string, o: WritersOptions): Promise<WritersRun> {
  const run = () => simulate(databaseUrl, o);
  const { clusters, stats } = o.maintenance
    ? await run()
    : await withChangeLogOff(databaseUrl, o.accountId, run);
  return toRun(o, clusters, stats);
}

/** The medians of one side's runs (errors summed). */
export interface WritersSummary {
  runs: number;
  transactionsPerSec: number;
  rowsPerSec: number;
  latencyMs: Latency;
  deadlocks: number;
  serializationFailures: number;
  otherErrors: number;
  lastError: string | null;
}

export interface MaintenanceCost {
  writers: number;
  on: WritersSummary;
  off: WritersSummary;
  /** Median committed transactions/s with maintenance on over the median with it off. */
  onOverOff: number;
  /** In the order they ran. */
  runs: WritersRun[];
}

export interface WritersResult {
  accountId: string;
  rates: WriterRates;
  durationMs: number;
  /** Runs per side and writer count. */
  turns: number;
  costs: MaintenanceCost[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function summarize(runs: WritersRun[]): WritersSummary {
  const of = (pick: (run: WritersRun) => number) => median(runs.map(pick));
  const sum = (pick: (run: WritersRun) => number) => runs.reduce((n, run) => n + pick(run), 0);
  return {
    runs: runs.length,
    transactionsPerSec: of((r) => r.transactionsPerSec),
    rowsPerSec: of((r) => r.rowsPerSec),
    latencyMs: {
      p50: of((r) => r.latencyMs.p50),
      p95: of((r) => r.latencyMs.p95),
      p99: of((r) => r.latencyMs.p99),
    },
    deadlocks: sum((r) => r.deadlocks),
    serializationFailures: sum((r) => r.serializationFailures),
    otherErrors: sum((r) => r.otherErrors),
    lastError: runs.findLast((r) => r.lastError !== null)?.lastError ?? null,
  };
}

export interface CountMaintenanceOptions {
  accountId: string;
  /** Runs per side (on and off) and writer count. */
  turns: number;
  durationMs: number;
  writerCounts?: readonly number[];
  rates?: WriterRates;
  log?: (line: string) => void;
}

/**
 * Per writer count, `turns` runs with maintenance on and as many with it off, in turns. Nothing
 * else may write "clusters" while it runs: the log is off for the whole table in the off runs.
 */
export async function measureCountMaintenance(
  databaseUrl: string,
  o: CountMaintenanceOptions,
): Promise<WritersResult> {
  if (!Number.isInteger(o.turns) || o.turns < 1)
    throw new RangeError(`turns must be a positive integer, got ${o.turns}`);
  const log = o.log ?? (() => {});
  if (await restoreChangeLog(databaseUrl))
    log("the change log was off (a run that died?): turned on, with a reset record for every account");
  const writerCounts = o.writerCounts ?? WRITER_COUNTS;
  // Uncounted: brings the account from its loaded status mix to the workload's steady one.
  const warmup = await measureWriters(databaseUrl, {
    ...o,
    writers: Math.max(...writerCounts),
    maintenance: true,
  });
  log(`warm-up: ${warmup.transactionsPerSec} tx/s, ${warmup.rowsPerSec} rows/s`);
  const costs: MaintenanceCost[] = [];
  for (const writers of writerCounts) {
    const runs: WritersRun[] = [];
    for (let turn = 0; turn < o.turns; turn++) {
      for (const maintenance of [true, false]) {
        const run = await measureWriters(databaseUrl, { ...o, writers, maintenance });
        log(
          `${writers} writer(s), maintenance ${maintenance ? "on " : "off"}: ${run.transactionsPerSec} tx/s, ${run.rowsPerSec} rows/s, p95 ${run.latencyMs.p95} ms, deadlocks ${run.deadlocks}, serialization failures ${run.serializationFailures}, other errors ${run.otherErrors}`,
        );
        runs.push(run);
      }
    }
    const on = summarize(runs.filter((r) => r.maintenance));
    const off = summarize(runs.filter((r) => !r.maintenance));
    const onOverOff = off.transactionsPerSec > 0 ? on.transactionsPerSec / off.transactionsPerSec : 0;
    costs.push({ writers, on, off, onOverOff: Math.round(onOverOff * 1000) / 1000, runs });
  }
  return {
    accountId: o.accountId,
    rates: o.rates ?? WRITER_RATES,
    durationMs: o.durationMs,
    turns: o.turns,
    costs,
  };
}
