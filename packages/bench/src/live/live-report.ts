// The live run's part of the results: its sections in markdown and a verdict per target of the
// issue "Performance of a live fleet" that the static tables cannot answer alone.
import type { LatencyRow, Verdict } from "../report.ts";
import type { FirstCountRow } from "./first-count.ts";
import type { LiveLoadResult } from "./live-load.ts";
import type { WatchersResult } from "./watchers.ts";
import { watchersMarkdown, watchersVerdicts } from "./watchers-report.ts";
import type { WritersResult } from "./writers.ts";
import { writersMarkdown, writersVerdicts } from "./writers-report.ts";

export interface LiveResults {
  load: LiveLoadResult;
  firstCounts: FirstCountRow[];
  watchers: WatchersResult;
  writers: WritersResult;
}

/** Live p95 over static p95 may be at most this. */
const LIVE_OVER_STATIC = 1.5;
/** The first count after a write over the filter's warm request p95 may be at most this. */
const FIRST_COUNT_OVER_WARM = 3;
/** Search rare over the default listing, on the floor and through REST, may be at most this. */
const RARE_OVER_DEFAULT = 3;

const x = (value: number) => `${value.toFixed(2)}×`;
const staticRow = (latency: LatencyRow[], account: string, query: string) =>
  latency.find((l) => l.account === account && l.query === query);

/** The figure streams are compared with: the big account's default listing, REST p95, static. */
const listingP95 = (latency: LatencyRow[]) => staticRow(latency, "big", "default listing")?.rest.p95 ?? null;

export function liveVerdicts(live: LiveResults, latency: LatencyRow[]): Verdict[] {
  const out: Verdict[] = [];
  const ratios = live.load.latency.flatMap((row) => {
    const before = staticRow(latency, row.account, row.query);
    return before ? [{ row, ratio: row.rest.p95 / before.rest.p95 }] : [];
  });
  const worst = ratios.sort((a, b) => b.ratio - a.ratio)[0];
  const { exactness } = live.load;
  if (worst) {
    out.push({
      target: `under the live write load, every matrix query's REST p95 ≤ ${LIVE_OVER_STATIC}× its static p95, with exact totals`,
      reached: `worst: ${worst.row.account} ${worst.row.query} ${x(worst.ratio)}; totals checked after ${exactness.writes} writes in ${exactness.checks} lists, ${exactness.mismatches} wrong`,
      ok: worst.ratio <= LIVE_OVER_STATIC && exactness.mismatches === 0 && exactness.checks > 0,
    });
  }
  const firsts = live.firstCounts.flatMap((row) => {
    const warm = staticRow(latency, row.account, row.query);
    return warm ? [{ row, ratio: row.afterWrite.p95 / warm.rest.p95 }] : [];
  });
  const worstFirst = firsts.sort((a, b) => b.ratio - a.ratio)[0];
  if (worstFirst) {
    out.push({
      target: `the first count of any filter after a write ≤ ${FIRST_COUNT_OVER_WARM}× that filter's warm p95 (REST)`,
      reached: `worst: ${worstFirst.row.account} ${worstFirst.row.query} ${worstFirst.row.afterWrite.p95} ms = ${x(worstFirst.ratio)}`,
      ok: worstFirst.ratio <= FIRST_COUNT_OVER_WARM,
    });
  }
  for (const account of new Set(latency.map((l) => l.account))) {
    const rare = staticRow(latency, account, "search rare");
    const plain = staticRow(latency, account, "default listing");
    if (!rare || !plain) continue;
    const floor = rare.floor.p95 / plain.floor.p95;
    const rest = rare.rest.p95 / plain.rest.p95;
    out.push({
      target: `${account} account: search rare p95 ≤ ${RARE_OVER_DEFAULT}× the default listing's (floor and REST)`,
      reached: `floor ${rare.floor.p95} / ${plain.floor.p95} ms = ${x(floor)}; REST ${rare.rest.p95} / ${plain.rest.p95} ms = ${x(rest)}`,
      ok: floor <= RARE_OVER_DEFAULT && rest <= RARE_OVER_DEFAULT,
    });
  }
  out.push(...writersVerdicts(live.writers), ...watchersVerdicts(live.watchers, listingP95(latency)));
  return out;
}

export function liveMarkdown(live: LiveResults, latency: LatencyRow[]): string[] {
  const { load } = live;
  const sim = load.simulation;
  const lines = [
    "## Live: the matrix while the fleet is written",
    "",
    `Write load (\`fleet simulate\` on the big account): ${JSON.stringify(load.rates)}.`,
    `It committed ${sim.committed} transactions in ${(sim.elapsedMs / 1000).toFixed(0)} s (${sim.transitions} status transitions; rows inserted ${sim.rows.inserted}, updated ${sim.rows.updated}, deleted ${sim.rows.deleted}; ${sim.rolledBack} rolled back on purpose), transaction p95 ${sim.latencyMs.p95} ms; deadlocks ${sim.errors.deadlocks}, serialization failures ${sim.errors.serializationFailures}, other errors ${sim.errors.other}.`,
    "",
    `Count exactness: a probe committed ${load.exactness.writes} writes of its own project's clusters during the run and after each listed three filters through REST at once: ${load.exactness.checks} lists, ${load.exactness.mismatches} whose total or page did not reflect the write.${load.exactness.examples.length ? ` First: ${load.exactness.examples.join("; ")}` : ""}`,
    "",
    "| account | query | static REST p50 / p95 / p99 | live REST p50 / p95 / p99 | live ÷ static (p95) |",
    "|---|---|---|---|---|",
  ];
  const ms = (p: { p50: number; p95: number; p99: number }) => `${p.p50} / ${p.p95} / ${p.p99}`;
  for (const row of load.latency) {
    const before = staticRow(latency, row.account, row.query);
    lines.push(
      `| ${row.account} | ${row.query} | ${before ? ms(before.rest) : "–"} | ${ms(row.rest)} | ${before ? x(row.rest.p95 / before.rest.p95) : "–"} |`,
    );
  }
  lines.push(
    "",
    "## First count after a write",
    "",
    "Each sample commits one status flip in the account (nothing else writing), then times the request that must count it.",
    "",
    "| account | query | warm REST p95 | first after a write p50 / p95 / p99 | ratio (p95) |",
    "|---|---|---|---|---|",
  );
  for (const row of live.firstCounts) {
    const warm = staticRow(latency, row.account, row.query);
    lines.push(
      `| ${row.account} | ${row.query} | ${warm?.rest.p95 ?? "–"} | ${ms(row.afterWrite)} | ${warm ? x(row.afterWrite.p95 / warm.rest.p95) : "–"} |`,
    );
  }
  lines.push(
    "",
    ...writersMarkdown(live.writers),
    "",
    ...watchersMarkdown(live.watchers, listingP95(latency)),
  );
  return lines;
}
