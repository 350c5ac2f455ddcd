// The watchers bench in the results: a markdown section and a verdict per target of 1,000 streams
// on one apps/api (delivery against the default listing, RSS per idle stream, nothing lost or repeated).
import type { Verdict } from "../report.ts";
import type { WatchersResult } from "./watchers.ts";
import { WATCHED_CLUSTERS } from "./watchers-account.ts";

/** Delivery p95 over the default listing's REST p95 (same run) may be at most this. */
const DELIVERY_OVER_LISTING = 2;
/** apps/api RSS per idle stream may be at most this (kB). */
const IDLE_KB_PER_WATCHER = 64;

const causes = (counts: Record<string, number>) =>
  Object.keys(counts).length === 0
    ? "none"
    : Object.entries(counts)
        .map(([cause, n]) => `${n} × ${cause}`)
        .join(", ");

/** Everything a stream could get wrong, summed; 0 when every view and sequence came out right. */
function faults(r: WatchersResult): number {
  const { check } = r;
  return (
    r.watchers -
    r.opened +
    (r.watchers - check.caughtUp) +
    (r.watchers - check.viewsEqual) +
    check.eventsMissing +
    check.eventsExtra +
    check.repeated +
    check.inconsistent +
    check.unknownEvents +
    Math.abs(r.probes.expectedArrivals - r.probes.arrivals)
  );
}

/** `listingP95Ms`: the default listing's REST p95 on the same account, in the same run. */
export function watchersVerdicts(r: WatchersResult, listingP95Ms: number | null): Verdict[] {
  const { check, delivery } = r;
  const lost = check.lost.missing + check.lost.stale + check.lost.extra;
  return [
    {
      target: `${r.watchers} watchers: delivery p95 ≤ ${DELIVERY_OVER_LISTING}× the default listing's REST p95 in the same run`,
      reached:
        listingP95Ms === null
          ? `delivery p95 ${delivery.p95} ms (no listing p95 to compare with)`
          : `delivery p95 ${delivery.p95} ms = ${(delivery.p95 / listingP95Ms).toFixed(2)}× the listing's ${listingP95Ms} ms`,
      ok: listingP95Ms === null ? null : delivery.p95 <= DELIVERY_OVER_LISTING * listingP95Ms,
    },
    {
      target: `(${r.watchers} watchers: delivery p95 over the fan-out floor's, the same traffic through a bare server in the same run)`,
      reached: `${delivery.p95} ms ÷ ${r.floor.delivery.p95} ms = ${(delivery.p95 / r.floor.delivery.p95).toFixed(2)}×; the floor alone is ${listingP95Ms === null ? "–" : (r.floor.delivery.p95 / listingP95Ms).toFixed(2)}× the listing's REST p95`,
      ok: null,
    },
    {
      target: `${r.watchers} watchers: ≤ ${IDLE_KB_PER_WATCHER} kB of apps/api RSS per idle watcher`,
      reached: `${r.rss.perIdleWatcherKb} kB (${r.rss.beforeKb} → ${r.rss.idleKb} kB with ${r.opened} streams open)`,
      ok: r.opened === r.watchers && r.rss.perIdleWatcherKb <= IDLE_KB_PER_WATCHER,
    },
    {
      target: `${r.watchers} watchers: 0 lost or repeated events (every view equals a fresh list at the end)`,
      reached: `${check.viewsEqual} of ${r.watchers} views equal; ${lost} clusters differ, ${check.eventsMissing} events missing, ${check.repeated} repeated; probes ${r.probes.arrivals} of ${r.probes.expectedArrivals} arrivals; failed opens: ${causes(r.failedOpens)}`,
      ok: faults(r) === 0 && lost === 0,
    },
  ];
}

export function watchersMarkdown(r: WatchersResult, listingP95Ms: number | null): string[] {
  const { check, live, probes, delivery, simulation: sim } = r;
  const lines = [
    `## Change stream: ${r.watchers} watchers on one apps/api`,
    "",
    `${r.opened} of ${r.watchers} streams opened (${r.keys} API keys), one undici client each in one process, every one from its filter's list revision, all following account ${r.account.id} (${r.account.clusters.toLocaleString("en-US")} clusters; the seeded account closest to ${WATCHED_CLUSTERS.toLocaleString("en-US")}). Write load (\`fleet simulate\`'s writers on that account, in a process of their own): ${JSON.stringify(r.rates)}; it committed ${sim.committed} transactions (${sim.rows.inserted} rows inserted, ${sim.rows.updated} updated, ${sim.rows.deleted} deleted) in ${(sim.elapsedMs / 1000).toFixed(0)} s. Beside it a probe writer changed one of ${probes.clusters} clusters of its own every ${probes.everyMs} ms (${probes.written} written, ${probes.failed} failed), each seen by every stream whose filter holds it.`,
    "",
    "| filter | streams | clusters at start → end | changed | change events per stream |",
    "|---|---|---|---|---|",
    ...r.filters.map(
      (f) =>
        `| ${f.name} | ${f.watchers} | ${f.startClusters} → ${f.endClusters} | ${f.changed} | ${f.eventsPerWatcher} |`,
    ),
    "",
    `- Delivery, probe COMMIT returned → event parsed by the client (${delivery.n} arrivals): p50 ${delivery.p50} ms, p95 ${delivery.p95} ms, p99 ${delivery.p99} ms, max ${delivery.max} ms${listingP95Ms === null ? "" : `; the default listing's REST p95 in this run: ${listingP95Ms} ms`}. The clients' process was at ${live.clientCpuPercent}% of a core (timer delay p99 ${live.clientLoopDelayP99Ms} ms), apps/api at ${live.serverCpuPercent}%.`,
    `- Per probe write, the first stream to receive it: p50 ${delivery.firstStream.p50} ms, p95 ${delivery.firstStream.p95} ms; the last: p50 ${delivery.lastStream.p50} ms, p95 ${delivery.lastStream.p95} ms (between them, the fan-out to every stream and its parsing in the clients' one process).`,
    `- The fan-out floor, after the streams closed: a bare node:http server in its own process (no database, no filters) sent ${r.floor.options.watchers} streams of the same clients ${r.floor.options.eventsPerSecondPerStream.toFixed(0)} events/s each of ${r.floor.options.eventBytes} characters, written once per ${r.floor.options.tickMs} ms tick as the hub does, and a probe event to every stream every ${r.floor.options.probeEveryMs} ms, for ${(r.floor.options.durationMs / 1000).toFixed(0)} s (${r.floor.eventsPerSecond} events/s delivered; probe arrivals ${r.floor.arrivals} of ${r.floor.expectedArrivals}). Probe sent → parsed: p50 ${r.floor.delivery.p50} ms, p95 ${r.floor.delivery.p95} ms, p99 ${r.floor.delivery.p99} ms; first stream p50 ${r.floor.delivery.firstStream.p50} ms, last stream p50 ${r.floor.delivery.lastStream.p50} ms. Fleet's delivery p95 is ${(delivery.p95 / r.floor.delivery.p95).toFixed(2)}× the floor's.`,
    `- Delivered: ${live.eventsPerSecond} change events/s over all streams (${live.changeEvents} in ${(live.ms / 1000).toFixed(1)} s, ${live.distinctEvents} distinct changes; ${live.heartbeats} heartbeats).`,
    `- apps/api RSS: ${r.rss.beforeKb} kB before the streams opened, ${r.rss.idleKb} kB with them open and idle (medians of readings): ${r.rss.perIdleWatcherKb} kB per idle stream; peak ${r.rss.peakMb} MB while this ran.`,
    `- Streams ended by the server and resumed from their last id: ${r.serverEnds}; failed opens: ${causes(r.failedOpens)}.`,
    `- End check: ${check.caughtUp} of ${r.watchers} streams caught up with a fresh list of their filter; ${check.viewsEqual} views equal to it field for field (clusters differing: ${check.lost.missing} missing, ${check.lost.stale} stale, ${check.lost.extra} extra); against their filter's common sequence ${check.eventsMissing} events missing and ${check.eventsExtra} extra; ${check.repeated} repeated or out of order; ${check.inconsistent} payloads differing between streams; probe arrivals ${probes.arrivals} of ${probes.expectedArrivals}.`,
  ];
  return lines;
}
