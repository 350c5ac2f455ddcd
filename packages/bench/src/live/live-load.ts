// The live write load: `fleet simulate` on the big account at a stated, realistic rate, printed
// with the results. While it writes, the live matrix runs and a probe checks count exactness.
import type { SimulationOptions, SimulationStats } from "@fleet/db/simulate";
import type pg from "pg";
import type { PreparedQuery, Runner } from "../paths.ts";
import { type ExactnessResult, startExactnessProbe } from "./count-exactness.ts";
import { type LiveLatencyRow, measureLiveMatrix } from "./live-matrix.ts";
import { startSimulationProcess } from "./simulation-process.ts";

/** What the services that own the big account's clusters do per second, for the live phases. */
export const LIVE_RATES = {
  metricsEveryMs: 60_000,
  transitionsPerSecond: 20,
  createsPerSecond: 2,
  deletesPerSecond: 2,
  editsPerSecond: 1,
  rollbackRate: 0.02,
  writers: 4,
} as const satisfies SimulationOptions;

export interface LiveLoadResult {
  rates: typeof LIVE_RATES;
  simulation: SimulationStats;
  latency: LiveLatencyRow[];
  exactness: ExactnessResult;
}

export async function measureUnderLiveLoad(opts: {
  databaseUrl: string;
  pool: pg.Pool;
  apiUrl: string;
  bigAccount: { id: string; apiKey: string };
  rest: Runner;
  queries: { account: string; query: PreparedQuery }[];
  iterations: number;
  log: (line: string) => void;
}): Promise<LiveLoadResult> {
  const simulation = await startSimulationProcess(opts.databaseUrl, {
    ...LIVE_RATES,
    accounts: [opts.bigAccount.id],
    seed: "bench-live",
  });
  opts.log(`simulating ${simulation.accounts[0]?.clusters ?? 0} clusters: ${JSON.stringify(LIVE_RATES)}`);
  try {
    // The writers reach their pace before the first measurement.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const probe = await startExactnessProbe({
      pool: opts.pool,
      apiUrl: opts.apiUrl,
      apiKey: opts.bigAccount.apiKey,
      accountId: opts.bigAccount.id,
    });
    const latency = await measureLiveMatrix({ ...opts, between: probe.step }).catch(async (error) => {
      await probe.finish();
      throw error;
    });
    const exactness = await probe.finish();
    return { rates: LIVE_RATES, latency, exactness, simulation: await simulation.stop() };
  } finally {
    await simulation.stop();
  }
}
