// `pnpm bench --live`: after the static figures, the same database while the fleet moves. The
// phases run one after another, each alone on the machine: the first count after a write (nothing
// else writing), the matrix under the simulator's write load with count exactness checked, 1,000
// change streams, and last the writers with count maintenance on and off (their off runs turn the
// change log off for the whole table, so nothing else may run beside them).
import type pg from "pg";
import type { BenchAccount } from "../accounts.ts";
import type { PreparedQuery, Runner } from "../paths.ts";
import type { LatencyRow } from "../report.ts";
import type { BenchServer } from "../servers.ts";
import { type FirstCountRow, measureFirstCounts } from "./first-count.ts";
import { LIVE_RATES, measureUnderLiveLoad } from "./live-load.ts";
import type { LiveResults } from "./live-report.ts";
import { measureWatchers } from "./watchers.ts";
import { measureCountMaintenance } from "./writers.ts";
import { writersAccount } from "./writers-account.ts";

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
  const firstCounts: FirstCountRow[] = [];
  for (const account of o.accounts) {
    o.log(`first counts after a write: ${account.label}`);
    firstCounts.push(
      ...(await measureFirstCounts({
        pool: o.pool,
        rest: o.rest,
        account,
        queries: o.prepared.get(account.label) ?? [],
        samples: o.quick ? 10 : 40,
      })),
    );
  }
  const load = await measureUnderLiveLoad({
    databaseUrl: o.databaseUrl,
    pool: o.pool,
    apiUrl: o.api.url,
    bigAccount: big,
    rest: o.rest,
    queries,
    iterations: o.quick ? 30 : 200,
    log: o.log,
  });
  const watchers = await measureWatchers({
    apiUrl: o.api.url,
    apiPid: o.api.pid,
    databaseUrl: o.databaseUrl,
    accountId: big.id,
    watchers: 1_000,
    durationMs: o.quick ? 15_000 : 60_000,
    simulation: LIVE_RATES,
    heartbeatMs: LIVE_HEARTBEAT_MS,
    log: o.log,
  });
  const account = await writersAccount(o.databaseUrl);
  o.log(`writers on ${account.id} (${account.clusters} clusters)`);
  const writers = await measureCountMaintenance(o.databaseUrl, {
    accountId: account.id,
    turns: o.quick ? 1 : 3,
    durationMs: o.quick ? 3_000 : 5_000,
    log: o.log,
  });
  return { load, firstCounts, watchers, writers };
}
