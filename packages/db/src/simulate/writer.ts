// One writer: a connection's worth of work on its own share of an account's clusters, planned
// every tick from the time that really passed (so the rates hold even when a tick runs late).
import { setTimeout as sleep, setImmediate as yieldToEvents } from "node:timers/promises";
import type pg from "pg";
import type { Rng } from "../seed/prng.ts";
import type { TickPlanner } from "./plan-tick.ts";
import type { StatsRecorder } from "./stats.ts";
import { runTransaction } from "./transaction.ts";

/** After a stall (a suspended laptop), catch up at most this many ticks' work at once. */
const MAX_CATCH_UP_TICKS = 5;

export interface WriterSetup {
  pool: pg.Pool;
  planner: TickPlanner;
  rng: Rng;
  rollbackRate: number;
  tickMs: number;
  /** Never wait: every tick does a tickMs's work, whatever time it really took. */
  saturate: boolean;
  /** Writers of one account start spread over a tick, so their transactions interleave. */
  startDelayMs: number;
  stats: StatsRecorder;
}

const pause = (ms: number, signal: AbortSignal) =>
  ms > 0 && !signal.aborted ? sleep(ms, undefined, { signal }).catch(() => {}) : Promise.resolve();

export async function runWriter(writer: WriterSetup, signal: AbortSignal): Promise<void> {
  const { planner, rng, tickMs } = writer;
  await pause(writer.startDelayMs, signal);
  // The first tick does a tick's work too, so a run of n ticks does n ticks' work.
  let last = performance.now() - tickMs;
  while (!signal.aborted) {
    const tickStart = performance.now();
    const elapsed = writer.saturate ? tickMs : Math.min(tickStart - last, MAX_CATCH_UP_TICKS * tickMs);
    last = tickStart;
    const transactions = planner.plan(elapsed, Date.now());
    for (const transaction of transactions) {
      if (signal.aborted) break;
      const failAfter = rng.chance(writer.rollbackRate) ? rng.int(1, transaction.length) : null;
      await runTransaction(writer.pool, transaction, failAfter, writer.stats);
    }
    if (!writer.saturate) await pause(tickMs - (performance.now() - tickStart), signal);
    // A saturated tick with nothing due must still let the process run (and hear the abort).
    else if (transactions.length === 0) await yieldToEvents();
  }
}
