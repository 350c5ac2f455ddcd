import {
  DEFAULT_OPTIONS,
  MAX_RATE_PER_SECOND,
  MAX_WRITERS,
  type Simulation,
  type SimulationStats,
  startSimulation,
  UnknownAccountError,
} from "@fleet/db/simulate";
import { type Command, InvalidArgumentError } from "commander";
import { withDb } from "../database.ts";
import { UsageError } from "../errors.ts";
import { createOutput } from "../output.ts";
import { parseInteger, parseList } from "../parse.ts";

const SUMMARY_EVERY_MS = 10_000;
const PER_SECOND = { s: 1, m: 1 / 60, h: 1 / 3600 } as const;
const INTERVAL_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "20/s", "90/m", "500/h" (a bare number is per second) → per second. */
function parseRate(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/([smh]))?$/.exec(value);
  const rate = match
    ? Number(match[1]) * PER_SECOND[(match[2] ?? "s") as keyof typeof PER_SECOND]
    : Number.NaN;
  if (!(rate >= 0 && rate <= MAX_RATE_PER_SECOND))
    throw new InvalidArgumentError(
      `must be a rate like 20/s, 90/m or 500/h (at most ${MAX_RATE_PER_SECOND}/s).`,
    );
  return rate;
}

/** "30s", "10m", "1h" → milliseconds. */
function parseInterval(value: string): number {
  const match = /^(\d+)([smh])$/.exec(value);
  const ms = match ? Number(match[1]) * INTERVAL_MS[match[2] as keyof typeof INTERVAL_MS] : Number.NaN;
  if (!(ms > 0 && Number.isSafeInteger(ms)))
    throw new InvalidArgumentError("must be a positive duration like 30s, 10m or 1h.");
  return ms;
}

/** "2%" → 0.02. */
function parsePercent(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const share = match ? Number(match[1]) / 100 : Number.NaN;
  if (!(share >= 0 && share <= 1))
    throw new InvalidArgumentError("must be a percentage from 0% to 100%, like 2%.");
  return share;
}

/** --account may be repeated and each may be a comma-separated list. */
const collectAccounts = (value: string, previous: string[] = []) => [
  ...new Set([...previous, ...parseList(value)]),
];

interface SimulateOptions {
  account?: string[];
  rate?: number;
  creates?: number;
  deletes?: number;
  edits?: number;
  metricsEvery?: number;
  writers?: number;
  rollbackRate?: number;
  duration?: number;
  seed?: string;
}

const perSecond = (rate: number) => `${Number(rate.toFixed(3))}/s`;
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))}s`;

function startLines(simulation: Simulation): string[] {
  const o = simulation.options;
  const accounts = simulation.accounts
    .map((a) => `${a.id} (${a.name}, ${a.clusters.toLocaleString("en-US")} clusters)`)
    .join(", ");
  const each = simulation.accounts.length > 1 ? " each" : "";
  return [
    `Simulating ${accounts} with ${o.writers} writer${o.writers === 1 ? "" : "s"}${each}, seed ${o.seed}, ${
      o.durationMs === undefined ? "until SIGINT/SIGTERM" : `for ${seconds(o.durationMs)}`
    }:`,
    `  transitions ${perSecond(o.transitionsPerSecond)}, creates ${perSecond(o.createsPerSecond)}, deletes ${perSecond(
      o.deletesPerSecond,
    )}, edits ${perSecond(o.editsPerSecond)}${each}; metrics of running clusters every ${seconds(
      o.metricsEveryMs,
    )}; ${Number((o.rollbackRate * 100).toFixed(2))}% of transactions rolled back on purpose`,
  ];
}

function summaryLine(stats: SimulationStats): string {
  const { rows, latencyMs, errors } = stats;
  const failed = errors.deadlocks + errors.serializationFailures + errors.other;
  return [
    `${stats.committed} transactions committed, ${stats.rolledBack} rolled back on purpose`,
    `${stats.transitions} transitions (${perSecond(stats.transitions / Math.max(1, stats.elapsedMs / 1000))})`,
    `rows +${rows.inserted} ~${rows.updated} -${rows.deleted}`,
    `latency p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms`,
    `${errors.deadlocks} deadlocks, ${errors.serializationFailures} serialization failures (${stats.retried} retried), ${errors.other} other errors`,
    ...(failed > stats.retried && stats.lastError ? [`last error: ${stats.lastError}`] : []),
  ].join("; ");
}

export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description(
      "Write to the clusters table as the services that own clusters do (plain SQL, their own transactions) until stopped",
    )
    .option(
      "--account <ids>",
      "account(s) to simulate, repeatable or comma-separated (default: the one with the most clusters)",
      collectAccounts,
    )
    .option(
      "--rate <n/s>",
      `status transitions per second, e.g. 20/s or 600/m (default: ${DEFAULT_OPTIONS.transitionsPerSecond}/s)`,
      parseRate,
    )
    .option(
      "--creates <n/s>",
      `new clusters per second (default: ${DEFAULT_OPTIONS.createsPerSecond}/s)`,
      parseRate,
    )
    .option(
      "--deletes <n/s>",
      `deletions of stopped or failed clusters per second (default: ${DEFAULT_OPTIONS.deletesPerSecond}/s)`,
      parseRate,
    )
    .option(
      "--edits <n/s>",
      `changes of name, description, project, template, expiry or size per second (default: ${DEFAULT_OPTIONS.editsPerSecond}/s)`,
      parseRate,
    )
    .option(
      "--metrics-every <interval>",
      `refresh every running cluster's metrics and cost once per interval, e.g. 30s, 1m (default: ${seconds(DEFAULT_OPTIONS.metricsEveryMs)})`,
      parseInterval,
    )
    .option(
      "--writers <n>",
      `concurrent connections per account, splitting its clusters and rates (default: ${DEFAULT_OPTIONS.writers})`,
      parseInteger(1, MAX_WRITERS),
    )
    .option(
      "--rollback-rate <percent>",
      `share of transactions that fail midway and roll back (default: ${DEFAULT_OPTIONS.rollbackRate * 100}%)`,
      parsePercent,
    )
    .option(
      "--duration <interval>",
      "stop after e.g. 30s, 10m, 1h (default: until SIGINT/SIGTERM)",
      parseInterval,
    )
    .option("--seed <s>", `seed of every choice (default: ${DEFAULT_OPTIONS.seed})`)
    .action(async (options: SimulateOptions, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (_db, url) => {
        const simulation = await startSimulation(url, {
          accounts: options.account,
          transitionsPerSecond: options.rate,
          createsPerSecond: options.creates,
          deletesPerSecond: options.deletes,
          editsPerSecond: options.edits,
          metricsEveryMs: options.metricsEvery,
          writers: options.writers,
          rollbackRate: options.rollbackRate,
          durationMs: options.duration,
          seed: options.seed,
        }).catch((error: unknown) => {
          throw error instanceof UnknownAccountError
            ? new UsageError(`${error.message} (see \`fleet accounts list\`)`)
            : error;
        });
        for (const line of startLines(simulation)) out.info(line);
        const stop = () => void simulation.stop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        const progress = setInterval(() => {
          const stats = simulation.stats();
          out.info(`[${seconds(stats.elapsedMs)}] ${summaryLine(stats)}`);
        }, SUMMARY_EVERY_MS);
        try {
          const stats = await simulation.done;
          out.result({ accounts: simulation.accounts, options: simulation.options, stats }, () => [
            `Stopped after ${seconds(stats.elapsedMs)}: ${summaryLine(stats)}`,
          ]);
        } finally {
          clearInterval(progress);
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
        }
      });
    });
}
