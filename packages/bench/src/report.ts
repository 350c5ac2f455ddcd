// The results file (JSON) and its markdown rendering, including a verdict per performance target.
import { type LiveResults, liveMarkdown, liveVerdicts } from "./live/live-report.ts";
import type { Percentiles } from "./stats.ts";
import { CODED_API, FLOOR, type Throughput, WHOLE_REQUEST_FLOOR } from "./throughput.ts";

export interface LatencyRow {
  account: string;
  query: string;
  rows: number;
  floor: Percentiles;
  inProcess: Percentiles;
  trpc: Percentiles;
  rest: Percentiles;
  /** The count on a count-cache miss (first request after a write): counters or count(*). */
  coldCount: Percentiles | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: "quick" | "full" | "quick-live" | "live";
  machine: Record<string, unknown>;
  database: Record<string, unknown>;
  accounts: { label: string; id: string; clusters: number }[];
  latency: LatencyRow[];
  throughput: Throughput[];
  peakRssMb: Record<string, number>;
  notes: string[];
  /** `--live`: the same database while the fleet is written. */
  live?: LiveResults;
}

/** apps/api REST at c=64 over the floor, at least. */
const API_OVER_FLOOR = 0.5;
/** The portal's REST at c=64 over a trivial Next.js route, at least. */
const PORTAL_OVER_TRIVIAL = 0.6;
/** apps/api peak RSS under the throughput load, at most (MB). */
const API_PEAK_RSS_MB = 200;
/** Search rare over the default listing, on the floor and through REST, at most. */
const RARE_OVER_DEFAULT = 3;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

const ms = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : "–");

/** One performance target, what the run reached, and whether that meets it (null: no target). */
export interface Verdict {
  target: string;
  reached: string;
  ok: boolean | null;
}

export function verdicts(r: BenchResults): Verdict[] {
  const big = r.latency.filter((l) => l.account === "big");
  const out: Verdict[] = [];
  const isCursor = (l: LatencyRow) => l.query.startsWith("cursor");
  const isOffset = (l: LatencyRow) => l.query.startsWith("offset");
  const matrix = big.filter((l) => !isCursor(l) && !isOffset(l));
  const worst = matrix.reduce((a, b) => (b.rest.p95 > a.rest.p95 ? b : a), matrix[0] as LatencyRow);
  if (worst) {
    out.push({
      target: "big account: every matrix query REST p95 ≤ 30 ms (with exact X-Total-Count)",
      reached: `worst: ${worst.query} ${worst.rest.p95} ms`,
      ok: worst.rest.p95 <= 30,
    });
    const cold = big
      .filter((l) => l.coldCount)
      .reduce<LatencyRow | null>(
        (a, b) => (!a || (b.coldCount?.p95 ?? 0) > (a.coldCount?.p95 ?? 0) ? b : a),
        null,
      );
    if (cold?.coldCount) {
      out.push({
        target: "(count on a cache miss: first request of a filter after a write to the account)",
        reached: `worst cold count: ${cold.query} p95 ${cold.coldCount.p95} ms`,
        ok: cold.coldCount.p95 <= 30,
      });
    }
  }
  for (const account of new Set(r.latency.map((l) => l.account))) {
    const row = (query: string) => r.latency.find((l) => l.account === account && l.query === query);
    const rare = row("search rare");
    const plain = row("default listing");
    if (!rare || !plain) continue;
    const floorRatio = rare.floor.p95 / plain.floor.p95;
    const restRatio = rare.rest.p95 / plain.rest.p95;
    out.push({
      target: `${account} account: search rare p95 ≤ ${RARE_OVER_DEFAULT}× the default listing's (floor and REST)`,
      reached: `floor ${rare.floor.p95} / ${plain.floor.p95} ms = ${floorRatio.toFixed(2)}×; REST ${rare.rest.p95} / ${plain.rest.p95} ms = ${restRatio.toFixed(2)}×`,
      ok: floorRatio <= RARE_OVER_DEFAULT && restRatio <= RARE_OVER_DEFAULT,
    });
  }
  // Every cursor row counts; the worst one decides.
  const cursor = big.filter(isCursor).sort((a, b) => b.rest.p95 - a.rest.p95)[0];
  if (cursor) {
    out.push({
      target: "big account: cursor paging REST p95 ≤ 5 ms at depth",
      reached: `worst: ${cursor.query} ${cursor.rest.p95} ms`,
      ok: cursor.rest.p95 <= 5,
    });
  }
  const offset = big.find(isOffset);
  if (offset) {
    out.push({
      target: "big account: offset page 1,000 REST p95 ≤ 60 ms",
      reached: `${offset.rest.p95} ms`,
      ok: offset.rest.p95 <= 60,
    });
  }
  const at = (target: string, account: string, c: number) =>
    r.throughput.find((t) => t.target === target && t.account === account && t.connections === c);
  const floor = at(FLOOR, "typical", 64);
  const whole = at(WHOLE_REQUEST_FLOOR, "typical", 64);
  const api = at("apps/api", "typical", 64);
  if (floor && api) {
    // One decimal: a 49.8% must not print as the 50% it misses.
    const share = (t: Throughput) => `${((100 * (api.requestsPerSec ?? 0)) / t.requestsPerSec).toFixed(1)}%`;
    out.push({
      target: `typical account, apps/api REST c=64: no errors, ≥ ${percent(API_OVER_FLOOR)} of the floor`,
      reached: `${api.requestsPerSec} req/s = ${share(floor)} of ${floor.requestsPerSec} (errors ${api.errors}, non-2xx ${api.non2xx})${whole ? `; ${share(whole)} of the whole-request floor (${whole.requestsPerSec}: + key lookup with its rate-limit count)` : ""}`,
      ok: api.errors === 0 && api.non2xx === 0 && api.requestsPerSec >= API_OVER_FLOOR * floor.requestsPerSec,
    });
  }
  const coded = at(CODED_API, "typical", 64);
  if (floor && coded) {
    // No target of its own: what compressing every answer costs, beside the uncoded figure above.
    out.push({
      target: "typical account, apps/api REST c=64 asking `Accept-Encoding: br, gzip` (answers coded in br)",
      reached: `${coded.requestsPerSec} req/s = ${((100 * coded.requestsPerSec) / floor.requestsPerSec).toFixed(1)}% of the floor (errors ${coded.errors}, non-2xx ${coded.non2xx})`,
      ok: null,
    });
  }
  const next = at("apps/web (pnpm start)", "typical", 64);
  const trivial = at("next trivial route", "-", 64);
  const portalTarget = `typical account, Next.js REST c=64: ≥ ${percent(PORTAL_OVER_TRIVIAL)} of a trivial Next.js route`;
  if (next && trivial) {
    out.push({
      target: portalTarget,
      reached: `${next.requestsPerSec} req/s = ${Math.round((100 * next.requestsPerSec) / trivial.requestsPerSec)}% of ${trivial.requestsPerSec} (errors ${next.errors}, non-2xx ${next.non2xx})`,
      ok:
        next.errors === 0 &&
        next.non2xx === 0 &&
        next.requestsPerSec >= PORTAL_OVER_TRIVIAL * trivial.requestsPerSec,
    });
  } else {
    out.push({
      target: portalTarget,
      reached: "not run (no apps/web build)",
      ok: null,
    });
  }
  const rss = r.peakRssMb["apps/api"];
  if (rss !== undefined) {
    out.push({
      target: `apps/api peak RSS ≤ ${API_PEAK_RSS_MB} MB under that load`,
      reached: `${rss} MB`,
      ok: rss <= API_PEAK_RSS_MB,
    });
  }
  if (r.live) out.push(...liveVerdicts(r.live, r.latency));
  return out;
}

export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`# Fleet bench — ${r.mode} run, ${r.startedAt}`, "");
  lines.push(`Command: \`${r.command}\``, "");
  lines.push(
    `Machine: ${Object.entries(r.machine)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
  );
  lines.push(
    `Database: ${Object.entries(r.database)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
    "> The database is vacuumed and analyzed before the run (after its load, or after earlier runs' writes), as an operator's would be.",
    "",
  );
  lines.push(
    `Accounts: ${r.accounts.map((a) => `${a.label} ${a.id} (${a.clusters.toLocaleString("en-US")} clusters)`).join("; ")}`,
    "",
  );
  for (const note of r.notes) lines.push(`> ${note}`, "");
  lines.push("## Targets", "", "| target | reached | |", "|---|---|---|");
  for (const v of verdicts(r))
    lines.push(`| ${v.target} | ${v.reached} | ${v.ok === null ? "–" : v.ok ? "✅" : "❌"} |`);
  lines.push("", "## Latency (ms, p50 / p95 / p99; ratio = REST p95 ÷ floor p95)", "");
  lines.push(
    "| account | query | rows | floor (pg) | in-process | tRPC (@fleet/client) | REST | ratio | cold count p95 |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|");
  for (const l of r.latency) {
    lines.push(
      `| ${l.account} | ${l.query} | ${l.rows} | ${ms(l.floor)} | ${ms(l.inProcess)} | ${ms(l.trpc)} | ${ms(l.rest)} | ${ratio(l.rest.p95, l.floor.p95)} | ${l.coldCount ? l.coldCount.p95 : "–"} |`,
    );
  }
  lines.push("", "## Throughput (REST default listing; autocannon, loopback)", "");
  lines.push(
    'Rows with several "runs": the median of runs taken in turn with the rows they are compared with (each run\'s req/s listed); errors and non-2xx summed over all runs.',
  );
  lines.push("");
  lines.push("| target | account | connections | req/s | runs | errors | non-2xx | p50 ms | p99 ms |");
  lines.push("|---|---|---|---|---|---|---|---|---|");
  for (const t of r.throughput) {
    lines.push(
      `| ${t.target} | ${t.account} | ${t.connections} | ${t.requestsPerSec} | ${t.rounds?.join(", ") ?? "1 run"} | ${t.errors} | ${t.non2xx} | ${t.latencyP50Ms} | ${t.latencyP99Ms} |`,
    );
  }
  lines.push("", "## Peak RSS", "");
  for (const [name, mb] of Object.entries(r.peakRssMb)) lines.push(`- ${name}: ${mb} MB`);
  if (r.live) lines.push("", ...liveMarkdown(r.live, r.latency));
  return `${lines.join("\n")}\n`;
}

/** The README's "latest results" block: machine, command and the verdict per target. */
export function readmeBlock(r: BenchResults, resultsFile: string): string {
  const lines = [
    `Latest: \`${r.command}\` (${r.mode}), ${r.startedAt}, on ${r.machine.cpu}, ${r.machine.memory}, Node ${r.machine.node}, PostgreSQL ${r.database.postgres} (${r.database.server}); load average ${r.machine["load average before"]} before, ${r.machine["load average after"]} after (the machine is shared). Full tables: [${resultsFile}](${resultsFile}).`,
    "",
    "| target | reached | |",
    "|---|---|---|",
    ...verdicts(r).map((v) => `| ${v.target} | ${v.reached} | ${v.ok === null ? "–" : v.ok ? "✅" : "❌"} |`),
  ];
  return lines.join("\n");
}
