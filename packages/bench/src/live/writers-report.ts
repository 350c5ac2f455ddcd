// The writers bench in the results: a markdown section and the verdict of its target (8 writers
// on one account keep ≥ 70% of their throughput with count maintenance on, without a conflict).
import type { Verdict } from "../report.ts";
import { CHANGE_LOG_FUNCTION } from "./change-log-switch.ts";
import type { MaintenanceCost, WritersResult, WritersSummary } from "./writers.ts";

/** The writer count the target is about. */
const TARGET_WRITERS = 8;
/** Throughput with maintenance on over throughput with it off must be at least this. */
const ON_OVER_OFF = 0.7;

const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;
const conflicts = (s: WritersSummary) => s.deadlocks + s.serializationFailures;

function row(cost: MaintenanceCost, side: "on" | "off"): string {
  const s = cost[side];
  const { p50, p95, p99 } = s.latencyMs;
  const share = side === "on" ? percent(cost.onOverOff) : "";
  return `| ${cost.writers} | ${side} | ${s.transactionsPerSec} | ${share} | ${s.rowsPerSec} | ${p50} / ${p95} / ${p99} | ${s.deadlocks} | ${s.serializationFailures} | ${s.otherErrors} |`;
}

export function writersMarkdown(r: WritersResult): string[] {
  const lines = [
    "## Writers: what exact counts cost the services that own clusters",
    "",
    `The simulator's writers on one account (${r.accountId}, which nothing else reads or writes meanwhile), as fast as they go: each writer's transactions carry the work of one ${r.rates.tickMs} ms tick at ${JSON.stringify(r.rates)}, back to back. ` +
      `Count maintenance off = the change log's row triggers (those calling ${CHANGE_LOG_FUNCTION}()) disabled for that run only, then on again with a reset record for the account; clusters_derive (name_lower, updated_at) stays on. ` +
      `The database is vacuumed and analyzed first. Runs of ${r.durationMs / 1000} s in turns (on, off, on, off, …), ${r.turns} per side; medians, errors summed. Latency is BEGIN to COMMIT.`,
    "",
    "| writers | maintenance | tx/s | on ÷ off | rows/s | p50 / p95 / p99 ms | deadlocks | serialization failures | other errors |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const cost of r.costs) lines.push(row(cost, "on"), row(cost, "off"));
  const lastError = r.costs.flatMap((c) => [c.on.lastError, c.off.lastError]).find((e) => e !== null);
  if (lastError) lines.push("", `Last error not retried away: ${lastError}`);
  return lines;
}

export function writersVerdicts(r: WritersResult): Verdict[] {
  const target = `${TARGET_WRITERS} writers on one account, count maintenance on: ≥ ${percent(ON_OVER_OFF)} of the throughput with it off; 0 deadlocks or serialization failures`;
  const cost = r.costs.find((c) => c.writers === TARGET_WRITERS);
  if (!cost) return [{ target, reached: "not run", ok: null }];
  return [
    {
      target,
      reached: `${cost.on.transactionsPerSec} tx/s = ${percent(cost.onOverOff)} of ${cost.off.transactionsPerSec} (medians of ${r.turns}); with maintenance on: ${cost.on.deadlocks} deadlocks, ${cost.on.serializationFailures} serialization failures, ${cost.on.otherErrors} other errors`,
      ok: cost.onOverOff >= ON_OVER_OFF && conflicts(cost.on) === 0 && cost.on.otherErrors === 0,
    },
  ];
}
