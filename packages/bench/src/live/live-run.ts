// `pnpm bench --live`: after the static figures, the same database while the fleet moves. The
// phases run one after another, each alone on the machine: the first count after a write (nothing
// else writing), the matrix under the simulator's write load with count exactness checked, 1,000
// change streams, the listing across account sizes, and last the writers with
// count maintenance on and off (their off runs turn the change log off for the whole table, so
// nothing else may run beside them).
import type pg from "pg";
import type { BenchAccount } from "../accounts.ts";
import { vacuumAnalyze } from "../database.ts";
import type { PreparedQuery, Runner } from "../paths.ts";
import type { LatencyRow } from "../report.ts";
import type { BenchServer } from "../servers.ts";
import { GROWTH_ITERATIONS, measureAccountGrowth } from "./account-growth.ts";
import { type FirstCountRow, measureFirstCounts } from "./first-count.ts";
import { growthSizes } from "./growth-accounts.ts";
import { LIVE_RATES, measureUnderLiveLoad } from "./live-load.ts";
import type { LiveResults } from "./live-report.ts";
import { measureWatchers } from "./watchers.ts";
import { watchersAccount } from "./watchers-account.ts";
import { measureCountMaintenance } from "./writers.ts";
import { writersAccount } from "./writers-account.ts";

/** Samples of each filter's first count after a write (a p95 over 100 is their fifth largest). */
const FIRST_COUNT_SAMPLES = 100;

/** The servers' FLEET_WATCH_HEARTBEAT_MS in the live run: bounds the watchers' wait at the end. */
export const LIVE_HEARTBEAT_MS = 1_000;

export interface LiveRunOptions {
  databaseUrl: string;
  pool: pg.Pool;
  /** apps/api started for the live phases, with LIVE_HEARTBEAT_MS. */
  api: BenchServer;
  rest: Runner;
  accounts: BenchAccount[];
  prepared: Map<string, PreparedQuery[]>;
  /** The static run's figures. */
  latency: LatencyRow[];
  quick: boolean;
  log: (line: string) => void;
}

export async function runLivePhases(o: LiveRunOptions): Promise<LiveResults> {
  const big = o.accounts.find((a) => a.label === "big");
  if (!big) throw new Error("the live run needs the big account");
  const queries = o.accounts.flatMap((account) =>
    (o.prepared.get(account.label) ?? []).map((query) => ({ account: account.label, query })),
  );
  const results: LiveResults = { failed: [] };
  // A phase that fails is reported as such, and the next still runs: a long run keeps what it measured.
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      o.log(`live phase "${name}" failed: ${error}`);
      results.failed.push({ phase: name, error });
      return undefined;
    }
  };
  results.firstCounts = await phase("first count after a write", async () => {
    const rows: FirstCountRow[] = [];
    for (const account of o.accounts) {
      o.log(`first counts after a write: ${account.label}`);
      rows.push(
        ...(await measureFirstCounts({
          pool: o.pool,
          rest: o.rest,
          account,
          queries: o.prepared.get(account.label) ?? [],
          samples: o.quick ? 10 : FIRST_COUNT_SAMPLES,
        })),
      );
    }
    return rows;
  });
  results.load = await phase("the matrix under write load", () =>
    measureUnderLiveLoad({
      databaseUrl: o.databaseUrl,
      pool: o.pool,
      apiUrl: o.api.url,
      bigAccount: big,
      rest: o.rest,
      queries,
      iterations: o.quick ? 30 : 200,
      log: o.log,
    }),
  );
  results.watchers = await phase("1,000 change streams", async () =>
    measureWatchers({
      apiUrl: o.api.url,
      apiPid: o.api.pid,
      databaseUrl: o.databaseUrl,
      account: await watchersAccount(o.databaseUrl),
      watchers: 1_000,
      durationMs: o.quick ? 15_000 : 60_000,
      simulation: LIVE_RATES,
      heartbeatMs: LIVE_HEARTBEAT_MS,
      log: o.log,
    }),
  );
  results.growth = await phase("the listing across account sizes", () =>
    measureAccountGrowth({
      databaseUrl: o.databaseUrl,
      rest: o.rest,
      accounts: o.accounts,
      growthSizes: growthSizes(o.quick),
      iterations: GROWTH_ITERATIONS,
      log: o.log,
    }),
  );
  results.writers = await phase("writers with count maintenance on and off", async () => {
    // The phases before wrote the big account for minutes: their autovacuum would run beside the
    // writers, on one side of the comparison or the other, so it runs to its end first.
    const started = performance.now();
    await vacuumAnalyze(o.databaseUrl);
    const account = await writersAccount(o.databaseUrl);
    o.log(
      `writers on ${account.id} (${account.clusters} clusters), after VACUUM ANALYZE (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return measureCountMaintenance(o.databaseUrl, {
      accountId: account.id,
      // Five per side, so that one slow run on either side does not decide the ratio.
      turns: o.quick ? 1 : 5,
      durationMs: o.quick ? 3_000 : 5_000,
      log: o.log,
    });
  });
  return results;
}
