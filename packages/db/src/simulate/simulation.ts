// `startSimulation(pool | url, options)`: stand-ins for the services that own clusters, writing
// to the "clusters" table directly (plain SQL over pg, their own transactions), so everything that
// follows the table sees changes the way it will in production, not only changes made by Fleet.
import pg from "pg";
import { Rng } from "../seed/prng.ts";
import { FleetModel } from "./fleet-model.ts";
import { type LoadedAccount, loadAccount, resolveAccounts } from "./load.ts";
import { type ResolvedOptions, resolveOptions, type SimulationOptions } from "./options.ts";
import { TickPlanner } from "./plan-tick.ts";
import { type SimulationStats, StatsRecorder } from "./stats.ts";
import { runWriter, type WriterSetup } from "./writer.ts";

export interface SimulatedAccount {
  id: string;
  name: string;
  /** Clusters at the start. */
  clusters: number;
}

export interface Simulation {
  accounts: SimulatedAccount[];
  options: ResolvedOptions;
  stats(): SimulationStats;
  /** Lets the transactions in flight finish, then resolves with the final stats. */
  stop(): Promise<SimulationStats>;
  /** Resolves with the final stats once the simulation has stopped (after `durationMs` or `stop()`). */
  done: Promise<SimulationStats>;
}

/** An account's writers: each owns every `writers`-th cluster (by id) and its share of each rate. */
function writersOf(
  account: LoadedAccount,
  options: ResolvedOptions,
  pool: pg.Pool,
  stats: StatsRecorder,
): WriterSetup[] {
  const { writers, tickMs } = options;
  const models = Array.from({ length: writers }, () => new FleetModel());
  for (const [i, cluster] of account.clusters.entries()) models[i % writers]?.add(cluster);
  const rates = {
    transitionsPerSecond: options.transitionsPerSecond / writers,
    createsPerSecond: options.createsPerSecond / writers,
    deletesPerSecond: options.deletesPerSecond / writers,
    editsPerSecond: options.editsPerSecond / writers,
    metricsEveryMs: options.metricsEveryMs,
  };
  return models.map((model, w) => {
    const seed = `${options.seed}/${account.plan.account.id}/${w}`;
    const rng = new Rng(seed);
    return {
      pool,
      planner: new TickPlanner(account, model, rng, rates, `${seed}/create`),
      rng,
      rollbackRate: options.rollbackRate,
      tickMs,
      saturate: options.saturate,
      startDelayMs: (w * tickMs) / writers,
      stats,
    };
  });
}

/**
 * Starts writing as soon as the accounts are loaded. With a URL the simulation opens its own pool
 * (one connection per writer) and closes it when it stops; a pool given to it stays open and
 * should allow `writers` × accounts connections, or writers wait for each other.
 */
export async function startSimulation(
  database: pg.Pool | string,
  options: SimulationOptions = {},
): Promise<Simulation> {
  const resolved = resolveOptions(options);
  const { writers } = resolved;
  const ownPool = typeof database === "string";
  const connections = writers * (resolved.accounts?.length ?? 1);
  const pool = ownPool
    ? new pg.Pool({ connectionString: database, max: connections, application_name: "fleet-simulate" })
    : database;
  if (ownPool) {
    // A connection the server terminates (an administrator, a dropped database) fails the statement
    // it runs, which the writer counts; it must not also be an uncaught error of an idle or ending
    // client, which pg emits on the client itself.
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
  }
  try {
    const accountRows = await resolveAccounts(pool, resolved.accounts);
    const nowMs = Date.now();
    const loaded = await Promise.all(accountRows.map((account) => loadAccount(pool, account, nowMs)));

    const stats = new StatsRecorder();
    const abort = new AbortController();
    // A writer that fails (a bug, not a database error: those are counted) stops the others too.
    const runs = loaded.flatMap((account) =>
      writersOf(account, resolved, pool, stats).map((writer) =>
        runWriter(writer, abort.signal).catch((error: unknown) => {
          abort.abort();
          throw error;
        }),
      ),
    );
    const timer =
      resolved.durationMs === undefined ? undefined : setTimeout(() => abort.abort(), resolved.durationMs);
    const done = Promise.allSettled(runs).then(async (settled) => {
      clearTimeout(timer);
      stats.stop();
      if (ownPool) await pool.end();
      const failure = settled.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
      return stats.snapshot();
    });
    return {
      accounts: loaded.map((account) => ({
        id: account.plan.account.id,
        name: account.plan.account.name,
        clusters: account.clusters.length,
      })),
      options: resolved,
      stats: () => stats.snapshot(),
      stop: () => {
        abort.abort();
        return done;
      },
      done,
    };
  } catch (error) {
    if (ownPool) await pool.end();
    throw error;
  }
}
