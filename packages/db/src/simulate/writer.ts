// One writer: a connection's worth of work on its own share of an account's clusters, planned
// every tick from the time that really passed (so the rates hold even when a tick runs late).
import { setTimeout as sleep } from "node:timers/promises";
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
    const elapsed = Math.min(tickStart - last, MAX_CATCH_UP_TICKS * tickMs);
    last = tickStart;
    for (const transaction of planner.plan(elapsed, Date.now())) {
      if (signal.aborted) break;
      const failAfter = rng.chance(writer.rollbackRate) ? rng.int(1, transaction.length) : null;
      await runTransaction(writer.pool, transaction, failAfter, writer.stats);
    }
    await pause(tickMs - (performance.now() - tickStart), signal);
  }
}
