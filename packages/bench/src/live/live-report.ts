// The live run's part of the results: its sections in markdown and a verdict per target of the
// issue "Performance of a live fleet" that the static tables cannot answer alone.
import type { LatencyRow, Verdict } from "../report.ts";
import type { GrowthResult } from "./account-growth.ts";
import { PROBE_EVERY_MS } from "./count-exactness.ts";
import type { FirstCountRow } from "./first-count.ts";
import { growthMarkdown, growthVerdicts } from "./growth-report.ts";
import type { LiveLoadResult } from "./live-load.ts";
import type { WatchersResult } from "./watchers.ts";
import { watchersMarkdown, watchersVerdicts } from "./watchers-report.ts";
import type { WritersResult } from "./writers.ts";
import { writersMarkdown, writersVerdicts } from "./writers-report.ts";

/** Each phase's figures, absent when it failed (its error is then in `failed`). */
export interface LiveResults {
  firstCounts?: FirstCountRow[];
  load?: LiveLoadResult;
  watchers?: WatchersResult;
  growth?: GrowthResult;
  writers?: WritersResult;
  failed: { phase: string; error: string }[];
}

/** Live p95 over static p95 may be at most this. */
const LIVE_OVER_STATIC = 1.5;
/** The first count after a write over the filter's warm request p95 may be at most this. */
const FIRST_COUNT_OVER_WARM = 3;

const x = (value: number) => `${value.toFixed(2)}×`;
const staticRow = (latency: LatencyRow[], account: string, query: string) =>
  latency.find((l) => l.account === account && l.query === query);

/** The figure streams are compared with: the big account's default listing, REST p95, static. */
const listingP95 = (latency: LatencyRow[]) => staticRow(latency, "big", "default listing")?.rest.p95 ?? null;

function loadVerdict(load: LiveLoadResult, latency: LatencyRow[]): Verdict {
  const ratios = load.latency.flatMap((row) => {
    const before = staticRow(latency, row.account, row.query);
    return before ? [{ row, ratio: row.rest.p95 / before.rest.p95 }] : [];
  });
  const worst = ratios.sort((a, b) => b.ratio - a.ratio)[0];
  const { exactness } = load;
  return {
    target: LOAD_TARGET,
    reached: `worst: ${worst ? `${worst.row.account} ${worst.row.query} ${x(worst.ratio)}` : "no rows"}; totals checked after ${exactness.writes} writes in ${exactness.checks} lists, ${exactness.mismatches} wrong`,
    ok:
      worst !== undefined &&
      worst.ratio <= LIVE_OVER_STATIC &&
      exactness.mismatches === 0 &&
      exactness.checks > 0,
  };
}

function firstCountVerdict(firstCounts: FirstCountRow[], latency: LatencyRow[]): Verdict {
  const firsts = firstCounts.flatMap((row) => {
    const warm = staticRow(latency, row.account, row.query);
    return warm ? [{ row, ratio: row.afterWrite.p95 / warm.rest.p95 }] : [];
  });
  const worst = firsts.sort((a, b) => b.ratio - a.ratio)[0];
  return {
    target: FIRST_COUNT_TARGET,
    reached: worst
      ? `worst: ${worst.row.account} ${worst.row.query} ${worst.row.afterWrite.p95} ms = ${x(worst.ratio)}`
      : "no rows",
    ok: worst !== undefined && worst.ratio <= FIRST_COUNT_OVER_WARM,
  };
}

const LOAD_TARGET = `under the live write load, every matrix query's REST p95 ≤ ${LIVE_OVER_STATIC}× its static p95, with exact totals`;
const FIRST_COUNT_TARGET = `the first count of any filter after a write ≤ ${FIRST_COUNT_OVER_WARM}× that filter's warm p95 (REST)`;

export function liveVerdicts(live: LiveResults, latency: LatencyRow[]): Verdict[] {
  const out: Verdict[] = [];
  if (live.load) out.push(loadVerdict(live.load, latency));
  if (live.firstCounts) out.push(firstCountVerdict(live.firstCounts, latency));
  if (live.writers) out.push(...writersVerdicts(live.writers));
  if (live.watchers) out.push(...watchersVerdicts(live.watchers, listingP95(latency)));
  if (live.growth) out.push(...growthVerdicts(live.growth));
  for (const { phase, error } of live.failed) {
    out.push({ target: `live phase "${phase}"`, reached: `failed: ${error}`, ok: false });
  }
  return out;
}

const ms = (p: { p50: number; p95: number; p99: number }) => `${p.p50} / ${p.p95} / ${p.p99}`;

function loadMarkdown(load: LiveLoadResult, latency: LatencyRow[]): string[] {
  const sim = load.simulation;
  const lines = [
    "## Live: the matrix while the fleet is written",
    "",
    `Write load (\`fleet simulate\`'s writers on the big account, in a process of their own): ${JSON.stringify(load.rates)}.`,
    `It committed ${sim.committed} transactions in ${(sim.elapsedMs / 1000).toFixed(0)} s (${sim.transitions} status transitions; rows inserted ${sim.rows.inserted}, updated ${sim.rows.updated}, deleted ${sim.rows.deleted}; ${sim.rolledBack} rolled back on purpose), transaction p95 ${sim.latencyMs.p95} ms; deadlocks ${sim.errors.deadlocks}, serialization failures ${sim.errors.serializationFailures}, other errors ${sim.errors.other}.`,
    "",
    `Count exactness: a probe committed ${load.exactness.writes} writes of its own project's clusters during the run, one every ${PROBE_EVERY_MS} ms between the timed requests (never beside one), and after each listed three filters through REST in turn: ${load.exactness.checks} lists, ${load.exactness.mismatches} whose total or page did not reflect the write.${load.exactness.examples.length ? ` First: ${load.exactness.examples.join("; ")}` : ""}`,
    "",
    "| account | query | static REST p50 / p95 / p99 | live REST p50 / p95 / p99 | live ÷ static (p95) |",
    "|---|---|---|---|---|",
  ];
  for (const row of load.latency) {
    const before = staticRow(latency, row.account, row.query);
    lines.push(
      `| ${row.account} | ${row.query} | ${before ? ms(before.rest) : "–"} | ${ms(row.rest)} | ${before ? x(row.rest.p95 / before.rest.p95) : "–"} |`,
    );
  }
  return lines;
}

function firstCountMarkdown(firstCounts: FirstCountRow[], latency: LatencyRow[]): string[] {
  const lines = [
    "## First count after a write",
    "",
    "Each sample commits one status flip in the account (nothing else writing), then times the request that must count it.",
    "",
    "| account | query | warm REST p95 | first after a write p50 / p95 / p99 | ratio (p95) |",
    "|---|---|---|---|---|",
  ];
  for (const row of firstCounts) {
    const warm = staticRow(latency, row.account, row.query);
    lines.push(
      `| ${row.account} | ${row.query} | ${warm?.rest.p95 ?? "–"} | ${ms(row.afterWrite)} | ${warm ? x(row.afterWrite.p95 / warm.rest.p95) : "–"} |`,
    );
  }
  return lines;
}

export function liveMarkdown(live: LiveResults, latency: LatencyRow[]): string[] {
  const sections = [
    live.firstCounts ? firstCountMarkdown(live.firstCounts, latency) : [],
    live.load ? loadMarkdown(live.load, latency) : [],
    live.watchers ? watchersMarkdown(live.watchers, listingP95(latency)) : [],
    live.growth ? growthMarkdown(live.growth) : [],
    live.writers ? writersMarkdown(live.writers) : [],
    live.failed.length
      ? ["## Live phases that failed", "", ...live.failed.map(({ phase, error }) => `- ${phase}: ${error}`)]
      : [],
  ];
  return sections.filter((lines) => lines.length > 0).flatMap((lines) => ["", ...lines]);
}
